"""The other paths of a transfer: held here until its window ends (a platform that cannot schedule),
released at the next unlock when the app was closed; a minor's transfer waiting for a guardian; an
idempotency key reused for another request; a send whose answer was lost, recovered by its key."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from app import clock
from app.errors import ValidationError
from app.services import AppServices
from tests.app.transfers.conftest import OWNER_PASSPHRASE, Demo

TEEN_PIN = "202612"


def test_a_delayed_transfer_on_a_platform_that_cannot_schedule_waits_here_and_goes_at_the_next_unlock(
        demo: Demo) -> None:
    wallet = demo.account(1, "易付宝余额")
    payee = demo.services.add_payee("孙八", "6217000099998888777", "恒信银行")
    out = demo.services.submit_transfer(demo.request(wallet, "80.00", payee=payee.id, memo="还钱"), confirmed=True)
    assert out.status == "accepted" and out.transfer is not None
    assert out.transfer.state == "pending" and not out.transfer.remote_id  # held here, nothing sent yet
    assert demo.sandbox.world.transfers.by_key == {}  # type: ignore[attr-defined]
    release_at = out.transfer.release_at
    assert release_at is not None
    local = demo.services._local
    demo.services._local_owned = False
    demo.services.close()  # the app is closed while the window ends
    clock.get().advance(release_at - clock.utcnow() + timedelta(minutes=5))
    services = demo.services = AppServices.open(demo.directory, OWNER_PASSPHRASE)
    services._local, services._local_owned = local, False
    steps = services.recover_transfers()
    assert [s.transfer_id for s in steps if s.moved] == [out.transfer.id]  # the caller tells the user
    sent = services.transfer(out.transfer.id)
    assert sent.state in ("submitted", "settled") and sent.remote_id
    remote = demo.sandbox.world.transfers.transfers[sent.remote_id]  # type: ignore[attr-defined]
    assert remote.created_at >= release_at  # the platform never saw it inside the window


def test_a_minors_transfer_above_the_guardians_limit_waits_for_a_guardian(demo: Demo) -> None:
    owner = demo.services
    owner.set_allowance(3, Decimal("50.00"), "CNY", approval_limit=Decimal("100.00"))
    teen = demo.as_member(3, TEEN_PIN)
    card, wallet = demo.account(3, "汇通少年卡（一类户）"), demo.account(3, "零钱")
    small = teen.submit_transfer(demo.request(card, "100.00", to=wallet), confirmed=True)
    assert small.status == "executed"
    big = teen.submit_transfer(demo.request(card, "100.01", to=wallet), confirmed=True)
    assert big.status == "accepted" and big.transfer is not None and big.transfer.state == "awaiting_approval"
    assert big.approval_id is not None
    teen.run_due_transfers()
    assert teen.transfer(big.transfer.id).state == "awaiting_approval"  # nothing moves before a guardian
    owner = demo.as_member(1, OWNER_PASSPHRASE)
    approval = owner.approval(big.approval_id)
    assert approval.awaiting_me and approval.amount == Decimal("100.01")
    owner.decide_approval(big.approval_id, approval.version, approve=True)
    moved = owner.transfer(big.transfer.id)
    assert moved.state in ("submitted", "settled"), moved.state


def test_a_denied_approval_rejects_the_transfer(demo: Demo) -> None:
    demo.services.set_allowance(3, Decimal("50.00"), "CNY", approval_limit=Decimal("10.00"))
    teen = demo.as_member(3, TEEN_PIN)
    card, wallet = demo.account(3, "汇通少年卡（一类户）"), demo.account(3, "零钱")
    out = teen.submit_transfer(demo.request(card, "20.00", to=wallet), confirmed=True)
    assert out.transfer is not None and out.approval_id is not None
    owner = demo.as_member(1, OWNER_PASSPHRASE)
    owner.decide_approval(out.approval_id, owner.approval(out.approval_id).version, approve=False)
    assert owner.transfer(out.transfer.id).state == "rejected"


def test_the_same_key_with_another_request_is_refused(demo: Demo) -> None:
    card, wallet = demo.account(1, "汇通借记卡（一类户）"), demo.account(1, "易付宝余额")
    first = demo.request(card, "10.00", to=wallet)
    demo.services.submit_transfer(first)
    other = demo.request(card, "11.00", to=wallet)
    object.__setattr__(other, "idempotency_key", first.idempotency_key)
    with pytest.raises(ValidationError, match="idempotency"):
        demo.services.submit_transfer(other)


def test_a_send_whose_answer_was_lost_is_recovered_by_its_key_and_never_sent_twice(demo: Demo) -> None:
    card, wallet = demo.account(1, "汇通借记卡（一类户）"), demo.account(1, "易付宝余额")
    sandbox = demo.sandbox
    sandbox.set_faults("bank_a", "drop_after_commit")  # type: ignore[attr-defined]
    try:
        out = demo.services.submit_transfer(demo.request(card, "42.00", to=wallet))
    finally:
        sandbox.set_faults("bank_a", None)  # type: ignore[attr-defined]
    assert out.transfer is not None and out.transfer.state == "pending"  # the answer never came
    at_platform = [t for t in sandbox.world.transfers.transfers.values()  # type: ignore[attr-defined]
                   if t.idempotency_key == out.transfer.idempotency_key]
    assert len(at_platform) == 1  # but the platform did it
    demo.services.run_due_transfers()
    recovered = demo.services.transfer(out.transfer.id)
    assert recovered.state in ("submitted", "settled") and recovered.remote_id == at_platform[0].transfer_id
    assert len([t for t in sandbox.world.transfers.transfers.values()  # type: ignore[attr-defined]
                if t.idempotency_key == out.transfer.idempotency_key]) == 1


def test_a_family_members_account_is_tier_a_once_both_confirm_the_link(demo: Demo) -> None:
    card = demo.account(1, "汇通借记卡（一类户）")
    spouse_card = demo.account(2, "汇通借记卡（一类户）")
    before = demo.services.preview_transfer(demo.request(card, "200.00", to=spouse_card, memo="家用")).decision
    assert before.denied and "whitelist_none" in {f.rule_id for f in before.firings}
    spouse = demo.as_member(2, "huiliu-demo-limei")
    link = spouse.propose_family_link(spouse_card, 1)
    owner = demo.as_member(1, OWNER_PASSPHRASE)
    owner.confirm_family_link(link.id, link.version)
    after = owner.preview_transfer(demo.request(card, "200.00", to=spouse_card, memo="家用")).decision
    assert not after.denied and "whitelist_none" not in {f.rule_id for f in after.firings}
    no_memo = owner.preview_transfer(demo.request(card, "200.00", to=spouse_card)).decision
    assert "purpose_memo" in {f.rule_id for f in no_memo.firings}  # not the same name: a memo is needed
    other = demo.account(2, "零钱通")  # another of her accounts, not offered: still off the whitelist
    assert owner.preview_transfer(demo.request(card, "200.00", to=other, memo="家用")).decision.denied


def test_a_transfer_held_for_review_is_released_by_its_maker_after_verifying(demo: Demo) -> None:
    card, wallet = demo.account(1, "汇通借记卡（一类户）"), demo.account(1, "易付宝余额")
    totp = demo.enrol_totp()
    for _ in range(2):
        assert demo.services.submit_transfer(demo.request(card, "4900.00", to=wallet), confirmed=True).status \
            == "executed"
        clock.get().advance(timedelta(minutes=10))
    third = demo.request(card, "4900.00", to=wallet)
    decision = demo.services.preview_transfer(third).decision
    assert decision.hold and decision.step_up and "structuring" in {f.rule_id for f in decision.firings}
    proof = demo.services.step_up_with_totp(totp.at(clock.utcnow()), third)
    held = demo.services.submit_transfer(third, proof=proof, confirmed=True)
    assert held.status == "held" and held.exit_code == 6 and held.transfer is not None
    assert held.transfer.state == "held" and not held.transfer.remote_id  # nothing went to the platform
    demo.services.run_due_transfers()
    assert demo.services.transfer(held.transfer.id).state == "held"  # the scheduler never releases it
    with pytest.raises(Exception, match="identity verification"):
        demo.services.release_held_transfer(held.transfer.id, None)
    clock.get().advance(timedelta(seconds=30))
    again = demo.services.step_up_for_transfer(held.transfer.id, "totp", totp.at(clock.utcnow()))
    released = demo.services.release_held_transfer(held.transfer.id, again)
    assert released.state in ("submitted", "settled") and released.remote_id
