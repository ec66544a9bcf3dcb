"""Table and tree columns declared as data (moneyguru style): one generic model paints them all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt

LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class DisplayContext:
    """What every cell needs to know about the screen, not the row (privacy mode, colour convention)."""

    amounts_hidden: bool = False
    international_colours: bool = False  # green up / red down instead of China's red up / green down


CellText = Callable[[Any, DisplayContext], str]


def _nothing(_row: Any, _ctx: DisplayContext) -> str:
    return ""


@dataclass(frozen=True)
class Column:
    """How one column reads a row: text, tooltip, icon and badges, each a function of (row, context).

    ``title`` is the English source marked with QT_TRANSLATE_NOOP(``context``, ...) and translated
    when the header is painted, so switching language needs no rebuild.
    """

    key: str
    title: str
    context: str
    text: CellText
    width: int = 120
    stretch: bool = False
    align: Qt.AlignmentFlag = LEFT
    figures: bool = False  # tabular digits (amounts, dates)
    tooltip: CellText = _nothing
    icon: CellText = _nothing  # an icon name from resources/icons, or ""
    badges: Callable[[Any, DisplayContext], list[str]] | None = None  # painted as chips
    foreground: CellText = _nothing  # a text colour such as "#DC2626", or "" for the default
    tone: CellText = _nothing  # the chips' tone: "" (default), "warning" or "muted"
    # A check box in the cell: ``checked(row)`` says True/False, or None where the row has none;
    # ``toggle(row, on)`` applies a click (the row object is the model's, so it changes in place).
    checked: Callable[[Any], bool | None] | None = None
    toggle: Callable[[Any, bool], None] | None = None

    def header(self) -> str:
        return QCoreApplication.translate(self.context, self.title)


def header_data(columns: list[Column] | tuple[Column, ...], section: int, orientation: Qt.Orientation,
                role: int) -> Any:
    """What a model's ``headerData`` answers for columns declared as data (title and alignment)."""
    if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(columns):
        return None
    column = columns[section]
    if role == Qt.ItemDataRole.DisplayRole:
        return column.header()
    if role == Qt.ItemDataRole.TextAlignmentRole:
        return column.align
    return None
