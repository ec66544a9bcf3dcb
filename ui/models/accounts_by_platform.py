"""The accounts tree grouped by platform kind, then platform (with its last sync), then account.

The other grouping (by member) lives in ``accounts_tree.build_nodes``; both arrange one snapshot.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from ui.models.accounts_tree import AccountsRow, AccountsSnapshot
from ui.models.overview import stale_platforms
from ui.models.tree_model import Node


def _unfinished() -> str:
    return QCoreApplication.translate("AccountsTree", "The last sync did not finish")


KIND_ORDER = ("bank", "payment_wallet", "money_market", "credit", "ecommerce", "ecny_wallet", "fx_account")


def _last_syncs(snapshot: AccountsSnapshot) -> dict[int, datetime | None]:
    """platform id -> the oldest last good sync over its connections (None: one never synced)."""
    times: dict[int, list[datetime | None]] = {}
    for conn in snapshot.connections:
        times.setdefault(conn.platform_id, []).append(conn.last_sync_at)
    return {
        pid: None if None in seen else min(t for t in seen if t is not None) for pid, seen in times.items()
    }


def build_platform_nodes(snapshot: AccountsSnapshot) -> list[Node]:
    """Platform kind → platform → account; platforms without accounts are left out."""
    members = {m.id: m.name or f"#{m.id}" for m in snapshot.members}
    platforms = {p.id: p for p in snapshot.platforms}
    names = {p.id: p.name for p in snapshot.platforms}
    stale = {s.platform_id: s.reason for s in stale_platforms(snapshot.accounts, snapshot.connections, names)}
    syncs = _last_syncs(snapshot)
    groups: dict[str, Node] = {}
    rows: dict[int, Node] = {}
    for acc in snapshot.accounts:
        p = platforms.get(acc.platform_id)
        kind = p.kind if p else ""
        if kind not in groups:
            groups[kind] = Node(
                AccountsRow("group", 0, platform_kind=kind, subtotal=snapshot.kind_totals.get(kind))
            )
        if acc.platform_id not in rows:
            name = p.name if p else f"#{acc.platform_id}"
            rows[acc.platform_id] = groups[kind].add(
                Node(
                    AccountsRow(
                        "platform",
                        acc.platform_id,
                        name=name,
                        damaged=p.damaged if p else "",
                        platform_kind=kind,
                        subtotal=snapshot.platform_only_totals.get(acc.platform_id),
                        synced_at=syncs.get(acc.platform_id),
                        connected=acc.platform_id in syncs,
                        stale_reason=(stale[acc.platform_id] or _unfinished())
                        if acc.platform_id in stale
                        else "",
                    )
                )
            )
        rows[acc.platform_id].add(
            Node(
                AccountsRow(
                    "account",
                    acc.id,
                    name=acc.name,
                    damaged=acc.damaged,
                    account=acc,
                    owner=members.get(acc.member_id, f"#{acc.member_id}"),
                )
            )
        )
    order = {kind: i for i, kind in enumerate(KIND_ORDER)}
    return [groups[k] for k in sorted(groups, key=lambda k: (order.get(k, len(order)), k))]
