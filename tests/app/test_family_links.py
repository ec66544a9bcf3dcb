"""Family payee links (issue 11 §4): an account offered to another member becomes their family payee only
once both sides confirm (a guardian speaks for a minor's side); either side, or a guardian, removes it."""

from __future__ import annotations

import json

import pytest

from app.errors import EditConflict, NotFound, NotPermitted, ValidationError
from tests.app.family_home import (
    CHILD,
    CHILD_WALLET,
    DAD,
    DAD_WALLET,
    GRANNY,
    MOM,
    MOM_CARD,
    TEEN,
    TEEN_WALLET,
    Home,
    assert_no_secrets,
    events,
    home,  # noqa: F401 - the fixture
)


def test_a_link_needs_both_adults(home: Home) -> None:  # noqa: F811
    offered = home.act(MOM).propose_family_link(MOM_CARD, DAD, note="妈妈的工资卡")
    assert (offered.status, offered.holder_confirmed, offered.member_confirmed) == ("proposed", True, False)
    assert offered.note == "妈妈的工资卡"
    assert home.act(DAD).family_payees() == []  # not yet: only one side has confirmed
    with pytest.raises(NotPermitted, match="nothing here awaits"):
        home.act(MOM).confirm_family_link(offered.id, offered.version)  # her side is done already
    confirmed = home.act(DAD).confirm_family_link(offered.id, offered.version)
    assert (confirmed.status, confirmed.member_confirmed, confirmed.version) == ("confirmed", True, 2)
    assert [(p.account_id, p.holder_id) for p in home.act(DAD).family_payees()] == [(MOM_CARD, MOM)]
    assert home.act(MOM).family_payees() == []  # a link goes one way: mom may not pay into her own card by it


def test_the_member_offered_can_ask_too(home: Home) -> None:  # noqa: F811
    asked = home.act(DAD).propose_family_link(MOM_CARD, DAD)
    assert (asked.holder_confirmed, asked.member_confirmed) == (False, True)
    assert home.act(MOM).confirm_family_link(asked.id, asked.version).status == "confirmed"


def test_a_guardian_speaks_for_a_minors_side(home: Home) -> None:  # noqa: F811
    # The teenager asks for dad's wallet as a payee: dad's side and a guardian's word for the teenager.
    asked = home.act(TEEN).propose_family_link(DAD_WALLET, TEEN)
    assert (asked.holder_confirmed, asked.member_confirmed) == (False, False)
    with pytest.raises(NotPermitted, match="guardian confirms"):
        home.act(TEEN).confirm_family_link(asked.id, asked.version)
    half = home.act(MOM).confirm_family_link(asked.id, asked.version)  # mom, for the teenager
    assert (half.status, half.holder_confirmed, half.member_confirmed) == ("proposed", False, True)
    done = home.act(DAD).confirm_family_link(asked.id, half.version)
    assert done.status == "confirmed"
    assert [p.account_id for p in home.act(TEEN).family_payees()] == [DAD_WALLET]
    # A guardian offering a child's wallet to herself confirms both sides she speaks for.
    both = home.act(MOM).propose_family_link(CHILD_WALLET, MOM)
    assert both.status == "confirmed"


def test_who_may_propose(home: Home) -> None:  # noqa: F811
    with pytest.raises(NotPermitted, match="only the account's holder"):
        home.act(TEEN).propose_family_link(MOM_CARD, DAD)  # neither side, and no guardian
    with pytest.raises(NotPermitted, match="viewer"):
        home.act(GRANNY).propose_family_link(MOM_CARD, DAD)
    with pytest.raises(ValidationError, match="viewer"):
        home.act(MOM).propose_family_link(MOM_CARD, GRANNY)
    with pytest.raises(ValidationError, match="its own holder"):
        home.act(MOM).propose_family_link(MOM_CARD, MOM)
    with pytest.raises(ValidationError, match="Account"):
        home.act(MOM).propose_family_link(99, DAD)
    with pytest.raises(ValidationError, match="Member"):
        home.act(MOM).propose_family_link(MOM_CARD, 99)
    home.act(MOM).propose_family_link(MOM_CARD, DAD)
    with pytest.raises(ValidationError, match="already offered"):
        home.act(DAD).propose_family_link(MOM_CARD, DAD)


def test_declined_and_removed_links_pay_nobody(home: Home) -> None:  # noqa: F811
    offered = home.act(MOM).propose_family_link(MOM_CARD, DAD)
    with pytest.raises(NotPermitted, match="nothing here awaits"):
        home.act(MOM).decline_family_link(offered.id, offered.version)  # her side is given
    declined = home.act(DAD).decline_family_link(offered.id, offered.version)
    assert declined.status == "declined"
    with pytest.raises(NotPermitted, match="no longer awaiting"):
        home.act(DAD).confirm_family_link(offered.id, declined.version)
    again = home.act(MOM).propose_family_link(MOM_CARD, DAD)  # a declined offer may be made again
    confirmed = home.act(DAD).confirm_family_link(again.id, again.version)
    with pytest.raises(NotPermitted, match="only the two members"):
        home.act(TEEN).remove_family_link(again.id, confirmed.version)
    with pytest.raises(NotPermitted, match="only the two members"):
        home.act(GRANNY).remove_family_link(again.id, confirmed.version)
    removed = home.act(DAD).remove_family_link(again.id, confirmed.version)  # either side may end it
    assert removed.status == "removed" and home.act(DAD).family_payees() == []
    with pytest.raises(NotPermitted, match="already ended"):
        home.act(MOM).remove_family_link(again.id, removed.version)
    with pytest.raises(NotFound, match="family payee link"):
        home.act(MOM).remove_family_link(99, 1)


def test_a_stale_view_cannot_confirm(home: Home) -> None:  # noqa: F811
    asked = home.act(TEEN).propose_family_link(TEEN_WALLET, DAD)
    home.act(MOM).confirm_family_link(asked.id, asked.version)  # mom, for the teenager's side
    with pytest.raises(EditConflict, match="Someone else changed"):
        home.act(DAD).confirm_family_link(asked.id, asked.version)
    link = next(x for x in home.act(DAD).family_links() if x.id == asked.id)
    assert (link.status, link.version) == ("proposed", 2)
    assert home.act(DAD).confirm_family_link(asked.id, link.version).status == "confirmed"


def test_who_sees_which_links(home: Home) -> None:  # noqa: F811
    a = home.act(MOM).propose_family_link(MOM_CARD, DAD)
    b = home.act(MOM).propose_family_link(CHILD_WALLET, DAD)
    assert [x.id for x in home.act(DAD).family_links()] == [a.id, b.id]
    assert [x.id for x in home.act(CHILD).family_links()] == [b.id]
    assert [x.id for x in home.act(TEEN).family_links()] == []
    assert [x.id for x in home.act(MOM).family_links()] == [a.id, b.id]  # a guardian sees the household's


def test_links_are_audited_without_names(home: Home) -> None:  # noqa: F811
    offered = home.act(MOM).propose_family_link(MOM_CARD, DAD, note="爸爸用")
    home.act(DAD).confirm_family_link(offered.id, offered.version)
    found = events(home, "family_link.")
    assert [k for k, _b in found] == ["family_link.proposed", "family_link.confirmed"]
    details = json.loads(found[0][1])["details"]
    assert (details["account"], details["payee_member"], details["status"]) == (MOM_CARD, DAD, "proposed")
    assert json.loads(found[1][1])["details"]["status"] == "confirmed"
    assert all("爸爸用" not in body for _k, body in found)
    assert_no_secrets(home)
