"""A friendly empty page: what this place is for and the one button that starts it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.icons import icon


class EmptyState(QWidget):
    """Centered picture, title, explanation and a primary call to action."""

    def __init__(self, icon_name: str, on_action: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        picture = QLabel()
        picture.setPixmap(icon(icon_name).pixmap(96, 96))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setObjectName("emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = QLabel()
        self.text.setObjectName("hint")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.text.setMaximumWidth(460)
        self.button = QPushButton()
        self.button.setProperty("primary", True)
        self.button.setMinimumHeight(36)
        self.button.clicked.connect(on_action)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(picture)
        layout.addSpacing(8)
        layout.addWidget(self.title)
        # Centred by stretches, not by an alignment: an aligned word-wrapped label gets the width of its
        # size hint, a column of a few words cut off below the second line.
        paragraph = QHBoxLayout()
        paragraph.addStretch(1)
        paragraph.addWidget(self.text, 100)
        paragraph.addStretch(1)
        layout.addLayout(paragraph)
        layout.addSpacing(12)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)

    def set_texts(self, title: str, text: str, button: str) -> None:
        self.title.setText(title)
        self.text.setText(text)
        self.button.setText(button)
