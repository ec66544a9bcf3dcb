"""Top of the Overview: 总资产 in large figures, the eye toggle, net worth, liabilities, today's change."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from app.ledger.records import Total
from ui.amounts import change_colour, figures_font, signed_text, wan_text
from ui.language import is_language_change
from ui.models.overview import OverviewSnapshot, StalePlatform
from ui.when import short_date

translate = QCoreApplication.translate  # lupdate reads translate("OverviewHeader", "...") calls


def banner_labels(scale: float) -> tuple[QLabel, QLabel]:
    """The caption and the large figure of a totals banner (tabular digits, ``scale`` × body size)."""
    caption = QLabel()
    caption.setObjectName("totalCaption")
    amount = QLabel()
    amount.setObjectName("totalAmount")
    font = figures_font(amount.font(), bold=True)
    font.setPointSizeF(max(font.pointSizeF(), 10) * scale)
    amount.setFont(font)
    return caption, amount


def eye_button(privacy_action: QAction) -> QToolButton:
    """The privacy toggle as an icon button beside a total."""
    eye = QToolButton()
    eye.setObjectName("eyeButton")
    eye.setDefaultAction(privacy_action)
    eye.setIconSize(QSize(22, 22))
    eye.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
    return eye


def list_text(items: list[str]) -> str:
    """Names joined the way the language lists them ("a, b" / "甲、乙")."""
    return translate("OverviewHeader", ", ").join(items)


def rates_note(totals: list[Total]) -> str:
    """ "Converted to CNY at the rates of 2025-03-31 (HKD, USD)" and what was left out for want of a rate."""
    dates: dict[str, date] = {}
    missing: set[str] = set()
    for total in totals:
        dates.update(total.rate_dates)
        missing.update(total.missing_rates)
    notes = []
    if dates:
        by_day: dict[date, list[str]] = {}
        for code, day in sorted(dates.items()):
            by_day.setdefault(day, []).append(code)
        rates = "; ".join(f"{short_date(day)} ({list_text(codes)})" for day, codes in sorted(by_day.items()))
        notes.append(translate("OverviewHeader", "Converted to CNY at the rates of %1").replace("%1", rates))
    if missing:
        left_out = translate("OverviewHeader", "Not included, no exchange rate yet: %1")
        notes.append(left_out.replace("%1", list_text(sorted(missing))))
    return " · ".join(notes)


class _Stat(QWidget):
    """A caption over a figure."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setObjectName("statCaption")
        self.value = QLabel()
        self.value.setObjectName("statValue")
        font = figures_font(self.value.font(), bold=True)
        font.setPointSizeF(max(font.pointSizeF(), 10) * 1.25)
        self.value.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(self.caption)
        layout.addWidget(self.value)


class OverviewHeader(QFrame):
    """Shows an ``OverviewSnapshot``'s totals; every figure follows the privacy switch."""

    def __init__(self, privacy_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("totalBanner")
        self._caption, self.amount = banner_labels(2.6)
        self._eye = eye_button(privacy_action)
        self.net, self.liabilities, self.change = _Stat(), _Stat(), _Stat()
        stats = QGridLayout()
        stats.setHorizontalSpacing(40)
        for column, stat in enumerate((self.net, self.liabilities, self.change)):
            stats.addWidget(stat, 0, column)
        stats.setColumnStretch(3, 1)
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self.stale = QLabel()
        self.stale.setObjectName("staleLine")
        self.stale.setWordWrap(True)
        top = QHBoxLayout()
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self._caption)
        text.addWidget(self.amount)
        top.addLayout(text, 1)
        top.addWidget(self._eye, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 14, 16, 14)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(stats)
        layout.addWidget(self.note)
        layout.addWidget(self.stale)
        self._snapshot: OverviewSnapshot | None = None
        self._hidden = False
        self._international = False
        self._retranslate()

    def set_snapshot(self, snapshot: OverviewSnapshot | None) -> None:
        self._snapshot = snapshot
        self._show()

    def set_hidden(self, hidden: bool) -> None:
        self._hidden = hidden
        self._show()

    def set_international(self, international: bool) -> None:
        """Green up / red down instead of mainland China's red up / green down."""
        self._international = international
        self._show()

    def _show(self) -> None:
        snap, hidden = self._snapshot, self._hidden
        if snap is None:
            for label in (self.amount, self.net.value, self.liabilities.value, self.change.value):
                label.setText("—")
            self.note.hide()
            self.stale.hide()
            return
        self.amount.setText(wan_text(snap.assets.amount, "CNY", hidden))
        self.amount.setToolTip("" if hidden else self.tr("Everything the household holds, before debts"))
        self.net.value.setText(wan_text(snap.net.amount, "CNY", hidden))
        self.liabilities.value.setText(wan_text(-snap.liabilities.amount, "CNY", hidden))
        self._show_change(snap.today_change, hidden)
        note = rates_note([snap.net])
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self._show_stale(snap.stale)

    def _show_change(self, change: Decimal | None, hidden: bool) -> None:
        if change is None:
            self.change.value.setText("—")
            self.change.value.setStyleSheet("")
            return
        arrow = "" if hidden or change == 0 else ("▲ " if change > 0 else "▼ ")
        self.change.value.setText(arrow + signed_text(change, "CNY", hidden))
        colour = change_colour(None if hidden else change, self._international)
        self.change.value.setStyleSheet(f"color: {colour};")

    def _show_stale(self, stale: list[StalePlatform]) -> None:
        if not stale:
            self.stale.hide()
            return
        names = list_text([s.name for s in stale])
        self.stale.setText("⚠ " + self.tr("These platforms may be out of date: %1").replace("%1", names))
        self.stale.setToolTip("\n".join(f"{s.name}: {s.reason}" if s.reason else s.name for s in stale))
        self.stale.show()

    def _retranslate(self) -> None:
        self._caption.setText(self.tr("Total assets"))
        self.net.caption.setText(self.tr("Net worth"))
        self.liabilities.caption.setText(self.tr("Liabilities"))
        self.change.caption.setText(self.tr("Today's change"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
