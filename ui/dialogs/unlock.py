"""Unlock: the passphrase opens the vault (key derivation runs off the UI thread)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.errors import VaultAlreadyOpen, WrongPassphrase
from app.services import AppServices
from ui.dialogs.form_dialog import FormDialog, field
from ui.icons import icon
from ui.tasks import TaskManager
from ui.widgets.elided_label import ElidedLabel
from ui.widgets.passphrase_edit import PassphraseEdit

Opener = Callable[[Path, str], AppServices]


def already_open_message() -> str:
    return QCoreApplication.translate(
        "UnlockDialog",
        "This vault is already open in another Huiliu window or command. Close it there, then try again.",
    )


def open_with_passphrase(directory: Path, passphrase: str) -> AppServices:
    return AppServices.open(directory, passphrase=passphrase, actor="gui")


class UnlockDialog(FormDialog):
    """Stays open on a wrong passphrase (cleared, with the reason beside the field)."""

    def __init__(
        self,
        tasks: TaskManager,
        directory: Path,
        parent: QWidget | None = None,
        at_startup: bool = True,
        message: str = "",
        opener: Opener = open_with_passphrase,
    ) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("unlockDialog")
        self.directory = Path(directory)
        self.services: AppServices | None = None
        self._at_startup = at_startup
        self._opener = opener
        self.in_use = False  # the vault is open elsewhere: said at once, no passphrase asked
        logo = QLabel()
        logo.setPixmap(icon("logo").pixmap(48, 48))
        self._title = QLabel()
        self._title.setObjectName("dialogTitle")
        self._path = ElidedLabel(str(self.directory))  # a long path gives way in the middle, whole on hover
        self._path.setObjectName("hint")
        self._path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self._title)
        heading.addWidget(self._path)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)
        self._label = QLabel()
        self.passphrase = field(PassphraseEdit())
        self._label.setBuddy(self.passphrase)
        self.body.addLayout(top)
        self.body.addSpacing(6)
        self.body.addWidget(self._label)
        self.body.addWidget(self.errors.wrap("passphrase", self.passphrase))
        # The demo household has a well-known passphrase: say it and fill it in (a locked demo, or its
        # auto-lock, must not strand anyone).
        self.demo_passphrase = AppServices.demo_passphrase(self.directory)
        self.demo_hint = QLabel()
        self.demo_hint.setObjectName("hint")
        self.demo_hint.setWordWrap(True)
        self.demo_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.demo_hint.setVisible(self.demo_passphrase is not None)
        self.body.addWidget(self.demo_hint)
        if self.demo_passphrase is not None:
            self.passphrase.setText(self.demo_passphrase)
        self.setMinimumWidth(440)
        self.passphrase.textChanged.connect(self._update_button)
        self.retranslate()
        self._update_button()
        if message:
            self.errors.show_general(message)
        if at_startup:  # after a lock in the window, this app's own writer may still be closing it
            self.check_in_use()

    def check_in_use(self) -> bool:
        """Whether the vault is open in another window or command, asked before any passphrase (no key
        is derived): if so the message shows at once, the passphrase field is off and OK tries again."""
        self.in_use = AppServices.vault_in_use(self.directory)
        self.passphrase.setEnabled(not self.in_use)
        self._label.setEnabled(not self.in_use)
        if self.in_use:
            self.errors.show_general(already_open_message())
        self.retranslate()
        self._update_button()
        return self.in_use

    def _update_button(self) -> None:
        self.ok_button.setEnabled(self.in_use or bool(self.passphrase.text()))

    def submit(self) -> None:
        if self.in_use:
            if not self.check_in_use():  # closed elsewhere meanwhile: now the passphrase may be typed
                self.errors.clear()
                self.passphrase.setFocus()
            return
        if not self.passphrase.text():
            return
        passphrase, directory, opener = self.passphrase.text(), self.directory, self._opener
        self.save(lambda: opener(directory, passphrase), self._opened, self.tr("Unlocking…"))

    def _opened(self, services: AppServices) -> None:
        self.services = services

    def show_error(self, error: BaseException) -> None:
        if isinstance(error, WrongPassphrase):
            self.passphrase.clear()
            self.errors.show(
                "passphrase", self.tr("Wrong passphrase. Nothing was opened or changed; try again.")
            )
        elif isinstance(error, VaultAlreadyOpen):
            self.errors.show_general(already_open_message())
        else:
            super().show_error(error)
        self.passphrase.setFocus()

    def set_busy(self, busy: bool, caption: str = "") -> None:
        super().set_busy(busy, caption)
        if not busy:
            self._update_button()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Unlock Huiliu"))
        self._title.setText(self.tr("Unlock your vault"))
        if self.demo_passphrase is not None:
            self.demo_hint.setText(
                self.tr("This is the demo household; its passphrase is %1 and is filled in for you.").replace(
                    "%1", self.demo_passphrase
                )
            )
        self._label.setText(self.tr("&Passphrase:"))
        self.ok_button.setText(self.tr("&Try again") if self.in_use else self.tr("&Unlock"))
        cancel = self.buttons.button(self.buttons.StandardButton.Cancel)
        cancel.setText(self.tr("&Quit") if self._at_startup else self.tr("Cancel"))
