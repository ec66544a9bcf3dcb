"""An error names the field it is about in words, never by its identifier (issue 10, §9)."""

from __future__ import annotations

import pytest

from app import i18n
from app.errors import ValidationError
from app.ledger.records import AccountInput
from app.services import AppServices
from tests.app.household import populate


def test_a_field_is_named_in_words_in_both_languages() -> None:
    assert str(ValidationError("bound_account_id", "must be a bank card")) == "Bound account: must be a bank card"
    i18n.set_language("zh_CN")
    try:
        assert str(ValidationError("bound_account_id", "x")) == "绑定账户：x"
    finally:
        i18n.set_language("en")


def test_a_column_mapping_keeps_its_own_setting_names() -> None:
    # (a --columns file's keys are what a person edits there)
    assert str(ValidationError("date_column", "choose it")) == "date_column: choose it"


def test_what_the_window_shows_names_no_identifier(services: AppServices) -> None:
    populate(services)
    with pytest.raises(ValidationError) as err:
        services.add_account(AccountInput(member_id=1, platform_id=1, kind="debit_card", name="二类户",
                                          bank_class="II"))
    assert err.value.field == "bound_account_id" and "bound_account_id" not in str(err.value)
    assert str(err.value).startswith("Bound account: ")
