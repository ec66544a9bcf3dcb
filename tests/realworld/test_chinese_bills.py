"""The Chinese bill and bank importers over the real exports in ../shared/samples (read in place).

Every figure asserted here is the one the samples README computed from the rows (the files' own
summary lines often disagree, and are not trusted).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from connectors.statements.alipay import AlipayImporter
from connectors.statements.bank_csv import CmbCsvImporter, IcbcCsvImporter
from connectors.statements.bill_terms import TRANSFER_HINTS
from connectors.statements.jd import JdImporter
from connectors.statements.records import DIRECTIONS, STATUSES, ParsedStatement, StatementError, StatementRow
from connectors.statements.wechat import WechatImporter
from tests.conftest import SAMPLES, needs_shared

pytestmark = needs_shared(SAMPLES)

IMPORTERS = {
    "alipay": AlipayImporter(),
    "wechat": WechatImporter(),
    "jd": JdImporter(),
    "cmb-csv": CmbCsvImporter(),
    "icbc-csv": IcbcCsvImporter(),
}
EXPECTED_IMPORTER = {
    "alipay/alipay_2019_web.csv": "alipay",
    "alipay/alipay_2021_app.csv": "alipay",
    "alipay/alipay_2023_layout_synthetic.csv": "alipay",
    "wechat/wechat_2019.csv": "wechat",
    "wechat/wechat_2025.csv": "wechat",
    "wechat/wechat_2026.xlsx": "wechat",
    "jd/jd_202412.csv": "jd",
    "bank-csv/cmb_debit.csv": "cmb-csv",
    "bank-csv/icbc_debit_v2.csv": "icbc-csv",
}
# The bank-cn exports (other banks, ICBC's older debit and its credit-card layouts, Meituan) have importers
# of their own, tested in test_bank_cn.py; none of the importers above may claim them.
HEAD = 64 * 1024  # what the detector is expected to pass to sniff()


def parse(rel: str) -> ParsedStatement:
    path = SAMPLES / rel
    return IMPORTERS[EXPECTED_IMPORTER[rel]].parse(path.read_bytes(), str(path))


def totals(rows: list[StatementRow]) -> dict[str, tuple[int, Decimal]]:
    """Per direction: (count, sum of magnitudes), as the README states them."""
    out: dict[str, tuple[int, Decimal]] = {}
    for r in rows:
        n, s = out.get(r.direction, (0, Decimal(0)))
        out[r.direction] = (n + 1, s + abs(r.amount))
    return out


def day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def span(rows: list[StatementRow]) -> tuple[date, date]:
    days = [day(r.occurred_at) for r in rows]
    return min(days), max(days)


def only(rows: list[StatementRow], pred: Callable[[StatementRow], bool]) -> StatementRow:
    found = [r for r in rows if pred(r)]
    assert len(found) == 1, found
    return found[0]


# ---------------------------------------------------------------------------------------------- sniff


def sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.rglob("*") if p.is_file())


@pytest.mark.parametrize("rel", sorted(EXPECTED_IMPORTER))
def test_the_right_importer_wins_sniffing(rel: str) -> None:
    path = SAMPLES / rel
    head = path.read_bytes()[:HEAD]
    scores = {name: imp.sniff(head, path.name) for name, imp in IMPORTERS.items()}
    winner = max(scores, key=lambda k: scores[k])
    assert winner == EXPECTED_IMPORTER[rel], scores
    assert scores[winner] >= 0.9
    assert all(s < 0.5 for name, s in scores.items() if name != winner), scores


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.name)
def test_no_importer_claims_another_formats_file(path: Path) -> None:
    rel = path.relative_to(SAMPLES).as_posix()
    head = path.read_bytes()[:HEAD]
    for name, imp in IMPORTERS.items():
        if EXPECTED_IMPORTER.get(rel) != name:
            assert imp.sniff(head, path.name) < 0.5, name


def test_csv_bills_are_recognised_from_the_first_4_kib_without_a_telling_name() -> None:
    for rel, name in EXPECTED_IMPORTER.items():
        if rel.endswith(".csv"):
            assert IMPORTERS[name].sniff((SAMPLES / rel).read_bytes()[:4096], "download.csv") >= 0.9, rel


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.name)
def test_other_formats_files_are_refused_with_a_statement_error(path: Path) -> None:
    rel = path.relative_to(SAMPLES).as_posix()
    for name, imp in IMPORTERS.items():
        if EXPECTED_IMPORTER.get(rel) != name:
            with pytest.raises(StatementError) as err:
                imp.parse(path.read_bytes(), str(path))
            assert str(path) in str(err.value)


@pytest.mark.parametrize("rel", sorted(EXPECTED_IMPORTER))
def test_every_row_speaks_the_contract(rel: str) -> None:
    parsed = parse(rel)
    assert parsed.rows
    assert parsed.problems == []
    for r in parsed.rows:
        assert isinstance(r.amount, Decimal)
        assert r.direction in DIRECTIONS and r.status in STATUSES
        assert r.transfer_hint == "" or r.transfer_hint in TRANSFER_HINTS
        assert r.currency == "CNY"
        assert r.line > 0
        if r.direction == "out":
            assert r.amount <= 0
        if r.direction == "in":
            assert r.amount >= 0
        for text in (r.counterparty, r.description, r.order_id, r.merchant_order_id, r.instrument, r.memo):
            assert text == text.strip(" \t\u3000"), (r.line, text)


# --------------------------------------------------------------------------------------------- Alipay


def test_alipay_2019_web_export() -> None:
    parsed = parse("alipay/alipay_2019_web.csv")
    assert (parsed.format, parsed.encoding) == ("alipay-2019-web", "gb18030")
    assert parsed.sections[0].account_ref == "faker@faker.com"
    rows = parsed.rows
    assert len(rows) == 2
    kfc = only(rows, lambda r: r.occurred_at == datetime(2019, 9, 30, 13, 11, 25))
    assert (kfc.direction, kfc.amount, kfc.status) == ("out", Decimal("-27.00"), "success")
    assert "肯德基" in kfc.counterparty
    assert (kfc.order_id, kfc.merchant_order_id) == ("123456", "S123456")  # trailing TAB gone
    assert kfc.fee is None and kfc.refunded is None  # 0.00 service fee / refund are "none"
    interest = only(rows, lambda r: r.occurred_at == datetime(2019, 9, 30, 5, 26, 50))
    assert (interest.direction, interest.amount) == ("in", Decimal("0.01"))
    assert "余额宝" in interest.description and "收益发放" in interest.description
    assert interest.merchant_order_id == ""
    assert interest.transfer_hint == ""  # fund income is income, not a move between own accounts


def test_alipay_2021_app_export() -> None:
    parsed = parse("alipay/alipay_2021_app.csv")
    assert parsed.format == "alipay-2021-app"
    assert parsed.sections[0].account_ref == "abc@triplez.cn"  # from the 导出信息 block after the table
    rows = parsed.rows
    assert len(rows) == 16
    assert span(rows) == (date(2020, 6, 2), date(2021, 12, 11))
    assert [r.occurred_at for r in rows] != sorted(r.occurred_at for r in rows)  # unsorted, kept as is
    assert totals(rows) == {
        "out": (6, Decimal("321.81")),
        "in": (3, Decimal("161.90")),
        "neutral": (7, Decimal("3197.41")),
    }
    assert [r.line for r in rows] == list(range(3, 19))

    # The refund pair: a closed 109.90 purchase and its refund, linked by order id.
    original = only(rows, lambda r: r.status == "closed")
    assert (original.direction, original.amount) == ("out", Decimal("-109.90"))
    refund_in = only(rows, lambda r: r.direction == "in" and r.status == "refunded")
    assert refund_in.amount == Decimal("109.90")
    assert refund_in.refund_of == original.order_id == "123456"
    assert refund_in.description.startswith("退款-")

    no_instrument = only(rows, lambda r: r.description == "商品")
    assert (no_instrument.instrument, no_instrument.amount, no_instrument.line) == ("", Decimal("10.00"), 13)
    assert only(rows, lambda r: r.line == 3).instrument == "招商银行(9876)"

    hints = {r.description: (r.transfer_hint, r.amount) for r in rows if r.direction == "neutral"}
    assert hints["余额宝-单次转入"] == ("mmf_in", Decimal("-2.00"))
    assert hints["蚂蚁财富-XZY指数C-买入"] == ("invest_buy", Decimal("-50.00"))
    assert hints["蚂蚁财富-ABCD-卖出至余额宝"] == ("invest_sell", Decimal("15.40"))
    assert hints["余额宝-2020.06.08-收益发放"] == ("", Decimal("0.11"))


def test_alipay_2023_layout() -> None:
    parsed = parse("alipay/alipay_2023_layout_synthetic.csv")
    assert parsed.format == "alipay-2023"
    rows = parsed.rows
    assert len(rows) == 24
    assert rows[0].line == 26  # header on line 25
    assert span(rows) == (date(2020, 11, 23), date(2020, 12, 15))
    assert totals(rows) == {
        "out": (18, Decimal("1853.20")),
        "in": (1, Decimal("88.88")),
        "neutral": (5, Decimal("58.04")),
    }
    closed_zero = only(rows, lambda r: r.amount == 0)
    assert (closed_zero.status, closed_zero.direction, closed_zero.line) == ("closed", "neutral", 44)
    closed_paid = only(rows, lambda r: r.status == "closed" and r.amount != 0)
    assert closed_paid.amount == Decimal("-29.12")  # stays as stated; "closed" says nothing moved
    # The refund of that order links back to it through the merchant order id and counterparty.
    refund = only(rows, lambda r: r.description == "退款-耐克运动袜")
    assert (refund.status, refund.direction, refund.amount) == ("refunded", "neutral", Decimal("28.75"))
    assert refund.refund_of == closed_paid.order_id == "2020112322001155631428613258"
    assert sum(1 for r in rows if r.status == "pending") == 2  # 等待确认收货
    assert {r.instrument for r in rows} == {"余额宝"}


# --------------------------------------------------------------------------------------------- WeChat


def test_wechat_2019() -> None:
    parsed = parse("wechat/wechat_2019.csv")
    assert (parsed.format, parsed.encoding) == ("wechat-csv", "utf-8")
    rows = parsed.rows
    assert len(rows) == 2
    spend = only(rows, lambda r: r.direction == "out")
    assert (day(spend.occurred_at), spend.amount, spend.category) == (
        date(2019, 9, 26),
        Decimal("-28.16"),
        "商户消费",
    )
    assert spend.instrument == "中国银行(1234)" and spend.order_id == "3985734"
    gift = only(rows, lambda r: r.direction == "in")
    assert (day(gift.occurred_at), gift.amount, gift.category) == (
        date(2019, 9, 24),
        Decimal("0.35"),
        "微信红包",
    )
    assert gift.instrument == "" and gift.description == ""  # "/" means nothing


WECHAT_TOTALS = {
    "out": (11, Decimal("2904.53")),
    "in": (5, Decimal("28.49")),
    "neutral": (11, Decimal("26100.89")),
}


def test_wechat_2025() -> None:
    rows = parse("wechat/wechat_2025.csv").rows
    assert len(rows) == 27
    assert span(rows) == (date(2017, 10, 20), date(2024, 6, 7))
    assert totals(rows) == WECHAT_TOTALS
    fees = sorted((r.fee for r in rows if r.fee is not None), key=Decimal)
    assert fees == [Decimal("0.10"), Decimal("0.10"), Decimal("1.00")]
    withdrawal = only(rows, lambda r: r.fee == Decimal("1.00"))
    assert (withdrawal.transfer_hint, withdrawal.amount, withdrawal.instrument) == (
        "withdraw",
        Decimal("1001.10"),
        "中国银行",
    )
    quoted = only(rows, lambda r: r.counterparty.startswith("打开拼多多"))
    assert quoted.counterparty == '打开拼多多，点击底部"多多视频"'
    unknown = only(rows, lambda r: r.raw_type == "deg-不认识的-txType")
    assert (unknown.direction, unknown.amount) == ("out", Decimal("-0.01"))
    assert only(rows, lambda r: r.description == "美团订单-54321").amount == Decimal("-50.0")
    hints = sorted(r.transfer_hint for r in rows if r.direction == "neutral")
    assert hints == sorted(
        ["mmf_in", "mmf_in", "mmf_out", "mmf_out", "withdraw", "withdraw", "withdraw", "credit_repayment",
         "invest_buy", "invest_buy", "topup"]
    )  # fmt: skip
    assert only(rows, lambda r: r.transfer_hint == "topup").amount == Decimal("-1300.00")
    first = rows[0]
    assert (first.line, first.order_id, first.merchant_order_id) == (18, "3985734", "129847129")


def test_wechat_xlsx_gives_the_same_rows_as_the_csv() -> None:
    xlsx = parse("wechat/wechat_2026.xlsx")
    assert (xlsx.format, xlsx.encoding) == ("wechat-xlsx", "xlsx")
    rows = xlsx.rows
    assert len(rows) == 27
    assert totals(rows) == WECHAT_TOTALS
    assert rows[0].line == 19  # the extra note line moves the header to row 18

    def key(r: StatementRow) -> tuple[object, ...]:
        return (r.occurred_at, r.amount, r.direction, r.status, r.counterparty, r.description, r.instrument,
                r.order_id, r.merchant_order_id, r.fee, r.transfer_hint, r.raw_type, r.memo)  # fmt: skip

    assert [key(r) for r in rows] == [key(r) for r in parse("wechat/wechat_2025.csv").rows]


# ------------------------------------------------------------------------------------------------- JD


def test_jd_statement() -> None:
    parsed = parse("jd/jd_202412.csv")
    assert (parsed.format, parsed.encoding) == ("jd-csv", "utf-8-sig")
    assert parsed.sections[0].account_ref == "jd_55370d18d5bb4"
    rows = parsed.rows
    assert len(rows) == 26
    assert rows[0].line == 23
    assert span(rows) == (date(2024, 12, 5), date(2024, 12, 30))
    # 支出 amounts are net of partial refunds, which is how JD's own 支出 figure (1648.43) comes out.
    assert totals(rows) == {"out": (16, Decimal("1648.43")), "neutral": (10, Decimal("1133.20"))}
    # JD's 不计收支 figure (1097.59) is its refund rows alone.
    refunds = [r for r in rows if r.direction == "neutral" and r.status == "refunded" and r.refunded is None]
    assert sum(r.amount for r in refunds) == Decimal("1097.59")

    partial = only(rows, lambda r: r.refunded == Decimal("89.84"))
    assert (partial.amount, partial.status, partial.direction) == (Decimal("-41.93"), "success", "out")
    full = only(rows, lambda r: r.refunded == Decimal("468.32"))
    assert (full.amount, full.status, full.direction) == (Decimal("0.00"), "refunded", "neutral")
    assert sum(1 for r in rows if r.refunded is not None and r.status == "success") == 4  # 含4笔部分退款
    assert only(rows, lambda r: r.line == 23).occurred_at == datetime(2024, 12, 30, 17, 16, 2)
    bnpl = only(rows, lambda r: r.amount == Decimal("-35.61"))
    assert (bnpl.direction, bnpl.instrument) == ("neutral", "先享后付")
    assert all(r.refund_of == "100000011234" for r in refunds)


# ---------------------------------------------------------------------------------------------- banks


def test_cmb_debit() -> None:
    parsed = parse("bank-csv/cmb_debit.csv")
    assert parsed.format == "cmb-csv"
    section = parsed.sections[0]
    rows = section.rows
    assert len(rows) == 5
    assert span(rows) == (date(2024, 1, 1), date(2024, 1, 27))
    assert [r.amount for r in rows] == [
        Decimal(v) for v in ("1234.00", "-1000.00", "-3.00", "-1000.00", "-10.14")
    ]
    assert [r.direction for r in rows] == ["in", "out", "out", "out", "out"]
    running = [b for b in section.balances if b.type == "running"]
    assert [b.amount for b in running] == [
        Decimal(v) for v in ("1271.66", "271.66", "81.22", "123.45", "1218.24")
    ]
    assert [b.line for b in running] == [r.line for r in rows]
    (last,) = [b for b in section.balances if b.type == "running_last"]
    assert (last.amount, last.as_of, last.line) == (Decimal("81.22"), date(2024, 1, 27), 4)
    atm = only(rows, lambda r: r.category == "银联ATM取款")
    assert (atm.transfer_hint, atm.counterparty) == ("cash_withdrawal", "")


def test_icbc_debit() -> None:
    parsed = parse("bank-csv/icbc_debit_v2.csv")
    assert parsed.format == "icbc-csv"
    section = parsed.sections[0]
    rows = section.rows
    assert len(rows) == 11
    assert span(rows) == (date(2023, 2, 8), date(2023, 5, 2))
    assert section.account_ref == "1234****9876"
    assert section.balances == []  # masked as xx,yyyy.zz
    assert parsed.notes  # ...and the person is told so
    assert totals(rows) == {"in": (5, Decimal("2841.74")), "out": (6, Decimal("4241.08"))}
    first = rows[0]
    assert (first.line, first.amount, first.category, first.counterparty) == (
        8,
        Decimal("-13.40"),
        "消费",
        "深圳市财付通支付科技有限公司",
    )
    assert only(rows, lambda r: r.category == "自动还款").transfer_hint == "credit_repayment"


@pytest.mark.parametrize("rel", sorted(EXPECTED_IMPORTER))
def test_the_registry_routes_each_export_to_its_importer(rel: str) -> None:
    from connectors.statements import detect

    path = SAMPLES / rel
    ranked = detect.detect(path.read_bytes(), path.name)
    assert ranked[0][1].name == EXPECTED_IMPORTER[rel]
    assert ranked[1][0] < detect.THRESHOLD
    parsed = detect.parse_file(path)
    assert len(parsed.rows) == len(parse(rel).rows)
