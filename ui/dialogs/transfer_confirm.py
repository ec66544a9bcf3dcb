"""The confirmation that restates the decision before money moves, on a button that names the amount.

From, to, amount (with 大写), purpose, arrival (with the earliest arrival and the revoke window), every rule
that fired with its source, and whose approval is needed. Confirming sends ``submit_transfer`` on the writer
with the step-up proof and ``confirmed=True``; the outcome is kept in ``outcome``. A proof lasts two
minutes: its countdown is shown, and when it runs out the button waits for a new verification. Between
currencies the platform's quote is restated (what leaves with the fee, the rate, what arrives) with its own
countdown; once it runs out the button stays off and the person gets a new quote on the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from app import clock
from app.money import amount_in_chinese_capitals
from app.services import AppServices
from ui import when
from ui.amounts import money_text
from ui.dialogs.form_dialog import FormDialog
from ui.tasks import TaskManager
from ui.transfer_words import (
    arrival_word,
    firing_lines,
    lang,
    proof_left_text,
    quote_expired,
    quote_left_text,
    quote_lines,
)
from ui.widgets.overview_header import list_text


def _value(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ConfirmTransferDialog(FormDialog):
    def __init__(self, tasks: TaskManager, services: AppServices, preview: Any, from_text: str, to_text: str,
                 proof: Any = None, names: Mapping[int, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("confirmTransferDialog")
        self._services, self.preview, self.proof = services, preview, proof
        self.request = preview.request
        self.outcome: Any = None
        self._names = dict(names or {})
        self._intro = QLabel()
        self._intro.setObjectName("outcome")
        self._intro.setWordWrap(True)
        self.quote = getattr(preview, "quote", None)
        keys = ("from", "to", "amount", "quote", "memo", "arrival", "rules", "approval")
        self._labels = {key: QLabel() for key in keys}
        self.values = {
            "from": _value(from_text), "to": _value(to_text), "amount": _value(), "quote": _value(), "memo": _value(),
            "arrival": _value(), "rules": QWidget(), "approval": _value(),
        }
        self._rules_layout = QVBoxLayout(self.values["rules"])
        self._rules_layout.setContentsMargins(0, 0, 0, 0)
        self._rules_layout.setSpacing(6)
        self._rule_labels: list[QLabel] = []
        for _firing in preview.decision.firings:
            label = _value()
            self._rules_layout.addWidget(label)
            self._rule_labels.append(label)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for key in keys:
            if key == "quote" and self.quote is None:
                continue
            if key == "rules" and not preview.decision.firings:
                continue
            if key == "approval" and not preview.approvers:
                continue
            form.addRow(self._labels[key], self.values[key])
        self.proof_left = QLabel()
        self.proof_left.setObjectName("hint")
        self.proof_left.setVisible(proof is not None)
        self.body.addWidget(self._intro)
        self.body.addLayout(form)
        self.quote_left = QLabel()
        self.quote_left.setObjectName("hint")
        self.quote_left.setVisible(self.quote is not None)
        self.body.addWidget(self.proof_left)
        self.body.addWidget(self.quote_left)
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        if proof is not None or self.quote is not None:
            self.timer.start()
        self.setMinimumWidth(520)
        self.retranslate()

    def _tick(self) -> None:
        if self.proof is None and self.quote is None:
            return
        now = clock.utcnow()
        expired = False
        if self.proof is not None:
            self.proof_left.setText(proof_left_text(self.proof.expires_at, now))
            expired = now >= when.aware(self.proof.expires_at)
        if self.quote is not None:
            self.quote_left.setText(quote_left_text(self.quote, now))
            expired = expired or quote_expired(self.quote, now)
        if expired:
            self.timer.stop()
        self.ok_button.setEnabled(not expired and not self.busy.busy)

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        services, request, proof = self._services, self.request, self.proof
        self.timer.stop()
        self.save(lambda: services.submit_transfer(request, proof=proof, confirmed=True), on_saved=self._keep,
                  caption=self.tr("Sending…"))

    def _keep(self, outcome: Any) -> None:
        self.outcome = outcome

    def show_error(self, error: BaseException) -> None:
        super().show_error(error)
        if self.proof is not None or self.quote is not None:
            self.timer.start()

    def retranslate(self) -> None:
        request, decision, language = self.request, self.preview.decision, lang()
        amount = money_text(request.amount, request.currency)
        self.setWindowTitle(self.tr("Confirm transfer"))
        self._intro.setText(decision.summary(language))
        self._labels["from"].setText(self.tr("From:"))
        self._labels["to"].setText(self.tr("To:"))
        self._labels["amount"].setText(self.tr("Amount:"))
        self._labels["memo"].setText(self.tr("Purpose:"))
        self._labels["arrival"].setText(self.tr("Arrival:"))
        self._labels["quote"].setText(self.tr("Exchange:"))
        self._labels["rules"].setText(self.tr("Why:"))
        self._labels["approval"].setText(self.tr("Approval:"))
        shown = amount
        if request.currency == "CNY":
            try:
                shown = self.tr("%1 (in capitals: %2)").replace("%1", amount).replace(
                    "%2", amount_in_chinese_capitals(request.amount))
            except ValueError:
                pass
        self.values["amount"].setText(shown)
        self.values["memo"].setText(request.memo or "—")
        if self.quote is not None:
            self.values["quote"].setText(quote_lines(self.quote))
        arrival = arrival_word(request.arrival)
        if not decision.denied:
            arrival = self.tr("%1, arrives %2").replace("%1", arrival).replace(
                "%2", when.day_and_time(decision.release_at))
            if decision.revocable_until is not None:
                arrival += "\n" + self.tr("Can be revoked until %1").replace(
                    "%1", when.day_and_time(decision.revocable_until))
        self.values["arrival"].setText(arrival)
        for label, (title, explanation, source) in zip(self._rule_labels, firing_lines(decision, language),
                                                       strict=False):
            label.setText(self.tr("%1: %2").replace("%1", title).replace("%2", explanation) + "\n" + source)
        if self.preview.approvers:
            mode, ids = self.preview.approvers
            who = list_text([self._names.get(i, str(i)) for i in ids])
            self.values["approval"].setText(
                (self.tr("All of %1 must approve before it is sent.") if mode == "all" and len(ids) > 1
                 else self.tr("One of %1 must approve before it is sent.")).replace("%1", who))
        self.ok_button.setText(self.tr("Confirm transfer %1").replace("%1", amount))
        if self.proof is not None or self.quote is not None:
            self._tick()
