"""Words the transfer screens share: arrival choices, a source's confidence, countdowns, a stored decision.

The policy's own texts (rule titles, explanations, summaries, anti-fraud warnings) come in both languages
from the pack and are picked here by the interface language; everything else is translated by Qt.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.services import Decision
from ui import when
from ui.amounts import money_text
from ui.language import current

ARRIVALS = ("realtime", "normal", "nextday")


def lang() -> str:
    """The interface language as the policy's texts are chosen by ("zh_CN" or "en")."""
    return current()


def arrival_word(arrival: str) -> str:
    words = {
        "realtime": QCoreApplication.translate("TransferWords", "Real-time"),
        "normal": QCoreApplication.translate("TransferWords", "Normal (about 2 hours)"),
        "nextday": QCoreApplication.translate("TransferWords", "Next day"),
    }
    return words.get(arrival, arrival)


def confidence_word(confidence: str) -> str:
    """How sure the source of a rule is, as POLICY-CN.md grades it."""
    words = {
        "primary": QCoreApplication.translate("TransferWords", "primary source"),
        "secondary": QCoreApplication.translate("TransferWords", "secondary sources"),
        "unverified": QCoreApplication.translate("TransferWords", "unverified"),
    }
    return words.get(confidence, confidence)


def outcome_word(status: str) -> str:
    """What ``submit_transfer`` did, for the line under the form."""
    words = {
        "executed": QCoreApplication.translate("TransferWords", "Sent"),
        "accepted": QCoreApplication.translate("TransferWords", "Accepted"),
        "needs_step_up": QCoreApplication.translate("TransferWords", "Needs identity verification"),
        "needs_confirmation": QCoreApplication.translate("TransferWords", "Needs your confirmation"),
        "denied": QCoreApplication.translate("TransferWords", "Refused"),
        "rejected": QCoreApplication.translate("TransferWords", "Refused"),
        "held": QCoreApplication.translate("TransferWords", "Held for review"),
        "revoked": QCoreApplication.translate("TransferWords", "Revoked"),
    }
    return words.get(status, status)


def clock_text(seconds: float) -> str:
    """01:59:12 (hours, minutes, seconds; never negative)."""
    left = max(int(seconds), 0)
    return f"{left // 3600:02d}:{left % 3600 // 60:02d}:{left % 60:02d}"


def revocable_text(until: datetime, now: datetime) -> str:
    """可撤销 01:59:12 — what a transfer in its window shows, ticking every second."""
    return QCoreApplication.translate("TransferWords", "Revocable %1").replace("%1", clock_text((when.aware(until) - now).total_seconds()))


def proof_left_text(expires_at: datetime, now: datetime) -> str:
    left = max(int((when.aware(expires_at) - now).total_seconds()), 0)
    if left <= 0:
        return QCoreApplication.translate("TransferWords", "The verification has expired; verify again.")
    return QCoreApplication.translate("TransferWords", "Verified: valid for another %1").replace("%1", f"{left // 60}:{left % 60:02d}")


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
        source = QCoreApplication.translate("TransferWords", "Source: %1 (%2)").replace("%1", firing.citation or "—").replace(
            "%2", confidence_word(firing.confidence))
        out.append((firing.title(language), firing.explanation(language), source))
    return out


def rate_text(rate: Decimal) -> str:
    """A platform's rate with every digit it gave and no trailing zeros (0.138123, 7.2)."""
    return format(rate.normalize(), "f")


def quote_lines(quote: Any, hidden: bool = False) -> str:
    """What leaves (the fee included), the rate, what arrives: a platform's FX quote in three lines."""
    sell, buy = quote.sell_currency, quote.buy_currency
    leaves = QCoreApplication.translate("TransferWords", "Leaves your account: %1 (fee %2 included)").replace("%1", money_text(quote.sell_amount, sell, hidden)).replace("%2", money_text(quote.fee, sell, hidden))  # noqa: E501
    rate = QCoreApplication.translate("TransferWords", "Rate: 1 %1 = %2 %3").replace("%1", sell).replace("%2", rate_text(quote.rate)).replace("%3", buy)  # noqa: E501
    arrives = QCoreApplication.translate("TransferWords", "Arrives: %1").replace("%1", money_text(quote.buy_amount, buy, hidden))  # noqa: E501
    return "\n".join((leaves, rate, arrives))


def quote_expired(quote: Any, now: datetime) -> bool:
    return now >= when.aware(quote.valid_until)


def quote_left_text(quote: Any, now: datetime) -> str:
    """How long a quote holds (m:ss), or that it has run out."""
    left = max(int((when.aware(quote.valid_until) - now).total_seconds()), 0)
    if left <= 0:
        return QCoreApplication.translate("TransferWords", "The quote has expired: get a new one.")
    return QCoreApplication.translate("TransferWords", "Quote valid for another %1").replace("%1", f"{left // 60}:{left % 60:02d}")  # noqa: E501
