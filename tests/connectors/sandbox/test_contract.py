"""Every response of every endpoint, for every platform and member, matches the OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import httpx
import pytest

from connectors.sandbox import Sandbox

from .helpers import CLIENT_ID, REDIRECT, Crawl, authorize_url, check_response, login, pkce, query_of

CORE = ["bank_a", "wallet_a", "wallet_b", "bank_b", "store", "ecny", "fx"]


def test_all_seven_platforms_and_their_members(sandbox: Sandbox, crawled: Crawl) -> None:
    assert list(sandbox.platform_urls()) == CORE
    kinds = {pid: d["kind"] for pid, d in crawled.discovery.items()}
    assert kinds == {
        "bank_a": "bank",
        "wallet_a": "payment_wallet",
        "wallet_b": "payment_wallet",
        "bank_b": "bank",
        "store": "ecommerce",
        "ecny": "ecny_wallet",
        "fx": "fx_account",
    }
    members = {pid: [m for m, _, _ in sandbox.logins(pid)] for pid in CORE}
    assert members["bank_a"] == ["adult1", "adult2", "teen"]
    assert members["wallet_b"] == ["adult1", "adult2", "teen"]
    assert members["store"] == ["adult2", "teen"]
    assert "teen" not in members["wallet_a"] + members["bank_b"] + members["ecny"] + members["fx"]
    for d in crawled.discovery.values():
        assert d["authorization_endpoint"].startswith(sandbox.base_url)


def test_account_shapes(crawled: Crawl) -> None:
    acc = crawled.accounts
    assert acc["ht-adult1-eacct"]["bank_class"] == "II"
    assert acc["ht-adult1-eacct"]["bound_account_id"] == "ht-adult1-debit"
    assert acc["ht-teen-debit"]["bank_class"] == "I"
    assert {acc["dc-adult1-w2"]["ecny_tier"], acc["dc-adult2-w4"]["ecny_tier"]} == {2, 4}
    assert all(acc[a]["ecny_operator"] for a in ("dc-adult1-w2", "dc-adult2-w4"))
    assert {acc[a]["currency"] for a in acc if a.startswith("hy-")} == {"CNY", "USD", "HKD", "EUR"}
    for aid in ("ep-adult1-credit", "hx-adult1-card", "hx-adult2-card"):
        assert acc[aid]["credit_limit"] is not None and acc[aid]["statement_day"] and acc[aid]["due_day"]
    assert acc["ep-adult1-balance"]["payment_class"] in ("I", "II", "III")
    assert {a["kind"] for a in acc.values()} == {
        "debit_card",
        "credit_card",
        "wallet_balance",
        "money_market",
        "credit_line",
        "store_balance",
        "ecny_wallet",
        "fx_account",
    }


def test_error_responses_match_the_document(sandbox: Sandbox, client: httpx.Client, crawled: Crawl) -> None:
    base = sandbox.platform_urls()["bank_a"]
    s = crawled.sessions[("bank_a", "adult2")]
    # 401: no token, a made-up token, another platform's token
    r = client.get(f"{base}/accounts")
    assert check_response(r, "GET", "/accounts")["code"] == "invalid_token"
    assert r.headers["www-authenticate"].startswith("Bearer")
    r = client.get(f"{base}/accounts", headers={"Authorization": "Bearer nope"})
    assert check_response(r, "GET", "/accounts")["code"] == "invalid_token"
    other = crawled.sessions[("wallet_b", "adult2")]
    r = client.get(f"{base}/accounts", headers=other.headers)
    assert check_response(r, "GET", "/accounts")["code"] == "invalid_token"
    # 404: unknown account, another member's account (not "forbidden": it must not leak), unknown platform
    for aid in ("nope", "ht-adult1-debit"):
        r = s.get(f"/accounts/{aid}/balances")
        assert check_response(r, "GET", "/accounts/{account_id}/balances")["code"] == "not_found"
        r = s.get(f"/accounts/{aid}/transactions")
        assert check_response(r, "GET", "/accounts/{account_id}/transactions")["code"] == "not_found"
    r = client.get(f"{sandbox.base_url}/p/nobank/accounts")
    assert check_response(r, "GET", "/accounts")["code"] == "not_found"
    # 400: bad limit, cursor, date
    for params in (
        {"limit": "0"},
        {"limit": "x"},
        {"limit": "501"},
        {"cursor": "garbage"},
        {"from_booking_date": "2024-13-01"},
        {"from_booking_date": "yesterday"},
    ):
        r = s.get("/accounts/ht-adult2-debit/transactions", **params)
        body = check_response(r, "GET", "/accounts/{account_id}/transactions")
        assert r.status_code == 400 and body["code"] == "bad_request", params
    # a cursor of another account is refused too
    first = s.get("/accounts/ht-adult2-eacct/transactions", limit=1).json()["meta"]["next_cursor"]
    r = s.get("/accounts/ht-adult2-debit/transactions", cursor=first)
    assert r.status_code == 400
    # x-request-id is echoed
    r = client.get(f"{base}/accounts", headers={**s.headers, "x-request-id": "req-123"})
    assert r.headers["x-request-id"] == "req-123"


def test_insufficient_scope_is_403(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "store", "teen", scope="accounts")
    assert s.get("/accounts").status_code == 200
    r = s.get("/accounts/jx-teen-balance/balances")
    assert r.status_code == 403
    assert check_response(r, "GET", "/accounts/{account_id}/balances")["code"] == "insufficient_scope"


def test_fx_quotes(sandbox: Sandbox, crawled: Crawl) -> None:
    s = crawled.sessions[("fx", "adult1")]
    bands = {"USD": ("7.1", "7.3"), "HKD": ("0.91", "0.93"), "EUR": ("7.7", "7.9")}
    for ccy, (lo, hi) in bands.items():
        q = check_response(s.get("/fx/quote", **{"from": ccy, "to": "CNY"}), "GET", "/fx/quote")["data"]
        assert q["from"] == ccy and q["to"] == "CNY"
        assert Decimal(lo) <= Decimal(q["rate"]) <= Decimal(hi)
        back = check_response(s.get("/fx/quote", **{"from": "CNY", "to": ccy}), "GET", "/fx/quote")["data"]
        assert abs(Decimal(q["rate"]) * Decimal(back["rate"]) - 1) < Decimal("0.001")
    r = s.get("/fx/quote", **{"from": "USD", "to": "JPY"})
    assert check_response(r, "GET", "/fx/quote")["code"] == "bad_request"
    r = s.get("/fx/quote")
    assert r.status_code == 400
    # a platform without the capability says not found
    bank = crawled.sessions[("bank_a", "adult1")]
    r = bank.get("/fx/quote", **{"from": "USD", "to": "CNY"})
    assert check_response(r, "GET", "/fx/quote")["code"] == "not_found"


def test_oauth_endpoints_match_the_document(sandbox: Sandbox, client: httpx.Client) -> None:
    base = sandbox.platform_urls()["wallet_b"]
    verifier, challenge = pkce()
    r = client.get(authorize_url(base, challenge))
    page = check_response(r, "GET", "/oauth/authorize")
    assert 'name="username"' in page and 'name="password"' in page and 'value="approve"' in page
    assert "微聊支付" in page and "ChatPay" in page
    # not loopback -> 400 HTML, never a redirect
    r = client.get(authorize_url(base, challenge, redirect="https://evil.example/cb"))
    check_response(r, "GET", "/oauth/authorize")
    assert r.status_code == 400
    # redirectable error -> 302 with error and state
    r = client.get(authorize_url(base, challenge, scope="everything"))
    check_response(r, "GET", "/oauth/authorize")
    assert r.status_code == 302 and query_of(r.headers["location"])["error"] == "invalid_scope"
    # the form: wrong password 401, deny 302
    _, user, password = sandbox.logins("wallet_b")[0]
    fields = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT,
        "scope": "accounts",
        "state": "s",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "username": user,
    }
    r = client.post(f"{base}/oauth/authorize", data={**fields, "password": "wrong", "action": "approve"})
    check_response(r, "POST", "/oauth/authorize")
    assert r.status_code == 401
    r = client.post(f"{base}/oauth/authorize", data={**fields, "password": password, "action": "deny"})
    check_response(r, "POST", "/oauth/authorize")
    assert query_of(r.headers["location"]) == {"error": "access_denied", "state": "s"}
    r = client.post(f"{base}/oauth/authorize", data={**fields, "password": password, "action": "approve"})
    check_response(r, "POST", "/oauth/authorize")
    code = query_of(r.headers["location"])["code"]
    # token endpoint: success and RFC 6749 errors
    r = client.post(
        f"{base}/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": CLIENT_ID,
            "code_verifier": verifier,
        },
    )
    body = check_response(r, "POST", "/oauth/token")
    assert body["token_type"] == "Bearer" and body["expires_in"] == 600
    assert r.headers["cache-control"] == "no-store"
    for form, error in (
        ({"grant_type": "password", "client_id": CLIENT_ID}, "unsupported_grant_type"),
        ({"grant_type": "refresh_token", "refresh_token": "x", "client_id": "other"}, "invalid_client"),
        ({"grant_type": "refresh_token", "refresh_token": "x", "client_id": CLIENT_ID}, "invalid_grant"),
        ({"grant_type": "authorization_code", "client_id": CLIENT_ID}, "invalid_request"),
    ):
        r = client.post(f"{base}/oauth/token", data=form)
        assert check_response(r, "POST", "/oauth/token")["error"] == error


@pytest.fixture(scope="module")
def mid_month() -> Iterator[Sandbox]:
    # On the 15th, bank_b's bills (statement 5th due 23rd; statement 12th due 2nd next month) are open.
    with Sandbox(seed=7, today=date(2025, 3, 15)) as sb:
        yield sb


def test_open_credit_bills_are_shown(mid_month: Sandbox, client: httpx.Client) -> None:
    for member, statement_date, due_date in (
        ("adult1", "2025-03-05", "2025-03-23"),
        ("adult2", "2025-03-12", "2025-04-02"),
    ):
        s = login(mid_month, client, "bank_b", member)
        aid = f"hx-{member}-card"
        data = check_response(s.get(f"/accounts/{aid}/balances"), "GET", "/accounts/{account_id}/balances")[
            "data"
        ]
        st = data["statement"]
        assert (st["statement_date"], st["due_date"]) == (statement_date, due_date)
        assert 0 < Decimal(st["minimum_payment"]["amount"]) <= Decimal(st["statement_amount"]["amount"])
        types = {b["type"]: b for b in data["balances"]}
        assert types["interim_booked"]["credit_debit_indicator"] == "debit"
        assert types["interim_available"]["credit_lines"][0]["included"] is True
    # the wallet's credit line (statement 1st, due 10th) was repaid on the 10th: no open bill
    s = login(mid_month, client, "wallet_a", "adult1")
    data = s.get("/accounts/ep-adult1-credit/balances").json()["data"]
    assert "statement" not in data
