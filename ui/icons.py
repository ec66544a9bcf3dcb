"""Icons shipped in resources/icons (SVG, drawn for this app)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

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
    renderer = QSvgRenderer(QByteArray(path.read_text("utf-8").replace(STROKE, colour).encode("utf-8")))
    # Render large once; QIcon scales down cleanly for every size it is asked for.
    pixmap = QPixmap(64, 64)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter)
    painter.end()
    return QIcon(pixmap)
