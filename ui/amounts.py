"""How amounts appear on screen, and the privacy switch that masks every one of them."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont

from app.money import Money, format_money, format_wan

RED, GREEN, NEUTRAL = "#DC2626", "#15803D", "#0F172A"


class Privacy(QObject):
    """Whether amounts are hidden; every view that shows money listens to ``changed``."""

    changed = Signal(bool)

    def __init__(self, hidden: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hidden = hidden

    @property
    def hidden(self) -> bool:
        return self._hidden

    def set_hidden(self, hidden: bool) -> None:
        if hidden != self._hidden:
            self._hidden = hidden
            self.changed.emit(hidden)


def money_text(amount: Decimal, currency: str, hidden: bool = False) -> str:
    """``¥1,234.56`` / ``US$5.00`` / ``¥****``; the marker shows the currency, CNY is the bare ¥."""
    return format_money(Money(amount, currency), masked=hidden)


def figures_font(base: QFont, point_delta: float = 0.0, bold: bool = False) -> QFont:
    """``base`` with tabular figures so digits line up in columns of amounts."""
    font = QFont(base)
    font.setFeature(QFont.Tag("tnum"), 1)
    if point_delta and font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() + point_delta)
    if bold:
        font.setWeight(QFont.Weight.DemiBold)
    return font


def wan_text(amount: Decimal, currency: str, hidden: bool = False) -> str:
    """A large sum for the Overview: ``¥12.35万`` in Chinese, exact elsewhere (and below 10,000)."""
    return format_wan(Money(amount, currency), masked=hidden)


def signed_text(amount: Decimal, currency: str, hidden: bool = False, show_code: bool | None = None) -> str:
    """A change or a movement with its sign always shown: ``+¥12.00`` / ``-¥12.00``."""
    text = format_money(Money(amount, currency), masked=hidden, show_code=show_code)
    return text if hidden or amount <= 0 else "+" + text


def change_colour(amount: Decimal | None, international: bool = False) -> str:
    """Red for a gain and green for a loss, as read in mainland China (reversed when ``international``)."""
    if amount is None or amount == 0:
        return NEUTRAL
    up = amount > 0
    return (GREEN if up else RED) if international else (RED if up else GREEN)
