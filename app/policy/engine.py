"""The policy engine: a pack (with the user's stricter values), the user's stricter rules, and
``evaluate(facts, now) -> Decision``, a pure function of the facts and ``now``.

Every condition is compiled once when the engine is made. A decision evaluates the rules in force on
``now``'s Asia/Shanghai date, in pack order (the user's rules after the pack's), and combines what fired:
the strongest outcome wins (denied > held > needs_approval > needs_step_up > allowed) and the earliest
arrival is the latest of the chosen arrival and every mandatory delay.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

import rule_engine  # type: ignore[import-untyped]

from app.i18n import _
from app.policy import risk as risk_mod
from app.policy.decision import OUTCOME_OF_EFFECT, DailyLimit, Decision, Firing, Risk, strength
from app.policy.errors import PolicyPackError, Problem
from app.policy.facts import (
    FACTS,
    SHANGHAI,
    AccountInfo,
    Facts,
    FactsIndex,
    TransferIntent,
    build_facts,
    check_values,
    unit_word,
)
from app.policy.format import MONEY_UNITS, render, show
from app.policy.model import (
    Pack,
    Rule,
    apply_overrides,
    compile_condition,
    condition_names,
    default_pack,
    guards,
    template_names,
    validate_override,
    validate_user_rule,
)

DERIVED = tuple(f.name for f in FACTS if f.derived)
NEEDED = frozenset(f.name for f in FACTS if not f.derived)


@dataclass(frozen=True)
class _Compiled:
    rule: Rule
    condition: rule_engine.Rule
    values: Mapping[str, Decimal | int]
    names: tuple[str, ...]  # facts and values the condition and the explanation read, for the firing
    money: frozenset[str]  # value names shown as money
    user: bool
    guards: tuple[tuple[str, object], ...]  # facts the condition needs at one value (checked first)


@dataclass(frozen=True)
class RuleView:
    """One rule as the Policy page and ``huiliu policy list`` show it."""

    rule: Rule
    in_force: bool  # in force at the ``now`` asked about
    user_rule: bool
    values: Mapping[str, Decimal | int]  # the values in effect (the user's stricter ones included)
    pack_values: Mapping[str, Decimal | int]  # the pack's own values


class PolicyEngine:
    """One pack, the user's stricter values and rules, compiled once."""

    def __init__(self, pack: Pack | None = None, user_rules: Iterable[Rule | Mapping[str, Any] | str] = (),
                 overrides: Mapping[str, Mapping[str, object]] | None = None,
                 alternatives: Iterable[str] = ()) -> None:
        self.base_pack = pack if pack is not None else default_pack()
        self.overrides = {k: dict(v) for k, v in (overrides or {}).items()}
        self.pack = apply_overrides(self.base_pack, self.overrides)
        unknown = [f for f in self.pack.risk_factors if f.id not in risk_mod.FACTORS]
        if unknown:
            raise PolicyPackError(self.pack.id, [Problem("", f"risk_factors.{f.id}", _("unknown risk factor"))
                                                 for f in unknown])
        self.alternatives = frozenset(alternatives)
        for rid in self.alternatives:
            try:
                if self.pack.rule(rid).status != "alternative":
                    raise PolicyPackError(self.pack.id, [Problem(rid, "status", _("is not an alternative row"))])
            except KeyError:
                raise PolicyPackError(self.pack.id, [Problem(rid, "", _("no such rule in the pack"))]) from None
        users: list[Rule] = []
        for i, raw in enumerate(user_rules):
            source = f"user rule #{i + 1}"
            rule = validate_user_rule(raw.model_dump(by_alias=True) if isinstance(raw, Rule) else raw,
                                      self.base_pack, source)
            if any(u.id == rule.id for u in users):
                raise PolicyPackError(source, [Problem(rule.id, "id", _("appears twice"))])
            users.append(rule)
        self.user_rules = tuple(users)
        self._compiled = tuple(self._compile(r, False) for r in self.pack.rules) + tuple(
            self._compile(r, True) for r in self.user_rules)
        self._params = {k: v.value for k, v in self.pack.parameters.items()}
        self._bands = risk_mod.bands(self.pack)
        self._anti_fraud_texts = (
            (self.pack.anti_fraud.title.zh, self.pack.anti_fraud.title.en),
            *((w.zh, w.en) for w in self.pack.anti_fraud.warnings),
            (self.pack.anti_fraud.confirm.zh, self.pack.anti_fraud.confirm.en),
        )

    @staticmethod
    def _compile(rule: Rule, user: bool) -> _Compiled:
        names = dict.fromkeys(condition_names(rule.condition))
        for lang in ("zh", "en"):
            names.update(dict.fromkeys(n for n in template_names(getattr(rule.explanation, lang))
                                       if n not in ("release_at", "citation")))
        values = {k: v.value for k, v in rule.values.items()}
        money = frozenset(k for k, v in rule.values.items() if v.unit in MONEY_UNITS)
        condition = compile_condition(rule)
        return _Compiled(rule, condition, values, tuple(names), money, user, guards(condition))

    # -- what the Policy page lists ------------------------------------------------------------------
    def rules(self, now: datetime) -> list[RuleView]:
        """Every rule (the pack's, then the user's) with its values, in force at ``now`` or not."""
        day = now.astimezone(SHANGHAI).date()
        out = []
        for c in self._compiled:
            base = {} if c.user else {k: v.value for k, v in self.base_pack.rule(c.rule.id).values.items()}
            out.append(RuleView(c.rule, self._in_force(c.rule, day), c.user, c.values, base or c.values))
        return out

    def _in_force(self, rule: Rule, day: Any) -> bool:
        if rule.id in self.alternatives and rule.status == "alternative":
            return rule.in_dates(day)
        return rule.in_force(day)

    def validate_override(self, rule_id: str, value_name: str, new_value: object) -> Decimal | int:
        """The value if it is at least as strict as the pack's own (NotStricter otherwise)."""
        return validate_override(self.base_pack, rule_id, value_name, new_value)

    def with_override(self, rule_id: str, value_name: str, new_value: object) -> PolicyEngine:
        """A new engine with one more stricter value."""
        number = self.validate_override(rule_id, value_name, new_value)
        overrides = {k: dict(v) for k, v in self.overrides.items()}
        overrides.setdefault(rule_id, {})[value_name] = number
        return PolicyEngine(self.base_pack, self.user_rules, overrides, self.alternatives)

    # -- deciding ------------------------------------------------------------------------------------
    def evaluate_intent(self, intent: TransferIntent, accounts: Mapping[int, AccountInfo], index: FactsIndex,
                        now: datetime) -> Decision:
        return self.evaluate(build_facts(intent, accounts, index, now), now)

    def derive(self, facts: Facts) -> tuple[dict[str, object], Risk, DailyLimit]:
        """Every fact, the derived ones included; the risk; today's threshold."""
        missing = NEEDED.difference(facts.values)
        if missing:
            raise ValueError(f"facts without {', '.join(sorted(missing))} (build them with build_facts or make_facts)")
        values = dict(facts.values)
        count, this = risk_mod.structuring(facts, self.pack, self._bands)
        values["near_threshold_count_24h"] = count
        values["amount_just_under_threshold"] = this
        risk = risk_mod.score(values, self.pack)
        values["risk_score"] = risk.score
        limit = risk_mod.daily_threshold(values, risk, self.pack)
        values["dynamic_daily_threshold_cny"] = limit.threshold_cny
        check_values({name: values[name] for name in DERIVED})
        return values, risk, limit

    def evaluate(self, facts: Facts, now: datetime) -> Decision:
        """The decision on ``facts`` at ``now`` (aware): pure and deterministic."""
        if now.tzinfo is None or now.utcoffset() is None:
            raise ValueError("now must be timezone-aware")
        values, risk, limit = self.derive(facts)
        day = now.astimezone(SHANGHAI).date()
        arrival = self._arrival(str(values["arrival"]), now)
        release = arrival
        delayed = arrival > now
        firings: list[Firing] = []
        outcome = "allowed"
        step_up = approval = hold = confirm = anti_fraud = False
        for c in self._compiled:
            if not self._in_force(c.rule, day):
                continue
            if any(values[name] != wanted for name, wanted in c.guards):
                continue
            try:
                fired = c.condition.matches(values)
            except rule_engine.errors.EngineError as err:
                raise PolicyPackError(c.rule.id, [Problem(c.rule.id, "condition", str(err))]) from None
            if not fired:
                continue
            rule_release: datetime | None = None
            for effect in c.rule.effect:
                kind = effect.kind
                if strength(OUTCOME_OF_EFFECT[kind]) < strength(outcome):
                    outcome = OUTCOME_OF_EFFECT[kind]
                step_up |= kind == "require_step_up"
                approval |= kind == "require_approval"
                hold |= kind == "hold"
                if kind == "warn":
                    confirm |= effect.confirm or effect.interstitial
                    anti_fraud |= effect.interstitial
                if effect.delay is not None:
                    until = self._delay(effect.delay.from_, effect.delay.hours, c.values, facts, now)
                    rule_release = until if rule_release is None else max(rule_release, until)
            if rule_release is not None:
                release = max(release, rule_release)
                delayed = True
            extra: dict[str, object] = {"citation": c.rule.citation}
            if rule_release is not None:
                extra["release_at"] = rule_release
            fields: ChainMap[str, object] = ChainMap(extra, dict(c.values), values)
            used = tuple((n, fields[n]) for n in c.names if n in fields)
            firings.append(Firing(
                rule_id=c.rule.id, effects=tuple(e.kind for e in c.rule.effect),
                title_zh=c.rule.title.zh, title_en=c.rule.title.en,
                explanation_zh=render(c.rule.explanation.zh, fields, "zh", c.money),
                explanation_en=render(c.rule.explanation.en, fields, "en", c.money),
                citation=c.rule.citation, confidence=c.rule.confidence, scope=c.rule.scope,
                confirm=any(e.confirm or e.interstitial for e in c.rule.effect), user_rule=c.user, facts=used))
        revocable = release if delayed and release > now else None
        texts = self.pack.texts
        outcome_text = texts.outcomes[outcome]  # type: ignore[index]
        summaries = []
        for lang in ("zh", "en"):
            template = texts.summary_delayed if revocable is not None and outcome != "denied" else texts.summary
            line = render(template.get(lang), {"outcome": outcome_text.get(lang), "release_at": release}, lang)
            if confirm:
                line += ("" if lang == "zh" else " ") + texts.summary_confirm.get(lang)
            summaries.append(line)
        return Decision(
            outcome=outcome, step_up=step_up, approval=approval, hold=hold, confirm_needed=confirm,
            firings=tuple(firings), release_at=release, revocable_until=revocable, daily_limit=limit, risk=risk,
            anti_fraud=anti_fraud, cooling_off_seconds=int(self._params["cooling_off_seconds"]) if anti_fraud else 0,
            decided_at=now, pack=f"{self.pack.id}@{self.pack.version}",
            anti_fraud_texts=self._anti_fraud_texts if anti_fraud else (),
            summary_zh=summaries[0], summary_en=summaries[1], line_zh=texts.line.zh, line_en=texts.line.en)

    def _arrival(self, choice: str, now: datetime) -> datetime:
        if choice == "normal":
            return now + timedelta(hours=int(self._params["arrival_normal_hours"]))
        if choice == "nextday":
            return next_day(now)
        return now

    def _delay(self, start: str, hours: str | int | None, values: Mapping[str, Decimal | int], facts: Facts,
               now: datetime) -> datetime:
        if start == "next_day":
            return next_day(now)
        if isinstance(hours, str):
            amount = values[hours] if hours in values else self._params[hours]
        else:
            amount = hours if hours is not None else 0
        anchor = facts.anchors.get(start, now)
        return anchor + timedelta(seconds=int(Decimal(amount) * 3600))


def next_day(now: datetime) -> datetime:
    """00:00 of the next calendar day in Asia/Shanghai (not now + 24 h)."""
    local = now.astimezone(SHANGHAI)
    return datetime.combine(local.date() + timedelta(days=1), time(0), SHANGHAI).astimezone(now.tzinfo)


def describe_values(rule: Rule, values: Mapping[str, Decimal | int], language: str) -> list[tuple[str, str, str]]:
    """Each value of a rule as (name or title, the value shown exactly, its unit in words) for listings."""
    out = []
    for name, spec in rule.values.items():
        title = spec.title.get(language) if spec.title is not None else name
        shown = show(name, values.get(name, spec.value), language, {name} if spec.unit in MONEY_UNITS else ())
        out.append((title, shown, unit_word(spec.unit)))
    return out
