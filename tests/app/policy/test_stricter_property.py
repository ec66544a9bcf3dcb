"""Property: the user's rules and values can only tighten. Random user rules (conditions drawn from a
grammar over the documented facts, random restrictive effects) and random stricter values never turn a
built-in deny, hold, delay, approval or step-up into anything weaker, for random facts; and a rule with a
loosening effect or a looser value is refused."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.policy.decision import Decision, strength
from app.policy.engine import PolicyEngine
from app.policy.errors import NotStricter, PolicyPackError
from app.policy.facts import FACTS, SHANGHAI, Facts, neutral_values
from app.policy.model import (
    LOOSENING,
    PARAMETERS,
    compile_condition,
    default_pack,
    guards,
    validate_user_rule,
)
from tests.app.policy.test_rules_table import CASES

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=SHANGHAI)
BASE = PolicyEngine()
PACK = default_pack()

CHOICES: dict[str, list[str]] = {
    "currency": ["CNY", "USD"], "arrival": ["realtime", "normal", "nextday"],
    "channel": ["online", "atm", "counter", "static_qr"], "auth_strength": ["certificate", "two_factor", "single_factor"],
    "acting_role": ["adult", "teen", "child"], "from_bank_class": ["", "I", "II", "III"],
    "from_payment_class": ["", "I", "II", "III"], "to_bank_class": ["", "I", "II", "III"],
    "whitelist_tier": ["A", "saved", "none"], "from_kind": ["debit_card", "wallet_balance", "ecny_wallet"],
    "to_kind": ["debit_card", "wallet_balance", "ecny_wallet"],
    "from_platform_kind": ["bank", "payment_wallet", "ecny_wallet"], "to_platform_kind": ["bank", "payment_wallet"],
    "from_ecny_operator": ["", "bank-a"],
}
INTS = {"hour_local": (0, 23), "from_ecny_tier": (0, 4), "to_ecny_tier": (0, 4), "from_days_unused": (0, 400)}
RAW = [f for f in FACTS if not f.derived]
PACK_AMOUNTS = sorted({Decimal(v.value) for r in default_pack().rules for v in r.values.values() if v.unit == "CNY"})
# amounts anywhere, and amounts near the pack's own limits (half to one and a half of one), where decisions turn
money = st.one_of(
    st.decimals(min_value=0, max_value=800000, places=2, allow_nan=False, allow_infinity=False),
    st.builds(lambda v, pct: (v * pct / 100).quantize(Decimal("0.01")), st.sampled_from(PACK_AMOUNTS),
              st.integers(50, 150)),
)
hours = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


def value_of(spec: Any) -> st.SearchStrategy[object]:
    if spec.type == "bool":
        return st.booleans()
    if spec.type == "str":
        return st.sampled_from(CHOICES.get(spec.name, [""]))
    if spec.type == "int":
        low, high = INTS.get(spec.name, (0, 12))
        return st.integers(low, high)
    return hours if spec.unit == "hours" else money


@st.composite
def facts(draw: st.DrawFn) -> Facts:
    values = neutral_values()
    for spec in RAW:
        if draw(st.booleans()):
            values[spec.name] = draw(value_of(spec))
    anchors = {"now": NOW, "payee_added_at": NOW - timedelta(hours=draw(st.integers(0, 72))),
               "payee_number_changed_at": NOW - timedelta(hours=draw(st.integers(0, 72)))}
    recent = tuple(draw(st.lists(st.sampled_from([Decimal("4600.00"), Decimal("4999.99"), Decimal("100.00"),
                                                  Decimal("48000.00")]), max_size=4)))
    return Facts(values, anchors, recent)


@st.composite
def near_a_rule(draw: st.DrawFn) -> Facts:
    """Facts putting one pack rule near its limit (the rules table's rows), a few other facts at random."""
    case = draw(st.sampled_from(CASES))
    total = (case.limit * draw(st.integers(50, 200)) / 100).quantize(case.step)
    values = neutral_values()
    values.update(case.facts(total))
    for spec in draw(st.lists(st.sampled_from(RAW), max_size=3)):
        values[spec.name] = draw(value_of(spec))
    return Facts(values, {"now": NOW, **case.anchors(total)}, case.recent(total))


def literal(spec: Any, draw: st.DrawFn) -> str:
    value = draw(value_of(spec))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


@st.composite
def conditions(draw: st.DrawFn, depth: int = 0) -> str:
    if depth < 2 and draw(st.integers(0, 3)) == 0:
        op = draw(st.sampled_from(["and", "or"]))
        return f"({draw(conditions(depth + 1))}) {op} ({draw(conditions(depth + 1))})"
    spec = draw(st.sampled_from([f for f in FACTS]))
    if spec.type == "bool":
        return spec.name if draw(st.booleans()) else f"not {spec.name}"
    if spec.type == "str":
        return f"{spec.name} {draw(st.sampled_from(['==', '!=']))} {literal(spec, draw)}"
    number = literal(spec, draw) if not spec.derived else str(draw(st.integers(0, 100000)))
    return f"{spec.name} {draw(st.sampled_from(['>', '>=', '<', '<=', '==']))} {number}"


@st.composite
def effects(draw: st.DrawFn) -> list[object]:
    kinds = draw(st.lists(st.sampled_from(["deny", "require_approval", "require_step_up", "delay_until", "hold",
                                           "warn"]), min_size=1, max_size=2))
    out: list[object] = []
    for kind in kinds:
        if kind == "delay_until":
            start = draw(st.sampled_from(["now", "payee_added_at", "payee_number_changed_at", "next_day"]))
            out.append({"kind": kind, "delay": {"from": start, "hours": draw(st.integers(0, 72))}})
        elif kind == "warn":
            out.append({"kind": kind, "confirm": draw(st.booleans()), "interstitial": draw(st.booleans())})
        else:
            out.append(kind)
    return out


@st.composite
def user_rules(draw: st.DrawFn) -> list[dict[str, object]]:
    n = draw(st.integers(0, 4))
    return [{"id": f"user_{i}", "title": {"zh": "我的规则", "en": "My rule"},
             "explanation": {"zh": "本笔 {amount_cny} 元。", "en": "This is {amount_cny} yuan."},
             "scope": draw(st.sampled_from(["account", "person", "household"])),
             "condition": draw(conditions()), "effect": draw(effects())} for i in range(n)]


ADJUSTABLE = [(r.id, name, v) for r in PACK.rules for name, v in r.values.items()] + [
    (PARAMETERS, name, v) for name, v in PACK.parameters.items()]


@st.composite
def stricter_overrides(draw: st.DrawFn) -> dict[str, dict[str, object]]:
    chosen = [a for a in ADJUSTABLE if a[2].stricter != "fixed" and draw(st.booleans())]
    out: dict[str, dict[str, object]] = {}
    for rule_id, name, value in chosen:
        pct = draw(st.integers(0, 100))
        if value.stricter == "lower":
            new: object = value.value * (100 - pct) / 100 if isinstance(value.value, Decimal) \
                else value.value * (100 - pct) // 100
        else:
            new = value.value * (100 + pct) / 100 if isinstance(value.value, Decimal) \
                else value.value * (100 + pct) // 100
        out.setdefault(rule_id, {})[name] = new
    return out


def no_weaker(base: Decision, tight: Decision) -> None:
    assert strength(tight.outcome) <= strength(base.outcome), (base.outcome, tight.outcome)
    for flag in ("step_up", "approval", "hold", "confirm_needed", "anti_fraud"):
        assert getattr(tight, flag) >= getattr(base, flag), flag
    assert tight.release_at >= base.release_at
    assert base.revocable_until is None or tight.revocable_until is not None
    assert {f.rule_id for f in base.firings} <= {f.rule_id for f in tight.firings}
    assert tight.daily_limit.threshold_cny <= base.daily_limit.threshold_cny
    assert tight.cooling_off_seconds >= base.cooling_off_seconds


def at_every_limit(pct: int) -> list[Facts]:
    """Every pack rule just over its limit (where it fires) and at ``pct`` % of it."""
    out = []
    for case in CASES:
        for total in (case.limit + case.step, (case.limit * pct / 100).quantize(case.step)):
            values = neutral_values()
            values.update(case.facts(total))
            out.append(Facts(values, {"now": NOW, **case.anchors(total)}, case.recent(total)))
    return out


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=user_rules(), overrides=stricter_overrides(), pct=st.integers(50, 200),
       samples=st.lists(st.one_of(facts(), near_a_rule()), min_size=1, max_size=6))
def test_user_rules_and_stricter_values_never_weaken_a_decision(rules: list[dict[str, object]],
                                                                 overrides: dict[str, dict[str, object]],
                                                                 pct: int, samples: list[Facts]) -> None:
    tight = PolicyEngine(user_rules=rules, overrides=overrides)
    for sample in samples + at_every_limit(pct):
        no_weaker(BASE.evaluate(sample, NOW), tight.evaluate(sample, NOW))


@settings(max_examples=60, deadline=None)
@given(word=st.sampled_from(sorted(LOOSENING)), condition=conditions())
def test_a_loosening_effect_is_refused(word: str, condition: str) -> None:
    rule = {"id": "loose", "title": {"zh": "放宽", "en": "Loosen"}, "explanation": {"zh": "放宽", "en": "Loosen"},
            "scope": "person", "condition": condition, "effect": word}
    try:
        validate_user_rule(rule, PACK)
    except PolicyPackError as err:
        assert any("loosen" in p.message for p in err.problems)
    else:
        raise AssertionError(f"{word} was accepted")


@settings(max_examples=100, deadline=None)
@given(target=st.sampled_from([a for a in ADJUSTABLE]), pct=st.integers(1, 100))
def test_a_looser_value_is_refused(target: tuple[str, str, Any], pct: int) -> None:
    rule_id, name, value = target
    step = Decimal(pct) / 100
    if value.stricter == "fixed":
        looser: object = value.value + 1
    elif value.stricter == "lower":
        looser = value.value + max(1, int(value.value * step)) if isinstance(value.value, int) \
            else value.value * (1 + step)
    else:
        looser = value.value - max(1, int(value.value * step)) if isinstance(value.value, int) \
            else value.value * (1 - step)
    try:
        BASE.validate_override(rule_id, name, looser)
    except NotStricter as err:
        assert err.rule == rule_id
    else:
        raise AssertionError(f"{rule_id}.{name} accepted {looser} (pack {value.value}, {value.stricter})")


@settings(max_examples=200, deadline=None)
@given(condition=conditions(), sample=facts())
def test_a_failed_guard_means_the_condition_is_false(condition: str, sample: Facts) -> None:
    rule = validate_user_rule({"id": "guarded", "title": {"zh": "守", "en": "Guard"}, "explanation": {"zh": "守", "en": "G"},
                               "scope": "person", "condition": condition, "effect": "hold"}, PACK)
    compiled = compile_condition(rule)
    values, _risk, _limit = BASE.derive(sample)
    if any(values[name] != wanted for name, wanted in guards(compiled)):
        assert not compiled.matches(values)
