"""The demo stays alive: after ``huiliu demo``, later commands reach its platforms by themselves."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def huiliu(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=180)


def test_sync_after_demo_needs_nothing_started_by_hand(tmp_path: Path) -> None:
    env = dict(os.environ, HUILIU_PASSPHRASE="demo passphrase", HUILIU_LANG="en")
    vault = tmp_path / "demo"
    made = huiliu("demo", "--vault", str(vault), env=env)
    assert made.returncode == 0, made.stderr
    assert (vault / "sandbox" / "state.json").is_file()
    first = json.loads(huiliu("balances", "--vault", str(vault), "--json", env=env).stdout)

    synced = huiliu("sync", "--vault", str(vault), "--json", env=env)
    assert synced.returncode == 0, synced.stderr
    report = json.loads(synced.stdout)
    assert report["ok"] and len(report["platforms"]) >= 7
    assert all(p["status"] == "ok" for p in report["platforms"])
    # Twice: the refreshed tokens were kept by the sandbox too.
    again = json.loads(huiliu("sync", "--vault", str(vault), "--json", env=env).stdout)
    assert again["ok"]
    after = json.loads(huiliu("balances", "--vault", str(vault), "--json", env=env).stdout)
    assert [a["account_id"] for a in after["accounts"]] == [a["account_id"] for a in first["accounts"]]
    assert not any(a["stale"] for a in after["accounts"])
    assert huiliu("audit", "verify", "--vault", str(vault), env=env).returncode == 0
    listed = json.loads(huiliu("platforms", "list", "--vault", str(vault), "--json", env=env).stdout)
    stamps = [p["last_sync_at"] for p in listed]
    assert stamps and all("T" in s and " " not in s for s in stamps)  # ISO 8601, as every output


def test_the_demo_platforms_come_back_days_later_with_the_same_books(tmp_path: Path, clock_now) -> None:
    """Three days on, a sync brings the sandbox back itself: same logins, same books, new days added."""
    from app.services import AppServices
    from app.vault.keys import FAST_KDF

    vault = tmp_path / "demo"
    services, report = AppServices.create_demo(vault, "demo passphrase", kdf=FAST_KDF)
    assert report.ok
    before = {a.id: a.balance for a in services.accounts()}
    count = services.info().counts["transactions"]
    services.close()  # stops the sandbox and keeps its state

    clock_now.advance(days=3)
    services = AppServices.open(vault, "demo passphrase")
    try:
        again = services.refresh()
        assert again.ok, again.to_json()
        assert services.info().counts["transactions"] > count  # the three new days were fetched
        assert set(before) == {a.id for a in services.accounts()}  # the same accounts, not new ones
        assert services.verify_audit().ok
    finally:
        services.close()
