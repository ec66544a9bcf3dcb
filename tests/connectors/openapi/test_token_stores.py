"""Token stores: memory for tests, the OS keyring as JSON; no keyring -> KeyringUnavailable."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from app.errors import KeyringUnavailable
from app.sync.contract import KeyringTokenStore, MemoryTokenStore, Tokens, TokenStore


class DictKeyring(KeyringBackend):
    """An in-memory keyring backend with a positive priority, i.e. a usable one."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.items:
            raise PasswordDeleteError(username)
        del self.items[(service, username)]


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


TOKENS = Tokens(
    access_token="access-secret",
    refresh_token="refresh-secret",
    expires_at=datetime(2026, 11, 25, 12, 10, tzinfo=timezone(timedelta(hours=8))),
    consent_id="c-1",
    consent_expires_at=datetime(2027, 2, 23, 4, 0, tzinfo=UTC),
    scope="accounts balances transactions",
)


def test_without_a_usable_keyring_the_store_says_so(restore_keyring: None) -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(KeyringUnavailable):
        KeyringTokenStore()


def test_a_keyring_that_writes_files_is_not_used_for_tokens(restore_keyring: None) -> None:
    keyring.set_keyring(DictKeyring())  # priority > 0, but not one of the operating system's stores
    with pytest.raises(KeyringUnavailable):
        KeyringTokenStore()


def test_tokens_round_trip_through_a_keyring_as_json(restore_keyring: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.vault import keys

    backend = DictKeyring()
    keyring.set_keyring(backend)
    # As if it were the desktop's own store (Secret Service, Keychain ...):
    monkeypatch.setattr(keys, "OS_KEYRINGS", keys.OS_KEYRINGS | {(DictKeyring.__module__, DictKeyring.__qualname__)})
    store = KeyringTokenStore()
    assert isinstance(store, TokenStore)
    assert store.load("conn-1") is None
    store.save("conn-1", TOKENS)
    ((service, user), text) = next(iter(backend.items.items()))
    assert (service, user) == ("huiliu.sync", "conn-1") and text.startswith("{")
    assert store.load("conn-1") == TOKENS
    store.delete("conn-1")
    store.delete("conn-1")  # deleting twice is fine
    assert store.load("conn-1") is None and backend.items == {}


def test_an_unreadable_keyring_entry_reads_as_not_connected(restore_keyring: None) -> None:
    backend = DictKeyring()
    backend.items[("huiliu.sync", "k")] = "not json"
    assert KeyringTokenStore(backend=backend).load("k") is None


def test_memory_store_keeps_connections_apart() -> None:
    store = MemoryTokenStore()
    store.save("a", TOKENS)
    assert store.load("a") == TOKENS and store.load("b") is None
    store.delete("a")
    assert store.load("a") is None


def test_secrets_never_show_in_repr_and_naive_times_are_refused() -> None:
    assert "secret" not in repr(TOKENS)
    with pytest.raises(ValueError):
        Tokens("a", "r", datetime(2026, 1, 1))
    assert Tokens.from_json(TOKENS.to_json()) == TOKENS
    with pytest.raises(ValueError):
        Tokens.from_json('{"format": 1}')


def test_expiry_checks_use_the_margin() -> None:
    now = datetime(2026, 11, 25, 4, 0, tzinfo=UTC)
    t = Tokens("a", "r", now + timedelta(seconds=90), consent_expires_at=now + timedelta(days=1))
    assert not t.expires_within(60, now) and t.expires_within(120, now)
    assert not t.consent_ended(now) and t.consent_ended(now + timedelta(days=2))
