"""The risk score of a transfer (0-100) with its reasons, the structuring facts, and the person's
dynamic daily threshold. What each factor looks at is code; every weight and threshold is a parameter
of the pack, and every reason text is the pack's (zh and en).

Factors (ids as in the pack's ``risk_factors``):

=====================  ====================================================================================
amount_vs_history      more than ``risk_amount_multiple`` x the person's largest day of the last 90 days, or,
                       with no history, at least ``risk_no_history_cny``
night                  made between ``risk_night_start`` and ``risk_night_end`` o'clock, China time
new_payee              the first transfer to a receiver outside whitelist tier A
velocity               ``risk_velocity_count`` or more outflows in the last 24 hours before this one
near_threshold         the amount is just under a watched threshold (``structuring_band`` below it)
round_amount           at least ``risk_round_min_cny`` and a whole multiple of ``risk_round_unit_cny``
new_platform_pair      no earlier transfer of this person went between these two platforms
payee_changed          the payee's number changed less than ``risk_changed_hours`` ago
=====================  ====================================================================================

The dynamic threshold can only be stricter than the pack's base: ``min(base, max(floor, multiple x the
largest day of the last 90 days))`` (``min(base, no_history)`` without history), times ``risk_factor`` when
the score reaches ``risk_medium_score``, rounded down to 0.01 yuan (down, the stricter way).
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Mapping
from decimal import ROUND_DOWN, Decimal

from app.policy.decision import DailyLimit, Risk, RiskReason
from app.policy.facts import TIER_A, Facts
from app.policy.format import render
from app.policy.model import Pack

CENT = Decimal("0.01")
WATCHED = ("structuring_watch_1", "structuring_watch_2", "structuring_watch_3", "structuring_watch_4")

Check = Callable[[Mapping[str, object], Pack], bool]


def _d(value: object) -> Decimal:
    assert isinstance(value, (Decimal, int)) and not isinstance(value, bool)
    return Decimal(value)


def _amount_vs_history(v: Mapping[str, object], p: Pack) -> bool:
    amount = _d(v["amount_cny"])
    if _d(v["history_90d_active_days"]) > 0:
        return amount > _d(p.parameter("risk_amount_multiple")) * _d(v["history_90d_daily_max_cny"])
    return amount >= _d(p.parameter("risk_no_history_cny"))


def _night(v: Mapping[str, object], p: Pack) -> bool:
    hour = _d(v["hour_local"])
    return _d(p.parameter("risk_night_start")) <= hour < _d(p.parameter("risk_night_end"))


def _round(v: Mapping[str, object], p: Pack) -> bool:
    amount = _d(v["amount_cny"])
    return amount >= _d(p.parameter("risk_round_min_cny")) and amount % _d(p.parameter("risk_round_unit_cny")) == 0


FACTORS: dict[str, Check] = {
    "amount_vs_history": _amount_vs_history,
    "night": _night,
    "new_payee": lambda v, p: bool(v["first_to_payee"]) and v["whitelist_tier"] != TIER_A,
    "velocity": lambda v, p: _d(v["count_24h"]) >= _d(p.parameter("risk_velocity_count")),
    "near_threshold": lambda v, p: bool(v["amount_just_under_threshold"]),
    "round_amount": _round,
    "new_platform_pair": lambda v, p: bool(v["new_platform_pair"]),
    "payee_changed": lambda v, p: bool(v["payee_number_changed"])
    and _d(v["payee_number_changed_hours"]) < _d(p.parameter("risk_changed_hours")),
}


def bands(pack: Pack) -> tuple[tuple[Decimal, Decimal], ...]:
    """[t x (1 - band), t) for each watched threshold t: amounts "just under" it."""
    band = _d(pack.parameter("structuring_band"))
    return tuple((_d(pack.parameter(name)) * (1 - band), _d(pack.parameter(name))) for name in WATCHED)


def just_under(amount: Decimal, pack: Pack, ranges: tuple[tuple[Decimal, Decimal], ...] | None = None) -> bool:
    """``amount`` lies in [t x (1 - band), t) for a watched threshold t."""
    return any(low <= amount < high for low, high in (ranges if ranges is not None else bands(pack)))


def structuring(facts: Facts, pack: Pack, ranges: tuple[tuple[Decimal, Decimal], ...] | None = None
                ) -> tuple[int, bool]:
    """(transfers in the last 24 h just under a watched threshold, this one included; is this one)."""
    ranges = ranges if ranges is not None else bands(pack)
    this = just_under(_d(facts.values["amount_cny"]), pack, ranges)
    count = 0
    for amount in facts.recent_amounts_24h:
        for low, high in ranges:
            if low <= amount < high:
                count += 1
                break
    return count + (1 if this else 0), this


def score(values: Mapping[str, object], pack: Pack) -> Risk:
    """The risk score and the reasons behind it, in pack order."""
    reasons: list[RiskReason] = []
    total = 0
    merged: Mapping[str, object] = ChainMap(dict(values), {k: v.value for k, v in pack.parameters.items()})
    for factor in pack.risk_factors:
        check = FACTORS[factor.id]
        if check(values, pack):
            points = int(pack.parameter(factor.weight))
            total += points
            reasons.append(RiskReason(factor.id, points, render(factor.reason.zh, merged, "zh"),
                                      render(factor.reason.en, merged, "en")))
    return Risk(min(100, max(0, total)), tuple(reasons))


def daily_threshold(values: Mapping[str, object], risk: Risk, pack: Pack) -> DailyLimit:
    """Today's cumulative threshold for the person, never above the pack's base, and why."""
    base = _d(pack.parameter("dynamic_base_cny"))
    texts = pack.dynamic_threshold
    parts: list[tuple[str, str]] = []
    fields: dict[str, object] = {"base": base, "risk_score": risk.score,
                                 "risk_factor": _d(pack.parameter("dynamic_risk_factor")),
                                 "multiple": _d(pack.parameter("dynamic_history_multiple")),
                                 "no_history": _d(pack.parameter("dynamic_no_history_cny"))}
    if _d(values["history_90d_active_days"]) > 0:
        peak = _d(values["history_90d_daily_max_cny"])
        history_based = max(_d(pack.parameter("dynamic_floor_cny")), _d(fields["multiple"]) * peak)
        threshold = min(base, history_based)
        fields.update(history_max=peak, history_based=history_based)
        parts.append((texts.history.zh, texts.history.en))
    else:
        threshold = min(base, _d(fields["no_history"]))
        parts.append((texts.no_history.zh, texts.no_history.en))
    if risk.score >= int(pack.parameter("risk_medium_score")):
        threshold = threshold * _d(fields["risk_factor"])
        parts.append((texts.risk.zh, texts.risk.en))
    threshold = threshold.quantize(CENT, rounding=ROUND_DOWN)  # down: the stricter way
    fields["threshold"] = threshold
    parts.append((texts.result.zh, texts.result.en))
    for key in ("history_max", "history_based"):
        fields.setdefault(key, Decimal(0))
    money = {"base", "threshold", "history_max", "history_based", "no_history"}
    zh = "".join(render(z, fields, "zh", money) for z, _e in parts)
    en = " ".join(render(e, fields, "en", money) for _z, e in parts)
    return DailyLimit(threshold, base, zh, en)
