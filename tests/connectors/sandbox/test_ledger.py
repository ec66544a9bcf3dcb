"""The books add up: balances, own transfers, conservation, interest, amounts, and a lifelike history."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from connectors.sandbox import Sandbox
from connectors.sandbox.personalities import SPRING_FESTIVAL, WALLET_A_MMF_RATE, WALLET_B_MMF_RATE

from .helpers import Crawl

AMOUNT = re.compile(r"^\d+\.\d{2}$")  # CNY, USD, HKD and EUR all have two decimals


def signed(t: dict[str, Any]) -> Decimal:
    value = Decimal(t["amount"]["amount"])
    return value if t["credit_debit_indicator"] == "credit" else -value


def balance_value(b: dict[str, Any]) -> Decimal:
    value = Decimal(b["amount"]["amount"])
    return value if b["credit_debit_indicator"] == "credit" else -value


def balances_by_type(crawled: Crawl, aid: str) -> dict[str, Decimal]:
    return {b["type"]: balance_value(b) for b in crawled.balances[aid]["balances"]}


def openings(sandbox: Sandbox) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for pid in sandbox.platform_urls():
        for _, user, _ in sandbox.logins(pid):
            out.update(sandbox.opening_balances(pid, user))
    return out


def test_api_balances_equal_the_books(sandbox: Sandbox, crawled: Crawl) -> None:
    for pid in sandbox.platform_urls():
        for _, user, _ in sandbox.logins(pid):
            for aid, booked in sandbox.ledger_balances(pid, user).items():
                assert balances_by_type(crawled, aid)["interim_booked"] == booked, aid


def test_balances_are_opening_plus_booked_transactions(sandbox: Sandbox, crawled: Crawl) -> None:
    opening = openings(sandbox)
    today = sandbox.world.today.isoformat()
    for aid, txns in crawled.transactions.items():
        bal = balances_by_type(crawled, aid)
        booked = [t for t in txns if t["status"] == "booked"]
        assert bal["interim_booked"] == opening[aid] + sum(map(signed, booked)), aid
        before_today = [t for t in booked if t["booking_date_time"][:10] < today]
        assert bal["closing_booked"] == opening[aid] + sum(map(signed, before_today)), aid
        held = sum(
            Decimal(t["amount"]["amount"])
            for t in txns
            if t["status"] == "pending" and t["credit_debit_indicator"] == "debit"
        )
        limit = crawled.accounts[aid]["credit_limit"]
        extra = Decimal(limit["amount"]) if limit else Decimal(0)
        assert bal["interim_available"] == bal["interim_booked"] - held + extra, aid


def test_own_transfers_pair_up_and_net_to_zero(crawled: Crawl) -> None:
    legs: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for aid, txns in crawled.transactions.items():
        for t in txns:
            if t["own_transfer_ref"]:
                legs[t["own_transfer_ref"]].append((aid, t))
    assert len(legs) > 100
    for ref, pair in legs.items():
        assert len(pair) == 2, ref
        (a1, t1), (a2, t2) = pair
        assert a1 != a2
        assert {t1["credit_debit_indicator"], t2["credit_debit_indicator"]} == {"credit", "debit"}
        assert t1["amount"] == t2["amount"] and signed(t1) + signed(t2) == 0
        assert t1["value_date_time"] == t2["value_date_time"] and t1["status"] == t2["status"] == "booked"
        assert t1["category"] == t2["category"] in ("transfer_own", "repayment")
    # Credit bills are repaid from the holder's own debit card, in two legs.
    repayments = [p for p in legs.values() if p[0][1]["category"] == "repayment"]
    assert len(repayments) >= 30
    for (a1, _), (a2, _) in repayments:
        assert {a1.split("-")[1]} == {a2.split("-")[1]}  # same member
        assert any(a.startswith("ht-") and a.endswith("-debit") for a in (a1, a2))


def test_household_total_changes_only_by_external_flows(sandbox: Sandbox, crawled: Crawl) -> None:
    opening = openings(sandbox)
    by_ccy: dict[str, Decimal] = defaultdict(Decimal)
    external: dict[str, Decimal] = defaultdict(Decimal)
    for aid, txns in crawled.transactions.items():
        ccy = crawled.accounts[aid]["currency"]
        by_ccy[ccy] += balances_by_type(crawled, aid)["interim_booked"] - opening[aid]
        external[ccy] += sum(
            (signed(t) for t in txns if t["status"] == "booked" and not t["own_transfer_ref"]), Decimal(0)
        )
    assert by_ccy == external


def test_money_market_interest_accrues_daily(sandbox: Sandbox, crawled: Crawl) -> None:
    opening = openings(sandbox)
    start = sandbox.world.start
    days = {start + timedelta(days=i) for i in range((sandbox.world.today - start).days + 1)}
    rates = {"ep": WALLET_A_MMF_RATE, "cp": WALLET_B_MMF_RATE}
    for aid in ("ep-adult1-mmf", "ep-adult2-mmf", "cp-adult1-mmf", "cp-adult2-mmf"):
        running = opening[aid]
        posted: Counter[date] = Counter()
        for t in crawled.transactions[aid]:
            if t["category"] == "interest":
                # Yesterday's closing balance x annual rate / 365, half-up to the fen.
                want = (running * rates[aid[:2]] / 365).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                assert t["credit_debit_indicator"] == "credit" and Decimal(t["amount"]["amount"]) == want, t
                posted[date.fromisoformat(t["value_date_time"][:10])] += 1
            running += signed(t)
        assert set(posted) == days and set(posted.values()) == {1}, aid


def test_every_amount_is_a_two_decimal_string(crawled: Crawl) -> None:
    for aid, txns in crawled.transactions.items():
        for t in txns:
            assert AMOUNT.match(t["amount"]["amount"]) and Decimal(t["amount"]["amount"]) > 0, t
        for b in crawled.balances[aid]["balances"]:
            assert AMOUNT.match(b["amount"]["amount"]), b
            for line in b["credit_lines"]:
                assert AMOUNT.match(line["amount"]["amount"])
    for a in crawled.accounts.values():
        if a["credit_limit"]:
            assert AMOUNT.match(a["credit_limit"]["amount"])


def test_history_looks_like_a_household_year(sandbox: Sandbox, crawled: Crawl) -> None:
    all_txns = [(aid, t) for aid, txns in crawled.transactions.items() for t in txns]
    assert 2000 <= len(all_txns) <= 10000
    start, today = sandbox.world.start, sandbox.world.today
    for _, t in all_txns:
        assert start.isoformat() <= t["value_date_time"][:10] <= today.isoformat()
    cats = Counter(t["category"] for _, t in all_txns)
    for c in (
        "salary",
        "rent",
        "groceries",
        "dining",
        "transport",
        "red_packet",
        "refund",
        "interest",
        "repayment",
        "transfer_own",
        "shopping",
        "utilities",
        "education",
    ):
        assert cats[c] > 0, c
    # Monthly salaries for both adults, rent every month.
    salaries = Counter(
        aid for aid, t in all_txns if t["category"] == "salary" and "工资" in t["remittance_information"]
    )
    assert salaries["ht-adult1-debit"] in (12, 13) and salaries["ht-adult2-debit"] in (12, 13)
    assert cats["rent"] in (12, 13)
    # Groceries several times a week.
    assert cats["groceries"] >= 3 * 52 // 2
    # Red packets crowd around the Spring Festival.
    sf = next(date(y, *md) for y, md in SPRING_FESTIVAL.items() if start <= date(y, *md) <= today)
    near = sum(
        1
        for _, t in all_txns
        if t["category"] == "red_packet"
        and abs((date.fromisoformat(t["value_date_time"][:10]) - sf).days) <= 7
    )
    assert near > cats["red_packet"] / 4
    # Some refunds return an earlier purchase: same account, merchant and amount.
    linked = 0
    for aid, t in all_txns:
        if t["category"] == "refund" and t["merchant"]:
            linked += any(
                u["merchant"] == t["merchant"]
                and u["amount"] == t["amount"]
                and u["credit_debit_indicator"] == "debit"
                and u["value_date_time"] < t["value_date_time"]
                for u in crawled.transactions[aid]
            )
    assert linked >= 1
    # A few pending transactions, all from the last two days.
    pending = [t for _, t in all_txns if t["status"] == "pending"]
    assert pending
    now = datetime.fromisoformat(sandbox.now())
    for t in pending:
        assert now - datetime.fromisoformat(t["value_date_time"]) <= timedelta(days=2)
    # The teenager's pocket money comes from a parent (an own transfer across members).
    pocket = [
        t
        for _, t in all_txns
        if t["remittance_information"] == "零花钱" and t["credit_debit_indicator"] == "credit"
    ]
    assert len(pocket) >= 45
