"""One time zone across the window, the person's: a row made at 21:08 where they are is in "Today" and in
a custom range ending today, says "Today 21:08", and the rates and balances say the same day — whatever
zone the platform stamped it in and whatever TZ the process runs with."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication

from app import clock
from app.ledger.transactions import TransactionInput
from app.services import AppServices
from app.sync.contract import RemoteTransaction
from app.sync.service import SyncService
from tests.ui.conftest import PASSPHRASE, WAIT_MS, make_household
from ui.language import apply_language

CST = timezone(timedelta(hours=8))  # how the Chinese platforms stamp their instants
WALLET = 3  # make_household's Alipay balance


@dataclass(frozen=True)
class Case:
    zone: str  # the person's zone (pinned)
    process_tz: str  # the process's TZ, deliberately another
    now: datetime  # wall time in ``zone``
    made: datetime  # when today's row was made, as the platform stamps it
    shown: str  # its time of day where the person is

    @property
    def today(self) -> date:
        return self.now.date()


def wall(zone: str, *parts: int) -> datetime:
    return datetime(*parts, tzinfo=ZoneInfo(zone))  # type: ignore[misc]


CASES = {
    # 21:08 in Shanghai = 13:08 UTC; the platform stamps +08:00; the process runs in UTC.
    "shanghai": Case(
        "Asia/Shanghai",
        "UTC",
        wall("Asia/Shanghai", 2026, 12, 5, 21, 8),
        datetime(2026, 12, 5, 21, 8, tzinfo=CST),
        "21:08",
    ),
    # 21:08 in New York = 10:08 on the 6th in Shanghai, where the process and the platform are.
    "new_york": Case(
        "America/New_York",
        "Asia/Shanghai",
        wall("America/New_York", 2026, 12, 5, 21, 8),
        datetime(2026, 12, 6, 10, 8, tzinfo=CST),
        "21:08",
    ),
    # Across local midnight: 00:30 on the 5th in Shanghai is 16:30 UTC on the 4th (stamped in UTC).
    "midnight": Case(
        "Asia/Shanghai",
        "UTC",
        wall("Asia/Shanghai", 2026, 12, 5, 0, 40),
        datetime(2026, 12, 4, 16, 30, tzinfo=UTC),
        "00:30",
    ),
}


def remote(ident: str, at: datetime, amount: str = "-23.50") -> RemoteTransaction:
    return RemoteTransaction(
        transaction_id=ident,
        status="booked",
        booked_at=at,
        value_at=at,
        amount=Decimal(amount),
        currency="CNY",
        counterparty=f"商户 {ident}",
        counterparty_account=None,
        memo="",
        category="",
        own_transfer_ref=None,
        merchant=None,
    )


@pytest.fixture(params=list(CASES))
def case(request: pytest.FixtureRequest, clock_now: clock.FixedClock) -> Iterator[Case]:
    """The clock at ``now`` in the person's zone, pinned; the process's TZ another zone."""
    chosen = CASES[request.param]
    before = os.environ.get("TZ")
    os.environ["TZ"] = chosen.process_tz
    time.tzset()
    clock_now.set(chosen.now)
    try:
        with clock.use_zone(ZoneInfo(chosen.zone)):
            yield chosen
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@dataclass
class Rows:
    today: int  # made at ``case.made``
    late_yesterday: int  # 23:50 the day before, where the person is
    statement_yesterday: int  # a bare date from a statement: the day before


@pytest.fixture
def vault(case: Case, vault_dir: Path) -> tuple[Path, Rows]:
    """The test household, its balances set now; three rows on the wallet and a USD rate of today."""
    make_household(vault_dir)
    services = AppServices.open(vault_dir, PASSPHRASE)
    try:
        late = (case.now.replace(hour=23, minute=50) - timedelta(days=1)).astimezone(CST)
        services.add_transactions(
            WALLET,
            [
                SyncService._transaction(remote("today", case.made)),
                SyncService._transaction(remote("late", late)),
            ],
            source="sync",
        )
        services.add_transactions(
            WALLET,
            [
                TransactionInput(
                    booked_on=case.today - timedelta(days=1),
                    amount=Decimal("-8.00"),
                    counterparty="statement",
                )
            ],
        )
        services.set_rate("USD", "CNY", Decimal("7.1234"))
        by_name = {v.counterparty: v.id for v in services.transactions()}
    finally:
        services.close()
    return vault_dir, Rows(by_name["商户 today"], by_name["商户 late"], by_name["statement"])


@pytest.fixture
def shown(qtbot, tasks, settings, vault, wait_idle):
    """(window, rows): the main window on that vault, opened like the app does."""
    from ui.main_window import MainWindow
    from ui.vault_session import VaultSession

    directory, rows = vault
    session = VaultSession(directory, tasks)
    win = MainWindow(session, tasks, settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    tasks.run_mutation(lambda: AppServices.open(directory, PASSPHRASE), lambda s, e: session.attach(s))
    qtbot.waitUntil(lambda: session.is_unlocked, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: win.overview_page.snapshot is not None, timeout=WAIT_MS)
    wait_idle()
    win.show_page("transactions")
    page = win.transactions_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=WAIT_MS)
    yield win, rows
    win.close()
    wait_idle()


def choose_period(qtbot, page, key: str) -> None:
    page.filters.period.setCurrentIndex(page.filters.period.findData(key))
    page.filters._now()
    QApplication.processEvents()


def date_cell(qtbot, page, row_id: int) -> str:
    model = page.model
    row = model.ids.index(row_id)
    model.data(model.index(row, 0))  # asks for the row
    qtbot.waitUntil(lambda: model.row_for(row) is not None, timeout=WAIT_MS)
    return str(model.data(model.index(row, 0)))


def test_today_holds_the_row_made_now_and_says_its_time(qtbot, case: Case, shown) -> None:
    win, rows = shown
    page = win.transactions_page
    choose_period(qtbot, page, "today")
    qtbot.waitUntil(lambda: page.model.ids == [rows.today], timeout=WAIT_MS)
    assert date_cell(qtbot, page, rows.today) == f"Today {case.shown}"
    choose_period(qtbot, page, "all")
    qtbot.waitUntil(lambda: len(page.model.ids) == 3, timeout=WAIT_MS)
    # The day before is the day before where the person is, for an instant and for a bare date alike.
    assert date_cell(qtbot, page, rows.late_yesterday) == (case.today - timedelta(days=1)).isoformat()
    assert date_cell(qtbot, page, rows.statement_yesterday) == (case.today - timedelta(days=1)).isoformat()


def test_a_custom_range_to_today_holds_all_of_today(qtbot, case: Case, shown) -> None:
    win, rows = shown
    page = win.transactions_page
    choose_period(qtbot, page, "custom")
    filters = page.filters
    assert filters.until.date().toPython() == case.today  # the range offered ends today, the person's
    qtbot.waitUntil(
        lambda: set(page.model.ids) == {rows.today, rows.late_yesterday, rows.statement_yesterday},
        timeout=WAIT_MS,
    )
    filters.since.setDate(QDate(case.today.year, case.today.month, case.today.day))
    qtbot.waitUntil(lambda: page.model.ids == [rows.today], timeout=WAIT_MS)
    yesterday = case.today - timedelta(days=1)
    filters.since.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    filters.until.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    qtbot.waitUntil(
        lambda: set(page.model.ids) == {rows.late_yesterday, rows.statement_yesterday}, timeout=WAIT_MS
    )


def test_the_range_follows_the_day_when_the_window_stays_open_overnight(
    qtbot, case: Case, shown, clock_now
) -> None:
    win, rows = shown
    page = win.transactions_page
    clock_now.advance(days=1)
    choose_period(qtbot, page, "today")
    qtbot.waitUntil(lambda: page.model.ids == [], timeout=WAIT_MS)
    choose_period(qtbot, page, "custom")
    assert page.filters.until.date().toPython() == case.today + timedelta(days=1)


def test_rates_and_balances_say_the_same_day(qtbot, case: Case, shown) -> None:
    win, _rows = shown
    note = win.overview_page.header.note.text()
    assert f"rates of {case.today.isoformat()}" in note
    tree = win.accounts_page.model
    index = tree.find(lambda r: r.level == "account" and r.account is not None and r.account.id == WALLET)
    column = [c.key for c in tree.columns].index("as_of")
    # The balance was set as the household was made, now: today, at this time where the person is.
    assert tree.data(index.siblingAtColumn(column)) == f"Today {case.now.strftime('%H:%M')}"


def test_in_chinese_today_reads_jintian(qtbot, case: Case, shown, zh_catalogue) -> None:
    win, rows = shown
    page = win.transactions_page
    apply_language("zh_CN")
    try:
        QApplication.processEvents()
        choose_period(qtbot, page, "today")
        qtbot.waitUntil(lambda: page.model.ids == [rows.today], timeout=WAIT_MS)
        assert date_cell(qtbot, page, rows.today) == f"今天 {case.shown}"
    finally:
        apply_language("en")
