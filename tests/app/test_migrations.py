"""Schema migrations: every released vault opens with today's code; migrations match the ORM."""

from __future__ import annotations

import shutil
import sqlite3
from decimal import Decimal
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
        assert [m.name for m in svc.members()][:2] == ["张三", "李四"]
        assert [a.name for a in svc.accounts()] == ["招商银行工资卡", "电子账户", "余额"]
        assert svc.verify_audit().ok
        # Sealed before bound columns and digests existed (or not): re-sealed once, intact row by row.
        assert svc.integrity_report is not None and svc.integrity_report.ok
        assert svc.check_integrity(full=True).ok
        # Since 0006 every member's account rows are sealed under that account's own keys: an older vault
        # moves at its owner's first unlock, the owner (its first member) holding every key.
        assert svc.vault.keyed and svc.member_id == 1 and svc.member(1).role == "owner"
        assert {(g.account_id, g.grant) for g in svc.grants() if g.member_id == 1} == {
            (1, "transactions"), (2, "transactions"), (3, "transactions")}
        if fixture.name < "0006":
            svc.set_member_secret(2, "李四自己的一句长密码")
    finally:
        svc.close()
    li = AppServices.open(vault_dir, "李四自己的一句长密码", member_id=2)
    try:
        # Her own account, and nothing of 张三's (in the 0007 fixture he shows her his card's balance).
        expected = ["余额"] if fixture.name < "0006" else ["招商银行工资卡", "余额"]
        assert sorted(a.name for a in li.accounts()) == sorted(expected)
        assert li.check_integrity(full=True).ok
    finally:
        li.close()
    again = AppServices.open(vault_dir, PASSPHRASE)
    try:
        assert again.integrity_report is not None and again.integrity_report.ok
    finally:
        again.close()
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


def test_plain_platform_texts_of_an_old_vault_move_into_the_envelopes(tmp_path: Path) -> None:
    """Before 0004 a failed sync left the platform's words in plain columns; the first open seals them."""
    from app.vault import crypto, keys
    from app.vault.sealing import encode_payload, legacy_aad

    vault_dir = tmp_path / "vault"
    shutil.copytree(FIXTURES / "0003", vault_dir)
    data_key = keys.unwrap(keys.Header.read(vault_dir), PASSPHRASE)
    sealer = keys.DataKeys.from_data_key(data_key)
    seal = crypto.Sealer(sealer.seal_key, sealer.key_id).seal
    said = "易付宝: '76,696.09' is not a decimal string"
    conn = sqlite3.connect(vault_dir / DB_NAME)
    with conn:
        conn.execute("INSERT INTO connections (id, created_at, platform_id, member_id, connector, status, last_error, "
                     "sealed) VALUES (1, '2026-12-01 00:00:00.000000', 1, 1, 'openapi', 'error', ?, ?)",
                     (said, seal(encode_payload({"base_url": "http://127.0.0.1:1"}), legacy_aad("connections", 1))))
        conn.execute("UPDATE balances SET stale = 1, stale_reason = ? WHERE id = 1", (said,))
        conn.execute("INSERT INTO sync_cursors (account_id, cursor, updated_at) VALUES (1, 'Y3Vyc29yOmFjYy0x', "
                     "'2026-12-01 00:00:00.000000')")
        conn.execute("INSERT INTO fx_rates (id, base, quote, rate, as_of, source) VALUES (1, 'USD', 'CNY', '7.1', "
                     "'2026-12-01', 'platform:招商银行')")
    conn.close()

    svc = AppServices.open(vault_dir, PASSPHRASE)
    try:
        assert svc.integrity_report is not None and svc.integrity_report.ok
        assert svc.check_integrity(full=True).ok
        assert [c.last_error for c in svc.sync_service.connections()] == [said]
        assert next(a for a in svc.accounts() if a.id == 1).stale_reason == said
    finally:
        svc.close()
    conn = sqlite3.connect(vault_dir / DB_NAME)
    try:
        assert conn.execute("SELECT last_error FROM connections").fetchall() == [(None,)]
        assert conn.execute("SELECT count(*) FROM balances WHERE stale_reason IS NOT NULL").fetchone() == (0,)
        assert conn.execute("SELECT cursor FROM sync_cursors").fetchall() == [(None,)]
        assert conn.execute("SELECT source FROM fx_rates").fetchall() == [("platform:1",)]
    finally:
        conn.close()


@pytest.mark.parametrize("fixture", RELEASED, ids=[p.name for p in RELEASED])
def test_categories_of_ones_own_work_in_every_released_vault(fixture: Path, tmp_path: Path) -> None:
    """0005 added the user's categories, names and rules: older vaults start with none and can add them;
    a vault made with them keeps them."""
    vault_dir = tmp_path / "vault"
    shutil.copytree(fixture, vault_dir)
    svc = AppServices.open(vault_dir, PASSPHRASE)
    try:
        tree = svc.category_tree()
        if fixture.name >= "0005":
            pets, kids = tree.node("user:1"), tree.node("user:2")
            assert pets is not None and (pets.name, pets.group) == ("宠物", "shopping")
            assert kids is not None and kids.is_group and [c.name for c in kids.children] == ["学费"]
            assert svc.category_names()["dining"] == "下馆子"
            assert [(r.counterparty, r.category) for r in svc.category_rules()] == [("瑞幸咖啡", "user:1")]
        else:
            assert svc.category_names() == {} and svc.category_rules() == []
            assert all(node.builtin for node in tree.nodes())
        _c, key = svc.add_category("零食", "food")
        svc.save_category_rule("良品铺子", key)
        assert svc.category_group(key) == "food"
        assert svc.check_integrity(full=True).ok and svc.verify_audit().ok
    finally:
        svc.close()


@pytest.mark.parametrize("fixture", [f for f in RELEASED if f.name >= "0009"], ids=lambda p: p.name)
def test_transfers_payees_and_policy_settings_survive_in_released_vaults(fixture: Path, tmp_path: Path) -> None:
    vault_dir = tmp_path / "v"
    shutil.copytree(fixture, vault_dir)
    svc = AppServices.open(vault_dir, PASSPHRASE)
    try:
        [payee] = svc.payees()
        assert (payee.name, payee.number, payee.note) == ("赵六", "6217000011112222333", "房东")
        [refused] = svc.transfers()
        assert refused.state == "rejected" and refused.amount == Decimal("88.80") and refused.memo == "买菜"
        assert "whitelist_none" in {f["rule_id"] for f in refused.decision["firings"]}
        assert [e.state for e in refused.events] == ["rejected"]
        step_up = next(r for r in svc.policy_rules() if r.rule.id == "step_up_large")
        assert step_up.values["limit"] == 3000 and step_up.pack_values["limit"] == Decimal("5000.00")
    finally:
        svc.close()
