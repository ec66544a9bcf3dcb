"""The engine as a whole: arrival choices and mandatory delays, exact Decimals in conditions, dated rows,
JSON round trips and determinism, pack validation that names the rule and field, stricter overrides."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
import yaml

from app import i18n
from app.policy.decision import Decision
from app.policy.engine import PolicyEngine, next_day
from app.policy.errors import NotStricter, PolicyPackError
from app.policy.facts import SHANGHAI, FactsIndex, Outflow, make_facts
from app.policy.model import PACKS, default_pack, parse_pack, problems_of, validate_user_rule
from tests.app.policy.scenario import ACCOUNTS, intent, payee

D = Decimal
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=SHANGHAI)


def raw_pack() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load((PACKS / "cn.yaml").read_text(encoding="utf-8"))


def test_rule_engine_compares_exact_decimals() -> None:
    rule = validate_user_rule({
        "id": "exact", "title": {"zh": "精确", "en": "Exact"}, "explanation": {"zh": "精确", "en": "Exact"},
        "scope": "person", "condition": "amount_cny + 0.2 == 0.3 + limit and amount_cny > 0.1",
        "effect": "warn", "values": {"limit": {"value": "0.1", "unit": "CNY", "stricter": "lower"}}},
        default_pack())
    engine = PolicyEngine(user_rules=[rule])
    assert "exact" in {f.rule_id for f in engine.evaluate(make_facts(NOW, amount_cny=D("0.2")), NOW).firings}
    # 10000.01 > 10000 and 10000.00 is not: the Class II boundary, exactly
    base = dict(same_name=False, same_name_bank=False, whitelist_tier="A", from_bank_class="II",
                from_today_out_nonbound_cny=D("10000.00"))
    assert PolicyEngine().evaluate(make_facts(NOW, **base, amount_cny=D("0.01")), NOW).outcome == "denied"
    assert PolicyEngine().evaluate(
        make_facts(NOW, **{**base, "from_today_out_nonbound_cny": D("9999.99")}, amount_cny=D("0.01")),
        NOW).outcome == "allowed"


def test_a_float_in_a_pack_is_refused_with_its_rule_and_field() -> None:
    raw = raw_pack()
    raw["rules"][9]["values"]["limit"]["value"] = 10000.5
    with pytest.raises(PolicyPackError) as err:
        parse_pack(raw, "test")
    assert "bank_class2_daily" in str(err.value) and "values.limit.value" in str(err.value)
    assert "floating-point" in str(err.value)


def test_pack_problems_name_the_rule_and_field() -> None:
    raw = raw_pack()
    raw["rules"][3]["condition"] = "amount_cny > limitt"
    raw["rules"][4]["explanation"]["zh"] = "缺少 {nothing}"
    raw["rules"].append(dict(raw["rules"][0]))
    with pytest.raises(PolicyPackError) as err:
        parse_pack(raw, "test")
    found = {(p.rule, p.field) for p in err.value.problems}
    assert ("step_up_large", "condition") in found
    assert ("purpose_memo", "explanation.zh") in found
    assert ("whitelist_none", "id") in found
    assert "limitt" in str(err.value) and "{nothing}" in str(err.value)


def test_arrival_choices() -> None:
    engine = PolicyEngine()
    now = datetime(2026, 12, 4, 23, 30, tzinfo=SHANGHAI)
    realtime = engine.evaluate(make_facts(now), now)
    assert realtime.release_at == now and realtime.revocable_until is None
    normal = engine.evaluate(make_facts(now, arrival="normal"), now)
    assert normal.release_at == now + timedelta(hours=2) and normal.revocable_until == normal.release_at
    nextday = engine.evaluate(make_facts(now, arrival="nextday"), now)
    assert nextday.release_at == datetime(2026, 12, 5, 0, 0, tzinfo=SHANGHAI)  # 30 minutes, not 24 hours
    assert next_day(datetime(2026, 12, 31, 16, 0, tzinfo=SHANGHAI).astimezone(SHANGHAI)).year == 2027


def test_a_mandatory_delay_wins_over_the_arrival_choice_and_is_revocable() -> None:
    index = FactsIndex()
    fresh = payee(NOW, hours_old=3)
    decision = PolicyEngine().evaluate_intent(intent(NOW, "100.00", payee=fresh, arrival="normal"), ACCOUNTS,
                                              index, NOW)
    assert decision.outcome == "allowed"
    assert decision.release_at == fresh.added_at + timedelta(hours=24) == NOW + timedelta(hours=21)
    assert decision.revocable_until == decision.release_at
    assert "whitelist_new_payee" in {f.rule_id for f in decision.firings}
    assert "12月5日 09:00" in decision.summary("zh") and "2026-12-05 09:00" in decision.summary("en")


def test_the_done_means_cases() -> None:
    index = FactsIndex()
    engine = PolicyEngine()
    # 100 between one's own accounts goes through at once
    own = engine.evaluate_intent(intent(NOW, "100.00", from_account=2, to_account_id=3, memo=""), ACCOUNTS, index,
                                 NOW)
    assert own.outcome == "allowed" and own.firings == () and own.release_at == NOW
    # 6,000 asks for step-up
    big = engine.evaluate_intent(intent(NOW, "6000.00", from_account=2, to_account_id=7), ACCOUNTS, index, NOW)
    assert big.outcome == "needs_step_up" and big.step_up
    # Class II: 10,000.01 in a day to a non-bound account is refused, with the rule and its citation
    index.add(Outflow(NOW - timedelta(hours=1), 1, 1, D("9000.00")))
    refused = engine.evaluate_intent(intent(NOW, "1000.01"), ACCOUNTS, index, NOW)
    assert refused.outcome == "denied"
    assert any(f.rule_id == "bank_class2_daily" and "392号" in f.citation for f in refused.firings)
    # ...but the same to its bound account is not limited
    bound = engine.evaluate_intent(intent(NOW, "1000.01", to_account_id=2), ACCOUNTS, index, NOW)
    assert bound.outcome == "allowed"
    # e-CNY tier 4: 2,000.01 is refused
    ecny = engine.evaluate_intent(intent(NOW, "2000.01", from_account=5, to_account_id=2), ACCOUNTS, index, NOW)
    assert ecny.outcome == "denied" and "ecny_tier4_per_payment" in {f.rule_id for f in ecny.firings}
    # a third party not on the whitelist: refused, with the reason in both languages
    stranger = engine.evaluate_intent(intent(NOW, "10.00", from_account=2, to_account_id=6), ACCOUNTS, index, NOW)
    assert stranger.outcome == "denied"
    assert "请先添加收款人" in stranger.explain("zh")[0] and "Add the payee first" in stranger.explain("en")[0]


def test_the_same_facts_and_now_give_the_same_json_and_it_reads_back_exactly() -> None:
    index = FactsIndex()
    now = NOW.replace(hour=2)
    index.add(Outflow(now - timedelta(hours=2), 2, 1, D("4800.00"), payee_key="payee:9"))
    index.add(Outflow(now - timedelta(hours=1), 2, 1, D("4850.00"), payee_key="payee:9"))
    args = (intent(now, "4900.00", from_account=2, payee=payee(now, hours_old=30, number_changed_at=now - timedelta(hours=30))),
            ACCOUNTS, index, now)
    first, second = PolicyEngine().evaluate_intent(*args), PolicyEngine().evaluate_intent(*args)
    assert first.to_json() == second.to_json()
    assert Decision.from_json(first.to_json()) == first
    assert first.outcome == "held" and first.step_up and first.hold  # structuring: hold and step-up
    assert first.risk.score > 0 and first.risk.explain("zh")
    for name, value in first.firings[0].facts:
        assert not isinstance(value, float), name
    with pytest.raises(ValueError, match="decision"):
        Decision.from_json('{"outcome": "allowed"}')


def test_high_risk_shows_the_interstitial_with_a_countdown() -> None:
    now = NOW.replace(hour=3)
    facts = make_facts(now, same_name=False, same_name_bank=False, whitelist_tier="saved",
                       payee_age_hours=D(100), first_to_payee=True, new_platform_pair=True, amount=D("5000.00"),
                       amount_cny=D("5000.00"))
    decision = PolicyEngine().evaluate(facts, now)
    assert decision.risk.score >= 60 and decision.anti_fraud and decision.confirm_needed
    assert decision.cooling_off_seconds == 20
    assert any("96110" in zh for zh, _en in decision.anti_fraud_texts)
    assert "需要您确认" in decision.summary("zh")


def test_the_dynamic_threshold_follows_history_and_risk_and_is_never_looser() -> None:
    engine = PolicyEngine()
    quiet = engine.evaluate(make_facts(NOW, history_90d_active_days=10, history_90d_daily_max_cny=D("800.00")), NOW)
    assert quiet.daily_limit.threshold_cny == D("5000.00")  # the floor: 3 x 800 is less
    busy = engine.evaluate(make_facts(NOW, history_90d_active_days=10, history_90d_daily_max_cny=D("9000.00")), NOW)
    assert busy.daily_limit.threshold_cny == D("27000.00")
    huge = engine.evaluate(make_facts(NOW, history_90d_active_days=10, history_90d_daily_max_cny=D("90000")), NOW)
    assert huge.daily_limit.threshold_cny == D("50000.00")  # never above the base
    risky = engine.evaluate(make_facts(NOW, history_90d_active_days=10, history_90d_daily_max_cny=D("9000.00"),
                                       hour_local=2, count_24h=9, new_platform_pair=True), NOW)
    assert risky.risk.score >= 40 and risky.daily_limit.threshold_cny == D("13500.00")
    assert "27,000.00" in risky.daily_limit.explanation_zh and "13,500.00" in risky.daily_limit.explanation_en


def test_dated_rows_switch_at_effective_from() -> None:
    engine = PolicyEngine()
    before = datetime(2018, 1, 11, 23, 59, 59, tzinfo=SHANGHAI)
    after = before + timedelta(seconds=1)
    facts = dict(same_name=False, same_name_bank=False, whitelist_tier="A", from_bank_class="III",
                 from_today_out_nonbound_cny=D("2000.00"), amount_cny=D("0.01"))
    fired_before = {f.rule_id for f in engine.evaluate(make_facts(before, **facts), before).firings}
    fired_after = {f.rule_id for f in engine.evaluate(make_facts(after, **facts), after).firings}
    assert "bank_class3_daily" not in fired_before and "bank_class3_daily_2016" not in fired_before  # 5,000 then
    assert "bank_class3_daily" in fired_after
    listed = {v.rule.id: v.in_force for v in engine.rules(after)}
    assert listed["bank_class3_daily"] and not listed["bank_class3_daily_2016"]
    assert not listed["ecny_tier4_per_payment_2020"]
    assert {v.rule.id: v.in_force for v in engine.rules(before)}["bank_class3_daily_2016"]


def test_overrides_only_tighten() -> None:
    engine = PolicyEngine()
    assert engine.validate_override("bank_class2_daily", "limit", "9000.00") == D("9000.00")
    with pytest.raises(NotStricter) as err:
        engine.validate_override("bank_class2_daily", "limit", "10000.01")
    assert "bank_class2_daily" in str(err.value) and "values.limit" in str(err.value)
    with pytest.raises(NotStricter):
        engine.validate_override("whitelist_new_payee", "cooling_hours", 23)
    assert engine.validate_override("whitelist_new_payee", "cooling_hours", 48) == 48
    with pytest.raises(NotStricter):
        engine.validate_override("parameters", "arrival_normal_hours", 1)
    with pytest.raises(NotStricter, match="fixed"):
        engine.validate_override("parameters", "structuring_watch_1", "4000")
    with pytest.raises(PolicyPackError, match="floating-point"):
        engine.validate_override("bank_class2_daily", "limit", 9000.5)
    with pytest.raises(PolicyPackError):
        engine.validate_override("no_such_rule", "limit", 1)
    with pytest.raises(PolicyPackError):
        PolicyEngine(overrides={"bank_class2_daily": {"nope": 1}})
    with pytest.raises(NotStricter):
        PolicyEngine(overrides={"bank_class2_daily": {"limit": 20000}})
    tighter = engine.with_override("bank_class2_daily", "limit", "9000.00")
    facts = make_facts(NOW, same_name=False, same_name_bank=False, whitelist_tier="A", from_bank_class="II",
                       amount_cny=D("9000.01"), amount=D("9000.01"))
    assert engine.evaluate(facts, NOW).outcome == "needs_step_up"
    decision = tighter.evaluate(facts, NOW)
    assert decision.outcome == "denied"
    assert any("9,000.00" in line and "二类户" in line for line in decision.explain("zh"))
    view = {v.rule.id: v for v in tighter.rules(NOW)}["bank_class2_daily"]
    assert view.values["limit"] == D("9000.00") and view.pack_values["limit"] == D("10000.00")


def test_the_not_stricter_error_is_translated() -> None:
    i18n.set_language("zh_CN")
    try:
        with pytest.raises(NotStricter) as err:
            PolicyEngine().validate_override("bank_class2_daily", "limit", "10000.01")
        assert str(err.value)
    finally:
        i18n.set_language("en")


LOOSE_RULE = {"id": "mine", "title": {"zh": "我的", "en": "Mine"}, "explanation": {"zh": "说明", "en": "Why"},
              "scope": "person", "condition": "amount_cny > 1", "effect": "allow"}


def test_user_rules_cannot_loosen_or_replace_and_problems_are_listed() -> None:
    pack = default_pack()
    with pytest.raises(PolicyPackError, match="loosen"):
        validate_user_rule(LOOSE_RULE, pack)
    with pytest.raises(PolicyPackError, match="built-in"):
        validate_user_rule({**LOOSE_RULE, "id": "step_up_large", "effect": "warn"}, pack)
    problems = problems_of("id: mine\ntitle: {zh: 我, en: me}\nexplanation: {zh: '{x}', en: ok}\nscope: planet\n"
                           "condition: amount_cny >\neffect: hold\n", pack)
    fields = {p.field for p in problems}
    assert "scope" in fields
    problems = problems_of({**LOOSE_RULE, "effect": "hold", "condition": "amount_cny >",
                            "explanation": {"zh": "{x}", "en": "ok"}}, pack)
    assert {p.field for p in problems} == {"condition", "explanation.zh"}
    assert problems_of({**LOOSE_RULE, "effect": "hold"}, pack) == ()
    assert problems_of("not: [valid", pack)
    engine = PolicyEngine(user_rules=[{**LOOSE_RULE, "effect": "hold"}])
    decision = engine.evaluate(make_facts(NOW), NOW)
    assert decision.outcome == "held" and decision.firings[-1].user_rule


def test_facts_missing_a_name_are_refused_by_name() -> None:
    facts = make_facts(NOW)
    partial = type(facts)({k: v for k, v in facts.values.items() if k != "channel"}, facts.anchors)
    with pytest.raises(ValueError, match="channel"):
        PolicyEngine().evaluate(partial, NOW)
    with pytest.raises(TypeError, match="amount_cny"):
        make_facts(NOW, amount_cny=0.1)


def test_an_arrival_time_is_quoted_only_by_a_rule_that_delays() -> None:
    problems = problems_of({**LOOSE_RULE, "effect": "hold", "explanation": {"zh": "{release_at} 到账", "en": "ok"}},
                           default_pack())
    assert [(p.field) for p in problems] == ["explanation.zh"]
    assert problems_of({**LOOSE_RULE, "effect": {"kind": "delay_until", "delay": {"from": "now", "hours": 3}},
                        "explanation": {"zh": "{release_at} 到账", "en": "at {release_at}"}}, default_pack()) == ()
