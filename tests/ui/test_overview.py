"""The Overview adds up exactly what the accounts hold, shows credit as used of a limit, hides on demand."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt

from app.money import Money
from ui.amounts import money_text
from ui.models.overview import card_group
from ui.widgets.account_card import AccountCard

DIGITS = re.compile(r"\d")


def wait_overview(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.overview_page.snapshot is not None, timeout=15_000)


def test_overview_is_first_and_totals_equal_the_sum_of_balances(qtbot, window) -> None:
    wait_overview(qtbot, window)
    assert window.navigation.is_page_visible("overview")
    assert window.pages.currentWidget() is window.overview_page  # accounts exist: the Overview opens first
    snap = window.overview_page.snapshot
    cny = [Decimal("12345.67"), Decimal("-321.50"), Decimal("88.80")]  # USD 100.00 has no rate yet
    assert snap.net.amount == sum(cny)
    assert snap.assets.amount == Decimal("12345.67") + Decimal("88.80")
    assert snap.liabilities.amount == Decimal("-321.50")
    header = window.overview_page.header
    assert header.amount.text() == money_text(snap.assets.amount, "CNY")  # English: exact, no 万
    assert header.net.value.text() == "¥12,112.97"
    assert header.liabilities.value.text() == "¥321.50"  # what is owed, not a negative number
    assert "USD" in header.note.text()  # left out, and said so
    by_member = {m.name: t.amount for m, t in snap.by_member}
    assert by_member == {"Dad": Decimal("12024.17"), "Mum": Decimal("88.80")}
    assert sum(by_member.values()) == snap.net.amount
    assert [s.currency for s in snap.by_currency] == ["CNY", "USD"]


def test_converted_totals_include_the_rate_and_say_which(qtbot, window, wait_idle) -> None:
    wait_overview(qtbot, window)
    services = window.session.services
    window.tasks.run_mutation(lambda: services.set_rate("USD", "CNY", Decimal("7.1234"), date(2025, 3, 31)))
    qtbot.waitUntil(lambda: window.overview_page.snapshot.net.rate_dates != {}, timeout=15_000)
    wait_idle()
    snap = window.overview_page.snapshot
    converted = Money(Decimal("100.00"), "USD").convert(Decimal("7.1234"), "CNY").amount
    assert snap.net.amount == Decimal("12112.97") + converted
    assert not snap.net.missing_rates
    note = window.overview_page.header.note.text()
    assert "USD" in note and ("2025" in note or "25" in note)


def test_cards_are_grouped_and_credit_shows_used_of_the_limit(qtbot, window) -> None:
    wait_overview(qtbot, window)
    cards = {card.account.name: card for card in window.overview_page.cards}
    assert set(cards) == {"Salary card", "Platinum card", "Alipay balance", "USD savings"}
    assert [card_group(c.account) for c in cards.values()].count("credit") == 1
    credit = cards["Platinum card"]
    assert credit.amount.text() == "¥321.50"  # used, positive
    assert "¥50,000.00" in credit.detail.text()
    assert "due" in credit.detail.text()
    assert not credit.usage.isHidden() and credit.usage.value() == int(Decimal("321.50") / 50000 * 1000)
    salary = cards["Salary card"]
    assert salary.amount.text() == "¥12,345.67"
    assert salary.tail.text() == "ending 5678"
    assert salary.updated.text().startswith("updated")
    assert salary.stale.isHidden()


def test_stale_card_shows_its_reason(qtbot) -> None:
    from tests.ui.test_models import account

    card = AccountCard(account(1, stale=True, stale_reason="汇通银行 timed out"), "汇通银行", "bank")
    qtbot.addWidget(card)
    assert not card.stale.isHidden()
    assert card.stale.toolTip() == "汇通银行 timed out"


def test_privacy_masks_every_figure_on_the_overview(qtbot, window) -> None:
    wait_overview(qtbot, window)
    page = window.overview_page
    qtbot.waitUntil(lambda: page.chart.point_count > 0, timeout=15_000)
    window.privacy_action.trigger()
    header = page.header
    shown = [
        header.amount.text(),
        header.net.value.text(),
        header.liabilities.value.text(),
        header.change.value.text(),
    ]
    shown += [card.amount.text() for card in page.cards]
    # The due date may stay (it is no amount); the limit may not.
    shown += [card.detail.text().split("due")[0] for card in page.cards]
    shown += [label.text() for label in page.by_member.amounts + page.by_currency.amounts]
    assert all("****" in text or text == "—" for text in shown[:4])
    assert not any(DIGITS.search(text) for text in shown)
    assert not page.chart.y_axis.labelsVisible()
    window.privacy_action.trigger()
    assert DIGITS.search(header.amount.text())
    assert page.chart.y_axis.labelsVisible()


def test_history_chart_has_a_year_of_days_ending_at_the_net_worth(qtbot, window) -> None:
    wait_overview(qtbot, window)
    page = window.overview_page
    qtbot.waitUntil(lambda: page.history != [], timeout=15_000)
    assert 365 <= len(page.history) <= 367
    assert page.history[-1][1] == page.snapshot.net.amount
    assert page.chart.point_count == len(page.history)


def test_lock_clears_the_overview(qtbot, window) -> None:
    wait_overview(qtbot, window)
    window.lock_action.trigger()
    page = window.overview_page
    assert page.snapshot is None and page.cards == [] and page.history == []
    assert page.header.amount.text() == "—"


def test_new_pages_speak_chinese(qtbot, window, zh_catalogue) -> None:
    wait_overview(qtbot, window)
    window.apply_settings("zh_CN", 10)
    try:
        qtbot.waitUntil(lambda: window.windowTitle() == "汇流", timeout=5_000)
        header = window.overview_page.header
        assert header._caption.text() == "总资产" and header.net.caption.text() == "净资产"
        names = [window.navigation._item(key).text() for key in ("overview", "accounts", "transactions")]
        assert names == ["总览", "账户", "收支明细"]
        model = window.transactions_page.model
        assert model.headerData(0, Qt.Orientation.Horizontal) == "日期"
        assert window.transactions_page.filters.period.itemText(0) == "全部时间"
        credit = next(c for c in window.overview_page.cards if c.account.name == "Platinum card")
        assert "已用 / 额度" in credit.detail.text() and "还款" in credit.detail.text()
        assert [s.title.text() for s in window.overview_page.sections()][0] == "银行卡"
    finally:
        window.apply_settings("en", 10)


def test_a_credit_card_is_marked_only_when_it_owes_past_its_limit(qtbot) -> None:
    from tests.ui.test_models import account

    owing = AccountCard(account(1, kind="credit_card", balance=Decimal("-800"), credit_limit=Decimal("1000")),
                        "CMB", "bank")
    over = AccountCard(account(2, kind="credit_card", balance=Decimal("-1200"), credit_limit=Decimal("1000")),
                       "CMB", "bank")
    overdrawn = AccountCard(account(3, kind="wallet_balance", balance=Decimal("-5")), "Alipay", "payment_wallet")
    for card in (owing, over, overdrawn):
        qtbot.addWidget(card)
    assert "⚠" not in owing.amount.text() and "Negative" not in owing.amount.toolTip()
    assert over.amount.text().startswith("⚠") and over.amount.toolTip() == "Owes more than the credit limit"
    assert overdrawn.amount.text().startswith("⚠") and overdrawn.amount.toolTip() == "Negative balance"
