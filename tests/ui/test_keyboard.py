"""Keyboard only: every dialog opens on its first field, Enter does its main job, Escape cancels, Tab
goes field by field to the main button; the window's shortcuts. In English and in Chinese."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shiboken6 import isValid

from app.services import AppServices
from app.vault.keys import FAST_KDF
from app.vault.store import is_vault
from tests.ui.conftest import PASSPHRASE, WAIT_MS
from ui.dialogs.account import AccountDialog
from ui.dialogs.allowance import AllowanceDialog
from ui.dialogs.approval import AskApprovalDialog, DenyDialog
from ui.dialogs.change_passphrase import ChangePassphraseDialog
from ui.dialogs.create_vault import CreateVaultDialog
from ui.dialogs.family_payee import FamilyPayeeDialog
from ui.dialogs.invite_member import InviteMemberDialog
from ui.dialogs.member import MemberDialog
from ui.dialogs.settings import SettingsDialog
from ui.dialogs.unlock import UnlockDialog
from ui.language import apply_language
from ui.launcher import Launcher
from ui.settings import Settings
from ui.tasks import TaskManager

CTRL = Qt.KeyboardModifier.ControlModifier
NO_KEYRING = (
    "No system keyring was found (such as GNOME Keyring, KWallet, macOS Keychain or Windows "
    "Credential Manager), so the vault cannot be remembered and you will type the passphrase. "
    "Install and unlock one, then start Huiliu again, to use this."
)


def settle() -> None:
    """Widgets closed by earlier tests go first: a language switch must not reach half-deleted ones."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    QApplication.processEvents()


@pytest.fixture(params=["en", "zh_CN"])
def lang(request, qtbot, zh_catalogue) -> Iterator[str]:
    """Each test runs in both languages, then back in English."""
    settle()
    apply_language(request.param)
    QApplication.processEvents()
    yield request.param
    apply_language("en")  # while this test's widgets are whole; the Python side may go first otherwise
    QApplication.processEvents()


def gone(widget: QWidget) -> bool:
    return not isValid(widget) or not widget.isVisible()


def opened(qtbot, dialog: QDialog, first: QWidget) -> None:
    """The dialog is on screen with the keyboard focus in ``first``."""
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.focusWidget() is first, timeout=5_000)


def tab_order(dialog: QDialog, stop: QWidget, limit: int = 60) -> list[QWidget]:
    """The widgets Tab visits from the focused one until ``stop`` (the primary button)."""
    visited = [dialog.focusWidget()]
    for _ in range(limit):
        if visited[-1] is stop:
            break
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        if dialog.focusWidget() is not visited[-1]:  # a date field's Tab first walks its sections
            visited.append(dialog.focusWidget())
    return visited


def tab_to(qtbot, dialog: QDialog, target: QWidget, limit: int = 40) -> None:
    for _ in range(limit):
        if dialog.focusWidget() is target:
            return
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target!r}")


# --- start-up ---------------------------------------------------------------------------------------


def start_unlock(
    qtbot, tasks: TaskManager, settings: Settings, household: Path
) -> tuple[Launcher, UnlockDialog]:
    launcher = Launcher(household, tasks, settings)
    with qtbot.waitSignal(launcher.dialog_shown, timeout=WAIT_MS) as shown:
        launcher.start()
    dialog = shown.args[0]
    assert isinstance(dialog, UnlockDialog)
    opened(qtbot, dialog, dialog.passphrase)
    return launcher, dialog


def test_startup_unlock_opens_on_the_passphrase_and_enter_unlocks(
    qtbot, lang, tasks, settings, household, no_keyring, wait_idle
) -> None:
    launcher, dialog = start_unlock(qtbot, tasks, settings, household)
    assert dialog.ok_button.isDefault()
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    assert not cancel.isDefault() and not cancel.autoDefault()  # Enter must never quit
    qtbot.keyClicks(dialog.focusWidget(), "x")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Backspace)  # Unlock disabled, then enabled again
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.focusWidget(), PASSPHRASE)
    assert dialog.ok_button.isDefault()
    assert tab_order(dialog, dialog.ok_button) == [dialog.passphrase, dialog.ok_button]
    qtbot.keyClick(dialog.ok_button, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is cancel  # then the other button
    dialog.passphrase.setFocus()
    with qtbot.waitSignal(launcher.finished, timeout=WAIT_MS) as finished:
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert finished.args == [True]
    assert launcher.window is not None
    qtbot.addWidget(launcher.window)
    launcher.window.close()
    wait_idle()


def test_startup_unlock_escape_quits(qtbot, lang, tasks, settings, household, no_keyring) -> None:
    launcher, dialog = start_unlock(qtbot, tasks, settings, household)
    with qtbot.waitSignal(launcher.finished, timeout=WAIT_MS) as finished:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert finished.args == [False]


def start_create(
    qtbot, tasks: TaskManager, settings: Settings, vault_dir: Path
) -> tuple[Launcher, CreateVaultDialog]:
    launcher = Launcher(vault_dir, tasks, settings, kdf=FAST_KDF)
    with qtbot.waitSignal(launcher.dialog_shown, timeout=WAIT_MS) as shown:
        launcher.start()
    dialog = shown.args[0]
    assert isinstance(dialog, CreateVaultDialog)
    opened(qtbot, dialog, dialog.fields.first)
    return launcher, dialog


def test_create_vault_enter_creates_the_vault_not_the_demo(
    qtbot, lang, tasks, settings, vault_dir, no_keyring, wait_idle
) -> None:
    launcher, dialog = start_create(qtbot, tasks, settings, vault_dir)
    assert dialog.ok_button.isDefault()
    assert not dialog.demo_button.isDefault() and not dialog.demo_button.autoDefault()
    qtbot.keyClicks(dialog.focusWidget(), PASSPHRASE)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.fields.second
    qtbot.keyClicks(dialog.focusWidget(), PASSPHRASE)
    assert dialog.ok_button.isEnabled() and dialog.ok_button.isDefault()
    # No keyring here: the Remember box is disabled, so Tab goes from the repeat to Create.
    assert tab_order(dialog, dialog.ok_button) == [dialog.fields.second, dialog.ok_button]
    dialog.fields.second.setFocus()
    with qtbot.waitSignal(launcher.finished, timeout=WAIT_MS) as finished:
        qtbot.keyClick(dialog.fields.second, Qt.Key.Key_Return)
    assert finished.args == [True]
    assert launcher.demo is None and is_vault(vault_dir)
    assert launcher.window is not None
    qtbot.addWidget(launcher.window)
    launcher.window.close()
    wait_idle()


def test_create_vault_tab_order_with_a_keyring(
    qtbot, lang, tasks, settings, vault_dir, memory_keyring
) -> None:
    launcher, dialog = start_create(qtbot, tasks, settings, vault_dir)
    qtbot.keyClicks(dialog.fields.first, PASSPHRASE)
    qtbot.keyClicks(dialog.fields.second, PASSPHRASE)
    assert tab_order(dialog, dialog.ok_button) == [
        dialog.fields.first,
        dialog.fields.second,
        dialog.remember,
        dialog.ok_button,
    ]
    with qtbot.waitSignal(launcher.finished, timeout=WAIT_MS) as finished:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert finished.args == [False]
    assert launcher.demo is None and not is_vault(vault_dir)


def test_remember_without_a_keyring_says_what_would_enable_it(qtbot, lang, tasks, vault_dir) -> None:
    dialog = CreateVaultDialog(tasks, vault_dir, keyring_ok=False)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.remember.isEnabled()
    assert dialog.remember_hint.isVisible()
    source = dialog.remember_hint.text()
    assert source == QCoreApplication.translate("CreateVaultDialog", NO_KEYRING)  # in this language
    if lang == "en":
        assert source == NO_KEYRING
    assert dialog.remember.toolTip() == dialog.remember_hint.text()
    with_keyring = CreateVaultDialog(tasks, vault_dir, keyring_ok=True)
    qtbot.addWidget(with_keyring)
    with_keyring.show()
    assert not with_keyring.remember_hint.isVisible()


# --- after a lock -------------------------------------------------------------------------------------


def locked_dialog(qtbot, window) -> UnlockDialog:
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)
    assert not window.session.is_unlocked
    dialog = window.unlock_dialog
    assert dialog is not None
    opened(qtbot, dialog, dialog.passphrase)
    return dialog


def test_after_a_lock_enter_unlocks(qtbot, lang, window, wait_idle) -> None:
    dialog = locked_dialog(qtbot, window)
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    assert not cancel.isDefault() and not cancel.autoDefault()
    qtbot.keyClicks(dialog.focusWidget(), PASSPHRASE)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.is_unlocked, timeout=WAIT_MS)
    wait_idle()
    assert window.pages.currentWidget() is not window.locked_page


def test_after_a_lock_escape_cancels_and_enter_on_the_page_asks_again(qtbot, lang, window, wait_idle) -> None:
    dialog = locked_dialog(qtbot, window)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)
    assert not window.session.is_unlocked
    button = window.locked_page.button
    qtbot.waitUntil(lambda: window.focusWidget() is button, timeout=5_000)
    qtbot.keyClick(button, Qt.Key.Key_Return)
    again = window.unlock_dialog
    assert again is not None and again is not dialog
    opened(qtbot, again, again.passphrase)
    qtbot.keyClicks(again.passphrase, PASSPHRASE)
    qtbot.keyClick(again.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.is_unlocked, timeout=WAIT_MS)
    wait_idle()


# --- the household dialogs ----------------------------------------------------------------------------


def test_member_dialog_enter_saves_escape_cancels(qtbot, lang, window, wait_idle) -> None:
    page = window.accounts_page
    page.add_member()
    dialog = page.findChild(MemberDialog)
    assert dialog is not None
    opened(qtbot, dialog, dialog.name)
    assert tab_order(dialog, dialog.ok_button) == [
        dialog.name,
        dialog.role,
        dialog.real_name,
        dialog.id_number,
        dialog.ok_button,
    ]
    dialog.name.setFocus()
    qtbot.keyClicks(dialog.name, "Grandma")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT_MS)
    wait_idle()
    qtbot.waitUntil(
        lambda: page.snapshot is not None and "Grandma" in [m.name for m in page.snapshot.members],
        timeout=WAIT_MS,
    )

    page.add_member()
    other = next(d for d in page.findChildren(MemberDialog) if not gone(d))
    opened(qtbot, other, other.name)
    qtbot.keyClicks(other.name, "Nobody")
    qtbot.keyClick(other.name, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: gone(other), timeout=5_000)
    wait_idle()
    assert "Nobody" not in [m.name for m in page.snapshot.members]


def open_invite(qtbot, window, wait_idle) -> InviteMemberDialog:
    page = window.household_page
    window.show_page("household")
    qtbot.waitUntil(lambda: page.snapshot is not None, timeout=WAIT_MS)
    wait_idle()
    dialog = page.invite(2)  # Mum, an adult without keys of her own
    assert dialog is not None
    opened(qtbot, dialog, dialog.first)
    return dialog


def test_invite_dialog_opens_on_the_passphrase_enter_invites(qtbot, lang, window, wait_idle) -> None:
    dialog = open_invite(qtbot, window, wait_idle)
    secret = "mum's own long passphrase"
    qtbot.keyClicks(dialog.first, secret)
    qtbot.keyClick(dialog.first, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.second
    qtbot.keyClicks(dialog.second, secret)
    qtbot.keyClick(dialog.second, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.ok_button
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.second, Qt.Key.Key_Return)
    wait_idle()
    assert (2, "passphrase") in AppServices.unlockable_members(window.session.directory)


def test_invite_dialog_escape_cancels(qtbot, lang, window, wait_idle) -> None:
    dialog = open_invite(qtbot, window, wait_idle)
    qtbot.keyClicks(dialog.first, "not saved at all")
    with qtbot.waitSignal(dialog.rejected, timeout=5_000):
        qtbot.keyClick(dialog.first, Qt.Key.Key_Escape)
    wait_idle()
    assert (2, "passphrase") not in AppServices.unlockable_members(window.session.directory)


def test_account_dialog_enter_saves(qtbot, lang, window, wait_idle) -> None:
    page = window.accounts_page
    page.add_account()
    dialog = page.findChild(AccountDialog)
    assert dialog is not None
    opened(qtbot, dialog, dialog.member)
    assert dialog.ok_button.isDefault()
    tab_to(qtbot, dialog, dialog.name)
    qtbot.keyClicks(dialog.name, "Keyboard card")
    order = tab_order(dialog, dialog.ok_button)
    assert order[-1] is dialog.ok_button  # the form, then the main button
    assert dialog.balance.edit in order
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    wait_idle()
    qtbot.waitUntil(
        lambda: page.snapshot is not None and "Keyboard card" in [a.name for a in page.snapshot.accounts],
        timeout=WAIT_MS,
    )


def test_account_dialog_escape_cancels(qtbot, lang, window, wait_idle) -> None:
    page = window.accounts_page
    page.add_account()
    dialog = page.findChild(AccountDialog)
    assert dialog is not None
    opened(qtbot, dialog, dialog.member)
    with qtbot.waitSignal(dialog.rejected, timeout=5_000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)


def test_change_passphrase_enter_changes_it(qtbot, lang, window, wait_idle) -> None:
    window.passphrase_action.trigger()
    dialog = window.findChild(ChangePassphraseDialog)
    assert dialog is not None
    opened(qtbot, dialog, dialog.current)
    new = "a new and longer passphrase"
    qtbot.keyClicks(dialog.current, PASSPHRASE)
    qtbot.keyClick(dialog.current, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.fields.first
    qtbot.keyClicks(dialog.fields.first, new)
    qtbot.keyClick(dialog.fields.first, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.fields.second
    qtbot.keyClicks(dialog.fields.second, new)
    qtbot.keyClick(dialog.fields.second, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.ok_button
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.fields.second, Qt.Key.Key_Return)
    wait_idle()


def test_settings_opens_with_ctrl_comma_enter_saves_escape_cancels(qtbot, lang, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_Comma, CTRL)
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    opened(qtbot, dialog, dialog.language)
    before = window.settings.auto_lock_minutes
    assert tab_order(dialog, dialog.colours)[:3] == [dialog.language, dialog.auto_lock, dialog.colours]
    dialog.auto_lock.setFocus()
    qtbot.keyClick(dialog.auto_lock, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.auto_lock, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)
    assert window.settings.auto_lock_minutes == before

    window.activateWindow()  # the offscreen platform does not give the focus back by itself
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_Comma, CTRL)
    dialog = next(d for d in window.findChildren(SettingsDialog) if not gone(d))
    opened(qtbot, dialog, dialog.language)
    qtbot.keyClick(dialog.language, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.auto_lock
    qtbot.keyClick(dialog.auto_lock, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.auto_lock, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)
    assert window.settings.auto_lock_minutes == before + 1


# --- the window's shortcuts ---------------------------------------------------------------------------


def test_ctrl_f_finds_transactions_from_any_page(qtbot, lang, window) -> None:
    qtbot.waitUntil(lambda: window.navigation.is_page_visible("transactions"), timeout=WAIT_MS)
    window.show_page("accounts")
    window.accounts_page.tree.setFocus()
    qtbot.keyClick(window.accounts_page.tree, Qt.Key.Key_F, CTRL)
    assert window.pages.currentWidget() is window.transactions_page
    search = window.transactions_page.filters.search
    qtbot.waitUntil(lambda: window.focusWidget() is search, timeout=5_000)
    # From inside the page too (its own Find shortcut must not make the key ambiguous).
    window.transactions_page.table.setFocus()
    qtbot.keyClick(window.transactions_page.table, Qt.Key.Key_F, CTRL)
    qtbot.waitUntil(lambda: window.focusWidget() is search, timeout=5_000)


def test_ctrl_i_imports_and_ctrl_l_locks(qtbot, lang, window, monkeypatch) -> None:
    asked: list[bool] = []
    monkeypatch.setattr(window.imports, "choose_file", lambda: asked.append(True))
    window.accounts_page.tree.setFocus()
    qtbot.keyClick(window.accounts_page.tree, Qt.Key.Key_I, CTRL)
    assert asked == [True]
    qtbot.keyClick(window.accounts_page.tree, Qt.Key.Key_L, CTRL)
    assert not window.session.is_unlocked
    assert window.unlock_dialog is not None


# --- dialogs that are not forms: import preview and history, column mapper, details, connect ---------


def test_import_preview_opens_on_the_account_enter_imports_then_enter_closes(
    qtbot, lang, window, tmp_path: Path, wait_idle
) -> None:
    from tests.ui.test_import import ofx_file, open_preview

    dialog = open_preview(qtbot, window, ofx_file(tmp_path, "7700.00"))
    first = dialog.section_combos[0]
    opened(qtbot, dialog, first)
    qtbot.waitUntil(lambda: dialog.import_button.isEnabled(), timeout=WAIT_MS)
    assert dialog.import_button.isDefault()
    assert not dialog.cancel_button.autoDefault() and not dialog.new_account_buttons[0].autoDefault()
    order = tab_order(dialog, dialog.import_button)
    assert order[:2] == [first, dialog.new_account_buttons[0]]  # the account, then its New account…
    assert dialog.rows in order and order[-1] is dialog.import_button
    qtbot.keyClick(dialog.import_button, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.cancel_button
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT_MS)
    wait_idle()
    assert dialog.close_button.isDefault() and not dialog.undo_button.autoDefault()
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.close_button, timeout=5_000)
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        qtbot.keyClick(dialog.close_button, Qt.Key.Key_Return)
    assert dialog.result.added == 2  # Enter imported, and only once


def test_import_preview_escape_cancels(qtbot, lang, window, tmp_path: Path, wait_idle) -> None:
    from tests.ui.test_import import alipay_file, open_preview

    dialog = open_preview(qtbot, window, alipay_file(tmp_path))
    opened(qtbot, dialog, dialog.section_combos[0])
    assert not dialog.import_button.isEnabled()  # no account yet: Enter does nothing
    qtbot.keyClick(dialog.section_combos[0], Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result is None
    with qtbot.waitSignal(dialog.rejected, timeout=5_000):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    wait_idle()
    assert window.session.services.transactions() == []


def test_import_history_opens_on_the_list_enter_and_escape_close(
    qtbot, lang, window, tmp_path: Path, wait_idle, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.test_import_history import statement

    services = window.session.services
    parsed = statement("jan.csv", 1)
    window.tasks.run_mutation(
        lambda: services.commit_import(services.preview_import(parsed, b"jan", account_id=1)).changes
    )
    wait_idle()
    window.history_action.trigger()
    qtbot.waitUntil(
        lambda: window.history_dialog is not None and window.history_dialog.isVisible(), timeout=WAIT_MS
    )
    dialog = window.history_dialog
    opened(qtbot, dialog, dialog.table)
    assert dialog.table.selectedItems() and dialog.undo_button.isEnabled()  # the newest import is chosen
    assert dialog.close_button.isDefault() and not dialog.undo_button.autoDefault()
    assert tab_order(dialog, dialog.close_button) == [dialog.table, dialog.undo_button, dialog.close_button]
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append("?") or QMessageBox.StandardButton.No
    )
    dialog.table.setFocus()
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert asked == []  # Enter never undoes
    window.activateWindow()
    window.history_action.trigger()
    qtbot.waitUntil(
        lambda: window.history_dialog is not None and window.history_dialog.isVisible(), timeout=WAIT_MS
    )
    again = window.history_dialog
    opened(qtbot, again, again.table)
    with qtbot.waitSignal(again.rejected, timeout=5_000):
        qtbot.keyClick(again.table, Qt.Key.Key_Escape)


def test_column_mapper_opens_on_the_name_tab_goes_column_by_column_enter_continues(
    qtbot, lang, window, tmp_path: Path, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.test_column_mapper import FEB, bank_file
    from ui.dialogs.column_mapper import ColumnMapperDialog

    monkeypatch.setattr(QMessageBox, "open", lambda self: None)
    with qtbot.waitSignal(window.imports.mapper_opened, timeout=WAIT_MS) as shown:
        assert window.import_file(bank_file(tmp_path / "export.csv", FEB))
    mapper = shown.args[0]
    assert isinstance(mapper, ColumnMapperDialog)
    opened(qtbot, mapper, mapper.source_edit)
    assert mapper.continue_button.isDefault() and not mapper.cancel_button.autoDefault()
    mapper.source_edit.selectAll()
    qtbot.keyClicks(mapper.source_edit, "My bank")
    qtbot.waitUntil(lambda: mapper.continue_button.isEnabled(), timeout=WAIT_MS)
    order = tab_order(mapper, mapper.continue_button)
    assert order[:2] == [mapper.source_edit, mapper.date_format]
    roles = [w for w in order if w in mapper.role_combos]
    assert roles == mapper.role_combos  # every column's chooser, left to right
    assert order[-1] is mapper.continue_button and mapper.result in order
    mapper.source_edit.setFocus()
    with qtbot.waitSignal(window.imports.dialog_opened, timeout=WAIT_MS) as previewed:
        qtbot.keyClick(mapper.source_edit, Qt.Key.Key_Return)
    assert mapper.source == "My bank"
    preview = previewed.args[0]
    with qtbot.waitSignal(preview.rejected, timeout=5_000):
        qtbot.keyClick(preview.focusWidget() or preview, Qt.Key.Key_Escape)


def test_column_mapper_escape_cancels(qtbot, lang, window, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.test_column_mapper import FEB, bank_file

    monkeypatch.setattr(QMessageBox, "open", lambda self: None)
    with qtbot.waitSignal(window.imports.mapper_opened, timeout=WAIT_MS) as shown:
        assert window.import_file(bank_file(tmp_path / "export.csv", FEB))
    mapper = shown.args[0]
    opened(qtbot, mapper, mapper.source_edit)
    with qtbot.waitSignal(mapper.rejected, timeout=5_000):
        qtbot.keyClick(mapper.source_edit, Qt.Key.Key_Escape)


def test_transaction_detail_opens_on_the_category_enter_saves_escape_closes(
    qtbot, lang, window, wait_idle
) -> None:
    from datetime import date
    from decimal import Decimal

    from app.ledger.transactions import TransactionInput

    services = window.session.services
    rows = [TransactionInput(booked_on=date(2026, 12, 1), amount=Decimal("-25.00"), counterparty="肯德基")]
    window.tasks.run_mutation(lambda: services.add_transactions(1, rows))
    wait_idle()
    window.show_page("transactions")
    page = window.transactions_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and page.model.row_for(0) is not None, timeout=WAIT_MS)
    page.table.doubleClicked.emit(page.model.index(0, 1))
    qtbot.waitUntil(
        lambda: page.detail_dialog is not None and page.detail_dialog.isVisible(), timeout=WAIT_MS
    )
    detail = page.detail_dialog
    opened(qtbot, detail, detail.category)
    assert detail.save_button.isDefault()
    assert not detail.close_button.autoDefault() and not detail.undo_button.autoDefault()
    order = tab_order(detail, detail.save_button)
    assert order[:3] == [detail.category, detail.counterparty, detail.memo]
    detail.memo.setFocus()
    qtbot.keyClicks(detail.memo, "lunch")
    qtbot.keyClick(detail.memo, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: detail.saved, timeout=WAIT_MS)
    wait_idle()
    assert services.transactions()[0].memo == "lunch"
    with qtbot.waitSignal(detail.rejected, timeout=5_000):
        qtbot.keyClick(detail.memo, Qt.Key.Key_Escape)


def test_connect_platform_opens_on_the_list_enter_goes_on_escape_cancels(qtbot, lang, window) -> None:
    from app.services import KnownPlatform

    window.set_known_platforms([KnownPlatform("汇通银行", "https://127.0.0.1:9/bank", "bank", ())])
    dialog = window.accounts_page.connect_platform()
    opened(qtbot, dialog, dialog.known_list)
    assert dialog.next_button.isDefault() and not dialog.cancel_button.autoDefault()
    assert tab_order(dialog, dialog.next_button)[:2] == [dialog.known_list, dialog.address]
    dialog.known_list.setFocus()
    qtbot.keyClick(dialog.known_list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.member, timeout=5_000)  # step 2 on its field
    with qtbot.waitSignal(dialog.rejected, timeout=5_000):
        qtbot.keyClick(dialog.member, Qt.Key.Key_Escape)


# --- the household's inbox ------------------------------------------------------------------------------


def open_inbox(qtbot, window, wait_idle):
    window.show_page("household")
    inbox = window.household_page.inbox
    qtbot.waitUntil(lambda: inbox.snapshot is not None, timeout=WAIT_MS)
    wait_idle()
    return inbox


def test_ask_for_approval_opens_on_what_for_enter_asks_escape_cancels(qtbot, lang, window, wait_idle) -> None:
    inbox = open_inbox(qtbot, window, wait_idle)
    dialog = inbox.ask_approval()
    assert isinstance(dialog, AskApprovalDialog)
    opened(qtbot, dialog, dialog.summary)
    qtbot.keyClicks(dialog.summary, "New bike")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.amount.edit
    qtbot.keyClicks(dialog.amount.edit, "1299")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.amount.edit, Qt.Key.Key_Return)
    wait_idle()
    asked = window.session.services.approvals()
    assert [(a.summary, a.amount) for a in asked] == [("New bike", Decimal("1299"))]

    other = inbox.ask_approval()
    opened(qtbot, other, other.summary)
    qtbot.keyClicks(other.summary, "not asked")
    with qtbot.waitSignal(other.rejected, timeout=5_000):
        qtbot.keyClick(other.summary, Qt.Key.Key_Escape)
    wait_idle()
    assert len(window.session.services.approvals()) == 1


def test_deny_opens_on_the_comment_enter_denies_escape_cancels(qtbot, lang, window) -> None:
    for key, signal in ((Qt.Key.Key_Return, "accepted"), (Qt.Key.Key_Escape, "rejected")):
        dialog = DenyDialog(window.tasks, "New bike", parent=window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        opened(qtbot, dialog, dialog.comment)
        qtbot.keyClicks(dialog.comment, "next month")
        assert dialog.text() == "next month"
        with qtbot.waitSignal(getattr(dialog, signal), timeout=5_000):
            qtbot.keyClick(dialog.comment, key)


def test_family_payee_opens_on_the_account_enter_offers_escape_cancels(qtbot, lang, window, wait_idle) -> None:
    inbox = open_inbox(qtbot, window, wait_idle)
    dialog = inbox.offer_payee()
    assert isinstance(dialog, FamilyPayeeDialog)
    opened(qtbot, dialog, dialog.account)
    assert tab_order(dialog, dialog.ok_button) == [dialog.account, dialog.member, dialog.note, dialog.ok_button]
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    wait_idle()
    assert len(window.session.services.family_links()) == 1

    other = inbox.offer_payee()
    opened(qtbot, other, other.account)
    with qtbot.waitSignal(other.rejected, timeout=5_000):
        qtbot.keyClick(other.account, Qt.Key.Key_Escape)
    wait_idle()
    assert len(window.session.services.family_links()) == 1


def test_allowance_opens_on_the_weekly_amount_enter_saves_escape_cancels(qtbot, lang, window, wait_idle) -> None:
    from app.ledger.records import MemberInput

    services = window.session.services
    window.tasks.run_mutation(lambda: services.add_member(MemberInput(name="Kid", role="teen")))
    wait_idle()
    inbox = open_inbox(qtbot, window, wait_idle)
    kid = next(m for m in services.household() if m.name == "Kid")
    qtbot.waitUntil(lambda: kid.id in inbox.snapshot.allowances, timeout=WAIT_MS)
    dialog = inbox.edit_allowance(kid.id)
    assert isinstance(dialog, AllowanceDialog)
    opened(qtbot, dialog, dialog.weekly.edit)
    qtbot.keyClicks(dialog.weekly.edit, "50")
    qtbot.keyClick(dialog.weekly.edit, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.currency
    qtbot.keyClick(dialog.currency, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.limit.edit
    qtbot.keyClicks(dialog.limit.edit, "80")
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.limit.edit, Qt.Key.Key_Return)
    wait_idle()
    allowance = services.allowance(kid.id)
    assert (allowance.weekly_amount, allowance.approval_limit) == (Decimal("50"), Decimal("80"))

    qtbot.waitUntil(lambda: inbox.snapshot.allowances.get(kid.id) is not None, timeout=WAIT_MS)
    other = inbox.edit_allowance(kid.id)
    opened(qtbot, other, other.weekly.edit)
    other.weekly.setText("999")
    with qtbot.waitSignal(other.rejected, timeout=5_000):
        qtbot.keyClick(other.weekly.edit, Qt.Key.Key_Escape)
    wait_idle()
    assert services.allowance(kid.id).weekly_amount == Decimal("50")


# --- transfers: verification, warning, confirmation, code app, payees, rules ----------------------------


def enrolled_secret(window, clock_now) -> str:
    """A code app for the acting member, added through the core; the enrolment's code is then spent."""
    import pyotp

    from app import clock

    services = window.session.services
    enrolment = window.tasks.call_on_writer(lambda: services.begin_totp_enrolment("Huiliu"))
    window.tasks.call_on_writer(
        lambda: services.confirm_totp_enrolment(enrolment.factor_id, pyotp.TOTP(enrolment.secret).at(clock.utcnow())))
    clock_now.advance(seconds=31)
    return enrolment.secret


def test_step_up_opens_on_the_code_enter_verifies_escape_cancels(qtbot, lang, window, clock_now) -> None:
    import pyotp

    from app import clock
    from ui.dialogs.step_up import StepUpDialog

    services = window.session.services
    secret = enrolled_secret(window, clock_now)
    methods = [m for m in services.step_up_methods() if m.usable]
    assert [m.kind for m in methods] == ["totp"]

    def verify(kind, code, _status):
        return services.step_up_for_enrolment(kind, code)

    dialog = StepUpDialog(window.tasks, verify, methods, "reason", window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    opened(qtbot, dialog, dialog.code)
    assert dialog.ok_button.isDefault() and not dialog.touch.isVisible()
    qtbot.keyClicks(dialog.code, "12345")
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)  # five digits: Verify is off, nothing happens
    assert dialog.isVisible() and dialog.proof is None
    qtbot.keyClicks(dialog.code, "6")
    assert tab_order(dialog, dialog.ok_button) == [dialog.code, dialog.ok_button]
    dialog.code.setFocus()
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, pyotp.TOTP(secret).at(clock.utcnow()))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.proof is not None

    other = StepUpDialog(window.tasks, verify, methods, "reason", window)
    other.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    other.open()
    opened(qtbot, other, other.code)
    with qtbot.waitSignal(other.rejected, timeout=5_000):
        qtbot.keyClick(other.code, Qt.Key.Key_Escape)


def test_enrol_code_app_enter_shows_the_qr_then_enter_sets_it_up(qtbot, lang, window) -> None:
    import pyotp

    from app import clock
    from ui.dialogs.totp_enrol import EnrolTotpDialog

    services = window.session.services
    dialog = EnrolTotpDialog(window.tasks, services, [], window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    opened(qtbot, dialog, dialog.label)
    assert dialog.ok_button.isDefault() and not dialog.show_button.autoDefault()
    assert tab_order(dialog, dialog.ok_button)[:2] == [dialog.label, dialog.show_button]
    dialog.label.setFocus()
    dialog.label.selectAll()
    qtbot.keyClicks(dialog.label, "My phone")
    qtbot.keyClick(dialog.label, Qt.Key.Key_Return)  # the name is given: the QR code comes
    qtbot.waitUntil(lambda: dialog.enrolment is not None and dialog.focusWidget() is dialog.code, timeout=WAIT_MS)
    assert dialog.isVisible() and dialog.qr.isVisible()
    qtbot.keyClicks(dialog.code, pyotp.TOTP(dialog.enrolment.secret).at(clock.utcnow()))
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.enrolled
    assert any(m.kind == "totp" and m.usable for m in services.step_up_methods())

    other = EnrolTotpDialog(window.tasks, services, services.step_up_methods(), window)
    other.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    other.open()
    opened(qtbot, other, other.label)
    with qtbot.waitSignal(other.rejected, timeout=5_000):
        qtbot.keyClick(other.label, Qt.Key.Key_Escape)


def test_add_payee_opens_on_the_name_tab_goes_field_by_field_enter_saves(qtbot, lang, window, wait_idle) -> None:
    window.show_page("payees")
    page = window.payees_page
    dialog = page.add()
    opened(qtbot, dialog, dialog.name)
    assert dialog.ok_button.isDefault()
    qtbot.keyClicks(dialog.name, "Zhao Liu")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.number
    qtbot.keyClicks(dialog.number, "6222020200112233445")
    qtbot.keyClick(dialog.number, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.institution
    qtbot.keyClicks(dialog.institution, "ICBC")
    order = tab_order(dialog, dialog.ok_button)
    assert order == [dialog.institution, dialog.kind, dialog.note, dialog.ok_button]
    dialog.note.setFocus()
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    wait_idle()
    assert [p.name for p in window.session.services.payees()] == ["Zhao Liu"]

    other = page.add()
    opened(qtbot, other, other.name)
    qtbot.keyClicks(other.name, "not saved")
    with qtbot.waitSignal(other.rejected, timeout=5_000):
        qtbot.keyClick(other.name, Qt.Key.Key_Escape)
    wait_idle()
    assert len(window.session.services.payees()) == 1


def open_policy(qtbot, window):
    window.show_page("policy")
    page = window.policy_page
    qtbot.waitUntil(lambda: bool(page.rules), timeout=WAIT_MS)
    return page


def test_stricter_value_opens_on_the_value_enter_saves_escape_cancels(qtbot, lang, window, wait_idle) -> None:
    page = open_policy(qtbot, window)
    assert page.select_rule("step_up_large")
    dialog = page.make_stricter("limit")
    opened(qtbot, dialog, dialog.value)
    assert dialog.ok_button.isDefault()
    qtbot.keyClick(dialog.value, Qt.Key.Key_Return)  # nothing typed: nothing saved
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.value, "4000")
    assert tab_order(dialog, dialog.ok_button) == [dialog.value, dialog.ok_button]
    dialog.value.setFocus()
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.value, Qt.Key.Key_Return)
    wait_idle()
    view = next(v for v in window.session.services.policy_rules() if v.rule.id == "step_up_large")
    assert view.values["limit"] == Decimal("4000")

    page.select_rule("step_up_large")
    chooser = page.make_stricter()
    opened(qtbot, chooser, chooser.name)  # no value named: first choose which
    qtbot.keyClick(chooser.name, Qt.Key.Key_Tab)
    assert chooser.focusWidget() is chooser.value
    qtbot.keyClicks(chooser.value, "3000")
    with qtbot.waitSignal(chooser.rejected, timeout=5_000):
        qtbot.keyClick(chooser.value, Qt.Key.Key_Escape)
    wait_idle()
    view = next(v for v in window.session.services.policy_rules() if v.rule.id == "step_up_large")
    assert view.values["limit"] == Decimal("4000")


def test_user_rule_tab_leaves_the_text_ctrl_enter_adds_escape_cancels(qtbot, lang, window, wait_idle) -> None:
    page = open_policy(qtbot, window)
    dialog = page.add_rule()
    opened(qtbot, dialog, dialog.text)
    assert dialog.ok_button.isDefault()
    before = dialog.text.toPlainText()
    assert tab_order(dialog, dialog.ok_button) == [dialog.text, dialog.ok_button]
    assert dialog.text.toPlainText() == before  # Tab moved on, it typed nothing
    dialog.text.setFocus()
    qtbot.keyClick(dialog.text, Qt.Key.Key_Return)  # a new line in the text, not "Add rule"
    assert dialog.isVisible() and dialog.text.toPlainText() != before
    qtbot.keyClick(dialog.text, Qt.Key.Key_Backspace)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return, CTRL)
    wait_idle()
    assert any(v.rule.id == "my_night_limit" for v in window.session.services.policy_rules())

    other = page.add_rule()
    opened(qtbot, other, other.text)
    with qtbot.waitSignal(other.rejected, timeout=5_000):
        qtbot.keyClick(other.text, Qt.Key.Key_Escape)


def demo_preview(window, source: str, target: str, amount: str):
    from app.services import TransferRequest

    services = window.session.services
    me = next(m.id for m in services.household() if m.is_you)
    mine = {a.name: a for a in services.accounts() if a.member_id == me}
    request = TransferRequest(mine[source].id, Decimal(amount), "CNY", "", to_account_id=mine[target].id)
    return services.preview_transfer(request)


@pytest.mark.clock("2026-12-04T02:30:00+08:00")  # at night 20,000.00 out of the Class II account warns
def test_anti_fraud_enter_waits_for_the_tick_space_ticks_escape_cancels(qtbot, lang, demo_window) -> None:
    from ui.dialogs.anti_fraud import AntiFraudDialog

    window = demo_window
    preview = demo_preview(window, "汇通电子账户（二类户）", "汇通借记卡（一类户）", "20000.00")
    assert preview.decision.anti_fraud
    dialog = AntiFraudDialog(preview.decision, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    opened(qtbot, dialog, cancel)
    assert dialog.continue_button.isDefault() and not cancel.autoDefault()
    qtbot.keyClick(cancel, Qt.Key.Key_Return)  # counting down: Enter neither goes on nor cancels
    assert dialog.isVisible() and dialog.result() == 0
    dialog.timer.setInterval(5)
    qtbot.waitUntil(lambda: dialog.read.isEnabled(), timeout=WAIT_MS)
    assert tab_order(dialog, dialog.read)[-1] is dialog.read
    qtbot.keyClick(dialog.read, Qt.Key.Key_Space)
    assert dialog.read.isChecked() and dialog.continue_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted, timeout=5_000):
        qtbot.keyClick(dialog.read, Qt.Key.Key_Return)

    other = AntiFraudDialog(preview.decision, window)
    other.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    other.open()
    opened(qtbot, other, other.buttons.button(other.buttons.StandardButton.Cancel))
    with qtbot.waitSignal(other.rejected, timeout=5_000):
        qtbot.keyClick(other.focusWidget(), Qt.Key.Key_Escape)


def test_confirm_transfer_enter_sends_escape_cancels(qtbot, lang, demo_window, wait_idle) -> None:
    from ui.dialogs.transfer_confirm import ConfirmTransferDialog

    window = demo_window
    services = window.session.services
    preview = demo_preview(window, "汇通借记卡（一类户）", "易付宝余额", "100")
    assert not preview.decision.step_up and not preview.reconnect
    before = len(services.transfers())

    other = ConfirmTransferDialog(window.tasks, services, preview, "from", "to", parent=window)
    other.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    other.open()
    qtbot.waitExposed(other)
    assert other.ok_button.isDefault()
    with qtbot.waitSignal(other.rejected, timeout=5_000):
        qtbot.keyClick(other.focusWidget() or other, Qt.Key.Key_Escape)
    wait_idle()
    assert len(services.transfers()) == before  # Escape sent nothing

    dialog = ConfirmTransferDialog(window.tasks, services, preview, "from", "to", parent=window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    qtbot.waitExposed(dialog)
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    assert dialog.ok_button.isDefault() and not cancel.autoDefault()
    assert "100.00" in dialog.ok_button.text()
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)
    assert dialog.outcome is not None and dialog.outcome.status == "executed", dialog.outcome
    wait_idle()
    assert len(services.transfers()) == before + 1
