"""The one clock: every "what time is it" in the core, the sandbox and the UI asks this module.

The app runs on ``SystemClock``. Tests install a ``FixedClock`` (``tests/conftest.py`` does it for every
test) so that nothing depends on the day the suite runs; a fixed clock stands still until ``advance``.

Durations and timeouts are not "what time is it": ``time.monotonic`` and ``time.perf_counter`` stay
where they are, so a faked or fixed clock never stalls a timer.

The current clock is one process-wide value, not a context variable: worker threads, the sandbox's
server thread and Qt's timers must all see the clock a test installed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Protocol, runtime_checkable

# China has one zone and no daylight saving time: a fixed offset is exact (and needs no tz database).
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


@runtime_checkable
class Clock(Protocol):
    """Something that tells the time."""

    def now(self) -> datetime:
        """The current instant, timezone-aware (in UTC)."""
        ...


class SystemClock:
    """The computer's clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock:
    """A clock that stands still at a given instant until it is ``set`` or ``advance``d (thread-safe)."""

    def __init__(self, at: datetime) -> None:
        self._at = _aware_utc(at)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._at

    def set(self, at: datetime) -> None:
        at = _aware_utc(at)
        with self._lock:
            self._at = at

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        """Move forward by ``delta`` (or ``timedelta(**kwargs)``); returns the new instant."""
        step = delta if delta is not None else timedelta(**kwargs)
        if step < timedelta(0):
            raise ValueError("a clock only moves forward")
        with self._lock:
            self._at += step
            return self._at

    def __repr__(self) -> str:
        return f"FixedClock({self.now().isoformat()})"


def _aware_utc(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("a clock needs a timezone-aware datetime")
    return at.astimezone(UTC)


_current: Clock = SystemClock()
_swap = threading.Lock()


def get() -> Clock:
    """The clock in use."""
    return _current


def set(clock: Clock) -> Clock:  # noqa: A001 - clock.set / clock.get read best at call sites
    """Install ``clock`` for the whole process; returns the one it replaces."""
    global _current
    with _swap:
        previous, _current = _current, clock
    return previous


@contextmanager
def use(clock: Clock) -> Iterator[Clock]:
    """Run a block on ``clock``, then put the previous clock back."""
    previous = set(clock)
    try:
        yield clock
    finally:
        set(previous)


def utcnow() -> datetime:
    """Now, timezone-aware in UTC."""
    return _current.now().astimezone(UTC)


def now_in(tz: tzinfo) -> datetime:
    """Now, as wall time in ``tz``."""
    return _current.now().astimezone(tz)


def today_in(tz: tzinfo) -> date:
    """The date it is now in ``tz``."""
    return now_in(tz).date()


def shanghai_today() -> date:
    """The date it is now in China (the platforms' business day)."""
    return today_in(SHANGHAI)


def local_now() -> datetime:
    """Now, in the computer's own time zone (what the person at it calls the time)."""
    return _current.now().astimezone()


def local_today() -> date:
    """The date it is now for the person at the computer."""
    return local_now().date()
