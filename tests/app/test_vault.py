"""The vault on disk: passphrases, lock file, tampering, re-wrapping."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.errors import VaultAlreadyOpen, VaultCorrupt, VaultExists, VaultNotFound, WrongPassphrase
from app.services import AppServices
from app.vault.keys import FAST_KDF, HEADER_NAME
from app.vault.store import DB_NAME
from tests.app.household import populate
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def test_reopen_keeps_everything(services: AppServices, vault_dir: Path) -> None:
    populate(services)
    services.close()
    again = AppServices.open(vault_dir, PASSPHRASE)
    try:
        names = [a.name for a in again.accounts()]
        assert names == ["招商银行工资卡", "电子账户", "余额"]
        assert again.accounts()[0].balance is not None and str(again.accounts()[0].balance) == "8888.88"
        assert again.accounts()[0].same_name_as_owner
    finally:
        again.close()


def test_wrong_passphrase_changes_nothing(services: AppServices, vault_dir: Path) -> None:
    populate(services)
    services.close()
    before = snapshot(vault_dir)
    with pytest.raises(WrongPassphrase) as err:
        AppServices.open(vault_dir, "not the passphrase")
    assert "Wrong passphrase" in str(err.value)
    assert snapshot(vault_dir) == before


def test_open_missing_and_create_twice(tmp_path: Path, services: AppServices, vault_dir: Path) -> None:
    with pytest.raises(VaultNotFound):
        AppServices.open(tmp_path / "nowhere", PASSPHRASE)
    with pytest.raises(VaultExists):
        AppServices.create(vault_dir, PASSPHRASE, kdf=FAST_KDF)


def test_second_process_gets_already_open(services: AppServices, vault_dir: Path) -> None:
    env = dict(os.environ, HUILIU_PASSPHRASE=PASSPHRASE, HUILIU_LANG="en")
    proc = subprocess.run([sys.executable, "-m", "app.cli", "--vault", str(vault_dir), "members", "list"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert proc.returncode == VaultAlreadyOpen.exit_code
    assert "already open" in proc.stderr
    assert "Traceback" not in proc.stderr
    services.close()
    proc = subprocess.run([sys.executable, "-m", "app.cli", "--vault", str(vault_dir), "members", "list"],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr


def test_same_process_second_open_is_refused(services: AppServices, vault_dir: Path) -> None:
    with pytest.raises(VaultAlreadyOpen):
        AppServices.open(vault_dir, PASSPHRASE)


def _tamper(vault_dir: Path, sql: str, *params: object) -> None:
    conn = sqlite3.connect(vault_dir / DB_NAME)
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def _flip(blob: bytes, position: int) -> bytes:
    data = bytearray(blob)
    data[position] ^= 0x01
    return bytes(data)


@pytest.mark.parametrize("position", [0, 5, 12, 30, -1])
def test_flipped_byte_is_reported_with_its_record(services: AppServices, vault_dir: Path, position: int) -> None:
    populate(services)
    services.close()
    conn = sqlite3.connect(vault_dir / DB_NAME)
    (blob,) = conn.execute("SELECT sealed FROM accounts WHERE id = 2").fetchone()
    conn.close()
    _tamper(vault_dir, "UPDATE accounts SET sealed = ? WHERE id = 2", _flip(blob, position))
    svc = AppServices.open(vault_dir, PASSPHRASE)
    try:
        accounts = {a.id: a for a in svc.accounts()}
        assert accounts[2].damaged and "accounts #2" in accounts[2].damaged
        assert accounts[2].name == ""
        assert accounts[1].name == "招商银行工资卡" and not accounts[1].damaged
        assert accounts[3].name == "余额" and not accounts[3].damaged
        assert svc.account(2).damaged
    finally:
        svc.close()


def test_sealed_value_moved_to_another_row_is_detected(services: AppServices, vault_dir: Path) -> None:
    populate(services)
    services.close()
    _tamper(vault_dir, "UPDATE members SET sealed = (SELECT sealed FROM members WHERE id = 1) WHERE id = 2")
    svc = AppServices.open(vault_dir, PASSPHRASE)
    try:
        members = {m.id: m for m in svc.members()}
        assert members[1].name == "张三" and not members[1].damaged
        assert "members #2" in members[2].damaged and members[2].name == ""
    finally:
        svc.close()


def test_sealed_value_moved_across_tables_is_detected(services: AppServices, vault_dir: Path) -> None:
    populate(services)
    services.close()
    _tamper(vault_dir, "UPDATE platforms SET sealed = (SELECT sealed FROM members WHERE id = 1) WHERE id = 1")
    svc = AppServices.open(vault_dir, PASSPHRASE)
    try:
        platforms = {p.id: p for p in svc.platforms()}
        assert "platforms #1" in platforms[1].damaged
        assert platforms[2].name == "支付宝"
    finally:
        svc.close()


def test_plaintext_cannot_be_stored_in_a_sealed_column(services: AppServices, vault_dir: Path) -> None:
    from sqlalchemy import update

    from app.vault.schema import Member

    populate(services)
    with pytest.raises(Exception, match="sealed envelope"), services.vault.session() as s:
        s.execute(update(Member).where(Member.id == 1).values(sealed=b"plain text that is long enough to pass"))


def test_passwd_rewraps_only_the_key(services: AppServices, vault_dir: Path) -> None:
    populate(services)
    services.close()
    db_before = (vault_dir / DB_NAME).read_bytes()
    header_before = json.loads((vault_dir / HEADER_NAME).read_text())
    svc = AppServices.open(vault_dir, PASSPHRASE)
    svc.change_passphrase(PASSPHRASE, "a brand new passphrase")
    header_after = json.loads((vault_dir / HEADER_NAME).read_text())
    assert header_after["key_id"] == header_before["key_id"]
    assert header_after["kdf"]["salt"] != header_before["kdf"]["salt"]
    assert header_after["wrapped_key"] != header_before["wrapped_key"]
    svc.close()
    with pytest.raises(WrongPassphrase):
        AppServices.open(vault_dir, PASSPHRASE)
    svc = AppServices.open(vault_dir, "a brand new passphrase")
    assert [m.name for m in svc.members()] == ["张三", "李四"]
    svc.close()
    assert db_before != b""  # the database file itself carries no key material to rewrite


def test_edited_kdf_parameters_fail_to_unwrap(services: AppServices, vault_dir: Path) -> None:
    services.close()
    header = json.loads((vault_dir / HEADER_NAME).read_text())
    header["kdf"]["r"] = 4  # a downgraded cost (still in bounds) must not silently open the vault
    (vault_dir / HEADER_NAME).write_text(json.dumps(header))
    with pytest.raises(WrongPassphrase):
        AppServices.open(vault_dir, PASSPHRASE)
    header["kdf"]["n"] = 2**10  # below the bounds: refused before any derivation
    (vault_dir / HEADER_NAME).write_text(json.dumps(header))
    with pytest.raises(VaultCorrupt):
        AppServices.open(vault_dir, PASSPHRASE)


def test_locked_services_refuse_work(services: AppServices) -> None:
    from app.errors import VaultLocked

    services.lock()
    assert not services.is_open
    with pytest.raises(VaultLocked):
        services.members()


def test_keyring_unavailable_is_plain(services: AppServices, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    from app.errors import KeyringUnavailable

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())
    with pytest.raises(KeyringUnavailable) as err:
        services.remember_on_this_computer()
    assert "passphrase" in str(err.value)


class MemoryKeyring:
    """A real keyring backend kept in memory, as the OS keyring would be on a desktop."""

    def __new__(cls):  # type: ignore[no-untyped-def]
        from keyring.backend import KeyringBackend

        class _Backend(KeyringBackend):
            priority = 1  # type: ignore[assignment]

            def __init__(self) -> None:
                super().__init__()
                self.items: dict[tuple[str, str], str] = {}

            def get_password(self, service: str, username: str) -> str | None:
                return self.items.get((service, username))

            def set_password(self, service: str, username: str, password: str) -> None:
                self.items[(service, username)] = password

            def delete_password(self, service: str, username: str) -> None:
                self.items.pop((service, username), None)

        return _Backend()


def use_keyring(monkeypatch: pytest.MonkeyPatch, backend: object) -> None:
    """``backend`` as the keyring, counted as an OS store (the vault accepts only those)."""
    import keyring

    from app.vault import keys

    kind = type(backend)
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    monkeypatch.setattr(keys, "OS_KEYRINGS", keys.OS_KEYRINGS | {(kind.__module__, kind.__qualname__)})


def test_remember_on_this_computer(services: AppServices, vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:

    backend = MemoryKeyring()
    use_keyring(monkeypatch, backend)
    populate(services)
    services.remember_on_this_computer()
    assert len(backend.items) == 1
    services.close()
    again = AppServices.open_remembered(vault_dir)
    assert again is not None
    assert [m.name for m in again.members()] == ["张三", "李四"]
    again.forget_on_this_computer()
    again.close()
    assert backend.items == {}
    assert AppServices.open_remembered(vault_dir) is None


def test_edits_of_sealed_fields_alone_are_saved(services: AppServices, vault_dir: Path) -> None:
    from decimal import Decimal

    from app.ledger.records import AccountInput, MemberInput

    populate(services)
    services.update_member(2, MemberInput(name="李四四"))
    acc = services.account(1)
    services.update_account(1, AccountInput(member_id=1, platform_id=acc.platform_id, kind="debit_card",
                                            name="工资卡", number=acc.number, bank_class="I", note="新备注",
                                            balance=Decimal("8888.88")))
    services.close()
    again = AppServices.open(vault_dir, PASSPHRASE)
    try:
        assert again.member(2).name == "李四四"
        assert again.account(1).name == "工资卡" and again.account(1).note == "新备注"
    finally:
        again.close()


def _audit_kinds(vault_dir: Path) -> list[str]:
    conn = sqlite3.connect(vault_dir / DB_NAME)
    try:
        return [json.loads(body)["kind"] for (body,) in conn.execute("SELECT body FROM audit_events ORDER BY idx")]
    finally:
        conn.close()


def test_forgetting_fails_loudly_when_the_keyring_keeps_the_key(
        services: AppServices, vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.errors import KeyringLocked

    from app.errors import KeyringUnavailable

    backend = MemoryKeyring()
    use_keyring(monkeypatch, backend)
    services.remember_on_this_computer()

    def refuse(service: str, username: str) -> None:
        raise KeyringLocked("the login keyring is locked")

    monkeypatch.setattr(backend, "delete_password", refuse)
    with pytest.raises(KeyringUnavailable) as err:
        services.forget_on_this_computer()
    assert "locked" in str(err.value) and "forget" in str(err.value)
    services.close()
    assert len(backend.items) == 1  # still remembered, and the log does not claim otherwise
    assert "vault.key_remembered" in _audit_kinds(vault_dir)
    assert "vault.key_forgotten" not in _audit_kinds(vault_dir)


def test_forgetting_what_was_never_remembered_succeeds(
        services: AppServices, vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.errors import PasswordDeleteError

    backend = MemoryKeyring()

    def missing(service: str, username: str) -> None:
        raise PasswordDeleteError("Password not found")

    monkeypatch.setattr(backend, "delete_password", missing)
    use_keyring(monkeypatch, backend)
    services.forget_on_this_computer()
    services.close()
    assert "vault.key_forgotten" in _audit_kinds(vault_dir)


def test_a_refusal_worded_as_not_found_still_fails_while_the_key_is_kept(
        services: AppServices, vault_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Some backends refuse with PasswordDeleteError too: the key read back decides, not the error's type."""
    from keyring.errors import PasswordDeleteError

    from app.errors import KeyringUnavailable

    backend = MemoryKeyring()
    use_keyring(monkeypatch, backend)
    services.remember_on_this_computer()

    def refuse(service: str, username: str) -> None:
        raise PasswordDeleteError("access denied")

    monkeypatch.setattr(backend, "delete_password", refuse)
    with pytest.raises(KeyringUnavailable):
        services.forget_on_this_computer()
    services.close()
    assert len(backend.items) == 1
    assert "vault.key_forgotten" not in _audit_kinds(vault_dir)
