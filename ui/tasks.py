"""Background work: reads in a thread pool, every database write on one writer thread (Anki's model).

Rules this module enforces so callers need not think about them:

* The UI thread never waits on I/O or key derivation; work runs on a worker and the callback
  ``on_done(result, error)`` runs later on the UI thread, delivered by a queued signal.
* Writes are serialised on a single writer thread, in submission order, so two writes never race
  and "lock" queued after a write runs after it. Opening or creating a vault also runs there: it
  writes an audit event, and an unlock typed right after a lock must wait for that lock to finish.
* A mutation whose result carries ``Changes`` (itself, a tuple starting with one, or a ``changes``
  attribute such as an import result's) has them broadcast on ``changes`` so every screen can decide
  whether to refresh. A network job (a sync) runs as a query and applies its writes through
  ``call_on_writer``; it announces the Changes its report lists. Changes always come from the core.
* Never touch a widget inside ``fn``: it runs on a worker thread.

The workers are Python threads (concurrent.futures), not QThreadPool threads: Python keeps one
thread state per Python thread, whereas a call into Python from a QThread may get a fresh thread
state each time, which silently empties ``threading.local`` between two jobs on the "same" thread.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from app.changes import Changes

T = TypeVar("T")
Callback = Callable[[Any, BaseException | None], None]
log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the UI thread; workers emit on it and Qt queues the call to the UI thread."""

    done = Signal(int, object, object)


def _run(ticket: int, fn: Callable[[], Any], relay: _Relay) -> None:
    try:
        result, error = fn(), None
    except BaseException as exc:  # delivered to the caller, who decides what the user sees
        result, error = None, exc
    relay.done.emit(ticket, result, error)


def changes_in(result: Any) -> Changes | None:
    """The Changes a task's result reports: itself, the first item of a tuple, or its ``changes``."""
    if isinstance(result, Changes):
        return result
    if isinstance(result, tuple) and result and isinstance(result[0], Changes):
        return result[0]
    changes = getattr(result, "changes", None)
    return changes if isinstance(changes, Changes) else None


class TaskManager(QObject):
    """Runs queries in parallel and mutations one at a time, reporting back on the UI thread."""

    changes = Signal(object)  # Changes from a finished mutation
    failed = Signal(object)  # an error nobody asked to handle (no callback)
    finished = Signal()  # after any task's callback ran; tests wait on it
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._readers = ThreadPoolExecutor(
            max_workers=min(8, (os.cpu_count() or 2) + 2), thread_name_prefix="huiliu-read"
        )
        # One worker that lives as long as the app: every write, open, lock and close runs on it.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="huiliu-write")
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

    def call_on_writer(self, fn: Callable[[], T]) -> T:
        """From a worker thread: run ``fn`` on the writer (after the writes queued before it) and
        return its result. A network job applies each result this way, so it never holds the writer
        while it waits on the network. Never call it from the writer itself."""
        return self._writer.submit(fn).result()

    def _submit(
        self, pool: ThreadPoolExecutor, fn: Callable[[], Any], on_done: Callback | None, mutation: bool
    ) -> int:
        if self._closed:
            raise RuntimeError("the task manager is shut down")
        ticket = next(self._tickets)
        was_idle = not self._pending
        self._pending[ticket] = (on_done, mutation)
        if was_idle:
            self.busy_changed.emit(True)
        pool.submit(_run, ticket, fn, self._relay)
        return ticket

    def announce(self, changes: Changes) -> None:
        """Broadcast the Changes the core reported for writes a query made through ``call_on_writer``."""
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

    def shutdown(self) -> None:
        """At exit only: wait for queued work (a final lock or close) and drop later callbacks."""
        self._closed = True
        self._readers.shutdown(wait=True)
        self._writer.shutdown(wait=True)
        self._pending.clear()
