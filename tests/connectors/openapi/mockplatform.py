"""A scripted platform on httpx.MockTransport, only for answers the sandbox cannot be made to give
(specific malformed bodies, exact Retry-After values, a token endpoint that fails in a chosen way)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx

from app import clock
from app.sync.contract import ConnectorConfig, RetryPolicy
from app.sync.tokens import MemoryTokenStore, Tokens
from connectors.openapi import OpenAPIConnector

BASE = "http://127.0.0.1:9/p/mock"
KEY = "conn-1"

DISCOVERY = {
    "platform_id": "mock",
    "name_zh": "测试银行",
    "name_en": "Mock Bank",
    "kind": "bank",
    "legal_entity": "Mock Bank Co., Ltd.",
    "authorization_endpoint": f"{BASE}/oauth/authorize",
    "token_endpoint": f"{BASE}/oauth/token",
    "api_version": "1.0",
    "capabilities": ["balances", "transactions", "fx_quotes"],
}

BALANCE = {
    "type": "closing_booked",
    "amount": {"amount": "1234.56", "currency": "CNY"},
    "credit_debit_indicator": "credit",
    "date_time": "2026-11-25T12:00:00+08:00",
    "credit_lines": [],
}

TRANSACTION = {
    "transaction_id": "t1",
    "status": "booked",
    "booking_date_time": "2026-11-24T09:30:00+08:00",
    "value_date_time": "2026-11-24T09:30:00+08:00",
    "amount": {"amount": "25.80", "currency": "CNY"},
    "credit_debit_indicator": "debit",
    "counterparty_name": "早餐铺",
    "counterparty_account": None,
    "remittance_information": "豆浆油条",
    "category": "dining",
    "own_transfer_ref": None,
    "merchant": "早餐铺",
}

Handler = Callable[[httpx.Request], httpx.Response]


def problem(status: int, code: str, **headers: str) -> httpx.Response:
    body = {"type": f"https://huiliu.invalid/problems/{code}", "title": code, "status": status, "code": code}
    return httpx.Response(status, json=body, headers={"content-type": "application/problem+json", **headers})


def fresh_tokens(access: str = "at-1", refresh: str | None = "rt-1", expires_in: int = 600) -> Tokens:
    now = clock.utcnow()
    return Tokens(access, refresh, now + timedelta(seconds=expires_in), "consent-1", now + timedelta(days=90), "x")


class MockPlatform:
    """Discovery answered by default; every other request goes to ``handler``; all are recorded."""

    def __init__(self, handler: Handler, discovery: dict[str, Any] | None = None) -> None:
        self.handler = handler
        self.discovery = discovery or DISCOVERY
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path.endswith("/.well-known/huiliu-platform"):
            return httpx.Response(200, json=self.discovery)
        return self.handler(request)

    def paths(self) -> list[str]:
        return [r.url.path.removeprefix("/p/mock") for r in self.requests]

    def connector(
        self, tokens: Tokens | None = None, retry: RetryPolicy | None = None, **config: Any
    ) -> tuple[OpenAPIConnector, MemoryTokenStore]:
        store = MemoryTokenStore()
        store.save(KEY, tokens or fresh_tokens())
        cfg = ConnectorConfig(
            base_url=BASE, token_store=store, connection_key=KEY, retry=retry or RetryPolicy(backoff_base=0.01), **config
        )
        client = httpx.AsyncClient(transport=httpx.MockTransport(self))
        return OpenAPIConnector(cfg, client=client), store


def raw(body: str | bytes, status: int = 200) -> httpx.Response:
    content = body.encode() if isinstance(body, str) else body
    return httpx.Response(status, content=content, headers={"content-type": "application/json"})


def balances_body(account_id: str, *balances: dict[str, Any]) -> httpx.Response:
    return raw(json.dumps({"data": {"account_id": account_id, "balances": list(balances)}}))


def transactions_body(
    account_id: str, *txs: dict[str, Any], next_cursor: str = "end", has_more: bool = False
) -> httpx.Response:
    meta = {"next_cursor": next_cursor, "has_more": has_more}
    body = {"data": {"account_id": account_id, "transactions": list(txs)}, "meta": meta}
    return raw(json.dumps(body))
