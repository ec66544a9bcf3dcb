"""Accounts: every account grouped by platform kind (or by member), with balances, last syncs and a total.

The page also connects platforms (a wizard) and syncs them (a button, a progress bar and what each
platform answered).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.services import KnownPlatform
from ui.amounts import Privacy
from ui.dialogs.account import AccountDialog
from ui.dialogs.connect_platform import ConnectPlatformDialog
from ui.dialogs.member import MemberDialog
from ui.error_text import error_text
from ui.icons import icon
from ui.language import is_language_change
from ui.models.accounts_by_platform import build_platform_nodes
from ui.models.accounts_tree import COLUMNS, AccountsRow, AccountsSnapshot, build_nodes, load_snapshot
from ui.models.columns import DisplayContext
from ui.models.tree_model import TreeModel
from ui.platform_sync import SyncRunner
from ui.settings import Settings
from ui.tasks import TaskManager
from ui.vault_session import VaultSession
from ui.widgets.cell_delegate import CellDelegate
from ui.widgets.column_fit import fit_columns
from ui.widgets.empty_state import EmptyState
from ui.widgets.field_errors import FieldErrors
from ui.widgets.flow_layout import WrapLayout
from ui.widgets.sync_panel import SyncPanel
from ui.widgets.total_banner import TotalBanner

REFRESH_KINDS = ("members", "platforms", "accounts", "rates", "connections")
GROUPINGS = ("platform", "member")


class AccountsPage(QWidget):
    """Reads on a worker, refreshes on ``changes``, and forgets everything the moment the vault locks."""

    loaded = Signal(object)  # the AccountsSnapshot just shown, or None when cleared

    def __init__(
        self,
        session: VaultSession,
        tasks: TaskManager,
        privacy: Privacy,
        privacy_action: QAction,
        parent: QWidget | None = None,
        settings: Settings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("accountsPage")
        self.session, self.tasks, self.privacy, self.settings = session, tasks, privacy, settings
        self.snapshot: AccountsSnapshot | None = None
        self.known_platforms: list[KnownPlatform] = []
        self.sync_runner = SyncRunner(session, tasks, parent=self)
        self.sync_panel = SyncPanel(self.sync_runner)
        self.connect_button = QPushButton(icon("connect"), "")
        self.connect_button.clicked.connect(lambda: self.connect_platform())
        self.grouping = QComboBox()
        self.grouping.setObjectName("groupingChoice")
        for key in GROUPINGS:
            self.grouping.addItem("", key)
        chosen = settings.accounts_grouping if settings is not None else "platform"
        self.grouping.setCurrentIndex(max(0, self.grouping.findData(chosen)))
        self.grouping.currentIndexChanged.connect(self._on_grouping)
        self._loading = 0  # sequence of the newest read; older results are dropped
        self.banner = TotalBanner(privacy_action)
        self.banner.set_hidden(privacy.hidden)  # privacy chosen in an earlier session applies at once
        self.add_member_button = QPushButton(icon("member-add"), "")
        self.add_account_button = QPushButton(icon("account-add", "#FFFFFF"), "")
        self.add_account_button.setProperty("primary", True)
        self.edit_button = QPushButton(icon("edit"), "")
        for button in (
            self.add_member_button,
            self.add_account_button,
            self.edit_button,
            self.connect_button,
        ):
            button.setIconSize(QSize(18, 18))
            button.setMinimumHeight(32)
        self.add_member_button.clicked.connect(self.add_member)
        self.add_account_button.clicked.connect(lambda: self.add_account())
        self.edit_button.clicked.connect(self.edit_selected)
        self._title = QLabel()
        self._title.setObjectName("pageTitle")
        # Less used actions go into "More" when the row has no room for every button; in a narrower
        # window still, the buttons wrap onto a second line.
        self.add_member_action = QAction(icon("member-add"), "", self)
        self.add_member_action.triggered.connect(self.add_member)
        self.connect_action = QAction(icon("connect"), "", self)
        self.connect_action.triggered.connect(lambda: self.connect_platform())
        self.more_menu = QMenu(self)
        self.more_menu.addAction(self.add_member_action)
        self.more_menu.addAction(self.connect_action)
        self.more_button = QPushButton()
        self.more_button.setObjectName("moreButton")
        self.more_button.setMenu(self.more_menu)
        self.more_button.setMinimumHeight(32)
        self.more_button.hide()
        self._folded = False
        self.actions_row = WrapLayout(spacing=8)
        self.actions_row.addWidget(self._title)
        self.actions_row.addWidget(self.grouping)
        self.actions_row.addStretch(1)
        for button in (
            self.edit_button,
            self.add_member_button,
            self.add_account_button,
            self.connect_button,
            self.sync_panel.button,
            self.more_button,
        ):
            self.actions_row.add_break()
            self.actions_row.addWidget(button)
        self.model = TreeModel(COLUMNS, self)
        self.model.set_context(DisplayContext(amounts_hidden=privacy.hidden))
        self.tree = QTreeView()
        self.tree.setObjectName("accountsTree")
        self.tree.setModel(self.model)
        self.tree.setItemDelegate(CellDelegate(self.tree))
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setIconSize(QSize(18, 18))
        self.tree.setIndentation(18)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.header().setMinimumSectionSize(60)
        # Names take the room the other columns leave, and never less than they need.
        self.columns_fit = fit_columns(self.tree, next(i for i, c in enumerate(COLUMNS) if c.stretch))
        self.tree.doubleClicked.connect(self._on_double_click)
        self.tree.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.empty = EmptyState("household", self.add_member)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tree)
        self.errors = FieldErrors()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(self.banner)
        layout.addLayout(self.actions_row)
        layout.addWidget(self.sync_panel)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.stack, 1)
        session.unlocked.connect(self.reload)
        session.locked.connect(self.clear)
        tasks.changes.connect(self._on_changes)
        privacy.changed.connect(self._on_privacy)
        self._retranslate()
        self.clear()

    # --- reading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        if not self.session.is_unlocked:
            return
        self._loading += 1
        sequence, generation, services = self._loading, self.session.generation, self.session.services

        def done(snapshot: AccountsSnapshot | None, error: BaseException | None) -> None:
            if sequence != self._loading or generation != self.session.generation:
                return  # a newer read, or a lock, overtook this one
            if error is not None:
                message = error_text(error)
                self.errors.show_general(self.tr("The accounts could not be read: %1").replace("%1", message))
                return
            self.errors.clear()
            self._show(snapshot)

        self.tasks.run_query(lambda: load_snapshot(services), done)

    @property
    def grouped_by(self) -> str:
        """The grouping on screen: by member until there is an account (members are all there is)."""
        if self.snapshot is not None and not self.snapshot.accounts:
            return "member"
        return str(self.grouping.currentData())

    def group_by(self, key: str) -> None:
        self.grouping.setCurrentIndex(max(0, self.grouping.findData(key)))

    def _on_grouping(self, _index: int) -> None:
        if self.settings is not None:
            self.settings.accounts_grouping = str(self.grouping.currentData())
        self._show(self.snapshot)

    def _nodes(self, snapshot: AccountsSnapshot) -> list:  # type: ignore[type-arg]
        return build_platform_nodes(snapshot) if self.grouped_by == "platform" else build_nodes(snapshot)

    def _show(self, snapshot: AccountsSnapshot | None) -> None:
        selected = self.selected_row()
        self.snapshot = snapshot
        self.model.set_nodes(self._nodes(snapshot) if snapshot else [])
        owner = next(i for i, c in enumerate(COLUMNS) if c.key == "owner")
        self.tree.setColumnHidden(owner, self.grouped_by != "platform")
        self.sync_panel.set_available(bool(snapshot and snapshot.connections))
        if snapshot is not None:
            names = {m.id: m.name for m in snapshot.members}
            self.sync_panel.set_owners({c.id: names.get(c.member_id, "") for c in snapshot.connections})
        self.grouping.setEnabled(bool(snapshot and snapshot.accounts))
        self.tree.expandAll()
        self.banner.set_total(snapshot.total if snapshot and snapshot.accounts else None)
        self.stack.setCurrentWidget(self.empty if snapshot is None or snapshot.is_empty else self.tree)
        if selected is not None:
            index = self.model.find(lambda r: (r.level, r.ident) == (selected.level, selected.ident))
            if index.isValid():
                self.tree.setCurrentIndex(index)
        self._update_buttons()
        self.loaded.emit(snapshot)

    def clear(self) -> None:
        """Forget every figure (the vault is locking): nothing of it stays in the widgets."""
        self._loading += 1
        self.snapshot = None
        self.model.clear()
        self.banner.set_total(None)
        self.errors.clear()
        self.stack.setCurrentWidget(self.empty)
        self.sync_panel.set_available(False)
        self.sync_panel.box.hide()
        self._update_buttons()
        self.loaded.emit(None)

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(*REFRESH_KINDS):
            self.reload()

    def _on_privacy(self, hidden: bool) -> None:
        self.model.set_context(DisplayContext(amounts_hidden=hidden))
        self.banner.set_hidden(hidden)

    # --- acting -------------------------------------------------------------------------------------

    def selected_row(self) -> AccountsRow | None:
        row = self.model.row_at(self.tree.currentIndex())
        return row if isinstance(row, AccountsRow) else None

    def _update_buttons(self) -> None:
        ready = self.session.is_unlocked and self.snapshot is not None
        has_members = bool(self.snapshot and self.snapshot.members)
        row = self.selected_row()
        self.add_member_button.setEnabled(ready)
        self.add_member_action.setEnabled(ready)
        self.add_account_button.setEnabled(ready and has_members)
        self.connect_button.setEnabled(ready and has_members)
        self.connect_action.setEnabled(ready and has_members)
        self.edit_button.setEnabled(
            ready and row is not None and row.level in ("member", "account") and not row.damaged
        )

    def add_member(self) -> None:
        if self.session.is_unlocked:
            self._open(MemberDialog(self.tasks, self.session.services, parent=self))

    def add_account(self, member_id: int | None = None) -> None:
        snap = self.snapshot
        if snap is None or not self.session.is_unlocked:
            return
        if member_id is None and (row := self.selected_row()) is not None:
            member_id = (
                row.ident if row.level == "member" else (row.account.member_id if row.account else None)
            )
        self._open(
            AccountDialog(
                self.tasks,
                self.session.services,
                snap.members,
                snap.platforms,
                snap.accounts,
                member_id=member_id,
                parent=self,
            )
        )

    def connect_platform(self, **options: object) -> ConnectPlatformDialog | None:
        """Open the Connect wizard (``options`` reach the dialog: tests pass a browser stand-in)."""
        snap = self.snapshot
        if snap is None or not snap.members or not self.session.is_unlocked:
            return None
        dialog = ConnectPlatformDialog(
            self.tasks,
            self.session.services,
            snap.members,
            self.known_platforms,
            parent=self,
            **options,  # type: ignore[arg-type]
        )
        self._open(dialog)
        return dialog

    def edit_selected(self) -> None:
        row, snap = self.selected_row(), self.snapshot
        if row is None or snap is None or row.damaged or not self.session.is_unlocked:
            return
        services = self.session.services
        if row.level == "account" and row.account is not None:
            self._open(
                AccountDialog(
                    self.tasks,
                    services,
                    snap.members,
                    snap.platforms,
                    snap.accounts,
                    account=row.account,
                    parent=self,
                )
            )
        elif row.level == "member":
            member = next((m for m in snap.members if m.id == row.ident), None)
            if member is None:
                return
            self._open(MemberDialog(self.tasks, services, member, member.id_number, parent=self))

    def _on_double_click(self, index: QModelIndex) -> None:
        row = self.model.row_at(index)
        if isinstance(row, AccountsRow) and row.level in ("member", "account"):
            self.tree.setCurrentIndex(index)
            self.edit_selected()

    def _open(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()  # type: ignore[attr-defined]

    # --- room -------------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fold_actions()

    def _fold_actions(self, force: bool = False) -> None:
        """Add member and Connect platform… move into More when one line cannot hold every button."""
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right()
        everything = [
            self._title,
            self.grouping,
            self.edit_button,
            self.add_member_button,
            self.add_account_button,
            self.connect_button,
            self.sync_panel.button,
        ]
        needed = sum(w.sizeHint().width() for w in everything) + 8 * len(everything)
        folded = needed > room
        if folded != self._folded or force:
            self._folded = folded
            self.add_member_button.setVisible(not folded)
            self.connect_button.setVisible(not folded)
            self.more_button.setVisible(folded)

    # --- texts --------------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self._title.setText(self.tr("Accounts"))
        self.add_member_button.setText(self.tr("Add member"))
        self.add_account_button.setText(self.tr("Add account"))
        self.edit_button.setText(self.tr("Edit"))
        self.add_account_button.setToolTip(self.tr("Add an account for the selected member"))
        self.connect_button.setText(self.tr("Connect platform…"))
        self.add_member_action.setText(self.add_member_button.text())
        self.connect_action.setText(self.connect_button.text())
        self.more_button.setText(self.tr("More"))
        self.more_button.setToolTip(self.tr("Add a member or connect a platform"))
        self.connect_button.setToolTip(
            self.tr("Let Huiliu read a bank's or wallet's accounts through its open interface, with consent")
        )
        self.grouping.setItemText(0, self.tr("Group by platform"))
        self.grouping.setItemText(1, self.tr("Group by member"))
        self.edit_button.setToolTip(self.tr("Edit the selected member or account (or double-click it)"))
        self.empty.set_texts(
            self.tr("Welcome to Huiliu"),
            self.tr(
                "Start with the people in your household. Then add their bank cards, "
                "wallets and funds to see everything in one place."
            ),
            self.tr("Add your first member"),
        )
        self.model.refresh_all()
        self._fold_actions(force=True)  # measured again in the new language

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
