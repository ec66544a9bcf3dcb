"""Save a payee: the real name the account is held in, its number, the bank or platform, the kind.

It says before saving what the policy will do: for the first 24 hours a transfer to a new payee arrives no
earlier than 24 hours after it was added, and can be revoked until then.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.ledger import vocabulary
from app.services import AppServices
from ui.dialogs.form_dialog import FormDialog, field
from ui.tasks import TaskManager

PAYEE_KINDS = ("debit_card", "credit_card", "wallet_balance", "ecny_wallet", "store_balance", "fx_account")


class AddPayeeDialog(FormDialog):
    def __init__(self, tasks: TaskManager, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("addPayeeDialog")
        self._services = services
        self.saved: Any = None
        self.name = field(QLineEdit())
        self.name.setObjectName("payeeName")
        self.name.setMaxLength(60)
        self.number = field(QLineEdit())
        self.number.setObjectName("payeeNumber")
        self.number.setMaxLength(48)
        self.institution = field(QLineEdit())
        self.institution.setObjectName("payeeInstitution")
        self.institution.setMaxLength(80)
        self.kind = field(QComboBox())
        self.kind.setObjectName("payeeKind")
        for kind in PAYEE_KINDS:
            self.kind.addItem("", kind)
        self.note = field(QLineEdit())
        self.note.setMaxLength(200)
        self._intro = QLabel()
        self._intro.setObjectName("warningText")
        self._intro.setWordWrap(True)
        self._labels = {key: QLabel() for key in ("name", "number", "institution", "kind", "note")}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, widget, aliases in (
            ("name", self.name, ("real_name",)), ("number", self.number, ()),
            ("institution", self.institution, ()), ("kind", self.kind, ()), ("note", self.note, ()),
        ):
            self._labels[key].setBuddy(widget)
            form.addRow(self._labels[key], self.errors.wrap(key, widget, aliases=aliases))
        self.body.addLayout(form)
        self.body.addWidget(self._intro)
        for edit in (self.name, self.number, self.institution):
            edit.textChanged.connect(lambda _t: self._update())
        self.setMinimumWidth(480)
        self.retranslate()
        self._update()

    def _update(self) -> None:
        ready = all(e.text().strip() for e in (self.name, self.number, self.institution))
        self.ok_button.setEnabled(ready and not self.busy.busy)

    def set_busy(self, busy: bool, caption: str = "") -> None:
        super().set_busy(busy, caption)
        if not busy:
            self._update()

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        services = self._services
        name, number, institution = self.name.text(), self.number.text(), self.institution.text()
        kind, note = str(self.kind.currentData()), self.note.text().strip()
        self.save(lambda: services.add_payee(name, number, institution, kind, note=note), on_saved=self._keep)

    def _keep(self, payee: Any) -> None:
        self.saved = payee

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Add payee"))
        self._labels["name"].setText(self.tr("Real &name:"))
        self._labels["number"].setText(self.tr("Account n&umber:"))
        self._labels["institution"].setText(self.tr("&Bank or platform:"))
        self._labels["kind"].setText(self.tr("&Kind:"))
        self._labels["note"].setText(self.tr("N&ote (optional):"))
        self.name.setPlaceholderText(self.tr("The name the account is held in"))
        self.number.setPlaceholderText(self.tr("Full card, account or wallet number"))
        for index in range(self.kind.count()):
            self.kind.setItemText(index, vocabulary.account_kind(str(self.kind.itemData(index))))
        self._intro.setText(self.tr(
            "For its first 24 hours a new payee is on probation: a transfer to it arrives no earlier than 24 "
            "hours after it was added, and you can revoke it until then."))
        self.ok_button.setText(self.tr("Save payee"))
