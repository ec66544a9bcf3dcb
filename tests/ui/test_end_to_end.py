"""First run to a listed account, then lock and unlock: the path every new user walks."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from app.vault.keys import FAST_KDF
from app.vault.store import is_vault
from tests.ui.conftest import PASSPHRASE, WAIT_MS
from ui.dialogs.account import AccountDialog
from ui.dialogs.create_vault import CreateVaultDialog
from ui.dialogs.member import MemberDialog
from ui.launcher import Launcher
from ui.models.accounts_tree import AccountsRow
from ui.settings import Settings
from ui.tasks import TaskManager


def gone(widget: QWidget) -> bool:
    """Closed: hidden, or already deleted (the dialogs delete themselves on close)."""
    return not isValid(widget) or not widget.isVisible()


def texts_of(window, level: str) -> list[dict[str, str]]:
    model = window.accounts_page.model
    rows = []
    for row in model.iter_rows():
        assert isinstance(row, AccountsRow)
        if row.level == level:
            rows.append({c.key: c.text(row, model.context) for c in model.columns})
    return rows


def test_create_add_lock_unlock(
    qtbot, tasks: TaskManager, settings: Settings, vault_dir: Path, wait_idle
) -> None:
    launcher = Launcher(vault_dir, tasks, settings, kdf=FAST_KDF)
    launcher.start()
    dialog = launcher.dialog
    assert isinstance(dialog, CreateVaultDialog)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.fields.first, PASSPHRASE)
    qtbot.keyClicks(dialog.fields.second, PASSPHRASE)
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(launcher.finished, timeout=WAIT_MS) as started:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert started.args == [True]
    assert is_vault(vault_dir)
    window = launcher.window
    assert window is not None
    qtbot.addWidget(window)
    wait_idle()
    page = window.accounts_page
    assert page.stack.currentWidget() is page.empty  # the friendly call to action, not an empty grid

    # Add a member through the dialog.
    qtbot.mouseClick(page.empty.button, Qt.MouseButton.LeftButton)
    member_dialog = page.findChild(MemberDialog)
    assert member_dialog is not None and member_dialog.isVisible()
    member_dialog.name.setText("爸爸")
    qtbot.mouseClick(member_dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gone(member_dialog), timeout=WAIT_MS)
    wait_idle()
    assert [r["name"] for r in texts_of(window, "member")] == ["爸爸"]
    assert page.stack.currentWidget() is page.tree

    # Add an account with a balance, on a platform typed inline.
    assert page.add_account_button.isEnabled()
    qtbot.mouseClick(page.add_account_button, Qt.MouseButton.LeftButton)
    account_dialog = page.findChild(AccountDialog)
    assert account_dialog is not None
    assert "new_platform" in account_dialog.shown_fields()  # no platform yet: the inline form is open
    account_dialog.platform_form.name.setText("招商银行")
    account_dialog.platform_form.legal_entity.setText("招商银行股份有限公司")
    account_dialog.kind.setCurrentIndex(account_dialog.kind.findData("debit_card"))
    account_dialog.name.setText("工资卡")
    account_dialog.number.setText("6225 8802 1234 5678")
    qtbot.keyClicks(account_dialog.balance.edit, "12,345.67")
    assert account_dialog.balance.capitals.isVisibleTo(account_dialog)
    assert "壹万贰仟叁佰肆拾伍元陆角柒分" in account_dialog.balance.capitals.text()
    qtbot.mouseClick(account_dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gone(account_dialog), timeout=WAIT_MS)
    wait_idle()
    accounts = texts_of(window, "account")
    assert [(a["name"], a["balance"], a["number"]) for a in accounts] == [
        ("工资卡", "¥12,345.67", "ending 5678")
    ]
    assert [r["name"] for r in texts_of(window, "platform")] == ["招商银行"]
    assert page.banner.amount.text() == "¥12,345.67"

    # Lock: every figure leaves the screen and the unlock dialog appears over the window.
    window.lock_action.trigger()
    assert page.model.rowCount() == 0
    assert window.pages.currentWidget() is window.locked_page
    assert page.banner.amount.text() == "—"
    unlock = window.unlock_dialog
    assert unlock is not None and unlock.isVisible()
    qtbot.keyClicks(unlock.passphrase, PASSPHRASE)
    qtbot.mouseClick(unlock.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.is_unlocked, timeout=WAIT_MS)
    wait_idle()
    assert window.pages.currentWidget() is page
    assert [(a["name"], a["balance"]) for a in texts_of(window, "account")] == [("工资卡", "¥12,345.67")]
    window.close()
    wait_idle()
    QApplication.processEvents()


def test_closing_the_first_dialog_quits(
    qtbot, tasks: TaskManager, settings: Settings, vault_dir: Path
) -> None:
    launcher = Launcher(vault_dir, tasks, settings, kdf=FAST_KDF)
    launcher.start()
    assert launcher.dialog is not None
    with qtbot.waitSignal(launcher.finished, timeout=WAIT_MS) as finished:
        launcher.dialog.reject()
    assert finished.args == [False]
    assert not is_vault(vault_dir)


def test_remembered_vault_is_not_available_without_keyring(
    qtbot, tasks: TaskManager, settings: Settings, household: Path, no_keyring: None
) -> None:
    """Headless Linux has no keyring: start-up falls back to the unlock dialog instead of failing."""
    launcher = Launcher(household, tasks, settings)
    with qtbot.waitSignal(launcher.dialog_shown, timeout=WAIT_MS) as shown:
        launcher.start()
    dialog = shown.args[0]
    assert type(dialog).__name__ == "UnlockDialog"
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    with qtbot.waitSignal(launcher.finished, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert launcher.window is not None
    qtbot.addWidget(launcher.window)
    launcher.window.close()


def test_first_run_offers_the_demo_household(
    qtbot, tasks: TaskManager, settings: Settings, vault_dir: Path, wait_idle
) -> None:
    launcher = Launcher(vault_dir, tasks, settings, kdf=FAST_KDF)
    launcher.start()
    dialog = launcher.dialog
    assert isinstance(dialog, CreateVaultDialog) and dialog.demo_button.isEnabled()
    with qtbot.waitSignal(launcher.finished, timeout=60_000) as started:
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert started.args == [True]
    assert not is_vault(vault_dir)  # the person's own vault location is untouched
    demo = launcher.demo
    assert demo is not None and demo.window is not None
    qtbot.addWidget(demo.window)
    wait_idle()
    services = demo.window.session.services
    assert len(services.members()) == 3 and len(services.platforms()) == 7
    assert services.info().counts["transactions"] > 1000
    demo.window.close()
    wait_idle()
    demo.cleanup()
    assert not demo.directory.exists()
