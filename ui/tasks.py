"""Background work: reads in a thread pool, every database write on one writer thread (Anki's model).

Rules this module enforces so callers need not think about them:

* The UI thread never waits on I/O or key derivation; work runs on a worker and the callback
  ``on_done(result, error)`` runs later on the UI thread, delivered by a queued signal.
* Writes are serialised on a single writer thread, in submission order, so two writes never race
  and "lock" queued after a write runs after it. Opening or creating a vault also runs there: it
  writes an audit event, and an unlock typed right after a lock must wait for that lock to finish.
* A mutation that returns ``Changes`` (or a tuple starting with one) is broadcast on ``changes`` so
  every screen can decide whether to refresh.
* Never touch a widget inside ``fn``: it runs on a worker thread.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from app.changes import Changes

T = TypeVar("T")
Callback = Callable[[Any, BaseException | None], None]
log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the UI thread; workers emit on it and Qt queues the call to the UI thread."""

    done = Signal(int, object, object)


class _Job(QRunnable):
    def __init__(self, ticket: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._ticket, self._fn, self._relay = ticket, fn, relay

    def run(self) -> None:
        try:
            result, error = self._fn(), None
        except BaseException as exc:  # delivered to the caller, who decides what the user sees
            result, error = None, exc
        self._relay.done.emit(self._ticket, result, error)


def changes_in(result: Any) -> Changes | None:
    if isinstance(result, Changes):
        return result
    if isinstance(result, tuple) and result and isinstance(result[0], Changes):
        return result[0]
    return None


class TaskManager(QObject):
    """Runs queries in parallel and mutations one at a time, reporting back on the UI thread."""

    changes = Signal(object)  # Changes from a finished mutation
    failed = Signal(object)  # an error nobody asked to handle (no callback)
    finished = Signal()  # after any task's callback ran; tests wait on it
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._readers = QThreadPool(self)
        self._writer = QThreadPool(self)
        self._writer.setMaxThreadCount(1)
        self._writer.setExpiryTimeout(-1)  # keep the one writer thread alive for the session
        self._relay = _Relay(self)
        self._relay.done.connect(self._deliver)
        self._pending: dict[int, tuple[Callback | None, bool]] = {}
        self._tickets = itertools.count(1)
        self._closed = False

    # --- submitting ---------------------------------------------------------------------------

    def run_query(self, fn: Callable[[], T], on_done: Callback | None = None) -> int:
        """Run a read (or slow pure computation) on the pool."""
        return self._submit(self._readers, fn, on_done, mutation=False)

    def run_mutation(self, fn: Callable[[], T], on_done: Callback | None = None) -> int:
        """Run a write on the single writer thread, after every write submitted before it."""
        return self._submit(self._writer, fn, on_done, mutation=True)

    def _submit(self, pool: QThreadPool, fn: Callable[[], Any], on_done: Callback | None, mutation: bool) -> int:
        if self._closed:
            raise RuntimeError("the task manager is shut down")
        ticket = next(self._tickets)
        was_idle = not self._pending
        self._pending[ticket] = (on_done, mutation)
        if was_idle:
            self.busy_changed.emit(True)
        pool.start(_Job(ticket, fn, self._relay))
        return ticket

    def announce(self, changes: Changes) -> None:
        """Broadcast changes made as a side effect of a task that then failed (they did happen)."""
        if changes.kinds:
            self.changes.emit(changes)

    # --- delivering ---------------------------------------------------------------------------

    @Slot(int, object, object)
    def _deliver(self, ticket: int, result: Any, error: BaseException | None) -> None:
        entry = self._pending.pop(ticket, None)
        if entry is None or self._closed:
            return
        on_done, mutation = entry
        try:
            if mutation and error is None:
                changed = changes_in(result)
                if changed is not None:
                    self.announce(changed)
            if on_done is not None:
                on_done(result, error)
            elif error is not None:
                log.error("background task failed", exc_info=error)
                self.failed.emit(error)
        finally:
            if not self._pending:
                self.busy_changed.emit(False)
            self.finished.emit()

    # --- state --------------------------------------------------------------------------------

    @property
    def idle(self) -> bool:
        """True when no task is waiting to report back."""
        return not self._pending

    def shutdown(self, timeout_ms: int = 30_000) -> None:
        """At exit only: wait for running work (a final lock or close) and drop later callbacks."""
        self._readers.waitForDone(timeout_ms)
        self._writer.waitForDone(timeout_ms)
        self._closed = True
        self._pending.clear()
