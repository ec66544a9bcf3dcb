"""Set up a code app (an authenticator such as Google Authenticator or 腾讯身份验证器) for verification.

Three steps in one dialog: when the member already has a way to verify, they use it first (otherwise
whoever finds the vault unlocked could add their own code app); then the QR code to scan, with the secret
in groups of four for typing; then the app's first code, which makes it active.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.services import AppServices
from ui.dialogs.form_dialog import FormDialog, field
from ui.dialogs.step_up import StepUpDialog, code_validator
from ui.error_text import error_text
from ui.tasks import TaskManager

QR_SIZE = 220


def grouped(secret: str, size: int = 4) -> str:
    """ABCD EFGH IJKL …: a base32 secret in groups, for typing into an app that cannot scan."""
    clean = "".join(secret.split())
    return " ".join(clean[i:i + size] for i in range(0, len(clean), size))


class EnrolTotpDialog(FormDialog):
    """Adds a code app for the acting member; ``methods`` are the ones they can use now (for the guard)."""

    def __init__(self, tasks: TaskManager, services: AppServices, methods: Sequence[Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("enrolTotpDialog")
        self._services = services
        self._methods = [m for m in methods if m.usable]
        self.proof: Any = None
        self.enrolment: Any = None
        self.enrolled = False
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.label = field(QLineEdit())
        self.label.setObjectName("enrolLabel")
        self.label.setMaxLength(40)
        self.show_button = field(QPushButton())
        self.show_button.setObjectName("enrolShow")
        self.show_button.clicked.connect(self.begin)
        self.label.returnPressed.connect(self._begin_from_name)  # Enter in the name shows the QR code
        self.qr = QLabel()
        self.qr.setObjectName("enrolQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr.setMinimumSize(QR_SIZE, QR_SIZE)
        self.secret = QLabel()
        self.secret.setObjectName("enrolSecret")
        self.secret.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.secret.setWordWrap(True)
        self.code = field(QLineEdit())
        self.code.setObjectName("enrolCode")
        self.code.setValidator(code_validator(self.code))
        self.code.setMaxLength(8)
        self._labels = {key: QLabel() for key in ("label", "secret", "code")}
        self._labels["label"].setBuddy(self.label)
        self._labels["code"].setBuddy(self.code)
        self._scan = QLabel()
        self._scan.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._labels["label"], self.label)
        form.addRow("", self.show_button)
        self.body.addWidget(self._intro)
        self.body.addLayout(form)
        self.body.addWidget(self._scan)
        self.body.addWidget(self.qr)
        second = QFormLayout()
        second.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        second.addRow(self._labels["secret"], self.secret)
        second.addRow(self._labels["code"], self.errors.wrap("code", self.code, aliases=("response",)))
        self.body.addLayout(second)
        self.code.textChanged.connect(lambda _t: self._update())
        self.setMinimumWidth(480)
        self.retranslate()
        self.label.setText(self.tr("Huiliu"))
        self._show_stage()

    def _show_stage(self) -> None:
        started = self.enrolment is not None
        for widget in (self._scan, self.qr, self.secret, self._labels["secret"], self.code, self._labels["code"]):
            widget.setVisible(started)
        self.label.setEnabled(not started)
        self.show_button.setVisible(not started)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(self.enrolment is not None and len(self.code.text()) >= 6 and not self.busy.busy)

    def begin(self) -> None:
        """Verify with an existing factor when there is one, then ask the core for the QR code."""
        if self._methods and self.proof is None:
            services = self._services
            dialog = StepUpDialog(self.tasks, lambda kind, code, status: services.step_up_for_enrolment(kind, code),
                                  self._methods, self.tr("You already verify with another method: use it first to "
                                                         "add a code app."), self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(lambda: self._verified(dialog.proof))
            dialog.open()
            return
        self._create()

    def _begin_from_name(self) -> None:
        if self.enrolment is None and not self.busy.busy:
            self.begin()

    def _verified(self, proof: Any) -> None:
        self.proof = proof
        self._create()

    def _create(self) -> None:
        services, label, proof = self._services, self.label.text().strip() or self.tr("Huiliu"), self.proof
        self.errors.clear()
        self.set_busy(True, self.tr("Making the QR code…"))

        def done(enrolment: Any, error: BaseException | None) -> None:
            self.set_busy(False)
            if error is not None:
                self.errors.show_general(error_text(error))
                return
            self.enrolment = enrolment
            pixmap = QPixmap()
            pixmap.loadFromData(enrolment.qr_png)
            self.qr.setPixmap(pixmap.scaled(QR_SIZE, QR_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.FastTransformation))
            self.secret.setText(grouped(enrolment.secret))
            self._show_stage()
            self.code.setFocus()

        self.tasks.run_mutation(lambda: services.begin_totp_enrolment(label, proof), done)

    def submit(self) -> None:
        if not self.ok_button.isEnabled() or self.enrolment is None:
            return
        services, factor_id, code = self._services, self.enrolment.factor_id, self.code.text()
        self.save(lambda: services.confirm_totp_enrolment(factor_id, code), on_saved=self._done,
                  caption=self.tr("Checking the code…"))

    def _done(self, _result: Any) -> None:
        self.enrolled = True

    def set_busy(self, busy: bool, caption: str = "") -> None:
        super().set_busy(busy, caption)
        if not busy:
            self._update()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Set up a code app"))
        self._intro.setText(self.tr(
            "Transfers above ¥5,000 and other sensitive steps ask for a one-time code. Name this code app, "
            "then scan the QR code with it."))
        self._labels["label"].setText(self.tr("&Name in the app:"))
        self.show_button.setText(self.tr("&Show the QR code"))
        self._scan.setText(self.tr("Scan this QR code with your code app. It works without a network."))
        self._labels["secret"].setText(self.tr("Key (to type instead):"))
        self._labels["code"].setText(self.tr("First &code:"))
        self.code.setPlaceholderText(self.tr("6 digits the app shows now"))
        self.ok_button.setText(self.tr("Set up"))
