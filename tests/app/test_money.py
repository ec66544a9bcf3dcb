"""Tests for app.money: exact amounts, the one rounding rule, splitting, formatting, parsing, 大写."""

from __future__ import annotations

import copy
import decimal
import operator
import pickle
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app import i18n
from app.errors import CurrencyMismatch, MoneyError, UnknownCurrency
from app.money import (
    ROUNDING,
    InvalidAmount,
    Money,
    amount_in_chinese_capitals,
    currency_marker,
    format_money,
    format_wan,
    minor_digits,
    parse_money,
    round_to_minor,
)

CURRENCIES = ["CNY", "USD", "HKD", "JPY", "KWD", "EUR", "GBP"]

currencies = st.sampled_from(CURRENCIES)
exact_amounts = st.decimals(
    min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=6, allow_nan=False, allow_infinity=False
)
minor_units = st.integers(min_value=-(10**14), max_value=10**14)


def money_in(currency: str) -> st.SearchStrategy[Money]:
    return exact_amounts.map(lambda a: Money(a, currency))


@st.composite
def rounded_money(draw: st.DrawFn) -> Money:
    return Money.from_minor_units(draw(minor_units), draw(currencies))


# ------------------------------------------------------------------------------------------ construction


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("12.30"), Decimal("12.3")),
        (7, Decimal(7)),
        ("1234.56", Decimal("1234.56")),
        (" -0.5 ", Decimal("-0.5")),
    ],
)
def test_construct_from_decimal_int_and_str(amount: Decimal | int | str, expected: Decimal) -> None:
    m = Money(amount, "CNY")
    assert m.amount == expected
    assert isinstance(m.amount, Decimal)
    assert m.currency == "CNY"


def test_amount_is_kept_exactly_not_rounded() -> None:
    assert Money("0.125", "CNY").amount == Decimal("0.125")


@pytest.mark.parametrize(
    "make",
    [
        lambda: Money(0.1, "CNY"),  # type: ignore[arg-type]
        lambda: Money("1", "CNY") * 0.5,
        lambda: 0.5 * Money("1", "CNY"),
        lambda: Money("1", "USD").convert(0.5, "CNY"),  # type: ignore[arg-type]
        lambda: Money("1", "CNY").allocate([0.5, 0.5]),  # type: ignore[list-item]
        lambda: round_to_minor(0.1, "CNY"),  # type: ignore[arg-type]
        lambda: amount_in_chinese_capitals(0.1),  # type: ignore[arg-type]
    ],
)
def test_floats_are_refused_with_a_clear_message(make: Callable[[], object]) -> None:
    with pytest.raises(TypeError, match="float, which cannot hold amounts like 0.1 exactly"):
        make()


@pytest.mark.parametrize("bad", [True, None, [1], b"1"])
def test_other_amount_types_are_refused(bad: object) -> None:
    with pytest.raises(TypeError):
        Money(bad, "CNY")  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-inf", "1,234", "abc", ""])
def test_non_numbers_and_non_finite_are_refused(bad: str) -> None:
    with pytest.raises(InvalidAmount):
        Money(bad, "CNY")
    with pytest.raises(ValueError):
        Money(bad, "CNY")


def test_currency_is_normalised_to_upper_case() -> None:
    assert Money(1, " cny ").currency == "CNY"
    assert Money(1, "usd") == Money(1, "USD")


@pytest.mark.parametrize("code", ["XYZ", "CN", "RMB", "", "CNYY"])
def test_unknown_currency_is_refused(code: str) -> None:
    with pytest.raises(UnknownCurrency) as info:
        Money(1, code)
    assert info.value.code == code
    assert isinstance(info.value, MoneyError)


def test_currency_must_be_a_string() -> None:
    with pytest.raises(TypeError):
        Money(1, 156)  # type: ignore[arg-type]


@pytest.mark.parametrize(("code", "digits"), [("CNY", 2), ("USD", 2), ("JPY", 0), ("KWD", 3), ("jpy", 0)])
def test_minor_digits_come_from_babel(code: str, digits: int) -> None:
    assert minor_digits(code) == digits
    assert Money(1, code).minor_digits == digits


def test_money_is_immutable() -> None:
    m = Money("1.00", "CNY")
    with pytest.raises(AttributeError):
        m.amount = Decimal(2)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        m._amount = Decimal(2)  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del m._currency
    assert m.amount == Decimal("1.00")


def test_equal_values_hash_alike_and_currencies_differ() -> None:
    assert {Money("1.0", "CNY"), Money("1.00", "CNY"), Money(1, "CNY")} == {Money(1, "CNY")}
    assert len({Money("1.0", "CNY"), Money("1.00", "CNY")}) == 1
    assert Money(1, "CNY") != Money(1, "USD")
    assert not (Money(1, "CNY") == Money(1, "USD"))
    assert Money(1, "CNY") != Decimal(1)
    assert Money(0, "CNY") != 0


def test_pickle_and_copy_round_trip() -> None:
    m = Money("-1234.567", "KWD")
    for clone in (pickle.loads(pickle.dumps(m)), copy.copy(m), copy.deepcopy(m)):
        assert clone == m
        assert clone.amount.as_tuple() == m.amount.as_tuple()


def test_str_and_repr() -> None:
    assert str(Money("1234.56", "CNY")) == "1234.56 CNY"
    assert str(Money("1234.5", "CNY")) == "1234.50 CNY"
    assert str(Money("1E+3", "CNY")) == "1000.00 CNY"
    assert str(Money("0.125", "CNY")) == "0.125 CNY"  # never hides precision
    assert str(Money(5, "JPY")) == "5 JPY"
    assert repr(Money("-12.5", "USD")) == "Money('-12.5', 'USD')"
    assert eval(repr(Money("3.10", "CNY")), {"Money": Money}) == Money("3.10", "CNY")


def test_negative_zero_is_normalised() -> None:
    assert str(Money("-0.00", "CNY")) == "0.00 CNY"
    assert str(-Money(0, "CNY")) == "0.00 CNY"
    assert str(Money("-0.001", "CNY").rounded()) == "0.00 CNY"


def test_predicates_and_truthiness() -> None:
    assert Money(0, "CNY").is_zero() and not Money(0, "CNY")
    assert Money("-0.01", "CNY").is_negative() and not Money("-0.01", "CNY").is_positive()
    assert Money("0.01", "CNY").is_positive() and Money("0.01", "CNY")
    assert Money("1.10", "CNY").is_rounded()
    assert not Money("1.105", "CNY").is_rounded()
    assert not Money("0.5", "JPY").is_rounded()


# ------------------------------------------------------------------------------------------ rounding


def test_rounding_constant_is_half_up() -> None:
    assert ROUNDING == decimal.ROUND_HALF_UP


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("0.005", "CNY", "0.01"),
        ("0.015", "CNY", "0.02"),
        ("0.025", "CNY", "0.03"),  # half-even would give 0.02
        ("-0.005", "CNY", "-0.01"),
        ("-0.025", "CNY", "-0.03"),
        ("0.004999", "CNY", "0.00"),
        ("0.5", "JPY", "1"),
        ("2.5", "JPY", "3"),  # half-even would give 2
        ("-2.5", "JPY", "-3"),
        ("1.0005", "KWD", "1.001"),
        ("12", "CNY", "12.00"),
    ],
)
def test_round_to_minor_is_half_up(amount: str, currency: str, expected: str) -> None:
    result = round_to_minor(Decimal(amount), currency)
    assert result == Decimal(expected)
    assert result.as_tuple().exponent == -minor_digits(currency)


def test_round_to_minor_never_returns_negative_zero() -> None:
    assert str(round_to_minor(Decimal("-0.001"), "CNY")) == "0.00"


def test_rounded_money() -> None:
    assert Money("2.345", "CNY").rounded() == Money("2.35", "CNY")
    assert Money("2.345", "CNY").rounded().amount.as_tuple().exponent == -2


# ------------------------------------------------------------------------------------------ arithmetic


@given(currencies.flatmap(lambda c: st.tuples(money_in(c), money_in(c), money_in(c))))
def test_addition_is_associative(triple: tuple[Money, Money, Money]) -> None:
    a, b, c = triple
    assert (a + b) + c == a + (b + c)


@given(currencies.flatmap(lambda c: st.tuples(money_in(c), money_in(c))))
def test_addition_is_commutative(pair: tuple[Money, Money]) -> None:
    a, b = pair
    assert a + b == b + a


@given(currencies.flatmap(lambda c: st.tuples(money_in(c), money_in(c))))
def test_adding_then_subtracting_gives_back_the_original(pair: tuple[Money, Money]) -> None:
    a, b = pair
    assert a + b - b == a
    assert (a - b) + b == a


@given(currencies.flatmap(money_in))
def test_negation_and_abs(m: Money) -> None:
    negated = -m
    assert -negated == m
    assert m + (-m) == Money.zero(m.currency)
    assert abs(m) == abs(-m)
    assert not abs(m).is_negative()
    assert +m == m


def test_arithmetic_is_exact_beyond_the_default_decimal_precision() -> None:
    big = Money("12345678901234567890.123456789", "CNY")
    tiny = Money("0.000000000000000000001", "CNY")
    assert (big + tiny).amount == Decimal("12345678901234567890.123456789000000000001")
    assert (big + tiny - big) == tiny
    product = big * Decimal("1.000000000000000000001")
    assert product.amount == Decimal("12345678901234567890.135802467901234567890123456789")


def test_multiplication_is_exact_and_rounding_is_explicit() -> None:
    share = Money("10.00", "CNY") * Decimal("0.333")
    assert share.amount == Decimal("3.33")
    assert share.amount.as_tuple().exponent == -5  # 3.33000: exact, not rounded
    assert (Money("0.05", "CNY") * Decimal("0.5")).amount == Decimal("0.025")
    assert (Money("0.05", "CNY") * Decimal("0.5")).rounded() == Money("0.03", "CNY")
    assert 3 * Money("1.10", "CNY") == Money("3.30", "CNY")
    assert Money("1.10", "CNY") * 3 == Money("3.30", "CNY")


@pytest.mark.parametrize("factor", [Money(2, "CNY"), "2", True, None])
def test_multiplication_by_non_numbers_is_a_type_error(factor: object) -> None:
    with pytest.raises(TypeError):
        Money(1, "CNY") * factor  # type: ignore[operator]


def test_sum_works_from_zero_and_from_money_zero() -> None:
    moneys = [Money("1.10", "CNY"), Money("2.20", "CNY"), Money("-0.30", "CNY")]
    assert sum(moneys, Money.zero("CNY")) == Money("3.00", "CNY")
    assert sum(moneys) == Money("3.00", "CNY")
    assert sum([], Money.zero("CNY")) == Money(0, "CNY")
    assert 0 + Money("1", "CNY") == Money("1", "CNY")


@pytest.mark.parametrize(
    "op",
    [
        lambda m: m + 1,
        lambda m: 1 + m,
        lambda m: m + Decimal("0"),
        lambda m: Decimal("0") + m,
        lambda m: m - 0,
        lambda m: 0 - m,
        lambda m: m + False,
        lambda m: m < 1,
        lambda m: m <= 0,
        lambda m: m > Decimal(0),
        lambda m: m >= 0,
    ],
)
def test_mixing_money_with_bare_numbers_is_a_type_error(op: Callable[[Money], object]) -> None:
    with pytest.raises(TypeError):
        op(Money("1", "CNY"))


@pytest.mark.parametrize(
    "op",
    [operator.add, operator.sub, operator.lt, operator.le, operator.gt, operator.ge],
    ids=["+", "-", "<", "<=", ">", ">="],
)
def test_currency_mismatch_raises_for_every_operator(op: Callable[[Money, Money], object]) -> None:
    with pytest.raises(CurrencyMismatch) as info:
        op(Money(1, "CNY"), Money(1, "USD"))
    assert (info.value.left, info.value.right) == ("CNY", "USD")
    assert isinstance(info.value, MoneyError)
    assert "CNY" in str(info.value) and "USD" in str(info.value)


def test_sum_across_currencies_raises() -> None:
    with pytest.raises(CurrencyMismatch):
        sum([Money(1, "CNY"), Money(1, "USD")], Money.zero("CNY"))


def test_comparisons_in_one_currency() -> None:
    small, big = Money("1.99", "CNY"), Money("2", "CNY")
    assert small < big and small <= big and big > small and big >= small
    assert Money("2.00", "CNY") <= big and Money("2.00", "CNY") >= big
    assert not (big < small)
    assert max(small, big) is big
    assert sorted([big, small]) == [small, big]


# ------------------------------------------------------------------------------------------ minor units


@given(minor_units, currencies)
def test_minor_units_round_trip(units: int, currency: str) -> None:
    m = Money.from_minor_units(units, currency)
    assert m.to_minor_units() == units
    assert m.is_rounded()
    assert Money.from_minor_units(m.to_minor_units(), currency) == m


@pytest.mark.parametrize(
    ("units", "currency", "amount"),
    [(123456, "CNY", "1234.56"), (-1200, "CNY", "-12.00"), (1200, "JPY", "1200"), (1234, "KWD", "1.234")],
)
def test_from_minor_units_examples(units: int, currency: str, amount: str) -> None:
    assert Money.from_minor_units(units, currency) == Money(amount, currency)
    assert Money(amount, currency).to_minor_units() == units


def test_to_minor_units_refuses_fractions_of_a_minor_unit() -> None:
    with pytest.raises(ValueError, match="rounded"):
        Money("0.125", "CNY").to_minor_units()
    assert Money("0.125", "CNY").rounded().to_minor_units() == 13


@pytest.mark.parametrize("bad", [1.0, "100", Decimal(100), True])
def test_from_minor_units_needs_an_int(bad: object) -> None:
    with pytest.raises(TypeError):
        Money.from_minor_units(bad, "CNY")  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------ allocate

ratio_lists = st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12).filter(any)


@given(rounded_money(), ratio_lists)
def test_allocate_parts_sum_exactly_and_are_whole_minor_units(m: Money, ratios: list[int]) -> None:
    parts = m.allocate(ratios)
    assert len(parts) == len(ratios)
    assert sum(parts, Money.zero(m.currency)) == m
    assert all(p.is_rounded() and p.currency == m.currency for p in parts)
    unit = Decimal(1).scaleb(-m.minor_digits)
    total = sum(ratios)
    for part, ratio in zip(parts, ratios, strict=True):
        assert abs(part.amount - m.amount * ratio / total) < unit  # within one minor unit of its share
        if ratio == 0:
            assert part.is_zero()


@given(rounded_money(), st.integers(min_value=1, max_value=50))
def test_allocate_equal_ratios_differ_by_at_most_one_minor_unit(m: Money, n: int) -> None:
    units = [p.to_minor_units() for p in m.allocate([1] * n)]
    assert max(units) - min(units) <= 1
    assert sum(units) == m.to_minor_units()


@given(rounded_money(), ratio_lists)
def test_allocate_is_symmetric_in_sign(m: Money, ratios: list[int]) -> None:
    assert (-m).allocate(ratios) == [-p for p in m.allocate(ratios)]


@pytest.mark.parametrize(
    ("amount", "currency", "ratios", "expected"),
    [
        ("100.00", "CNY", [1, 1, 1], ["33.34", "33.33", "33.33"]),
        ("-100.00", "CNY", [1, 1, 1], ["-33.34", "-33.33", "-33.33"]),
        ("0.05", "CNY", [1, 1, 1], ["0.02", "0.02", "0.01"]),
        ("100.00", "CNY", [30, 30, 40], ["30.00", "30.00", "40.00"]),
        ("0.01", "CNY", [Decimal("0.3"), Decimal("0.7")], ["0.00", "0.01"]),
        ("10.00", "CNY", [Decimal("33.3"), 0, Decimal("66.7")], ["3.33", "0.00", "6.67"]),
        ("10", "JPY", [1, 2], ["3", "7"]),
        ("1.000", "KWD", [1, 1, 1], ["0.334", "0.333", "0.333"]),
    ],
)
def test_allocate_examples(
    amount: str, currency: str, ratios: list[Decimal | int], expected: list[str]
) -> None:
    assert Money(amount, currency).allocate(ratios) == [Money(e, currency) for e in expected]


@pytest.mark.parametrize("ratios", [[], [0, 0], [1, -1], "12"])
def test_allocate_rejects_bad_ratios(ratios: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        Money("1.00", "CNY").allocate(ratios)  # type: ignore[arg-type]


def test_allocate_needs_a_rounded_amount() -> None:
    with pytest.raises(ValueError):
        Money("1.005", "CNY").allocate([1, 1])


# ------------------------------------------------------------------------------------------ convert


def test_convert_rounds_half_up_to_the_target_minor_unit() -> None:
    assert Money("100", "USD").convert(Decimal("7.1234"), "CNY") == Money("712.34", "CNY")
    assert Money("1.00", "USD").convert(Decimal("7.125"), "cny") == Money("7.13", "CNY")
    assert Money("1.00", "USD").convert(Decimal("150.5"), "JPY") == Money("151", "JPY")
    converted = Money("1.00", "USD").convert(Decimal("7.12345"), "CNY")
    assert converted.amount.as_tuple().exponent == -2
    assert converted.currency == "CNY"


@pytest.mark.parametrize("rate", [Decimal(0), Decimal("-7.1"), -1])
def test_convert_rejects_non_positive_rates(rate: Decimal | int) -> None:
    with pytest.raises(ValueError):
        Money(1, "USD").convert(rate, "CNY")


def test_convert_rejects_unknown_target() -> None:
    with pytest.raises(UnknownCurrency):
        Money(1, "USD").convert(Decimal(7), "XYZ")


# ------------------------------------------------------------------------------------------ formatting


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("1234.56", "CNY", "zh_CN", "¥1,234.56"),
        ("1234.56", "CNY", "en", "¥1,234.56"),
        ("-12", "CNY", "zh_CN", "-¥12.00"),
        ("-12", "CNY", "en", "-¥12.00"),
        ("0", "CNY", "en", "¥0.00"),
        ("-0.001", "CNY", "zh_CN", "¥0.00"),
        ("0.125", "CNY", "en", "¥0.13"),  # half-up; Babel alone would give 0.12
        ("1234567.5", "CNY", "zh_CN", "¥1,234,567.50"),
        ("1234.56", "USD", "zh_CN", "US$1,234.56"),
        ("1234.56", "USD", "en", "US$1,234.56"),
        ("-1234.56", "USD", "en", "-US$1,234.56"),
        ("12", "HKD", "en", "HK$12.00"),
        ("12", "HKD", "zh_CN", "HK$12.00"),
        ("1200.4", "JPY", "en", "JP¥1,200"),
        ("1200.5", "JPY", "zh_CN", "JP¥1,201"),
        ("-1.2345", "KWD", "en", "-KWD 1.235"),
        ("5", "EUR", "zh_CN", "€5.00"),
    ],
)
def test_format_money_examples(amount: str, currency: str, locale: str, expected: str) -> None:
    assert format_money(Money(amount, currency), locale) == expected


@given(rounded_money(), st.sampled_from(["en", "zh_CN"]))
def test_format_money_shape(m: Money, locale: str) -> None:
    text = format_money(m, locale)
    assert "(" not in text and "CN¥" not in text and "CNY" not in text
    assert text.startswith("-") == m.is_negative()
    digits = m.minor_digits
    if digits:
        assert len(text.rsplit(".", 1)[1]) == digits
    else:
        assert "." not in text


def test_format_money_show_code() -> None:
    assert format_money(Money("1234.56", "USD"), "en", show_code=True) == "USD 1,234.56"
    assert format_money(Money("-12", "CNY"), "zh_CN", show_code=True) == "-CNY 12.00"
    assert format_money(Money("-12", "CNY"), "zh_CN", show_code=False) == "-12.00"


def test_format_money_defaults_to_the_app_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "_language", "zh_CN")
    assert format_money(Money(1, "JPY")) == "JP¥1"
    assert format_wan(Money("123456.78", "CNY")) == "¥12.35万"
    monkeypatch.setattr(i18n, "_language", "en")
    assert format_wan(Money("123456.78", "CNY")) == "¥123,456.78"


@pytest.mark.parametrize("locale", ["en", "zh_CN"])
def test_masked_hides_amount_sign_and_length(locale: str) -> None:
    masks = {format_money(Money(a, "CNY"), locale, masked=True) for a in ["0", "1", "-1", "123456789.99"]}
    assert masks == {"¥****"}
    assert format_money(Money("12.34", "USD"), locale, masked=True) == "US$****"
    assert format_money(Money("12.34", "USD"), locale, masked=True, show_code=True) == "USD ****"
    assert format_wan(Money("123456.78", "CNY"), locale, masked=True) == "¥****"


@pytest.mark.parametrize(
    ("currency", "locale", "marker"),
    [
        ("CNY", "en", "¥"),
        ("CNY", "zh_CN", "¥"),
        ("USD", "en", "US$"),
        ("USD", "zh_CN", "US$"),
        ("JPY", "en", "JP¥"),
    ],
)
def test_currency_marker(currency: str, locale: str, marker: str) -> None:
    assert currency_marker(currency, locale) == marker


@pytest.mark.parametrize(
    ("amount", "currency", "locale", "expected"),
    [
        ("123456.78", "CNY", "zh_CN", "¥12.35万"),
        ("123450.00", "CNY", "zh_CN", "¥12.35万"),  # half-up at the 万 digits too
        ("-123456.78", "CNY", "zh_CN", "-¥12.35万"),
        ("10000", "CNY", "zh_CN", "¥1.00万"),
        ("9999.99", "CNY", "zh_CN", "¥9,999.99"),
        ("99999999.99", "CNY", "zh_CN", "¥1.00亿"),
        ("123456789", "CNY", "zh_CN", "¥1.23亿"),
        ("123456.78", "USD", "zh_CN", "US$12.35万"),
        ("123456.78", "CNY", "en", "¥123,456.78"),
    ],
)
def test_format_wan(amount: str, currency: str, locale: str, expected: str) -> None:
    assert format_wan(Money(amount, currency), locale) == expected


# ------------------------------------------------------------------------------------------ parsing


@pytest.mark.parametrize(
    ("text", "currency", "expected"),
    [
        ("1,234.56", "CNY", "1234.56"),
        ("¥1,234.56", "CNY", "1234.56"),
        ("￥1,234.56", "CNY", "1234.56"),
        ("１２３.４", "CNY", "123.40"),
        ("￥１，２３４．５０", "CNY", "1234.50"),
        ("-12", "CNY", "-12.00"),
        ("－12", "CNY", "-12.00"),
        ("-¥12.00", "CNY", "-12.00"),
        ("¥-12", "CNY", "-12.00"),
        ("+5", "CNY", "5.00"),
        ("  42  ", "CNY", "42.00"),
        ("12元", "CNY", "12.00"),
        ("CNY 5.5", "CNY", "5.50"),
        ("cny 5.5", "CNY", "5.50"),
        ("12.340", "CNY", "12.34"),  # trailing zeros do not add precision
        (".5", "CNY", "0.50"),
        ("1234", "CNY", "1234.00"),
        ("US$1,234.56", "USD", "1234.56"),
        ("$3", "USD", "3.00"),
        ("JP¥1,200", "JPY", "1200"),
        ("1200.00", "JPY", "1200"),
        ("KWD 1.235", "KWD", "1.235"),
    ],
)
def test_parse_money_accepts(text: str, currency: str, expected: str) -> None:
    result = parse_money(text, currency)
    assert result == Money(expected, currency)
    assert result.is_rounded()


@pytest.mark.parametrize(
    ("text", "currency", "fragment"),
    [
        ("", "CNY", "Enter an amount"),
        ("   ", "CNY", "Enter an amount"),
        ("abc", "CNY", "not an amount"),
        ("12abc", "CNY", "not an amount"),
        ("1,23", "CNY", "not an amount"),
        ("1.2.3", "CNY", "not an amount"),
        ("--1", "CNY", "not an amount"),
        ("¥", "CNY", "not an amount"),
        ("US$12", "CNY", "not an amount"),
        ("12.345", "CNY", "at most 2"),
        ("0.001", "CNY", "CNY"),
        ("1.5", "JPY", "no decimal places"),
        ("1.2345", "KWD", "at most 3"),
    ],
)
def test_parse_money_rejects_with_a_message(text: str, currency: str, fragment: str) -> None:
    with pytest.raises(InvalidAmount, match=fragment) as info:
        parse_money(text, currency)
    assert isinstance(info.value, MoneyError)
    assert isinstance(info.value, ValueError)


def test_parse_money_rejects_unknown_currency() -> None:
    with pytest.raises(UnknownCurrency):
        parse_money("1", "XYZ")


@given(rounded_money(), st.sampled_from(["en", "zh_CN"]), st.sampled_from([None, True, False]))
def test_parse_reads_back_what_format_wrote(m: Money, locale: str, show_code: bool | None) -> None:
    assert parse_money(format_money(m, locale, show_code=show_code), m.currency) == m


# ------------------------------------------------------------------------------------------ 大写金额


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("1234.56", "壹仟贰佰叁拾肆元伍角陆分"),
        ("1000", "壹仟元整"),
        ("10.05", "壹拾元零伍分"),
        ("100000", "壹拾万元整"),
        ("0", "零元整"),
        ("100010001.1", "壹亿零壹万零壹元壹角"),
        # the examples of the PBOC rules (first form where two are allowed)
        ("1409.50", "壹仟肆佰零玖元伍角"),
        ("6007.14", "陆仟零柒元壹角肆分"),
        ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
        ("107000.53", "壹拾万柒仟元零伍角叁分"),
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        # more
        ("10", "壹拾元整"),
        ("15", "壹拾伍元整"),
        ("110000", "壹拾壹万元整"),
        ("1001", "壹仟零壹元整"),
        ("1010", "壹仟零壹拾元整"),
        ("10000001", "壹仟万零壹元整"),
        ("10100000", "壹仟零壹拾万元整"),
        ("100000000", "壹亿元整"),
        ("100001000", "壹亿零壹仟元整"),
        ("110000000", "壹亿壹仟万元整"),
        ("1000000000000", "壹万亿元整"),
        ("1.1", "壹元壹角"),
        ("1.01", "壹元零壹分"),
        ("0.5", "伍角"),
        ("0.05", "伍分"),
        ("0.55", "伍角伍分"),
        ("20000000.5", "贰仟万元零伍角"),
        ("-3.2", "负叁元贰角"),
        ("0.005", "壹分"),  # rounded half-up to the fen first
        ("9999999999999999.99", "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ],
)
def test_amount_in_chinese_capitals(amount: str, expected: str) -> None:
    assert amount_in_chinese_capitals(Decimal(amount)) == expected


def test_chinese_capitals_accepts_int() -> None:
    assert amount_in_chinese_capitals(20) == "贰拾元整"


def test_chinese_capitals_refuses_too_large_amounts() -> None:
    with pytest.raises(ValueError):
        amount_in_chinese_capitals(Decimal(10) ** 16)


@given(st.integers(min_value=1, max_value=10**16 - 1))
def test_chinese_capitals_integers_are_well_formed(n: int) -> None:
    text = amount_in_chinese_capitals(n)
    assert text.endswith("元整")
    assert "零零" not in text
    assert not text.startswith("零")
    assert "零元" not in text and "零万" not in text and "零亿" not in text
    assert text.startswith("壹拾") or not text.startswith("拾")
