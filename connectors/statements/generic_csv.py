"""Any bank's CSV (``generic-csv``), read through a ``ColumnMapping`` the person sets once per source.

The mapping names the columns (by header text, or "#3" by position), the date format, the sign
convention and the encoding; it is saved as JSON and validated when read back, so a damaged one is a
ValidationError naming the setting. Rows are signed as the bank signs them and the running balance
is checked as for the CMB and ICBC exports (``bank_csv.running_balances``).

Failure policy: a row that cannot be read fails the import with a StatementError naming line and
column, unless the mapping opts into ``skip_bad_rows``, which reports such rows as ``RowProblem`` and
imports the rest (for exports with subtotal lines in the middle).
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from app.errors import ValidationError
from app.i18n import _
from connectors.statements.bank_csv import bank_row, currency_code, running_balances
from connectors.statements.cells import (
    BLANKS,
    CellError,
    clean,
    parse_amount,
    parse_datetime,
    parse_with_format,
)
from connectors.statements.decoding import decode_as, decode_text
from connectors.statements.records import (
    ParsedStatement,
    RowProblem,
    StatementError,
    StatementRow,
    StatementSection,
)
from connectors.statements.sheets import as_csv
from connectors.statements.tables import csv_records, find_header, header_key
from connectors.statements.xls import is_xls

SIGNS = ("positive_in", "positive_out")
_REQUIRED = frozenset({"date_column", "amount_column", "debit_column", "credit_column", "direction_column"})


@dataclass
class ColumnMapping:
    """How to read one bank's CSV, set once by the person and saved per source.

    Columns are named by their header text, or as "#3" for the third column (1-based), which is the
    only way when ``has_header`` is False.
    """

    date_column: str
    date_format: str = ""  # strptime syntax, e.g. "%d/%m/%Y"; "" reads ISO, 2024/1/5, 2024年1月5日, 20240105
    time_column: str = ""  # when the time of day sits in its own column
    amount_column: str = ""  # one signed column ...
    debit_column: str = ""  # ... or money out here (unsigned) ...
    credit_column: str = ""  # ... and money in here (unsigned)
    sign: str = "positive_in"  # "positive_out" for exports that list spending as positive (credit cards)
    direction_column: str = ""  # a flag column (借/贷, Dr/Cr, 收入/支出) signing an unsigned amount column
    in_values: tuple[str, ...] = ()  # flags meaning money in (amount made positive)
    out_values: tuple[str, ...] = ()  # flags meaning money out (amount made negative); others keep the file's sign
    decimal_comma: bool = False  # amounts written 1.234,56 or 1 234,56
    counterparty_column: str = ""
    description_column: str = ""
    memo_column: str = ""
    category_column: str = ""
    order_id_column: str = ""
    balance_column: str = ""
    currency: str = "CNY"
    currency_column: str = ""
    has_header: bool = True
    header_row: int = 0  # 1-based line of the header; 0 finds the line naming the columns above
    encoding: str = "auto"  # "auto" (BOM, UTF-8, GB18030) or a codec name such as "gbk"
    delimiter: str = ","
    end_markers: tuple[str, ...] = ("---", "合计", "#")  # a first cell starting with one ends the table
    skip_bad_rows: bool = False  # report unreadable rows (RowProblem) instead of failing the import
    account_ref: str = ""

    def validate(self) -> ColumnMapping:
        """Raise ValidationError naming the first setting that cannot work; returns self."""
        if not self.date_column:
            raise ValidationError("date_column", _("choose the column holding the date"))
        if bool(self.amount_column) == bool(self.debit_column or self.credit_column):
            raise ValidationError(
                "amount_column", _("choose either one amount column or debit and credit columns, not both")
            )
        if self.direction_column and not self.amount_column:
            raise ValidationError("direction_column", _("a direction column signs one amount column"))
        if self.direction_column and not (self.in_values or self.out_values):
            raise ValidationError("in_values", _("name the direction column's values for money in and out"))
        if self.sign not in SIGNS:
            raise ValidationError("sign", _("must be one of {values}").format(values=", ".join(SIGNS)))
        if len(self.delimiter) != 1 or self.delimiter in '"\r\n':
            raise ValidationError(
                "delimiter", _("must be a single character other than a quote or line break")
            )
        if self.encoding != "auto":
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise ValidationError(
                    "encoding", _("unknown encoding {name}").format(name=self.encoding)
                ) from None
        if self.header_row < 0:
            raise ValidationError("header_row", _("must be 0 (find it) or a line number"))
        if not self.has_header:
            for f in fields(self):
                ref = getattr(self, f.name)
                if f.name.endswith("_column") and ref and not _is_position(ref):
                    raise ValidationError(f.name, _("without a header, name columns by position, e.g. #3"))
        if not self.currency_column:
            try:
                currency_code(self.currency)
            except CellError as exc:
                raise ValidationError("currency", str(exc)) from None
        return self

    def to_json(self) -> str:
        return json.dumps({"version": 1, **asdict(self)}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ColumnMapping:
        """Read a saved mapping; a damaged or foreign one is a ValidationError naming the setting."""
        try:
            raw = json.loads(text)
        except (ValueError, TypeError) as exc:
            raise ValidationError(
                "mapping", _("not a saved column mapping: {detail}").format(detail=exc)
            ) from None
        if not isinstance(raw, dict) or raw.pop("version", None) != 1:
            raise ValidationError("mapping", _("not a saved column mapping (version 1)"))
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(raw) - set(known))
        if unknown:
            raise ValidationError(unknown[0], _("unknown setting"))
        defaults = cls(date_column="x")
        for name, value in raw.items():
            expected = type(getattr(defaults, name))
            if expected is tuple and isinstance(value, list) and all(isinstance(v, str) for v in value):
                raw[name] = tuple(value)
            elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise ValidationError(name, _("has the wrong type"))
        if "date_column" not in raw:
            raise ValidationError("date_column", _("choose the column holding the date"))
        return cls(**raw).validate()


def _is_position(ref: str) -> bool:
    return len(ref) > 1 and ref[0] == "#" and ref[1:].isdigit() and int(ref[1:]) >= 1


class GenericCsvImporter:
    """Any bank's CSV, read through a ColumnMapping the person chose; never picked by sniffing."""

    name = "generic-csv"

    def __init__(self, mapping: ColumnMapping) -> None:
        self.mapping = mapping.validate()
        self._date = date_parser(mapping.date_format)
        self._amount = parse_amount_comma if mapping.decimal_comma else parse_amount
        self._in = {clean(v) for v in mapping.in_values}
        self._currency = lru_cache(maxsize=64)(currency_code)
        self._indexes: tuple[int, ...] = ()
        self._indexes_for: dict[str, int] | None = None
        self._out = {clean(v) for v in mapping.out_values}

    def sniff(self, head: bytes, filename: str) -> float:
        return 0.0  # chosen explicitly, with its mapping

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        m = self.mapping
        text, encoding = self._decode(data, path)
        records = csv_records(text, path, m.delimiter)
        cols = self._header(records, path)
        # A row may stop short of optional text columns (some exports drop empty trailing fields).
        needed = max(i for name, i in cols.items() if name in _REQUIRED) + 1
        rows: list[StatementRow] = []
        balances: list[Decimal | None] = []
        problems: list[RowProblem] = []
        for line, cells in records:
            first = cells[0].strip(BLANKS) if cells else ""
            if m.end_markers and first.startswith(m.end_markers):
                break
            if not first and not any(clean(c) for c in cells):
                continue
            try:
                if len(cells) < needed:
                    raise _BadCell(
                        "",
                        _("this row has {found} fields; the mapping needs {expected}").format(
                            found=len(cells), expected=needed
                        ),
                    )
                row, balance = self._row(line, cells, cols)
            except _BadCell as bad:
                if not m.skip_bad_rows:
                    raise StatementError(path, bad.problem, line=line, field=bad.column or None) from None
                problems.append(RowProblem(line, bad.column, bad.problem))
                continue
            rows.append(row)
            balances.append(balance)
        currency = rows[0].currency if rows else (m.currency or "CNY")
        section = StatementSection(
            account_ref=m.account_ref,
            currency=currency,
            rows=rows,
            balances=running_balances(rows, balances, currency),
        )
        return ParsedStatement(
            format="generic-csv", path=path, encoding=encoding, sections=[section], problems=problems
        )

    def table(self, data: bytes, path: str, limit: int = 20) -> tuple[list[str], list[list[str]]]:
        """The header cells ("#1", "#2", ... without a header) and the first ``limit`` data rows, cleaned,
        as ``parse`` reads them (blank lines skipped, up to an end marker): a preview of the mapping."""
        m = self.mapping
        text, _encoding = self._decode(data, path)
        records = csv_records(text, path, m.delimiter)
        header: list[str] = []
        if m.has_header:
            refs = [getattr(m, f.name) for f in fields(m) if f.name.endswith("_column") and getattr(m, f.name)]
            wanted = {header_key(r) for r in refs if not _is_position(r)}
            if m.header_row:
                header = next((cells for line, cells in records if line >= m.header_row), [])
            else:
                found = find_header(records, lambda keys: wanted <= keys, min_cells=1)
                if found is None:
                    raise StatementError(path, _("no header row naming {names} was found").format(
                        names=", ".join(sorted(wanted))))
                header = found[1]
        else:
            self._header(records, path)
        rows: list[list[str]] = []
        for _line, cells in records:
            if len(rows) >= limit:
                break
            cleaned = [clean(c) for c in cells]
            if not any(cleaned):
                continue
            if m.end_markers and cleaned[0].startswith(m.end_markers):
                break
            rows.append(cleaned)
        width = max([len(header), *(len(r) for r in rows)]) if rows or header else 0
        names = [clean(c) for c in header] or [f"#{i + 1}" for i in range(width)]
        return names, rows

    def _decode(self, data: bytes, path: str) -> tuple[str, str]:
        table = as_csv(data, path)  # a spreadsheet is read as its first table's text
        if table is not None:
            return table.decode("utf-8"), "xls" if is_xls(data) else "xlsx"
        if self.mapping.encoding == "auto":
            return decode_text(data, path)
        return decode_as(data, path, self.mapping.encoding)

    def _header(self, records: Iterator[tuple[int, list[str]]], path: str) -> dict[str, int]:
        """Column indexes by mapping field; consumes the records up to and including the header."""
        m = self.mapping
        refs = {
            f.name: getattr(m, f.name) for f in fields(m) if f.name.endswith("_column") and getattr(m, f.name)
        }
        if not m.has_header:  # header_row then counts the preamble lines to skip
            if m.header_row:
                for line, _cells in records:
                    if line >= m.header_row:
                        break
            return {name: int(ref[1:]) - 1 for name, ref in refs.items()}
        wanted = {header_key(r) for r in refs.values() if not _is_position(r)}
        header: list[str] | None = None
        if m.header_row:
            for line, cells in records:
                if line == m.header_row:
                    header = cells
                    break
                if line > m.header_row:
                    break
        else:
            found = find_header(records, lambda keys: wanted <= keys, min_cells=1)
            header = found[1] if found else None
        if header is None:
            raise StatementError(
                path, _("no header row naming {names} was found").format(names=", ".join(sorted(wanted)))
            )
        keys = [header_key(c) for c in header]
        cols: dict[str, int] = {}
        for name, ref in refs.items():
            if _is_position(ref):
                cols[name] = int(ref[1:]) - 1
            elif header_key(ref) in keys:
                cols[name] = keys.index(header_key(ref))
            else:
                raise StatementError(
                    path,
                    _("the column {name} is not in the header ({found})").format(
                        name=repr(ref), found=", ".join(clean(c) for c in header)
                    ),
                )
        return cols

    def _row(self, line: int, cells: list[str], cols: dict[str, int]) -> tuple[StatementRow, Decimal | None]:
        """One record as a row and its running balance. The hot loop of a 100k-row file: every column's
        index is looked up once per file (``_indexes``), cells are stripped in place."""
        m = self.mapping
        ix = self._indexes if self._indexes_for is cols else self._index(cols)
        n = len(cells)
        blanks = BLANKS
        (i_date, i_time, i_amount, i_dir, i_debit, i_credit, i_balance, i_currency, i_category, i_counterparty,
         i_description, i_memo, i_order) = ix
        column = m.date_column
        try:
            occurred = self._date(cells[i_date].strip(blanks) if 0 <= i_date < n else "")
            if i_time >= 0 and not isinstance(occurred, datetime):
                column = m.time_column
                occurred = with_time(occurred, cells[i_time].strip(blanks) if i_time < n else "")
            amount_of = self._amount
            if i_amount >= 0:
                column = m.amount_column
                amount = amount_of(cells[i_amount].strip(blanks) if i_amount < n else "")
                if i_dir >= 0:
                    column = m.direction_column
                    flag = cells[i_dir].strip(blanks) if i_dir < n else ""
                    if flag in self._in:
                        amount = abs(amount)
                    elif flag in self._out:
                        amount = -abs(amount)
                elif m.sign == "positive_out":  # only a single signed column can have it backwards
                    amount = -amount
            else:
                debit = cells[i_debit].strip(blanks) if 0 <= i_debit < n else ""
                credit = cells[i_credit].strip(blanks) if 0 <= i_credit < n else ""
                column = m.debit_column or m.credit_column
                if not debit and not credit:
                    raise CellError(_("the row has neither a debit nor a credit amount"))
                column = m.credit_column
                amount = abs(amount_of(credit)) if credit else Decimal(0)
                column = m.debit_column
                amount -= abs(amount_of(debit)) if debit else Decimal(0)
            column = m.balance_column
            balance_text = cells[i_balance].strip(blanks) if 0 <= i_balance < n else ""
            balance = amount_of(balance_text) if balance_text else None
            column = m.currency_column
            currency_text = cells[i_currency].strip(blanks) if 0 <= i_currency < n else ""
            currency = self._currency(currency_text) if currency_text else m.currency
        except CellError as exc:
            raise _BadCell(column, str(exc)) from None
        row = bank_row(line, occurred, amount, currency,
                       cells[i_category].strip(blanks) if 0 <= i_category < n else "",
                       cells[i_counterparty].strip(blanks) if 0 <= i_counterparty < n else "",
                       cells[i_description].strip(blanks) if 0 <= i_description < n else "",
                       memo=cells[i_memo].strip(blanks) if 0 <= i_memo < n else "",
                       order_id=cells[i_order].strip(blanks) if 0 <= i_order < n else "")
        return row, balance

    _ROW_FIELDS = ("date_column", "time_column", "amount_column", "direction_column", "debit_column", "credit_column",
                   "balance_column", "currency_column", "category_column", "counterparty_column",
                   "description_column", "memo_column", "order_id_column")

    def _index(self, cols: dict[str, int]) -> tuple[int, ...]:
        """Each row field's column index (-1: not mapped), kept for the file being read."""
        self._indexes = tuple(cols.get(name, -1) for name in self._ROW_FIELDS)
        self._indexes_for = cols
        return self._indexes


# Day, month and year formats of fixed width: (year, month, day offsets, the two separator offsets).
_FIXED_WIDTH = {
    f"%d{sep}%m{sep}%Y": (6, 3, 0, 2, 5) for sep in "/.-"
} | {f"%m{sep}%d{sep}%Y": (6, 0, 3, 2, 5) for sep in "/.-"} | {f"%Y{sep}%m{sep}%d": (0, 5, 8, 4, 7) for sep in "/.-"}

_DIRECTIVES = {"%d": r"(?P<d>\d{1,2})", "%m": r"(?P<m>\d{1,2})", "%Y": r"(?P<Y>\d{4})", "%y": r"(?P<y>\d{2})",
               "%H": r"(?P<H>\d{1,2})", "%M": r"(?P<M>\d{1,2})", "%S": r"(?P<S>\d{1,2})"}


def date_parser(fmt: str) -> Callable[[str], datetime | date]:
    """A cell reader for a mapping's date format: "" reads the usual shapes (ISO, 2024/1/5, 2024年1月5日,
    20240105); a format of day, month, year and time directives only is matched with one regular
    expression (strptime costs ~10 us a row); any other format goes through strptime."""
    if not fmt:
        return parse_datetime
    parts, i = [], 0
    while i < len(fmt):
        piece = fmt[i : i + 2]
        if piece in _DIRECTIVES and _DIRECTIVES[piece] not in parts:
            parts.append(_DIRECTIVES[piece])
            i += 2
        elif fmt[i] == "%":
            return lambda cell: parse_with_format(cell, fmt)
        else:
            parts.append(r"\s+" if fmt[i].isspace() else re.escape(fmt[i]))
            i += 1
    pattern = re.compile("".join(parts), re.ASCII)
    timed = "%H" in fmt
    fixed = _FIXED_WIDTH.get(fmt)  # 03/02/2026: sliced, the regular expression only for other widths
    sep = fmt[2] if fixed is not None else ""

    def parse(cell: str) -> datetime | date:
        if fixed is not None and len(cell) == 10 and cell[fixed[3]] == sep and cell[fixed[4]] == sep:
            y, mo, d = cell[fixed[0] : fixed[0] + 4], cell[fixed[1] : fixed[1] + 2], cell[fixed[2] : fixed[2] + 2]
            if y.isdigit() and mo.isdigit() and d.isdigit():
                try:
                    return date(int(y), int(mo), int(d))
                except ValueError:
                    raise CellError(
                        _("not a date in the format {fmt}: {value}").format(fmt=fmt, value=repr(cell))
                    ) from None
        m = pattern.fullmatch(cell)
        if m is not None:
            g = m.groupdict()
            year = int(g["Y"]) if g.get("Y") else 2000 + int(g.get("y") or 0) if g.get("y") else 1900
            try:
                day = date(year, int(g.get("m") or 1), int(g.get("d") or 1))
                if not timed:
                    return day
                return datetime(day.year, day.month, day.day, int(g["H"]), int(g.get("M") or 0), int(g.get("S") or 0))
            except ValueError:
                pass
        raise CellError(_("not a date in the format {fmt}: {value}").format(fmt=fmt, value=repr(cell)))

    return parse


_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?|(\d{2})(\d{2})(\d{2})?", re.ASCII)


def with_time(day: date, cell: str) -> datetime | date:
    """``day`` at the time of day in ``cell`` (13:45, 13:45:07, 134507, 1345); an empty cell keeps the date."""
    if not cell:
        return day
    m = _TIME.fullmatch(cell)
    if m is not None:
        h, mi, sec = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        try:
            return datetime(day.year, day.month, day.day, int(h), int(mi), int(sec or 0))
        except ValueError:
            pass
    raise CellError(_("not a time of day: {value}").format(value=repr(cell)))


_COMMA_AMOUNT = re.compile(r"([+-]?[¥￥€$£]?[+-]?)(\d{1,3}(?:[. \u00a0\u202f']\d{3})+|\d+)(?:,(\d{1,8}))?", re.ASCII)


_PLAIN_COMMA = re.compile(r"-?\d{1,15}(?:,\d{1,8})?", re.ASCII)


def parse_amount_comma(cell: str) -> Decimal:
    """An amount written with a decimal comma: ``1.234,56``, ``1 234,56``, ``-12,50``, ``(3,00)`` -> Decimal."""
    s = cell.strip(BLANKS)
    if _PLAIN_COMMA.fullmatch(s):  # the common case, kept cheap
        return Decimal(s.replace(",", "."))
    negative = len(s) > 2 and s[0] == "(" and s[-1] == ")"
    if negative:
        s = s[1:-1].strip()
    m = _COMMA_AMOUNT.fullmatch(s.replace("\u00a0", " ").replace("\u202f", " "))
    if m is None:
        raise CellError(_("not an amount: {value}").format(value=repr(cell)))
    digits = "".join(c for c in m.group(2) if c.isdigit())
    sign = m.group(1)
    if sign.count("-") + sign.count("+") > 1 or len(digits) > 15:
        raise CellError(_("not an amount: {value}").format(value=repr(cell)))
    value = Decimal(f"{digits}.{m.group(3)}" if m.group(3) else digits)
    return -value if negative != ("-" in sign) else value


class _BadCell(Exception):
    def __init__(self, column: str, problem: str) -> None:
        super().__init__(problem)
        self.column, self.problem = column, problem
