"""``huiliu`` with no subcommand: run_gui from first dialog to a closed window and a released vault."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services import AppServices
from app.vault.keys import FAST_KDF
from app.vault.store import is_vault
from tests.ui.conftest import PASSPHRASE
from ui.app import choose_vault, run_gui
from ui.dialogs.create_vault import CreateVaultDialog
from ui.main_window import MainWindow
from ui.settings import Settings


@pytest.fixture
def user_settings(tmp_path: Path) -> Path:
    """QSettings() as run_gui makes it, pointed at a temporary folder instead of the user's."""
    folder = tmp_path / "config"
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    return folder


def test_run_gui_creates_the_vault_and_returns_zero(
    qtbot: QtBot, vault_dir: Path, user_settings: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    deadline = time.monotonic() + 20
    seen: dict[str, object] = {}

    def drive() -> None:
        if time.monotonic() > deadline:
            app.exit(99)  # never hang the suite
            return
        windows = [w for w in app.topLevelWidgets() if w.isVisible()]
        dialog = next((w for w in windows if isinstance(w, CreateVaultDialog)), None)
        window = next((w for w in windows if isinstance(w, MainWindow)), None)
        if dialog is not None and "dialog" not in seen:
            seen["dialog"] = True
            dialog.fields.first.setText(PASSPHRASE)
            dialog.fields.second.setText(PASSPHRASE)
            dialog.ok_button.click()
        elif window is not None and window.session.is_unlocked and window.tasks.idle:
            seen["window"] = window.windowTitle()
            window.close()
            return
        QTimer.singleShot(20, drive)

    QTimer.singleShot(0, drive)
    assert run_gui(vault_dir, kdf=FAST_KDF) == 0
    app.setQuitOnLastWindowClosed(False)  # leave the shared test application as pytest-qt expects it
    assert seen == {"dialog": True, "window": "Huiliu"}
    assert is_vault(vault_dir)
    AppServices.open(vault_dir, PASSPHRASE).close()  # closed cleanly: the lock was released at exit


def test_choose_vault_prefers_the_place_the_vault_was_created(tmp_path: Path, settings: Settings) -> None:
    default, chosen = tmp_path / "default", tmp_path / "chosen"
    assert choose_vault(default, settings) == default
    AppServices.create(chosen, PASSPHRASE, kdf=FAST_KDF).close()
    settings.last_vault = str(chosen)
    assert choose_vault(default, settings) == chosen
    AppServices.create(default, PASSPHRASE, kdf=FAST_KDF).close()
    assert choose_vault(default, settings) == default  # a vault at the asked place always wins
