"""Privacy mode, auto-lock, live language switching and the keyring-less 'remember' action."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ui.models.tree_model import TreeModel

DIGITS = re.compile(r"\d")


def column_texts(model: TreeModel, key: str, role=Qt.ItemDataRole.DisplayRole) -> list[str]:
    column = next(i for i, c in enumerate(model.columns) if c.key == key)
    out = []
    pending = [model.index(r, 0) for r in range(model.rowCount())]
    while pending:
        index = pending.pop(0)
        value = model.data(index.siblingAtColumn(column), role)
        out.append(value or "")
        pending.extend(model.index(r, 0, index) for r in range(model.rowCount(index)))
    return out


def test_accounts_are_listed_with_balances_and_total(window) -> None:
    model = window.accounts_page.model
    balances = column_texts(model, "balance")
    assert "¥12,345.67" in balances
    assert "-¥321.50" in balances
    assert any(text.startswith("US$100.00") for text in balances)  # the marker says which currency
    # -¥321.50 is owed on a credit card within its limit: normal, not a negative-balance warning
    assert (
        "Negative balance"
        not in column_texts(model, "balance", Qt.ItemDataRole.ToolTipRole)[balances.index("-¥321.50")]
    )
    banner = window.accounts_page.banner
    assert banner.amount.text() == "¥12,112.97"  # 12,345.67 - 321.50 + 88.80; USD has no rate
    assert "USD" in banner.note.text()


def test_privacy_toggle_masks_every_amount(qtbot, window) -> None:
    model = window.accounts_page.model
    window.privacy_action.trigger()
    balances = [t for t in column_texts(model, "balance") if t]
    assert balances and all("****" in t and not DIGITS.search(t) for t in balances)
    tooltips = column_texts(model, "balance", Qt.ItemDataRole.ToolTipRole)
    assert not any(DIGITS.search(t) or "Negative" in t for t in tooltips)
    assert not any(column_texts(model, "balance", Qt.ItemDataRole.DecorationRole))  # the minus mark leaks
    banner = window.accounts_page.banner
    assert "****" in banner.amount.text() and not DIGITS.search(banner.amount.text())
    assert banner.amount.toolTip() == ""
    assert window.settings.amounts_hidden
    window.privacy_action.trigger()
    assert "¥12,345.67" in column_texts(model, "balance")
    assert not window.settings.amounts_hidden


def test_privacy_chosen_earlier_applies_from_the_start(qtbot, tasks, settings, household, wait_idle) -> None:
    from app.services import AppServices
    from tests.ui.conftest import PASSPHRASE
    from ui.main_window import MainWindow
    from ui.vault_session import VaultSession

    settings.amounts_hidden = True
    session = VaultSession(household, tasks)
    win = MainWindow(session, tasks, settings)
    qtbot.addWidget(win)
    tasks.run_mutation(lambda: AppServices.open(household, PASSPHRASE), lambda s, e: session.attach(s))
    wait_idle()
    assert win.privacy_action.isChecked()
    assert "****" in win.accounts_page.banner.amount.text()
    assert not DIGITS.search(win.accounts_page.banner.amount.text())
    assert all(not DIGITS.search(t) for t in column_texts(win.accounts_page.model, "balance"))
    win.close()
    wait_idle()


def test_auto_lock_hides_everything_and_asks_for_the_passphrase(qtbot, window) -> None:
    assert window.accounts_page.model.rowCount() > 0
    window.idle.set_timeout_ms(50)
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5_000)
    assert window.accounts_page.model.rowCount() == 0
    assert window.accounts_page.snapshot is None
    assert window.pages.currentWidget() is window.locked_page
    assert window.unlock_dialog is not None and window.unlock_dialog.isVisible()
    assert not window.idle.running


def test_locking_closes_dialogs_that_show_data(qtbot, window) -> None:
    from shiboken6 import isValid

    from ui.dialogs.account import AccountDialog

    window.accounts_page.add_account()
    dialog = window.accounts_page.findChild(AccountDialog)
    assert dialog is not None and dialog.isVisible()
    window.idle.set_timeout_ms(30)
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5_000)
    assert not isValid(dialog) or not dialog.isVisible()
    assert window.unlock_dialog is not None and window.unlock_dialog.isVisible()


def test_auto_lock_never_when_zero(qtbot, window) -> None:
    window.apply_settings(window.settings.language, 0)
    assert not window.idle.running
    window.apply_settings(window.settings.language, 10)
    assert window.idle.running


def test_input_postpones_auto_lock(qtbot, window) -> None:
    window.idle.set_timeout_ms(400)
    for _ in range(5):
        qtbot.wait(150)  # a person working: each key press restarts the countdown
        qtbot.keyClick(window.accounts_page.tree, Qt.Key.Key_Down)
    assert window.session.is_unlocked
    qtbot.waitUntil(lambda: not window.session.is_unlocked, timeout=5_000)


def test_language_switches_live(qtbot, window, zh_catalogue) -> None:
    page = window.accounts_page
    page.group_by("member")
    assert window.windowTitle() == "Huiliu"
    window.apply_settings("zh_CN", 10)
    try:
        # Qt posts LanguageChange to every widget; they retranslate as the event loop delivers it.
        qtbot.waitUntil(lambda: window.windowTitle() == "汇流", timeout=5_000)
        assert page._title.text() == "账户"
        assert page.model.headerData(0, Qt.Orientation.Horizontal) == "名称"
        kinds = column_texts(page.model, "kind")
        assert "储蓄卡" in kinds and "成年人" in kinds
        assert "一类户" in column_texts(page.model, "badges")
        assert page.banner._caption.text() == "净资产"  # net: the Overview's 总资产 is before debts
        assert window.settings.language == "zh_CN"
    finally:
        window.apply_settings("en", 10)
    qtbot.waitUntil(lambda: window.windowTitle() == "Huiliu", timeout=5_000)
    assert "Debit card" in column_texts(page.model, "kind")


def test_remember_without_keyring_says_so_and_keeps_working(
    qtbot, window, wait_idle, no_keyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, title, text: shown.append(text))
    window.remember_action.trigger()
    wait_idle()
    assert shown and "keyring" in shown[0]
    assert not window.remember_action.isChecked()
    assert window.session.is_unlocked


def test_a_forget_the_keyring_refuses_is_shown_and_stays_remembered(
    qtbot, window, wait_idle, memory_keyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    import keyring
    from keyring.errors import KeyringLocked

    window.remember_action.trigger()
    wait_idle()
    assert window.remember_action.isChecked()

    def refuse(service: str, username: str) -> None:
        raise KeyringLocked("the login keyring is locked")

    monkeypatch.setattr(keyring.get_keyring(), "delete_password", refuse)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: warnings.append(text))
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, title, text: warnings.append("info: " + text))
    window.remember_action.trigger()  # forget
    wait_idle()
    assert len(warnings) == 1 and "could not forget" in warnings[0] and "locked" in warnings[0]
    assert window.remember_action.isChecked()  # the key is still there, and the menu says so
    assert len(memory_keyring) == 1


def test_remembered_vault_opens_without_the_passphrase(
    qtbot, window, wait_idle, memory_keyring, tasks, settings
) -> None:
    from ui.launcher import Launcher

    window.remember_action.trigger()
    wait_idle()
    assert window.remember_action.isChecked()
    assert len(memory_keyring) == 1
    assert "remembers" in window.statusBar().currentMessage()
    directory = window.session.directory
    window.close()
    wait_idle()

    launcher = Launcher(directory, tasks, settings)
    with qtbot.waitSignal(launcher.finished, timeout=15_000) as started:
        launcher.start()
    assert started.args == [True]
    assert launcher.dialog is None  # no unlock dialog: the keyring held the key
    assert launcher.window is not None
    qtbot.addWidget(launcher.window)
    wait_idle()
    assert launcher.window.remember_action.isChecked()
    rows = list(launcher.window.accounts_page.model.iter_rows())
    assert sum(1 for r in rows if r.level == "account") == 4
    launcher.window.remember_action.trigger()  # forget again
    wait_idle()
    assert memory_keyring == {}
    launcher.window.close()
    wait_idle()


def test_change_passphrase(qtbot, window, wait_idle) -> None:
    from shiboken6 import isValid

    from app.services import AppServices
    from tests.ui.conftest import PASSPHRASE
    from ui.dialogs.change_passphrase import ChangePassphraseDialog

    window.passphrase_action.trigger()
    dialog = window.findChild(ChangePassphraseDialog)
    assert dialog is not None
    new = "a new and longer passphrase"
    dialog.current.setText("not it")
    dialog.fields.first.setText(new)
    assert not dialog.ok_button.isEnabled()  # the new one is not repeated yet
    dialog.fields.second.setText(new)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert "not the current passphrase" in dialog.errors.message("old")
    assert dialog.current.text() == ""
    dialog.current.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=15_000)
    wait_idle()
    assert "changed" in window.statusBar().currentMessage()
    window.lock()
    wait_idle()
    AppServices.open(window.session.directory, new).close()


def test_everything_on_screen_follows_a_language_switch(qtbot, window, zh_catalogue, wait_idle) -> None:
    """Issue 10 §3: after a switch the count, the 万 figures and the currency names follow at once."""
    window.show_page("transactions")
    filters = window.transactions_page.filters
    qtbot.waitUntil(lambda: "transaction" in filters.count.text(), timeout=5_000)
    window.show_page("overview")
    header = window.overview_page.header
    window.apply_settings("zh_CN", 10)
    try:
        qtbot.waitUntil(lambda: window.windowTitle() == "汇流", timeout=5_000)
        wait_idle()
        assert "笔交易" in filters.count.text()
        assert "万" in header.amount.text()  # ¥1.26万: the Overview's big figures in 万
        names = [s.name for s in window.overview_page.by_currency.shares]
        assert "美元" in names and "USD" not in names
    finally:
        window.apply_settings("en", 10)
    qtbot.waitUntil(lambda: window.windowTitle() == "Huiliu", timeout=5_000)
    wait_idle()
    assert "笔" not in filters.count.text() and "transaction" in filters.count.text()
    assert "万" not in header.amount.text() and "," in header.amount.text()
    assert "USD" in [s.name for s in window.overview_page.by_currency.shares]
