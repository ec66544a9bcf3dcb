"""The large total at the top of a page, with what it leaves out and which rates it used."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.ledger.records import Total
from ui.amounts import money_text
from ui.language import is_language_change
from ui.widgets.overview_header import banner_labels, eye_button, rates_note


class TotalBanner(QFrame):
    """总资产 ¥…; a sum that could not include some currencies says so instead of guessing."""

    def __init__(self, privacy_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("totalBanner")
        self._caption, self.amount = banner_labels(2.2)
        self.note = QLabel()
        self.note.setObjectName("hint")
        self.note.setWordWrap(True)
        self._eye = eye_button(privacy_action)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self._caption)
        text.addWidget(self.amount)
        text.addWidget(self.note)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 14, 16, 14)
        layout.addLayout(text, 1)
        layout.addWidget(self._eye, 0, Qt.AlignmentFlag.AlignTop)
        self._total: Total | None = None
        self._hidden = False
        self._retranslate()

    def set_total(self, total: Total | None) -> None:
        self._total = total
        self._show()

    def set_hidden(self, hidden: bool) -> None:
        self._hidden = hidden
        self._show()

    def _show(self) -> None:
        total = self._total
        if total is None:
            self.amount.setText("—")
            self.amount.setToolTip("")
            self.note.clear()
            self.note.hide()
            return
        self.amount.setText(money_text(total.amount, total.base, self._hidden))
        self.amount.setToolTip(
            "" if self._hidden else self.tr("All accounts, converted to %1").replace("%1", total.base)
        )
        note = rates_note([total])
        notes = [note] if note else []
        self.note.setText(" · ".join(notes))
        self.note.setVisible(bool(notes))

    def _retranslate(self) -> None:
        # The net sum: debts are taken off (the Overview's 总资产 is before debts).
        self._caption.setText(self.tr("Net worth"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
