"""What the window shows while the vault is locked: no data, one way back in."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ui.icons import icon
from ui.language import is_language_change


class LockedPage(QWidget):
    unlock_requested = Signal()
    switch_requested = Signal()  # unlock as someone else: the dialog opens on its choice of member

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockedPage")
        picture = QLabel()
        picture.setPixmap(icon("lock-large").pixmap(88, 88))
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._title = QLabel()
        self._title.setObjectName("emptyTitle")
        self._title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._text = QLabel()
        self._text.setObjectName("hint")
        self._text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.button = QPushButton()
        self.button.setProperty("primary", True)
        self.button.setMinimumHeight(36)
        # Outside a dialog a push button ignores Enter unless it is an auto-default; this one is the
        # page's only action, so Enter (and Space) on it asks for the passphrase again.
        self.button.setAutoDefault(True)
        self.button.setDefault(True)
        self.setFocusProxy(self.button)
        self.button.clicked.connect(self.unlock_requested)
        self.switch_button = QPushButton()
        self.switch_button.setObjectName("switchMember")
        self.switch_button.setFlat(True)
        self.switch_button.setAutoDefault(False)
        self.switch_button.clicked.connect(self.switch_requested)
        self.switch_button.hide()
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(picture)
        layout.addWidget(self._title)
        layout.addWidget(self._text)
        layout.addSpacing(12)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.switch_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self._retranslate()

    def set_switch_available(self, available: bool) -> None:
        """Offer "Switch member…" when members other than the owner unlock as themselves."""
        self.switch_button.setVisible(available)

    def _retranslate(self) -> None:
        self._title.setText(self.tr("Huiliu is locked"))
        self._text.setText(self.tr("Your accounts are hidden until you unlock the vault."))
        self.button.setText(self.tr("Unlock…"))
        self.switch_button.setText(self.tr("Switch member…"))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.button.setFocus(Qt.FocusReason.OtherFocusReason)  # the way back in, ready for Enter

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
