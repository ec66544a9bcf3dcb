"""Fingerprint verification against a fake fprintd (python-dbusmock) on a private D-Bus bus.

A real dbus-daemon runs for the module; each test starts its own fake fprintd on it with the reader
and finger it needs, and the client is pointed at that bus as if it were the system bus.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from jeepney import DBusAddress, new_signal
from jeepney.io.blocking import open_dbus_connection

from app.policy.stepup import fprintd
from app.policy.stepup.fprintd import FprintdClient, ReaderProblem
from tests.app.stepup.conftest import Fake

USER = "mama"

ENROLLED = {USER: ["right-index-finger"]}


def test_a_matching_finger_is_accepted(fake: Fake) -> None:
    client = fake.start(fingers=ENROLLED, script=[["verify-match", True]])
    assert client.enrolled_fingers(USER) == ["right-index-finger"]
    result = client.verify(USER, timeout=5)
    assert (result.ok, result.code, result.reason) == (True, "ok", "Fingerprint accepted.")


def test_another_finger_does_not_match(fake: Fake) -> None:
    client = fake.start(fingers=ENROLLED, script=[["verify-no-match", True]])
    result = client.verify(USER, timeout=5)
    assert (result.ok, result.code, result.reason) == (False, "no-match", "This fingerprint does not match.")


def test_an_unreadable_scan_is_retried_then_matches(fake: Fake) -> None:
    client = fake.start(fingers=ENROLLED, script=[["verify-retry-scan", False], ["verify-finger-not-centered", False],
                                                  ["verify-match", True]])
    told: list[str] = []
    result = client.verify(USER, timeout=5, max_retries=3, on_status=told.append)
    assert result.ok and result.code == "ok"
    assert told == ["The scan was not clear: place your finger on the reader again.",
                    "Your finger was not centred: place it in the middle of the reader."]


def test_a_retry_that_ends_the_scan_arms_the_reader_again(fake: Fake) -> None:
    # Some readers end a scan with a retry result (done): the client starts verifying again.
    client = fake.start(fingers=ENROLLED, script=[["verify-swipe-too-short", True], ["verify-match", True]])
    told: list[str] = []
    assert client.verify(USER, timeout=5, on_status=told.append).ok
    assert told == ["The swipe was too short: swipe your finger again."]


def test_too_many_unreadable_scans_fail(fake: Fake) -> None:
    client = fake.start(fingers=ENROLLED, script=[["verify-retry-scan", False]] * 3 + [["verify-match", True]])
    result = client.verify(USER, timeout=5, max_retries=2)
    assert (result.ok, result.code) == (False, "too-many-retries")
    assert result.reason == "The reader could not read your finger after 3 tries."


def test_a_disconnected_reader(fake: Fake) -> None:
    client = fake.start(fingers=ENROLLED, script=[["verify-disconnected", True]])
    result = client.verify(USER, timeout=5)
    assert (result.ok, result.code) == (False, "disconnected")
    assert result.reason == "The fingerprint reader was disconnected: connect it and try again."


def test_no_enrolled_prints(fake: Fake) -> None:
    client = fake.start(fingers={}, script=[["verify-match", True]])
    assert client.enrolled_fingers(USER) == []
    result = client.verify(USER, timeout=5)
    assert (result.ok, result.code) == (False, "no-prints")
    assert "No fingerprint is enrolled for this user" in result.reason


def test_permission_denied(fake: Fake) -> None:
    client = fake.start(fingers=ENROLLED, claim_error="PermissionDenied", script=[["verify-match", True]])
    result = client.verify(USER, timeout=5)
    assert (result.ok, result.code) == (False, "permission-denied")
    assert "permission denied" in result.reason


def test_no_reader_connected(fake: Fake) -> None:
    client = fake.start(device=False)
    with pytest.raises(ReaderProblem) as err:
        client.enrolled_fingers(USER)
    assert err.value.code == "no-reader"
    assert client.verify(USER, timeout=5).code == "no-reader"


def test_no_fingerprint_service_on_the_bus(bus: str) -> None:
    client = FprintdClient(bus, call_timeout=5)
    result = client.verify(USER, timeout=5)
    assert (result.ok, result.code) == (False, "no-service")
    assert result.reason == "The fingerprint service (fprintd) is not installed or not running on this computer."
    with pytest.raises(ReaderProblem) as err:
        client.enrolled_fingers(USER)
    assert err.value.code == "no-service"


def test_no_bus_at_all(tmp_path: Path) -> None:
    result = FprintdClient(f"unix:path={tmp_path / 'nothing'}").verify(USER, timeout=1)
    assert (result.ok, result.code) == (False, "no-bus")


def test_no_finger_before_the_timeout(fake: Fake) -> None:
    client = fake.start(fingers=ENROLLED, script=[])
    started = time.monotonic()
    result = client.verify(USER, timeout=0.5)
    assert (result.ok, result.code) == (False, "timeout")
    assert result.reason == "No finger was scanned within 0.5 seconds."
    assert time.monotonic() - started < 5


def test_the_reader_is_released_after_each_verification(fake: Fake) -> None:
    client = fake.start(fingers=ENROLLED, script=[["verify-no-match", True], ["verify-match", True]])
    assert not client.verify(USER, timeout=5).ok
    assert client.verify(USER, timeout=5).ok  # Claim would say AlreadyInUse had the first not released it


def test_a_match_sent_by_another_program_is_ignored(fake: Fake, bus: str) -> None:
    client = fake.start(fingers=ENROLLED, script=[])
    stop = threading.Event()

    def spoof() -> None:
        with open_dbus_connection(bus) as conn:
            emitter = DBusAddress("/net/reactivated/Fprint/Device/0", interface=fprintd.DEVICE_IFACE)
            while not stop.is_set():
                conn.send(new_signal(emitter, "VerifyStatus", "sb", ("verify-match", True)))
                time.sleep(0.02)

    thread = threading.Thread(target=spoof, daemon=True)
    thread.start()
    try:
        result = client.verify(USER, timeout=1.0)
    finally:
        stop.set()
        thread.join(5)
    assert (result.ok, result.code) == (False, "timeout")
