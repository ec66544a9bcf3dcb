"""Keys of the household's members and of each account: privacy by keys, not by the interface.

Each member holds an SM2 key pair. The private key is sealed with SM4-GCM under a key derived
(scrypt) from that member's own passphrase or PIN; the associated data binds the sealed key to the
vault, the member and the public key, so a keyring copied onto another member's row does not open.

Each account has two random SM4 keys: ``balance`` (its balances) and ``transactions`` (its rows).
A grant wraps them with SM2 public-key encryption (GB/T 32918.4) to the member allowed to read:
"balance only" wraps the balance key, "balance and transactions" both. A member without a wrap for an
account cannot decrypt it, whatever the interface shows. The wrapped text names the account and the
scope it is for, so a wrap moved to another account or scope is refused rather than used.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from typing import Any

from app.errors import VaultCorrupt, WrongPassphrase
from app.i18n import _
from app.vault import crypto
from app.vault.keys import derive_kek, new_kdf

ACCOUNT_KEY_SIZE = 16
SCOPES = ("balance", "transactions")  # what each account key opens
# What a grant gives: no key, the balance key, or both.
GRANTS: dict[str, tuple[str, ...]] = {
    "hidden": (),
    "balance": ("balance",),
    "transactions": ("balance", "transactions"),
}
SECRET_KINDS = ("passphrase", "pin")
_WRAP_LABEL = b"huiliu-account-key-v1"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class MemberKeyring:
    """What the vault stores for a member: their public key and their private key, sealed."""

    member_id: int
    kind: str  # passphrase or pin (a minor's shorter PIN opens only their own view)
    public_key: str  # SM2, 128 hex (x||y)
    kdf: dict[str, Any]  # scrypt parameters with this keyring's own salt
    sealed_private: str  # base64 of nonce (12) || SM4-GCM ciphertext || tag (16)

    def to_json(self) -> dict[str, Any]:
        return {
            "member_id": self.member_id,
            "kind": self.kind,
            "public_key": self.public_key,
            "kdf": self.kdf,
            "sealed_private": self.sealed_private,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MemberKeyring:
        try:
            return cls(
                int(data["member_id"]),
                str(data["kind"]),
                str(data["public_key"]),
                dict(data["kdf"]),
                str(data["sealed_private"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise VaultCorrupt(_("a member's keys are unreadable")) from exc


def _keyring_aad(vault_id: str, member_id: int, kind: str, public_key: str, kdf: dict[str, Any]) -> bytes:
    bound = {"vault_id": vault_id, "member_id": member_id, "kind": kind, "public_key": public_key, "kdf": kdf}
    return json.dumps(bound, sort_keys=True, separators=(",", ":")).encode()


def _seal_private(
    private_hex: str, vault_id: str, member_id: int, kind: str, public_key: str, secret: str | None,
    kdf: dict[str, Any], kek: bytes | None = None,
) -> MemberKeyring:
    if kek is None:
        assert secret is not None
        kek = derive_kek(secret, kdf)
    nonce = secrets.token_bytes(crypto.GCM_NONCE_SIZE)
    aad = _keyring_aad(vault_id, member_id, kind, public_key, kdf)
    ciphertext, tag = crypto.sm4_gcm_encrypt(kek, nonce, bytes.fromhex(private_hex), aad)
    return MemberKeyring(member_id, kind, public_key, kdf, _b64(nonce + ciphertext + tag))


def new_member_keyring(
    vault_id: str, member_id: int, secret: str, kind: str = "passphrase",
    kdf_template: dict[str, Any] | None = None,
) -> tuple[MemberKeyring, str]:
    """A new SM2 key pair for a member, the private key sealed under ``secret``: (keyring, private key)."""
    if kind not in SECRET_KINDS:
        raise ValueError(f"unknown secret kind {kind!r}")
    private_hex, public_hex = crypto.sm2_generate_keypair()
    keyring = _seal_private(private_hex, vault_id, member_id, kind, public_hex, secret, new_kdf(kdf_template))
    return keyring, private_hex


def open_member_keyring(keyring: MemberKeyring, vault_id: str, secret: str, kek: bytes | None = None) -> str:
    """The member's private key, or WrongPassphrase; VaultCorrupt when the keyring was altered or moved
    so that it can no longer belong to this member. ``kek``: the secret already run through this
    keyring's KDF (the owner's keyring shares the header's), so scrypt is not run twice."""
    if kek is None:
        kek = derive_kek(secret, keyring.kdf)
    try:
        blob = _unb64(keyring.sealed_private)
    except ValueError as exc:
        raise VaultCorrupt(_("a member's keys are unreadable")) from exc
    size = crypto.GCM_NONCE_SIZE
    aad = _keyring_aad(vault_id, keyring.member_id, keyring.kind, keyring.public_key, keyring.kdf)
    try:
        private = crypto.sm4_gcm_decrypt(kek, blob[:size], blob[size:-16], blob[-16:], aad)
    except crypto.AuthenticationFailed:
        raise WrongPassphrase() from None
    private_hex = private.hex()
    try:
        matches = crypto.sm2_public_from_private(private_hex) == keyring.public_key.lower()
    except ValueError:
        matches = False
    if not matches:
        raise VaultCorrupt(_("a member's private key does not match their public key"))
    return private_hex


def seal_member_keyring(private_hex: str, public_hex: str, vault_id: str, member_id: int, secret: str | None,
                        kind: str, kdf: dict[str, Any], kek: bytes | None = None) -> MemberKeyring:
    """An existing key pair sealed under ``secret`` with exactly ``kdf`` (the owner's: the header's KDF,
    whose output ``kek`` the caller may already hold)."""
    if kind not in SECRET_KINDS:
        raise ValueError(f"unknown secret kind {kind!r}")
    return _seal_private(private_hex, vault_id, member_id, kind, public_hex, secret, kdf, kek)


def reseal_member_keyring(
    keyring: MemberKeyring, vault_id: str, old: str, new: str, kind: str | None = None,
    kdf_template: dict[str, Any] | None = None,
) -> MemberKeyring:
    """The same key pair sealed under a new passphrase or PIN (a fresh salt); nothing else changes."""
    private_hex = open_member_keyring(keyring, vault_id, old)
    kind = kind or keyring.kind
    if kind not in SECRET_KINDS:
        raise ValueError(f"unknown secret kind {kind!r}")
    template = kdf_template or {k: v for k, v in keyring.kdf.items() if k != "salt"}
    return _seal_private(
        private_hex, vault_id, keyring.member_id, kind, keyring.public_key, new, new_kdf(template)
    )


# --- account keys -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountKeys:
    """An account's two data keys; revoking a grant replaces both (``new_account_keys``)."""

    account_id: int
    balance: bytes
    transactions: bytes

    def key(self, scope: str) -> bytes:
        if scope not in SCOPES:
            raise ValueError(f"unknown key scope {scope!r}")
        return self.balance if scope == "balance" else self.transactions


def new_account_keys(account_id: int) -> AccountKeys:
    return AccountKeys(
        account_id, secrets.token_bytes(ACCOUNT_KEY_SIZE), secrets.token_bytes(ACCOUNT_KEY_SIZE)
    )


def _wrap_label(account_id: int, scope: str) -> bytes:
    return _WRAP_LABEL + f"|{account_id}|{scope}|".encode()


def wrap_account_keys(keys: AccountKeys, grant: str, member_public_key: str) -> dict[str, bytes]:
    """The wraps a grant gives one member: scope -> SM2 ciphertext of that key (none when hidden)."""
    if grant not in GRANTS:
        raise ValueError(f"unknown grant {grant!r}")
    return {
        scope: crypto.sm2_encrypt(member_public_key, _wrap_label(keys.account_id, scope) + keys.key(scope))
        for scope in GRANTS[grant]
    }


def unwrap_account_key(private_hex: str, wrapped: bytes, account_id: int, scope: str) -> bytes:
    """One account key opened with the member's private key. AuthenticationFailed when the wrap was
    made for another member or altered; VaultCorrupt when it was made for another account or scope."""
    if scope not in SCOPES:
        raise ValueError(f"unknown key scope {scope!r}")
    plain = crypto.sm2_decrypt(private_hex, wrapped)
    label = _wrap_label(account_id, scope)
    if len(plain) != len(label) + ACCOUNT_KEY_SIZE or not secrets.compare_digest(plain[: len(label)], label):
        raise VaultCorrupt(_("an account key was wrapped for another account or purpose"))
    return plain[len(label) :]


def wrap_account_keys_one(account_id: int, scope: str, key: bytes, member_public_key: str) -> bytes:
    """One account key wrapped to one member (the grant's scopes are wrapped one by one)."""
    if scope not in SCOPES or len(key) != ACCOUNT_KEY_SIZE:
        raise ValueError(f"not an account key of scope {scope!r}")
    return crypto.sm2_encrypt(member_public_key, _wrap_label(account_id, scope) + key)


_HOUSEHOLD_LABEL = b"huiliu-household-key-v1|"


def wrap_household_key(key: bytes, member_public_key: str) -> bytes:
    """The household key (what seals members, platforms, imports ...) wrapped to one member."""
    return crypto.sm2_encrypt(member_public_key, _HOUSEHOLD_LABEL + key)


def unwrap_household_key(private_hex: str, wrapped: bytes) -> bytes:
    plain = crypto.sm2_decrypt(private_hex, wrapped)
    if not plain.startswith(_HOUSEHOLD_LABEL) or len(plain) != len(_HOUSEHOLD_LABEL) + 16:
        raise VaultCorrupt(_("the household key was wrapped for another purpose"))
    return plain[len(_HOUSEHOLD_LABEL):]
