"""Sealed payloads: one SM4-GCM envelope per row holding that row's personal fields.

One envelope per row rather than one per field keeps sealing at its cost floor (each SM4-GCM
cipher costs microseconds; five per row would multiply it). The associated data is
``huiliu|<table>|<column>|<row id>``, so an envelope copied to another row or table fails to open.

ORM rows mix in ``SealedMixin`` and declare ``name = sealed_field(str)``: values open lazily on
first read (only rows on screen are ever decrypted) and are sealed again at flush when changed.
A row that fails to open raises ``TamperedRecord`` naming it; other rows stay readable.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any, Generic, TypeVar, overload

from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session
from sqlalchemy.orm.attributes import flag_modified

from app.errors import TamperedRecord, VaultLocked
from app.vault.crypto import AuthenticationFailed, Sealer
from app.vault.types import SealedColumn

T = TypeVar("T")
SEALED_COLUMN = "sealed"


def aad(table: str, row_id: int, column: str = SEALED_COLUMN) -> bytes:
    """Associated data binding an envelope to its table, column and row."""
    return f"huiliu|{table}|{column}|{row_id}".encode()


def encode_payload(values: dict[str, Any]) -> bytes:
    """Compact UTF-8 JSON; Decimals and dates as strings so nothing is ever a float."""
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"), default=_json_default).encode("utf-8")


def _json_default(value: Any) -> str:
    if isinstance(value, Decimal | date):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    raise TypeError(f"cannot seal a {type(value).__name__}")


def decode_payload(data: bytes) -> dict[str, Any]:
    values = json.loads(data.decode("utf-8"), parse_float=Decimal)
    if not isinstance(values, dict):
        raise ValueError("sealed payload is not an object")
    return values


def seal_payload(sealer: Sealer, table: str, row_id: int, values: dict[str, Any]) -> bytes:
    return sealer.seal(encode_payload(values), aad(table, row_id))


def open_payload(sealer: Sealer, table: str, row_id: int, envelope: bytes) -> dict[str, Any]:
    """The row's values, or TamperedRecord when the envelope was altered or moved."""
    try:
        return decode_payload(sealer.open(envelope, aad(table, row_id)))
    except (AuthenticationFailed, ValueError, UnicodeDecodeError):
        raise TamperedRecord(table, row_id) from None


class sealed_field(Generic[T]):  # noqa: N801 - used like a column declaration
    """A personal field stored inside the row's sealed payload."""

    def __init__(self, kind: type[T]) -> None:
        self.kind = kind
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> sealed_field[T]: ...
    @overload
    def __get__(self, obj: object, owner: type) -> T | None: ...
    def __get__(self, obj: object | None, owner: type) -> Any:
        if obj is None:
            return self
        raw = obj._plain().get(self.name)  # type: ignore[attr-defined]
        if raw is None:
            return None
        if self.kind is Decimal:
            return Decimal(raw)
        if self.kind is date:
            return date.fromisoformat(raw)
        return raw

    def __set__(self, obj: object, value: T | None) -> None:
        if value is not None and self.kind is Decimal and not isinstance(value, Decimal):
            raise TypeError(f"{self.name} must be a Decimal")
        plain = obj._plain()  # type: ignore[attr-defined]
        if value is None:
            plain.pop(self.name, None)
        else:
            plain[self.name] = value
        obj.__dict__["_plain_dirty"] = True
        if "sealed" in obj.__dict__ and obj.__dict__["sealed"] is not None:
            # The envelope is rewritten at flush; flagging it puts a persistent row in session.dirty.
            flag_modified(obj, "sealed")


class SealedMixin:
    """Gives a mapped class one sealed payload column and lazy opening of it."""

    id: Any
    sealed: Mapped[bytes] = mapped_column(SealedColumn, nullable=False)

    def _plain(self) -> dict[str, Any]:
        cached = self.__dict__.get("_plain_cache")
        if cached is None:
            envelope = self.__dict__.get("sealed")
            if envelope is None and "sealed" not in self.__dict__:
                envelope = self.sealed  # load a deferred/expired column through the ORM
            cached = {} if envelope is None else open_payload(_sealer_for(self), self.__tablename__, self.id, envelope)  # type: ignore[attr-defined]
            self.__dict__["_plain_cache"] = cached
        return cached

    def sealed_values(self) -> dict[str, Any]:
        """All sealed fields of this row (opens the envelope if needed)."""
        return dict(self._plain())


def _sealer_for(obj: object) -> Sealer:
    session = object_session(obj)
    sealer = session.info.get("sealer") if session is not None else None
    if not isinstance(sealer, Sealer):
        raise VaultLocked()
    return sealer


@event.listens_for(Session, "before_flush")
def _seal_dirty_rows(session: Session, flush_context: Any, instances: Any) -> None:
    new = session.new
    for obj in list(new) + list(session.dirty):
        if not isinstance(obj, SealedMixin):
            continue
        if obj.__dict__.get("_plain_dirty") or (obj in new and obj.__dict__.get("sealed") is None):
            sealer = session.info.get("sealer")
            if sealer is None:
                raise VaultLocked()
            values = obj.__dict__.get("_plain_cache") or {}
            obj.sealed = seal_payload(sealer, obj.__tablename__, obj.id, values)  # type: ignore[attr-defined]
            obj.__dict__["_plain_dirty"] = False
