"""One generic tree model over rows and declared columns; header rows are just rows with emphasis."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication

from ui.amounts import figures_font
from ui.icons import icon
from ui.models.columns import Column, DisplayContext, header_data

BADGES_ROLE = Qt.ItemDataRole.UserRole + 1  # list[str] for chip painting
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the row object itself
EMPHASIS_ROLE = Qt.ItemDataRole.UserRole + 3  # 0 plain, 1 subheader, 2 header
TONE_ROLE = Qt.ItemDataRole.UserRole + 4  # "" | "warning" | "muted": how badge chips are coloured
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class Node:
    """A row in the tree; the model keeps these alive because indexes point at them.

    ``row`` may have an ``emphasis`` attribute: 0 plain, 1 subheader (semi-bold), 2 header (bold, tinted).
    """

    row: Any
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child


class TreeModel(QAbstractItemModel):
    """A tree whose data comes from ``columns``; ``set_context`` repaints (privacy) without a reset.

    Read-only, except for columns that declare a check box (``checked``/``toggle``).
    """

    checks_changed = Signal()

    def __init__(self, columns: Sequence[Column], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._root = Node(row=None)
        self._ctx = DisplayContext()
        self._fonts: dict[tuple[int, bool], QFont] = {}

    # --- content ----------------------------------------------------------------------------

    def set_nodes(self, nodes: Sequence[Node]) -> None:
        self.beginResetModel()
        self._root = Node(row=None)
        for node in nodes:
            self._root.add(node)
        self._fonts.clear()
        self.endResetModel()

    def clear(self) -> None:
        self.set_nodes([])

    @property
    def context(self) -> DisplayContext:
        return self._ctx

    def set_context(self, ctx: DisplayContext) -> None:
        self._ctx = ctx
        self.refresh_all()

    def refresh_all(self) -> None:
        """Repaint every cell and the header (language or privacy changed), keeping expansion."""
        self._fonts.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        for parent_index, node in self._walk_parents(QModelIndex(), self._root):
            if node.children:
                self.dataChanged.emit(
                    self.index(0, 0, parent_index),
                    self.index(len(node.children) - 1, len(self.columns) - 1, parent_index),
                )

    def _walk_parents(self, index: QModelIndex, node: Node) -> Iterator[tuple[QModelIndex, Node]]:
        yield index, node
        for i, child in enumerate(node.children):
            if child.children:
                yield from self._walk_parents(self.index(i, 0, index), child)

    def iter_rows(self) -> Iterator[Any]:
        """Every row, depth first (for tests and totals)."""
        stack = list(reversed(self._root.children))
        while stack:
            node = stack.pop()
            yield node.row
            stack.extend(reversed(node.children))

    def row_at(self, index: AnyIndex) -> Any:
        return self._node(index).row if index.isValid() else None

    def find(self, predicate: Any) -> QModelIndex:
        """The first index (column 0) whose row satisfies ``predicate``; invalid when none."""
        stack: list[tuple[QModelIndex, Node]] = [(QModelIndex(), self._root)]
        while stack:
            parent_index, node = stack.pop(0)
            for i, child in enumerate(node.children):
                index = self.index(i, 0, parent_index)
                if predicate(child.row):
                    return index
                stack.append((index, child))
        return QModelIndex()

    # --- Qt model API -------------------------------------------------------------------------

    def _node(self, index: AnyIndex) -> Node:
        return index.internalPointer() if index.isValid() else self._root  # type: ignore[no-any-return]

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        node = self._node(parent)
        if 0 <= row < len(node.children) and 0 <= column < len(self.columns):
            return self.createIndex(row, column, node.children[row])
        return QModelIndex()

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        parent = self._node(index).parent
        if parent is None or parent is self._root or parent.parent is None:
            return QModelIndex()
        return self.createIndex(parent.parent.children.index(parent), 0, parent)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return len(self.columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        return header_data(self.columns, section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self.columns[index.column()]
        if column.checked is not None and column.checked(self._node(index).row) is not None:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        column = self.columns[index.column()] if index.isValid() else None
        if column is None or role != Qt.ItemDataRole.CheckStateRole or column.toggle is None:
            return False
        row = self._node(index).row
        if column.checked is None or column.checked(row) is None:
            return False
        on = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        column.toggle(row, on)
        self.dataChanged.emit(index.siblingAtColumn(0), index.siblingAtColumn(self.columnCount() - 1))
        self.checks_changed.emit()
        return True

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._node(index).row
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row, self._ctx)
        if role == Qt.ItemDataRole.CheckStateRole and column.checked is not None:
            state = column.checked(row)
            if state is None:
                return None
            return Qt.CheckState.Checked if state else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row, self._ctx) or None
        if role == Qt.ItemDataRole.DecorationRole:
            name = column.icon(row, self._ctx)
            return icon(name) if name else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.FontRole:
            return self._font(getattr(row, "emphasis", 0), column.figures)
        if role == Qt.ItemDataRole.BackgroundRole and getattr(row, "emphasis", 0) >= 2:
            return QBrush(QColor("#F1F5F9"))
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = column.foreground(row, self._ctx)
            return QBrush(QColor(colour)) if colour else None
        if role == BADGES_ROLE:
            return column.badges(row, self._ctx) if column.badges else None
        if role == TONE_ROLE:
            return column.tone(row, self._ctx)
        if role == ROW_ROLE:
            return row
        if role == EMPHASIS_ROLE:
            return getattr(row, "emphasis", 0)
        return None

    def _font(self, emphasis: int, figures: bool) -> QFont:
        key = (emphasis, figures)
        if key not in self._fonts:
            base = QApplication.font()
            font = figures_font(base) if figures else QFont(base)
            if emphasis:
                font.setWeight(QFont.Weight.DemiBold if emphasis == 1 else QFont.Weight.Bold)
            self._fonts[key] = font
        return self._fonts[key]
