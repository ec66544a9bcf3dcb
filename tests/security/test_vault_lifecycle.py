"""A changed passphrase retires the old one; re-keying; both survive a kill (issue 8, section 2)."""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.errors import VaultCorrupt, WrongPassphrase
from app.services import AppServices
from app.vault import keys
from app.vault.keys import FAST_KDF
from tests.app.household import populate

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "vaults"
OLD, NEW = "the old passphrase", "the new passphrase"
STATEMENT = "日期,金额,对方\n2026-11-02,-35.50,便利店\n2026-11-03,1200.00,工资\n".encode()
COLUMNS = '{"version": 1, "date_column": "日期", "amount_column": "金额", "counterparty_column": "对方"}'


def header_files(vault: Path) -> list[Path]:
    """Every file that could hold a wrapped data key."""
    return [p for p in vault.rglob("*") if p.is_file() and p.name.startswith(("header", ".header"))]


def unwraps(path: Path, passphrase: str) -> bool:
    import json

    try:
        header = keys.Header.from_json(json.loads(path.read_text("utf-8")))
        keys.unwrap(header, passphrase)
        return True
    except (WrongPassphrase, VaultCorrupt, ValueError, OSError):
        return False


def events(vault: Path, kind: str) -> int:
    conn = sqlite3.connect(vault / "vault.db")
    try:
        return int(conn.execute("SELECT count(*) FROM audit_events WHERE kind = ?", (kind,)).fetchone()[0])
    finally:
        conn.close()


@pytest.fixture
def migrated(tmp_path: Path) -> Path:
    """An older vault opened once: its migration left a backup with a copy of the header."""
    from tests.fixtures.make_vault_fixture import PASSPHRASE

    vault = tmp_path / "vault"
    shutil.copytree(FIXTURES / "0003", vault)
    services = AppServices.open(vault, PASSPHRASE)
    services.change_passphrase(PASSPHRASE, OLD, kdf=FAST_KDF)
    services.close()
    assert list((vault / "backups").glob("*/header.json"))
    return vault


def test_after_a_change_no_header_on_disk_opens_with_the_old_passphrase(migrated: Path) -> None:
    services = AppServices.open(migrated, OLD)
    services.change_passphrase(OLD, NEW, kdf=FAST_KDF)
    services.close()
    files = header_files(migrated)
    assert len(files) >= 2 and not any(unwraps(p, OLD) for p in files)
    assert all(unwraps(p, NEW) for p in files)  # the backups stay usable, with the new passphrase
    # The attack: the backup's header copy put back in place, with the old passphrase.
    backup_header = sorted((migrated / "backups").glob("*/header.json"))[0]
    shutil.copy(backup_header, migrated / "header.json")
    with pytest.raises(WrongPassphrase):
        AppServices.open(migrated, OLD)


def test_rekey_seals_every_row_under_a_new_key_and_old_headers_open_nothing(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    services = AppServices.create(vault, OLD, kdf=FAST_KDF)
    populate(services)
    account = services.accounts()[0].id
    read = services.read_statement(STATEMENT, "bank.csv", columns_json=COLUMNS, source="本地银行")
    services.commit_import(services.preview_import(read, STATEMENT, account_id=account))
    before = {a.id: (a.name, a.balance) for a in services.accounts()}
    old_header = (vault / "header.json").read_bytes()
    old_key = services.vault.keys.data_key
    rows = services.rekey(OLD)
    assert rows > 0 and services.vault.keys.data_key != old_key
    services.close()

    services = AppServices.open(vault, OLD)
    try:
        assert {a.id: (a.name, a.balance) for a in services.accounts()} == before
        assert services.verify_audit().ok and services.check_integrity(full=True).ok
        again = services.preview_import(services.read_statement(STATEMENT, "bank.csv"), STATEMENT, account_id=account)
        assert again.to_json()["new"] == 0  # fingerprints still find the rows: nothing imported twice
    finally:
        services.close()
    assert not (vault / "backups").exists()
    # The old header, put back, unwraps the old key, which opens nothing any more.
    (vault / "header.json").write_bytes(old_header)
    with pytest.raises(VaultCorrupt):
        AppServices.open(vault, OLD)


CHANGE = """
import sys
from app.services import AppServices
from app.vault.keys import FAST_KDF
services = AppServices.open(sys.argv[1], sys.argv[2])
if sys.argv[4] == "rekey":
    services.rekey(sys.argv[2], kdf=FAST_KDF)
else:
    services.change_passphrase(sys.argv[2], sys.argv[3], kdf=FAST_KDF)
services.close()
"""


def kill_at(vault: Path, seconds: float, current: str, new: str, what: str) -> bool:
    child = subprocess.Popen([sys.executable, "-c", CHANGE, str(vault), current, new, what], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        child.wait(timeout=seconds)
        assert child.returncode == 0, child.stderr.read().decode() if child.stderr else ""
        return False
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        return True
    finally:
        if child.stderr:
            child.stderr.close()


@pytest.mark.timeout(600)
def test_a_passphrase_change_killed_at_random_is_all_or_nothing(migrated: Path) -> None:
    rng = random.Random(13)
    started = time.monotonic()
    kill_at(migrated, 60, OLD, "passphrase number -1", "passwd")  # how long one whole change takes here
    whole = time.monotonic() - started
    current, kills, changes = "passphrase number -1", 0, events(migrated, "vault.passphrase_changed")
    for n in range(24):
        new = f"passphrase number {n}"
        kills += kill_at(migrated, rng.uniform(0.5 * whole, 1.05 * whole), current, new, "passwd")
        time.sleep(0.05)
        # Exactly one passphrase opens; it is the new one exactly when the change's event is recorded.
        old_opens = new_opens = False
        try:
            AppServices.open(migrated, current).close()
            old_opens = True
        except WrongPassphrase:
            pass
        if not old_opens:
            AppServices.open(migrated, new).close()
            new_opens = True
        recorded = events(migrated, "vault.passphrase_changed")
        if new_opens:
            assert recorded == changes + 1
            changes, current = recorded, new
        else:
            assert recorded == changes
            # and no file anywhere holds the key under the passphrase that never took effect
            assert not any(unwraps(p, new) for p in header_files(migrated))
        assert not any(unwraps(p, OLD) for p in header_files(migrated))
    print(f"passphrase change: {kills} kills in 24 runs, {changes} changes took effect, each with its event")
    assert kills >= 8


@pytest.mark.timeout(600)
def test_a_rekey_killed_at_random_leaves_a_vault_that_opens_whole(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    services = AppServices.create(vault, OLD, kdf=FAST_KDF)
    populate(services)
    # enough rows that re-sealing them takes a while to be killed in
    big = "日期,金额,对方\n" + "".join(f"2026-0{1 + i % 9}-{1 + i % 28:02d},-{i}.25,店{i}\n" for i in range(30_000))
    data = big.encode()
    read = services.read_statement(data, "big.csv", columns_json=COLUMNS, source="大文件")
    services.commit_import(services.preview_import(read, data, account_id=services.accounts()[0].id))
    names = sorted(a.name for a in services.accounts())
    services.close()
    started = time.monotonic()
    kill_at(vault, 60, OLD, OLD, "rekey")  # how long one whole re-key takes here
    whole = time.monotonic() - started
    rng = random.Random(5)
    kills = 0
    for _ in range(10):
        kills += kill_at(vault, rng.uniform(0.3, whole), OLD, OLD, "rekey")
        services = AppServices.open(vault, OLD)
        try:
            assert sorted(a.name for a in services.accounts()) == names
            assert services.integrity_report is not None and services.integrity_report.ok
        finally:
            services.close()
    print(f"rekey: {kills} kills in 10 runs")
    assert kills >= 3
