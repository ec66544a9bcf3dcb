"""Counterparty rules: "always put this counterparty in this category", offered after a manual change.

A rule wins over the built-in words at every later import and sync (the source's own word is still
kept beside the category), and can be applied to the transactions already in the vault as one
undoable operation. Counterparties are sealed, so rules are matched in memory after unlock: the
rules are few, opened once per import or sync, and compared by normalised text (width, case and
spacing do not matter). Moves between the household's own accounts keep their category: their
pairing depends on it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, TamperedRecord, ValidationError
from app.i18n import _
from app.ledger.transactions import TransactionInput, open_rows
from app.ledger.user_categories import MAX_NAME, user_id
from app.ledger.vocabulary import CATEGORY_WORDS
from app.unit_of_work import UnitOfWork
from app.vault.schema import CategoryRule
from app.vault.store import Vault
from app.vault.types import utcnow

MATCH_COUNTERPARTY = "counterparty"


def normalize(counterparty: str) -> str:
    """What a rule compares: full-width letters and digits as half-width, case folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", counterparty).split()).casefold()


@dataclass
class CategoryRuleView:
    """A rule as listed: whose rows it puts where."""

    id: int
    counterparty: str
    category: str
    created_at: datetime | None = None
    damaged: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "counterparty": self.counterparty,
            "category": self.category,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "damaged": self.damaged,
        }


class RuleBook:
    """The user's rules, opened once for an import or a sync."""

    def __init__(self, rules: dict[str, str] | None = None) -> None:
        self.by_counterparty = dict(rules or {})  # normalised counterparty -> category

    @classmethod
    def load(cls, s: Session) -> RuleBook:
        found: dict[str, str] = {}
        for rule in s.scalars(select(CategoryRule).order_by(CategoryRule.id)):
            try:
                counterparty, category = rule.counterparty or "", rule.category or ""
            except TamperedRecord:
                continue  # named by the integrity check; the built-in words decide meanwhile
            if rule.match == MATCH_COUNTERPARTY and counterparty and category:
                found[normalize(counterparty)] = category
        return cls(found)

    def __bool__(self) -> bool:
        return bool(self.by_counterparty)

    def category_for(self, counterparty: str) -> str | None:
        if not self.by_counterparty or not counterparty:
            return None
        return self.by_counterparty.get(normalize(counterparty))

    def apply(self, tx: TransactionInput) -> TransactionInput:
        """The row with the category a rule gives its counterparty (in place); own transfers are left alone."""
        if tx.own_transfer_ref:
            return tx
        category = self.category_for(tx.counterparty)
        if category is not None:
            tx.category = category
        return tx


def rules(s: Session) -> list[CategoryRuleView]:
    out = []
    for rule in s.scalars(select(CategoryRule).order_by(CategoryRule.id)):
        view = CategoryRuleView(rule.id, "", "", rule.created_at)
        try:
            view.counterparty, view.category = rule.counterparty or "", rule.category or ""
        except TamperedRecord as exc:
            view.damaged = str(exc)
        out.append(view)
    return out


def save(unit: UnitOfWork, s: Session, counterparty: str, category: str) -> tuple[CategoryRule, bool]:
    """The rule for ``counterparty``, replacing an earlier one for the same counterparty; (rule, changed)."""
    counterparty = " ".join(counterparty.split())
    category = " ".join(category.split())
    if not counterparty:
        raise ValidationError("counterparty", _("is required"))
    if not category:
        raise ValidationError("category", _("is required"))
    if len(category) > MAX_NAME * 2:
        raise ValidationError("category", _("is longer than {n} characters").format(n=MAX_NAME * 2))
    wanted = normalize(counterparty)
    for rule in s.scalars(select(CategoryRule).where(CategoryRule.match == MATCH_COUNTERPARTY)):
        try:
            same = normalize(rule.counterparty or "") == wanted
        except TamperedRecord:
            continue
        if same:
            if rule.category == category:
                return rule, False
            rule.category = category
            unit.record(s, "category_rule.changed", "category_rule", rule.id, category=_audit_key(category))
            return rule, True
    rule = CategoryRule(
        id=unit.vault.next_id("category_rules"), created_at=utcnow(), match=MATCH_COUNTERPARTY
    )
    rule.counterparty, rule.category = counterparty, category
    s.add(rule)
    unit.record(s, "category_rule.added", "category_rule", rule.id, category=_audit_key(category))
    return rule, True


def _audit_key(category: str) -> str | None:
    """A category as the audit log may name it: a key, never a word the user typed."""
    return category if category in CATEGORY_WORDS or user_id(category) is not None else None


def delete(unit: UnitOfWork, s: Session, rule_id: int) -> None:
    rule = s.get(CategoryRule, rule_id)
    if rule is None:
        raise NotFound("category_rule", rule_id)
    s.delete(rule)
    unit.record(s, "category_rule.deleted", "category_rule", rule_id)


def matching(vault: Vault, s: Session, counterparty: str, category: str) -> dict[int, str]:
    """The transactions of ``counterparty`` not in ``category`` (own transfers left out): id -> their category."""
    wanted = normalize(counterparty)
    out: dict[int, str] = {}
    if not wanted:
        return out
    for (row_id, _sealed), values in open_rows(
        vault, "SELECT id, sealed FROM transactions", (), s.connection()
    ):
        if values is None or values.get("own_transfer_ref"):
            continue
        if normalize(values.get("counterparty", "")) == wanted and values.get("category", "") != category:
            out[row_id] = values.get("category", "")
    return out
