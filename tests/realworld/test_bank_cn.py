"""The Chinese bank and Meituan importers over the exports in ../shared/samples/statements/bank-cn (read in
place), and small files written here for the edge cases.

Every figure asserted for a sample is the one the samples README computed from the rows (the files' own
footers, preambles and balances often disagree, and are not trusted).
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from connectors.statements import bank_cn, detect, limits, meituan, xls
from connectors.statements.bank_csv import IcbcCsvImporter
from connectors.statements.bill_terms import TRANSFER_HINTS
from connectors.statements.records import DIRECTIONS, STATUSES, ParsedStatement, StatementError, StatementRow
from tests.conftest import SAMPLES, needs_shared

BANK_CN = SAMPLES / "bank-cn"
HEAD = 64 * 1024
D = Decimal


@dataclass(frozen=True)
class Expect:
    format: str
    count: int
    span: tuple[date, date]
    totals: dict[tuple[str, str], tuple[int, str]]  # (direction, currency) -> (rows, sum of magnitudes)
    kind: str
    account: str = ""
    last: tuple[str, date | datetime, int] | None = None  # running_last: amount, as of, line
    notes: tuple[str, ...] = ()  # phrases some note must hold
    period: tuple[date, date] | None = None  # the period the file states
    instruments: frozenset[str] = field(default_factory=lambda: frozenset({""}))


EXPECTED: dict[str, Expect] = {
    "abc_debit.csv": Expect(
        "abc-csv", 5, (date(2024, 1, 1), date(2024, 1, 4)),
        {("in", "CNY"): (2, "10000.01"), ("out", "CNY"): (2, "12355.89"), ("neutral", "CNY"): (1, "0.00")},
        "debit_card", last=("123.35", date(2024, 1, 4), 6)),
    "boc_debit.csv": Expect(
        "boc-debit-csv", 17, (date(2025, 8, 1), date(2025, 8, 22)),
        {("in", "CNY"): (4, "9821.00"), ("out", "CNY"): (13, "9394.30")},
        "debit_card", account="3167", last=("3240.28", datetime(2025, 8, 22, 17, 57, 17), 3)),
    "boc_credit.csv": Expect(
        "boc-credit-csv", 14, (date(2024, 12, 13), date(2024, 12, 30)),
        {("out", "CNY"): (7, "1228.09"), ("out", "USD"): (1, "3.72"), ("in", "CNY"): (6, "989.84")},
        "credit_card", notes=("2025-01",), instruments=frozenset({"", "4260", "2875"})),
    "bocom_debit.csv": Expect(
        "bocom-debit-csv", 6, (date(2024, 2, 2), date(2025, 1, 1)),
        {("in", "CNY"): (3, "11.25"), ("out", "CNY"): (3, "114.00")},
        "debit_card", last=("1334.63", datetime(2025, 1, 1, 0, 0, 0), 2)),
    "bocom_credit.csv": Expect(
        "bocom-credit-csv", 8, (date(2025, 1, 10), date(2025, 1, 29)),
        {("out", "CNY"): (4, "73.58"), ("in", "CNY"): (4, "805.27")}, "credit_card"),
    "ccb_debit.xls": Expect(
        "ccb-xls", 6, (date(2025, 1, 1), date(2025, 1, 6)), {("out", "CNY"): (6, "703.26")},
        "debit_card", account="xxxxx*********xxxx", last=("1494.65", datetime(2025, 1, 6, 12, 3, 39), 12),
        period=(date(2025, 1, 1), date(2025, 6, 20))),
    "cgb_credit.csv": Expect(
        "cgb-credit-csv", 4, (date(2024, 12, 25), date(2025, 1, 5)),
        {("out", "CNY"): (2, "403.32"), ("in", "CNY"): (2, "1227.88")}, "credit_card"),
    "cmb_credit.csv": Expect(
        "cmb-credit-csv", 6, (date(2023, 12, 29), date(2024, 1, 5)),
        {("out", "CNY"): (2, "8056.78"), ("in", "CNY"): (4, "380.80")}, "credit_card", account="1234",
        notes=("2024-01",)),
    "icbc_credit.csv": Expect(
        "icbc-credit-csv", 9, (date(2023, 3, 20), date(2023, 5, 5)),
        {("out", "CNY"): (8, "363.13"), ("in", "CNY"): (1, "4621.01")}, "credit_card",
        account="1234****5678", last=("-3728.62", date(2023, 5, 5), 9)),
    "icbc_debit_v1.csv": Expect(
        "icbc-debit-v1-csv", 11, (date(2023, 2, 8), date(2023, 5, 2)),
        {("in", "CNY"): (5, "2841.74"), ("out", "CNY"): (6, "4241.08")}, "debit_card", account="1234****9876",
        notes=("masks balances",)),
    "meituan.csv": Expect(
        "meituan-csv", 29, (date(2025, 2, 2), date(2025, 2, 28)),
        {("out", "CNY"): (23, "1223.80"), ("in", "CNY"): (6, "209.73")}, "wallet_balance",
        account="SJT714453696", notes=("11 rows", "微信支付"), period=(date(2025, 2, 1), date(2025, 2, 28)),
        instruments=frozenset({"美团月付", "中国银行信用卡(1875)", "微信支付", "美团余额", "中国银行储蓄卡(3147)"})),
}  # fmt: skip

NEW_IMPORTERS = {imp.name: imp for imp in (*bank_cn.IMPORTERS, meituan.IMPORTER)}


def parse(name: str) -> ParsedStatement:
    return detect.parse_file(BANK_CN / name)


def totals(rows: list[StatementRow]) -> dict[tuple[str, str], tuple[int, Decimal]]:
    out: dict[tuple[str, str], tuple[int, Decimal]] = {}
    for r in rows:
        n, s = out.get((r.direction, r.currency), (0, D(0)))
        out[(r.direction, r.currency)] = (n + 1, s + abs(r.amount))
    return out


def day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def only(rows: list[StatementRow], pred: Callable[[StatementRow], bool]) -> StatementRow:
    found = [r for r in rows if pred(r)]
    assert len(found) == 1, found
    return found[0]


def refunds(rows: list[StatementRow]) -> list[StatementRow]:
    return [r for r in rows if r.status == "refunded"]


def hinted(rows: list[StatementRow], hint: str) -> list[StatementRow]:
    return [r for r in rows if r.transfer_hint == hint]


# --------------------------------------------------------------------------------------------- samples

shared = needs_shared(BANK_CN)


@shared
def test_every_bank_cn_sample_has_an_expectation() -> None:
    assert {p.name for p in BANK_CN.iterdir()} == set(EXPECTED)


@shared
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_detection_picks_the_importer_and_no_other_is_sure(name: str) -> None:
    path = BANK_CN / name
    ranked = detect.detect(path.read_bytes(), path.name)
    assert ranked[0][1].name == EXPECTED[name].format and ranked[0][0] >= 0.9
    assert ranked[1][0] < detect.THRESHOLD, [(s, i.name) for s, i in ranked[:3]]
    # ...also without a telling file name
    assert detect.detect(path.read_bytes(), "download" + path.suffix)[0][1].name == EXPECTED[name].format


@shared
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_sample_yields_the_readme_figures(name: str) -> None:
    want = EXPECTED[name]
    parsed = parse(name)
    assert parsed.format == want.format
    assert parsed.problems == []
    (section,) = parsed.sections
    rows = section.rows
    assert len(rows) == want.count
    assert (min(day(r.occurred_at) for r in rows), max(day(r.occurred_at) for r in rows)) == want.span
    assert totals(rows) == {k: (n, D(s)) for k, (n, s) in want.totals.items()}
    assert section.kind_hint == want.kind
    assert section.account_ref == want.account
    assert section.currency == "CNY"
    lasts = [(str(b.amount), b.as_of, b.line) for b in section.balances if b.type == "running_last"]
    assert lasts == ([want.last] if want.last else [])
    for phrase in want.notes:
        assert any(phrase in n for n in parsed.notes), (phrase, parsed.notes)
    assert section.period == want.period
    assert {r.instrument for r in rows} == want.instruments


@shared
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_row_speaks_the_contract(name: str) -> None:
    for r in parse(name).rows:
        assert isinstance(r.amount, Decimal) and r.amount == r.amount.quantize(D("0.01"))
        assert r.direction in DIRECTIONS and r.status in STATUSES
        assert r.transfer_hint == "" or r.transfer_hint in TRANSFER_HINTS
        assert (r.direction == "out") == (r.amount < 0) and (r.direction == "in") == (r.amount > 0)
        assert isinstance(r.occurred_at, date) and getattr(r.occurred_at, "tzinfo", None) is None
        assert r.line > 0 and len(r.currency) == 3
        for text in (r.counterparty, r.description, r.category, r.order_id, r.merchant_order_id, r.memo):
            assert text == text.strip(" \t\u3000") and "\t" not in text, (r.line, text)


def _sample_files() -> list[Path]:
    return sorted(p for p in SAMPLES.rglob("*") if p.is_file()) if SAMPLES.exists() else []


@shared
@pytest.mark.parametrize("path", _sample_files(), ids=lambda p: p.relative_to(SAMPLES).as_posix())
def test_no_importer_claims_another_formats_file(path: Path) -> None:
    """No importer but its own is sure of a bank-cn file; none of the new importers is sure of any other."""
    head = path.read_bytes()[:HEAD]
    mine = EXPECTED[path.name].format if path.parent == BANK_CN else None
    checked = detect.importers() if mine else list(NEW_IMPORTERS.values())
    assert len(checked) >= len(NEW_IMPORTERS)
    for importer in checked:
        if importer.name != mine:
            assert importer.sniff(head, path.name) < detect.THRESHOLD, importer.name


@shared
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_other_importers_refuse_the_file_with_a_statement_error(name: str) -> None:
    path = BANK_CN / name
    for imp_name, importer in NEW_IMPORTERS.items():
        if imp_name != EXPECTED[name].format:
            with pytest.raises(StatementError) as err:
                importer.parse(path.read_bytes(), str(path))
            assert str(path) in str(err.value)


@shared
def test_abc_signed_amounts_short_row_and_zero_row() -> None:
    rows = parse("abc_debit.csv").rows
    assert [r.amount for r in rows] == [D(v) for v in ("10000.00", "-10.00", "-12345.89", "0.01", "0.00")]
    assert rows[0].occurred_at == datetime(2024, 1, 1, 12, 34, 56)
    short = only(rows, lambda r: r.category == "正常还款")  # line 4: 交易渠道 and 交易附言 left out
    assert (short.line, short.occurred_at, short.transfer_hint) == (4, date(2024, 1, 3), "credit_repayment")
    zero = only(rows, lambda r: r.category == "利息税")
    assert (zero.direction, zero.amount) == ("neutral", D("0.00"))
    assert only(rows, lambda r: r.category == "结息").counterparty == ""  # "--" is empty
    assert [r.line for r in hinted(rows, "credit_repayment")] == [4] and refunds(rows) == []


@shared
def test_boc_debit_balances_chain_and_the_in_rows() -> None:
    parsed = parse("boc_debit.csv")
    rows = parsed.rows
    running = {b.line: b.amount for b in parsed.sections[0].balances if b.type == "running"}
    ordered = sorted(rows, key=lambda r: r.occurred_at)
    balance = running[ordered[0].line] - ordered[0].amount
    assert balance == D("2813.58")
    for r in ordered:
        balance += r.amount
        assert running[r.line] == balance, r.line
    assert balance == D("3240.28")
    incoming = {r.category: r.amount for r in rows if r.direction == "in"}
    assert incoming == {"工资": D("5771.00"), "网上快捷提现": D("3000.00"), "银联入账": D("1000.00"),
                        "网上快捷退款": D("50.00")}
    assert [r.category for r in refunds(rows)] == ["网上快捷退款"]
    assert [r.category for r in hinted(rows, "withdraw")] == ["网上快捷提现"]  # from Alipay to the card
    assert not any(t and not t.strip("-") for r in rows for t in (r.description, r.counterparty))  # "-----"
    assert only(rows, lambda r: r.amount == D("-2600.00")).counterparty == "上海十企业管理顾问有限公司"


@shared
def test_boc_credit_cards_currencies_refunds_and_repayment() -> None:
    rows = parse("boc_credit.csv").rows
    usd = only(rows, lambda r: r.currency == "USD")
    assert (usd.line, usd.amount, usd.occurred_at, usd.instrument) == (16, D("-3.72"), date(2024, 12, 22), "2875")
    assert [r.amount for r in refunds(rows)] == [D(v) for v in ("70.48", "397.84", "70.48", "89.84")]
    assert all(r.description == "网银在线CHN" and r.transfer_hint == "" for r in refunds(rows))
    (repayment,) = hinted(rows, "credit_repayment")
    assert (repayment.description, repayment.amount, repayment.status) == ("曾三", D("361.19"), "success")
    interest = only(rows, lambda r: r.description == "存款利息")
    assert (interest.amount, interest.instrument, interest.transfer_hint, interest.status) == (
        D("0.01"), "", "", "success")
    assert sum(1 for r in rows if r.instrument == "4260") == 1


@shared
def test_bocom_debit_side_flag_and_hints() -> None:
    rows = parse("bocom_debit.csv").rows
    assert [r.amount for r in rows] == [D(v) for v in ("1.23", "-3.21", "0.02", "10.00", "-10.00", "-100.79")]
    assert [r.category for r in hinted(rows, "credit_repayment")] == ["信用卡转账还款"]
    assert [r.amount for r in hinted(rows, "invest_buy")] == [D("-100.79")]
    assert rows[0].occurred_at == datetime(2025, 1, 1, 0, 0, 0) and rows[0].line == 2


@shared
def test_bocom_credit_kinds_and_the_foreign_row() -> None:
    rows = parse("bocom_credit.csv").rows
    assert sum(r.amount for r in refunds(rows)) == D("125.17") and len(refunds(rows)) == 2
    repayments = hinted(rows, "credit_repayment")
    assert sum(r.amount for r in repayments) == D("680.10") and len(repayments) == 2
    assert all(r.category == "信用卡还款" for r in repayments)
    assert only(rows, lambda r: "跨行" in r.description).amount == D("13.50")  # "CNY13.50", no space
    suica = only(rows, lambda r: "Suica" in r.description)
    assert (suica.amount, suica.currency, suica.category) == (D("-49.85"), "CNY", "消费")
    assert "JPY 1000.00" in suica.description


@shared
def test_ccb_xls_rows_balances_and_gap() -> None:
    parsed = parse("ccb_debit.xls")
    assert parsed.encoding == "xls"
    rows = parsed.rows
    assert [r.amount for r in rows] == [D(v) for v in ("-67.00", "-16.78", "-20.00", "-515.02", "-18.06", "-66.40")]
    assert [r.line for r in rows] == list(range(7, 13))
    assert rows[0].occurred_at == datetime(2025, 1, 1, 18, 53, 19)
    assert (rows[0].counterparty, rows[0].category) == ("中***融科技有限公司", "消费")
    running = [b.amount for b in parsed.sections[0].balances if b.type == "running"]
    assert running == [D(v) for v in ("2176.91", "2160.13", "2140.13", "1579.11", "1561.05", "1494.65")]
    # The balance before the 01-05 row is 46.00 below the one after the 01-02 rows: kept as stated.
    assert running[2] - (running[3] - rows[3].amount) == D("46.00")


@shared
def test_cgb_categories_refund_and_repayment() -> None:
    rows = parse("cgb_credit.csv").rows
    assert [(r.category, r.amount) for r in rows] == [
        ("消费", D("-15.90")), ("退款", D("97.20")), ("分期", D("-387.42")), ("还款", D("1130.68"))]
    assert [r.category for r in refunds(rows)] == ["退款"]
    assert [r.category for r in hinted(rows, "credit_repayment")] == ["还款"]
    assert rows[0].description == "示例商户A" and rows[0].occurred_at == date(2025, 1, 5)


@shared
def test_cmb_credit_year_from_the_title() -> None:
    rows = parse("cmb_credit.csv").rows
    assert [r.occurred_at for r in rows] == [date(2023, 12, 29), date(2023, 12, 30), date(2024, 1, 1),
                                             date(2024, 1, 2), date(2024, 1, 3), date(2024, 1, 5)]
    repayments = hinted(rows, "credit_repayment")
    assert [r.description for r in repayments] == ["掌上生活还款", "财付通还款", "银联转账还款"]
    assert sum(r.amount for r in repayments) == D("376.90")
    meal = only(rows, lambda r: r.description == "手机银行饭票")
    assert (meal.amount, meal.transfer_hint, meal.status) == (D("3.90"), "", "success")
    assert only(rows, lambda r: r.description == "中国移动").amount == D("-8000.00")


@shared
def test_icbc_credit_footer_masked_summary_and_repayment() -> None:
    parsed = parse("icbc_credit.csv")
    rows = parsed.rows
    (repayment,) = hinted(rows, "credit_repayment")
    assert (repayment.category, repayment.amount) == ("人民币自动转帐还款", D("4621.01"))
    assert only(rows, lambda r: r.category.startswith("****")).amount == D("-29.45")
    assert all(r.line < 17 for r in rows)  # the 合计金额 footer (1234.56 / 6543.21) is no row
    running = [b.amount for b in parsed.sections[0].balances if b.type == "running"]
    assert len(running) == 9 and all(b < 0 for b in running)  # owed


@shared
def test_icbc_older_debit_layout_gives_the_rows_of_the_current_one() -> None:
    v1 = parse("icbc_debit_v1.csv")
    v2 = IcbcCsvImporter().parse((SAMPLES / "bank-csv" / "icbc_debit_v2.csv").read_bytes(), "v2.csv")
    assert [(r.occurred_at, r.amount, r.category, r.transfer_hint, r.status) for r in v1.rows] == [
        (r.occurred_at, r.amount, r.category, r.transfer_hint, r.status) for r in v2.rows]
    assert v1.sections[0].balances == []
    assert [r.amount for r in refunds(v1.rows)] == [D("1.04")]


@shared
def test_meituan_paid_amounts_refunds_and_repayment() -> None:
    parsed = parse("meituan.csv")
    rows = parsed.rows
    first = rows[0]
    assert (first.occurred_at, first.amount, first.instrument, first.category) == (
        datetime(2025, 2, 28, 20, 35, 13), D("-21.17"), "美团月付", "支付")
    assert (first.order_id, first.merchant_order_id, first.memo) == (
        "25022811100401670006000394166443", "0_2204430449361044", "")
    (repayment,) = hinted(rows, "bnpl_repayment")
    assert (repayment.amount, repayment.instrument, repayment.category) == (
        D("-48.12"), "中国银行储蓄卡(3147)", "还款")
    assert len(refunds(rows)) == 6 and all(r.direction == "in" and r.category == "退款" for r in refunds(rows))
    paid = [r for r in rows if r.category == "支付"]
    assert (len(paid), -sum(r.amount for r in paid)) == (22, D("1175.68"))
    assert sum(r.instrument == "微信支付" for r in rows) == 11


# ------------------------------------------------------------------------------ hand-written fixtures

ABC = "交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日 志 号,交易渠道,交易附言\n"
BOC_CREDIT = "中国银行信用卡账单(2025年01月)\n交易日,银行记账日,卡号后四位,交易描述,存入,支出,币种\n"
BOCOM_CREDIT = "交易日期,记账日期,交易说明,交易币种/金额,入账币种/金额\n"
BOCOM_DEBIT = "序号,交易日期,交易时间,交易类型,借贷,交易金额,余额,对方账号,对方户名,交易地点,摘要\n"
CMB_CREDIT = "交易日,记账日,交易摘要,人民币金额,卡号末四位,交易地金额\n"


def refused(importer: Any, text: str, name: str = "bill.csv") -> StatementError:
    with pytest.raises(StatementError) as err:
        importer.parse(text.encode(), name)
    return err.value


def test_a_malformed_amount_names_its_line_and_column() -> None:
    err = refused(bank_cn.AbcCsvImporter(), ABC + "20240101,123456,转存,+10000.00,1.00,x,1,y,z\n"
                                         "20240102,,消费,\"-12,3x.00\",1.00,x,2,y,z\n")
    assert (err.line, err.field) == (3, "交易金额") and "-12,3x.00" in err.problem
    err = refused(bank_cn.BocCreditCsvImporter(), BOC_CREDIT + "2024-12-13,2024-12-14,4260,店CHN,,5O.00,CNY\n")
    assert (err.line, err.field) == (3, "存入") and "5O.00" in str(err)


def test_a_row_with_both_sides_or_an_unknown_word_is_refused() -> None:
    err = refused(bank_cn.BocCreditCsvImporter(), BOC_CREDIT + "2024-12-13,2024-12-14,4260,店CHN,1.00,2.00,CNY\n")
    assert err.line == 3 and "exactly one" in err.problem
    err = refused(bank_cn.BocomCreditCsvImporter(), BOCOM_CREDIT + "2025-01-10,2025-01-10,奖励 积分,CNY 1.00,CNY 1.00\n")
    assert (err.line, err.field) == (2, "交易说明")
    err = refused(bank_cn.BocomDebitCsvImporter(), BOCOM_DEBIT + "1,2025-01-01,00:00:00,利息,平,1.23,1.00,,,,\n")
    assert (err.line, err.field) == (2, "借贷")
    err = refused(bank_cn.BocCreditCsvImporter(), BOC_CREDIT + "2024-12-13,2024-12-14,4260,店CHN,,1.00,元宝\n")
    assert (err.line, err.field) == (3, "币种")


def test_a_row_too_short_for_the_needed_columns_is_refused() -> None:
    err = refused(bank_cn.AbcCsvImporter(), ABC + "20240101,123456,转存,+1.00\n")
    assert err.line == 2 and "fields" in err.problem


def test_cmb_credit_without_a_bill_month_cannot_date_its_rows() -> None:
    err = refused(bank_cn.CmbCreditCsvImporter(), CMB_CREDIT + "01/02,01/03,影票,56.78,1234,56.78\n")
    assert (err.line, err.field) == (2, "交易日") and "year" in err.problem
    parsed = bank_cn.CmbCreditCsvImporter().parse(
        ("招商银行信用卡对账单（2025年03月）\n" + CMB_CREDIT + ",04/30,还款,-1.00,1234,-1.00\n"
         "03/02,03/03,影票,1.00,5678,1.00\n").encode(), "cmb.csv")
    assert [r.occurred_at for r in parsed.rows] == [date(2024, 4, 30), date(2025, 3, 2)]
    assert [r.instrument for r in parsed.rows] == ["1234", "5678"] and parsed.sections[0].account_ref == ""


def test_a_foreign_currency_row_keeps_its_currency_and_is_never_converted() -> None:
    parsed = bank_cn.BocCreditCsvImporter().parse((BOC_CREDIT + "2024-12-13,2024-12-14,4260,A CHN,,10.00,CNY\n"
                                                   "2024-12-14,2024-12-15,4260,B HKG,,7.50,港币\n").encode(), "b.csv")
    assert [(r.amount, r.currency) for r in parsed.rows] == [(D("-10.00"), "CNY"), (D("-7.50"), "HKD")]
    assert parsed.sections[0].account_ref == "4260" and {r.instrument for r in parsed.rows} == {""}


def test_icbc_layouts_do_not_claim_each_other() -> None:
    base = "交易日期,{extra}摘要,交易场所,交易金额(收入),交易金额(支出),交易币种,记账金额(收入),记账金额(支出),记账币种,余额,对方户名\n"
    heads = {
        "icbc-csv": base.format(extra="交易详情,"),
        "icbc-debit-v1-csv": base.format(extra="钞/汇,"),
        "icbc-credit-csv": base.format(extra="记账日期,"),
    }
    importers = {imp.name: imp for imp in detect.importers()}
    for owner, head in heads.items():
        data = ("明细查询文件下载\n\n" + head).encode()
        for name in heads:
            score = importers[name].sniff(data, "icbc.csv")
            assert (score >= 0.9) if name == owner else (score == 0.0), (owner, name, score)


# ------------------------------------------------------------------------------------------------ .xls

CCB_HEADER = ["记账日          ", "交易日期   ", "交易时间  ", "支出  ", "收入  ", "账户余额 ", "币种 ", "摘要 ",
              "对方账号 ", "对方户名 ", "交易地点 "]


def ccb_workbook(rows: list[list[Any]], sheets: int = 1, name: str = "交易明细_1546_20250101_20250620") -> bytes:
    """A CCB-style .xls written with xlwt (a test-only dependency)."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for n in range(sheets):
        ws = book.add_sheet(name if n == 0 else f"{name}_{n}")
        preamble = [["China Construction Bank"], ["开户机构：", "xxx"], ["币\u3000\u3000种：", "人民币"],
                    ["账\u3000\u3000号：", "6217****1234"], []]
        for r, cells in enumerate([*preamble, CCB_HEADER, *rows, ["以上数据仅供参考|具体内容请以柜台为准"]]):
            for c, value in enumerate(cells):
                ws.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def ccb_row(i: int, out: Any = 1.5, income: Any = 0) -> list[Any]:
    return [f"202501{i % 28 + 1:02d}", f"202501{i % 28 + 1:02d}", "10:00:00", out, income, 100.0 - i, "人民币",
            "消费", "1234", "某商户", "某地"]


def test_an_xls_written_here_reads_back_exactly() -> None:
    data = ccb_workbook([ccb_row(0), ccb_row(1, 0, 20.25), ccb_row(2, 0.1, 0)])
    parsed = bank_cn.CcbXlsImporter().parse(data, "ccb.xls")
    assert [r.amount for r in parsed.rows] == [D("-1.50"), D("20.25"), D("-0.10")]
    assert [r.line for r in parsed.rows] == [7, 8, 9]
    assert parsed.sections[0].account_ref == "6217****1234"
    assert detect.parse_data(data, "download.xls").format == "ccb-xls"


def test_an_xls_table_going_on_in_a_second_sheet_is_read_whole() -> None:
    data = ccb_workbook([ccb_row(i) for i in range(3)], sheets=2)
    parsed = bank_cn.CcbXlsImporter().parse(data, "ccb.xls")
    assert len(parsed.rows) == 6 and sum(r.amount for r in parsed.rows) == D("-9.00")


def test_a_bad_xls_cell_names_its_row_and_column() -> None:
    data = ccb_workbook([ccb_row(0), ccb_row(1, "12,3x")])
    with pytest.raises(StatementError) as err:
        bank_cn.CcbXlsImporter().parse(data, "ccb.xls")
    assert (err.value.path, err.value.line, err.value.field) == ("ccb.xls", 8, "支出")
    data = ccb_workbook([ccb_row(0, 2.0, 3.0)])
    with pytest.raises(StatementError, match="exactly one") as err:
        bank_cn.CcbXlsImporter().parse(data, "ccb.xls")
    assert err.value.line == 7


def test_a_damaged_xls_is_refused_with_a_statement_error() -> None:
    data = ccb_workbook([ccb_row(i) for i in range(50)])
    for broken in (data[: len(data) // 2], data[:512], data[:8] + b"\0" * 600, data[:4000] + b"\xff" * 4000):
        with pytest.raises(StatementError) as err:
            bank_cn.CcbXlsImporter().parse(broken, "broken.xls")
        assert err.value.path == "broken.xls" and "\x00" not in str(err.value)


def _patch_sst_count(data: bytes, count: int) -> bytes:
    """The workbook with its SST record declaring ``count`` distinct strings (the OLE2 container keeps the
    stream in place, so the record is found and patched in the file's bytes)."""
    pos = data.find(struct.pack("<H", 0x00FC))
    while pos >= 0:
        size = struct.unpack_from("<H", data, pos + 2)[0]
        total, unique = struct.unpack_from("<ii", data, pos + 4)
        if 0 < unique <= total < 1000 and size > 8:
            return data[: pos + 4] + struct.pack("<ii", count, count) + data[pos + 12 :]
        pos = data.find(struct.pack("<H", 0x00FC), pos + 1)
    raise AssertionError("no SST record")


def test_hostile_xls_workbooks_are_refused_before_xlrd_reads_them(monkeypatch: pytest.MonkeyPatch) -> None:
    data = ccb_workbook([ccb_row(i) for i in range(20)])
    huge = _patch_sst_count(data, limits.MAX_XLS_STRINGS + 1)
    with pytest.raises(StatementError, match=f"more than {limits.MAX_XLS_STRINGS}"):
        bank_cn.CcbXlsImporter().parse(huge, "strings.xls")
    many = ccb_workbook([ccb_row(0)], sheets=limits.MAX_XLS_SHEETS + 1)
    with pytest.raises(StatementError, match=f"more than {limits.MAX_XLS_SHEETS} sheets"):
        bank_cn.CcbXlsImporter().parse(many, "sheets.xls")
    bank_cn.CcbXlsImporter().parse(ccb_workbook([ccb_row(0)], sheets=limits.MAX_XLS_SHEETS), "ok.xls")
    # A sheet's records over the cap (16 MiB: a sheet that big takes a while to write, so the cap is
    # lowered to this sheet's size less one byte) are refused before xlrd builds a cell.
    stream = xls._stream(data, "x.xls")
    (offset,) = xls._globals(stream, "x.xls")
    size = xls._sheet_size(stream, offset)
    monkeypatch.setattr(xls, "MAX_XLS_SHEET_BYTES", size - 1)
    with pytest.raises(StatementError, match="sheet 交易明细_1546_20250101_20250620 holds more than") as err:
        bank_cn.CcbXlsImporter().parse(data, "big.xls")
    assert err.value.path == "big.xls"
    monkeypatch.setattr(xls, "MAX_XLS_SHEET_BYTES", size)
    assert len(bank_cn.CcbXlsImporter().parse(data, "big.xls").rows) == 20
    monkeypatch.setattr(xls, "MAX_XLS_GLOBAL_RECORDS", 10)
    with pytest.raises(StatementError, match="more than 10 records"):
        bank_cn.CcbXlsImporter().parse(data, "records.xls")


def test_an_xls_is_not_checked_as_text_lines() -> None:
    # A binary workbook has no lines: the text limit (1 MiB a line) must not refuse one whose shared
    # strings run over 1 MiB without a 0x0A byte.
    texts = [chr(0x4E00 + i) * 1000 for i in range(700) if (0x4E00 + i) & 0xFF not in (0x0A, 0x0D)]
    data = ccb_workbook([[*ccb_row(i)[:10], t] for i, t in enumerate(texts)])
    with pytest.raises(StatementError, match="longer than"):
        limits.check_lines(data, "big.xls")
    assert len(detect.parse_data(data, "big.xls").rows) == len(texts)


def test_an_xls_of_another_kind_is_not_claimed() -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    book.add_sheet("Sheet1").write(0, 0, "budget")
    out = io.BytesIO()
    book.save(out)
    ranked = detect.detect(out.getvalue(), "budget.xls")
    assert ranked[0][0] < detect.THRESHOLD
    with pytest.raises(StatementError, match="format not recognised"):
        detect.parse_data(out.getvalue(), "budget.xls")
