"""Preferences: language, auto-lock, colours, and where the vault is (this computer's, or a shared
database several computers of the household open: issue 11 §5)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import HuiliuError
from app.services import AppServices
from ui.language import is_language_change
from ui.settings import DATABASE_URL_PREFIX, Settings
from ui.tasks import TaskManager

MAX_AUTO_LOCK_MINUTES = 24 * 60


def connection_problem(error: BaseException) -> str:
    """What the database's driver said, in one line (not SQLAlchemy's wrapping and links)."""
    if isinstance(error, HuiliuError):
        return str(error)
    cause = getattr(error, "orig", None) or error
    lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
    return lines[0] if lines else type(cause).__name__


class SettingsDialog(QDialog):
    """Changes apply when OK is pressed; the caller reads ``language`` and ``auto_lock_minutes``."""

    def __init__(self, settings: Settings, parent: QWidget | None = None, tasks: TaskManager | None = None) -> None:
        """``tasks`` runs "Test connection" off the UI thread (a private TaskManager without it)."""
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self._tasks = tasks
        self._own_tasks: TaskManager | None = None
        self.language = QComboBox()
        # Language names are written in their own language, so anyone can find theirs.
        self.language.addItem("", "system")
        self.language.addItem("中文（简体）", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.auto_lock = QSpinBox()
        self.auto_lock.setRange(0, MAX_AUTO_LOCK_MINUTES)
        self.auto_lock.setValue(settings.auto_lock_minutes)
        self.colours = QCheckBox()
        self.colours.setChecked(settings.international_colours)
        self._labels = (QLabel(), QLabel())
        self._labels[0].setBuddy(self.language)
        self._labels[1].setBuddy(self.auto_lock)
        self._hint = QLabel()
        self._hint.setObjectName("hint")
        self._hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self._labels[0], self.language)
        form.addRow(self._labels[1], self.auto_lock)
        form.addRow("", self.colours)
        # Where the vault is: this computer's folder, or a shared PostgreSQL database (next start).
        self._database_title = QLabel()
        self._database_title.setObjectName("sectionTitle")
        self.this_computer = QRadioButton()
        self.shared_database = QRadioButton()
        self._where = QButtonGroup(self)
        self._where.addButton(self.this_computer)
        self._where.addButton(self.shared_database)
        self.database_url = QLineEdit(settings.database_url)
        self.database_url.setObjectName("databaseUrl")
        self.database_url.setPlaceholderText("postgresql://user:password@host/huiliu")
        self._url_label = QLabel()
        self._url_label.setBuddy(self.database_url)
        self.test_connection = QPushButton()
        self.test_connection.setObjectName("testConnection")
        self.database_status = QLabel()
        self.database_status.setObjectName("hint")
        self.database_status.setWordWrap(True)
        self.database_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        url_row = QHBoxLayout()
        url_row.setContentsMargins(0, 0, 0, 0)
        url_row.addWidget(self.database_url, 1)
        url_row.addWidget(self.test_connection)
        database = QVBoxLayout()
        database.setSpacing(6)
        database.addWidget(self._database_title)
        database.addWidget(self.this_computer)
        database.addWidget(self.shared_database)
        database.addWidget(self._url_label)
        database.addLayout(url_row)
        database.addWidget(self.database_status)
        (self.shared_database if settings.database_url else self.this_computer).setChecked(True)
        self._initial_url = settings.database_url
        self._tested = ""  # what the last "Test connection" said, kept while the URL is unchanged
        self._testing = False
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.addLayout(form)
        layout.addWidget(self._hint)
        layout.addSpacing(8)
        layout.addLayout(database)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.this_computer.toggled.connect(self._update_database)
        self.database_url.textChanged.connect(self._url_edited)
        self.test_connection.clicked.connect(self.run_connection_test)
        self._retranslate()

    def chosen_language(self) -> str:
        return str(self.language.currentData())

    def chosen_auto_lock_minutes(self) -> int:
        return int(self.auto_lock.value())

    def chosen_international_colours(self) -> bool:
        return self.colours.isChecked()

    def chosen_database_url(self) -> str:
        """The shared database to open at the next start, or "" for this computer's vault."""
        return self.database_url.text().strip() if self.shared_database.isChecked() else ""

    def database_url_problem(self) -> str:
        """Why the shared database's URL cannot be used ("" when it can, or this computer's vault is chosen)."""
        if not self.shared_database.isChecked():
            return ""
        url = self.database_url.text().strip()
        if not url:
            return self.tr("Enter the shared database's address.")
        if not url.startswith(DATABASE_URL_PREFIX) or len(url) <= len(DATABASE_URL_PREFIX):
            return self.tr("The address must start with postgresql://")
        return ""

    def _url_edited(self, _text: str) -> None:
        self._tested = ""
        self._update_database()

    def _update_database(self, _checked: bool = False) -> None:
        shared = self.shared_database.isChecked()
        self.database_url.setEnabled(shared)
        self._url_label.setEnabled(shared)
        problem = self.database_url_problem()
        self.test_connection.setEnabled(shared and not problem and not self._testing)
        self.ok_button.setEnabled(not problem)
        if problem and self.database_url.text().strip():
            self.database_status.setText(problem)
        elif self._testing:
            self.database_status.setText(self.tr("Connecting…"))
        elif self._tested:
            self.database_status.setText(self._tested)
        elif shared:
            self.database_status.setText(
                self.tr("Huiliu opens this database instead of this computer's vault at the next start.")
            )
        else:
            self.database_status.setText(
                self.tr("Huiliu opens the vault kept on this computer.")
                if not self._initial_url
                else self.tr("Huiliu opens the vault kept on this computer again at the next start.")
            )

    def run_connection_test(self) -> None:
        """Try the database off the UI thread and say whether a Huiliu vault is there."""
        if self.database_url_problem() or self._testing:
            return
        url = self.database_url.text().strip()
        tasks = self._tasks
        if tasks is None:
            tasks = self._own_tasks = self._own_tasks or TaskManager()
        self._testing, self._tested = True, ""
        self._update_database()
        tasks.run_query(lambda: AppServices.shared_vault_state(url), lambda found, error: self._tested_with(
            url, found, error))

    def _tested_with(self, url: str, found: bool | None, error: BaseException | None) -> None:
        self._testing = False
        if url != self.database_url.text().strip():
            self._update_database()  # the address changed meanwhile: that answer is about another one
            return
        if error is not None:
            self._tested = self.tr("Could not connect: %1").replace("%1", connection_problem(error))
        elif found:
            self._tested = self.tr("Connected. A Huiliu vault is there; it is unlocked at the next start.")
        else:
            self._tested = self.tr(
                "Connected. The database holds no Huiliu vault yet; one is created there at the next start."
            )
        self._update_database()

    @property
    def testing(self) -> bool:
        return self._testing

    def done(self, result: int) -> None:
        if result == QDialog.DialogCode.Accepted and self.database_url_problem():
            return  # Enter in the URL field with a wrong address: the reason is already said
        if self._own_tasks is not None:
            self._own_tasks.shutdown()
            self._own_tasks = None
        super().done(result)

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        self._labels[0].setText(self.tr("&Language:"))
        self._labels[1].setText(self.tr("Lock after &idle:"))
        self.language.setItemText(0, self.tr("Follow the system"))
        self.auto_lock.setSuffix(self.tr(" min"))
        self.auto_lock.setSpecialValueText(self.tr("Never"))
        self.colours.setText(self.tr("Green for gains, red for losses (as outside mainland China)"))
        self._database_title.setText(self.tr("Shared database"))
        self.this_computer.setText(self.tr("Use this &computer's vault"))
        self.shared_database.setText(self.tr("Use a &shared database (PostgreSQL), for several computers"))
        self._url_label.setText(self.tr("Database &address:"))
        self.test_connection.setText(self.tr("&Test connection"))
        self._hint.setText(
            self.tr(
                "Huiliu locks itself after this many minutes without keyboard or mouse "
                "use, and asks for the passphrase again."
            )
        )
        self._update_database()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
