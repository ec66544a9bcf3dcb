"""OAuth tokens of a platform connection and where they are kept between runs.

A ``TokenStore`` is keyed by the connection key the service gives each connection. Stores are called
on the event loop's thread, so they must be quick (the OS keyring and the vault both are).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol, runtime_checkable

from app import clock
from app.errors import KeyringUnavailable

__all__ = ["KEYRING_SERVICE", "KeyringTokenStore", "MemoryTokenStore", "TokenStore", "Tokens"]

KEYRING_SERVICE = "huiliu.sync"
_FORMAT = 1


@dataclass(frozen=True)
class Tokens:
    """The tokens of one consent; secrets are kept out of ``repr`` so they never reach a log."""

    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_at: datetime
    consent_id: str | None = None
    consent_expires_at: datetime | None = None
    scope: str = ""

    def __post_init__(self) -> None:
        for name in ("expires_at", "consent_expires_at"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValueError(f"Tokens.{name} must be timezone-aware")

    def expires_within(self, seconds: float, now: datetime | None = None) -> bool:
        """Whether the access token is expired or expires in the next ``seconds``."""
        return self.expires_at - timedelta(seconds=seconds) <= (now or clock.utcnow())

    def consent_ended(self, now: datetime | None = None) -> bool:
        """Whether the consent itself has ended (a refresh cannot help; the person must reconnect)."""
        return self.consent_expires_at is not None and self.consent_expires_at <= (now or clock.utcnow())

    def to_json(self) -> str:
        """A JSON text for stores; ``from_json`` reads it back."""
        data: dict[str, Any] = {
            "format": _FORMAT,
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_at": self.expires_at.isoformat(),
            "consent_id": self.consent_id,
            "consent_expires_at": self.consent_expires_at.isoformat() if self.consent_expires_at else None,
            "scope": self.scope,
        }
        return json.dumps(data, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Tokens:
        """Tokens from ``to_json`` output; ValueError when the text is not that."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or data.get("format") != _FORMAT:
                raise ValueError("not a Huiliu token record")
            consent_expires = data.get("consent_expires_at")
            return cls(
                access_token=str(data["access_token"]),
                refresh_token=data.get("refresh_token"),
                expires_at=datetime.fromisoformat(data["expires_at"]),
                consent_id=data.get("consent_id"),
                consent_expires_at=datetime.fromisoformat(consent_expires) if consent_expires else None,
                scope=str(data.get("scope", "")),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a Huiliu token record: {exc}") from exc


@runtime_checkable
class TokenStore(Protocol):
    """Where a connection's tokens live between runs."""

    def load(self, key: str) -> Tokens | None:
        """The tokens saved under ``key``, or None."""
        ...

    def save(self, key: str, tokens: Tokens) -> None:
        """Keep ``tokens`` under ``key``, replacing what was there."""
        ...

    def delete(self, key: str) -> None:
        """Forget ``key``; no error when nothing is stored."""
        ...


class MemoryTokenStore:
    """Tokens in a dict: for tests and for sessions that must not persist anything."""

    def __init__(self) -> None:
        self._tokens: dict[str, Tokens] = {}
        self._lock = threading.Lock()

    def load(self, key: str) -> Tokens | None:
        with self._lock:
            return self._tokens.get(key)

    def save(self, key: str, tokens: Tokens) -> None:
        with self._lock:
            self._tokens[key] = tokens

    def delete(self, key: str) -> None:
        with self._lock:
            self._tokens.pop(key, None)


class KeyringTokenStore:
    """Tokens in the OS keyring as JSON; KeyringUnavailable when this computer has no usable keyring."""

    def __init__(self, service: str = KEYRING_SERVICE, backend: Any = None) -> None:
        self._service = service
        self._backend = backend if backend is not None else _usable_keyring()

    def load(self, key: str) -> Tokens | None:
        try:
            text = self._backend.get_password(self._service, key)
        except Exception as exc:  # a locked or broken keyring is as good as none
            raise KeyringUnavailable(str(exc)) from exc
        if not text:
            return None
        try:
            return Tokens.from_json(text)
        except ValueError:
            return None  # unreadable: treat as not connected, so the person is asked to consent again

    def save(self, key: str, tokens: Tokens) -> None:
        try:
            self._backend.set_password(self._service, key, tokens.to_json())
        except Exception as exc:
            raise KeyringUnavailable(str(exc)) from exc

    def delete(self, key: str) -> None:
        try:
            self._backend.delete_password(self._service, key)
        except Exception:  # nothing stored (PasswordDeleteError) or already gone: forgetting is done
            pass


def _usable_keyring() -> Any:
    # The same test as for a remembered vault key (app.vault.keys): the operating system's own stores
    # only; a keyring that writes plain files would leave the platforms' refresh tokens readable.
    from app.vault.keys import usable_keyring

    return usable_keyring()
