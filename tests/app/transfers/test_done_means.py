"""Issue 12's "Done means", through AppServices on the demo household and its sandbox platforms."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from app import clock
from app.errors import NotPermitted
from app.services import Decision
from tests.app.transfers.conftest import SPOUSE_SECRET, Demo

CARD, E_ACCOUNT, WALLET = "汇通借记卡（一类户）", "汇通电子账户（二类户）", "易付宝余额"


def fired(decision: Decision) -> set[str]:
    return {f.rule_id for f in decision.firings}


def test_100_yuan_between_own_accounts_on_two_platforms_goes_at_once_and_both_balances_move(demo: Demo) -> None:
    card, wallet = demo.account(1, CARD), demo.account(1, WALLET)
    before_card, before_wallet = demo.balance(card), demo.balance(wallet)
    request = demo.request(card, "100.00", to=wallet)
    out = demo.services.submit_transfer(request)
    assert out.status == "executed" and out.exit_code == 0, out
    assert out.decision.outcome == "allowed" and not out.decision.delayed
    assert out.transfer is not None and out.transfer.state == "submitted"
    demo.settle()
    assert demo.services.transfer(out.transfer.id).state == "settled"
    assert demo.balance(card) == before_card - Decimal("100.00")
    assert demo.balance(wallet) == before_wallet + Decimal("100.00")
    # sent once: the same request again is answered with the same transfer, nothing moves twice
    again = demo.services.submit_transfer(request)
    assert again.transfer is not None and again.transfer.id == out.transfer.id
    demo.settle()
    assert demo.balance(card) == before_card - Decimal("100.00")


def test_6000_yuan_asks_for_step_up_and_settles_after_a_code(demo: Demo) -> None:
    card, wallet = demo.account(1, CARD), demo.account(1, WALLET)
    request = demo.request(card, "6000.00", to=wallet)
    first = demo.services.submit_transfer(request, confirmed=True)
    assert first.status == "needs_step_up" and first.exit_code == 3 and first.transfer is None
    assert "step_up_large" in fired(first.decision)
    assert demo.services.transfers() == []  # nothing persisted, nothing sent
    totp = demo.enrol_totp()
    with pytest.raises(Exception, match="[Ww]rong code"):
        demo.services.step_up_with_totp("000000" if totp.now() != "000000" else "111111", request)
    proof = demo.services.step_up_with_totp(totp.at(clock.utcnow()), request)
    done = demo.services.submit_transfer(request, proof=proof, confirmed=True)
    assert done.status == "executed", done
    demo.settle()
    assert done.transfer is not None and demo.services.transfer(done.transfer.id).state == "settled"
    # the proof was spent: another 6,000 needs another verification
    other = demo.request(card, "6000.00", to=wallet)
    with pytest.raises(Exception, match="another transfer|already used"):
        demo.services.submit_transfer(other, proof=proof, confirmed=True)


def test_class_ii_sending_10000_01_in_a_day_to_a_non_bound_account_is_refused_with_its_rule(demo: Demo) -> None:
    e_account = demo.account(1, E_ACCOUNT)
    payee = demo.services.add_payee("张三", "6222020200112233445", "恒信银行")
    clock.get().advance(timedelta(hours=25))  # an older payee: tier B, nothing delays it
    refused = demo.services.submit_transfer(demo.request(e_account, "10000.01", payee=payee.id, memo="房租"),
                                            confirmed=True)
    assert refused.status == "denied" and refused.exit_code == 4
    assert "bank_class2_daily" in fired(refused.decision)
    rule = next(f for f in refused.decision.firings if f.rule_id == "bank_class2_daily")
    assert "392" in rule.citation and "10,000.00" in rule.explanation_zh and "10,000.00" in rule.explanation_en
    assert refused.transfer is not None and refused.transfer.state == "rejected"  # kept, with its reasons
    allowed = demo.services.preview_transfer(demo.request(e_account, "4000.00", payee=payee.id, memo="房租"))
    assert "bank_class2_daily" not in fired(allowed.decision)
    # to its bound account (the holder's own Class I card) the limit does not apply
    bound = demo.services.preview_transfer(demo.request(e_account, "10000.01", to=demo.account(1, CARD)))
    assert "bank_class2_daily" not in fired(bound.decision) and not bound.decision.denied


def test_an_e_cny_tier_4_payment_of_2000_01_is_refused(demo: Demo) -> None:
    services = demo.as_member(2, SPOUSE_SECRET)
    wallet = demo.account(2, "数字人民币钱包（四类）")
    card = demo.account(2, CARD)
    decision = services.preview_transfer(demo.request(wallet, "2000.01", to=card)).decision
    assert decision.denied and "ecny_tier4_per_payment" in fired(decision)
    ok = services.preview_transfer(demo.request(wallet, "2000.00", to=card)).decision
    assert "ecny_tier4_per_payment" not in fired(ok)


def test_a_new_payees_transfer_is_held_24_hours_and_can_be_revoked(demo: Demo) -> None:
    card = demo.account(1, CARD)
    before = demo.balance(card)
    payee = demo.services.add_payee("赵六", "6217000011112222333", "汇通银行")
    out = demo.services.submit_transfer(demo.request(card, "300.00", payee=payee.id, memo="学费"), confirmed=True)
    assert out.status in ("accepted", "executed") and out.transfer is not None
    added = payee.added_at
    assert out.transfer.release_at is not None and out.transfer.release_at >= added + timedelta(hours=24)
    assert out.transfer.revocable_at(clock.utcnow())
    clock.get().advance(timedelta(hours=3))
    demo.services.run_due_transfers()  # the window is not over: nothing is sent
    revoked = demo.services.revoke_transfer(out.transfer.id)
    assert revoked.state == "revoked"
    clock.get().advance(timedelta(hours=22))
    demo.settle()
    assert demo.services.transfer(out.transfer.id).state == "revoked"
    assert demo.balance(card) == before  # nothing left the account
    with pytest.raises(NotPermitted):
        demo.services.revoke_transfer(out.transfer.id)


def test_a_third_party_off_the_whitelist_is_refused_with_the_reason_in_chinese_and_english(demo: Demo) -> None:
    card = demo.account(1, CARD)
    spouse_card = next(a.id for a in demo.services.accounts() if a.member_id == 2 and a.name == CARD)
    out = demo.services.submit_transfer(demo.request(card, "50.00", to=spouse_card, memo="买菜"), confirmed=True)
    assert out.status == "denied"
    assert "whitelist_none" in fired(out.decision)
    zh = out.decision.explain("zh_CN")
    en = out.decision.explain("en")
    assert any("白名单" in line for line in zh) and any("whitelist" in line.lower() for line in en)
