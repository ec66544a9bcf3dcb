"""Choosing a new passphrase: typed twice, with a live strength meter and a mismatch hint."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from ui.language import is_language_change
from ui.widgets.passphrase_edit import PassphraseEdit
from ui.widgets.strength_meter import StrengthMeter

MIN_LENGTH = 8  # the same floor as the command line (app.cli.MIN_PASSPHRASE)


class NewPassphraseFields(QObject):
    """Adds its rows to the dialog's own form, so every label lines up; ``acceptable`` gates the button.

    A QObject child of the dialog: Qt forwards LanguageChange to it like to any child widget.
    """

    changed = Signal()

    def __init__(self, form: QFormLayout, parent: QWidget, replacing: bool = False) -> None:
        super().__init__(parent)
        self._replacing = replacing  # "new passphrase" wording when an old one exists
        self.first = PassphraseEdit()
        self.second = PassphraseEdit()
        for edit in (self.first, self.second):
            edit.setProperty("form_field", True)
        self.meter = StrengthMeter()
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self._first_label, self._second_label = QLabel(), QLabel()
        self._first_label.setBuddy(self.first)
        self._second_label.setBuddy(self.second)
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

    def _update(self) -> None:
        self.meter.set_passphrase(self.first.text())
        self._show_hint()
        self.changed.emit()

    def _show_hint(self) -> None:
        first, second = self.first.text(), self.second.text()
        if first and len(first) < MIN_LENGTH:
            text = self.tr("Use at least %1 characters; a short sentence is easy to remember.").replace(
                "%1", str(MIN_LENGTH)
            )
        elif second and first != second:
            text = self.tr("The two passphrases do not match yet.")
        elif second and first == second:
            text = self.tr("The passphrases match.")
        else:
            text = ""
        self.hint.setText(text)

    def _retranslate(self) -> None:
        if self._replacing:
            self._first_label.setText(self.tr("&New passphrase:"))
            self._second_label.setText(self.tr("&Repeat new passphrase:"))
        else:
            self._first_label.setText(self.tr("&Passphrase:"))
            self._second_label.setText(self.tr("&Repeat passphrase:"))
        self._show_hint()

    def event(self, event: QEvent) -> bool:
        if is_language_change(event):
            self._retranslate()
        return super().event(event)
