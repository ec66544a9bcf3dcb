"""Allowances (issue 11 §4): a guardian sets a minor's weekly allowance, weekly caps per platform and the
limit above which the minor's transfers wait for a guardian; never the minor, never a viewer."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from app.errors import EditConflict, NotFound, NotPermitted, ValidationError
from tests.app.family_home import (
    CHILD,
    DAD,
    GRANNY,
    MOM,
    TEEN,
    Home,
    assert_no_secrets,
    events,
    home,  # noqa: F401 - the fixture
)

BANK, WALLET = 1, 2


def test_a_guardian_sets_a_minors_allowance(home: Home) -> None:  # noqa: F811
    assert home.act(MOM).allowance(TEEN) is None
    set_ = home.act(MOM).set_allowance(TEEN, Decimal("88.80"), "cny", Decimal("200"), {WALLET: Decimal("50")})
    assert (set_.weekly_amount, set_.currency, set_.approval_limit) == (Decimal("88.80"), "CNY", Decimal("200"))
    assert (set_.platform_caps, set_.set_by, set_.version) == ({WALLET: Decimal("50")}, MOM, 1)
    again = home.act(DAD).set_allowance(TEEN, Decimal("100"), "CNY", Decimal("200"), {WALLET: Decimal("50")},
                                        version=1)
    assert (again.weekly_amount, again.set_by, again.version) == (Decimal("100"), DAD, 2)
    seen = home.act(TEEN).allowance(TEEN)  # the teenager reads their own
    assert seen is not None and seen.weekly_amount == Decimal("100")
    unchanged = home.act(DAD).set_allowance(TEEN, Decimal("100"), "CNY", Decimal("200"), {WALLET: Decimal("50")},
                                            version=2)
    assert unchanged.version == 2  # nothing changed, nothing written


def test_only_a_guardian_sets_one(home: Home) -> None:  # noqa: F811
    for who in (TEEN, CHILD, GRANNY):
        with pytest.raises(NotPermitted, match="only a guardian"):
            home.act(who).set_allowance(TEEN, Decimal("1000"), "CNY", Decimal("9999"))
    assert home.act(MOM).allowance(TEEN) is None  # the teenager could not set their own
    home.act(MOM).set_allowance(CHILD, Decimal("20"), "CNY", Decimal("0"))
    with pytest.raises(NotPermitted, match="only a guardian"):
        home.act(TEEN).allowance(CHILD)  # not their sibling's
    with pytest.raises(NotPermitted, match="only a guardian"):
        home.act(GRANNY).allowance(CHILD)
    with pytest.raises(ValidationError, match="teenager or a child"):
        home.act(MOM).set_allowance(DAD, Decimal("1"), "CNY", Decimal("1"))
    with pytest.raises(NotFound):
        home.act(MOM).set_allowance(42, Decimal("1"), "CNY", Decimal("1"))


def test_amounts_are_checked(home: Home) -> None:  # noqa: F811
    mom = home.act(MOM)
    with pytest.raises(ValidationError, match="Weekly allowance"):
        mom.set_allowance(TEEN, Decimal("-1"), "CNY", Decimal("1"))
    with pytest.raises(ValidationError, match="Weekly allowance"):
        mom.set_allowance(TEEN, Decimal("Infinity"), "CNY", Decimal("1"))
    with pytest.raises(ValidationError, match="Weekly allowance"):
        mom.set_allowance(TEEN, 1.5, "CNY", Decimal("1"))  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="Approval limit"):
        mom.set_allowance(TEEN, Decimal("1"), "JPY", Decimal("1.5"))  # yen has no decimals
    with pytest.raises(ValidationError, match="Currency"):
        mom.set_allowance(TEEN, Decimal("1"), "RMB", Decimal("1"))
    with pytest.raises(ValidationError, match="Weekly caps per platform"):
        mom.set_allowance(TEEN, Decimal("1"), "CNY", Decimal("1"), {99: Decimal("1")})
    with pytest.raises(ValidationError, match="Weekly caps per platform"):
        mom.set_allowance(TEEN, Decimal("1"), "CNY", Decimal("1"), {BANK: Decimal("-5")})
    assert mom.allowance(TEEN) is None


def test_a_stale_version_is_refused(home: Home) -> None:  # noqa: F811
    home.act(MOM).set_allowance(TEEN, Decimal("50"), "CNY", Decimal("100"))
    with pytest.raises(EditConflict, match="Someone else changed this allowance"):
        home.act(DAD).set_allowance(TEEN, Decimal("60"), "CNY", Decimal("100"))  # thought there was none
    home.act(DAD).set_allowance(TEEN, Decimal("60"), "CNY", Decimal("100"), version=1)
    with pytest.raises(EditConflict):
        home.act(MOM).set_allowance(TEEN, Decimal("70"), "CNY", Decimal("100"), version=1)
    kept = home.act(MOM).allowance(TEEN)
    assert kept is not None and (kept.weekly_amount, kept.version) == (Decimal("60"), 2)


def test_the_limit_decides_when_a_guardian_approves(home: Home) -> None:  # noqa: F811
    home.act(DAD).set_allowance(CHILD, Decimal("20"), "CNY", Decimal("30"))
    child = home.act(CHILD)
    assert child.approvers_for_transfer(4, Decimal("30"), "CNY", False) is None
    assert child.approvers_for_transfer(4, Decimal("30.01"), "CNY", False) == ("any", (MOM, DAD))


def test_allowances_are_audited_without_amounts(home: Home) -> None:  # noqa: F811
    home.act(MOM).set_allowance(TEEN, Decimal("88.80"), "CNY", Decimal("500.00"), {WALLET: Decimal("1234.56")})
    home.act(MOM).set_allowance(TEEN, Decimal("88.80"), "CNY", Decimal("500.00"), version=1)
    found = events(home, "allowance.")
    assert [k for k, _b in found] == ["allowance.set", "allowance.set"]
    first, second = (json.loads(b) for _k, b in found)
    assert first["subject"] == {"type": "member", "id": TEEN}
    assert first["details"]["fields"] == ["approval_limit", "currency", "platform_caps", "weekly_amount"]
    assert second["details"]["fields"] == ["platform_caps"]
    assert_no_secrets(home)
