"""When to try a request again, and how long to wait first (exponential backoff with jitter)."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from app import clock
from app.sync.contract import RetryPolicy

# 500 is retried only for reads: a failed write may have happened, and repeating it is the caller's call.
RETRY_ANY_METHOD = frozenset({429, 502, 503, 504})
RETRY_IDEMPOTENT = RETRY_ANY_METHOD | {500}


def backoff_delay(policy: RetryPolicy, attempt: int, rng: random.Random) -> float:
    """Seconds before retry number ``attempt`` (0-based): half the exponential step fixed, half random.

    The fixed half keeps a retry from firing at once; the random half spreads the retries of many
    clients that failed together (the "equal jitter" of the AWS backoff study).
    """
    ceiling = min(policy.backoff_max, policy.backoff_base * (2.0**attempt))
    return ceiling / 2 + rng.uniform(0, ceiling / 2)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """The ``Retry-After`` header in seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or clock.utcnow())).total_seconds())
