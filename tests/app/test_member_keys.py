"""Members' key pairs and accounts' keys: what a member cannot decrypt they cannot see (issue 11 §2)."""

from __future__ import annotations

import dataclasses

import pytest

from app.errors import VaultCorrupt, WrongPassphrase
from app.vault import crypto
from app.vault.keys import FAST_KDF
from app.vault.member_keys import (
    AccountKeys,
    MemberKeyring,
    new_account_keys,
    new_member_keyring,
    open_member_keyring,
    reseal_member_keyring,
    unwrap_account_key,
    wrap_account_keys,
)

VAULT = "3b1f0c7e-vault"


@pytest.fixture(scope="module")
def dad() -> tuple[MemberKeyring, str]:
    return new_member_keyring(VAULT, 1, "王建国的口令 correct horse", kdf_template=FAST_KDF)


@pytest.fixture(scope="module")
def mum() -> tuple[MemberKeyring, str]:
    return new_member_keyring(VAULT, 2, "李梅的口令 battery staple", kdf_template=FAST_KDF)


def test_a_member_opens_their_own_keys_with_their_own_passphrase(dad) -> None:
    keyring, private = dad
    assert open_member_keyring(keyring, VAULT, "王建国的口令 correct horse") == private
    assert crypto.sm2_public_from_private(private) == keyring.public_key
    assert private not in str(keyring.to_json())  # the private key is never stored in the clear
    assert MemberKeyring.from_json(keyring.to_json()) == keyring
    with pytest.raises(WrongPassphrase):
        open_member_keyring(keyring, VAULT, "李梅的口令 battery staple")


def test_a_keyring_moved_to_another_member_or_vault_does_not_open(dad) -> None:
    keyring, _private = dad
    secret = "王建国的口令 correct horse"
    for moved in (
        dataclasses.replace(keyring, member_id=2),
        dataclasses.replace(keyring, kind="pin"),
        dataclasses.replace(keyring, kdf={**keyring.kdf, "n": 2**13}),
    ):
        with pytest.raises(WrongPassphrase):
            open_member_keyring(moved, VAULT, secret)
    with pytest.raises(WrongPassphrase):
        open_member_keyring(keyring, "another-vault", secret)


def test_a_keyring_with_another_public_key_is_refused(dad, mum) -> None:
    keyring, _private = dad
    swapped = dataclasses.replace(keyring, public_key=mum[0].public_key)
    with pytest.raises(WrongPassphrase):  # the public key is bound too
        open_member_keyring(swapped, VAULT, "王建国的口令 correct horse")


def test_a_new_passphrase_or_a_pin_keeps_the_same_key_pair(dad) -> None:
    keyring, private = dad
    pin = reseal_member_keyring(keyring, VAULT, "王建国的口令 correct horse", "4826", kind="pin")
    assert pin.public_key == keyring.public_key and pin.kind == "pin"
    assert pin.kdf["salt"] != keyring.kdf["salt"]
    assert open_member_keyring(pin, VAULT, "4826") == private
    with pytest.raises(WrongPassphrase):
        open_member_keyring(pin, VAULT, "王建国的口令 correct horse")


def test_grants_give_the_keys_they_name_and_no_more(dad, mum) -> None:
    account = new_account_keys(7)
    (_dad_keyring, dad_private), (mum_keyring, mum_private) = dad, mum
    assert wrap_account_keys(account, "hidden", mum_keyring.public_key) == {}
    balance_only = wrap_account_keys(account, "balance", mum_keyring.public_key)
    assert set(balance_only) == {"balance"}
    assert unwrap_account_key(mum_private, balance_only["balance"], 7, "balance") == account.balance
    full = wrap_account_keys(account, "transactions", mum_keyring.public_key)
    assert set(full) == {"balance", "transactions"}
    assert unwrap_account_key(mum_private, full["transactions"], 7, "transactions") == account.transactions
    # Dad's private key does not open what was wrapped to Mum.
    with pytest.raises(crypto.AuthenticationFailed):
        unwrap_account_key(dad_private, full["transactions"], 7, "transactions")


def test_a_wrap_moved_to_another_account_or_scope_is_refused(mum) -> None:
    keyring, private = mum
    wraps = wrap_account_keys(new_account_keys(7), "transactions", keyring.public_key)
    with pytest.raises(VaultCorrupt):
        unwrap_account_key(private, wraps["transactions"], 8, "transactions")
    with pytest.raises(VaultCorrupt):
        unwrap_account_key(private, wraps["balance"], 7, "transactions")  # balance key used as the rows' key


def test_revoking_rotates_both_keys(mum) -> None:
    keyring, private = mum
    before = new_account_keys(7)
    after = new_account_keys(7)  # what a revoke does before re-sealing the account's rows
    assert isinstance(after, AccountKeys) and after.balance != before.balance
    assert after.transactions != before.transactions
    old_wrap = wrap_account_keys(before, "transactions", keyring.public_key)["transactions"]
    assert unwrap_account_key(private, old_wrap, 7, "transactions") != after.transactions
    nonce = bytes(12)
    sealed, tag = crypto.sm4_gcm_encrypt(after.transactions, nonce, b"-23.50", b"transactions|1")
    with pytest.raises(crypto.AuthenticationFailed):  # the old key no longer opens the re-sealed rows
        crypto.sm4_gcm_decrypt(before.transactions, nonce, sealed, tag, b"transactions|1")
