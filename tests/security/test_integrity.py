"""Integrity of every column and of the set of rows: plain SQL behind the app's back is reported.

The attack of issue 8 on a copy of the demo vault: an account's currency changed to USD and its
member to the teen, five transactions moved to another account, three others deleted. Each change is
reported when the vault is unlocked and by ``audit verify``, naming the accounts and rows.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from app.services import AppServices
from app.vault.keys import FAST_KDF
from app.vault.sealing import BOUND_COLUMNS

ROOT = Path(__file__).resolve().parents[2]
STATEMENT = "日期,金额,对方\n2026-11-02,-35.50,便利店\n2026-11-03,1200.00,工资\n2026-11-05,-88.00,超市\n".encode()
COLUMNS = '{"version": 1, "date_column": "日期", "amount_column": "金额", "counterparty_column": "对方"}'
PASSPHRASE = "demo passphrase"


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo household, synced once; each test works on its own copy."""
    vault = tmp_path_factory.mktemp("demo") / "vault"
    services, report = AppServices.create_demo(vault, PASSPHRASE, kdf=FAST_KDF)
    assert report.ok
    try:
        # Rows of every sealed table: an import read by a saved column mapping, a mapped instrument.
        account = next(a.id for a in services.accounts() if a.currency == "CNY" and a.kind == "debit_card")
        read = services.read_statement(STATEMENT, "local-bank.csv", columns_json=COLUMNS, source="本地银行")
        services.commit_import(services.preview_import(read, STATEMENT, account_id=account))
        services.map_instrument("招商银行(6789)", account)
        # ... and the user's own categories, a built-in one's name and a counterparty rule.
        _c, pets = services.add_category("宠物", "shopping")
        services.rename_category("dining", "下馆子")
        services.save_category_rule("便利店", pets)
        # ... and the household's own decisions: an approval with a vote, a confirmed family payee, an
        # allowance and a joint holder (李梅 unlocks as herself to decide and confirm).
        from datetime import timedelta
        from decimal import Decimal

        owner_card = next(a.id for a in services.accounts() if a.member_id == 1 and a.kind == "debit_card")
        services.set_member_secret(2, "李梅自己的一句长密码")
        asked = services.request_approval("generic", [2], summary="换冰箱", amount=Decimal("3999.00"),
                                          currency="CNY", expires_in=timedelta(days=7))
        link = services.propose_family_link(owner_card, 2, note="工资卡")
        services.set_allowance(3, Decimal("50.00"), "CNY", Decimal("200.00"))
        services.set_joint_holders(owner_card, 2, Decimal("20000.00"))
        # ... and transfers: a payee, a code app, a stricter value, and a transfer sent and answered.
        import pyotp

        from app import clock
        from app.services import TransferRequest

        payee = services.add_payee("赵六", "6217000011112222333", "汇通银行")
        enrolment = services.begin_totp_enrolment("王建国")
        services.confirm_totp_enrolment(enrolment.factor_id, pyotp.TOTP(enrolment.secret).at(clock.utcnow()))
        services.set_policy_value("step_up_large", "limit", "4000")
        wallet = next(a.id for a in services.accounts() if a.member_id == 1 and a.kind == "wallet_balance")
        sent = services.submit_transfer(TransferRequest(from_account_id=owner_card, to_account_id=wallet,
                                                        amount=Decimal("100.00"), currency="CNY", memo="零用"))
        assert sent.status == "executed", sent
        held = services.submit_transfer(TransferRequest(from_account_id=owner_card, payee_id=payee.id,
                                                        amount=Decimal("20.00"), currency="CNY", memo="房租"))
        assert held.transfer is not None and held.transfer.payee_id == payee.id
    finally:
        services.close()
    spouse = AppServices.open(vault, "李梅自己的一句长密码", member_id=2)
    try:
        spouse.approve(asked.id, asked.version, comment="好")
        spouse.confirm_family_link(link.id, link.version)
    finally:
        spouse.close()
    return vault


@pytest.fixture
def vault(demo_vault: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "vault"
    shutil.copytree(demo_vault, copy, ignore=shutil.ignore_patterns("sandbox", "vault.lock"))
    return copy


def sql(vault: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    conn = sqlite3.connect(vault / "vault.db")
    with conn:
        for statement, params in statements:
            conn.execute(statement, params)
    conn.close()


def rows(vault: Path, query: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(vault / "vault.db")
    try:
        return conn.execute(query, params).fetchall()
    finally:
        conn.close()


@pytest.fixture
def opened(vault: Path) -> Iterator[AppServices]:
    services = AppServices.open(vault, PASSPHRASE)
    yield services
    services.close()


def cli(vault: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HUILIU_PASSPHRASE=PASSPHRASE, HUILIU_LANG="en")
    return subprocess.run([sys.executable, "-m", "app.cli", *args, "--vault", str(vault)], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)


def test_an_untouched_vault_is_intact_row_by_row(vault: Path) -> None:
    services = AppServices.open(vault, PASSPHRASE)
    try:
        assert services.integrity_report is not None and services.integrity_report.ok
        assert services.check_integrity(full=True).ok
    finally:
        services.close()
    done = cli(vault, "audit", "verify")
    assert done.returncode == 0, done.stderr
    assert "rows" in done.stdout


def test_the_attack_of_issue_8_is_reported_on_open_and_by_audit_verify(vault: Path) -> None:
    services = AppServices.open(vault, PASSPHRASE)
    before = services.total(services.accounts())
    balances = {a.id: a.balance for a in services.accounts()}
    members = {m.role: m.id for m in services.members()}
    services.close()
    busy = rows(vault, "SELECT account_id FROM transactions GROUP BY account_id ORDER BY count(*) DESC LIMIT 2")
    (victim,), (other,) = busy
    cny = rows(vault, "SELECT id FROM accounts WHERE currency = 'CNY' ORDER BY id LIMIT 1")[0][0]
    moved = [r[0] for r in rows(vault, "SELECT id FROM transactions WHERE account_id = ? ORDER BY id LIMIT 5", (victim,))]
    deleted = [r[0] for r in rows(vault, "SELECT id FROM transactions WHERE account_id = ? ORDER BY id DESC LIMIT 3",
                                  (other,))]
    sql(vault,
        ("UPDATE accounts SET currency = 'USD', member_id = ? WHERE id = ?", (members["teen"], cny)),
        (f"UPDATE transactions SET account_id = ? WHERE id IN ({','.join('?' * 5)})", (other, *moved)),
        (f"DELETE FROM transactions WHERE id IN ({','.join('?' * 3)})", tuple(deleted)))

    services = AppServices.open(vault, PASSPHRASE)
    try:
        report = services.integrity_report
        assert report is not None and not report.ok
        assert ("accounts", cny) in report.damaged
        assert {("transactions", row) for row in moved} <= set(report.damaged)
        assert {victim, other, cny} <= set(report.accounts())
        problems = "\n".join(services.integrity_problems())
        assert f"Account #{victim}: 5 of " in problems and f"Account #{other}:" in problems
        assert "#" + str(moved[0]) in problems
        # The changed account is shown as damaged and left out of the total, never counted in USD.
        shown = {a.id: a for a in services.accounts()}
        assert shown[cny].damaged
        after = services.total(services.accounts())
        assert after.amount == before.amount - (balances[cny] or 0)
    finally:
        services.close()

    done = cli(vault, "audit", "verify")
    assert done.returncode == 4
    assert f"Account #{victim}" in done.stderr and f"Account #{other}" in done.stderr
    assert f"#{cny}" in done.stderr and f"#{moved[0]}" in done.stderr
    warned = cli(vault, "balances")
    assert f"Account #{victim}" in warned.stderr  # every command warns at unlock


@pytest.mark.parametrize("table,column", [(t, c) for t, cols in BOUND_COLUMNS.items() for c in cols])
def test_every_bound_plain_column_changed_is_reported_as_damage(vault: Path, table: str, column: str) -> None:
    id_column = "account_id" if table == "sync_cursors" else "id"
    found = rows(vault, f"SELECT {id_column}, typeof({column}), {column} FROM {table} ORDER BY 1 LIMIT 1")
    if not found:
        pytest.skip(f"the demo has no {table}")
    row_id, kind, value = found[0]
    # A value of the same type that the app could have written: a plausible forgery, not garbage.
    changed: object
    if kind == "integer":
        changed = int(value) + 100_000  # type: ignore[call-overload]
    elif kind == "blob":
        changed = bytes(value[::-1]) + b"x"  # type: ignore[index]
    elif kind == "null":
        changed = "2020-01-01" if column.endswith(("_on", "_since", "as_of")) else 1
    elif re.fullmatch(r"\d{4}-\d\d-\d\d.*", str(value)):
        changed = "2019" + str(value)[4:]  # another year, same format
    else:
        changed = str(value) + "1"
    sql(vault, ("PRAGMA foreign_keys = OFF", ()), (f"UPDATE {table} SET {column} = ? WHERE {id_column} = ?",
                                                     (changed, row_id)))
    services = AppServices.open(vault, PASSPHRASE)
    try:
        named = changed if column == id_column else row_id
        assert (table, named) in services.check_integrity(full=True).damaged
    finally:
        services.close()


def test_a_deleted_balance_or_rate_is_reported(vault: Path) -> None:
    account = rows(vault, "SELECT account_id FROM balances ORDER BY id LIMIT 1")[0][0]
    sql(vault, ("DELETE FROM balances WHERE id = (SELECT min(id) FROM balances)", ()),
        ("DELETE FROM fx_rates WHERE id = (SELECT min(id) FROM fx_rates)", ()))
    services = AppServices.open(vault, PASSPHRASE)
    try:
        scopes = {(p.table, p.scope) for p in services.integrity_report.scopes}  # type: ignore[union-attr]
        assert ("balances", account) in scopes and ("fx_rates", 0) in scopes
    finally:
        services.close()


def test_a_row_put_back_from_an_old_copy_is_reported(vault: Path) -> None:
    """Restoring an envelope the app itself wrote earlier (a pending row before it was booked) is caught."""
    services = AppServices.open(vault, PASSPHRASE)
    services.set_balance(next(a.id for a in services.accounts() if a.currency == "CNY"), Decimal("1.00"))
    services.close()
    newest = rows(vault, "SELECT id, account_id, sealed FROM balances ORDER BY id DESC LIMIT 1")[0]
    sql(vault, ("DELETE FROM balances WHERE id = ?", (newest[0],)))
    services = AppServices.open(vault, PASSPHRASE)
    try:
        assert any(p.table == "balances" and p.scope == newest[1] for p in services.integrity_report.scopes)  # type: ignore[union-attr]
    finally:
        services.close()


def test_an_import_and_its_undo_keep_every_digest(vault: Path) -> None:
    services = AppServices.open(vault, PASSPHRASE)
    try:
        account = next(a.id for a in services.accounts() if a.currency == "CNY" and a.kind == "debit_card")
        again = STATEMENT.replace(b"2026-11-05", b"2026-11-06")
        read = services.read_statement(again, "local-bank-2.csv", columns_json=COLUMNS, source="本地银行")
        result = services.commit_import(services.preview_import(read, again, account_id=account))
        assert result.added == 1
        assert services.check_integrity(full=True).ok
        services.undo_last_import()
        assert services.check_integrity(full=True).ok
    finally:
        services.close()
    reopened = AppServices.open(vault, PASSPHRASE)
    try:
        assert reopened.integrity_report is not None and reopened.integrity_report.ok
    finally:
        reopened.close()


def test_removing_the_digests_is_reported_not_blessed(vault: Path) -> None:
    sql(vault, ("DELETE FROM integrity_digests", ()))
    for _ in range(2):  # and stays reported: the next open does not rebuild them over the damage
        services = AppServices.open(vault, PASSPHRASE)
        try:
            assert not services.integrity_report.enabled  # type: ignore[union-attr]
            assert "integrity records are missing" in services.integrity_problems()[0]
        finally:
            services.close()


def test_everyday_writes_keep_every_digest(vault: Path) -> None:
    """Writes of every kind keep the digests: balances, rates and their correction (sync: the demo itself)."""
    services = AppServices.open(vault, PASSPHRASE)
    try:
        account = next(a for a in services.accounts() if a.currency == "CNY" and not a.kind.startswith("credit"))
        services.set_balance(account.id, Decimal("123.45"))
        services.set_rate("USD", "CNY", Decimal("7.1000"))
        services.set_rate("USD", "CNY", Decimal("7.2000"))  # a correction replaces the day's manual rate
        assert services.check_integrity(full=True).ok
    finally:
        services.close()
    services = AppServices.open(vault, PASSPHRASE)
    try:
        assert services.integrity_report is not None and services.integrity_report.ok
        assert services.check_integrity(full=True).ok
    finally:
        services.close()
