"""Cross-currency transfers at the multi-currency bank: a firm quote first, then a transfer that uses it.

The quote is checked against the bank's own figures (seeded mid rate less the spread, fee with its
minimum, amount bought rounded down), the transfer credits exactly the quoted amount, and the refusals
(unknown, expired, mismatched, used, not between own accounts) move nothing. Money stays conserved per
currency with the FX desk as the counterparty; both legs come back through the feeds; a sandbox brought
back keeps the quotes and the transfers.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import Path

import httpx
import pytest

from app import clock
from app.sync.contract import RemoteTransaction, TransferQuote
from app.sync.errors import TransferRefused
from connectors.openapi import OpenAPIConnector
from connectors.sandbox import Sandbox
from connectors.sandbox.fxdesk import DESK_NAME
from connectors.sandbox.history import fx_mid
from connectors.sandbox.provider import PROVIDER
from tests.connectors.sandbox.helpers import check_response
from tests.connectors.transferkit import connect, history_flow, order, total

pytestmark = pytest.mark.anyio
ACCOUNTS = {"CNY": "hy-adult1-cny", "USD": "hy-adult1-usd", "HKD": "hy-adult1-hkd", "EUR": "hy-adult1-eur"}
HOLDER = "王建国"
CURRENCIES = ("CNY", "USD", "HKD", "EUR")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed=42, rate_limit=0, clearing_seconds=5) as sb:
        yield sb


def held(sb: Sandbox, account: str) -> Decimal:
    sb.world.now()
    return sb.world.ledger.running[account]


def expected_quote(sb: Sandbox, sell: str, buy: str, amount: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """(rate, fee, buy amount) from the bank's published figures, worked out here independently."""
    p = sb.world.platforms["fx"]
    day = sb.world.now().date()
    mid = fx_mid(sb.seed, sell, day) / fx_mid(sb.seed, buy, day)
    raw = mid * (Decimal(1) - Decimal("0.0030"))
    rate = raw.quantize(Decimal("0.0001") if raw >= 1 else Decimal("0.000001"), rounding=ROUND_DOWN)
    share = (amount * Decimal("0.0010")).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    fee = max(share, p.fx_fee_min[sell])
    return rate, fee, ((amount - fee) * rate).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def test_the_bank_s_fx_figures_are_data() -> None:
    with Sandbox(seed=1) as sb:
        p = sb.world.platforms["fx"]
        assert {"fx_quotes", "transfers"} <= set(p.capabilities)
        assert (p.fx_spread, p.fx_fee_rate, p.fx_quote_seconds) == (Decimal("0.0030"), Decimal("0.0010"), 60)
        assert set(p.fx_fee_min) == set(CURRENCIES)


# ----------------------------------------------------------------------------------- quote, then transfer


async def test_cny_to_usd_settles_with_exactly_the_quoted_amount_and_fee(sandbox: Sandbox) -> None:
    conn, _, _ = await connect(sandbox, "fx")
    before = total(sandbox.money(), "CNY"), total(sandbox.money(), "USD")
    cny, usd = held(sandbox, ACCOUNTS["CNY"]), held(sandbox, ACCOUNTS["USD"])
    q = await conn.quote_transfer(ACCOUNTS["CNY"], "USD", Decimal("2000.00"))
    rate, fee, bought = expected_quote(sandbox, "CNY", "USD", Decimal("2000.00"))
    assert isinstance(q, TransferQuote)
    assert (q.sell_currency, q.buy_currency, q.sell_amount, q.from_account) == ("CNY", "USD", Decimal("2000.00"),
                                                                               ACCOUNTS["CNY"])
    assert (q.rate, q.fee, q.buy_amount) == (rate, fee, bought)
    assert q.fee == Decimal("2.00")  # 0.1% of 2,000 (above the 1.00 minimum)
    assert q.valid_until - q.quoted_at == timedelta(seconds=60)
    assert q.quoted_at.utcoffset() == timedelta(hours=8)
    # The quote alone moves nothing.
    assert (held(sandbox, ACCOUNTS["CNY"]), held(sandbox, ACCOUNTS["USD"])) == (cny, usd)
    t = await conn.submit_transfer(order("fx-1", ACCOUNTS["CNY"], "fx", ACCOUNTS["USD"], HOLDER, "2000.00",
                                         memo="购汇", quote_id=q.quote_id))
    assert t.status == "settled"
    assert (t.amount, t.currency) == (Decimal("2000.00"), "CNY")
    assert (t.received_amount, t.received_currency) == (q.buy_amount, "USD")
    assert held(sandbox, ACCOUNTS["CNY"]) == cny - Decimal("2000.00")
    assert held(sandbox, ACCOUNTS["USD"]) == usd + q.buy_amount
    money = sandbox.money()
    assert money["fx_desk"] == {"CNY": Decimal("2000.00"), "USD": -q.buy_amount}
    assert (total(money, "CNY"), total(money, "USD")) == before
    assert await conn.transfer(t.transfer_id) == t
    await conn.aclose()


@pytest.mark.parametrize("sell,buy,amount", [
    ("USD", "CNY", "300.00"), ("CNY", "HKD", "500.00"), ("HKD", "EUR", "1000.00"), ("EUR", "USD", "50.00"),
    ("CNY", "EUR", "100.00"),  # the fee's minimum: 0.1% is 0.10, the bank takes 1.00
])
async def test_every_pair_uses_the_bank_s_rate_and_credits_the_quote(
    sandbox: Sandbox, sell: str, buy: str, amount: str
) -> None:
    conn, _, _ = await connect(sandbox, "fx")
    src, dst = ACCOUNTS[sell], ACCOUNTS[buy]
    was = held(sandbox, src), held(sandbox, dst)
    q = await conn.quote_transfer(src, buy, Decimal(amount))
    assert (q.rate, q.fee, q.buy_amount) == expected_quote(sandbox, sell, buy, Decimal(amount))
    t = await conn.submit_transfer(order(f"pair-{sell}-{buy}", src, "fx", dst, HOLDER, amount, currency=sell,
                                         quote_id=q.quote_id))
    assert (t.status, t.received_amount, t.received_currency) == ("settled", q.buy_amount, buy)
    assert (held(sandbox, src), held(sandbox, dst)) == (was[0] - Decimal(amount), was[1] + q.buy_amount)
    await conn.aclose()


async def test_a_quote_holds_60_seconds_and_not_a_moment_more(sandbox: Sandbox, clock_now: clock.FixedClock) -> None:
    conn, _, _ = await connect(sandbox, "fx")
    on_time = await conn.quote_transfer(ACCOUNTS["USD"], "CNY", Decimal("10.00"))
    late = await conn.quote_transfer(ACCOUNTS["USD"], "CNY", Decimal("11.00"))
    clock_now.advance(seconds=60)
    t = await conn.submit_transfer(order("v-1", ACCOUNTS["USD"], "fx", ACCOUNTS["CNY"], HOLDER, "10.00",
                                         currency="USD", quote_id=on_time.quote_id))
    assert t.status == "settled"
    clock_now.advance(seconds=1)
    before = held(sandbox, ACCOUNTS["USD"])
    with pytest.raises(TransferRefused) as info:
        await conn.submit_transfer(order("v-2", ACCOUNTS["USD"], "fx", ACCOUNTS["CNY"], HOLDER, "11.00",
                                         currency="USD", quote_id=late.quote_id))
    assert info.value.code == "quote_expired"
    assert held(sandbox, ACCOUNTS["USD"]) == before
    assert await conn.transfer_by_key("v-2") is None  # refused, not recorded: a new quote, a new order
    await conn.aclose()


async def test_unknown_mismatched_used_and_foreign_quotes_are_refused(sandbox: Sandbox) -> None:
    conn, _, _ = await connect(sandbox, "fx")
    q = await conn.quote_transfer(ACCOUNTS["CNY"], "USD", Decimal("100.00"))
    balances = sandbox.ledger_balances("fx", "wangjg.global")
    money = sandbox.money()
    cases = [
        ("unknown", dict(quote_id="fq_made_up"), "quote_unknown"),
        ("amount", dict(amount="100.01"), "quote_mismatch"),
        ("account", dict(src=ACCOUNTS["HKD"], currency="HKD"), "quote_mismatch"),
        ("receiver", dict(dst=ACCOUNTS["EUR"]), "quote_mismatch"),
        ("elsewhere", dict(to="bank_a", dst="ht-adult1-debit"), "not_supported"),
    ]
    for name, change, code in cases:
        with pytest.raises(TransferRefused) as info:
            await conn.submit_transfer(order(
                f"bad-{name}", change.get("src", ACCOUNTS["CNY"]), change.get("to", "fx"),
                change.get("dst", ACCOUNTS["USD"]), HOLDER, change.get("amount", "100.00"),
                currency=change.get("currency", "CNY"), quote_id=change.get("quote_id", q.quote_id)))
        assert info.value.code == code, name
    assert sandbox.ledger_balances("fx", "wangjg.global") == balances and sandbox.money() == money
    # Without a quote the currencies must agree, as anywhere.
    with pytest.raises(TransferRefused) as info:
        await conn.submit_transfer(order("bad-none", ACCOUNTS["CNY"], "fx", ACCOUNTS["USD"], HOLDER, "100.00"))
    assert info.value.code == "currency_mismatch"
    first = await conn.submit_transfer(order("ok", ACCOUNTS["CNY"], "fx", ACCOUNTS["USD"], HOLDER, "100.00",
                                             quote_id=q.quote_id))
    assert first.status == "settled"
    with pytest.raises(TransferRefused) as info:  # a quote serves one transfer
        await conn.submit_transfer(order("again", ACCOUNTS["CNY"], "fx", ACCOUNTS["USD"], HOLDER, "100.00",
                                         quote_id=q.quote_id))
    assert info.value.code == "quote_used"
    # The same key and order again is the first transfer, not a second use.
    assert await conn.submit_transfer(order("ok", ACCOUNTS["CNY"], "fx", ACCOUNTS["USD"], HOLDER, "100.00",
                                            quote_id=q.quote_id)) == first
    # A bank that makes no exchanges refuses a quote id.
    bank, _, _ = await connect(sandbox, "bank_a")
    with pytest.raises(TransferRefused) as info:
        await bank.submit_transfer(order("b-1", "ht-adult1-debit", "bank_a", "ht-adult1-eacct", HOLDER, "1.00",
                                         quote_id=q.quote_id))
    assert info.value.code == "quote_unknown"
    with pytest.raises(TransferRefused) as info:
        await bank.quote_transfer("ht-adult1-debit", "USD", Decimal("1.00"))
    assert info.value.code == "not_supported"
    await bank.aclose()
    await conn.aclose()


async def test_quote_requests_are_checked_and_match_the_document(sandbox: Sandbox) -> None:
    conn, _, _ = await connect(sandbox, "fx")
    token = (await conn._fresh_tokens()).access_token
    url = sandbox.platform_urls()["fx"] + "/fx/quotes"

    def ask(body: object, content_type: str = "application/json", bearer: str = token) -> httpx.Response:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return httpx.post(url, content=raw, timeout=10,
                          headers={"authorization": f"Bearer {bearer}", "content-type": content_type})

    good = {"from_account": ACCOUNTS["CNY"], "sell_amount": "500.00", "buy_currency": "HKD"}
    created = check_response(ask(good), "POST", "/fx/quotes")
    assert created["data"]["sell_amount"] == {"amount": "500.00", "currency": "CNY"}
    assert created["data"]["fee"] == {"amount": "1.00", "currency": "CNY"}
    for body, words in (
        ({**good, "buy_currency": "JPY"}, "buy_currency"),
        ({**good, "buy_currency": "CNY"}, "already holds CNY"),
        ({**good, "sell_amount": 500}, "decimal string"),
        ({**good, "sell_amount": "500.001"}, "whole fen"),
        ({**good, "sell_amount": "-5.00"}, "positive"),
        ({**good, "sell_amount": "0.50"}, "does not cover the fee"),
        ({**good, "extra": 1}, "exactly"),
        (b"{not json", "not JSON"),
    ):
        problem = check_response(ask(body), "POST", "/fx/quotes")
        assert problem["code"] == "bad_request" and words in problem["detail"], (body, problem)
    assert check_response(ask(good, "text/plain"), "POST", "/fx/quotes")["code"] == "bad_request"
    assert check_response(ask({**good, "from_account": "ht-adult1-debit"}), "POST", "/fx/quotes")["code"] == "not_found"
    assert check_response(ask(good, bearer="nope"), "POST", "/fx/quotes")["code"] == "invalid_token"
    await conn.aclose()
    # A consent for reading only may not ask for quotes; one with fx_quotes alone may.
    reader, _, _ = await connect(sandbox, "fx", scope="accounts balances", register=False)
    with pytest.raises(TransferRefused) as info:
        await reader.quote_transfer(ACCOUNTS["CNY"], "USD", Decimal("10.00"))
    assert info.value.code == "scope_missing"
    answer = ask(good, bearer=(await reader._fresh_tokens()).access_token)
    assert check_response(answer, "POST", "/fx/quotes")["code"] == "insufficient_scope"
    await reader.aclose()
    quoter, _, _ = await connect(sandbox, "fx", scope="accounts fx_quotes", register=False)
    assert (await quoter.quote_transfer(ACCOUNTS["EUR"], "CNY", Decimal("10.00"))).sell_currency == "EUR"
    await quoter.aclose()


# ----------------------------------------------------------------------------------- conservation


async def test_money_is_conserved_per_currency_with_the_fx_desk(sandbox: Sandbox, clock_now: clock.FixedClock) -> None:
    conn, _, _ = await connect(sandbox, "fx")
    rng = random.Random(12)
    start = sandbox.world.now()
    before = {c: total(sandbox.money(), c) for c in CURRENCIES}
    outcomes: dict[str, int] = {}
    for i in range(40):
        sell, buy = rng.sample(CURRENCIES, 2)
        amount = rng.choice(["0.99", "1.50", "10.00", "123.45", "999.99", "5000.00", "90000.00"])
        try:
            q = await conn.quote_transfer(ACCOUNTS[sell], buy, Decimal(amount))
        except TransferRefused as exc:  # too small for the fee
            outcomes[exc.code] = outcomes.get(exc.code, 0) + 1
            continue
        if rng.random() < 0.15:
            clock_now.advance(seconds=61)  # (the histories run on meanwhile: their own flows are counted)
        others = [c for c in CURRENCIES if c not in (sell, buy)]
        dst = ACCOUNTS[buy] if rng.random() < 0.9 else ACCOUNTS[rng.choice(others)]
        try:
            t = await conn.submit_transfer(order(f"c{i}", ACCOUNTS[sell], "fx", dst, HOLDER, amount,
                                                 currency=sell, quote_id=q.quote_id))
            outcomes[t.status] = outcomes.get(t.status, 0) + 1
        except TransferRefused as exc:
            outcomes[exc.code] = outcomes.get(exc.code, 0) + 1
        if rng.random() < 0.2:  # same currency from the bank's CNY account to another bank: it clears
            try:
                sent = await conn.submit_transfer(order(f"o{i}", ACCOUNTS["CNY"], "bank_a", "ht-adult1-debit",
                                                        HOLDER, "50.00"))
                outcomes["out_" + sent.status] = outcomes.get("out_" + sent.status, 0) + 1
            except TransferRefused as exc:
                outcomes[exc.code] = outcomes.get(exc.code, 0) + 1
        now = sandbox.world.now()
        money = sandbox.money()
        for c in CURRENCIES:
            assert total(money, c) == before[c] + history_flow(sandbox, start, now, c), (i, c)
    assert {"settled", "insufficient_funds", "quote_expired", "quote_mismatch", "bad_request",
            "out_clearing"} <= set(outcomes), outcomes
    assert set(sandbox.money()["fx_desk"]) == set(CURRENCIES)
    await conn.aclose()


# ----------------------------------------------------------------------------------- the feeds, resume


async def test_both_legs_come_back_through_the_feeds(sandbox: Sandbox) -> None:
    conn, _, _ = await connect(sandbox, "fx")
    q = await conn.quote_transfer(ACCOUNTS["CNY"], "EUR", Decimal("800.00"))
    t = await conn.submit_transfer(order("feed-1", ACCOUNTS["CNY"], "fx", ACCOUNTS["EUR"], HOLDER, "800.00",
                                         memo="换欧元", quote_id=q.quote_id))

    async def legs(account: str) -> list[RemoteTransaction]:
        rows: list[RemoteTransaction] = []
        cursor = None
        while True:
            page = await conn.transactions(account, cursor)
            rows += [r for r in page.transactions if r.memo == "换欧元"]
            cursor = page.next_cursor
            if not page.has_more:
                return rows

    (out,) = await legs(ACCOUNTS["CNY"])
    (into,) = await legs(ACCOUNTS["EUR"])
    assert (out.amount, out.currency, into.amount, into.currency) == (Decimal("-800.00"), "CNY", q.buy_amount, "EUR")
    assert out.status == into.status == "booked" and out.booked_at == into.booked_at == t.settled_at
    # An exchange is two flows with the bank's FX desk, as its history's own exchanges are: no own-transfer pair.
    assert out.counterparty == into.counterparty == DESK_NAME
    assert out.category == into.category == "other"
    assert out.own_transfer_ref is None and into.own_transfer_ref is None
    assert out.counterparty_account and into.counterparty_account
    await conn.aclose()


async def test_quotes_and_exchanges_survive_a_restart_of_the_demo_sandbox(
    tmp_path: Path, clock_now: clock.FixedClock
) -> None:
    local = PROVIDER.start(tmp_path)
    try:
        sb = local.sandbox
        conn, _, cfg = await connect(sb, "fx")
        q = await conn.quote_transfer(ACCOUNTS["USD"], "HKD", Decimal("100.00"))
        done = await conn.submit_transfer(order("r-1", ACCOUNTS["USD"], "fx", ACCOUNTS["HKD"], HOLDER, "100.00",
                                                currency="USD", quote_id=q.quote_id))
        spare = await conn.quote_transfer(ACCOUNTS["CNY"], "USD", Decimal("300.00"))  # asked, never used
        await conn.aclose()
        balances = sb.ledger_balances("fx", "wangjg.global")
        money = sb.money()
    finally:
        local.stop()
    back = PROVIDER.resume(tmp_path)
    assert back is not None
    try:
        sb = back.sandbox
        assert sb.ledger_balances("fx", "wangjg.global") == balances
        assert sb.money() == money and money["fx_desk"]
        again = OpenAPIConnector(cfg)
        assert await again.transfer_by_key("r-1") == done
        with pytest.raises(TransferRefused) as info:  # still spent after the restart
            await again.submit_transfer(order("r-2", ACCOUNTS["USD"], "fx", ACCOUNTS["HKD"], HOLDER, "100.00",
                                              currency="USD", quote_id=q.quote_id))
        assert info.value.code == "quote_used"
        # Only quotes that transfers used are kept: an unused one is asked for again.
        with pytest.raises(TransferRefused) as info:
            await again.submit_transfer(order("r-3", ACCOUNTS["CNY"], "fx", ACCOUNTS["USD"], HOLDER, "300.00",
                                              quote_id=spare.quote_id))
        assert info.value.code == "quote_unknown"
        fresh = await again.quote_transfer(ACCOUNTS["CNY"], "USD", Decimal("300.00"))
        used = await again.submit_transfer(order("r-4", ACCOUNTS["CNY"], "fx", ACCOUNTS["USD"], HOLDER, "300.00",
                                                 quote_id=fresh.quote_id))
        assert (used.status, used.received_amount) == ("settled", fresh.buy_amount)
        await again.aclose()
        money = sb.money()
    finally:
        back.stop()
    third = PROVIDER.resume(tmp_path)
    assert third is not None
    try:
        assert third.sandbox.money() == money
    finally:
        third.stop()
