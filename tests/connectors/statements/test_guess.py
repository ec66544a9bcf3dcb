"""The column guesser: each decision it makes from a file, and the reader's door to it."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import pytest

from app.errors import ValidationError
from connectors.statements.generic_csv import ColumnMapping, GenericCsvImporter
from connectors.statements.guess import Guess, guess_mapping
from connectors.statements.reader import READER
from connectors.statements.records import StatementError


def guess(text: str, encoding: str = "utf-8") -> Guess:
    return guess_mapping(text.encode(encoding), "bank.csv")


def read(text: str, encoding: str = "utf-8") -> list[tuple[date | datetime, Decimal]]:
    data = text.encode(encoding)
    mapping = guess_mapping(data, "bank.csv").mapping
    return [(r.occurred_at, r.amount) for r in GenericCsvImporter(mapping).parse(data, "bank.csv").rows]


BASIC = "Date,Payee,Amount\n2024-01-05,Coffee,-3.50\n2024-01-06,Salary,1000.00\n2024-01-07,Rent,-500.00\n"


def test_a_plain_table_with_a_header() -> None:
    g = guess(BASIC)
    assert (g.mapping.date_column, g.mapping.amount_column, g.mapping.has_header) == ("Date", "Amount", True)
    assert g.header == ["Date", "Payee", "Amount"]
    assert g.rows[0] == ["2024-01-05", "Coffee", "-3.50"]
    assert g.confidence["date_column"] > 0.5 and g.reasons["date_column"]
    assert read(BASIC)[1] == (date(2024, 1, 6), Decimal("1000.00"))


def test_the_header_is_found_under_a_title_and_preamble() -> None:
    text = "Statement of account\nAccount: 12345678\nPeriod: January, 2024\n\n" + BASIC
    g = guess(text)
    assert g.mapping.has_header and g.header == ["Date", "Payee", "Amount"]
    assert len(read(text)) == 3


def test_no_header_names_columns_by_position() -> None:
    text = "2024-01-05,Coffee,-3.50\n2024-01-06,Salary,1000.00\n2024-01-07,Rent,-500.00\n"
    g = guess(text)
    assert not g.mapping.has_header and g.header == []
    assert (g.mapping.date_column, g.mapping.amount_column) == ("#1", "#3")
    assert len(read(text)) == 3


def test_no_header_after_a_title_skips_the_title() -> None:
    text = "Kontoauszug\n2024-01-05,Coffee,-3.50\n2024-01-06,Salary,1000.00\n2024-01-07,Rent,-500.00\n"
    assert guess(text).mapping.header_row == 1
    assert len(read(text)) == 3


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
def test_the_delimiter(delimiter: str) -> None:
    text = BASIC.replace(",", delimiter)
    assert guess(text).mapping.delimiter == delimiter
    assert read(text)[0] == (date(2024, 1, 5), Decimal("-3.50"))


def test_a_gbk_file_is_decoded() -> None:
    text = "交易日期,摘要,交易金额\n2024-01-05,咖啡,-3.50\n2024-01-06,工资,1000.00\n"
    assert read(text, "gbk")[1] == (date(2024, 1, 6), Decimal("1000.00"))


def test_day_first_when_a_first_number_is_above_12() -> None:
    text = "Date,Amount\n05/01/2024,-1.00\n13/01/2024,-2.00\n02/02/2024,-3.00\n"
    g = guess(text)
    assert g.mapping.date_format == "%d/%m/%Y"
    assert "above 12" in g.reasons["date_format"]
    assert [d for d, _a in read(text)] == [date(2024, 1, 5), date(2024, 1, 13), date(2024, 2, 2)]


def test_month_first_when_a_second_number_is_above_12() -> None:
    text = "Date,Amount\n01/05/2024,-1.00\n01/13/2024,-2.00\n02/02/2024,-3.00\n"
    assert guess(text).mapping.date_format == "%m/%d/%Y"
    assert [d for d, _a in read(text)] == [date(2024, 1, 5), date(2024, 1, 13), date(2024, 2, 2)]


def test_ambiguous_dates_follow_the_rows_order() -> None:
    # Read day-first these go 3 Jan, 2 Feb, 1 Mar (sorted); read month-first 1 Mar, 2 Feb, 3 Jan... also sorted,
    # so add one that breaks the month-first order.
    text = "Date,Amount\n03/01/2024,-1.00\n04/01/2024,-1.00\n01/02/2024,-2.00\n02/03/2024,-3.00\n"
    g = guess(text)
    assert g.mapping.date_format == "%d/%m/%Y"
    assert "order" in g.reasons["date_format"]
    month_first = "Date,Amount\n01/03/2024,-1.00\n01/04/2024,-1.00\n02/01/2024,-2.00\n03/02/2024,-3.00\n"
    assert guess(month_first).mapping.date_format == "%m/%d/%Y"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("20240105", date(2024, 1, 5)), ("2024年1月5日", date(2024, 1, 5)), ("2024/1/5", date(2024, 1, 5)),
     ("2024-01-05 13:45:07", datetime(2024, 1, 5, 13, 45, 7)), ("05.01.2024 13:45", datetime(2024, 1, 5, 13, 45)),
     ("25-12-23", date(2023, 12, 25))],
)  # fmt: skip
def test_date_shapes(cell: str, expected: date) -> None:
    text = f"Date,Amount\n{cell},-1.00\n{cell},-2.00\n"
    assert read(text)[0][0] == expected


def test_the_time_in_its_own_column() -> None:
    text = "交易日期,交易时间,交易金额\n20240101,123456,+10.00\n20240102,,-3.00\n20240103,090000,-1.00\n"
    g = guess(text)
    assert g.mapping.time_column == "交易时间"
    assert [d for d, _a in read(text)] == [datetime(2024, 1, 1, 12, 34, 56), date(2024, 1, 2),
                                           datetime(2024, 1, 3, 9, 0)]
    clock = "Date,Time,Amount\n2024-01-01,12:34,-1.00\n2024-01-02,08:00:05,-2.00\n"
    assert guess(clock).mapping.time_column == "Time"


def test_separate_out_and_in_columns_by_their_chinese_names() -> None:
    text = "交易日期,收入,支出,余额\n2024-01-01,100.00,,1100.00\n2024-01-02,,30.00,1070.00\n2024-01-03,,5.00,1065.00\n"
    m = guess(text).mapping
    assert (m.debit_column, m.credit_column, m.amount_column) == ("支出", "收入", "")
    assert [a for _d, a in read(text)] == [Decimal("100.00"), Decimal("-30.00"), Decimal("-5.00")]


def test_separate_columns_by_english_names_with_zero_for_the_unused_side() -> None:
    text = "Date,Paid in,Paid out\n2024-01-01,0.00,12.00\n2024-01-02,50.00,0.00\n2024-01-03,0.00,3.00\n"
    m = guess(text).mapping
    assert (m.debit_column, m.credit_column) == ("Paid out", "Paid in")
    assert [a for _d, a in read(text)] == [Decimal("-12.00"), Decimal("50.00"), Decimal("-3.00")]


def test_unnamed_out_and_in_columns_are_told_apart_by_the_balance() -> None:
    # The left column is money in: the balance rises by it. Unknown names give no hint.
    text = "A,B,C,D\n2024-01-01,100.00,,1100.00\n2024-01-02,,30.00,1070.00\n2024-01-03,,5.00,1065.00\n"
    m = guess(text).mapping
    assert (m.credit_column, m.debit_column, m.balance_column) == ("B", "C", "D")
    assert [a for _d, a in read(text)] == [Decimal("100.00"), Decimal("-30.00"), Decimal("-5.00")]


@pytest.mark.parametrize(("cr", "dr"), [("贷", "借"), ("贷 Cr", "借 Dr"), ("CR", "DR"), ("收入", "支出"), ("Credit", "Debit")])
def test_a_direction_flag_column_signs_an_unsigned_amount(cr: str, dr: str) -> None:
    text = f"日期,标志,金额\n2024-01-01,{cr},100.00\n2024-01-02,{dr},30.00\n2024-01-03,{dr},5.00\n"
    m = guess(text).mapping
    assert m.direction_column == "标志" and m.in_values == (cr,) and m.out_values == (dr,)
    assert [a for _d, a in read(text)] == [Decimal("100.00"), Decimal("-30.00"), Decimal("-5.00")]


def test_neutral_flags_keep_the_amount_as_written() -> None:
    text = "时间,收/支,金额\n2024-01-01,支出,3.00\n2024-01-02,不计收支,8.00\n2024-01-03,收入,1.00\n"
    assert [a for _d, a in read(text)] == [Decimal("-3.00"), Decimal("8.00"), Decimal("1.00")]


def test_a_running_balance_that_falls_with_positive_amounts_makes_them_spending() -> None:
    text = "When,Sum,Left\n2024-01-01,10.00,990.00\n2024-01-02,20.00,970.00\n2024-01-03,-100.00,1070.00\n"
    g = guess(text)
    assert (g.mapping.sign, g.mapping.balance_column) == ("positive_out", "Left")
    assert "falls" in g.reasons["sign"]
    assert [a for _d, a in read(text)] == [Decimal("-10.00"), Decimal("-20.00"), Decimal("100.00")]


def test_a_running_balance_newest_first_confirms_money_in_positive() -> None:
    text = "When,Sum,Left\n2024-01-03,-100.00,870.00\n2024-01-02,-20.00,970.00\n2024-01-01,-10.00,990.00\n"
    g = guess(text)
    assert (g.mapping.sign, g.mapping.balance_column) == ("positive_in", "Left")
    assert "rises" in g.reasons["sign"]


def test_refunds_written_negative_mean_spending_is_positive() -> None:
    text = ("交易日期,交易摘要,交易金额\n2025-01-05,（消费）商户A,15.90\n2025-01-04,（退款）商户B,-97.20\n"
            "2025-01-03,（消费）商户C,387.42\n2024-12-25,（还款）银联入账,-1130.68\n")  # fmt: skip
    assert guess(text).mapping.sign == "positive_out"
    assert [a for _d, a in read(text)][:2] == [Decimal("-15.90"), Decimal("97.20")]
    spending_negative = text.replace(",15.90", ",-15.90").replace(",-97.20", ",97.20")
    spending_negative = spending_negative.replace(",387.42", ",-387.42").replace(",-1130.68", ",1130.68")
    assert guess(spending_negative).mapping.sign == "positive_in"


@pytest.mark.parametrize("amount", ["1.234,56", "1 234,56", "1234,56"])
def test_decimal_commas(amount: str) -> None:
    text = f"Datum;Betrag\n05.01.2024;-{amount}\n13.01.2024;12,50\n14.01.2024;-0,99\n"
    m = guess(text).mapping
    assert m.decimal_comma and m.delimiter == ";" and m.date_format == "%d.%m.%Y"
    assert [a for _d, a in read(text)] == [Decimal("-1234.56"), Decimal("12.50"), Decimal("-0.99")]


def test_thousands_separators_with_a_decimal_point() -> None:
    text = 'Date,Amount\n2024-01-01,"-1,234.56"\n2024-01-02,"12,000.00"\n2024-01-03,-0.99\n'
    assert not guess(text).mapping.decimal_comma
    assert [a for _d, a in read(text)] == [Decimal("-1234.56"), Decimal("12000.00"), Decimal("-0.99")]


def test_text_columns_by_their_names() -> None:
    text = ("交易时间,交易对方,商品说明,交易分类,金额,交易单号\n"
            "2024-01-01 10:00:00,肯德基,套餐,餐饮,-27.00,T0001\n2024-01-02 11:00:00,房东,房租,住房,-500.00,T0002\n")
    m = guess(text).mapping
    assert (m.counterparty_column, m.description_column, m.category_column, m.order_id_column) == (
        "交易对方", "商品说明", "交易分类", "交易单号")


def test_an_order_id_without_a_known_name_is_a_long_code_on_every_row() -> None:
    text = "Date,Amount,Foo\n2024-01-01,-1.00,X20240101A0001\n2024-01-02,-2.00,X20240101A0002\n2024-01-03,-3.00,X2024Z\n"
    assert guess(text).mapping.order_id_column == ""  # one code is short: not an id
    text = text.replace("X2024Z", "X20240101A0003")
    assert guess(text).mapping.order_id_column == "Foo"


def test_a_currency_column() -> None:
    text = "Date,Amount,Ccy\n2024-01-01,-1.00,USD\n2024-01-02,-2.00,EUR\n"
    assert guess(text).mapping.currency_column == "Ccy"
    chinese = "交易日,金额,币别\n2024-01-01,-1.00,人民币\n2024-01-02,-2.00,人民币\n"
    assert guess(chinese).mapping.currency_column == "币别"


def test_a_country_code_is_not_a_currency() -> None:
    text = "Date,Amount,Country\n2024-01-01,-1.00,CHN\n2024-01-02,-2.00,CHN\n"
    assert guess(text).mapping.currency_column == ""


def test_a_single_currency_named_above_the_table() -> None:
    text = "Account 1234\nCurrency: EUR\n" + BASIC
    assert guess(text).mapping.currency == "EUR"
    assert guess(BASIC).mapping.currency == "CNY"


def test_a_footer_under_the_table_ends_it() -> None:
    text = BASIC + "Total,,-503.50\nGenerated by the bank\n"
    g = guess(text)
    assert "Total" in g.mapping.end_markers
    assert len(read(text)) == 3


def test_rows_starting_with_dashes_do_not_end_the_table() -> None:
    text = "Payee,Date,Amount\n----,2024-01-01,-1.00\n----,2024-01-02,-2.00\nShop,2024-01-03,-3.00\n"
    assert "---" not in guess(text).mapping.end_markers
    assert len(read(text)) == 3


def test_a_balance_named_column_is_never_the_amount() -> None:
    text = "Date,Balance,Amount\n2024-01-01,100.00,-1.00\n2024-01-02,98.00,-2.00\n"
    m = guess(text).mapping
    assert (m.amount_column, m.balance_column) == ("Amount", "Balance")


def test_without_dates_or_amounts_the_guess_says_what_is_missing() -> None:
    with pytest.raises(StatementError, match="date"):
        guess("Name,Amount\nCoffee,-3.50\nTea,-2.00\n")
    with pytest.raises(StatementError, match="amount"):
        guess("Date,Name\n2024-01-01,Coffee\n2024-01-02,Tea\n")


def test_the_reader_guesses_columns_and_previews_the_table() -> None:
    text = ("Statement\n" + BASIC + "Total,,-503.50\n").encode()
    mapping_json = READER.guess_columns(text, "bank.csv")
    assert json.loads(mapping_json)["amount_column"] == "Amount"
    header, rows = READER.table(text, "bank.csv", mapping_json, limit=2)
    assert header == ["Date", "Payee", "Amount"]
    assert rows == [["2024-01-05", "Coffee", "-3.50"], ["2024-01-06", "Salary", "1000.00"]]
    assert len(READER.table(text, "bank.csv", mapping_json)[1]) == 3  # the footer ends it
    with pytest.raises(StatementError, match="amount"):
        READER.guess_columns(b"Date,Name\n2024-01-01,Coffee\n2024-01-02,Tea\n", "x.csv")


def test_a_saved_version_1_mapping_without_the_new_settings_still_reads() -> None:
    old = json.dumps({"version": 1, "date_column": "Date", "amount_column": "Amount", "sign": "positive_in"})
    m = ColumnMapping.from_json(old)
    assert (m.decimal_comma, m.direction_column, m.in_values) == (False, "", ())
    guessed = guess("日期,标志,金额\n2024-01-01,贷,100.00\n2024-01-02,借,30.00\n").mapping
    assert ColumnMapping.from_json(guessed.to_json()) == guessed


def test_a_direction_column_needs_its_values_and_one_amount_column() -> None:
    with pytest.raises(ValidationError) as err:
        ColumnMapping(date_column="d", amount_column="a", direction_column="f").validate()
    assert err.value.field == "in_values"
    with pytest.raises(ValidationError) as err:
        ColumnMapping(date_column="d", debit_column="a", direction_column="f", in_values=("贷",)).validate()
    assert err.value.field == "direction_column"
