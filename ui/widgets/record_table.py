"""A read-only table of records, one selected row at a time (payees, transfers, policy rules)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableWidget

from ui.widgets.cell_delegate import CellDelegate


def record_table(columns: int, name: str) -> QTableWidget:
    """A table that selects whole rows, one at a time, edits nothing and draws no frame around the cell."""
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.setItemDelegate(CellDelegate(table))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(34)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table
