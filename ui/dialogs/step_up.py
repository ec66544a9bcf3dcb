"""Identity verification for one transfer (大额转账验证): a one-time code, or a finger on the reader.

The proof the core returns is bound to this very request (its SM3 digest), lasts two minutes and is spent by
one transfer; the dialog keeps it in ``proof`` for the confirmation. A code is checked on the writer (a
wrong one counts towards the lockout); a fingerprint is awaited on a worker, its status messages shown as
they come, so the window never freezes while the reader waits.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.errors import HuiliuError
from ui.dialogs.form_dialog import FormDialog, field
from ui.error_text import error_text
from ui.tasks import TaskManager

CODE_KIND, PRESENCE = "code", "presence"


class _Status(QObject):
    """Carries a worker's status messages to the UI thread (a queued signal)."""

    said = Signal(str)


def code_validator(parent: QObject) -> QRegularExpressionValidator:
    return QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), parent)


class StepUpDialog(FormDialog):
    """Verify with one of the methods the member can use now; ``proof`` holds the result."""

    def __init__(self, tasks: TaskManager, verify: Callable[[str, str | None, Any], Any],
                 methods: Sequence[Any], reason: str, parent: QWidget | None = None) -> None:
        """``verify(kind, code, on_status)`` returns a proof (``services.step_up_for`` bound to the request,
        or ``step_up_for_enrolment``); ``methods``: the usable ``Availability`` records."""
        super().__init__(tasks, parent)
        self.setObjectName("stepUpDialog")
        self._verify = verify
        self.methods = [m for m in methods if m.usable]
        self.proof: Any = None
        self._reason = reason
        self._status_relay = _Status(self)
        self._status_relay.said.connect(self._show_status)
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.method = field(QComboBox())
        self.method.setObjectName("stepUpMethod")
        for m in self.methods:
            self.method.addItem(m.name, m.kind)
        self.code = field(QLineEdit())
        self.code.setObjectName("stepUpCode")
        self.code.setValidator(code_validator(self.code))
        self.code.setMaxLength(8)
        self.touch = field(QPushButton())
        self.touch.setObjectName("stepUpTouch")
        self.touch.clicked.connect(self.submit)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self._labels = {key: QLabel() for key in ("method", "code")}
        self._labels["method"].setBuddy(self.method)
        self._labels["code"].setBuddy(self.code)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._labels["method"], self.method)
        form.addRow(self._labels["code"], self.errors.wrap("code", self.code, aliases=("response",)))
        form.addRow("", self.touch)
        self.body.addWidget(self._intro)
        self.body.addLayout(form)
        self.body.addWidget(self.status)
        self.method.currentIndexChanged.connect(lambda _i: self._show_method())
        self.code.textChanged.connect(lambda _t: self._show_method())
        self.setMinimumWidth(460)
        self.retranslate()
        self._show_method()

    def first_field(self) -> QWidget | None:
        """The code (the one method is already chosen); the reader's button when it is a fingerprint."""
        return self.touch if self._input() == PRESENCE else self.code

    def kind(self) -> str:
        return str(self.method.currentData())

    def _input(self) -> str:
        for m in self.methods:
            if m.kind == self.kind():
                return str(m.input)
        return CODE_KIND

    def _show_method(self) -> None:
        presence = self._input() == PRESENCE
        self.code.setVisible(not presence)
        self._labels["code"].setVisible(not presence)
        self.touch.setVisible(presence)
        self.ok_button.setVisible(not presence)
        # Enter does the method's job: the reader's button for a finger, Verify for a code.
        self.touch.setAutoDefault(presence)
        self.touch.setDefault(presence)
        self.ok_button.setDefault(not presence)
        self.ok_button.setEnabled(len(self.code.text()) >= 6 and not self.busy.busy)

    def submit(self) -> None:
        kind = self.kind()
        if self._input() == PRESENCE:
            self._verify_presence(kind)
            return
        if len(self.code.text()) < 6:
            return
        code, verify = self.code.text(), self._verify
        self.save(lambda: verify(kind, code, None), on_saved=self._keep, caption=self.tr("Checking the code…"))

    def _keep(self, proof: Any) -> None:
        self.proof = proof

    def _verify_presence(self, kind: str) -> None:
        self.errors.clear()
        self.set_busy(True, self.tr("Touch the fingerprint reader…"))
        relay, verify = self._status_relay, self._verify

        def done(proof: Any, error: BaseException | None) -> None:
            self.set_busy(False)
            if error is None:
                self.proof = proof
                self.accept()
            else:
                self.status.setText("")
                self.errors.show_general(error_text(error) if isinstance(error, HuiliuError) else
                                         self.tr("The fingerprint reader could not be used: %1").replace(
                                             "%1", error_text(error)))

        # Waits for a finger (up to half a minute): on the pool, never on the writer or the UI thread.
        self.tasks.run_query(lambda: verify(kind, None, relay.said.emit), done)

    def _show_status(self, text: str) -> None:
        self.status.setText(text)

    def set_busy(self, busy: bool, caption: str = "") -> None:
        super().set_busy(busy, caption)
        if not busy:
            self._show_method()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Identity verification"))
        self._intro.setText(self._reason)
        self._labels["method"].setText(self.tr("&Verify with:"))
        self._labels["code"].setText(self.tr("One-time &code:"))
        self.code.setPlaceholderText(self.tr("6 digits from your code app"))
        self.touch.setText(self.tr("&Touch the fingerprint reader"))
        self.ok_button.setText(self.tr("Verify"))
