"""A policy decision: the outcome, every rule that fired (in both languages, with its citation and the
facts it read), the earliest arrival, the day's threshold, the risk and whether to show the anti-fraud
interstitial. Frozen, and stored as JSON that reads back exactly (Decimals as strings)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from app.i18n import _

# strongest first; the outcome is the strongest any fired effect asks for
OUTCOMES = ("denied", "held", "needs_approval", "needs_step_up", "allowed")
OUTCOME_OF_EFFECT = {"deny": "denied", "hold": "held", "require_approval": "needs_approval",
                     "require_step_up": "needs_step_up", "delay_until": "allowed", "warn": "allowed"}


def strength(outcome: str) -> int:
    """0 for denied ... 4 for allowed: a lower number is stronger."""
    return OUTCOMES.index(outcome)


def _zh(language: str) -> bool:
    return language.lower().startswith("zh")


TypedValue = tuple[str, str]  # (type, text): ("decimal", "9000.00"), ("int", "3"), ("bool", "true"), ("str", "x")


def encode_value(value: object) -> TypedValue:
    if isinstance(value, bool):
        return ("bool", "true" if value else "false")
    if isinstance(value, int):
        return ("int", str(value))
    if isinstance(value, Decimal):
        return ("decimal", str(value))
    if isinstance(value, str):
        return ("str", value)
    raise TypeError(f"a decision holds no {type(value).__name__}")


def decode_value(typed: TypedValue) -> object:
    kind, text = typed
    if kind == "bool":
        return text == "true"
    if kind == "int":
        return int(text)
    if kind == "decimal":
        return Decimal(text)
    if kind == "str":
        return text
    raise ValueError(f"unknown value type {kind!r}")


@dataclass(frozen=True)
class Firing:
    """One rule that fired, as the person reads it."""

    rule_id: str
    effects: tuple[str, ...]
    title_zh: str
    title_en: str
    explanation_zh: str
    explanation_en: str
    citation: str
    confidence: str
    scope: str
    confirm: bool = False
    user_rule: bool = False
    facts: tuple[tuple[str, object], ...] = ()  # the facts and values its condition read, with their values

    def title(self, language: str) -> str:
        return self.title_zh if _zh(language) else self.title_en

    def explanation(self, language: str) -> str:
        return self.explanation_zh if _zh(language) else self.explanation_en


@dataclass(frozen=True)
class DailyLimit:
    """Today's dynamic cumulative threshold for the person, and why it is what it is."""

    threshold_cny: Decimal
    base_cny: Decimal
    explanation_zh: str
    explanation_en: str

    def explanation(self, language: str) -> str:
        return self.explanation_zh if _zh(language) else self.explanation_en


@dataclass(frozen=True)
class RiskReason:
    factor: str
    points: int
    zh: str
    en: str


@dataclass(frozen=True)
class Risk:
    score: int
    reasons: tuple[RiskReason, ...] = ()

    def explain(self, language: str) -> list[str]:
        return [r.zh if _zh(language) else r.en for r in self.reasons]


@dataclass(frozen=True)
class Decision:
    """What the policy says about one intended transfer."""

    outcome: str
    step_up: bool
    approval: bool
    hold: bool
    confirm_needed: bool
    firings: tuple[Firing, ...]
    release_at: datetime
    revocable_until: datetime | None
    daily_limit: DailyLimit
    risk: Risk
    anti_fraud: bool
    cooling_off_seconds: int
    decided_at: datetime
    pack: str = ""  # "cn@1"
    anti_fraud_texts: tuple[tuple[str, str], ...] = field(default=())  # (zh, en): title, warnings, confirm
    summary_zh: str = ""  # rendered by the engine from the pack's templates
    summary_en: str = ""
    line_zh: str = "{title}：{explanation}"  # how explain() joins a rule's title and explanation
    line_en: str = "{title}: {explanation}"

    @property
    def denied(self) -> bool:
        return self.outcome == "denied"

    @property
    def delayed(self) -> bool:
        return self.revocable_until is not None

    def explain(self, language: str) -> list[str]:
        """One line per fired rule: its title and explanation (the citation is shown separately)."""
        line = self.line_zh if _zh(language) else self.line_en
        return [line.format(title=f.title(language), explanation=f.explanation(language)) for f in self.firings]

    def summary(self, language: str) -> str:
        """The outcome in one short sentence, with the earliest arrival when it is delayed."""
        return self.summary_zh if _zh(language) else self.summary_en

    def to_json(self) -> str:
        return json.dumps(self._plain(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def _plain(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome, "step_up": self.step_up, "approval": self.approval, "hold": self.hold,
            "confirm_needed": self.confirm_needed,
            "firings": [{
                "rule_id": f.rule_id, "effects": list(f.effects), "title_zh": f.title_zh, "title_en": f.title_en,
                "explanation_zh": f.explanation_zh, "explanation_en": f.explanation_en, "citation": f.citation,
                "confidence": f.confidence, "scope": f.scope, "confirm": f.confirm, "user_rule": f.user_rule,
                "facts": [[name, *encode_value(value)] for name, value in f.facts],
            } for f in self.firings],
            "release_at": self.release_at.isoformat(),
            "revocable_until": self.revocable_until.isoformat() if self.revocable_until else None,
            "daily_limit": {"threshold_cny": str(self.daily_limit.threshold_cny),
                            "base_cny": str(self.daily_limit.base_cny),
                            "explanation_zh": self.daily_limit.explanation_zh,
                            "explanation_en": self.daily_limit.explanation_en},
            "risk": {"score": self.risk.score,
                     "reasons": [[r.factor, r.points, r.zh, r.en] for r in self.risk.reasons]},
            "anti_fraud": self.anti_fraud, "cooling_off_seconds": self.cooling_off_seconds,
            "decided_at": self.decided_at.isoformat(), "pack": self.pack,
            "anti_fraud_texts": [list(t) for t in self.anti_fraud_texts],
            "summary": [self.summary_zh, self.summary_en], "line": [self.line_zh, self.line_en],
        }

    @classmethod
    def from_json(cls, text: str) -> Decision:
        """The decision ``to_json`` wrote (raises ValueError naming the field when it is not one)."""
        try:
            d = json.loads(text)
            firings = tuple(Firing(
                rule_id=f["rule_id"], effects=tuple(f["effects"]), title_zh=f["title_zh"], title_en=f["title_en"],
                explanation_zh=f["explanation_zh"], explanation_en=f["explanation_en"], citation=f["citation"],
                confidence=f["confidence"], scope=f["scope"], confirm=f["confirm"], user_rule=f["user_rule"],
                facts=tuple((name, decode_value((kind, value))) for name, kind, value in f["facts"]),
            ) for f in d["firings"])
            limit = d["daily_limit"]
            return cls(
                outcome=d["outcome"], step_up=d["step_up"], approval=d["approval"], hold=d["hold"],
                confirm_needed=d["confirm_needed"], firings=firings,
                release_at=datetime.fromisoformat(d["release_at"]),
                revocable_until=datetime.fromisoformat(d["revocable_until"]) if d["revocable_until"] else None,
                daily_limit=DailyLimit(Decimal(limit["threshold_cny"]), Decimal(limit["base_cny"]),
                                       limit["explanation_zh"], limit["explanation_en"]),
                risk=Risk(int(d["risk"]["score"]), tuple(RiskReason(a, int(b), c, e)
                                                         for a, b, c, e in d["risk"]["reasons"])),
                anti_fraud=d["anti_fraud"], cooling_off_seconds=int(d["cooling_off_seconds"]),
                decided_at=datetime.fromisoformat(d["decided_at"]), pack=d["pack"],
                anti_fraud_texts=tuple((zh, en) for zh, en in d["anti_fraud_texts"]),
                summary_zh=d["summary"][0], summary_en=d["summary"][1], line_zh=d["line"][0], line_en=d["line"][1],
            )
        except (KeyError, TypeError, ValueError) as err:
            raise ValueError(_("A stored policy decision cannot be read: {detail}").format(detail=err)) from None
