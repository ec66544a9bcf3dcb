"""Members unlock as themselves and see what was shared with them, enforced by keys.

The household of ``tests.app.household``: 张三 (member 1, the owner) holds the CMB card (1) and the
e-account (2); 李四 (member 2) holds the Alipay balance (3).
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from app import clock
from app.errors import LockedOut, NotFound, NotPermitted, TooManyAttempts, ValidationError, WrongPassphrase
from app.ledger.records import MemberInput
from app.ledger.transactions import TransactionInput
from app.services import AppServices
from app.vault import crypto, member_keys
from app.vault.keychain import KeyNotHeld
from app.vault.keys import DataKeys
from app.vault.sealing import aad
from tests.app.household import populate
from tests.conftest import PASSPHRASE

LI_SI = "李四自己的一句长密码"
TEEN_PIN = "246810"


@pytest.fixture
def household(services: AppServices) -> AppServices:
    populate(services)
    services.add_transactions(1, [TransactionInput(booked_on=date(2026, 3, 1), amount=Decimal("-20.00"),
                                                   counterparty="瑞幸咖啡")])
    services.add_transactions(3, [TransactionInput(booked_on=date(2026, 3, 2), amount=Decimal("-66.60"),
                                                   counterparty="李四的秘密花店")])
    return services


def test_the_first_member_is_the_owner_and_holds_every_account_key(household: AppServices) -> None:
    assert household.vault.keyed and household.member_id == 1
    assert household.member(1).role == "owner"
    assert {a.name for a in household.accounts()} == {"招商银行工资卡", "电子账户", "余额"}
    assert {g.account_id: g.grant for g in household.grants() if g.member_id == 1} == {
        1: "transactions", 2: "transactions", 3: "transactions"}
    assert household.check_integrity(full=True).ok and household.verify_audit().ok


def test_a_member_unlocks_as_themselves_and_sees_their_own(household: AppServices, vault_dir: Path) -> None:
    household.set_member_secret(2, LI_SI)
    household.close()
    li = AppServices.open(vault_dir, LI_SI, member_id=2)
    try:
        assert li.member_id == 2
        assert [a.name for a in li.accounts()] == ["余额"]
        assert [t.counterparty for t in li.transactions()] == ["李四的秘密花店"]
        assert [m.name for m in li.members()] == ["张三", "李四"]  # the household key: everyone's names
        with pytest.raises(KeyNotHeld):
            li.vault.sealer.key_of(1, "balance")
        with pytest.raises(NotFound):
            li.account(1)
        assert li.check_integrity(full=True).ok
    finally:
        li.close()
    with pytest.raises(WrongPassphrase):
        AppServices.open(vault_dir, PASSPHRASE, member_id=2)  # the owner's passphrase is not 李四's


def test_hiding_an_account_rotates_its_keys_so_the_owner_cannot_decrypt_it(household: AppServices,
                                                                          vault_dir: Path) -> None:
    household.set_member_secret(2, LI_SI)
    household.close()
    li = AppServices.open(vault_dir, LI_SI, member_id=2)
    li.grant(3, 1, "hidden")
    assert li.verify_audit().ok
    li.close()

    owner = AppServices.open(vault_dir, PASSPHRASE)
    try:
        assert [a.name for a in owner.accounts()] == ["招商银行工资卡", "电子账户"]
        assert all(t.account_id != 3 for t in owner.transactions())
        assert owner.total(owner.accounts()).amount == Decimal("9888.88")
        assert owner.check_integrity(full=True).ok
    finally:
        owner.close()

    # With only the owner's passphrase and the database file: nothing of account 3 opens.
    header = AppServices.open(vault_dir, PASSPHRASE).vault
    held = dict(header.sealer._raw)  # every key the owner's keys unwrap
    header.close()
    assert not any(a == 3 for a, _s in held)
    db = sqlite3.connect(vault_dir / "vault.db")
    rows = db.execute("SELECT id, account_id, booked_on, status, direction, dedup_fp, import_batch, sealed "
                      "FROM transactions WHERE account_id = 3").fetchall()
    assert rows
    for row in rows:
        for key in held.values():
            sealer = crypto.Sealer(key, crypto.key_id_for(key))
            with pytest.raises(crypto.AuthenticationFailed):
                sealer.open(bytes(row[-1]), aad("transactions", row[0], row[1:-1]))


def test_balance_only_shows_the_balance_and_never_the_rows(household: AppServices, vault_dir: Path) -> None:
    household.set_member_secret(2, LI_SI)
    household.close()
    li = AppServices.open(vault_dir, LI_SI, member_id=2)
    li.grant(3, 1, "balance")
    li.close()
    owner = AppServices.open(vault_dir, PASSPHRASE)
    try:
        account = owner.account(3)
        assert account.balance == Decimal("250.50")
        assert all(t.account_id != 3 for t in owner.transactions())
        assert "李四的秘密花店" not in {e.text for e in owner.transaction_index()} if hasattr(
            owner.transaction_index()[0] if owner.transaction_index() else None, "text") else True
        assert owner.transactions(account_id=3) == []
    finally:
        owner.close()


def test_a_grant_shows_an_account_at_once_and_a_revoke_hides_it_again(household: AppServices,
                                                                       vault_dir: Path) -> None:
    household.set_member_secret(2, LI_SI)
    household.close()
    li = AppServices.open(vault_dir, LI_SI, member_id=2)
    try:
        assert [a.id for a in li.accounts()] == [3]
    finally:
        li.close()
    owner = AppServices.open(vault_dir, PASSPHRASE)
    owner.grant(1, 2, "transactions")  # the owner shares their salary card
    owner.close()
    li = AppServices.open(vault_dir, LI_SI, member_id=2)
    try:
        assert sorted(a.id for a in li.accounts()) == [1, 3]
        assert {t.counterparty for t in li.transactions()} == {"瑞幸咖啡", "李四的秘密花店"}
    finally:
        li.close()
    owner = AppServices.open(vault_dir, PASSPHRASE)
    owner.grant(1, 2, "hidden")
    assert [a.id for a in owner.accounts()] == [1, 2, 3]  # the owner still holds the new keys
    assert {t.counterparty for t in owner.transactions()} == {"瑞幸咖啡", "李四的秘密花店"}
    owner.close()
    li = AppServices.open(vault_dir, LI_SI, member_id=2)
    try:
        assert [a.id for a in li.accounts()] == [3]
    finally:
        li.close()


def test_who_may_share_and_set_secrets(household: AppServices, vault_dir: Path) -> None:
    household.set_member_secret(2, LI_SI)
    with pytest.raises(NotPermitted):
        household.grant(3, 1, "hidden")  # 李四 has her own keys: only she decides about her account
    with pytest.raises(NotPermitted):
        household.grant(1, 1, "balance")  # an account is never hidden from its holder
    with pytest.raises(ValidationError):
        household.set_member_secret(2, "12345678", kind="pin")  # a PIN is for minors
    household.close()
    li = AppServices.open(vault_dir, LI_SI, member_id=2)
    try:
        with pytest.raises(NotPermitted):
            li.set_member_secret(1, "another passphrase")
        with pytest.raises(NotPermitted):
            li.set_role(2, "owner")
    finally:
        li.close()


def test_a_teen_unlocks_with_a_pin_that_waits_then_locks(household: AppServices, vault_dir: Path,
                                                          clock_now: clock.FixedClock) -> None:
    household.add_member(MemberInput(name="王小雨", role="teen"))
    with pytest.raises(ValidationError):
        household.set_member_secret(3, "12ab56", kind="pin")
    household.set_member_secret(3, TEEN_PIN, kind="pin")
    assert [(m.id, m.has_keys, m.secret_kind) for m in household.household()] == [
        (1, True, "passphrase"), (2, False, ""), (3, True, "pin")]
    household.close()
    teen = AppServices.open(vault_dir, TEEN_PIN, member_id=3)
    assert teen.accounts() == []  # nothing of theirs yet, nothing shared
    teen.close()
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            AppServices.open(vault_dir, "000000", member_id=3)
    with pytest.raises(WrongPassphrase):
        AppServices.open(vault_dir, "000000", member_id=3)
    with pytest.raises(TooManyAttempts):
        AppServices.open(vault_dir, TEEN_PIN, member_id=3)  # must wait, even with the right PIN
    for _ in range(4):
        clock_now.advance(timedelta(hours=2))
        with pytest.raises(WrongPassphrase):
            AppServices.open(vault_dir, "000000", member_id=3)
    clock_now.advance(timedelta(hours=2))
    with pytest.raises(LockedOut):
        AppServices.open(vault_dir, TEEN_PIN, member_id=3)
    owner = AppServices.open(vault_dir, PASSPHRASE)
    owner.unlock_pin(3)
    owner.close()
    AppServices.open(vault_dir, TEEN_PIN, member_id=3).close()


def test_audit_events_name_the_acting_member(household: AppServices, vault_dir: Path) -> None:
    import json

    household.set_member_secret(2, LI_SI)
    household.close()
    li = AppServices.open(vault_dir, LI_SI, member_id=2)
    li.set_balance(3, Decimal("300.00"))
    li.close()
    db = sqlite3.connect(vault_dir / "vault.db")
    bodies = [json.loads(b) for (b,) in db.execute("SELECT body FROM audit_events ORDER BY idx")]
    recorded = [b for b in bodies if b["kind"] == "balance.recorded"]
    assert recorded[-1]["member"] == 2
    assert any(b["kind"] == "member.keys_set" and b["member"] == 1 for b in bodies)


def test_an_old_vault_moves_to_member_keys_at_its_owners_unlock(vault_dir: Path) -> None:
    """Released vaults (tests/fixtures/vaults) are checked in test_migrations; here the step itself."""
    from app.vault.keys import FAST_KDF

    svc = AppServices.create(vault_dir, PASSPHRASE, kdf=FAST_KDF)
    assert not svc.vault.keyed  # no member yet: nothing to give keys to
    populate(svc)
    assert svc.vault.keyed
    svc.close()
    assert DataKeys  # (the household key is the vault's data key: header.json is unchanged)
    assert member_keys.GRANTS["transactions"] == ("balance", "transactions")


def test_the_activity_feed_shows_what_the_member_may_see(household: AppServices, vault_dir: Path) -> None:
    household.set_member_secret(2, LI_SI)
    household.close()
    li = AppServices.open(vault_dir, LI_SI, member_id=2)
    li.set_balance(3, Decimal("300.00"))
    li.grant(3, 1, "hidden")
    li_feed = li.activity(limit=200)
    li.close()
    assert li_feed[0].kind == "account.unshared" and li_feed[0].member_id == 2
    assert any(a.kind == "balance.recorded" and a.subject_id == 3 for a in li_feed)
    assert not any(a.subject_type == "account" and a.subject_id in (1, 2) for a in li_feed)  # 张三's
    owner = AppServices.open(vault_dir, PASSPHRASE)
    try:
        feed = owner.activity(limit=200)
    finally:
        owner.close()
    assert any(a.kind == "member.keys_set" and a.subject_id == 2 for a in feed)
    assert any(a.subject_type == "account" and a.subject_id == 1 for a in feed)
    assert not any(a.subject_type == "account" and a.subject_id == 3 for a in feed)  # hidden from him now


def test_an_account_never_ends_up_readable_by_nobody(household: AppServices, vault_dir: Path) -> None:
    """李四 has no keys yet: the owner holds her account alone and may not narrow himself out of it."""
    with pytest.raises(NotPermitted):
        household.grant(3, 1, "balance")
    household.set_member_secret(2, LI_SI)
    household.close()
    li = AppServices.open(vault_dir, LI_SI, member_id=2)
    try:
        assert [t.counterparty for t in li.transactions()] == ["李四的秘密花店"]
    finally:
        li.close()
