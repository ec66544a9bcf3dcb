"""A live passphrase strength meter: zxcvbn's score 0-4 as a bar and a word (never colour alone)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget
from zxcvbn import zxcvbn

from ui.language import is_language_change

# zxcvbn's cost grows quickly with length; beyond this the score is 4 anyway.
_SCORED_PREFIX = 64
_COLOURS = ("#DC2626", "#EA580C", "#CA8A04", "#16A34A", "#15803D")


def strength(passphrase: str) -> int:
    """zxcvbn score 0 (guessable in seconds) to 4 (very hard); 0 for an empty passphrase."""
    if not passphrase:
        return 0
    return int(zxcvbn(passphrase[:_SCORED_PREFIX], user_inputs=["huiliu", "汇流"])["score"])


class StrengthMeter(QWidget):
    """Shows how hard a passphrase is to guess, updated on every keystroke."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bar = QProgressBar()
        self._bar.setRange(0, 4)
        self._bar.setTextVisible(False)
        self._bar.setFixedHeight(6)
        self._word = QLabel()
        self._word.setObjectName("strengthWord")
        self._word.setMinimumWidth(64)
        self._word.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._bar, 1)
        layout.addWidget(self._word)
        self._text = ""
        self._score = 0
        self.set_passphrase("")

    @property
    def score(self) -> int:
        return self._score

    def word(self) -> str:
        return self._word.text()

    def set_passphrase(self, text: str) -> None:
        self._text = text
        self._score = strength(text)
        self._show()

    def _show(self) -> None:
        words = (
            self.tr("Very weak"),
            self.tr("Weak"),
            self.tr("Fair"),
            self.tr("Strong"),
            self.tr("Very strong"),
        )
        empty = not self._text
        self._bar.setValue(0 if empty else self._score + (1 if self._score < 4 else 0))
        colour = "#E5E7EB" if empty else _COLOURS[self._score]
        self._bar.setStyleSheet(f"QProgressBar::chunk {{ background: {colour}; border-radius: 3px; }}")
        self._word.setText("" if empty else words[self._score])
        self.setToolTip(self.tr("How hard the passphrase is to guess"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._show()
        super().changeEvent(event)
