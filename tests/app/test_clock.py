"""The one clock: fixed in tests, swappable for a block, and what every "now" in the app reads."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from app import clock
from app.vault.types import utcnow
from tests.conftest import PINNED


def test_every_test_starts_at_the_pinned_instant() -> None:
    assert clock.utcnow() == PINNED
    assert utcnow() == PINNED and utcnow().tzinfo is UTC  # the old name reads the same clock
    assert clock.shanghai_today() == date(2026, 12, 4)


@pytest.mark.clock("2028-02-29T23:30:00+08:00")
def test_a_test_can_ask_for_another_day() -> None:
    assert clock.shanghai_today() == date(2028, 2, 29)
    assert clock.today_in(UTC) == date(2028, 2, 29)
    assert clock.today_in(timezone(timedelta(hours=-5))) == date(2028, 2, 29)
    assert clock.today_in(timezone(timedelta(hours=9))) == date(2028, 3, 1)


@pytest.mark.clock("system")
def test_a_test_can_ask_for_the_real_clock() -> None:
    assert isinstance(clock.get(), clock.SystemClock)
    assert abs(clock.utcnow() - datetime.now(UTC)) < timedelta(seconds=5)


def test_a_fixed_clock_stands_still_until_advanced(clock_now: clock.FixedClock) -> None:
    assert clock.utcnow() == clock.utcnow() == PINNED
    assert clock_now.advance(hours=13) == PINNED + timedelta(hours=13)
    assert clock.shanghai_today() == date(2026, 12, 5)  # 01:00 the next day in Shanghai
    with pytest.raises(ValueError):
        clock_now.advance(timedelta(seconds=-1))
    clock_now.set(datetime(2027, 1, 1, tzinfo=UTC))
    assert clock.utcnow().year == 2027


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError):
        clock.FixedClock(datetime(2026, 1, 1))
    with pytest.raises(ValueError):
        clock.FixedClock(PINNED).set(datetime(2026, 1, 1))


def test_use_swaps_the_clock_for_a_block_and_puts_it_back() -> None:
    before = clock.get()
    other = clock.FixedClock(datetime(2030, 6, 1, tzinfo=UTC))
    with pytest.raises(RuntimeError), clock.use(other):
        assert clock.utcnow().year == 2030
        raise RuntimeError("the previous clock comes back even so")
    assert clock.get() is before


def test_other_threads_see_the_clock_a_test_installed() -> None:
    seen: list[datetime] = []
    t = threading.Thread(target=lambda: seen.append(clock.utcnow()))
    t.start()
    t.join(timeout=10)
    assert seen == [PINNED]


def test_now_is_always_aware_utc_whatever_zone_a_clock_keeps() -> None:
    shanghai_noon = datetime(2026, 12, 4, 12, tzinfo=clock.SHANGHAI)
    with clock.use(clock.FixedClock(shanghai_noon)):
        assert clock.utcnow().tzinfo is UTC and clock.utcnow() == shanghai_noon
        assert clock.now_in(clock.SHANGHAI).hour == 12
    assert isinstance(clock.SystemClock(), clock.Clock)
    assert clock.SystemClock().now().tzinfo is UTC
