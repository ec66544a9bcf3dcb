"""From Continue to the outcome: step-up when the decision asks for it (setting up a code app first when the
member has no way to verify yet), the anti-fraud warning when it asks for that, then the confirmation that
sends. Each step is a window-modal dialog opened after the one before it was accepted; Cancel anywhere
stops with nothing sent. The core enforces every step again: this only walks the person through them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from app.changes import Changes
from ui.dialogs.anti_fraud import AntiFraudDialog
from ui.dialogs.step_up import StepUpDialog
from ui.dialogs.totp_enrol import EnrolTotpDialog
from ui.dialogs.transfer_confirm import ConfirmTransferDialog
from ui.error_text import error_text
from ui.tasks import TaskManager
from ui.transfer_words import lang
from ui.vault_session import VaultSession
from ui.widgets.overview_header import list_text


class TransferFlow(QObject):
    """``finished(outcome)`` when a transfer was submitted (whatever the core made of it)."""

    finished = Signal(object)
    dialog_opened = Signal(object)  # every dialog of the flow as it opens (tests reach them this way)

    def __init__(self, session: VaultSession, tasks: TaskManager, window: QWidget,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.tasks, self.window = session, tasks, window
        self.dialog: QDialog | None = None

    def _open(self, dialog: QDialog, on_accepted: Callable[[], None]) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(on_accepted)
        self.dialog = dialog
        dialog.open()
        self.dialog_opened.emit(dialog)

    def start(self, request: Any, preview: Any, from_text: str, to_text: str, names: dict[int, str]) -> None:
        if not self.session.is_unlocked:
            return
        self._request, self._preview = request, preview
        self._texts, self._names = (from_text, to_text), names
        self._proof: Any = None
        if preview.decision.step_up:
            self._step_up()
        else:
            self._anti_fraud()

    # --- step-up ----------------------------------------------------------------------------------

    def _step_up(self) -> None:
        services, generation = self.session.services, self.session.generation

        def got(methods: Any, error: BaseException | None) -> None:
            if generation != self.session.generation:
                return
            if error is not None:
                QMessageBox.warning(self.window, self.tr("Identity verification"), error_text(error))
                return
            usable = [m for m in methods if m.usable]
            if usable:
                self._verify(usable)
            else:
                self._offer_enrolment(methods)

        self.tasks.run_query(services.step_up_methods, got)

    def _offer_enrolment(self, methods: list[Any]) -> None:
        reasons = "\n".join(f"• {m.name}: {m.reason}" for m in methods if m.reason)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Identity verification"),
                          self.tr("This transfer needs identity verification, and you have no way to verify "
                                  "yet. Set up a code app now?"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self.window)
        box.setObjectName("noStepUpMethod")
        box.setInformativeText(reasons)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.buttonClicked.connect(lambda button: self._enrol() if button is yes else None)
        self.dialog = box
        box.open()
        self.dialog_opened.emit(box)

    def _enrol(self) -> None:
        services = self.session.services
        dialog = EnrolTotpDialog(self.tasks, services, [], self.window)
        self._open(dialog, self._step_up)

    def _verify(self, methods: list[Any]) -> None:
        services, request, decision = self.session.services, self._request, self._preview.decision
        titles = [f.title(lang()) for f in decision.firings if "require_step_up" in f.effects]
        reason = self.tr("This transfer needs identity verification: %1").replace(
            "%1", list_text(titles)) if titles else self.tr("This transfer needs identity verification.")
        dialog = StepUpDialog(
            self.tasks, lambda kind, code, status: services.step_up_for(request, kind, code, status), methods,
            reason, self.window)
        self._open(dialog, lambda: self._verified(dialog.proof))

    def _verified(self, proof: Any) -> None:
        self._proof = proof
        self._anti_fraud()

    # --- the warning and the confirmation ---------------------------------------------------------

    def _anti_fraud(self) -> None:
        if self._preview.decision.anti_fraud:
            self._open(AntiFraudDialog(self._preview.decision, self.window), self._confirm)
        else:
            self._confirm()

    def _confirm(self) -> None:
        if not self.session.is_unlocked:
            return
        dialog = ConfirmTransferDialog(self.tasks, self.session.services, self._preview, *self._texts,
                                       proof=self._proof, names=self._names, parent=self.window)
        self._open(dialog, lambda: self._sent(dialog.outcome))

    def _sent(self, outcome: Any) -> None:
        if outcome is None:
            return
        if outcome.transfer is not None:
            self.tasks.announce(Changes.of("transfers", outcome.transfer.id))
        self.finished.emit(outcome)
