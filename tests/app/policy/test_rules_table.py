"""One table-driven test per rule of the Chinese pack: outcome, scope, citation, both languages of the
explanation (every placeholder rendered, the limit shown exactly) and the boundary: one step under the
limit, at it and one step over. A rule added to the pack without a row here fails the coverage test."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from app.policy.engine import PolicyEngine
from app.policy.facts import SHANGHAI, make_facts
from app.policy.format import show
from app.policy.model import default_pack, template_names

D = Decimal
_SECOND = timedelta(seconds=1)
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=SHANGHAI)
BEFORE_2018 = datetime(2017, 6, 1, 12, 0, tzinfo=SHANGHAI)
# money to someone else: a confirmed family member (tier A) so no whitelist rule interferes
OTHER: dict[str, object] = dict(same_name=False, same_name_bank=False, whitelist_tier="A", is_family=True)
SMALL = D("100.00")


def amt(value: Decimal) -> dict[str, object]:
    return {"amount": value, "amount_cny": value}


@dataclass(frozen=True)
class Case:
    rule: str
    outcome: str  # the decision's outcome when the rule fires (with nothing stronger firing)
    scope: str
    citation: str  # a part of the citation
    facts: Callable[[Decimal], dict[str, object]]  # facts putting the compared quantity at the given value
    limit: Decimal
    fires: str = "above"  # above: fires over the limit; at: at the limit and over; below: under it only
    step: Decimal = D("0.01")
    at: datetime = NOW
    alternatives: tuple[str, ...] = ()
    recent: Callable[[Decimal], tuple[Decimal, ...]] = field(default=lambda t: ())
    anchors: Callable[[Decimal], dict[str, datetime]] = field(default=lambda t: {})


def risky(score: int) -> dict[str, object]:
    """Facts scoring 55, 60 or 65+ with the pack's weights (no 90-day history, night, ...)."""
    night = dict(OTHER, hour_local=3, history_90d_active_days=0)
    if score < 60:  # 25 (5,000.50 with no history) + 15 (night) + 15 (5 transfers in 24 h)
        return dict(night, count_24h=5, **amt(D("5000.50")))
    # 25 (amount) + 15 (night) + 10 (round) + 10 (new pair of platforms) = 60, + 15 (velocity) above
    return dict(night, new_platform_pair=True, count_24h=5 if score > 60 else 0, **amt(D("5000.00")))


def flag(make: Callable[[bool], dict[str, object]]) -> Callable[[Decimal], dict[str, object]]:
    """A yes/no condition as a boundary at 1: 0 -> no, 1 and 2 -> yes."""
    return lambda t: make(t >= 1)


CASES = [
    Case("whitelist_none", "denied", "person", "汇流", flag(lambda on: dict(
        same_name=False, same_name_bank=False, to_is_account=False, to_is_payee=not on,
        whitelist_tier="none" if on else "saved", payee_age_hours=D(48))), D(1), fires="at", step=D(1)),
    Case("whitelist_new_payee", "allowed", "person", "汇流", lambda t: dict(
        same_name=False, same_name_bank=False, to_is_account=False, to_is_payee=True, whitelist_tier="saved",
        payee_age_hours=t), D(24), fires="below",
         anchors=lambda t: {"payee_added_at": NOW - int(t * 3600) * _SECOND}),
    Case("payee_number_changed", "allowed", "person", "汇流", lambda t: dict(
        OTHER, payee_number_changed=True, payee_number_changed_hours=t), D(24), fires="below",
         anchors=lambda t: {"payee_number_changed_at": NOW - int(t * 3600) * _SECOND}),
    Case("step_up_large", "needs_step_up", "person", "汇流", lambda t: dict(same_name=True, **amt(t)), D(5000)),
    Case("purpose_memo", "denied", "person", "汇流", flag(lambda on: dict(OTHER, memo_present=not on)),
         D(1), fires="at", step=D(1)),
    Case("dynamic_daily", "needs_step_up", "person", "汇流", lambda t: dict(
        OTHER, person_today_others_cny=t - SMALL, **amt(SMALL)), D(20000)),
    Case("anti_fraud", "allowed", "person", "反电信网络诈骗法", lambda t: risky(int(t)), D(60), fires="at", step=D(5)),
    Case("approval_limit", "needs_approval", "household", "家庭", lambda t: dict(
        approval_limit_known=True, approval_limit_cny=D(500), **amt(t)), D(500)),
    Case("minor_new_payee", "needs_approval", "household", "家庭", flag(lambda on: dict(
        OTHER, acting_role="teen", first_to_payee=on)), D(1), fires="at", step=D(1)),
    Case("bank_class2_daily", "denied", "account", "392号", lambda t: dict(
        OTHER, from_bank_class="II", from_today_out_nonbound_cny=D(9000), **amt(t - 9000)), D(10000)),
    Case("bank_class2_yearly", "denied", "account", "392号", lambda t: dict(
        OTHER, from_bank_class="II", from_year_out_nonbound_cny=t - SMALL, **amt(SMALL)), D(200000)),
    Case("bank_class2_inflow", "allowed", "account", "302号", flag(lambda on: dict(
        OTHER, to_bank_class="II" if on else "I")), D(1), fires="at", step=D(1)),
    Case("bank_class3_daily_2016", "denied", "account", "392号", lambda t: dict(
        OTHER, from_bank_class="III", from_today_out_nonbound_cny=t - SMALL, **amt(SMALL)), D(5000),
         at=BEFORE_2018),
    Case("bank_class3_daily", "denied", "account", "16号", lambda t: dict(
        OTHER, from_bank_class="III", from_today_out_nonbound_cny=t - SMALL, **amt(SMALL)), D(2000)),
    Case("bank_class3_yearly_2016", "denied", "account", "392号", lambda t: dict(
        OTHER, from_bank_class="III", from_year_out_nonbound_cny=t - SMALL, **amt(SMALL)), D(100000),
         at=BEFORE_2018),
    Case("bank_class3_yearly", "denied", "account", "16号", lambda t: dict(
        OTHER, from_bank_class="III", from_year_out_nonbound_cny=t - SMALL, **amt(SMALL)), D(50000)),
    Case("bank_class3_balance_2016", "denied", "account", "392号", lambda t: dict(
        to_bank_class="III", to_balance_known=True, to_balance_after=t), D(1000), at=BEFORE_2018),
    Case("bank_class3_balance", "denied", "account", "16号", lambda t: dict(
        to_bank_class="III", to_balance_known=True, to_balance_after=t), D(2000)),
    Case("bank_class3_id_check", "allowed", "person_class3_at_bank", "302号", lambda t: dict(
        same_name=True, to_bound_account=True, from_bank_class="III", person_class3_bank_year_cny=t - SMALL,
        **amt(SMALL)), D(50000), fires="at"),
    Case("payment_class1_lifetime", "denied", "account", "43号", lambda t: dict(
        OTHER, from_platform_kind="payment_wallet", from_kind="wallet_balance", from_bank_class="",
        from_payment_class="I", from_since_opening_out_cny=t - SMALL, **amt(SMALL)), D(1000)),
    Case("payment_class2_yearly", "denied", "person_payment_accounts", "43号", lambda t: dict(
        OTHER, from_platform_kind="payment_wallet", from_kind="wallet_balance", from_bank_class="",
        from_payment_class="II", person_pay_year_cny=t - SMALL, **amt(SMALL)), D(100000)),
    Case("payment_class3_yearly", "denied", "person_payment_accounts", "43号", lambda t: dict(
        OTHER, from_platform_kind="payment_wallet", from_kind="wallet_balance", from_bank_class="",
        from_payment_class="III", person_pay_year_cny=t - SMALL, **amt(SMALL)), D(200000)),
    Case("payment_daily_two_factor", "denied", "person_payment_accounts", "第二十四条", lambda t: dict(
        OTHER, from_platform_kind="payment_wallet", from_kind="wallet_balance", from_bank_class="",
        from_payment_class="III", person_pay_today_cny=t - SMALL, **amt(SMALL)), D(5000)),
    Case("payment_daily_certificate", "denied", "person_payment_accounts", "第二十四条", lambda t: dict(
        OTHER, from_platform_kind="payment_wallet", from_kind="wallet_balance", from_bank_class="",
        auth_strength="certificate", from_payment_class="III", person_pay_today_cny=t - SMALL,
        **amt(SMALL)), D(50000)),
    Case("payment_daily_single_factor", "denied", "person_payment_accounts", "第二十四条", lambda t: dict(
        OTHER, from_platform_kind="payment_wallet", from_kind="wallet_balance", from_bank_class="",
        auth_strength="single_factor", from_payment_class="III", person_pay_today_cny=t - SMALL,
        **amt(SMALL)), D(1000)),
    Case("static_qr_daily", "denied", "person", "296号", lambda t: dict(
        OTHER, channel="static_qr", person_static_qr_today_cny=t - SMALL, **amt(SMALL)), D(500)),
    Case("ecny_tier4_per_payment", "denied", "account", "数字人民币", lambda t: dict(
        same_name=True, from_kind="ecny_wallet", from_platform_kind="ecny_wallet", from_bank_class="",
        from_ecny_tier=4, **amt(t)), D(2000)),
    Case("ecny_tier4_daily", "denied", "account", "数字人民币", lambda t: dict(
        same_name=True, from_kind="ecny_wallet", from_platform_kind="ecny_wallet", from_bank_class="",
        from_ecny_tier=4, from_today_out_cny=t - SMALL, **amt(SMALL)), D(5000)),
    Case("ecny_tier4_balance", "denied", "account", "数字人民币", lambda t: dict(
        to_ecny_tier=4, to_kind="ecny_wallet", to_bank_class="", to_balance_known=True, to_balance_after=t),
         D(10000)),
    Case("ecny_tier4_per_payment_2020", "denied", "account", "2020", lambda t: dict(
        same_name=True, from_kind="ecny_wallet", from_bank_class="", from_ecny_tier=4, **amt(t)), D(500),
         alternatives=("ecny_tier4_per_payment_2020",)),
    Case("ecny_tier4_daily_2020", "denied", "account", "2020", lambda t: dict(
        same_name=True, from_kind="ecny_wallet", from_bank_class="", from_ecny_tier=4,
        from_today_out_cny=t - SMALL, **amt(SMALL)), D(1000), alternatives=("ecny_tier4_daily_2020",)),
    Case("ecny_tier4_balance_2020", "denied", "account", "2020", lambda t: dict(
        to_ecny_tier=4, to_bank_class="", to_balance_known=True, to_balance_after=t), D(1000),
         alternatives=("ecny_tier4_balance_2020",)),
    Case("ecny_tier2_per_payment", "denied", "account", "数字人民币", lambda t: dict(
        same_name=True, from_kind="ecny_wallet", from_bank_class="", from_ecny_tier=2, **amt(t)), D(50000)),
    Case("ecny_tier2_daily", "denied", "account", "数字人民币", lambda t: dict(
        same_name=True, from_kind="ecny_wallet", from_bank_class="", from_ecny_tier=2,
        from_today_out_cny=t - SMALL, **amt(SMALL)), D(100000)),
    Case("ecny_tier2_balance", "denied", "account", "数字人民币", lambda t: dict(
        to_ecny_tier=2, to_bank_class="", to_balance_known=True, to_balance_after=t), D(500000)),
    Case("atm_delay", "allowed", "account", "261号", flag(lambda on: dict(
        channel="atm" if on else "online", same_name=True, same_bank=False)), D(1), fires="at", step=D(1)),
    Case("large_value_confirm", "allowed", "person", "261号", lambda t: dict(
        same_name=True, person_today_noncounter_cny=t - SMALL, **amt(SMALL)), D(300000)),
    Case("dormant_account", "needs_step_up", "account", "85号", lambda t: dict(from_days_unused=int(t)), D(180),
         fires="at", step=D(1)),
    Case("aml_domestic", "held", "person", "第3号", lambda t: dict(
        same_name=True, aml_domestic_today_cny=t - SMALL, **amt(SMALL)), D(500000), fires="at"),
    Case("aml_cross_border", "held", "person", "第3号", lambda t: dict(
        same_name=True, cross_border=True, aml_crossborder_today_cny=t - SMALL, **amt(SMALL)), D(200000),
         fires="at"),
    Case("structuring", "held", "person", "第3号", lambda t: dict(same_name=True, **amt(D("4900.00"))), D(3),
         fires="at", step=D(1), recent=lambda t: (D("4800.00"),) * (int(t) - 1) + (D("100.00"),)),
    Case("fx_yearly_quota", "denied", "person", "汇发〔2007〕1号", lambda t: dict(
        same_name=True, cross_currency=True, currency="USD", fx_used_year_usd=t - D(100), usd_equivalent=D(100),
        amount=D(100), amount_cny=D("720.00")), D(50000)),
]

BY_RULE = {c.rule: c for c in CASES}


def engine_for(case: Case) -> PolicyEngine:
    return PolicyEngine(alternatives=case.alternatives)


def decide(case: Case, total: Decimal):  # type: ignore[no-untyped-def]
    facts = make_facts(case.at, case.anchors(total), case.recent(total), **case.facts(total))
    return engine_for(case).evaluate(facts, case.at)


def expected_to_fire(case: Case, offset: int) -> bool:
    return {"above": offset > 0, "at": offset >= 0, "below": offset < 0}[case.fires]


def test_every_rule_of_the_pack_has_a_row() -> None:
    assert sorted(BY_RULE) == sorted(r.id for r in default_pack().rules)
    assert len(BY_RULE) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.rule for c in CASES])
def test_rule_boundary_outcome_scope_citation_and_texts(case: Case) -> None:
    pack = default_pack()
    rule = pack.rule(case.rule)
    assert rule.scope == case.scope
    assert case.citation in rule.citation
    for offset in (-1, 0, 1):
        total = case.limit + case.step * offset
        decision = decide(case, total)
        fired = {f.rule_id: f for f in decision.firings}
        should = expected_to_fire(case, offset)
        assert (case.rule in fired) is should, (case.rule, total, decision.explain("en"))
        if not should:
            continue
        firing = fired[case.rule]
        assert decision.outcome == case.outcome, (total, decision.explain("en"))
        assert firing.citation == rule.citation and firing.confidence == rule.confidence
        assert firing.scope == case.scope
        for text, lang in ((firing.explanation_zh, "zh"), (firing.explanation_en, "en")):
            assert "{" not in text and "}" not in text, text
            for name in template_names(getattr(rule.explanation, lang)):
                if name in rule.values:
                    value = rule.values[name]
                    assert show(name, value.value, lang, {name} if value.unit in ("CNY", "USD") else ()) in text
        assert firing.explanation_zh != firing.explanation_en
        assert any(ch >= "\u4e00" for ch in firing.explanation_zh)
        # the facts its condition read travel with it
        assert firing.facts and all(name for name, _v in firing.facts)


def test_class2_example_reads_as_the_brief_says() -> None:
    decision = decide(BY_RULE["bank_class2_daily"], D("10000.01"))
    assert decision.explain("zh") == [
        "二类户每日转出限额：二类户当日向非绑定账户转出累计不得超过 10,000.00 元；今日已转出 9,000.00 元，"
        "本笔 1,000.01 元将超出。"]
    assert decision.outcome == "denied" and decision.summary("zh") == "不能转账。"


def test_an_alternative_row_is_not_in_force_unless_turned_on() -> None:
    case = BY_RULE["ecny_tier4_per_payment_2020"]
    facts = make_facts(NOW, **case.facts(D("600.00")))
    assert "ecny_tier4_per_payment_2020" not in {f.rule_id for f in PolicyEngine().evaluate(facts, NOW).firings}
    assert "ecny_tier4_per_payment_2020" in {f.rule_id for f in engine_for(case).evaluate(facts, NOW).firings}
