"""Guessing the column mapping of a statement CSV that no importer recognises, from the file itself.

``guess_mapping`` reads the head of the file (and a little of its tail, for a footer) and proposes a
``ColumnMapping`` the generic importer can read, with a confidence and a short reason per setting so a
person can check the proposal before importing. Every decision comes from the file: the delimiter that
splits the lines into a steady number of fields; the data rows (a date and an amount in the same row)
and the header line above them, when there is one; each column's kind from its values (dates parse,
amounts parse, a running balance chains with the amounts) and from its name, matched against Chinese
and English synonyms with case, spaces and punctuation ignored, so a renamed or unknown header still
reads. Names rank columns of the same kind (the transaction date before the posting date, the booked
amount before the order amount); values decide what a column is.

Decisions that values alone settle:

- date order: a first or second number above 12 in any row makes the format day-first or month-first;
  when none does, the order under which the rows are sorted wins, and day-first is the last resort;
- decimal comma: more amounts written ``1.234,56`` / ``12,50`` than ``1,234.56`` / ``12.50``;
- one signed amount or separate out/in columns (on each row one of two amount columns is empty or 0);
- the sign: a direction flag column (收入/支出, 借/贷, Dr/Cr, debit/credit), else a running balance that
  chains with the amounts one way, else the column names (支出/debit vs 收入/credit), else the
  descriptions of the negative rows (退款, 还款, refund: money in written negative means spending is
  positive), else money in is positive, as banks write it.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import islice

from app.i18n import _
from app.money import normalize_currency
from connectors.statements.bank_csv import CURRENCY_NAMES
from connectors.statements.cells import CellError, clean, parse_amount, parse_datetime
from connectors.statements.decoding import decode_text
from connectors.statements.generic_csv import ColumnMapping, date_parser, parse_amount_comma
from connectors.statements.records import StatementError
from connectors.statements.sheets import as_csv
from connectors.statements.tables import header_key, physical_lines

__all__ = ["DELIMITERS", "Guess", "guess_mapping"]

DELIMITERS = (",", ";", "\t", "|")
HEAD_LINES = 400  # lines read to find the table and type its columns
SAMPLE_ROWS = 200  # data rows typed
PREVIEW_ROWS = 20
TAIL_CHARS = 16384  # the end of the file, read for a footer under the table


@dataclass
class Guess:
    """A proposed mapping with what it was read from: the header cells (``[]`` without a header), the
    first data rows as cells, and per setting a confidence (0..1) and a short reason."""

    mapping: ColumnMapping
    header: list[str]
    rows: list[list[str]]
    confidence: dict[str, float] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)

    def note(self, name: str, confidence: float, reason: str) -> None:
        self.confidence[name] = round(confidence, 2)
        self.reasons[name] = reason


# ------------------------------------------------------------------------------------------ names

def _words(*names: str) -> tuple[str, ...]:
    return names


# CJK names match inside a header ("交易金额(收入)" holds 金额 and 收入); English ones match whole words.
NAMES: dict[str, tuple[str, ...]] = {
    "date": _words("日期", "时间", "交易日", "记账日", "入账日", "date", "time", "day", "posted", "datum"),
    "amount": _words("金额", "发生额", "交易额", "amount", "amt", "sum", "value", "betrag", "montant", "importe"),
    "debit": _words("支出", "借方", "付出", "转出", "debit", "debits", "withdrawal", "withdrawals", "out",
                    "outflow", "outgoing", "paid out", "paidout", "spent", "charge", "charges", "expense", "dr"),
    "credit": _words("收入", "贷方", "存入", "转入", "credit", "credits", "deposit", "deposits", "in", "inflow",
                     "incoming", "paid in", "paidin", "received", "income", "cr"),
    "balance": _words("余额", "结余", "balance", "saldo", "running balance"),
    "counterparty": _words("对方", "对手", "交易对方", "商户", "户名", "收款人", "付款人", "counterparty", "payee",
                           "payer", "merchant", "beneficiary", "recipient", "party", "name", "counter party"),
    "description": _words("摘要", "说明", "描述", "附言", "用途", "详情", "商品", "标题", "description", "details",
                          "detail", "narrative", "particulars", "purpose", "text", "memo", "remarks", "item"),
    "memo": _words("备注", "note", "notes", "comment", "remark"),
    "category": _words("类型", "分类", "类别", "category", "type"),
    "order_id": _words("单号", "订单号", "交易号", "流水号", "reference", "ref", "id", "transaction id",
                       "order id", "order", "txn id"),
    "currency": _words("币种", "币别", "货币", "currency", "ccy", "cur"),
    "direction": _words("收/支", "收支", "借贷", "方向", "direction", "dr/cr", "debit/credit", "in/out"),
    "time": _words("时间", "time"),
}
# Among columns of one kind: what was paid / booked before what was ordered / traded, the
# transaction's date before the posting date.
_LATE = ("记账", "入账", "成功", "付款时间", "修改", "posting", "posted", "booked", "booking", "value", "valuta",
         "modified", "settled", "paid")  # fmt: skip
_EARLY = ("交易", "创建", "transaction", "trade", "created", "txn")
_BOOKED = ("实付", "记账", "入账", "booked", "posted", "settled", "paid", "net")
_ORDERED = ("订单", "交易", "order", "original", "gross", "trade", "transaction")

_TOKEN = re.compile(r"[a-z]+")


def _name_key(cell: str) -> str:
    return header_key(cell).lower()


def _matches(header: str, role: str) -> bool:
    key = _name_key(header)
    tokens = " ".join(_TOKEN.findall(key)) if key.isascii() else ""
    spaced = " ".join(_TOKEN.findall(clean(header).lower()))
    for word in NAMES[role]:
        if word.isascii():
            if word == key or f" {word} " in f" {spaced} " or (tokens and word == tokens):
                return True
        elif word in key:
            return True
    return False


def _has(header: str, words: Iterable[str]) -> bool:
    key = _name_key(header)
    spaced = f" {' '.join(_TOKEN.findall(clean(header).lower()))} "
    return any((f" {w} " in spaced) if w.isascii() else (w in key) for w in words)


# ------------------------------------------------------------------------------------------ cells

_PLACEHOLDER = re.compile(r"[-/*]+|n/?a|null|none", re.IGNORECASE)
_DAY_FIRST = re.compile(
    r"(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?:([ T]+)(\d{1,2}):(\d{2})(:\d{2})?)?", re.ASCII
)
_CLOCK = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?", re.ASCII)
_HHMMSS = re.compile(r"([01]\d|2[0-3])[0-5]\d(?:[0-5]\d)?", re.ASCII)
_DOT_MONEY = re.compile(r"[+-]?[¥￥$€£]?[+-]?\d{1,3}(?:,\d{3})*\.\d{1,2}|[+-]?[¥￥$€£]?[+-]?\d+\.\d{1,2}")
_COMMA_MONEY = re.compile(r"[+-]?[¥￥$€£]?[+-]?\d{1,3}(?:[. \u00a0\u202f]\d{3})*,\d{1,2}|[+-]?[¥￥$€£]?\d+,\d{1,2}")
_SYMBOL = re.compile(r"[¥￥$€£]")

IN_FLAGS = {"收入", "收", "贷", "贷方", "存入", "入账", "已收入", "cr", "c", "credit", "in", "deposit", "+"}
OUT_FLAGS = {"支出", "支", "借", "借方", "付出", "已支出", "dr", "d", "debit", "out", "withdrawal", "-"}
NEUTRAL_FLAGS = {"其他", "不计收支", "/", "中性交易", "资金转移", ""}
_IN_WORDS = ("退款", "退货", "还款", "工资", "利息", "结息", "收入", "入账", "转入", "存入", "返现",
             "refund", "repayment", "payment received", "salary", "interest", "deposit", "cashback")  # fmt: skip


def _blank(cell: str) -> bool:
    return not cell or bool(_PLACEHOLDER.fullmatch(cell))


def _flag(cell: str) -> str | None:
    """"in" / "out" / "neutral" for a direction word (``贷 Cr``, ``借``, ``Dr``), None for any other text."""
    text = clean(cell).lower()
    if text in NEUTRAL_FLAGS:
        return "neutral"
    parts = set(re.split(r"[\s/()（）]+", text)) - {""}
    if not parts:
        return "neutral"
    if parts <= IN_FLAGS:
        return "in"
    if parts <= OUT_FLAGS:
        return "out"
    return None


@dataclass
class _Column:
    index: int
    name: str
    values: list[str]  # cleaned; placeholders ("-", "----", "/") as ""
    filled: int = 0
    dates: list[datetime | date | None] = field(default_factory=list)
    date_format: str | None = None  # None: not a date column
    date_reason: str = ""
    date_guessed: bool = False  # no value decided the day/month order
    timed: bool = False
    amounts: list[Decimal | None] = field(default_factory=list)
    numeric: bool = False
    money: float = 0.0  # share of values written like money (decimals or a currency symbol)

    def ratio(self, count: int) -> float:
        return count / self.filled if self.filled else 0.0


# ------------------------------------------------------------------------------------------ the guess

def guess_mapping(data: bytes, path: str) -> Guess:
    """Propose a validated ``ColumnMapping`` for ``data``; StatementError when no date or amount column is found."""
    data = as_csv(data, path) or data  # a spreadsheet: its table's text
    text, _encoding = decode_text(data, path)
    head = list(islice(physical_lines(text), HEAD_LINES))
    delimiter, delimiter_reason = _delimiter(head)
    records = _records(head, delimiter)
    first = _first_data(records)
    if first is None:
        raise StatementError(path, _("no rows with a date and an amount were found: choose the columns by hand"))
    header_at = _header_before(records, first)
    header = records[header_at][1] if header_at is not None else []
    data_rows = [cells for _line, cells in records[first:] if any(cells)][:SAMPLE_ROWS]
    data_rows = [r for r in data_rows if _row_has_date_and_amount(r)] or data_rows
    width = max(Counter(len(r) for r in data_rows).most_common(1)[0][0], len(header))
    names = [header[i] if i < len(header) else "" for i in range(width)]
    columns = [
        _Column(i, names[i], [c if not _blank(c) else "" for c in (r[i] if i < len(r) else "" for r in data_rows)])
        for i in range(width)
    ]
    for col in columns:
        col.filled = sum(1 for v in col.values if v)

    g = Guess(mapping=ColumnMapping(date_column="#1", amount_column="#2"), header=header,
              rows=data_rows[:PREVIEW_ROWS])
    g.note("delimiter", 0.9, delimiter_reason)
    if header_at is not None:
        g.note("has_header", 0.8, _("line {line} names the columns").format(line=records[header_at][0]))
    else:
        g.note("has_header", 0.6, _("no line above the data names its columns"))

    decimal_comma = _decimal_comma(columns, g)
    parse = parse_amount_comma if decimal_comma else parse_amount
    for col in columns:
        _type_dates(col)
        _type_amounts(col, parse)

    taken: set[int] = set()
    date_col = _pick_date(columns, g)
    if date_col is None:
        raise StatementError(path, _("no column holds dates in every row: choose the date column by hand"))
    taken.add(date_col.index)
    time_col = None if date_col.timed else _pick_time(columns, taken, g)
    if time_col is not None:
        taken.add(time_col.index)

    numeric = [c for c in columns if c.index not in taken and c.numeric]
    flag_col = _pick_flag(columns, taken)
    if flag_col is not None:
        taken.add(flag_col.index)
    amounts = _pick_amounts(numeric, flag_col, g)
    if amounts is None:
        raise StatementError(path, _("no column holds an amount in every row: choose the amount column by hand"))
    kind, single, debit, credit = amounts
    for c in (single, debit, credit):
        if c is not None:
            taken.add(c.index)
    series = _series(kind, single, debit, credit, flag_col, sign=1)
    balance, sign = _pick_balance(numeric, taken, series, kind, g)
    if balance is not None:
        taken.add(balance.index)
    if kind == "pair" and sign == -1 and debit is not None and credit is not None:
        debit, credit = credit, debit  # the balance chains the other way: the columns were swapped
        g.note("debit_column", 0.9, _("the running balance falls by this column"))
        sign = 1
    sign_name = "positive_in"
    if kind == "single" and flag_col is None:
        sign_name = _sign(single, sign, data_rows, columns, g)

    refs = _refs(names, header_at is not None)
    m = ColumnMapping(
        date_column=refs[date_col.index],
        date_format=date_col.date_format or "",
        time_column=refs[time_col.index] if time_col else "",
        amount_column=refs[single.index] if single else "",
        debit_column=refs[debit.index] if debit else "",
        credit_column=refs[credit.index] if credit else "",
        sign=sign_name,
        balance_column=refs[balance.index] if balance else "",
        decimal_comma=decimal_comma,
        delimiter=delimiter,
        has_header=header_at is not None,
        header_row=0 if header_at is not None else (records[first - 1][0] if first else 0),
    )
    if flag_col is not None:
        flags = {v: _flag(v) for v in flag_col.values}
        m.direction_column = refs[flag_col.index]
        m.in_values = tuple(sorted(v for v, f in flags.items() if f == "in"))
        m.out_values = tuple(sorted(v for v, f in flags.items() if f == "out"))
        g.note("direction_column", 0.9, _("its values are money-in and money-out words: {values}").format(
            values=", ".join(m.in_values + m.out_values)))
    _pick_currency(columns, taken, refs, m, head, g)
    _pick_text(columns, taken, refs, m, g)
    starts = {r[0] for r in data_rows if r}
    kept = tuple(e for e in m.end_markers if not any(s.startswith(e) for s in starts))
    if kept != m.end_markers:
        m.end_markers = kept
        g.note("end_markers", 0.8, _("rows start with what usually ends a table; only a footer ends it"))
    _footer(text, delimiter, m, date_col.index, [c.index for c in (single, debit, credit) if c], parse, g)
    g.mapping = m.validate()
    return g


# ------------------------------------------------------------------------------------------ reading

def _delimiter(lines: list[str]) -> tuple[str, str]:
    best, best_score = ",", (-1, 0)
    sample = [line for line in lines[:200] if line.strip()]
    for d in DELIMITERS:
        counts = Counter(len(r) for r in csv.reader(sample, delimiter=d) if len(r) > 1)
        if not counts:
            continue
        width, _rows = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        # Lines one field short or long (a trailing separator) count with the table: rows x fields.
        rows = counts[width] + counts.get(width - 1, 0) + counts.get(width + 1, 0)
        score = (rows * width, rows)
        if score > best_score:
            best, best_score = d, score
    if best_score[1] < 1:
        return ",", _("no separator splits the lines; a comma was assumed")
    shown = {"\t": "TAB", ",": ",", ";": ";", "|": "|"}[best]
    return best, _("{delimiter} splits {rows} lines into {width} fields").format(
        delimiter=shown, rows=best_score[1], width=best_score[0] // best_score[1])


def _records(lines: list[str], delimiter: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(lines, delimiter=delimiter, strict=False)
    out: list[tuple[int, list[str]]] = []
    ended = 0
    try:
        for cells in reader:
            out.append((ended + 1, [clean(c) for c in cells]))
            ended = reader.line_num
    except csv.Error:
        pass
    return out


def _is_date(cell: str) -> bool:
    if not cell or len(cell) > 40:
        return False
    if _DAY_FIRST.fullmatch(cell):
        return True
    try:
        parse_datetime(cell)
    except CellError:
        return False
    return True


def _is_amount(cell: str) -> bool:
    if not cell or _is_date(cell):
        return False
    if _DOT_MONEY.fullmatch(cell) or _COMMA_MONEY.fullmatch(cell):
        return True
    try:
        parse_amount(cell)
    except CellError:
        return False
    return True


def _row_has_date_and_amount(cells: list[str]) -> bool:
    return any(_is_date(c) for c in cells) and any(_is_amount(c) for c in cells)


def _first_data(records: list[tuple[int, list[str]]]) -> int | None:
    """The index of the first record that starts a run of data rows (a date and an amount each)."""
    candidates = [i for i, (_line, cells) in enumerate(records) if len(cells) > 1 and _row_has_date_and_amount(cells)]
    for n, i in enumerate(candidates):
        following = candidates[n + 1 : n + 3]
        if len(following) == min(2, len(candidates) - n - 1):
            return i
    return None


def _header_before(records: list[tuple[int, list[str]]], first: int) -> int | None:
    """The line naming the columns: the last non-blank record above the data, if it reads as names."""
    width = len(records[first][1])
    for i in range(first - 1, -1, -1):
        cells = records[i][1]
        filled = [c for c in cells if c]
        if not filled:
            continue
        if len(filled) < 2 or len(filled) < 0.5 * width or len(cells) < 0.5 * width:
            return None
        if any(_is_date(c) or _is_amount(c) for c in filled):
            return None
        return i
    return None


def _refs(names: list[str], has_header: bool) -> list[str]:
    keys = [header_key(n) for n in names]
    counts = Counter(keys)
    return [
        n if has_header and k and counts[k] == 1 and not n.startswith("#") else f"#{i + 1}"
        for i, (n, k) in enumerate(zip(names, keys, strict=True))
    ]


# ------------------------------------------------------------------------------------------ typing

def _decimal_comma(columns: list[_Column], g: Guess) -> bool:
    dot = comma = 0
    for col in columns:
        for v in col.values:
            if not v or len(v) > 24:
                continue
            if _DOT_MONEY.fullmatch(v):
                dot += 1
            elif _COMMA_MONEY.fullmatch(v):
                comma += 1
    if comma > dot:
        g.note("decimal_comma", min(1.0, 0.5 + comma / (comma + dot + 1) / 2),
               _("{count} amounts are written with a decimal comma").format(count=comma))
        return True
    g.note("decimal_comma", 0.9 if dot else 0.5, _("{count} amounts are written with a decimal point").format(count=dot))
    return False


def _type_dates(col: _Column) -> None:
    values = [v for v in col.values if v]
    if not values or col.filled < 0.5 * len(col.values):
        return
    iso: list[datetime | date | None] = []
    for v in values:
        try:
            iso.append(parse_datetime(v))
        except CellError:
            break
    if len(iso) == len(values):
        col.date_format, col.timed = "", any(isinstance(d, datetime) for d in iso)
        col.date_reason = _("every value is a year-first date")
        col.dates = [_try(parse_datetime, v) for v in col.values]
        return
    matches = [_DAY_FIRST.fullmatch(v) for v in values]
    if not all(matches):
        return
    found = [m for m in matches if m is not None]
    seps = {m.group(2) for m in found}
    years = {len(m.group(4)) for m in found}
    clocks = Counter((m.group(5) is not None, bool(m.group(8))) for m in found)
    if len(seps) != 1 or len(years) != 1:
        return
    sep = seps.pop()
    (timed, seconds), _n = clocks.most_common(1)[0]
    time_sep = next((m.group(5) for m in found if m.group(5)), " ")
    tail = (("T" if "T" in time_sep else " ") + ("%H:%M:%S" if seconds else "%H:%M")) if timed else ""
    year = "%Y" if years.pop() == 4 else "%y"
    first = [int(m.group(1)) for m in found]
    second = [int(m.group(3)) for m in found]
    order_guessed = False
    if max(first) > 12 and max(second) <= 12:
        order, reason = "dmy", _("a first number above 12 ({value}) makes the dates day-first").format(
            value=max(first))
    elif max(second) > 12 and max(first) <= 12:
        order, reason = "mdy", _("a second number above 12 ({value}) makes the dates month-first").format(
            value=max(second))
    elif max(first) > 12:
        return  # both above 12 somewhere: not one date order
    else:
        order, reason = _order_by_sorting(values, sep, year, tail)
        order_guessed = True
    fmt = (f"%d{sep}%m{sep}{year}" if order == "dmy" else f"%m{sep}%d{sep}{year}") + tail
    col.date_format, col.timed, col.date_reason = fmt, timed, reason
    col.date_guessed = order_guessed
    col.dates = [_try(date_parser(fmt), v) for v in col.values]


def _order_by_sorting(values: list[str], sep: str, year: str, tail: str) -> tuple[str, str]:
    """Day-first or month-first for dates whose numbers all fit both: the order under which the rows are sorted."""
    sorted_under: dict[str, bool] = {}
    for order in ("dmy", "mdy"):
        fmt = (f"%d{sep}%m{sep}{year}" if order == "dmy" else f"%m{sep}%d{sep}{year}") + tail
        parse = date_parser(fmt)
        days = [_key(_try(parse, v)) for v in values]
        ok = [d for d in days if d is not None]
        sorted_under[order] = len(ok) == len(days) and len(set(ok)) > 1 and (ok == sorted(ok) or ok == sorted(ok)[::-1])
    if sorted_under["mdy"] and not sorted_under["dmy"]:
        return "mdy", _("the rows are in date order only when read month-first")
    if sorted_under["dmy"] and not sorted_under["mdy"]:
        return "dmy", _("the rows are in date order only when read day-first")
    return "dmy", _("no day above 12: day-first was assumed")


def _key(value: datetime | date | None) -> datetime | None:
    if value is None:
        return None
    return value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)


def _try(parse: Callable[[str], datetime | date], value: str) -> datetime | date | None:
    if not value:
        return None
    try:
        return parse(value)
    except CellError:
        return None


def _type_amounts(col: _Column, parse: Callable[[str], Decimal]) -> None:
    if col.date_format is not None or not col.filled:
        return
    amounts: list[Decimal | None] = []
    bad = money = 0
    for v in col.values:
        if not v:
            amounts.append(None)
            continue
        try:
            amounts.append(parse(v))
        except CellError:
            amounts.append(None)
            bad += 1
            continue
        if _SYMBOL.search(v) or "." in v or "," in v:
            money += 1
    good = col.filled - bad
    if good == 0 or bad > 0.1 * col.filled:
        return
    col.amounts, col.numeric, col.money = amounts, True, col.ratio(money)


# ------------------------------------------------------------------------------------------ choosing

def _pick_date(columns: list[_Column], g: Guess) -> _Column | None:
    dated = [c for c in columns if c.date_format is not None]
    if not dated:
        return None

    def rank(c: _Column) -> tuple[float, int, int]:
        name = 0 if _has(c.name, _LATE) else 2 if _has(c.name, _EARLY) else 1
        return (c.ratio(c.filled) * len(c.values) / max(1, len(c.values)), name, -c.index)

    best = max(dated, key=rank)
    others = len(dated) - 1
    reason = best.date_reason
    if others:
        reason = _("{reason}; {count} other date columns ranked below it by name").format(
            reason=reason, count=others)
    g.note("date_column", 0.95 if best.filled == len(best.values) else 0.7, reason)
    g.note("date_format", 0.5 if best.date_guessed else 0.95, best.date_reason)
    return best


def _pick_time(columns: list[_Column], taken: set[int], g: Guess) -> _Column | None:
    for c in columns:
        if c.index in taken or not c.filled:
            continue
        values = [v for v in c.values if v]
        if all(_CLOCK.fullmatch(v) for v in values) or (
            _matches(c.name, "time") and all(_HHMMSS.fullmatch(v) for v in values)
        ):
            g.note("time_column", 0.9, _("its values are times of day"))
            return c
    return None


def _pick_flag(columns: list[_Column], taken: set[int]) -> _Column | None:
    for c in columns:
        if c.index in taken or not c.filled:
            continue
        flags = [_flag(v) for v in c.values if v]
        if all(f is not None for f in flags) and any(f in ("in", "out") for f in flags):
            if c.numeric and not _matches(c.name, "direction"):
                continue  # "+"/"-" alone in a numeric column is not a flag
            return c
    return None


def _pick_amounts(
    numeric: list[_Column], flag: _Column | None, g: Guess
) -> tuple[str, _Column | None, _Column | None, _Column | None] | None:
    """("single", amount, None, None) or ("pair", None, debit, credit)."""
    usable = [c for c in numeric if not _matches(c.name, "balance") and (c.money >= 0.5 or _matches(c.name, "amount")
                                                                         or _matches(c.name, "debit")
                                                                         or _matches(c.name, "credit"))]
    usable = [c for c in usable if not (_matches(c.name, "order_id") and not _matches(c.name, "amount"))]
    # Two columns of which each row fills one: money out and money in.
    pairs: list[tuple[int, _Column, _Column]] = []
    for i, a in enumerate(usable):
        for b in usable[i + 1 :]:
            if _one_of_two(a, b):
                score = 2 * (_matches(a.name, "debit") or _matches(a.name, "credit")) + 2 * (
                    _matches(b.name, "debit") or _matches(b.name, "credit")) + _booked(a) + _booked(b)
                pairs.append((score, a, b))
    single = _best_single(usable, flag)
    if pairs and not (flag is not None and single is not None):
        _score, a, b = max(pairs, key=lambda p: (p[0], -p[1].index))
        named = True
        if _matches(a.name, "credit") and not _matches(a.name, "debit") or (
            _matches(b.name, "debit") and not _matches(b.name, "credit")
        ):
            a, b = b, a
            reason = _("the names say which column is money out")
        elif _matches(a.name, "debit") or _matches(b.name, "credit"):
            reason = _("the names say which column is money out")
        else:
            named, reason = False, _("each row fills one of the two; the left one was taken as money out")
        g.note("debit_column", 0.9 if named else 0.4, reason)
        g.note("credit_column", 0.9 if named else 0.4, reason)
        return "pair", None, a, b
    if single is None:
        return None
    g.note("amount_column", 0.9 if _matches(single.name, "amount") else 0.6,
           _("every row holds an amount here") if not _matches(single.name, "amount")
           else _("named as the amount, and every row holds one"))
    return "single", single, None, None


def _booked(c: _Column) -> int:
    return 1 if _has(c.name, _BOOKED) else -1 if _has(c.name, _ORDERED) else 0


def _one_of_two(a: _Column, b: _Column) -> bool:
    rows = either = 0
    for x, y in zip(a.amounts, b.amounts, strict=True):
        has_x, has_y = bool(x), bool(y)  # None and 0 are both "nothing here"
        if has_x or has_y:
            rows += 1
            either += has_x != has_y
    filled_both = sum(1 for x, y in zip(a.values, b.values, strict=True) if x or y)
    return rows > 0 and either >= 0.9 * rows and filled_both >= 0.9 * len(a.values)


def _best_single(usable: list[_Column], flag: _Column | None) -> _Column | None:
    full = [c for c in usable if c.filled >= 0.9 * len(c.values)]
    if not full:
        return None

    def rank(c: _Column) -> tuple[int, int, float, int]:
        named = _matches(c.name, "amount") and not (_matches(c.name, "debit") or _matches(c.name, "credit"))
        return (int(named), _booked(c), c.money, -c.index)

    return max(full, key=rank)


def _series(kind: str, single: _Column | None, debit: _Column | None, credit: _Column | None,
            flag: _Column | None, sign: int) -> list[Decimal | None]:
    if kind == "pair" and debit is not None and credit is not None:
        return [(abs(c or Decimal(0)) - abs(d or Decimal(0))) if (c is not None or d is not None) else None
                for d, c in zip(debit.amounts, credit.amounts, strict=True)]
    assert single is not None
    if flag is None:
        return list(single.amounts)
    out: list[Decimal | None] = []
    for value, word in zip(single.amounts, flag.values, strict=True):
        f = _flag(word)
        out.append(None if value is None else abs(value) if f == "in" else -abs(value) if f == "out" else value)
    return out


def _chain(balances: list[Decimal | None], amounts: list[Decimal | None]) -> tuple[int, int, int]:
    """(pairs checked, pairs where balance moves by +amount, by -amount), in file order or its reverse."""
    pairs = up = down = 0
    rows = [(b, a) for b, a in zip(balances, amounts, strict=True) if b is not None and a is not None]
    for (b0, a0), (b1, a1) in zip(rows, rows[1:], strict=False):
        pairs += 1
        if b1 - b0 == a1 or b0 - b1 == a0:  # oldest first, or newest first
            up += 1
        if b1 - b0 == -a1 or b0 - b1 == -a0:
            down += 1
    return pairs, up, down


def _pick_balance(numeric: list[_Column], taken: set[int], series: list[Decimal | None], kind: str,
                  g: Guess) -> tuple[_Column | None, int]:
    """The running balance column and the sign it confirms (1: money in positive, -1: reversed, 0: unknown)."""
    best: tuple[float, _Column, int] | None = None
    for c in numeric:
        if c.index in taken:
            continue
        pairs, up, down = _chain(c.amounts, series)
        if pairs and max(up, down) >= max(2, 0.5 * pairs):
            score = max(up, down) / pairs + (1 if _matches(c.name, "balance") else 0)
            if best is None or score > best[0]:
                best = (score, c, 1 if up >= down else -1)
    if best is not None:
        _score, col, sign = best
        g.note("balance_column", 0.95, _("the balance chains with the amounts row after row"))
        return col, sign
    named = [c for c in numeric if c.index not in taken and _matches(c.name, "balance")]
    if named:
        g.note("balance_column", 0.6, _("named as the balance (it does not chain with the amounts)"))
        return named[0], 0
    return None, 0


def _sign(single: _Column | None, chained: int, rows: list[list[str]], columns: list[_Column], g: Guess) -> str:
    assert single is not None
    if chained:
        sign = "positive_in" if chained > 0 else "positive_out"
        g.note("sign", 0.95, _("the running balance rises with positive amounts") if chained > 0
               else _("the running balance falls with positive amounts"))
        return sign
    if _matches(single.name, "debit") and not _matches(single.name, "credit"):
        g.note("sign", 0.7, _("the amount column is named as money out"))
        return "positive_out"
    if _matches(single.name, "credit") and not _matches(single.name, "debit"):
        g.note("sign", 0.7, _("the amount column is named as money in"))
        return "positive_in"
    texts = [c for c in columns if not c.numeric and c.date_format is None]
    neg_in = pos_in = neg = pos = 0
    for i, value in enumerate(single.amounts):
        if value is None or value == 0:
            continue
        words = " ".join(c.values[i] for c in texts).lower()
        hit = any(w in words for w in _IN_WORDS)
        if value < 0:
            neg, neg_in = neg + 1, neg_in + hit
        else:
            pos, pos_in = pos + 1, pos_in + hit
    if neg and neg_in >= 0.5 * neg and pos_in <= 0.2 * max(pos, 1) and pos >= neg:
        g.note("sign", 0.6, _("the negative rows are refunds and repayments: spending is written positive"))
        return "positive_out"
    g.note("sign", 0.5 if neg else 0.3, _("money in taken as positive, as banks write it"))
    return "positive_in"


def _pick_text(columns: list[_Column], taken: set[int], refs: list[str], m: ColumnMapping, g: Guess) -> None:
    free = [c for c in columns if c.index not in taken and c.date_format is None]
    roles = ("counterparty", "description", "memo", "category", "order_id")
    for role in roles:
        named = [c for c in free if c.index not in taken and _matches(c.name, role) and not c.numeric
                 or (role == "order_id" and c.index not in taken and _matches(c.name, role))]
        if role == "description" and not named:
            named = [c for c in free if c.index not in taken and _matches(c.name, "memo")]
        if not named:
            continue
        best = max(named, key=lambda c: (c.filled, len(set(c.values)), -c.index))
        taken.add(best.index)
        setattr(m, f"{role}_column", refs[best.index])
        g.note(f"{role}_column", 0.7, _("named {name}").format(name=best.name))
    if not m.order_id_column:
        for c in free:
            values = [v for v in c.values if v]
            if (c.index not in taken and len(values) >= 3 and len(set(values)) == len(c.values)
                    and all(len(v) >= 10 and " " not in v and v.isascii() for v in values)):
                taken.add(c.index)
                m.order_id_column = refs[c.index]
                g.note("order_id_column", 0.5, _("a long code, different on every row"))
                break
    if not m.description_column:
        texts = [c for c in free if c.index not in taken and not c.numeric and c.filled]
        if texts:
            best = max(texts, key=lambda c: (len(set(c.values)) * sum(map(len, c.values)), -c.index))
            m.description_column = refs[best.index]
            taken.add(best.index)
            g.note("description_column", 0.4, _("the most varied text column"))


def _currency_of(value: str) -> str | None:
    if value in CURRENCY_NAMES:
        return CURRENCY_NAMES[value]
    try:
        return normalize_currency(value) if len(value) == 3 and value.isascii() and value.isalpha() else None
    except Exception:
        return None


def _pick_currency(columns: list[_Column], taken: set[int], refs: list[str], m: ColumnMapping, head: list[str],
                   g: Guess) -> None:
    for c in columns:
        if c.index in taken or not c.filled:
            continue
        values = [v for v in c.values if v]
        if all(_currency_of(v) for v in values) and (_matches(c.name, "currency") or len(values) >= 2):
            m.currency_column = refs[c.index]
            taken.add(c.index)
            g.note("currency_column", 0.9, _("its values are currencies"))
            return
    # One currency named above the table ("币种: 美元", "Currency: EUR").
    for line in head[:40]:
        for word in re.split(r"[\s,;:：|\[\]()（）]+", line):
            code = _currency_of(word.strip()) if word.strip() else None
            if code and (word.strip() in CURRENCY_NAMES or re.search(r"(币种|币别|货币|currency)", line, re.I)):
                m.currency = code
                g.note("currency", 0.7, _("the lines above the table name {code}").format(code=code))
                return
    g.note("currency", 0.3, _("no currency named: CNY assumed"))


def _footer(text: str, delimiter: str, m: ColumnMapping, date_index: int, amount_indexes: list[int],
            parse: Callable[[str], Decimal], g: Guess) -> None:
    """A line under the table (a total, a note) ends it: its first cell becomes an end marker."""
    tail = text[-TAIL_CHARS:]
    if len(tail) < len(text):
        tail = tail[tail.find("\n") + 1 :]
    records = _records(list(physical_lines(tail)), delimiter)

    def is_row(cells: list[str]) -> bool:
        if date_index >= len(cells) or _try(date_parser(m.date_format), cells[date_index]) is None:
            return False
        for i in amount_indexes:
            if i < len(cells) and cells[i] and not _blank(cells[i]):
                try:
                    parse(cells[i])
                    return True
                except CellError:
                    pass
        return False

    last = max((i for i, (_line, cells) in enumerate(records) if is_row(cells)), default=None)
    if last is None:
        return
    after = [cells for _line, cells in records[last + 1 :] if any(cells)]
    if not after:
        return
    first = after[0][0] if after[0] else ""
    if first and not first.startswith(m.end_markers):
        m.end_markers = (*m.end_markers, first)
        g.note("end_markers", 0.8, _("the table ends at a line starting {text}").format(text=repr(first)))
    elif not first:
        m.skip_bad_rows = True
        g.note("skip_bad_rows", 0.5, _("lines under the table are not rows; they are reported and skipped"))
