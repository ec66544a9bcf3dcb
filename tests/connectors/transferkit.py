"""Connecting to the sandbox the way the app will for transfers: pin the platform's key, register ours."""

from __future__ import annotations

import asyncio
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx

from app.sync.contract import ConnectorConfig, RetryPolicy, TransferLink, TransferOrder
from app.sync.tokens import MemoryTokenStore
from app.vault.crypto import sm2_generate_keypair
from connectors.openapi import LoopbackReceiver, OpenAPIConnector
from connectors.sandbox import Sandbox
from connectors.sandbox.consent import complete_consent

FAST = RetryPolicy(max_retries=2, backoff_base=0.01, backoff_max=0.05, max_total_wait=1.0)
TRANSFER_SCOPE = "accounts balances transactions transfers"


async def connect(
    sb: Sandbox, platform_id: str, member: int = 0, *, scope: str = TRANSFER_SCOPE, pinned: str | None = None,
    register: bool = True, **config: Any,
) -> tuple[OpenAPIConnector, TransferLink, ConnectorConfig]:
    """A connector with a fresh consent of the ``member``-th login of ``platform_id``, its key registered.

    ``pinned`` replaces the platform key the app would have pinned from discovery."""
    store = MemoryTokenStore()
    base = sb.platform_urls()[platform_id]
    probe = OpenAPIConnector(ConnectorConfig(base_url=base, token_store=store, connection_key="probe"))
    info = await probe.discover()
    await probe.aclose()
    private, public = sm2_generate_keypair()
    link = TransferLink(private, public, pinned or info.transfer_public_key or "")
    cfg = ConnectorConfig(base_url=base, token_store=store, connection_key=f"{platform_id}/{member}", scope=scope,
                          transfer_link=link if register else None, retry=config.pop("retry", FAST), **config)
    conn = OpenAPIConnector(cfg)
    await conn.discover()
    _, username, password = sb.logins(platform_id)[member]
    with LoopbackReceiver() as rx:
        req = conn.begin_consent(rx.redirect_uri)
        location = await asyncio.to_thread(complete_consent, req.authorize_url, username, password)
        await asyncio.to_thread(httpx.get, location)
        callback = await asyncio.to_thread(rx.wait, 5)
    await conn.finish_consent(req, callback)
    return conn, link, cfg


def order(key: str, src: str, to_platform: str, dst: str, name: str, amount: str, memo: str = "测试转账",
          **kw: Any) -> TransferOrder:
    return TransferOrder(key, src, to_platform, dst, name, Decimal(amount), kw.pop("currency", "CNY"), memo, **kw)


def total(money: dict[str, dict[str, Decimal]], currency: str = "CNY") -> Decimal:
    """All of a currency in the sandbox: balances, in flight between platforms, sent outside, and the
    FX desk's position (what it took in selling minus what it paid out buying)."""
    parts = ("balances", "in_flight", "outside", "fx_desk")
    return sum((money[part].get(currency, Decimal("0.00")) for part in parts), Decimal("0.00"))


def history_flow(sb: Sandbox, after: datetime, upto: datetime, currency: str = "CNY") -> Decimal:
    """What the seeded histories themselves moved in (after, upto]: their postings that are not transfers."""
    flow = Decimal("0.00")
    for a in sb.world.ledger.accounts.values():
        if a.currency != currency:
            continue
        for t in sb.world.ledger.txns[a.account_id]:
            if after < t.value_time <= upto and t.transfer_id is None and t.own_transfer_ref is None:
                flow += t.signed
    return flow
