"""Preferences: language and auto-lock."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.language import is_language_change
from ui.settings import Settings

MAX_AUTO_LOCK_MINUTES = 24 * 60


class SettingsDialog(QDialog):
    """Changes apply when OK is pressed; the caller reads ``language`` and ``auto_lock_minutes``."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.language = QComboBox()
        # Language names are written in their own language, so anyone can find theirs.
        self.language.addItem("", "system")
        self.language.addItem("中文（简体）", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(0, MAX_AUTO_LOCK_MINUTES)
        self.auto_lock.setValue(settings.auto_lock_minutes)
        self.colours = QCheckBox()
        self.colours.setChecked(settings.international_colours)
        self._labels = (QLabel(), QLabel())
        self._labels[0].setBuddy(self.language)
        self._labels[1].setBuddy(self.auto_lock)
        self._hint = QLabel()
        self._hint.setObjectName("hint")
        self._hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self._labels[0], self.language)
        form.addRow(self._labels[1], self.auto_lock)
        form.addRow("", self.colours)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.addLayout(form)
        layout.addWidget(self._hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self._retranslate()

    def chosen_language(self) -> str:
        return str(self.language.currentData())

    def chosen_auto_lock_minutes(self) -> int:
        return int(self.auto_lock.value())

    def chosen_international_colours(self) -> bool:
        return self.colours.isChecked()

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self._labels[0].setText(self.tr("&Language:"))
        self._labels[1].setText(self.tr("Lock after &idle:"))
        self.language.setItemText(0, self.tr("Follow the system"))
        self.auto_lock.setSuffix(self.tr(" min"))
        self.auto_lock.setSpecialValueText(self.tr("Never"))
        self.colours.setText(self.tr("Green for gains, red for losses (as outside mainland China)"))
        self._hint.setText(
            self.tr(
                "Huiliu locks itself after this many minutes without keyboard or mouse "
                "use, and asks for the passphrase again."
            )
        )

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
