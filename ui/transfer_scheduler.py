"""The transfer scheduler of the window: while the vault is unlocked it releases transfers whose window
ended, asks the platforms about the ones they hold and settles decided approvals (``run_due_transfers``),
every half minute and once right after unlock; at unlock it first recovers what was left unfinished
(``recover_transfers``) and says in the status bar how many transfers were sent that were due while
Huiliu was closed.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from ui.tasks import TaskManager
from ui.vault_session import VaultSession

INTERVAL_MS = 30_000
log = logging.getLogger(__name__)


class TransferScheduler(QObject):
    notice = Signal(str)  # what the status bar says after the recovery at unlock
    ran = Signal(int)  # after each tick: how many transfers moved

    def __init__(self, session: VaultSession, tasks: TaskManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.tasks = session, tasks
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.tick)
        self._running = False
        session.unlocked.connect(self.start)
        session.locked.connect(self.stop)

    def start(self) -> None:
        """At unlock: recover once (and tell), then tick every half minute."""
        if not self.session.is_unlocked:
            return
        services, generation = self.session.services, self.session.generation
        self._running = True

        def done(steps: Any, error: BaseException | None) -> None:
            self._running = False
            if generation != self.session.generation:
                return
            if error is not None:
                log.warning("unfinished transfers could not be recovered yet: %s", error)
            moved = [s for s in (steps or []) if s.moved] if error is None else []
            if moved:
                self.tasks.announce(services.changes_for(moved))
                sent = len(moved)
                self.notice.emit(QCoreApplication.translate("TransferScheduler", "%n transfer(s) that were due while Huiliu was closed have been sent.", None, sent))  # noqa: E501 (lupdate reads one line)
            self.ran.emit(len(moved))

        self.tasks.run_mutation(services.recover_transfers, done)
        # the policy's facts (every outflow, decrypted once) built now, off the UI thread: the transfer form's
        # first decision then comes as quickly as the next
        self.tasks.run_query(services.warm_transfer_facts, lambda _n, _e: None)
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def tick(self) -> None:
        if not self.session.is_unlocked or self._running:
            return
        services, generation = self.session.services, self.session.generation
        self._running = True

        def done(steps: Any, error: BaseException | None) -> None:
            self._running = False
            if error is not None:  # a platform out of reach: the next tick tries again, no dialog every 30 s
                log.warning("scheduled transfers could not run: %s", error)
            if generation != self.session.generation or error is not None:
                return
            moved = [s for s in steps if s.moved]
            if moved:
                self.tasks.announce(services.changes_for(moved))
            self.ran.emit(len(moved))

        self.tasks.run_mutation(services.run_due_transfers, done)
