"""Ask guardians to approve something, and say why a request is denied."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import MoneyError, ValidationError
from app.ledger import vocabulary
from app.ledger.records import HouseholdMember
from app.money import currency_name
from app.services import AppServices
from ui.dialogs.account_fields import CURRENCIES
from ui.dialogs.form_dialog import FormDialog, field
from ui.tasks import TaskManager
from ui.widgets.amount_edit import AmountEdit

EXPIRY_DAYS = (1, 3, 7, 30)
DEFAULT_EXPIRY_DAYS = 7
SUMMARY_MAX = 200  # the core's limit (app.household.approvals.MAX_SUMMARY); the core checks again
COMMENT_MAX = 500


def currency_combo() -> QComboBox:
    """The currencies an amount may be in, named in the interface language (人民币, 美元…)."""
    combo = QComboBox()
    for code in CURRENCIES:
        combo.addItem(code, code)
    name_currencies(combo)
    return combo


def name_currencies(combo: QComboBox) -> None:
    for index in range(combo.count()):
        code = str(combo.itemData(index))
        try:
            combo.setItemText(index, currency_name(code))
        except Exception:  # noqa: BLE001 (an unknown locale: the code is still a name)
            combo.setItemText(index, code)


class AskApprovalDialog(FormDialog):
    """A request in words, an optional amount, the guardians who decide (all of them or any one), and
    how long they have."""

    def __init__(
        self,
        tasks: TaskManager,
        services: AppServices,
        members: list[HouseholdMember],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("askApprovalDialog")
        self._services = services
        self.summary = field(QLineEdit())
        self.summary.setObjectName("approvalSummary")
        self.summary.setMaxLength(SUMMARY_MAX)
        self.amount = field(AmountEdit())
        self.currency = field(currency_combo())
        self.approver_boxes: dict[int, QCheckBox] = {}
        approvers = QWidget()
        approver_layout = QVBoxLayout(approvers)
        approver_layout.setContentsMargins(0, 0, 0, 0)
        approver_layout.setSpacing(4)
        for member in members:
            box = field(QCheckBox(member.name))
            box.setChecked(True)
            box.toggled.connect(self._update)
            self.approver_boxes[member.id] = box
            approver_layout.addWidget(box)
        self.mode = field(QComboBox())
        for mode in ("any", "all"):
            self.mode.addItem("", mode)
        self.expiry = field(QComboBox())
        for days in EXPIRY_DAYS:
            self.expiry.addItem("", days)
        self.expiry.setCurrentIndex(EXPIRY_DAYS.index(DEFAULT_EXPIRY_DAYS))
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self._labels = {key: QLabel() for key in ("summary", "amount", "approvers", "mode", "expiry")}
        amount_row = QWidget()
        amount_layout = QHBoxLayout(amount_row)
        amount_layout.setContentsMargins(0, 0, 0, 0)
        amount_layout.addWidget(self.amount, 1)
        amount_layout.addWidget(self.currency)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rows: list[tuple[str, QWidget, tuple[str, ...]]] = [
            ("summary", self.summary, ()),
            ("amount", amount_row, ("currency",)),
            ("approvers", approvers, ()),
            ("mode", self.mode, ("approval_mode",)),
            ("expiry", self.expiry, ("expires_in",)),
        ]
        for key, widget, aliases in rows:
            buddy = {"amount": self.amount, "approvers": None}.get(key, widget)
            if buddy is not None:
                self._labels[key].setBuddy(buddy)
            form.addRow(self._labels[key], self.errors.wrap(key, widget, aliases=aliases))
        self.body.addWidget(self._intro)
        self.body.addLayout(form)
        self.summary.textChanged.connect(self._update)
        self.currency.currentIndexChanged.connect(lambda _i: self.amount.set_currency(self.currency_code))
        self.setMinimumWidth(480)
        self.retranslate()
        self._update()

    @property
    def currency_code(self) -> str:
        return str(self.currency.currentData())

    def approvers(self) -> list[int]:
        return [member_id for member_id, box in self.approver_boxes.items() if box.isChecked()]

    def _update(self, *_args: Any) -> None:
        ready = bool(self.summary.text().strip()) and bool(self.approvers())
        self.ok_button.setEnabled(ready and not self.busy.busy)
        self.mode.setEnabled(len(self.approvers()) > 1 and not self.busy.busy)

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        try:
            amount = self.amount.amount()
        except MoneyError as exc:
            self.show_error(ValidationError("amount", str(exc)))
            return
        services, approvers = self._services, self.approvers()
        mode = str(self.mode.currentData()) if len(approvers) > 1 else "any"
        days = int(self.expiry.currentData())
        summary, currency = self.summary.text().strip(), self.currency_code if amount is not None else None

        def ask() -> Any:
            return services.request_approval(
                "generic", approvers, mode=mode, expires_in=timedelta(days=days), summary=summary,
                amount=amount, currency=currency,
            )

        self.save(ask, caption=self.tr("Sending the request…"))

    def set_busy(self, busy: bool, caption: str = "") -> None:
        super().set_busy(busy, caption)
        if not busy:
            self._update()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Ask for approval"))
        self._intro.setText(
            self.tr("Say what you would like to do. The members you choose see it under Approvals and decide.")
        )
        self._labels["summary"].setText(self.tr("&What for:"))
        self._labels["amount"].setText(self.tr("A&mount (optional):"))
        self._labels["approvers"].setText(self.tr("Who decides:"))
        self._labels["mode"].setText(self.tr("&Needed:"))
        self._labels["expiry"].setText(self.tr("&Time to decide:"))
        self.summary.setPlaceholderText(self.tr("e.g. a new bicycle"))
        for index in range(self.mode.count()):
            self.mode.setItemText(index, vocabulary.approval_mode(str(self.mode.itemData(index))))
        for index, days in enumerate(EXPIRY_DAYS):
            self.expiry.setItemText(index, self.tr("%n days", "", days))
        name_currencies(self.currency)
        self.ok_button.setText(self.tr("Ask"))


class DenyDialog(FormDialog):
    """Deny a request, with a comment for the member who asked (optional). The page does the writing."""

    def __init__(self, tasks: TaskManager, summary: str, parent: QWidget | None = None) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("denyDialog")
        self._summary = summary
        self.comment = field(QLineEdit())
        self.comment.setObjectName("denyComment")
        self.comment.setMaxLength(COMMENT_MAX)
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self._label = QLabel()
        self._label.setBuddy(self.comment)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._label, self.comment)
        self.body.addWidget(self._intro)
        self.body.addLayout(form)
        self.setMinimumWidth(440)
        self.retranslate()

    def text(self) -> str:
        return self.comment.text().strip()

    def submit(self) -> None:
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Deny request"))
        self._intro.setText(self.tr("Deny “%1”? The member who asked sees your comment.").replace(
            "%1", self._summary))
        self._label.setText(self.tr("&Comment (optional):"))
        self.ok_button.setText(self.tr("Deny"))
