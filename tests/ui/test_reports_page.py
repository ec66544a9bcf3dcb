"""The Reports page on the demo household: every report draws its series, a bar opens its transactions,
PNG and CSV exports write files, the privacy switch hides every figure, and the page follows the language."""

from __future__ import annotations

import csv
import io
import os
import stat
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from PySide6.QtCharts import QBarSeries, QStackedBarSeries
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app.services import (
    CashFlowBetweenPlatforms,
    IncomeAndSpending,
    NetWorthOverTime,
    ReportFilter,
    SpendingByCategory,
    TransactionFilter,
)
from tests.ui.conftest import WAIT_MS
from ui.language import apply_language

TODAY = date(2026, 12, 4)  # the pinned clock (tests/conftest.py)
YEAR = ReportFilter(since=date(2026, 1, 1), until=TODAY)  # "Last 12 months": this month and the eleven before


def open_reports(qtbot, window, kind: str = "spending"):
    page = window.reports_page
    qtbot.waitUntil(lambda: window.navigation.is_page_visible("reports"), timeout=WAIT_MS)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        window.show_page("reports")
    show(qtbot, page, kind)
    return page


def show(qtbot, page, kind: str) -> None:
    if page.current_kind() == kind and page.report is not None and page.report.kind == kind:
        return
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.set_kind(kind)
    assert page.report.kind == kind


def test_every_report_shows_the_core_figures(qtbot, demo_window, demo_household) -> None:
    services, _sandbox = demo_household
    page = open_reports(qtbot, demo_window)
    assert demo_window.pages.currentWidget() is page
    assert page.filters.report_filter() == YEAR

    spending = page.report
    assert isinstance(spending, SpendingByCategory) and spending == services.report("spending", YEAR)
    assert page.view is page.bars and isinstance(page.bars.series, QStackedBarSeries)
    assert len(spending.months) == 12 and len(spending.groups) >= 5
    assert list(page.bars.bars) == list(spending.groups)
    food = page.bars.bars["food"]
    assert food.count() == 12 and food.label() == "Food and dining"
    # drawn in thousands (the total is well over ¥10,000), exact in the tooltip
    assert food.at(3) == float(spending.amount(spending.months[3], "food") / 1000)
    assert "(thousand yuan)" in page._panel_title.text()
    tip = page.bars.tooltip("food", 3)
    assert "Apr 2026" in tip and f"{spending.amount(date(2026, 4, 1), 'food'):,}" in tip
    axis = page.bars.value_axis
    step = (axis.max() - axis.min()) / (axis.tickCount() - 1)
    assert (
        axis.min() == 0 and step in (1, 2, 2.5, 5, 10, 20, 25, 50) and axis.max() % step == 0
    )  # round ticks

    show(qtbot, page, "income_spending")
    income = page.report
    assert isinstance(income, IncomeAndSpending) and isinstance(page.bars.series, QBarSeries)
    assert not isinstance(page.bars.series, QStackedBarSeries)
    assert list(page.bars.bars) == ["income", "spending"]
    assert income.spending == spending.month_totals  # one notion of spending in both reports
    assert page.bars.bars["income"].at(0) == float(income.income[0] / 1000)

    show(qtbot, page, "net_worth")
    worth = page.report
    assert isinstance(worth, NetWorthOverTime) and page.view is page.lines
    assert len(worth.series) == 3 and len(page.lines.lines) == 4  # three members and the household
    assert worth.totals[-1] == demo_window.overview_page.snapshot.net.amount  # today: the Overview's 总资产
    assert [line.name() for line in page.lines.lines][-1] == "Household total"
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.by.setCurrentIndex(1)
    kinds = page.report
    assert (
        isinstance(kinds, NetWorthOverTime) and kinds.by == "platform_kind" and kinds.totals == worth.totals
    )
    assert "Bank" in [line.name() for line in page.lines.lines]

    show(qtbot, page, "cash_flow")
    flows = page.report
    assert isinstance(flows, CashFlowBetweenPlatforms) and flows.flows and page.view is page.table
    assert page.table.rowCount() == len(flows.flows)
    assert page.table.item(0, 3).text() == f"¥{flows.flows[0].amount:,}"
    assert not page.by.isVisibleTo(page)

    member = page.filters.member.findText("王小雨")
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.filters.member.setCurrentIndex(member)
    child = services.members()[2].id
    assert page.report == services.report("cash_flow", ReportFilter(YEAR.since, YEAR.until, child))


def test_a_click_on_a_bar_opens_its_transactions(qtbot, demo_window, demo_household) -> None:
    services, _sandbox = demo_household
    page = open_reports(qtbot, demo_window)
    report = page.report
    month = report.months[10]  # November 2026
    QApplication.processEvents()  # the chart laid out (its month labels fitted) as a person sees it
    centre = page.bars.bar_centre("food", 10)
    qtbot.mouseClick(page.bars.viewport(), Qt.MouseButton.LeftButton, pos=centre.toPoint())
    transactions = demo_window.transactions_page
    assert demo_window.pages.currentWidget() is transactions
    query = transactions.filters.query()
    assert (query.category_group, query.flow) == ("food", "spending")
    assert (query.since, query.until) == (month, date(2026, 11, 30))
    assert transactions.filters.category_chip.isVisibleTo(transactions)
    assert transactions.filters.category_chip.text() == "Spending: Food and dining"
    expected = services.find_transactions(
        TransactionFilter(since=month, until=date(2026, 11, 30), category_group="food", flow="spending"),
        limit=10**6,
    )
    qtbot.waitUntil(lambda: sorted(transactions.model.ids) == sorted(r.id for r in expected), timeout=WAIT_MS)
    assert -sum(r.amount for r in expected) == report.amount(month, "food")  # the bar is these rows
    # once the index is built the page answers the same from memory
    qtbot.waitUntil(lambda: transactions.index is not None, timeout=WAIT_MS)
    assert sorted(transactions.model.ids) == sorted(r.id for r in expected)
    transactions.filters.category_chip.click()  # the chip removes the Reports' filter
    assert (
        transactions.filters.query().category_group is None
        and not transactions.filters.category_chip.isVisibleTo(transactions)
    )


def test_a_member_s_bar_opens_that_member_s_transactions(qtbot, demo_window, demo_household) -> None:
    services, _sandbox = demo_household
    page = open_reports(qtbot, demo_window, "income_spending")
    mum = services.members()[1]
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.filters.member.setCurrentIndex(page.filters.member.findData(mum.id))
    wanted = []
    page.open_transactions.connect(wanted.append)
    page.bars.bar_clicked.emit("income", date(2026, 12, 1))
    assert wanted[0].member_id == mum.id and wanted[0].flow == "income" and wanted[0].until == TODAY
    query = demo_window.transactions_page.filters.query()
    mine = {a.id for a in services.accounts() if a.member_id == mum.id}
    assert query.account_ids == frozenset(mine) and query.flow == "income" and query.category_group is None


def test_png_and_csv_exports_write_files(qtbot, demo_window, demo_household, tmp_path: Path) -> None:
    page = open_reports(qtbot, demo_window)
    png = tmp_path / "chart.png"
    assert page.export_png(png)
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 300 and image.height() > 200
    target = tmp_path / "spending.csv"
    with qtbot.waitSignal(page.exported, timeout=WAIT_MS):
        assert page.export_csv(target)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    header, *rows = list(csv.reader(io.StringIO(target.read_text("utf-8"))))
    assert header == ["month", "category_group", "category", "amount", "currency"]
    assert sum(Decimal(r[3]) for r in rows) == page.report.total
    assert str(target) in page.notice.text()
    show(qtbot, page, "cash_flow")
    table_png = tmp_path / "flows.png"
    assert page.export_png(table_png) and not QImage(str(table_png)).isNull()


def test_privacy_hides_every_amount(qtbot, demo_window) -> None:
    page = open_reports(qtbot, demo_window)
    total = f"{page.report.total:,}"
    assert total in page.summary.text() and page.bars.value_axis.labelsVisible()
    demo_window.privacy_action.setChecked(True)
    assert not page.bars.value_axis.labelsVisible()
    assert "****" in page.summary.text() and total not in page.summary.text()
    assert not page.csv_button.isEnabled() and not page.export_csv(Path("/nonexistent/never.csv"))
    assert page.png_button.isEnabled()  # the picture shows what the screen shows: no figure
    show(qtbot, page, "net_worth")
    assert not page.lines.value_axis.labelsVisible() and "****" in page.summary.text()
    show(qtbot, page, "cash_flow")
    assert all(page.table.item(r, 3).text() == "¥****" for r in range(page.table.rowCount()))
    demo_window.privacy_action.setChecked(False)
    assert page.csv_button.isEnabled() and page.table.item(0, 3).text() != "¥****"


def test_the_page_follows_the_language(qtbot, demo_window, zh_catalogue) -> None:
    page = open_reports(qtbot, demo_window, "net_worth")
    assert page.filters.period.currentText() == "Last 12 months"
    assert "(thousand yuan)" in page._panel_title.text()
    apply_language("zh_CN")
    try:
        # the period words are the Transactions bar's, the units the Overview chart's (both in the catalogue)
        qtbot.waitUntil(lambda: page.filters.period.currentText() == "近 12 个月", timeout=WAIT_MS)
        assert "万元" in page._panel_title.text()  # 万 steps in Chinese
        axis = page.lines.value_axis
        step = (axis.max() - axis.min()) / (axis.tickCount() - 1)
        assert step in (5, 10, 20, 25)  # ¥466,550 is 46.7万: ticks 0, 10, 20 … 万
        assert page.lines.lines[0].name() == "王建国"
    finally:
        apply_language("en")
    qtbot.waitUntil(lambda: page.filters.period.currentText() == "Last 12 months", timeout=WAIT_MS)
    assert page._title.text() == "Reports"


def test_keyboard_order_starts_at_the_report_selector(qtbot, demo_window) -> None:
    page = open_reports(qtbot, demo_window)
    page.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: page.kind.hasFocus(), timeout=WAIT_MS)
    order = [page.kind, page.filters.member, page.filters.period]
    for expected in order[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected


def test_period_dates_reach_the_report(qtbot, demo_window, demo_household) -> None:
    services, _sandbox = demo_household
    page = open_reports(qtbot, demo_window)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.filters.period.setCurrentIndex(page.filters.period.findData("last_month"))
    assert page.report.months == (date(2026, 11, 1),)
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        page.filters.period.setCurrentIndex(page.filters.period.findData("custom"))
    since, until = page.filters.dates()
    assert until == TODAY and since == (TODAY.replace(day=1) - timedelta(days=1)).replace(day=1)
    assert page.report == services.report("spending", ReportFilter(since, until))


def test_a_chinese_axis_counts_in_wan_from_ten_thousand() -> None:
    """A Chinese reader reads 8.4万, not 84000: the value axis is in 万 from 10,000 on."""
    from app import i18n
    from ui.widgets.report_charts import value_scale

    before = i18n.language()
    i18n.set_language("zh_CN")
    try:
        assert value_scale(Decimal("84500"))[0] == Decimal(10_000)
        assert value_scale(Decimal("9999"))[0] == Decimal(1)
    finally:
        i18n.set_language(before)


def test_month_labels_shorten_rather_than_being_cut(qtbot, demo_window, demo_household) -> None:
    """Narrower, the twelve months no longer fit whole ("26…" in Chinese): the year goes, except at the
    first month and January, then everywhere; labels are never cut."""
    demo_window.resize(1600, 900)
    page = open_reports(qtbot, demo_window)
    qtbot.waitUntil(lambda: page.bars.width() > 1000, timeout=WAIT_MS)
    axis = page.bars.month_axis
    assert axis is not None and axis.labelsAngle() == 0
    assert axis.categories()[:2] == ["Jan 2026", "Feb 2026"]
    seen = []
    for width in range(1600, 750, -30):  # narrower and narrower: whole, then short, then shortest
        demo_window.resize(width, 660)
        QApplication.processEvents()
        first = axis.categories()[:2]
        if not seen or seen[-1] != first:
            seen.append(first)
    assert seen == [["Jan 2026", "Feb 2026"], ["Jan 2026", "Feb"], ["Jan", "Feb"]]
    demo_window.resize(760, 660)
    qtbot.waitUntil(lambda: page.bars.width() < 700, timeout=WAIT_MS)
    assert axis.categories()[:3] == ["Jan", "Feb", "Mar"]
    assert axis.labelsAngle() == 0
    show(qtbot, page, "net_worth")
    assert page.lines.month_axis is not None
    assert "Feb" in page.lines.month_axis.categoriesLabels()
