"""Sealed payloads: one SM4-GCM envelope per row holding that row's personal fields.

One envelope per row rather than one per field keeps sealing at its cost floor (each SM4-GCM
cipher costs microseconds; five per row would multiply it). The associated data is
``huiliu2|<table>|sealed|<row id>|`` followed by the row's *bound* plain columns (``BOUND_COLUMNS``:
the owner, member, currency, kind, class, dates, direction, status ... that queries need in the
clear), so an envelope copied to another row or table fails to open, and so does a row whose plain
columns were changed behind the app's back: the change is reported as damage, like a flipped byte.
Vaults sealed before the bound columns existed (``huiliu|<table>|<column>|<row id>``) are re-sealed
once, at their first open (``app.vault.integrity``).

ORM rows mix in ``SealedMixin`` and declare ``name = sealed_field(str)``: values open lazily on
first read (only rows on screen are ever decrypted) and are sealed again at flush when changed.
A row that fails to open raises ``TamperedRecord`` naming it; other rows stay readable.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, Generic, TypeVar, overload

from sqlalchemy import event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, object_session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.base import NO_VALUE

from app.errors import NotShared, TamperedRecord, VaultLocked
from app.vault.crypto import AuthenticationFailed, Sealer
from app.vault.types import SealedColumn

T = TypeVar("T")
SEALED_COLUMN = "sealed"


# The plain columns each sealed table binds into its envelope's associated data, in this order. A
# column left out carries no meaning of its own (ids assigned at insert, creation stamps) or is a
# cache of the sealed values. Everything a total, a filter or an owner check reads is here.
BOUND_COLUMNS: dict[str, tuple[str, ...]] = {
    "members": ("role", "identity_fp"),
    "platforms": ("kind", "entity_fp"),
    "accounts": ("member_id", "platform_id", "kind", "currency", "bank_class", "bound_account_id", "payment_class",
                 "ecny_tier", "holder_identity_fp", "number_fp", "statement_day", "due_day", "opened_on", "closed",
                 "connection_id", "remote_fp"),
    "connections": ("platform_id", "member_id", "connector", "status"),
    "sync_cursors": ("account_id",),
    "balances": ("account_id", "as_of", "source", "stale", "stale_since"),
    "transactions": ("account_id", "booked_on", "status", "direction", "dedup_fp", "import_batch"),
    "import_batches": ("format", "file_fp", "status", "added", "skipped"),
    "instrument_mappings": ("instrument_fp", "account_id"),
    "column_mappings": ("source_fp",),
    "fx_rates": ("base", "quote", "rate", "as_of", "source"),
    "signing_keys": ("public_key",),
    "user_categories": ("parent",),
    "category_names": ("key",),
    "category_rules": ("match",),
    "approvals": ("kind", "requested_by", "subject_type", "subject_id", "mode", "approvers", "status", "expires_at",
                  "decided_at", "version"),
    "approval_votes": ("approval_id", "member_id", "decision", "at"),
    "family_links": ("account_id", "holder_id", "member_id", "proposed_by", "holder_confirmed_by",
                     "holder_confirmed_at", "member_confirmed_by", "member_confirmed_at", "status", "ended_by",
                     "decided_at", "version"),
    "allowances": ("member_id", "set_by", "set_at", "version"),
    "joint_holders": ("account_id", "member_id", "set_by", "set_at", "version"),
    "payees": ("member_id", "kind", "holder_identity_fp", "entity_fp", "number_fp", "added_at", "number_changed_at",
               "removed_at"),
    # (their ``version`` moves at the UPDATE itself, after the envelope is sealed: not bound)
    "transfers": ("from_account_id", "member_id", "to_account_id", "payee_id", "source", "state", "arrival",
                  "idempotency_key", "request_digest", "release_at", "revocable_until", "approval_id"),
    "transfer_events": ("transfer_id", "at", "state", "member_id"),
    "stepup_factors": ("member_id", "kind", "status"),
    "policy_settings": ("member_id", "kind", "rule_id"),
}


def canonical(value: Any) -> str:
    """A bound column's value as text for the associated data (one spelling per value)."""
    if value is None:
        return ""
    if value is True or value is False:
        return "1" if value else "0"
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return str(value.isoformat(sep=" ", timespec="microseconds"))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def aad(table: str, row_id: int, bound: Sequence[Any] = ()) -> bytes:
    """Associated data binding an envelope to its table, row and bound plain columns' values."""
    return (f"huiliu2|{table}|{SEALED_COLUMN}|{row_id}|" + "\x1f".join(canonical(v) for v in bound)).encode()


def legacy_aad(table: str, row_id: int) -> bytes:
    """What envelopes sealed before bound columns were bound to (read once, to re-seal them)."""
    return f"huiliu|{table}|{SEALED_COLUMN}|{row_id}".encode()


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


def seal_payload(sealer: Sealer, table: str, row_id: int, values: dict[str, Any], bound: Sequence[Any] = ()) -> bytes:
    return sealer.seal(encode_payload(values), aad(table, row_id, bound))


def open_payload(sealer: Sealer, table: str, row_id: int, envelope: bytes, bound: Sequence[Any] = ()) -> dict[str, Any]:
    """The row's values; TamperedRecord when the envelope or a bound column was altered or moved,
    NotShared when it is sealed under an account key the acting member was not given."""
    from app.vault.keychain import KeyNotHeld

    try:
        return decode_payload(sealer.open(envelope, aad(table, row_id, bound)))
    except KeyNotHeld:
        raise NotShared(table, row_id) from None
    except (AuthenticationFailed, ValueError, UnicodeDecodeError):
        raise TamperedRecord(table, row_id) from None


def bound_values(obj: Any, committed: bool = False) -> list[Any]:
    """The row's bound column values: as they are now, or as last loaded from or written to the vault.

    ``committed`` is what the stored envelope was sealed with: a column changed in this session
    (not yet flushed) still opens the envelope with its stored value.
    """
    names = BOUND_COLUMNS.get(obj.__tablename__, ())
    if not names:
        return []
    state = inspect(obj)
    before = state.committed_state if committed else {}
    out = []
    for name in names:
        old = before.get(name, NO_VALUE)
        out.append(getattr(obj, name) if old is NO_VALUE else old)
    return out


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
            cached = {} if envelope is None else open_payload(
                _sealer_for(self), self.__tablename__, self.id, envelope, bound_values(self, committed=True))  # type: ignore[attr-defined]
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


# The column that says whose rows these are, for the tables whose rows are counted per account.
SCOPE_COLUMNS: dict[str, str] = {"transactions": "account_id", "balances": "account_id"}


def scope_of(obj: Any, committed: bool = False) -> int:
    column = SCOPE_COLUMNS.get(obj.__tablename__)
    if column is None:
        return 0
    if committed:
        old = inspect(obj).committed_state.get(column, NO_VALUE)
        if old is not NO_VALUE:
            return int(old)
    return int(getattr(obj, column))


def _bound_changed(obj: Any) -> bool:
    committed = inspect(obj).committed_state
    return any(name in committed for name in BOUND_COLUMNS.get(obj.__tablename__, ()))


def _stored_envelope(obj: Any) -> bytes | None:
    if "sealed" not in obj.__dict__:
        return obj.sealed  # type: ignore[no-any-return]
    old = inspect(obj).committed_state.get("sealed", NO_VALUE)
    return obj.__dict__.get("sealed") if old is NO_VALUE else old  # type: ignore[no-any-return]


@event.listens_for(Session, "before_flush")
def _seal_dirty_rows(session: Session, flush_context: Any, instances: Any) -> None:
    """Seal new and changed rows (a changed bound column re-seals too) and count them for integrity."""
    tracker = session.info.get("integrity")
    new = session.new
    for obj in list(new) + list(session.dirty):
        if not isinstance(obj, SealedMixin):
            continue
        is_new = obj in new
        if not (obj.__dict__.get("_plain_dirty") or (is_new and obj.__dict__.get("sealed") is None)
                or (not is_new and _bound_changed(obj))):
            continue
        sealer = session.info.get("sealer")
        if sealer is None:
            raise VaultLocked()
        values = obj.__dict__.get("_plain_cache")
        if values is None:
            values = {} if is_new else obj._plain()
        old_envelope = None if is_new else _stored_envelope(obj)
        old_scope = 0 if is_new else scope_of(obj, committed=True)
        table = obj.__tablename__  # type: ignore[attr-defined]
        obj.sealed = seal_payload(sealer, table, obj.id, values, bound_values(obj))
        obj.__dict__["_plain_dirty"] = False
        if tracker is not None:
            if old_envelope is not None:
                tracker.remove(table, old_scope, [old_envelope])
            tracker.add(table, scope_of(obj), [obj.sealed])
    if tracker is not None:
        for obj in session.deleted:
            if isinstance(obj, SealedMixin):
                envelope = _stored_envelope(obj)
                if envelope is not None:
                    tracker.remove(obj.__tablename__, scope_of(obj, committed=True), [envelope])  # type: ignore[attr-defined]
