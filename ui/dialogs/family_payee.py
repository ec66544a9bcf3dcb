"""Offer one of my accounts to a member of the household as a family payee (they may send money to it)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from app.ledger.records import AccountView, HouseholdMember
from app.services import AppServices
from ui.dialogs.form_dialog import FormDialog, field
from ui.tasks import TaskManager

NOTE_MAX = 60  # the core's limit (app.household.family.MAX_NOTE)


class FamilyPayeeDialog(FormDialog):
    """``accounts``: the accounts that may be offered; ``members``: whom to, each account's holder left out."""

    def __init__(
        self,
        tasks: TaskManager,
        services: AppServices,
        accounts: list[AccountView],
        members: list[HouseholdMember],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("familyPayeeDialog")
        self._services, self._members = services, members
        self.account = field(QComboBox())
        self.account.setObjectName("payeeAccount")
        for account in accounts:
            self.account.addItem(account.name, (account.id, account.member_id))
        self.member = field(QComboBox())
        self.member.setObjectName("payeeMember")
        self.note = field(QLineEdit())
        self.note.setMaxLength(NOTE_MAX)
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self._labels = {key: QLabel() for key in ("account", "member", "note")}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, widget in (("account", self.account), ("member", self.member), ("note", self.note)):
            self._labels[key].setBuddy(widget)
            form.addRow(self._labels[key], self.errors.wrap(key, widget))
        self.body.addWidget(self._intro)
        self.body.addLayout(form)
        self.account.currentIndexChanged.connect(self._fill_members)
        self.setMinimumWidth(460)
        self._fill_members()
        self.retranslate()

    def _fill_members(self, _index: int = 0) -> None:
        data = self.account.currentData()
        holder = data[1] if data else None
        chosen = self.member.currentData()
        self.member.clear()
        for member in self._members:
            if member.id != holder:
                self.member.addItem(member.name, member.id)
        index = self.member.findData(chosen)
        self.member.setCurrentIndex(max(index, 0))
        self.ok_button.setEnabled(self.account.count() > 0 and self.member.count() > 0)

    def submit(self) -> None:
        if self.account.count() == 0 or self.member.count() == 0:
            return
        services = self._services
        account_id, member_id = int(self.account.currentData()[0]), int(self.member.currentData())
        note = self.note.text().strip()

        def propose() -> Any:
            return services.propose_family_link(account_id, member_id, note=note)

        self.save(propose, caption=self.tr("Offering the account…"))

    def set_busy(self, busy: bool, caption: str = "") -> None:
        super().set_busy(busy, caption)
        if not busy:
            self.ok_button.setEnabled(self.account.count() > 0 and self.member.count() > 0)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Offer a family payee"))
        self._intro.setText(
            self.tr(
                "The member may then send money to this account without asking first. It counts once both "
                "sides have confirmed; a guardian confirms for a teenager or a child."
            )
        )
        self._labels["account"].setText(self.tr("&Account:"))
        self._labels["member"].setText(self.tr("&Offered to:"))
        self._labels["note"].setText(self.tr("N&ote (optional):"))
        self.ok_button.setText(self.tr("Offer"))
