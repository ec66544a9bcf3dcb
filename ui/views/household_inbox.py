"""The household's inbox on the Household page: approvals, family payees, allowances and the activity feed.

Each is a tab of the page. Reads run on a worker (one ``load_inbox``), every decision on the writer;
the core decides who may do what, and a refusal is shown in its words. A decision made on a stale view
(someone else decided first) says so and reloads, so the newer state is on screen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.errors import EditConflict
from app.ledger import vocabulary
from app.ledger.records import Activity, HouseholdMember
from ui.amounts import figures_font, money_text
from ui.dialogs.allowance import AllowanceDialog
from ui.dialogs.approval import AskApprovalDialog, DenyDialog
from ui.dialogs.family_payee import FamilyPayeeDialog
from ui.error_text import error_text
from ui.icons import icon
from ui.models.household_inbox import InboxSnapshot, load_inbox
from ui.tasks import TaskManager
from ui.vault_session import VaultSession
from ui.when import ago, date_time, until
from ui.widgets.busy_indicator import BusyIndicator
from ui.widgets.cell_delegate import CellDelegate
from ui.widgets.column_fit import fit_columns
from ui.widgets.field_errors import FieldErrors

REFRESH_KINDS = ("members", "accounts", "platforms")
REFRESH_MS = 60_000  # requests expire and others decide in their own sessions: look again now and then
APPROVAL_COLUMNS = 6  # request, amount, asked by, who decides, expires, status
LINK_COLUMNS = 6  # account, holder, offered to, holder's side, member's side, status
ALLOWANCE_COLUMNS = 5  # member, weekly, limit, caps, set
ACTIVITY_COLUMNS = 4  # when, who, what, about
ID_ROLE = Qt.ItemDataRole.UserRole
MINORS = vocabulary.MINOR_ROLES
GUARDIANS = vocabulary.GUARDIAN_ROLES


def _item(text: str, tip: str = "", align_right: bool = False, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(tip or text)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setFont(figures_font(item.font()))
    if bold:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


def _table(name: str, columns: int) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(name)
    table.setColumnCount(columns)
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


def _button(icon_name: str, primary: bool = False) -> QPushButton:
    button = QPushButton(icon(icon_name), "")
    button.setIconSize(QSize(18, 18))
    button.setMinimumHeight(32)
    if primary:
        button.setProperty("primary", True)
    return button


def _tab(actions: list[QWidget | None], hint: QLabel, table: QTableWidget) -> QWidget:
    """A tab: its buttons in a row (None: the stretch), a hint, the table."""
    row = QHBoxLayout()
    row.setSpacing(8)
    for widget in actions:
        if widget is None:
            row.addStretch(1)
        else:
            row.addWidget(widget)
    tab = QWidget()
    layout = QVBoxLayout(tab)
    layout.setContentsMargins(0, 12, 0, 0)
    layout.addLayout(row)
    layout.addWidget(hint)
    layout.addWidget(table, 1)
    return tab


def _hint() -> QLabel:
    label = QLabel()
    label.setObjectName("hint")
    label.setWordWrap(True)
    return label


def _selected_id(table: QTableWidget) -> int | None:
    rows = table.selectionModel().selectedRows()
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    value = item.data(ID_ROLE) if item is not None else None
    return int(value) if value is not None else None


def _select_id(table: QTableWidget, ident: int) -> bool:
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        if item is not None and item.data(ID_ROLE) == ident:
            table.selectRow(row)
            return True
    return False


class HouseholdInbox(QObject):
    """Adds the Approvals, Family payees, Allowances and Activity tabs to ``tabs``; shows errors and the
    busy state in the page's ``errors`` and ``busy``."""

    awaiting_changed = Signal(int)  # how many requests wait for the acting member's decision
    loaded = Signal(object)  # the InboxSnapshot just shown, or None when cleared

    def __init__(
        self,
        session: VaultSession,
        tasks: TaskManager,
        tabs: QTabWidget,
        errors: FieldErrors,
        busy: BusyIndicator,
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.session, self.tasks, self.tabs, self.errors, self.busy = session, tasks, tabs, errors, busy
        self._parent = parent
        self.snapshot: InboxSnapshot | None = None
        self._loading = 0
        # Approvals
        self.approve_button = _button("ok", primary=True)
        self.deny_button = _button("close")
        self.cancel_button = _button("close")
        self.ask_button = _button("edit")
        self.approvals_hint = _hint()
        self.approvals_table = _table("householdApprovals", APPROVAL_COLUMNS)
        self.approvals_fit = fit_columns(self.approvals_table, 0)
        self.approvals_table.itemSelectionChanged.connect(self._update_buttons)
        self.approve_button.clicked.connect(self.approve_selected)
        self.deny_button.clicked.connect(self.deny_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.ask_button.clicked.connect(self.ask_approval)
        self.approvals_tab = _tab(
            [self.approve_button, self.deny_button, self.cancel_button, None, self.ask_button],
            self.approvals_hint,
            self.approvals_table,
        )
        # Family payees
        self.confirm_button = _button("ok", primary=True)
        self.decline_button = _button("close")
        self.remove_button = _button("close")
        self.offer_button = _button("account-add")
        self.payees_hint = _hint()
        self.payees_table = _table("householdPayees", LINK_COLUMNS)
        self.payees_fit = fit_columns(self.payees_table, 0)
        self.payees_table.itemSelectionChanged.connect(self._update_buttons)
        self.confirm_button.clicked.connect(self.confirm_selected)
        self.decline_button.clicked.connect(self.decline_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.offer_button.clicked.connect(self.offer_payee)
        self.payees_tab = _tab(
            [self.confirm_button, self.decline_button, self.remove_button, None, self.offer_button],
            self.payees_hint,
            self.payees_table,
        )
        # Allowances
        self.allowance_button = _button("edit", primary=True)
        self.allowances_hint = _hint()
        self.allowances_table = _table("householdAllowances", ALLOWANCE_COLUMNS)
        self.allowances_fit = fit_columns(self.allowances_table, 3)
        self.allowances_table.itemSelectionChanged.connect(self._update_buttons)
        self.allowances_table.itemDoubleClicked.connect(lambda _item: self.edit_selected_allowance())
        self.allowance_button.clicked.connect(self.edit_selected_allowance)
        self.allowances_tab = _tab([self.allowance_button, None], self.allowances_hint, self.allowances_table)
        # Activity
        self.activity_hint = _hint()
        self.activity_table = _table("householdActivity", ACTIVITY_COLUMNS)
        self.activity_fit = fit_columns(self.activity_table, 3)
        self.activity_tab = _tab([], self.activity_hint, self.activity_table)
        self.approvals_index = tabs.addTab(self.approvals_tab, "")
        self.payees_index = tabs.addTab(self.payees_tab, "")
        self.allowances_index = tabs.addTab(self.allowances_tab, "")
        self.activity_index = tabs.addTab(self.activity_tab, "")
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.reload)
        session.unlocked.connect(self.reload)
        session.locked.connect(self.clear)
        tasks.changes.connect(self._on_changes)
        self.retranslate()
        self.clear()

    # --- reading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        if not self.session.is_unlocked:
            return
        self._loading += 1
        sequence, generation, services = self._loading, self.session.generation, self.session.services

        def done(snapshot: InboxSnapshot | None, error: BaseException | None) -> None:
            if sequence != self._loading or generation != self.session.generation:
                return
            if error is not None:
                self.errors.show_general(
                    self.tr("The approvals could not be read: %1").replace("%1", error_text(error))
                )
                return
            self._show(snapshot)

        self.tasks.run_query(lambda: load_inbox(services), done)
        self.timer.start()

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(*REFRESH_KINDS):
            self.reload()

    def clear(self) -> None:
        self._loading += 1
        self.timer.stop()
        self.snapshot = None
        for table in (self.approvals_table, self.payees_table, self.allowances_table, self.activity_table):
            table.setRowCount(0)
        self._update_buttons()
        self._retitle()
        self.awaiting_changed.emit(0)
        self.loaded.emit(None)

    def _show(self, snapshot: InboxSnapshot | None) -> None:
        chosen = (
            _selected_id(self.approvals_table),
            _selected_id(self.payees_table),
            _selected_id(self.allowances_table),
        )
        self.snapshot = snapshot
        self._fill()
        for table, ident in zip(
            (self.approvals_table, self.payees_table, self.allowances_table), chosen, strict=True
        ):
            if ident is not None:
                _select_id(table, ident)
        if chosen[0] is None and snapshot is not None and snapshot.awaiting:
            self.approvals_table.selectRow(0)  # ready for the likeliest action: the first one awaiting me
        self._update_buttons()
        self._retitle()
        self.awaiting_changed.emit(snapshot.awaiting if snapshot is not None else 0)
        self.loaded.emit(snapshot)

    def _fill(self) -> None:
        self._fill_approvals()
        self._fill_payees()
        self._fill_allowances()
        self._fill_activity()
        self._fill_hints()

    # --- words ------------------------------------------------------------------------------------

    def _name(self, member_id: int | None) -> str:
        snapshot = self.snapshot
        member = snapshot.member(member_id) if snapshot is not None else None
        if member is None:
            return self.tr("Someone") if member_id is not None else self.tr("Huiliu")
        name = member.name or self.tr("Member %1").replace("%1", str(member.id))
        return self.tr("%1 (you)").replace("%1", name) if member.is_you else name

    def _account_name(self, account_id: int | None, holder_id: int | None = None) -> str:
        snapshot = self.snapshot
        account = snapshot.account(account_id) if snapshot is not None else None
        if account is not None and account.name:
            return account.name
        if holder_id is not None:
            return self.tr("An account of %1").replace("%1", self._name(holder_id))
        return self.tr("An account not shared with you")

    def _amount(self, amount: Any, currency: str | None) -> str:
        if amount is None or not currency:
            return ""
        try:
            return money_text(amount, currency)
        except Exception:  # noqa: BLE001 (an unknown currency: the figures are still shown)
            return f"{amount} {currency}"

    def _deciders(self, approval: Any) -> str:
        names = self.tr(", ").join(self._name(i) for i in approval.approvers) if approval.approvers else ""
        if len(approval.approvers) < 2:
            return names
        if approval.mode == "all":
            return self.tr("All of %1").replace("%1", names)
        return self.tr("Any one of %1").replace("%1", names)

    def _status(self, approval: Any) -> str:
        if approval.awaiting_me:
            return self.tr("Awaiting your decision")
        if approval.status == "pending" and approval.mode == "all" and len(approval.approvers) > 1:
            agreed = sum(1 for v in approval.votes if v.decision == "approve")
            return self.tr("%1 of %2 approved").replace("%1", str(agreed)).replace("%2", str(len(approval.approvers)))
        return vocabulary.approval_status(approval.status)

    def _expires(self, approval: Any) -> str:
        if approval.status == "pending":
            return until(approval.expires_at)
        if approval.status == "expired":
            return self.tr("Expired %1").replace("%1", ago(approval.expires_at))
        return ago(approval.decided_at) if approval.decided_at is not None else ""

    def _votes_tip(self, approval: Any) -> str:
        lines = [vocabulary.approval_kind(approval.kind)]
        if approval.summary:
            lines.append(approval.summary)
        lines.append(self.tr("Asked %1").replace("%1", date_time(approval.created_at)))
        lines.append(self.tr("Decide by %1").replace("%1", date_time(approval.expires_at)))
        for vote in approval.votes:
            line = self.tr("%1: %2").replace("%1", self._name(vote.member_id)).replace(
                "%2", vocabulary.vote(vote.decision)
            )
            if vote.comment:
                line = self.tr("%1 (“%2”)").replace("%1", line).replace("%2", vote.comment)
            lines.append(line)
        if approval.damaged:
            lines.append(approval.damaged)
        return "\n".join(lines)

    # --- approvals --------------------------------------------------------------------------------

    def _fill_approvals(self) -> None:
        table, snapshot = self.approvals_table, self.snapshot
        table.setRowCount(0)
        if snapshot is None:
            return
        table.setRowCount(len(snapshot.approvals))
        for row, approval in enumerate(snapshot.approvals):
            mine = approval.awaiting_me
            what = approval.summary or vocabulary.approval_kind(approval.kind)
            first = _item(what, self._votes_tip(approval), bold=mine)
            first.setData(ID_ROLE, approval.id)
            table.setItem(row, 0, first)
            table.setItem(row, 1, _item(self._amount(approval.amount, approval.currency), align_right=True))
            table.setItem(row, 2, _item(self._name(approval.requested_by)))
            table.setItem(row, 3, _item(self._deciders(approval)))
            table.setItem(row, 4, _item(self._expires(approval), date_time(approval.expires_at)))
            table.setItem(row, 5, _item(self._status(approval), bold=mine))
        self.approvals_fit.later()

    def selected_approval(self) -> Any:
        ident = _selected_id(self.approvals_table)
        return self.snapshot.approval(ident) if self.snapshot is not None and ident is not None else None

    def select_approval(self, approval_id: int) -> bool:
        return _select_id(self.approvals_table, approval_id)

    def approve_selected(self) -> None:
        approval = self.selected_approval()
        if approval is None or not approval.awaiting_me or not self.session.is_unlocked:
            return
        services, ident, version = self.session.services, approval.id, approval.version
        self._write(lambda: services.approve(ident, version), self.tr("Approving…"))

    def deny_selected(self) -> DenyDialog | None:
        approval = self.selected_approval()
        if approval is None or not approval.awaiting_me or not self.session.is_unlocked:
            return None
        services, ident, version = self.session.services, approval.id, approval.version
        summary = approval.summary or vocabulary.approval_kind(approval.kind)
        dialog = DenyDialog(self.tasks, summary, parent=self._parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def denied() -> None:
            comment = dialog.text()
            self._write(lambda: services.deny(ident, version, comment), self.tr("Denying…"))

        dialog.accepted.connect(denied)
        dialog.open()
        return dialog

    def cancel_selected(self) -> None:
        approval = self.selected_approval()
        if approval is None or not self._own_pending(approval) or not self.session.is_unlocked:
            return
        services, ident, version = self.session.services, approval.id, approval.version
        self._write(lambda: services.cancel_approval(ident, version), self.tr("Cancelling the request…"))

    def _own_pending(self, approval: Any) -> bool:
        return (
            self.snapshot is not None
            and approval.requested_by == self.snapshot.member_id
            and approval.status == "pending"
        )

    def ask_approval(self) -> AskApprovalDialog | None:
        snapshot = self.snapshot
        if snapshot is None or not self.session.is_unlocked or not self._may_ask():
            return None
        deciders = [m for m in snapshot.guardians() if not m.is_you]
        dialog = AskApprovalDialog(self.tasks, self.session.services, deciders, parent=self._parent)
        return self._open(dialog)

    def _may_ask(self) -> bool:
        snapshot = self.snapshot
        you = snapshot.you if snapshot is not None else None
        return (
            snapshot is not None
            and you is not None
            and you.role != "viewer"
            and any(not m.is_you for m in snapshot.guardians())
        )

    # --- family payees ----------------------------------------------------------------------------

    def _speaks_for(self, side: HouseholdMember | None) -> bool:
        you = self.snapshot.you if self.snapshot is not None else None
        if you is None or side is None or you.role not in GUARDIANS:
            return False
        return you.id == side.id or side.role in MINORS

    def _open_sides(self, link: Any) -> list[HouseholdMember | None]:
        assert self.snapshot is not None
        sides = []
        if not link.holder_confirmed:
            sides.append(self.snapshot.member(link.holder_id))
        if not link.member_confirmed:
            sides.append(self.snapshot.member(link.member_id))
        return sides

    def _side(self, confirmed: bool) -> str:
        return self.tr("Confirmed") if confirmed else self.tr("Not yet")

    def _fill_payees(self) -> None:
        table, snapshot = self.payees_table, self.snapshot
        table.setRowCount(0)
        if snapshot is None:
            return
        table.setRowCount(len(snapshot.links))
        for row, link in enumerate(snapshot.links):
            waiting = link.status == "proposed" and any(self._speaks_for(m) for m in self._open_sides(link))
            account = self._account_name(link.account_id, link.holder_id)
            tip = account + (f"\n{link.note}" if link.note else "")
            first = _item(account, tip, bold=waiting)
            first.setData(ID_ROLE, link.id)
            table.setItem(row, 0, first)
            table.setItem(row, 1, _item(self._name(link.holder_id)))
            table.setItem(row, 2, _item(self._name(link.member_id)))
            table.setItem(row, 3, _item(self._side(link.holder_confirmed)))
            table.setItem(row, 4, _item(self._side(link.member_confirmed)))
            status = self.tr("Awaiting your confirmation") if waiting else vocabulary.link_status(link.status)
            table.setItem(row, 5, _item(status, bold=waiting))
        self.payees_fit.later()

    def selected_link(self) -> Any:
        ident = _selected_id(self.payees_table)
        return self.snapshot.link(ident) if self.snapshot is not None and ident is not None else None

    def select_link(self, link_id: int) -> bool:
        return _select_id(self.payees_table, link_id)

    def _link_step(self, step: str, caption: str) -> None:
        link = self.selected_link()
        if link is None or not self.session.is_unlocked:
            return
        services, ident, version = self.session.services, link.id, link.version
        method: Callable[[int, int], Any] = getattr(services, step)
        self._write(lambda: method(ident, version), caption)

    def confirm_selected(self) -> None:
        self._link_step("confirm_family_link", self.tr("Confirming…"))

    def decline_selected(self) -> None:
        self._link_step("decline_family_link", self.tr("Declining…"))

    def remove_selected(self) -> None:
        self._link_step("remove_family_link", self.tr("Removing the family payee…"))

    def _offerable(self) -> tuple[list[Any], list[HouseholdMember]]:
        """The accounts I may offer (mine; a guardian also a minor's) and the members they may go to."""
        snapshot = self.snapshot
        you = snapshot.you if snapshot is not None else None
        if snapshot is None or you is None or you.role == "viewer":
            return [], []
        minors = {m.id for m in snapshot.minors()}
        accounts = [
            a for a in snapshot.accounts
            if a.member_id == you.id or (you.role in GUARDIANS and a.member_id in minors)
        ]
        members = [m for m in snapshot.members if m.role != "viewer"]
        return accounts, members

    def offer_payee(self) -> FamilyPayeeDialog | None:
        accounts, members = self._offerable()
        if not accounts or len(members) < 2 or not self.session.is_unlocked:
            return None
        dialog = FamilyPayeeDialog(self.tasks, self.session.services, accounts, members, parent=self._parent)
        return self._open(dialog)

    # --- allowances -------------------------------------------------------------------------------

    def _caps_text(self, allowance: Any) -> str:
        if allowance is None or not allowance.platform_caps:
            return ""
        names = {p.id: p.name for p in self.snapshot.platforms} if self.snapshot is not None else {}
        parts = [
            self.tr("%1 %2").replace("%1", names.get(pid, self.tr("Platform %1").replace("%1", str(pid)))).replace(
                "%2", self._amount(cap, allowance.currency)
            )
            for pid, cap in sorted(allowance.platform_caps.items())
        ]
        return self.tr(", ").join(parts)

    def _fill_allowances(self) -> None:
        table, snapshot = self.allowances_table, self.snapshot
        table.setRowCount(0)
        if snapshot is None:
            return
        minors = [m for m in snapshot.minors() if m.id in snapshot.allowances]
        table.setRowCount(len(minors))
        for row, minor in enumerate(minors):
            allowance = snapshot.allowances[minor.id]
            first = _item(self._name(minor.id))
            first.setData(ID_ROLE, minor.id)
            table.setItem(row, 0, first)
            if allowance is None:
                table.setItem(row, 1, _item(self.tr("Not set")))
                for column in (2, 3, 4):
                    table.setItem(row, column, _item(""))
                continue
            table.setItem(row, 1, _item(self._amount(allowance.weekly_amount, allowance.currency), align_right=True))
            table.setItem(row, 2, _item(self._amount(allowance.approval_limit, allowance.currency), align_right=True))
            table.setItem(row, 3, _item(self._caps_text(allowance)))
            when = ago(allowance.set_at) if allowance.set_at is not None else ""
            set_by = self.tr("%1, %2").replace("%1", self._name(allowance.set_by)).replace("%2", when)
            table.setItem(row, 4, _item(set_by, date_time(allowance.set_at) if allowance.set_at else ""))
        self.allowances_fit.later()

    def selected_minor(self) -> HouseholdMember | None:
        ident = _selected_id(self.allowances_table)
        return self.snapshot.member(ident) if self.snapshot is not None and ident is not None else None

    def select_minor(self, member_id: int) -> bool:
        return _select_id(self.allowances_table, member_id)

    def edit_selected_allowance(self) -> AllowanceDialog | None:
        minor = self.selected_minor()
        return self.edit_allowance(minor.id) if minor is not None else None

    def edit_allowance(self, member_id: int) -> AllowanceDialog | None:
        snapshot = self.snapshot
        if snapshot is None or not snapshot.guardian or not self.session.is_unlocked:
            return None
        minor = snapshot.member(member_id)
        if minor is None or minor.role not in MINORS:
            return None
        on = {a.platform_id for a in snapshot.accounts if a.member_id == member_id}
        platforms = [p for p in snapshot.platforms if p.id in on]
        allowance = snapshot.allowances.get(member_id)
        dialog = AllowanceDialog(self.tasks, self.session.services, minor, allowance, platforms, parent=self._parent)
        return self._open(dialog)

    # --- activity ---------------------------------------------------------------------------------

    def _what(self, event: Activity) -> str:
        words = vocabulary.activity(event.kind)
        if words != event.kind:
            return words
        # Kinds the core's vocabulary does not name yet (reported to the core's owners).
        fallback = {
            "approval.expired": self.tr("a request expired"),
            "family_link.confirmed": self.tr("confirmed a family payee"),
            "family_link.declined": self.tr("declined a family payee"),
            "family_link.removed": self.tr("removed a family payee"),
            "joint_holder.changed": self.tr("changed who holds an account jointly"),
            "joint_holder.ended": self.tr("ended a joint holding"),
        }
        return fallback.get(event.kind, event.kind)

    def _about(self, event: Activity) -> str:
        snapshot = self.snapshot
        ident = event.subject_id if isinstance(event.subject_id, int) else None
        if snapshot is None or ident is None:
            return ""
        kind = event.subject_type
        if kind == "account":
            return self._account_name(ident)
        if kind == "member":
            member = snapshot.member(ident)
            return self._name(ident) if member is not None else ""
        if kind == "approval":
            approval = snapshot.approval(ident)
            if approval is None:
                return ""
            return approval.summary or vocabulary.approval_kind(approval.kind)
        if kind == "family_link":
            link = snapshot.link(ident)
            if link is None:
                return ""
            return self.tr("%1 for %2").replace("%1", self._account_name(link.account_id, link.holder_id)).replace(
                "%2", self._name(link.member_id)
            )
        if kind == "platform":
            return next((p.name for p in snapshot.platforms if p.id == ident), "")
        return ""

    def _fill_activity(self) -> None:
        table, snapshot = self.activity_table, self.snapshot
        table.setRowCount(0)
        if snapshot is None:
            return
        table.setRowCount(len(snapshot.activity))
        for row, event in enumerate(snapshot.activity):
            table.setItem(row, 0, _item(ago(event.at), date_time(event.at)))
            who = self._name(event.member_id) if event.member_id is not None else self.tr("Huiliu")
            table.setItem(row, 1, _item(who))
            table.setItem(row, 2, _item(self._what(event)))
            table.setItem(row, 3, _item(self._about(event)))
        self.activity_fit.later()

    # --- writing ----------------------------------------------------------------------------------

    def _open(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: self.reload())  # a refused save may still mean news
        dialog.open()
        return dialog

    def _write(self, fn: Callable[[], Any], caption: str) -> None:
        """A decision on the writer; whatever happened, the inbox reads again so it shows what holds."""
        self.errors.clear()
        self.busy.start(caption)
        self._update_buttons()
        generation = self.session.generation

        def done(_result: Any, error: BaseException | None) -> None:
            self.busy.stop()
            self._update_buttons()
            if generation != self.session.generation:
                return
            if isinstance(error, EditConflict):
                self.errors.show_general(
                    self.tr("Someone else changed this first, so nothing was changed. It is shown as it is now.")
                )
            elif error is not None:
                self.errors.show_general(error_text(error))
            self.reload()

        self.tasks.run_mutation(fn, done)

    # --- state ------------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        ready = self.session.is_unlocked and self.snapshot is not None and not self.busy.busy
        approval = self.selected_approval() if ready else None
        awaiting = approval is not None and approval.awaiting_me
        self.approve_button.setEnabled(awaiting)
        self.deny_button.setEnabled(awaiting)
        self.cancel_button.setEnabled(approval is not None and self._own_pending(approval))
        self.ask_button.setEnabled(bool(ready and self._may_ask()))
        link = self.selected_link() if ready else None
        you = self.snapshot.you if self.snapshot is not None else None
        open_for_me = link is not None and link.status == "proposed" and any(
            self._speaks_for(m) for m in self._open_sides(link)
        )
        self.confirm_button.setEnabled(open_for_me)
        self.decline_button.setEnabled(open_for_me)
        self.remove_button.setEnabled(
            link is not None
            and link.status in ("proposed", "confirmed")
            and you is not None
            and (you.id in (link.holder_id, link.member_id) or you.role in GUARDIANS)
        )
        accounts, members = self._offerable() if ready else ([], [])
        self.offer_button.setEnabled(bool(accounts) and len(members) >= 2)
        guardian = self.snapshot is not None and self.snapshot.guardian
        self.allowance_button.setVisible(guardian)
        self.allowance_button.setEnabled(bool(ready and guardian and self.selected_minor() is not None))

    def _retitle(self) -> None:
        count = self.snapshot.awaiting if self.snapshot is not None else 0
        title = self.tr("Approvals (%1)").replace("%1", str(count)) if count else self.tr("Approvals")
        self.tabs.setTabText(self.approvals_index, title)
        tip = self.tr("%n request(s) awaiting your decision", "", count) if count else ""
        self.tabs.setTabToolTip(self.approvals_index, tip)

    def _fill_hints(self) -> None:
        snapshot = self.snapshot
        you = snapshot.you if snapshot is not None else None
        if snapshot is not None and not snapshot.approvals:
            self.approvals_hint.setText(self.tr("No requests yet. Requests you make or must decide appear here."))
        else:
            self.approvals_hint.setText(
                self.tr("Requests awaiting your decision come first, then your own, then those already decided.")
            )
        if snapshot is not None and not snapshot.links:
            self.payees_hint.setText(
                self.tr("A family payee is an account one member may send money to without asking first.")
            )
        else:
            self.payees_hint.setText(
                self.tr("A family payee counts once both sides have confirmed; a guardian confirms for a minor.")
            )
        if you is not None and you.role in MINORS:
            self.allowances_hint.setText(self.tr("Your allowance, as a guardian set it."))
        elif snapshot is not None and snapshot.guardian and not snapshot.minors():
            self.allowances_hint.setText(self.tr("Allowances are for teenagers and children; the household has none."))
        elif snapshot is not None and snapshot.guardian:
            self.allowances_hint.setText(
                self.tr("Above the approval limit, a teenager's or child's transfer waits for a guardian.")
            )
        else:
            self.allowances_hint.setText(
                self.tr("Only guardians, and the teenagers and children themselves, see allowances.")
            )
        self.activity_hint.setText(self.tr("The newest %1 events you may see.").replace("%1", "50"))

    def retranslate(self) -> None:
        self.approve_button.setText(self.tr("Approve"))
        self.deny_button.setText(self.tr("Deny…"))
        self.cancel_button.setText(self.tr("Cancel request"))
        self.ask_button.setText(self.tr("Ask for approval…"))
        self.confirm_button.setText(self.tr("Confirm"))
        self.decline_button.setText(self.tr("Decline"))
        self.remove_button.setText(self.tr("Remove"))
        self.offer_button.setText(self.tr("Offer an account…"))
        self.allowance_button.setText(self.tr("Set allowance…"))
        self.approvals_table.setHorizontalHeaderLabels(
            [self.tr("Request"), self.tr("Amount"), self.tr("Asked by"), self.tr("Who decides"),
             self.tr("Expires"), self.tr("Status")]
        )
        self.payees_table.setHorizontalHeaderLabels(
            [self.tr("Account"), self.tr("Holder"), self.tr("Offered to"), self.tr("Holder's side"),
             self.tr("Member's side"), self.tr("Status")]
        )
        self.allowances_table.setHorizontalHeaderLabels(
            [self.tr("Member"), self.tr("Weekly allowance"), self.tr("Approval limit"),
             self.tr("Weekly caps per platform"), self.tr("Set by")]
        )
        self.activity_table.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Member"), self.tr("What"), self.tr("About")]
        )
        self.tabs.setTabText(self.payees_index, self.tr("Family payees"))
        self.tabs.setTabText(self.allowances_index, self.tr("Allowances"))
        self.tabs.setTabText(self.activity_index, self.tr("Activity"))
        self._retitle()
        self._fill_hints()
        if self.snapshot is not None:
            self._fill()
        self._update_buttons()
