"""The column guesser against every CSV sample, stripped of its known layout.

Each CSV under the shared samples becomes four variants that no importer knows: its columns renamed to
English; renamed and shuffled; renamed with day-first dates (DD/MM/YYYY); renamed with decimal commas
and ``;`` between fields. Each variant is read by ``guess_mapping`` and then ``GenericCsvImporter``, and
counts as right when it gives the same number of rows as the original, each with the same date and
signed amount. The original is read by its real importer (``detect.parse_file``); the bank-cn files,
which have none on this branch, are read with a mapping written here by hand and checked against the
row counts and totals in the samples' README first.

A row the original's importer reads as neutral (不计收支, 其他, a WeChat "/") gets its sign from the
platform's rules for the paying instrument, which the file does not state; those rows are compared by
magnitude. The samples are read in place, never copied into the repository.
"""

from __future__ import annotations

import csv
import io
import random
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from connectors.statements.cells import CellError, parse_datetime
from connectors.statements.decoding import decode_text
from connectors.statements.detect import parse_file
from connectors.statements.generic_csv import ColumnMapping, GenericCsvImporter
from connectors.statements.guess import guess_mapping
from tests.conftest import SAMPLES, needs_shared

pytestmark = needs_shared(SAMPLES)

ENGLISH = {
    "交易分类": "Category", "交易创建时间": "Created", "交易单号": "Transaction ID", "交易号": "Transaction No",
    "交易名称": "Transaction Name", "交易国家或地区简称": "Country", "交易地点": "Place", "交易场所": "Location",
    "交易对方": "Counterparty", "交易币种": "Original Currency", "交易成功时间": "Completed", "交易描述": "Description",
    "交易摘要": "Summary", "交易日": "Transaction Date", "交易日期": "Transaction Date", "交易时间": "Time",
    "交易来源地": "Source", "交易渠道": "Channel", "交易状态": "Status", "交易类型": "Type",
    "交易订单号": "Order ID", "交易详情": "Details", "交易货币": "Original Currency", "交易金额": "Amount",
    "交易金额(支出)": "Original Paid Out", "交易金额(收入)": "Original Paid In", "交易附言": "Note",
    "付款时间": "Paid At", "余额": "Balance", "借记卡号": "Card", "借贷": "Dr/Cr", "入账日期": "Posting Date",
    "入账货币": "Posted Currency", "入账金额": "Posted Amount", "卡号后四位": "Card Last 4", "商品": "Item",
    "商品名称": "Item", "商品说明": "Item", "商家单号": "Merchant Ref", "商家订单号": "Merchant Ref",
    "商户单号": "Merchant Ref", "备注": "Remark", "存入": "Credit", "实付金额": "Paid Amount",
    "客户摘要": "Narrative", "对手信息": "Counterparty", "对方卡号/账号": "Payee Account", "对方开户行": "Payee Bank",
    "对方户名": "Payee", "对方账号": "Payee Account", "对方账户": "Payee Account", "对方账户名": "Payee",
    "币别": "Currency", "币种": "Currency", "序号": "No", "当前状态": "Status", "成功退款（元）": "Refunded",
    "摘要": "Summary", "支付方式": "Paid With", "支出": "Debit", "收/付款方式": "Paid With", "收/支": "In/Out",
    "日 志 号": "Log No", "最近修改时间": "Modified", "服务费（元）": "Fee", "本次余额": "Balance",
    "渠道": "Channel", "类型": "Type", "网点名称": "Branch", "联机余额": "Balance", "订单标题": "Title",
    "订单金额": "Order Amount", "记账币种": "Currency", "记账日期": "Posting Date", "记账时间": "Posting Time",
    "记账金额(支出)": "Paid Out", "记账金额(收入)": "Paid In", "货币": "Currency", "资金状态": "Fund Status",
    "金额": "Amount", "金额(元)": "Amount", "金额（元）": "Amount", "钞/汇": "Cash/Transfer",
    "银行记账日": "Posting Date", "附言": "Memo", "商户名称": "Merchant", "交易说明": "Description",
}  # fmt: skip

FORMATS = ["alipay/alipay_2019_web.csv", "alipay/alipay_2021_app.csv", "alipay/alipay_2023_layout_synthetic.csv",
           "wechat/wechat_2019.csv", "wechat/wechat_2025.csv", "jd/jd_202412.csv", "bank-csv/cmb_debit.csv",
           "bank-csv/icbc_debit_v2.csv"]  # fmt: skip


@dataclass
class HandRead:
    """A bank-cn file read by a mapping written by hand, checked against the README's figures."""

    mapping: ColumnMapping
    count: int
    money_in: str
    money_out: str


BANK_CN = {
    "abc_debit.csv": HandRead(ColumnMapping(date_column="交易日期", amount_column="交易金额"), 5, "10000.01", "12355.89"),
    "boc_debit.csv": HandRead(ColumnMapping(date_column="记账日期", amount_column="金额"), 17, "9821.00", "9394.30"),
    "boc_credit.csv": HandRead(ColumnMapping(date_column="交易日", debit_column="支出", credit_column="存入",
                                             currency_column="币种"), 14, "989.84", "1231.81"),
    "bocom_debit.csv": HandRead(ColumnMapping(date_column="交易日期", amount_column="交易金额", direction_column="借贷",
                                              in_values=("贷 Cr",), out_values=("借 Dr",)), 6, "11.25", "114.00"),
    "cgb_credit.csv": HandRead(ColumnMapping(date_column="交易日期", amount_column="交易金额", sign="positive_out"),
                               4, "1227.88", "403.32"),
    "icbc_credit.csv": HandRead(ColumnMapping(date_column="交易日期", debit_column="记账金额(支出)",
                                              credit_column="记账金额(收入)"), 9, "4621.01", "363.13"),
    "icbc_debit_v1.csv": HandRead(ColumnMapping(date_column="交易日期", debit_column="记账金额(支出)",
                                                credit_column="记账金额(收入)", end_markers=("人民币合计",)),
                                  11, "2841.74", "4241.08"),
    "meituan.csv": HandRead(ColumnMapping(date_column="交易创建时间", amount_column="实付金额", direction_column="收/支",
                                          in_values=("收入",), out_values=("支出",)), 29, "209.73", "1223.80"),
}  # fmt: skip
# Not readable by any column mapping, so left out: bocom_credit.csv (amounts "CNY 123.18", the direction in
# the first word of the description) and cmb_credit.csv (dates "12/29" without a year).

Expected = list[tuple[date, Decimal, bool]]  # (day, signed amount, neutral)


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def expected_rows(path: Path) -> Expected:
    if path.name in BANK_CN:
        hand = BANK_CN[path.name]
        rows = GenericCsvImporter(hand.mapping).parse(path.read_bytes(), str(path)).rows
        assert len(rows) == hand.count
        assert sum(r.amount for r in rows if r.amount > 0) == Decimal(hand.money_in)
        assert -sum(r.amount for r in rows if r.amount < 0) == Decimal(hand.money_out)
    else:
        rows = parse_file(path).rows
    return [(_day(r.occurred_at), r.amount, r.direction == "neutral") for r in rows]


# ------------------------------------------------------------------------------------------ variants

_MONEY = re.compile(r"([+-]?[¥￥]?[+-]?)(\d{1,3}(?:,\d{3})+|\d+)\.(\d{1,8})")


def _is_date(cell: str) -> bool:
    if not re.match(r"\d{4}", cell.strip()):
        return False
    try:
        parse_datetime(cell)
    except CellError:
        return False
    return True


def _day_first(cell: str) -> str:
    value = parse_datetime(cell)
    text = value.strftime("%d/%m/%Y")
    return text + value.strftime(" %H:%M:%S") if isinstance(value, datetime) else text


def _decimal_comma(cell: str) -> str:
    m = _MONEY.fullmatch(cell.strip())
    if m is None:
        return cell
    return f"{m.group(1)}{m.group(2).replace(',', '.')},{m.group(3)}"


@dataclass
class Table:
    before: list[list[str]]
    header: list[str]
    rows: list[list[str]]
    after: list[list[str]]
    encoding: str


def split(path: Path, count: int) -> Table:
    """The file's records around its table: the header is the last line above the first of ``count`` dated rows."""
    text, encoding = decode_text(path.read_bytes(), str(path))
    records = list(csv.reader(io.StringIO(text, newline="")))
    dated = [i for i, r in enumerate(records) if r and any(_is_date(c) for c in r)]
    start = dated[0]
    header_at = max(i for i in range(start) if any(c.strip() for c in records[i]))
    end, seen = start, 0
    while seen < count:
        if any(c.strip() for c in records[end]):
            seen += 1
        end += 1
    return Table(records[:header_at], records[header_at], records[start:end], records[end:],
                 "gb18030" if encoding == "gb18030" else "utf-8")


def render(table: Table, delimiter: str = ",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerows([*table.before, table.header, *table.rows, *table.after])
    return out.getvalue().encode(table.encoding)


def english(table: Table) -> Table:
    header = [ENGLISH.get(c.strip(), f"Field {i + 1}") if c.strip() else "" for i, c in enumerate(table.header)]
    return Table(table.before, header, table.rows, table.after, table.encoding)


def shuffled(table: Table, seed: int) -> Table:
    width = max(len(table.header), *(len(r) for r in table.rows))
    order = list(range(width))
    random.Random(seed).shuffle(order)

    def move(cells: list[str]) -> list[str]:
        padded = cells + [""] * (width - len(cells))
        return [padded[i] for i in order]

    return Table(table.before, move(table.header), [move(r) for r in table.rows], table.after, table.encoding)


def cells_mapped(table: Table, change: object) -> Table:
    assert callable(change)
    return Table(table.before, table.header, [[change(c) for c in r] for r in table.rows], table.after, table.encoding)


def variants(path: Path, count: int) -> dict[str, bytes]:
    base = english(split(path, count))
    return {
        "english": render(base),
        "shuffled": render(shuffled(base, seed=len(path.name))),
        "day-first": render(cells_mapped(base, lambda c: _day_first(c) if _is_date(c) else c)),
        "decimal-comma": render(cells_mapped(base, _decimal_comma), delimiter=";"),
    }


def read_variant(data: bytes, name: str) -> Expected:
    mapping = guess_mapping(data, name).mapping
    rows = GenericCsvImporter(mapping).parse(data, name).rows
    return [(_day(r.occurred_at), r.amount, False) for r in rows]


def same(expected: Expected, got: Expected) -> str:
    """"" when the rows agree, else what differs first."""
    if len(expected) != len(got):
        return f"{len(got)} rows, expected {len(expected)}"
    for n, ((day, amount, neutral), (g_day, g_amount, _n)) in enumerate(zip(expected, got, strict=True), 1):
        if day != g_day:
            return f"row {n}: date {g_day}, expected {day}"
        if (abs(amount) != abs(g_amount)) if neutral else (amount != g_amount):
            return f"row {n}: amount {g_amount}, expected {amount}"
    return ""


def corpus() -> list[Path]:
    return [SAMPLES / f for f in FORMATS] + [SAMPLES / "bank-cn" / f for f in BANK_CN]


def test_the_guesser_reads_nine_in_ten_variants_of_the_real_samples(capsys: pytest.CaptureFixture[str]) -> None:
    results: list[tuple[str, str, str]] = []
    for path in corpus():
        expected = expected_rows(path)
        for kind, data in variants(path, len(expected)).items():
            try:
                problem = same(expected, read_variant(data, f"{path.stem}-{kind}.csv"))
            except Exception as exc:  # a variant the guesser or the mapping cannot read is a miss
                problem = f"{type(exc).__name__}: {exc}"[:160]
            results.append((path.name, kind, problem))
    hits = sum(1 for *_k, problem in results if not problem)
    rate = hits / len(results)
    with capsys.disabled():
        print(f"\nguess corpus: {hits}/{len(results)} variants read right ({rate:.1%})")
        for name, kind, problem in results:
            if problem:
                print(f"  miss: {name} [{kind}]: {problem}")
    assert len(results) == 4 * len(corpus())
    assert rate >= 0.9


@pytest.mark.parametrize("name", sorted(BANK_CN))
def test_the_hand_mappings_agree_with_the_readme(name: str) -> None:
    assert expected_rows(SAMPLES / "bank-cn" / name)  # the figures are asserted inside
