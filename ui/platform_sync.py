"""Syncing and connecting platforms from the window: network on workers, writes on the writer.

A refresh runs on a reader worker (every platform fetched concurrently); each platform's result is
applied on the single writer thread as it arrives (``TaskManager.call_on_writer``), so a save or a
lock never queues behind a slow platform. Locking stops a running sync at once: fetches still in
flight are abandoned and nothing more is written. ``consent`` (discovery and the wait for the
person in the browser) writes nothing and runs on a worker too; recording the connection and its
first sync follow the same path. Callbacks (per-platform progress, the consent page to open)
arrive on worker threads and are re-emitted through signals, which Qt queues to the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from app.services import (
    AppServices,
    ConsentGiven,
    ConsentReceiver,
    ConsentRequest,
    PlatformResult,
    SyncReport,
)
from ui.tasks import TaskManager
from ui.vault_session import VaultSession

CONSENT_TIMEOUT_S = 600.0  # a person reading a bank's consent page may take a while


def open_in_browser(url: str) -> None:
    QDesktopServices.openUrl(QUrl(url))


class SyncRunner(QObject):
    """One sync at a time: ``start`` returns False while one runs; results arrive on the UI thread."""

    progress = Signal(int, int, object)  # done, total, PlatformResult
    finished = Signal(object, object)  # SyncReport | None, error | None
    running_changed = Signal(bool)

    def __init__(self, session: VaultSession, tasks: TaskManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.tasks = session, tasks
        self.running = False
        self.results: list[PlatformResult] = []

    def start(self) -> bool:
        if self.running or not self.session.is_unlocked:
            return False
        services, relay, tasks = self.session.services, self.progress, self.tasks
        generation = self.session.generation

        def work() -> SyncReport:
            return services.refresh(progress=lambda done, total, r: relay.emit(done, total, r),
                                    apply=tasks.call_on_writer)

        def done(report: SyncReport | None, error: BaseException | None) -> None:
            self._set_running(False)
            if generation != self.session.generation:
                return  # locked meanwhile: the results belong to a vault no longer on screen
            if report is not None:
                self.results = list(report.results)
                self.tasks.announce(report.changes)
            self.finished.emit(report, error)

        self.results = []
        self._set_running(True)
        self.tasks.run_query(work, done)
        return True

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.running_changed.emit(running)


class _Opener(QObject):
    """Lives on the UI thread; a worker emits ``url`` and the slot opens it there."""

    url = Signal(str)


class ConnectJob(QObject):
    """Consent, record and first sync of one platform for one member.

    ``receiver`` is where the browser comes back (``AppServices.consent_receiver``); ``cancel``
    closes it, which ends the wait at once (the connect then fails with ConsentFailed).
    """

    consent_page = Signal(str)  # the authorize URL, once known (shown so it can be opened again)
    finished = Signal(object, object)  # (connection id, PlatformResult | None) | None, error | None

    def __init__(
        self,
        tasks: TaskManager,
        services: AppServices,
        receiver: ConsentReceiver,
        open_url: Callable[[str], None] = open_in_browser,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.tasks, self.services, self.receiver = tasks, services, receiver
        self._opener = _Opener(self)
        self._opener.url.connect(open_url)
        self._opener.url.connect(self.consent_page)
        self.cancelled = False

    def start(self, base_url: str, member_id: int) -> None:
        services, receiver, opener, tasks = self.services, self.receiver, self._opener, self.tasks

        def authorize(request: ConsentRequest) -> str:
            opener.url.emit(request.authorize_url)
            return str(receiver.wait(timeout=CONSENT_TIMEOUT_S, expect_state=request.state))

        def consent() -> ConsentGiven:
            # Off the writer: waiting for the person in the browser must not hold up other saves.
            try:
                return services.consent(base_url, member_id, authorize, redirect_uri=receiver.redirect_uri)
            finally:
                receiver.close()

        def consented(given: ConsentGiven | None, error: BaseException | None) -> None:
            if error is not None or given is None or self.cancelled:
                self.finished.emit(None, error)
                return

            def record_and_sync() -> SyncReport:
                recorded = tasks.call_on_writer(lambda: services.record_connection(given))
                report = services.refresh(only=[given.connection_id], apply=tasks.call_on_writer)
                report.changes |= recorded
                return report

            def done(report: SyncReport | None, error: BaseException | None) -> None:
                if report is not None:
                    tasks.announce(report.changes)
                if report is None:
                    self.finished.emit(None, error)
                    return
                result = report.results[0] if report.results else None
                self.finished.emit((given.connection_id, result), None)

            tasks.run_query(record_and_sync, done)

        tasks.run_query(consent, consented)

    def cancel(self) -> None:
        self.cancelled = True
        self.receiver.close()

