"""Start-up: open the remembered vault, or ask to unlock it, or create the first one; then the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from app.errors import HuiliuError, VaultAlreadyOpen
from app.services import AppServices, is_vault
from ui.dialogs.create_vault import CreateVaultDialog
from ui.dialogs.unlock import UnlockDialog, already_open_message
from ui.main_window import MainWindow
from ui.settings import Settings, is_database_url, vault_location
from ui.tasks import TaskManager
from ui.vault_session import VaultSession


class Launcher(QObject):
    """Drives the one start-up step a person needs; emits ``finished(True)`` once the window is up.

    ``finished(False)`` means the person closed the first dialog: the app should quit.
    """

    finished = Signal(bool)
    dialog_shown = Signal(object)  # the CreateVaultDialog or UnlockDialog (tests drive it)

    def __init__(
        self,
        directory: Path | str,
        tasks: TaskManager,
        settings: Settings,
        kdf: dict[str, Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.directory = vault_location(directory)  # a folder, or a shared database's URL
        self.tasks, self.settings, self._kdf = tasks, settings, kdf
        self.dialog: CreateVaultDialog | UnlockDialog | None = None
        self.window: MainWindow | None = None
        self.demo: Any = None  # the DemoLauncher, when the person chose to try the demo instead

    def start(self) -> None:
        if is_database_url(self.directory):
            # A shared database: its vault is unlocked with a passphrase (no lock to wait for, no key kept
            # on this computer), or created when the database holds none yet.
            if AppServices.is_vault(self.directory):
                self._show(UnlockDialog(self.tasks, self.directory, settings=self.settings))
            else:
                self._show(CreateVaultDialog(self.tasks, self.directory, kdf=self._kdf))
        elif is_vault(self.directory) and AppServices.vault_in_use(self.directory):
            # Said at once, before the keyring or a passphrase: the dialog asks for none while it is so.
            self._show(UnlockDialog(self.tasks, self.directory, settings=self.settings))
        elif is_vault(self.directory):
            directory = self.directory
            # Through the writer like every open: it writes an audit event.
            self.tasks.run_mutation(
                lambda: AppServices.open_remembered(directory, actor="gui"), self._remembered
            )
        else:
            self._show(CreateVaultDialog(self.tasks, self.directory, kdf=self._kdf))

    def _remembered(self, services: AppServices | None, error: BaseException | None) -> None:
        if services is not None:
            self._open_window(services)
            return
        message = ""
        if isinstance(error, VaultAlreadyOpen):
            message = already_open_message()
        elif isinstance(error, HuiliuError):
            message = str(error)
        self._show(UnlockDialog(self.tasks, self.directory, message=message, settings=self.settings))

    def _show(self, dialog: CreateVaultDialog | UnlockDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: self._dialog_done(dialog))
        dialog.show()
        self.dialog_shown.emit(dialog)

    def _dialog_done(self, dialog: CreateVaultDialog | UnlockDialog) -> None:
        self.dialog = None
        if isinstance(dialog, CreateVaultDialog) and dialog.demo_requested:
            from ui.demo import DemoLauncher

            self.demo = DemoLauncher(self.tasks, self.settings, self)
            self.demo.finished.connect(self.finished.emit)
            self.demo.start()
            return
        if dialog.services is None:
            self.finished.emit(False)
            return
        self.directory = dialog.directory
        if not is_database_url(dialog.directory):
            self.settings.last_vault = str(dialog.directory)
        self._open_window(dialog.services)

    def _open_window(self, services: AppServices) -> None:
        session = VaultSession(self.directory, self.tasks, self)
        self.window = MainWindow(session, self.tasks, self.settings)
        self.window.show()
        session.attach(services)
        self.finished.emit(True)
