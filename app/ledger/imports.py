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
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import PurePath
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from app import plugins
from app.bulk import collector_paused
from app.changes import Changes
from app.clock import SHANGHAI
from app.errors import HuiliuError, NotFound, ValidationError
from app.i18n import N_, _
from app.ledger import balances as balance_store
from app.ledger import transactions as tx_store
from app.ledger.categories import categorize
from app.ledger.category_rules import RuleBook
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
from app.ledger.vocabulary import CREDIT_KINDS
from app.unit_of_work import UnitOfWork
from app.vault import crypto, integrity, sql
from app.vault.schema import (
    Account,
    BalanceSnapshot,
    ColumnMappingRecord,
    ImportBatch,
    InstrumentMapping,
    Transaction,
)
from app.vault.types import utcnow

# Instruments that mean "the statement's own account" (the wallet's balance itself).
OWN_BALANCE_INSTRUMENTS = frozenset({"", "余额", "账户余额", "零钱", "/", "支付宝余额", "京东余额", "微信零钱"})
PAIR_WINDOW = timedelta(days=2)

# Which balance a statement states, and what it is compared with. The ledger (booked) balance is what
# the account's booked rows add up to; an available balance leaves out held amounts (and on a credit
# card is the credit still open to spend), so it is never compared with the rows of a credit account,
# and on other accounts only when the file states no ledger balance.
LEDGER_BALANCES = ("LEDGERBAL", "CLBD", "running_last")
AVAILABLE_BALANCES = ("AVAILBAL", "CLAV")
OPENING_BALANCES = ("OPBD",)
BALANCE_LABELS = {
    "LEDGERBAL": N_("ledger balance"),
    "CLBD": N_("closing booked balance"),
    "running_last": N_("closing balance (after the last row)"),
    "AVAILBAL": N_("available balance"),
    "CLAV": N_("closing available balance"),
    "OPBD": N_("opening booked balance"),
}


def balance_label(kind: str) -> str:
    """What a statement balance type is, in words (its own code when unknown)."""
    return _(BALANCE_LABELS[kind]) if kind in BALANCE_LABELS else kind


@dataclass(slots=True)
class PlannedRow:
    row: StatementRow
    account_id: int | None
    # new | duplicate | closed (no money moved) | unmapped (no account chosen, or paid with an
    # instrument not mapped yet) | refused (in a currency no account of that holder there keeps)
    state: str
    fingerprint: bytes = b""
    tx: TransactionInput | None = None
    include: bool = True  # the person may leave a new or unmapped row out of the import
    reason: str = ""  # why a row is unmapped or refused, or where it was routed
    outside: bool = False  # dated outside the period the file states


@dataclass
class BalanceCheck:
    """A balance the file states against what Huiliu computes for that account and date."""

    account_id: int
    type: str
    as_of: date
    statement: Decimal
    computed: Decimal
    currency: str = ""

    @property
    def difference(self) -> Decimal:
        return self.statement - self.computed

    @property
    def label(self) -> str:
        return balance_label(self.type)

    def to_json(self) -> dict[str, Any]:
        return {"account_id": self.account_id, "type": self.type, "label": self.label,
                "as_of": self.as_of.isoformat(), "currency": self.currency,
                "statement": str(self.statement), "computed": str(self.computed),
                "difference": str(self.difference), "ok": self.difference == 0}


@dataclass
class OpeningBalance:
    """The balance an account had before its first imported row, from what the statement states.

    A file stating its opening balance (camt OPBD) gives it directly; otherwise it is the stated
    closing balance less the rows imported up to that day, so it follows the rows the person keeps.
    """

    account_id: int
    statement: Decimal  # the balance the file states
    type: str
    as_of: date
    currency: str

    def rows(self, preview: ImportPreview) -> list[TransactionInput]:
        return [p.tx for p in preview.rows if p.state == "new" and p.include and p.tx is not None
                and p.account_id == self.account_id]

    def amount(self, preview: ImportPreview) -> Decimal:
        if self.type in OPENING_BALANCES:
            return self.statement
        return self.statement - sum((t.amount for t in self.rows(preview) if t.booked_on <= self.as_of),
                                    Decimal(0))

    def day(self, preview: ImportPreview) -> date:
        """The day it is the balance at the start of: the first imported row's (or the statement's)."""
        days = [t.booked_on for t in self.rows(preview)]
        if self.type in OPENING_BALANCES:
            return min([self.as_of, *days])
        return min(days) if days else self.as_of

    def to_json(self, preview: ImportPreview) -> dict[str, Any]:
        return {"account_id": self.account_id, "amount": str(self.amount(preview)), "currency": self.currency,
                "on": self.day(preview).isoformat(), "from": self.type, "from_label": balance_label(self.type)}


@dataclass
class BalanceUpdate:
    """The newest balance a statement states for an account, kept as a snapshot when it is newer."""

    account_id: int
    amount: Decimal
    as_of: datetime  # aware, UTC
    type: str
    currency: str

    @property
    def label(self) -> str:
        return balance_label(self.type)

    def to_json(self) -> dict[str, Any]:
        return {"account_id": self.account_id, "amount": str(self.amount), "currency": self.currency,
                "as_of": self.as_of.isoformat(), "type": self.type, "label": balance_label(self.type)}


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
    openings: list[OpeningBalance] = field(default_factory=list)  # first import of an account
    balance_updates: list[BalanceUpdate] = field(default_factory=list)
    period: tuple[date, date] | None = None  # the coverage the file states (all its sections)
    already_imported: bool = False
    mapping: ColumnMappingToSave | None = None  # kept when the import is committed, never on a dry run

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    @property
    def to_import(self) -> int:
        """New rows the person left in (what Import will add)."""
        return sum(1 for r in self.rows if r.state == "new" and r.include)

    @property
    def waiting(self) -> int:
        """Rows without an account that are not left out: the import waits for them."""
        return sum(1 for r in self.rows if r.state == "unmapped" and r.include)

    def leave_out_unmapped(self) -> int:
        """Leave every row without an account out of the import, explicitly; how many."""
        n = 0
        for r in self.rows:
            if r.state == "unmapped" and r.include:
                r.include, n = False, n + 1
        return n

    @property
    def outside_period(self) -> int:
        return sum(1 for r in self.rows if r.outside)

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
            "closed": states["closed"], "unmapped": states["unmapped"], "refused": states["refused"],
            "left_out": sum(1 for r in self.rows if not r.include and r.state in ("new", "unmapped")),
            "refused_rows": [{"line": r.row.line, "currency": r.row.currency, "amount": str(r.row.amount),
                              "reason": r.reason} for r in self.rows if r.state == "refused"],
            "period": [self.period[0].isoformat(), self.period[1].isoformat()] if self.period else None,
            "outside_period": [r.row.line for r in self.rows if r.outside],
            "by_direction": {d: {"count": n, "total": str(total)} for d, (n, total) in directions.items()},
            "date_range": [first.isoformat(), last.isoformat()] if first and last else None,
            "accounts": sorted(accounts), "unmapped_instruments": self.unmapped_instruments,
            "errors": [{"line": p.line, "field": p.field, "problem": p.problem} for p in self.problems],
            "notes": self.notes, "balance_checks": [b.to_json() for b in self.balance_checks],
            "opening_balances": [o.to_json(self) for o in self.openings],
            "balance_updates": [b.to_json() for b in self.balance_updates],
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
    balances: int = 0  # balance snapshots recorded (negative: removed by an undo)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


HEADER_SEARCH = 1 << 16  # a header line sits in a file's first lines, never 64 KiB down


def _head(data: bytes) -> bytes:
    """The first whole lines of a file, where its header is, without decoding all of a large one (UTF-16,
    whose line ends are two bytes, is kept whole)."""
    if len(data) <= HEADER_SEARCH or data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] in (
            b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):  # (a workbook is read whole)
        return data
    end = data.rfind(b"\n", 0, HEADER_SEARCH)
    return data[: end + 1] if end > 0 else data


def _local(value: datetime) -> datetime:
    """A stored instant as China's wall time (the day a snapshot belongs to)."""
    return value.astimezone(SHANGHAI)


def _moment(value: date | datetime) -> datetime:
    """The instant a statement balance holds at, in UTC: a date is the end of that day, a wall time
    without zone is China's (the banks' and platforms' own); never later than now."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(23, 59, 59), SHANGHAI)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=SHANGHAI)
    return min(value.astimezone(UTC), utcnow())


def _name(account: Account) -> str:
    """An account as the preview names it: its name and number's last four, or its id when unreadable."""
    try:
        name = account.name or ""
        digits = "".join(ch for ch in (account.number or "") if ch.isalnum())
    except HuiliuError:  # a damaged row: named by id, the integrity warning says the rest
        return f"#{account.id}"
    return f"{name} ({digits[-4:]})" if digits else (name or f"#{account.id}")


def _to_input(row: StatementRow, occurrence: int, rules: RuleBook | None = None) -> TransactionInput:
    """The row as a transaction; a rule of the user's for its counterparty wins over the built-in words,
    except on a move between own accounts (its pairing reads the category)."""
    if row.transfer_hint:
        category = "transfer"
    else:
        category = (rules.category_for(row.counterparty) if rules else None) or categorize(
            row.category, row.description)
    return TransactionInput(
        booked_on=_day(row.occurred_at), amount=row.amount, direction=row.direction,
        status="pending" if row.status == "pending" else "booked", counterparty=row.counterparty,
        memo=row.memo, description=row.description, external_id=row.order_id,
        category=category, source_category=row.category, occurrence=occurrence, unique_id=False,
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
            with collector_paused():  # a bill's rows are many small objects and no cycles
                parsed = reader.parse_columns(data, name, columns_json)
            header = reader.mapping_header(reader.decode(_head(data), name), columns_json)
            return ReadStatement(parsed, ColumnMappingToSave(source or PurePath(name).stem, columns_json, header))
        if source:
            wanted = " ".join(source.split())
            for saved in self.column_mappings():
                if saved["source"] == wanted:
                    with collector_paused():
                        return ReadStatement(reader.parse_columns(data, name, saved["mapping"]))
            raise ValidationError("source", _("no column mapping is saved as {name}").format(name=source))
        try:
            return ReadStatement(reader.parse(data, name))
        except HuiliuError:
            # A bank CSV nobody recognises may match a column mapping saved for it earlier.
            saved_mappings = self.column_mappings()
            if saved_mappings:
                lines = reader.decode(_head(data), name).splitlines()
                for saved in saved_mappings:
                    if saved["header"] and saved["header"] in lines:
                        with collector_paused():
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
                mapping: ColumnMappingToSave | None = None,
                instruments: dict[str, int] | None = None) -> ImportPreview:
        """Plan the import of ``parsed`` (whose file bytes are ``data``); writes nothing. ``instruments``
        maps paying instruments to accounts for this preview only, over the saved mappings."""
        preview = ImportPreview(path=parsed.path, format=parsed.format, encoding=parsed.encoding,
                                file_fp=crypto.hmac_sm3(self.vault.keys.fingerprint_key, b"file\x00" + data),
                                problems=list(parsed.problems), notes=list(parsed.notes), mapping=mapping)
        with self.vault.reader() as s, collector_paused():
            if account_id is not None and s.get(Account, account_id) is None:
                raise ValidationError("account", _("no account with id {id}").format(id=account_id))
            preview.already_imported = s.scalars(select(ImportBatch.id).where(
                ImportBatch.file_fp == preview.file_fp, ImportBatch.status == "committed")).first() is not None
            accounts = {a.id: a for a in s.scalars(select(Account))}
            by_instrument = self.instrument_accounts(s)
            rules = RuleBook.load(s)
            for instrument, mapped in (instruments or {}).items():
                if mapped not in accounts:
                    raise ValidationError("account", _("no account with id {id}").format(id=mapped))
                by_instrument[self._instrument_fp(instrument.strip())] = mapped
            fingerprinters: dict[int, Any] = {}
            known: dict[int, dict[bytes, tuple[int, str]]] = {}
            unmapped: Counter[str] = Counter()
            occurrences: Counter[tuple[int, bytes]] = Counter()
            routed: Counter[tuple[int, int]] = Counter()  # (statement's account, holder's account in the row's currency)
            # A refund of an order the file shows as closed moved no money overall either.
            closed_orders = {r.order_id for r in parsed.rows if r.status == "closed" and r.order_id}
            periods = [sec.period for sec in parsed.sections if sec.period]
            if periods:
                preview.period = (min(p[0] for p in periods), max(p[1] for p in periods))
            for index, section in enumerate(parsed.sections):
                target = (section_accounts or {}).get(index, account_id)
                if target is None:
                    target = self.account_for_reference(s, section.account_ref)
                period = section.period
                for row in section.rows:
                    planned = self._plan(row, target, by_instrument, accounts, unmapped, routed, closed_orders)
                    if period and not period[0] <= _day(row.occurred_at) <= period[1]:
                        planned.outside = True
                    preview.rows.append(planned)
                    if planned.state != "new":
                        continue
                    row_account = planned.account_id
                    assert row_account is not None
                    if row_account not in fingerprinters:
                        fingerprinters[row_account] = tx_store.fingerprinter(self.vault, row_account)
                        known[row_account] = tx_store.known_fingerprints(s.connection(), row_account)
                    first = _to_input(row, 0, rules)
                    base_fp = fingerprinters[row_account](first)
                    # Repeats of an order (same id, time, amount, party) are the file recording one movement
                    # twice (Alipay lists some refunds under 其他 and 收入); only rows without any id
                    # are numbered apart.
                    n = 0
                    if not row.order_id:  # (an order's fingerprint never equals an id-less row's: not counted)
                        n = occurrences[(row_account, base_fp)]
                        occurrences[(row_account, base_fp)] += 1
                    tx = first if n == 0 else _to_input(row, n, rules)
                    fp = base_fp if n == 0 else fingerprinters[row_account](tx)
                    if fp in known[row_account]:
                        planned.state = "duplicate"
                    else:
                        known[row_account][fp] = (0, tx.status)
                    planned.fingerprint, planned.tx = fp, tx
            preview.unmapped_instruments = sorted(unmapped)
            for (source, dest), n in sorted(routed.items()):
                preview.notes.append(_(
                    "{n} rows in {currency} go to {account} ({currency}), the same holder's account in that "
                    "currency on this platform, not to {source}").format(
                    n=n, currency=accounts[dest].currency, account=_name(accounts[dest]),
                    source=_name(accounts[source])))
            refused = Counter(r.row.currency for r in preview.rows if r.state == "refused")
            for currency, n in sorted(refused.items()):
                preview.notes.append(_("{n} rows in {currency} are left out: no account of the holder on this "
                                       "platform keeps {currency}; add one and preview again").format(
                    n=n, currency=currency))
            if preview.outside_period and preview.period:
                preview.notes.append(_("{n} rows are dated outside the period the file states ({start} to {end})")
                                     .format(n=preview.outside_period, start=preview.period[0].isoformat(),
                                             end=preview.period[1].isoformat()))
            self._balances(s, parsed, preview, account_id, section_accounts, accounts)
        return preview

    def _plan(self, row: StatementRow, target: int | None, instruments: dict[bytes, int],
              accounts: dict[int, Account], unmapped: Counter[str], routed: Counter[tuple[int, int]],
              closed_orders: set[str]) -> PlannedRow:
        """Where one row goes: its paying instrument's account, the statement's account, or the holder's
        account in the row's currency; never into an account of another currency."""
        row_account = target
        reason = ""
        instrument = row.instrument.strip()
        if instrument not in OWN_BALANCE_INSTRUMENTS:
            mapped = instruments.get(self._instrument_fp(instrument))
            if mapped is not None:
                row_account = mapped
            else:
                # Paid with another card or wallet: it left that account, not the statement's own.
                unmapped[instrument] += 1
                row_account = None
                reason = _("paid with {instrument}: choose its account, or leave the row out").format(
                    instrument=instrument)
        if row.status in ("closed", "failed") or (row.refund_of and row.refund_of in closed_orders):
            return PlannedRow(row, row_account, "closed")
        if row_account is None:
            return PlannedRow(row, None, "unmapped", reason=reason or _("choose the account for this statement"))
        account = accounts.get(row_account)
        if account is not None and row.currency and row.currency != account.currency:
            sibling = self._holder_account_in(accounts, account, row.currency)
            if sibling is None:
                return PlannedRow(row, row_account, "refused", reason=_(
                    "a {currency} row cannot go into {account}, which keeps {account_currency}, and the holder has "
                    "no {currency} account on this platform").format(
                    currency=row.currency, account=_name(account), account_currency=account.currency))
            routed[(row_account, sibling.id)] += 1
            return PlannedRow(row, sibling.id, "new", reason=_("in {currency}: goes to {account}").format(
                currency=row.currency, account=_name(sibling)))
        return PlannedRow(row, row_account, "new")

    @staticmethod
    def _holder_account_in(accounts: dict[int, Account], account: Account, currency: str) -> Account | None:
        """The same holder's open account on the same platform in ``currency`` (of the same kind when
        there are several); None when there is none or no single one."""
        same = [a for a in accounts.values() if a.member_id == account.member_id and a.id != account.id
                and a.platform_id == account.platform_id and a.currency == currency and not a.closed]
        if len(same) > 1:
            same = [a for a in same if a.kind == account.kind]
        return same[0] if len(same) == 1 else None

    def _balances(self, s: Session, parsed: ParsedStatement, preview: ImportPreview, account_id: int | None,
                  section_accounts: dict[int, int] | None, accounts: dict[int, Account]) -> None:
        """Compare the balances the file states with the account's, propose the opening balance of an
        account imported for the first time, and the newest balance to keep."""
        opened: set[int] = set()
        newest: dict[int, BalanceUpdate] = {}
        for index, section in enumerate(parsed.sections):
            target = (section_accounts or {}).get(index, account_id) or self.account_for_reference(s, section.account_ref)
            account = accounts.get(target) if target is not None else None
            if account is None or target is None or not section.balances:
                continue
            credit = account.kind in CREDIT_KINDS
            # A running balance per row (100,000 in a big bank export) is not one to compare: only its last is.
            stated = [b for b in section.balances if b.type != "running"]
            own = [b for b in stated if (b.currency or account.currency) == account.currency]
            for bal in stated:
                if (bal.currency or account.currency) != account.currency and bal.type in (
                        *LEDGER_BALANCES, *AVAILABLE_BALANCES):
                    preview.notes.append(_("the statement's {label} of {amount} {currency} is not in the account's "
                                           "currency ({account_currency}): not compared").format(
                        label=balance_label(bal.type), amount=bal.amount, currency=bal.currency,
                        account_currency=account.currency))
            ledger = [b for b in own if b.type in LEDGER_BALANCES]
            available = [b for b in own if b.type in AVAILABLE_BALANCES]
            if credit:
                for bal in available:
                    preview.notes.append(_("the {label} of {amount} {currency} on {day} is the credit still open to "
                                           "spend, not what the card owes: not compared with its rows").format(
                        label=balance_label(bal.type), amount=bal.amount, currency=account.currency,
                        day=_day(bal.as_of).isoformat()))
            compared = ledger or ([] if credit else available)
            if not compared:
                continue
            # The first import of an account: the file's balances and rows imply where it started.
            first_time = target not in opened and s.scalars(select(Transaction.id).where(
                Transaction.account_id == target).limit(1)).first() is None and self._opening(s, target) is None
            if first_time:
                stated = [b for b in own if b.type in OPENING_BALANCES]
                basis = min(stated, key=lambda b: _day(b.as_of)) if stated else max(compared, key=lambda b: _day(b.as_of))
                opening = OpeningBalance(target, basis.amount, basis.type, _day(basis.as_of), account.currency)
                preview.openings.append(opening)
                opened.add(target)
                preview.notes.append(_("first import into {account}: its opening balance {amount} {currency} on "
                                       "{day} is recorded, from the statement's {label}").format(
                    account=_name(account), amount=opening.amount(preview), currency=account.currency,
                    day=opening.day(preview).isoformat(), label=balance_label(basis.type)))
            start = self._opening(s, target)
            for bal in compared:
                as_of = _day(bal.as_of)
                computed = Decimal(0)
                if first_time:
                    opening = next(o for o in preview.openings if o.account_id == target)
                    computed += opening.amount(preview) if opening.day(preview) <= as_of else 0
                elif start is not None and start.amount is not None and _day(_local(start.as_of)) <= as_of:
                    computed += start.amount
                ids = list(s.scalars(select(Transaction.id).where(Transaction.account_id == target,
                                                                   Transaction.booked_on <= as_of)))
                for view in tx_store.views(s, ids):
                    computed += view.amount or 0
                computed += sum((r.tx.amount for r in preview.rows if r.state == "new" and r.account_id == target
                                 and r.tx is not None and r.tx.booked_on <= as_of), Decimal(0))
                preview.balance_checks.append(BalanceCheck(target, bal.type, as_of, bal.amount, computed,
                                                           account.currency))
            if ledger:
                bal = max(ledger, key=lambda b: (_day(b.as_of), _moment(b.as_of)))
                update = BalanceUpdate(target, bal.amount, _moment(bal.as_of), bal.type, account.currency)
                if target not in newest or update.as_of > newest[target].as_of:
                    newest[target] = update
        for target, update in sorted(newest.items()):
            known = balance_store.latest(s, target)
            if known is None or known.as_of < update.as_of:
                preview.balance_updates.append(update)

    @staticmethod
    def _opening(s: Session, account_id: int) -> BalanceSnapshot | None:
        return s.scalars(select(BalanceSnapshot).where(BalanceSnapshot.account_id == account_id,
                                                       BalanceSnapshot.source == "opening")
                         .order_by(BalanceSnapshot.as_of).limit(1)).first()

    # --- commit and undo ------------------------------------------------------------------------

    def commit(self, preview: ImportPreview) -> ImportResult:
        """Write every new row of the preview in one transaction (or none), then pair own transfers."""
        if preview.waiting:
            raise ValidationError("account", _(
                "{n} rows have no account: choose the account for this file, map the cards and wallets that paid "
                "them, or leave them out").format(n=preview.waiting))
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
            snapshots = self._keep_balances(s, preview, set(by_account))
            batch.balance_ids = ",".join(str(b.id) for b in snapshots)
            if preview.mapping is not None:
                self._keep_mapping(s, preview.mapping)
            self.unit.record(s, "import.committed", "import", batch.id, format=preview.format, added=added,
                                 skipped=batch.skipped, accounts=sorted(by_account), paired=paired,
                                 balances=len(snapshots))
        return ImportResult(batch.id, added, batch.skipped, paired,
                            Changes.of("transactions", *by_account) | Changes.of("imports", batch.id)
                            | (Changes.of("accounts", *{b.account_id for b in snapshots}) if snapshots else Changes()),
                            preview.path, now, len(snapshots))

    def _keep_balances(self, s: Session, preview: ImportPreview, written: set[int]) -> list[BalanceSnapshot]:
        """Record the opening balance of accounts imported for the first time and the statement's newest
        balance where it is newer than the account's; only for accounts this import added rows to."""
        kept = []
        for opening in preview.openings:
            if opening.account_id in written and self._opening(s, opening.account_id) is None:
                start = datetime.combine(opening.day(preview), time(0), SHANGHAI).astimezone(UTC)
                kept.append(balance_store.record(self.vault, s, opening.account_id, opening.amount(preview),
                                                 "opening", start))
        for update in preview.balance_updates:
            known = balance_store.latest(s, update.account_id)
            if update.account_id in written and (known is None or known.as_of < update.as_of):
                kept.append(balance_store.record(self.vault, s, update.account_id, update.amount, "import",
                                                 update.as_of))
        return kept

    def undo_last(self) -> ImportResult:
        """Remove every row the last committed import added; the batch stays recorded as undone."""
        return self.undo(None)

    def undo(self, batch_id: int | None) -> ImportResult:
        """Remove every row import ``batch_id`` added (the newest committed one when None), with the
        balances it recorded; the pairings it made with rows of other imports are freed. Any committed
        import can be undone, in any order: a row belongs to the one import that added it, so undoing an
        older import leaves the later ones whole. The batch stays recorded as undone."""
        with self.unit.write() as s:
            if batch_id is None:
                batch = s.scalars(select(ImportBatch).where(ImportBatch.status == "committed")
                                  .order_by(ImportBatch.id.desc()).limit(1)).first()
                if batch is None:
                    raise ValidationError("import", _("there is no import to undo"))
            else:
                batch = s.get(ImportBatch, batch_id)
                if batch is None:
                    raise NotFound("import", batch_id)
                if batch.status != "committed":
                    raise ValidationError("import", _("import {id} was already undone").format(id=batch_id))
            accounts = sorted(set(s.scalars(select(Transaction.account_id)
                                            .where(Transaction.import_batch == batch.id).distinct())))
            unpaired = self._unpair_partners(s, batch.id)
            s.flush()
            tracker = integrity.tracker_for(s.connection())
            if tracker is not None:  # the rows leave their accounts' integrity digests with them
                gone: dict[int, list[bytes]] = {}
                for account_id, envelope in sql.run(s.connection(),
                        "SELECT account_id, sealed FROM transactions WHERE import_batch = ?", (batch.id,)):
                    gone.setdefault(account_id, []).append(bytes(envelope))
                for account_id, envelopes in gone.items():
                    tracker.remove("transactions", account_id, envelopes)
            deleted = s.execute(delete(Transaction).where(Transaction.import_batch == batch.id))
            removed = cast(CursorResult[Any], deleted).rowcount or 0
            # The balances it recorded (the opening of a first import, the statement's newest) go too.
            balances = 0
            for snapshot_id in filter(None, (batch.balance_ids or "").split(",")):
                snapshot = s.get(BalanceSnapshot, int(snapshot_id))
                if snapshot is not None:
                    s.delete(snapshot)
                    balances += 1
            batch.status = "undone"
            self.unit.record(s, "import.undone", "import", batch.id, removed=removed, balances=balances)
        return ImportResult(batch.id, -removed, 0, 0,
                            Changes.of("transactions", *accounts, *unpaired) | Changes.of("imports", batch.id)
                            | Changes.of("accounts", *accounts),
                            batch.filename or "", batch.created_at, -balances)

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
        days = [sql.day(d) for (d,) in sql.run(conn,
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
                    leg_rows.append((row_id, account_id, sql.day(booked_on), Decimal(values["amount"])))
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
                    (row_id, account_id, sql.day(booked_on)))
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

