"""Column widths that follow what the cells say: names are never cut while other columns have room.

``fit_columns(view, stretch)`` makes column ``stretch`` (the names) take the width the other columns
leave, but never less than its longest text needs: in a narrow window the view scrolls sideways
instead of cutting names off. The other columns are as wide as their header and their cells (each at
least ``least``), measured again when the rows or the language change.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTreeView


class ColumnFit(QObject):
    """Keeps the widths of ``view``'s columns; ``refit`` measures again (also called by itself)."""

    def __init__(
        self,
        view: QTreeView | QTableView,
        stretch: int,
        least: Callable[[int], int] | None = None,
        contents: bool = True,
        grow_only: bool = False,
    ) -> None:
        super().__init__(view)
        # Rows read a page at a time (the transactions) would make columns jump while scrolling: there
        # a column only grows, until the rows are replaced.
        self.grow_only = grow_only
        self._seen: dict[int, int] = {}
        self.view, self.stretch = view, stretch
        self.least = least or (lambda _column: 0)
        self.contents = contents  # measure the cells (small models) or only the headers (large ones)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refit)
        header = self.header
        header.setStretchLastSection(False)
        for column in range(header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        model = view.model()
        model.modelReset.connect(self._seen.clear)
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.dataChanged,
            model.headerDataChanged,
        ):
            signal.connect(self.later)
        if isinstance(view, QTreeView):
            view.expanded.connect(self.later)
        view.viewport().installEventFilter(self)
        view.installEventFilter(self)
        self.later()

    @property
    def header(self) -> QHeaderView:
        view = self.view
        return view.header() if isinstance(view, QTreeView) else view.horizontalHeader()

    def later(self, *_args: object) -> None:
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.LanguageChange,
            QEvent.Type.FontChange,
            QEvent.Type.StyleChange,
            QEvent.Type.Show,
        ):
            self.later()
        return super().eventFilter(watched, event)

    def width_of(self, column: int) -> int:
        """What ``column`` needs: its header, its cells (when measured) and its least width."""
        needed = max(self.header.sectionSizeHint(column), self.least(column))
        if self.contents:
            needed = max(needed, self.view.sizeHintForColumn(column))
        if self.grow_only:
            needed = self._seen[column] = max(needed, self._seen.get(column, 0))
        return needed

    def refit(self) -> None:
        view, header = self.view, self.header
        if view.model() is None:
            return
        others = 0
        for column in range(header.count()):
            if column == self.stretch or header.isSectionHidden(column):
                continue
            width = self.width_of(column)
            others += width
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)
        room = view.viewport().width() - others
        name = max(self.width_of(self.stretch), room)
        if header.sectionSize(self.stretch) != name:
            header.resizeSection(self.stretch, name)


def fit_columns(
    view: QAbstractItemView,
    stretch: int,
    least: Callable[[int], int] | None = None,
    contents: bool = True,
    grow_only: bool = False,
) -> ColumnFit:
    assert isinstance(view, (QTreeView, QTableView))
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return ColumnFit(view, stretch, least, contents, grow_only)
