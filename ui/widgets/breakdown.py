"""A titled list of shares: a name, a thin bar for its part of the whole, and its amount."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from ui.amounts import figures_font


@dataclass(frozen=True)
class Share:
    """One line: ``share`` is 0..1 of the largest line (None draws no bar), ``tooltip`` explains it."""

    name: str
    amount: str
    share: float | None = None
    tooltip: str = ""
    detail: str = ""


class Breakdown(QFrame):
    """Replace every line with ``set_shares``; a title sits above them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.title = QLabel()
        self.title.setObjectName("panelTitle")
        self._grid = QGridLayout()
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(6)
        self._grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        layout.addLayout(self._grid)
        layout.addStretch(1)
        self.amounts: list[QLabel] = []
        self.shares: list[Share] = []

    def set_shares(self, shares: list[Share]) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.amounts = []
        self.shares = list(shares)
        for row, share in enumerate(shares):
            name = QLabel(share.name)
            name.setToolTip(share.tooltip)
            self._grid.addWidget(name, row, 0)
            if share.share is not None:
                bar = QProgressBar()
                bar.setObjectName("shareBar")
                bar.setTextVisible(False)
                bar.setFixedHeight(6)
                bar.setRange(0, 1000)
                bar.setValue(int(max(0.0, min(share.share, 1.0)) * 1000))
                self._grid.addWidget(bar, row, 1, Qt.AlignmentFlag.AlignVCenter)
            amount = QLabel(share.amount)
            amount.setFont(figures_font(amount.font()))
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            amount.setToolTip(share.detail or share.tooltip)
            self._grid.addWidget(amount, row, 2)
            self.amounts.append(amount)
