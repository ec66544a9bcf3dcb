"""Icons shipped in resources/icons (SVG, drawn for this app)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QIcon

from app import i18n

ICONS = Path(i18n.RESOURCES) / "icons"


@cache
def icon(name: str) -> QIcon:
    """The icon called ``name``; an empty icon (never an error) when the file is missing."""
    path = ICONS / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()
