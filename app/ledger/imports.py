"""Statement import: preview first, then one atomic, idempotent write that can be undone.

A parsed file (app.ledger.statements) is planned against the vault: each section goes to an
account (chosen, or recognised by its account number), each row to the account its paying
instrument maps to (a WeChat row paid by 招商银行(1234) leaves that bank account, not the wallet),
and each row is new or a duplicate by the same fingerprint sync uses. Nothing is written until
``commit``; then every row lands in one transaction with its batch id, or none does.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import PurePath
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from app import plugins
from app.bulk import collector_paused
from app.changes import Changes
from app.errors import HuiliuError, NotFound, ValidationError
from app.i18n import _
from app.ledger import transactions as tx_store
from app.ledger.identity import reference_fingerprints
from app.ledger.statements import (
    MAX_STATEMENT_BYTES,
    ParsedStatement,
    RowProblem,
    StatementError,
    StatementReader,
    StatementRow,
    too_large,
)
from app.ledger.transactions import TransactionInput
from app.unit_of_work import UnitOfWork
from app.vault import crypto, integrity
from app.vault.schema import Account, ColumnMappingRecord, ImportBatch, InstrumentMapping, Transaction
from app.vault.types import utcnow

# Instruments that mean "the statement's own account" (the wallet's balance itself).
OWN_BALANCE_INSTRUMENTS = frozenset({"", "余额", "账户余额", "零钱", "/", "支付宝余额", "京东余额", "微信零钱"})
PAIR_WINDOW = timedelta(days=2)


@dataclass(slots=True)
class PlannedRow:
    row: StatementRow
    account_id: int | None
    state: str  # new | duplicate | closed (no money moved) | unmapped (no account chosen)
    fingerprint: bytes = b""
    tx: TransactionInput | None = None
    include: bool = True  # the person may leave a new row out of the import


@dataclass
class BalanceCheck:
    """A balance the file states against what Huiliu computes for that account and date."""

    account_id: int
    type: str
    as_of: date
    statement: Decimal
    computed: Decimal

    @property
    def difference(self) -> Decimal:
        return self.statement - self.computed

    def to_json(self) -> dict[str, Any]:
        return {"account_id": self.account_id, "type": self.type, "as_of": self.as_of.isoformat(),
                "statement": str(self.statement), "computed": str(self.computed),
                "difference": str(self.difference), "ok": self.difference == 0}


@dataclass(frozen=True)
class ColumnMappingToSave:
    """A bank-CSV column mapping given for this file, to keep under ``source`` for the next files."""

    source: str
    mapping_json: str
    header: str


@dataclass
class ReadStatement:
    """A parsed file and the column mapping it was read with, if one was given to be saved."""

    parsed: ParsedStatement
    mapping: ColumnMappingToSave | None = None


@dataclass
class ImportPreview:
    """What an import would do; nothing is written to make it."""

    path: str
    format: str
    encoding: str
    file_fp: bytes
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unmapped_instruments: list[str] = field(default_factory=list)
    balance_checks: list[BalanceCheck] = field(default_factory=list)
    already_imported: bool = False
    mapping: ColumnMappingToSave | None = None  # kept when the import is committed, never on a dry run

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    @property
    def to_import(self) -> int:
        """New rows the person left in (what Import will add)."""
        return sum(1 for r in self.rows if r.state == "new" and r.include)

    @property
    def accounts(self) -> list[int]:
        return sorted({r.account_id for r in self.rows if r.account_id is not None and r.state == "new"})

    def by_direction(self) -> dict[str, dict[str, Any]]:
        """Counts and totals per direction, as the file states them (every row, closed ones included)."""
        out: dict[str, dict[str, Any]] = {d: {"count": 0, "total": Decimal(0)} for d in ("in", "out", "neutral")}
        for r in self.rows:
            out[r.row.direction]["count"] += 1
            out[r.row.direction]["total"] += abs(r.row.amount)
        return out

    def date_range(self) -> tuple[date, date] | None:
        days = [_day(r.row.occurred_at) for r in self.rows]
        return (min(days), max(days)) if days else None

    def to_json(self) -> dict[str, Any]:
        # One pass over the rows (a 100k-row bill): states, directions and the date range together.
        states: Counter[str] = Counter()
        directions: dict[str, list[Any]] = {d: [0, Decimal(0)] for d in ("in", "out", "neutral")}
        accounts: set[int] = set()
        first: date | None = None
        last: date | None = None
        for r in self.rows:
            states[r.state] += 1
            tally = directions[r.row.direction]
            tally[0] += 1
            tally[1] += abs(r.row.amount)
            when = r.row.occurred_at
            day = when.date() if isinstance(when, datetime) else when
            if first is None or day < first:
                first = day
            if last is None or day > last:
                last = day
            if r.state == "new" and r.account_id is not None:
                accounts.add(r.account_id)
        return {
            "file": self.path, "format": self.format, "encoding": self.encoding,
            "rows": len(self.rows), "new": states["new"], "duplicates": states["duplicate"],
            "closed": states["closed"], "unmapped": states["unmapped"],
            "by_direction": {d: {"count": n, "total": str(total)} for d, (n, total) in directions.items()},
            "date_range": [first.isoformat(), last.isoformat()] if first and last else None,
            "accounts": sorted(accounts), "unmapped_instruments": self.unmapped_instruments,
            "errors": [{"line": p.line, "field": p.field, "problem": p.problem} for p in self.problems],
            "notes": self.notes, "balance_checks": [b.to_json() for b in self.balance_checks],
            "already_imported": self.already_imported,
        }


@dataclass
class ImportResult:
    batch_id: int  # 0: nothing new, so no batch was recorded (a repeat of a file already imported)
    added: int
    skipped: int
    paired_transfers: int
    changes: Changes
    file: str = ""  # the imported file's name (for an undo, what it undid)
    imported_at: datetime | None = None


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _to_input(row: StatementRow, occurrence: int) -> TransactionInput:
    return TransactionInput(
        booked_on=_day(row.occurred_at), amount=row.amount, direction=row.direction,
        status="pending" if row.status == "pending" else "booked", counterparty=row.counterparty,
        memo=row.memo, description=row.description, external_id=row.order_id,
        category="transfer" if row.transfer_hint else row.category, occurrence=occurrence, unique_id=False,
        moment=row.occurred_at.isoformat(),
    )


class ImportService:
    """Plans, commits and undoes imports through AppServices (one writer, audited)."""

    def __init__(self, unit: UnitOfWork) -> None:
        self.unit = unit
        self.vault = unit.vault

    # --- mappings -------------------------------------------------------------------------------

    def _instrument_fp(self, instrument: str) -> bytes:
        return self.vault.fingerprint("instrument", instrument)

    def instrument_accounts(self, s: Session) -> dict[bytes, int]:
        return {m.instrument_fp: m.account_id for m in s.scalars(select(InstrumentMapping))}

    def map_instrument(self, instrument: str, account_id: int) -> Changes:
        """Remember once that bills paying with ``instrument`` move money on ``account_id``."""
        with self.unit.write() as s:
            if s.get(Account, account_id) is None:
                raise NotFound("account", account_id)
            fp = self._instrument_fp(instrument)
            existing = s.scalars(select(InstrumentMapping).where(InstrumentMapping.instrument_fp == fp)).first()
            if existing is None:
                existing = InstrumentMapping(id=self.vault.next_id("instrument_mappings"), instrument_fp=fp,
                                             account_id=account_id)
                existing.instrument = instrument
                s.add(existing)
            existing.account_id = account_id
            self.unit.record(s, "import.instrument_mapped", "account", account_id)
        return Changes.of("mappings")

    def save_column_mapping(self, source: str, mapping_json: str, header: str) -> Changes:
        """Keep a generic-CSV column mapping under a source name, with the header line it reads."""
        with self.unit.write() as s:
            self._keep_mapping(s, ColumnMappingToSave(source, mapping_json, header))
        return Changes.of("mappings")

    def _keep_mapping(self, s: Session, mapping: ColumnMappingToSave) -> None:
        source = " ".join(mapping.source.split())
        if not source:
            raise ValidationError("source", _("give the source a name"))
        fp = self.vault.fingerprint("csv-source", source)
        row = s.scalars(select(ColumnMappingRecord).where(ColumnMappingRecord.source_fp == fp)).first()
        if row is None:
            row = ColumnMappingRecord(id=self.vault.next_id("column_mappings"), source_fp=fp)
            s.add(row)
            s.flush()
        row.mapping = json.dumps({"source": source, "header": mapping.header, "mapping": mapping.mapping_json},
                                 ensure_ascii=False)
        self.unit.record(s, "import.mapping_saved", "mapping", row.id)

    def column_mappings(self) -> list[dict[str, str]]:
        """Saved mappings: {"source", "header", "mapping"} (the mapping as its JSON text)."""
        with self.vault.reader() as s:
            return [json.loads(r.mapping) for r in s.scalars(select(ColumnMappingRecord).order_by(ColumnMappingRecord.id))
                    if r.mapping]

    # --- reading files ----------------------------------------------------------------------------

    def read(self, data: bytes, name: str, columns_json: str | None = None, source: str | None = None) -> ReadStatement:
        """Parse a file: with ``columns_json`` (a bank-CSV mapping, kept under ``source`` or the file's
        name when the import is committed), with the mapping saved as ``source``, by its format, or
        with a saved mapping whose header line the file contains. Writes nothing."""
        if len(data) > MAX_STATEMENT_BYTES:
            raise StatementError(name, too_large(len(data)))
        reader: StatementReader = plugins.load(plugins.STATEMENTS, "files")
        if columns_json is not None:
            parsed = reader.parse_columns(data, name, columns_json)
            header = reader.mapping_header(reader.decode(data, name), columns_json)
            return ReadStatement(parsed, ColumnMappingToSave(source or PurePath(name).stem, columns_json, header))
        if source:
            wanted = " ".join(source.split())
            for saved in self.column_mappings():
                if saved["source"] == wanted:
                    return ReadStatement(reader.parse_columns(data, name, saved["mapping"]))
            raise ValidationError("source", _("no column mapping is saved as {name}").format(name=source))
        try:
            return ReadStatement(reader.parse(data, name))
        except HuiliuError:
            # A bank CSV nobody recognises may match a column mapping saved for it earlier.
            saved_mappings = self.column_mappings()
            if saved_mappings:
                lines = reader.decode(data, name).splitlines()
                for saved in saved_mappings:
                    if saved["header"] and saved["header"] in lines:
                        return ReadStatement(reader.parse_columns(data, name, saved["mapping"]))
            raise

    def account_for_reference(self, s: Session, reference: str) -> int | None:
        """An account whose number matches the statement's account reference, if exactly one does."""
        for fp in reference_fingerprints(self.vault, reference):
            ids = list(s.scalars(select(Account.id).where(Account.number_fp == fp)))
            if ids:
                return ids[0] if len(ids) == 1 else None
        return None

    # --- preview --------------------------------------------------------------------------------

    def preview(self, parsed: ParsedStatement, data: bytes, account_id: int | None = None,
                section_accounts: dict[int, int] | None = None,
                mapping: ColumnMappingToSave | None = None) -> ImportPreview:
        """Plan the import of ``parsed`` (whose file bytes are ``data``); writes nothing."""
        preview = ImportPreview(path=parsed.path, format=parsed.format, encoding=parsed.encoding,
                                file_fp=crypto.hmac_sm3(self.vault.keys.fingerprint_key, b"file\x00" + data),
                                problems=list(parsed.problems), notes=list(parsed.notes), mapping=mapping)
        with self.vault.reader() as s, collector_paused():
            if account_id is not None and s.get(Account, account_id) is None:
                raise ValidationError("account", _("no account with id {id}").format(id=account_id))
            preview.already_imported = s.scalars(select(ImportBatch.id).where(
                ImportBatch.file_fp == preview.file_fp, ImportBatch.status == "committed")).first() is not None
            instruments = self.instrument_accounts(s)
            fingerprinters: dict[int, Any] = {}
            known: dict[int, dict[bytes, tuple[int, str]]] = {}
            unmapped: Counter[str] = Counter()
            occurrences: Counter[tuple[int, bytes]] = Counter()
            # A refund of an order the file shows as closed moved no money overall either.
            closed_orders = {r.order_id for r in parsed.rows if r.status == "closed" and r.order_id}
            for index, section in enumerate(parsed.sections):
                target = (section_accounts or {}).get(index, account_id)
                if target is None:
                    target = self.account_for_reference(s, section.account_ref)
                for row in section.rows:
                    row_account = target
                    instrument = row.instrument.strip()
                    if instrument not in OWN_BALANCE_INSTRUMENTS:
                        mapped = instruments.get(self._instrument_fp(instrument))
                        if mapped is not None:
                            row_account = mapped
                        else:
                            unmapped[instrument] += 1
                    if row.status in ("closed", "failed") or (row.refund_of and row.refund_of in closed_orders):
                        preview.rows.append(PlannedRow(row, row_account, "closed"))
                        continue
                    if row_account is None:
                        preview.rows.append(PlannedRow(row, None, "unmapped"))
                        continue
                    if row_account not in fingerprinters:
                        fingerprinters[row_account] = tx_store.fingerprinter(self.vault, row_account)
                        known[row_account] = tx_store.known_fingerprints(s.connection(), row_account)
                    first = _to_input(row, 0)
                    base_fp = fingerprinters[row_account](first)
                    # Repeats of an order (same id, time, amount, party) are the file recording one movement
                    # twice (Alipay lists some refunds under 其他 and 收入); only rows without any id
                    # are numbered apart.
                    n = 0
                    if not row.order_id:  # (an order's fingerprint never equals an id-less row's: not counted)
                        n = occurrences[(row_account, base_fp)]
                        occurrences[(row_account, base_fp)] += 1
                    tx = first if n == 0 else _to_input(row, n)
                    fp = base_fp if n == 0 else fingerprinters[row_account](tx)
                    state = "duplicate" if fp in known[row_account] else "new"
                    if state == "new":
                        known[row_account][fp] = (0, tx.status)
                    preview.rows.append(PlannedRow(row, row_account, state, fp, tx))
            preview.unmapped_instruments = sorted(unmapped)
            preview.balance_checks = self._balance_checks(s, parsed, preview, account_id, section_accounts)
        return preview

    def _balance_checks(self, s: Session, parsed: ParsedStatement, preview: ImportPreview, account_id: int | None,
                        section_accounts: dict[int, int] | None) -> list[BalanceCheck]:
        checks = []
        for index, section in enumerate(parsed.sections):
            target = (section_accounts or {}).get(index, account_id) or self.account_for_reference(s, section.account_ref)
            if target is None:
                continue
            for bal in section.balances:
                if bal.type not in ("LEDGERBAL", "CLBD", "running_last", "CLAV", "AVAILBAL") or bal.currency != (
                        s.get(Account, target).currency):  # type: ignore[union-attr]
                    continue
                as_of = _day(bal.as_of)
                stored = Decimal(0)
                ids = list(s.scalars(select(Transaction.id).where(Transaction.account_id == target,
                                                                   Transaction.booked_on <= as_of)))
                for view in tx_store.views(s, ids):
                    stored += view.amount or 0
                incoming = sum((r.tx.amount for r in preview.rows if r.state == "new" and r.account_id == target
                                and r.tx is not None and r.tx.booked_on <= as_of), Decimal(0))
                checks.append(BalanceCheck(target, bal.type, as_of, bal.amount, stored + incoming))
        return checks

    # --- commit and undo ------------------------------------------------------------------------

    def commit(self, preview: ImportPreview) -> ImportResult:
        """Write every new row of the preview in one transaction (or none), then pair own transfers."""
        if preview.count("unmapped"):
            raise ValidationError("account", _("{n} rows have no account: choose the account for this file").format(
                n=preview.count("unmapped")))
        now = utcnow()
        if not any(p.state == "new" and p.include and p.tx is not None and p.account_id is not None
                   for p in preview.rows):
            # Nothing new (the file was imported before): no empty batch that an undo would take for
            # the real import. A column mapping given with it is still kept.
            changes = Changes()
            if preview.mapping is not None:
                with self.unit.write() as s:
                    self._keep_mapping(s, preview.mapping)
                changes = Changes.of("imports")
            return ImportResult(0, 0, len(preview.rows), 0, changes, preview.path)
        with self.unit.write() as s:
            batch = ImportBatch(id=self.vault.next_id("import_batches"), created_at=now, format=preview.format,
                                file_fp=preview.file_fp, status="committed")
            batch.filename = preview.path
            s.add(batch)
            s.flush()
            by_account: dict[int, list[TransactionInput]] = {}
            fingerprints: dict[int, list[bytes]] = {}  # the preview's, so commit need not compute them again
            for planned in preview.rows:
                if planned.state == "new" and planned.include and planned.tx is not None \
                        and planned.account_id is not None:
                    by_account.setdefault(planned.account_id, []).append(planned.tx)
                    fingerprints.setdefault(planned.account_id, []).append(planned.fingerprint)
            added = 0
            for acc_id, rows in by_account.items():
                added += tx_store.write_rows(self.vault, s.connection(), acc_id, rows, now, import_batch=batch.id,
                                             fingerprints=fingerprints[acc_id])[0]
            batch.added, batch.skipped = added, len(preview.rows) - added
            legs = [p.fingerprint for p in preview.rows
                    if p.state == "new" and p.include and p.tx is not None and p.tx.category == "transfer"]
            paired = self._pair_transfers(s, batch.id, legs)
            if preview.mapping is not None:
                self._keep_mapping(s, preview.mapping)
            self.unit.record(s, "import.committed", "import", batch.id, format=preview.format, added=added,
                                 skipped=batch.skipped, accounts=sorted(by_account), paired=paired)
        return ImportResult(batch.id, added, batch.skipped, paired,
                            Changes.of("transactions", *by_account) | Changes.of("imports", batch.id))

    def undo_last(self) -> ImportResult:
        """Remove every row the last committed import added; the batch stays recorded as undone."""
        with self.unit.write() as s:
            batch = s.scalars(select(ImportBatch).where(ImportBatch.status == "committed")
                              .order_by(ImportBatch.id.desc()).limit(1)).first()
            if batch is None:
                raise ValidationError("import", _("there is no import to undo"))
            accounts = sorted(set(s.scalars(select(Transaction.account_id)
                                            .where(Transaction.import_batch == batch.id).distinct())))
            unpaired = self._unpair_partners(s, batch.id)
            s.flush()
            tracker = integrity.tracker_for(s.connection())
            if tracker is not None:  # the rows leave their accounts' integrity digests with them
                gone: dict[int, list[bytes]] = {}
                for account_id, envelope in s.connection().exec_driver_sql(
                        "SELECT account_id, sealed FROM transactions WHERE import_batch = ?", (batch.id,)):
                    gone.setdefault(account_id, []).append(bytes(envelope))
                for account_id, envelopes in gone.items():
                    tracker.remove("transactions", account_id, envelopes)
            deleted = s.execute(delete(Transaction).where(Transaction.import_batch == batch.id))
            removed = cast(CursorResult[Any], deleted).rowcount or 0
            batch.status = "undone"
            self.unit.record(s, "import.undone", "import", batch.id, removed=removed)
        return ImportResult(batch.id, -removed, 0, 0,
                            Changes.of("transactions", *accounts, *unpaired) | Changes.of("imports", batch.id),
                            batch.filename or "", batch.created_at)

    def batches(self) -> list[dict[str, Any]]:
        with self.vault.reader() as s:
            return [{"id": b.id, "created_at": b.created_at.isoformat(), "format": b.format, "status": b.status,
                     "added": b.added, "skipped": b.skipped, "file": b.filename}
                    for b in s.scalars(select(ImportBatch).order_by(ImportBatch.id))]

    # --- own transfers ----------------------------------------------------------------------------

    def _unpair_partners(self, s: Session, batch_id: int) -> set[int]:
        """Free the rows outside batch ``batch_id`` that its commit paired, so a later import pairs them again.

        A pairing made by a batch is stored as ``import:{batch}:{leg}`` on both legs, the leg being a row
        of that batch; the partner (on another account, within the pairing window) outlives the undo.
        Returns the partners' accounts.
        """
        conn = s.connection()
        prefix = f"import:{batch_id}:"
        days = [date.fromisoformat(d) for (d,) in conn.exec_driver_sql(
            "SELECT booked_on FROM transactions WHERE import_batch = ?", (batch_id,)).fetchall()]
        if not days:
            return set()
        lo, hi = min(days) - PAIR_WINDOW, max(days) + PAIR_WINDOW
        query = ("SELECT id, account_id, sealed FROM transactions WHERE booked_on >= ? AND booked_on <= ? "
                 "AND (import_batch IS NULL OR import_batch != ?)")
        partners = [(row_id, account_id) for (row_id, account_id, _sealed), values in tx_store.open_rows(
            self.vault, query, (lo.isoformat(), hi.isoformat(), batch_id), conn)
            if values is not None and str(values.get("own_transfer_ref", "")).startswith(prefix)]
        for row_id, _account in partners:
            row = s.get(Transaction, row_id)
            assert row is not None
            row.own_transfer_ref = None
        return {account for _row, account in partners}

    def _pair_transfers(self, s: Session, batch_id: int, legs: list[bytes]) -> int:
        """Link the two legs of moves between the household's own accounts (within two days).

        A leg is a new row the file marks as a transfer (by fingerprint); its partner is an unpaired
        row on another account with the opposite amount. Rows are opened with the raw reader (no ORM
        objects for 100k rows); only the pairs found are updated.
        """
        if not legs:
            return 0
        conn = s.connection()
        leg_rows: list[tuple[int, int, date, Decimal]] = []
        for start in range(0, len(legs), 900):
            chunk = legs[start:start + 900]
            marks = ",".join("?" * len(chunk))
            query = (f"SELECT id, account_id, booked_on, sealed FROM transactions "
                     f"WHERE import_batch = ? AND dedup_fp IN ({marks})")
            for (row_id, account_id, booked_on, _sealed), values in tx_store.open_rows(
                    self.vault, query, (batch_id, *chunk), conn):
                if values is not None and not values.get("own_transfer_ref"):
                    leg_rows.append((row_id, account_id, date.fromisoformat(booked_on), Decimal(values["amount"])))
        if not leg_rows:
            return 0
        lo = min(r[2] for r in leg_rows) - PAIR_WINDOW
        hi = max(r[2] for r in leg_rows) + PAIR_WINDOW
        by_amount: dict[Decimal, list[tuple[int, int, date]]] = {}
        query = "SELECT id, account_id, booked_on, sealed FROM transactions WHERE booked_on >= ? AND booked_on <= ?"
        for (row_id, account_id, booked_on, _sealed), values in tx_store.open_rows(
                self.vault, query, (lo.isoformat(), hi.isoformat()), conn):
            if values is not None and not values.get("own_transfer_ref"):
                by_amount.setdefault(Decimal(values["amount"]), []).append(
                    (row_id, account_id, date.fromisoformat(booked_on)))
        taken: set[int] = set()
        pairs: list[tuple[int, int]] = []
        for row_id, account_id, day, amount in leg_rows:
            if row_id in taken:
                continue
            for other_id, other_account, other_day in by_amount.get(-amount, []):
                if (other_id not in taken and other_id != row_id and other_account != account_id
                        and abs(other_day - day) <= PAIR_WINDOW):
                    taken.update((row_id, other_id))
                    pairs.append((row_id, other_id))
                    break
        for leg_id, other_id in pairs:
            ref = f"import:{batch_id}:{leg_id}"
            for row in (s.get(Transaction, leg_id), s.get(Transaction, other_id)):
                assert row is not None
                row.own_transfer_ref = ref
                row.category = row.category or "transfer"
        return len(pairs)

