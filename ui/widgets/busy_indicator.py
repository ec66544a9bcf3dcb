"""A thin indeterminate bar with a caption, shown while a dialog waits for background work."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget


class BusyIndicator(QWidget):
    """Hidden until ``start``; the bar moves by itself, so the user sees the app is not frozen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bar = QProgressBar()
        self._bar.setRange(0, 0)
        self._bar.setTextVisible(False)
        self._bar.setFixedHeight(4)
        self._caption = QLabel()
        self._caption.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._caption)
        layout.addWidget(self._bar)
        self.hide()

    @property
    def busy(self) -> bool:
        return not self.isHidden()

    def start(self, caption: str) -> None:
        self._caption.setText(caption)
        self.show()

    def stop(self) -> None:
        self.hide()
