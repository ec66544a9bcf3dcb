"""Failures and lockout of a step-up factor, kept in the factor's sealed ``state``.

Neither an authenticator app nor fprintd limits guessing, so Huiliu does: after ``max_failures``
failures in a row the factor accepts nothing for ``first_lock``; each further lockout before a
success doubles that wait, up to ``longest_lock``. A success clears the count and the doubling.
The state also keeps the last accepted TOTP time step, so a code is never accepted twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from app.errors import ValidationError
from app.i18n import _

# The defaults: five failures lock for five minutes, doubling (10, 20, 40 min) to at most one hour.
MAX_FAILURES = 5
FIRST_LOCK = timedelta(minutes=5)
LONGEST_LOCK = timedelta(hours=1)


@dataclass(frozen=True)
class LockoutPolicy:
    """How many failures lock a factor, and for how long."""

    max_failures: int = MAX_FAILURES
    first_lock: timedelta = FIRST_LOCK
    longest_lock: timedelta = LONGEST_LOCK

    def __post_init__(self) -> None:
        if self.max_failures < 1:
            raise ValidationError(_("Failures before a lockout"), _("must be at least 1"))
        if self.first_lock <= timedelta(0) or self.longest_lock < self.first_lock:
            raise ValidationError(_("Lockout"), _("the first lockout must last more than zero and no longer than "
                                                  "the longest lockout"))

    def lock_for(self, lockouts: int) -> timedelta:
        """The wait of the ``lockouts``-th lockout in a row (1 is the first)."""
        wait = self.first_lock
        for _i in range(1, lockouts):
            wait *= 2
            if wait >= self.longest_lock:
                return self.longest_lock
        return min(wait, self.longest_lock)


DEFAULT_POLICY = LockoutPolicy()


@dataclass(frozen=True)
class FactorState:
    """What a factor remembers between verifications (stored as JSON in its sealed ``state``)."""

    failures: int = 0
    lockouts: int = 0
    locked_until: datetime | None = None
    last_counter: int | None = None

    def to_json(self) -> str:
        return json.dumps({"failures": self.failures, "lockouts": self.lockouts,
                           "locked_until": self.locked_until.isoformat() if self.locked_until else None,
                           "last_counter": self.last_counter}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> FactorState:
        if not text:
            return cls()
        data = json.loads(text)
        until = data.get("locked_until")
        counter = data.get("last_counter")
        return cls(int(data.get("failures", 0)), int(data.get("lockouts", 0)),
                   datetime.fromisoformat(until) if until else None, int(counter) if counter is not None else None)

    def locked(self, now: datetime) -> datetime | None:
        """When the lockout ends, if the factor is locked at ``now``."""
        return self.locked_until if self.locked_until is not None and now < self.locked_until else None

    def failed(self, now: datetime, policy: LockoutPolicy) -> FactorState:
        """The state after one more failure (which may start a lockout)."""
        failures = self.failures + 1
        if failures < policy.max_failures:
            return replace(self, failures=failures)
        lockouts = self.lockouts + 1
        return replace(self, failures=0, lockouts=lockouts, locked_until=now + policy.lock_for(lockouts))

    def succeeded(self, counter: int | None = None) -> FactorState:
        """The state after a success: the count and the doubling cleared; ``counter`` remembered if given."""
        return FactorState(last_counter=self.last_counter if counter is None else counter)
