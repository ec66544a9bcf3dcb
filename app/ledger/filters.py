"""Finding transactions: what can be asked of plain columns in SQL, the rest after opening rows.

Dates, accounts, status and direction are plain columns; amounts and texts are sealed, so a text or
amount filter opens the candidate rows (or uses an in-memory index the UI builds in the background).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select

from app.ledger.categories import flow_of, group_of
from app.ledger.transactions import TransactionView
from app.vault.schema import Transaction


@dataclass(frozen=True)
class TransactionFilter:
    """Every filter the Transactions page and ``huiliu transactions`` offer; empty means all."""

    account_ids: tuple[int, ...] = ()
    account_id: int | None = None
    since: date | None = None
    until: date | None = None
    direction: str | None = None  # in | out | neutral
    status: str | None = None
    text: str = ""
    min_amount: Decimal | None = None  # on the absolute amount
    max_amount: Decimal | None = None
    category_group: str | None = None  # a first-level group of the category tree (categories.GROUPS)
    flow: str | None = None  # spending | income | own | not_counted, as the Reports count rows

    @property
    def needs_sealed(self) -> bool:
        return (bool(self.text.strip()) or self.min_amount is not None or self.max_amount is not None
                or self.category_group is not None or self.flow is not None)

    def plain_query(self) -> Select[Any]:
        """Ids of rows passing the plain-column filters, newest first."""
        query = select(Transaction.id).order_by(Transaction.booked_on.desc(), Transaction.id.desc())
        accounts = set(self.account_ids) | ({self.account_id} if self.account_id is not None else set())
        if accounts:
            query = query.where(Transaction.account_id.in_(sorted(accounts)))
        if self.since:
            query = query.where(Transaction.booked_on >= self.since)
        if self.until:
            query = query.where(Transaction.booked_on <= self.until)
        if self.direction:
            query = query.where(Transaction.direction == self.direction)
        if self.status:
            query = query.where(Transaction.status == self.status)
        return query

    def matches(self, view: TransactionView) -> bool:
        """The sealed-field part of the filter, on an opened row."""
        if view.damaged:
            return not self.needs_sealed
        if self.category_group is not None and group_of(view.category) != self.category_group:
            return False
        if self.flow is not None and flow_of(view.direction, view.amount, view.category,
                                             view.own_transfer_ref) != self.flow:
            return False
        if self.min_amount is not None and (view.amount is None or abs(view.amount) < self.min_amount):
            return False
        if self.max_amount is not None and (view.amount is None or abs(view.amount) > self.max_amount):
            return False
        needle = self.text.strip().casefold()
        return not needle or needle in search_text(view)


def search_text(view: TransactionView) -> str:
    """What a text search looks in: counterparty, memo, description, category (casefolded)."""
    return " ".join((view.counterparty, view.memo, view.description, view.category)).casefold()

