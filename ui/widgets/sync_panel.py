"""The Sync button, its progress bar and what each platform answered (ok, or stale with the reason)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.services import PlatformResult, SyncReport
from ui.error_text import error_text
from ui.icons import icon
from ui.language import is_language_change
from ui.platform_sync import SyncRunner

RESULT_ROLE = Qt.ItemDataRole.UserRole + 1


def result_text(result: PlatformResult, whose: str = "") -> str:
    """One connection's outcome in words, e.g. "汇通银行 (王建国): 3 accounts, 12 new, 0 updated (0.8 s)"."""
    name = f"{result.platform} ({whose})" if whose else result.platform
    if result.status == "ok":
        text = QCoreApplication.translate("SyncPanel", "%1: %2, %3 new, %4 updated (%5 s)")
        # A count is passed by a plain name: the lupdate of PySide6 6.11 misses the string otherwise.
        count = result.accounts
        accounts = QCoreApplication.translate("SyncPanel", "%Ln accounts", None, count)
        return (
            text.replace("%1", name)
            .replace("%2", accounts)
            .replace("%3", str(result.added))
            .replace("%4", str(result.updated))
            .replace("%5", f"{result.seconds:.1f}")
        )
    return (
        QCoreApplication.translate("SyncPanel", "%1: not updated, showing the last known figures (%2)")
        .replace("%1", name)
        .replace("%2", result.reason)
    )


class SyncPanel(QFrame):
    """Drives a ``SyncRunner``; the result list stays until dismissed or the next sync."""

    def __init__(self, runner: SyncRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncPanel")
        self.runner = runner
        self.button = QPushButton(icon("sync"), "")
        self.button.setIconSize(QSize(18, 18))
        self.button.setMinimumHeight(32)
        self.button.clicked.connect(self.start)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(6)
        self.bar.hide()
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.results = QListWidget()
        self.results.setObjectName("syncResults")
        self.results.setIconSize(QSize(16, 16))
        self.results.setWordWrap(True)
        self.results.setMaximumHeight(150)
        self.dismiss = QToolButton()
        self.dismiss.setObjectName("dismissButton")
        self.dismiss.setIcon(icon("close"))
        self.dismiss.clicked.connect(self._dismiss)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.status, 1)
        head.addWidget(self.dismiss)
        self.box = QWidget()
        box_layout = QVBoxLayout(self.box)
        box_layout.setContentsMargins(12, 8, 12, 8)
        box_layout.setSpacing(6)
        box_layout.addLayout(head)
        box_layout.addWidget(self.bar)
        box_layout.addWidget(self.results)
        self.box.setObjectName("syncBox")
        self.box.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        runner.progress.connect(self._on_progress)
        runner.finished.connect(self._on_finished)
        runner.running_changed.connect(lambda _r: self._retranslate())
        self._total = 0
        self._available = False
        self.owners: dict[int, str] = {}
        self._retranslate()

    def set_available(self, available: bool) -> None:
        """Whether any platform is connected (the button does nothing without one)."""
        self._available = available
        self._retranslate()

    def start(self) -> None:
        if self.runner.start():
            self.results.clear()
            self.bar.setRange(0, 0)  # busy until the first platform answers and the total is known
            self.bar.show()
            self.box.show()
            self._total = 0
            self.status.setText(self.tr("Syncing…"))

    def _on_progress(self, done: int, total: int, result: PlatformResult) -> None:
        self._total = total
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.status.setText(
            self.tr("Synced %1 of %Ln platforms…", "", total).replace("%1", str(done))
        )
        self._add(result)

    def set_owners(self, owners: dict[int, str]) -> None:
        """connection id -> the member whose login it is (one platform may be connected by several)."""
        self.owners = dict(owners)

    def _add(self, result: PlatformResult) -> None:
        whose = self.owners.get(result.connection_id, "")
        item = QListWidgetItem(icon("ok" if result.status == "ok" else "warning"), result_text(result, whose))
        item.setData(RESULT_ROLE, result.status)
        item.setToolTip(result.reason or item.text())
        self.results.addItem(item)

    def _on_finished(self, report: SyncReport | None, error: BaseException | None) -> None:
        self.bar.hide()
        if error is not None:
            message = error_text(error)
            self.status.setText(self.tr("The sync stopped: %1").replace("%1", message))
            return
        if report is None:
            return
        # Those that could not be updated first, then the rest in connection order (progress arrived in
        # the order the platforms answered).
        self.results.clear()
        for result in sorted(report.results, key=lambda r: (r.status == "ok", r.connection_id)):
            self._add(result)
        stale = sum(1 for r in report.results if r.status != "ok")
        if not report.results:
            self.status.setText(self.tr("No platform is connected yet."))
        elif stale:
            self.status.setText(
                self.tr("%1 of %Ln platforms could not be updated.", "", len(report.results))
                .replace("%1", str(stale))
            )
        else:
            self.status.setText(self.tr("Every platform is up to date."))

    def result_lines(self) -> list[tuple[str, str]]:
        """(status, text) of each line shown (for tests and accessibility)."""
        return [
            (str(self.results.item(i).data(RESULT_ROLE)), self.results.item(i).text())
            for i in range(self.results.count())
        ]

    def _dismiss(self) -> None:
        if not self.runner.running:
            self.box.hide()

    def _retranslate(self) -> None:
        running = self.runner.running
        self.button.setText(self.tr("Syncing…") if running else self.tr("Sync now"))
        self.button.setEnabled(not running and self._available)
        self.button.setToolTip(self.tr("Fetch new balances and transactions from every connected platform"))
        self.dismiss.setToolTip(self.tr("Hide these results"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
