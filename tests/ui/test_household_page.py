"""The Household page, the invite dialog and unlocking as a member, on a real vault.

The household of ``tests.app.household``: 张三 (member 1, the owner) holds the CMB card (1) and the
e-account (2); 李四 (member 2, an adult) holds the Alipay balance (3).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from shiboken6 import isValid

from app.ledger.records import MemberInput
from app.services import AppServices
from app.vault.keys import FAST_KDF
from tests.app.household import populate
from tests.ui.conftest import PASSPHRASE, WAIT_MS
from ui.dialogs.invite_member import InviteMemberDialog
from ui.dialogs.unlock import UnlockDialog
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.tasks import TaskManager
from ui.vault_session import VaultSession

LI_SI = "李四自己的一句长密码"
XIAOMING_PIN = "246810"


def make_vault(directory: Path, *, li_si_invited: bool = False, child: bool = False) -> None:
    services = AppServices.create(directory, PASSPHRASE, kdf=FAST_KDF)
    try:
        populate(services)
        if li_si_invited:
            services.set_member_secret(2, LI_SI)
        if child:
            services.add_member(MemberInput(name="小明", role="child"))
            services.set_member_secret(3, XIAOMING_PIN, kind="pin")
    finally:
        services.close()


@pytest.fixture
def open_window(qtbot, tasks: TaskManager, settings: Settings, wait_idle):
    """``open(directory)``: the main window on that vault, unlocked with the owner's passphrase."""
    windows: list[MainWindow] = []

    def open_(directory: Path) -> MainWindow:
        session = VaultSession(directory, tasks)
        win = MainWindow(session, tasks, settings)
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        tasks.run_mutation(lambda: AppServices.open(directory, PASSPHRASE), lambda s, e: session.attach(s))
        wait_idle()
        assert session.is_unlocked
        windows.append(win)
        return win

    yield open_
    for win in windows:
        win.close()
    wait_idle()


def household_shown(qtbot, win: MainWindow, wait_idle) -> None:
    win.show_page("household")
    assert win.pages.currentWidget() is win.household_page
    qtbot.waitUntil(lambda: win.household_page.snapshot is not None, timeout=WAIT_MS)
    wait_idle()


def member_row_text(win: MainWindow, member_id: int, column: int) -> str:
    table = win.household_page.members_table
    for row in range(table.rowCount()):
        if table.item(row, 0).data(256) == member_id:  # Qt.UserRole
            return table.item(row, column).text()
    raise AssertionError(f"no row for member {member_id}")


def switch_button_shown(win: MainWindow) -> bool:
    button = next(b for b in win.navigation._buttons if b.defaultAction() is win.switch_action)
    return button.isVisibleTo(win.navigation)


def grants_of(services: AppServices) -> dict[tuple[int, int], str]:
    return {(g.account_id, g.member_id): g.grant for g in services.grants()}


def account_names(win: MainWindow) -> set[str]:
    snapshot = win.accounts_page.snapshot
    assert snapshot is not None
    return {a.name for a in snapshot.accounts}


def visible_dialog(win: MainWindow, kind: type) -> QDialog:
    shown = [d for d in win.findChildren(kind) if d.isVisible()]
    assert shown, f"no {kind.__name__} on screen"
    return shown[-1]


def invite_li_si(qtbot, win: MainWindow, wait_idle) -> None:
    page = win.household_page
    page.select_member(2)
    assert page.invite_button.isEnabled() and not page.reset_button.isEnabled()
    qtbot.mouseClick(page.invite_button, qtbot_left())
    dialog = visible_dialog(win, InviteMemberDialog)
    assert not dialog.kind.isVisibleTo(dialog)  # an adult gets a passphrase, never a PIN
    dialog.first.setText(LI_SI)
    dialog.second.setText(LI_SI + "x")
    assert not dialog.ok_button.isEnabled()  # the two must match
    dialog.second.setText(LI_SI)
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, qtbot_left())
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=WAIT_MS)
    wait_idle()


def qtbot_left():
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def answer_hide(qtbot, win: MainWindow, hide: bool) -> None:
    page = win.household_page
    qtbot.waitUntil(lambda: page.confirmation is not None and page.confirmation.isVisible(), timeout=WAIT_MS)
    box = page.confirmation
    assert box is not None
    if hide:
        button = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    else:
        button = box.button(QMessageBox.StandardButton.Cancel)
    button.click()


def unlock_as(qtbot, win: MainWindow, member_id: int | None, secret: str, wait_idle) -> UnlockDialog:
    """Switch member from the sidebar: lock, then the unlock dialog with its choice of member."""
    with qtbot.waitSignal(win.unlock_dialog_shown, timeout=WAIT_MS) as shown:
        win.switch_action.trigger()
    dialog: UnlockDialog = shown.args[0]
    assert dialog.who.isVisibleTo(dialog)
    dialog.choose_member(member_id)
    assert dialog.member_id == member_id
    dialog.passphrase.setText(secret)
    dialog.submit()
    wait_idle()
    return dialog


# --- the page ---------------------------------------------------------------------------------------


def test_a_vault_without_members_explains_how_members_get_their_own_passphrase(
    qtbot, open_window, vault_dir: Path, wait_idle
) -> None:
    AppServices.create(vault_dir, PASSPHRASE, kdf=FAST_KDF).close()
    win = open_window(vault_dir)
    household_shown(qtbot, win, wait_idle)
    page = win.household_page
    assert page.stack.currentWidget() is page.empty
    assert "once the owner invites them" in page.empty.text.text()
    assert not win.switch_action.isVisible() and not switch_button_shown(win)


def test_the_owner_invites_li_si_who_can_then_unlock_as_herself(
    qtbot, open_window, vault_dir: Path, wait_idle, settings: Settings
) -> None:
    make_vault(vault_dir)
    win = open_window(vault_dir)
    household_shown(qtbot, win, wait_idle)
    assert member_row_text(win, 1, 0) == "张三 (you)"
    assert member_row_text(win, 2, 2) == "Not yet: no key of their own"
    assert win.household_page.grant_combo(1, 2) is None  # not invited: nothing to share with yet
    assert not win.switch_action.isVisible()
    invite_li_si(qtbot, win, wait_idle)
    qtbot.waitUntil(lambda: member_row_text(win, 2, 2) == "Own passphrase", timeout=WAIT_MS)
    assert AppServices.unlockable_members(vault_dir) == [(1, "passphrase"), (2, "passphrase")]
    assert win.household_page.grant_combo(1, 2) is not None
    # The invite changed who may switch: the sidebar offers it after the next unlock's names are read.
    dialog = unlock_as(qtbot, win, 2, LI_SI, wait_idle)
    assert dialog.services is not None and win.session.services.member_id == 2
    qtbot.waitUntil(lambda: win.accounts_page.snapshot is not None, timeout=WAIT_MS)
    wait_idle()
    assert account_names(win) == {"余额"}  # only her own account
    assert "李四" in win._state.text()


def test_a_shared_account_is_hidden_again_after_a_confirmation(
    qtbot, open_window, vault_dir: Path, wait_idle
) -> None:
    make_vault(vault_dir, li_si_invited=True)
    win = open_window(vault_dir)
    household_shown(qtbot, win, wait_idle)
    page = win.household_page
    combo = page.grant_combo(1, 2)
    assert combo is not None and combo.currentData() == "hidden"
    combo.setCurrentIndex(combo.findData("balance"))  # sharing asks nothing
    wait_idle()
    services = win.session.services
    assert grants_of(services)[(1, 2)] == "balance"

    combo = page.grant_combo(1, 2)
    assert combo is not None and combo.currentData() == "balance"
    combo.setCurrentIndex(combo.findData("hidden"))
    answer_hide(qtbot, win, hide=False)  # cancelled: nothing happens and the cell goes back
    wait_idle()
    assert combo.currentData() == "balance"
    assert grants_of(services)[(1, 2)] == "balance"

    combo.setCurrentIndex(combo.findData("hidden"))
    assert "李四 keeps nothing" in page.confirmation.informativeText()
    answer_hide(qtbot, win, hide=True)
    wait_idle()
    assert grants_of(services)[(1, 2)] == "hidden"
    assert page.grant_combo(1, 2).currentData() == "hidden"


def test_a_refusal_shows_its_reason_and_puts_the_cell_back(
    qtbot, open_window, vault_dir: Path, wait_idle
) -> None:
    make_vault(vault_dir, li_si_invited=True)
    win = open_window(vault_dir)
    household_shown(qtbot, win, wait_idle)
    page = win.household_page
    combo = page.grant_combo(3, 1)  # 李四's account, which only she may share now she has keys
    assert combo is not None and combo.currentData() == "transactions"
    combo.setCurrentIndex(combo.findData("balance"))
    wait_idle()
    assert "only the account's holder shares it" in page.errors.general.text.text()
    assert page.errors.general.isVisibleTo(page)
    assert combo.currentData() == "transactions"
    assert grants_of(win.session.services)[(3, 1)] == "transactions"
    # The holder's own cell is fixed: an account is never hidden from its holder.
    assert page.grant_combo(3, 2) is None and page.grant_combo(1, 1) is None


def test_li_si_hides_her_account_from_the_owner_whose_accounts_then_lack_it(
    qtbot, open_window, vault_dir: Path, wait_idle, settings: Settings
) -> None:
    make_vault(vault_dir, li_si_invited=True)
    win = open_window(vault_dir)
    qtbot.waitUntil(lambda: win.accounts_page.snapshot is not None, timeout=WAIT_MS)
    assert "余额" in account_names(win)
    qtbot.waitUntil(win.switch_action.isVisible, timeout=WAIT_MS)
    assert switch_button_shown(win) and win.locked_page.switch_button.isVisibleTo(win.locked_page)
    unlock_as(qtbot, win, 2, LI_SI, wait_idle)
    assert win.session.services.member_id == 2
    household_shown(qtbot, win, wait_idle)
    page = win.household_page
    combo = page.grant_combo(3, 1)
    assert combo is not None
    combo.setCurrentIndex(combo.findData("hidden"))
    answer_hide(qtbot, win, hide=True)
    wait_idle()
    assert grants_of(win.session.services)[(3, 1)] == "hidden"
    assert not page.errors.general.isVisibleTo(page)

    unlock_as(qtbot, win, None, PASSPHRASE, wait_idle)  # back to the owner
    assert win.session.services.member_id == 1
    qtbot.waitUntil(lambda: win.accounts_page.snapshot is not None, timeout=WAIT_MS)
    wait_idle()
    assert account_names(win) == {"招商银行工资卡", "电子账户"}
    assert (3, 1) not in grants_of(win.session.services)


def lock_the_pin(vault_dir: Path, clock_now) -> None:
    """Wrong PINs, waiting out each pause, until the PIN locks."""
    from datetime import timedelta

    from app.errors import LockedOut, TooManyAttempts, WrongPassphrase

    for _ in range(30):
        try:
            AppServices.open(vault_dir, "000000", member_id=3)
        except WrongPassphrase:
            continue
        except TooManyAttempts:
            clock_now.advance(timedelta(hours=2))
        except LockedOut:
            return
    pytest.fail("the PIN never locked")


def test_a_locked_pin_is_unlocked_from_the_page(
    qtbot, open_window, vault_dir: Path, wait_idle, clock_now
) -> None:
    make_vault(vault_dir, child=True)
    lock_the_pin(vault_dir, clock_now)
    win = open_window(vault_dir)
    household_shown(qtbot, win, wait_idle)
    page = win.household_page
    assert member_row_text(win, 3, 3) == "PIN locked after wrong tries"
    page.select_member(3)
    assert page.unlock_pin_button.isEnabled() and page.reset_button.text() == "Reset PIN…"
    page.unlock_pin_button.click()
    wait_idle()
    qtbot.waitUntil(lambda: member_row_text(win, 3, 3) == "", timeout=WAIT_MS)


def test_only_the_owner_changes_roles_and_the_page_says_so(
    qtbot, open_window, vault_dir: Path, wait_idle
) -> None:
    make_vault(vault_dir, li_si_invited=True, child=True)
    win = open_window(vault_dir)
    qtbot.waitUntil(win.switch_action.isVisible, timeout=WAIT_MS)
    household_shown(qtbot, win, wait_idle)
    page = win.household_page
    page.select_member(3)
    page.role_actions["teen"].trigger()
    wait_idle()
    qtbot.waitUntil(lambda: member_row_text(win, 3, 1) == "Teenager", timeout=WAIT_MS)
    unlock_as(qtbot, win, 2, LI_SI, wait_idle)
    household_shown(qtbot, win, wait_idle)
    page.select_member(3)
    page.role_actions["child"].trigger()
    wait_idle()
    assert "only the owner changes roles" in page.errors.general.text.text()
    assert member_row_text(win, 3, 1) == "Teenager"


# --- the invite dialog ------------------------------------------------------------------------------


def test_a_child_is_offered_a_pin_and_a_short_one_is_refused_beside_the_field(
    qtbot, tasks: TaskManager, vault_dir: Path, wait_idle
) -> None:
    make_vault(vault_dir)
    services = AppServices.open(vault_dir, PASSPHRASE)
    try:
        services.add_member(MemberInput(name="小明", role="child"))
        member = next(m for m in services.household() if m.id == 3)
        dialog = InviteMemberDialog(tasks, services, member)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.kind.isVisibleTo(dialog) and dialog.secret_kind == "pin"
        assert dialog._labels["first"].text() == "&PIN:"
        qtbot.keyClicks(dialog.first, "12a4")
        assert dialog.first.text() == "124"  # digits only
        qtbot.keyClicks(dialog.first, "4")
        qtbot.keyClicks(dialog.second, "1244")
        assert not dialog.ok_button.isEnabled()
        assert "6 to 12 digits" in dialog.hint.text()
        # The core checks as well: its refusal lands beside the field.
        from app.errors import ValidationError

        dialog.show_error(ValidationError("pin", "a PIN is 6 to 12 digits"))
        assert "6 to 12 digits" in dialog.errors.message("passphrase")
        dialog.first.setText(XIAOMING_PIN)
        dialog.second.setText(XIAOMING_PIN)
        dialog.submit()
        wait_idle()
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert next(m for m in services.household() if m.id == 3).secret_kind == "pin"
    finally:
        services.close()


# --- unlocking as a member --------------------------------------------------------------------------


def test_the_unlock_dialog_offers_members_by_the_names_seen_before(
    qtbot, tasks: TaskManager, settings: Settings, vault_dir: Path, wait_idle
) -> None:
    make_vault(vault_dir, li_si_invited=True, child=True)
    dialog = UnlockDialog(tasks, vault_dir, settings=settings)
    qtbot.addWidget(dialog)
    texts = [dialog.who.itemText(i) for i in range(dialog.who.count())]
    # Never unlocked here: no names yet, and the owner (whose key pair the vault's passphrase seals) once.
    assert texts == [
        "Owner (the vault's passphrase)",
        "Member 2 (own passphrase)",
        "Member 3 (own PIN)",
    ]
    settings.remember_member_names(vault_dir, {1: "张三", 2: "李四", 3: "小明"}, 1)
    dialog = UnlockDialog(tasks, vault_dir, settings=settings)
    qtbot.addWidget(dialog)
    texts = [dialog.who.itemText(i) for i in range(dialog.who.count())]
    assert texts == ["Owner (the vault's passphrase)", "李四 (own passphrase)", "小明 (own PIN)"]
    dialog.show()
    dialog.choose_member(2)
    dialog.passphrase.setText(LI_SI)
    dialog.submit()
    wait_idle()
    assert dialog.services is not None
    try:
        assert dialog.services.member_id == 2
        assert [a.name for a in dialog.services.accounts()] == ["余额"]
    finally:
        dialog.services.close()


def test_a_wrong_pin_is_said_beside_the_pin_field(
    qtbot, tasks: TaskManager, settings: Settings, vault_dir: Path, wait_idle
) -> None:
    make_vault(vault_dir, child=True)
    dialog = UnlockDialog(tasks, vault_dir, settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog._label.text() == "&Passphrase:"
    dialog.choose_member(3)
    assert dialog._label.text() == "&PIN:"
    dialog.passphrase.setText("135790")
    dialog.submit()
    wait_idle()
    assert dialog.services is None and dialog.isVisible()
    assert dialog.errors.message("passphrase") == "Wrong PIN. Nothing was opened or changed; try again."
    assert dialog.passphrase.text() == ""


def test_too_many_tries_and_a_locked_pin_are_said_beside_the_field(
    qtbot, tasks: TaskManager, settings: Settings, vault_dir: Path, wait_idle, clock_now
) -> None:
    make_vault(vault_dir, child=True)
    dialog = UnlockDialog(tasks, vault_dir, settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose_member(3)
    for _ in range(8):
        dialog.passphrase.setText("135790")
        dialog.submit()
        wait_idle()
        if "Wait" in dialog.errors.message("passphrase"):
            break
    assert dialog.errors.message("passphrase").startswith("Too many wrong tries. Wait ")
    lock_the_pin(vault_dir, clock_now)
    dialog.passphrase.setText(XIAOMING_PIN)
    dialog.submit()
    wait_idle()
    assert "A parent can unlock it" in dialog.errors.message("passphrase")
    assert dialog.services is None


def test_a_vault_whose_only_keys_are_the_owners_asks_no_who(
    qtbot, tasks: TaskManager, settings: Settings, vault_dir: Path
) -> None:
    make_vault(vault_dir)
    dialog = UnlockDialog(tasks, vault_dir, settings=settings)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.who.isVisibleTo(dialog) and dialog.member_id is None


def test_the_names_are_kept_per_vault(settings: Settings, tmp_path: Path) -> None:
    settings.remember_member_names(tmp_path / "a", {2: "李四"}, 1)
    assert settings.member_names(tmp_path / "a") == ({2: "李四"}, 1)
    assert settings.member_names(tmp_path / "b") == ({}, None)


def test_the_demo_fills_in_each_members_own_secret(qtbot, tasks: TaskManager, settings: Settings,
                                                   tmp_path: Path) -> None:
    """The demo household says its members' secrets (public, like its passphrase) and fills them in."""
    import json

    from app.sync import demo

    vault_dir = tmp_path / "demo"
    svc = AppServices.create(vault_dir, demo.DEMO_PASSPHRASE, kdf=FAST_KDF)
    populate(svc)
    svc.set_member_secret(2, LI_SI)
    svc.close()
    (vault_dir / "demo.json").write_text(json.dumps({"passphrase": demo.DEMO_PASSPHRASE, "members": {
        "2": {"name": "李四", "kind": "passphrase", "secret": LI_SI}}}), "utf-8")
    dialog = UnlockDialog(tasks, vault_dir, settings=settings)
    qtbot.addWidget(dialog)
    assert dialog.passphrase.text() == demo.DEMO_PASSPHRASE
    assert [dialog.who.itemText(i) for i in range(dialog.who.count())] == [
        "Owner (the vault's passphrase)", "李四 (own passphrase)"]
    dialog.choose_member(2)
    assert dialog.passphrase.text() == LI_SI
    assert "李四" in dialog.demo_hint.text() and LI_SI in dialog.demo_hint.text()
    dialog.choose_member(None)
    assert dialog.passphrase.text() == demo.DEMO_PASSPHRASE
