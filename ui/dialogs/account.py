"""Add or edit an account; only the fields that apply to its kind are on screen."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.changes import Changes
from app.errors import EditConflict, MoneyError, UnknownCurrency, ValidationError
from app.ledger import vocabulary
from app.ledger.records import AccountInput, AccountView, MemberView, PlatformInput, PlatformView
from app.ledger.vocabulary import CLASSES
from app.money import normalize_currency
from app.services import AppServices
from ui.dialogs import account_fields as rules
from ui.dialogs.form_dialog import FormDialog, field
from ui.dialogs.platform_form import PlatformForm
from ui.models.accounts_tree import number_tail
from ui.tasks import TaskManager
from ui.widgets.amount_edit import AmountEdit

NEW_PLATFORM = -1
_NO_DATE = QDate(1900, 1, 1)  # QDateEdit cannot be empty: its minimum shows as "Not set"
ROWS = (
    "member_id",
    "platform_id",
    "new_platform",
    "kind",
    "name",
    "number",
    "currency",
    "bank_class",
    "bound_account_id",
    "payment_class",
    "ecny_tier",
    "ecny_operator",
    "credit_limit",
    "statement_day",
    "due_day",
    "opened_on",
    "balance",
    "note",
)


def _day_box() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 31)  # 0 is "not set"; the core then says which day is missing
    return box


class _DateEdit(QDateEdit):
    """Tab walks the day, month and year, then leaves; showing "Not set" Qt's date edit swallows Tab
    and keeps the focus for ever (a keyboard trap), so there Tab goes straight to the next field."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        key = event.key()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and self.date() == self.minimumDate():
            event.accept()
            forward = key == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            QWidget.focusNextPrevChild(self, forward)
            return
        super().keyPressEvent(event)


class AccountDialog(FormDialog):
    """Owner, platform (or a new one inline), kind-specific fields, and the current balance."""

    def __init__(
        self,
        tasks: TaskManager,
        services: AppServices,
        members: list[MemberView],
        platforms: list[PlatformView],
        accounts: list[AccountView],
        account: AccountView | None = None,
        member_id: int | None = None,
        parent: QWidget | None = None,
        prefill: dict[str, object] | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("accountDialog")
        self._services, self._account = services, account
        self.saved: Changes | None = None  # what the save changed (a new account's id under "accounts")
        self._platforms = list(platforms)
        self._accounts = [a for a in accounts if account is None or a.id != account.id]
        self.member = field(QComboBox())
        for m in members:
            self.member.addItem(m.name or f"#{m.id}", m.id)
        self.platform = field(QComboBox())
        self.platform_form = PlatformForm(self.errors)
        self.kind = field(QComboBox())
        self.name = field(QLineEdit())
        self.number = field(QLineEdit())
        self.currency = field(QComboBox())
        self.currency.setEditable(True)
        self.currency.addItems(rules.CURRENCIES)
        self.bank_class = field(QComboBox())
        self.payment_class = field(QComboBox())
        self.payment_class.addItem("", None)
        for cls in CLASSES:
            self.bank_class.addItem(vocabulary.bank_class(cls), cls)
            self.payment_class.addItem(vocabulary.payment_class(cls), cls)
        self.bound = field(QComboBox())
        self.ecny_tier = field(QComboBox())
        for tier in (1, 2, 3, 4):
            self.ecny_tier.addItem(vocabulary.ecny_tier(tier), tier)
        self.ecny_operator = field(QLineEdit())
        self.credit_limit = field(AmountEdit())
        self.statement_day, self.due_day = field(_day_box()), field(_day_box())
        self.opened_on = field(_DateEdit())
        self.opened_on.setCalendarPopup(True)
        self.opened_on.setMinimumDate(_NO_DATE)
        self.opened_on.setMaximumDate(QDate(*clock.local_today().timetuple()[:3]))
        self.opened_on.setDate(_NO_DATE)
        self.balance = field(AmountEdit())
        self.note = field(QLineEdit())
        self._widgets: dict[str, QWidget] = {
            "member_id": self.member,
            "platform_id": self.platform,
            "new_platform": self.platform_form,
            "kind": self.kind,
            "name": self.name,
            "number": self.number,
            "currency": self.currency,
            "bank_class": self.bank_class,
            "bound_account_id": self.bound,
            "payment_class": self.payment_class,
            "ecny_tier": self.ecny_tier,
            "ecny_operator": self.ecny_operator,
            "credit_limit": self.credit_limit,
            "statement_day": self.statement_day,
            "due_day": self.due_day,
            "opened_on": self.opened_on,
            "balance": self.balance,
            "note": self.note,
        }
        self.number_warning = QLabel()
        self.number_warning.setObjectName("fieldWarning")
        self.number_warning.setWordWrap(True)
        self.number_warning.hide()
        self._labels = {key: QLabel() for key in ROWS}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in ROWS:
            widget = self._widgets[key]
            self._labels[key].setBuddy(widget)
            if key == "new_platform":
                self.form.addRow(self._labels[key], widget)
            elif key == "number":
                # A check-digit warning sits under the number: it never stops the save.
                box = QWidget()
                column = QVBoxLayout(box)
                column.setContentsMargins(0, 0, 0, 0)
                column.setSpacing(2)
                column.addWidget(self.errors.wrap(key, widget, caption=self._caption(key)))
                column.addWidget(self.number_warning)
                self.form.addRow(self._labels[key], box)
            else:
                self.form.addRow(self._labels[key], self.errors.wrap(key, widget, caption=self._caption(key)))
        self.body.addLayout(self.form)
        self.setMinimumWidth(520)
        self._fill_platforms()
        self.member.currentIndexChanged.connect(self._fill_bound)
        self.platform.currentIndexChanged.connect(self._on_platform)
        self.platform_form.kind_changed.connect(lambda _kind: self._fill_kinds())
        self.kind.currentIndexChanged.connect(self._update_rows)
        self.bank_class.currentIndexChanged.connect(self._update_rows)
        self.currency.currentTextChanged.connect(self._on_currency)
        self.number.textChanged.connect(self._check_number)
        self.kind.currentIndexChanged.connect(self._check_number)
        self.retranslate()
        if account is not None:
            self._load(account)
        elif member_id is not None:
            self.member.setCurrentIndex(max(0, self.member.findData(member_id)))
        self._on_platform()
        self._fill_bound()
        if account is None and prefill:
            self._prefill(prefill)

    def _prefill(self, values: dict[str, object]) -> None:
        """Start a new account from what a statement says (its platform, currency, number, kind)."""
        if values.get("member_id") is not None:
            self.member.setCurrentIndex(max(0, self.member.findData(values["member_id"])))
        if values.get("platform_id") is not None:
            self._fill_platforms(select=int(values["platform_id"]))  # type: ignore[call-overload]
            self._fill_kinds()
        if values.get("kind"):
            self.kind.setCurrentIndex(max(0, self.kind.findData(values["kind"])))
        if values.get("currency"):
            self.currency.setCurrentText(str(values["currency"]))
        if values.get("number"):
            self.number.setText(str(values["number"]))
        if values.get("name"):
            self.name.setText(str(values["name"]))
        self._fill_bound()
        self._update_rows()

    # --- filling the choices ----------------------------------------------------------------------

    def _fill_platforms(self, select: int | None = None) -> None:
        self.platform.blockSignals(True)
        self.platform.clear()
        for p in self._platforms:
            label = p.name or p.damaged or f"#{p.id}"
            self.platform.addItem(f"{label} · {vocabulary.platform_kind(p.kind)}", p.id)
        self.platform.addItem(self.tr("New platform…"), NEW_PLATFORM)
        index = self.platform.findData(select) if select is not None else 0
        self.platform.setCurrentIndex(max(0, index))
        self.platform.blockSignals(False)

    def _platform_kind(self) -> str | None:
        pid = self.platform.currentData()
        if pid == NEW_PLATFORM:
            return self.platform_form.current_kind()
        return next((p.kind for p in self._platforms if p.id == pid), None)

    def _on_platform(self) -> None:
        self._fill_kinds()

    def _fill_kinds(self) -> None:
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for kind in rules.kinds_for_platform(self._platform_kind()):
            self.kind.addItem(vocabulary.account_kind(kind), kind)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
        self.kind.blockSignals(False)
        self._update_rows()

    def _fill_bound(self) -> None:
        owner, current = self.member.currentData(), self.bound.currentData()
        self.bound.clear()
        for acc in self._accounts:
            if acc.member_id == owner and acc.kind in rules.BANK_CARD_KINDS:
                tail = f"  {number_tail(acc.last4)}" if acc.last4 else ""
                self.bound.addItem(f"{acc.name or acc.damaged}{tail}", acc.id)
        if self.bound.count() == 0:
            self.bound.addItem(self.tr("This member has no bank card yet"), None)
        self.bound.setCurrentIndex(max(0, self.bound.findData(current)))

    def _on_currency(self, text: str) -> None:
        code = text.strip().upper() or "CNY"
        self.balance.set_currency(code)
        self.credit_limit.set_currency(code)

    def _update_rows(self) -> None:
        kind = str(self.kind.currentData() or "")
        visible = rules.visible_fields(kind, self.bank_class.currentData())
        for key in ROWS:
            shown = self.platform.currentData() == NEW_PLATFORM if key == "new_platform" else key in visible
            self.form.setRowVisible(ROWS.index(key), shown)
        fixed = rules.currency_fixed(kind)
        if fixed:
            self.currency.setCurrentText(fixed)
        self.currency.setEnabled(fixed is None)
        self.adjustSize()

    def _check_number(self) -> None:
        """Warn (without refusing) when a card number fails its Luhn check digit: likely a typo."""
        kind = str(self.kind.currentData() or "")
        warning = self._services.card_number_warning(kind, self.number.text())
        self.number_warning.setText(
            "⚠ " + self.tr("This card number fails its check digit: check it for a typo. "
                           "It can still be saved, as some cards do not use the check.")
            if warning
            else ""
        )
        self.number_warning.setVisible(bool(warning))

    def shown_fields(self) -> set[str]:
        """The rows now on screen (what a person can fill in)."""
        return {key for key in ROWS if self._widgets[key].isVisibleTo(self)}

    # --- loading and collecting -----------------------------------------------------------------

    def _load(self, acc: AccountView) -> None:
        self.member.setCurrentIndex(max(0, self.member.findData(acc.member_id)))
        self._fill_platforms(select=acc.platform_id)
        self._fill_kinds()
        self.kind.setCurrentIndex(max(0, self.kind.findData(acc.kind)))
        self.name.setText(acc.name)
        self.number.setText(acc.number)
        self.currency.setCurrentText(acc.currency)
        self.bank_class.setCurrentIndex(max(0, self.bank_class.findData(acc.bank_class)))
        self.payment_class.setCurrentIndex(max(0, self.payment_class.findData(acc.payment_class)))
        self.ecny_tier.setCurrentIndex(max(0, self.ecny_tier.findData(acc.ecny_tier)))
        self.ecny_operator.setText(acc.ecny_operator)
        self.credit_limit.set_amount(acc.credit_limit)
        self.statement_day.setValue(acc.statement_day or 0)
        self.due_day.setValue(acc.due_day or 0)
        if acc.opened_on is not None:
            self.opened_on.setDate(QDate(acc.opened_on.year, acc.opened_on.month, acc.opened_on.day))
        self.balance.set_amount(acc.balance)
        self.note.setText(acc.note)
        self._fill_bound()
        self.bound.setCurrentIndex(max(0, self.bound.findData(acc.bound_account_id)))
        self._update_rows()

    @staticmethod
    def _amount(edit: AmountEdit, name: str) -> Decimal | None:
        try:
            return edit.amount()
        except UnknownCurrency as exc:
            raise ValidationError("currency", str(exc)) from None
        except MoneyError as exc:
            raise ValidationError(name, str(exc)) from None

    def collect(self) -> tuple[PlatformInput | None, AccountInput]:
        """What was typed; ValidationError for what the form itself can tell is unreadable."""
        shown = self.shown_fields()
        kind = str(self.kind.currentData() or "")
        currency = self.currency.currentText().strip().upper()
        try:
            normalize_currency(currency)
        except UnknownCurrency as exc:
            raise ValidationError("currency", str(exc)) from None
        new_platform = self.platform_form.data() if "new_platform" in shown else None
        opened = self.opened_on.date()
        data = AccountInput(
            member_id=int(self.member.currentData() or 0),
            platform_id=int(self.platform.currentData() or 0) if new_platform is None else 0,
            kind=kind,
            name=self.name.text(),
            currency=currency,
            number=self.number.text(),
            bank_class=self.bank_class.currentData() if "bank_class" in shown else None,
            bound_account_id=self.bound.currentData() if "bound_account_id" in shown else None,
            payment_class=self.payment_class.currentData() if "payment_class" in shown else None,
            ecny_tier=self.ecny_tier.currentData() if "ecny_tier" in shown else None,
            ecny_operator=self.ecny_operator.text() if "ecny_operator" in shown else "",
            credit_limit=self._amount(self.credit_limit, "credit_limit") if "credit_limit" in shown else None,
            statement_day=(self.statement_day.value() or None) if "statement_day" in shown else None,
            due_day=(self.due_day.value() or None) if "due_day" in shown else None,
            opened_on=opened.toPython() if opened != _NO_DATE else None,  # type: ignore[arg-type]
            note=self.note.text(),
            balance=self._amount(self.balance, "balance"),
        )
        return new_platform, data

    def submit(self) -> None:
        self.errors.clear()
        try:
            new_platform, data = self.collect()
        except ValidationError as exc:
            self.errors.show(exc.field, exc.detail)
            return
        services, account = self._services, self._account

        def write() -> Changes:
            # A new platform is added in the account's own write: both are saved, or neither.
            if account is None:
                return services.add_account(data, new_platform)
            # The version this dialog shows: refused (EditConflict) when someone else changed it since.
            return services.update_account(account.id, data, new_platform, version=account.version)

        self.save(write, lambda changes: setattr(self, "saved", changes))

    def show_error(self, error: BaseException) -> None:
        """A save that lost a race (another computer changed the account first) shows why and the newer
        values, with their version: saving again applies the change on them."""
        super().show_error(error)
        if isinstance(error, EditConflict) and self._account is not None:
            services, account_id = self._services, self._account.id
            again = self.tr("The newer version is shown now; make your change again and save.")
            self.errors.show_general(f"{error} {again}")
            self.set_busy(True, self.tr("Loading the newer version…"))
            self.tasks.run_query(lambda: services.account(account_id), self._reloaded)

    def _reloaded(self, account: AccountView | None, error: BaseException | None) -> None:
        self.set_busy(False)
        if account is None:
            if error is not None:
                super().show_error(error)
            return
        self._account = account
        self._load(account)

    # --- texts ------------------------------------------------------------------------------------

    def _caption(self, key: str) -> Callable[[], str]:
        return lambda: self._labels[key].text().replace("&", "").rstrip(":：")

    def retranslate(self) -> None:
        editing = self._account is not None
        self.setWindowTitle(self.tr("Edit account") if editing else self.tr("Add account"))
        texts = {
            "member_id": self.tr("Own&er:"),
            "platform_id": self.tr("&Platform:"),
            "new_platform": "",
            "kind": self.tr("Account &type:"),
            "name": self.tr("&Name:"),
            "number": self.tr("Account n&umber:"),
            "currency": self.tr("&Currency:"),
            "bank_class": self.tr("Account cl&ass:"),
            "bound_account_id": self.tr("&Bound account:"),
            "payment_class": self.tr("Pa&yment account class:"),
            "ecny_tier": self.tr("&Wallet tier:"),
            "ecny_operator": self.tr("Ope&rator:"),
            "credit_limit": self.tr("Cred&it limit:"),
            "statement_day": self.tr("&Statement day:"),
            "due_day": self.tr("&Due day:"),
            "opened_on": self.tr("&Opened on:"),
            "balance": self.tr("Current ba&lance:"),
            "note": self.tr("Note:"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        self.name.setPlaceholderText(self.tr("e.g. Salary card, Alipay balance"))
        self.number.setPlaceholderText(self.tr("Optional; only the last 4 digits are shown in lists"))
        self.ecny_operator.setPlaceholderText(self.tr("The bank or operator that opened the wallet"))
        self.payment_class.setItemText(0, self.tr("Not specified"))
        for box, word in (
            (self.kind, vocabulary.account_kind),
            (self.bank_class, vocabulary.bank_class),
            (self.ecny_tier, vocabulary.ecny_tier),
        ):
            for i in range(box.count()):
                box.setItemText(i, word(box.itemData(i)))
        for i in range(1, self.payment_class.count()):
            self.payment_class.setItemText(i, vocabulary.payment_class(self.payment_class.itemData(i)))
        for box in (self.statement_day, self.due_day):
            box.setSpecialValueText(self.tr("Not set"))
            box.setSuffix("")
        self.opened_on.setSpecialValueText(self.tr("Not set"))
        self._fill_platforms(select=self.platform.currentData())
        self.ok_button.setText(self.tr("Save") if editing else self.tr("Add account"))
