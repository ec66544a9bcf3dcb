"""The open vault the window works on, or none while it is locked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.errors import VaultLocked
from app.services import AppServices
from ui.settings import vault_location
from ui.tasks import TaskManager


class VaultSession(QObject):
    """Holds the unlocked ``AppServices``; views follow ``unlocked``/``locked`` and check ``generation``.

    ``generation`` grows at every lock and unlock, so a query that started before a lock can tell
    that its result belongs to a vault that is no longer on screen and must be dropped.
    """

    unlocked = Signal()
    locked = Signal()

    def __init__(self, directory: Path | str, tasks: TaskManager, parent: QObject | None = None) -> None:
        """``directory``: the vault's folder, or a shared database's URL."""
        super().__init__(parent)
        self.directory = vault_location(directory)
        self.tasks = tasks
        self._services: AppServices | None = None
        self.generation = 0

    @property
    def services(self) -> AppServices:
        if self._services is None:
            raise VaultLocked()
        return self._services

    @property
    def is_unlocked(self) -> bool:
        return self._services is not None

    def attach(self, services: AppServices) -> None:
        """Start working on a freshly opened vault."""
        self._services = services
        self.generation += 1
        self.unlocked.emit()

    def lock(self, on_done: Callable[[Any, BaseException | None], None] | None = None) -> None:
        """Forget the services at once (screens clear now); the lock itself runs on the writer."""
        services = self._detach()
        if services is not None:
            self.tasks.run_mutation(services.lock, on_done or _ignore)

    def close(self) -> None:
        """Like lock, for quitting: the writer closes the vault after any queued write."""
        services = self._detach()
        if services is not None:
            self.tasks.run_mutation(services.close, _ignore)

    def _detach(self) -> AppServices | None:
        services, self._services = self._services, None
        if services is not None:
            services.stop_background()  # a running sync stops now, not when its platforms answer
            self.generation += 1
            self.locked.emit()
        return services


def _ignore(_result: Any, _error: BaseException | None) -> None:
    """Locking a vault whose files vanished still forgets the keys; nothing more to tell anyone."""
