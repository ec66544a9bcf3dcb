"""Malformed answers become InvalidData naming platform, endpoint and field; never a crash or a part.

The sandbox's ``malformed`` fault is exercised in test_sandbox.py; these pin the specific breakages
it cannot be told to produce.
"""

from __future__ import annotations

import asyncio
import copy
import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.sync.errors import InvalidData, SyncError
from tests.connectors.openapi.mockplatform import (
    BALANCE,
    TRANSACTION,
    MockPlatform,
    balances_body,
    raw,
    transactions_body,
)

pytestmark = pytest.mark.anyio


def _with(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``base`` with the dotted ``path`` set to ``value`` (or removed for ...)."""
    out = copy.deepcopy(base)
    *parents, last = path.split(".")
    node = out
    for p in parents:
        node = node[p]
    if value is ...:
        del node[last]
    else:
        node[last] = value
    return out


async def _balances_error(balance: dict[str, Any]) -> InvalidData:
    platform = MockPlatform(lambda r: balances_body("acc-1", BALANCE, balance))
    conn, _ = platform.connector()
    with pytest.raises(InvalidData) as info:
        await conn.balances("acc-1")
    await conn.aclose()
    return info.value


async def test_a_good_balance_is_signed_by_its_indicator() -> None:
    debit = _with(BALANCE, "credit_debit_indicator", "debit")
    platform = MockPlatform(lambda r: balances_body("acc-1", BALANCE, debit))
    conn, _ = platform.connector()
    got = await conn.balances("acc-1")
    assert [b.amount for b in got] == [Decimal("1234.56"), Decimal("-1234.56")]
    assert all(type(b.amount) is Decimal for b in got)
    assert got[0].as_of.utcoffset() == timedelta(hours=8)  # the platform's offset is kept


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("amount.amount", 1234.56, "data.balances[1].amount.amount"),  # a JSON number, not a string
        ("amount.amount", "12,34", "data.balances[1].amount.amount"),
        ("amount.amount", "1.005", "data.balances[1].amount"),  # more decimals than CNY has
        ("amount.amount", "-5.00", "data.balances[1].amount"),  # the indicator carries the sign
        ("amount.currency", "RMB", "data.balances[1].amount.currency"),
        ("amount", ..., "data.balances[1].amount"),
        ("type", "closing_available", "data.balances[1].type"),  # not in the contract's enum
        ("credit_debit_indicator", "in", "data.balances[1].credit_debit_indicator"),
        ("date_time", "2026-11-25T12:00:00", "data.balances[1].date_time"),  # no offset
        ("date_time", 1764043200, "data.balances[1].date_time"),
    ],
)
async def test_a_broken_balance_names_its_field(path: str, value: Any, field: str) -> None:
    err = await _balances_error(_with(BALANCE, path, value))
    assert err.platform == "127.0.0.1:9"  # before discovery the host names the platform
    assert err.endpoint == "GET /accounts/{account_id}/balances"
    assert err.field == field
    assert field in str(err) and "127.0.0.1:9" in str(err)


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        ("category", "gambling", "data.transactions[0].category"),
        ("status", "settled", "data.transactions[0].status"),
        ("value_date_time", ..., "data.transactions[0].value_date_time"),
        ("booking_date_time", None, "data.transactions[0]"),  # booked without a booking time
        ("counterparty_name", None, "data.transactions[0].counterparty_name"),
        ("merchant", ..., "data.transactions[0].merchant"),  # nullable, but the contract requires it
        ("amount.amount", "abc", "data.transactions[0].amount.amount"),
    ],
)
async def test_a_broken_transaction_names_its_field(path: str, value: Any, field: str) -> None:
    platform = MockPlatform(lambda r: transactions_body("acc-1", _with(TRANSACTION, path, value)))
    conn, _ = platform.connector()
    await conn.discover()  # after discovery the platform's own name is used
    with pytest.raises(InvalidData) as info:
        await conn.transactions("acc-1", None)
    assert info.value.field == field
    assert info.value.platform == "Mock Bank"
    assert info.value.endpoint == "GET /accounts/{account_id}/transactions"


async def test_a_good_transaction_is_negative_when_money_leaves() -> None:
    platform = MockPlatform(lambda r: transactions_body("acc-1", TRANSACTION, next_cursor="c2", has_more=True))
    conn, _ = platform.connector()
    page = await conn.transactions("acc-1", None)
    assert (page.next_cursor, page.has_more) == ("c2", True)
    (tx,) = page.transactions
    assert (tx.amount, tx.currency, tx.memo, tx.category) == (Decimal("-25.80"), "CNY", "豆浆油条", "dining")


@pytest.mark.parametrize(
    "body",
    [b"", b"<html>502 Bad Gateway</html>", b'{"data": {"accounts": [', b"[]", b"null", b'{"data": {}}'],
)
async def test_a_body_that_is_not_the_contract_is_invalid_data(body: bytes) -> None:
    platform = MockPlatform(lambda r: raw(body))
    conn, _ = platform.connector()
    with pytest.raises(InvalidData) as info:
        await conn.accounts()
    assert info.value.endpoint == "GET /accounts"


async def test_one_bad_account_fails_the_whole_answer() -> None:
    good = {
        "account_id": "a1",
        "currency": "CNY",
        "kind": "debit_card",
        "nickname": "工资卡",
        "identification_masked": "6222 **** **** 0001",
        "holder_name": "王建国",
        "bank_class": "I",
        "bound_account_id": None,
        "payment_class": None,
        "ecny_tier": None,
        "ecny_operator": None,
        "credit_limit": None,
        "statement_day": None,
        "due_day": None,
        "opened_on": "2019-03-01",
    }
    bad = {**good, "account_id": "a2", "bank_class": "IV"}
    platform = MockPlatform(lambda r: raw(json.dumps({"data": {"accounts": [good, bad]}})))
    conn, _ = platform.connector()
    with pytest.raises(InvalidData) as info:
        await conn.accounts()
    assert info.value.field == "data.accounts[1].bank_class"


async def test_an_answer_about_another_account_is_refused() -> None:
    platform = MockPlatform(lambda r: balances_body("acc-2", BALANCE))
    conn, _ = platform.connector()
    with pytest.raises(InvalidData) as info:
        await conn.balances("acc-1")
    assert info.value.field == "data.account_id"


async def test_more_after_a_cursor_that_does_not_move_is_refused() -> None:
    platform = MockPlatform(lambda r: transactions_body("acc-1", next_cursor="same", has_more=True))
    conn, _ = platform.connector()
    with pytest.raises(InvalidData) as info:
        await conn.transactions("acc-1", "same")
    assert info.value.field == "meta.next_cursor"
    # Nothing new since a stored cursor: an empty last page that hands the same cursor back is fine.
    platform.handler = lambda r: transactions_body("acc-1", next_cursor="same", has_more=False)
    page = await conn.transactions("acc-1", "same")
    assert (page.transactions, page.next_cursor, page.has_more) == ((), "same", False)


async def test_a_page_without_its_cursor_is_invalid() -> None:
    platform = MockPlatform(lambda r: raw(json.dumps({"data": {"account_id": "acc-1", "transactions": []},
                                                      "meta": {"has_more": False}})))
    conn, _ = platform.connector()
    with pytest.raises(InvalidData) as info:
        await conn.transactions("acc-1", None)
    assert info.value.field == "meta.next_cursor"


async def test_an_fx_rate_must_be_a_positive_decimal_string() -> None:
    quote = {"from": "USD", "to": "CNY", "rate": 7.1, "quoted_at": "2026-11-25T12:00:00Z",
             "valid_until": "2026-11-25T12:05:00Z"}
    platform = MockPlatform(lambda r: raw(json.dumps({"data": quote})))
    conn, _ = platform.connector()
    with pytest.raises(InvalidData) as info:
        await conn.fx_quote("USD", "CNY")
    assert info.value.field == "data.rate"
    platform.handler = lambda r: raw(json.dumps({"data": {**quote, "rate": "7.1234"}}))
    got = await conn.fx_quote("USD", "CNY")
    assert got.rate == Decimal("7.1234") and (got.base, got.quote) == ("USD", "CNY")
    assert platform.requests[-1].url.params["from"] == "USD"


async def test_discovery_endpoints_must_not_leave_tls() -> None:
    platform = MockPlatform(lambda r: raw("{}"))
    platform.discovery = {**platform.discovery, "token_endpoint": "http://evil.example/token"}
    conn, _ = platform.connector()
    with pytest.raises(InvalidData) as info:
        await conn.discover()
    assert info.value.field == "token_endpoint"


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=25,
)
_near_balance = st.fixed_dictionaries(
    {"data": st.fixed_dictionaries({"account_id": st.just("acc-1"), "balances": st.lists(
        st.fixed_dictionaries({k: st.one_of(st.just(v), _json) for k, v in BALANCE.items()}), max_size=3)})}
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.one_of(_json, _near_balance))
def test_no_body_crashes_the_connector(body: Any) -> None:
    async def fetch() -> object:
        platform = MockPlatform(lambda r: raw(json.dumps(body)))
        conn, _ = platform.connector()
        try:
            return await conn.balances("acc-1")
        except SyncError as exc:
            return exc
        finally:
            await conn.aclose()

    result = asyncio.run(fetch())
    # Either every balance came through as exact Decimals, or the whole answer was refused.
    if isinstance(result, SyncError):
        assert isinstance(result, InvalidData)
    else:
        assert isinstance(result, tuple)
        assert all(type(b.amount) is Decimal for b in result)


async def test_json_numbers_never_become_floats_in_records() -> None:
    platform = MockPlatform(lambda r: balances_body("acc-1", _with(BALANCE, "amount.amount", "0.10")))
    conn, _ = platform.connector()
    (b,) = await conn.balances("acc-1")
    assert b.amount == Decimal("0.10") and str(b.amount) == "0.10"


def test_http_errors_do_not_escape_as_httpx_errors() -> None:
    # The contract promises only app.sync.errors: a transport the connector did not expect included.
    def explode(request: httpx.Request) -> httpx.Response:
        raise httpx.UnsupportedProtocol("no such scheme")

    async def fetch() -> None:
        conn, _ = MockPlatform(explode).connector()
        await conn.accounts()

    with pytest.raises(SyncError):
        asyncio.run(fetch())
