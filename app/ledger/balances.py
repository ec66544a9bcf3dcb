"""Balance snapshots: recording one, and the one definition of an account's latest balance.

The latest balance is the snapshot with the newest ``as_of``, the highest id breaking ties (two
snapshots recorded in the same instant: the later write wins). Every reader of "the balance now"
(account views, totals, the stale marking of a failed sync, the manual-balance check) uses it.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.vault.schema import BalanceSnapshot
from app.vault.store import Vault
from app.vault.types import utcnow


def latest(s: Session, account_id: int) -> BalanceSnapshot | None:
    """The account's latest balance snapshot, or None when none was ever recorded."""
    newest_first = select(BalanceSnapshot).order_by(BalanceSnapshot.as_of.desc(), BalanceSnapshot.id.desc())
    return s.scalars(newest_first.where(BalanceSnapshot.account_id == account_id).limit(1)).first()


def latest_of_all(s: Session) -> dict[int, BalanceSnapshot]:
    """account id -> latest snapshot, for every account that has one (one query)."""
    ranked = select(
        BalanceSnapshot.id,
        func.row_number().over(partition_by=BalanceSnapshot.account_id,
                               order_by=(BalanceSnapshot.as_of.desc(), BalanceSnapshot.id.desc())).label("rank"),
    ).subquery()
    rows = s.scalars(select(BalanceSnapshot).join(ranked, BalanceSnapshot.id == ranked.c.id).where(ranked.c.rank == 1))
    return {b.account_id: b for b in rows}


def record(vault: Vault, s: Session, account_id: int, amount: Decimal, source: str,
           as_of: datetime | None = None) -> BalanceSnapshot:
    """Add a snapshot inside the caller's write (fields other than the amount are the caller's to set)."""
    snap = BalanceSnapshot(id=vault.next_id("balances"), account_id=account_id, as_of=as_of or utcnow(),
                           source=source, stale=False)
    snap.amount = amount
    s.add(snap)
    return snap
