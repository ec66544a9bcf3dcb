"""No plaintext in plain columns after a sync and after a failed one (issue 8, section 5).

A failed sync used to leave the platform's name and the values it sent in ``connections.last_error``
and ``balances.stale_reason``, a platform name in ``fx_rates.source``, and cursors that decode to
remote account ids in ``sync_cursors.cursor``. None of it may be readable in any file of the vault.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path

from sqlalchemy import select

from app.services import AppServices
from app.sync.contract import RetryPolicy
from app.vault.keys import FAST_KDF
from app.vault.schema import Account, Connection, SyncCursor
from connectors.sandbox import Sandbox
from connectors.sandbox.provider import LocalSandbox

FAST = {"read_timeout": 1.0, "connect_timeout": 1.0,
        "retry": RetryPolicy(max_retries=1, backoff_base=0.01, backoff_max=0.05, max_total_wait=1.0)}
ENCODINGS = ("utf-8", "utf-16-le", "gbk")


def _decoded(cursor: str) -> list[str]:
    """What a cursor says once decoded, if it is base64 of text (the sandbox's are)."""
    out = []
    for pad in ("", "=", "=="):
        try:
            out.append(base64.urlsafe_b64decode(cursor + pad).decode("utf-8"))
            break
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
    return out


def readable(directory: Path, secrets: set[str]) -> list[str]:
    found = []
    for path in directory.rglob("*"):
        if not path.is_file() or "sandbox" in path.parts:
            continue  # the sandbox's own state stands for the platforms, outside the vault's files
        data = path.read_bytes()
        found += [f"{path.name}: {s!r}" for s in secrets for enc in ENCODINGS if s.encode(enc) in data]
    return found


def test_a_synced_and_a_failed_sync_vault_keeps_no_platform_text_in_the_clear(tmp_path: Path) -> None:
    sandbox = Sandbox(seed=7).start()
    vault = tmp_path / "v"
    try:
        services, report = AppServices.create_demo(vault, "demo passphrase", kdf=FAST_KDF, connector_options=FAST,
                                                   platforms=LocalSandbox(sandbox, None))
        assert report.ok
        sandbox.advance(days=1)
        sandbox.set_faults("wallet_a", "malformed")
        failed = services.sync_service.refresh()
        wallet = [r for r in failed.results if r.status == "stale"]
        assert wallet and all(r.reason for r in wallet)
        secrets: set[str] = set()
        with services.vault.reader() as s:
            secrets.update(c.last_error for c in s.scalars(select(Connection)) if c.last_error)
            for cursor in s.scalars(select(SyncCursor)):
                if cursor.cursor:
                    secrets.add(cursor.cursor)
                    secrets.update(t for t in _decoded(cursor.cursor) if len(t) >= 6)
            secrets.update(a.remote_id for a in s.scalars(select(Account)) if a.remote_id)
        secrets.update(a.stale_reason for a in services.accounts() if a.stale_reason)
        secrets.update(c.platform_name for c in services.sync_service.connections())
        assert any("易付宝" in s for s in secrets) and len(secrets) > 10
        services.close()
    finally:
        sandbox.stop()
    assert readable(vault, secrets) == []


def test_the_search_sees_text_that_is_there(tmp_path: Path) -> None:
    (tmp_path / "f.db").write_bytes("易付宝 is unreachable".encode("utf-16-le"))
    assert readable(tmp_path, {"易付宝"}) == ["f.db: '易付宝'"]
