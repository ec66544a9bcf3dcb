"""A guardian sets a teenager's or child's allowance: weekly amount, approval limit, weekly caps per platform."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from app.errors import MoneyError, ValidationError
from app.ledger.records import HouseholdMember, PlatformView
from app.services import AppServices
from ui.dialogs.approval import currency_combo, name_currencies
from ui.dialogs.form_dialog import FormDialog, field
from ui.tasks import TaskManager
from ui.widgets.amount_edit import AmountEdit


class AllowanceDialog(FormDialog):
    """``allowance`` is the current one as the core returned it (None: a first one); ``platforms`` are
    those the minor has accounts on, each with an optional weekly cap."""

    def __init__(
        self,
        tasks: TaskManager,
        services: AppServices,
        minor: HouseholdMember,
        allowance: Any,
        platforms: list[PlatformView],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("allowanceDialog")
        self._services, self.minor, self._allowance = services, minor, allowance
        self.version = int(allowance.version) if allowance is not None else 0
        currency = allowance.currency if allowance is not None and allowance.currency else "CNY"
        self.currency = field(currency_combo())
        index = self.currency.findData(currency)
        if index < 0:
            self.currency.addItem(currency, currency)
            index = self.currency.count() - 1
        self.currency.setCurrentIndex(index)
        self.weekly = field(AmountEdit(currency))
        self.weekly.setObjectName("weeklyAmount")
        self.limit = field(AmountEdit(currency))
        self.limit.setObjectName("approvalLimit")
        self.caps: dict[int, AmountEdit] = {}
        caps = dict(allowance.platform_caps) if allowance is not None else {}
        if allowance is not None:
            self.weekly.set_amount(allowance.weekly_amount)
            self.limit.set_amount(allowance.approval_limit)
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self._caps_hint = QLabel()
        self._caps_hint.setObjectName("hint")
        self._caps_hint.setWordWrap(True)
        self._labels = {key: QLabel() for key in ("weekly", "currency", "limit")}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, widget, error_key in (
            ("weekly", self.weekly, "weekly_amount"),
            ("currency", self.currency, "currency"),
            ("limit", self.limit, "approval_limit"),
        ):
            self._labels[key].setBuddy(widget)
            form.addRow(self._labels[key], self.errors.wrap(error_key, widget))
        self._cap_labels: dict[int, QLabel] = {}
        self._platforms = platforms
        if platforms:
            form.addRow("", self._caps_hint)
        for platform in platforms:
            edit = field(AmountEdit(currency))
            edit.setObjectName(f"cap-{platform.id}")
            if platform.id in caps:
                edit.set_amount(caps[platform.id])
            label = QLabel()
            label.setBuddy(edit)
            self.caps[platform.id] = edit
            self._cap_labels[platform.id] = label
            form.addRow(label, edit)
        self._caps_error = self.errors.wrap("platform_caps", QWidget())
        form.addRow("", self._caps_error)
        self.body.addWidget(self._intro)
        self.body.addLayout(form)
        self.currency.currentIndexChanged.connect(self._on_currency)
        self.setMinimumWidth(460)
        self.retranslate()

    @property
    def currency_code(self) -> str:
        return str(self.currency.currentData())

    def _on_currency(self, _index: int) -> None:
        for edit in (self.weekly, self.limit, *self.caps.values()):
            edit.set_currency(self.currency_code)

    def _read(self, edit: AmountEdit, key: str, required: bool) -> Decimal | None:
        try:
            value = edit.amount()
        except MoneyError as exc:
            raise ValidationError(key, str(exc)) from None
        if value is None and required:
            return Decimal(0)
        return value

    def submit(self) -> None:
        try:
            weekly = self._read(self.weekly, "weekly_amount", True)
            limit = self._read(self.limit, "approval_limit", True)
            caps = {pid: value for pid, edit in self.caps.items()
                    if (value := self._read(edit, "platform_caps", False)) is not None}
        except ValidationError as exc:
            self.show_error(exc)
            return
        services, minor_id, currency, version = self._services, self.minor.id, self.currency_code, self.version

        def put() -> Any:
            return services.set_allowance(minor_id, weekly, currency, limit, platform_caps=caps, version=version)

        self.save(put, caption=self.tr("Saving the allowance…"))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Allowance for %1").replace("%1", self.minor.name))
        self._intro.setText(
            self.tr(
                "%1 may send up to the approval limit on their own; above it, a guardian approves first."
            ).replace("%1", self.minor.name)
        )
        self._labels["weekly"].setText(self.tr("&Weekly allowance:"))
        self._labels["currency"].setText(self.tr("C&urrency:"))
        self._labels["limit"].setText(self.tr("&Approval limit:"))
        self._caps_hint.setText(self.tr("Weekly caps per platform (leave empty for no cap):"))
        names = {p.id: p.name for p in self._platforms}
        for platform_id, label in self._cap_labels.items():
            label.setText(self.tr("%1:").replace("%1", names.get(platform_id, "")))
        name_currencies(self.currency)
        self.ok_button.setText(self.tr("Save"))
