"""Quicken Interchange Format (QIF) register exports.

A QIF file is a list of ``!`` headers, each followed by records of one-letter fields ending in ``^``.
Transactions come from ``!Type:Bank``, ``Cash``, ``CCard``, ``Oth A`` and ``Oth L`` sections; an
``!Account`` block before them names the account they belong to (one section per account and type).
Lists (``!Type:Tag``, ``Cat``, ``Class``, ``Memorized``, ``Security``, ``Prices``), options
(``!Option``, ``!Clear``) and account lists are skipped and counted in a note. Investment sections
(``!Type:Invst``) are not supported: an error when the file holds nothing else, a note otherwise.

Fields: D date, T (or U) amount, P payee -> counterparty, M memo, N the register's Num column (a
cheque number or a word such as ATM / DEP / TXFR) -> raw_type as written, L category -> category, or
``[Account]`` -> transfer_hint ``transfer:Account``; a ``/Class`` suffix is dropped. Splits (S / E /
$) do not become rows: the row keeps the total T, as the register shows it, and its memo gains one
"category amount (memo)" part per split, so nothing the file says is lost and no total is counted twice.
C (cleared: blank, ``*``, ``c``, ``X``, ``R``) has no place in the record contract; every row is a
"success" (the register recorded it).

Dates: ``1/31/2008``, ``31/01/2008``, ``1/31'08``, ``12/ 1/2008``, ``31.01.2008``, ``2008-01-31``. Which
of day and month comes first is decided once per file from the dates that show it (a first number over
12 means day-first, a second one over 12 month-first); when none does, month-first (the format's US
convention) and a note says so. Years after ``'`` are 20xx; two-digit years after ``/`` follow POSIX
(69-99 -> 19xx, 00-68 -> 20xx). Amounts: ``1,500.00``, ``-1,234.56``, ``1.234,56``, ``1500``.

QIF states no currency: rows carry the importer's ``currency`` ("" by default, meaning the account's
currency, chosen when the file is mapped to an account), and a note says so.

A record that cannot be read (no date, bad amount) is skipped into ``problems`` with the line it starts
on; a file in which no transaction can be read is refused, naming the first problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from app.i18n import _
from app.ledger.vocabulary import direction_of_amount
from connectors.statements.decoding import decode_text
from connectors.statements.limits import MAX_QIF_SPLITS
from connectors.statements.records import (
    ParsedStatement,
    RowProblem,
    StatementError,
    StatementRow,
    StatementSection,
    unimportable,
)

__all__ = ["IMPORTER", "QifImporter"]

# Transaction sections: QIF type -> kind_hint.
_REGISTERS = {"bank": "", "cash": "cash", "ccard": "credit_card", "oth a": "asset", "oth l": "liability"}
_HEADER = re.compile(r"!(type|option|clear|account)\b:?\s*(.*)", re.I)
_DATE = re.compile(r"(\d{1,4})\s*[/.\-]\s*(\d{1,2})\s*([/.\-'])\s*(\d{1,4})")
_AMOUNT = re.compile(r"[+-]?\d+(\.\d+)?")


@dataclass
class _Record:
    """The fields of one record, as written, with the line it starts on."""

    line: int
    fields: dict[str, str] = field(default_factory=dict)
    splits: list[dict[str, str]] = field(default_factory=list)


@dataclass
class _Block:
    """The records of one transaction section, with the account it belongs to."""

    account: str
    register: str
    records: list[_Record] = field(default_factory=list)


class QifImporter:
    """QIF bank, cash, credit-card and other-asset/liability registers."""

    name = "qif"

    def __init__(self, currency: str = "") -> None:
        self.currency = currency

    def sniff(self, head: bytes, filename: str) -> float:
        named = PurePath(filename).suffix.lower() == ".qif"
        text = head[:2048].decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
        if re.match(r"!(Type|Option|Account|Clear)\b", text, re.I):
            return 1.0 if named else 0.9
        return 0.55 if named else 0.0

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        text, encoding = decode_text(data, path)
        # Lines as the OFX and camt importers count them, by LF (CR alone only in old Mac files);
        # str.splitlines() would also break at \x1c, \x85, \u2028..., and the lines would not match the file.
        blocks, skipped, investment = _blocks(_lines(text if "\n" in text else text.replace("\r", "\n")), path)
        records = [r for b in blocks for r in b.records]
        if not records:
            if investment:
                raise StatementError(
                    path,
                    _(
                        "investment accounts (!Type:Invst) are not supported; the file holds no other transactions"
                    ),
                )
            raise StatementError(path, _("the QIF file holds no bank, cash or credit-card transactions"))
        notes: list[str] = []
        problems: list[RowProblem] = []
        order = _date_order([r.fields.get("D", "") for r in records])
        if order == "ambiguous":
            notes.append(
                _("No date in the file shows whether the day or the month comes first; read month-first.")
            )
        elif order == "day":
            notes.append(_("Dates were read day-first (day/month/year), as the file's dates show."))
        sections: dict[tuple[str, str], StatementSection] = {}
        for block in blocks:
            key = (block.account, block.register)
            if key not in sections:
                sections[key] = StatementSection(
                    account_ref=block.account, currency=self.currency, kind_hint=_REGISTERS[block.register]
                )
            for record in block.records:
                row = _row(record, order != "day", self.currency, problems)
                if row is not None:
                    sections[key].rows.append(row)
        if not any(s.rows for s in sections.values()):
            raise unimportable(
                path, problems, _("no transaction can be imported (the file holds {count}): {problems}"), len(records)
            )
        if skipped:
            notes.append(
                _(
                    "{count} list records (tags, categories, classes, ...) were skipped: they are not transactions."
                ).format(count=skipped)
            )
        if investment:
            notes.append(
                _("{count} investment transactions (!Type:Invst) were not imported: not supported.").format(
                    count=investment
                )
            )
        if not self.currency:
            notes.append(
                _(
                    "QIF files do not state a currency: the rows take the currency of the account you import into."
                )
            )
        return ParsedStatement(
            format="qif",
            path=path,
            encoding=encoding,
            sections=list(sections.values()),
            problems=problems,
            notes=notes,
        )


IMPORTER = QifImporter()


def _lines(text: str) -> Iterator[str]:
    """The text's lines, one at a time (a list of them all would hold a hostile file twice over)."""
    start, find = 0, text.find
    while True:
        end = find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start:end]
        start = end + 1


def _blocks(lines: Iterable[str], path: str) -> tuple[list[_Block], int, int]:
    """(transaction blocks, list records skipped, investment records skipped)."""
    scan = _Scanner(path)
    number = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        if line.startswith("!"):
            scan.header(line)
        elif not scan.mode:
            raise StatementError(
                path, _("not a QIF file: a record comes before any !Type header"), line=number
            )
        elif line.startswith("^"):
            scan.end_record(number)
        else:
            scan.field(number, line)
    scan.end_record(number)  # a last record without its ^ is kept all the same
    return scan.blocks, scan.skipped, scan.investment


class _Scanner:
    """Groups lines into records and records into blocks, following the ! headers."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.blocks: list[_Block] = []
        self.skipped = self.investment = 0
        self.mode = ""  # "register", "account", "list", "invst"; "" before the first header
        self.account = ""
        # Between !Option:AutoSwitch and !Clear:AutoSwitch, !Account records are a list of accounts,
        # not the account the next register belongs to.
        self.autoswitch = False
        self.block: _Block | None = None
        self.current: _Record | None = None

    def header(self, line: str) -> None:
        self.end_record(0)  # a record whose ^ is missing still counts
        m = _HEADER.match(line)
        kind, value = (m.group(1).lower(), m.group(2).strip().lower()) if m else ("", "")
        if kind in ("option", "clear") and value == "autoswitch":
            self.autoswitch = kind == "option"
        if kind == "type" and value in _REGISTERS:
            self.mode = "register"
            self.block = _Block(account=self.account, register=value)
            self.blocks.append(self.block)
        elif kind == "type" and value.startswith("invst"):
            self.mode = "invst"
        elif kind == "account":
            self.mode = "account"
        else:
            self.mode = "list"  # !Type:Tag / Cat / Class / Memorized / Security / Prices, !Option, !Clear

    def field(self, number: int, line: str) -> None:
        if self.current is None:
            self.current = _Record(line=number)
        code, value = line[0], line[1:].strip()
        if code == "S":  # a split starts with its category
            if len(self.current.splits) >= MAX_QIF_SPLITS:
                raise StatementError(self.path, _("a transaction with more than {limit} splits: not a statement")
                                     .format(limit=MAX_QIF_SPLITS), line=self.current.line)
            self.current.splits.append({"S": value})
        elif code in ("E", "$", "%") and self.current.splits:
            self.current.splits[-1].setdefault(code, value)
        else:
            self.current.fields.setdefault(code, value)

    def end_record(self, _number: int) -> None:
        record, self.current = self.current, None
        if record is None:
            return
        if self.mode == "account" and not self.autoswitch:
            self.account = record.fields.get("N", self.account)
        elif self.mode == "list" or self.mode == "account":
            self.skipped += 1
        elif self.mode == "invst":
            self.investment += 1
        elif self.block is not None:
            self.block.records.append(record)


def _date_parts(text: str) -> tuple[int, int, int, str] | None:
    m = _DATE.fullmatch(text.strip())
    if m is None:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(4)), m.group(3)


def _date_order(values: list[str]) -> str:
    """ "month" or "day" first, from the dates that show it; "ambiguous" (read month-first) when none does."""
    day_first = month_first = 0
    for value in values:
        parts = _date_parts(value)
        if parts is None or parts[0] > 31:  # a year first: ISO, no order to find
            continue
        first, second = parts[0], parts[1]
        day_first += 12 < first <= 31 and second <= 12
        month_first += 12 < second <= 31 and first <= 12
    if day_first > month_first:
        return "day"
    return "month" if month_first else "ambiguous"


def _parse_date(text: str, month_first: bool) -> date:
    parts = _date_parts(text)
    if parts is None:
        raise ValueError(text)
    a, b, year, separator = parts
    if a > 31:  # 2008-01-31
        return date(a, b, year)
    if year < 100:
        year += 2000 if separator == "'" or year < 69 else 1900
    month, day = (a, b) if month_first else (b, a)
    return date(year, month, day)


def _parse_amount(text: str) -> Decimal:
    """``1,500.00``, ``1.234,56``, ``-1500``: the last separator followed by 1-2 digits... is the decimal one."""
    s = text.replace(" ", "").replace("\u00a0", "").replace("'", "")
    if "," in s and "." in s:
        thousands = "," if s.rfind(",") < s.rfind(".") else "."
        s = s.replace(thousands, "")
    if "," in s:
        # 1,500 and 1,234,567: thousands (the format is American); 12,50: a decimal comma.
        s = s.replace(",", "") if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+", s) else s.replace(",", ".")
    elif s.count(".") > 1:
        s = s.replace(".", "")  # 1.234.567: thousands
    if not _AMOUNT.fullmatch(s):
        raise ValueError(text)
    value = Decimal(s)
    if value.adjusted() >= 16:
        raise ValueError(text)
    return value


def _row(
    record: _Record, month_first: bool, currency: str, problems: list[RowProblem]
) -> StatementRow | None:
    fields = record.fields
    try:
        when = _parse_date(fields["D"], month_first)
    except KeyError:
        problems.append(RowProblem(record.line, "D", _("the transaction has no date")))
        return None
    except ValueError:
        problems.append(
            RowProblem(record.line, "D", _("not a date: {value}").format(value=repr(fields["D"][:40])))
        )
        return None
    amount_field = "T" if "T" in fields else "U"
    try:
        amount = _parse_amount(fields[amount_field])
    except KeyError:
        problems.append(RowProblem(record.line, "T", _("the transaction has no amount")))
        return None
    except (ValueError, InvalidOperation):
        problems.append(
            RowProblem(
                record.line,
                amount_field,
                _("not an amount: {value}").format(value=repr(fields[amount_field][:40])),
            )
        )
        return None
    category = fields.get("L", "")
    transfer = ""
    if category.startswith("["):
        transfer, category = category[1:].split("]", 1)[0], ""
    category = category.split("/", 1)[0]  # "Food/Vacation": the class after the slash is not a category
    memo = fields.get("M", "")
    if record.splits:
        parts = []
        for split in record.splits:
            part = " ".join(p for p in (split.get("S", ""), split.get("$", "")) if p)
            parts.append(f"{part} ({split['E']})" if split.get("E") else part)
        memo = " | ".join(p for p in (memo, _("splits: {parts}").format(parts="; ".join(parts))) if p)
    return StatementRow(
        line=record.line,
        occurred_at=when,
        amount=amount,
        currency=currency,
        direction=direction_of_amount(amount),
        counterparty=fields.get("P", ""),
        memo=memo,
        category=category,
        transfer_hint=f"transfer:{transfer}" if transfer else "",
        raw_type=fields.get("N", ""),
    )
