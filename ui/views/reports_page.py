"""Reports: spending by category per month, income and spending, net worth over time, and cash flow
between platforms, each for a period and one member or all, exportable as PNG and CSV.

The figures are the core's (``AppServices.report``, read on a worker); this page only draws them. A
click on a bar opens the Transactions page on the rows behind it (``open_transactions``). While amounts
are hidden the charts keep their shapes without a figure, the table masks its amounts, and CSV export
is off (a file would carry every amount); a PNG shows what the screen shows, so it stays available.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.changes import Changes
from app.services import (
    REPORT_KINDS,
    CashFlowBetweenPlatforms,
    IncomeAndSpending,
    NetWorthOverTime,
    Report,
    SpendingByCategory,
    outside_name,
)
from ui.amounts import Privacy, figures_font, money_text
from ui.error_text import error_text
from ui.language import is_language_change
from ui.settings import Settings
from ui.tasks import TaskManager
from ui.vault_session import VaultSession
from ui.widgets.cell_delegate import CellDelegate
from ui.widgets.flow_layout import WrapLayout
from ui.widgets.report_charts import MonthlyBars, NetWorthLines
from ui.widgets.report_filters import ReportFilters

REFRESH_KINDS = ("members", "platforms", "accounts", "rates", "transactions")


@dataclass(frozen=True)
class TransactionsWanted:
    """The rows behind a figure: what the Transactions page is asked to show."""

    member_id: int | None
    since: date
    until: date
    flow: str  # spending | income
    category_group: str | None = None


class ReportsPage(QWidget):
    """``loaded`` fires when a report is on screen; ``exported(path)`` when a file was written."""

    open_transactions = Signal(object)  # TransactionsWanted
    loaded = Signal()
    exported = Signal(str)

    def __init__(
        self,
        session: VaultSession,
        tasks: TaskManager,
        privacy: Privacy,
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPage")
        self.session, self.tasks, self.privacy, self.settings = session, tasks, privacy, settings
        self.report: Report | None = None
        self._loading = 0
        self._dirty = False
        self._error = ""
        self._notice: tuple[str, str] | None = (
            None  # (what, path) of the last export, said again in a new language
        )
        self._title = QLabel()
        self._title.setObjectName("pageTitle")
        self.kind = QComboBox()
        self.kind.setObjectName("reportKind")
        for key in REPORT_KINDS:
            self.kind.addItem("", key)
        self._kind_label = QLabel()
        self._kind_label.setBuddy(self.kind)
        self.filters = ReportFilters()
        self.by = QComboBox()
        self.by.setObjectName("netWorthBy")
        self.by.addItem("", "member")
        self.by.addItem("", "platform_kind")
        self.png_button, self.csv_button = QPushButton(), QPushButton()
        self.png_button.clicked.connect(lambda: self.export_png())
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.bars = MonthlyBars()
        self.bars.bar_clicked.connect(self._bar_clicked)
        self.lines = NetWorthLines()
        self.table = QTableWidget(0, 4)
        self.table.setItemDelegate(CellDelegate(self.table))  # no frame around the current cell
        self.table.setObjectName("cashFlowTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column, mode in enumerate(
            (
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.Stretch,
                QHeaderView.ResizeMode.ResizeToContents,
                QHeaderView.ResizeMode.ResizeToContents,
            )
        ):
            header.setSectionResizeMode(column, mode)
        self.nothing = QLabel()
        self.nothing.setObjectName("hint")
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        for widget in (self.bars, self.lines, self.table, self.nothing):
            self.stack.addWidget(widget)
        self._panel_title = QLabel()
        self._panel_title.setObjectName("panelTitle")
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)
        self.summary.setFont(figures_font(self.summary.font()))
        self.notice = QLabel()
        self.notice.setObjectName("hint")
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.panel = QFrame()
        self.panel.setObjectName("panel")
        inside = QVBoxLayout(self.panel)
        inside.setContentsMargins(16, 12, 16, 12)
        inside.setSpacing(8)
        inside.addWidget(self._panel_title)
        inside.addWidget(self.stack, 1)
        inside.addWidget(self.summary)
        # One row that wraps by groups in a narrow window: the report, its filters, then the exports.
        bar = WrapLayout(spacing=8)
        bar.addWidget(self._kind_label)
        bar.addWidget(self.kind)
        for group in self.filters.groups():
            bar.add_break()
            for widget in group:
                bar.addWidget(widget)
        bar.add_break()
        bar.addWidget(self.by)
        bar.addStretch(1)
        bar.addWidget(self.png_button)
        bar.addWidget(self.csv_button)
        self.filters.setParent(self)  # holds no widget now; kept for its signals and language changes
        self.filters.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(self._title)
        layout.addLayout(bar)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.notice)
        order = [
            self.kind,
            self.filters.member,
            self.filters.period,
            self.filters.since,
            self.filters.until,
            self.by,
            self.png_button,
            self.csv_button,
        ]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.setFocusProxy(self.kind)
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        self.by.currentIndexChanged.connect(lambda _i: self.reload())
        self.filters.changed.connect(self.reload)
        session.unlocked.connect(self.reload)
        session.locked.connect(self.clear)
        tasks.changes.connect(self._on_changes)
        privacy.changed.connect(lambda _h: self._on_privacy())
        self._retranslate()
        self.clear()

    # --- reading ----------------------------------------------------------------------------------

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(REPORT_KINDS.index(kind))

    def reload(self) -> None:
        """Read the chosen report now if the page is on screen; otherwise when it is next shown."""
        self.by.setVisible(self.current_kind() == "net_worth")
        if not self.session.is_unlocked:
            return
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        self._loading += 1
        sequence, generation, services = self._loading, self.session.generation, self.session.services
        kind, flt, by = self.current_kind(), self.filters.report_filter(), str(self.by.currentData())

        def read() -> tuple[list[tuple[int, str]], Report]:
            members = [(m.id, m.name or f"#{m.id}") for m in services.members()]
            return members, services.report(kind, flt, by=by)

        def done(result: tuple[list[tuple[int, str]], Report] | None, error: BaseException | None) -> None:
            if sequence != self._loading or generation != self.session.generation:
                return
            if error is not None or result is None:
                self._error = self.tr("The report could not be read: %1").replace("%1", error_text(error))
                self.report = None
                self._show()
                return
            self._error = ""
            members, self.report = result
            self.filters.set_members(members)
            self._show()
            self.loaded.emit()

        self.tasks.run_query(read, done)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._dirty:
            self.reload()

    def clear(self) -> None:
        """Forget every figure (the vault is locking)."""
        self._loading += 1
        self._dirty = False
        self.report = None
        self._error = ""
        self._notice = None
        self.filters.set_members([])
        self._show()

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(*REFRESH_KINDS):
            self.reload()

    def _on_privacy(self) -> None:
        self._show()

    # --- showing ----------------------------------------------------------------------------------

    @property
    def view(self) -> QWidget:
        """What is on screen in the panel (a chart, the table, or the words saying there is nothing)."""
        return self.stack.currentWidget()

    def _show(self) -> None:
        hidden, report = self.privacy.hidden, self.report
        self.csv_button.setEnabled(report is not None and not hidden)
        self.csv_button.setToolTip(self.tr("Show amounts to export them") if hidden else "")
        self.png_button.setEnabled(report is not None)
        self.bars.set_hidden(hidden)
        self.lines.set_hidden(hidden)
        self.notice.setText(self._notice_text())
        if report is None:
            self._panel_title.setText(self._kind_title(self.current_kind()))
            self.nothing.setText(self._error or (self.tr("Reading…") if self.session.is_unlocked else ""))
            self.summary.setText("")
            self.stack.setCurrentWidget(self.nothing)
            return
        if isinstance(report, SpendingByCategory):
            self._show_spending(report)
        elif isinstance(report, IncomeAndSpending):
            self._show_income_spending(report)
        elif isinstance(report, NetWorthOverTime):
            self._show_net_worth(report)
        else:
            self._show_cash_flow(report)
        if report.missing_rates:
            note = self.tr("Left out for want of an exchange rate to CNY: %1").replace(
                "%1", "、".join(report.missing_rates)
            )
            self.summary.setText("\n".join(t for t in (self.summary.text(), note) if t))

    def _money(self, amount: Decimal) -> str:
        return money_text(amount, "CNY", self.privacy.hidden)

    def _titled(self, title: str, unit: str) -> None:
        self._panel_title.setText(self.tr("%1 (%2)").replace("%1", title).replace("%2", unit))

    def _show_spending(self, report: SpendingByCategory) -> None:
        if not report.groups:
            self._nothing(self.tr("No spending in this period."))
            return
        self.bars.show_spending(report)
        self._titled(self.tr("Spending by category per month"), self.bars.unit)
        self.stack.setCurrentWidget(self.bars)
        self.summary.setText(
            self.tr(
                "Spent %1 over %Ln month(s); click a bar to see its transactions.", "", len(report.months)
            ).replace("%1", self._money(report.total))
        )

    def _show_income_spending(self, report: IncomeAndSpending) -> None:
        if not any(report.income) and not any(report.spending):
            self._nothing(self.tr("No income or spending in this period."))
            return
        international = self.settings.international_colours if self.settings is not None else False
        self.bars.show_income_spending(report, international)
        self._titled(self.tr("Income and spending per month"), self.bars.unit)
        self.stack.setCurrentWidget(self.bars)
        earned, spent = sum(report.income, Decimal(0)), sum(report.spending, Decimal(0))
        self.summary.setText(
            self.tr("Income %1, spending %2, left over %3.")
            .replace("%1", self._money(earned))
            .replace("%2", self._money(spent))
            .replace("%3", self._money(earned - spent))
        )

    def _show_net_worth(self, report: NetWorthOverTime) -> None:
        if not report.days or not report.series:
            self._nothing(self.tr("No balances to show for this period."))
            return
        self.lines.show_report(report)
        title = (
            self.tr("Net worth at each month's end, by member")
            if report.by == "member"
            else self.tr("Net worth at each month's end, by platform kind")
        )
        self._titled(title, self.lines.unit)
        self.stack.setCurrentWidget(self.lines)
        first, last = report.totals[0], report.totals[-1]
        self.summary.setText(
            self.tr("From %1 on %2 to %3 on %4.")
            .replace("%1", self._money(first))
            .replace("%2", report.days[0].isoformat())
            .replace("%3", self._money(last))
            .replace("%4", report.days[-1].isoformat())
        )

    def _show_cash_flow(self, report: CashFlowBetweenPlatforms) -> None:
        if not report.flows:
            self._nothing(self.tr("No moves between own accounts on different platforms in this period."))
            return
        self._panel_title.setText(self.tr("Moves between own accounts, from one platform to another"))
        self.table.setRowCount(len(report.flows))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, flow in enumerate(report.flows):
            cells = (
                flow.source if flow.source_id is not None else outside_name(),
                flow.target if flow.target_id is not None else outside_name(),
                self.tr("%Ln transfer(s)", "", flow.count),
                self._money(flow.amount),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text if column < 2 else "")
                if column >= 2:
                    item.setTextAlignment(right)
                    item.setFont(figures_font(self.table.font()))
                self.table.setItem(row, column, item)
        self.stack.setCurrentWidget(self.table)
        self.summary.setText(
            self.tr("In all %1 moved between platforms.").replace("%1", self._money(report.total))
        )

    def _nothing(self, text: str) -> None:
        self._panel_title.setText(self._kind_title(self.current_kind()))
        self.nothing.setText(text)
        self.summary.setText("")
        self.stack.setCurrentWidget(self.nothing)

    # --- acting -----------------------------------------------------------------------------------

    def _bar_clicked(self, key: str, month: date) -> None:
        report = self.report
        if not isinstance(report, SpendingByCategory | IncomeAndSpending):
            return
        flt = self.filters.report_filter()
        since = month
        until = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        # The month, within the period the report was asked for.
        since = max(since, flt.since) if flt.since else since
        until = min(until, flt.until) if flt.until else until
        if isinstance(report, SpendingByCategory):
            wanted = TransactionsWanted(flt.member_id, since, until, "spending", key)
        else:
            wanted = TransactionsWanted(flt.member_id, since, until, key)
        self.open_transactions.emit(wanted)

    def _default_name(self, suffix: str) -> str:
        words = {
            "spending": self.tr("spending-by-category"),
            "income_spending": self.tr("income-and-spending"),
            "net_worth": self.tr("net-worth"),
            "cash_flow": self.tr("cash-flow"),
        }
        return f"{words.get(self.current_kind(), 'report')}-{clock.local_today().isoformat()}.{suffix}"

    def export_png(self, path: Path | str | None = None) -> bool:
        """Save what the panel shows as a PNG (``path``, or one chosen in a dialog); False when nothing was saved."""
        if self.report is None:
            return False
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Export PNG"), self._default_name("png"), self.tr("PNG images (*.png)")
            )
            if not chosen:
                return False
            path = chosen
        saved = self.panel.grab().save(str(path), "PNG")
        self._said("png", str(path) if saved else "")
        if saved:
            self.exported.emit(str(path))
        return saved

    def export_csv(self, path: Path | str | None = None) -> bool:
        """Write the report as CSV through the core (on a worker); refused while amounts are hidden."""
        report = self.report
        if report is None or self.privacy.hidden or not self.session.is_unlocked:
            return False
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Export CSV"), self._default_name("csv"), self.tr("CSV files (*.csv)")
            )
            if not chosen:
                return False
            path = chosen
        target, services = str(path), self.session.services

        def done(_result: object, error: BaseException | None) -> None:
            if error is not None:
                self._notice = None
                self.notice.setText(
                    self.tr("The file could not be written: %1").replace("%1", error_text(error))
                )
                return
            self._said("csv", target)
            self.exported.emit(target)

        self.tasks.run_query(lambda: services.export_report(report, target), done)
        return True

    def _said(self, what: str, path: str) -> None:
        self._notice = (what, path) if path else None
        self.notice.setText(self._notice_text() if path else self.tr("The image could not be saved."))

    def _notice_text(self) -> str:
        if self._notice is None:
            return ""
        return self.tr("Saved to %1").replace("%1", self._notice[1])

    # --- texts ------------------------------------------------------------------------------------

    def _kind_title(self, kind: str) -> str:
        return {
            "spending": self.tr("Spending by category"),
            "income_spending": self.tr("Income and spending"),
            "net_worth": self.tr("Net worth over time"),
            "cash_flow": self.tr("Cash flow between platforms"),
        }.get(kind, "")

    def _retranslate(self) -> None:
        self._title.setText(self.tr("Reports"))
        self._kind_label.setText(self.tr("&Report:"))
        for i, key in enumerate(REPORT_KINDS):
            self.kind.setItemText(i, self._kind_title(key))
        self.by.setItemText(0, self.tr("By member"))
        self.by.setItemText(1, self.tr("By platform kind"))
        self.png_button.setText(self.tr("Export PNG…"))
        self.png_button.setToolTip(self.tr("Save the chart as it is on screen"))
        self.csv_button.setText(self.tr("Export CSV…"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("From platform"), self.tr("To platform"), self.tr("Transfers"), self.tr("Amount")]
        )
        self._show()  # series names, month labels and units in the new language

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
