"""Transfers on the sandbox's books: conservation, refusals, limits, scheduling, idempotency, the feed, resume."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from app import clock
from app.sync.contract import RemoteTransaction
from app.sync.errors import TransferRefused
from connectors.openapi import OpenAPIConnector
from connectors.sandbox import Sandbox
from connectors.sandbox.limits import BANK_LIMITS, ECNY_LIMITS, WALLET_LIMITS
from connectors.sandbox.provider import PROVIDER
from tests.connectors.transferkit import connect, history_flow, order, total

pytestmark = pytest.mark.anyio
CLEARING = 5


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    # One per test: tests move the clock and post transfers that would change each other's books.
    with Sandbox(seed=42, rate_limit=0, clearing_seconds=CLEARING) as sb:
        yield sb


async def feed(conn: OpenAPIConnector, account_id: str) -> list[RemoteTransaction]:
    out: list[RemoteTransaction] = []
    cursor = None
    while True:
        page = await conn.transactions(account_id, cursor)
        out.extend(page.transactions)
        cursor = page.next_cursor
        if not page.has_more:
            return out


# ----------------------------------------------------------------------------------- conservation


async def test_money_is_conserved_across_every_platform(sandbox: Sandbox, clock_now: clock.FixedClock) -> None:
    a1_bank, _, _ = await connect(sandbox, "bank_a", 0)
    a2_bank, _, _ = await connect(sandbox, "bank_a", 1)
    a1_wallet, _, _ = await connect(sandbox, "wallet_b", 0)
    a2_ecny, _, _ = await connect(sandbox, "ecny", 1)
    senders = [
        (a1_bank, ["ht-adult1-debit", "ht-adult1-eacct"]), (a2_bank, ["ht-adult2-debit", "ht-adult2-eacct"]),
        (a1_wallet, ["cp-adult1-balance", "cp-adult1-mmf"]), (a2_ecny, ["dc-adult2-w4"]),
    ]
    receivers = [
        ("bank_a", "ht-adult1-debit", "王建国"), ("bank_a", "ht-adult2-debit", "李梅"), ("bank_a", "ht-teen-debit", "王小雨"),
        ("wallet_a", "ep-adult1-balance", "王建国"), ("wallet_b", "cp-adult2-balance", "李梅"),
        ("ecny", "dc-adult1-w2", "王建国"), ("bank_b", "hx-adult1-card", "王建国"),
        ("outside_bank", "6222020000001234", "赵磊"), ("wallet_a", "ep-nobody-balance", "无名"),
    ]
    rng = random.Random(7)
    start = sandbox.world.now()
    before = total(sandbox.money())
    outcomes: dict[str, int] = {}
    scheduled = []
    for i in range(60):
        conn, accounts = rng.choice(senders)
        src = rng.choice(accounts)
        to_platform, dst, name = rng.choice(receivers)
        if dst == src:
            continue
        amount = rng.choice(["0.01", "1.00", "57.30", "300.00", "2000.01", "4999.99", "12000.00", "900000.00"])
        when = {}
        if conn is a1_bank and rng.random() < 0.2:
            when = {"execute_at": clock_now.now() + timedelta(seconds=rng.randint(1, 20))}
        try:
            t = await conn.submit_transfer(order(f"k{i}", src, to_platform, dst, name, amount, **when))
            outcomes[t.status] = outcomes.get(t.status, 0) + 1
            if t.status == "scheduled":
                scheduled.append((conn, t))
        except TransferRefused as exc:
            outcomes[exc.code] = outcomes.get(exc.code, 0) + 1
        # At one frozen instant nothing but transfers moves money: exactly conserved, every time.
        assert total(sandbox.money()) == before
    for conn, t in scheduled[::2]:
        await conn.cancel_transfer(t.transfer_id)
    assert total(sandbox.money()) == before
    assert {"settled", "clearing", "insufficient_funds", "unknown_account"} <= set(outcomes), outcomes
    assert sandbox.money()["in_flight"] and sandbox.money()["outside"]
    # Scheduled ones execute and clearing completes as time passes; the histories move money too,
    # and nothing else does.
    clock_now.advance(seconds=30)
    end = sandbox.world.now()
    money = sandbox.money()
    assert money["in_flight"] == {}
    assert total(money) == before + history_flow(sandbox, start, end)
    for conn in (a1_bank, a2_bank, a1_wallet, a2_ecny):
        await conn.aclose()


# ----------------------------------------------------------------------------------- refusals and limits


async def test_insufficient_funds_moves_nothing(sandbox: Sandbox) -> None:
    conn, _, _ = await connect(sandbox, "bank_a", 2)  # the teenager's card
    before = sandbox.ledger_balances("bank_a", "wangxiaoyu")
    balance = before["ht-teen-debit"]
    with pytest.raises(TransferRefused) as info:
        await conn.submit_transfer(order("nf-1", "ht-teen-debit", "wallet_b", "cp-teen-balance", "王小雨",
                                         str(balance + Decimal("0.01"))))
    assert info.value.code == "insufficient_funds"
    assert sandbox.ledger_balances("bank_a", "wangxiaoyu") == before
    rejected = await conn.transfer_by_key("nf-1")
    assert rejected is not None and (rejected.status, rejected.reason_code) == ("rejected", "insufficient_funds")
    exact = await conn.submit_transfer(order("nf-2", "ht-teen-debit", "bank_a", "ht-adult1-debit", "王建国", str(balance)))
    assert exact.status == "settled"
    assert sandbox.ledger_balances("bank_a", "wangxiaoyu")["ht-teen-debit"] == 0
    await conn.aclose()


async def test_unknown_accounts_and_names_are_refused(sandbox: Sandbox) -> None:
    conn, _, _ = await connect(sandbox, "bank_a")
    for to_platform, dst, name, code in (
        ("bank_a", "ht-nobody-debit", "王建国", "unknown_account"),
        ("wallet_b", "cp-adult2-balance", "王建国", "name_mismatch"),
        ("fx", "hy-adult1-usd", "王建国", "currency_mismatch"),
    ):
        with pytest.raises(TransferRefused) as info:
            await conn.submit_transfer(order(f"u-{code}", "ht-adult1-debit", to_platform, dst, name, "1.00"))
        assert info.value.code == code
    await conn.aclose()


async def test_class_ii_is_limited_to_10000_a_day_to_non_bound_accounts(sandbox: Sandbox, clock_now: clock.FixedClock) -> None:
    conn, _, _ = await connect(sandbox, "bank_a")
    src = "ht-adult1-eacct"
    # Top the Class II account up from its bound Class I card (inflows from the bound account are free).
    await conn.submit_transfer(order("top", "ht-adult1-debit", "bank_a", src, "王建国", "30000.00"))
    with pytest.raises(TransferRefused) as info:
        await conn.submit_transfer(order("c2-a", src, "wallet_b", "cp-adult2-balance", "李梅", "10000.01"))
    assert info.value.code == "limit_exceeded" and "bank.class2.daily" in info.value.detail
    assert (await conn.submit_transfer(order("c2-b", src, "wallet_b", "cp-adult2-balance", "李梅", "6000.00"))).status == "clearing"
    assert (await conn.submit_transfer(order("c2-c", src, "bank_a", "ht-adult2-debit", "李梅", "4000.00"))).status == "settled"
    with pytest.raises(TransferRefused):
        await conn.submit_transfer(order("c2-d", src, "bank_a", "ht-adult2-debit", "李梅", "0.01"))
    # To its own bound account the limit does not apply.
    assert (await conn.submit_transfer(order("c2-e", src, "bank_a", "ht-adult1-debit", "王建国", "5000.00"))).status == "settled"
    # A new day (Asia/Shanghai) starts afresh.
    local = clock_now.now().astimezone(clock.SHANGHAI)
    clock_now.advance((local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)) - local)
    assert (await conn.submit_transfer(order("c2-f", src, "bank_a", "ht-adult2-debit", "李梅", "10000.00"))).status == "settled"
    await conn.aclose()


async def test_e_cny_tier_4_limits(sandbox: Sandbox, clock_now: clock.FixedClock) -> None:
    bank, _, _ = await connect(sandbox, "bank_a", 1)
    wallet, _, _ = await connect(sandbox, "ecny", 1)
    w4 = "dc-adult2-w4"

    def held(account: str = w4) -> Decimal:
        sandbox.world.now()  # (the books catch up with the clock when read)
        return sandbox.world.ledger.running[account]

    # Fill the tier-4 wallet to 9,000 from the bank (another institution: it clears first).
    await bank.submit_transfer(order("fill", "ht-adult2-debit", "ecny", w4, "李梅", str(Decimal("9000.00") - held())))
    clock_now.advance(seconds=CLEARING)
    assert held() == Decimal("9000.00")

    async def send(key: str, amount: str) -> str:
        try:
            return (await wallet.submit_transfer(order(key, w4, "bank_a", "ht-adult2-debit", "李梅", amount))).status
        except TransferRefused as exc:
            return exc.code

    assert await send("p-1", "2000.01") == "limit_exceeded"  # 2,000 per payment
    assert [await send("p-2", "2000.00"), await send("p-3", "2000.00")] == ["clearing", "clearing"]
    assert await send("p-4", "1000.01") == "limit_exceeded"  # 5,000 a day
    assert await send("p-5", "1000.00") == "clearing"
    assert held() == Decimal("4000.00")
    # The balance cap of 10,000 holds for money coming in: refused at once when it would break now...
    with pytest.raises(TransferRefused) as info:
        await bank.submit_transfer(order("in-1", "ht-adult2-debit", "ecny", w4, "李梅", "6000.01"))
    assert info.value.code == "limit_exceeded" and "ecny.tier4.balance" in info.value.detail
    # ...and sent back by the receiving platform when two in flight together would break it.
    first = await bank.submit_transfer(order("in-2", "ht-adult2-debit", "ecny", w4, "李梅", "4000.00"))
    second = await bank.submit_transfer(order("in-3", "ht-adult2-debit", "ecny", w4, "李梅", "4000.00"))
    clock_now.advance(seconds=CLEARING)
    assert (await bank.transfer(first.transfer_id)).status == "settled"
    returned = await bank.transfer(second.transfer_id)
    assert (returned.status, returned.reason_code) == ("rejected", "limit_exceeded")
    assert held() == Decimal("8000.00")
    back = [t for t in sandbox.world.ledger.txns["ht-adult2-debit"] if t.transfer_id == second.transfer_id]
    assert [(t.direction, t.amount) for t in back] == [("debit", Decimal("4000.00")), ("credit", Decimal("4000.00"))]
    await bank.aclose()
    await wallet.aclose()


def test_platform_limits_are_the_regulatory_values_or_looser(sandbox: Sandbox) -> None:
    """POLICY-CN.md's values; a platform may be looser (higher), never stricter (lower)."""
    regulatory = {
        "bank.class2.daily": Decimal("10000"), "bank.class2.yearly": Decimal("200000"),
        "bank.class3.daily": Decimal("2000"), "bank.class3.yearly": Decimal("50000"),
        "bank.class3.balance": Decimal("2000"), "payment.class1.lifetime": Decimal("1000"),
        "payment.class2.yearly": Decimal("100000"), "payment.class3.yearly": Decimal("200000"),
        "ecny.tier4.payment": Decimal("2000"), "ecny.tier4.daily": Decimal("5000"),
        "ecny.tier4.balance": Decimal("10000"), "ecny.tier2.payment": Decimal("50000"),
        "ecny.tier2.daily": Decimal("100000"), "ecny.tier2.balance": Decimal("500000"),
    }
    rows = sandbox.limits()
    assert {r["rule"] for r in rows} >= set(regulatory)
    for row in rows:
        assert isinstance(row["amount"], str)
        if row["rule"] in regulatory:
            assert Decimal(row["amount"]) >= regulatory[row["rule"]], row
    assert {r["platform_id"] for r in rows} == {"bank_a", "wallet_a", "wallet_b", "ecny"}
    assert sandbox.world.platforms["bank_a"].limits == BANK_LIMITS
    assert sandbox.world.platforms["wallet_a"].limits == WALLET_LIMITS
    assert sandbox.world.platforms["ecny"].limits == ECNY_LIMITS


# ----------------------------------------------------------------------------------- scheduling, idempotency


async def test_scheduled_transfers_wait_run_and_cancel(sandbox: Sandbox, clock_now: clock.FixedClock) -> None:
    conn, _, _ = await connect(sandbox, "bank_a")
    before = sandbox.ledger_balances("bank_a", "wangjianguo")
    at = clock_now.now() + timedelta(hours=1)
    keep = await conn.submit_transfer(order("s-1", "ht-adult1-debit", "bank_a", "ht-adult2-debit", "李梅", "100", execute_at=at))
    drop = await conn.submit_transfer(order("s-2", "ht-adult1-debit", "bank_a", "ht-adult2-debit", "李梅", "200", execute_at=at))
    assert (keep.status, drop.status) == ("scheduled", "scheduled")
    assert sandbox.ledger_balances("bank_a", "wangjianguo") == before  # nothing moves before it runs
    assert (await conn.cancel_transfer(drop.transfer_id)).status == "cancelled"
    clock_now.advance(hours=1)
    ran = await conn.transfer(keep.transfer_id)
    assert ran.status == "settled" and ran.settled_at == at
    assert (await conn.transfer(drop.transfer_id)).status == "cancelled"
    with pytest.raises(TransferRefused) as info:
        await conn.cancel_transfer(keep.transfer_id)
    assert info.value.code == "not_cancellable"
    # Platforms without scheduled execution say so.
    wallet, _, _ = await connect(sandbox, "wallet_b")
    with pytest.raises(TransferRefused) as info:
        await wallet.submit_transfer(order("s-3", "cp-adult1-balance", "bank_a", "ht-adult1-debit", "王建国", "1",
                                           execute_at=clock_now.now() + timedelta(hours=1)))
    assert info.value.code == "scheduled_not_supported"
    await conn.aclose()
    await wallet.aclose()


async def test_a_scheduled_transfer_checks_funds_when_it_runs(sandbox: Sandbox, clock_now: clock.FixedClock) -> None:
    conn, _, _ = await connect(sandbox, "bank_a", 2)
    balance = sandbox.ledger_balances("bank_a", "wangxiaoyu")["ht-teen-debit"]
    at = clock_now.now() + timedelta(minutes=10)
    later = await conn.submit_transfer(order("sf-1", "ht-teen-debit", "bank_a", "ht-adult1-debit", "王建国",
                                             str(balance), execute_at=at))
    assert later.status == "scheduled"
    await conn.submit_transfer(order("sf-2", "ht-teen-debit", "bank_a", "ht-adult2-debit", "李梅", "1.00"))
    clock_now.advance(minutes=10)
    ran = await conn.transfer(later.transfer_id)
    assert (ran.status, ran.reason_code) == ("rejected", "insufficient_funds")
    await conn.aclose()


async def test_the_same_key_returns_the_first_result_and_another_order_conflicts(sandbox: Sandbox) -> None:
    conn, _, _ = await connect(sandbox, "bank_a")
    sandbox.world.now()
    before = sandbox.world.ledger.running["ht-adult1-debit"]
    first = await conn.submit_transfer(order("i-1", "ht-adult1-debit", "wallet_b", "cp-adult1-balance", "王建国", "10"))
    second = await conn.submit_transfer(order("i-1", "ht-adult1-debit", "wallet_b", "cp-adult1-balance", "王建国", "10"))
    assert second.transfer_id == first.transfer_id
    assert sandbox.world.ledger.running["ht-adult1-debit"] == before - 10  # debited once (pending while clearing)
    for changed in ({"amount": "10.01"}, {"memo": "另一个"}, {"dst": "ep-adult1-balance", "to": "wallet_a"}):
        with pytest.raises(TransferRefused) as info:
            await conn.submit_transfer(order("i-1", "ht-adult1-debit", changed.get("to", "wallet_b"),
                                             changed.get("dst", "cp-adult1-balance"), "王建国",
                                             changed.get("amount", "10"), changed.get("memo", "测试转账")))
        assert info.value.code == "idempotency_conflict"
    # Keys belong to one member: another member's identical key is another transfer.
    other, _, _ = await connect(sandbox, "bank_a", 1)
    theirs = await other.submit_transfer(order("i-1", "ht-adult2-debit", "wallet_b", "cp-adult2-balance", "李梅", "10"))
    assert theirs.transfer_id != first.transfer_id
    await conn.aclose()
    await other.aclose()


# ----------------------------------------------------------------------------------- the feed, resume


async def test_both_legs_come_back_through_the_feeds(sandbox: Sandbox, clock_now: clock.FixedClock) -> None:
    bank, _, _ = await connect(sandbox, "bank_a")
    wallet, _, _ = await connect(sandbox, "wallet_b")
    spouse, _, _ = await connect(sandbox, "bank_a", 1)
    own = await bank.submit_transfer(order("f-1", "ht-adult1-debit", "wallet_b", "cp-adult1-balance", "王建国", "88.00",
                                           memo="转账测试甲"))
    gift = await bank.submit_transfer(order("f-2", "ht-adult1-debit", "bank_a", "ht-adult2-debit", "李梅", "66.00",
                                            memo="转账测试乙"))
    assert (own.status, gift.status) == ("clearing", "settled")

    def leg(rows: list[RemoteTransaction], amount: str, memo: str) -> RemoteTransaction:
        (row,) = [r for r in rows if r.amount == Decimal(amount) and r.memo == memo]
        return row

    out = leg(await feed(bank, "ht-adult1-debit"), "-88.00", "转账测试甲")
    assert out.status == "pending" and out.counterparty == "王建国" and out.own_transfer_ref
    assert not [r for r in await feed(wallet, "cp-adult1-balance") if r.memo == "转账测试甲" and r.amount > 0]
    g_out = leg(await feed(bank, "ht-adult1-debit"), "-66.00", "转账测试乙")
    g_in = leg(await feed(spouse, "ht-adult2-debit"), "66.00", "转账测试乙")
    assert g_out.status == g_in.status == "booked"
    assert (g_out.counterparty, g_in.counterparty) == ("李梅", "王建国")
    assert g_out.own_transfer_ref is None and g_in.own_transfer_ref is None  # two people
    clock_now.advance(seconds=CLEARING)
    out = leg(await feed(bank, "ht-adult1-debit"), "-88.00", "转账测试甲")
    into = leg(await feed(wallet, "cp-adult1-balance"), "88.00", "转账测试甲")
    assert out.status == into.status == "booked"
    assert out.own_transfer_ref == into.own_transfer_ref is not None
    assert (await bank.transfer(own.transfer_id)).status == "settled"
    for c in (bank, wallet, spouse):
        await c.aclose()


async def test_transfers_survive_a_restart_of_the_demo_sandbox(tmp_path: Path, clock_now: clock.FixedClock) -> None:
    local = PROVIDER.start(tmp_path)
    try:
        sb = local.sandbox
        conn, lnk, cfg = await connect(sb, "bank_a")
        pinned = sb.transfer_public_key("bank_a")
        done = await conn.submit_transfer(order("r-1", "ht-adult1-debit", "wallet_b", "cp-adult1-balance", "王建国", "123.45"))
        later = await conn.submit_transfer(order("r-2", "ht-adult1-debit", "bank_a", "ht-adult2-debit", "李梅", "7.00",
                                                 execute_at=clock_now.now() + timedelta(minutes=30)))
        await conn.aclose()
        balances = sb.ledger_balances("bank_a", "wangjianguo")
        money = sb.money()
    finally:
        local.stop()
    back = PROVIDER.resume(tmp_path)
    assert back is not None
    try:
        sb = back.sandbox
        assert sb.transfer_public_key("bank_a") == pinned  # the key the client pinned still holds
        assert sb.ledger_balances("bank_a", "wangjianguo") == balances
        assert sb.money() == money
        from connectors.openapi import OpenAPIConnector as Connector

        again = Connector(cfg)  # the same connection (tokens, registered key) after the restart
        assert (await again.transfer_by_key("r-1")) == done
        assert (await again.transfer(later.transfer_id)).status == "scheduled"
        assert (await again.cancel_transfer(later.transfer_id)).status == "cancelled"
        await again.aclose()
        del lnk
    finally:
        back.stop()
    third = PROVIDER.resume(tmp_path)
    assert third is not None
    try:
        held = third.sandbox.world.transfers.transfers
        assert {t.status for t in held.values()} == {"clearing", "cancelled"}
    finally:
        third.stop()
