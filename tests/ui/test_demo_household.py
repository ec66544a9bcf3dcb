"""The demo household: the Overview agrees with the platforms' own books; Sync reports on each."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from app.money import Money
from tests.ui.conftest import WAIT_MS


def sandbox_net_worth(sandbox) -> Decimal:
    """Every login's booked balances from the sandbox's books, in CNY at the sandbox's own quotes."""
    from connectors.sandbox.views import fx_quote_json

    total = Decimal(0)
    for platform_id in sandbox.platform_urls():
        for _member, username, _password in sandbox.logins(platform_id):
            accounts = {a.account_id: a for a in sandbox.world.ledger.accounts_of(platform_id, _member)}
            for account_id, balance in sandbox.ledger_balances(platform_id, username).items():
                currency = accounts[account_id].currency
                if currency == "CNY":
                    total += balance
                    continue
                rate = Decimal(fx_quote_json(sandbox.seed, sandbox.world.now(), currency, "CNY")["rate"])
                total += Money(balance, currency).convert(rate, "CNY").amount
    return total


def test_overview_totals_equal_the_sum_of_balances_the_sandbox_reports(demo_window, demo_household) -> None:
    _services, sandbox = demo_household
    snap = demo_window.overview_page.snapshot
    assert not snap.net.missing_rates
    assert len(snap.accounts) == sum(
        len(sandbox.ledger_balances(p, u))
        for p in sandbox.platform_urls()
        for _m, u, _pw in sandbox.logins(p)
    )
    assert snap.net.amount == sandbox_net_worth(sandbox)
    assert snap.assets.amount + snap.liabilities.amount == snap.net.amount
    assert sum(t.amount for _m, t in snap.by_member) == snap.net.amount
    groups = [section.group for section in demo_window.overview_page.sections()]
    assert groups == ["bank", "wallet", "fund", "credit", "ecny", "foreign"]


def test_sync_shows_every_platform_and_a_failing_one_as_stale(qtbot, demo_window, demo_household) -> None:
    _services, sandbox = demo_household
    sandbox.set_faults("bank_b", "malformed")  # 恒信银行 answers with a broken body
    page = demo_window.accounts_page
    demo_window.show_page("accounts")
    panel = page.sync_panel
    assert panel.button.isEnabled()
    progress: list[tuple[int, int]] = []
    page.sync_runner.progress.connect(lambda done, total, _r: progress.append((done, total)))
    with qtbot.waitSignal(page.sync_runner.finished, timeout=120_000):
        qtbot.mouseClick(panel.button, Qt.MouseButton.LeftButton)
        assert not panel.button.isEnabled()  # one sync at a time
        assert not panel.bar.isHidden()
    connections = len(page.snapshot.connections)
    assert [total for _d, total in progress] == [connections] * connections
    assert sorted(done for done, _t in progress) == list(range(1, connections + 1))
    lines = panel.result_lines()
    assert len(lines) == connections
    stale = [text for status, text in lines if status == "stale"]
    assert len(stale) == 2 and all(text.startswith("恒信银行") for text in stale)  # both members' logins
    assert [status for status, _t in lines[:2]] == ["stale", "stale"]  # what needs attention comes first
    reasons = {r.reason for r in page.sync_runner.results if r.status == "stale"}
    assert all(reasons) and all(any(reason in text for reason in reasons) for text in stale)
    assert {text.split(":")[0] for text in stale} == {"恒信银行 (王建国)", "恒信银行 (李梅)"}
    assert all(status == "ok" for status, text in lines if not text.startswith("恒信银行"))
    assert "could not be updated" in panel.status.text()
    # The tree and the sidebar say so too, with the reason at hand.
    qtbot.waitUntil(lambda: demo_window.navigation.badge("accounts") == 1, timeout=WAIT_MS)
    page.group_by("platform")
    row = next(r for r in page.model.iter_rows() if r.level == "platform" and r.name == "恒信银行")
    assert row.stale_reason
    column = next(c for c in page.model.columns if c.key == "badges")
    assert column.badges(row, page.model.context) == ["Stale"]
    demo_window.show_page("overview")  # a hidden Overview catches up when it is shown
    qtbot.waitUntil(lambda: demo_window.tasks.idle, timeout=WAIT_MS)
    cards = [c for c in demo_window.overview_page.cards if c.platform == "恒信银行"]
    qtbot.waitUntil(
        lambda: all(
            not c.stale.isHidden()
            for c in (x for x in demo_window.overview_page.cards if x.platform == "恒信银行")
        ),
        timeout=WAIT_MS,
    )
    assert cards
    assert "恒信银行" in demo_window.overview_page.header.stale.text()


def test_a_locked_demo_is_no_dead_end(qtbot, demo_window, wait_idle) -> None:
    """Issue 10 §5: locking the demo (or its auto-lock) asks for a passphrase shown nowhere else."""
    from PySide6.QtCore import Qt

    window = demo_window
    window.idle.set_timeout_ms(50)
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=10_000)
    dialog = window.unlock_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.demo_hint.isHidden() and "huiliu-demo" in dialog.demo_hint.text()
    assert dialog.passphrase.text() == "huiliu-demo"  # filled in: Enter unlocks
    window.idle.set_timeout_ms(600_000)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.is_unlocked, timeout=30_000)
    wait_idle()


def test_an_own_vault_says_no_passphrase(qtbot, window) -> None:
    window.idle.set_timeout_ms(50)
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=10_000)
    dialog = window.unlock_dialog
    assert dialog is not None and dialog.demo_hint.isHidden() and dialog.passphrase.text() == ""
