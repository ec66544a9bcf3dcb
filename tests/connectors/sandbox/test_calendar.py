"""The sandbox on every day of the calendar: what the other sandbox and sync tests assume holds on each.

Each test module builds its sandbox "today"; a history starts a year before that day, so every day gives
a different history. These tests build the world at noon (Asia/Shanghai, when the suite's pinned clock
stands) of each day of two 60-day windows, one over a year end and one over a leap day, and check the
facts that tests elsewhere rely on, straight from the books and the wire views (no HTTP: fast).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal

import pytest

from app import clock
from connectors.sandbox import views
from connectors.sandbox.history import one_year_before
from connectors.sandbox.ledger import CST
from connectors.sandbox.personalities import SPRING_FESTIVAL
from connectors.sandbox.world import World

pytestmark = pytest.mark.slow

# Month ends, the days the old suite failed on (Nov 29/30, Dec 5/6), weekends, a year end...
YEAR_END = [date(2026, 11, 20) + timedelta(days=i) for i in range(60)]
# ...and a leap day with the end of February around it.
LEAP_DAY = [date(2028, 1, 31) + timedelta(days=i) for i in range(60)]
DAYS = YEAR_END + LEAP_DAY
assert date(2027, 1, 1) in DAYS and date(2028, 2, 29) in DAYS

BREAKFAST_CARD = "hx-adult2-card"  # test_pagination: pending payments near today, new ones every day
MMF = ("ep-adult1-mmf", "ep-adult2-mmf", "cp-adult1-mmf", "cp-adult2-mmf")
CARD_KINDS = ("credit_card", "debit_card")


def noon(d: date) -> datetime:
    return datetime.combine(d, dtime(12, 0), tzinfo=CST)


def world_on(d: date, seed: int) -> World:
    """The world a test would get from ``Sandbox(seed=seed)`` with the clock at noon of ``d``."""
    return World.build(seed, time_source=clock.FixedClock(noon(d)))


def feed(w: World, aid: str, after: views.FeedKey | None = None) -> tuple[list[dict], views.FeedKey]:
    """Every feed entry after ``after`` and the cursor position at the end (pages of 97)."""
    rows: list[dict] = []
    a, now = w.ledger.accounts[aid], w.now()
    while True:
        page, after, more = views.transactions_page(w.ledger, a, now, 97, after, None)
        rows += page
        if not more:
            return rows, after or views.FEED_START


def signed(t: dict) -> Decimal:
    value = Decimal(t["amount"]["amount"])
    return value if t["credit_debit_indicator"] == "credit" else -value


def balances(w: World, aid: str) -> dict[str, tuple[Decimal, dict]]:
    data = views.balances_json(w.ledger, w.ledger.accounts[aid], w.now())
    out = {}
    for b in data["balances"]:
        value = Decimal(b["amount"]["amount"])
        out[b["type"]] = (value if b["credit_debit_indicator"] == "credit" else -value, data)
    return out


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_what_the_other_tests_assume_holds_on_every_day(day: date) -> None:
    w = world_on(day, 42)
    now, ledger = w.now(), w.ledger
    assert now == noon(day) and w.today == day and w.start == one_year_before(day)
    rows = {aid: feed(w, aid)[0] for aid in ledger.accounts}

    # Balances reconcile with the feed (test_ledger, test_sync's totals).
    for aid, txns in rows.items():
        a = ledger.accounts[aid]
        b = balances(w, aid)
        booked = [t for t in txns if t["status"] == "booked"]
        assert b["interim_booked"][0] == a.opening_balance + sum(map(signed, booked)), aid
        before = [t for t in booked if t["booking_date_time"][:10] < day.isoformat()]
        assert b["closing_booked"][0] == a.opening_balance + sum(map(signed, before)), aid
        held = sum((Decimal(t["amount"]["amount"]) for t in txns
                    if t["status"] == "pending" and t["credit_debit_indicator"] == "debit"), Decimal(0))
        assert b["interim_available"][0] == b["interim_booked"][0] - held + (a.credit_limit or 0), aid
        ids = [t["transaction_id"] for t in txns]
        assert len(ids) == len(set(ids)), aid
        changed = [t["booking_date_time"] or t["value_date_time"] for t in txns]
        assert changed == sorted(changed), aid
        # Nothing later than now is on the books (a posting made now stays in value-time order).
        assert all(t.value_time <= now for t in ledger.txns[aid]), aid

    # Own transfers pair up, booked at once, and net to zero (test_ledger).
    legs: dict[str, list[dict]] = defaultdict(list)
    for txns in rows.values():
        for t in txns:
            if t["own_transfer_ref"]:
                legs[t["own_transfer_ref"]].append(t)
    assert len(legs) > 100
    assert all(len(p) == 2 and sum(map(signed, p)) == 0 and {t["status"] for t in p} == {"booked"}
               for p in legs.values())
    assert sum(1 for p in legs.values() if p[0]["category"] == "repayment") >= 30

    # Money-market funds post one yield a day, today's included (test_ledger).
    days = {w.start + timedelta(days=i) for i in range((day - w.start).days + 1)}
    for aid in MMF:
        posted = Counter(t["value_date_time"][:10] for t in rows[aid] if t["category"] == "interest")
        assert set(posted) == {d.isoformat() for d in days} and set(posted.values()) == {1}, aid

    # The accounts test_pagination walks: sizes, pending on the breakfast card, one page for the teen.
    assert len(rows["cp-adult1-balance"]) > 300
    assert len(rows[BREAKFAST_CARD]) > 100
    assert {t["status"] for t in rows[BREAKFAST_CARD]} == {"pending", "booked"}
    assert len(rows["jx-teen-balance"]) < 500
    month_start = day.replace(day=1).isoformat()
    assert any(t["status"] == "booked" and t["booking_date_time"][:10] < month_start
               for t in rows[BREAKFAST_CARD])

    # Credit accounts owe, and one of them has an open bill (openapi test_credit_accounts_can_owe...).
    credit = [aid for aid, a in ledger.accounts.items()
              if a.platform_id in ("bank_b", "wallet_a") and a.is_credit]
    assert any(balances(w, aid)["interim_booked"][0] < 0 for aid in credit)
    assert any("statement" in balances(w, aid)["interim_booked"][1] for aid in credit)

    # A household year (test_ledger's test_history_looks_like_a_household_year, test_sync's span).
    all_rows = [t for txns in rows.values() for t in txns]
    assert 2000 <= len(all_rows) <= 10000
    cats = Counter(t["category"] for t in all_rows)
    salaries = Counter(aid for aid, txns in rows.items() for t in txns
                       if t["category"] == "salary" and "工资" in t["remittance_information"])
    assert salaries["ht-adult1-debit"] in (12, 13) and salaries["ht-adult2-debit"] in (12, 13)
    assert cats["rent"] in (12, 13) and cats["groceries"] >= 3 * 52 // 2 and cats["refund"] > 0
    assert any(w.start <= date(y, *md) <= day for y, md in SPRING_FESTIVAL.items())
    first = min(t["value_date_time"][:10] for t in all_rows)
    assert (day - date.fromisoformat(first)).days >= 360

    # FX quotes for the currencies the demo holds (test_sync's rate dates).
    for ccy in ("USD", "HKD", "EUR"):
        assert Decimal(views.fx_quote_json(w.seed, now, ccy, "CNY")["rate"]) > 0

    # Two days on: every pending payment has booked under its id, and new ones came (test_pagination,
    # test_sync's pending-to-booked). One day on, the fund's news holds the new day's yield.
    _, stored = feed(w, "ep-adult2-mmf")
    pending = {t["transaction_id"] for t in rows[BREAKFAST_CARD] if t["status"] == "pending"}
    _, card_cursor = feed(w, BREAKFAST_CARD)
    w.advance(timedelta(days=1))
    news, _ = feed(w, "ep-adult2-mmf", stored)
    assert [t["value_date_time"][:10] for t in news if t["category"] == "interest"] == [
        (day + timedelta(days=1)).isoformat()
    ]
    w.advance(timedelta(days=1))
    changes, _ = feed(w, BREAKFAST_CARD, card_cursor)
    by_id = {t["transaction_id"]: t for t in changes}
    assert all(by_id[tid]["status"] == "booked" for tid in pending)
    assert set(by_id) - pending, "two more days of breakfasts"


@pytest.mark.parametrize("seed", [7, 11])
@pytest.mark.parametrize("window", [YEAR_END, LEAP_DAY], ids=["year_end", "leap_day"])
def test_other_seeds_have_pending_card_payments_every_day(seed: int, window: list[date]) -> None:
    # test_sync (seed 7) needs pending transactions after the demo's first sync; the stored-cursor test
    # (seed 11) needs bank_b to change within three days.
    for day in window:
        w = world_on(day, seed)
        now = w.now()
        pending = [aid for aid in (BREAKFAST_CARD, "hx-adult1-card") if w.ledger.pending(aid, now)]
        assert BREAKFAST_CARD in pending, (seed, day)
        before = {aid: len(w.ledger.visible(aid, now)) for aid in w.ledger.accounts if aid.startswith("hx-")}
        w.advance(timedelta(days=3))
        assert any(len(w.ledger.visible(aid, w.now())) > n for aid, n in before.items()), (seed, day)


@pytest.mark.parametrize("window", [YEAR_END, LEAP_DAY], ids=["year_end", "leap_day"])
def test_walking_day_by_day_keeps_the_feed_stable(window: list[date]) -> None:
    """One world lives through the window: a stored cursor yields exactly what appeared or changed, and
    what a client holds after resuming equals a fresh walk."""
    w = world_on(window[0], 42)
    held = {aid: {t["transaction_id"]: t for t in feed(w, aid)[0]} for aid in w.ledger.accounts}
    cursors = {aid: feed(w, aid)[1] for aid in w.ledger.accounts}
    for _ in window[1:]:
        w.advance(timedelta(days=1))
        for aid in w.ledger.accounts:
            changes, cursors[aid] = feed(w, aid, cursors[aid])
            assert all(held[aid].get(t["transaction_id"]) != t for t in changes), aid
            held[aid].update({t["transaction_id"]: t for t in changes})
    for aid in w.ledger.accounts:
        assert held[aid] == {t["transaction_id"]: t for t in feed(w, aid)[0]}, aid
    assert w.today == window[-1]


def test_small_steps_write_the_same_books_as_one_long_step() -> None:
    """Stopping the history mid-day (real time, or advancing by hours) changes nothing."""
    start = date(2026, 12, 30)
    coarse, fine = world_on(start, 42), world_on(start, 42)
    coarse.advance(timedelta(days=4))
    for _ in range(4 * 24 // 5 + 1):
        fine.advance(timedelta(hours=5))
    fine_now = fine.now()
    coarse.advance(fine_now - coarse.now())
    assert coarse.now() == fine_now
    assert {aid: [(t.transaction_id, t.value_time, t.amount) for t in txns]
            for aid, txns in coarse.ledger.txns.items()} == {
        aid: [(t.transaction_id, t.value_time, t.amount) for t in txns] for aid, txns in fine.ledger.txns.items()}
    assert coarse.ledger.statements == fine.ledger.statements


def test_the_world_follows_the_app_clock_and_takes_a_posting_made_now(
    clock_now: clock.FixedClock,
) -> None:
    """Served, the sandbox runs in real time: the books reach the present as the clock moves, and a
    transfer made at the present moment is accepted (nothing later is on the books yet)."""
    w = World.build(42)  # no time source: it follows app.clock, as `huiliu sandbox serve` does
    assert w.now() == clock.utcnow()
    seen = sum(len(t) for t in w.ledger.txns.values())
    clock_now.advance(hours=8)  # 20:00 in Shanghai
    with w.lock:
        now = w.now()
        assert now == clock.utcnow() and now.hour == 20
        assert sum(len(t) for t in w.ledger.txns.values()) > seen, "the afternoon happened"
        assert all(t.value_time <= now for txns in w.ledger.txns.values() for t in txns)
        ref = w.ledger.own_transfer("ht-adult1-debit", "ht-adult1-eacct", now, Decimal("10.00"),
                                    "transfer_own", "现在转账")
    legs = [t for aid in ("ht-adult1-debit", "ht-adult1-eacct") for t in w.ledger.visible(aid, w.now())
            if t.own_transfer_ref == ref]
    assert len(legs) == 2 and all(t.booking_time <= w.now() for t in legs)
    clock_now.advance(days=1)  # the history carries on after it
    assert w.today == date(2026, 12, 5)
    assert all(len(w.ledger.visible(aid, w.now())) >= 1 for aid in MMF)
