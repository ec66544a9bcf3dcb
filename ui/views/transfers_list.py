"""Transfers made: the ones still in their revoke window with a live countdown (可撤销 01:59:12) and Revoke,
and the history with its states; the selected one shows every decision and step.

Reads on a worker; refreshes when the core reports changed transfers, and ticks once a second only while
something can still be revoked.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.changes import Changes
from app.services import transfer_state_word
from ui import when
from ui.amounts import Privacy, figures_font, money_text
from ui.error_text import error_text
from ui.language import is_language_change
from ui.tasks import TaskManager
from ui.transfer_words import arrival_word, cny, decision_of, firing_lines, lang, revocable_text
from ui.vault_session import VaultSession
from ui.widgets.record_table import record_table

COLUMNS = 6  # made, from, to, amount, state, arrives / revocable


def _item(text: str, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class TransfersList(QWidget):
    loaded = Signal(int)  # how many transfers can still be revoked (the sidebar's badge)

    def __init__(self, session: VaultSession, tasks: TaskManager, privacy: Privacy,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transfersList")
        self.session, self.tasks, self.privacy = session, tasks, privacy
        self.transfers: list[Any] = []
        self.names: dict[int, str] = {}  # account ids and payee ids to the texts the form shows
        self.payee_names: dict[int, str] = {}
        self.me: int | None = None  # the acting member: only who made a transfer revokes it
        self.table = record_table(COLUMNS, "transfersTable")
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.revoke_button = QPushButton()
        self.revoke_button.setObjectName("revokeTransfer")
        self.revoke_button.setProperty("primary", True)
        self.revoke_button.setEnabled(False)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.detail = QTextBrowser()
        self.detail.setObjectName("transferDetail")
        self.detail.setOpenLinks(False)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.revoke_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        tasks.changes.connect(self._on_changes)
        privacy.changed.connect(lambda _h: self._fill())
        self.retranslate()

    # --- loading ----------------------------------------------------------------------------------

    def set_names(self, accounts: dict[int, str], payees: dict[int, str]) -> None:
        self.names, self.payee_names = dict(accounts), dict(payees)
        self._fill()

    def reload(self) -> None:
        if not self.session.is_unlocked:
            return
        services, generation = self.session.services, self.session.generation

        def done(found: Any, error: BaseException | None) -> None:
            if generation != self.session.generation:
                return
            if error is not None:
                self.status.setText(error_text(error))
                return
            self.transfers = list(found)
            self._fill()

        self.tasks.run_query(services.transfers, done)

    def _on_changes(self, changes: Changes) -> None:
        if "transfers" in changes.kinds:
            self.reload()

    def clear(self) -> None:
        self.transfers = []
        self.timer.stop()
        self._fill()

    def _fill(self) -> None:
        chosen = self.selected()
        now = clock.utcnow()
        hidden = self.privacy.hidden
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.transfers))
        for row, t in enumerate(self.transfers):
            to = self.names.get(t.to_account_id, "") if t.to_account_id is not None else \
                self.payee_names.get(t.payee_id, "")
            amount = money_text(t.amount, t.currency, hidden) if t.amount is not None else "⚠"
            cells = [
                _item(when.date_time(t.created_at)),
                _item(self.names.get(t.from_account_id, "") or f"#{t.from_account_id}"),
                _item(to or "—"),
                _item(amount, right=True),
                _item(transfer_state_word(t.state)),
                _item(self._window_text(t, now)),
            ]
            cells[3].setFont(figures_font(self.table.font()))
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        if chosen is not None:
            for row, t in enumerate(self.transfers):
                if t.id == chosen.id:
                    self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self._show_selected()
        revocable = sum(1 for t in self.transfers if t.revocable_at(now))
        if revocable and not self.timer.isActive():
            self.timer.start()
        elif not revocable:
            self.timer.stop()
        self.status.setText(self.tr("%n transfer(s) can still be revoked.", "", revocable) if revocable
                            else (self.tr("No transfers yet.") if not self.transfers else ""))
        self.loaded.emit(revocable)

    def _window_text(self, t: Any, now: Any) -> str:
        if t.revocable_at(now) and t.revocable_until is not None:
            return revocable_text(t.revocable_until, now)
        if t.release_at is not None and not t.final:
            return self.tr("Arrives %1").replace("%1", when.day_and_time(t.release_at))
        return ""

    def tick(self) -> None:
        """Once a second while something can be revoked: the countdowns move, ended windows close."""
        now = clock.utcnow()
        still = 0
        for row, t in enumerate(self.transfers):
            item = self.table.item(row, COLUMNS - 1)
            if item is not None:
                text = self._window_text(t, now)
                item.setText(text)
                item.setToolTip(text)
            still += t.revocable_at(now)
        self._update_button(now)
        if not still:
            self.timer.stop()
            self.reload()

    # --- the selected transfer ----------------------------------------------------------------------

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.transfers):
            return None
        return self.transfers[rows[0].row()]

    def select_transfer(self, transfer_id: int) -> bool:
        for row, t in enumerate(self.transfers):
            if t.id == transfer_id:
                self.table.selectRow(row)
                return True
        return False

    def _update_button(self, now: Any) -> None:
        t = self.selected()
        self.revoke_button.setEnabled(t is not None and t.revocable_at(now) and t.member_id == self.me)

    def _show_selected(self) -> None:
        t = self.selected()
        self._update_button(clock.utcnow())
        self.detail.setPlainText(self.describe(t) if t is not None else self.tr(
            "Choose a transfer to see its decision and its steps."))

    def describe(self, t: Any) -> str:
        """A transfer in words: what, its state, every rule of its decision with its source, its steps."""
        language = lang()
        lines = [self.tr("Transfer %1: %2").replace("%1", str(t.id)).replace("%2", transfer_state_word(t.state))]
        if t.damaged:
            lines.append("⚠ " + t.damaged)
        if t.amount is not None:
            lines.append(self.tr("Amount: %1").replace("%1", money_text(t.amount, t.currency, self.privacy.hidden)))
        lines.append(self.tr("Purpose: %1").replace("%1", t.memo or "—"))
        lines.append(self.tr("Arrival: %1").replace("%1", arrival_word(t.arrival)))
        if t.reason:
            lines.append(self.tr("Reason: %1").replace("%1", t.reason))
        decision = decision_of(t.decision)
        if decision is not None:
            lines += ["", self.tr("Decision: %1").replace("%1", decision.summary(language))]
            for title, explanation, source in firing_lines(decision, language):
                lines.append("• " + self.tr("%1: %2").replace("%1", title).replace("%2", explanation))
                lines.append("  " + source)
            lines.append(self.tr("Today's limit was %1.").replace("%1", cny(decision.daily_limit.threshold_cny)))
        if t.events:
            lines += ["", self.tr("Steps:")]
            for event in t.events:
                lines.append(f"{when.date_time(event.at)}  {transfer_state_word(event.state)}")
        return "\n".join(lines)

    def revoke_selected(self) -> None:
        t = self.selected()
        if t is None or not t.revocable_at(clock.utcnow()) or not self.session.is_unlocked:
            return
        services, transfer_id = self.session.services, t.id
        self.revoke_button.setEnabled(False)

        def done(view: Any, error: BaseException | None) -> None:
            if error is not None:
                QMessageBox.warning(self, self.tr("Cannot revoke"), error_text(error))
                self.reload()
                return
            self.status.setText(self.tr("Transfer %1 was revoked.").replace("%1", str(view.id)))
            self.tasks.announce(Changes.of("transfers", view.id))

        self.tasks.run_mutation(lambda: services.revoke_transfer(transfer_id), done)

    # --- words ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([
            self.tr("Made"), self.tr("From"), self.tr("To"), self.tr("Amount"), self.tr("State"),
            self.tr("Arrival"),
        ])
        self.revoke_button.setText(self.tr("&Revoke transfer"))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)
