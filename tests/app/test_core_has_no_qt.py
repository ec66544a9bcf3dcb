"""The core never imports Qt: import every module of app/ in a fresh interpreter and look."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import app

ROOT = Path(__file__).resolve().parents[2]


def test_every_app_module_imports_without_qt() -> None:
    names = sorted(m.name for m in pkgutil.walk_packages(app.__path__, "app.")
                   if ".migrations.versions" not in m.name and not m.name.endswith("migrations.env"))
    assert "app.services" in names and "app.cli" in names and len(names) > 15
    code = (
        "import importlib, sys\n"
        f"for n in {names!r}: importlib.import_module(n)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"Qt imported by the core: {out.stdout}"


def test_the_check_sees_qt_when_it_is_imported() -> None:
    out = subprocess.run([sys.executable, "-c", "import PySide6.QtCore, sys; print('PySide6' in sys.modules)"],
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "True"
