"""The main window: sidebar of pages, menus, privacy switch, status bar, and locking."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QWidget,
)

from app.errors import KeyringUnavailable
from app.ledger.records import HouseholdMember
from app.services import AppServices, KnownPlatform
from ui.amounts import Privacy
from ui.autolock import IdleWatcher
from ui.dialogs.categories import CategoriesAction
from ui.dialogs.change_passphrase import ChangePassphraseDialog
from ui.dialogs.import_history import ImportHistoryDialog
from ui.dialogs.settings import SettingsDialog
from ui.dialogs.unlock import UnlockDialog
from ui.error_text import error_text
from ui.icons import icon
from ui.import_flow import ImportFlow
from ui.language import apply_language, is_language_change
from ui.page_router import PageRouter
from ui.settings import Settings
from ui.tasks import TaskManager
from ui.transfer_scheduler import TransferScheduler
from ui.vault_session import VaultSession
from ui.views.accounts_page import AccountsPage
from ui.views.household_page import HouseholdPage
from ui.views.locked_page import LockedPage
from ui.views.overview_page import OverviewPage
from ui.views.payees_page import PayeesPage
from ui.views.policy_page import PolicyPage
from ui.views.reports_page import ReportsPage, TransactionsWanted
from ui.views.transactions_page import TransactionsPage
from ui.views.transfer_page import TransferPage
from ui.widgets.elided_label import ElidedLabel
from ui.widgets.navigation import NavigationBar

STATUS_MS = 6_000  # how long a confirmation stays in the status bar
MINIMUM_SIZE = QSize(720, 540)


def with_standard(standard: QKeySequence.StandardKey, explicit: str) -> list[QKeySequence]:
    """The platform's own keys for ``standard`` (none on some desktops), then ``explicit`` if not among them."""
    keys = QKeySequence.keyBindings(standard)
    extra = QKeySequence(explicit)
    return keys if extra in keys else [*keys, extra]


class MainWindow(QMainWindow):
    """Shows pages only while the vault is unlocked; locking clears them and asks for the passphrase."""

    unlock_dialog_shown = Signal(object)  # the UnlockDialog, so tests and the launcher can reach it

    def __init__(
        self, session: VaultSession, tasks: TaskManager, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session, self.tasks, self.settings = session, tasks, settings
        self.privacy = Privacy(settings.amounts_hidden, self)
        self.unlock_dialog: UnlockDialog | None = None
        self.integrity_warning: QMessageBox | None = None
        self._make_actions()
        self._make_menus()
        self.navigation = NavigationBar()
        self.navigation.follow(self)
        self.navigation.add_page("overview", QT_TRANSLATE_NOOP("NavigationBar", "Overview"), "overview")
        self.navigation.add_page("accounts", QT_TRANSLATE_NOOP("NavigationBar", "Accounts"), "accounts")
        self.navigation.add_page("household", QT_TRANSLATE_NOOP("NavigationBar", "Household"), "household")
        self.navigation.add_page(
            "transactions", QT_TRANSLATE_NOOP("NavigationBar", "Transactions"), "transactions"
        )
        self.navigation.add_page("reports", QT_TRANSLATE_NOOP("NavigationBar", "Reports"), "reports")
        self.navigation.add_page("transfer", QT_TRANSLATE_NOOP("NavigationBar", "Transfer"), "transfer")
        self.navigation.add_page("payees", QT_TRANSLATE_NOOP("NavigationBar", "Payees"), "payees")
        self.navigation.add_page("policy", QT_TRANSLATE_NOOP("NavigationBar", "Transfer rules"), "policy")
        self.navigation.add_footer_action(self.switch_action)
        self.navigation.add_footer_action(self.privacy_action)
        self.navigation.add_footer_action(self.lock_action)
        self.overview_page = OverviewPage(session, tasks, self.privacy, self.privacy_action)
        self.overview_page.header.set_international(settings.international_colours)
        self.accounts_page = AccountsPage(
            session, tasks, self.privacy, self.privacy_action, settings=settings
        )
        self.household_page = HouseholdPage(session, tasks)
        self.household_page.inbox.awaiting_changed.connect(self._show_awaiting)
        self.transactions_page = TransactionsPage(session, tasks, self.privacy, settings)
        self.reports_page = ReportsPage(session, tasks, self.privacy, settings)
        self.reports_page.open_transactions.connect(self.show_transactions)
        self.transfer_page = TransferPage(session, tasks, self.privacy)
        self.transfer_page.list.loaded.connect(self._show_revocable)
        self.payees_page = PayeesPage(session, tasks)
        self.policy_page = PolicyPage(session, tasks)
        self.scheduler = TransferScheduler(session, tasks, self)
        self.scheduler.notice.connect(lambda text: self.statusBar().showMessage(text, STATUS_MS))
        # The window's Find reaches the search from every page; the page's own Find shortcuts (for the
        # page on its own) would make the key ambiguous, and Qt then runs neither.
        find_keys = set(self.find_action.shortcuts())
        for shortcut in self.transactions_page.findChildren(QShortcut):
            if shortcut.key() in find_keys:
                shortcut.setEnabled(False)
        self.locked_page = LockedPage()
        self.locked_page.unlock_requested.connect(self.show_unlock)
        self.locked_page.switch_requested.connect(self.switch_member)
        self.pages = QStackedWidget()
        pages: dict[str, QWidget] = {
            "overview": self.overview_page,
            "accounts": self.accounts_page,
            "household": self.household_page,
            "transactions": self.transactions_page,
            "reports": self.reports_page,
            "transfer": self.transfer_page,
            "payees": self.payees_page,
            "policy": self.policy_page,
        }
        self.router = PageRouter(session, self.navigation, self.pages, pages, self.locked_page, self)
        self.accounts_page.loaded.connect(self.router.accounts_loaded)
        self.imports = ImportFlow(session, tasks, self, settings, lambda: self.privacy.hidden, parent=self)
        self.imports.busy.connect(self._on_import_busy)
        self.imports.notice.connect(lambda text: self.statusBar().showMessage(text, STATUS_MS))
        self.imports.accept_drops(self)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._path = ElidedLabel(AppServices.shown_location(session.directory))  # a URL without its password
        self._path.setObjectName("statusPath")
        self._path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._state = QLabel()
        self._busy_text = QLabel()
        self._busy_bar = QProgressBar()
        self._busy_bar.setRange(0, 0)
        self._busy_bar.setFixedSize(120, 6)
        self._busy_bar.setTextVisible(False)
        self._busy_text.hide()
        self._busy_bar.hide()
        self.statusBar().addWidget(self._state)
        self.statusBar().addWidget(self._busy_text)
        self.statusBar().addWidget(self._busy_bar)
        self.statusBar().addPermanentWidget(self._path)
        self.idle = IdleWatcher(self)
        self.idle.set_timeout_minutes(settings.auto_lock_minutes)
        self.idle.idle.connect(self.lock)
        session.unlocked.connect(self._on_unlocked)
        session.locked.connect(self._on_locked)
        tasks.failed.connect(self._on_task_failed)
        # The layouts allow less (half of a 1440 px screen, a 1366×768 laptop; tests/ui/test_layout.py
        # measures every page at this size): below it, wrapped rows would need more height than there is.
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(1180, 680)
        if settings.window_geometry is not None:
            self.restoreGeometry(settings.window_geometry)
        self._retranslate()
        if session.is_unlocked:
            self._on_unlocked()
        else:
            self._on_locked()

    # --- building ---------------------------------------------------------------------------------

    def _make_actions(self) -> None:
        self.lock_action = QAction(icon("lock"), "", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.settings_action = QAction(icon("settings"), "", self)
        self.settings_action.setShortcuts(with_standard(QKeySequence.StandardKey.Preferences, "Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(self.open_settings)
        self.quit_action = QAction("", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        self.passphrase_action = QAction("", self)
        self.passphrase_action.triggered.connect(self.change_passphrase)
        self.remember_action = QAction("", self)
        self.remember_action.setCheckable(True)
        self.remember_action.toggled.connect(self._set_remembered)
        self.about_action = QAction("", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.about)
        self.privacy_action = QAction(self)
        self.privacy_action.setCheckable(True)
        self.privacy_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.privacy_action.setChecked(self.privacy.hidden)
        self.privacy_action.toggled.connect(self._set_amounts_hidden)
        self.import_action = QAction(icon("import"), "", self)
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(lambda: self.imports.choose_file())
        self.history_action = QAction(self)
        self.history_action.triggered.connect(self.show_import_history)
        self.history_dialog: ImportHistoryDialog | None = None
        self.find_action = QAction(icon("search"), "", self)
        self.find_action.setShortcuts(with_standard(QKeySequence.StandardKey.Find, "Ctrl+F"))
        self.find_action.triggered.connect(self.find_transactions)
        self.switch_action = QAction(icon("member"), "", self)
        self.switch_action.triggered.connect(self.switch_member)
        self.switch_action.setVisible(False)  # until members other than the owner unlock as themselves
        self.acting_name = ""  # who unlocked, as the vault names them
        self.categories_action = CategoriesAction(self, self.session, self.tasks)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addAction(self.import_action)
        self.file_menu.addAction(self.history_action)
        self.file_menu.addAction(self.find_action)
        self.file_menu.addAction(self.categories_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addAction(self.switch_action)
        self.file_menu.addAction(self.privacy_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.vault_menu = bar.addMenu("")
        self.vault_menu.addAction(self.passphrase_action)
        self.vault_menu.addAction(self.remember_action)
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)

    # --- locking ----------------------------------------------------------------------------------

    def lock(self) -> None:
        """Hide every figure now; the writer signs the audit head and drops the keys after queued writes."""
        if not self.session.is_unlocked:
            return
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible() and dialog is not self.unlock_dialog:
                dialog.reject()  # data on screen goes too; a save in flight still finishes first
                if dialog.isVisible():
                    dialog.hide()  # one that refuses while it saves still leaves the screen
        self.session.lock()
        self.show_unlock()

    def switch_member(self) -> None:
        """Lock, then ask who unlocks next (the choice of member has the focus)."""
        self.lock()
        self.show_unlock()
        dialog = self.unlock_dialog
        if dialog is not None and dialog.who.isVisibleTo(dialog):
            dialog.who.setFocus()

    def show_unlock(self) -> None:
        if self.session.is_unlocked:
            return
        if self.unlock_dialog is not None and self.unlock_dialog.isVisible():
            self.unlock_dialog.raise_()
            return
        dialog = UnlockDialog(
            self.tasks, self.session.directory, self, at_startup=False, settings=self.settings
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._unlocked_with(dialog))
        dialog.destroyed.connect(lambda: setattr(self, "unlock_dialog", None))
        self.unlock_dialog = dialog
        dialog.open()
        self.unlock_dialog_shown.emit(dialog)

    def _unlocked_with(self, dialog: UnlockDialog) -> None:
        if dialog.services is not None:
            self.session.attach(dialog.services)

    def _on_unlocked(self) -> None:
        self.router.unlocked()
        for action in self._unlocked_actions():
            action.setEnabled(True)
        self.idle.start()
        self._show_state()
        services = self.session.services
        self.tasks.run_query(lambda: services.info().keyring_remembered, self._show_remembered)
        generation = self.session.generation
        self.tasks.run_query(
            services.household, lambda members, error: self._remember_household(generation, members, error)
        )
        self._warn_if_changed_outside(services.integrity_problems())

    def _remember_household(
        self, generation: int, members: list[HouseholdMember] | None, error: BaseException | None
    ) -> None:
        """Keep the members' names for the unlock dialog's choice (they are sealed in the vault), and
        show who acts."""
        if error is not None or members is None or generation != self.session.generation:
            return
        owner = next((m.id for m in members if m.role == "owner"), None)
        self.settings.remember_member_names(
            self.session.directory, {m.id: m.name for m in members if m.has_keys and m.name}, owner
        )
        self.settings.sync()
        you = next((m for m in members if m.is_you), None)
        self.acting_name = you.name if you is not None else ""
        others = any(m.has_keys and m.role != "owner" for m in members)
        self.switch_action.setVisible(others)
        self.locked_page.set_switch_available(others)
        self._show_state()

    def _show_awaiting(self, count: int) -> None:
        """The sidebar's Household entry counts the requests awaiting the acting member's decision."""
        self.navigation.set_badge(
            "household", count, self.tr("%n request(s) awaiting your decision", "", count) if count else ""
        )

    def _show_revocable(self, count: int) -> None:
        """The sidebar's Transfer entry counts the transfers still in their revoke window."""
        self.navigation.set_badge(
            "transfer", count, self.tr("%n transfer(s) can still be revoked", "", count) if count else ""
        )

    def _warn_if_changed_outside(self, problems: list[str]) -> None:
        """What the integrity check at unlock found: rows changed, moved or deleted behind the app's back."""
        if not problems:
            return
        shown = problems[:12] + (["…"] if len(problems) > 12 else [])
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("This vault was changed outside Huiliu"),
            self.tr("Some records no longer match what Huiliu wrote. Damaged records are shown as damaged "
                    "and left out of totals; restore the vault from a backup you trust if you did not make "
                    "these changes yourself."),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setDetailedText("\n".join(shown))
        box.setInformativeText("\n".join(shown[:3]))
        box.setObjectName("integrityWarning")
        self.integrity_warning = box
        box.open()

    def _on_locked(self) -> None:
        self.acting_name = ""
        self.idle.stop()
        self.router.locked()
        self.navigation.list.setEnabled(False)
        for action in self._unlocked_actions():
            action.setEnabled(False)
        self._show_state()

    def _unlocked_actions(self) -> tuple[QAction, ...]:
        return (
            self.lock_action,
            self.passphrase_action,
            self.remember_action,
            self.import_action,
            self.history_action,
            self.find_action,
            self.categories_action,
        )

    def _show_state(self) -> None:
        if not self.session.is_unlocked:
            self._state.setText(self.tr("Locked"))
        elif self.acting_name:
            self._state.setText(self.tr("Unlocked as %1").replace("%1", self.acting_name))
        else:
            self._state.setText(self.tr("Unlocked"))
        self.navigation.list.setEnabled(self.session.is_unlocked)

    # --- pages ------------------------------------------------------------------------------------

    def show_page(self, key: str) -> None:
        """Go to a page by its key ("overview", "accounts", "transactions") when it is offered."""
        self.router.show(key)

    def set_known_platforms(self, platforms: list[KnownPlatform]) -> None:
        """Platforms the Connect wizard offers by name (the in-process sandbox's, in demo mode)."""
        self.accounts_page.known_platforms = list(platforms)

    def find_transactions(self) -> None:
        """Ctrl+F: the Transactions page, with the cursor in its search field."""
        if not self.session.is_unlocked or not self.router.navigation.is_page_visible("transactions"):
            return
        self.show_page("transactions")
        self.transactions_page.filters.focus_search()

    def show_transactions(self, wanted: TransactionsWanted) -> None:
        """The Transactions page on the rows behind a figure of the Reports."""
        if not self.session.is_unlocked or not self.router.navigation.is_page_visible("transactions"):
            return
        self.transactions_page.show_filtered(
            wanted.member_id, wanted.since, wanted.until, wanted.category_group, wanted.flow
        )
        self.show_page("transactions")

    # --- importing ----------------------------------------------------------------------------------

    def show_import_history(self) -> None:
        """File → Import history: read the imports on a worker, then list them with their Undo."""
        if not self.session.is_unlocked:
            return
        services = self.session.services

        def done(batches: list[dict[str, object]] | None, error: BaseException | None) -> None:
            if error is not None or batches is None or not self.session.is_unlocked:
                return
            dialog = ImportHistoryDialog(self.tasks, services, batches, parent=self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.history_dialog = dialog
            dialog.open()

        self.tasks.run_query(services.import_batches, done)

    def import_file(self, path: Path) -> bool:
        """Read, parse and preview a statement (File → Import…, or a file dropped on the window)."""
        return self.imports.open_file(path)

    def _on_import_busy(self, caption: str) -> None:
        self._busy_text.setText(caption)
        self._busy_text.setVisible(bool(caption))
        self._busy_bar.setVisible(bool(caption))

    # --- actions ----------------------------------------------------------------------------------

    def _set_amounts_hidden(self, hidden: bool) -> None:
        self.privacy.set_hidden(hidden)
        self.settings.amounts_hidden = hidden
        self._retranslate_privacy()

    def _show_remembered(self, remembered: bool | None, error: BaseException | None) -> None:
        self.remember_action.blockSignals(True)
        self.remember_action.setChecked(bool(remembered) and error is None)
        self.remember_action.blockSignals(False)

    def _set_remembered(self, remember: bool) -> None:
        if not self.session.is_unlocked:
            return
        services = self.session.services
        fn = services.remember_on_this_computer if remember else services.forget_on_this_computer

        def done(_result: object, error: BaseException | None) -> None:
            if error is None:
                self.statusBar().showMessage(
                    self.tr("This computer now remembers the vault.")
                    if remember
                    else self.tr("This computer no longer remembers the vault."),
                    STATUS_MS,
                )
                return
            self._show_remembered(not remember, None)
            if remember and isinstance(error, KeyringUnavailable):  # a failed forget says why, as it is
                QMessageBox.information(
                    self,
                    self.tr("Cannot remember the vault"),
                    self.tr(
                        "This computer has no usable keyring (such as GNOME Keyring, KWallet, "
                        "macOS Keychain or Windows Credential Manager), so Huiliu cannot keep the key "
                        "here. Everything else works; you will type the passphrase to unlock."
                    ),
                )
            else:
                self._on_task_failed(error)

        self.tasks.run_mutation(fn, done)

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self, tasks=self.tasks)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.apply_settings(
                dialog.chosen_language(),
                dialog.chosen_auto_lock_minutes(),
                dialog.chosen_international_colours(),
                dialog.chosen_database_url(),
            )
        )
        dialog.open()

    def apply_settings(
        self, language: str, auto_lock_minutes: int, international_colours: bool | None = None,
        database_url: str | None = None,
    ) -> None:
        """``database_url``: the shared database to open at the next start ("" for this computer's vault)."""
        if database_url is not None and database_url != self.settings.database_url:
            self.settings.database_url = database_url
            self.statusBar().showMessage(
                self.tr("Huiliu opens the shared database at the next start.") if database_url
                else self.tr("Huiliu opens this computer's vault at the next start."),
                STATUS_MS,
            )
        if international_colours is not None and international_colours != self.settings.international_colours:
            self.settings.international_colours = international_colours
            self.overview_page.header.set_international(international_colours)
            self.transactions_page.refresh_look()
            self.reports_page.reload()
        if language != self.settings.language:
            self.settings.language = language
            apply_language(language)  # every widget receives LanguageChange and retranslates itself
        self.settings.auto_lock_minutes = auto_lock_minutes
        self.idle.set_timeout_minutes(auto_lock_minutes)
        self.settings.sync()

    def change_passphrase(self) -> None:
        if self.session.is_unlocked:
            dialog = ChangePassphraseDialog(self.tasks, self.session.services, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(
                lambda: self.statusBar().showMessage(self.tr("The passphrase was changed."), STATUS_MS)
            )
            dialog.open()

    def about(self) -> None:
        try:
            version = metadata.version("huiliu")
        except metadata.PackageNotFoundError:
            version = "dev"
        QMessageBox.about(
            self,
            self.tr("About Huiliu"),
            self.tr(
                "<h3>Huiliu %1</h3><p>One encrypted picture of your household's money across banks, wallets, "
                "funds and credit lines. Everything stays in a vault on this computer.</p>"
            ).replace("%1", version),
        )

    def _on_task_failed(self, error: BaseException) -> None:
        message = error_text(error)
        QMessageBox.warning(self, self.tr("Something went wrong"), message)

    # --- window -----------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        self.settings.window_geometry = self.saveGeometry()
        self.settings.sync()
        self.idle.stop()
        self.session.close()  # the writer closes the vault after any queued write
        super().closeEvent(event)

    def _retranslate_privacy(self) -> None:
        hidden = self.privacy_action.isChecked()
        self.privacy_action.setText(self.tr("Show amounts") if hidden else self.tr("Hide amounts"))
        self.privacy_action.setToolTip(
            self.tr("Show every amount again")
            if hidden
            else self.tr("Hide every amount (for a screen others can see)")
        )
        self.privacy_action.setIcon(icon("eye-off" if hidden else "eye"))

    def _retranslate(self) -> None:
        self.setWindowTitle(self.tr("Huiliu"))
        self.file_menu.setTitle(self.tr("&File"))
        self.vault_menu.setTitle(self.tr("&Vault"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.import_action.setText(self.tr("&Import statement…"))
        self.history_action.setText(self.tr("Import &history…"))
        self.import_action.setToolTip(
            self.tr("Import a bank or wallet statement (or drop the file on the window)")
        )
        self.lock_action.setText(self.tr("&Lock"))
        self.lock_action.setIconText(self.tr("Lock"))  # the sidebar button shows no "(L)" accelerator
        self.lock_action.setToolTip(self.tr("Lock now: hide everything until the passphrase is typed again"))
        self.switch_action.setText(self.tr("S&witch member…"))
        self.switch_action.setIconText(self.tr("Switch member…"))
        self.switch_action.setToolTip(self.tr("Lock, then unlock as another member of the household"))
        self.find_action.setText(self.tr("&Find transactions…"))
        self.find_action.setToolTip(self.tr("Search the transactions by counterparty, memo or category"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.passphrase_action.setText(self.tr("Change &passphrase…"))
        self.remember_action.setText(self.tr("&Remember on this computer"))
        self.about_action.setText(self.tr("&About Huiliu"))
        self._path.set_tip(self.tr("Where this vault is stored"))
        self._retranslate_privacy()
        self._show_state()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
