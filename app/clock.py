"""The one clock: every "what time is it" in the core, the sandbox and the UI asks this module.

The app runs on ``SystemClock``. Tests install a ``FixedClock`` (``tests/conftest.py`` does it for every
test) so that nothing depends on the day the suite runs; a fixed clock stands still until ``advance``.

Durations and timeouts are not "what time is it": ``time.monotonic`` and ``time.perf_counter`` stay
where they are, so a faked or fixed clock never stalls a timer.

One time zone for people: every date or time a person reads, and every "today" or "this month" the
interface computes, is in ``local_zone()`` — the computer's own zone, unless a test pins another with
``use_zone``. Timestamps are stored in UTC; a platform's own offset is only where an instant came from.
Bare dates (a statement's booking date) stay the dates they are.

The current clock is one process-wide value, not a context variable: worker threads, the sandbox's
server thread and Qt's timers must all see the clock a test installed.
"""

from __future__ import annotations

import threading
import time as _time
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


class SystemZone(tzinfo):
    """The computer's own time zone as the C library knows it (TZ, /etc/localtime), daylight saving included.

    Asks ``time.localtime`` for each instant, so it follows the zone the process runs in; the fixed
    offset that ``datetime.astimezone()`` returns would be wrong on the other side of a DST change.
    A wall time that happens twice (clocks going back) is told apart by ``fold``, as PEP 495 says.
    """

    def fromutc(self, dt: datetime) -> datetime:
        stamp = (dt.replace(tzinfo=None) - _EPOCH) // timedelta(seconds=1)
        wall = datetime(*_time.localtime(stamp)[:6], dt.microsecond, tzinfo=self)
        return wall if self.utcoffset(wall) == self._offset_at(stamp) else wall.replace(fold=1)

    def utcoffset(self, dt: datetime | None) -> timedelta:
        if dt is None:
            return self._offset_at(_time.time())
        wall = (dt.replace(tzinfo=None, fold=0) - _EPOCH) // timedelta(seconds=1)
        day = 86_400
        offsets = {self._offset_at(wall - day), self._offset_at(wall + day), self._offset_at(wall)}
        # Offsets that place this wall time at an instant where that offset holds, earliest instant first.
        valid = sorted(
            (wall - int(o.total_seconds()), o)
            for o in offsets
            if self._offset_at(wall - int(o.total_seconds())) == o
        )
        if not valid:  # a wall time the clocks skipped: read it with the offset before the change
            return self._offset_at(wall - day)
        return valid[-1][1] if dt.fold and len(valid) > 1 else valid[0][1]

    def dst(self, dt: datetime | None) -> timedelta:
        return timedelta(0)  # not needed to place an instant; utcoffset already includes it

    def tzname(self, dt: datetime | None) -> str:
        offset = self.utcoffset(dt)
        stamp = (
            _time.time()
            if dt is None
            else (dt.replace(tzinfo=None) - _EPOCH).total_seconds() - offset.total_seconds()
        )
        return _time.localtime(stamp).tm_zone

    @staticmethod
    def _offset_at(stamp: float) -> timedelta:
        return timedelta(seconds=_time.localtime(stamp).tm_gmtoff)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SystemZone)

    def __hash__(self) -> int:
        return hash(SystemZone)

    def __repr__(self) -> str:
        return "SystemZone()"


_EPOCH = datetime(1970, 1, 1)
_zone: tzinfo = SystemZone()


def local_zone() -> tzinfo:
    """The person's time zone: every date and time shown, and every local "today", is in it."""
    return _zone


def set_zone(zone: tzinfo | None) -> tzinfo:
    """Pin the person's zone for the whole process (None: the computer's own); returns the one it replaces."""
    global _zone
    with _swap:
        previous, _zone = _zone, zone if zone is not None else SystemZone()
    return previous


@contextmanager
def use_zone(zone: tzinfo) -> Iterator[tzinfo]:
    """Run a block with the person's zone pinned to ``zone``, then put the previous zone back."""
    previous = set_zone(zone)
    try:
        yield zone
    finally:
        set_zone(previous)


def local_now() -> datetime:
    """Now, as wall time in the person's zone."""
    return _current.now().astimezone(_zone)


def local_today() -> date:
    """The date it is now for the person at the computer."""
    return local_now().date()


def to_local(moment: datetime) -> datetime:
    """An instant as wall time in the person's zone (a naive value is taken as UTC, as the vault stores it)."""
    aware = (
        moment if moment.tzinfo is not None and moment.utcoffset() is not None else moment.replace(tzinfo=UTC)
    )
    return aware.astimezone(_zone)


def local_day_start(day: date) -> datetime:
    """The instant (UTC) ``day`` begins in the person's zone; a range "to 12-05" ends at 12-06's start."""
    return datetime.combine(day, datetime.min.time(), _zone).astimezone(UTC)
