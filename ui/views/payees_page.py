"""收款人: the acting member's saved payees (name, masked number, bank or platform, when added, and the
24-hour cooling while it lasts), with Add and Remove."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.changes import Changes
from app.ledger import vocabulary
from ui import when
from ui.dialogs.payee import AddPayeeDialog
from ui.error_text import error_text
from ui.icons import icon
from ui.language import is_language_change
from ui.tasks import TaskManager
from ui.vault_session import VaultSession
from ui.widgets.record_table import record_table

COOLING = timedelta(hours=24)  # the pack's tier C period, as the Add dialog says it
COLUMNS = 5  # name, number, institution and kind, added, status


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    return item


class PayeesPage(QWidget):
    def __init__(self, session: VaultSession, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("payeesPage")
        self.session, self.tasks = session, tasks
        self.payees: list[Any] = []
        self.dialog: AddPayeeDialog | None = None
        self._title = QLabel()
        self._title.setObjectName("pageTitle")
        self._hint = QLabel()
        self._hint.setObjectName("hint")
        self._hint.setWordWrap(True)
        self.add_button = QPushButton(icon("member-add"), "")
        self.add_button.setObjectName("addPayee")
        self.add_button.setProperty("primary", True)
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("removePayee")
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table = record_table(COLUMNS, "payeesTable")
        self.table.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(self.selected() is not None))
        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(10)
        layout.addWidget(self._title)
        layout.addWidget(self._hint)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        session.unlocked.connect(self.reload)
        session.locked.connect(self.clear)
        tasks.changes.connect(self._on_changes)
        self.retranslate()
        if session.is_unlocked:
            self.reload()

    def reload(self) -> None:
        if not self.session.is_unlocked:
            return
        services, generation = self.session.services, self.session.generation

        def done(found: Any, error: BaseException | None) -> None:
            if generation != self.session.generation:
                return
            if error is not None:
                self._hint.setText(error_text(error))
                return
            self.payees = list(found)
            self._fill()

        self.tasks.run_query(services.payees, done)

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("payees"):
            self.reload()

    def clear(self) -> None:
        self.payees = []
        self._fill()

    def status_text(self, payee: Any) -> str:
        """"Cooling until 2026-03-07 10:00" while younger than 24 hours, then "Saved payee"."""
        if payee.damaged:
            return "⚠ " + payee.damaged
        until = when.aware(payee.added_at) + COOLING
        if clock.utcnow() < until:
            return self.tr("Cooling until %1").replace("%1", when.date_time(until))
        return self.tr("Saved payee")

    def _fill(self) -> None:
        self.table.setRowCount(len(self.payees))
        for row, p in enumerate(self.payees):
            where = self.tr("%1 · %2").replace("%1", p.institution).replace("%2", vocabulary.account_kind(p.kind))
            for column, text in enumerate((p.name, p.masked_number, where, when.date_time(p.added_at),
                                           self.status_text(p))):
                self.table.setItem(row, column, _item(text))
        self.table.resizeColumnsToContents()
        self.remove_button.setEnabled(self.selected() is not None)

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.payees):
            return None
        return self.payees[rows[0].row()]

    def add(self) -> AddPayeeDialog | None:
        if not self.session.is_unlocked:
            return None
        dialog = AddPayeeDialog(self.tasks, self.session.services, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.tasks.announce(Changes.of("payees", dialog.saved.id))
                                if dialog.saved is not None else None)
        self.dialog = dialog
        dialog.open()
        return dialog

    def remove_selected(self, ask: bool = True) -> None:
        payee = self.selected()
        if payee is None or not self.session.is_unlocked:
            return
        if ask:
            answer = QMessageBox.question(
                self, self.tr("Remove payee"),
                self.tr("Remove %1 from your payees? Transfers already made to it stay as they are.").replace(
                    "%1", payee.name))
            if answer != QMessageBox.StandardButton.Yes:
                return
        services, payee_id, version = self.session.services, payee.id, payee.version

        def done(_view: Any, error: BaseException | None) -> None:
            if error is not None:
                QMessageBox.warning(self, self.tr("Cannot remove the payee"), error_text(error))
            self.tasks.announce(Changes.of("payees", payee_id))

        self.tasks.run_mutation(lambda: services.remove_payee(payee_id, version), done)

    def retranslate(self) -> None:
        self._title.setText(self.tr("Payees"))
        self._hint.setText(self.tr("The people and accounts you send money to. Your own accounts and confirmed "
                                   "family accounts need no payee."))
        self.add_button.setText(self.tr("&Add payee…"))
        self.remove_button.setText(self.tr("&Remove"))
        self.table.setHorizontalHeaderLabels([
            self.tr("Name"), self.tr("Number"), self.tr("Bank or platform"), self.tr("Added"), self.tr("Status"),
        ])
        self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)
