"""A repeat import records no batch, so an undo takes out the real import (issue 9, section 4)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.services import AppServices
from app.vault.keys import FAST_KDF
from tests.app.household import populate

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "repeat import passphrase"
STATEMENT = "日期,金额,对方\n2026-11-02,-35.50,便利店\n2026-11-03,1200.00,工资\n".encode()
COLUMNS = '{"version": 1, "date_column": "日期", "amount_column": "金额", "counterparty_column": "对方"}'


def test_a_second_import_of_a_file_records_nothing_and_undo_takes_out_the_first(tmp_path: Path) -> None:
    services = AppServices.create(tmp_path / "v", PASSPHRASE, kdf=FAST_KDF)
    try:
        populate(services)
        account = services.accounts()[0].id
        count = services.info().counts["transactions"]
        read = services.read_statement(STATEMENT, "bank.csv", columns_json=COLUMNS, source="本地银行")
        first = services.commit_import(services.preview_import(read, STATEMENT, account_id=account))
        assert first.batch_id and first.added == 2
        again = services.read_statement(STATEMENT, "bank.csv")
        second = services.commit_import(services.preview_import(again, STATEMENT, account_id=account))
        assert (second.batch_id, second.added, second.skipped) == (0, 0, 2)
        assert [b["id"] for b in services.import_batches()] == [first.batch_id]
        undone = services.undo_last_import()
        assert (undone.batch_id, undone.added, undone.file) == (first.batch_id, -2, "bank.csv")
        assert services.info().counts["transactions"] == count
        assert services.check_integrity(full=True).ok
    finally:
        services.close()


def test_the_terminal_says_already_imported_and_what_an_undo_undid(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    services = AppServices.create(vault, PASSPHRASE, kdf=FAST_KDF)
    populate(services)
    services.close()
    bill = tmp_path / "bank.csv"
    bill.write_bytes(STATEMENT)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(COLUMNS, encoding="utf-8")
    env = dict(os.environ, HUILIU_PASSPHRASE=PASSPHRASE, HUILIU_LANG="en")

    def huiliu(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app.cli", *args, "--vault", str(vault)], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)

    first = huiliu("import", str(bill), "--account", "1", "--columns", str(mapping), "--source", "本地银行")
    assert first.returncode == 0 and "Imported 2 rows" in first.stdout, first.stderr
    second = huiliu("import", str(bill), "--account", "1")
    assert second.returncode == 0 and "Already imported" in second.stdout, second.stdout
    as_json = json.loads(huiliu("import", str(bill), "--account", "1", "--json").stdout)
    assert as_json["imported"]["batch"] is None and as_json["imported"]["added"] == 0
    undo = huiliu("import-undo")
    assert undo.returncode == 0 and "bank.csv" in undo.stdout and "2 rows removed" in undo.stdout, undo.stdout


def test_the_terminal_shows_the_previews_notes(tmp_path: Path) -> None:
    """QIF files state no currency: the preview's note says so, in the terminal too, not only in JSON."""
    vault = tmp_path / "v"
    services = AppServices.create(vault, PASSPHRASE, kdf=FAST_KDF)
    populate(services)
    services.close()
    qif = tmp_path / "bank.qif"
    qif.write_text("!Type:Bank\nD11/02/2026\nT-35.50\nP便利店\n^\n", encoding="utf-8")
    env = dict(os.environ, HUILIU_PASSPHRASE=PASSPHRASE, HUILIU_LANG="en")
    done = subprocess.run([sys.executable, "-m", "app.cli", "import", str(qif), "--account", "1", "--dry-run",
                           "--vault", str(vault)], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "note: QIF files do not state a currency" in done.stdout, done.stdout


def test_a_dry_run_writes_nothing_not_even_its_column_mapping(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    services = AppServices.create(vault, PASSPHRASE, kdf=FAST_KDF)
    populate(services)
    services.close()
    bill = tmp_path / "bank.csv"
    bill.write_bytes(STATEMENT)
    mapping = tmp_path / "mapping.json"
    mapping.write_text(COLUMNS, encoding="utf-8")

    def files() -> dict[str, bytes]:
        return {str(p.relative_to(vault)): p.read_bytes() for p in sorted(vault.rglob("*")) if p.is_file()}

    before = files()
    env = dict(os.environ, HUILIU_PASSPHRASE=PASSPHRASE, HUILIU_LANG="en")
    done = subprocess.run([sys.executable, "-m", "app.cli", "import", str(bill), "--account", "1", "--columns",
                           str(mapping), "--source", "本地银行", "--dry-run", "--vault", str(vault)],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Dry run: nothing was written." in done.stdout
    assert files() == before
    services = AppServices.open(vault, PASSPHRASE)
    try:
        assert services.column_mappings() == []
    finally:
        services.close()


def test_a_read_only_vault_refuses_writes(tmp_path: Path) -> None:
    from app.errors import ReadOnlyVault
    from app.services import MemberInput

    vault = tmp_path / "v"
    AppServices.create(vault, PASSPHRASE, kdf=FAST_KDF).close()
    services = AppServices.open(vault, PASSPHRASE, read_only=True)
    try:
        try:
            services.add_member(MemberInput(name="张三"))
        except ReadOnlyVault:
            pass
        else:
            raise AssertionError("a read-only vault took a write")
    finally:
        services.close()
