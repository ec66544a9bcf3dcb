"""The Huiliu platform API connector (httpx), registered as the ``openapi`` connector.

Public surface: ``MANIFEST`` (found by ``app.sync.registry`` through the ``huiliu.connectors``
entry point), ``OpenAPIConnector`` and ``LoopbackReceiver``. Errors are those of ``app.sync.errors``.

What a platform can make this connector hold or wait for (each refusal is a ``PlatformUnavailable``
that marks only that platform stale):

* one reply: at most ``ConnectorConfig.max_body_bytes`` (16 MiB) by its declared length, on the
  wire and inflated, read in 256 KiB steps (``reply.read_body``); only gzip and deflate are read;
* one reply: at most ``ConnectorConfig.request_deadline`` (30 s) of wall-clock time, however slowly
  its bytes trickle in; an error body is parsed only when under 64 KiB (``session.MAX_ERROR_BODY``);
* a platform's own words in a message: 200 characters (``app.sync.errors.PLATFORM_TEXT``).

The sync service adds the per-platform limits: 120 s in all, 500 pages per account, 50,000
transactions and 200 accounts per sync (``app.sync.service``).
"""

from __future__ import annotations

from app.sync.contract import Capability, Manifest
from connectors.openapi.connector import OpenAPIConnector
from connectors.openapi.loopback import LoopbackReceiver

__all__ = ["MANIFEST", "LoopbackReceiver", "OpenAPIConnector"]

MANIFEST = Manifest(
    id="openapi",
    name_zh="开放平台 API",
    name_en="Open platform API",
    platform_kinds=("*",),
    capabilities=frozenset({
        Capability.BALANCES, Capability.TRANSACTIONS, Capability.FX_QUOTES, Capability.TRANSFERS,
        Capability.SCHEDULED_TRANSFERS,
    }),
    factory=OpenAPIConnector,
    consent_receiver=LoopbackReceiver,
)
