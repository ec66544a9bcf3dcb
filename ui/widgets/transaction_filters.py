"""The Transactions page's filter bar, always visible: search, account, member, period, amount, direction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from PySide6.QtCore import QDate, QEvent, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFrame,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.errors import MoneyError
from app.ledger import vocabulary
from app.money import parse_money
from ui.amounts import figures_font
from ui.icons import icon
from ui.language import is_language_change
from ui.models.transaction_search import TransactionQuery
from ui.widgets.flow_layout import WrapLayout

TYPING_PAUSE_MS = 150  # filter once typing pauses, not at every key
ACCOUNT_MAX_WIDTH = 260  # long account names are cut here (the full name is in the list and the tooltip)
PERIODS = (
    "all",
    "today",
    "this_month",
    "last_month",
    "last_90_days",
    "this_year",
    "last_12_months",
    "custom",
)


@dataclass(frozen=True)
class AccountChoice:
    id: int
    label: str
    member_id: int


def period_range(period: str, today: date) -> tuple[date | None, date | None]:
    """The dates a preset period covers (both ends included); "all" and unknown periods are open.

    The dates are the person's (``today`` is ``clock.local_today()``), and so are the rows' booked days:
    a range "to 12-05" holds every row of 12-05 in that zone, up to the start of 12-06.
    """
    if period == "today":
        return today, today
    if period == "this_month":
        return today.replace(day=1), today
    if period == "last_month":
        end = today.replace(day=1) - timedelta(days=1)
        return end.replace(day=1), end
    if period == "last_90_days":
        return today - timedelta(days=89), today
    if period == "this_year":
        return today.replace(month=1, day=1), today
    if period == "last_12_months":  # this month and the eleven before it
        months = today.year * 12 + today.month - 1 - 11
        return date(months // 12, months % 12 + 1, 1), today
    return None, None


class TransactionFilters(QFrame):
    """``changed`` fires when the query changes (typing is debounced); ``query()`` reads it."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterBar")
        self._count: tuple[int, int | None] | None = None  # the last count shown (shown, total)
        self.search = QLineEdit()
        self.search.setObjectName("searchField")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(240)
        self.account, self.member, self.period, self.direction = (
            QComboBox(),
            QComboBox(),
            QComboBox(),
            QComboBox(),
        )
        for combo in (self.account, self.member, self.period, self.direction):
            # As wide as the longest choice, in the language on screen: never "All membe".
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.account.setMaximumWidth(ACCOUNT_MAX_WIDTH)
        for key in PERIODS:
            self.period.addItem("", key)
        for key in ("", "in", "out", "neutral"):
            self.direction.addItem("", key)
        self.since, self.until = QDateEdit(), QDateEdit()
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setFont(figures_font(edit.font()))
            edit.hide()
            edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.min_amount, self.max_amount = QLineEdit(), QLineEdit()
        for edit in (self.min_amount, self.max_amount):
            edit.setMaximumWidth(96)
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.setFont(figures_font(edit.font()))
            edit.textChanged.connect(lambda _t: self._typing.start())
        self._dash = QLabel("–")
        self.reset = QToolButton()
        self.reset.setObjectName("resetFilters")
        self.reset.setIcon(icon("close"))
        self.reset.clicked.connect(self.clear)
        # What the Reports opened the page on (a category group and how rows count), removable in one click.
        self._category: tuple[str | None, str | None] = (None, None)  # (group, flow)
        self.category_chip = QToolButton()
        self.category_chip.setObjectName("categoryChip")
        self.category_chip.setIcon(icon("close"))
        self.category_chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.category_chip.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # the cross after the words
        self.category_chip.hide()
        self.category_chip.clicked.connect(self._clear_category)
        self.count = QLabel()
        self.count.setObjectName("hint")
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.changed.emit)
        self.search.textChanged.connect(lambda _t: self._typing.start())
        self.search.returnPressed.connect(self._now)
        for combo in (self.account, self.member, self.direction):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.member.currentIndexChanged.connect(lambda _i: self._limit_accounts())
        self.period.currentIndexChanged.connect(self._on_period)
        # Two rows of groups that wrap in a narrow window: the search, then who and which way; the
        # period, then the amounts, then the count.
        first = WrapLayout(spacing=8)
        first.addWidget(self.search, 2)
        first.add_break()
        first.addWidget(self.member)
        first.add_break()
        first.addWidget(self.account, 1)
        first.add_break()
        first.addWidget(self.direction)
        second = WrapLayout(spacing=8)
        self._period_label, self._amount_label = QLabel(), QLabel()
        second.addWidget(self._period_label)
        second.addWidget(self.period)
        second.addWidget(self.since)
        second.addWidget(self.until)
        second.addSpacing(12)
        second.addWidget(self._amount_label)
        second.addWidget(self.min_amount)
        second.addWidget(self._dash)
        second.addWidget(self.max_amount)
        second.addWidget(self.category_chip)
        second.addWidget(self.reset)
        second.addStretch(1)
        second.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(first)
        layout.addLayout(second)
        self._accounts: list[AccountChoice] = []
        self._members: list[tuple[int, str]] = []
        self._index_ready = False
        find = QShortcut(
            QKeySequence.StandardKey.Find, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        find.activated.connect(self.focus_search)
        self._retranslate()

    @property
    def today(self) -> date:
        """Asked each time: a window left open overnight filters by the new day, not the day it opened."""
        return clock.local_today()

    # --- choices --------------------------------------------------------------------------------

    def set_choices(self, accounts: list[AccountChoice], members: list[tuple[int, str]]) -> None:
        """Fill the account and member lists, keeping what was chosen when it still exists."""
        self._accounts, self._members = accounts, members
        chosen_member = self.member.currentData()
        self.member.blockSignals(True)
        self.member.clear()
        self.member.addItem(self.tr("All members"), None)
        for member_id, name in members:
            self.member.addItem(icon("member"), name, member_id)
        self.member.setCurrentIndex(max(0, self.member.findData(chosen_member)))
        self.member.blockSignals(False)
        self._limit_accounts()
        self._fit_combos()

    def _limit_accounts(self) -> None:
        """The account list shows only the chosen member's accounts."""
        member = self.member.currentData()
        chosen = self.account.currentData()
        self.account.blockSignals(True)
        self.account.clear()
        self.account.addItem(self.tr("All accounts"), None)
        for acc in self._accounts:
            if member is None or acc.member_id == member:
                self.account.addItem(acc.label, acc.id)
        self.account.setCurrentIndex(max(0, self.account.findData(chosen)))
        self.account.blockSignals(False)
        self._fit_combos()

    def _fit_combos(self) -> None:
        """No layout squeezes a choice list below its longest item (recomputed on new items and texts)."""
        for combo in (self.member, self.account, self.period, self.direction):
            width = combo.sizeHint().width()
            if combo is self.account:
                width = min(width, ACCOUNT_MAX_WIDTH)
            combo.setMinimumWidth(width)

    def set_index_ready(self, ready: bool) -> None:
        """Search and amounts need the index; until it is built they wait, greyed, with a word why."""
        self._index_ready = ready
        for edit in (self.search, self.min_amount, self.max_amount):
            edit.setEnabled(ready)
        self._retranslate()

    # --- reading ----------------------------------------------------------------------------------

    def query(self) -> TransactionQuery:
        member, account = self.member.currentData(), self.account.currentData()
        account_ids: frozenset[int] | None = None
        if account is not None:
            account_ids = frozenset({int(account)})
        elif member is not None:
            account_ids = frozenset(a.id for a in self._accounts if a.member_id == member)
        since, until = self._dates()
        low, high = self._amount(self.min_amount), self._amount(self.max_amount)
        return TransactionQuery(
            text=self.search.text().strip() if self._index_ready else "",
            account_ids=account_ids,
            since=since,
            until=until,
            direction=self.direction.currentData() or None,
            min_amount=low if self._index_ready else None,
            max_amount=high if self._index_ready else None,
            category_group=self._category[0],
            flow=self._category[1],
        )

    def _dates(self) -> tuple[date | None, date | None]:
        period = str(self.period.currentData())
        if period == "custom":
            since = self.since.date().toPython()
            until = self.until.date().toPython()
            return since, until  # type: ignore[return-value]
        return period_range(period, self.today)

    def _amount(self, edit: QLineEdit) -> Decimal | None:
        text = edit.text().strip()
        error = False
        value = None
        if text:
            try:
                value = abs(parse_money(text, "CNY").amount)
            except MoneyError as exc:
                error = True
                edit.setToolTip(str(exc))
        if not error:
            edit.setToolTip("")
        if bool(edit.property("error")) != error:
            edit.setProperty("error", error)
            edit.style().unpolish(edit)
            edit.style().polish(edit)
        return value

    # --- acting -----------------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _now(self) -> None:
        self._typing.stop()
        self.changed.emit()

    def _on_period(self, _index: int) -> None:
        custom = self.period.currentData() == "custom"
        if custom:
            start, end = self.today - timedelta(days=29), self.today
            for edit, day in ((self.since, start), (self.until, end)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
        self.since.setVisible(custom)
        self.until.setVisible(custom)
        self.changed.emit()

    def show_filtered(
        self,
        member_id: int | None = None,
        since: date | None = None,
        until: date | None = None,
        category_group: str | None = None,
        flow: str | None = None,
    ) -> None:
        """Every other filter cleared, then these set (one ``changed``): the Reports' way in."""
        self.blockSignals(True)
        try:
            self.clear()
            self.member.setCurrentIndex(max(0, self.member.findData(member_id)))
            if since is not None or until is not None:
                self.period.setCurrentIndex(self.period.findData("custom"))
                for edit, day in ((self.since, since or date(2000, 1, 1)), (self.until, until or self.today)):
                    edit.blockSignals(True)
                    edit.setDate(QDate(day.year, day.month, day.day))
                    edit.blockSignals(False)
            self._category = (category_group, flow)
            self._show_category()
        finally:
            self.blockSignals(False)
        self.changed.emit()

    def _clear_category(self) -> None:
        self._category = (None, None)
        self._show_category()
        self.changed.emit()

    def _show_category(self) -> None:
        group, flow = self._category
        words = vocabulary.category(group) if group else ""
        if flow == "income":
            text = self.tr("Income: %1").replace("%1", words) if group else self.tr("Income only")
        elif flow == "spending":
            text = self.tr("Spending: %1").replace("%1", words) if group else self.tr("Spending only")
        else:
            text = self.tr("Category: %1").replace("%1", words)
        self.category_chip.setText(text)
        self.category_chip.setToolTip(
            self.tr(
                "Counted as in the Reports: moves between own accounts and rows not counted are left out. "
                "Click to remove this filter."
            )
        )
        self.category_chip.setVisible(group is not None or flow is not None)

    def clear(self) -> None:
        """Every filter back to "all" (one ``changed``)."""
        widgets = (
            self.search,
            self.min_amount,
            self.max_amount,
            self.member,
            self.account,
            self.period,
            self.direction,
        )
        for widget in widgets:
            widget.blockSignals(True)
        self.search.clear()
        self.min_amount.clear()
        self.max_amount.clear()
        for combo in (self.member, self.period, self.direction):
            combo.setCurrentIndex(0)
        self.member.blockSignals(False)
        self._limit_accounts()
        self.account.setCurrentIndex(0)
        for widget in widgets:
            widget.blockSignals(False)
        self.since.hide()
        self.until.hide()
        self._category = (None, None)
        self._show_category()
        self._amount(self.min_amount)
        self._amount(self.max_amount)
        self._typing.stop()
        self.changed.emit()

    def show_count(self, shown: int, total: int | None) -> None:
        self._count = (shown, total)  # said again in a new language
        if total is None or shown == total:
            self.count.setText(self.tr("%Ln transactions", "", shown))
        else:
            self.count.setText(
                self.tr("%1 of %Ln transactions", "", total).replace("%1", QLocale().toString(shown))
            )

    # --- texts ------------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self.search.setPlaceholderText(
            self.tr("Search counterparty, memo, category… (Ctrl+F)")
            if self._index_ready
            else self.tr("Preparing search…")
        )
        self.search.setToolTip(
            ""
            if self._index_ready
            else self.tr("Search and amount filters become available once every transaction has been read")
        )
        period_words = {
            "all": self.tr("All time"),
            "today": self.tr("Today"),
            "this_month": self.tr("This month"),
            "last_month": self.tr("Last month"),
            "last_90_days": self.tr("Last 90 days"),
            "this_year": self.tr("This year"),
            "last_12_months": self.tr("Last 12 months"),
            "custom": self.tr("Custom range…"),
        }
        for i, key in enumerate(PERIODS):
            self.period.setItemText(i, period_words[key])
        self.direction.setItemText(0, self.tr("In and out"))
        for i, key in enumerate(("in", "out", "neutral"), start=1):
            self.direction.setItemText(i, vocabulary.direction(key))
        self.min_amount.setPlaceholderText(self.tr("Min ¥"))
        self.max_amount.setPlaceholderText(self.tr("Max ¥"))
        self._period_label.setText(self.tr("Period"))
        self._amount_label.setText(self.tr("Amount"))
        self.reset.setToolTip(self.tr("Clear every filter"))
        if self.member.count():
            self.member.setItemText(0, self.tr("All members"))
        if self.account.count():
            self.account.setItemText(0, self.tr("All accounts"))
        if self._count is not None:
            self.show_count(*self._count)
        self._show_category()
        self._fit_combos()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
