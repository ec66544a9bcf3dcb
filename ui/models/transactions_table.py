"""The transactions table: a list of ids and a cache of opened rows, filled a page at a time on demand.

The model never opens a row itself. When the view asks for a row that is not cached, the model notes
its page and, once the event loop is free, emits ``rows_wanted`` with the ids of those pages; the
page opens them on a worker and hands them back with ``add_rows``. Until then the cells show a
placeholder, so scrolling through 100k rows never waits on the vault.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication

from app import clock
from app.ledger import vocabulary
from app.services import TransactionView
from ui.amounts import change_colour, figures_font, signed_text
from ui.icons import icon
from ui.models.accounts_tree import number_tail
from ui.models.columns import RIGHT, Column, DisplayContext, header_data
from ui.models.tree_model import BADGES_ROLE, ROW_ROLE, TONE_ROLE
from ui.when import date_time, day_and_time, local_day, short_date

CONTEXT = "TransactionsTable"
PAGE = 100  # rows opened per request
MARGIN = 60  # rows opened beyond the visible ones, so a short scroll finds them ready
CACHE_LIMIT = 20_000  # opened rows kept in memory; beyond this the cache starts over
PLACEHOLDER = "···"
AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class AccountLabel:
    """How an account is named in the table."""

    name: str
    platform: str = ""
    currency: str = "CNY"
    last4: str = ""
    owner: str = ""


@dataclass(frozen=True)
class TransactionRow:
    view: TransactionView
    account: AccountLabel
    category_name: str = ""  # the user's own name of its category, when it has one


def _date(row: TransactionRow, _ctx: DisplayContext) -> str:
    """A bare date as it is; a row with its instant by the person's day, and today's with its time."""
    moment = row.view.occurred_at
    if moment is None:
        return short_date(row.view.booked_on)
    day = local_day(moment)
    return day_and_time(moment) if day == clock.local_today() else short_date(day)


def _date_tooltip(row: TransactionRow, _ctx: DisplayContext) -> str:
    moment = row.view.occurred_at
    return date_time(moment) if moment is not None else ""


def account_text(account: AccountLabel) -> str:
    """What the Account column says of an account."""
    name = account.name or account.platform
    # Each member has a "零钱": whose it is belongs in the cell, not only in the tooltip.
    return f"{name} · {account.owner}" if account.owner else name


def _account(row: TransactionRow, _ctx: DisplayContext) -> str:
    return account_text(row.account)


def _account_tooltip(row: TransactionRow, _ctx: DisplayContext) -> str:
    acc = row.account
    parts = [p for p in (acc.platform, acc.name, number_tail(acc.last4) if acc.last4 else "", acc.owner) if p]
    return " · ".join(parts)


def _counterparty(row: TransactionRow, _ctx: DisplayContext) -> str:
    view = row.view
    if view.damaged:
        return view.damaged
    return view.counterparty or view.description or view.memo


def _counterparty_tooltip(row: TransactionRow, _ctx: DisplayContext) -> str:
    view = row.view
    if view.damaged:
        unreadable = QCoreApplication.translate("TransactionsTable", "This transaction cannot be read: %1")
        return unreadable.replace("%1", view.damaged)
    return "\n".join(dict.fromkeys(p for p in (view.counterparty, view.description, view.memo) if p))


def _counterparty_icon(row: TransactionRow, _ctx: DisplayContext) -> str:
    return "warning" if row.view.damaged else ""


def _category(row: TransactionRow, _ctx: DisplayContext) -> str:
    return row.category_name or vocabulary.category(row.view.category)


def _amount(row: TransactionRow, ctx: DisplayContext) -> str:
    amount = row.view.amount
    if amount is None:
        return "—"
    currency = row.account.currency
    # The bare ¥ for yuan; any other currency says its code, so no amount is read in the wrong unit.
    return signed_text(amount, currency, ctx.amounts_hidden, show_code=None if currency == "CNY" else True)


def _amount_colour(row: TransactionRow, ctx: DisplayContext) -> str:
    amount = row.view.amount
    if ctx.amounts_hidden or amount is None or amount <= 0:
        return ""  # spending stays neutral; money coming in is marked (red means "up" in China)
    return change_colour(amount, ctx.international_colours)


def _status(row: TransactionRow, _ctx: DisplayContext) -> list[str]:
    return [vocabulary.tx_status(row.view.status)]


def _status_text(row: TransactionRow, ctx: DisplayContext) -> str:
    return vocabulary.tx_status(row.view.status)


def _status_tone(row: TransactionRow, _ctx: DisplayContext) -> str:
    return "warning" if row.view.status == "pending" else "muted"


COLUMNS = [
    Column(
        "date",
        QT_TRANSLATE_NOOP("TransactionsTable", "Date"),
        CONTEXT,
        _date,
        width=110,
        figures=True,
        tooltip=_date_tooltip,
    ),
    Column(
        "account",
        QT_TRANSLATE_NOOP("TransactionsTable", "Account"),
        CONTEXT,
        _account,
        width=200,
        tooltip=_account_tooltip,
    ),
    Column(
        "counterparty",
        QT_TRANSLATE_NOOP("TransactionsTable", "Counterparty"),
        CONTEXT,
        _counterparty,
        width=260,
        stretch=True,
        tooltip=_counterparty_tooltip,
        icon=_counterparty_icon,
    ),
    Column("category", QT_TRANSLATE_NOOP("TransactionsTable", "Category"), CONTEXT, _category, width=130),
    Column(
        "amount",
        QT_TRANSLATE_NOOP("TransactionsTable", "Amount"),
        CONTEXT,
        _amount,
        width=150,
        align=RIGHT,
        figures=True,
        foreground=_amount_colour,
    ),
    Column(
        "status",
        QT_TRANSLATE_NOOP("TransactionsTable", "Status"),
        CONTEXT,
        _status_text,
        width=96,
        badges=_status,
        tone=_status_tone,
    ),
]


class TransactionsModel(QAbstractTableModel):
    """Rows are ids; ``row_for`` gives the opened row or None while it is being fetched."""

    rows_wanted = Signal(list)  # ids to open, a page or a few at a time

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = COLUMNS
        self._ids: list[int] = []
        self._cache: dict[int, TransactionRow] = {}
        self._in_flight: set[int] = set()
        self._wanted_pages: set[int] = set()
        self._ctx = DisplayContext()
        self._fonts: dict[bool, QFont] = {}
        self._flush = QTimer(self)
        self._flush.setSingleShot(True)
        self._flush.setInterval(0)
        self._flush.timeout.connect(self._ask)

    # --- content ------------------------------------------------------------------------------

    @property
    def ids(self) -> list[int]:
        return self._ids

    def set_ids(self, ids: list[int]) -> None:
        """Show these rows (newest first); opened rows stay cached by id across filters."""
        self.beginResetModel()
        self._ids = ids
        self._wanted_pages.clear()
        self.endResetModel()

    def clear(self) -> None:
        """Forget every row and every opened value (the vault locked)."""
        self.beginResetModel()
        self._ids = []
        self._cache.clear()
        self._in_flight.clear()
        self._wanted_pages.clear()
        self.endResetModel()

    def invalidate(self) -> None:
        """Opened rows may be out of date (a sync or import ran): open the visible ones again."""
        self._cache.clear()
        self._in_flight.clear()
        self._wanted_pages.clear()
        self._repaint()

    def add_rows(self, rows: Sequence[TransactionRow], asked: Sequence[int]) -> None:
        """Rows opened on a worker for the ids ``asked`` (ids that vanished are simply not there)."""
        if len(self._cache) + len(rows) > CACHE_LIMIT:
            self._cache.clear()
        for row in rows:
            self._cache[row.view.id] = row
        self._in_flight.difference_update(asked)
        self._repaint()

    def forget_request(self, asked: Sequence[int]) -> None:
        """A fetch failed or was dropped: those ids may be asked for again."""
        self._in_flight.difference_update(asked)

    def row_for(self, row: int) -> TransactionRow | None:
        if not 0 <= row < len(self._ids):
            return None
        return self._cache.get(self._ids[row])

    @property
    def cached_count(self) -> int:
        return len(self._cache)

    @property
    def context(self) -> DisplayContext:
        return self._ctx

    def set_context(self, ctx: DisplayContext) -> None:
        self._ctx = ctx
        self._repaint()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def _repaint(self) -> None:
        if self._ids:
            # One range for all rows: a view repaints only what it shows, whatever the range.
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1))

    # --- fetching -----------------------------------------------------------------------------

    def prefetch(self, first: int, last: int) -> None:
        """Ask for rows ``first..last`` plus a margin either side (the view calls this as it scrolls)."""
        if not self._ids:
            return
        first, last = max(0, first - MARGIN), min(len(self._ids) - 1, last + MARGIN)
        for page in range(first // PAGE, last // PAGE + 1):
            self._want(page)

    def _want(self, page: int) -> None:
        if page not in self._wanted_pages:
            self._wanted_pages.add(page)
            self._flush.start()

    def _ask(self) -> None:
        wanted: list[int] = []
        for page in sorted(self._wanted_pages):
            for row_id in self._ids[page * PAGE : (page + 1) * PAGE]:
                if row_id not in self._cache and row_id not in self._in_flight:
                    wanted.append(row_id)
        if wanted:
            self._in_flight.update(wanted)
            self.rows_wanted.emit(wanted)

    # --- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,  # noqa: N802
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        return header_data(self.columns, section, orientation, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if index.isValid()
            else Qt.ItemFlag.NoItemFlags
        )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        row = self._cache.get(self._ids[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return column.align
        if role == Qt.ItemDataRole.FontRole:
            return self._font(column.figures)
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole:
                self._want(index.row() // PAGE)
                return PLACEHOLDER if column.key in ("date", "amount") else ""
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#94A3B8"))
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row, self._ctx)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row, self._ctx) or None
        if role == Qt.ItemDataRole.DecorationRole:
            name = column.icon(row, self._ctx)
            return icon(name) if name else None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = column.foreground(row, self._ctx)
            return QBrush(QColor(colour)) if colour else None
        if role == BADGES_ROLE:
            return column.badges(row, self._ctx) if column.badges else None
        if role == TONE_ROLE:
            return column.tone(row, self._ctx)
        if role == ROW_ROLE:
            return row
        return None

    def _font(self, figures: bool) -> QFont:
        if figures not in self._fonts:
            base = QApplication.font()
            self._fonts[figures] = figures_font(base) if figures else QFont(base)
        return self._fonts[figures]
