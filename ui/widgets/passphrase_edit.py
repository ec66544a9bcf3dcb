"""A passphrase field with a show/hide eye, so people can check what they typed."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from ui.icons import icon
from ui.language import is_language_change


class PassphraseEdit(QLineEdit):
    """Echo is hidden by default; the trailing eye toggles it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        # No input-method composition for secrets, and no autocompletion history.
        self.setInputMethodHints(self.inputMethodHints())
        self._toggle = self.addAction(icon("eye"), QLineEdit.ActionPosition.TrailingPosition)
        self._toggle.setCheckable(True)
        self._toggle.toggled.connect(self._set_visible)
        self._retranslate()

    def _set_visible(self, visible: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password)
        self._toggle.setIcon(icon("eye-off" if visible else "eye"))
        self._retranslate()

    def _retranslate(self) -> None:
        self._toggle.setToolTip(
            self.tr("Hide passphrase") if self._toggle.isChecked() else self.tr("Show passphrase")
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
