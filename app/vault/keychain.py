"""The keys an unlocked member holds, and which key seals which row.

A vault whose members have key pairs (``keyed``) seals each account's own rows under that account's
keys and everything else under the household key:

=====================  ===============  =========================================
table                  key              account
=====================  ===============  =========================================
accounts               balance          the row itself
balances               balance          ``account_id`` (first bound column)
instrument_mappings    balance          ``account_id`` (second bound column)
transactions           transactions     ``account_id`` (first bound column)
sync_cursors           transactions     the row itself (its id is the account's)
everything else        household        (members, platforms, imports, rates ...)
=====================  ===============  =========================================

``KeyChain`` is a ``Sealer`` over the household key that routes every ``seal`` and ``open`` by the
envelope's associated data (``huiliu2|<table>|sealed|<row id>|<bound columns>``, see
``app.vault.sealing``), so every caller that seals or opens (ORM rows, bulk imports, integrity
checks, re-keys) uses the right key without knowing about members. An envelope is opened only under
the key its row's route names: a row of account 7 sealed under the household key is damage, not
data. A key the member was never given raises ``KeyNotHeld`` — not shared, which is not damage.

A vault without key pairs (made before 0006, not yet opened by its owner's passphrase) seals
everything under the household key, as it always did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from app.vault import crypto

if TYPE_CHECKING:
    from app.vault.member_keys import AccountKeys

# table -> (scope, where the account id is: -1 the row id, else the index among bound columns)
ACCOUNT_SCOPED: dict[str, tuple[str, int]] = {
    "accounts": ("balance", -1),
    "balances": ("balance", 0),
    "instrument_mappings": ("balance", 1),
    "transactions": ("transactions", 0),
    "sync_cursors": ("transactions", -1),
    "transfers": ("transactions", 0),
}
_SCOPED_BYTES = {name.encode(): route for name, route in ACCOUNT_SCOPED.items()}


class KeyNotHeld(Exception):
    """The row is sealed under an account key this member was not given (hidden from them)."""

    def __init__(self, table: str, account_id: int, scope: str) -> None:
        super().__init__(f"{table} of account {account_id} needs its {scope} key")
        self.table, self.account_id, self.scope = table, account_id, scope


def route(aad: bytes) -> tuple[str, int, str] | None:
    """(table, account id, scope) of an account-scoped envelope's associated data; None for household rows."""
    parts = aad.split(b"|", 4)
    if len(parts) < 5:
        return None
    found = _SCOPED_BYTES.get(parts[1])
    if found is None:
        return None
    scope, where = found
    if where < 0:
        raw = parts[3]
    else:
        bound = parts[4].split(b"\x1f")
        if where >= len(bound):
            return None
        raw = bound[where]
    try:
        account_id = int(raw)
    except ValueError:
        return None
    return parts[1].decode(), account_id, scope


class KeyChain(crypto.Sealer):
    """The household key (this Sealer's own) and the account keys one member holds."""

    __slots__ = ("_accounts", "_raw", "keyed")

    def __init__(self, household_key: bytes, household_key_id: bytes,
                 accounts: Mapping[tuple[int, str], bytes] | None = None, keyed: bool = False) -> None:
        super().__init__(household_key, household_key_id)
        self.keyed = keyed
        self._accounts: dict[tuple[int, str], crypto.Sealer] = {}
        self._raw: dict[tuple[int, str], bytes] = {}
        for (account_id, scope), key in (accounts or {}).items():
            self.hold(account_id, scope, key)

    def hold(self, account_id: int, scope: str, key: bytes) -> None:
        """Use ``key`` for this account's rows of ``scope`` from now on (a grant, a new account, a rotation)."""
        self._accounts[(account_id, scope)] = crypto.Sealer(key, crypto.key_id_for(key))
        self._raw[(account_id, scope)] = key

    def drop(self, account_id: int) -> None:
        """Forget an account's keys (revoked from this member)."""
        for scope in ("balance", "transactions"):
            self._accounts.pop((account_id, scope), None)
            self._raw.pop((account_id, scope), None)

    def rotate(self, keys: AccountKeys, keep: Iterable[str]) -> None:
        """An account's keys were replaced: hold the new ones of the scopes still granted, drop the rest."""
        self.drop(keys.account_id)
        for scope in keep:
            self.hold(keys.account_id, scope, keys.key(scope))

    def raw_key(self, account_id: int, scope: str) -> bytes:
        """The account key itself, to wrap it to another member (a grant)."""
        try:
            return self._raw[(account_id, scope)]
        except KeyError:
            raise KeyNotHeld("accounts", account_id, scope) from None

    def holds(self, account_id: int, scope: str) -> bool:
        return not self.keyed or (account_id, scope) in self._accounts

    def held(self, scope: str) -> set[int] | None:
        """The accounts whose ``scope`` key this member holds; None when the vault is not keyed (all)."""
        if not self.keyed:
            return None
        return {account_id for (account_id, s) in self._accounts if s == scope}

    def key_of(self, account_id: int, scope: str) -> crypto.Sealer:
        try:
            return self._accounts[(account_id, scope)]
        except KeyError:
            raise KeyNotHeld("accounts", account_id, scope) from None

    def sealer_for(self, table: str, account_id: int) -> crypto.Sealer:
        """The Sealer for rows of ``table`` that belong to ``account_id`` (for bulk writes)."""
        found = ACCOUNT_SCOPED.get(table)
        if not self.keyed or found is None:
            return self
        sealer = self._accounts.get((account_id, found[0]))
        if sealer is None:
            raise KeyNotHeld(table, account_id, found[0])
        return sealer

    def _target(self, aad: bytes) -> crypto.Sealer | None:
        if not self.keyed:
            return None
        found = route(aad)
        if found is None:
            return None
        table, account_id, scope = found
        sealer = self._accounts.get((account_id, scope))
        if sealer is None:
            raise KeyNotHeld(table, account_id, scope)
        return sealer

    def seal(self, plaintext: bytes, aad: bytes) -> bytes:
        target = self._target(aad)
        return super().seal(plaintext, aad) if target is None else target.seal(plaintext, aad)

    def open(self, envelope: bytes, aad: bytes) -> bytes:
        target = self._target(aad)
        return super().open(envelope, aad) if target is None else target.open(envelope, aad)

    def with_household(self, household_key: bytes, household_key_id: bytes) -> KeyChain:
        """The same account keys under another household key (a re-key)."""
        chain = KeyChain(household_key, household_key_id, keyed=self.keyed)
        chain._accounts, chain._raw = dict(self._accounts), dict(self._raw)
        return chain
