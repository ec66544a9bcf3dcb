"""The errors a policy pack, a user rule or an override can raise; each names what and where.

    HuiliuError (app.errors)
    └── PolicyError
        ├── PolicyPackError      a pack (or a user rule) is malformed: every problem with its rule and field
        └── NotStricter          a user rule or an override would loosen the built-in pack
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.errors import HuiliuError
from app.i18n import _


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a pack or a user rule: where (rule id and field) and what."""

    rule: str  # the rule's id, or "" for the pack itself
    field: str  # dotted path inside the rule (``values.limit.value``), or "" for the whole rule
    message: str

    def __str__(self) -> str:
        if self.rule and self.field:
            return _("rule {rule}, {field}: {problem}").format(rule=self.rule, field=self.field, problem=self.message)
        if self.rule:
            return _("rule {rule}: {problem}").format(rule=self.rule, problem=self.message)
        if self.field:
            return _("{field}: {problem}").format(field=self.field, problem=self.message)
        return self.message


class PolicyError(HuiliuError):
    """Something about a policy pack, a user rule or an override."""


class PolicyPackError(PolicyError):
    """A pack or a user rule that cannot be used; ``problems`` lists each one with its rule and field."""

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        lines = "; ".join(str(p) for p in problems)
        super().__init__(_("The policy rules in {source} cannot be used: {problems}").format(
            source=source, problems=lines))
        self.source = source
        self.problems = tuple(problems)


class NotStricter(PolicyError):
    """A change that would loosen a built-in rule: only stricter rules and values are accepted."""

    exit_code = 6

    def __init__(self, rule: str, field: str, reason: str) -> None:
        super().__init__(_("Only stricter policy is allowed: rule {rule}, {field}: {reason}").format(
            rule=rule, field=field, reason=reason))
        self.rule, self.field, self.reason = rule, field, reason
