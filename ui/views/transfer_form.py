"""The transfer form in one column (from, to, amount with 大写, memo, arrival) and the live decision beside it.

Every change asks ``services.preview_transfer`` on a worker: at most one preview runs at a time, and one
typed while it runs is asked as soon as it returns (older answers are dropped), so the panel always ends on
the decision for what is on screen. The idempotency key is made when the form starts a transfer and kept
until that transfer is persisted: pressing Continue twice can never send twice.

Between accounts in different currencies the platform's quote comes first ("Get quote", a network call on
a worker): what leaves with the fee, the rate, what arrives, and how long it holds. The request then carries
the quote's id, so the preview and the confirmation use it; changing the amount or either account drops
it, and an expired one keeps Continue off until a new one is fetched.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QResizeEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.errors import MoneyError
from app.services import TransferRequest
from ui.amounts import Privacy, money_text
from ui.error_text import error_text
from ui.language import is_language_change
from ui.models.transfer_choices import Target, TransferChoices
from ui.tasks import TaskManager
from ui.transfer_words import ARRIVALS, arrival_word, quote_expired, quote_left_text, quote_lines
from ui.vault_session import VaultSession
from ui.widgets.amount_edit import AmountEdit
from ui.widgets.decision_panel import DecisionPanel

MAX_MEMO = 140  # what banks carry in a transfer's purpose field (the core checks it again)
TARGET_ROLE = Qt.ItemDataRole.UserRole + 1
SIDE_BY_SIDE = 820  # px of page width from which the decision sits beside the form


def new_key() -> str:
    """A fresh idempotency key: 128 random bits, as the core makes them."""
    return secrets.token_hex(16)


class TransferForm(QWidget):
    """Emits ``continue_requested(request, preview)`` when the decision for what is typed allows going on."""

    continue_requested = Signal(object, object)

    def __init__(self, session: VaultSession, tasks: TaskManager, privacy: Privacy,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("transferForm")
        self.session, self.tasks, self.privacy = session, tasks, privacy
        self.choices: TransferChoices | None = None
        self.key = new_key()
        self._in_flight = False
        self._dirty = False
        self.previews = 0  # decisions shown (tests and the keystroke benchmark count them)
        self.quote: Any = None  # the platform's TransferQuote for what ``_quoted_for`` names
        self._quoted_for: tuple[Any, ...] | None = None
        self._quote_asked: tuple[Any, ...] | None = None  # what the quote being fetched is for
        self.from_combo = QComboBox()
        self.from_combo.setObjectName("transferFrom")
        self.to_combo = QComboBox()
        self.to_combo.setObjectName("transferTo")
        self._to_model = QStandardItemModel(self)
        self.to_combo.setModel(self._to_model)
        for combo in (self.from_combo, self.to_combo):  # long account names elide rather than widen the form
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
        self.amount = AmountEdit()
        self.amount.setObjectName("transferAmount")
        big = QFont(self.amount.edit.font())
        if big.pointSizeF() > 0:
            big.setPointSizeF(big.pointSizeF() + 4)
        self.amount.edit.setFont(big)
        self.memo = QLineEdit()
        self.memo.setObjectName("transferMemo")
        self.memo.setMaxLength(MAX_MEMO)
        self.arrival = QComboBox()
        self.arrival.setObjectName("transferArrival")
        for arrival in ARRIVALS:
            self.arrival.addItem("", arrival)
        self.quote_button = QPushButton()
        self.quote_button.setObjectName("transferGetQuote")
        self.quote_button.clicked.connect(self.get_quote)
        self.quote_text = QLabel()
        self.quote_text.setObjectName("transferQuote")
        self.quote_text.setWordWrap(True)
        self.quote_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.quote_left = QLabel()
        self.quote_left.setObjectName("hint")
        self.quote_left.setWordWrap(True)
        self.quote_box = QWidget()
        self.quote_box.setObjectName("transferQuoteBox")
        quote_rows = QVBoxLayout(self.quote_box)
        quote_rows.setContentsMargins(0, 0, 0, 0)
        quote_rows.setSpacing(4)
        quote_rows.addWidget(self.quote_text)
        quote_rows.addWidget(self.quote_left)
        quote_button_row = QHBoxLayout()
        quote_button_row.addWidget(self.quote_button)
        quote_button_row.addStretch(1)
        quote_rows.addLayout(quote_button_row)
        self.quote_timer = QTimer(self)
        self.quote_timer.setInterval(1000)
        self.quote_timer.timeout.connect(self.tick_quote)
        self.continue_button = QPushButton()
        self.continue_button.setObjectName("transferContinue")
        self.continue_button.setProperty("primary", True)
        self.continue_button.setMinimumHeight(34)
        self.continue_button.setEnabled(False)
        self.continue_button.clicked.connect(self._continue)
        self.new_button = QPushButton()
        self.new_button.setObjectName("transferNew")
        self.new_button.clicked.connect(self.start_new)
        self.result = QLabel()
        self.result.setObjectName("transferResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        self.panel = DecisionPanel()
        self._labels = {key: QLabel() for key in ("from", "to", "amount", "quote", "memo", "arrival")}
        for key, buddy in (("from", self.from_combo), ("to", self.to_combo), ("amount", self.amount),
                           ("quote", self.quote_button), ("memo", self.memo), ("arrival", self.arrival)):
            self._labels[key].setBuddy(buddy)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(12)
        for key, widget in (("from", self.from_combo), ("to", self.to_combo), ("amount", self.amount),
                            ("quote", self.quote_box), ("memo", self.memo), ("arrival", self.arrival)):
            form.addRow(self._labels[key], widget)
        self._form = form
        form.setRowVisible(self.quote_box, False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        column = QWidget()
        left = QVBoxLayout(column)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(12)
        left.addLayout(form)
        left.addLayout(buttons)
        left.addWidget(self.result)
        left.addStretch(1)
        # Side by side when there is room; the decision goes under the form in a narrow window.
        content = QWidget()
        content.setObjectName("scrollBody")
        self.columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, content)
        self.columns.setContentsMargins(0, 12, 8, 0)
        self.columns.setSpacing(16)
        self.columns.addWidget(column, 1)  # half the width: an account's name and balance fit at 1366 px
        self.columns.addWidget(self.panel, 1)
        scroll = QScrollArea()
        scroll.setObjectName("pageScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.from_combo.currentIndexChanged.connect(self._on_from)
        self.to_combo.currentIndexChanged.connect(lambda _i: self.changed())
        self.amount.changed.connect(self.changed)
        self.memo.textChanged.connect(lambda _t: self.changed())
        self.arrival.currentIndexChanged.connect(lambda _i: self.changed())
        self.privacy.changed.connect(lambda _h: (self._fill_sources(), self._show_quote()))
        self.retranslate()

    # --- what is offered --------------------------------------------------------------------------

    def set_choices(self, choices: TransferChoices | None) -> None:
        """Fill the lists (keeping what was chosen when it is still there)."""
        self.choices = choices
        self._fill_sources()
        self._fill_targets()
        self.changed()

    def _fill_sources(self) -> None:
        chosen = self.from_combo.currentData()
        self.from_combo.blockSignals(True)
        self.from_combo.clear()
        for account in self.choices.sources if self.choices is not None else ():
            text = self.choices.account_names.get(account.id, account.name) if self.choices else account.name
            if account.balance is not None:
                text += "  " + money_text(account.balance, account.currency, self.privacy.hidden)
            self.from_combo.addItem(text, account.id)
        index = self.from_combo.findData(chosen)
        self.from_combo.setCurrentIndex(max(index, 0) if self.from_combo.count() else -1)
        self.from_combo.setToolTip(self.from_combo.currentText())
        self.from_combo.blockSignals(False)
        self._sync_currency()

    def _fill_targets(self) -> None:
        chosen = self._target()
        sender = self.from_combo.currentData()
        self.to_combo.blockSignals(True)
        self._to_model.clear()
        choices = self.choices
        if choices is not None:
            groups: list[tuple[str, tuple[Target, ...], str]] = [
                (self.tr("My accounts"), tuple(t for t in choices.own if t.id != sender), ""),
                (self.tr("Family accounts"), choices.family, ""),
                (self.tr("Saved payees"), choices.payees, ""),
                (self.tr("Other members' accounts"), choices.others,
                 self.tr("Not a confirmed family account: ask its holder to offer it under Household, Family "
                         "payees, or save it as a payee.")),
            ]
            for title, targets, why_not in groups:
                if not targets:
                    continue
                heading = QStandardItem(title)
                heading.setFlags(Qt.ItemFlag.NoItemFlags)
                font = QFont(self.to_combo.font())
                font.setBold(True)
                heading.setFont(font)
                self._to_model.appendRow(heading)
                for target in targets:
                    item = QStandardItem("    " + target.text)
                    item.setData(target, TARGET_ROLE)
                    item.setToolTip(why_not or target.text)
                    if why_not:
                        item.setFlags(Qt.ItemFlag.NoItemFlags)
                    self._to_model.appendRow(item)
        self.to_combo.setCurrentIndex(-1)
        if chosen is not None:
            for row in range(self._to_model.rowCount()):
                target = self._to_model.item(row).data(TARGET_ROLE)
                if target is not None and (target.kind, target.id) == (chosen.kind, chosen.id):
                    self.to_combo.setCurrentIndex(row)
        self.to_combo.blockSignals(False)

    def _target(self) -> Target | None:
        row = self.to_combo.currentIndex()
        item = self._to_model.item(row) if row >= 0 else None
        target = item.data(TARGET_ROLE) if item is not None else None
        return target if isinstance(target, Target) and target.kind != "other" else None

    def select_target(self, kind: str, target_id: int) -> bool:
        """Choose a receiver by kind ("own", "family", "payee") and id; False when it is not offered."""
        for row in range(self._to_model.rowCount()):
            target = self._to_model.item(row).data(TARGET_ROLE)
            if isinstance(target, Target) and (target.kind, target.id) == (kind, target_id):
                self.to_combo.setCurrentIndex(row)
                return True
        return False

    def _currency(self) -> str:
        account_id = self.from_combo.currentData()
        if self.choices is not None:
            for account in self.choices.sources:
                if account.id == account_id:
                    return account.currency
        return "CNY"

    def _sync_currency(self) -> None:
        self.amount.set_currency(self._currency())

    def _on_from(self, _index: int) -> None:
        self.from_combo.setToolTip(self.from_combo.currentText())  # the whole name where it is cut short
        self._sync_currency()
        self._fill_targets()
        self.changed()

    # --- the request and its live decision --------------------------------------------------------

    def request(self) -> TransferRequest | str:
        """The request on screen, or what is missing, in words."""
        account_id = self.from_combo.currentData()
        if account_id is None:
            return self.tr("Choose an account to send from.")
        target = self._target()
        if target is None:
            return self.tr("Choose who receives the money.")
        try:
            amount = self.amount.amount()
        except MoneyError as exc:
            return str(exc)
        if amount is None or amount <= Decimal(0):
            return self.tr("Type the amount to send.")
        return TransferRequest(
            from_account_id=int(account_id), amount=amount, currency=self._currency(), memo=self.memo.text(),
            to_account_id=None if target.kind == "payee" else target.id,
            payee_id=target.id if target.kind == "payee" else None,
            arrival=str(self.arrival.currentData()), idempotency_key=self.key,
            quote_id=self.quote.quote_id if self.quote is not None else None)

    # --- a quote between currencies ---------------------------------------------------------------

    def cross_currency(self) -> bool:
        """The chosen receiver is an account in another currency than the sending one."""
        target = self._target()
        return target is not None and target.kind != "payee" and target.currency != self._currency()

    def _quote_key(self) -> tuple[Any, ...] | None:
        """What a quote is for: sender, receiver and amount (None while the form names no full request)."""
        target = self._target()
        try:
            amount = self.amount.amount()
        except MoneyError:
            return None
        if target is None or amount is None or amount <= Decimal(0):
            return None
        return (self.from_combo.currentData(), target.kind, target.id, amount)

    def get_quote(self) -> None:
        """Ask the sending platform for its firm quote, on a worker (a network call)."""
        request = self.request()
        key = self._quote_key()
        if isinstance(request, str) or key is None or not self.cross_currency() or not self.session.is_unlocked:
            return
        request = replace(request, quote_id=None)
        services, generation = self.session.services, self.session.generation
        self._quote_asked = key
        self.quote_button.setEnabled(False)
        self.quote_left.setText(self.tr("Asking the platform for its rate…"))
        self.quote_left.show()

        def done(quote: Any, error: BaseException | None) -> None:
            if generation != self.session.generation or self._quote_asked != key:
                return  # the form changed while it was fetched: that quote is for something else
            self._quote_asked = None
            self.quote_button.setEnabled(True)
            if error is not None or quote is None:
                self.quote_left.setText(self.tr("No quote: %1").replace("%1", error_text(error)))
                return
            self.quote, self._quoted_for = quote, key
            self.quote_timer.start()
            self._show_quote()
            self.changed()

        self.tasks.run_query(lambda: services.quote_transfer(request), done)

    def drop_quote(self) -> None:
        self.quote, self._quoted_for, self._quote_asked = None, None, None
        self.quote_timer.stop()
        self._show_quote()

    def tick_quote(self) -> None:
        """Every second while a quote is shown: its countdown, and Continue off once it runs out."""
        self._show_quote()
        if self.quote is not None and quote_expired(self.quote, clock.utcnow()):
            self.quote_timer.stop()
            self.continue_button.setEnabled(False)

    def _show_quote(self) -> None:
        cross = self.cross_currency()
        self._form.setRowVisible(self.quote_box, cross)
        if not cross:
            return
        fetching = self._quote_asked is not None
        self.quote_button.setEnabled(not fetching)
        if self.quote is None:
            self.quote_text.setText(self.tr("%1 and %2 hold different currencies: the platform's quote shows "
                                            "the rate, the fee and what arrives.").replace(
                "%1", self._currency()).replace("%2", self._target().currency if self._target() else ""))
            self.quote_button.setText(self.tr("Get &quote"))
            if not fetching:
                self.quote_left.hide()
            return
        now = clock.utcnow()
        self.quote_text.setText(quote_lines(self.quote, self.privacy.hidden))
        self.quote_left.setText(quote_left_text(self.quote, now))
        self.quote_left.show()
        self.quote_button.setText(self.tr("Get a new &quote"))

    def _quote_ok(self, preview: Any) -> bool:
        """Continue needs the quote between currencies, still valid."""
        if not getattr(preview, "cross_currency", False):
            return True
        quote = getattr(preview, "quote", None)
        return quote is not None and not quote_expired(quote, clock.utcnow())

    # --- deciding ---------------------------------------------------------------------------------

    def changed(self) -> None:
        """Something on the form changed: decide again (one preview at a time, the newest wins)."""
        self.continue_button.setEnabled(False)
        key = self._quote_key()
        if (self.quote is not None and key != self._quoted_for) or (
                self._quote_asked is not None and key != self._quote_asked):
            self.drop_quote()  # a quote is for one amount between two accounts
        else:
            self._show_quote()
        self._dirty = True
        if not self._in_flight:
            self._ask()

    def _ask(self) -> None:
        self._dirty = False
        request = self.request()
        if isinstance(request, str) or not self.session.is_unlocked:
            self.panel.show_message(request if isinstance(request, str) else "")
            return
        services, generation = self.session.services, self.session.generation
        self._in_flight = True
        self.tasks.run_query(lambda: services.preview_transfer(request),
                             lambda result, error: self._answered(generation, request, result, error))

    def _answered(self, generation: int, request: TransferRequest, preview: Any,
                  error: BaseException | None) -> None:
        self._in_flight = False
        if generation != self.session.generation:
            return
        if self._dirty:  # the form changed while this was decided: decide what is on screen now
            self._ask()
            return
        self.previews += 1
        if error is not None:
            self.panel.show_message(error_text(error))
            return
        names = self.choices.member_names if self.choices is not None else {}
        self.panel.show_preview(preview, names)
        self.continue_button.setEnabled(not preview.decision.denied and not preview.reconnect
                                        and self._quote_ok(preview))

    def _continue(self) -> None:
        preview = self.panel.preview
        request = self.request()
        if preview is None or isinstance(request, str) or preview.request.digest() != request.checked().digest():
            return
        if not self._quote_ok(preview):
            self.tick_quote()
            return
        self.continue_requested.emit(request, preview)

    def start_new(self) -> None:
        """A new transfer: a new key, the amount and memo cleared (the accounts stay chosen)."""
        self.key = new_key()
        self.drop_quote()
        self.amount.setText("")
        self.memo.clear()
        self.arrival.setCurrentIndex(0)
        self.result.hide()
        self.changed()

    def transfer_persisted(self, text: str) -> None:
        """What was sent (or refused) is kept under this key: the next transfer gets a new one."""
        self.key = new_key()
        self.drop_quote()
        self.amount.setText("")
        self.memo.clear()
        self.result.setText(text)
        self.result.show()
        self.changed()

    def clear(self) -> None:
        self.choices = None
        self.key = new_key()
        self.quote, self._quoted_for, self._quote_asked = None, None, None
        self.quote_timer.stop()
        self.amount.setText("")
        self.memo.clear()
        self.result.hide()
        self.from_combo.clear()
        self._to_model.clear()
        self.panel.show_message("")

    # --- words ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self._labels["from"].setText(self.tr("&From:"))
        self._labels["to"].setText(self.tr("&To:"))
        self._labels["amount"].setText(self.tr("&Amount:"))
        self._labels["memo"].setText(self.tr("&Purpose:"))
        self._labels["arrival"].setText(self.tr("A&rrival:"))
        self._labels["quote"].setText(self.tr("Exchange:"))
        self.memo.setPlaceholderText(self.tr("Required when sending to anyone but yourself, e.g. rent for May"))
        self.to_combo.setPlaceholderText(self.tr("Choose a receiver"))
        for index in range(self.arrival.count()):
            self.arrival.setItemText(index, arrival_word(str(self.arrival.itemData(index))))
        self.continue_button.setText(self.tr("&Continue…"))
        self.new_button.setText(self.tr("&New transfer"))
        self.panel.retranslate()
        if self.choices is not None:
            self._fill_targets()
        self._show_quote()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        wide = event.size().width() >= SIDE_BY_SIDE
        direction = QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom
        if self.columns.direction() != direction:
            self.columns.setDirection(direction)
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)
