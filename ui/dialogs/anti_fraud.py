"""The anti-fraud warning shown before a risky transfer, the way Chinese banks show it.

The texts are the policy pack's (title, warnings, the confirmation), in the interface language. The box
"I have read this" can be ticked only after the pack's cooling-off time has counted down, and Continue
only once it is ticked. The countdown is a duration, counted in timer ticks, not read from the clock.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFrame, QLabel, QVBoxLayout, QWidget

from ui.language import is_language_change
from ui.transfer_words import lang

TICK_MS = 1000


class AntiFraudDialog(QDialog):
    def __init__(self, decision: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("antiFraudDialog")
        self._texts: tuple[tuple[str, str], ...] = tuple(decision.anti_fraud_texts)
        self.left = max(int(decision.cooling_off_seconds), 0)
        self._title = QLabel()
        self._title.setObjectName("dialogTitle")
        self._title.setWordWrap(True)
        box = QFrame()
        box.setObjectName("warningBox")
        warnings = QVBoxLayout(box)
        warnings.setContentsMargins(14, 12, 14, 12)
        self._warnings: list[QLabel] = []
        for _pair in self._texts[1:-1]:
            label = QLabel()
            label.setObjectName("warningText")
            label.setWordWrap(True)
            warnings.addWidget(label)
            self._warnings.append(label)
        self.read = QCheckBox()
        self.read.setObjectName("antiFraudRead")
        self.read.setEnabled(self.left == 0)
        self.countdown = QLabel()
        self.countdown.setObjectName("hint")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.continue_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.continue_button.setProperty("primary", True)
        self.continue_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.read.toggled.connect(self.continue_button.setEnabled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(12)
        layout.addWidget(self._title)
        layout.addWidget(box)
        layout.addWidget(self.read)
        layout.addWidget(self.countdown)
        layout.addWidget(self.buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        if self.left:
            self.timer.start()
        self.setMinimumWidth(480)
        self.retranslate()
        # Cancel is the safe choice: it has the focus, and Enter does nothing until the box is ticked
        # (Continue is the default button, off until then; Cancel never takes Enter: Escape cancels).
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setAutoDefault(False)
        self.continue_button.setDefault(True)
        cancel.setFocus()

    def tick(self) -> None:
        """One second of the cooling-off time has passed."""
        self.left = max(self.left - 1, 0)
        if self.left == 0:
            self.timer.stop()
            self.read.setEnabled(True)
        self._show_countdown()

    def _pick(self, pair: tuple[str, str]) -> str:
        return pair[0] if lang().startswith("zh") else pair[1]

    def _show_countdown(self) -> None:
        self.countdown.setText(self.tr("Please read for another %n second(s).", "", self.left) if self.left else "")
        self.countdown.setVisible(bool(self.left))

    def accept(self) -> None:
        if self.read.isChecked():
            super().accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Before you transfer"))
        if self._texts:
            self._title.setText(self._pick(self._texts[0]))
        for label, pair in zip(self._warnings, self._texts[1:-1], strict=False):
            label.setText(self._pick(pair))
        self.read.setText(self._pick(self._texts[-1]) if len(self._texts) > 1 else self.tr("I have read this"))
        self.continue_button.setText(self.tr("Continue"))
        self._show_countdown()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

