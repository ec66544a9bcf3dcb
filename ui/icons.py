"""Icons shipped in resources/icons (SVG, drawn for this app)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QIcon, QPixmap

from app import i18n

ICONS = Path(i18n.RESOURCES) / "icons"


STROKE = "#475569"  # the colour the line icons are drawn in


@cache
def icon(name: str, colour: str = "") -> QIcon:
    """The icon called ``name``, optionally recoloured (white on a primary button); empty when missing."""
    path = ICONS / f"{name}.svg"
    if not path.is_file():
        return QIcon()
    if not colour:
        return QIcon(str(path))
    svg = path.read_text("utf-8").replace(STROKE, colour)
    pixmap = QPixmap()
    pixmap.loadFromData(QByteArray(svg.encode("utf-8")), "SVG")
    # Render large once; QIcon scales down cleanly for every size it is asked for.
    return QIcon(pixmap) if not pixmap.isNull() else QIcon(str(path))
