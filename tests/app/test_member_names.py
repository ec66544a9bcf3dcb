"""The real name is optional, except with an ID number: the error says why (issue 10 §4)."""

from __future__ import annotations

import pytest

from app.errors import ValidationError
from app.ledger import validation
from app.ledger.records import MemberInput

ID_NUMBER = "11010519491231002X"


def test_an_id_number_without_a_real_name_says_why_the_name_is_needed() -> None:
    with pytest.raises(ValidationError) as caught:
        validation.member(MemberInput(name="Grandma", id_number=ID_NUMBER))
    assert caught.value.field == "real_name"
    assert caught.value.detail != "is required"
    assert "ID number" in caught.value.detail and "go together" in caught.value.detail


def test_the_real_name_stays_optional_alone_and_with_an_id_number() -> None:
    assert validation.member(MemberInput(name="Grandma")).real_name == ""
    assert validation.member(MemberInput(name="Grandma", real_name="王秀英")).real_name == "王秀英"
    kept = validation.member(MemberInput(name="Grandma", real_name=" 王秀英 ", id_number=ID_NUMBER))
    assert (kept.real_name, kept.id_number) == ("王秀英", ID_NUMBER)
