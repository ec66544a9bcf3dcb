"""Look of the app: Fusion style, a light palette, a font that renders Chinese, and the stylesheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

from app import i18n
from ui.icons import ICONS

QSS = Path(i18n.RESOURCES) / "qss" / "huiliu.qss"

# Noto Sans CJK SC first: where the system font lacks Han characters, fontconfig might otherwise pick
# the Japanese or Traditional variant of a CJK font and draw mainland characters in the wrong shapes.
CJK_FAMILIES = [
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Microsoft YaHei UI",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Micro Hei",
]

ACCENT = "#1D4ED8"


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    font = QFont(app.font())
    families = CJK_FAMILIES + [f for f in font.families() if f not in CJK_FAMILIES]
    font.setFamilies(families)
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    palette = app.palette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#F6F7F9"),
        (QPalette.ColorRole.Base, "#FFFFFF"),
        (QPalette.ColorRole.AlternateBase, "#F8FAFC"),
        (QPalette.ColorRole.Text, "#111827"),
        (QPalette.ColorRole.WindowText, "#111827"),
        (QPalette.ColorRole.ButtonText, "#111827"),
        (QPalette.ColorRole.Button, "#FFFFFF"),
        (QPalette.ColorRole.Highlight, "#DBEAFE"),
        (QPalette.ColorRole.HighlightedText, "#0F172A"),
        (QPalette.ColorRole.ToolTipBase, "#111827"),
        (QPalette.ColorRole.ToolTipText, "#F9FAFB"),
        (QPalette.ColorRole.PlaceholderText, "#9CA3AF"),
        (QPalette.ColorRole.Link, ACCENT),
    ):
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#9CA3AF"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#9CA3AF"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#9CA3AF"))
    app.setPalette(palette)
    if QSS.is_file():
        # QSS resolves url() against the working directory, so the icon folder is filled in here.
        app.setStyleSheet(QSS.read_text("utf-8").replace("@ICONS@", ICONS.as_posix()))
