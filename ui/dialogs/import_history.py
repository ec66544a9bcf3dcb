"""File → Import history: every import with its file, time and counts, and an Undo for each one that can
still be undone (after a confirmation naming the file and its rows)."""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.services import AppServices, ImportResult
from ui.dialogs.form_dialog import keyboard_ready
from ui.error_text import error_text
from ui.language import is_language_change
from ui.tasks import TaskManager
from ui.when import date_time
from ui.widgets.cell_delegate import CellDelegate
from ui.widgets.column_fit import fit_columns


def _local(stamp: str) -> str:
    return date_time(datetime.fromisoformat(stamp))


class ImportHistoryDialog(QDialog):
    """``batches`` as the core lists them (services.import_batches()); refreshed after each undo."""

    def __init__(self, tasks: TaskManager, services: AppServices, batches: list[dict[str, Any]],
                 parent: QWidget | None = None, confirm: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("importHistory")
        self.tasks, self.services, self.batches = tasks, services, list(batches)
        self.confirm = confirm  # tests answer the confirmation themselves
        self._title = QLabel()
        self._title.setObjectName("dialogTitle")
        self.empty = QLabel()
        self.empty.setObjectName("hint")
        self.table = QTableWidget(0, 5)
        self.table.setItemDelegate(CellDelegate(self.table))  # no frame around the current cell
        self.table.setObjectName("importHistoryTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setMinimumSectionSize(60)
        self.columns_fit = fit_columns(self.table, 1)  # the file's name takes the room, and is never cut
        self.table.setTabKeyNavigation(False)  # Tab goes on to the buttons, arrows move in the list
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.message = QLabel()
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)
        self.undo_button, self.close_button = QPushButton(), QPushButton()
        self.undo_button.setAutoDefault(False)
        self.close_button.setDefault(True)
        self.undo_button.clicked.connect(self.undo_selected)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(10)
        layout.addWidget(self._title)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(900, 440)
        self.retranslate()

    # --- the list ------------------------------------------------------------------------------------

    def _fill(self) -> None:
        rows = list(reversed(self.batches))  # newest first
        self.table.setRowCount(len(rows))
        for r, b in enumerate(rows):
            status = self.tr("Undone") if b["status"] == "undone" else self.tr("Imported")
            added = self.tr("%Ln added", "", int(b["added"]))
            cells = (_local(b["created_at"]), PurePath(b["file"] or "?").name, b["format"], added, status)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(str(text))
                item.setData(Qt.ItemDataRole.UserRole, b["id"])
                if c == 1:
                    item.setToolTip(b["file"] or "")
                if b["status"] == "undone":
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(r, c, item)
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self._update_buttons()

    def selected(self) -> dict[str, Any] | None:
        items = self.table.selectedItems()
        if not items:
            return None
        batch_id = items[0].data(Qt.ItemDataRole.UserRole)
        return next((b for b in self.batches if b["id"] == batch_id), None)

    def select_batch(self, batch_id: int) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == batch_id:
                self.table.selectRow(r)
                return

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.undo_button.setEnabled(chosen is not None and chosen["status"] == "committed")

    # --- undo ---------------------------------------------------------------------------------------

    def undo_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or chosen["status"] != "committed":
            return
        name = PurePath(chosen["file"] or "?").name
        if self.confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Undo an import"),
                self.tr("Take the %Ln transactions imported from %1 out of Huiliu?", "", int(chosen["added"]))
                .replace("%1", name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        services, batch_id = self.services, int(chosen["id"])

        def work() -> tuple[Changes, ImportResult, list[dict[str, Any]]]:
            result = services.undo_import(batch_id)
            return result.changes, result, services.import_batches()

        def done(outcome: tuple[Changes, ImportResult, list[dict[str, Any]]] | None,
                 error: BaseException | None) -> None:
            self.undo_button.setEnabled(True)
            if error is not None or outcome is None:
                self.message.setText(error_text(error))
                return
            _changes, result, batches = outcome
            self.batches = batches
            self._fill()
            self.message.setText(
                self.tr("Undone: %Ln transactions of %1 removed.", "", -result.added).replace("%1", name)
            )

        self.undo_button.setEnabled(False)
        self.tasks.run_mutation(work, done)

    # --- texts ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Import history"))
        self._title.setText(self.tr("Import history"))
        self.empty.setText(self.tr("Nothing was imported yet."))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Imported"), self.tr("File"), self.tr("Format"), self.tr("Transactions"), self.tr("State")]
        )
        self.undo_button.setText(self.tr("Undo this import…"))
        self.close_button.setText(self.tr("Close"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)  # type: ignore[arg-type]
        if event.spontaneous():
            return
        # The list has the focus with the newest import chosen, so Undo is a Tab and Space away;
        # Enter closes (an undo is never one key away), Escape too.
        if self.table.rowCount() and not self.table.selectedItems():
            self.table.selectRow(0)
        keyboard_ready(self, self.close_button, self.table if self.table.rowCount() else self.close_button)
