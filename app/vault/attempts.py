"""Guessing a member's passphrase or PIN is slowed, and a PIN is stopped (issue 11 §1).

A few wrong tries are free; after them each try waits, the wait doubling with every further failure
up to a ceiling, counted from the last failure. A passphrase is never locked (that would let anyone
lock the owner out of their own money); a minor's PIN, short by nature, is locked after a number of
failures until a guardian or the owner unlocks it. A success clears the count.

The state is small and not secret (a count, a moment, a flag); the vault keeps it per member so that
restarting the app does not reset it. Time comes from app.clock; a clock set back does not shorten a
wait (a last failure "in the future" counts as just now).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from app import clock
from app.errors import LockedOut, TooManyAttempts, VaultCorrupt
from app.i18n import _


@dataclass(frozen=True)
class AttemptRules:
    free: int  # failures allowed before any wait
    first_wait: timedelta  # the wait after the first failure past the free ones
    longest_wait: timedelta
    lock_after: int | None  # failures that lock the secret (None: never locked)


PASSPHRASE_RULES = AttemptRules(free=5, first_wait=timedelta(seconds=30), longest_wait=timedelta(minutes=15),
                                lock_after=None)
PIN_RULES = AttemptRules(free=3, first_wait=timedelta(minutes=1), longest_wait=timedelta(hours=1), lock_after=8)


def rules_for(kind: str) -> AttemptRules:
    return PIN_RULES if kind == "pin" else PASSPHRASE_RULES


@dataclass(frozen=True)
class Attempts:
    failures: int = 0
    last_failure: datetime | None = None  # aware, UTC
    locked: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "failures": self.failures,
            "last_failure": self.last_failure.isoformat() if self.last_failure else None,
            "locked": self.locked,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Attempts:
        try:
            last = data.get("last_failure")
            moment = datetime.fromisoformat(last) if last else None
            failures = int(data["failures"])
            if failures < 0 or (moment is not None and moment.utcoffset() is None):
                raise ValueError(data)
            return cls(failures, moment, bool(data["locked"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise VaultCorrupt(_("a member's count of wrong tries is unreadable")) from exc


def wait_needed(state: Attempts, rules: AttemptRules, now: datetime | None = None) -> timedelta:
    """How long before the next try may be made (zero: now)."""
    past_free = state.failures - rules.free - 1  # 0 for the first failure past the free ones
    if past_free < 0 or state.last_failure is None:
        return timedelta(0)
    wait: timedelta = min(rules.first_wait * (2**past_free), rules.longest_wait)
    now = now or clock.utcnow()
    elapsed = max(now - state.last_failure, timedelta(0))  # a clock set back shortens nothing
    left: timedelta = max(wait - elapsed, timedelta(0))
    return left


def check(state: Attempts, rules: AttemptRules, now: datetime | None = None) -> None:
    """Raise LockedOut or TooManyAttempts when a try may not be made now; nothing is derived before."""
    if state.locked:
        raise LockedOut(state.failures)
    wait = wait_needed(state, rules, now)
    if wait > timedelta(0):
        raise TooManyAttempts(math.ceil(wait.total_seconds()))


def failed(state: Attempts, rules: AttemptRules, now: datetime | None = None) -> Attempts:
    """The state after a wrong try."""
    failures = state.failures + 1
    locked = rules.lock_after is not None and failures >= rules.lock_after
    return Attempts(failures, now or clock.utcnow(), locked)


def succeeded() -> Attempts:
    """The state after a right try, or after a guardian unlocked a PIN."""
    return Attempts()
