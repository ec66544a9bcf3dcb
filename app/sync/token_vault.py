"""Where connections keep their OAuth tokens: the OS keyring when usable, else sealed in the vault."""

from __future__ import annotations

from app.errors import KeyringUnavailable
from app.sync.tokens import KeyringTokenStore, Tokens, TokenStore
from app.vault.schema import Connection


class VaultTokenStore:
    """Tokens sealed in the connection's row (SM4-GCM, like every other secret in the vault).

    Keys are ``"<vault id>/<connection id>"``; a token saved before the connection row exists (during
    consent) is held in memory and written with the row.
    """

    def __init__(self, services: object) -> None:
        self._services = services
        self._pending: dict[str, Tokens] = {}

    def _connection_id(self, key: str) -> int:
        return int(key.rsplit("/", 1)[1])

    def load(self, key: str) -> Tokens | None:
        if key in self._pending:
            return self._pending[key]
        with self._services.vault.reader() as s:  # type: ignore[attr-defined]
            row = s.get(Connection, self._connection_id(key))
            text = row.tokens if row is not None else None
        return Tokens.from_json(text) if text else None

    def save(self, key: str, tokens: Tokens) -> None:
        with self._services.write() as s:  # type: ignore[attr-defined]
            row = s.get(Connection, self._connection_id(key))
            if row is None:
                self._pending[key] = tokens
                return
            row.tokens = tokens.to_json()
        self._pending.pop(key, None)

    def delete(self, key: str) -> None:
        self._pending.pop(key, None)
        with self._services.write() as s:  # type: ignore[attr-defined]
            row = s.get(Connection, self._connection_id(key))
            if row is not None:
                row.tokens = None

    def take_pending(self, key: str) -> Tokens | None:
        """Tokens saved before their connection row existed (written with the row)."""
        return self._pending.pop(key, None)


def default_token_store(services: object) -> TokenStore:
    """The OS keyring where one works; the vault otherwise (headless Linux, say)."""
    try:
        store = KeyringTokenStore()
        store.load("huiliu-probe")
        return store
    except KeyringUnavailable:
        return VaultTokenStore(services)
