"""The Reports page's charts (QtCharts): bars per month (stacked by category, or income beside spending)
and lines of net worth over time.

Axes end on round figures (0, 100, 200 … or steps of 万 in Chinese, as the Overview's chart scales), and
the unit goes in the panel's title since axis labels cannot carry it. ``set_hidden`` removes every figure
(value axis labels and tooltips) and keeps the shapes. Every value a person reads in a tooltip is the
core's exact Decimal; the floats here only place the shapes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, QLocale, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QCursor, QFontMetrics, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QToolTip, QWidget

from app import i18n
from app.ledger import vocabulary
from app.services import IncomeAndSpending, NetWorthOverTime, SpendingByCategory, series_name
from ui.amounts import change_colour, money_text

# One colour per category group, so a group keeps its colour whatever else is shown.
GROUP_COLOURS = {
    "food": "#F97316",
    "housing": "#2563EB",
    "shopping": "#DB2777",
    "transport": "#0D9488",
    "utilities": "#CA8A04",
    "health": "#DC2626",
    "education": "#7C3AED",
    "entertainment": "#16A34A",
    "finance": "#475569",
    "transfers": "#0EA5E9",
    "income": "#A16207",
    "other": "#94A3B8",
}
LINE_COLOURS = ("#1D4ED8", "#F97316", "#16A34A", "#DB2777", "#7C3AED", "#0D9488", "#CA8A04", "#DC2626")
AXIS_GREY, GRID_GREY = "#64748B", "#E5E7EB"


def value_scale(biggest: Decimal) -> tuple[Decimal, str]:
    """The divisor of the value axis labels and the unit they are in, as the Overview's chart scales:
    万 from 10,000 in Chinese (0, 2.5, 5 … 万 rather than 25000, 50000), thousands from 10,000 elsewhere
    (the words are the Overview's)."""
    if i18n.language() == "zh_CN" and biggest >= 10_000:
        return Decimal(10_000), QCoreApplication.translate("BalanceChart", "10k yuan")
    if i18n.language() != "zh_CN" and biggest >= 10_000:
        return Decimal(1_000), QCoreApplication.translate("BalanceChart", "thousand yuan")
    return Decimal(1), QCoreApplication.translate("BalanceChart", "yuan")


def nice_range(low: float, high: float, ticks: int = 5) -> tuple[float, float, float]:
    """(bottom, top, step) covering ``low``..``high`` and zero, on round steps (1, 2, 2.5 or 5 × 10ⁿ)."""
    low, high = min(low, 0.0), max(high, 0.0)
    span = high - low
    if span <= 0:
        return 0.0, 1.0, 0.25
    raw = span / max(ticks - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw - 1e-12)
    return math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step, step


def month_label(month: date) -> str:
    """A month on an axis: "Mar 2026" / "2026年3月" (the format is a translatable string)."""
    fmt = QCoreApplication.translate("ReportCharts", "MMM yyyy")
    return QLocale().toString(QDate(month.year, month.month, 1), fmt)


def short_month_labels(months: list[date], years: bool = True) -> list[str]:
    """Months for a narrow axis: the year only at the first month and at each January ("26年1月", "2月",
    "3月" / "Jan 2026", "Feb", "Mar"), or (``years`` off) nowhere; a month named twice gets an invisible
    mark (axis labels are keys)."""
    fmt = QCoreApplication.translate("ReportCharts", "MMM")
    out: list[str] = []
    for i, month in enumerate(months):
        text = month_label(month) if years and (i == 0 or month.month == 1) else QLocale().toString(
            QDate(month.year, month.month, 1), fmt)
        while text in out:
            text += "\u200b"
        out.append(text)
    return out


class _ReportChart(QChartView):
    """A chart with a value axis on round ticks, a legend below, and figures that can be hidden."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(180)  # a 768 px laptop keeps the chart whole under a wrapped filter row
        chart = QChart()
        chart.setBackgroundVisible(False)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.legend().setLabelColor(QColor("#334155"))
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.setChart(chart)
        self.setStyleSheet("background: transparent")  # the panel around it is the background
        self.hidden = False
        self.divisor, self.unit = Decimal(1), ""
        self.value_axis: QValueAxis | None = None
        self.month_axis: QBarCategoryAxis | QCategoryAxis | None = None
        self.month_labels: list[str] = []
        self.month_short: list[str] = []
        self.month_shortest: list[str] = []

    def _reset(self) -> QChart:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.value_axis = None
        self.month_axis, self.month_labels, self.month_short, self.month_shortest = None, [], [], []
        return chart

    def _set_month_axis(self, axis: QAbstractAxis, months: list[date]) -> None:
        self.month_axis = axis
        self.month_labels = [month_label(m) for m in months]
        self.month_short = short_month_labels(months)
        self.month_shortest = short_month_labels(months, years=False)
        self._fit_month_labels()

    def _fit_month_labels(self) -> None:
        """Month labels are whole, never cut to "26…": "2026年3月" while each has the room, else "3月" with
        the year only at the first month and each January, else the month alone. (Qt Charts cuts slanted
        labels to the same room, so they stay flat.)"""
        axis = self.month_axis
        if axis is None or not self.month_labels:
            return
        metrics = QFontMetrics(axis.labelsFont())
        room = max(self.width() - 90, 1) / len(self.month_labels)  # less the value axis and margins
        choices = (self.month_labels, self.month_short, self.month_shortest)
        labels = next(
            (c for c in choices if max(metrics.horizontalAdvance(t) for t in c) + 8 <= room), choices[-1]
        )
        shown = axis.categories() if isinstance(axis, QBarCategoryAxis) else axis.categoriesLabels()
        if shown != labels:
            for old, new in zip(shown, labels, strict=True):
                if old != new:
                    axis.replace(old, new) if isinstance(axis, QBarCategoryAxis) else axis.replaceLabel(old, new)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit_month_labels()

    def _add_value_axis(self, low: Decimal, high: Decimal) -> QValueAxis:
        self.divisor, self.unit = value_scale(max(abs(low), abs(high)))
        bottom, top, step = nice_range(float(low / self.divisor), float(high / self.divisor))
        axis = QValueAxis()
        axis.setRange(bottom, top)
        axis.setTickCount(int(round((top - bottom) / step)) + 1)
        axis.setLabelFormat("%.1f" if step < 1 or step != int(step) else "%.0f")
        axis.setLabelsColor(QColor(AXIS_GREY))
        axis.setGridLineColor(QColor(GRID_GREY))
        axis.setLinePen(QPen(QColor(GRID_GREY)))
        axis.setLabelsVisible(not self.hidden)
        self.chart().addAxis(axis, Qt.AlignmentFlag.AlignLeft)
        self.value_axis = axis
        return axis

    def set_hidden(self, hidden: bool) -> None:
        self.hidden = hidden
        if self.value_axis is not None:
            self.value_axis.setLabelsVisible(not hidden)
        if hidden:
            QToolTip.hideText()

    def _tip(self, text: str) -> None:
        if self.hidden or not text:
            QToolTip.hideText()
        else:
            QToolTip.showText(QCursor.pos(), text, self)

    @property
    def series_count(self) -> int:
        return len(self.chart().series())


class MonthlyBars(_ReportChart):
    """Bars per month: spending stacked by category group, or income beside spending.

    ``bar_clicked(key, month)``: ``key`` is the category group (spending by category) or "income" /
    "spending" (income and spending); ``month`` is the month's first day.
    """

    bar_clicked = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monthlyBars")
        self.months: tuple[date, ...] = ()
        self.bars: dict[str, QBarSet] = {}  # key -> its bar set
        self._values: dict[str, tuple[Decimal, ...]] = {}
        self._totals: tuple[Decimal, ...] = ()
        self._names: dict[str, str] = {}
        self.series: QBarSeries | QStackedBarSeries | None = None

    def show_spending(self, report: SpendingByCategory) -> None:
        values = {g: tuple(row[i] for row in report.amounts) for i, g in enumerate(report.groups)}
        names = {g: vocabulary.category(g) for g in report.groups}
        colours = {g: GROUP_COLOURS.get(g, "#94A3B8") for g in report.groups}
        self._draw(
            QStackedBarSeries(),
            report.months,
            values,
            names,
            colours,
            report.month_totals,
            max(report.month_totals, default=Decimal(0)),
        )

    def show_income_spending(self, report: IncomeAndSpending, international: bool = False) -> None:
        values = {"income": report.income, "spending": report.spending}
        names = {
            "income": QCoreApplication.translate("ReportCharts", "Income"),
            "spending": QCoreApplication.translate("ReportCharts", "Spending"),
        }
        colours = {
            "income": change_colour(Decimal(1), international),
            "spending": change_colour(Decimal(-1), international),
        }
        biggest = max([*report.income, *report.spending], default=Decimal(0))
        self._draw(QBarSeries(), report.months, values, names, colours, report.net, biggest)

    def _draw(
        self,
        series: QBarSeries | QStackedBarSeries,
        months: Sequence[date],
        values: dict[str, tuple[Decimal, ...]],
        names: dict[str, str],
        colours: dict[str, str],
        totals: Sequence[Decimal],
        biggest: Decimal,
    ) -> None:
        chart = self._reset()
        self.months, self._values, self._names, self._totals = tuple(months), values, names, tuple(totals)
        self.series = series
        axis = self._add_value_axis(Decimal(0), biggest)
        self.bars = {}
        for key, amounts in values.items():
            bar = QBarSet(names[key])
            bar.setColor(QColor(colours[key]))
            bar.setBorderColor(QColor(colours[key]))
            bar.append([float(a / self.divisor) for a in amounts])
            series.append(bar)
            self.bars[key] = bar
        series.setBarWidth(0.6)
        series.hovered.connect(self._hovered)
        series.clicked.connect(self._clicked)
        chart.addSeries(series)
        months_axis = QBarCategoryAxis()
        months_axis.append([month_label(m) for m in months])
        months_axis.setGridLineVisible(False)
        months_axis.setLabelsColor(QColor(AXIS_GREY))
        months_axis.setLinePen(QPen(QColor(GRID_GREY)))
        chart.addAxis(months_axis, Qt.AlignmentFlag.AlignBottom)
        self._set_month_axis(months_axis, list(months))
        series.attachAxis(months_axis)
        series.attachAxis(axis)
        chart.legend().setVisible(bool(values))

    def key_of(self, bar: QBarSet) -> str:
        return next((k for k, b in self.bars.items() if b is bar), "")

    def tooltip(self, key: str, index: int) -> str:
        """What hovering a bar says: the month, the part and its exact amount, and the month's figure."""
        if key not in self._values or not 0 <= index < len(self.months):
            return ""
        month = month_label(self.months[index])
        part = (
            QCoreApplication.translate("ReportCharts", "%1: %2")
            .replace("%1", self._names[key])
            .replace("%2", money_text(self._values[key][index], "CNY"))
        )
        if isinstance(self.series, QStackedBarSeries):
            whole = QCoreApplication.translate("ReportCharts", "Month's spending: %1")
        else:
            whole = QCoreApplication.translate("ReportCharts", "Income less spending: %1")
        total = whole.replace("%1", money_text(self._totals[index], "CNY"))
        return f"{month}\n{part}\n{total}"

    def _hovered(self, status: bool, index: int, bar: QBarSet) -> None:
        self._tip(self.tooltip(self.key_of(bar), index) if status else "")

    def _clicked(self, index: int, bar: QBarSet) -> None:
        key = self.key_of(bar)
        if key and 0 <= index < len(self.months):
            self.bar_clicked.emit(key, self.months[index])

    def bar_centre(self, key: str, index: int) -> QPointF:
        """Where the middle of a bar (or a stacked segment) is, in the view's coordinates (for tests)."""
        bar = self.bars[key]
        below = 0.0
        if isinstance(self.series, QStackedBarSeries):
            for other in self.bars.values():
                if other is bar:
                    break
                below += other.at(index)
        offset = 0.0
        if isinstance(self.series, QBarSeries) and len(self.bars) > 1:
            keys = list(self.bars)
            width = 0.6 / len(keys)
            offset = (keys.index(key) - (len(keys) - 1) / 2) * width
        assert self.series is not None
        point = self.chart().mapToPosition(QPointF(index + offset, below + bar.at(index) / 2), self.series)
        return self.mapFromScene(self.chart().mapToScene(point)).toPointF()


class NetWorthLines(_ReportChart):
    """One line per member or platform kind, and the household's total as a dashed line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("netWorthLines")
        self.report: NetWorthOverTime | None = None
        self.lines: list[QLineSeries] = []

    def show_report(self, report: NetWorthOverTime) -> None:
        chart = self._reset()
        self.report = report
        values = [v for s in report.series for v in s.values] + list(report.totals)
        axis = self._add_value_axis(min(values, default=Decimal(0)), max(values, default=Decimal(0)))
        # One point per month's end, at 0, 1, 2 …, each labelled with its month (the last one may be today).
        days_axis = QCategoryAxis()
        days_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        every = max(1, math.ceil(len(report.days) / 13))  # about a year of labels at most
        labelled = []
        for i, day in enumerate(report.days):
            if i % every == 0 or i == len(report.days) - 1:
                days_axis.append(month_label(day), i)
                labelled.append(day)
        days_axis.setRange(-0.3, max(len(report.days) - 1, 0) + 0.3)
        days_axis.setLabelsColor(QColor(AXIS_GREY))
        days_axis.setGridLineVisible(False)
        days_axis.setLinePen(QPen(QColor(GRID_GREY)))
        chart.addAxis(days_axis, Qt.AlignmentFlag.AlignBottom)
        self._set_month_axis(days_axis, labelled)
        self.lines = []
        named = [(series_name(report, s), s.values) for s in report.series]
        if len(report.series) > 1:
            named.append((QCoreApplication.translate("ReportCharts", "Household total"), report.totals))
        for i, (name, amounts) in enumerate(named):
            line = QLineSeries()
            line.setName(name)
            total = len(report.series) > 1 and i == len(named) - 1
            pen = QPen(
                QColor("#0F172A" if total else LINE_COLOURS[i % len(LINE_COLOURS)]), 2.5 if total else 2
            )
            if total:
                pen.setStyle(Qt.PenStyle.DashLine)
            line.setPen(pen)
            line.setPointsVisible(True)
            line.append([QPointF(i, float(v / self.divisor)) for i, v in enumerate(amounts)])
            line.hovered.connect(lambda point, state, n=name, a=amounts: self._hovered(point, state, n, a))
            chart.addSeries(line)
            line.attachAxis(days_axis)
            line.attachAxis(axis)
            self.lines.append(line)
        chart.legend().setVisible(bool(self.lines))

    def tooltip(self, name: str, amounts: Sequence[Decimal], index: int) -> str:
        """What hovering a point says: its day, the line's name and the exact amount."""
        if self.report is None or not 0 <= index < len(self.report.days):
            return ""
        part = QCoreApplication.translate("ReportCharts", "%1: %2")
        return (
            self.report.days[index].isoformat()
            + "\n"
            + part.replace("%1", name).replace("%2", money_text(amounts[index], "CNY"))
        )

    def _hovered(self, point: QPointF, state: bool, name: str, amounts: Sequence[Decimal]) -> None:
        self._tip(self.tooltip(name, amounts, round(point.x())) if state else "")
