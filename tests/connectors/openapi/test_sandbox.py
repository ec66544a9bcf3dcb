"""The connector against the real sandbox server on loopback: consent, data, refresh, faults.

Nothing of our own protocol is mocked here. Each test connects the way a person does: the
connector's authorize URL, the platform's login page (``complete_consent`` plays the browser), the
redirect delivered to a ``LoopbackReceiver``, then the code exchanged with the PKCE verifier.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from app import clock
from app.sync.contract import ACCOUNT_KINDS, PLATFORM_KINDS, ConnectorConfig, RemoteTransaction, RetryPolicy
from app.sync.errors import (
    ConsentExpired,
    ConsentFailed,
    InvalidData,
    PlatformUnavailable,
    RateLimited,
    SyncError,
)
from app.sync.tokens import MemoryTokenStore
from connectors.openapi import LoopbackReceiver, OpenAPIConnector
from connectors.sandbox import Sandbox
from connectors.sandbox.consent import complete_consent
from tests.connectors.openapi.conftest import FAST_RETRY

pytestmark = pytest.mark.anyio

PLATFORMS = ("bank_a", "wallet_a", "wallet_b", "bank_b", "store", "ecny", "fx")


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    # The per-token rate limiter is off here so data tests stay fast; test_the_real_rate_limiter turns
    # it on in a sandbox of its own.
    with Sandbox(seed=42, rate_limit=0) as sb:
        yield sb


@pytest.fixture(autouse=True)
def _clear_faults(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "sandbox" in request.fixturenames:
        sb: Sandbox = request.getfixturevalue("sandbox")
        for pid in sb.platform_urls():
            sb.set_faults(pid, None)


class Counter:
    """Counts the statuses the connector actually received (retries included), via httpx hooks."""

    def __init__(self) -> None:
        self.statuses: list[int] = []

    async def __call__(self, response: httpx.Response) -> None:
        self.statuses.append(response.status_code)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(event_hooks={"response": [self]})


async def connect(
    sb: Sandbox,
    platform_id: str,
    member: int = 0,
    client: httpx.AsyncClient | None = None,
    **config: Any,
) -> tuple[OpenAPIConnector, MemoryTokenStore]:
    """A connector with a fresh consent of the ``member``-th login of ``platform_id``."""
    store = MemoryTokenStore()
    cfg = ConnectorConfig(
        base_url=sb.platform_urls()[platform_id],
        token_store=store,
        connection_key=f"{platform_id}/{member}",
        retry=config.pop("retry", FAST_RETRY),
        **config,
    )
    conn = OpenAPIConnector(cfg, client=client)
    await conn.discover()
    _, username, password = sb.logins(platform_id)[member]
    with LoopbackReceiver() as rx:
        req = conn.begin_consent(rx.redirect_uri)
        location = await asyncio.to_thread(complete_consent, req.authorize_url, username, password)
        await asyncio.to_thread(httpx.get, location)  # what the browser does with the redirect
        callback = await asyncio.to_thread(rx.wait, 5)
    await conn.finish_consent(req, callback)
    return conn, store


async def walk(
    conn: OpenAPIConnector, account_id: str, cursor: str | None = None, **kw: Any
) -> tuple[list[RemoteTransaction], str | None]:
    """Every feed entry after ``cursor``, and the cursor to resume from later."""
    out: list[RemoteTransaction] = []
    while True:
        page = await conn.transactions(account_id, cursor, **kw)
        out.extend(page.transactions)
        cursor = page.next_cursor
        if not page.has_more:
            return out, cursor


# --------------------------------------------------------------------------------------------- consent


async def test_consent_through_the_loopback_receiver_saves_tokens(sandbox: Sandbox) -> None:
    store = MemoryTokenStore()
    url = sandbox.platform_urls()["bank_a"]
    conn = OpenAPIConnector(ConnectorConfig(base_url=url, token_store=store, connection_key="c"))
    await conn.discover()
    _, username, password = sandbox.logins("bank_a")[0]
    with LoopbackReceiver() as rx:
        req = conn.begin_consent(rx.redirect_uri)
        location = complete_consent(req.authorize_url, username, password)
        assert location.startswith(rx.redirect_uri + "?")
        httpx.get(location)
        callback = rx.wait(timeout=5)
    tokens = await conn.finish_consent(req, callback)
    assert store.load("c") == tokens
    assert tokens.consent_id and tokens.refresh_token
    assert timedelta(seconds=590) < tokens.expires_at - clock.utcnow() <= timedelta(seconds=600)
    assert tokens.consent_expires_at and tokens.consent_expires_at - clock.utcnow() > timedelta(days=89)
    assert {a.account_id for a in await conn.accounts()} == set(sandbox.ledger_balances("bank_a", username))

    # The same callback again: the code is single-use, so the platform refuses it.
    with pytest.raises(ConsentFailed) as info:
        await conn.finish_consent(req, callback)
    assert "already used" in str(info.value)
    await conn.aclose()


async def test_a_wrong_verifier_is_refused_by_the_platform(sandbox: Sandbox) -> None:
    conn = OpenAPIConnector(ConnectorConfig(sandbox.platform_urls()["ecny"], MemoryTokenStore(), "c"))
    await conn.discover()
    _, username, password = sandbox.logins("ecny")[0]
    req = conn.begin_consent("http://127.0.0.1:1/callback")
    location = complete_consent(req.authorize_url, username, password)
    forged = replace(req, code_verifier=req.code_verifier[::-1])
    with pytest.raises(ConsentFailed) as info:
        await conn.finish_consent(forged, location)
    assert "PKCE" in str(info.value)
    await conn.aclose()


# --------------------------------------------------------------------------------------------- data


async def test_discovery_of_every_platform(sandbox: Sandbox) -> None:
    assert tuple(sandbox.platform_urls()) == PLATFORMS
    for pid, url in sandbox.platform_urls().items():
        async with OpenAPIConnector(ConnectorConfig(url, MemoryTokenStore(), pid)) as conn:
            info = await conn.discover()
            assert info.platform_id == pid and info.kind in PLATFORM_KINDS
            assert info.name_zh and info.name_en and {"balances", "transactions"} <= info.capabilities
            assert conn.platform_name == info.name_en  # tests run in English
    async with OpenAPIConnector(ConnectorConfig(sandbox.platform_urls()["fx"], MemoryTokenStore(), "fx")) as fx:
        assert "fx_quotes" in (await fx.discover()).capabilities


@pytest.mark.parametrize("platform_id", PLATFORMS)
async def test_every_login_sees_its_accounts_and_balances_equal_the_books(sandbox: Sandbox, platform_id: str) -> None:
    for member, (_, username, _) in enumerate(sandbox.logins(platform_id)):
        conn, _ = await connect(sandbox, platform_id, member)
        accounts = await conn.accounts()
        assert all(a.kind in ACCOUNT_KINDS and a.opened_on for a in accounts)
        books = sandbox.ledger_balances(platform_id, username)
        assert {a.account_id for a in accounts} == set(books)
        # Balances of all accounts at once, as the sync service fetches them.
        per_account = await asyncio.gather(*(conn.balances(a.account_id) for a in accounts))
        for account, balances in zip(accounts, per_account, strict=True):
            by_type = {b.type: b for b in balances}
            assert {"closing_booked", "interim_booked", "interim_available"} <= set(by_type)
            booked = by_type["interim_booked"]
            assert booked.amount == books[account.account_id]
            assert type(booked.amount) is Decimal and booked.currency == account.currency
            if account.kind in ("credit_card", "credit_line"):
                assert account.credit_limit is not None
                assert any(line.amount == account.credit_limit for line in booked.credit_lines)
        await conn.aclose()


async def test_credit_accounts_can_owe_and_carry_a_bill(sandbox: Sandbox) -> None:
    owed, bills = 0, 0
    for pid in ("bank_b", "wallet_a"):
        for member in range(len(sandbox.logins(pid))):
            conn, _ = await connect(sandbox, pid, member)
            for account in await conn.accounts():
                for b in await conn.balances(account.account_id):
                    owed += b.amount < 0
                    bills += b.statement is not None
                    if b.statement is not None:
                        assert b.statement.minimum_payment <= b.statement.statement_amount
            await conn.aclose()
    assert owed > 0  # debit indicators really come out negative
    assert bills > 0


async def test_pagination_walks_every_transaction_once(sandbox: Sandbox) -> None:
    small, _ = await connect(sandbox, "bank_a", page_size=7)
    whole, _ = await connect(sandbox, "bank_a", page_size=500)
    account = (await whole.accounts())[0]
    in_small_pages, _ = await walk(small, account.account_id)
    in_big_pages, _ = await walk(whole, account.account_id)
    ids = [t.transaction_id for t in in_small_pages]
    assert len(ids) > 7 * 3, "the account should span several small pages"
    assert len(ids) == len(set(ids))
    assert ids == [t.transaction_id for t in in_big_pages]
    changes = [t.booked_at or t.value_at for t in in_small_pages]
    assert changes == sorted(changes)  # oldest change first
    assert {t.amount > 0 for t in in_small_pages} == {True, False}  # money in and out, signed
    await small.aclose()
    await whole.aclose()


async def test_a_stored_cursor_resumes_with_only_what_appeared_or_changed() -> None:
    with Sandbox(seed=11, rate_limit=0) as sb:
        conn, _ = await connect(sb, "bank_b", page_size=50)
        accounts = await conn.accounts()
        first: dict[str, dict[str, RemoteTransaction]] = {}
        cursors: dict[str, str | None] = {}
        for a in accounts:
            rows, cursors[a.account_id] = await walk(conn, a.account_id)
            first[a.account_id] = {t.transaction_id: t for t in rows}
        sb.advance(days=3)  # new days of history; card payments that were pending get booked
        news = 0
        for a in accounts:
            later, _ = await walk(conn, a.account_id, cursor=cursors[a.account_id])
            news += len(later)
            merged = {**first[a.account_id], **{t.transaction_id: t for t in later}}
            fresh, _ = await walk(conn, a.account_id)
            # What a client holds after resuming equals what a fresh walk from the start shows.
            assert merged == {t.transaction_id: t for t in fresh}
            assert all(t.transaction_id not in first[a.account_id] or t != first[a.account_id][t.transaction_id]
                       for t in later), "an unchanged transaction came again"
        assert news > 0
        await conn.aclose()


async def test_since_limits_transactions_to_that_booking_date(sandbox: Sandbox) -> None:
    conn, _ = await connect(sandbox, "wallet_b", page_size=200)
    account = (await conn.accounts())[0]
    everything, _ = await walk(conn, account.account_id)
    since = everything[len(everything) // 2].value_at.date()
    recent, _ = await walk(conn, account.account_id, since=since)
    assert 0 < len(recent) < len(everything)
    assert all(t.booked_at is None or t.booked_at.date() >= since for t in recent)
    await conn.aclose()


async def test_fx_quote_is_an_exact_decimal(sandbox: Sandbox) -> None:
    conn, _ = await connect(sandbox, "fx")
    quote = await conn.fx_quote("USD", "CNY")
    assert (quote.base, quote.quote) == ("USD", "CNY")
    assert type(quote.rate) is Decimal and Decimal(5) < quote.rate < Decimal(10)
    assert quote.valid_until > quote.quoted_at
    await conn.aclose()


# --------------------------------------------------------------------------------------------- tokens


async def test_a_token_near_expiry_is_refreshed_before_the_call(sandbox: Sandbox) -> None:
    conn, store = await connect(sandbox, "store")
    key = "store/0"
    old = store.load(key)
    assert old is not None
    store.save(key, replace(old, expires_at=clock.utcnow() + timedelta(seconds=5)))
    conn._tokens = None  # the connector reads the store again, as a fresh process would
    assert await conn.accounts()
    new = store.load(key)
    assert new is not None and new.access_token != old.access_token
    assert new.refresh_token != old.refresh_token  # the platform rotated it
    await conn.aclose()


async def test_a_401_token_expired_refreshes_once_and_retries() -> None:
    with Sandbox(seed=7, rate_limit=0) as sb:
        counter = Counter()
        conn, store = await connect(sb, "bank_a", client=counter.client())
        before = store.load("bank_a/0")
        sb.advance(hours=1)  # the platform's clock says the 600 s token is dead; ours does not know
        accounts = await conn.accounts()
        assert accounts
        after = store.load("bank_a/0")
        assert before is not None and after is not None and after.access_token != before.access_token
        assert counter.statuses[-3:] == [401, 200, 200]  # resource 401, token 200, resource again 200
        await conn.aclose()


async def test_a_consent_that_ended_needs_a_new_connection() -> None:
    with Sandbox(seed=7, rate_limit=0) as sb:
        conn, _ = await connect(sb, "wallet_a")
        sb.advance(days=91)
        with pytest.raises(ConsentExpired) as info:
            await conn.accounts()
        assert "connect" in str(info.value) and conn.platform_name in str(info.value)
        await conn.aclose()


async def test_a_refused_refresh_is_consent_expired(sandbox: Sandbox) -> None:
    conn, store = await connect(sandbox, "ecny")
    tokens = store.load("ecny/0")
    assert tokens is not None
    store.save("ecny/0", replace(tokens, refresh_token="revoked", expires_at=clock.utcnow()))
    conn._tokens = None
    with pytest.raises(ConsentExpired):
        await conn.accounts()
    await conn.aclose()


async def test_expired_consent_fault_is_consent_expired(sandbox: Sandbox) -> None:
    conn, _ = await connect(sandbox, "wallet_b")
    sandbox.set_faults("wallet_b", "expired_consent")
    with pytest.raises(ConsentExpired):
        await conn.accounts()
    sandbox.set_faults("wallet_b", None)
    with pytest.raises(ConsentExpired):  # the consent really ended: clearing the fault does not revive it
        await conn.accounts()
    await conn.aclose()


# --------------------------------------------------------------------------------------------- faults


async def test_a_platform_that_hangs_is_unavailable_after_the_read_timeout(sandbox: Sandbox) -> None:
    conn, _ = await connect(sandbox, "bank_b", read_timeout=0.3)
    sandbox.set_faults("bank_b", "timeout")
    started = time.monotonic()
    with pytest.raises(PlatformUnavailable) as info:
        await conn.accounts()
    assert time.monotonic() - started < 3
    assert "0.3" in str(info.value)
    await conn.aclose()


async def test_malformed_bodies_are_invalid_data_naming_the_endpoint(sandbox: Sandbox) -> None:
    conn, _ = await connect(sandbox, "store")
    account = (await conn.accounts())[0]
    sandbox.set_faults("store", "malformed")
    with pytest.raises(InvalidData) as cut_off:  # first: JSON cut off half-way
        await conn.balances(account.account_id)
    with pytest.raises(InvalidData) as numbers:  # then: amounts as JSON numbers
        await conn.balances(account.account_id)
    assert cut_off.value.endpoint == numbers.value.endpoint == "GET /accounts/{account_id}/balances"
    assert "JSON" in cut_off.value.problem
    assert numbers.value.field.endswith("amount.amount")
    assert conn.platform_name in str(numbers.value)
    await conn.aclose()


async def test_rate_limit_fault_is_retried_after_retry_after(sandbox: Sandbox) -> None:
    counter = Counter()
    conn, _ = await connect(sandbox, "ecny", client=counter.client())
    sandbox.set_faults("ecny", "rate_limit")
    started = time.monotonic()
    assert await conn.accounts()
    assert time.monotonic() - started >= 1.0  # Retry-After: 1 was honoured
    assert counter.statuses[-2:] == [429, 200]
    await conn.aclose()


async def test_rate_limit_beyond_the_budget_is_rate_limited(sandbox: Sandbox) -> None:
    impatient = RetryPolicy(max_retries=3, backoff_base=0.01, backoff_max=0.05, max_total_wait=0.5)
    conn, _ = await connect(sandbox, "ecny", retry=impatient)
    sandbox.set_faults("ecny", "rate_limit")
    started = time.monotonic()
    with pytest.raises(RateLimited) as info:
        await conn.accounts()
    assert time.monotonic() - started < 0.5  # it did not sleep a Retry-After it could not afford
    assert info.value.retry_after == 1
    no_retries = RetryPolicy(max_retries=0)
    conn2, _ = await connect(sandbox, "ecny", member=1, retry=no_retries)
    sandbox.set_faults("ecny", "rate_limit")
    with pytest.raises(RateLimited):
        await conn2.accounts()
    await conn.aclose()
    await conn2.aclose()


async def test_the_real_rate_limiter_is_ridden_out() -> None:
    with Sandbox(seed=42, rate_limit=5) as sb:
        counter = Counter()
        conn, _ = await connect(sb, "bank_a", client=counter.client(), retry=replace(FAST_RETRY, max_total_wait=5))
        accounts = await conn.accounts()
        await asyncio.gather(*(conn.balances(a.account_id) for a in accounts for _ in range(3)))
        assert 429 in counter.statuses
        await conn.aclose()


async def test_random_errors_are_retried(sandbox: Sandbox) -> None:
    counter = Counter()
    patient = RetryPolicy(max_retries=12, backoff_base=0.01, backoff_max=0.05, max_total_wait=30)
    conn, _ = await connect(sandbox, "wallet_a", client=counter.client(), retry=patient)
    accounts = await conn.accounts()
    sandbox.set_faults("wallet_a", "error_rate=0.3")
    wanted = [accounts[i % len(accounts)].account_id for i in range(8)]
    results = await asyncio.gather(*(conn.balances(a) for a in wanted))
    assert [r[0].account_id for r in results] == wanted
    assert counter.statuses.count(503) > 0  # the platform did fail, and the failures were ridden out
    await conn.aclose()


async def test_a_platform_that_keeps_failing_is_unavailable_after_the_retries(sandbox: Sandbox) -> None:
    counter = Counter()
    once = RetryPolicy(max_retries=1, backoff_base=0.01, backoff_max=0.05, max_total_wait=5)
    conn, _ = await connect(sandbox, "wallet_a", client=counter.client(), retry=once)
    sandbox.set_faults("wallet_a", "error_rate=1")
    with pytest.raises(PlatformUnavailable) as info:
        await conn.accounts()
    assert "503" in info.value.cause
    assert counter.statuses[-2:] == [503, 503]  # the first try and the one retry
    await conn.aclose()


async def test_latency_is_tolerated_within_the_read_timeout(sandbox: Sandbox) -> None:
    conn, _ = await connect(sandbox, "fx", read_timeout=2.0)
    impatient, _ = await connect(sandbox, "fx", read_timeout=0.1)
    sandbox.set_faults("fx", "latency=300ms")
    started = time.monotonic()
    assert await conn.accounts()
    assert time.monotonic() - started >= 0.3
    with pytest.raises(PlatformUnavailable):
        await impatient.accounts()
    await conn.aclose()
    await impatient.aclose()


async def test_an_unknown_account_is_a_sync_error_not_a_crash(sandbox: Sandbox) -> None:
    conn, _ = await connect(sandbox, "bank_a")
    with pytest.raises(SyncError) as info:
        await conn.balances("someone-elses-account")
    assert type(info.value) is SyncError and "404" in str(info.value)
    await conn.aclose()
