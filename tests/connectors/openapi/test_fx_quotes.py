"""``quote_transfer`` against answers the sandbox never gives: what it sends, and quotes it must refuse."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import httpx
import pytest

from app.sync.errors import InvalidData, TransferRefused
from app.sync.tokens import Tokens
from tests.connectors.openapi.mockplatform import DISCOVERY, MockPlatform, fresh_tokens, problem

pytestmark = pytest.mark.anyio
FX_DISCOVERY = {**DISCOVERY, "kind": "fx_account", "capabilities": ["balances", "transactions", "fx_quotes", "transfers"]}
QUOTE = {
    "quote_id": "q1", "from_account": "acc-cny", "sell_amount": {"amount": "100.00", "currency": "CNY"},
    "fee": {"amount": "1.00", "currency": "CNY"}, "rate": "0.137500",
    "buy_amount": {"amount": "13.61", "currency": "USD"},  # 99 x 0.1375 = 13.6125
    "quoted_at": "2026-12-04T12:00:00+08:00", "valid_until": "2026-12-04T12:01:00+08:00",
}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def quoting(scope: str = "accounts fx_quotes") -> Tokens:
    t = fresh_tokens()
    return Tokens(t.access_token, t.refresh_token, t.expires_at, t.consent_id, t.consent_expires_at, scope)


def answering(data: dict[str, Any]) -> MockPlatform:
    return MockPlatform(lambda r: httpx.Response(201, json={"data": data}), FX_DISCOVERY)


async def test_the_request_and_the_record() -> None:
    platform = answering(QUOTE)
    conn, _ = platform.connector(quoting())
    q = await conn.quote_transfer("acc-cny", "usd", Decimal("100.00"))
    await conn.aclose()
    sent = platform.requests[-1]
    assert (sent.method, sent.url.path) == ("POST", "/p/mock/fx/quotes")
    assert sent.headers["content-type"] == "application/json" and sent.headers["authorization"] == "Bearer at-1"
    assert json.loads(sent.content) == {"from_account": "acc-cny", "buy_currency": "USD", "sell_amount": "100.00"}
    assert (q.quote_id, q.sell_currency, q.buy_currency) == ("q1", "CNY", "USD")
    assert (q.sell_amount, q.fee, q.rate, q.buy_amount) == (
        Decimal("100.00"), Decimal("1.00"), Decimal("0.137500"), Decimal("13.61"))
    assert all(type(v) is Decimal for v in (q.sell_amount, q.fee, q.rate, q.buy_amount))
    assert q.valid_until.utcoffset() is not None


@pytest.mark.parametrize("change,field", [
    ({"buy_amount": {"amount": "13.63", "currency": "USD"}}, "data"),  # more than a cent from the product
    ({"fee": {"amount": "1.00", "currency": "USD"}}, "data"),
    ({"buy_amount": {"amount": "13.61", "currency": "CNY"}}, "data"),
    ({"fee": {"amount": "100.00", "currency": "CNY"}}, "data"),
    ({"rate": 0.1375}, "data.rate"),
    ({"rate": "0"}, "data"),
    ({"valid_until": "2026-12-04T12:00:00+08:00"}, "data"),
    ({"quoted_at": "2026-12-04T12:00:00"}, "data.quoted_at"),
    ({"sell_amount": {"amount": "100.001", "currency": "CNY"}}, "data.sell_amount"),
    ({"sell_amount": {"amount": "101.00", "currency": "CNY"}, "buy_amount": {"amount": "13.75", "currency": "USD"}},
     "data"),  # adds up, but is not the amount asked for
    ({"from_account": "acc-other"}, "data"),
])
async def test_a_quote_that_does_not_add_up_or_is_not_what_was_asked_is_refused(
    change: dict[str, Any], field: str
) -> None:
    conn, _ = answering({**QUOTE, **change}).connector(quoting())
    with pytest.raises(InvalidData) as info:
        await conn.quote_transfer("acc-cny", "USD", Decimal("100.00"))
    await conn.aclose()
    assert info.value.endpoint == "POST /fx/quotes"
    assert info.value.field == field


async def test_refusals_carry_the_platform_s_code() -> None:
    for status, code in ((400, "bad_request"), (404, "not_found"), (403, "insufficient_scope")):
        conn, _ = MockPlatform(lambda r, s=status, c=code: problem(s, c), FX_DISCOVERY).connector(quoting())
        with pytest.raises(TransferRefused) as info:
            await conn.quote_transfer("acc-cny", "USD", Decimal("100.00"))
        await conn.aclose()
        assert info.value.code == code


async def test_nothing_is_asked_of_a_platform_that_makes_no_exchanges() -> None:
    platform = answering(QUOTE)
    platform.discovery = DISCOVERY  # fx_quotes, no transfers
    conn, _ = platform.connector(quoting())
    with pytest.raises(TransferRefused) as info:
        await conn.quote_transfer("acc-cny", "USD", Decimal("100.00"))
    await conn.aclose()
    assert info.value.code == "not_supported"
    assert platform.paths() == ["/.well-known/huiliu-platform"]
    with pytest.raises(ValueError):
        await answering(QUOTE).connector(quoting())[0].quote_transfer("acc-cny", "USD", Decimal("-1"))


async def test_a_consent_with_neither_scope_asks_for_nothing() -> None:
    platform = answering(QUOTE)
    conn, _ = platform.connector(quoting("accounts balances"))
    with pytest.raises(TransferRefused) as info:
        await conn.quote_transfer("acc-cny", "USD", Decimal("100.00"))
    await conn.aclose()
    assert info.value.code == "scope_missing"
    assert platform.paths() == ["/.well-known/huiliu-platform"]
    conn, _ = answering(QUOTE).connector(quoting("accounts transfers"))
    assert (await conn.quote_transfer("acc-cny", "USD", Decimal("100.00"))).quote_id == "q1"
    await conn.aclose()
