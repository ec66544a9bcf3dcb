"""Column types of the vault: sealed envelopes and UTC timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, LargeBinary
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from app import clock
from app.vault.crypto import ENVELOPE_VERSION

# version (1) | key id (8) | nonce (12) | ciphertext (>= 0) | tag (16)
ENVELOPE_MIN_LENGTH = 1 + 8 + 12 + 16


class SealedColumn(TypeDecorator[bytes]):
    """A column holding one SM4-GCM envelope; refuses anything that is not one.

    Sealing itself needs the row's identity (the associated data binds the value to its table,
    column and row), so it happens where the row is known: ``SealedMixin`` seals at flush, and bulk
    writers call ``Vault.seal`` with the id they assigned. This type is the last line that keeps
    plaintext out of the column.
    """

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        if not isinstance(value, bytes | bytearray | memoryview):
            raise TypeError("a sealed column takes a sealed envelope (bytes), never a plain value")
        data = bytes(value)
        if len(data) < ENVELOPE_MIN_LENGTH or data[0] != ENVELOPE_VERSION:
            raise ValueError("refusing to store bytes that are not a sealed envelope")
        return data


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC (SQLite has no zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            raise ValueError("naive datetime given; Huiliu stores aware datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise ValueError(f"a timestamp column held {type(value).__name__}")
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    """The current time, aware, in UTC (from ``app.clock``; kept here for the code that imports it)."""
    return clock.utcnow()
