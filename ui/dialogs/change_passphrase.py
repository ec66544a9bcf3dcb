"""Change the vault passphrase (re-wraps the data key; the data itself is not re-encrypted)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from app.errors import WrongPassphrase
from app.services import AppServices
from ui.dialogs.form_dialog import FormDialog, field
from ui.tasks import TaskManager
from ui.widgets.new_passphrase import NewPassphraseFields
from ui.widgets.passphrase_edit import PassphraseEdit


class ChangePassphraseDialog(FormDialog):
    """The current passphrase proves it is you; the new one is typed twice, with the strength meter."""

    def __init__(self, tasks: TaskManager, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("changePassphraseDialog")
        self._services = services
        self.current = field(PassphraseEdit())
        self._current_label = QLabel()
        self._current_label.setBuddy(self.current)
        form = QFormLayout()
        form.addRow(self._current_label, self.errors.wrap("old", self.current))
        self.fields = NewPassphraseFields(form, self, replacing=True)
        self._note = QLabel()
        self._note.setObjectName("hint")
        self._note.setWordWrap(True)
        self.body.addLayout(form)
        self.body.addWidget(self._note)
        self.current.textChanged.connect(self._update_button)
        self.fields.changed.connect(self._update_button)
        self.setMinimumWidth(480)
        self.retranslate()
        self._update_button()

    def _update_button(self) -> None:
        self.ok_button.setEnabled(bool(self.current.text()) and self.fields.acceptable and not self.busy.busy)

    def submit(self) -> None:
        old, new, services = self.current.text(), self.fields.passphrase(), self._services
        self.save(lambda: services.change_passphrase(old, new), caption=self.tr("Changing the passphrase…"))

    def show_error(self, error: BaseException) -> None:
        if isinstance(error, WrongPassphrase):
            self.current.clear()
            self.errors.show("old", self.tr("This is not the current passphrase; nothing was changed."))
        else:
            super().show_error(error)

    def set_busy(self, busy: bool, caption: str = "") -> None:
        super().set_busy(busy, caption)
        if not busy:
            self._update_button()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Change passphrase"))
        self._current_label.setText(self.tr("C&urrent passphrase:"))
        self._note.setText(
            self.tr(
                "There is no way to recover a forgotten passphrase. If this computer "
                "remembers the vault, it keeps working with the new passphrase."
            )
        )
        self.ok_button.setText(self.tr("Change passphrase"))
