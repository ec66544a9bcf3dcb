"""Account numbers: Chinese card numbers keep their 12-19 digit rule; foreign accounts take IBANs (ISO 13616,
mod 97) and other foreign formats."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.ledger import validation
from app.ledger.records import AccountInput


def check(number: str, currency: str = "EUR", platform: str = "bank", kind: str = "debit_card") -> None:
    data = AccountInput(member_id=1, platform_id=1, kind=kind, name="Girokonto", currency=currency, number=number,
                        bank_class="I" if kind == "debit_card" else None)
    validation.account(data, platform, None, False)


@pytest.mark.parametrize("iban", ["DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "gb82 west 1234 5698 7654 32",
                                  "FR14 2004 1010 0505 0001 3M02 606", "NL91ABNA0417164300"])
def test_a_foreign_account_takes_a_valid_iban(iban: str) -> None:
    check(iban)


def test_an_iban_with_wrong_check_digits_is_refused_on_the_number() -> None:
    with pytest.raises(ValidationError) as err:
        check("DE88 3704 0044 0532 0130 00")
    assert err.value.field == "number" and "check digits" in str(err.value)
    with pytest.raises(ValidationError, match="check digits"):
        check("GB82WEST12345698765433")  # one digit mistyped


def test_an_iban_of_the_wrong_length_for_its_country_is_refused() -> None:
    with pytest.raises(ValidationError) as err:
        check("DE89 3704 0044 0532 0130 0")
    assert err.value.field == "number" and "22" in str(err.value)


@pytest.mark.parametrize("number", ["12345678", "0123-456789-01", "AB12 3456", "026009593", "4000 1234 5678 9010"])
def test_other_foreign_account_numbers(number: str) -> None:
    check(number, currency="USD")


@pytest.mark.parametrize("number", ["123", "X" * 35, "1234#5678", "账号12345"])
def test_a_foreign_number_that_is_no_account_number_is_refused(number: str) -> None:
    with pytest.raises(ValidationError) as err:
        check(number, currency="USD")
    assert err.value.field == "number"


def test_an_fx_platform_or_account_is_foreign_even_in_cny() -> None:
    check("GB82WEST12345698765432", currency="CNY", platform="fx_account", kind="fx_account")
    check("GB82WEST12345698765432", currency="CNY", platform="bank", kind="fx_account")
    with pytest.raises(ValidationError, match="check digits"):
        check("GB83WEST12345698765432", currency="CNY", platform="fx_account", kind="fx_account")


@pytest.mark.parametrize("number", ["GB82WEST12345698765432", "12345678", "6222 0212 3456"])
def test_a_chinese_cny_card_keeps_the_card_rule(number: str) -> None:
    if number == "6222 0212 3456":
        check(number, currency="CNY")  # 12 digits: a card number
        return
    with pytest.raises(ValidationError) as err:
        check(number, currency="CNY")
    assert err.value.field == "number" and "12 to 19" in str(err.value)


def test_iban_problem_names_each_fault() -> None:
    assert validation.iban_problem("DE89370400440532013000") == ""
    assert "country" in validation.iban_problem("ZZ89370400440532013000")
    assert validation.iban_problem("DE00370400440532013000")
