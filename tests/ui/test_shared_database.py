"""A household's vault in a shared PostgreSQL database, from the window (issue 11 §5): the key-free reads
for a URL, the Settings field, unlocking and creating on a URL, and the whole app opening one."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.ledger.records import MemberInput
from app.services import AppServices
from app.vault.keys import FAST_KDF
from tests.app.household import populate
from tests.postgres import postgres_server, postgres_url  # noqa: F401 (fixtures)
from tests.ui.conftest import PASSPHRASE, WAIT_MS
from ui.app import run_gui
from ui.dialogs.account import AccountDialog
from ui.dialogs.create_vault import CreateVaultDialog
from ui.dialogs.member import MemberDialog
from ui.dialogs.settings import SettingsDialog
from ui.dialogs.unlock import UnlockDialog
from ui.launcher import Launcher
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.tasks import TaskManager

LI_SI = "李四自己的一句长密码"


def _shared_household(url: str) -> None:
    svc = AppServices.create(None, PASSPHRASE, kdf=FAST_KDF, database_url=url)
    try:
        populate(svc)
        svc.set_member_secret(2, LI_SI)
    finally:
        svc.close()


def test_key_free_reads_of_a_shared_database(postgres_url: str) -> None:  # noqa: F811
    assert not AppServices.is_vault(postgres_url)
    assert AppServices.shared_vault_state(postgres_url) is False
    assert AppServices.unlockable_members(postgres_url) == []
    assert AppServices.owner_member(postgres_url) is None
    _shared_household(postgres_url)
    assert AppServices.is_vault(postgres_url) and AppServices.shared_vault_state(postgres_url)
    assert AppServices.unlockable_members(postgres_url) == [(1, "passphrase"), (2, "passphrase")]
    assert AppServices.owner_member(postgres_url) == 1
    assert AppServices.vault_in_use(postgres_url) is False  # several computers may have it open
    assert AppServices.demo_passphrase(postgres_url) is None and AppServices.demo_members(postgres_url) == {}
    password_url = postgres_url.replace("huiliu@", "huiliu:s3cret@")
    assert "s3cret" not in AppServices.shown_location(password_url)
    assert AppServices.shown_location(Path("/home/x/vault")) == "/home/x/vault"


def test_an_unreachable_database_is_no_vault(tmp_path: Path) -> None:
    url = f"postgresql://huiliu@/nothing?host={tmp_path}"  # no server listens there
    assert not AppServices.is_vault(url)
    assert AppServices.unlockable_members(url) == [] and AppServices.owner_member(url) is None
    with pytest.raises(Exception):  # noqa: B017,PT011 (the driver's own error, said by "Test connection")
        AppServices.shared_vault_state(url)


# --- the window ----------------------------------------------------------------------------------------


def _plain(url: str) -> str:
    """The fixture's SQLAlchemy URL as a person types it (postgresql://, which means psycopg)."""
    return url.replace("postgresql+psycopg://", "postgresql://")


def test_settings_validates_the_address_and_tests_the_connection(
    qtbot, settings: Settings, tasks: TaskManager, postgres_url: str, tmp_path: Path  # noqa: F811
) -> None:
    dialog = SettingsDialog(settings, tasks=tasks)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.this_computer.isChecked() and not dialog.database_url.isEnabled()
    assert dialog.ok_button.isEnabled() and dialog.chosen_database_url() == ""
    dialog.shared_database.setChecked(True)
    assert dialog.database_url.isEnabled() and not dialog.ok_button.isEnabled()  # no address yet
    qtbot.keyClicks(dialog.database_url, "mysql://somewhere/huiliu")
    assert not dialog.ok_button.isEnabled() and not dialog.test_connection.isEnabled()
    assert "must start with postgresql://" in dialog.database_status.text()

    dialog.database_url.setText(_plain(postgres_url))
    assert dialog.ok_button.isEnabled() and dialog.test_connection.isEnabled()
    qtbot.mouseClick(dialog.test_connection, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.testing, timeout=WAIT_MS)
    assert "holds no Huiliu vault yet" in dialog.database_status.text()
    _shared_household(postgres_url)
    qtbot.mouseClick(dialog.test_connection, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.testing, timeout=WAIT_MS)
    assert "A Huiliu vault is there" in dialog.database_status.text()

    dialog.database_url.setText(f"postgresql://huiliu@/nothing?host={tmp_path}")  # no server there
    qtbot.mouseClick(dialog.test_connection, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.testing, timeout=WAIT_MS)
    assert dialog.database_status.text().startswith("Could not connect:")
    assert "\n" not in dialog.database_status.text()

    dialog.database_url.setText(_plain(postgres_url))
    assert dialog.chosen_database_url() == _plain(postgres_url)
    dialog.this_computer.setChecked(True)  # back to this computer's vault
    assert dialog.chosen_database_url() == "" and dialog.ok_button.isEnabled()

    settings.database_url = "mysql://nope"  # only a PostgreSQL address is ever kept
    assert settings.database_url == ""
    settings.database_url = _plain(postgres_url)
    assert settings.database_url == _plain(postgres_url)
    again = SettingsDialog(settings, tasks=tasks)
    qtbot.addWidget(again)
    assert again.shared_database.isChecked() and again.database_url.text() == _plain(postgres_url)


def test_the_window_saves_the_shared_database_for_the_next_start(
    qtbot, window, postgres_url: str  # noqa: F811
) -> None:
    window.apply_settings("en", window.settings.auto_lock_minutes, None, _plain(postgres_url))
    assert window.settings.database_url == _plain(postgres_url)
    assert "next start" in window.statusBar().currentMessage()
    window.apply_settings("en", window.settings.auto_lock_minutes, None, "")
    assert window.settings.database_url == ""


def test_unlocking_a_shared_database_offers_its_members(
    qtbot, tasks: TaskManager, settings: Settings, postgres_url: str, wait_idle  # noqa: F811
) -> None:
    _shared_household(postgres_url)
    url = _plain(postgres_url).replace("huiliu@", "huiliu:s3cret@")  # trust auth: any password is taken
    launcher = Launcher(url, tasks, settings)
    with qtbot.waitSignal(launcher.dialog_shown, timeout=WAIT_MS) as shown:
        launcher.start()
    dialog = shown.args[0]
    assert isinstance(dialog, UnlockDialog) and dialog.directory == url
    qtbot.addWidget(dialog)
    assert "s3cret" not in dialog._path.toolTip() + dialog._path.text()  # noqa: SLF001
    assert not dialog.in_use and dialog.passphrase.isEnabled() and dialog.demo_passphrase is None
    assert dialog.who.isVisibleTo(dialog)
    assert [dialog.who.itemData(i) for i in range(dialog.who.count())] == [None, 2]
    assert dialog.who.itemText(1) == "Member 2 (own passphrase)"
    dialog.choose_member(2)
    dialog.passphrase.setText(LI_SI)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    services = dialog.services
    assert services is not None and services.vault.shared and services.member_id == 2
    qtbot.waitUntil(lambda: launcher.window is not None, timeout=WAIT_MS)
    assert launcher.window is not None
    assert "s3cret" not in launcher.window._path.text()  # noqa: SLF001
    assert settings.last_vault == ""  # a URL is never taken for this computer's vault folder
    launcher.window.close()
    wait_idle()


def test_creating_a_vault_on_an_empty_shared_database(
    qtbot, tasks: TaskManager, settings: Settings, postgres_url: str, wait_idle  # noqa: F811
) -> None:
    launcher = Launcher(_plain(postgres_url), tasks, settings, kdf=FAST_KDF)
    with qtbot.waitSignal(launcher.dialog_shown, timeout=WAIT_MS) as shown:
        launcher.start()
    dialog = shown.args[0]
    assert isinstance(dialog, CreateVaultDialog) and dialog.shared
    qtbot.addWidget(dialog)
    assert not dialog.change_location.isVisibleTo(dialog) and not dialog.remember.isVisibleTo(dialog)
    assert "shared database" in dialog._intro.text()  # noqa: SLF001
    dialog.fields.first.setText(PASSPHRASE)
    dialog.fields.second.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.services is not None and dialog.services.vault.shared
    qtbot.waitUntil(lambda: launcher.window is not None and launcher.window.session.is_unlocked, timeout=WAIT_MS)
    assert launcher.window is not None
    launcher.window.close()
    wait_idle()
    assert AppServices.is_vault(postgres_url)
    AppServices.open(postgres_url, PASSPHRASE).close()


def test_the_app_opens_the_shared_database_chosen_in_settings(
    qtbot, tmp_path: Path, postgres_url: str  # noqa: F811
) -> None:
    folder = tmp_path / "config"
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    QCoreApplication.setOrganizationName("Huiliu")
    QCoreApplication.setApplicationName("Huiliu")
    Settings().database_url = _plain(postgres_url)
    _shared_household(postgres_url)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    deadline = time.monotonic() + 30
    seen: dict[str, object] = {}

    def drive() -> None:
        if time.monotonic() > deadline:
            app.exit(99)  # never hang the suite
            return
        windows = [w for w in app.topLevelWidgets() if w.isVisible()]
        dialog = next((w for w in windows if isinstance(w, UnlockDialog)), None)
        window = next((w for w in windows if isinstance(w, MainWindow)), None)
        if dialog is not None and "dialog" not in seen:
            seen["dialog"] = dialog.directory
            dialog.passphrase.setText(PASSPHRASE)
            dialog.ok_button.click()
        elif window is not None and window.session.is_unlocked and window.tasks.idle:
            names = sorted(r.name for r in window.accounts_page.model.iter_rows() if r.level == "account")
            if names:
                seen["accounts"] = names
                seen["path"] = window._path.text()  # noqa: SLF001
                window.close()
                return
        QTimer.singleShot(20, drive)

    QTimer.singleShot(0, drive)
    vault_dir = tmp_path / "vault"
    assert run_gui(vault_dir, kdf=FAST_KDF) == 0
    app.setQuitOnLastWindowClosed(False)  # leave the shared test application as pytest-qt expects it
    assert seen["dialog"] == _plain(postgres_url)
    assert seen["accounts"] == ["余额", "招商银行工资卡", "电子账户"]
    assert str(seen["path"]).startswith("postgresql")
    assert not vault_dir.exists()  # this computer's folder was not touched


# --- an edit that lost a race (runs on SQLite: the version check is the same) ---------------------------


def test_a_member_edit_that_lost_a_race_shows_the_newer_version(
    qtbot, tasks: TaskManager, household: Path, wait_idle
) -> None:
    services = AppServices.open(household, PASSPHRASE)
    try:
        member = services.members()[0]
        dialog = MemberDialog(tasks, services, member, member.id_number)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.name.setText("Papa")
        # Meanwhile someone else (another computer) renames the member.
        services.update_member(member.id, MemberInput(name="Father", role=member.role,
                                                      real_name=member.real_name, id_number=member.id_number))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.name.text() == "Father", timeout=WAIT_MS)
        wait_idle()
        assert dialog.isVisible() and not dialog.busy.busy
        assert "Someone else changed this" in dialog.errors.general.text.text()
        assert "newer version is shown" in dialog.errors.general.text.text()
        assert services.member(member.id).name == "Father"  # the loser changed nothing
        dialog.name.setText("Papa")  # re-applied on the newer version: saved
        with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert services.member(member.id).name == "Papa"
    finally:
        wait_idle()
        services.close()


def test_an_account_edit_that_lost_a_race_shows_the_newer_version(
    qtbot, tasks: TaskManager, household: Path, wait_idle
) -> None:
    services = AppServices.open(household, PASSPHRASE)
    try:
        account = services.accounts()[0]
        assert account.version >= 1 and account.to_json()["version"] == account.version
        dialog = AccountDialog(tasks, services, services.members(), services.platforms(), services.accounts(),
                               account=account)
        qtbot.addWidget(dialog)
        dialog.show()
        _platform, elsewhere = dialog.collect()
        elsewhere.note = "changed on the other computer"
        services.update_account(account.id, elsewhere)
        dialog.name.setText("My renamed card")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.note.text() == "changed on the other computer", timeout=WAIT_MS)
        wait_idle()
        assert dialog.isVisible() and "Someone else changed this" in dialog.errors.general.text.text()
        assert dialog.name.text() == account.name  # the newer values, not what was typed
        assert services.account(account.id).name == account.name
        dialog.name.setText("My renamed card")
        with qtbot.waitSignal(dialog.accepted, timeout=WAIT_MS):
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        now = services.account(account.id)
        assert (now.name, now.note) == ("My renamed card", "changed on the other computer")
        assert now.version > account.version
    finally:
        wait_idle()
        services.close()


def test_two_computers_editing_one_member_of_a_shared_database(
    qtbot, tasks: TaskManager, postgres_url: str, wait_idle  # noqa: F811
) -> None:
    _shared_household(postgres_url)
    here, there = AppServices.open(postgres_url, PASSPHRASE), AppServices.open(postgres_url, PASSPHRASE)
    try:
        member = here.member(2)
        dialog = MemberDialog(tasks, here, member, member.id_number)
        qtbot.addWidget(dialog)
        dialog.show()
        there.update_member(2, MemberInput(name="李四（老四）", role=member.role))
        dialog.name.setText("老李")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: dialog.name.text() == "李四（老四）", timeout=WAIT_MS)
        wait_idle()
        assert dialog.isVisible() and "Someone else changed this" in dialog.errors.general.text.text()
        assert there.member(2).name == "李四（老四）"
    finally:
        wait_idle()
        here.close()
        there.close()
