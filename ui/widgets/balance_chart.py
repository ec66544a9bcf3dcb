"""Net worth over the last twelve months as a line (QtCharts), scaled to 万 in Chinese and k elsewhere."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from PySide6.QtCharts import QAreaSeries, QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, QEvent, QPointF, Qt, QTime
from PySide6.QtGui import QBrush, QColor, QCursor, QLinearGradient, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from app import i18n
from ui.amounts import money_text
from ui.language import is_language_change
from ui.theme import ACCENT


def round_ticks(low: float, high: float, most: int = 6) -> tuple[float, float, float]:
    """An axis from ``low`` to ``high`` on round ticks: (start, end, step), the step 1, 2 or 5 × 10ⁿ, at most
    ``most`` intervals, the ends on ticks (0, 100, 200… or, with the axis in 万, 0, 10, 20… 万)."""
    if high <= low:
        high = low + 1.0
    raw = (high - low) / most
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    start, end = math.floor(low / step) * step, math.ceil(high / step) * step
    if end == high and high > 0:  # the line would run along the top edge: one more tick above it
        end += step
    return start, end, step


def _ms(day: date) -> float:
    return float(QDateTime(day, QTime(12, 0)).toMSecsSinceEpoch())


class BalanceChart(QChartView):
    """``set_points`` draws the series; ``set_hidden`` removes every figure (axis labels and tooltips)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("balanceChart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        self._points: list[tuple[date, Decimal]] = []
        self._hidden = False
        chart = QChart()
        chart.legend().hide()
        chart.setBackgroundVisible(False)  # the panel around it is the background
        chart.setMargins(chart.margins() * 0)
        self.setChart(chart)
        self.line = QLineSeries()
        self.line.setPen(QPen(QColor(ACCENT), 2))
        self.line.hovered.connect(self._hovered)
        self.base = QLineSeries()
        self.area = QAreaSeries(self.line, self.base)
        gradient = QLinearGradient(0, 0, 0, 1)
        gradient.setCoordinateMode(QLinearGradient.CoordinateMode.ObjectBoundingMode)
        gradient.setColorAt(0.0, QColor(29, 78, 216, 70))
        gradient.setColorAt(1.0, QColor(29, 78, 216, 8))
        self.area.setBrush(QBrush(gradient))
        self.area.setPen(QPen(QColor(ACCENT), 2))
        chart.addSeries(self.area)
        self.x_axis = QDateTimeAxis()
        self.x_axis.setTickCount(5)
        self.x_axis.setGridLineVisible(False)
        self.y_axis = QValueAxis()
        self.y_axis.setTickCount(5)
        self.y_axis.setGridLineColor(QColor("#E5E7EB"))
        for axis, side in (
            (self.x_axis, Qt.AlignmentFlag.AlignBottom),
            (self.y_axis, Qt.AlignmentFlag.AlignLeft),
        ):
            axis.setLabelsColor(QColor("#64748B"))
            axis.setLinePen(QPen(QColor("#E5E7EB")))
            chart.addAxis(axis, side)
            self.area.attachAxis(axis)
        self._retranslate()

    @property
    def point_count(self) -> int:
        return self.line.count()

    def set_points(self, points: list[tuple[date, Decimal]]) -> None:
        self._points = list(points)
        self._draw()

    def set_hidden(self, hidden: bool) -> None:
        self._hidden = hidden
        self.y_axis.setLabelsVisible(not hidden)

    def scale(self) -> tuple[Decimal, str]:
        """The divisor of the axis labels and the unit they are in (for the chart's title)."""
        biggest = max((abs(v) for _d, v in self._points), default=Decimal(0))
        # Axis label formats are printf patterns that cannot carry 万, so the unit goes in the title.
        if i18n.language() == "zh_CN" and biggest >= 100_000:
            return Decimal(10_000), self.tr("10k yuan")
        if i18n.language() != "zh_CN" and biggest >= 10_000:
            return Decimal(1_000), self.tr("thousand yuan")
        return Decimal(1), self.tr("yuan")

    def _draw(self) -> None:
        divisor, _unit = self.scale()
        line = [QPointF(_ms(d), float(v / divisor)) for d, v in self._points]
        self.line.replace(line)
        self.base.replace([QPointF(p.x(), 0.0) for p in line])
        if not line:
            return
        values = [p.y() for p in line] + [0.0]
        low, high, step = round_ticks(min(values), max(values))
        self.y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        self.y_axis.setTickAnchor(0.0)
        self.y_axis.setTickInterval(step)
        self.y_axis.setRange(low, high)
        self.y_axis.setLabelFormat("%.0f" if step >= 1 else "%.1f")
        first, last = self._points[0][0], self._points[-1][0]
        self.x_axis.setRange(QDateTime(first, QTime(0, 0)), QDateTime(last, QTime(23, 59)))

    def _hovered(self, point: QPointF, state: bool) -> None:
        if not state or self._hidden or not self._points:
            QToolTip.hideText()
            return
        target: date = QDateTime.fromMSecsSinceEpoch(int(point.x())).date().toPython()  # type: ignore[assignment]
        day, value = min(self._points, key=lambda p: abs((p[0] - target).days))
        QToolTip.showText(QCursor.pos(), f"{day.isoformat()}  {money_text(value, 'CNY')}", self)

    def _retranslate(self) -> None:
        self.x_axis.setFormat(self.tr("yyyy-MM"))
        self._draw()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
