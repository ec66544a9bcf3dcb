"""Choosing a new passphrase: typed twice, with a live strength meter and a mismatch hint."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from ui.language import is_language_change
from ui.widgets.passphrase_edit import PassphraseEdit
from ui.widgets.strength_meter import StrengthMeter

MIN_LENGTH = 8  # the same floor as the command line (app.cli.MIN_PASSPHRASE)


class NewPassphraseFields(QWidget):
    """Emits ``changed`` on every keystroke; ``acceptable`` says whether the pair may be used."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = PassphraseEdit()
        self.second = PassphraseEdit()
        self.meter = StrengthMeter()
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self._first_label, self._second_label = QLabel(), QLabel()
        self._first_label.setBuddy(self.first)
        self._second_label.setBuddy(self.second)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self._first_label, self.first)
        form.addRow("", self.meter)
        form.addRow(self._second_label, self.second)
        form.addRow("", self.hint)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self._retranslate()

    def passphrase(self) -> str:
        return self.first.text()

    @property
    def acceptable(self) -> bool:
        return len(self.first.text()) >= MIN_LENGTH and self.first.text() == self.second.text()

    def set_enabled(self, enabled: bool) -> None:
        self.first.setEnabled(enabled)
        self.second.setEnabled(enabled)

    def _update(self) -> None:
        self.meter.set_passphrase(self.first.text())
        self._show_hint()
        self.changed.emit()

    def _show_hint(self) -> None:
        first, second = self.first.text(), self.second.text()
        if first and len(first) < MIN_LENGTH:
            text = self.tr("Use at least %1 characters; a short sentence is easy to remember.").replace(
                "%1", str(MIN_LENGTH))
        elif second and first != second:
            text = self.tr("The two passphrases do not match yet.")
        elif second and first == second:
            text = self.tr("The passphrases match.")
        else:
            text = ""
        self.hint.setText(text)

    def _retranslate(self) -> None:
        self._first_label.setText(self.tr("&Passphrase:"))
        self._second_label.setText(self.tr("&Repeat passphrase:"))
        self._show_hint()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
