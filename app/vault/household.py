"""Member keyrings and key wraps as the vault stores them (tables ``member_keyrings``, ``key_wraps``).

Reading happens before the household key is known (a member's keyring opens with their own secret),
so these are plain reads over a SQLAlchemy connection; writes go through the caller's session, in
the same transaction as whatever the grant or invite changes. See ``app.vault.member_keys`` for the
cryptography and ``app.vault.keychain`` for which key seals which row.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, select, text
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from app import clock
from app.errors import VaultCorrupt, WrongPassphrase
from app.i18n import _
from app.vault import attempts, crypto, member_keys
from app.vault.keychain import ACCOUNT_SCOPED, KeyChain
from app.vault.member_keys import AccountKeys, MemberKeyring
from app.vault.schema import KeyWrap, MemberKeyringRow

if TYPE_CHECKING:
    from app.vault.store import Vault

HOUSEHOLD_SCOPE = "household"
HOUSEHOLD_ACCOUNT = 0


def is_keyed(conn: Connection) -> bool:
    """Whether any member has a key pair (then account rows are sealed under account keys)."""
    try:
        return conn.execute(text("SELECT 1 FROM member_keyrings LIMIT 1")).first() is not None
    except (OperationalError, ProgrammingError):
        return False  # a schema before 0006


def keyring_of(conn: Connection, member_id: int) -> tuple[MemberKeyring, attempts.Attempts] | None:
    try:
        found = conn.execute(text(
            "SELECT member_id, kind, public_key, kdf, sealed_private, attempts FROM member_keyrings "
            "WHERE member_id = :m"), {"m": member_id}).first()
    except (OperationalError, ProgrammingError):
        return None  # a schema before 0006
    if found is None:
        return None
    member, kind, public_key, kdf, sealed_private, tries = found
    try:
        keyring = MemberKeyring(int(member), str(kind), str(public_key), dict(json.loads(kdf)), str(sealed_private))
        raw = json.loads(tries or "{}")
        state = attempts.Attempts.from_json(raw) if raw else attempts.Attempts()
    except (ValueError, TypeError) as exc:
        raise VaultCorrupt(_("a member's keys are unreadable")) from exc
    return keyring, state


def keyrings(conn: Connection) -> dict[int, MemberKeyring]:
    """Every member's keyring by member id (public parts are what grants need)."""
    out: dict[int, MemberKeyring] = {}
    try:
        rows = conn.execute(text(
            "SELECT member_id, kind, public_key, kdf, sealed_private FROM member_keyrings")).fetchall()
    except (OperationalError, ProgrammingError):
        return out
    for member, kind, public_key, kdf, sealed_private in rows:
        out[int(member)] = MemberKeyring(int(member), str(kind), str(public_key), dict(json.loads(kdf)),
                                         str(sealed_private))
    return out


def save_attempts(conn: Connection, member_id: int, state: attempts.Attempts) -> None:
    conn.execute(text("UPDATE member_keyrings SET attempts = :a WHERE member_id = :m"),
                 {"a": json.dumps(state.to_json(), sort_keys=True), "m": member_id})


def open_keyring(conn: Connection, vault_id: str, member_id: int, secret: str,
                 kek: bytes | None = None) -> tuple[MemberKeyring, str]:
    """The member's private key, counting wrong secrets (waits and a PIN's lock-out, app.vault.attempts).

    The count is written in its own transaction on ``conn`` whether or not the secret was right.
    ``kek``, when the caller already derived it from the same KDF (the owner's header), saves a scrypt."""
    found = keyring_of(conn, member_id)
    if found is None:
        raise VaultCorrupt(_("member {member} has no key pair").format(member=member_id))
    keyring, state = found
    rules = attempts.rules_for(keyring.kind)
    now = clock.utcnow()
    attempts.check(state, rules, now)
    try:
        private = member_keys.open_member_keyring(keyring, vault_id, secret, kek=kek)
    except WrongPassphrase:
        save_attempts(conn, member_id, attempts.failed(state, rules, now))
        conn.commit()
        raise
    if state.failures:
        save_attempts(conn, member_id, attempts.succeeded())
        conn.commit()
    return keyring, private


def wraps_of(conn: Connection, member_id: int) -> list[tuple[int, str, bytes]]:
    try:
        rows = conn.execute(text("SELECT account_id, scope, wrapped FROM key_wraps WHERE member_id = :m"),
                            {"m": member_id}).fetchall()
    except (OperationalError, ProgrammingError):
        return []
    return [(int(a), str(s), bytes(w)) for a, s, w in rows]


def household_key(private_hex: str, wraps: list[tuple[int, str, bytes]]) -> bytes | None:
    for account_id, scope, wrapped in wraps:
        if account_id == HOUSEHOLD_ACCOUNT and scope == HOUSEHOLD_SCOPE:
            return member_keys.unwrap_household_key(private_hex, wrapped)
    return None


def account_keys(private_hex: str, wraps: list[tuple[int, str, bytes]]) -> dict[tuple[int, str], bytes]:
    """Every account key wrapped to this member, opened; a wrap that fails to open is corruption."""
    out: dict[tuple[int, str], bytes] = {}
    for account_id, scope, wrapped in wraps:
        if account_id == HOUSEHOLD_ACCOUNT:
            continue
        try:
            out[(account_id, scope)] = member_keys.unwrap_account_key(private_hex, wrapped, account_id, scope)
        except crypto.AuthenticationFailed:
            raise VaultCorrupt(
                _("the key of account {account} wrapped to this member does not open").format(account=account_id)
            ) from None
    return out


def grants_by_account(conn: Connection) -> dict[int, dict[int, str]]:
    """account id -> member id -> grant (``balance`` or ``transactions``); hidden members are absent."""
    out: dict[int, dict[int, str]] = {}
    try:
        rows = conn.execute(text(
            "SELECT account_id, member_id, scope FROM key_wraps WHERE account_id <> 0")).fetchall()
    except (OperationalError, ProgrammingError):
        return out
    for account_id, member_id, scope in rows:
        grants = out.setdefault(int(account_id), {})
        if scope == "transactions" or grants.get(int(member_id)) != "transactions":
            grants[int(member_id)] = str(scope)
    return out


# --- writes (in the caller's session) ----------------------------------------------------------------


def put_keyring(s: Session, keyring: MemberKeyring, now: datetime | None = None) -> None:
    row = s.get(MemberKeyringRow, keyring.member_id)
    values: dict[str, Any] = {"kind": keyring.kind, "public_key": keyring.public_key,
                              "kdf": json.dumps(keyring.kdf, sort_keys=True),
                              "sealed_private": keyring.sealed_private, "attempts": "{}"}
    if row is None:
        s.add(MemberKeyringRow(member_id=keyring.member_id, created_at=now or clock.utcnow(), **values))
    else:
        for name, value in values.items():
            setattr(row, name, value)
    s.flush()


def _next_wrap_id(s: Session) -> int:
    return int(s.execute(text("SELECT coalesce(max(id), 0) + 1 FROM key_wraps")).scalar() or 1)


def put_wrap(s: Session, member_id: int, account_id: int, scope: str, key: bytes, public_key: str,
             granted_by: int | None, now: datetime | None = None) -> None:
    """Wrap ``key`` to the member (replacing their wrap of the same account and scope)."""
    if account_id == HOUSEHOLD_ACCOUNT:
        wrapped = member_keys.wrap_household_key(key, public_key)
    else:
        wrapped = member_keys.wrap_account_keys_one(account_id, scope, key, public_key)
    existing = s.execute(select(KeyWrap).where(KeyWrap.member_id == member_id, KeyWrap.account_id == account_id,
                                               KeyWrap.scope == scope)).scalar_one_or_none()
    key_id = crypto.key_id_for(key).hex()
    if existing is not None:
        existing.wrapped, existing.key_id = wrapped, key_id
        existing.granted_at, existing.granted_by = now or clock.utcnow(), granted_by
    else:
        s.add(KeyWrap(id=_next_wrap_id(s), member_id=member_id, account_id=account_id, scope=scope, key_id=key_id,
                      wrapped=wrapped, granted_at=now or clock.utcnow(), granted_by=granted_by))
    s.flush()


def put_account_grant(s: Session, keys: AccountKeys, member_id: int, grant: str, public_key: str,
                      granted_by: int | None) -> None:
    """The wraps a grant gives (and none of those it does not): hidden removes both."""
    wanted = member_keys.GRANTS[grant]
    for scope in member_keys.SCOPES:
        if scope in wanted:
            put_wrap(s, member_id, keys.account_id, scope, keys.key(scope), public_key, granted_by)
        else:
            s.execute(delete(KeyWrap).where(KeyWrap.member_id == member_id, KeyWrap.account_id == keys.account_id,
                                            KeyWrap.scope == scope))
    s.flush()


def owner_of(conn: Connection, header_kdf: dict[str, Any] | None = None) -> int | None:
    """The vault's owner: the member whose keyring is sealed under the header's KDF (the vault's passphrase
    opens both), or else whose role is ``owner``. The keyring decides when the header is given: a role
    changed behind the app's back is damage to report, not a reason to lock the owner out."""
    if header_kdf is not None:
        for member, ring in sorted(keyrings(conn).items()):
            if ring.kdf == header_kdf:
                return member
    row = conn.execute(text("SELECT id FROM members WHERE role = 'owner' ORDER BY id LIMIT 1")).first()
    return None if row is None else int(row[0])


# --- a vault moving to keys per member and per account -------------------------------------------------


def adopt(s: Session, vault: Vault, owner_id: int) -> tuple[KeyChain, str, int]:
    """Give the owner a key pair (sealed under their passphrase, the header's KDF) and every account its
    own keys, all wrapped to the owner; re-seal the accounts' rows under them. Returns (the owner's
    key chain, their private key, rows re-sealed). Runs in the caller's transaction: a crash leaves
    the vault as it was."""
    from app.vault import integrity
    from app.vault.schema import Member

    kek = vault.owner_kek
    if kek is None:
        raise VaultCorrupt(_("the owner's passphrase is needed to give the household its keys"))
    private_hex, public_hex = crypto.sm2_generate_keypair()
    keyring = member_keys.seal_member_keyring(private_hex, public_hex, vault.header.vault_id, owner_id, None,
                                              "passphrase", vault.header.kdf, kek=kek)
    owner = s.get(Member, owner_id)
    if owner is None:
        raise VaultCorrupt(_("member {member} has no key pair").format(member=owner_id))
    put_keyring(s, keyring)
    put_wrap(s, owner_id, HOUSEHOLD_ACCOUNT, HOUSEHOLD_SCOPE, vault.keys.data_key, public_hex, owner_id)
    conn = s.connection()
    held: dict[tuple[int, str], bytes] = {}
    for (account_id,) in conn.execute(text("SELECT id FROM accounts ORDER BY id")).fetchall():
        keys = member_keys.new_account_keys(int(account_id))
        put_account_grant(s, keys, owner_id, "transactions", public_hex, owner_id)
        for scope in member_keys.SCOPES:
            held[(int(account_id), scope)] = keys.key(scope)
    s.flush()
    old = vault.sealer
    chain = KeyChain(vault.keys.seal_key, vault.keys.key_id, held, keyed=True)
    resealed, _damaged = integrity.reseal_all(conn, old, chain, tables=ACCOUNT_SCOPED)
    integrity.rebuild(conn, chain, vault.integrity_key)
    if owner.role != "owner":
        owner.role = "owner"  # after the rebuild: the session's digest tracker counts this change itself
    return chain, private_hex, resealed


def give_new_account_keys(s: Session, vault: Vault, account_id: int, holder_id: int) -> None:
    """A new account's keys: held by who creates it and wrapped to them and to its holder (when the holder
    has a key pair); hidden from everyone else until its holder grants it."""
    if not vault.keyed:
        return
    keys = member_keys.new_account_keys(account_id)
    for scope in member_keys.SCOPES:
        vault.sealer.hold(account_id, scope, keys.key(scope))
    rings = keyrings(s.connection())
    for member in {m for m in (vault.member_id, holder_id) if m is not None}:
        ring = rings.get(member)
        if ring is not None:
            put_account_grant(s, keys, member, "transactions", ring.public_key, vault.member_id)


def give_keyring(s: Session, vault: Vault, member_id: int, secret: str, kind: str) -> tuple[str, list[int]]:
    """A new key pair for ``member_id`` sealed under ``secret``, the household key wrapped to it, and the
    keys of the member's own accounts that who unlocked holds (their full grant). A member who had a key
    pair (a forgotten passphrase reset by the owner) keeps only what can be wrapped again: the accounts
    whose keys who resets holds; the rest stays hidden from them until granted again. Returns
    (public key, accounts wrapped)."""
    from app.vault.schema import Account

    keyring, _private = member_keys.new_member_keyring(vault.header.vault_id, member_id, secret, kind,
                                                       kdf_template={k: v for k, v in vault.header.kdf.items()
                                                                     if k != "salt"})
    had = {(a, sc) for a, sc, _w in wraps_of(s.connection(), member_id)}
    put_keyring(s, keyring)
    s.execute(delete(KeyWrap).where(KeyWrap.member_id == member_id))
    put_wrap(s, member_id, HOUSEHOLD_ACCOUNT, HOUSEHOLD_SCOPE, vault.keys.data_key, keyring.public_key,
             vault.member_id)
    chain = vault.sealer
    own = {int(a) for (a,) in s.execute(select(Account.id).where(Account.member_id == member_id))}
    wrapped: list[int] = []
    for account_id in sorted(own | {a for a, _sc in had if a != HOUSEHOLD_ACCOUNT}):
        scopes = [sc for sc in member_keys.SCOPES if (account_id in own or (account_id, sc) in had)
                  and chain.holds(account_id, sc)]
        for scope in scopes:
            put_wrap(s, member_id, account_id, scope, chain.raw_key(account_id, scope), keyring.public_key,
                     vault.member_id)
        if scopes:
            wrapped.append(account_id)
    return keyring.public_key, wrapped


def set_grant(s: Session, vault: Vault, account_id: int, member_id: int, grant: str) -> tuple[AccountKeys | None, int]:
    """Give ``member_id`` exactly ``grant`` on the account. Widening wraps the keys to them; narrowing
    rotates both of the account's keys, re-seals its rows under the new ones and wraps them again to
    every other member by their grant, so the old keys (which the member may have kept) open nothing
    stored. Returns (the new keys when they were rotated, rows re-sealed); the caller's chain takes
    them after the commit (``KeyChain.rotate``)."""
    from app.vault import integrity

    conn = s.connection()
    rings = keyrings(conn)
    grants = grants_by_account(conn).get(account_id, {})
    before = grants.get(member_id, "hidden")
    order = list(member_keys.GRANTS)
    chain = vault.sealer
    if order.index(grant) >= order.index(before):
        for scope in member_keys.GRANTS[grant]:
            put_wrap(s, member_id, account_id, scope, chain.raw_key(account_id, scope), rings[member_id].public_key,
                     vault.member_id)
        return None, 0
    fresh = member_keys.new_account_keys(account_id)
    after = dict(grants)
    after[member_id] = grant
    for other, level in after.items():
        if other not in rings:
            continue
        put_account_grant(s, fresh, other, level, rings[other].public_key, vault.member_id)
    new_chain = chain.with_household(vault.keys.seal_key, vault.keys.key_id)  # the same keys, to change one
    for scope in member_keys.SCOPES:
        new_chain.hold(account_id, scope, fresh.key(scope))
    resealed, _damaged = integrity.reseal_all(conn, chain, new_chain, tables=ACCOUNT_SCOPED, account_id=account_id)
    integrity.rebuild(conn, new_chain, vault.integrity_key)
    return fresh, resealed
