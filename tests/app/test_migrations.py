"""Schema migrations: every released vault opens with today's code; migrations match the ORM."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from app.errors import SchemaTooNew
from app.services import AppServices
from app.vault.schema import Base
from app.vault.store import BACKUP_DIR, DB_NAME, alembic_config, head_revision
from tests.fixtures.make_vault_fixture import PASSPHRASE

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "vaults"
RELEASED = sorted(p for p in FIXTURES.iterdir() if p.is_dir())


def test_there_is_a_fixture_for_the_current_schema() -> None:
    assert (FIXTURES / head_revision()).is_dir(), "run tests/fixtures/make_vault_fixture.py and commit the result"


@pytest.mark.parametrize("fixture", RELEASED, ids=[p.name for p in RELEASED])
def test_released_vault_opens_and_migrates(fixture: Path, tmp_path: Path) -> None:
    vault_dir = tmp_path / "vault"
    shutil.copytree(fixture, vault_dir)
    svc = AppServices.open(vault_dir, PASSPHRASE)
    try:
        assert svc.info().schema_version == head_revision()
        assert [m.name for m in svc.members()] == ["张三", "李四"]
        assert [a.name for a in svc.accounts()] == ["招商银行工资卡", "电子账户", "余额"]
        assert svc.verify_audit().ok
    finally:
        svc.close()
    backups = list((vault_dir / BACKUP_DIR).glob("*")) if (vault_dir / BACKUP_DIR).exists() else []
    # A vault behind the head was backed up before its upgrade; one at the head was left alone.
    assert bool(backups) == (fixture.name != head_revision())
    for b in backups:
        assert (b / DB_NAME).is_file() and (b / "header.json").is_file()


def test_migrations_build_exactly_the_orm_schema(tmp_path: Path) -> None:
    from alembic import command

    engine = create_engine(f"sqlite:///{tmp_path / 'm.db'}")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_vault_from_a_newer_huiliu_is_refused(services: AppServices, vault_dir: Path) -> None:
    services.close()
    conn = sqlite3.connect(vault_dir / DB_NAME)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(SchemaTooNew, match="9999"):
        AppServices.open(vault_dir, "correct horse battery staple")


def test_backup_is_a_consistent_copy(services: AppServices, vault_dir: Path) -> None:
    from app.vault.store import backup
    from tests.app.household import populate

    populate(services)
    target = backup(vault_dir, services.vault.engine, "manual")
    services.close()
    copy_dir = vault_dir.parent / "restored"
    copy_dir.mkdir()
    shutil.copy2(target / DB_NAME, copy_dir / DB_NAME)
    shutil.copy2(target / "header.json", copy_dir / "header.json")
    svc = AppServices.open(copy_dir, "correct horse battery staple")
    assert len(svc.accounts()) == 3
    svc.close()


def test_upgrade_keeps_repeated_fingerprints_as_separate_rows(tmp_path: Path) -> None:
    vault_dir = tmp_path / "vault"
    shutil.copytree(FIXTURES / "0002", vault_dir)
    fp, other = b"\x01" * 32, b"\x02" * 32
    conn = sqlite3.connect(vault_dir / DB_NAME)
    conn.executemany(
        "INSERT INTO transactions (id, account_id, booked_on, status, direction, dedup_fp, import_batch, created_at, "
        "sealed) VALUES (?, ?, '2026-01-05', 'booked', 'out', ?, NULL, '2026-01-05 00:00:00.000000', x'00')",
        [(901, 1, fp), (902, 1, fp), (903, 1, fp), (904, 2, fp), (905, 1, other)])
    conn.commit()
    conn.close()
    AppServices.open(vault_dir, PASSPHRASE).close()
    conn = sqlite3.connect(vault_dir / DB_NAME)
    try:
        rows = dict(conn.execute("SELECT id, dedup_fp FROM transactions WHERE id > 900").fetchall())
        assert sorted(rows) == [901, 902, 903, 904, 905]  # nothing dropped
        assert rows[901] == fp and rows[904] == fp and rows[905] == other  # the first on each account keeps it
        assert len({rows[901], rows[902], rows[903]}) == 3
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE transactions SET dedup_fp = ? WHERE id = 905", (fp,))
    finally:
        conn.close()
