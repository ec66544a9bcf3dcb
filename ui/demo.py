"""``huiliu --demo``: the window on a throwaway vault filled from the sandbox platforms."""

from __future__ import annotations

import gc
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QVBoxLayout, QWidget

from app.services import AppServices, SyncReport
from ui.error_text import error_text
from ui.language import is_language_change
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.tasks import TaskManager
from ui.vault_session import VaultSession
from ui.widgets.busy_indicator import BusyIndicator


class _Preparing(QDialog):
    """Shown while the sandbox platforms are connected and synced (a few seconds)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("demoDialog")
        self._text = QLabel()
        self._text.setWordWrap(True)
        self.busy = BusyIndicator()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.addWidget(self._text)
        layout.addWidget(self.busy)
        self.setMinimumWidth(420)
        self._retranslate()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Huiliu demo"))
        self._text.setText(
            self.tr(
                "Preparing a demo household: three members connect their sandbox banks and wallets. "
                "Nothing here touches your own vault."
            )
        )
        self.busy.start(self.tr("Connecting and syncing…"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)


class DemoLauncher(QObject):
    """Builds the demo vault (network on a worker, writes on the writer), then opens the window;
    ``cleanup`` removes every trace."""

    finished = Signal(bool)

    def __init__(self, tasks: TaskManager, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tasks, self.settings = tasks, settings
        self.directory = Path(tempfile.mkdtemp(prefix="huiliu-demo-")) / "vault"
        self.window: MainWindow | None = None
        self._dialog = _Preparing()

    def start(self) -> None:
        directory, tasks = self.directory, self.tasks
        self._dialog.show()
        self.tasks.run_query(lambda: AppServices.create_demo(directory, apply=tasks.call_on_writer), self._built)

    def _built(self, result: tuple[AppServices, SyncReport] | None, error: BaseException | None) -> None:
        self._dialog.close()
        if error is not None or result is None:
            detail = error_text(error)
            QMessageBox.critical(
                None,
                self.tr("Huiliu demo"),
                self.tr("The demo could not be prepared: %1").replace("%1", detail),
            )
            self.finished.emit(False)
            return
        services, _report = result
        # The sandbox's year of simulated history lives as long as the demo: take it out of the garbage
        # collector's full passes, which would otherwise pause the window for ~0.1 s now and then.
        gc.freeze()
        session = VaultSession(self.directory, self.tasks, self)
        self.window = MainWindow(session, self.tasks, self.settings)
        self.window.set_known_platforms(services.known_platforms())
        self.window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.window.show()
        session.attach(services)
        self.finished.emit(True)

    def cleanup(self) -> None:
        """After the event loop (the vault is closed by then, and its sandbox with it): delete the
        throwaway vault."""
        shutil.rmtree(self.directory.parent, ignore_errors=True)
