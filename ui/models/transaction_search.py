"""Search and filters over the in-memory transaction index: plain lists, no Qt, fast at 100k rows.

The core opens every row once (``AppServices.transaction_index``, on a worker); this module keeps the
entries as parallel columns so each filter is one pass of a list comprehension. The index is sorted
newest first, so a date range is two binary searches rather than a scan.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.services import IndexEntry, TransactionFilter


@dataclass(frozen=True)
class TransactionQuery:
    """What the filter bar asks for; ``account_ids`` None means every account."""

    text: str = ""
    account_ids: frozenset[int] | None = None
    since: date | None = None
    until: date | None = None
    direction: str | None = None
    min_amount: Decimal | None = None  # on the absolute amount, like the core's filter
    max_amount: Decimal | None = None
    category_group: str | None = None  # a first-level category group, as the Reports group spending
    flow: str | None = None  # spending | income | own | not_counted, as the Reports count rows

    @property
    def needs_index(self) -> bool:
        """Text, amounts and categories are sealed: only the index (or opening rows) can answer them."""
        return (
            bool(self.text.strip())
            or self.min_amount is not None
            or self.max_amount is not None
            or self.category_group is not None
            or self.flow is not None
        )

    @property
    def is_empty(self) -> bool:
        return self == TransactionQuery()

    def plain_filter(self) -> TransactionFilter:
        """What the vault answers until the index is ready: the plain columns, and the category and flow
        (the vault opens the rows of the period for those)."""
        return TransactionFilter(
            account_ids=tuple(sorted(self.account_ids)) if self.account_ids is not None else (),
            since=self.since,
            until=self.until,
            direction=self.direction,
            category_group=self.category_group,
            flow=self.flow,
        )


class SearchIndex:
    """Columns of the index; ``search`` returns matching ids, newest first."""

    def __init__(self, entries: Sequence[IndexEntry], categories: dict[str, str] | None = None) -> None:
        """``categories`` maps the core's category ids to the words on screen, so 餐饮 finds "dining"."""
        self.categories = {key: word.casefold() for key, word in (categories or {}).items()}
        self.ids = [e.id for e in entries]
        self.accounts = [e.account_id for e in entries]
        # Negated ordinals ascend along the newest-first order, which is what bisect needs.
        self._neg_days = [-e.booked_on.toordinal() for e in entries]
        self.directions = [e.direction for e in entries]
        self.amounts = [abs(e.amount) if e.amount is not None else None for e in entries]
        self.texts = [e.text for e in entries]
        self.groups = [e.group for e in entries]
        self.flows = [e.flow for e in entries]
        self.total = len(entries)

    def __len__(self) -> int:
        return self.total

    def search(self, query: TransactionQuery) -> list[int]:
        if query.account_ids is not None and not query.account_ids:
            return []
        lo, hi = 0, self.total
        if query.until is not None:
            lo = bisect_left(self._neg_days, -query.until.toordinal())
        if query.since is not None:
            hi = bisect_right(self._neg_days, -query.since.toordinal())
        rows: Sequence[int] = range(lo, hi)
        if query.account_ids is not None:
            wanted, accounts = query.account_ids, self.accounts
            rows = [i for i in rows if accounts[i] in wanted]
        if query.direction:
            direction, directions = query.direction, self.directions
            rows = [i for i in rows if directions[i] == direction]
        if query.category_group is not None:
            group, groups = query.category_group, self.groups
            rows = [i for i in rows if groups[i] == group]
        if query.flow is not None:
            flow, flows = query.flow, self.flows
            rows = [i for i in rows if flows[i] == flow]
        if query.min_amount is not None or query.max_amount is not None:
            rows = self._amounts_within(rows, query.min_amount, query.max_amount)
        texts = self.texts
        for word in query.text.casefold().split():
            # The category is the last field of an entry's text, so a category id is matched as a suffix.
            suffixes = tuple(" " + key for key, shown in self.categories.items() if word in shown)
            if suffixes:
                rows = [i for i in rows if word in texts[i] or texts[i].endswith(suffixes)]
            else:
                rows = [i for i in rows if word in texts[i]]
        if isinstance(rows, range):
            return self.ids[rows.start : rows.stop]
        ids = self.ids
        return [ids[i] for i in rows]

    def _amounts_within(self, rows: Sequence[int], low: Decimal | None, high: Decimal | None) -> list[int]:
        amounts = self.amounts
        floor = low if low is not None else Decimal(0)
        if high is None:
            return [i for i in rows if (a := amounts[i]) is not None and a >= floor]
        return [i for i in rows if (a := amounts[i]) is not None and floor <= a <= high]
