"""The two start-up dialogs: wrong passphrases, a vault held elsewhere, and choosing a passphrase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.services import AppServices
from tests.ui.conftest import PASSPHRASE
from ui.dialogs.create_vault import CreateVaultDialog
from ui.dialogs.unlock import UnlockDialog
from ui.tasks import TaskManager


def test_wrong_passphrase_shows_error_and_keeps_dialog(
    qtbot, tasks: TaskManager, household: Path, wait_idle
) -> None:
    dialog = UnlockDialog(tasks, household)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.passphrase, "not the passphrase")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.busy.busy  # key derivation runs off the UI thread; the dialog shows it is working
    wait_idle()
    assert dialog.isVisible()
    assert dialog.services is None
    assert "Wrong passphrase" in dialog.errors.message("passphrase")
    assert dialog.passphrase.text() == ""
    assert not dialog.busy.busy

    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.services is not None and dialog.services.is_open
    tasks.run_mutation(dialog.services.close)
    wait_idle()


def test_vault_open_elsewhere_is_explained_before_any_passphrase(
    qtbot, tasks: TaskManager, household: Path, wait_idle
) -> None:
    holder = AppServices.open(household, PASSPHRASE)  # another window (same process, other thread)
    try:
        assert AppServices.vault_in_use(household)
        dialog = UnlockDialog(tasks, household)
        qtbot.addWidget(dialog)
        dialog.show()
        # Said at once: no passphrase is asked for while the vault is held elsewhere.
        assert "already open" in dialog.errors.general.text.text()
        assert not dialog.passphrase.isEnabled() and dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # try again: still held
        assert dialog.isVisible() and dialog.services is None and not dialog.passphrase.isEnabled()
        assert "already open" in dialog.errors.general.text.text()
    finally:
        holder.close()
    assert not AppServices.vault_in_use(household)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # closed there: now it may be unlocked
    assert dialog.passphrase.isEnabled() and dialog.errors.general.isHidden()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=15_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.services is not None and dialog.services.is_open
    tasks.run_mutation(dialog.services.close)
    wait_idle()


def test_launcher_says_a_vault_is_open_elsewhere_before_the_passphrase(
    qtbot, tasks: TaskManager, settings, household: Path, wait_idle
) -> None:
    from ui.launcher import Launcher

    holder = AppServices.open(household, PASSPHRASE)
    try:
        launcher = Launcher(household, tasks, settings)
        with qtbot.waitSignal(launcher.dialog_shown, timeout=15_000) as shown:
            launcher.start()
        dialog = shown.args[0]
        qtbot.addWidget(dialog)
        assert isinstance(dialog, UnlockDialog)
        assert "already open" in dialog.errors.general.text.text()  # nothing typed yet
        assert not dialog.passphrase.isEnabled()
        dialog.reject()
    finally:
        holder.close()


def test_a_vault_held_by_nobody_is_not_in_use(tmp_path: Path, household: Path) -> None:
    assert not AppServices.vault_in_use(household)
    assert not AppServices.vault_in_use(tmp_path / "nothing here")
    assert not (tmp_path / "nothing here").exists()  # asking creates nothing


def test_create_needs_two_matching_passphrases_of_eight(qtbot, tasks: TaskManager, vault_dir: Path) -> None:
    dialog = CreateVaultDialog(tasks, vault_dir, keyring_ok=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert str(vault_dir) in dialog.location.text()
    qtbot.keyClicks(dialog.fields.first, "short")
    assert not dialog.ok_button.isEnabled()
    assert dialog.fields.meter.word() in ("Very weak", "Weak")
    dialog.fields.first.setText("a much longer passphrase 2024")
    dialog.fields.second.setText("a much longer passphrase 2023")
    assert not dialog.ok_button.isEnabled()
    assert "do not match" in dialog.fields.hint.text()
    dialog.fields.second.setText("a much longer passphrase 2024")
    assert dialog.ok_button.isEnabled()
    assert dialog.fields.meter.score >= 3
    assert dialog.fields.meter.word() in ("Strong", "Very strong")


def test_remember_is_disabled_and_explained_without_keyring(
    qtbot, tasks: TaskManager, vault_dir: Path
) -> None:
    dialog = CreateVaultDialog(tasks, vault_dir, keyring_ok=False)
    qtbot.addWidget(dialog)
    assert not dialog.remember.isEnabled()
    assert "keyring" in dialog.remember.toolTip()
    with_keyring = CreateVaultDialog(tasks, vault_dir, keyring_ok=True)
    qtbot.addWidget(with_keyring)
    assert with_keyring.remember.isEnabled()
    assert with_keyring.remember.toolTip() == ""


def test_creating_where_a_vault_exists_shows_the_error(
    qtbot, tasks: TaskManager, household: Path, wait_idle
) -> None:
    from app.vault.keys import FAST_KDF

    dialog = CreateVaultDialog(tasks, household, kdf=FAST_KDF, keyring_ok=False)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields.first.setText(PASSPHRASE)
    dialog.fields.second.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert dialog.isVisible() and dialog.services is None
    assert "already exists" in dialog.errors.general.text.text()
