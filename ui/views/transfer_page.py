"""转账: a new transfer (the form and its live decision) and the transfers made (revoke window, history).

The page reads what the form offers on a worker at unlock and whenever accounts, payees or the household
change; Continue hands the request and its decision to ``TransferFlow`` (step-up, warning, confirmation).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from app import clock
from app.changes import Changes
from ui import when
from ui.amounts import Privacy
from ui.error_text import error_text
from ui.language import is_language_change
from ui.models.transfer_choices import TransferChoices, load_choices
from ui.tasks import TaskManager
from ui.transfer_flow import TransferFlow
from ui.transfer_words import outcome_word
from ui.vault_session import VaultSession
from ui.views.transfer_form import TransferForm
from ui.views.transfers_list import TransfersList

REFRESH_KINDS = ("accounts", "members", "platforms", "payees", "family_links", "balances")


class TransferPage(QWidget):
    choices_loaded = Signal(object)  # the TransferChoices now on the form

    def __init__(self, session: VaultSession, tasks: TaskManager, privacy: Privacy,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transferPage")
        self.session, self.tasks = session, tasks
        self._title = QLabel()
        self._title.setObjectName("pageTitle")
        self.form = TransferForm(session, tasks, privacy)
        self.list = TransfersList(session, tasks, privacy)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("transferTabs")
        self.tabs.addTab(self.form, "")
        self.tabs.addTab(self.list, "")
        self.flow = TransferFlow(session, tasks, self, self)
        self.form.continue_requested.connect(self._continue)
        self.flow.finished.connect(self._finished)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(self._title)
        layout.addWidget(self.tabs, 1)
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

        def done(choices: TransferChoices | None, error: BaseException | None) -> None:
            if generation != self.session.generation:
                return
            if error is not None or choices is None:
                self.form.panel.show_message(error_text(error))
                return
            self.form.set_choices(choices)
            self.list.me = choices.me
            self.list.set_names(choices.account_names, choices.payee_names)
            self.choices_loaded.emit(choices)

        self.tasks.run_query(lambda: load_choices(services), done)
        self.list.reload()

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(*REFRESH_KINDS):
            self.reload()

    def clear(self) -> None:
        self.form.clear()
        self.list.clear()

    def _continue(self, request: Any, preview: Any) -> None:
        form = self.form
        names = form.choices.member_names if form.choices is not None else {}
        self.flow.start(request, preview, form.from_combo.currentText(), form.to_combo.currentText().strip(),
                        names)

    def _finished(self, outcome: Any) -> None:
        text = outcome_word(outcome.status)
        if outcome.message:
            text = self.tr("%1: %2").replace("%1", text).replace("%2", outcome.message)
        t = outcome.transfer
        if t is not None and t.reason and outcome.status in ("denied", "rejected"):
            text += "\n" + t.reason
        if t is not None and t.revocable_at(clock.utcnow()) and t.revocable_until is not None:
            text = self.tr("Accepted: arrives %1. You can revoke it under Transfers until %2.").replace(
                "%1", when.day_and_time(t.release_at or t.revocable_until)).replace(
                "%2", when.day_and_time(t.revocable_until))
        if outcome.status in ("needs_step_up", "needs_confirmation"):
            self.form.result.setText(text)
            self.form.result.show()
            return
        self.form.transfer_persisted(text)
        self.list.reload()

    def retranslate(self) -> None:
        self._title.setText(self.tr("Transfer"))
        self.tabs.setTabText(0, self.tr("New transfer"))
        self.tabs.setTabText(1, self.tr("Transfers"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)
