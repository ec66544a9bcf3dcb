"""The Transactions page at 100k rows: ids first, rows opened as they show, search over the index."""

from __future__ import annotations

import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from app import clock
from app.ledger.transactions import IndexEntry, TransactionInput
from app.services import AppServices
from tests.ui.conftest import PASSPHRASE, WAIT_MS, make_household
from ui.models.transaction_search import SearchIndex, TransactionQuery
from ui.models.transactions_table import PLACEHOLDER, TransactionsModel

N = 100_000
CATEGORIES = ("dining", "groceries", "transport", "")
TODAY = clock.local_today()  # the pinned test clock (tests/conftest.py)


def generated(n: int, start: int = 0) -> list[TransactionInput]:
    rows = []
    for i in range(start, start + n):
        amount = Decimal(i % 90000) / 100 if i % 7 == 0 else -Decimal(i % 5000 + 1) / 100
        rows.append(
            TransactionInput(
                booked_on=TODAY - timedelta(days=i % 400),
                amount=amount,
                counterparty=f"商户{i % 977}",
                memo=f"订单 {i}",
                category=CATEGORIES[i % 4],
                external_id=f"T{i}",
                status="pending" if i % 50 == 0 else "booked",
            )
        )
    return rows


@pytest.fixture(scope="module")
def big_vault(tmp_path_factory) -> Path:
    """The test household with 100k transactions: 60k on the salary card, 30k Alipay, 10k in USD."""
    directory = tmp_path_factory.mktemp("big") / "vault"
    make_household(directory)
    services = AppServices.open(directory, PASSPHRASE)
    try:
        services.add_transactions(1, generated(60_000))
        services.add_transactions(3, generated(30_000, 60_000))
        services.add_transactions(4, generated(10_000, 90_000))
    finally:
        services.close()
    return directory


@pytest.fixture
def big_window(qtbot, tasks, settings, big_vault, wait_idle):
    from ui.main_window import MainWindow
    from ui.vault_session import VaultSession

    session = VaultSession(big_vault, tasks)
    win = MainWindow(session, tasks, settings)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    tasks.run_mutation(lambda: AppServices.open(big_vault, PASSPHRASE), lambda s, e: session.attach(s))
    qtbot.waitUntil(lambda: session.is_unlocked, timeout=WAIT_MS)
    win.show_page("transactions") if win.navigation.is_page_visible("transactions") else None
    yield win
    win.close()
    wait_idle()


def expected(services: AppServices, predicate) -> list[int]:
    return [e.id for e in services.transaction_index() if predicate(e)]


def test_first_paint_shows_rows_then_search_filters_correctly(qtbot, big_window) -> None:
    page = big_window.transactions_page
    qtbot.waitUntil(lambda: big_window.navigation.is_page_visible("transactions"), timeout=WAIT_MS)
    big_window.show_page("transactions")
    qtbot.waitUntil(lambda: page.model.rowCount() == N, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.model.row_for(0) is not None, timeout=WAIT_MS)
    page.table.viewport().repaint()
    model = page.model
    assert model.cached_count < 1000  # only what is on screen (plus a margin) was opened
    newest = model.row_for(0).view
    assert newest.booked_on == TODAY
    assert model.data(model.index(0, 2)) == newest.counterparty
    amount = model.data(model.index(0, 4))
    assert amount.startswith(("+¥", "-¥")) or amount.startswith(("+USD", "-USD"))

    with qtbot.waitSignal(page.index_ready, timeout=60_000):
        pass
    services = big_window.session.services
    page.filters.search.setText("商户123 订单 8")  # every word must match, in any field
    with qtbot.waitSignal(page.rows_shown, timeout=WAIT_MS):
        pass
    want = expected(services, lambda e: all(w in e.text for w in ("商户123", "订单", "8")))
    assert want and model.ids == want
    assert page.last_filter_ms < 200
    # Every row shown does match, once opened.
    qtbot.waitUntil(lambda: model.row_for(0) is not None, timeout=WAIT_MS)
    assert "商户123" in model.row_for(0).view.counterparty


def test_filters_combine_and_match_a_brute_force_pass(qtbot, big_window) -> None:
    page = big_window.transactions_page
    with qtbot.waitSignal(page.index_ready, timeout=60_000):
        pass
    filters = page.filters
    filters.member.setCurrentIndex(filters.member.findText("Dad"))
    filters.direction.setCurrentIndex(filters.direction.findData("out"))
    filters.min_amount.setText("10")
    filters.max_amount.setText("¥20.50")
    filters.period.setCurrentIndex(filters.period.findData("last_90_days"))
    filters._now()
    since = TODAY - timedelta(days=89)
    services = big_window.session.services
    want = expected(
        services,
        lambda e: (
            e.account_id in (1, 2)
            and e.direction == "out"
            and Decimal("10") <= abs(e.amount) <= Decimal("20.50")
            and e.booked_on >= since
        ),
    )
    assert want and page.model.ids == want
    assert filters.count.text().startswith(f"{len(want):,} of")
    filters.clear()
    assert len(page.model.ids) == N


def test_category_words_on_screen_find_the_core_category(qtbot, big_window) -> None:
    page = big_window.transactions_page
    with qtbot.waitSignal(page.index_ready, timeout=60_000):
        pass
    page.filters.search.setText("Groceries")
    page.filters._now()
    assert len(page.model.ids) == N // 4


def test_plain_filters_work_before_the_index_is_ready(qtbot, big_window) -> None:
    page = big_window.transactions_page
    qtbot.waitUntil(lambda: page.model.rowCount() == N, timeout=WAIT_MS)
    page.index = None  # as right after unlock, while the index is still being built
    page.filters.set_index_ready(False)
    assert not page.filters.search.isEnabled()
    filters = page.filters
    with qtbot.waitSignal(page.rows_shown, timeout=WAIT_MS):
        filters.account.setCurrentIndex(filters.account.findData(4))
    assert len(page.model.ids) == 10_000


def test_keyboard_search_and_into_the_table(qtbot, big_window) -> None:
    page = big_window.transactions_page
    big_window.activateWindow()
    with qtbot.waitSignal(page.index_ready, timeout=60_000):
        pass
    big_window.show_page("transactions")
    page.table.setFocus()
    qtbot.keySequence(page.table, QKeySequence(QKeySequence.StandardKey.Find))
    assert page.filters.search.hasFocus()
    page.filters.search.insert("商户977")  # no such merchant (they end at 976); QTest types ASCII only
    page.filters._now()
    assert page.model.ids == [] and page.stack.currentWidget() is page.nothing
    qtbot.keyClick(page.filters.search, Qt.Key.Key_Escape)
    page.filters._now()
    assert len(page.model.ids) == N
    qtbot.keyClick(page.filters.search, Qt.Key.Key_Down)
    assert page.table.hasFocus() and page.table.currentIndex().row() == 0


def test_model_shows_placeholders_and_asks_for_whole_pages(qtbot) -> None:
    model = TransactionsModel()
    asked: list[list[int]] = []
    model.rows_wanted.connect(asked.append)
    model.set_ids(list(range(1000, 0, -1)))
    assert model.data(model.index(250, 0)) == PLACEHOLDER
    qtbot.waitUntil(lambda: bool(asked), timeout=2_000)
    assert asked == [list(range(800, 700, -1))]  # the page of row 250, and nothing else
    model.data(model.index(251, 0))
    qtbot.wait(10)
    assert len(asked) == 1  # already in flight: not asked twice


def test_search_index_date_ranges_and_amounts() -> None:
    day = date(2025, 3, 31)
    entries = [
        IndexEntry(
            i,
            1 + i % 2,
            day - timedelta(days=i // 3),
            "booked",
            "out" if i % 2 else "in",
            Decimal(i),
            f"shop{i} dining",
        )
        for i in range(30)
    ]
    index = SearchIndex(entries, {"dining": "餐饮"})
    since, until = day - timedelta(days=5), day - timedelta(days=2)
    found = index.search(TransactionQuery(since=since, until=until))
    assert found == [e.id for e in entries if since <= e.booked_on <= until]
    assert index.search(TransactionQuery(text="餐饮")) == [e.id for e in entries]
    assert index.search(TransactionQuery(min_amount=Decimal(28))) == [28, 29]
    assert index.search(TransactionQuery(account_ids=frozenset())) == []
    started = time.perf_counter()
    assert index.search(TransactionQuery(text="shop1 shop")) == [1] + list(range(10, 20))
    assert time.perf_counter() - started < 0.1
