"""Loaded by every Python process that ``make test-dates`` starts (it puts this folder on PYTHONPATH).

libfaketime 0.9.10 (Debian 12) mistranslates ``clock_nanosleep`` with an absolute CLOCK_MONOTONIC
deadline when the monotonic clock is left real (FAKETIME_DONT_FAKE_MONOTONIC=1), and ``time.sleep``
uses exactly that: it fails with EINVAL. Faking the monotonic clock instead hangs every timed lock
wait (``sem_clockwait`` is not intercepted). So the monotonic clock stays real and ``time.sleep`` waits
on an event, which uses a timed lock and sleeps the same.
"""

from __future__ import annotations

import os
import threading
import time

if "faketime" in os.environ.get("LD_PRELOAD", ""):

    def _sleep(seconds: float) -> None:
        if seconds < 0:
            raise ValueError("sleep length must be non-negative")
        threading.Event().wait(seconds)

    time.sleep = _sleep
