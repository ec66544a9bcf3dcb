"""Transactions: bulk writing (sync and import feed thousands at once) and paged reading.

The bulk path assigns ids, seals each row's personal fields into one envelope, fingerprints it for
dedup, and hands the rows to SQLite in one ``executemany`` inside the caller's transaction: the
whole batch lands or none of it does. Values are written in the storage formats SQLAlchemy's
SQLite types read back (ISO dates, naive-UTC timestamps); a test reads them through the ORM.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from json.encoder import encode_basestring
from typing import Any

from cryptography.hazmat.primitives import hashes, hmac
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from app.bulk import collector_paused
from app.errors import TamperedRecord, ValidationError
from app.i18n import _
from app.ledger.categories import NOT_COUNTED, flow_of, group_of
from app.ledger.vocabulary import TX_DIRECTIONS, TX_STATUSES, direction_of_amount
from app.vault import integrity, sql
from app.vault.crypto import AuthenticationFailed
from app.vault.schema import Transaction
from app.vault.sealing import BOUND_COLUMNS, aad, canonical
from app.vault.store import Vault
from app.vault.types import UTCDateTime

_INSERT = (
    "INSERT INTO transactions (id, account_id, booked_on, status, direction, dedup_fp, import_batch, "
    "created_at, sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, dedup_fp) DO NOTHING"
)
# JSON strings escaped by the json module's own C escaper (what json.dumps(ensure_ascii=False) uses);
# assembling the object by hand is several times faster than dumps() per row and yields the same text.
_quote = encode_basestring


def _payload(tx: TransactionInput) -> bytes:
    """The row's sealed fields as compact JSON (what decode_payload reads)."""
    out = '{"amount":"' + str(tx.amount) + '"'
    if tx.counterparty:
        out += ',"counterparty":' + _quote(tx.counterparty)
    if tx.memo:
        out += ',"memo":' + _quote(tx.memo)
    if tx.description:
        out += ',"description":' + _quote(tx.description)
    if tx.external_id:
        out += ',"external_id":' + _quote(tx.external_id)
    if tx.category:
        out += ',"category":' + _quote(tx.category)
    if tx.source_category and tx.source_category != tx.category:
        out += ',"source_category":' + _quote(tx.source_category)
    if tx.own_transfer_ref:
        out += ',"own_transfer_ref":' + _quote(tx.own_transfer_ref)
    if tx.occurred_at is not None:
        out += ',"at":"' + tx.occurred_at.astimezone(UTC).isoformat(timespec="seconds") + '"'
    return (out + "}").encode("utf-8")


@dataclass(slots=True)
class TransactionInput:
    """One movement as a source reports it; ``amount`` is signed from the account holder's view."""

    booked_on: date
    amount: Decimal
    direction: str = ""
    status: str = "booked"
    counterparty: str = ""
    memo: str = ""
    description: str = ""
    external_id: str = ""
    category: str = ""
    source_category: str = ""  # the source's own category word, when it had one (kept beside the key)
    own_transfer_ref: str = ""
    occurrence: int = 0  # how many identical rows came before this one in the same file
    unique_id: bool = True  # external_id alone identifies the movement (platform ids); False for bills
    moment: str = ""  # the bill's own timestamp, when it has one (only used to tell rows apart)
    occurred_at: datetime | None = None  # the instant, when the source gives one as such (sync); kept in UTC


@dataclass
class TransactionView:
    id: int
    account_id: int
    booked_on: date
    status: str
    direction: str
    amount: Decimal | None = None
    counterparty: str = ""
    memo: str = ""
    description: str = ""
    external_id: str = ""
    category: str = ""
    source_category: str = ""
    own_transfer_ref: str = ""
    occurred_at: datetime | None = None  # aware UTC; None when the source gave a date only
    damaged: str = ""

    def to_json(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["booked_on"] = self.booked_on.isoformat()
        data["amount"] = str(self.amount) if self.amount is not None else None
        data["occurred_at"] = self.occurred_at.isoformat() if self.occurred_at else None
        return data


def dedup_key(tx: TransactionInput) -> bytes:
    """What makes two reports the same movement.

    A platform's transaction id is stable through pending -> booked, so sync keys on it alone. A
    bill's order id is not unique on its own (a refund shares its purchase's id; anonymised exports
    mask ids), so imports key on the id with the row's timestamp, signed amount and counterparty. Without any id, the
    facts decide, and a file's importer numbers repeats (``occurrence``) so two identical coffees on
    one day stay two rows, while the same two rows in an overlapping file get the same numbers.
    """
    if tx.external_id and tx.unique_id:
        return b"id\x00" + tx.external_id.encode("utf-8")
    amount = format(tx.amount.normalize(), "f") if tx.amount else "0"
    if tx.external_id:
        when = tx.moment or tx.booked_on.isoformat()
        keyed = (tx.external_id, when, amount, " ".join(tx.counterparty.split()), str(tx.occurrence))
        return b"order\x00" + "\x1f".join(keyed).encode("utf-8")
    parts = (tx.booked_on.isoformat(), amount, tx.counterparty, tx.memo, tx.description, str(tx.occurrence))
    return b"facts\x00" + "\x1f".join(" ".join(p.split()) for p in parts).encode("utf-8")


def fingerprinter(vault: Vault, account_id: int) -> Callable[[TransactionInput], bytes]:
    """The dedup fingerprint of rows on one account (HMAC-SM3 under the vault's fingerprint key)."""
    base = hmac.HMAC(vault.keys.fingerprint_key, hashes.SM3())
    base.update(f"tx\x00{account_id}\x00".encode())

    def fingerprint(tx: TransactionInput) -> bytes:
        h = base.copy()
        h.update(dedup_key(tx))
        return h.finalize()

    return fingerprint


def known_fingerprints(conn: Connection, account_id: int) -> dict[bytes, tuple[int, str]]:
    """fingerprint -> (row id, status) of the account's stored rows."""
    return {fp: (row_id, status) for row_id, status, fp in sql.run(conn,
        "SELECT id, status, dedup_fp FROM transactions WHERE account_id = ?", (account_id,))}


def insert_many(vault: Vault, conn: Connection, account_id: int, rows: list[TransactionInput],
                created_at: datetime, import_batch: int | None = None) -> int:
    """Insert the rows not already present (by fingerprint) in the caller's transaction; returns how many."""
    return write_rows(vault, conn, account_id, rows, created_at, import_batch)[0]


def write_rows(vault: Vault, conn: Connection, account_id: int, rows: list[TransactionInput],
               created_at: datetime, import_batch: int | None = None,
               fingerprints: list[bytes] | None = None) -> tuple[int, int]:
    """Insert new rows and settle known pending ones that are now booked; returns (added, updated).

    A row is known by its fingerprint (the platform's stable transaction id when it gives one), so
    a pending transaction that comes back booked updates its own row instead of adding a second.
    ``fingerprints``, when given, are the rows' fingerprints on this account as ``fingerprinter``
    computed them (an import's preview already did), so they are not computed twice.
    """
    if fingerprints is not None and len(fingerprints) != len(rows):
        raise ValueError("one fingerprint per row")
    with collector_paused():
        return _write_rows(vault, conn, account_id, rows, created_at, import_batch, fingerprints)


def _write_rows(vault: Vault, conn: Connection, account_id: int, rows: list[TransactionInput],
                created_at: datetime, import_batch: int | None,
                fingerprints: list[bytes] | None) -> tuple[int, int]:
    sealer = vault.sealer.sealer_for("transactions", account_id)  # (raises KeyNotHeld for another's account)
    created = UTCDateTime().process_bind_param(created_at, conn.dialect)
    created_text = created.isoformat(sep=" ", timespec="microseconds") if created else None
    # One writer at a time (the lock file; a shared database's write lock), so the account's fingerprints
    # read here are the truth; the unique index on (account, fingerprint) is what keeps a repeat out anyway.
    known = known_fingerprints(conn, account_id)
    ids = vault.next_ids("transactions", len(rows))
    if fingerprints is None:
        fingerprints = _fingerprints(vault, account_id, rows)
    params: list[tuple[Any, ...]] = []
    updates: list[tuple[Any, ...]] = []
    # Hot loop (100k rows per import): names bound locally, associated data built inline as
    # sealing.aad(table, id, bound columns) would: account, booked_on, status, direction, dedup_fp, batch.
    seal, payload, append = sealer.seal, _payload, params.append
    aad_prefix = aad("transactions", 0)[:-2].decode()
    batch_text = canonical(import_batch)
    directions, statuses = frozenset(TX_DIRECTIONS), frozenset(TX_STATUSES)
    pending_ids: list[int] = []
    for row_id, tx, fp in zip(ids, rows, fingerprints, strict=True):
        amount = tx.amount
        if amount.__class__ is not Decimal or not amount.is_finite():
            raise ValidationError("amount", _("row {n}: not an exact amount").format(n=row_id - ids.start + 1))
        direction = tx.direction or direction_of_amount(amount)
        status = tx.status
        if direction not in directions or status not in statuses:
            raise ValidationError("direction", _("row {n}: unknown direction or status").format(
                n=row_id - ids.start + 1))
        booked = tx.booked_on.isoformat()
        old = known.get(fp)
        if old is not None:
            old_id, old_status = old
            if old_status == "pending" and status == "booked":
                pending_ids.append(old_id)
                updates.append((status, booked, direction, tx, fp, old_id))
                known[fp] = (old_id, "booked")
            continue
        known[fp] = (row_id, status)
        append((row_id, account_id, booked, status, direction, fp, import_batch, created_text, seal(payload(tx), (
            f"{aad_prefix}{row_id}|{account_id}\x1f{booked}\x1f{status}\x1f{direction}\x1f{fp.hex()}\x1f{batch_text}"
        ).encode())))
    tracker = integrity.tracker_for(conn)
    if params:
        inserted = sql.run(conn, _INSERT, params).rowcount
        if 0 <= inserted < len(params):
            # Rows another writer stored first were skipped by the unique index: keep what really went in.
            mine = set(_stored_rows(conn, [p[0] for p in params]))
            params = [p for p in params if p[0] in mine]
        if tracker is not None:
            tracker.add("transactions", account_id, [p[-1] for p in params])
    if updates:
        stored = _stored_rows(conn, pending_ids)
        settled = []
        for status, booked, direction, tx, fp, old_id in updates:
            old_batch, old_envelope = stored[old_id]
            bound = f"{account_id}\x1f{booked}\x1f{status}\x1f{direction}\x1f{fp.hex()}\x1f{canonical(old_batch)}"
            settled.append((status, booked, direction, seal(payload(tx), f"{aad_prefix}{old_id}|{bound}".encode()),
                            old_id))
        sql.run(conn,
            "UPDATE transactions SET status = ?, booked_on = ?, direction = ?, sealed = ?, version = version + 1 "
            "WHERE id = ?", settled)
        if tracker is not None:
            tracker.remove("transactions", account_id, [envelope for _batch, envelope in stored.values()])
            tracker.add("transactions", account_id, [row[3] for row in settled])
    return len(params), len(updates)


def _stored_rows(conn: Connection, ids: list[int]) -> dict[int, tuple[int | None, bytes]]:
    """id -> (import batch, envelope) of stored rows."""
    out: dict[int, tuple[int | None, bytes]] = {}
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        chunk = ids[start:start + 900]
        marks = ",".join("?" * len(chunk))
        for row_id, batch, envelope in sql.run(conn,
                f"SELECT id, import_batch, sealed FROM transactions WHERE id IN ({marks})", tuple(chunk)):
            out[row_id] = (batch, bytes(envelope))
    return out


def _fingerprints(vault: Vault, account_id: int, rows: list[TransactionInput]) -> list[bytes]:
    """What ``fingerprinter`` gives for each row, with the per-row calls inlined (bulk path)."""
    base = hmac.HMAC(vault.keys.fingerprint_key, hashes.SM3())
    base.update(f"tx\x00{account_id}\x00".encode())
    copy, key = base.copy, dedup_key
    out = []
    for tx in rows:
        h = copy()
        h.update(key(tx))
        out.append(h.finalize())
    return out


def page(session: Session, limit: int, offset: int = 0, account_id: int | None = None) -> list[TransactionView]:
    """Newest first; only the rows asked for are opened."""
    query = select(Transaction).order_by(Transaction.booked_on.desc(), Transaction.id.desc()).limit(limit).offset(offset)
    if account_id is not None:
        query = query.where(Transaction.account_id == account_id)
    return [view_of(t) for t in session.scalars(query)]


def views(session: Session, ids: list[int]) -> list[TransactionView]:
    """Open the rows with these ids (any order; missing ids are skipped)."""
    out: list[TransactionView] = []
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        chunk = ids[start:start + 900]
        out.extend(view_of(t) for t in session.scalars(select(Transaction).where(Transaction.id.in_(chunk))))
    return out


def view_of(t: Transaction) -> TransactionView:
    view = TransactionView(id=t.id, account_id=t.account_id, booked_on=t.booked_on, status=t.status,
                           direction=t.direction)
    try:
        values = t.sealed_values()
        view.amount = Decimal(values["amount"])
        view.counterparty = values.get("counterparty", "")
        view.memo = values.get("memo", "")
        view.description = values.get("description", "")
        view.external_id = values.get("external_id", "")
        view.category = values.get("category", "")
        view.source_category = values.get("source_category", "")
        view.own_transfer_ref = values.get("own_transfer_ref", "")
        if "at" in values:
            view.occurred_at = datetime.fromisoformat(values["at"])
    except TamperedRecord as exc:
        view.damaged = str(exc)
    return view


@dataclass(frozen=True)
class IndexEntry:
    """What search and filters need of one transaction, kept in memory by the UI."""

    id: int
    account_id: int
    booked_on: date
    status: str
    direction: str
    amount: Decimal | None  # None when the row failed its integrity check
    text: str  # counterparty, memo, description, category; casefolded
    group: str = ""  # the category's group (categories.group_of), for the Reports' way in
    flow: str = ""  # spending, income, own or not_counted (categories.flow_of), as the Reports count it
    at: str = ""  # the instant in UTC (ISO) when the source gave one, to order a day's rows by time


_BOUND_SELECT = ", ".join(BOUND_COLUMNS["transactions"])


def open_rows(vault: Vault, query: str, params: tuple[Any, ...] = (), conn: Connection | None = None) -> Any:
    """(row, values) for raw transaction rows (id first, sealed last) with the payload opened.

    ``query`` reads ``SELECT <columns>, sealed FROM transactions ...``; the bound columns the
    envelope's associated data needs are read with them and not returned. Damaged rows (altered
    envelope or bound column) give values None. Runs on ``conn`` when given (inside a write), else
    on its own.
    """
    marker = ", sealed FROM transactions"
    if marker not in query:
        raise ValueError("open_rows reads 'SELECT ..., sealed FROM transactions ...'")
    query = query.replace(marker, f", {_BOUND_SELECT}{marker}", 1)
    bound_count = len(BOUND_COLUMNS["transactions"])
    sealer = vault.sealer
    prefix = aad("transactions", 0)[:-2]

    held = sealer.held("transactions")  # None: every account (a vault without member keys)

    by_account: dict[Any, Any] = {}  # the account's own key, looked up once per account (not per row)

    def rows(c: Connection) -> Any:
        for full in sql.run(c, query, params).fetchall():
            account = full[-1 - bound_count]
            if held is not None and account not in held:
                continue  # another member's account, not shared with who unlocked: never opened, never listed
            opener = by_account.get(account)
            if opener is None:
                opener = by_account[account] = sealer.sealer_for("transactions", account).open
            row = tuple(full[:-1 - bound_count]) + (full[-1],)
            bound = "\x1f".join(canonical(v) for v in full[-1 - bound_count:-1])
            try:
                values = json.loads(opener(full[-1], prefix + f"{full[0]}|{bound}".encode()), parse_float=Decimal)
            except (AuthenticationFailed, ValueError):
                values = None
            yield row, values

    if conn is not None:
        yield from rows(conn)
        return
    with vault.engine.connect() as own:
        yield from rows(own)


def index(vault: Vault) -> list[IndexEntry]:
    out = []
    query = ("SELECT id, account_id, booked_on, status, direction, sealed FROM transactions "
             "ORDER BY booked_on DESC, id DESC")
    for (row_id, account_id, booked_on, status, direction, _sealed), values in open_rows(vault, query):
        if values is None:
            out.append(IndexEntry(row_id, account_id, sql.day(booked_on), status, direction, None, "",
                                  flow=NOT_COUNTED))
            continue
        category = values.get("category", "")
        text = " ".join((values.get("counterparty", ""), values.get("memo", ""), values.get("description", ""),
                         category)).casefold()
        amount = Decimal(values["amount"])
        out.append(IndexEntry(row_id, account_id, sql.day(booked_on), status, direction, amount, text,
                              group_of(category), flow_of(direction, amount, category,
                                                          values.get("own_transfer_ref", "")),
                              values.get("at", "")))
    # Newest first: by day, then by time where the rows have one (the time is sealed, so only here), then
    # by id. A row with a day only comes after the timed rows of its day.
    out.sort(key=lambda e: (e.booked_on, e.at, e.id), reverse=True)
    return out


def daily_movements(vault: Vault, since: date) -> dict[int, dict[date, Decimal]]:
    """account id -> day -> net booked amount, from ``since`` on."""
    out: dict[int, dict[date, Decimal]] = {}
    query = ("SELECT id, account_id, booked_on, sealed FROM transactions WHERE status = 'booked' "
             "AND booked_on >= ?")
    for (_id, account_id, booked_on, _sealed), values in open_rows(vault, query, (since.isoformat(),)):
        if values is None:
            continue
        day = sql.day(booked_on)
        per_day = out.setdefault(account_id, {})
        per_day[day] = per_day.get(day, Decimal(0)) + Decimal(values["amount"])
    return out


@dataclass
class TransactionDetail:
    """Everything known of one transaction, for its detail panel."""

    view: TransactionView
    currency: str
    account: str
    platform: str
    member: str
    source: str  # "import" (from a file), "sync" (from a connected platform) or "manual"
    source_file: str = ""  # the imported file's name
    imported_at: datetime | None = None
    partner: TransactionView | None = None  # the other leg of a move between own accounts
    partner_account: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"transaction": self.view.to_json(), "currency": self.currency, "account": self.account,
                "platform": self.platform, "member": self.member, "source": self.source,
                "source_file": self.source_file,
                "imported_at": self.imported_at.isoformat() if self.imported_at else None,
                "partner": self.partner.to_json() if self.partner else None, "partner_account": self.partner_account}


EDITABLE = ("category", "counterparty", "memo")  # what a person may correct; the amount and date are the source's


def partner_of(vault: Vault, s: Session, view: TransactionView) -> TransactionView | None:
    """The other leg of an own transfer (the row sharing its pairing reference), if any."""
    if not view.own_transfer_ref:
        return None
    lo, hi = view.booked_on - timedelta(days=7), view.booked_on + timedelta(days=7)
    query = "SELECT id, sealed FROM transactions WHERE booked_on >= ? AND booked_on <= ? AND id != ?"
    for (row_id, _sealed), values in open_rows(vault, query, (lo.isoformat(), hi.isoformat(), view.id),
                                               s.connection()):
        if values is not None and values.get("own_transfer_ref") == view.own_transfer_ref:
            found = views(s, [row_id])
            return found[0] if found else None
    return None
