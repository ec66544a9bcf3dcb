"""First run: choose where the vault lives and the passphrase that protects it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import KeyringUnavailable
from app.services import AppServices, keyring_available
from ui.dialogs.form_dialog import FormDialog, field
from ui.icons import icon
from ui.settings import is_database_url, vault_location
from ui.tasks import TaskManager
from ui.widgets.new_passphrase import NewPassphraseFields


def create_vault(
    directory: Path | str, passphrase: str, kdf: dict[str, Any] | None, remember: bool
) -> tuple[AppServices, str]:
    """Runs on the writer: the vault (in a folder, or in an empty shared database when ``directory`` is its
    URL), plus why it could not be remembered (empty when fine)."""
    services = AppServices.create(directory, passphrase, actor="gui", kdf=kdf)
    problem = ""
    if remember:
        try:
            services.remember_on_this_computer()
        except KeyringUnavailable as exc:
            problem = str(exc)
    return services, problem


class CreateVaultDialog(FormDialog):
    """Create is enabled only when both passphrases match and are long enough.

    ``kdf`` is for tests (FAST_KDF); people always get the default cost.
    """

    def __init__(
        self,
        tasks: TaskManager,
        directory: Path | str,
        kdf: dict[str, Any] | None = None,
        parent: QWidget | None = None,
        keyring_ok: bool | None = None,
    ) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("createVaultDialog")
        self.directory = vault_location(directory)  # a folder, or an empty shared database's URL
        self.shared = is_database_url(self.directory)
        self.services: AppServices | None = None
        self._kdf = kdf
        # A shared database's key is not kept in this computer's keyring: each unlock types the secret.
        self._keyring_ok = not self.shared and (keyring_available() if keyring_ok is None else keyring_ok)
        logo = QLabel()
        logo.setPixmap(icon("logo").pixmap(48, 48))
        self._title = QLabel()
        self._title.setObjectName("dialogTitle")
        self._intro = QLabel()
        self._intro.setObjectName("hint")
        self._intro.setWordWrap(True)
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self._title)
        heading.addWidget(self._intro)
        top = QHBoxLayout()
        top.setSpacing(14)
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addLayout(heading, 1)

        self._location_label = QLabel()
        shown = AppServices.shown_location(self.directory)  # a URL without its password
        self.location = QLineEdit(shown)
        self.location.setReadOnly(True)
        self.location.setToolTip(shown)
        self.change_location = field(QPushButton())
        self.change_location.clicked.connect(self._choose_location)
        self.change_location.setVisible(not self.shared)  # the database is chosen in Settings
        location_row = QHBoxLayout()
        location_row.setContentsMargins(0, 0, 0, 0)
        location_row.addWidget(self.location, 1)
        location_row.addWidget(self.change_location)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._location_label, location_row)
        self.fields = NewPassphraseFields(form, self)
        self.fields.changed.connect(self._update_button)

        self._warning = QLabel()
        self._warning.setObjectName("warningText")
        self._warning.setWordWrap(True)
        warning_icon = QLabel()
        warning_icon.setPixmap(icon("warning").pixmap(20, 20))
        warning_box = QFrame()
        warning_box.setObjectName("warningBox")
        warning_layout = QHBoxLayout(warning_box)
        warning_layout.addWidget(warning_icon, 0, Qt.AlignmentFlag.AlignTop)
        warning_layout.addWidget(self._warning, 1)

        self.remember = field(QCheckBox())
        self.remember.setEnabled(self._keyring_ok)
        self.remember.setProperty("form_field", self._keyring_ok)  # stays disabled after a save
        # A greyed-out box says nothing by itself: without a keyring, the reason is written under it.
        self.remember_hint = QLabel()
        self.remember_hint.setObjectName("hint")
        self.remember_hint.setWordWrap(True)
        self.remember_hint.setVisible(not self._keyring_ok and not self.shared)
        self.remember.setVisible(not self.shared)

        self.body.addLayout(top)
        self.body.addSpacing(8)
        self.body.addLayout(form)
        self.body.addWidget(warning_box)
        self.body.addWidget(self.remember)
        self.body.addWidget(self.remember_hint)
        # Trying the product needs no passphrase: a throwaway vault filled from the sandbox platforms.
        self.demo_requested = False
        self.demo_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
        self.demo_button.clicked.connect(self._try_demo)
        self.demo_button.setVisible(not self.shared)  # the demo lives in a folder of its own, never a shared database
        self.setMinimumWidth(520)
        self.retranslate()
        self._update_button()

    def first_field(self) -> QWidget | None:
        return self.fields.first  # the location is already chosen; the passphrase is what to type

    def _choose_location(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Where should Huiliu keep the vault?"), str(Path(self.directory).parent)
        )
        if chosen:
            self.directory = Path(chosen)
            self.location.setText(chosen)
            self.location.setToolTip(chosen)

    def _try_demo(self) -> None:
        self.demo_requested = True
        self.reject()

    def _update_button(self) -> None:
        self.ok_button.setEnabled(self.fields.acceptable and not self.busy.busy)

    def submit(self) -> None:
        if not self.fields.acceptable:
            return
        directory, passphrase, kdf = self.directory, self.fields.passphrase(), self._kdf
        remember = self.remember.isEnabled() and self.remember.isChecked()
        self.save(
            lambda: create_vault(directory, passphrase, kdf, remember),
            self._created,
            self.tr("Creating your vault… (making the passphrase slow to guess takes a moment)"),
        )

    def _created(self, result: tuple[AppServices, str]) -> None:
        self.services, problem = result
        if problem:
            QMessageBox.warning(
                self,
                self.tr("Not remembered"),
                self.tr(
                    "The vault was created, but this computer has no usable keyring, so Huiliu will ask "
                    "for the passphrase each time."
                ),
            )

    def set_busy(self, busy: bool, caption: str = "") -> None:
        super().set_busy(busy, caption)
        if not busy:
            self._update_button()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Create your Huiliu vault"))
        self._title.setText(self.tr("Create your vault"))
        self._intro.setText(
            self.tr(
                "This shared database holds no vault yet. Huiliu keeps your household's accounts there "
                "in one encrypted vault that every computer of the household opens. Choose a passphrase "
                "to protect it."
            )
            if self.shared
            else self.tr(
                "Huiliu keeps your household's accounts in one encrypted vault on this "
                "computer. Choose a passphrase to protect it."
            )
        )
        self._location_label.setText(self.tr("Shared database:") if self.shared else self.tr("Vault location:"))
        self.change_location.setText(self.tr("Change…"))
        self._warning.setText(
            self.tr(
                "If you lose this passphrase, nobody can recover the vault — not even "
                "Huiliu's makers. Write it down and keep it somewhere safe."
            )
        )
        self.remember.setText(self.tr("Remember on this computer (unlock without typing the passphrase)"))
        no_keyring = self.tr(
            "No system keyring was found (such as GNOME Keyring, KWallet, macOS Keychain or Windows "
            "Credential Manager), so the vault cannot be remembered and you will type the passphrase. "
            "Install and unlock one, then start Huiliu again, to use this."
        )
        self.remember.setToolTip("" if self._keyring_ok else no_keyring)
        self.remember_hint.setText("" if self._keyring_ok else no_keyring)
        self.ok_button.setText(self.tr("&Create vault"))
        self.demo_button.setText(self.tr("Try the &demo household"))
        self.demo_button.setToolTip(
            self.tr("Three family members with seven sandbox platforms and a year of history, in a throwaway "
                    "vault; your own vault is not touched.")
        )
