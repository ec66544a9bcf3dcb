"""Cycle collection happens on the GUI thread only, never on a worker (a crash seen in CI)."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QApplication

from ui.collector import MainThreadCollector, install


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_application_has_one_collector_and_automatic_collection_is_off(qapp: QApplication):
    collector = install(qapp)
    assert install(qapp) is collector
    assert qapp.findChildren(MainThreadCollector) == [collector]
    assert not gc.isenabled()


def test_a_busy_worker_never_collects_and_the_gui_thread_does(qapp: QApplication, qtbot):
    install(qapp)
    threads: list[str] = []

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            threads.append(threading.current_thread().name)

    def churn() -> None:
        for _ in range(200_000):  # far past every generation's threshold
            _Cycle()

    gc.callbacks.append(record)
    try:
        worker = threading.Thread(target=churn, name="worker")
        worker.start()
        worker.join()
        assert threads == []  # the worker made garbage but did not collect it
        qtbot.waitUntil(lambda: threads != [], timeout=5_000)  # the timer on the GUI thread does
    finally:
        gc.callbacks.remove(record)
    assert set(threads) == {threading.main_thread().name}


def test_check_collects_only_past_a_threshold(qapp: QApplication):
    collector = install(qapp)
    gc.collect()
    assert collector.check() == 0
    for _ in range(gc.get_threshold()[0] + 10):
        _Cycle()
    assert collector.check() > 0
