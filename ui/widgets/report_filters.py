"""The Reports page's filters: the member and the period, the same notions as the Transactions page's bar.

The period presets, their dates and their words are the Transactions filter bar's (``PERIODS``,
``period_range``, translated in its context), so both pages mean the same thing by "Last month".
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QCoreApplication, QDate, QEvent, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QWidget

from app import clock
from app.services import ReportFilter
from ui.amounts import figures_font
from ui.icons import icon
from ui.language import is_language_change
from ui.widgets.transaction_filters import PERIODS, period_range

DEFAULT_PERIOD = "last_12_months"
# Reports count by month: a single day ("today") is the Transactions page's business, not a report's.
REPORT_PERIODS = tuple(p for p in PERIODS if p != "today")


def _period_words() -> dict[str, str]:
    # The Transactions bar's words, in its context (one translation for both pages).
    return {
        "all": QCoreApplication.translate("TransactionFilters", "All time"),
        "this_month": QCoreApplication.translate("TransactionFilters", "This month"),
        "last_month": QCoreApplication.translate("TransactionFilters", "Last month"),
        "last_90_days": QCoreApplication.translate("TransactionFilters", "Last 90 days"),
        "this_year": QCoreApplication.translate("TransactionFilters", "This year"),
        "last_12_months": QCoreApplication.translate("TransactionFilters", "Last 12 months"),
        "custom": QCoreApplication.translate("TransactionFilters", "Custom range…"),
    }


class ReportFilters(QWidget):
    """``changed`` fires when the member or the period changes; ``report_filter()`` reads them."""

    changed = Signal()

    @property
    def today(self) -> date:
        """The person's today, read each time (a window left open overnight moves on)."""
        return clock.local_today()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.member = QComboBox()
        self.member.setObjectName("reportMember")
        self.member.addItem("", None)
        self.period = QComboBox()
        self.period.setObjectName("reportPeriod")
        for key in REPORT_PERIODS:
            self.period.addItem("", key)
        self.period.setCurrentIndex(REPORT_PERIODS.index(DEFAULT_PERIOD))
        self.since, self.until = QDateEdit(), QDateEdit()
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setFont(figures_font(edit.font()))
            edit.hide()
            edit.dateChanged.connect(lambda _d: self.changed.emit())
        self._member_label, self._period_label = QLabel(), QLabel()
        self._member_label.setBuddy(self.member)
        self._period_label.setBuddy(self.period)
        self.member.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.period.currentIndexChanged.connect(self._on_period)
        self._retranslate()

    def groups(self) -> list[list[QWidget]]:
        """The filter's widgets in groups that stay together on a line (a label and its field): the page
        lays them out in its own wrapping row, so a narrow window puts the period under the member."""
        return [[self._member_label, self.member], [self._period_label, self.period, self.since, self.until]]

    def set_members(self, members: list[tuple[int, str]]) -> None:
        """Fill the member list, keeping the one chosen when it is still there (no ``changed``)."""
        chosen = self.member.currentData()
        self.member.blockSignals(True)
        while self.member.count() > 1:
            self.member.removeItem(1)
        for member_id, name in members:
            self.member.addItem(icon("member"), name, member_id)
        self.member.setCurrentIndex(max(0, self.member.findData(chosen)))
        self.member.blockSignals(False)

    def member_id(self) -> int | None:
        data = self.member.currentData()
        return int(data) if data is not None else None

    def dates(self) -> tuple[date | None, date | None]:
        if self.period.currentData() == "custom":
            since: date = self.since.date().toPython()  # type: ignore[assignment]
            until: date = self.until.date().toPython()  # type: ignore[assignment]
            return (since, until) if since <= until else (until, since)
        return period_range(str(self.period.currentData()), self.today)

    def report_filter(self) -> ReportFilter:
        since, until = self.dates()
        return ReportFilter(since=since, until=until, member_id=self.member_id())

    def _on_period(self, _index: int) -> None:
        custom = self.period.currentData() == "custom"
        if custom:
            start, end = self.today.replace(day=1) - timedelta(days=1), self.today
            start = start.replace(day=1)
            for edit, day in ((self.since, start), (self.until, end)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        self.since.setVisible(custom)
        self.until.setVisible(custom)
        self.changed.emit()

    def _retranslate(self) -> None:
        words = _period_words()
        for i, key in enumerate(REPORT_PERIODS):
            self.period.setItemText(i, words[key])
        self.member.setItemText(0, QCoreApplication.translate("TransactionFilters", "All members"))
        self._member_label.setText(self.tr("&Member:"))
        self._period_label.setText(self.tr("&Period:"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
