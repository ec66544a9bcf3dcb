"""Reports: what the household spent and earned per month, its net worth over time, and its cash flow
between platforms, over the rows and balances the vault holds.

Every report takes a ``ReportFilter`` (a period and one member or all), the notions of the
Transactions page's filter bar; a member's report reads that member's accounts. Months are the
transactions' booked dates (the person's local dates, as the sources give them). Amounts are
converted exactly into the reporting currency at the newest kept rate (as the totals are) and
rounded once: each month's parts (``round_parts``) add up to that month's total, and the period's
totals are the sums of the months. A currency without a rate is listed, never guessed.

What counts (``categories.flow_of``): a move between the household's own accounts (paired legs, or
an own-transfer category such as a card's repayment) is neither spending nor income, it is cash flow
between platforms; a row the source marks 不计收支 counts nowhere. Pending and booked rows both count,
as the Transactions page lists them both.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.i18n import _
from app.ledger import rates, transactions, vocabulary
from app.ledger.categories import GROUPS, INCOME, OWN, SPENDING, flow_of, group_of
from app.ledger.export import sheet_text
from app.ledger.filters import TransactionFilter
from app.ledger.records import AccountView, PlatformView
from app.money import Money, round_parts, round_to_minor
from app.vault import sql
from app.vault.store import Vault

REPORT_KINDS = ("spending", "income_spending", "net_worth", "cash_flow")
NET_WORTH_BY = ("member", "platform_kind")
PAIR_SEARCH = timedelta(days=7)  # how far from a leg its other leg is looked for (imports pair within 2 days)


@dataclass(frozen=True)
class ReportFilter:
    """The period (both ends included; None is open) and one member (None: the whole household)."""

    since: date | None = None
    until: date | None = None
    member_id: int | None = None


# --- the reports ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpendingByCategory:
    """Spending per month and category group (the first level of the category tree), as positive sums."""

    base: str
    months: tuple[date, ...]  # the first day of each month, oldest first, empty months included
    groups: tuple[str, ...]  # groups with any spending, the largest first
    amounts: tuple[tuple[Decimal, ...], ...]  # [month][group]
    month_totals: tuple[Decimal, ...]
    missing_rates: tuple[str, ...] = ()
    damaged: int = 0  # rows left out because they fail their integrity check
    kind: str = field(default="spending", init=False)

    @property
    def total(self) -> Decimal:
        return sum(self.month_totals, Decimal(0))

    def amount(self, month: date, group: str) -> Decimal:
        if month not in self.months or group not in self.groups:
            return Decimal(0)
        return self.amounts[self.months.index(month)][self.groups.index(group)]

    def group_total(self, group: str) -> Decimal:
        if group not in self.groups:
            return Decimal(0)
        i = self.groups.index(group)
        return sum((row[i] for row in self.amounts), Decimal(0))


@dataclass(frozen=True)
class IncomeAndSpending:
    """Income and spending per month (both positive sums)."""

    base: str
    months: tuple[date, ...]
    income: tuple[Decimal, ...]
    spending: tuple[Decimal, ...]
    missing_rates: tuple[str, ...] = ()
    damaged: int = 0
    kind: str = field(default="income_spending", init=False)

    @property
    def net(self) -> tuple[Decimal, ...]:
        return tuple(i - s for i, s in zip(self.income, self.spending, strict=True))


@dataclass(frozen=True)
class NetWorthSeries:
    """One line: a member (``key`` is the member's id as text, ``name`` their name) or a platform kind
    (``key`` the kind, ``name`` empty: it is named in the reader's language, ``series_name``)."""

    key: str
    name: str
    values: tuple[Decimal, ...]


@dataclass(frozen=True)
class NetWorthOverTime:
    """Net worth at each month's end (the last point is the period's end or today), by member or by
    platform kind; the series add up to ``totals`` on every day."""

    base: str
    by: str  # member | platform_kind
    days: tuple[date, ...]
    series: tuple[NetWorthSeries, ...]
    totals: tuple[Decimal, ...]
    missing_rates: tuple[str, ...] = ()
    kind: str = field(default="net_worth", init=False)


@dataclass(frozen=True)
class PlatformFlow:
    """Own transfers from one platform to another; a platform id None is an own account not in the vault."""

    source_id: int | None
    source: str
    target_id: int | None
    target: str
    count: int
    amount: Decimal


@dataclass(frozen=True)
class CashFlowBetweenPlatforms:
    """Sums of own transfers between platforms in the period, the largest first (moves inside one
    platform, such as a wallet into its own fund, are not between platforms and are left out)."""

    base: str
    flows: tuple[PlatformFlow, ...]
    missing_rates: tuple[str, ...] = ()
    damaged: int = 0
    kind: str = field(default="cash_flow", init=False)

    @property
    def total(self) -> Decimal:
        return sum((f.amount for f in self.flows), Decimal(0))


Report = SpendingByCategory | IncomeAndSpending | NetWorthOverTime | CashFlowBetweenPlatforms


def series_name(report: NetWorthOverTime, series: NetWorthSeries) -> str:
    """A line's name in the current language."""
    if report.by == "platform_kind":
        return vocabulary.platform_kind(series.key)
    return series.name or f"#{series.key}"


def outside_name() -> str:
    """What a flow's end that is not in the vault is called."""
    return _("Own account not in Huiliu")


# --- months ----------------------------------------------------------------------------------------


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


def months_between(first: date, last: date) -> list[date]:
    """The first day of every month from ``first``'s to ``last``'s, both included."""
    out, month = [], month_start(first)
    while month <= last:
        out.append(month)
        month = month_end(month) + timedelta(days=1)
    return out


# --- reading ---------------------------------------------------------------------------------------


class _Converter:
    """Exact conversion into the base currency at the newest kept rate; currencies without one are noted."""

    def __init__(self, s: Session, base: str) -> None:
        self.s, self.base = s, base
        self._rates: dict[str, Decimal | None] = {base: Decimal(1)}
        self.missing: list[str] = []

    def exact(self, amount: Decimal, currency: str) -> Decimal | None:
        if currency not in self._rates:
            found = rates.lookup(self.s, currency, self.base)
            self._rates[currency] = found[0] if found else None
        rate = self._rates[currency]
        if rate is None:
            if currency not in self.missing:
                self.missing.append(currency)
            return None
        return amount if currency == self.base else (Money(amount, currency) * rate).amount


def member_accounts(accounts: Sequence[AccountView], member_id: int | None) -> list[AccountView]:
    return [a for a in accounts if member_id is None or a.member_id == member_id]


def transaction_filter(flt: ReportFilter, accounts: Sequence[AccountView]) -> TransactionFilter:
    """The Transactions page's filter for what a report reads (the member as their accounts)."""
    ids = tuple(a.id for a in member_accounts(accounts, flt.member_id))
    return TransactionFilter(account_ids=ids, since=flt.since, until=flt.until)


def _rows(
    vault: Vault, flt: TransactionFilter
) -> Iterator[tuple[int, int, date, str, dict[str, Any] | None]]:
    """(id, account id, booked on, direction, opened values or None when damaged) of the rows ``flt``'s
    plain part selects (accounts, period), oldest first."""
    where: list[str] = []
    params: list[Any] = []
    if flt.account_ids:
        where.append(f"account_id IN ({','.join('?' * len(flt.account_ids))})")
        params.extend(flt.account_ids)
    if flt.since:
        where.append("booked_on >= ?")
        params.append(flt.since.isoformat())
    if flt.until:
        where.append("booked_on <= ?")
        params.append(flt.until.isoformat())
    query = "SELECT id, account_id, booked_on, direction, sealed FROM transactions"
    if where:
        query += " WHERE " + " AND ".join(where)
    query += " ORDER BY booked_on, id"
    for (row_id, account_id, booked_on, direction, _sealed), values in transactions.open_rows(
        vault, query, tuple(params)
    ):
        yield row_id, account_id, sql.day(booked_on), direction, values


def _months(flt: ReportFilter, seen: list[date], today: date) -> list[date]:
    """The months a per-month report shows: the period's, or from the first row to today when open."""
    first = flt.since or (min(seen) if seen else today)
    last = flt.until or max([today, *seen])
    return months_between(first, last) if first <= last else []


def _monthly(
    vault: Vault, s: Session, accounts: Sequence[AccountView], flt: ReportFilter, today: date, base: str
) -> tuple[list[date], dict[date, dict[str, Decimal]], dict[date, Decimal], list[str], int]:
    """Exact spending per month and group, exact income per month, missing rates, damaged rows."""
    chosen = member_accounts(accounts, flt.member_id)
    if not chosen:
        return _months(flt, [], today), {}, {}, [], 0
    currency = {a.id: a.currency for a in chosen}
    convert = _Converter(s, base)
    spending: dict[date, dict[str, Decimal]] = {}
    income: dict[date, Decimal] = {}
    seen: list[date] = []
    damaged = 0
    for _id, account_id, booked_on, direction, values in _rows(vault, transaction_filter(flt, chosen)):
        if values is None:
            damaged += 1
            continue
        amount, category = Decimal(values["amount"]), str(values.get("category", ""))
        flow = flow_of(direction, amount, category, str(values.get("own_transfer_ref", "")))
        if flow not in (SPENDING, INCOME):
            continue
        exact = convert.exact(abs(amount), currency[account_id])
        if exact is None:
            continue
        month = month_start(booked_on)
        seen.append(booked_on)
        if flow == SPENDING:
            per_group = spending.setdefault(month, {})
            group = group_of(category)
            per_group[group] = per_group.get(group, Decimal(0)) + exact
        else:
            income[month] = income.get(month, Decimal(0)) + exact
    return _months(flt, seen, today), spending, income, convert.missing, damaged


def spending_by_category(
    vault: Vault, s: Session, accounts: Sequence[AccountView], flt: ReportFilter, today: date, base: str
) -> SpendingByCategory:
    months, spending, _income, missing, damaged = _monthly(vault, s, accounts, flt, today, base)
    totals: dict[str, Decimal] = {}
    for per_group in spending.values():
        for group, amount in per_group.items():
            totals[group] = totals.get(group, Decimal(0)) + amount
    tree_order = list(GROUPS)
    groups = sorted((g for g, t in totals.items() if t), key=lambda g: (-totals[g], tree_order.index(g)))
    cells, month_totals = [], []
    for month in months:
        per_group = spending.get(month, {})
        parts = round_parts([Money(per_group.get(g, Decimal(0)), base) for g in groups]) if groups else []
        cells.append(tuple(p.amount for p in parts))
        month_totals.append(sum((p.amount for p in parts), Decimal(0)))
    return SpendingByCategory(
        base, tuple(months), tuple(groups), tuple(cells), tuple(month_totals), tuple(missing), damaged
    )


def income_and_spending(
    vault: Vault, s: Session, accounts: Sequence[AccountView], flt: ReportFilter, today: date, base: str
) -> IncomeAndSpending:
    months, spending, income, missing, damaged = _monthly(vault, s, accounts, flt, today, base)
    spent = tuple(round_to_minor(sum(spending.get(m, {}).values(), Decimal(0)), base) for m in months)
    earned = tuple(round_to_minor(income.get(m, Decimal(0)), base) for m in months)
    return IncomeAndSpending(base, tuple(months), earned, spent, tuple(missing), damaged)


def net_worth_over_time(
    vault: Vault,
    s: Session,
    accounts: Sequence[AccountView],
    platforms: Sequence[PlatformView],
    member_names: dict[int, str],
    flt: ReportFilter,
    today: date,
    base: str,
    by: str = "member",
) -> NetWorthOverTime:
    """Month-end net worth from the period's first month to its end (today at the latest); an open
    start begins at the first transaction's month (this month when there is none)."""
    if by not in NET_WORTH_BY:
        raise ValueError(f"net worth by {by!r}")
    chosen = [a for a in member_accounts(accounts, flt.member_id) if a.balance is not None and not a.damaged]
    end = min(flt.until or today, today)
    start = flt.since
    if start is None:
        first = sql.run(s.connection(), "SELECT MIN(booked_on) FROM transactions").scalar()
        start = sql.day(first) if first else end
    days = [min(month_end(m), end) for m in months_between(start, end)] if start <= end else []
    moves = transactions.daily_movements(vault, days[0]) if days else {}
    kinds = {p.id: p.kind for p in platforms}

    def key(acc: AccountView) -> str:
        return str(acc.member_id) if by == "member" else kinds.get(acc.platform_id, "")

    totals, parts, missing = rates.net_worth_at(s, chosen, moves, days, today, base, key)
    if by == "member":
        order = sorted(parts, key=lambda k: int(k))
    else:
        known = list(vocabulary.PLATFORM_KINDS)
        order = sorted(parts, key=lambda k: (known.index(k) if k in known else len(known), k))
    series = tuple(
        NetWorthSeries(k, member_names.get(int(k), "") if by == "member" else "", tuple(parts[k]))
        for k in order
    )
    return NetWorthOverTime(base, by, tuple(days), series, tuple(totals), tuple(missing))


def cash_flow_between_platforms(
    vault: Vault,
    s: Session,
    accounts: Sequence[AccountView],
    platforms: Sequence[PlatformView],
    flt: ReportFilter,
    base: str,
) -> CashFlowBetweenPlatforms:
    """Own transfers in the period (by the day money left), summed per (from platform, to platform).

    Legs are paired by their pairing reference; a leg whose other side is not in the vault counts as
    a move to or from an own account not in Huiliu. With a member chosen, a move counts when either
    side is one of that member's accounts.
    """
    by_id = {a.id: a for a in accounts}
    names = {p.id: p.name or f"#{p.id}" for p in platforms}
    wide = TransactionFilter(
        since=flt.since - PAIR_SEARCH if flt.since else None,
        until=flt.until + PAIR_SEARCH if flt.until else None,
    )
    legs: dict[str, list[tuple[int, date, Decimal]]] = {}
    lone: list[tuple[int, date, Decimal]] = []
    damaged = 0
    for _row_id, account_id, booked_on, direction, values in _rows(vault, wide):
        if values is None:
            if (flt.since is None or booked_on >= flt.since) and (
                flt.until is None or booked_on <= flt.until
            ):
                damaged += 1
            continue
        amount, ref = Decimal(values["amount"]), str(values.get("own_transfer_ref", ""))
        if account_id not in by_id or flow_of(direction, amount, str(values.get("category", "")), ref) != OWN:
            continue
        if ref:
            legs.setdefault(ref, []).append((account_id, booked_on, amount))
        else:
            lone.append((account_id, booked_on, amount))
    moves: list[
        tuple[int | None, int | None, date, Decimal, str]
    ] = []  # from account, to account, day, amount
    for pair in legs.values():
        out = [leg for leg in pair if leg[2] < 0]
        into = [leg for leg in pair if leg[2] > 0]
        if len(pair) == 2 and len(out) == 1 and len(into) == 1 and out[0][0] != into[0][0]:
            moves.append((out[0][0], into[0][0], out[0][1], -out[0][2], by_id[out[0][0]].currency))
        else:
            lone.extend(pair)
    for account_id, day, amount in lone:
        if amount < 0:
            moves.append((account_id, None, day, -amount, by_id[account_id].currency))
        elif amount > 0:
            moves.append((None, account_id, day, amount, by_id[account_id].currency))
    convert = _Converter(s, base)
    sums: dict[tuple[int | None, int | None], tuple[int, Decimal]] = {}
    for source, target, day, amount, currency in moves:
        if (flt.since and day < flt.since) or (flt.until and day > flt.until):
            continue
        if flt.member_id is not None and not any(
            a is not None and by_id[a].member_id == flt.member_id for a in (source, target)
        ):
            continue
        ends = (
            by_id[source].platform_id if source is not None else None,
            by_id[target].platform_id if target is not None else None,
        )
        if ends[0] == ends[1]:
            continue  # inside one platform: not between platforms
        exact = convert.exact(amount, currency)
        if exact is None:
            continue
        count, total = sums.get(ends, (0, Decimal(0)))
        sums[ends] = (count + 1, total + exact)
    flows = [
        PlatformFlow(
            src,
            names.get(src, "") if src is not None else "",
            dst,
            names.get(dst, "") if dst is not None else "",
            count,
            round_to_minor(total, base),
        )
        for (src, dst), (count, total) in sums.items()
    ]
    flows.sort(key=lambda f: (-f.amount, f.source, f.target))
    return CashFlowBetweenPlatforms(base, tuple(flows), tuple(convert.missing), damaged)


# --- CSV ---------------------------------------------------------------------------------------------


def csv_text(report: Report) -> str:
    """The report as CSV: a header row of column ids, then one row per figure; amounts are exact decimal
    text in the report's currency; names are in the current language and neutralised (``sheet_text``)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if isinstance(report, SpendingByCategory):
        writer.writerow(["month", "category_group", "category", "amount", "currency"])
        for month, cells in zip(report.months, report.amounts, strict=True):
            for group, amount in zip(report.groups, cells, strict=True):
                if amount:
                    writer.writerow(
                        [
                            month.strftime("%Y-%m"),
                            group,
                            sheet_text(vocabulary.category(group)),
                            str(amount),
                            report.base,
                        ]
                    )
    elif isinstance(report, IncomeAndSpending):
        writer.writerow(["month", "income", "spending", "net", "currency"])
        for month, earned, spent, net in zip(
            report.months, report.income, report.spending, report.net, strict=True
        ):
            writer.writerow([month.strftime("%Y-%m"), str(earned), str(spent), str(net), report.base])
    elif isinstance(report, NetWorthOverTime):
        writer.writerow(
            ["date", *(sheet_text(series_name(report, x)) for x in report.series), "total", "currency"]
        )
        for i, day in enumerate(report.days):
            writer.writerow(
                [
                    day.isoformat(),
                    *(str(x.values[i]) for x in report.series),
                    str(report.totals[i]),
                    report.base,
                ]
            )
    else:
        writer.writerow(["from_platform", "to_platform", "transfers", "amount", "currency"])
        for f in report.flows:
            writer.writerow(
                [
                    sheet_text(f.source if f.source_id is not None else outside_name()),
                    sheet_text(f.target if f.target_id is not None else outside_name()),
                    f.count,
                    str(f.amount),
                    report.base,
                ]
            )
    return out.getvalue()
