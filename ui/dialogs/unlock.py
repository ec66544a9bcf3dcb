"""Unlock: the passphrase opens the vault (key derivation runs off the UI thread).

Once members have keys of their own, a "Who" choice comes first: the owner (the vault's passphrase)
or a member with their own passphrase or PIN. Member names are sealed in the vault, so the choice
shows the names this computer saw at earlier unlocks (ui.settings), and "Member N" for the others.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.errors import LockedOut, TooManyAttempts, VaultAlreadyOpen, WrongPassphrase
from app.services import AppServices
from ui.dialogs.form_dialog import FormDialog, field
from ui.icons import icon
from ui.settings import Settings, is_database_url, vault_location
from ui.tasks import TaskManager
from ui.widgets.elided_label import ElidedLabel
from ui.widgets.passphrase_edit import PassphraseEdit


class Opener(Protocol):
    """Opens the vault: with the owner's passphrase, or as ``member_id`` with their own secret.

    Called with two arguments for the owner, so an opener written for the owner alone still works."""

    def __call__(self, directory: Path | str, passphrase: str, member_id: int | None = None, /) -> AppServices: ...


def already_open_message() -> str:
    return QCoreApplication.translate(
        "UnlockDialog",
        "This vault is already open in another Huiliu window or command. Close it there, then try again.",
    )


def open_with_passphrase(directory: Path | str, passphrase: str, member_id: int | None = None) -> AppServices:
    return AppServices.open(directory, passphrase=passphrase, actor="gui", member_id=member_id)


class UnlockDialog(FormDialog):
    """Stays open on a wrong passphrase (cleared, with the reason beside the field)."""

    def __init__(
        self,
        tasks: TaskManager,
        directory: Path | str,
        parent: QWidget | None = None,
        at_startup: bool = True,
        message: str = "",
        opener: Opener = open_with_passphrase,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("unlockDialog")
        self.directory = vault_location(directory)  # a folder, or a shared database's URL
        self.shared = is_database_url(self.directory)
        self.services: AppServices | None = None
        self._at_startup = at_startup
        self._opener = opener
        self.in_use = False  # the vault is open elsewhere: said at once, no passphrase asked
        logo = QLabel()
        logo.setPixmap(icon("logo").pixmap(48, 48))
        self._title = QLabel()
        self._title.setObjectName("dialogTitle")
        self._path = ElidedLabel(AppServices.shown_location(self.directory))  # a URL without its password  # a long path gives way in the middle, whole on hover
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
        # Who unlocks: offered once members have keys of their own (nothing to choose before that).
        self.unlockable = dict(AppServices.unlockable_members(self.directory))
        names, owner = settings.member_names(self.directory) if settings is not None else ({}, None)
        # The demo says its members' names and secrets in a file of its own (public, like its passphrase).
        self.demo_members = AppServices.demo_members(self.directory)
        self._names = {**{m: name for m, (name, _k, _s) in self.demo_members.items()}, **names}
        self.who = field(QComboBox())
        self.who.setObjectName("unlockWho")
        self.who.addItem("", None)  # the owner, with the vault's passphrase
        if owner is None and self.unlockable:
            owner = AppServices.owner_member(self.directory)  # whose key pair the vault's passphrase seals
        for member_id in self.unlockable:
            if member_id != owner:
                self.who.addItem("", member_id)
        self._who_label = QLabel()
        self._who_label.setBuddy(self.who)
        self._label = QLabel()
        self.passphrase = field(PassphraseEdit())
        self._label.setBuddy(self.passphrase)
        self.body.addLayout(top)
        self.body.addSpacing(6)
        if self.who.count() > 1:
            self.body.addWidget(self._who_label)
            self.body.addWidget(self.who)
        else:
            self.who.hide()
            self._who_label.hide()
        self.who.currentIndexChanged.connect(self._on_who)
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
        self.who.setEnabled(not self.in_use)
        if self.in_use:
            self.errors.show_general(already_open_message())
        self.retranslate()
        self._update_button()
        return self.in_use

    def first_field(self) -> QWidget | None:
        """The secret: the person chosen last time is usually the one at the keyboard again."""
        return self.passphrase if self.passphrase.isEnabled() else super().first_field()

    @property
    def member_id(self) -> int | None:
        """The member chosen to unlock as, or None for the owner (the vault's passphrase)."""
        data = self.who.currentData()
        return int(data) if data is not None else None

    @property
    def secret_kind(self) -> str:
        member_id = self.member_id
        return self.unlockable.get(member_id, "passphrase") if member_id is not None else "passphrase"

    def choose_member(self, member_id: int | None) -> None:
        """Unlock as ``member_id`` (None: the owner); a member who cannot unlock is not chosen."""
        index = self.who.findData(member_id)
        if index >= 0:
            self.who.setCurrentIndex(index)

    def _on_who(self, _index: int) -> None:
        self.errors.clear()
        self.passphrase.clear()
        member_id = self.member_id
        if member_id is None and self.demo_passphrase is not None:
            self.passphrase.setText(self.demo_passphrase)
        elif member_id in self.demo_members:
            self.passphrase.setText(self.demo_members[member_id][2])
        self.retranslate()

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
        passphrase, directory, opener, member_id = (
            self.passphrase.text(), self.directory, self._opener, self.member_id
        )
        if member_id is None:
            self.save(lambda: opener(directory, passphrase), self._opened, self.tr("Unlocking…"))
        else:
            self.save(lambda: opener(directory, passphrase, member_id), self._opened, self.tr("Unlocking…"))

    def _opened(self, services: AppServices) -> None:
        self.services = services

    def show_error(self, error: BaseException) -> None:
        pin = self.secret_kind == "pin"
        if isinstance(error, WrongPassphrase):
            self.passphrase.clear()
            self.errors.show(
                "passphrase",
                self.tr("Wrong PIN. Nothing was opened or changed; try again.")
                if pin
                else self.tr("Wrong passphrase. Nothing was opened or changed; try again."),
            )
        elif isinstance(error, TooManyAttempts):
            self.passphrase.clear()
            self.errors.show(
                "passphrase",
                self.tr("Too many wrong tries. Wait %1 s, then try again; nothing was opened.").replace(
                    "%1", str(error.seconds)
                ),
            )
        elif isinstance(error, LockedOut):
            self.passphrase.clear()
            self.errors.show(
                "passphrase",
                self.tr(
                    "This PIN is locked after too many wrong tries. A parent can unlock it on the "
                    "Household page."
                ),
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
        self._title.setText(self.tr("Unlock the shared vault") if self.shared else self.tr("Unlock your vault"))
        chosen = self.member_id if hasattr(self, "who") else None
        if chosen in self.demo_members:
            name, kind, secret = self.demo_members[chosen]
            template = (self.tr("This is the demo household; %1's PIN is %2 and is filled in for you.") if kind == "pin"
                        else self.tr("This is the demo household; %1's passphrase is %2 and is filled in for you."))
            self.demo_hint.setText(template.replace("%1", name).replace("%2", secret))
        elif self.demo_passphrase is not None:
            self.demo_hint.setText(
                self.tr("This is the demo household; its passphrase is %1 and is filled in for you.").replace(
                    "%1", self.demo_passphrase
                )
            )
        self._who_label.setText(self.tr("&Who is unlocking:"))
        for i in range(self.who.count()):
            member_id = self.who.itemData(i)
            if member_id is None:
                text = self.tr("Owner (the vault's passphrase)")
            else:
                name = self._names.get(int(member_id)) or self.tr("Member %1").replace("%1", str(member_id))
                text = (
                    self.tr("%1 (own PIN)") if self.unlockable.get(member_id) == "pin" else self.tr("%1 (own passphrase)")
                ).replace("%1", name)
            self.who.setItemText(i, text)
        self._label.setText(self.tr("&PIN:") if self.secret_kind == "pin" else self.tr("&Passphrase:"))
        self.ok_button.setText(self.tr("&Try again") if self.in_use else self.tr("&Unlock"))
        cancel = self.buttons.button(self.buttons.StandardButton.Cancel)
        cancel.setText(self.tr("&Quit") if self._at_startup else self.tr("Cancel"))
