"""The accounts tree: members, their platforms, their accounts, with subtotals in CNY.

``load_snapshot`` runs on a worker (it reads the vault); ``build_nodes`` and the columns run on the
UI thread and only arrange what was read. Words for kinds and classes are looked up when painted,
so a language switch repaints without reading the vault again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app import clock
from app.ledger import vocabulary
from app.ledger.records import AccountView, MemberView, PlatformView, Total
from app.services import AppServices, ConnectionView
from ui.amounts import money_text
from ui.models.columns import RIGHT, Column, DisplayContext
from ui.models.tree_model import Node
from ui.when import ago, date_time, day_and_time, local_day, short_date

CONTEXT = "AccountsTree"


@dataclass
class AccountsSnapshot:
    """Everything the accounts page shows, read in one go on a worker thread."""

    members: list[MemberView]
    platforms: list[PlatformView]
    accounts: list[AccountView]
    total: Total
    member_totals: dict[int, Total] = field(default_factory=dict)
    platform_totals: dict[tuple[int, int], Total] = field(default_factory=dict)
    connections: list[ConnectionView] = field(default_factory=list)
    kind_totals: dict[str, Total] = field(default_factory=dict)
    platform_only_totals: dict[int, Total] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not self.members and not self.accounts


def load_snapshot(services: AppServices) -> AccountsSnapshot:
    """Read members, platforms, accounts, connections and every subtotal (on a worker: it decrypts rows)."""
    from ui.models.overview import connections_of  # one module reads connections without the keyring

    members, platforms, accounts = services.members(), services.platforms(), services.accounts()
    # The core's breakdowns: each total rounded once and its parts summing exactly to it; a member's
    # subtotal is the sum of its platforms' subtotals, so the tree adds up at every level.
    total, platform_totals = services.breakdown(accounts, lambda a: (a.member_id, a.platform_id))
    snapshot = AccountsSnapshot(members, platforms, accounts, total)
    snapshot.connections = connections_of(services)
    kinds = {p.id: p.kind for p in platforms}
    snapshot.platform_totals = platform_totals
    for (mid, _pid), part in platform_totals.items():
        snapshot.member_totals[mid] = _plus(snapshot.member_totals.get(mid), part)
    _total, snapshot.kind_totals = services.breakdown(accounts, lambda a: kinds.get(a.platform_id, ""))
    _total, snapshot.platform_only_totals = services.breakdown(accounts, lambda a: a.platform_id)
    return snapshot


def _plus(total: Total | None, part: Total) -> Total:
    """``total`` with ``part`` added (whole minor units both: no rounding), rates and gaps merged."""
    if total is None:
        return Total(part.base, part.amount, dict(part.rate_dates), list(part.missing_rates))
    merged = Total(total.base, total.amount + part.amount, {**total.rate_dates, **part.rate_dates},
                   list(total.missing_rates))
    merged.missing_rates += [c for c in part.missing_rates if c not in merged.missing_rates]
    return merged


@dataclass
class AccountsRow:
    """One line of the tree: a member or platform-kind header, a platform subheader, or an account."""

    level: str  # "member" | "group" (platform kind) | "platform" | "account"
    ident: int
    name: str = ""
    damaged: str = ""
    role: str = ""
    platform_kind: str = ""
    account: AccountView | None = None
    subtotal: Total | None = None
    owner: str = ""  # the member who holds the account (shown when grouped by platform)
    synced_at: datetime | None = None  # a connected platform's last good sync
    stale_reason: str = ""  # why a platform's figures may be out of date
    connected: bool = False

    @property
    def emphasis(self) -> int:
        return {"member": 2, "group": 2, "platform": 1}.get(self.level, 0)


def build_nodes(snapshot: AccountsSnapshot) -> list[Node]:
    """Member → platform → account, in the order the vault returns them; members without accounts stay."""
    platforms = {p.id: p for p in snapshot.platforms}
    roots: dict[int, Node] = {}
    for m in snapshot.members:
        roots[m.id] = Node(
            AccountsRow(
                "member",
                m.id,
                name=m.name,
                damaged=m.damaged,
                role=m.role,
                subtotal=snapshot.member_totals.get(m.id),
            )
        )
    groups: dict[tuple[int, int], Node] = {}
    for acc in snapshot.accounts:
        member = roots.get(acc.member_id)
        if member is None:  # an account whose owner row is missing: still shown, never hidden
            member = roots[acc.member_id] = Node(
                AccountsRow("member", acc.member_id, name=f"#{acc.member_id}")
            )
        key = (acc.member_id, acc.platform_id)
        if key not in groups:
            p = platforms.get(acc.platform_id)
            groups[key] = member.add(
                Node(
                    AccountsRow(
                        "platform",
                        acc.platform_id,
                        name=p.name if p else f"#{acc.platform_id}",
                        damaged=p.damaged if p else "",
                        platform_kind=p.kind if p else "",
                        subtotal=snapshot.platform_totals.get(key),
                    )
                )
            )
        groups[key].add(Node(AccountsRow("account", acc.id, name=acc.name, damaged=acc.damaged, account=acc)))
    return list(roots.values())


# --- cells ------------------------------------------------------------------------------------


def _name(row: AccountsRow, _ctx: DisplayContext) -> str:
    if row.damaged:
        return row.damaged
    if row.level == "group":
        return vocabulary.platform_kind(row.platform_kind)
    return row.name


def _name_tooltip(row: AccountsRow, _ctx: DisplayContext) -> str:
    if row.damaged:
        return QCoreApplication.translate("AccountsTree", "This record cannot be read: %1").replace(
            "%1", row.damaged
        )
    lines = [row.name]
    if row.account is not None and row.account.note:
        lines.append(row.account.note)
    return "\n".join(lines)


def _name_icon(row: AccountsRow, _ctx: DisplayContext) -> str:
    if row.damaged:
        return "warning"
    if row.level == "member":
        return "member"
    if row.level in ("platform", "group"):
        return row.platform_kind or "bank"
    return ""


def _kind(row: AccountsRow, _ctx: DisplayContext) -> str:
    if row.level == "member":
        return vocabulary.role(row.role)
    if row.level == "group":
        return ""
    if row.level == "platform":
        if row.connected:
            return QCoreApplication.translate("AccountsTree", "Connected")
        return vocabulary.platform_kind(row.platform_kind)
    return vocabulary.account_kind(row.account.kind) if row.account else ""


def _badges(row: AccountsRow, _ctx: DisplayContext) -> list[str]:
    acc = row.account
    if row.level == "platform" and row.stale_reason:
        return [QCoreApplication.translate("AccountsTree", "Stale")]
    if acc is None:
        return []
    out = []
    if acc.bank_class:
        out.append(vocabulary.bank_class(acc.bank_class))
    if acc.payment_class:
        out.append(vocabulary.payment_class(acc.payment_class))
    if acc.ecny_tier:
        out.append(vocabulary.ecny_tier(acc.ecny_tier))
    if acc.stale:
        out.append(QCoreApplication.translate("AccountsTree", "Stale"))
    return out


def _owner(row: AccountsRow, _ctx: DisplayContext) -> str:
    return row.owner if row.level == "account" else ""


def _badges_text(row: AccountsRow, ctx: DisplayContext) -> str:
    return " · ".join(_badges(row, ctx))


def _badges_tone(row: AccountsRow, _ctx: DisplayContext) -> str:
    if row.level == "platform":
        return "warning" if row.stale_reason else ""
    return "warning" if row.account is not None and row.account.stale else ""


def _badges_tooltip(row: AccountsRow, _ctx: DisplayContext) -> str:
    if row.level == "platform":
        return row.stale_reason
    return row.account.stale_reason if row.account is not None and row.account.stale else ""


def number_tail(last4: str) -> str:
    """How an account number is shown in lists: only its last digits ("尾号 1234" in Chinese)."""
    return QCoreApplication.translate("AccountsTree", "ending %1").replace("%1", last4)


def _number(row: AccountsRow, _ctx: DisplayContext) -> str:
    last4 = row.account.last4 if row.account else ""
    return number_tail(last4) if last4 else ""


def _balance(row: AccountsRow, ctx: DisplayContext) -> str:
    if row.account is not None:
        acc = row.account
        if acc.balance is None:
            return "—"
        return money_text(acc.balance, acc.currency, ctx.amounts_hidden)
    if row.subtotal is None:
        return ""
    text = money_text(row.subtotal.amount, row.subtotal.base, ctx.amounts_hidden)
    # An asterisk, explained in the tooltip, marks a subtotal that leaves some currency out.
    return "* " + text if row.subtotal.missing_rates else text


def _warning(row: AccountsRow) -> str | None:
    """The core's word on an account's balance (overdrawn, over its credit limit) or None.

    Owing on a credit card or line is normal and a negative subtotal is only a sum: neither is warned about.
    """
    return row.account.balance_warning if row.account is not None else None


def _balance_icon(row: AccountsRow, ctx: DisplayContext) -> str:
    # A minus sign plus a warning mark: never colour alone. Hidden with the amounts, it would leak the sign.
    return "warning" if _warning(row) and not ctx.amounts_hidden else ""


def _balance_tooltip(row: AccountsRow, ctx: DisplayContext) -> str:
    lines = []
    if row.account is not None and row.account.balance is None:
        lines.append(QCoreApplication.translate("AccountsTree", "No balance recorded yet"))
    warning = _warning(row)
    if warning == vocabulary.OVERDRAWN and not ctx.amounts_hidden:
        lines.append(QCoreApplication.translate("AccountsTree", "Negative balance"))
    elif warning == vocabulary.OVER_LIMIT and not ctx.amounts_hidden:
        lines.append(QCoreApplication.translate("AccountsTree", "Owes more than the credit limit"))
    if row.subtotal is not None:
        if row.subtotal.missing_rates:
            lines.append(
                QCoreApplication.translate(
                    "AccountsTree", "* Not included, no exchange rate yet: %1"
                ).replace("%1", ", ".join(row.subtotal.missing_rates))
            )
        if row.subtotal.rate_dates and row.account is None:
            lines.append(
                QCoreApplication.translate("AccountsTree", "Subtotal converted to %1").replace(
                    "%1", row.subtotal.base
                )
            )
    if row.account is not None and row.account.stale and row.account.stale_reason:
        lines.append(row.account.stale_reason)
    return "\n".join(lines)


def _as_of(row: AccountsRow, _ctx: DisplayContext) -> str:
    if row.level == "platform" and row.connected:
        return ago(row.synced_at) if row.synced_at else QCoreApplication.translate("AccountsTree", "Never")
    when = row.account.balance_as_of if row.account else None
    if when is None:
        return ""
    # Today's balance says its time; an older one its date, both in the person's zone.
    return day_and_time(when) if local_day(when) == clock.local_today() else short_date(local_day(when))


def _as_of_tooltip(row: AccountsRow, _ctx: DisplayContext) -> str:
    if row.level == "platform" and row.connected:
        lines = []
        if row.synced_at is not None:
            lines.append(
                QCoreApplication.translate("AccountsTree", "Last synced %1").replace("%1", date_time(row.synced_at))
            )
        if row.stale_reason:
            lines.append(row.stale_reason)
        return "\n".join(lines)
    when = row.account.balance_as_of if row.account else None
    if when is None:
        return ""
    return date_time(when)


COLUMNS = [
    Column(
        "name",
        QT_TRANSLATE_NOOP("AccountsTree", "Name"),
        CONTEXT,
        _name,
        width=280,
        stretch=True,
        tooltip=_name_tooltip,
        icon=_name_icon,
    ),
    Column("kind", QT_TRANSLATE_NOOP("AccountsTree", "Type"), CONTEXT, _kind, width=150),
    Column("owner", QT_TRANSLATE_NOOP("AccountsTree", "Member"), CONTEXT, _owner, width=100),
    Column(
        "badges",
        QT_TRANSLATE_NOOP("AccountsTree", "Class"),
        CONTEXT,
        _badges_text,
        width=170,
        badges=_badges,
        tooltip=_badges_tooltip,
        tone=_badges_tone,
    ),
    Column("number", QT_TRANSLATE_NOOP("AccountsTree", "Number"), CONTEXT, _number, width=100, figures=True),
    Column(
        "balance",
        QT_TRANSLATE_NOOP("AccountsTree", "Balance"),
        CONTEXT,
        _balance,
        width=160,
        align=RIGHT,
        figures=True,
        tooltip=_balance_tooltip,
        icon=_balance_icon,
    ),
    Column(
        "as_of",
        QT_TRANSLATE_NOOP("AccountsTree", "Updated"),
        CONTEXT,
        _as_of,
        width=130,
        align=RIGHT,
        figures=True,
        tooltip=_as_of_tooltip,
    ),
]
