"""Chinese bank CSV exports: 招商银行 debit (``cmb-csv``), 工商银行 明细查询 (``icbc-csv``), and any other
bank's CSV through a saved ``ColumnMapping`` (``generic-csv``).

Bank rows are signed by the bank (money in positive), so there is no neutral direction except for a
zero amount. A stated running balance becomes one ``StatementBalance(type="running")`` per row, plus
``running_last``: the balance after the chronologically last row, which the import service checks
against its own computed balance. Exports are often unsorted and several rows share a date, so the
last row is the one on the latest date whose balance no other row of that date starts from (balance
minus amount); only when that is ambiguous does file order decide.

Failure policy: as for the bills, a row that cannot be read fails the import with a StatementError
naming line and column; a generic mapping may opt into ``skip_bad_rows``, which reports such rows as
``RowProblem`` and imports the rest (for exports with subtotal lines in the middle).
"""

from __future__ import annotations

import codecs
import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.errors import ValidationError
from app.i18n import _
from connectors.statements.records import (
    ParsedStatement,
    RowProblem,
    StatementBalance,
    StatementError,
    StatementRow,
    StatementSection,
)
from connectors.statements.text import (
    CellError,
    after_table,
    clean,
    column_map,
    csv_records,
    decode_text,
    find_header,
    header_key,
    key_values,
    parse_amount,
    parse_datetime,
    parse_with_format,
    sniff_score,
    table_rows,
)

CURRENCY_NAMES: dict[str, str] = {
    "人民币": "CNY", "人民币元": "CNY", "美元": "USD", "港币": "HKD", "港元": "HKD", "欧元": "EUR",
    "日元": "JPY", "英镑": "GBP", "澳元": "AUD", "加元": "CAD", "新加坡元": "SGD", "瑞士法郎": "CHF",
}  # fmt: skip


def currency_code(text: str) -> str:
    """ "CNY" / "人民币" -> "CNY"; anything else is a CellError (an unknown currency cannot be booked)."""
    code = CURRENCY_NAMES.get(text) or (
        text.upper() if len(text) == 3 and text.isascii() and text.isalpha() else ""
    )
    if not code:
        raise CellError(_("unknown currency {value}").format(value=repr(text)))
    return code


def bank_hint(text: str) -> str:
    """Own-account moves recognisable in a bank row's summary/counterparty text ("" for none)."""
    if "信用卡还款" in text or "自动还款" in text or "掌上生活还款" in text:
        return "credit_repayment"
    if "取款" in text or "ATM" in text.upper():
        return "cash_withdrawal"
    if "赎回" in text:
        return "invest_sell"
    if "申购" in text:
        return "invest_buy"
    return ""


def _sort_key(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def running_balances(
    rows: list[StatementRow], balances: list[Decimal | None], currency: str
) -> list[StatementBalance]:
    """One "running" balance per row that states one, and "running_last" after the chronologically last row."""
    stated = [(r, b) for r, b in zip(rows, balances, strict=True) if b is not None]
    out = [StatementBalance("running", b, r.currency or currency, r.occurred_at, r.line) for r, b in stated]
    if not stated:
        return out
    latest = max(_sort_key(r.occurred_at) for r, _b in stated)
    same_day = [(r, b) for r, b in stated if _sort_key(r.occurred_at) == latest]
    # A row is the day's last when no other row of the day starts from its balance (balance - amount).
    starts = Counter(b - r.amount for r, b in same_day)
    finals = [(r, b) for r, b in same_day if starts[b] - (b - r.amount == b) == 0]
    if len(finals) != 1:
        # Ambiguous chain: trust file order, reading it backwards when the file lists newest first.
        descending = _sort_key(stated[0][0].occurred_at) > _sort_key(stated[-1][0].occurred_at)
        finals = [same_day[0] if descending else same_day[-1]]
    row, balance = finals[0]
    out.append(StatementBalance("running_last", balance, row.currency or currency, row.occurred_at, row.line))
    return out


def _skip_comments(records: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    # CMB puts "# 招商银行交易记录" style lines above and below the table.
    for line, cells in records:
        if cells and cells[0].lstrip().startswith("#"):
            continue
        yield line, cells


def _until_total(records: Iterator[tuple[int, list[str]]]) -> Iterator[tuple[int, list[str]]]:
    # ICBC closes the table with "人民币合计,..." (one per currency).
    for line, cells in records:
        if cells and clean(cells[0]).endswith("合计"):
            return
        yield line, cells


# ------------------------------------------------------------------------------------------------ CMB

CMB_ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("记账日期", "交易日期"),
    "currency": ("货币", "币种"),
    "amount": ("交易金额",),
    "balance": ("联机余额", "余额"),
    "category": ("交易摘要",),
    "counterparty": ("对手信息",),
    "description": ("客户摘要",),
}


def _bank_table(data: bytes, path: str, is_header: Callable[[set[str]], bool], missing: str) -> tuple[Any, ...]:
    """Decode an export and find its table: (encoding, records, header cells, preamble)."""
    text, encoding = decode_text(data, path)
    records = csv_records(text, path)
    found = find_header(records, is_header)
    if found is None:
        raise StatementError(path, missing)
    _line, header, preamble = found
    return encoding, records, header, preamble


def is_cmb_header(keys: set[str]) -> bool:
    return {"记账日期", "交易金额", "联机余额", "交易摘要"} <= keys


class CmbCsvImporter:
    """招商银行 (China Merchants Bank) debit-card CSV export."""

    name = "cmb-csv"

    def sniff(self, head: bytes, filename: str) -> float:
        return sniff_score(head, filename, is_cmb_header, ("招商银行交易记录",), ("cmb", "招商"))

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        encoding, records, header, preamble = _bank_table(
            data, path, is_cmb_header,
            _("no CMB table: no header row with 记账日期, 交易金额, 联机余额 and 交易摘要 was found"),
        )
        cols = column_map(header, CMB_ALIASES)
        names = [clean(c) for c in header]
        body = _skip_comments(records)
        rows: list[StatementRow] = []
        balances: list[Decimal | None] = []
        for line, cells in table_rows(body, header, path):
            field = cols["date"]
            try:
                occurred = parse_datetime(cells[field])
                field = cols["amount"]
                amount = parse_amount(cells[field])
                field = cols["balance"]
                balance = parse_amount(cells[field]) if clean(cells[field]) else None
                field = cols.get("currency", -1)
                currency = currency_code(clean(cells[field])) if field >= 0 and clean(cells[field]) else "CNY"
            except CellError as exc:
                raise StatementError(path, str(exc), line=line, field=names[field]) from None
            category = clean(cells[cols["category"]])
            counterparty = clean(cells[cols["counterparty"]]) if "counterparty" in cols else ""
            description = clean(cells[cols["description"]]) if "description" in cols else ""
            rows.append(
                StatementRow(
                    line=line,
                    occurred_at=occurred,
                    amount=amount,
                    currency=currency,
                    direction="in" if amount > 0 else "out" if amount < 0 else "neutral",
                    counterparty=counterparty,
                    description=description,
                    category=category,
                    transfer_hint=bank_hint(f"{category} {counterparty} {description}"),
                    raw_type=category,
                )
            )
            balances.append(balance)
        after_table(body, path, cols["date"], cols["amount"])
        info = key_values(preamble)
        account = info.get("账号") or info.get("卡号") or ""
        currency = rows[0].currency if rows else "CNY"
        section = StatementSection(
            account_ref=account,
            currency=currency,
            kind_hint="debit_card",
            rows=rows,
            balances=running_balances(rows, balances, currency),
        )
        return ParsedStatement(format="cmb-csv", path=path, encoding=encoding, sections=[section])


# ----------------------------------------------------------------------------------------------- ICBC

ICBC_ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("交易日期",),
    "category": ("摘要",),
    "details": ("交易详情",),
    "place": ("交易场所",),
    "income": ("记账金额(收入)",),
    "expense": ("记账金额(支出)",),
    "currency": ("记账币种",),
    "trade_income": ("交易金额(收入)",),
    "trade_expense": ("交易金额(支出)",),
    "trade_currency": ("交易币种",),
    "balance": ("余额",),
    "counterparty": ("对方户名",),
}


def is_icbc_header(keys: set[str]) -> bool:
    return {"交易日期", "摘要", "交易金额(收入)", "交易金额(支出)", "对方户名"} <= keys


class IcbcCsvImporter:
    """工商银行 (ICBC) 明细查询 CSV download."""

    name = "icbc-csv"

    def sniff(self, head: bytes, filename: str) -> float:
        return sniff_score(head, filename, is_icbc_header, ("明细查询文件下载",), ("icbc", "工商"))

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        encoding, records, header, preamble = _bank_table(
            data, path, is_icbc_header,
            _("no ICBC table: no header row with 交易日期, 摘要, 交易金额(收入), 交易金额(支出) was found"),
        )
        cols = column_map(header, ICBC_ALIASES)
        names = [clean(c) for c in header]

        def value(cells: list[str], key: str) -> str:
            i = cols.get(key, -1)
            text = clean(cells[i]) if 0 <= i < len(cells) else ""
            return "" if text == "-" else text  # ICBC writes "-" for "not applicable"

        rows: list[StatementRow] = []
        balances: list[Decimal | None] = []
        masked = False
        for line, cells in table_rows(_until_total(records), header, path):
            field = "date"
            try:
                occurred = parse_datetime(cells[cols[field]])
                # 记账金额 is what the account was booked with; 交易金额 only when the export lacks it.
                field = "income" if value(cells, "income") or value(cells, "expense") else "trade_income"
                income_text = value(cells, field)
                field = "expense" if field == "income" else "trade_expense"
                expense_text = value(cells, field)
                if bool(income_text) == bool(expense_text):
                    raise CellError(_("a row needs exactly one of an income and an expense amount"))
                field = "income" if income_text else "expense"
                amount = abs(parse_amount(income_text or expense_text))
                amount = amount if income_text else -amount
                field = "currency"
                currency_text = value(cells, "currency") or value(cells, "trade_currency")
                currency = currency_code(currency_text) if currency_text else "CNY"
            except CellError as exc:
                i = cols.get(field, -1)
                raise StatementError(path, str(exc), line=line, field=names[i] if i >= 0 else field) from None
            balance_text = value(cells, "balance")
            try:
                balance = parse_amount(balance_text) if balance_text else None
            except CellError:
                balance, masked = None, True  # "xx,yyyy.zz": the bank masks balances in some exports
            category = value(cells, "category")
            counterparty = value(cells, "counterparty")
            description = " ".join(t for t in (value(cells, "details"), value(cells, "place")) if t)
            rows.append(
                StatementRow(
                    line=line,
                    occurred_at=occurred,
                    amount=amount,
                    currency=currency,
                    direction="in" if amount > 0 else "out" if amount < 0 else "neutral",
                    counterparty=counterparty,
                    description=description,
                    category=category,
                    transfer_hint=bank_hint(f"{category} {counterparty} {description}"),
                    raw_type=category,
                )
            )
            balances.append(balance)
        after_table(records, path, cols["date"], cols.get("income", cols["trade_income"]))
        info = key_values(preamble)
        currency = rows[0].currency if rows else "CNY"
        section = StatementSection(
            account_ref=info.get("卡号", ""),
            currency=currency,
            kind_hint="debit_card",
            rows=rows,
            balances=running_balances(rows, balances, currency),
        )
        notes = [_("the export masks balances, so no balance was imported")] if masked else []
        return ParsedStatement(
            format="icbc-csv", path=path, encoding=encoding, sections=[section], notes=notes
        )


# Registered for detection; the generic importer needs a mapping, so it is created where one is chosen.
IMPORTERS = (CmbCsvImporter(), IcbcCsvImporter())


# -------------------------------------------------------------------------------------------- generic

SIGNS = ("positive_in", "positive_out")


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

    def sniff(self, head: bytes, filename: str) -> float:
        return 0.0  # chosen explicitly, with its mapping

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        m = self.mapping
        text, encoding = self._decode(data, path)
        records = csv_records(text, path, m.delimiter)
        cols = self._header(records, path)
        needed = max(cols.values()) + 1
        rows: list[StatementRow] = []
        balances: list[Decimal | None] = []
        problems: list[RowProblem] = []
        for line, cells in records:
            first = clean(cells[0]) if cells else ""
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

    def _decode(self, data: bytes, path: str) -> tuple[str, str]:
        if self.mapping.encoding == "auto":
            return decode_text(data, path)
        encoding = self.mapping.encoding
        if data.startswith(codecs.BOM_UTF8) and codecs.lookup(encoding).name == "utf-8":
            encoding = "utf-8-sig"
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            raise StatementError(
                path,
                _("cannot decode the file as {encoding}: invalid bytes at offset {offset}").format(
                    encoding=encoding, offset=exc.start
                ),
                line=data.count(b"\n", 0, exc.start) + 1,
            ) from None

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
        m = self.mapping

        def text(name: str) -> str:
            i = cols.get(name, -1)
            return clean(cells[i]) if 0 <= i < len(cells) else ""

        column = m.date_column
        try:
            day = text("date_column")
            occurred = parse_with_format(day, m.date_format) if m.date_format else parse_datetime(day)
            if m.time_column and not isinstance(occurred, datetime):
                column = m.time_column
                occurred = parse_datetime(f"{occurred.isoformat()} {text('time_column')}")
            if m.amount_column:
                column = m.amount_column
                amount = parse_amount(text("amount_column"))
                if m.sign == "positive_out":  # only a single signed column can have it backwards
                    amount = -amount
            else:
                debit, credit = text("debit_column"), text("credit_column")
                column = m.debit_column or m.credit_column
                if not debit and not credit:
                    raise CellError(_("the row has neither a debit nor a credit amount"))
                column = m.credit_column
                amount = abs(parse_amount(credit)) if credit else Decimal(0)
                column = m.debit_column
                amount -= abs(parse_amount(debit)) if debit else Decimal(0)
            column = m.balance_column
            balance = parse_amount(text("balance_column")) if text("balance_column") else None
            column = m.currency_column
            currency = currency_code(text("currency_column")) if text("currency_column") else m.currency
        except CellError as exc:
            raise _BadCell(column, str(exc)) from None
        category = text("category_column")
        counterparty, description = text("counterparty_column"), text("description_column")
        row = StatementRow(
            line=line,
            occurred_at=occurred,
            amount=amount,
            currency=currency,
            direction="in" if amount > 0 else "out" if amount < 0 else "neutral",
            counterparty=counterparty,
            description=description,
            memo=text("memo_column"),
            category=category,
            order_id=text("order_id_column"),
            transfer_hint=bank_hint(f"{category} {counterparty} {description}"),
            raw_type=category,
        )
        return row, balance


class _BadCell(Exception):
    def __init__(self, column: str, problem: str) -> None:
        super().__init__(problem)
        self.column, self.problem = column, problem
