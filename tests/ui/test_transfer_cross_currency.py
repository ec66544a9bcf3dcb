"""Between accounts in different currencies the form asks the platform for its quote first: what leaves with
the fee, the rate, what arrives and how long it holds; the preview and the confirmation use it, a changed
amount drops it, and an expired one keeps Continue off until a new one is fetched (issue 12, §4)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from app import clock
from tests.ui.conftest import WAIT_MS
from tests.ui.test_transfer_page import account, can_send, fill, next_dialog, open_form, settled
from ui.amounts import money_text
from ui.dialogs.transfer_confirm import ConfirmTransferDialog


def fetch_quote(qtbot, form):
    """Press "Get quote" and wait until the quote is on the form and the preview carries it."""
    before = form.quote
    assert form.quote_button.isVisible() and form.quote_button.isEnabled()
    form.quote_button.click()
    qtbot.waitUntil(lambda: form.quote is not None and form.quote is not before, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: form.panel.preview is not None and not form._in_flight and not form._dirty
                    and form.panel.preview.quote == form.quote, timeout=WAIT_MS)
    return form.quote


def test_yuan_to_dollars_shows_the_quote_and_sends_at_it(qtbot, demo_window, clock_now) -> None:
    window = demo_window
    page, form = window.transfer_page, open_form(qtbot, window)
    cny, usd = account(window, "多币种账户-人民币"), account(window, "多币种账户-美元")
    assert not form.quote_box.isVisible()  # nothing to exchange between the first two accounts
    fill(qtbot, form, cny, "own", usd.id, "2000.00", memo="换汇")
    preview = form.panel.preview
    assert preview.cross_currency and preview.quote is None
    assert form.quote_box.isVisible() and form.quote_button.isVisible()
    assert "CNY" in form.quote_text.text() and "USD" in form.quote_text.text()
    assert not form.continue_button.isEnabled()  # no quote yet
    assert not preview.reconnect, preview.reconnect
    quote = fetch_quote(qtbot, form)
    assert (quote.sell_currency, quote.buy_currency, quote.sell_amount) == ("CNY", "USD", Decimal("2000.00"))
    shown = form.quote_text.text()
    assert money_text(quote.sell_amount, "CNY") in shown and money_text(quote.fee, "CNY") in shown
    assert money_text(quote.buy_amount, "USD") in shown and "Rate: 1 CNY = " in shown
    assert form.quote_left.text().startswith("Quote valid for another ")
    assert form.request().quote_id == quote.quote_id
    assert form.continue_button.isEnabled()

    # A changed amount drops the quote: it was for 2,000.00 only.
    form.amount.setText("2001")
    settled(qtbot, form, "2001")
    assert form.quote is None and form.panel.preview.quote is None and not form.continue_button.isEnabled()
    assert form.request().quote_id is None
    form.amount.setText("2000.00")
    settled(qtbot, form, "2000.00")
    first = fetch_quote(qtbot, form)

    # Once it runs out, Continue stays off until a new quote is fetched.
    before = form.quote_left.text()
    clock_now.advance(seconds=3)
    form.tick_quote()
    assert form.quote_left.text() != before  # the countdown moves
    clock_now.advance(seconds=int((first.valid_until - clock.utcnow()).total_seconds()) + 1)
    form.tick_quote()
    assert not form.continue_button.isEnabled() and not form.quote_timer.isActive()
    assert form.quote_left.text() == "The quote has expired: get a new one."
    form.continue_button.click()  # disabled: nothing opens
    assert page.flow.dialog is None
    second = fetch_quote(qtbot, form)
    assert second.quote_id != first.quote_id and form.continue_button.isEnabled()

    outcomes: list = []
    page.flow.finished.connect(outcomes.append)
    form.continue_button.click()
    dialog = next_dialog(qtbot, page.flow, ConfirmTransferDialog)
    assert dialog.request.quote_id == second.quote_id
    restated = dialog.values["quote"].text()
    assert dialog.values["quote"].isVisible() and money_text(second.buy_amount, "USD") in restated
    assert dialog.quote_left.text().startswith("Quote valid for another ")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=WAIT_MS)
    outcome = outcomes[0]
    assert outcome.status == "executed", (outcome.status, outcome.message)
    stored = window.session.services.transfer(outcome.transfer.id)
    assert stored.quote["quote_id"] == second.quote_id
    assert Decimal(stored.quote["buy_amount"]) == second.buy_amount
    assert form.quote is None and form.request() != dialog.request  # a new transfer starts without it


def test_the_confirmation_waits_when_the_quote_runs_out(qtbot, demo_window, clock_now) -> None:
    window = demo_window
    page, form = window.transfer_page, open_form(qtbot, window)
    cny, usd = account(window, "多币种账户-人民币"), account(window, "多币种账户-美元")
    fill(qtbot, form, cny, "own", usd.id, "500", memo="换汇")
    quote = fetch_quote(qtbot, form)
    can_send(form)
    form.continue_button.click()
    dialog = next_dialog(qtbot, page.flow, ConfirmTransferDialog)
    assert dialog.ok_button.isEnabled()
    clock_now.advance(seconds=int((quote.valid_until - clock.utcnow()) / timedelta(seconds=1)) + 1)
    dialog._tick()
    assert not dialog.ok_button.isEnabled()
    assert dialog.quote_left.text() == "The quote has expired: get a new one."
    dialog.reject()
