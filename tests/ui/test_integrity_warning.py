"""Unlocking a vault changed behind the app's back says so in the window, naming the account."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.services import AppServices
from tests.ui.conftest import PASSPHRASE


def test_a_changed_account_is_named_in_a_warning_at_unlock(qtbot, tasks, settings, household: Path, wait_idle):
    from ui.main_window import MainWindow
    from ui.vault_session import VaultSession

    conn = sqlite3.connect(household / "vault.db")
    with conn:
        account = conn.execute("SELECT id FROM accounts WHERE currency = 'CNY' ORDER BY id LIMIT 1").fetchone()[0]
        conn.execute("UPDATE accounts SET currency = 'USD' WHERE id = ?", (account,))
    conn.close()
    session = VaultSession(household, tasks)
    win = MainWindow(session, tasks, settings)
    qtbot.addWidget(win)
    win.show()
    tasks.run_mutation(lambda: AppServices.open(household, PASSPHRASE), lambda s, e: session.attach(s))
    wait_idle()
    qtbot.waitUntil(lambda: win.integrity_warning is not None and win.integrity_warning.isVisible(), timeout=5_000)
    box = win.integrity_warning
    assert box is not None
    assert "outside Huiliu" in box.windowTitle() + box.text()
    assert f"#{account}" in box.detailedText()
    box.close()
    win.close()
    wait_idle()


def test_an_intact_vault_shows_no_warning(window):
    assert window.integrity_warning is None
