"""Layouts that wrap onto new lines: cards left to right (Qt's flow example), and rows of controls."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QSpacerItem, QWidget, QWidgetItem


class FlowLayout(QLayout):
    """Items keep their size hint; the height follows the width (``hasHeightForWidth``).

    With ``min_width`` set, every item is a column of one equal width: as many columns as fit items
    of at least ``min_width``, stretched so each row fills the line (cards on the Overview).
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 12, min_width: int = 0) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._min_width = min_width
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt API)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt API)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt API)
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt API)
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        column = 0
        if self._min_width:
            columns = max(1, (area.width() + self._spacing) // (self._min_width + self._spacing))
            column = (area.width() - (columns - 1) * self._spacing) // columns
        for item in self._items:
            hint = item.sizeHint()
            if column:
                hint = QSize(column, hint.height())
            if x + hint.width() > area.right() + 1 and line_height > 0:
                x, y = area.x(), y + line_height + self._spacing
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + margins.bottom()

    def clear(self) -> None:
        """Remove and delete every widget in the layout."""
        while self._items:
            item = self._items.pop()
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()


class WrapLayout(QLayout):
    """A row like QHBoxLayout whose groups move onto a new line when the row is too narrow.

    Widgets added one after another form a group that stays together on one line (a label and its
    field); ``addSpacing``, ``addStretch`` and ``add_break`` end a group. Each line is laid out like a
    box layout: items get their size hints, extra room goes to items with a stretch factor (or to a
    stretch), and a group alone on a line too narrow for it shrinks its items toward their minimums.
    The least width is the widest group's, so a window can be as narrow as its widest group.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 8, line_spacing: int = 8) -> None:
        super().__init__(parent)
        self._entries: list[tuple[QLayoutItem, int, int]] = []  # (item, stretch, group)
        self._group = 0
        self._spacing = spacing
        self._line_spacing = line_spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # --- building (the QBoxLayout calls used by rows of widgets) -------------------------------------

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt API)
        self._entries.append((item, 0, self._group))

    def addWidget(self, widget: QWidget, stretch: int = 0) -> None:  # type: ignore[override]  # noqa: N802
        self.addChildWidget(widget)
        self._entries.append((QWidgetItem(widget), stretch, self._group))
        self.invalidate()

    def addSpacing(self, size: int) -> None:  # noqa: N802 (Qt API)
        self.add_break()
        self._entries.append((QSpacerItem(size, 0, QSizePolicy.Policy.Fixed), 0, -1))
        self.invalidate()

    def addStretch(self, stretch: int = 1) -> None:  # noqa: N802 (Qt API)
        self.add_break()
        self._entries.append((QSpacerItem(0, 0, QSizePolicy.Policy.Expanding), max(1, stretch), -1))
        self.invalidate()

    def add_break(self) -> None:
        """End the current group: what comes next may go onto the next line."""
        self._group += 1

    def count(self) -> int:
        return len(self._entries)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        return self._entries[index][0] if 0 <= index < len(self._entries) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        return self._entries.pop(index)[0] if 0 <= index < len(self._entries) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt API)
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt API)
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """Everything on one line."""
        items = self._shown()
        width = sum(item.sizeHint().width() for item, _s, _g in items) + self._gaps(items)
        height = max((item.sizeHint().height() for item, _s, _g in items), default=0)
        return QSize(width, height) + self._margin_size()

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt API)
        """The widest group at its least width (a line of its own), as high as one line."""
        width = max((self._width(group, minimum=True) for group in self._groups()), default=0)
        height = max((item.minimumSize().height() for item, _s, _g in self._shown()), default=0)
        return QSize(width, height) + self._margin_size()

    # --- arranging ----------------------------------------------------------------------------------

    def _margin_size(self) -> QSize:
        m = self.contentsMargins()
        return QSize(m.left() + m.right(), m.top() + m.bottom())

    def _shown(self) -> list[tuple[QLayoutItem, int, int]]:
        return [e for e in self._entries if not e[0].isEmpty() or e[2] == -1]

    def _groups(self) -> list[list[tuple[QLayoutItem, int, int]]]:
        """Consecutive shown entries of one group; spacers are groups of their own."""
        groups: list[list[tuple[QLayoutItem, int, int]]] = []
        last = None
        for entry in self._shown():
            if entry[2] == -1 or entry[2] != last or not groups:
                groups.append([])
            groups[-1].append(entry)
            last = entry[2]
        return [g for g in groups if g]

    def _gaps(self, items: list[tuple[QLayoutItem, int, int]]) -> int:
        """Spacing between neighbours that are not spacers (a spacer is the gap itself)."""
        gaps = 0
        for before, after in zip(items, items[1:], strict=False):
            if before[2] != -1 and after[2] != -1:
                gaps += self._spacing
        return gaps

    def _width(self, group: list[tuple[QLayoutItem, int, int]], minimum: bool = False) -> int:
        if group[0][2] == -1:
            return 0 if minimum else group[0][0].sizeHint().width()
        sizes = (item.minimumSize() if minimum else item.sizeHint() for item, _s, _g in group)
        return sum(size.width() for size in sizes) + self._spacing * (len(group) - 1)

    def _lines(self, width: int) -> list[list[tuple[QLayoutItem, int, int]]]:
        lines: list[list[list[tuple[QLayoutItem, int, int]]]] = [[]]
        used = 0
        for group in self._groups():
            spacer = group[0][2] == -1
            needed = self._width(group) + (self._spacing if lines[-1] and not spacer else 0)
            if lines[-1] and not spacer and used + needed > width:
                while lines[-1] and lines[-1][-1][0][2] == -1:
                    lines[-1].pop()  # a spacer does not end a line
                lines.append([])
                used, needed = 0, self._width(group)
            if spacer and not lines[-1]:
                continue  # nor start one
            lines[-1].append(group)
            used += needed
        return [[entry for group in line for entry in group] for line in lines if line]

    def _arrange(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = area.y()
        for number, line in enumerate(self._lines(area.width())):
            if number:
                y += self._line_spacing
            widths = [item.sizeHint().width() for item, _s, _g in line]
            room = area.width() - sum(widths) - self._gaps(line)
            if room > 0:
                stretches = [stretch for _i, stretch, _g in line]
                total = sum(stretches)
                for i, stretch in enumerate(stretches):
                    if total and stretch:  # (no wider than the item allows; the rest stays at the end)
                        share = room * stretch // total
                        widths[i] = min(widths[i] + share, max(widths[i], line[i][0].maximumSize().width()))
            elif room < 0:  # too narrow: every item gives up part of what it has above its minimum
                least = [item.minimumSize().width() for item, _s, _g in line]
                spare = [w - m for w, m in zip(widths, least, strict=True)]
                total = sum(spare)
                for i, give in enumerate(spare):
                    if total:
                        widths[i] -= min(give, -room * give // total + 1)
            height = max(item.sizeHint().height() for item, _s, _g in line)
            if move:
                x = area.x()
                for i, ((item, _s, group), item_width) in enumerate(zip(line, widths, strict=True)):
                    if i and group != -1 and line[i - 1][2] != -1:
                        x += self._spacing
                    item_height = min(height, max(item.sizeHint().height(), item.minimumSize().height()))
                    if item.expandingDirections() & Qt.Orientation.Vertical:
                        item_height = height
                    item.setGeometry(QRect(x, y + (height - item_height) // 2, item_width, item_height))
                    x += item_width
            y += height
        return y - rect.y() + margins.bottom()
