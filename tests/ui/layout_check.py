"""What a person would see cut off on a screen, measured with font metrics instead of eyes.

``layout_problems(top, where)`` walks every visible widget under ``top`` and reports:

- a label, button, check box, tab, combo box or header section whose text is wider (or taller) than
  the room its widget gives it: Qt clips or elides it;
- a word-wrapped label given less height than its text needs at its width (a sliver of a paragraph);
- two visible widgets of the same layout on top of each other, or one pushed outside its parent
  (a window smaller than its layouts' minimum does that);
- an item-view cell whose text does not fit its column, except in the columns named as free text
  (a counterparty or memo may be elided: its whole text is in the tooltip).

Each problem names where it is (page or dialog), the widget, its text, and the width or height the
text needs against what it has.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from PySide6 import QtGui
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLayout,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QTabBar,
    QToolButton,
    QTreeView,
    QWidget,
)

ACCELERATOR = re.compile(r"&(.)")


@dataclass(frozen=True)
class Problem:
    where: str
    widget: str
    text: str
    what: str  # "width", "height", "overlap", "outside"
    needed: int
    available: int

    def __str__(self) -> str:
        if self.what in ("overlap", "outside"):
            return f"{self.where}: {self.widget} {self.what} {self.text}"
        return (
            f"{self.where}: {self.widget} text {self.text!r} needs {self.needed} px of {self.what}, "
            f"has {self.available}"
        )


def describe(widget: QWidget) -> str:
    """Class and object name of the widget and of its nearest named ancestors (enough to find it)."""
    parts = []
    current: QWidget | None = widget
    while current is not None and len(parts) < 3:
        name = current.objectName()
        if name or current is widget:
            parts.append(f"{type(current).__name__}#{name}" if name else type(current).__name__)
        if current.isWindow():
            break
        current = current.parentWidget()
    return " in ".join(parts)


def plain(text: str) -> str:
    """The text as drawn: "&&" is an ampersand, "&X" underlines X."""
    return ACCELERATOR.sub(lambda m: m.group(1), text)


def _shown(widget: QWidget, top: QWidget) -> bool:
    return (widget is top or widget.isVisibleTo(top)) and widget.width() > 0 and widget.height() > 0


class _Checker:
    def __init__(self, where: str, free_text: Collection[object]) -> None:
        self.where = where
        self.free_text = free_text
        self.problems: list[Problem] = []

    def add(self, widget: QWidget, text: str, what: str, needed: int, available: int) -> None:
        self.problems.append(Problem(self.where, describe(widget), text, what, needed, available))

    # --- text in widgets ---------------------------------------------------------------------------

    def label(self, label: QLabel) -> None:
        text = label.text()
        if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
            return
        rect = label.contentsRect()
        margin = label.margin()
        width, height = rect.width() - 2 * margin, rect.height() - 2 * margin
        if label.indent() > 0:
            width -= label.indent()
        rich = label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
        )
        metrics = QFontMetrics(label.font())
        if label.wordWrap():
            # A paragraph may wrap: it needs its height at this width, and its longest word must fit.
            needed_height = label.heightForWidth(label.width())
            if needed_height > label.height():
                self.add(label, text, "height", needed_height, label.height())
            return
        if rich:
            document = QTextDocument()
            document.setDefaultFont(label.font())
            document.setDocumentMargin(0)
            document.setHtml(text)
            needed_width = int(document.idealWidth() + 0.999)
            needed_height = int(document.size().height() + 0.999)
            shown = document.toPlainText()
        else:
            lines = plain(text).split("\n")
            needed_width = max(metrics.horizontalAdvance(line) for line in lines)
            needed_height = metrics.height() * len(lines) + metrics.leading() * (len(lines) - 1)
            shown = plain(text)
        if needed_width > width:
            self.add(label, shown, "width", needed_width, width)
        if needed_height > height + 1:  # a pixel of rounding in line heights is not clipping
            self.add(label, shown, "height", needed_height, height)

    def button(self, button: QAbstractButton) -> None:
        text = plain(button.text())
        if not text:
            return
        metrics = QFontMetrics(button.font())
        if isinstance(button, QPushButton):
            from PySide6.QtWidgets import QStyleOptionButton

            option = QStyleOptionButton()
            option.initFrom(button)
            option.text = button.text()
            option.icon = button.icon()
            option.iconSize = button.iconSize()
            if button.menu() is not None:
                option.features |= QStyleOptionButton.ButtonFeature.HasMenu
            contents = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
            needed = metrics.horizontalAdvance(text)
            if not button.icon().isNull():
                needed += button.iconSize().width() + 4  # the icon and Qt's gap before the text
            if button.menu() is not None:
                needed += button.style().pixelMetric(
                    QStyle.PixelMetric.PM_MenuButtonIndicator, option, button
                )
            if needed > contents.width():
                self.add(button, text, "width", needed, contents.width())
            if metrics.height() > contents.height() + 2:
                self.add(button, text, "height", metrics.height(), contents.height())
            return
        if isinstance(button, QToolButton):
            if button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
                return
            if (
                button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonFollowStyle
                and not button.icon().isNull()
            ):
                return  # Fusion shows the icon alone
        if isinstance(button, (QCheckBox, QRadioButton, QToolButton)):
            hint = button.sizeHint()  # indicator (or icon), spacing and text: exactly what is drawn
            if hint.width() > button.width():
                self.add(button, text, "width", hint.width(), button.width())
            if metrics.height() > button.height():
                self.add(button, text, "height", metrics.height(), button.height())

    def combo(self, combo: QComboBox) -> None:
        text = combo.currentText()
        if not text or combo.isEditable():
            return
        option = QStyleOptionComboBox()
        option.initFrom(combo)
        option.currentText = text
        option.currentIcon = combo.itemIcon(combo.currentIndex())
        option.iconSize = combo.iconSize()
        option.frame = combo.hasFrame()
        option.editable = False
        field = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
        )
        needed = QFontMetrics(combo.font()).horizontalAdvance(text)
        if not option.currentIcon.isNull():
            needed += combo.iconSize().width() + 4
        if needed > field.width():
            self.add(combo, text, "width", needed, field.width())

    def tabs(self, bar: QTabBar) -> None:
        metrics = QFontMetrics(bar.font())
        space = bar.style().pixelMetric(QStyle.PixelMetric.PM_TabBarTabHSpace, None, bar)
        for i in range(bar.count()):
            if not bar.isTabVisible(i):
                continue
            text = plain(bar.tabText(i))
            needed = metrics.horizontalAdvance(text) + space
            if not bar.tabIcon(i).isNull():
                needed += bar.iconSize().width() + 4
            if needed > bar.tabRect(i).width():
                self.add(bar, text, "width", needed, bar.tabRect(i).width())

    def header(self, header: QHeaderView) -> None:
        model = header.model()
        if model is None:
            return
        metrics = QFontMetrics(header.font())
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        for section in range(header.count()):
            if header.isSectionHidden(section) or header.sectionSize(section) <= 0:
                continue
            text = model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole)
            if not text:
                continue
            # The stylesheet gives sections 6 px of padding on each side; Fusion adds its margin.
            needed = metrics.horizontalAdvance(str(text)) + 2 * 6 + 2 * margin
            if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
                needed += header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header)
            available = header.sectionSize(section)
            if needed > available:
                self.add(header, f"{text} (column {section})", "width", needed, available)

    # --- cells ------------------------------------------------------------------------------------

    def cells(self, view: QAbstractItemView) -> None:
        model = view.model()
        if model is None or isinstance(view, QHeaderView):
            return
        columns = getattr(model, "columns", None)  # columns declared as data (ui/models/columns.py)
        viewport = view.viewport().rect()
        for index in self._visible_indexes(view, viewport):
            column = columns[index.column()] if columns is not None else None
            if column in self.free_text:
                continue
            key = column.key if column is not None else str(index.column())
            text = index.data(Qt.ItemDataRole.DisplayRole)
            if not text or not isinstance(text, str):
                continue
            option = QStyleOptionViewItem()
            view.initViewItemOption(option)  # the view's font, icon size and stylesheet padding
            delegate = view.itemDelegateForIndex(index)
            needed = delegate.sizeHint(option, index).width()
            rect = view.visualRect(index)
            if rect.right() > viewport.right() and not view.horizontalScrollBar().isVisible():
                rect.setRight(viewport.right())  # cut off by the view's edge
            if needed > rect.width():
                self.add(view, f"{text} (column {key}, row {index.row()})", "width", needed, rect.width())

    @staticmethod
    def _visible_indexes(view: QAbstractItemView, viewport: QRect) -> Iterable[QModelIndex]:
        model = view.model()
        header = (
            view.header()
            if isinstance(view, QTreeView)
            else getattr(view, "horizontalHeader", lambda: None)()
        )
        index = view.indexAt(QPoint(2, 2))
        rows = 0
        while index.isValid() and rows < 60:
            if view.visualRect(index).top() > viewport.bottom():
                break
            columns = model.columnCount(index.parent()) if not isinstance(model, QAbstractListModel) else 1
            for column in range(columns):
                if header is not None and header.isSectionHidden(column):
                    continue
                if not view.isIndexHidden(index.siblingAtColumn(column)):
                    yield index.siblingAtColumn(column)
            rows += 1
            if isinstance(view, QTreeView):
                index = view.indexBelow(index)
            else:
                index = model.index(index.row() + 1, 0, index.parent())
                while index.isValid() and view.isIndexHidden(index):
                    index = model.index(index.row() + 1, 0, index.parent())

    # --- geometry ---------------------------------------------------------------------------------

    def layout(self, owner: QWidget, layout: QLayout) -> None:
        widgets = [
            w for w in _layout_widgets(layout) if w.isVisibleTo(owner) and w.width() > 0 and w.height() > 0
        ]
        inside = owner.rect()
        for i, first in enumerate(widgets):
            geometry = first.geometry()
            if not inside.contains(geometry) and not _scrolled(owner):
                self.problems.append(
                    Problem(
                        self.where,
                        describe(first),
                        f"{_rect(geometry)} outside {describe(owner)} {_rect(inside)}",
                        "outside",
                        0,
                        0,
                    )
                )
            for second in widgets[i + 1 :]:
                if geometry.intersects(second.geometry()):
                    self.problems.append(
                        Problem(
                            self.where,
                            describe(first),
                            f"{_rect(geometry)} overlaps {describe(second)} {_rect(second.geometry())}",
                            "overlap",
                            0,
                            0,
                        )
                    )


def _scrolled(widget: QWidget) -> bool:
    """Whether ``widget`` is the moving contents of a scroll area (it may be larger than its window)."""
    viewport = widget.parentWidget()
    area = viewport.parentWidget() if viewport is not None else None
    return isinstance(area, QAbstractScrollArea) and area.viewport() is viewport


def _rect(rect: QRect) -> str:
    return f"({rect.x()},{rect.y()} {rect.width()}×{rect.height()})"


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    found = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        if item.widget() is not None:
            found.append(item.widget())
        elif item.layout() is not None:
            found.extend(_layout_widgets(item.layout()))
    return found


def layout_problems(top: QWidget, where: str, free_text: Collection[object] = ()) -> list[Problem]:
    """Every cut-off text and overlap under ``top`` (itself included), as shown now.

    ``free_text`` holds the table columns (ui.models.columns.Column) whose cells may be elided.
    """
    checker = _Checker(where, free_text)
    for widget in [top, *top.findChildren(QWidget)]:
        if not _shown(widget, top):
            continue
        if widget is not top and widget.window() is not top.window():
            continue  # another window (a dialog parented to this one) is checked on its own
        if isinstance(widget, QLabel):
            checker.label(widget)
        elif isinstance(widget, QAbstractButton):
            checker.button(widget)
        elif isinstance(widget, QComboBox):
            checker.combo(widget)
        elif isinstance(widget, QTabBar):
            checker.tabs(widget)
        elif isinstance(widget, QHeaderView):
            checker.header(widget)
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView):
            checker.cells(widget)
        if widget.layout() is not None:
            checker.layout(widget, widget.layout())
    return checker.problems
