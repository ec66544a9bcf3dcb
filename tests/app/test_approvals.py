"""Approvals (issue 11 §4): a request some members must decide, all of them or any one; the first denial
ends it, the clock expires it, a stale view cannot decide it, and who must approve follows the roles."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest

from app import clock
from app.errors import EditConflict, NotFound, NotPermitted, ValidationError
from tests.app.family_home import (
    CHILD,
    CHILD_WALLET,
    DAD,
    DAD_WALLET,
    GRANNY,
    MOM,
    MOM_CARD,
    MOM_USD,
    TEEN,
    TEEN_WALLET,
    Home,
    assert_no_secrets,
    events,
    home,  # noqa: F401 - the fixture
)
from tests.conftest import PASSPHRASE


def ask(home: Home, by: int = TEEN, approvers: tuple[int, ...] = (MOM, DAD), mode: str = "any", **kw: object):  # noqa: F811
    return home.act(by).request_approval("generic", list(approvers), mode, summary="买自行车",  # type: ignore[arg-type]
                                         amount=Decimal("1234.56"), currency="CNY", **kw)


def test_any_one_approval_ends_it_approved(home: Home) -> None:  # noqa: F811
    asked = ask(home)
    assert (asked.status, asked.version, asked.mode, asked.approvers) == ("pending", 1, "any", (MOM, DAD))
    assert (asked.summary, asked.amount, asked.currency) == ("买自行车", Decimal("1234.56"), "CNY")
    assert asked.expires_at == clock.utcnow() + timedelta(days=7)
    assert [a.id for a in home.act(DAD).pending_approvals()] == [asked.id]
    done = home.act(DAD).approve(asked.id, asked.version, comment="注意安全")
    assert (done.status, done.version, done.decided_at) == ("approved", 2, clock.utcnow())
    assert [(v.member_id, v.decision, v.comment) for v in done.votes] == [(DAD, "approve", "注意安全")]
    assert home.act(MOM).pending_approvals() == []  # decided: nothing left for the other guardian
    with pytest.raises(NotPermitted, match="no longer awaiting"):
        home.act(MOM).approve(asked.id, done.version)


def test_all_needs_every_listed_member(home: Home) -> None:  # noqa: F811
    asked = ask(home, mode="all")
    first = home.act(MOM).approve(asked.id, asked.version)
    assert first.status == "pending" and not first.awaiting_me
    assert home.act(DAD).approval(asked.id).awaiting_me
    second = home.act(DAD).approve(asked.id, first.version)
    assert second.status == "approved"
    with pytest.raises(NotPermitted, match="already decided|no longer"):
        home.act(MOM).approve(asked.id, second.version)


def test_the_first_denial_ends_it(home: Home) -> None:  # noqa: F811
    asked = ask(home, mode="all")
    approved = home.act(MOM).approve(asked.id, asked.version)
    denied = home.act(DAD).deny(asked.id, approved.version, comment="太贵了")
    assert denied.status == "denied"
    assert [(v.member_id, v.decision) for v in denied.votes] == [(MOM, "approve"), (DAD, "deny")]
    asked = ask(home, mode="any")
    assert home.act(MOM).deny(asked.id, asked.version).status == "denied"
    with pytest.raises(NotPermitted, match="no longer awaiting"):
        home.act(DAD).approve(asked.id, asked.version + 1)


def test_a_stale_version_is_refused_and_changes_nothing(home: Home) -> None:  # noqa: F811
    asked = ask(home, mode="all")
    home.act(MOM).approve(asked.id, asked.version)
    with pytest.raises(EditConflict, match="Someone else changed this approval request") as err:
        home.act(DAD).deny(asked.id, asked.version)  # decided on the view from before mom's vote
    assert err.value.exit_code == 7
    now = home.act(DAD).approval(asked.id)
    assert (now.status, now.version, len(now.votes)) == ("pending", 2, 1)
    with pytest.raises(EditConflict):
        home.act(TEEN).cancel_approval(asked.id, asked.version)


def test_nobody_decides_their_own_request(home: Home) -> None:  # noqa: F811
    with pytest.raises(ValidationError, match="own request"):
        ask(home, by=MOM, approvers=(MOM, DAD))
    asked = ask(home, by=MOM, approvers=(DAD,))
    with pytest.raises(NotPermitted, match="own request"):
        home.act(MOM).approve(asked.id, asked.version)
    assert home.act(DAD).approve(asked.id, asked.version).status == "approved"


def test_viewers_and_minors_never_approve(home: Home) -> None:  # noqa: F811
    for who, word in ((GRANNY, "viewer"), (TEEN, "minor"), (CHILD, "minor")):
        with pytest.raises(ValidationError, match=word):
            ask(home, by=DAD, approvers=(MOM, who))
    asked = ask(home, by=DAD, approvers=(MOM,))
    with pytest.raises(NotPermitted, match="viewer"):
        home.act(GRANNY).approve(asked.id, asked.version)
    with pytest.raises(NotPermitted, match="teenager or a child"):
        home.act(CHILD).approve(asked.id, asked.version)
    with pytest.raises(NotPermitted, match="viewer"):
        ask(home, by=GRANNY, approvers=(MOM,))  # a viewer asks for nothing either
    assert home.act(DAD).approval(asked.id).status == "pending"


def test_only_the_listed_members_vote(home: Home) -> None:  # noqa: F811
    asked = ask(home, approvers=(DAD,))
    with pytest.raises(NotPermitted, match="not one of the members"):
        home.act(MOM).approve(asked.id, asked.version)  # a guardian, but not asked
    with pytest.raises(NotPermitted, match="neither yours"):
        home.act(MOM).approval(asked.id)
    assert [a.id for a in home.act(MOM).approvals()] == []
    assert [a.id for a in home.act(TEEN).approvals()] == [asked.id]  # the requester sees their own
    with pytest.raises(NotFound, match="approval request"):
        home.act(DAD).approve(999, 1)


def test_requests_expire_by_the_clock(home: Home, clock_now: clock.FixedClock) -> None:  # noqa: F811
    asked = ask(home, expires_in=timedelta(hours=2))
    other = ask(home, expires_in=timedelta(days=2))
    clock_now.advance(hours=1, minutes=59)
    assert home.act(MOM).approval(asked.id).status == "pending"
    clock_now.advance(minutes=1)
    assert home.act(MOM).approval(asked.id).status == "expired"  # shown expired at once
    assert [a.id for a in home.act(MOM).pending_approvals()] == [other.id]
    with pytest.raises(NotPermitted, match="expired"):
        home.act(MOM).approve(asked.id, asked.version)
    stored = home.act(MOM).approval(asked.id)
    assert (stored.status, stored.version, stored.votes, stored.decided_at) == ("expired", 2, (), asked.expires_at)
    assert [k for k, _b in events(home, "approval.expired")] == ["approval.expired"]
    clock_now.advance(days=2)
    assert home.expire_approvals() == [other.id]
    assert home.expire_approvals() == []
    with pytest.raises(NotPermitted, match="no longer"):
        home.act(TEEN).cancel_approval(other.id, 2)


def test_what_a_request_may_ask(home: Home) -> None:  # noqa: F811
    with pytest.raises(ValidationError, match="Approvers"):
        ask(home, approvers=())
    with pytest.raises(ValidationError, match="Approvers"):
        ask(home, approvers=(99,))
    with pytest.raises(ValidationError, match="Who must approve"):
        ask(home, mode="most")
    with pytest.raises(ValidationError, match="Time to decide"):
        ask(home, expires_in=timedelta(days=91))
    with pytest.raises(ValidationError, match="Time to decide"):
        ask(home, expires_in=timedelta(0))
    with pytest.raises(ValidationError, match="Kind of request"):
        home.act(TEEN).request_approval("loan", [MOM])
    for bad in (Decimal("-1"), Decimal("NaN"), Decimal("1.001")):
        with pytest.raises(ValidationError, match="Amount"):
            home.act(TEEN).request_approval("generic", [MOM], amount=bad, currency="CNY")
    with pytest.raises(ValidationError, match="Currency"):
        home.act(TEEN).request_approval("generic", [MOM], amount=Decimal(1), currency="XYZ")
    with pytest.raises(NotPermitted, match="no member is acting"):
        Home.__new__(Home).request_approval("generic", [DAD])  # a facade nobody unlocked as a member


def test_cancel_is_the_requesters_alone(home: Home) -> None:  # noqa: F811
    asked = ask(home)
    with pytest.raises(NotPermitted, match="only the member who asked"):
        home.act(MOM).cancel_approval(asked.id, asked.version)
    cancelled = home.act(TEEN).cancel_approval(asked.id, asked.version)
    assert cancelled.status == "cancelled"
    with pytest.raises(NotPermitted, match="no longer"):
        home.act(MOM).approve(asked.id, cancelled.version)
    assert [a.status for a in home.act(TEEN).approvals(status="cancelled")] == ["cancelled"]


def test_every_step_is_audited_without_personal_values(home: Home) -> None:  # noqa: F811
    asked = ask(home, mode="all")
    voted = home.act(MOM).approve(asked.id, asked.version, comment="学费")
    home.act(DAD).deny(asked.id, voted.version, comment="零花钱")
    found = events(home, "approval.")
    assert [k for k, _b in found] == ["approval.requested", "approval.voted", "approval.voted"]
    requested = json.loads(found[0][1])
    assert requested["subject"] == {"type": "approval", "id": asked.id}
    details = requested["details"]
    assert (details["kind"], details["mode"], details["approvers"], details["member"]) == (
        "generic", "all", [MOM, DAD], TEEN)
    last = json.loads(found[-1][1])["details"]
    assert (last["decision"], last["status"], last["member"]) == ("deny", "denied", DAD)
    assert_no_secrets(home)


# --- who must approve ------------------------------------------------------------------------------


def test_a_minors_transfer_needs_a_guardian_above_the_limit_or_to_a_new_payee(home: Home) -> None:  # noqa: F811
    teen = home.act(TEEN)
    # No allowance yet: every transfer of a minor waits for a guardian.
    assert teen.approvers_for_transfer(TEEN_WALLET, Decimal("1"), "CNY", False) == ("any", (MOM, DAD))
    home.act(MOM).set_allowance(TEEN, Decimal("50"), "CNY", Decimal("100"))
    teen = home.act(TEEN)
    assert teen.approvers_for_transfer(TEEN_WALLET, Decimal("100"), "CNY", False) is None
    assert teen.approvers_for_transfer(TEEN_WALLET, Decimal("100.01"), "CNY", False) == ("any", (MOM, DAD))
    assert teen.approvers_for_transfer(TEEN_WALLET, Decimal("5"), "CNY", True) == ("any", (MOM, DAD))
    assert teen.approvers_for_transfer(TEEN_WALLET, Decimal("5"), "USD", False) == ("any", (MOM, DAD))
    with pytest.raises(NotPermitted, match="holders"):
        teen.approvers_for_transfer(CHILD_WALLET, Decimal("5"), "CNY", False)
    # An adult's own account held alone: nobody else decides.
    assert home.act(DAD).approvers_for_transfer(DAD_WALLET, Decimal("99999"), "CNY", True) is None
    with pytest.raises(NotPermitted, match="viewer never moves money"):
        home.act(GRANNY).approvers_for_transfer(DAD_WALLET, Decimal("1"), "CNY", False)
    # The guardians approve a minor's request, as the policy said: any one of them.
    mode, who = home.act(CHILD).approvers_for_transfer(CHILD_WALLET, Decimal("20"), "CNY", True) or ("", ())
    asked = home.act(CHILD).request_approval("transfer", who, mode, amount=Decimal("20"), currency="CNY")
    assert home.act(DAD).approve(asked.id, asked.version).status == "approved"


def test_a_joint_account_above_its_threshold_needs_both_holders(home: Home) -> None:  # noqa: F811
    change = home.act(MOM).set_joint_holders(MOM_CARD, DAD, Decimal("5000"))
    assert change.holding is not None and change.approval is None
    assert (change.holding.holder_id, change.holding.member_id, change.holding.threshold) == (MOM, DAD, Decimal("5000"))
    mom, dad = home.act(MOM), None
    assert mom.approvers_for_transfer(MOM_CARD, Decimal("5000"), "CNY", False) is None
    assert mom.approvers_for_transfer(MOM_CARD, Decimal("5000.01"), "CNY", False) == ("all", (DAD,))
    dad = home.act(DAD)
    assert dad.approvers_for_transfer(MOM_CARD, Decimal("6000"), "CNY", False) == ("all", (MOM,))
    with pytest.raises(NotPermitted, match="holders"):
        home.act(TEEN).approvers_for_transfer(MOM_CARD, Decimal("1"), "CNY", False)
    # Tightening applies at once; loosening asks the other holder, and applies once they approve.
    tighter = home.act(DAD).set_joint_holders(MOM_CARD, DAD, Decimal("3000"), version=1)
    assert tighter.holding is not None and (tighter.holding.threshold, tighter.holding.version) == (Decimal("3000"), 2)
    with pytest.raises(EditConflict):
        home.act(MOM).set_joint_holders(MOM_CARD, DAD, Decimal("1000"), version=1)
    looser = home.act(MOM).set_joint_holders(MOM_CARD, DAD, Decimal("8000"), version=2)
    assert looser.holding is None and looser.approval is not None
    asked = looser.approval
    assert (asked.kind, asked.approvers, asked.mode, asked.subject_id) == ("joint_account", (DAD,), "all", MOM_CARD)
    held = home.act(DAD).joint_holders(MOM_CARD)
    assert held is not None and held.threshold == Decimal("3000")  # nothing loosened yet
    home.act(DAD).approve(asked.id, asked.version)
    held = home.act(DAD).joint_holders(MOM_CARD)
    assert held is not None and held.threshold == Decimal("8000")
    ending = home.act(DAD).end_joint_holding(MOM_CARD, held.version)
    assert ending.approval is not None and ending.approval.approvers == (MOM,)
    home.act(MOM).approve(ending.approval.id, ending.approval.version)
    assert home.act(MOM).joint_holders(MOM_CARD) is None
    assert home.act(MOM).approvers_for_transfer(MOM_CARD, Decimal("9000"), "CNY", False) is None
    assert_no_secrets(home)


def test_who_may_hold_an_account_jointly(home: Home) -> None:  # noqa: F811
    with pytest.raises(ValidationError, match="adult"):
        home.act(MOM).set_joint_holders(MOM_CARD, TEEN, Decimal("1"))
    with pytest.raises(ValidationError, match="adult"):
        home.act(MOM).set_joint_holders(MOM_CARD, GRANNY, Decimal("1"))
    with pytest.raises(ValidationError, match="another member"):
        home.act(MOM).set_joint_holders(MOM_CARD, MOM, Decimal("1"))
    with pytest.raises(NotPermitted, match="holders"):
        home.act(DAD).set_joint_holders(MOM_CARD, DAD, Decimal("1"))  # not his account yet
    with pytest.raises(ValidationError, match="more decimals"):
        home.act(MOM).set_joint_holders(MOM_USD, DAD, Decimal("1.005"))
    assert home.act(MOM).joint_holders(MOM_CARD) is None


def test_a_rule_moving_another_members_money_needs_their_consent(home: Home) -> None:  # noqa: F811
    assert home.act(MOM).approvers_for_rule([MOM]) is None  # one's own money
    assert home.act(MOM).approvers_for_rule([MOM, DAD, DAD]) == ("all", (DAD,))
    assert home.act(TEEN).approvers_for_rule([MOM, DAD]) == ("all", (MOM, DAD))
    assert home.act(MOM).approvers_for_rule([TEEN, CHILD]) is None  # a guardian's own authority
    assert home.act(MOM).approvers_for_rule([DAD, TEEN]) == ("all", (DAD,))
    with pytest.raises(NotPermitted, match="only a guardian"):
        home.act(TEEN).approvers_for_rule([CHILD])
    with pytest.raises(NotPermitted, match="viewer"):
        home.act(MOM).approvers_for_rule([GRANNY])
    with pytest.raises(NotPermitted, match="viewer"):
        home.act(GRANNY).approvers_for_rule([GRANNY])


def test_personal_values_are_sealed_and_survive_a_reopen(home: Home) -> None:  # noqa: F811
    asked = ask(home, mode="any")
    home.act(MOM).deny(asked.id, asked.version, comment="太贵了")
    link = home.act(MOM).propose_family_link(MOM_CARD, DAD, note="妈妈的工资卡")
    home.act(MOM).set_allowance(TEEN, Decimal("88.80"), "CNY", Decimal("100"))
    home.act(MOM).set_joint_holders(MOM_CARD, DAD, Decimal("5000"))
    assert home.check_integrity(full=True).ok
    directory = home.directory
    home.close()
    stored = b"".join(p.read_bytes() for p in directory.iterdir() if p.is_file())
    for text in ("买自行车", "太贵了", "妈妈的工资卡", "1234.56", "88.80"):
        assert text.encode() not in stored, text
    again = Home.open(directory, PASSPHRASE).act(DAD)
    try:
        assert again.integrity_report is not None and again.integrity_report.ok
        seen = again.approval(asked.id)
        assert (seen.summary, seen.amount, seen.votes[0].comment) == ("买自行车", Decimal("1234.56"), "太贵了")
        assert [x.note for x in again.family_links()] == ["妈妈的工资卡"] and link.id == 1
    finally:
        again.close()
