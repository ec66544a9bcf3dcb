"""Syncing and connecting platforms from the window: the writes run on the writer, news comes back by signal.

``SyncService.refresh`` and ``record`` write to the vault, so both run as mutations on the writer
thread; ``consent`` (discovery and the wait for the person in the browser) writes nothing and runs on
a reader worker, so saves elsewhere in the window never queue behind a consent page. Callbacks
(per-platform progress, the consent page to open) arrive on worker threads and are re-emitted
through signals, which Qt queues to the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from app.changes import Changes
from app.services import AppServices
from app.sync.contract import ConsentRequest
from app.sync.service import PlatformResult, SyncReport, SyncService
from ui.tasks import TaskManager
from ui.vault_session import VaultSession

CONSENT_TIMEOUT_S = 600.0  # a person reading a bank's consent page may take a while
SYNC_CHANGES = Changes.of("accounts") | Changes.of("transactions") | Changes.of("connections")
CONNECT_CHANGES = SYNC_CHANGES | Changes.of("platforms")

SyncFactory = Callable[[AppServices], SyncService]


def open_in_browser(url: str) -> None:
    QDesktopServices.openUrl(QUrl(url))


class SyncRunner(QObject):
    """One sync at a time: ``start`` returns False while one runs; results arrive on the UI thread."""

    progress = Signal(int, int, object)  # done, total, PlatformResult
    finished = Signal(object, object)  # SyncReport | None, error | None
    running_changed = Signal(bool)

    def __init__(
        self,
        session: VaultSession,
        tasks: TaskManager,
        factory: SyncFactory = SyncService,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.tasks, self.factory = session, tasks, factory
        self.running = False
        self.results: list[PlatformResult] = []

    def start(self) -> bool:
        if self.running or not self.session.is_unlocked:
            return False
        services, factory, relay = self.session.services, self.factory, self.progress
        generation = self.session.generation

        def work() -> tuple[Changes, SyncReport]:
            report = factory(services).refresh(progress=lambda done, total, r: relay.emit(done, total, r))
            return report.changes or SYNC_CHANGES, report

        def done(result: tuple[Changes, SyncReport] | None, error: BaseException | None) -> None:
            self._set_running(False)
            if generation != self.session.generation:
                return  # locked meanwhile: the results belong to a vault no longer on screen
            report = result[1] if result is not None else None
            if report is not None:
                self.results = list(report.results)
            self.finished.emit(report, error)

        self.results = []
        self._set_running(True)
        self.tasks.run_mutation(work, done)
        return True

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.running_changed.emit(running)


class _Opener(QObject):
    """Lives on the UI thread; a worker emits ``url`` and the slot opens it there."""

    url = Signal(str)


class ConnectJob(QObject):
    """Consent, record and first sync of one platform for one member.

    ``receiver`` is a ``LoopbackReceiver``: the platform sends the browser back to it; ``cancel``
    closes it, which ends the wait at once (the connect then fails with ConsentFailed).
    """

    consent_page = Signal(str)  # the authorize URL, once known (shown so it can be opened again)
    finished = Signal(object, object)  # (connection id, PlatformResult | None) | None, error | None

    def __init__(
        self,
        tasks: TaskManager,
        services: AppServices,
        receiver: Any,
        open_url: Callable[[str], None] = open_in_browser,
        factory: SyncFactory = SyncService,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.tasks, self.services, self.receiver, self.factory = tasks, services, receiver, factory
        self._opener = _Opener(self)
        self._opener.url.connect(open_url)
        self._opener.url.connect(self.consent_page)
        self.cancelled = False

    def start(self, base_url: str, member_id: int) -> None:
        services, receiver, factory, opener = self.services, self.receiver, self.factory, self._opener

        def authorize(request: ConsentRequest) -> str:
            opener.url.emit(request.authorize_url)
            return str(receiver.wait(timeout=CONSENT_TIMEOUT_S))

        def consent() -> Any:
            # Off the writer: waiting for the person in the browser must not hold up other saves.
            try:
                return factory(services).consent(base_url, member_id, authorize, redirect_uri=receiver.redirect_uri)
            finally:
                receiver.close()

        def consented(given: Any, error: BaseException | None) -> None:
            if error is not None or given is None or self.cancelled:
                self.finished.emit(None, error)
                return

            def record() -> tuple[Changes, int, PlatformResult | None]:
                connection_id, result = factory(services).record(given)
                return CONNECT_CHANGES, connection_id, result

            self.tasks.run_mutation(record, done)

        def done(
            result: tuple[Changes, int, PlatformResult | None] | None, error: BaseException | None
        ) -> None:
            self.finished.emit(result[1:] if result is not None else None, error)

        self.tasks.run_query(consent, consented)

    def cancel(self) -> None:
        self.cancelled = True
        self.receiver.close()
