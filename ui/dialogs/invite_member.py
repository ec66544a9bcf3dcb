"""Invite a member (a passphrase or PIN of their own), or set a new one after they forgot it."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from app.changes import Changes
from app.ledger.records import HouseholdMember
from app.ledger.vocabulary import MINOR_ROLES
from app.services import AppServices
from ui.dialogs.form_dialog import FormDialog, field
from ui.tasks import TaskManager
from ui.widgets.passphrase_edit import PassphraseEdit
from ui.widgets.strength_meter import StrengthMeter

PASSPHRASE_MIN = 8  # the core's floor (app.ledger.access); the core checks again
PIN_MIN, PIN_MAX = 6, 12


class InviteMemberDialog(FormDialog):
    """The new secret typed twice; a PIN is offered only to teenagers and children."""

    def __init__(
        self, tasks: TaskManager, services: AppServices, member: HouseholdMember, parent: QWidget | None = None
    ) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("inviteMemberDialog")
        self._services, self.member = services, member
        self.kind = field(QComboBox())
        self.kind.setObjectName("secretKind")
        self.kind.addItem("", "passphrase")
        if member.role in MINOR_ROLES:
            self.kind.addItem("", "pin")
            if not member.has_keys or member.secret_kind == "pin":
                self.kind.setCurrentIndex(1)  # a child's first key is a PIN, unless they had a passphrase
        self.first = field(PassphraseEdit())
        self.second = field(PassphraseEdit())
        self.meter = StrengthMeter()
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self._note = QLabel()
        self._note.setObjectName("hint")
        self._note.setWordWrap(True)
        self._labels = {key: QLabel() for key in ("kind", "first", "second")}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, widget in (("kind", self.kind), ("first", self.first), ("second", self.second)):
            self._labels[key].setBuddy(widget)
        form.addRow(self._labels["kind"], self.kind)
        form.addRow(self._labels["first"], self.errors.wrap("passphrase", self.first, aliases=("pin", "secret")))
        form.addRow("", self.meter)
        form.addRow(self._labels["second"], self.errors.wrap("second", self.second))
        form.addRow("", self.hint)
        self.kind.setVisible(self.kind.count() > 1)
        self._labels["kind"].setVisible(self.kind.count() > 1)
        self.body.addWidget(self._intro)
        self.body.addLayout(form)
        self.body.addWidget(self._note)
        self._digits = QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{PIN_MAX}}}"), self)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self.setMinimumWidth(480)
        self._on_kind()

    @property
    def secret_kind(self) -> str:
        return str(self.kind.currentData())

    @property
    def acceptable(self) -> bool:
        first, second = self.first.text(), self.second.text()
        if first != second:
            return False
        if self.secret_kind == "pin":
            return first.isdigit() and PIN_MIN <= len(first) <= PIN_MAX
        return len(first) >= PASSPHRASE_MIN

    def _on_kind(self, _index: int = 0) -> None:
        pin = self.secret_kind == "pin"
        for edit in (self.first, self.second):
            edit.clear()
            edit.setValidator(self._digits if pin else None)
        self.meter.setVisible(not pin)
        self.errors.clear()
        self.retranslate()
        self._update()

    def _update(self) -> None:
        if self.secret_kind != "pin":
            self.meter.set_passphrase(self.first.text())
        self._show_hint()
        self.ok_button.setEnabled(self.acceptable and not self.busy.busy)

    def _show_hint(self) -> None:
        first, second = self.first.text(), self.second.text()
        pin = self.secret_kind == "pin"
        if pin and first and not PIN_MIN <= len(first) <= PIN_MAX:
            text = self.tr("A PIN is %1 to %2 digits.").replace("%1", str(PIN_MIN)).replace("%2", str(PIN_MAX))
        elif not pin and first and len(first) < PASSPHRASE_MIN:
            text = self.tr("Use at least %1 characters; a short sentence is easy to remember.").replace(
                "%1", str(PASSPHRASE_MIN)
            )
        elif second and first != second:
            text = self.tr("The two PINs do not match yet.") if pin else self.tr(
                "The two passphrases do not match yet."
            )
        else:
            text = ""
        self.hint.setText(text)
        self.hint.setVisible(bool(text))

    def submit(self) -> None:
        if not self.acceptable:
            return
        services, member_id, secret, kind = self._services, self.member.id, self.first.text(), self.secret_kind

        def invite() -> Changes:
            return services.set_member_secret(member_id, secret, kind=kind)

        self.save(invite, caption=self.tr("Making their keys…"))

    def set_busy(self, busy: bool, caption: str = "") -> None:
        super().set_busy(busy, caption)
        if not busy:
            self._update()

    def retranslate(self) -> None:
        name, resetting, pin = self.member.name, self.member.has_keys, self.secret_kind == "pin"
        if resetting:
            self.setWindowTitle(self.tr("New PIN for %1") if pin else self.tr("New passphrase for %1"))
        else:
            self.setWindowTitle(self.tr("Invite %1"))
        self.setWindowTitle(self.windowTitle().replace("%1", name))
        self._intro.setText(
            (
                self.tr("%1 forgot their passphrase or PIN? Set a new one here and tell it to them.")
                if resetting
                else self.tr(
                    "Give %1 a passphrase or PIN of their own. They unlock Huiliu with it and see their "
                    "own accounts and what others share with them."
                )
            ).replace("%1", name)
        )
        self._labels["kind"].setText(self.tr("&Unlocks with:"))
        self.kind.setItemText(0, self.tr("A passphrase"))
        if self.kind.count() > 1:
            self.kind.setItemText(1, self.tr("A PIN (digits only)"))
        self._labels["first"].setText(self.tr("&PIN:") if pin else self.tr("&Passphrase:"))
        self._labels["second"].setText(self.tr("&Repeat PIN:") if pin else self.tr("&Repeat passphrase:"))
        self._note.setText(
            self.tr(
                "Nobody can recover it: if it is forgotten, the owner sets a new one. After %1 wrong "
                "tries a PIN locks until a parent unlocks it."
            ).replace("%1", "8")
            if pin
            else self.tr("Nobody can recover it: if it is forgotten, the owner sets a new one.")
        )
        self.ok_button.setText(self.tr("Set new PIN") if resetting and pin else (
            self.tr("Set new passphrase") if resetting else self.tr("Invite")
        ))
        self._show_hint()
