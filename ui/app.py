"""Launch the Huiliu window (``huiliu`` with no subcommand calls ``run_gui``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app.services import is_vault
from ui import collector
from ui.demo import DemoLauncher
from ui.icons import icon
from ui.language import apply_language
from ui.launcher import Launcher
from ui.settings import Settings
from ui.tasks import TaskManager
from ui.theme import apply_theme


def make_application(settings: Settings | None = None, argv: list[str] | None = None) -> QApplication:
    """The QApplication with Huiliu's names, look and language (reused when one exists, as in tests)."""
    QCoreApplication.setOrganizationName("Huiliu")
    QCoreApplication.setOrganizationDomain("huiliu.app")
    QCoreApplication.setApplicationName("Huiliu")
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv)
    app.setApplicationDisplayName("")  # the window title says Huiliu in the user's language
    app.setWindowIcon(icon("logo"))
    apply_theme(app)
    apply_language((settings or Settings()).language)
    collector.install(app)
    return app


def choose_vault(vault_dir: Path, settings: Settings) -> Path:
    """``vault_dir``, unless nothing is there and the person created their vault elsewhere last time."""
    if not is_vault(vault_dir) and settings.last_vault:
        last = Path(settings.last_vault)
        if is_vault(last):
            return last
    return vault_dir


def run_gui(vault_dir: Path, kdf: dict[str, Any] | None = None, demo: bool = False,
            database_url: str | None = None) -> int:
    """Run the app until the window closes.

    ``demo`` opens a throwaway vault filled from the sandbox instead of ``vault_dir``; ``kdf`` is for
    tests only (people always get the default key-derivation cost). A shared database (``database_url``,
    from ``--database-url``, or the one chosen in Settings) is opened instead of the folder.
    """
    QCoreApplication.setOrganizationName("Huiliu")
    QCoreApplication.setApplicationName("Huiliu")
    settings = Settings()
    app = make_application(settings)
    tasks = TaskManager()
    # Quit only when the launcher says so: between the first dialog and the window, none is visible.
    app.setQuitOnLastWindowClosed(False)
    launcher: Launcher | DemoLauncher
    if demo:
        launcher = DemoLauncher(tasks, settings)
    else:
        where: Path | str = database_url or settings.database_url or choose_vault(Path(vault_dir), settings)
        launcher = Launcher(where, tasks, settings, kdf=kdf)

    def started(ok: bool) -> None:
        if ok:
            app.setQuitOnLastWindowClosed(True)
        else:
            app.quit()

    launcher.finished.connect(started)
    launcher.start()
    try:
        code = app.exec()
    finally:
        tasks.shutdown()  # the writer finishes closing the vault (audit head, WAL checkpoint)
        if isinstance(launcher, DemoLauncher):
            launcher.cleanup()
        elif launcher.demo is not None:
            launcher.demo.cleanup()
    return int(code)
