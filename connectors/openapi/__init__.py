"""The Huiliu platform API connector (httpx), registered as the ``openapi`` connector.

Public surface: ``MANIFEST`` (found by ``app.sync.registry`` through the ``huiliu.connectors``
entry point), ``OpenAPIConnector`` and ``LoopbackReceiver``. Errors are those of ``app.sync.errors``.
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
    capabilities=frozenset({Capability.BALANCES, Capability.TRANSACTIONS, Capability.FX_QUOTES}),
    factory=OpenAPIConnector,
    consent_receiver=LoopbackReceiver,
)
