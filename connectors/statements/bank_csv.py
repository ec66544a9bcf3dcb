"""Chinese bank CSV exports: 招商银行 debit (``cmb-csv``) and 工商银行 明细查询 (``icbc-csv``); any other
bank's CSV is read through a saved mapping by ``connectors.statements.generic_csv``.

Bank rows are signed by the bank (money in positive), so there is no neutral direction except for a
zero amount. A stated running balance becomes one ``StatementBalance(type="running")`` per row, plus
``running_last``: the balance after the chronologically last row, which the import service checks
against its own computed balance. Exports are often unsorted and several rows share a date, so the
last row is the one on the latest date whose balance no other row of that date starts from (balance
minus amount); only when that is ambiguous does file order decide.

Failure policy: as for the bills, a row that cannot be read fails the import with a StatementError
naming line and column.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.i18n import _
from app.ledger.vocabulary import direction_of_amount
from connectors.statements.cells import CellError, clean, parse_amount, parse_datetime
from connectors.statements.decoding import decode_text, sniff_text
from connectors.statements.records import (
    ParsedStatement,
    StatementBalance,
    StatementError,
    StatementRow,
    StatementSection,
)
from connectors.statements.tables import (
    after_table,
    column_map,
    csv_records,
    find_header,
    header_key,
    key_values,
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


def bank_row(line: int, occurred: date | datetime, amount: Decimal, currency: str, category: str,
             counterparty: str, description: str, memo: str = "", order_id: str = "") -> StatementRow:
    """A bank's row: signed by the bank (money in positive), its own-account moves known by their text."""
    return StatementRow(
        line=line,
        occurred_at=occurred,
        amount=amount,
        currency=currency,
        direction=direction_of_amount(amount),
        counterparty=counterparty,
        description=description,
        category=category,
        transfer_hint=bank_hint(f"{category} {counterparty} {description}"),
        memo=memo,
        order_id=order_id,
        raw_type=category,
    )


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
    keys = [_sort_key(r.occurred_at) for r, _b in stated]
    latest = max(keys)
    same_day = [pair for pair, key in zip(stated, keys, strict=True) if key == latest]
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
    # ICBC closes the table with "人民币合计,..." (one per currency; the credit layout "合计金额,...").
    for line, cells in records:
        if cells and ("合计" in (first := clean(cells[0])) and not first[:1].isdigit()):
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
            rows.append(bank_row(line, occurred, amount, currency, category, counterparty, description))
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


def icbc_layout(keys: set[str]) -> str:
    """Which 明细查询 layout a header row is: "credit" (a 记账日期 column), "debit-v2" (交易详情), "debit-v1"
    (neither), or "" when it is no ICBC header. The three share their columns, so each importer takes
    only its own."""
    if not {"交易日期", "摘要", "交易金额(收入)", "交易金额(支出)", "对方户名"} <= keys:
        return ""
    if "记账日期" in keys:
        return "credit"
    return "debit-v2" if "交易详情" in keys else "debit-v1"


def is_icbc_header(keys: set[str]) -> bool:
    """The current debit layout (v2, with 交易详情), the one ``icbc-csv`` reads."""
    return icbc_layout(keys) == "debit-v2"


def icbc_sniff(head: bytes, filename: str, layout: str) -> float:
    """0.95 when the head's header row is this ``layout``, 0 when it is another ICBC layout; without a
    header row, the 明细查询 title claims the file for the current debit layout only (0.7)."""
    text = sniff_text(head[:65536])
    for line in text.splitlines()[:120]:
        if line.count(",") >= 3:
            found = icbc_layout({header_key(c) for c in line.split(",")})
            if found:
                return 0.95 if found == layout else 0.0
    if layout == "debit-v2" and "明细查询文件下载" in text:
        return 0.8 if any(n in filename.lower() for n in ("icbc", "工商")) else 0.7
    return 0.0


class IcbcCsvImporter:
    """工商银行 (ICBC) 明细查询 CSV download, the current debit layout (v2); subclasses read the older debit
    layout and the credit-card one (``connectors.statements.bank_cn``)."""

    name = "icbc-csv"
    layout = "debit-v2"
    kind_hint = "debit_card"

    def sniff(self, head: bytes, filename: str) -> float:
        return icbc_sniff(head, filename, self.layout)

    def row_hint(self, text: str, amount: Decimal) -> str:
        """The own-account move a row's summary, counterparty and details name ("" for none)."""
        return bank_hint(text)

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        layout = self.layout
        encoding, records, header, preamble = _bank_table(
            data, path, lambda keys: icbc_layout(keys) == layout,
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
            row = bank_row(line, occurred, amount, currency, category, counterparty, description)
            hint = self.row_hint(f"{category} {counterparty} {description}", amount)
            if hint != row.transfer_hint:
                row = replace(row, transfer_hint=hint)
            if amount > 0 and ("退款" in category or "退货" in category):
                row = replace(row, status="refunded")
            rows.append(row)
            balances.append(balance)
        after_table(records, path, cols["date"], cols.get("income", cols["trade_income"]))
        info = key_values(preamble)
        currency = rows[0].currency if rows else "CNY"
        section = StatementSection(
            account_ref=info.get("卡号", ""),
            currency=currency,
            kind_hint=self.kind_hint,
            rows=rows,
            balances=running_balances(rows, balances, currency),
        )
        notes = [_("the export masks balances, so no balance was imported")] if masked else []
        return ParsedStatement(
            format=self.name, path=path, encoding=encoding, sections=[section], notes=notes
        )


# Registered for detection; the generic importer needs a mapping, so it is created where one is chosen.
IMPORTERS = (CmbCsvImporter(), IcbcCsvImporter())
