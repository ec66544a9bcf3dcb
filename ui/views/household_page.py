"""Household: who unlocks as themselves (invites, new passphrases or PINs, roles, locked PINs) and who
sees which account (a matrix of grants; hiding replaces an account's keys, so it asks first).

The core decides who may do what; the page tries and shows the reason when it is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.ledger import vocabulary
from app.ledger.records import HouseholdMember
from ui.dialogs.invite_member import InviteMemberDialog
from ui.dialogs.member import MemberDialog
from ui.error_text import error_text
from ui.icons import icon
from ui.language import is_language_change
from ui.models.household import GRANT_LEVELS, HouseholdSnapshot, SharedAccount, load_household
from ui.tasks import TaskManager
from ui.vault_session import VaultSession
from ui.views.household_inbox import HouseholdInbox
from ui.widgets.busy_indicator import BusyIndicator
from ui.widgets.cell_delegate import CellDelegate
from ui.widgets.column_fit import fit_columns
from ui.widgets.empty_state import EmptyState
from ui.widgets.field_errors import FieldErrors

REFRESH_KINDS = ("members", "accounts", "platforms")
ROLE_CHOICES = ("adult", "teen", "child", "viewer")  # the household has one owner: never offered
MEMBER_COLUMNS = 4  # name, role, unlocks with, state
FIXED_COLUMNS = 2  # account, holder; then one column per member


def _item(text: str, tip: str = "", enabled: bool = True) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(tip or text)
    flags = Qt.ItemFlag.ItemIsSelectable | (Qt.ItemFlag.ItemIsEnabled if enabled else Qt.ItemFlag.NoItemFlags)
    item.setFlags(flags)
    return item


def _table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(name)
    table.setItemDelegate(CellDelegate(table))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(38)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    return table


class HouseholdPage(QWidget):
    """Reads on a worker, refreshes on ``changes``, forgets everything when the vault locks."""

    loaded = Signal(object)  # the HouseholdSnapshot just shown, or None when cleared

    def __init__(self, session: VaultSession, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("householdPage")
        self.session, self.tasks = session, tasks
        self.snapshot: HouseholdSnapshot | None = None
        self.confirmation: QMessageBox | None = None  # the "Hide …?" question on screen, if any
        self._loading = 0
        self._title = QLabel()
        self._title.setObjectName("pageTitle")
        self.errors = FieldErrors()
        self.busy = BusyIndicator()
        # Members
        self.invite_button = QPushButton(icon("member-add"), "")
        self.invite_button.setProperty("primary", True)
        self.reset_button = QPushButton(icon("lock"), "")
        self.role_button = QPushButton(icon("member"), "")
        self.role_menu = QMenu(self)
        self.role_actions: dict[str, QAction] = {}
        for role in ROLE_CHOICES:
            action = self.role_menu.addAction("")
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, r=role: self.change_role(r))
            self.role_actions[role] = action
        self.role_button.setMenu(self.role_menu)
        self.unlock_pin_button = QPushButton(icon("ok"), "")
        for button in (self.invite_button, self.reset_button, self.role_button, self.unlock_pin_button):
            button.setIconSize(QSize(18, 18))
            button.setMinimumHeight(32)
        self.invite_button.clicked.connect(self.invite_selected)
        self.reset_button.clicked.connect(self.invite_selected)
        self.unlock_pin_button.clicked.connect(self.unlock_selected_pin)
        self.members_table = _table("householdMembers")
        self.members_table.setColumnCount(MEMBER_COLUMNS)
        self.members_table.itemSelectionChanged.connect(self._update_buttons)
        self.members_table.itemDoubleClicked.connect(lambda _item: self.invite_selected())
        # The state column takes the room left: names, roles and how they unlock stay together.
        self.members_fit = fit_columns(self.members_table, MEMBER_COLUMNS - 1)
        member_actions = QHBoxLayout()
        member_actions.setSpacing(8)
        member_actions.addWidget(self.invite_button)
        member_actions.addWidget(self.reset_button)
        member_actions.addWidget(self.role_button)
        member_actions.addWidget(self.unlock_pin_button)
        member_actions.addStretch(1)
        members_tab = QWidget()
        members_layout = QVBoxLayout(members_tab)
        members_layout.setContentsMargins(0, 12, 0, 0)
        members_layout.addLayout(member_actions)
        members_layout.addWidget(self.members_table, 1)
        # Who sees which account
        self._sharing_hint = QLabel()
        self._sharing_hint.setObjectName("hint")
        self._sharing_hint.setWordWrap(True)
        self.grants_table = _table("householdGrants")
        # Cell widgets are not measured with the cells: a member's column is as wide as its widest choice.
        self.grants_fit = fit_columns(self.grants_table, 0, least=self._widest_choice)
        sharing_tab = QWidget()
        sharing_layout = QVBoxLayout(sharing_tab)
        sharing_layout.setContentsMargins(0, 12, 0, 0)
        sharing_layout.addWidget(self._sharing_hint)
        sharing_layout.addWidget(self.grants_table, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("householdTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(members_tab, "")
        self.tabs.addTab(sharing_tab, "")
        # Approvals, family payees, allowances and the activity feed: tabs of their own after these two.
        self.inbox = HouseholdInbox(session, tasks, self.tabs, self.errors, self.busy, self)
        self.empty = EmptyState("household", self.add_member)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(self._title)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.busy)
        layout.addWidget(self.stack, 1)
        session.unlocked.connect(self.reload)
        session.locked.connect(self.clear)
        tasks.changes.connect(self._on_changes)
        self._retranslate()
        self.clear()

    # --- reading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        if not self.session.is_unlocked:
            return
        self._loading += 1
        sequence, generation, services = self._loading, self.session.generation, self.session.services

        def done(snapshot: HouseholdSnapshot | None, error: BaseException | None) -> None:
            if sequence != self._loading or generation != self.session.generation:
                return  # a newer read, or a lock, overtook this one
            if error is not None:
                self.errors.show_general(
                    self.tr("The household could not be read: %1").replace("%1", error_text(error))
                )
                return
            self._show(snapshot)

        self.tasks.run_query(lambda: load_household(services), done)

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(*REFRESH_KINDS):
            self.reload()

    def clear(self) -> None:
        """Forget every name and grant (the vault is locking)."""
        self._loading += 1
        self.snapshot = None
        self.members_table.setRowCount(0)
        self.grants_table.setRowCount(0)
        self.grants_table.setColumnCount(0)
        self.errors.clear()
        self.busy.stop()
        self.stack.setCurrentWidget(self.empty)
        self._update_buttons()
        self.loaded.emit(None)

    def _show(self, snapshot: HouseholdSnapshot | None) -> None:
        selected = self.selected_member()
        self.snapshot = snapshot
        keyed = snapshot is not None and snapshot.keyed
        self.stack.setCurrentWidget(self.tabs if keyed else self.empty)
        self._fill_members()
        self._fill_grants()
        if selected is None and snapshot is not None:
            # Ready for the likeliest action: the first member still to invite, or whose PIN is locked.
            waiting = [m for m in snapshot.members if not m.is_you and (not m.has_keys or m.locked)]
            selected = waiting[0] if waiting else None
        if selected is not None:
            self.select_member(selected.id)
        self._update_buttons()
        self.loaded.emit(snapshot)

    # --- members ----------------------------------------------------------------------------------

    def _unlocks_with(self, member: HouseholdMember) -> str:
        if not member.has_keys:
            return self.tr("Not yet: no key of their own")
        if member.role == "owner":
            return self.tr("The vault's passphrase")
        return self.tr("Own PIN") if member.secret_kind == "pin" else self.tr("Own passphrase")

    def _name(self, member: HouseholdMember) -> str:
        name = member.name or self.tr("Member %1").replace("%1", str(member.id))
        return self.tr("%1 (you)").replace("%1", name) if member.is_you else name

    def _fill_members(self) -> None:
        table, snapshot = self.members_table, self.snapshot
        table.setRowCount(0)
        if snapshot is None:
            return
        table.setRowCount(len(snapshot.members))
        for row, member in enumerate(snapshot.members):
            name = _item(self._name(member))
            name.setData(Qt.ItemDataRole.UserRole, member.id)
            table.setItem(row, 0, name)
            table.setItem(row, 1, _item(vocabulary.role(member.role)))
            table.setItem(row, 2, _item(self._unlocks_with(member)))
            state = self.tr("PIN locked after wrong tries") if member.locked else ""
            table.setItem(row, 3, _item(state))
        self.members_fit.later()

    def selected_member(self) -> HouseholdMember | None:
        if self.snapshot is None:
            return None
        rows = self.members_table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.members_table.item(rows[0].row(), 0)
        return self.snapshot.member(int(item.data(Qt.ItemDataRole.UserRole))) if item is not None else None

    def select_member(self, member_id: int) -> None:
        for row in range(self.members_table.rowCount()):
            item = self.members_table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == member_id:
                self.members_table.selectRow(row)
                return

    def _update_buttons(self) -> None:
        member = self.selected_member()
        ready = self.session.is_unlocked and self.snapshot is not None and not self.busy.busy
        chosen = ready and member is not None
        self.invite_button.setEnabled(bool(chosen and member and not member.has_keys))
        self.reset_button.setEnabled(
            bool(chosen and member and member.has_keys and not member.is_you and member.role != "owner")
        )
        pin = member is not None and member.secret_kind == "pin"
        self.reset_button.setText(self.tr("Reset PIN…") if pin else self.tr("Reset passphrase…"))
        self.role_button.setEnabled(bool(chosen and member and member.role != "owner"))
        for role, action in self.role_actions.items():
            action.setChecked(member is not None and member.role == role)
        self.unlock_pin_button.setEnabled(bool(chosen and member and member.locked))

    def invite_selected(self) -> InviteMemberDialog | None:
        member = self.selected_member()
        if member is None or not self.session.is_unlocked or member.role == "owner" or member.is_you:
            return None
        return self.invite(member.id)

    def invite(self, member_id: int) -> InviteMemberDialog | None:
        """Open the invite (or new passphrase or PIN) dialog for ``member_id``."""
        member = self.snapshot.member(member_id) if self.snapshot is not None else None
        if member is None or not self.session.is_unlocked:
            return None
        dialog = InviteMemberDialog(self.tasks, self.session.services, member, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def add_member(self) -> None:
        if self.session.is_unlocked:
            dialog = MemberDialog(self.tasks, self.session.services, parent=self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

    def change_role(self, role: str) -> None:
        member = self.selected_member()
        if member is None or not self.session.is_unlocked:
            return
        services, member_id = self.session.services, member.id
        self._write(lambda: services.set_role(member_id, role), self.tr("Changing the role…"))

    def unlock_selected_pin(self) -> None:
        member = self.selected_member()
        if member is None or not self.session.is_unlocked:
            return
        services, member_id = self.session.services, member.id
        self._write(lambda: services.unlock_pin(member_id), self.tr("Unlocking the PIN…"))

    def _write(
        self, fn: Callable[[], Changes], caption: str, after: Callable[[BaseException | None], None] | None = None
    ) -> None:
        """Run a household write on the writer with the page busy; a refusal shows its reason."""
        self.errors.clear()
        self._set_busy(True, caption)
        generation = self.session.generation

        def done(_result: Any, error: BaseException | None) -> None:
            self._set_busy(False)
            if generation != self.session.generation:
                return
            if error is not None:
                self.errors.show_general(error_text(error))
            if after is not None:
                after(error)

        self.tasks.run_mutation(fn, done)

    def _set_busy(self, busy: bool, caption: str = "") -> None:
        if busy:
            self.busy.start(caption)
        else:
            self.busy.stop()
        self.grants_table.setEnabled(not busy)
        self._update_buttons()

    # --- grants -----------------------------------------------------------------------------------

    def _grant_word(self, grant: str) -> str:
        return {
            "hidden": self.tr("Hidden"),
            "balance": self.tr("Balance only"),
            "transactions": self.tr("Balance and transactions"),
        }[grant]

    def _fill_grants(self) -> None:
        table, snapshot = self.grants_table, self.snapshot
        table.setRowCount(0)
        if snapshot is None:
            table.setColumnCount(0)
            return
        members = snapshot.members
        table.setColumnCount(FIXED_COLUMNS + len(members))
        headers = [self.tr("Account"), self.tr("Holder"), *(self._name(m) for m in members)]
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(snapshot.accounts))
        for row, account in enumerate(snapshot.accounts):
            holder = snapshot.member(account.holder_id)
            name = account.name or self.tr("Account %1").replace("%1", str(account.id))
            table.setItem(row, 0, _item(name))
            table.setItem(row, 1, _item(holder.name if holder is not None else ""))
            for column, member in enumerate(members, start=FIXED_COLUMNS):
                self._fill_cell(row, column, account, member, holder)
        self.grants_fit.later()

    def _fill_cell(
        self,
        row: int,
        column: int,
        account: SharedAccount,
        member: HouseholdMember,
        holder: HouseholdMember | None,
    ) -> None:
        table, snapshot = self.grants_table, self.snapshot
        assert snapshot is not None
        grant = snapshot.grant(account.id, member.id)
        if member.id == account.holder_id:
            table.setItem(
                row, column, _item(self.tr("Holder"), self.tr("An account is never hidden from its holder."), False)
            )
            return
        if not member.has_keys:
            tip = self.tr("%1 has no passphrase or PIN of their own yet: invite them on the Members tab first.")
            table.setItem(row, column, _item(self.tr("Not invited"), tip.replace("%1", member.name), False))
            return
        if member.is_you and holder is not None and not holder.has_keys:
            # Nobody else holds its keys: hiding it from you would leave it unreadable for ever.
            tip = self.tr("Only you hold its keys until %1 is invited: it stays shared with you.")
            table.setItem(row, column, _item(self._grant_word(grant), tip.replace("%1", holder.name), False))
            return
        combo = QComboBox()
        combo.setObjectName(f"grant-{account.id}-{member.id}")
        for level in GRANT_LEVELS:
            combo.addItem(self._grant_word(level), level)
        combo.setCurrentIndex(GRANT_LEVELS.index(grant) if grant in GRANT_LEVELS else 0)
        combo.setToolTip(
            self.tr("What %1 sees of %2").replace("%1", member.name).replace("%2", account.name)
        )
        combo.currentIndexChanged.connect(
            lambda _i, a=account, m=member, c=combo: self._grant_chosen(a, m, c)
        )
        table.setCellWidget(row, column, combo)

    def _widest_choice(self, column: int) -> int:
        table = self.grants_table
        widths = [w.sizeHint().width() for row in range(table.rowCount()) if (w := table.cellWidget(row, column))]
        return max(widths, default=0) + 28  # the stylesheet pads the combo beyond its size hint

    def grant_combo(self, account_id: int, member_id: int) -> QComboBox | None:
        """The cell's choice of what ``member_id`` sees of ``account_id`` (None when the cell is fixed)."""
        return self.grants_table.findChild(QComboBox, f"grant-{account_id}-{member_id}")

    def _grant_chosen(self, account: SharedAccount, member: HouseholdMember, combo: QComboBox) -> None:
        snapshot = self.snapshot
        if snapshot is None or not self.session.is_unlocked:
            return
        before, after = snapshot.grant(account.id, member.id), str(combo.currentData())
        if before == after:
            return

        def put_back() -> None:
            combo.blockSignals(True)
            combo.setCurrentIndex(GRANT_LEVELS.index(before))
            combo.blockSignals(False)

        if after != "hidden":
            self._apply_grant(account, member, after, put_back)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Hide account"),
            self.tr("Hide %1 from %2?").replace("%1", account.name).replace("%2", member.name),
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("confirmHide")
        box.setInformativeText(
            self.tr("Its keys are replaced and its records sealed again; %1 keeps nothing.").replace(
                "%1", member.name
            )
        )
        hide = box.addButton(self.tr("Hide"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)

        def answered(_code: int) -> None:
            self.confirmation = None
            if box.clickedButton() is hide:
                self._apply_grant(account, member, after, put_back)
            else:
                put_back()

        box.finished.connect(answered)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirmation = box
        box.open()

    def _apply_grant(
        self, account: SharedAccount, member: HouseholdMember, grant: str, put_back: Callable[[], None]
    ) -> None:
        services = self.session.services
        caption = (
            self.tr("Replacing the keys of %1 and sealing its records again…")
            if grant == "hidden"
            else self.tr("Sharing %1…")
        ).replace("%1", account.name)

        def after(error: BaseException | None) -> None:
            if error is not None:
                put_back()  # refused, or failed: the cell shows what holds

        self._write(lambda: services.grant(account.id, member.id, grant), caption, after)

    # --- texts --------------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self._title.setText(self.tr("Household"))
        self.invite_button.setText(self.tr("Invite…"))
        self.invite_button.setToolTip(self.tr("Give the selected member a passphrase or PIN of their own"))
        self.role_button.setText(self.tr("Change role"))
        self.unlock_pin_button.setText(self.tr("Unlock PIN"))
        self.unlock_pin_button.setToolTip(self.tr("Let the selected child try their PIN again"))
        for role, action in self.role_actions.items():
            action.setText(vocabulary.role(role))
        self.members_table.setHorizontalHeaderLabels(
            [self.tr("Member"), self.tr("Role"), self.tr("Unlocks with"), self.tr("State")]
        )
        self.tabs.setTabText(0, self.tr("Members"))
        self.tabs.setTabText(1, self.tr("Who sees which account"))
        self._sharing_hint.setText(
            self.tr(
                "Each member sees their own accounts and what is shared with them. Hiding an account "
                "replaces its keys, so nothing they kept opens it."
            )
        )
        self.empty.set_texts(
            self.tr("Nobody unlocks as themselves yet"),
            self.tr(
                "Members get their own passphrase (or a PIN, for children) once the owner invites them. "
                "Add the people in your household first."
            ),
            self.tr("Add member"),
        )
        self._update_buttons()
        if self.snapshot is not None:
            self._fill_members()
            self._fill_grants()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
            self.inbox.retranslate()
        super().changeEvent(event)

