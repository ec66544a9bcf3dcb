"""Overview: 总资产 and what makes it up, by account card, member and currency, with a year's history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from app.changes import Changes
from app.ledger import vocabulary
from app.money import currency_name
from ui.amounts import Privacy, figures_font, money_text, wan_text
from ui.error_text import error_text
from ui.language import is_language_change
from ui.models.overview import OverviewSnapshot, load_history, load_overview
from ui.tasks import TaskManager
from ui.vault_session import VaultSession
from ui.widgets.account_card import CARD_SIZE, AccountCard
from ui.widgets.balance_chart import BalanceChart
from ui.widgets.breakdown import Breakdown, Share
from ui.widgets.field_errors import FieldErrors
from ui.widgets.flow_layout import FlowLayout
from ui.widgets.overview_header import OverviewHeader

REFRESH_KINDS = ("members", "platforms", "accounts", "rates", "transactions", "connections")
TICK_MS = 60_000  # "updated 3 minutes ago" moves on by itself


class _Section(QWidget):
    """A card group: its title and subtotal, then its cards flowing left to right."""

    def __init__(self, group: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = group
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.total = QLabel()
        self.total.setObjectName("hint")
        self.total.setFont(figures_font(self.total.font()))
        self.flow = FlowLayout(spacing=12, min_width=CARD_SIZE.width())
        head = QHBoxLayout()
        head.setSpacing(10)
        head.addWidget(self.title)
        head.addWidget(self.total)
        head.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addLayout(self.flow)


class OverviewPage(QWidget):
    """Reads on a worker (totals first, then the slower history), forgets everything on lock."""

    def __init__(
        self,
        session: VaultSession,
        tasks: TaskManager,
        privacy: Privacy,
        privacy_action: QAction,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("overviewPage")
        self.session, self.tasks, self.privacy = session, tasks, privacy
        self.snapshot: OverviewSnapshot | None = None
        self.history: list[tuple[date, Decimal]] = []
        self.cards: list[AccountCard] = []
        self._layout: list[tuple[str, list[int]]] = []  # card groups and account ids now on screen
        self._dirty = False  # the vault changed while the page was hidden
        self._loading = 0
        self.header = OverviewHeader(privacy_action)
        self.chart = BalanceChart()
        self._chart_title = QLabel()
        self._chart_title.setObjectName("panelTitle")
        chart_panel = QFrame()
        chart_panel.setObjectName("panel")
        chart_panel.setFixedHeight(270)
        chart_layout = QVBoxLayout(chart_panel)
        chart_layout.setContentsMargins(16, 12, 16, 10)
        chart_layout.addWidget(self._chart_title)
        chart_layout.addWidget(self.chart, 1)
        self.by_member, self.by_currency = Breakdown(), Breakdown()
        middle = QHBoxLayout()
        middle.setSpacing(12)
        middle.addWidget(chart_panel, 5)
        middle.addWidget(self.by_member, 3)
        middle.addWidget(self.by_currency, 3)
        for panel in (self.by_member, self.by_currency):
            panel.setFixedHeight(270)
        self.errors = FieldErrors()
        self._sections = QVBoxLayout()
        self._sections.setSpacing(14)
        body = QWidget()
        body.setObjectName("scrollBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(24, 20, 24, 20)
        column.setSpacing(14)
        column.addWidget(self.header)
        column.addWidget(self.errors.general)
        column.addLayout(self._sections)
        column.addLayout(middle)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("pageScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._refresh_cards)
        session.unlocked.connect(self.reload)
        session.locked.connect(self.clear)
        tasks.changes.connect(self._on_changes)
        privacy.changed.connect(self._on_privacy)
        self._on_privacy(privacy.hidden)
        self._retranslate()
        self.clear()

    # --- reading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read again now if the page is on screen; otherwise when it is next shown.

        Sixty cards and a year's chart cost the UI thread tens of milliseconds to refresh; a page
        nobody looks at (during a sync, say) should not take that from the one being used.
        """
        if not self.session.is_unlocked:
            return
        if not self.isVisible():
            self._dirty = True
            return
        self._dirty = False
        self._loading += 1
        sequence, generation, services = self._loading, self.session.generation, self.session.services

        def current() -> bool:
            return sequence == self._loading and generation == self.session.generation

        def history_done(points: list[tuple[date, Decimal]] | None, error: BaseException | None) -> None:
            if current() and error is None and points is not None:
                self.history = points
                self.chart.set_points(points)
                self._title_chart()

        def done(snapshot: OverviewSnapshot | None, error: BaseException | None) -> None:
            if not current():
                return
            if error is not None:
                message = error_text(error)
                self.errors.show_general(self.tr("The overview could not be read: %1").replace("%1", message))
                return
            self.errors.clear()
            self._show(snapshot)
            self.tasks.run_query(lambda: load_history(services), history_done)

        self.tasks.run_query(lambda: load_overview(services), done)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._dirty:
            self.reload()

    def clear(self) -> None:
        """Forget every figure (the vault is locking)."""
        self._loading += 1
        self._dirty = False
        self._tick.stop()
        self.history = []
        self.chart.set_points([])
        self.errors.clear()
        self._show(None)

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches(*REFRESH_KINDS):
            self.reload()

    def _on_privacy(self, hidden: bool) -> None:
        self.header.set_hidden(hidden)
        self.chart.set_hidden(hidden)
        for card in self.cards:
            card.set_hidden(hidden)
        for section in self.sections():
            self._show_section_total(section)
        self._show_breakdowns()

    # --- showing ----------------------------------------------------------------------------------

    def _show(self, snapshot: OverviewSnapshot | None) -> None:
        self.snapshot = snapshot
        self.header.set_snapshot(snapshot)
        self._show_breakdowns()
        self._show_cards()
        if snapshot is not None:
            self._tick.start()

    def _show_cards(self) -> None:
        snap = self.snapshot
        layout = [(g, [a.id for a in accs]) for g, accs in snap.groups()] if snap is not None else []
        if snap is not None and layout == self._layout:
            # The same accounts in the same places (a sync or a rename): update the cards in place, far
            # cheaper than building some sixty widgets again on the UI thread.
            owners = {m.id: m.name for m in snap.members}
            by_id = {a.id: a for a in snap.accounts}
            for card in self.cards:
                acc = by_id[card.account.id]
                card.set_account(
                    acc,
                    snap.platform_names.get(acc.platform_id, card.platform),
                    owners.get(acc.member_id, ""),
                )
            for section in self.sections():
                self._show_section_total(section)
            return
        self._layout = layout
        while self._sections.count():
            item = self._sections.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        self.cards = []
        snap = self.snapshot
        if snap is None:
            return
        names = snap.platform_names
        kinds = {p.id: p.kind for p in snap.platforms}
        owners = {m.id: m.name for m in snap.members}
        for group, accounts in snap.groups():
            section = _Section(group)
            section.title.setText(vocabulary.card_group(group))
            self._show_section_total(section)
            for acc in accounts:
                card = AccountCard(
                    acc,
                    names.get(acc.platform_id, f"#{acc.platform_id}"),
                    kinds.get(acc.platform_id, ""),
                    owners.get(acc.member_id, ""),
                )
                card.set_hidden(self.privacy.hidden)
                section.flow.addWidget(card)
                self.cards.append(card)
            self._sections.addWidget(section)

    def _show_section_total(self, section: _Section) -> None:
        total = self.snapshot.group_totals.get(section.group) if self.snapshot is not None else None
        if total is None:
            section.total.setText("")
        elif section.group == "credit" and total.amount <= 0:
            # What is owed, as a positive figure: credit is never shown as a negative balance.
            section.total.setText(
                self.tr("owed %1").replace("%1", wan_text(-total.amount, "CNY", self.privacy.hidden))
            )
        else:
            section.total.setText(wan_text(total.amount, "CNY", self.privacy.hidden))

    def sections(self) -> list[_Section]:
        found = (self._sections.itemAt(i).widget() for i in range(self._sections.count()))
        return [w for w in found if isinstance(w, _Section)]

    def _title_chart(self) -> None:
        self._chart_title.setText(
            self.tr("Net worth, last 12 months (%1)").replace("%1", self.chart.scale()[1])
        )

    def _refresh_cards(self) -> None:
        for card in self.cards:
            card.set_hidden(self.privacy.hidden)

    def _show_breakdowns(self) -> None:
        snap, hidden = self.snapshot, self.privacy.hidden
        if snap is None:
            self.by_member.set_shares([])
            self.by_currency.set_shares([])
            return
        largest = max((abs(t.amount) for _m, t in snap.by_member), default=Decimal(0)) or Decimal(1)
        self.by_member.set_shares(
            [
                Share(
                    m.name or f"#{m.id}",
                    wan_text(t.amount, "CNY", hidden),
                    None if hidden else float(max(t.amount, Decimal(0)) / largest),
                    detail="" if hidden else money_text(t.amount, "CNY"),
                )
                for m, t in snap.by_member
            ]
        )
        converted = [abs(c.converted.amount) for c in snap.by_currency]
        biggest = max(converted, default=Decimal(0)) or Decimal(1)
        shares = []
        for c in snap.by_currency:
            if c.currency == "CNY":
                amount = wan_text(c.amount, "CNY", hidden)
            elif c.converted.missing_rates:
                amount = money_text(c.amount, c.currency, hidden) + " · " + self.tr("no rate yet")
            else:
                amount = (
                    money_text(c.amount, c.currency, hidden)
                    + " ≈ "
                    + wan_text(c.converted.amount, "CNY", hidden)
                )
            share = (
                None
                if hidden or c.converted.missing_rates
                else float(max(c.converted.amount, Decimal(0)) / biggest)
            )
            name = currency_name(c.currency)
            tooltip = self._rate_tooltip(c.currency)
            if name != c.currency:  # the code beside the name, where it helps
                tooltip = f"{c.currency}\n{tooltip}".strip()
            shares.append(Share(name, amount, share, tooltip=tooltip))
        self.by_currency.set_shares(shares)

    def _rate_tooltip(self, currency: str) -> str:
        snap = self.snapshot
        if snap is None or currency == "CNY":
            return ""
        day = snap.net.rate_dates.get(currency)
        if day is None:
            return self.tr("No exchange rate to CNY yet: left out of the totals")
        return self.tr("Converted at the rate of %1").replace("%1", day.isoformat())

    # --- texts --------------------------------------------------------------------------------------

    def _retranslate(self) -> None:
        self._title_chart()
        self.by_member.title.setText(self.tr("By member"))
        self.by_currency.title.setText(self.tr("By currency"))
        self._show_breakdowns()
        for section in self.sections():
            section.title.setText(vocabulary.card_group(section.group))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
