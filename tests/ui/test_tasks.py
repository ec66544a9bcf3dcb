"""Background work: reads in parallel, writes one at a time in order, results on the UI thread."""

from __future__ import annotations

import threading
import time
from typing import Any

from app.changes import Changes
from ui.tasks import TaskManager


def test_mutations_run_in_order_on_one_thread_and_report_on_the_ui_thread(
    qtbot, tasks: TaskManager, wait_idle
) -> None:
    ui_thread = threading.get_ident()
    ran: list[tuple[int, int]] = []
    delivered: list[tuple[Any, int]] = []

    def job(n: int):
        def run() -> int:
            time.sleep(0.01 * (3 - n))  # the first job is the slowest: order must still hold
            ran.append((n, threading.get_ident()))
            return n

        return run

    for n in range(3):
        tasks.run_mutation(job(n), lambda result, error: delivered.append((result, threading.get_ident())))
    assert not tasks.idle
    wait_idle()
    assert [n for n, _ in ran] == [0, 1, 2]
    assert len({ident for _, ident in ran}) == 1 and ran[0][1] != ui_thread
    assert delivered == [(0, ui_thread), (1, ui_thread), (2, ui_thread)]


def test_queries_run_off_the_ui_thread_in_parallel(qtbot, tasks: TaskManager, wait_idle) -> None:
    barrier = threading.Barrier(2, timeout=5)
    results: list[Any] = []

    def meet() -> int:
        barrier.wait()  # both queries must be running at once to pass
        return threading.get_ident()

    tasks.run_query(meet, lambda r, e: results.append(r if e is None else e))
    tasks.run_query(meet, lambda r, e: results.append(r if e is None else e))
    wait_idle()
    assert len(results) == 2 and all(isinstance(r, int) for r in results)
    assert threading.get_ident() not in results


def test_changes_are_broadcast_and_errors_delivered(qtbot, tasks: TaskManager, wait_idle) -> None:
    seen: list[Changes] = []
    failures: list[BaseException] = []
    tasks.changes.connect(seen.append)
    tasks.failed.connect(failures.append)
    errors: list[BaseException | None] = []
    tasks.run_mutation(lambda: (Changes.of("platforms", 7), 7))
    tasks.run_mutation(lambda: 1 / 0, lambda r, e: errors.append(e))
    tasks.run_mutation(lambda: [][1])  # no callback: reported on ``failed``
    tasks.run_query(lambda: Changes.of("members", 1))  # a read's result is not a change
    wait_idle()
    assert [c.kinds for c in seen] == [frozenset({"platforms"})]
    assert isinstance(errors[0], ZeroDivisionError)
    assert len(failures) == 1 and isinstance(failures[0], IndexError)


def test_busy_signal(qtbot, tasks: TaskManager) -> None:
    states: list[bool] = []
    tasks.busy_changed.connect(states.append)
    with qtbot.waitSignal(tasks.finished, timeout=5_000):
        tasks.run_query(lambda: None)
    assert states == [True, False]
