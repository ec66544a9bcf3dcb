"""Words the transfer screens share: arrival choices, a source's confidence, countdowns, a stored decision.

The policy's own texts (rule titles, explanations, summaries, anti-fraud warnings) come in both languages
from the pack and are picked here by the interface language; everything else is translated by Qt.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.services import Decision
from ui import when
from ui.amounts import money_text
from ui.language import current

ARRIVALS = ("realtime", "normal", "nextday")
CONTEXT = "TransferWords"


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate(CONTEXT, text, None, n)


def lang() -> str:
    """The interface language as the policy's texts are chosen by ("zh_CN" or "en")."""
    return current()


def arrival_word(arrival: str) -> str:
    words = {
        "realtime": tr("Real-time"),
        "normal": tr("Normal (about 2 hours)"),
        "nextday": tr("Next day"),
    }
    return words.get(arrival, arrival)


def confidence_word(confidence: str) -> str:
    """How sure the source of a rule is, as POLICY-CN.md grades it."""
    words = {
        "primary": tr("primary source"),
        "secondary": tr("secondary sources"),
        "unverified": tr("unverified"),
    }
    return words.get(confidence, confidence)


def outcome_word(status: str) -> str:
    """What ``submit_transfer`` did, for the line under the form."""
    words = {
        "executed": tr("Sent"),
        "accepted": tr("Accepted"),
        "needs_step_up": tr("Needs identity verification"),
        "needs_confirmation": tr("Needs your confirmation"),
        "denied": tr("Refused"),
        "rejected": tr("Refused"),
        "held": tr("Held for review"),
        "revoked": tr("Revoked"),
    }
    return words.get(status, status)


def clock_text(seconds: float) -> str:
    """01:59:12 (hours, minutes, seconds; never negative)."""
    left = max(int(seconds), 0)
    return f"{left // 3600:02d}:{left % 3600 // 60:02d}:{left % 60:02d}"


def revocable_text(until: datetime, now: datetime) -> str:
    """可撤销 01:59:12 — what a transfer in its window shows, ticking every second."""
    return tr("Revocable %1").replace("%1", clock_text((when.aware(until) - now).total_seconds()))


def proof_left_text(expires_at: datetime, now: datetime) -> str:
    left = max(int((when.aware(expires_at) - now).total_seconds()), 0)
    if left <= 0:
        return tr("The verification has expired; verify again.")
    return tr("Verified: valid for another %1").replace("%1", f"{left // 60}:{left % 60:02d}")


def cny(amount: Decimal) -> str:
    return money_text(amount, "CNY")


def decision_of(stored: dict[str, Any]) -> Decision | None:
    """The decision a transfer keeps (``TransferView.decision``), or None when it has none or is unreadable."""
    if not stored:
        return None
    try:
        return Decision.from_json(json.dumps(stored))
    except ValueError:
        return None


def firing_lines(decision: Decision, language: str) -> list[tuple[str, str, str]]:
    """Each rule that fired as (title, explanation, "citation (confidence)")."""
    out = []
    for firing in decision.firings:
        source = tr("Source: %1 (%2)").replace("%1", firing.citation or "—").replace(
            "%2", confidence_word(firing.confidence))
        out.append((firing.title(language), firing.explanation(language), source))
    return out


def window_end(now: datetime, seconds: int) -> datetime:
    return now + timedelta(seconds=seconds)
