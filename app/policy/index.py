"""The in-memory index of outflows behind the facts: running totals in buckets keyed by Asia/Shanghai day
and year, the last 24 hours per person, and the person's 90-day summary.

Amounts are sealed at rest, so history is never decrypted per decision: the integrator feeds every
outflow here after unlock (synced or imported spending too, and every transfer from the moment it is
persisted) and resolves each transfer once when it reaches a final state.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
ZERO = Decimal("0")
HISTORY_DAYS = 90  # the window of the person's behaviour the risk score and the dynamic threshold read
FINAL_REMOVED = frozenset({"revoked", "rejected", "cancelled"})
FINAL_KEPT = frozenset({"settled"})

@dataclass(frozen=True)
class Outflow:
    """Money that left an account: a synced or imported outflow (spending too), or a transfer."""

    at: datetime  # aware
    account_id: int
    member_id: int  # the person whose account it left
    amount_cny: Decimal  # > 0
    ref: str | None = None  # the transfer's id (pending transfers resolve by it); None for plain outflows
    to_bound: bool = False  # it went to (or came from) the account's bound account
    same_name: bool = False  # it went to the same real-name holder
    same_name_bank: bool = False  # it went to the holder's own bank account
    payee_key: str | None = None  # "payee:7" or "account:12": who received it, when known
    platforms: tuple[int, int] | None = None  # (from platform, to platform)
    usd_equivalent: Decimal | None = None  # foreign exchange used by it
    cross_border: bool = False
    channel: str = "online"


@dataclass(frozen=True)
class HistorySummary:
    """The person's outflows to others over the 90 days before today."""

    daily_avg_cny: Decimal = ZERO  # per active day
    daily_max_cny: Decimal = ZERO
    count: int = 0
    active_days: int = 0


def local_day(at: datetime) -> date:
    """The Asia/Shanghai calendar date of an aware instant."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("an outflow's time must be timezone-aware")
    return at.astimezone(SHANGHAI).date()


@dataclass
class _Window:
    """One person's recent outflows, kept in time order (history synced late is inserted in its place), so
    the ones older than 24 hours drop off the left end and a query reads only the last day's."""

    items: list[Outflow] = field(default_factory=list)
    times: list[datetime] = field(default_factory=list)

    def add(self, outflow: Outflow) -> None:
        at = bisect.bisect_right(self.times, outflow.at)
        self.items.insert(at, outflow)
        self.times.insert(at, outflow.at)

    def since(self, start: datetime) -> list[Outflow]:
        cut = bisect.bisect_right(self.times, start)
        if cut:
            del self.items[:cut], self.times[:cut]
        return self.items


class FactsIndex:
    """Running totals of every outflow, in buckets keyed by Asia/Shanghai day and year.

    ``add`` counts an outflow at once (a PENDING transfer included); ``resolve(ref, state)`` takes a
    revoked, rejected or cancelled transfer out exactly once and keeps a settled one. Adding a ref twice
    changes nothing (a synced transaction carrying a transfer's ref is the same money). Queries read a
    few buckets: never a scan of history.
    """

    def __init__(self) -> None:
        self._acct_day: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
        self._acct_day_nonbound: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
        self._acct_year_nonbound: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        self._acct_day_pay: dict[tuple[int, date], Decimal] = defaultdict(Decimal)  # own bank transfers excluded
        self._acct_year_pay: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        self._acct_total: dict[int, Decimal] = defaultdict(Decimal)
        self._person_day: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
        self._person_day_others: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
        self._person_day_others_n: dict[tuple[int, date], int] = defaultdict(int)
        self._person_day_noncounter: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
        self._person_day_qr: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
        self._person_day_domestic: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
        self._person_day_crossborder: dict[tuple[int, date], Decimal] = defaultdict(Decimal)
        self._person_year_fx: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
        self._payees: Counter[tuple[int, str]] = Counter()
        self._pairs: Counter[tuple[int, tuple[int, int]]] = Counter()
        self._windows: dict[int, _Window] = defaultdict(_Window)
        self._refs: dict[str, Outflow] = {}  # every ref ever added, to make add idempotent
        self._pending: set[str] = set()  # refs not yet resolved
        self._removed: set[str] = set()
        self._history: dict[tuple[int, date], HistorySummary] = {}  # (person, today) -> summary

    def __len__(self) -> int:
        """How many transfers (by ref) were ever added."""
        return len(self._refs)

    # -- feeding ---------------------------------------------------------------------------------------
    def add(self, outflow: Outflow) -> bool:
        """Count an outflow; False when its ref was already added (nothing changes)."""
        if not isinstance(outflow.amount_cny, Decimal) or outflow.amount_cny <= 0:
            raise ValueError(f"an outflow's amount_cny must be a positive Decimal, not {outflow.amount_cny!r}")
        local_day(outflow.at)
        if outflow.ref is not None:
            if outflow.ref in self._refs:
                return False
            self._refs[outflow.ref] = outflow
            self._pending.add(outflow.ref)
        self._apply(outflow, 1)
        self._windows[outflow.member_id].add(outflow)
        return True

    def resolve(self, ref: str, final_state: str) -> bool:
        """A transfer reached a final state: revoked/rejected/cancelled ones stop counting, settled ones
        stay. Only the first resolution of a ref counts; returns whether this call changed anything."""
        state = final_state.lower()
        if state not in FINAL_REMOVED | FINAL_KEPT:
            raise ValueError(f"{final_state!r} is not a final state ({', '.join(sorted(FINAL_REMOVED | FINAL_KEPT))})")
        if ref not in self._pending:
            return False
        self._pending.discard(ref)
        if state in FINAL_REMOVED:
            self._apply(self._refs[ref], -1)
            self._removed.add(ref)
        return True

    def _apply(self, o: Outflow, sign: int) -> None:
        amount = o.amount_cny * sign
        day = local_day(o.at)
        if self._history:
            for key in [k for k in self._history if k[0] == o.member_id]:
                del self._history[key]
        year = day.year
        a, p = o.account_id, o.member_id
        self._acct_day[a, day] += amount
        self._acct_total[a] += amount
        if not o.to_bound:
            self._acct_day_nonbound[a, day] += amount
            self._acct_year_nonbound[a, year] += amount
        if not o.same_name_bank:
            self._acct_day_pay[a, day] += amount
            self._acct_year_pay[a, year] += amount
        self._person_day[p, day] += amount
        if not o.same_name:
            self._person_day_others[p, day] += amount
            self._person_day_others_n[p, day] += sign
        if o.channel != "counter":
            self._person_day_noncounter[p, day] += amount
        if o.channel == "static_qr":
            self._person_day_qr[p, day] += amount
        if o.cross_border:
            self._person_day_crossborder[p, day] += amount
        else:
            self._person_day_domestic[p, day] += amount
        if o.usd_equivalent is not None:
            self._person_year_fx[p, year] += o.usd_equivalent * sign
        if o.payee_key is not None:
            self._payees[p, o.payee_key] += sign
        if o.platforms is not None:
            self._pairs[p, o.platforms] += sign

    # -- queries ---------------------------------------------------------------------------------------
    def account_day(self, account_id: int, day: date) -> Decimal:
        return self._acct_day.get((account_id, day), ZERO)

    def account_day_nonbound(self, account_id: int, day: date) -> Decimal:
        return self._acct_day_nonbound.get((account_id, day), ZERO)

    def account_year_nonbound(self, account_id: int, year: int) -> Decimal:
        return self._acct_year_nonbound.get((account_id, year), ZERO)

    def account_day_payment(self, account_id: int, day: date) -> Decimal:
        return self._acct_day_pay.get((account_id, day), ZERO)

    def account_year_payment(self, account_id: int, year: int) -> Decimal:
        return self._acct_year_pay.get((account_id, year), ZERO)

    def account_total(self, account_id: int) -> Decimal:
        return self._acct_total.get(account_id, ZERO)

    def person_day(self, member_id: int, day: date) -> Decimal:
        return self._person_day.get((member_id, day), ZERO)

    def person_day_others(self, member_id: int, day: date) -> Decimal:
        return self._person_day_others.get((member_id, day), ZERO)

    def person_day_noncounter(self, member_id: int, day: date) -> Decimal:
        return self._person_day_noncounter.get((member_id, day), ZERO)

    def person_day_static_qr(self, member_id: int, day: date) -> Decimal:
        return self._person_day_qr.get((member_id, day), ZERO)

    def person_day_domestic(self, member_id: int, day: date) -> Decimal:
        return self._person_day_domestic.get((member_id, day), ZERO)

    def person_day_crossborder(self, member_id: int, day: date) -> Decimal:
        return self._person_day_crossborder.get((member_id, day), ZERO)

    def person_year_fx(self, member_id: int, year: int) -> Decimal:
        return self._person_year_fx.get((member_id, year), ZERO)

    def paid_before(self, member_id: int, payee_key: str) -> bool:
        return self._payees.get((member_id, payee_key), 0) > 0

    def pair_used(self, member_id: int, pair: tuple[int, int]) -> bool:
        return self._pairs.get((member_id, pair), 0) > 0

    def last_24h(self, member_id: int, now: datetime) -> list[Outflow]:
        """The person's outflows in (now - 24 h, now], revoked ones left out; drops older ones for good."""
        window = self._windows.get(member_id)
        if window is None:
            return []
        start = now - timedelta(hours=24)
        return [o for o in window.since(start) if o.at <= now and (o.ref is None or o.ref not in self._removed)]

    def history(self, member_id: int, today: date) -> HistorySummary:
        """Outflows to others on the 90 days before ``today`` (90 bucket reads, then kept until the
        person's next outflow changes them)."""
        cached = self._history.get((member_id, today))
        if cached is not None:
            return cached
        total, peak, count, active = ZERO, ZERO, 0, 0
        for back in range(1, HISTORY_DAYS + 1):
            key = (member_id, today - timedelta(days=back))
            amount = self._person_day_others.get(key, ZERO)
            if amount > 0:
                total += amount
                peak = max(peak, amount)
                active += 1
                count += self._person_day_others_n.get(key, 0)
        avg = total / active if active else ZERO
        summary = HistorySummary(avg, peak, count, active)
        self._history[member_id, today] = summary
        return summary
