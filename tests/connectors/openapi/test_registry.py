"""Connectors are found through the ``huiliu.connectors`` entry points; a broken one is left out."""

from __future__ import annotations

import logging
from importlib.metadata import EntryPoint
from typing import Any

import pytest

from app.sync import registry
from app.sync.contract import Capability, Connector, ConnectorConfig, Manifest
from app.sync.errors import UnknownConnector
from app.sync.tokens import MemoryTokenStore
from connectors.openapi import MANIFEST, OpenAPIConnector


def test_the_openapi_connector_is_found_through_its_entry_point() -> None:
    found = registry.connectors()
    assert found["openapi"] is MANIFEST
    assert registry.get("openapi") is MANIFEST
    assert (MANIFEST.name_zh, MANIFEST.name_en) == ("开放平台 API", "Open platform API")
    assert MANIFEST.capabilities == {"balances", "transactions", "fx_quotes", "transfers", "scheduled_transfers"}
    assert MANIFEST.serves("ecny_wallet") and MANIFEST.name("zh_CN") == "开放平台 API"


@pytest.mark.anyio
async def test_the_manifest_builds_a_connector_that_meets_the_protocol() -> None:
    config = ConnectorConfig(base_url="https://bank.example/p/a", token_store=MemoryTokenStore(), connection_key="k")
    conn = MANIFEST.factory(config)
    assert isinstance(conn, OpenAPIConnector) and isinstance(conn, Connector)
    await conn.aclose()


def test_an_unknown_connector_is_an_error_that_names_it() -> None:
    with pytest.raises(UnknownConnector) as info:
        registry.get("carrier-pigeon")
    assert "carrier-pigeon" in str(info.value)


def _entry_points(*eps: EntryPoint) -> Any:
    def fake(group: str, name: str | None = None) -> list[EntryPoint]:
        assert group == registry.GROUP
        return [e for e in eps if name is None or e.name == name]

    return fake


def test_broken_entry_points_are_skipped_and_explained(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    eps = (
        EntryPoint("openapi", "connectors.openapi:MANIFEST", registry.GROUP),
        EntryPoint("missing", "connectors.does_not_exist:MANIFEST", registry.GROUP),
        EntryPoint("notamanifest", "json:dumps", registry.GROUP),
        EntryPoint("renamed", "connectors.openapi:MANIFEST", registry.GROUP),  # declares id "openapi"
    )
    monkeypatch.setattr(registry, "entry_points", _entry_points(*eps))
    with caplog.at_level(logging.WARNING, logger="app.sync.registry"):
        assert list(registry.connectors()) == ["openapi"]
    assert {"missing", "notamanifest", "renamed"} <= {w for r in caplog.records for w in r.getMessage().split()}
    for name in ("missing", "notamanifest", "renamed"):
        with pytest.raises(UnknownConnector) as info:
            registry.get(name)
        assert info.value.detail


def test_a_manifest_with_an_unknown_capability_is_refused() -> None:
    with pytest.raises(ValueError):
        Manifest("x", "x", "x", ("*",), frozenset({"teleport"}), OpenAPIConnector)
    with pytest.raises(ValueError):
        Manifest("x", "x", "x", ("casino",), frozenset({Capability.BALANCES}), OpenAPIConnector)
