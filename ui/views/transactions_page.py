"""Transactions: every movement, newest first, with filters that stay on screen and answer at once.

After unlock the page reads only ids (cheap) and shows them; rows are opened a page at a time as they
scroll into view. Meanwhile a worker builds the search index (every row opened once); until it is
ready, the plain-column filters (account, member, period, direction) are asked of the vault.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QKeySequence, QShortcut, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.ledger import vocabulary
from app.services import (
    AppServices,
    CategoryTree,
    IndexEntry,
    TransactionDetail,
    TransactionFilter,
    TransactionView,
)
from ui.amounts import Privacy
from ui.dialogs.transaction_detail import TransactionDetailDialog
from ui.error_text import error_text
from ui.language import is_language_change
from ui.models.accounts_tree import number_tail
from ui.models.columns import DisplayContext
from ui.models.transaction_search import SearchIndex, TransactionQuery
from ui.models.transactions_table import AccountLabel, TransactionRow, TransactionsModel, account_text
from ui.settings import Settings
from ui.tasks import TaskManager
from ui.vault_session import VaultSession
from ui.widgets.cell_delegate import CellDelegate
from ui.widgets.column_fit import fit_columns
from ui.widgets.field_errors import FieldErrors
from ui.widgets.transaction_filters import AccountChoice, TransactionFilters


def _labels(
    services: AppServices,
) -> tuple[dict[int, AccountLabel], list[AccountChoice], list[tuple[int, str]]]:
    """Account names for the table and the filter lists (on a worker: it decrypts names)."""
    platforms = {p.id: p.name for p in services.platforms()}
    members = [(m.id, m.name or f"#{m.id}") for m in services.members()]
    owners = dict(members)
    labels: dict[int, AccountLabel] = {}
    choices: list[AccountChoice] = []
    for acc in services.accounts():
        platform = platforms.get(acc.platform_id, "")
        labels[acc.id] = AccountLabel(
            acc.name, platform, acc.currency, acc.last4, owners.get(acc.member_id, "")
        )
        tail = f" {number_tail(acc.last4)}" if acc.last4 else ""
        choices.append(AccountChoice(acc.id, f"{platform} · {acc.name or platform}{tail}", acc.member_id))
    return labels, choices, members


def _category_words(own: dict[str, str]) -> dict[str, str]:
    """Every category's name as shown: the built-in words translated, the user's own names as given."""
    return {key: vocabulary.category(key) for key in vocabulary.CATEGORY_WORDS} | own


class TransactionsPage(QWidget):
    """``index`` is None until the background index is built; ``last_filter_ms`` is for the benchmark."""

    index_ready = Signal()
    rows_shown = Signal()  # ids for the current filter are on screen

    def __init__(
        self,
        session: VaultSession,
        tasks: TaskManager,
        privacy: Privacy,
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transactionsPage")
        self.session, self.tasks, self.privacy, self.settings = session, tasks, privacy, settings
        self.index: SearchIndex | None = None
        self.accounts: dict[int, AccountLabel] = {}
        self.category_names: dict[str, str] = {}
        self.all_ids: list[int] = []
        self.last_filter_ms = 0.0
        self._reading = 0  # sequence of the newest ids/filter read
        self._indexing = 0  # sequence of the newest index build
        self._filtering = 0  # sequence of the newest filter asked of the vault (before the index)
        self._title = QLabel()
        self._title.setObjectName("pageTitle")
        self.filters = TransactionFilters()
        self.filters.changed.connect(self.apply_filters)
        self.model = TransactionsModel(self)
        self.model.rows_wanted.connect(self._fetch)
        self.table = QTableView()
        self.table.setObjectName("transactionsTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(CellDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(32)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        keys = [column.key for column in self.model.columns]
        self._account_column = keys.index("account")
        # The counterparty (free text, whole in its tooltip) takes what the others leave; accounts are
        # as wide as the longest account's name, whichever rows are on screen. Cells are not measured:
        # that would open rows far below the screen.
        self.columns_fit = fit_columns(
            self.table,
            next(i for i, c in enumerate(self.model.columns) if c.stretch),
            least=self._least_width,
            contents=False,
        )
        self.table.verticalScrollBar().valueChanged.connect(lambda _v: self._prefetch_visible())
        self.table.doubleClicked.connect(lambda index: self.open_detail(index.row()))
        self.table.activated.connect(lambda index: self.open_detail(index.row()))  # Enter on a row
        self.detail_dialog: TransactionDetailDialog | None = None
        self.nothing = QLabel()
        self.nothing.setObjectName("hint")
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.nothing)
        self.errors = FieldErrors()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(self._title)
        layout.addWidget(self.filters)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.stack, 1)
        find = QShortcut(
            QKeySequence.StandardKey.Find, self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        find.activated.connect(self.filters.focus_search)
        self.filters.search.installEventFilter(self)
        session.unlocked.connect(self.reload)
        session.locked.connect(self.clear)
        tasks.changes.connect(self._on_changes)
        privacy.changed.connect(lambda _h: self.refresh_look())
        self.refresh_look()
        self._retranslate()
        self.clear()

    # --- reading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Names and ids now (fast), then the search index in the background."""
        if not self.session.is_unlocked:
            return
        self._reading += 1
        sequence, generation, services = self._reading, self.session.generation, self.session.services

        def read() -> tuple[
            tuple[dict[int, AccountLabel], list[AccountChoice], list[tuple[int, str]]], list[int], dict[str, str]
        ]:
            ids = services.transaction_ids(TransactionFilter())
            return _labels(services), ids, services.category_names()

        def done(result: tuple | None, error: BaseException | None) -> None:  # type: ignore[type-arg]
            if sequence != self._reading or generation != self.session.generation:
                return
            if error is not None or result is None:
                self._show_error(error)
                return
            (labels, choices, members), ids, names = result
            self.accounts = labels
            self.category_names = names  # the user's own names of categories (the same in every language)
            self.columns_fit.later()
            self.all_ids = ids
            self.filters.set_choices(choices, members)
            self.model.invalidate()
            self.apply_filters()
            self.build_index()

        self.tasks.run_query(read, done)

    def build_index(self) -> None:
        if not self.session.is_unlocked:
            return
        self._indexing += 1
        sequence, generation, services = self._indexing, self.session.generation, self.session.services
        def build() -> SearchIndex:
            entries: list[IndexEntry] = services.transaction_index()
            return SearchIndex(entries, _category_words(services.category_names()))

        def done(index: SearchIndex | None, error: BaseException | None) -> None:
            if sequence != self._indexing or generation != self.session.generation:
                return
            if error is not None or index is None:
                self._show_error(error)
                return
            self.index = index
            self.all_ids = index.ids
            self.filters.set_index_ready(True)
            self.apply_filters()
            self.index_ready.emit()

        self.tasks.run_query(build, done)

    def open_detail(self, row: int) -> bool:
        """Open the detail panel of the row at ``row`` (read on a worker); False when there is none."""
        shown = self.model.row_for(row)
        if shown is None or not self.session.is_unlocked:
            return False
        services, tx, hidden = self.session.services, shown.view.id, self.privacy.hidden

        def done(found: tuple[TransactionDetail, CategoryTree] | None, error: BaseException | None) -> None:
            if error is not None or found is None or not self.session.is_unlocked:
                if error is not None:
                    self.errors.show_general(error_text(error))
                return
            detail, tree = found
            dialog = TransactionDetailDialog(self.tasks, services, detail, hidden, parent=self, tree=tree)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.detail_dialog = dialog
            dialog.open()

        self.tasks.run_query(lambda: (services.transaction_detail(tx), services.category_tree()), done)
        return True

    def show_filtered(
        self,
        member_id: int | None = None,
        since: date | None = None,
        until: date | None = None,
        category_group: str | None = None,
        flow: str | None = None,
    ) -> None:
        """Show only these rows (a figure of the Reports): every other filter is cleared."""
        self.filters.show_filtered(member_id, since, until, category_group, flow)

    def clear(self) -> None:
        """Forget every row, name and index entry (the vault is locking)."""
        self._reading += 1
        self._indexing += 1
        self._filtering += 1
        self.index = None
        self.accounts = {}
        self.category_names = {}
        self.all_ids = []
        self.model.clear()
        self.filters.set_choices([], [])
        self.filters.set_index_ready(False)
        self.filters.show_count(0, None)
        self.errors.clear()

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("transactions", "accounts", "members", "platforms", "categories"):
            self.reload()  # keeps the old index until the new one is ready

    def _show_error(self, error: BaseException | None) -> None:
        message = error_text(error)
        self.errors.show_general(self.tr("The transactions could not be read: %1").replace("%1", message))

    # --- filtering --------------------------------------------------------------------------------

    def apply_filters(self) -> None:
        query = self.filters.query()
        if self.index is not None:
            started = time.perf_counter()
            ids = self.index.search(query)
            self.last_filter_ms = (time.perf_counter() - started) * 1000
            self._show_ids(ids, query)
            return
        if query.is_empty or not self.session.is_unlocked:
            self._show_ids(self.all_ids, query)
            return
        # No index yet: the vault answers the plain-column part (account, period, direction).
        self._filtering += 1
        sequence, generation, services = self._filtering, self.session.generation, self.session.services
        plain = query.plain_filter()

        def done(ids: list[int] | None, error: BaseException | None) -> None:
            if (
                sequence == self._filtering
                and self.index is None
                and generation == self.session.generation
                and ids is not None
            ):
                self._show_ids(ids, query)

        def read() -> list[int]:
            if plain.needs_sealed:  # a category (from the Reports): the rows of the period are opened
                return [v.id for v in services.find_transactions(plain, limit=10**9)]
            return services.transaction_ids(plain)

        self.tasks.run_query(read, done)

    def _show_ids(self, ids: list[int], query: TransactionQuery) -> None:
        self.model.set_ids(ids)
        self.filters.show_count(len(ids), len(self.all_ids))
        if ids:
            self.stack.setCurrentWidget(self.table)
        else:
            self.nothing.setText(
                self.tr("No transactions yet. Connect a platform or import a statement.")
                if query.is_empty
                else self.tr("No transaction matches these filters.")
            )
            self.stack.setCurrentWidget(self.nothing)
        self._prefetch_visible()
        self.rows_shown.emit()

    # --- rows -------------------------------------------------------------------------------------

    def _prefetch_visible(self) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        first = max(0, self.table.rowAt(0))
        last = self.table.rowAt(self.table.viewport().height() - 1)
        self.model.prefetch(first, last if last >= 0 else min(rows - 1, first + 40))

    def _fetch(self, ids: list[int]) -> None:
        if not self.session.is_unlocked:
            self.model.forget_request(ids)
            return
        generation, services, labels = self.session.generation, self.session.services, self.accounts
        names = self.category_names

        def read() -> list[TransactionRow]:
            return self._wrap(services.transaction_rows(ids), labels, names)

        def done(rows: list[TransactionRow] | None, error: BaseException | None) -> None:
            if generation != self.session.generation:
                return
            if rows is None:
                self.model.forget_request(ids)
                return
            self.model.add_rows(rows, ids)

        self.tasks.run_query(read, done)

    @staticmethod
    def _wrap(
        views: Sequence[TransactionView], labels: dict[int, AccountLabel], names: dict[str, str] | None = None
    ) -> list[TransactionRow]:
        own = names or {}
        return [
            TransactionRow(
                v, labels.get(v.account_id) or AccountLabel(f"#{v.account_id}"), own.get(v.category, "")
            )
            for v in views
        ]

    # --- look -------------------------------------------------------------------------------------

    def _least_width(self, column: int) -> int:
        declared = self.model.columns[column].width
        if column != self._account_column or not self.accounts:
            return declared
        option = QStyleOptionViewItem()
        self.table.initViewItemOption(option)
        texts = [account_text(label) for label in self.accounts.values()]
        probe = QStandardItemModel(1, 1)  # the longest name measured as a cell, padding and all
        probe.setData(probe.index(0, 0), max(texts, key=QFontMetrics(option.font).horizontalAdvance))
        return max(declared, self.table.itemDelegate().sizeHint(option, probe.index(0, 0)).width())

    def refresh_look(self) -> None:
        """Repaint with the current privacy and colour settings."""
        international = self.settings.international_colours if self.settings is not None else False
        self.model.set_context(
            DisplayContext(amounts_hidden=self.privacy.hidden, international_colours=international)
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (
            watched is self.filters.search
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            key = event.key()
            if key == Qt.Key.Key_Down and self.model.rowCount():
                self.table.setFocus(Qt.FocusReason.TabFocusReason)
                self.table.selectRow(0)
                return True
            if key == Qt.Key.Key_Escape and self.filters.search.text():
                self.filters.search.clear()
                return True
        return super().eventFilter(watched, event)

    def _retranslate(self) -> None:
        self._title.setText(self.tr("Transactions"))
        self.model.set_context(self.model.context)  # headers and words repaint in the new language

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
