"""Wrong passphrases and PINs: a few free tries, then waits that double, and a PIN locked (issue 11 §1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.errors import LockedOut, TooManyAttempts, VaultCorrupt
from app.vault.attempts import (
    PASSPHRASE_RULES,
    PIN_RULES,
    Attempts,
    check,
    failed,
    rules_for,
    succeeded,
    wait_needed,
)

T0 = datetime(2026, 12, 5, 13, 0, tzinfo=UTC)


def after(n: int, rules, at: datetime = T0) -> Attempts:
    state = Attempts()
    for _ in range(n):
        state = failed(state, rules, at)
    return state


def test_the_free_tries_wait_for_nothing() -> None:
    state = after(PASSPHRASE_RULES.free, PASSPHRASE_RULES)
    check(state, PASSPHRASE_RULES, T0)  # no exception
    assert wait_needed(state, PASSPHRASE_RULES, T0) == timedelta(0)


def test_waits_double_past_the_free_tries_up_to_a_ceiling() -> None:
    rules = PASSPHRASE_RULES
    waits = [wait_needed(after(rules.free + k, rules), rules, T0) for k in range(1, 8)]
    assert waits[:4] == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120), timedelta(seconds=240)]
    assert waits[-1] == rules.longest_wait and max(waits) == rules.longest_wait


def test_a_wait_runs_from_the_last_failure_and_says_how_long() -> None:
    rules = PASSPHRASE_RULES
    state = after(rules.free + 2, rules)  # a 60 s wait
    with pytest.raises(TooManyAttempts) as raised:
        check(state, rules, T0 + timedelta(seconds=20))
    assert raised.value.seconds == 40 and "40 s" in str(raised.value)
    check(state, rules, T0 + timedelta(seconds=60))  # waited enough


def test_setting_the_clock_back_does_not_shorten_a_wait() -> None:
    state = after(PASSPHRASE_RULES.free + 2, PASSPHRASE_RULES)
    assert wait_needed(state, PASSPHRASE_RULES, T0 - timedelta(days=1)) == timedelta(seconds=60)


def test_a_passphrase_is_never_locked_but_a_pin_is() -> None:
    assert not after(100, PASSPHRASE_RULES).locked
    state = after(PIN_RULES.lock_after - 1, PIN_RULES)
    assert not state.locked
    state = failed(state, PIN_RULES, T0 + timedelta(days=1))
    assert state.locked
    with pytest.raises(LockedOut, match="guardian"):
        check(state, PIN_RULES, T0 + timedelta(days=30))  # no wait ends a lock
    assert rules_for("pin") is PIN_RULES and rules_for("passphrase") is PASSPHRASE_RULES


def test_a_success_or_a_guardian_clears_the_count() -> None:
    assert succeeded() == Attempts()
    check(succeeded(), PIN_RULES, T0)


def test_the_state_survives_a_restart_and_a_damaged_one_is_said() -> None:
    state = after(4, PIN_RULES)
    assert Attempts.from_json(state.to_json()) == state
    for broken in ({"failures": -1, "last_failure": None, "locked": False},
                   {"failures": 2, "last_failure": "2026-12-05T13:00:00", "locked": False},  # no zone
                   {"locked": True}):
        with pytest.raises(VaultCorrupt):
            Attempts.from_json(broken)
