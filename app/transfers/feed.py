"""The policy's inputs, filled from the vault: accounts, payees, and the in-memory index of outflows.

At the first decision after unlock the index is built once from the transactions (every booked
outflow of the accounts the acting member may read, spending included) and from every transfer that
counts (``states.COUNTED``); afterwards it is kept current: new synced rows are added by id, a transfer
is added the moment it is persisted and resolved exactly once when it becomes final. Amounts are sealed
at rest, so nothing is decrypted per decision.

A synced transaction that is the platform's record of one of our transfers carries the transfer's
transfer id in its external id: the index takes it once, under the transfer's ref.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ledger import balances, rates
from app.ledger import transactions as tx_store
from app.ledger.categories import OWN, flow_of
from app.policy.facts import SHANGHAI, AccountInfo, FactsIndex, Outflow, PayeeInfo
from app.transfers import states
from app.vault.schema import Account, FamilyLink, Payee, Platform, Transfer

if TYPE_CHECKING:
    from app.vault.store import Vault

HISTORY_START = timedelta(days=400)  # a year and the 90 days before it: every window a rule reads


def accounts_info(s: Session) -> dict[int, AccountInfo]:
    """Every account the session may read (its ORM reads are limited to the held accounts)."""
    platforms = {p.id: p for p in s.scalars(select(Platform))}
    latest = balances.latest_of_all(s)
    out: dict[int, AccountInfo] = {}
    for a in s.scalars(select(Account).where(Account.closed.is_(False))):
        p = platforms.get(a.platform_id)
        snap = latest.get(a.id)
        try:
            balance = snap.amount if snap is not None else None
            operator = a.ecny_operator
        except Exception:  # a damaged row: its balance is unknown, the rules read it as such
            balance, operator = None, None
        out[a.id] = AccountInfo(
            id=a.id, member_id=a.member_id, kind=a.kind, platform_id=a.platform_id,
            platform_kind=p.kind if p is not None else "", currency=a.currency, holder_fp=a.holder_identity_fp,
            entity_fp=p.entity_fp if p is not None else None, bank_class=a.bank_class,
            bound_account_id=a.bound_account_id, payment_class=a.payment_class, ecny_tier=a.ecny_tier,
            ecny_operator=operator, balance=balance, opened_on=a.opened_on)
    return out


def payee_info(row: Payee) -> PayeeInfo:
    return PayeeInfo(id=row.id, added_at=row.added_at, kind=row.kind, holder_fp=row.holder_identity_fp,
                     entity_fp=row.entity_fp, number_changed_at=row.number_changed_at,
                     removed=row.removed_at is not None)


def family_accounts(s: Session, member_id: int) -> frozenset[int]:
    """Accounts offered to ``member_id`` as family payees and confirmed by both sides."""
    return frozenset(link.account_id for link in s.scalars(
        select(FamilyLink).where(FamilyLink.status == "confirmed", FamilyLink.member_id == member_id)))


def to_cny(s: Session, amount: Decimal, currency: str) -> Decimal | None:
    """``amount`` in yuan at the newest kept rate (None: no rate known)."""
    if currency == "CNY":
        return amount
    found = rates.lookup(s, currency, "CNY")
    return None if found is None else (amount * found[0]).quantize(Decimal("0.01"))


def _instant(day: date, at: str) -> datetime:
    if at:
        try:
            parsed = datetime.fromisoformat(at)
            return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)
        except ValueError:
            pass
    return datetime.combine(day, time(12, 0), tzinfo=SHANGHAI)


class Feed:
    """The index and what it was built from, for one unlocked member."""

    def __init__(self) -> None:
        self.index = FactsIndex()
        self.seen_transaction = 0  # the highest transaction id fed
        self.last_used: dict[int, datetime] = {}
        self.fed_transfers: dict[int, str] = {}  # transfer id -> the state it was fed in

    def add_transactions(self, vault: Vault, accounts: Mapping[int, AccountInfo], today: date,
                         remote_refs: Mapping[str, int] | None = None) -> int:
        """Feed the booked outflows newer than the last fed id; returns how many. ``remote_refs`` maps a
        platform's transfer id to our transfer's id: the platform's record of it is the same money."""
        since = today - HISTORY_START
        fed = 0
        newest = self.seen_transaction
        refs = remote_refs or {}
        query = ("SELECT id, account_id, booked_on, direction, sealed FROM transactions WHERE id > ? "
                 "ORDER BY id")
        for (row_id, account_id, booked_on, direction, _sealed), values in tx_store.open_rows(
                vault, query, (self.seen_transaction,)):
            newest = max(newest, row_id)
            account = accounts.get(account_id)
            if values is None or account is None:
                continue
            day = booked_on if isinstance(booked_on, date) else date.fromisoformat(str(booked_on)[:10])
            at = _instant(day, str(values.get("at", "")))
            if at > self.last_used.get(account_id, datetime.min.replace(tzinfo=UTC)):
                self.last_used[account_id] = at
            amount = Decimal(values["amount"])
            if amount >= 0 or day < since or account.currency != "CNY":
                continue  # foreign-currency spending is not in yuan limits (no per-day rate here)
            own = flow_of(direction, amount, values.get("category", ""), values.get("own_transfer_ref", "")) == OWN
            external = str(values.get("external_id", ""))
            ours = next((t for remote, t in refs.items() if remote and remote in external), None)
            self.index.add(Outflow(at=at, account_id=account_id, member_id=account.member_id, amount_cny=-amount,
                                   ref=f"transfer:{ours}" if ours is not None else None, same_name=own,
                                   same_name_bank=own and account.platform_kind == "bank"))
            fed += 1
        self.seen_transaction = newest
        return fed

    def add_transfer(self, s: Session, row: Transfer, accounts: Mapping[int, AccountInfo]) -> None:
        """Count a persisted transfer at once (its ref is ``transfer:<id>``)."""
        if row.id in self.fed_transfers or row.state not in states.COUNTED:
            return
        src = accounts.get(row.from_account_id)
        if src is None:
            return
        amount = row.amount or Decimal(0)
        amount_cny = to_cny(s, amount, row.currency or "CNY")
        if amount_cny is None:
            return
        dst = accounts.get(row.to_account_id) if row.to_account_id is not None else None
        payee = s.get(Payee, row.payee_id) if row.payee_id is not None else None
        to_fp = dst.holder_fp if dst is not None else payee.holder_identity_fp if payee is not None else None
        same_name = src.holder_fp is not None and src.holder_fp == to_fp
        bound = dst is not None and (src.bound_account_id == dst.id or dst.bound_account_id == src.id)
        to_platform = dst.platform_id if dst is not None else None
        self.index.add(Outflow(
            at=row.created_at, account_id=src.id, member_id=src.member_id, amount_cny=amount_cny,
            ref=f"transfer:{row.id}", to_bound=bound, same_name=same_name,
            same_name_bank=same_name and (dst.platform_kind == "bank" if dst is not None else payee is not None
                                          and payee.kind == "debit_card"),
            payee_key=f"account:{dst.id}" if dst is not None else f"payee:{row.payee_id}",
            platforms=(src.platform_id, to_platform) if to_platform is not None else None))
        self.fed_transfers[row.id] = row.state

    def resolve(self, transfer_id: int, state: str) -> None:
        """A transfer became final: revoked and rejected ones stop counting, exactly once."""
        if transfer_id in self.fed_transfers and state in states.FINAL:
            self.index.resolve(f"transfer:{transfer_id}", "settled" if state == states.SETTLED else state)
            self.fed_transfers[transfer_id] = state


def with_last_used(accounts: Mapping[int, AccountInfo], last_used: Mapping[int, datetime]) -> dict[int, AccountInfo]:
    from dataclasses import replace

    return {i: replace(a, last_used_at=last_used.get(i)) for i, a in accounts.items()}

