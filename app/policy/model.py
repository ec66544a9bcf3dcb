"""The policy pack format: rules, effects, scopes and values, validated with pydantic.

A pack (``resources/policies/cn.yaml``) holds pack-wide ``parameters`` (the arrival delays, the
dynamic threshold, the risk weights), the ``anti_fraud`` interstitial texts and its ``rules``. Every
limit is a named value there, with its unit and the direction that is stricter; nothing numeric about
the law lives in code. Texts carry both zh and en (they are data, not gettext messages).

Amounts in a pack are exact: a value is an integer or a quoted decimal string ("10000.00"); a YAML
float (10000.5 unquoted) is refused, because a float cannot hold most decimal fractions.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

import pydantic
import rule_engine  # type: ignore[import-untyped]
import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from app.i18n import _
from app.policy.errors import NotStricter, PolicyPackError, Problem
from app.policy.facts import FACT_SPECS

PACKS = Path(__file__).resolve().parents[2] / "resources" / "policies"

EffectKind = Literal["deny", "require_approval", "require_step_up", "delay_until", "hold", "warn"]
EFFECT_KINDS: tuple[str, ...] = ("deny", "require_approval", "require_step_up", "delay_until", "hold", "warn")
# words that would loosen a pack: refused by name so the message can say why
LOOSENING = frozenset({"allow", "exempt", "skip", "approve", "release", "waive", "ignore", "override", "permit"})
Scope = Literal["account", "person_payment_accounts", "person_class3_at_bank", "person", "household"]
SCOPES: tuple[str, ...] = ("account", "person_payment_accounts", "person_class3_at_bank", "person", "household")
Confidence = Literal["primary", "secondary", "unverified"]
Status = Literal["in_force", "alternative", "superseded"]
DelayFrom = Literal["now", "payee_added_at", "payee_number_changed_at", "next_day"]
# names the explanation templates may use besides facts and values
TEMPLATE_EXTRAS = frozenset({"release_at", "citation"})
PARAMETERS = "parameters"  # the override "rule id" addressing the pack's parameters

_ID = r"^[a-z][a-z0-9_]{1,63}$"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Frozen):
    """A text in both languages."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, language: str) -> str:
        return self.zh if language.lower().startswith("zh") else self.en


def exact_number(raw: object) -> Decimal | int:
    """An int, or a Decimal from a decimal string; floats, booleans and other things are refused."""
    if isinstance(raw, bool):
        raise ValueError("must be a number, not true/false")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise ValueError("must be a finite number")
        return raw
    if isinstance(raw, float):
        raise ValueError(f"{raw!r} is a floating-point number: quote it (\"{raw}\") so it stays exact")
    if isinstance(raw, str):
        try:
            value = Decimal(raw.strip().replace(",", ""))
        except InvalidOperation:
            raise ValueError(f"{raw!r} is not a number") from None
        if not value.is_finite():
            raise ValueError(f"{raw!r} is not a finite number")
        return value
    raise ValueError(f"must be a number, not {type(raw).__name__}")


class Value(_Frozen):
    """A named limit: its exact value, its unit and which direction is stricter."""

    value: Decimal | int
    unit: str
    stricter: Literal["lower", "higher", "fixed"]  # fixed: cannot be changed (neither way is simply stricter)
    title: Text | None = None

    @field_validator("value", mode="before")
    @classmethod
    def _exact(cls, raw: object) -> Decimal | int:
        return exact_number(raw)

    def is_at_least_as_strict(self, candidate: Decimal | int) -> bool:
        if self.stricter == "fixed":
            return candidate == self.value
        return candidate <= self.value if self.stricter == "lower" else candidate >= self.value


class Delay(_Frozen):
    """When a delayed transfer may arrive: ``from`` an instant plus ``hours`` (a value name or a whole
    number), or ``next_day`` (00:00 of the next calendar day in Asia/Shanghai)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    from_: DelayFrom = Field(alias="from")
    hours: str | int | None = None


class Effect(_Frozen):
    """What a rule does when it fires."""

    kind: EffectKind
    confirm: bool = False  # warn: the person must confirm to go on
    interstitial: bool = False  # warn: show the anti-fraud interstitial with its cooling-off countdown
    delay: Delay | None = None  # delay_until: the earliest arrival

    @model_validator(mode="after")
    def _consistent(self) -> Effect:
        if self.kind == "delay_until" and self.delay is None:
            raise ValueError("delay_until needs a delay (from and hours, or from: next_day)")
        if self.kind != "delay_until" and self.delay is not None:
            raise ValueError("only delay_until takes a delay")
        if self.kind != "warn" and (self.confirm or self.interstitial):
            raise ValueError("confirm and interstitial belong to warn")
        return self


def _effects(raw: object) -> list[object]:
    items = list(raw) if isinstance(raw, (list, tuple)) else [raw]
    out: list[object] = []
    for item in items:
        if isinstance(item, str):
            if item.strip().lower() in LOOSENING:
                raise ValueError(f"'{item}' would loosen the policy: effects can only restrict "
                                 f"({', '.join(EFFECT_KINDS)})")
            out.append({"kind": item})
        else:
            if isinstance(item, dict) and str(item.get("kind", "")).lower() in LOOSENING:
                raise ValueError(f"'{item['kind']}' would loosen the policy: effects can only restrict "
                                 f"({', '.join(EFFECT_KINDS)})")
            out.append(item)
    return out


class Rule(_Frozen):
    """One rule of a pack (or one of the user's stricter rules)."""

    id: str = Field(pattern=_ID)
    title: Text
    explanation: Text
    scope: Scope
    condition: str = Field(min_length=1)
    effect: tuple[Effect, ...] = Field(min_length=1)
    values: dict[str, Value] = Field(default_factory=dict)
    effective_from: date | None = None
    effective_to: date | None = None  # exclusive: the next row's effective_from
    citation: str = ""
    confidence: Confidence = "unverified"
    status: Status = "in_force"
    source: str = ""
    note: str = ""

    @field_validator("effect", mode="before")
    @classmethod
    def _effect_list(cls, raw: object) -> list[object]:
        return _effects(raw)

    @model_validator(mode="after")
    def _dates(self) -> Rule:
        if self.effective_from and self.effective_to and self.effective_to <= self.effective_from:
            raise ValueError("effective_to must be after effective_from")
        return self

    def in_force(self, day: date) -> bool:
        """In force on ``day`` (an Asia/Shanghai date): status in_force and within its dates."""
        return self.status == "in_force" and self.in_dates(day)

    def in_dates(self, day: date) -> bool:
        if self.effective_from is not None and day < self.effective_from:
            return False
        return not (self.effective_to is not None and day >= self.effective_to)

    def kinds(self) -> frozenset[str]:
        return frozenset(e.kind for e in self.effect)


class AntiFraud(_Frozen):
    """The interstitial shown for a high-risk transfer."""

    title: Text
    warnings: tuple[Text, ...] = Field(min_length=1)
    confirm: Text


class RiskFactor(_Frozen):
    """One reason that adds to the risk score: its weight (a parameter name) and its reason texts."""

    id: str = Field(pattern=_ID)
    weight: str  # a parameter name
    reason: Text


class DynamicTexts(_Frozen):
    """The sentences that explain today's dynamic threshold (placeholders: base, threshold, history_max,
    multiple, history_based, no_history, risk_score, risk_factor)."""

    history: Text
    no_history: Text
    risk: Text
    result: Text


class PackTexts(_Frozen):
    """The words of a decision's summary: the outcomes and the sentence templates around them."""

    outcomes: dict[Literal["denied", "held", "needs_approval", "needs_step_up", "allowed"], Text]
    summary: Text  # {outcome}
    summary_delayed: Text  # {outcome}, {release_at}
    summary_confirm: Text
    line: Text  # {title}, {explanation}


class Pack(_Frozen):
    """A jurisdiction's policy pack."""

    id: str = Field(pattern=_ID)
    version: int
    jurisdiction: str
    title: Text
    parameters: dict[str, Value]
    risk_factors: tuple[RiskFactor, ...]
    dynamic_threshold: DynamicTexts
    texts: PackTexts
    anti_fraud: AntiFraud
    rules: tuple[Rule, ...]

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def parameter(self, name: str) -> Decimal | int:
        return self.parameters[name].value


# -- validation ----------------------------------------------------------------------------------------

_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_NAME = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
_KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null", "if", "then", "else", "for", "is"})
_TYPES = {"decimal": rule_engine.DataType.FLOAT, "int": rule_engine.DataType.FLOAT,
          "bool": rule_engine.DataType.BOOLEAN, "str": rule_engine.DataType.STRING}


def condition_names(condition: str) -> tuple[str, ...]:
    """The fact and value names a condition mentions, in order of first mention (string literals skipped)."""
    bare = _STRING.sub("''", condition)
    seen: dict[str, None] = {}
    for name in _NAME.findall(bare):
        if name.lower() not in _KEYWORDS and not name[0].isdigit():
            seen.setdefault(name, None)
    return tuple(seen)


def template_names(template: str) -> tuple[str, ...]:
    out: list[str] = []
    for _literal, name, _spec, _conv in string.Formatter().parse(template):
        if name is not None:
            out.append(name)
    return tuple(out)


def compile_condition(rule: Rule) -> rule_engine.Rule:
    """The rule's condition compiled once, against the facts' and the rule's values' types. It reads a
    plain mapping of the facts; the rule's own values come from the rule (no merged copy per decision)."""
    types = {name: _TYPES[spec.type] for name, spec in FACT_SPECS.items()}
    types.update({name: rule_engine.DataType.FLOAT for name in rule.values})
    own = {name: v.value for name, v in rule.values.items()}

    def resolve(thing: Mapping[str, object], name: str) -> object:
        if name in own:
            return own[name]
        try:
            return thing[name]
        except KeyError:
            raise rule_engine.errors.SymbolResolutionError(name) from None

    context = rule_engine.Context(type_resolver=rule_engine.type_resolver_from_dict(types), resolver=resolve)
    return rule_engine.Rule(rule.condition, context=context)


def guards(compiled: rule_engine.Rule, facts: Mapping[str, object] = FACT_SPECS) -> tuple[tuple[str, object], ...]:
    """Facts a condition needs at one value whatever else holds: the equalities (kind == "x"), bare
    booleans (flag) and negated ones (not flag) of its top-level chain of ``and``s. A decision checks them
    in Python first and skips the rule when one fails, which is what the condition would say too."""
    out: list[tuple[str, object]] = []
    stack = [compiled.statement.expression]
    while stack:
        node = stack.pop()
        kind = type(node).__name__
        if kind == "LogicExpression" and node.type == "and":
            stack.extend((node.left, node.right))
        elif kind == "ComparisonExpression" and node.type == "eq" and type(node.left).__name__ == "SymbolExpression" \
                and type(node.right).__name__ in ("StringExpression", "FloatExpression") \
                and node.left.name in facts and not node.left.scope:
            out.append((node.left.name, node.right.value))
        elif kind == "SymbolExpression" and node.name in facts and not node.scope \
                and FACT_SPECS[node.name].type == "bool":
            out.append((node.name, True))
        elif kind == "UnaryExpression" and node.type == "not" and type(node.right).__name__ == "SymbolExpression" \
                and node.right.name in facts and not node.right.scope and FACT_SPECS[node.right.name].type == "bool":
            out.append((node.right.name, False))
    return tuple(out)


def _rule_problems(rule: Rule, parameters: Mapping[str, Value]) -> list[Problem]:
    problems: list[Problem] = []
    for name in rule.values:
        if name in FACT_SPECS:
            problems.append(Problem(rule.id, f"values.{name}", _("has the name of a fact; choose another name")))
    try:
        compile_condition(rule)
    except rule_engine.errors.SymbolResolutionError as err:
        problems.append(Problem(rule.id, "condition", _("unknown name '{name}' (not a fact or a value of this "
                                                         "rule)").format(name=err.symbol_name)))
    except rule_engine.errors.RuleSyntaxError as err:
        problems.append(Problem(rule.id, "condition", _("syntax error: {detail}").format(detail=err.message)))
    except rule_engine.errors.EngineError as err:
        problems.append(Problem(rule.id, "condition", _("cannot be used: {detail}").format(detail=err.message)))
    known = set(FACT_SPECS) | set(rule.values) | TEMPLATE_EXTRAS
    for lang in ("zh", "en"):
        try:
            names = template_names(getattr(rule.explanation, lang))
        except ValueError as err:
            problems.append(Problem(rule.id, f"explanation.{lang}", str(err)))
            continue
        for name in names:
            if name == "release_at" and "delay_until" not in rule.kinds():
                problems.append(Problem(rule.id, f"explanation.{lang}",
                                        _("{{release_at}} needs a delay_until effect in the same rule")))
            elif name not in known:
                problems.append(Problem(rule.id, f"explanation.{lang}",
                                        _("unknown placeholder {{{name}}}").format(name=name)))
    for i, effect in enumerate(rule.effect):
        if effect.delay is not None and isinstance(effect.delay.hours, str):
            if effect.delay.hours not in rule.values and effect.delay.hours not in parameters:
                problems.append(Problem(rule.id, f"effect.{i}.delay.hours",
                                        _("'{name}' is not a value of this rule").format(name=effect.delay.hours)))
        if effect.delay is not None and effect.delay.from_ != "next_day" and effect.delay.hours is None:
            problems.append(Problem(rule.id, f"effect.{i}.delay.hours", _("a delay needs its hours")))
    return problems


def _pydantic_problems(err: pydantic.ValidationError, raw: object, rule_key: str = "rules") -> list[Problem]:
    problems = []
    raw_rules = raw.get(rule_key) if isinstance(raw, dict) else None
    for e in err.errors():
        loc = list(e["loc"])
        rule = ""
        if loc and loc[0] == rule_key and len(loc) > 1 and isinstance(loc[1], int):
            index = loc[1]
            rid = raw_rules[index].get("id") if isinstance(raw_rules, list) and index < len(raw_rules) \
                and isinstance(raw_rules[index], dict) else None
            rule = str(rid) if rid else f"#{index + 1}"
            loc = loc[2:]
        message = str(e["msg"]).removeprefix("Value error, ")
        problems.append(Problem(rule, ".".join(str(p) for p in loc), message))
    return problems


def parse_pack(raw: object, source: str) -> Pack:
    """A pack from its parsed YAML/JSON, with every problem reported by rule and field."""
    try:
        pack = Pack.model_validate(raw)
    except pydantic.ValidationError as err:
        raise PolicyPackError(source, _pydantic_problems(err, raw)) from None
    problems: list[Problem] = []
    seen: set[str] = set()
    for rule in pack.rules:
        if rule.id in seen:
            problems.append(Problem(rule.id, "id", _("appears twice")))
        seen.add(rule.id)
        problems.extend(_rule_problems(rule, pack.parameters))
    for factor in pack.risk_factors:
        if factor.weight not in pack.parameters:
            problems.append(Problem("", f"risk_factors.{factor.id}.weight",
                                    _("'{name}' is not a parameter of the pack").format(name=factor.weight)))
    if problems:
        raise PolicyPackError(source, problems)
    return pack


def load_pack(path: str | Path) -> Pack:
    """Read and validate a pack file (YAML)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise PolicyPackError(str(path), [Problem("", "", _("cannot be read: {reason}").format(
            reason=err.strerror or err))]) from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise PolicyPackError(str(path), [Problem("", "", _("is not valid YAML: {reason}").format(reason=err))]) from None
    return parse_pack(raw, str(path))


_default: Pack | None = None


def default_pack() -> Pack:
    """The Chinese pack (resources/policies/cn.yaml), read once."""
    global _default
    if _default is None:
        _default = load_pack(PACKS / "cn.yaml")
    return _default


# -- the user's stricter rules and values --------------------------------------------------------------

def validate_user_rule(raw: str | Mapping[str, Any], pack: Pack, source: str = "user rule") -> Rule:
    """A user rule from YAML text or a mapping: same format as the pack, restrictive effects only, an id
    of its own. Raises PolicyPackError listing what is wrong and where."""
    data: object = raw
    if isinstance(raw, str):
        try:
            data = yaml.safe_load(raw)
        except yaml.YAMLError as err:
            raise PolicyPackError(source, [Problem("", "", _("is not valid YAML: {reason}").format(
                reason=err))]) from None
    if not isinstance(data, Mapping):
        raise PolicyPackError(source, [Problem("", "", _("must be a mapping of a rule's fields"))])
    rid = str(data.get("id", "")) or source
    try:
        rule = Rule.model_validate(dict(data))
    except pydantic.ValidationError as err:
        problems = [Problem(rid, p.field, p.message) for p in _pydantic_problems(err, {})]
        raise PolicyPackError(source, problems) from None
    problems = _rule_problems(rule, pack.parameters)
    if any(r.id == rule.id for r in pack.rules):
        problems.append(Problem(rule.id, "id", _("is the id of a built-in rule: a user rule adds, it never "
                                                 "replaces")))
    if rule.status != "in_force":
        problems.append(Problem(rule.id, "status", _("a user rule is in force or absent")))
    if problems:
        raise PolicyPackError(source, problems)
    return rule


def validate_override(pack: Pack, rule_id: str, value_name: str, new_value: object) -> Decimal | int:
    """``new_value`` for a rule's value (or, with rule_id ``parameters``, a pack parameter) if it is at
    least as strict as the pack's; NotStricter (or PolicyPackError for a bad name or number) otherwise."""
    where = f"values.{value_name}" if rule_id != PARAMETERS else f"parameters.{value_name}"
    if rule_id == PARAMETERS:
        table: Mapping[str, Value] = pack.parameters
    else:
        try:
            table = pack.rule(rule_id).values
        except KeyError:
            raise PolicyPackError("override", [Problem(rule_id, "", _("no such rule in the pack"))]) from None
    if value_name not in table:
        raise PolicyPackError("override", [Problem(rule_id, where, _("no such value"))])
    try:
        number = exact_number(new_value)
    except ValueError as err:
        raise PolicyPackError("override", [Problem(rule_id, where, str(err))]) from None
    current = table[value_name]
    if not current.is_at_least_as_strict(number):
        if current.stricter == "fixed":
            reason = _("this value is fixed by the pack and cannot be changed")
        elif current.stricter == "lower":
            reason = _("{new} is above the pack's {old}; only a lower value is stricter").format(
                new=number, old=current.value)
        else:
            reason = _("{new} is below the pack's {old}; only a higher value is stricter").format(
                new=number, old=current.value)
        raise NotStricter(rule_id, where, reason)
    return number


def apply_overrides(pack: Pack, overrides: Mapping[str, Mapping[str, object]]) -> Pack:
    """The pack with each override validated and applied (a new Pack; the original is untouched)."""
    params = dict(pack.parameters)
    rules = {r.id: r for r in pack.rules}
    for rule_id, changes in overrides.items():
        for name, raw in changes.items():
            number = validate_override(pack, rule_id, name, raw)
            if rule_id == PARAMETERS:
                params[name] = params[name].model_copy(update={"value": number})
            else:
                rule = rules[rule_id]
                values = dict(rule.values)
                values[name] = values[name].model_copy(update={"value": number})
                rules[rule_id] = rule.model_copy(update={"values": values})
    return pack.model_copy(update={"parameters": params, "rules": tuple(rules[r.id] for r in pack.rules)})


def problems_of(raw: str | Mapping[str, Any], pack: Pack) -> Sequence[Problem]:
    """Every problem of a user rule, or none: for an editor that shows them as the person types."""
    try:
        validate_user_rule(raw, pack)
    except PolicyPackError as err:
        return err.problems
    return ()
