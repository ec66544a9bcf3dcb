"""More Chinese bank exports: debit-card statements and credit-card bills.

Debit (kind_hint "debit_card"; running balances as ``bank_csv`` states them, "running" per row and
"running_last"):

- ``abc-csv`` 农业银行: signed 交易金额 (``+10000.00``), date ``20240101`` and time ``123456`` apart, rows
  that leave out their last empty fields (交易渠道, 交易附言).
- ``boc-debit-csv`` 中国银行: signed 金额, 币别 per row (人民币), empty cells written as dashes.
- ``bocom-debit-csv`` 交通银行: unsigned 交易金额 with 借贷 (``贷 Cr`` in, ``借 Dr`` out).
- ``ccb-xls`` 建设银行: a legacy .xls (read through ``connectors.statements.xls``), 支出/收入 columns whose
  unused side is 0, a preamble (账号) and a footer (以上数据仅供参考...). Every sheet that holds the table is
  read (an export past a sheet's 65,536 rows goes on in the next); a row's ``line`` is its row in its sheet.
- ``icbc-debit-v1-csv`` 工商银行 older 明细查询 layout (``bank_csv.IcbcCsvImporter`` reads it; only the
  记账金额 columns carry amounts).

Credit cards (kind_hint "credit_card"): spending is out (negative); money paid in is in (positive): refunds
(status "refunded"), repayments (transfer_hint "credit_repayment": money moved from the person's own
paying account) and other credits (interest, cashback), neither. A bill that covers several cards (a
main and a supplementary card share one credit account) stays one section and names each row's card in
``instrument`` (its last four digits as the file writes them; a row of the account itself, such as
interest, has none), so a card's rows can be routed to an account of its own; a bill of one card names it
in the section's ``account_ref`` instead.

- ``boc-credit-csv`` 中国银行: 存入 / 支出 columns, 币种 per row (a foreign row keeps its own currency,
  never converted). 存入 rows are refunds when they name a merchant (BOC ends merchant names with the
  country code, ``网银在线CHN``), interest when they say 利息, repayments otherwise (a transfer in, named by
  its payer).
- ``bocom-credit-csv`` 交通银行: amounts ``CNY 123.18``; the first word of 交易说明 says what the row is
  (消费 spending, 退货 refund, 信用卡还款 repayment). The 入账 (booked) amount is imported; a foreign
  交易 amount is kept in the description.
- ``cgb-credit-csv`` 广发银行: signed (positive = spending), 交易摘要 starting with （消费）（分期）（退款）（还款）.
- ``cmb-credit-csv`` 招商银行: dates ``MM/DD`` whose year comes from the title (``2024年01月``; months after
  the bill's month are the year before), 交易日 empty on repayments (记账日 then), signed (positive =
  spending).
- ``icbc-credit-csv`` 工商银行 明细查询 credit layout: 收入 / 支出 columns, 余额 negative (owed).

Dates are the file's wall time (Asia/Shanghai) as naive datetimes, or dates when the file gives no time.
A period the file states is the section's period (the CCB sheet name's dates); a title's month is a note.

Failure policy: as for ``bank_csv``, a row that cannot be read fails the import with a StatementError
naming line and column.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.i18n import _
from app.ledger.vocabulary import direction_of_amount
from connectors.statements.bank_csv import (
    IcbcCsvImporter,
    _bank_table,
    bank_hint,
    currency_code,
    running_balances,
)
from connectors.statements.cells import BLANKS, CellError, clean, parse_amount, parse_datetime
from connectors.statements.records import (
    ParsedStatement,
    StatementError,
    StatementRow,
    StatementSection,
)
from connectors.statements.tables import after_table, column_map, find_header, sniff_score, table_rows
from connectors.statements.xls import is_xls, open_xls, utf16_in_head

Records = Iterator[tuple[int, list[Any]]]

_TIME = re.compile(r"(\d{2}):?(\d{2}):?(\d{2})", re.ASCII)
_MONTH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_MONTH_DAY = re.compile(r"(\d{1,2})/(\d{1,2})", re.ASCII)
_CURRENCY_AMOUNT = re.compile(r"([A-Za-z]{3})\s*(.+)")
_MERCHANT_COUNTRY = re.compile(r"[A-Z]{3}$", re.ASCII)
_CATEGORY_PREFIX = re.compile(r"[（(]\s*([^）)]*?)\s*[）)]\s*(.*)", re.DOTALL)
_CCB_PERIOD = re.compile(r"(\d{8})\D+(\d{8})", re.ASCII)
_ZERO = Decimal("0.00")


# ------------------------------------------------------------------------------------------- helpers


def text(cells: list[Any], i: int) -> str:
    """A cell's text ("" for a missing column or a cell of dashes, which some banks write for empty)."""
    if not 0 <= i < len(cells):
        return ""
    value = cells[i]
    if type(value) is str:
        s = value.strip(BLANKS)
    else:
        if isinstance(value, float) and value.is_integer():  # a spreadsheet's number that is an id or a date
            value = int(value)
        s = clean(value)
    return "" if s and s[0] == "-" and not s.strip("-") else s


def with_time(day: datetime | date, cell: str) -> datetime | date:
    """A date and a separate time cell (``123456`` or ``12:34:56``); a date alone when the time is empty."""
    if not cell:
        return day
    m = _TIME.fullmatch(cell)
    if m is None:
        raise CellError(_("not a time: {value}").format(value=repr(cell)))
    try:
        return datetime(day.year, day.month, day.day, int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise CellError(_("not a time: {value}").format(value=repr(cell))) from None


def one_side(income: str, expense: str) -> Decimal:
    """The signed amount of a row with separate income and expense cells; exactly one may be non-zero."""
    inc = abs(parse_amount(income)) if income else _ZERO
    out = abs(parse_amount(expense)) if expense else _ZERO
    if (inc and out) or not (income or expense):
        raise CellError(_("a row needs exactly one of an income and an expense amount"))
    return inc if inc else -out if out else _ZERO


def cn_hint(text: str) -> str:
    """``bank_hint`` plus the words these banks use: any 还款 (信用卡转账还款, 正常还款) and 提现 from a wallet."""
    found = bank_hint(text)
    if found:
        return found
    if "还款" in text:
        return "credit_repayment"
    if "提现" in text:
        return "withdraw"
    return ""


def is_refund(text: str) -> bool:
    return "退款" in text or "退货" in text


def cn_row(line: int, occurred: date | datetime, amount: Decimal, currency: str, category: str,
           counterparty: str, description: str) -> StatementRow:
    """A debit card's row: signed by the bank; own-account moves (``cn_hint``) and refunds known by their text."""
    return StatementRow(
        line=line,
        occurred_at=occurred,
        amount=amount,
        currency=currency,
        direction=direction_of_amount(amount),
        status="refunded" if amount > 0 and is_refund(category) else "success",
        counterparty=counterparty,
        description=description,
        category=category,
        transfer_hint=cn_hint(f"{category} {description}"),
        raw_type=category,
    )


def padded(records: Iterable[tuple[int, list[Any]]], width: int, minimum: int) -> Records:
    """Rows that leave out empty trailing fields, padded to the header's width when they hold at least the
    ``minimum`` fields the importer needs (shorter rows still fail as cut short)."""
    for line, cells in records:
        if minimum <= len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        yield line, cells


def main_currency(rows: list[StatementRow]) -> str:
    """The section's currency: CNY when any row is in CNY, else the most common."""
    counts = Counter(r.currency for r in rows)
    if not counts or "CNY" in counts:
        return "CNY"
    return counts.most_common(1)[0][0]


def month_note(preamble: Iterable[list[Any]]) -> tuple[list[str], tuple[int, int] | None]:
    """The bill's month from a title such as 中国银行信用卡账单(2025年01月): (notes, (year, month))."""
    for cells in preamble:
        m = _MONTH.search(" ".join(clean(c) for c in cells))
        if m and 1 <= int(m.group(2)) <= 12:
            year, month = int(m.group(1)), int(m.group(2))
            return [_("the file is the bill for {month}").format(month=f"{year:04d}-{month:02d}")], (year, month)
    return [], None


def cards_of(rows: list[StatementRow], cards: list[str]) -> tuple[list[StatementRow], str]:
    """Several cards: each row names its card in ``instrument``; one card: it is the section's account_ref."""
    named = {c for c in cards if c}
    if len(named) <= 1:
        return rows, next(iter(named), "")
    return [replace(r, instrument=c) if c else r for r, c in zip(rows, cards, strict=True)], ""


def card_row(line: int, occurred: datetime | date, amount: Decimal, currency: str, kind: str, category: str,
             description: str, counterparty: str = "") -> StatementRow:
    """A credit card's row: ``kind`` is spending, refund, repayment or credit; ``amount`` is already signed."""
    return StatementRow(
        line=line,
        occurred_at=occurred,
        amount=amount,
        currency=currency,
        direction=direction_of_amount(amount),
        status="refunded" if kind == "refund" else "success",
        counterparty=counterparty,
        description=description,
        category=category,
        transfer_hint="credit_repayment" if kind == "repayment" else "",
        raw_type=category,
    )


def credit_kind(amount: Decimal, words: str) -> str:
    """What a credit card row is, from its sign (negative: spending) and its words."""
    if amount < 0:
        return "spending"
    if is_refund(words):
        return "refund"
    if "还款" in words:
        return "repayment"
    return "credit"


def row_error(path: str, exc: CellError, line: int, names: list[str], field: int | str) -> StatementError:
    name = names[field] if isinstance(field, int) and 0 <= field < len(names) else str(field)
    return StatementError(path, str(exc), line=line, field=name)


class _CsvBank:
    """A bank CSV found by its header row: ``is_header``, the columns (``aliases``), what the sniffer reads."""

    name = ""
    aliases: dict[str, tuple[str, ...]] = {}
    titles: tuple[str, ...] = ()
    filenames: tuple[str, ...] = ()
    missing = ""

    @staticmethod
    def is_header(keys: set[str]) -> bool:
        raise NotImplementedError

    def sniff(self, head: bytes, filename: str) -> float:
        return sniff_score(head, filename, self.is_header, self.titles, self.filenames)

    def table(self, data: bytes, path: str) -> tuple[str, Records, list[Any], list[list[Any]], dict[str, int]]:
        encoding, records, header, preamble = _bank_table(data, path, self.is_header, self.missing)
        return encoding, records, header, preamble, column_map(header, self.aliases)


# ------------------------------------------------------------------------------------------------ ABC


class AbcCsvImporter(_CsvBank):
    """农业银行 (Agricultural Bank of China) debit-card CSV."""

    name = "abc-csv"
    aliases = {
        "date": ("交易日期",), "time": ("交易时间",), "category": ("交易摘要",), "amount": ("交易金额",),
        "balance": ("本次余额",), "counterparty": ("对手信息",), "log": ("日志号",), "channel": ("交易渠道",),
        "memo": ("交易附言",),
    }  # fmt: skip
    titles = ()
    filenames = ("abc", "农业银行", "农行")

    @staticmethod
    def is_header(keys: set[str]) -> bool:
        return {"交易日期", "交易时间", "交易摘要", "交易金额", "本次余额", "日志号"} <= keys

    @property
    def missing(self) -> str:  # type: ignore[override]
        return _("no ABC table: no header row with 交易日期, 交易时间, 交易金额, 本次余额 and 日志号 was found")

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        encoding, records, header, _preamble, cols = self.table(data, path)
        names = [clean(c) for c in header]
        need = max(cols[k] for k in ("date", "time", "category", "amount", "balance")) + 1
        rows: list[StatementRow] = []
        balances: list[Decimal | None] = []
        for line, cells in table_rows(padded(records, len(header), need), header, path):
            field = cols["date"]
            try:
                day = parse_datetime(text(cells, field))
                field = cols["time"]
                occurred = with_time(day, text(cells, field))
                field = cols["amount"]
                amount = parse_amount(text(cells, field))
                field = cols["balance"]
                balance = parse_amount(text(cells, field)) if text(cells, field) else None
            except CellError as exc:
                raise row_error(path, exc, line, names, field) from None
            category = text(cells, cols["category"])
            counterparty = text(cells, cols.get("counterparty", -1))
            memo = text(cells, cols.get("memo", -1))
            rows.append(cn_row(line, occurred, amount, "CNY", category, counterparty, memo))
            balances.append(balance)
        after_table(records, path, cols["date"], cols["amount"])
        section = StatementSection(currency="CNY", kind_hint="debit_card", rows=rows,
                                   balances=running_balances(rows, balances, "CNY"))
        return ParsedStatement(format=self.name, path=path, encoding=encoding, sections=[section])


# ------------------------------------------------------------------------------------------------ BOC


class BocDebitCsvImporter(_CsvBank):
    """中国银行 (Bank of China) debit-card 交易流水明细."""

    name = "boc-debit-csv"
    aliases = {
        "date": ("记账日期",), "time": ("记账时间",), "currency": ("币别",), "amount": ("金额",),
        "balance": ("余额",), "category": ("交易名称",), "channel": ("渠道",), "memo": ("附言",),
        "counterparty": ("对方账户名",), "card": ("借记卡号",),
    }  # fmt: skip
    titles = ("中国银行交易流水明细单",)
    filenames = ("boc", "中国银行", "中行")

    @staticmethod
    def is_header(keys: set[str]) -> bool:
        return {"记账日期", "记账时间", "币别", "金额", "余额", "交易名称", "借记卡号"} <= keys

    @property
    def missing(self) -> str:  # type: ignore[override]
        return _("no BOC table: no header row with 记账日期, 记账时间, 币别, 金额, 余额 and 借记卡号 was found")

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        encoding, records, header, _preamble, cols = self.table(data, path)
        names = [clean(c) for c in header]
        rows: list[StatementRow] = []
        balances: list[Decimal | None] = []
        cards: list[str] = []
        for line, cells in table_rows(records, header, path):
            field = cols["date"]
            try:
                day = parse_datetime(text(cells, field))
                field = cols["time"]
                occurred = with_time(day, text(cells, field))
                field = cols["amount"]
                amount = parse_amount(text(cells, field))
                field = cols["balance"]
                balance = parse_amount(text(cells, field)) if text(cells, field) else None
                field = cols["currency"]
                currency = currency_code(text(cells, field)) if text(cells, field) else "CNY"
            except CellError as exc:
                raise row_error(path, exc, line, names, field) from None
            category = text(cells, cols["category"])
            counterparty = text(cells, cols["counterparty"])
            memo = text(cells, cols["memo"])
            rows.append(cn_row(line, occurred, amount, currency, category, counterparty, memo))
            balances.append(balance)
            cards.append(text(cells, cols["card"]))
        after_table(records, path, cols["date"], cols["amount"])
        rows, account = cards_of(rows, cards)
        currency = main_currency(rows)
        section = StatementSection(account_ref=account, currency=currency, kind_hint="debit_card", rows=rows,
                                   balances=running_balances(rows, balances, currency))
        return ParsedStatement(format=self.name, path=path, encoding=encoding, sections=[section])


class BocCreditCsvImporter(_CsvBank):
    """中国银行 (Bank of China) credit-card bill."""

    name = "boc-credit-csv"
    aliases = {
        "date": ("交易日",), "posted": ("银行记账日",), "card": ("卡号后四位",), "description": ("交易描述",),
        "income": ("存入",), "expense": ("支出",), "currency": ("币种",),
    }  # fmt: skip
    titles = ("中国银行信用卡账单",)
    filenames = ("boc", "中国银行", "中行")

    @staticmethod
    def is_header(keys: set[str]) -> bool:
        return {"交易日", "银行记账日", "卡号后四位", "交易描述", "存入", "支出"} <= keys

    @property
    def missing(self) -> str:  # type: ignore[override]
        return _("no BOC credit card table: no header row with 交易日, 银行记账日, 卡号后四位, 存入 and 支出 was found")

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        encoding, records, header, preamble, cols = self.table(data, path)
        names = [clean(c) for c in header]
        rows: list[StatementRow] = []
        cards: list[str] = []
        for line, cells in table_rows(records, header, path):
            field = cols["date"]
            try:
                occurred = parse_datetime(text(cells, field) or text(cells, cols["posted"]))
                field = cols["income"]
                amount = one_side(text(cells, field), text(cells, cols["expense"]))
                field = cols.get("currency", -1)
                currency = currency_code(text(cells, field)) if text(cells, field) else "CNY"
            except CellError as exc:
                raise row_error(path, exc, line, names, field) from None
            description = text(cells, cols["description"])
            if amount < 0:
                kind = "spending"
            elif "利息" in description:
                kind = "credit"
            elif _MERCHANT_COUNTRY.search(description) or is_refund(description):
                kind = "refund"
            else:
                kind = "repayment"  # money paid in by a named payer
            rows.append(card_row(line, occurred, amount, currency, kind, "", description))
            cards.append(text(cells, cols["card"]))
        after_table(records, path, cols["date"], cols["expense"])
        rows, account = cards_of(rows, cards)
        notes, _month = month_note(preamble)
        section = StatementSection(account_ref=account, currency=main_currency(rows), kind_hint="credit_card",
                                   rows=rows)
        return ParsedStatement(format=self.name, path=path, encoding=encoding, sections=[section], notes=notes)


# ---------------------------------------------------------------------------------------------- BOCOM


class BocomDebitCsvImporter(_CsvBank):
    """交通银行 (Bank of Communications) debit-card CSV."""

    name = "bocom-debit-csv"
    aliases = {
        "date": ("交易日期",), "time": ("交易时间",), "category": ("交易类型",), "side": ("借贷",),
        "amount": ("交易金额",), "balance": ("余额",), "counterparty": ("对方户名",), "place": ("交易地点",),
        "memo": ("摘要",),
    }  # fmt: skip
    titles = ()
    filenames = ("bocom", "交通银行", "交行")

    @staticmethod
    def is_header(keys: set[str]) -> bool:
        return {"交易日期", "交易时间", "交易类型", "借贷", "交易金额", "余额"} <= keys

    @property
    def missing(self) -> str:  # type: ignore[override]
        return _("no BOCOM table: no header row with 交易日期, 交易时间, 借贷, 交易金额 and 余额 was found")

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        encoding, records, header, _preamble, cols = self.table(data, path)
        names = [clean(c) for c in header]
        rows: list[StatementRow] = []
        balances: list[Decimal | None] = []
        for line, cells in table_rows(records, header, path):
            field = cols["date"]
            try:
                day = parse_datetime(text(cells, field))
                field = cols["time"]
                occurred = with_time(day, text(cells, field))
                field = cols["amount"]
                amount = abs(parse_amount(text(cells, field)))
                field = cols["side"]
                side = text(cells, field)
                if side.startswith("贷") or side.upper().endswith("CR"):
                    pass
                elif side.startswith("借") or side.upper().endswith("DR"):
                    amount = -amount
                else:
                    raise CellError(_("unknown 借贷 value {value}").format(value=repr(side)))
                field = cols["balance"]
                balance = parse_amount(text(cells, field)) if text(cells, field) else None
            except CellError as exc:
                raise row_error(path, exc, line, names, field) from None
            category = text(cells, cols["category"])
            counterparty = text(cells, cols["counterparty"])
            description = " ".join(t for t in (text(cells, cols["memo"]), text(cells, cols["place"])) if t)
            rows.append(cn_row(line, occurred, amount, "CNY", category, counterparty, description))
            balances.append(balance)
        after_table(records, path, cols["date"], cols["amount"])
        section = StatementSection(currency="CNY", kind_hint="debit_card", rows=rows,
                                   balances=running_balances(rows, balances, "CNY"))
        return ParsedStatement(format=self.name, path=path, encoding=encoding, sections=[section])


def currency_amount(cell: str) -> tuple[str, Decimal]:
    """``CNY 123.18`` / ``CNY13.50`` -> ("CNY", Decimal("123.18"))."""
    m = _CURRENCY_AMOUNT.fullmatch(cell)
    if m is None:
        raise CellError(_("not a currency and amount: {value}").format(value=repr(cell)))
    return currency_code(m.group(1).upper()), parse_amount(m.group(2))


# First word of 交易说明 -> what the row is (prefixes: 信用卡还款 is a 还款, 分期消费 a 消费 ...).
BOCOM_KINDS: tuple[tuple[str, str], ...] = (
    ("退货", "refund"), ("退款", "refund"), ("还款", "repayment"), ("消费", "spending"), ("取现", "spending"),
    ("预借现金", "spending"), ("分期", "spending"), ("年费", "spending"), ("利息", "spending"),
    ("手续费", "spending"), ("滞纳金", "spending"), ("返现", "credit"), ("溢缴款", "credit"),
)  # fmt: skip


class BocomCreditCsvImporter(_CsvBank):
    """交通银行 (Bank of Communications) credit-card CSV."""

    name = "bocom-credit-csv"
    aliases = {
        "date": ("交易日期",), "posted": ("记账日期",), "description": ("交易说明",),
        "trade": ("交易币种/金额",), "booked": ("入账币种/金额",),
    }  # fmt: skip
    titles = ()
    filenames = ("bocom", "交通银行", "交行")

    @staticmethod
    def is_header(keys: set[str]) -> bool:
        return {"交易日期", "记账日期", "交易说明", "交易币种/金额", "入账币种/金额"} <= keys

    @property
    def missing(self) -> str:  # type: ignore[override]
        return _("no BOCOM credit card table: no header row with 交易日期, 交易说明 and 入账币种/金额 was found")

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        encoding, records, header, _preamble, cols = self.table(data, path)
        names = [clean(c) for c in header]
        rows: list[StatementRow] = []
        for line, cells in table_rows(records, header, path):
            field = cols["date"]
            try:
                occurred = parse_datetime(text(cells, field) or text(cells, cols["posted"]))
                field = cols["booked"]
                currency, value = currency_amount(text(cells, field))
                field = cols["description"]
                word, _sep, rest = text(cells, field).partition(" ")
                kind = next((k for prefix, k in BOCOM_KINDS if prefix in word), "")
                if not kind:
                    raise CellError(_("unknown kind of credit card row {value}: it does not say whether money "
                                      "was spent or paid in").format(value=repr(word)))
            except CellError as exc:
                raise row_error(path, exc, line, names, field) from None
            description = rest.strip(BLANKS)
            trade = text(cells, cols["trade"])
            try:
                trade_currency = currency_amount(trade)[0] if trade else currency
            except CellError:
                trade_currency = ""
            if trade and trade_currency != currency:
                description = f"{description} ({trade})"
            amount = -abs(value) if kind == "spending" else abs(value)
            rows.append(card_row(line, occurred, amount, currency, kind, word, description))
        after_table(records, path, cols["date"], cols["booked"])
        section = StatementSection(currency=main_currency(rows), kind_hint="credit_card", rows=rows)
        return ParsedStatement(format=self.name, path=path, encoding=encoding, sections=[section])


# ------------------------------------------------------------------------------------------------ CGB


class CgbCreditCsvImporter(_CsvBank):
    """广发银行 (China Guangfa Bank) credit-card CSV."""

    name = "cgb-credit-csv"
    aliases = {
        "date": ("交易日期",), "posted": ("入账日期",), "description": ("交易摘要",), "trade": ("交易金额",),
        "trade_currency": ("交易货币",), "amount": ("入账金额",), "currency": ("入账货币",),
    }  # fmt: skip
    titles = ()
    filenames = ("cgb", "广发")

    @staticmethod
    def is_header(keys: set[str]) -> bool:
        return {"交易日期", "入账日期", "交易摘要", "交易金额", "入账金额", "入账货币"} <= keys

    @property
    def missing(self) -> str:  # type: ignore[override]
        return _("no CGB credit card table: no header row with 交易日期, 入账日期, 交易摘要 and 入账金额 was found")

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        encoding, records, header, _preamble, cols = self.table(data, path)
        names = [clean(c) for c in header]
        rows: list[StatementRow] = []
        for line, cells in table_rows(records, header, path):
            field = cols["date"]
            try:
                occurred = parse_datetime(text(cells, field) or text(cells, cols["posted"]))
                field = cols["amount"]
                amount = -parse_amount(text(cells, field))  # the bank signs spending positive
                field = cols["currency"]
                currency = currency_code(text(cells, field)) if text(cells, field) else "CNY"
            except CellError as exc:
                raise row_error(path, exc, line, names, field) from None
            summary = text(cells, cols["description"])
            m = _CATEGORY_PREFIX.fullmatch(summary)
            category, description = (m.group(1), m.group(2).strip(BLANKS)) if m else ("", summary)
            trade_currency = text(cells, cols.get("trade_currency", -1))
            if trade_currency and trade_currency != text(cells, cols["currency"]):
                description = f"{description} ({text(cells, cols['trade'])} {trade_currency})"
            kind = credit_kind(amount, category)
            rows.append(card_row(line, occurred, amount, currency, kind, category, description))
        after_table(records, path, cols["date"], cols["amount"])
        section = StatementSection(currency=main_currency(rows), kind_hint="credit_card", rows=rows)
        return ParsedStatement(format=self.name, path=path, encoding=encoding, sections=[section])


# ------------------------------------------------------------------------------------------------ CMB


class CmbCreditCsvImporter(_CsvBank):
    """招商银行 (China Merchants Bank) credit-card bill."""

    name = "cmb-credit-csv"
    aliases = {
        "date": ("交易日",), "posted": ("记账日",), "description": ("交易摘要",), "amount": ("人民币金额",),
        "card": ("卡号末四位",), "trade": ("交易地金额",),
    }  # fmt: skip
    titles = ("招商银行信用卡对账单",)
    filenames = ("cmb", "招商", "招行")

    @staticmethod
    def is_header(keys: set[str]) -> bool:
        return {"交易日", "记账日", "交易摘要", "人民币金额", "卡号末四位"} <= keys

    @property
    def missing(self) -> str:  # type: ignore[override]
        return _("no CMB credit card table: no header row with 交易日, 记账日, 交易摘要 and 人民币金额 was found")

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        encoding, records, header, preamble, cols = self.table(data, path)
        names = [clean(c) for c in header]
        notes, bill_month = month_note(preamble)
        rows: list[StatementRow] = []
        cards: list[str] = []
        for line, cells in table_rows(records, header, path):
            field = cols["date"] if text(cells, cols["date"]) else cols["posted"]
            try:
                occurred = self._date(text(cells, field), bill_month)
                field = cols["amount"]
                amount = -parse_amount(text(cells, field))  # the bank signs spending positive
            except CellError as exc:
                raise row_error(path, exc, line, names, field) from None
            description = text(cells, cols["description"])
            rows.append(card_row(line, occurred, amount, "CNY", credit_kind(amount, description), "", description))
            cards.append(text(cells, cols["card"]))
        after_table(records, path, cols["posted"], cols["amount"])
        rows, account = cards_of(rows, cards)
        section = StatementSection(account_ref=account, currency="CNY", kind_hint="credit_card", rows=rows)
        return ParsedStatement(format=self.name, path=path, encoding=encoding, sections=[section], notes=notes)

    @staticmethod
    def _date(cell: str, bill_month: tuple[int, int] | None) -> date | datetime:
        m = _MONTH_DAY.fullmatch(cell)
        if m is None:
            return parse_datetime(cell)  # a full date, should the bank write one
        if bill_month is None:
            raise CellError(_("the date {value} has no year and the file's title names no bill month (such as "
                              "2024年01月)").format(value=repr(cell)))
        year, month = bill_month
        row_month, row_day = int(m.group(1)), int(m.group(2))
        try:
            return date(year - 1 if row_month > month else year, row_month, row_day)
        except ValueError:
            raise CellError(_("not a date: {value}").format(value=repr(cell))) from None


# ----------------------------------------------------------------------------------------------- ICBC


class IcbcDebitV1CsvImporter(IcbcCsvImporter):
    """工商银行 (ICBC) 明细查询 CSV, the older 13-column debit layout (without 交易详情)."""

    name = "icbc-debit-v1-csv"
    layout = "debit-v1"


class IcbcCreditCsvImporter(IcbcCsvImporter):
    """工商银行 (ICBC) 明细查询 CSV, credit-card layout (交易日期 and 记账日期; 余额 negative when owed)."""

    name = "icbc-credit-csv"
    layout = "credit"
    kind_hint = "credit_card"

    def row_hint(self, text: str, amount: Decimal) -> str:
        if amount > 0:
            return "credit_repayment" if "还款" in text else ""
        found = bank_hint(text)
        return "" if found == "credit_repayment" else found


# ------------------------------------------------------------------------------------------------ CCB

CCB_ALIASES: dict[str, tuple[str, ...]] = {
    "posted": ("记账日",), "date": ("交易日期",), "time": ("交易时间",), "expense": ("支出",), "income": ("收入",),
    "balance": ("账户余额",), "currency": ("币种",), "category": ("摘要",), "counterparty": ("对方户名",),
    "place": ("交易地点",),
}  # fmt: skip


def is_ccb_header(keys: set[str]) -> bool:
    return {"记账日", "交易日期", "支出", "收入", "账户余额", "摘要"} <= keys


class CcbXlsImporter:
    """建设银行 (China Construction Bank) debit-card 交易明细, legacy .xls."""

    name = "ccb-xls"

    def sniff(self, head: bytes, filename: str) -> float:
        if not is_xls(head):
            return 0.0
        if utf16_in_head(head, "记账日", "账户余额", "对方户名"):
            return 0.95
        if b"China Construction Bank" in head or utf16_in_head(head, "建设银行"):
            return 0.7
        return 0.3 if any(n in filename.lower() for n in ("ccb", "建设银行", "建行")) else 0.0

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        with open_xls(data, path) as workbook:
            several = len(workbook.sheet_names) > 1
            rows: list[StatementRow] = []
            balances: list[Decimal | None] = []
            preamble: list[list[Any]] = []
            notes: list[str] = []
            period: tuple[date, date] | None = None
            found = False
            for sheet, records in workbook.sheets():
                table = find_header(records, is_ccb_header)
                if table is None:
                    continue
                _line, header, before = table
                if not found:
                    preamble, found = before, True
                    m = _CCB_PERIOD.search(sheet)
                    if m:
                        try:
                            start, end = parse_datetime(m.group(1)), parse_datetime(m.group(2))
                        except CellError:
                            pass
                        else:
                            if _day(start) <= _day(end):
                                period = (_day(start), _day(end))
                self._sheet(records, header, sheet if several else "", path, rows, balances)
        if not found:
            raise StatementError(path, _("no CCB table: no sheet has a header row with 记账日, 交易日期, 支出, 收入 "
                                         "and 账户余额"))
        info = _label_values(preamble)
        currency = main_currency(rows)
        section = StatementSection(account_ref=info.get("账号", ""), currency=currency, kind_hint="debit_card",
                                   rows=rows, balances=running_balances(rows, balances, currency), period=period)
        return ParsedStatement(format=self.name, path=path, encoding="xls", sections=[section], notes=notes)

    @staticmethod
    def _sheet(records: Records, header: list[Any], sheet: str, path: str, rows: list[StatementRow],
               balances: list[Decimal | None]) -> None:
        cols = column_map(header, CCB_ALIASES)
        names = [clean(c) if not sheet else f"{sheet}: {clean(c)}" for c in header]
        width = len(header)
        body = padded(records, width, 0)  # a sheet row ends at its last cell
        i_date, i_posted, i_time = cols["date"], cols["posted"], cols.get("time", -1)
        i_out, i_in, i_bal, i_cur = cols["expense"], cols["income"], cols["balance"], cols.get("currency", -1)
        i_cat, i_cp, i_place = cols["category"], cols.get("counterparty", -1), cols.get("place", -1)
        for line, cells in table_rows(body, header, path, end_markers=("---", "以上数据")):
            field = i_date
            try:
                day_text = text(cells, i_date)
                if not day_text:
                    field = i_posted
                    day_text = text(cells, i_posted)
                day = parse_datetime(day_text)
                field = i_time
                occurred = day if isinstance(day, datetime) else with_time(day, text(cells, i_time))
                field = i_in
                income = _side(cells[i_in])
                field = i_out
                expense = _side(cells[i_out])
                if income and expense:
                    raise CellError(_("a row needs exactly one of an income and an expense amount"))
                amount = income if income else -expense if expense else _ZERO
                field = i_bal
                value = cells[i_bal]
                balance = parse_amount(value) if type(value) is float or text(cells, i_bal) else None
                field = i_cur
                currency = currency_code(text(cells, i_cur)) if text(cells, i_cur) else "CNY"
            except CellError as exc:
                raise row_error(path, exc, line, names, field) from None
            rows.append(cn_row(line, occurred, amount, currency, text(cells, i_cat), text(cells, i_cp),
                               text(cells, i_place)))
            balances.append(balance)
        after_table(body, path, i_date, i_out)


def _side(cell: Any) -> Decimal:
    """A 支出 or 收入 cell's magnitude; the unused side is 0 or empty."""
    if type(cell) is float:  # the common case: a number cell
        return abs(parse_amount(cell)) if cell else _ZERO
    return abs(parse_amount(cell)) if clean(cell) else _ZERO


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _label_values(records: Iterable[list[Any]]) -> dict[str, str]:
    """``账　　号：`` | ``1234`` label and value cells (the label's inner spaces dropped), first wins."""
    found: dict[str, str] = {}
    for cells in records:
        values = [clean(c) for c in cells]
        for i, label in enumerate(values[:-1]):
            key = "".join(ch for ch in label if ch not in BLANKS).rstrip(":：")
            if key and label.endswith((":", "：")) and len(key) <= 12:
                found.setdefault(key, values[i + 1])
    return found


IMPORTERS = (
    AbcCsvImporter(),
    BocDebitCsvImporter(),
    BocCreditCsvImporter(),
    BocomDebitCsvImporter(),
    BocomCreditCsvImporter(),
    CgbCreditCsvImporter(),
    CmbCreditCsvImporter(),
    IcbcDebitV1CsvImporter(),
    IcbcCreditCsvImporter(),
    CcbXlsImporter(),
)

__all__ = [
    "IMPORTERS", "AbcCsvImporter", "BocCreditCsvImporter", "BocDebitCsvImporter", "BocomCreditCsvImporter",
    "BocomDebitCsvImporter", "CcbXlsImporter", "CgbCreditCsvImporter", "CmbCreditCsvImporter",
    "IcbcCreditCsvImporter", "IcbcDebitV1CsvImporter", "cn_hint",
]
