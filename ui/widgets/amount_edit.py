"""An amount field: right-aligned tabular digits, read with parse_money, 大写 shown from ¥1,000 up."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from app.errors import MoneyError
from app.money import Money, amount_in_chinese_capitals, format_money, parse_money
from ui.amounts import figures_font
from ui.language import is_language_change

CAPITALS_FROM = Decimal(1000)


class AmountEdit(QWidget):
    """Typed text stays as typed; ``amount()`` parses it exactly (never rounds) or raises MoneyError."""

    changed = Signal()

    def __init__(self, currency: str = "CNY", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._currency = currency
        self.edit = QLineEdit()
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit.setFont(figures_font(self.edit.font()))
        self.edit.setPlaceholderText("0.00")
        self.capitals = QLabel()
        self.capitals.setObjectName("capitals")
        self.capitals.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.capitals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.capitals.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.capitals)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._on_text)

    def set_currency(self, currency: str) -> None:
        self._currency = currency
        self._update_capitals()

    def set_amount(self, amount: Decimal | None) -> None:
        if amount is None:
            self.edit.clear()
            return
        try:
            text = format_money(Money(amount, self._currency), show_code=False)
        except MoneyError:
            text = f"{amount:f}"
        self.edit.setText(text)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 (mirrors QLineEdit for callers and tests)
        self.edit.setText(text)

    def amount(self) -> Decimal | None:
        """The typed amount, None when empty; MoneyError (with a message to show) when unreadable."""
        text = self.edit.text().strip()
        if not text:
            return None
        return parse_money(text, self._currency).amount

    def _on_text(self, _text: str) -> None:
        self._update_capitals()
        self.changed.emit()

    def _update_capitals(self) -> None:
        # 大写 is how Chinese cheques and transfer slips confirm a yuan amount; only CNY has it.
        try:
            amount = self.amount()
        except MoneyError:
            amount = None
        if self._currency.upper() != "CNY" or amount is None or abs(amount) < CAPITALS_FROM:
            self.capitals.hide()
            return
        try:
            words = amount_in_chinese_capitals(amount)
        except ValueError:  # beyond 10**16: no capitals, the amount itself is still shown
            self.capitals.hide()
            return
        self.capitals.setText(self.tr("In capitals: %1").replace("%1", words))
        self.capitals.show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._update_capitals()
        super().changeEvent(event)
