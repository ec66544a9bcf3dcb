"""Properties of the Chinese bill/bank importers and their text helpers.

- text.py: encodings are detected and reported, CSV records keep their line, amounts and dates parse
  exactly (never through float) or fail with CellError.
- Files the tests write in each format (with commas, quotes and line breaks inside fields) read back
  exactly; large ones (20,000 rows) give exact totals.
- The real exports, damaged at random (cut, bytes flipped, lines doubled, re-encoded), make every
  importer either return a result or raise StatementError, never anything else.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import random
import time
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import ValidationError
from connectors.statements.alipay import AlipayImporter
from connectors.statements.bank_csv import CmbCsvImporter, IcbcCsvImporter
from connectors.statements.bill_terms import TRANSFER_HINTS
from connectors.statements.cells import BLANKS, CellError, clean, parse_amount, parse_datetime
from connectors.statements.decoding import decode_text
from connectors.statements.generic_csv import ColumnMapping, GenericCsvImporter
from connectors.statements.jd import JdImporter
from connectors.statements.records import DIRECTIONS, STATUSES, ParsedStatement, StatementError
from connectors.statements.tables import csv_records
from connectors.statements.wechat import WechatImporter
from tests.conftest import SAMPLES, needs_shared

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ROUND_TRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def checked(parsed: ParsedStatement) -> ParsedStatement:
    """The contract every successful parse keeps, whatever the input."""
    for row in parsed.rows:
        assert isinstance(row.amount, Decimal) and row.amount.is_finite()
        assert row.direction in DIRECTIONS and row.status in STATUSES
        assert row.transfer_hint == "" or row.transfer_hint in TRANSFER_HINTS
        assert isinstance(row.occurred_at, date)
        assert row.line >= 1
    return parsed


# ============================================================================================ text.py


class TestDecoding:
    TEXT = "交易时间,交易对方,金额\n2024-01-05 12:00:00,肯德基,27.00\n"

    @pytest.mark.parametrize(
        ("codec", "reported"),
        [
            ("gbk", "gb18030"),  # GB18030 is a superset: GBK files decode identically
            ("gb18030", "gb18030"),
            ("utf-8", "utf-8"),
            ("utf-8-sig", "utf-8-sig"),
            ("utf-16", "utf-16"),  # Python writes a BOM
            ("utf-32", "utf-32"),
        ],
    )
    def test_detects_and_reports(self, codec: str, reported: str) -> None:
        assert decode_text(self.TEXT.encode(codec), "f.csv") == (self.TEXT, reported)

    @pytest.mark.parametrize("bom", ["utf-16-le", "utf-16-be"])
    def test_utf16_either_byte_order(self, bom: str) -> None:
        data = "\ufeff".encode(bom) + self.TEXT.encode(bom)
        assert decode_text(data, "f.csv") == (self.TEXT, "utf-16")

    def test_characters_only_gb18030_has(self) -> None:
        text = "商户,𠮷野家,䶮\n"  # four-byte GB18030 sequences, outside GBK
        assert decode_text(text.encode("gb18030"), "f.csv") == (text, "gb18030")

    def test_invalid_bytes_name_the_line(self) -> None:
        with pytest.raises(StatementError) as err:
            decode_text(b"header\nrow\n\xff\xff\xff\n", "bad.csv")
        assert err.value.line == 3 and err.value.path == "bad.csv"

    def test_a_damaged_utf16_file_is_refused(self) -> None:
        with pytest.raises(StatementError):
            decode_text("\ufeffabc".encode("utf-16-le") + b"\x00", "f.csv")  # odd length

    def test_nul_bytes_are_refused(self) -> None:
        with pytest.raises(StatementError) as err:
            decode_text(self.TEXT.encode("utf-16-le"), "no-bom.csv")  # UTF-16 without a byte-order mark
        assert err.value.line == 1

    @given(
        st.text(
            alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
        )
    )
    def test_any_text_in_any_supported_encoding_round_trips(self, text: str) -> None:
        for codec in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
            assert decode_text(text.encode(codec), "f.csv") == (text, codec)
        data = text.encode("gb18030")
        decoded, encoding = decode_text(data, "f.csv")
        # The one ambiguity, and why UTF-8 is tried first: a GB18030 byte string can also be valid UTF-8
        # ("摘" is D5 AA, which UTF-8 reads as "ժ"). Real exports are long enough that this never happens.
        assert (decoded, encoding) == (
            (text, "gb18030") if encoding == "gb18030" else (data.decode(), "utf-8")
        )

    @given(st.binary(max_size=200))
    def test_any_bytes_decode_as_reported_or_raise_statement_error(self, data: bytes) -> None:
        try:
            text, encoding = decode_text(data, "f.csv")
        except StatementError as err:
            assert err.line is not None and err.line >= 1
            return
        assert data.decode(encoding) == text


class TestCsvRecords:
    def test_lines_survive_quoted_line_breaks_and_any_line_ending(self) -> None:
        text = 'a,b\r\n"x\ny",z\r\n\r\n"say ""hi""",2\rlast,1'
        assert list(csv_records(text, "f.csv")) == [
            (1, ["a", "b"]),
            (2, ["x\ny", "z"]),
            (4, []),
            (5, ['say "hi"', "2"]),
            (6, ["last", "1"]),
        ]

    def test_a_quote_inside_an_unquoted_field_is_literal(self) -> None:
        assert list(csv_records('商户消费,点击底部"多多视频",1\n', "f")) == [
            (1, ["商户消费", '点击底部"多多视频"', "1"])
        ]

    def test_a_field_past_the_size_limit_is_a_statement_error(self) -> None:
        with pytest.raises(StatementError) as err:
            list(csv_records('a\n"' + "x" * 200_000, "f.csv"))
        assert err.value.line == 2

    def test_clean_strips_padding_tabs_and_full_width_spaces(self) -> None:
        assert clean("2019121222001\t") == "2019121222001"
        assert clean("\u3000 肯德基  \t") == "肯德基"
        assert clean(None) == ""


class TestAmounts:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("¥28.16", "28.16"),
            ("￥28.16", "28.16"),
            ("1,234.56", "1234.56"),
            ("-1,234.56", "-1234.56"),
            ("  -1,234.56\t", "-1234.56"),
            ("50.0", "50.0"),
            ("0.00", "0.00"),
            ("+3.00", "3.00"),
            ("-¥3.00", "-3.00"),
            ("¥-3.00", "-3.00"),
            ("(12.50)", "-12.50"),
            ("12.50元", "12.50"),
            ("1,234,567.89", "1234567.89"),
        ],
    )
    def test_accepted(self, text: str, value: str) -> None:
        got = parse_amount(text)
        assert got == Decimal(value) and str(got) == value

    @pytest.mark.parametrize(
        "text",
        ["", "-", "NaN", "Infinity", "1e5", "1_000", "12.3.4", "--1", "¥", "1,23", "12,34.5", "abc", "+-1", "0x10",
         "1 000", "１２"],
    )  # fmt: skip
    def test_refused(self, text: str) -> None:
        with pytest.raises(CellError):
            parse_amount(text)

    def test_numbers_from_xlsx_keep_their_written_value(self) -> None:
        assert str(parse_amount(28.16)) == "28.16"
        assert str(parse_amount(100.1)) == "100.10"
        assert str(parse_amount(12)) == "12.00"
        for bad in (float("nan"), float("inf"), True, 1e20):
            with pytest.raises(CellError):
                parse_amount(bad)

    @given(
        st.integers(min_value=-(10**14), max_value=10**14), st.booleans(), st.sampled_from(["", "¥", "￥"])
    )
    def test_formatted_cents_round_trip(self, cents: int, grouped: bool, symbol: str) -> None:
        whole, frac = divmod(abs(cents), 100)
        text = f"{'-' if cents < 0 else ''}{symbol}{whole:,}.{frac:02d}" if grouped else f"{cents / 1:.0f}"
        expected = Decimal(cents).scaleb(-2) if grouped else Decimal(cents)
        assert parse_amount(text) == expected

    @given(st.text(max_size=30))
    def test_any_text_is_an_amount_or_a_cell_error(self, text: str) -> None:
        try:
            value = parse_amount(text)
        except CellError:
            return
        assert value.is_finite()


class TestDates:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            ("2019-09-30 13:11:25 ", datetime(2019, 9, 30, 13, 11, 25)),
            ("2024-12-30 17:16:02\t", datetime(2024, 12, 30, 17, 16, 2)),
            ("2023/1/5 9:05", datetime(2023, 1, 5, 9, 5)),
            ("2023/01/05 09:05:07", datetime(2023, 1, 5, 9, 5, 7)),
            ("2024年1月5日", date(2024, 1, 5)),
            ("20240105", date(2024, 1, 5)),
            ("2024-01-01", date(2024, 1, 1)),
            ("2023-05-02     \t", date(2023, 5, 2)),
            ("2020-12-14T16:50:20", datetime(2020, 12, 14, 16, 50, 20)),
        ],
    )
    def test_accepted(self, text: str, value: date) -> None:
        got = parse_datetime(text)
        assert got == value and type(got) is type(value)

    @pytest.mark.parametrize("text", ["", "2024-13-01", "2024-02-30 10:00:00", "2020-W01-1", "yesterday", "24:00",
                                      "2024-01-01 25:00:00", "2024-01-01+08:00"])  # fmt: skip
    def test_refused(self, text: str) -> None:
        with pytest.raises(CellError):
            parse_datetime(text)

    @given(
        st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)).map(
            lambda d: d.replace(microsecond=0)
        )
    )
    def test_every_export_shape_round_trips(self, moment: datetime) -> None:
        for fmt in ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S\t"):
            assert parse_datetime(moment.strftime(fmt)) == moment

    @given(st.text(max_size=30))
    def test_any_text_is_a_date_or_a_cell_error(self, text: str) -> None:
        try:
            parse_datetime(text)
        except CellError:
            pass


# ================================================================================== writing exports


@dataclass(frozen=True)
class Bill:
    """One row as a test writes it."""

    when: datetime
    direction: str  # the file's word: 收入 / 支出 / 不计收支
    cents: int
    status: str
    counterparty: str
    description: str
    order_id: str
    kind: str = "商户消费"  # WeChat 交易类型
    memo: str = ""


def _csv(rows: list[list[str]], terminator: str = "\r\n") -> str:
    out = io.StringIO()
    # With "\n" endings csv.writer would leave a lone "\r" unquoted (a broken file); quote everything
    # then, as WeChat mostly does.
    quoting = csv.QUOTE_MINIMAL if terminator == "\r\n" else csv.QUOTE_ALL
    csv.writer(out, lineterminator=terminator, quoting=quoting).writerows(rows)
    return out.getvalue()


def _money(cents: int, grouped: bool = False) -> str:
    whole, frac = divmod(abs(cents), 100)
    return (
        f"{'-' if cents < 0 else ''}{whole:,}.{frac:02d}"
        if grouped
        else f"{'-' if cents < 0 else ''}{whole}.{frac:02d}"
    )


ALIPAY_2023_HEADER = ["交易时间", "交易分类", "交易对方", "对方账号", "商品说明", "收/支", "金额", "收/付款方式", "交易状态",
                      "交易订单号", "商家订单号", "备注", ""]  # fmt: skip


def _alipay_cells(b: Bill) -> list[str]:
    return [b.when.strftime("%Y-%m-%d %H:%M:%S"), "日用百货", b.counterparty, "", b.description, b.direction,
            _money(b.cents), "余额宝", b.status, b.order_id + "\t", "", b.memo, ""]  # fmt: skip


def alipay_2023(bills: list[Bill]) -> bytes:
    preamble = ["-" * 84, "导出信息：", "姓名：测试", "支付宝账户：1234567890"] + [
        f"说明 {i}" for i in range(19)
    ]
    preamble.append("------------------------支付宝支付科技有限公司  电子客户回单------------------------")
    assert len(preamble) == 24  # the header lands on line 25, as in real exports
    body = [_alipay_cells(b) for b in bills]
    return ("\r\n".join(preamble) + "\r\n" + _csv([ALIPAY_2023_HEADER, *body])).encode("gb18030")


WECHAT_HEADER = [
    "交易时间",
    "交易类型",
    "交易对方",
    "商品",
    "收/支",
    "金额(元)",
    "支付方式",
    "当前状态",
    "交易单号",
    "商户单号",
    "备注",
]
WECHAT_PREAMBLE = [["微信支付账单明细"], ["微信昵称：[测试]"]] + [[f"注 {i}"] for i in range(14)]


def _wechat_cells(b: Bill) -> list[str]:
    return [b.when.strftime("%Y-%m-%d %H:%M:%S"), b.kind, b.counterparty or "/", b.description or "/", b.direction,
            "¥" + _money(b.cents), "零钱", b.status, b.order_id + "\t", "/", b.memo or "/"]  # fmt: skip


def wechat_csv(bills: list[Bill]) -> bytes:
    return _csv([*WECHAT_PREAMBLE, WECHAT_HEADER, *(_wechat_cells(b) for b in bills)], "\n").encode("utf-8")


def _text_cell(ws: object, value: object) -> object:
    """Strings stay strings, as in a real export (openpyxl would turn '=0' into a formula)."""
    if isinstance(value, str) and value.startswith("="):
        cell = openpyxl.cell.WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def wechat_xlsx(bills: list[Bill]) -> bytes:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    for line in WECHAT_PREAMBLE:
        ws.append(line)
    ws.append(WECHAT_HEADER)
    for b in bills:
        cells: list[object] = _wechat_cells(b)
        cells[5] = b.cents / 100  # newer exports store the amount as a number
        ws.append([_text_cell(ws, c) for c in cells])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


JD_HEADER = [
    "交易时间",
    "商户名称",
    "交易说明",
    "金额",
    "收/付款方式",
    "交易状态",
    "收/支",
    "交易分类",
    "交易订单号",
    "商家订单号",
    "备注",
]


def jd_csv(rows: list[list[str]]) -> bytes:
    preamble = [["导出信息："], ["京东账号名：jd_test"]] + [[f"说明{i}"] for i in range(19)]
    return b"\xef\xbb\xbf" + _csv([*preamble, JD_HEADER, *rows], "\n").encode("utf-8")


CMB_HEADER = ["记账日期", "货币", "交易金额", "联机余额", "交易摘要", "对手信息", "客户摘要"]


def cmb_csv(rows: list[tuple[date, int, int, str]]) -> bytes:
    body = [[d.isoformat(), "CNY", _money(c, grouped=True), _money(b, grouped=True), "快捷支付", who, "摘要"]
            for d, c, b, who in rows]  # fmt: skip
    return _csv([CMB_HEADER, *body], "\n").encode("utf-8")


# Field text with everything CSV makes hard: separators, quotes, line breaks, CJK, full-width space.
field_text = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from(',"\n\r\t \u3000¥-/'),
    ),
    max_size=16,
)
moments = st.datetimes(min_value=datetime(2015, 1, 1), max_value=datetime(2030, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)


@st.composite
def bills(draw: st.DrawFn, directions: tuple[str, ...] = ("收入", "支出", "不计收支")) -> Bill:
    return Bill(
        when=draw(moments),
        direction=draw(st.sampled_from(directions)),
        cents=draw(st.integers(min_value=0, max_value=10**9)),
        status=draw(st.sampled_from(["交易成功", "交易关闭", "退款成功", "等待确认收货"])),
        counterparty=draw(field_text),
        description=draw(field_text),
        order_id=draw(st.from_regex(r"[0-9A-Z_]{0,30}", fullmatch=True)),
        memo=draw(field_text),
    )


def _line_of_each_record(rows: list[list[str]], terminator: str) -> list[int]:
    """Where csv.writer puts each record: one past the line breaks before it (\\r\\n is one break)."""
    starts, text = [], ""
    for row in rows:
        starts.append(len(io.StringIO(text, newline="").readlines()) + 1)
        text += _csv([row], terminator)
    return starts


@ROUND_TRIP
@given(st.lists(bills(), max_size=25))
def test_alipay_rows_read_back_exactly(written: list[Bill]) -> None:
    parsed = checked(AlipayImporter().parse(alipay_2023(written), "a.csv"))
    assert parsed.format == "alipay-2023" and parsed.encoding in ("gb18030", "utf-8")
    assert len(parsed.rows) == len(written)
    direction = {"收入": "in", "支出": "out", "不计收支": "neutral"}
    # 24 preamble lines, then the header as record 1 of the table.
    expected_lines = [
        24 + n for n in _line_of_each_record([ALIPAY_2023_HEADER, *map(_alipay_cells, written)], "\r\n")
    ]
    expected_lines = expected_lines[1:]
    for row, bill, line in zip(parsed.rows, written, expected_lines, strict=True):
        assert row.occurred_at == bill.when
        assert abs(row.amount) == Decimal(bill.cents).scaleb(-2)
        assert row.direction == direction[bill.direction]
        assert (row.amount <= 0) if row.direction == "out" else (row.amount >= 0 or row.transfer_hint)
        assert row.counterparty == bill.counterparty.strip(BLANKS)
        assert row.description == bill.description.strip(BLANKS)
        assert row.memo == bill.memo.strip(BLANKS)
        assert row.order_id == bill.order_id
        assert row.line == line


wechat_kinds = st.sampled_from(
    [("商户消费", "支出", ""), ("微信红包", "收入", ""), ("零钱提现", "/", "withdraw"), ("零钱充值", "/", "topup"),
     ("转入零钱通-来自零钱", "/", "mmf_in"), ("零钱通转出-到零钱", "/", "mmf_out"), ("信用卡还款", "/", "credit_repayment"),
     ("购买理财通", "/", "invest_buy"), ("一种新类型", "支出", "")]
)  # fmt: skip


@st.composite
def wechat_bills(draw: st.DrawFn, text: st.SearchStrategy[str] = field_text) -> tuple[Bill, str]:
    kind, word, hint = draw(wechat_kinds)
    fee = draw(st.integers(min_value=1, max_value=999)) if kind == "零钱提现" else 0
    bill = Bill(
        when=draw(moments),
        direction=word,
        cents=draw(st.integers(min_value=0, max_value=10**9)),
        status=draw(st.sampled_from(["支付成功", "已存入零钱", "提现已到账", "已全额退款"])),
        counterparty=draw(text.filter(lambda t: t.strip(BLANKS) != "/")),
        description=draw(text.filter(lambda t: t.strip(BLANKS) != "/")),
        order_id=draw(st.from_regex(r"[0-9]{1,30}", fullmatch=True)),
        kind=kind,
        memo=f"服务费¥{_money(fee)}" if fee else "",
    )
    return bill, hint


def _check_wechat(parsed: ParsedStatement, written: list[tuple[Bill, str]]) -> None:
    checked(parsed)
    assert len(parsed.rows) == len(written)
    for row, (bill, hint) in zip(parsed.rows, written, strict=True):
        assert row.occurred_at == bill.when
        assert abs(row.amount) == Decimal(bill.cents).scaleb(-2)
        assert row.direction == {"支出": "out", "收入": "in", "/": "neutral"}[bill.direction]
        assert row.transfer_hint == hint and row.raw_type == bill.kind
        assert row.counterparty == bill.counterparty.strip(BLANKS)
        assert row.description == bill.description.strip(BLANKS)
        assert (row.fee is not None) == bill.memo.startswith("服务费")
        assert row.order_id == bill.order_id
        if hint == "withdraw":
            assert row.amount >= 0  # arrives on the card named as instrument
        elif hint:
            assert row.amount <= 0
        if bill.status == "已全额退款":
            assert row.status == "refunded" and row.refunded == abs(row.amount)


@ROUND_TRIP
@given(st.lists(wechat_bills(), max_size=25))
def test_wechat_csv_rows_read_back_exactly(written: list[tuple[Bill, str]]) -> None:
    parsed = WechatImporter().parse(wechat_csv([b for b, _h in written]), "w.csv")
    assert parsed.format == "wechat-csv" and parsed.sections[0].account_ref == "测试"
    _check_wechat(parsed, written)


xml_safe_text = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), st.sampled_from(',"\t -')
    ),
    max_size=12,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(wechat_bills(xml_safe_text), max_size=12))
def test_wechat_xlsx_rows_read_back_exactly(written: list[tuple[Bill, str]]) -> None:
    parsed = WechatImporter().parse(wechat_xlsx([b for b, _h in written]), "w.xlsx")
    assert parsed.format == "wechat-xlsx"
    _check_wechat(parsed, written)
    assert [r.line for r in parsed.rows] == list(range(18, 18 + len(written)))


# ================================================================================ large exports


def _random_bills(rnd: random.Random, n: int, start: datetime) -> list[Bill]:
    out = []
    for i in range(n):
        word = rnd.choice(["收入", "支出", "支出", "支出", "不计收支"])
        out.append(
            Bill(
                when=start + timedelta(seconds=rnd.randrange(0, 86400 * 365)),
                direction=word,
                cents=rnd.randrange(0, 10**8),
                status=rnd.choice(["交易成功", "交易成功", "交易关闭", "退款成功"]),
                counterparty=rnd.choice(["肯德基", "美团, 外卖", '说"好"', "淘宝\n店铺", "ZARA"]),
                description=f"商品{i}",
                order_id=f"2020{i:020d}",
            )
        )
    return out


def _expected_totals(written: list[Bill], words: dict[str, str]) -> dict[str, tuple[int, Decimal]]:
    out: dict[str, tuple[int, Decimal]] = {}
    for b in written:
        d = words[b.direction]
        n, s = out.get(d, (0, Decimal(0)))
        out[d] = (n + 1, s + Decimal(b.cents).scaleb(-2))
    return out


def _totals(parsed: ParsedStatement) -> dict[str, tuple[int, Decimal]]:
    out: dict[str, tuple[int, Decimal]] = {}
    for r in parsed.rows:
        n, s = out.get(r.direction, (0, Decimal(0)))
        out[r.direction] = (n + 1, s + abs(r.amount))
    return out


@pytest.mark.slow
def test_alipay_20k_rows_exact_totals() -> None:
    written = _random_bills(random.Random(2023), 20_000, datetime(2023, 1, 1))
    parsed = checked(AlipayImporter().parse(alipay_2023(written), "big.csv"))
    assert len(parsed.rows) == 20_000
    assert _totals(parsed) == _expected_totals(written, {"收入": "in", "支出": "out", "不计收支": "neutral"})
    assert sum(r.status == "closed" for r in parsed.rows) == sum(b.status == "交易关闭" for b in written)
    assert parsed.rows[0].line == 26


@pytest.mark.slow
def test_alipay_100k_rows_parse_fast() -> None:
    written = _random_bills(random.Random(7), 100_000, datetime(2024, 1, 1))
    data = alipay_2023(written)
    started = time.perf_counter()
    parsed = AlipayImporter().parse(data, "huge.csv")
    elapsed = time.perf_counter() - started
    assert len(parsed.rows) == 100_000
    # Measured ~0.8 s on the development machine; the bound only catches a slide into quadratic work.
    assert elapsed < 5.0, elapsed


@pytest.mark.slow
@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_wechat_20k_rows_exact_totals(form: str) -> None:
    rnd = random.Random(2025)
    kinds = [("商户消费", "支出"), ("微信红包", "收入"), ("零钱提现", "/"), ("转入零钱通-来自零钱", "/")]
    written = []
    for i in range(20_000):
        kind, word = rnd.choice(kinds)
        written.append(Bill(datetime(2024, 1, 1) + timedelta(minutes=i), word, rnd.randrange(1, 10**7), "支付成功",
                            "某餐厅, 分店", "", str(10**20 + i), kind))  # fmt: skip
    data = wechat_csv(written) if form == "csv" else wechat_xlsx(written)
    parsed = checked(WechatImporter().parse(data, f"big.{form}"))
    assert _totals(parsed) == _expected_totals(written, {"支出": "out", "收入": "in", "/": "neutral"})
    assert sum(r.transfer_hint == "withdraw" for r in parsed.rows) == sum(
        b.kind == "零钱提现" for b in written
    )


@pytest.mark.slow
def test_jd_20k_rows_net_of_refunds() -> None:
    rnd = random.Random(12)
    rows, net_out, neutral = [], Decimal(0), Decimal(0)
    for i in range(20_000):
        gross = rnd.randrange(100, 10**6)
        shape = rnd.choice(["plain", "partial", "full", "refund"])
        when = (datetime(2024, 12, 1) + timedelta(minutes=i)).strftime("%Y-%m-%d %H:%M:%S") + "\t"
        if shape == "plain":
            amount, word, net_out = _money(gross), "支出", net_out + Decimal(gross).scaleb(-2)
        elif shape == "partial":
            back = rnd.randrange(1, gross)
            amount, word = f"{_money(gross)}(已退款{_money(back)})", "支出"
            net_out += Decimal(gross - back).scaleb(-2)
        elif shape == "full":
            amount, word = f"{_money(gross)}(已全额退款)", "不计收支"
        else:
            amount, word, neutral = _money(gross), "不计收支", neutral + Decimal(gross).scaleb(-2)
        desc = ("退款-" if shape == "refund" else "") + f"商品{i}"
        status = "退款成功" if shape == "refund" else "交易成功"
        rows.append(
            [
                when,
                "京东平台商户",
                desc,
                amount,
                "中国银行信用卡(1875)",
                status,
                word,
                "网购",
                f"{i}\t",
                "1\t",
                " ",
            ]
        )
    parsed = checked(JdImporter().parse(jd_csv(rows), "jd.csv"))
    assert len(parsed.rows) == 20_000
    assert -sum(r.amount for r in parsed.rows if r.direction == "out") == net_out
    assert (
        sum(abs(r.amount) for r in parsed.rows if r.direction == "neutral") == neutral
    )  # full refunds net to 0
    assert all(r.status == "refunded" for r in parsed.rows if r.refunded is not None and r.amount == 0)


@pytest.mark.slow
@pytest.mark.parametrize("order", ["ascending", "descending", "shuffled"])
def test_cmb_20k_rows_and_the_last_balance(order: str) -> None:
    rnd = random.Random(order)
    balance, day, chain = 1_000_000, date(2020, 1, 1), []
    for _ in range(20_000):
        day += timedelta(days=rnd.choice([0, 0, 1]))
        amount = rnd.choice([-1, 1]) * rnd.randrange(1, 10**7)
        balance += amount
        chain.append((day, amount, balance, "抖音电商商家"))
    final = chain[-1][2]
    rows = (
        chain
        if order == "ascending"
        else chain[::-1]
        if order == "descending"
        else rnd.sample(chain, len(chain))
    )
    parsed = checked(CmbCsvImporter().parse(cmb_csv(rows), "cmb.csv"))
    section = parsed.sections[0]
    assert sum(r.amount for r in section.rows) == Decimal(sum(a for _d, a, _b, _w in chain)).scaleb(-2)
    assert len([b for b in section.balances if b.type == "running"]) == 20_000
    (last,) = [b for b in section.balances if b.type == "running_last"]
    assert (last.amount, last.as_of) == (Decimal(final).scaleb(-2), chain[-1][0])


# ================================================================================= damaged exports

CASES = {
    "alipay/alipay_2019_web.csv": AlipayImporter(),
    "alipay/alipay_2021_app.csv": AlipayImporter(),
    "alipay/alipay_2023_layout_synthetic.csv": AlipayImporter(),
    "wechat/wechat_2019.csv": WechatImporter(),
    "wechat/wechat_2025.csv": WechatImporter(),
    "wechat/wechat_2026.xlsx": WechatImporter(),
    "jd/jd_202412.csv": JdImporter(),
    "bank-csv/cmb_debit.csv": CmbCsvImporter(),
    "bank-csv/icbc_debit_v2.csv": IcbcCsvImporter(),
}
ALL_IMPORTERS = [
    AlipayImporter(),
    WechatImporter(),
    JdImporter(),
    CmbCsvImporter(),
    IcbcCsvImporter(),
    GenericCsvImporter(
        ColumnMapping(date_column="记账日期", amount_column="交易金额", balance_column="联机余额")
    ),
    GenericCsvImporter(
        ColumnMapping(date_column="#1", amount_column="#3", has_header=False, skip_bad_rows=True)
    ),
]
needs_samples = needs_shared(SAMPLES)


@dataclass(frozen=True)
class Damage:
    """One way a file gets damaged (kept as data so Hypothesis prints a failing case readably)."""

    kind: str
    where: float  # 0..1, position in the file (bytes or lines)
    other: float = 0.0  # second position, for swaps
    payload: bytes = b""
    size: int = 1

    def __call__(self, data: bytes) -> bytes:
        i = int(self.where * len(data))
        if self.kind == "cut":
            return data[:i]
        if self.kind == "flip":
            return data[:i] + bytes([data[i] ^ self.size]) + data[i + 1 :] if data else data
        if self.kind == "delete":
            return data[:i] + data[i + self.size :]
        if self.kind == "insert":
            return data[:i] + self.payload + data[i:]
        if self.kind == "replace":
            return data[:i] + self.payload + data[i + 1 :]
        lines = data.split(b"\n")
        i, j = int(self.where * len(lines)), int(self.other * len(lines))
        if self.kind == "double_line":
            lines.insert(i, lines[i])
        elif self.kind == "drop_line":
            del lines[i]
        else:  # swap_lines
            lines[i], lines[j] = lines[j], lines[i]
        return b"\n".join(lines)


position = st.floats(min_value=0, max_value=1, exclude_max=True)
csv_bytes = st.sampled_from([b",", b'"', b"\t", b"\n", b"\r", b"\x00", b"-", b"\xff", b"/", b"(", b"\xa3"])
damages = st.one_of(
    st.builds(Damage, st.just("cut"), position),
    st.builds(Damage, st.just("flip"), position, size=st.sampled_from([1 << b for b in range(8)])),
    st.builds(Damage, st.just("delete"), position, size=st.integers(1, 64)),
    st.builds(Damage, st.just("insert"), position, payload=st.binary(min_size=1, max_size=8)),
    st.builds(Damage, st.just("replace"), position, payload=csv_bytes),
    st.builds(Damage, st.sampled_from(["double_line", "drop_line", "swap_lines"]), position, position),
)


def _parse_or_refuse(importer: object, data: bytes, name: str) -> ParsedStatement | None:
    try:
        return checked(importer.parse(data, name))  # type: ignore[attr-defined]
    except StatementError as err:
        assert err.path == name and err.problem
        return None


@needs_samples
@FUZZ
@given(st.sampled_from(sorted(CASES)), st.lists(damages, min_size=1, max_size=3))
def test_a_damaged_export_is_read_or_refused_never_crashes(rel: str, damage: list[Damage]) -> None:
    data = (SAMPLES / rel).read_bytes()
    for hit in damage:
        data = hit(data)
    for importer in ALL_IMPORTERS:
        _parse_or_refuse(importer, data, rel)


@needs_samples
@FUZZ
@given(st.sampled_from(["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml", "xl/workbook.xml"]),
       st.lists(damages, min_size=1, max_size=3))  # fmt: skip
def test_damage_inside_the_xlsx_parts_is_refused_cleanly(member: str, damage: list[Damage]) -> None:
    source = zipfile.ZipFile(SAMPLES / "wechat" / "wechat_2026.xlsx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                for hit in damage:
                    content = hit(content)
            target.writestr(info.filename, content)
    _parse_or_refuse(WechatImporter(), out.getvalue(), "w.xlsx")


@needs_samples
@pytest.mark.parametrize("rel", [r for r in sorted(CASES) if r.endswith(".csv")])
@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-32"])
def test_re_encoding_an_export_changes_nothing_but_the_reported_encoding(rel: str, codec: str) -> None:
    importer = CASES[rel]
    data = (SAMPLES / rel).read_bytes()
    original = importer.parse(data, rel)  # type: ignore[attr-defined]
    text, _encoding = decode_text(data, rel)
    again = importer.parse(text.encode(codec), rel)  # type: ignore[attr-defined]
    assert again.rows == original.rows
    assert again.encoding == codec


@needs_samples
@pytest.mark.parametrize("rel", [r for r in sorted(CASES) if r.endswith(".csv")])
def test_line_endings_do_not_matter(rel: str) -> None:
    importer = CASES[rel]
    data = (SAMPLES / rel).read_bytes()
    original = importer.parse(data, rel)  # type: ignore[attr-defined]
    unix = importer.parse(data.replace(b"\r\n", b"\n"), rel)  # type: ignore[attr-defined]
    windows = importer.parse(data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), rel)  # type: ignore[attr-defined]
    assert unix.rows == original.rows == windows.rows


@needs_samples
def test_a_row_with_a_bad_amount_fails_the_import_naming_line_and_column() -> None:
    data = (SAMPLES / "alipay" / "alipay_2023_layout_synthetic.csv").read_bytes()
    bad = data.replace(",129.00,".encode("gb18030"), ",12x.00,".encode("gb18030"))
    with pytest.raises(StatementError) as err:
        AlipayImporter().parse(bad, "a.csv")
    assert (err.value.line, err.value.field) == (26, "金额")
    assert "12x.00" in str(err.value)


@needs_samples
def test_a_cut_short_row_fails_the_import() -> None:
    data = (SAMPLES / "wechat" / "wechat_2025.csv").read_bytes()
    cut = data[: data.index("美团订单-54321".encode())]
    with pytest.raises(StatementError) as err:
        WechatImporter().parse(cut, "w.csv")
    assert err.value.line == 42


@needs_samples
def test_rows_after_the_end_rule_are_not_dropped_silently() -> None:
    text, _enc = decode_text((SAMPLES / "alipay" / "alipay_2021_app.csv").read_bytes(), "a")
    lines = text.split("\n")
    lines.insert(8, "-" * 84)  # an end rule in the middle of the table
    with pytest.raises(StatementError) as err:
        AlipayImporter().parse("\n".join(lines).encode("gb18030"), "a.csv")
    assert err.value.line == 10


def test_a_file_without_the_header_names_what_is_missing() -> None:
    with pytest.raises(StatementError) as err:
        AlipayImporter().parse("just,some,text\n1,2,3\n".encode("gb18030"), "x.csv")
    assert "收/支" in err.value.problem and err.value.path == "x.csv"
    with pytest.raises(StatementError):
        WechatImporter().parse(b"", "empty.csv")
    with pytest.raises(StatementError):
        WechatImporter().parse(b"PK\x03\x04 not really a zip", "w.xlsx")


# ============================================================================ generic CSV mapping

mappings = st.builds(
    ColumnMapping,
    date_column=st.text(min_size=1, max_size=8),
    date_format=st.sampled_from(["", "%d/%m/%Y", "%Y%m%d %H%M"]),
    amount_column=st.just("金额"),
    sign=st.sampled_from(["positive_in", "positive_out"]),
    counterparty_column=st.text(max_size=8),
    currency=st.sampled_from(["CNY", "USD", "人民币"]),
    header_row=st.integers(0, 50),
    encoding=st.sampled_from(["auto", "gbk", "utf-8"]),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    end_markers=st.lists(st.text(min_size=1, max_size=4), max_size=3).map(tuple),
    skip_bad_rows=st.booleans(),
    account_ref=st.text(max_size=10),
)


@given(mappings)
def test_a_mapping_survives_saving(mapping: ColumnMapping) -> None:
    assert ColumnMapping.from_json(mapping.to_json()) == mapping


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("not json", "mapping"),
        ("[]", "mapping"),
        ('{"version": 2, "date_column": "日期", "amount_column": "金额"}', "mapping"),
        ('{"version": 1, "date_column": "日期", "amount_column": "金额", "colour": "red"}', "colour"),
        ('{"version": 1, "date_column": 3, "amount_column": "金额"}', "date_column"),
        ('{"version": 1, "date_column": "日期", "amount_column": "金额", "header_row": true}', "header_row"),
        ('{"version": 1, "date_column": "日期"}', "amount_column"),
        ('{"version": 1, "date_column": "日期", "amount_column": "a", "debit_column": "b"}', "amount_column"),
        ('{"version": 1, "date_column": "日期", "amount_column": "a", "encoding": "klingon"}', "encoding"),
        ('{"version": 1, "date_column": "日期", "amount_column": "a", "sign": "up"}', "sign"),
        ('{"version": 1, "amount_column": "a"}', "date_column"),
    ],
)
def test_a_damaged_saved_mapping_names_the_setting(text: str, field: str) -> None:
    with pytest.raises(ValidationError) as err:
        ColumnMapping.from_json(text)
    assert err.value.field == field


def test_generic_debit_credit_columns_with_a_chosen_date_format() -> None:
    text = (
        "Statement for 6222 **** 0001\n"
        "Date;Time;Payee;Debit;Credit;Balance\n"
        "05/01/2024;09:30;Coffee;12,50;;987,50\n"  # decimal commas are not a format we guess
    )
    mapping = ColumnMapping(date_column="Date", date_format="%d/%m/%Y", time_column="Time", debit_column="Debit",
                            credit_column="Credit", counterparty_column="Payee", delimiter=";")  # fmt: skip
    with pytest.raises(StatementError) as err:
        GenericCsvImporter(mapping).parse(text.encode(), "bank.csv")
    assert (err.value.line, err.value.field) == (3, "Debit")

    good = (
        text.replace("12,50", "12.50").replace("987,50", "987.50")
        + "06/01/2024;18:00;Salary;;1,000.00;\n合计;;;12.50;1000.00;\n"
    )
    parsed = GenericCsvImporter(mapping).parse(good.encode("gbk"), "bank.csv")
    assert parsed.encoding == "gb18030"  # detected, not assumed: "合计" was written in GBK
    assert [(r.occurred_at, r.amount, r.direction, r.counterparty) for r in parsed.rows] == [
        (datetime(2024, 1, 5, 9, 30), Decimal("-12.50"), "out", "Coffee"),
        (datetime(2024, 1, 6, 18, 0), Decimal("1000.00"), "in", "Salary"),
    ]


def test_generic_skip_bad_rows_reports_them() -> None:
    text = "日期,金额,对方\n2024-01-01,-5.00,A\n小计,xx,\n2024-01-02,7.00,B\n"
    strict = ColumnMapping(
        date_column="日期", amount_column="金额", counterparty_column="对方", end_markers=()
    )
    with pytest.raises(StatementError) as err:
        GenericCsvImporter(strict).parse(text.encode("gb18030"), "b.csv")
    assert (err.value.line, err.value.field) == (3, "日期")
    lenient = dataclasses.replace(strict, skip_bad_rows=True)
    parsed = GenericCsvImporter(lenient).parse(text.encode("gb18030"), "b.csv")
    assert [r.amount for r in parsed.rows] == [Decimal("-5.00"), Decimal("7.00")]
    assert [(p.line, p.field) for p in parsed.problems] == [(3, "日期")]


def test_generic_credit_card_export_with_spending_positive() -> None:
    text = "交易日,金额,商户\n2024/3/1,88.00,超市\n2024/3/2,-20.00,还款\n"
    mapping = ColumnMapping(
        date_column="交易日", amount_column="金额", counterparty_column="商户", sign="positive_out"
    )
    rows = GenericCsvImporter(mapping).parse(text.encode(), "cc.csv").rows
    assert [(r.amount, r.direction) for r in rows] == [(Decimal("-88.00"), "out"), (Decimal("20.00"), "in")]
    assert GenericCsvImporter(mapping).sniff(text.encode(), "cc.csv") == 0.0


def test_generic_column_not_in_header_is_named() -> None:
    mapping = ColumnMapping(date_column="日期", amount_column="金额", memo_column="备注")
    with pytest.raises(StatementError) as err:
        GenericCsvImporter(mapping).parse("日期,金额\n".encode(), "b.csv")
    assert "备注" in err.value.problem


@needs_samples
def test_generic_mapping_reproduces_the_cmb_importer() -> None:
    data = (SAMPLES / "bank-csv" / "cmb_debit.csv").read_bytes()
    mapping = ColumnMapping(date_column="记账日期", amount_column="交易金额", balance_column="联机余额",
                            currency_column="货币", counterparty_column="对手信息", description_column="客户摘要",
                            category_column="交易摘要")  # fmt: skip
    generic = GenericCsvImporter(ColumnMapping.from_json(mapping.to_json())).parse(data, "cmb.csv")
    cmb = CmbCsvImporter().parse(data, "cmb.csv")
    assert generic.rows == cmb.rows
    assert generic.sections[0].balances == cmb.sections[0].balances


@needs_samples
def test_generic_debit_credit_mapping_reads_the_icbc_export() -> None:
    data = (SAMPLES / "bank-csv" / "icbc_debit_v2.csv").read_bytes()
    mapping = ColumnMapping(date_column="交易日期", credit_column="记账金额(收入)", debit_column="记账金额(支出)",
                            counterparty_column="对方户名", end_markers=("人民币合计",))  # fmt: skip
    parsed = GenericCsvImporter(mapping).parse(data, "icbc.csv")
    assert [r.amount for r in parsed.rows] == [
        r.amount for r in IcbcCsvImporter().parse(data, "icbc.csv").rows
    ]
