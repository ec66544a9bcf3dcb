"""One account on the Overview: platform and name, last four digits, balance, freshness and staleness.

Credit cards and credit lines show what is used of the limit and the next due date, never a negative
balance. A stale balance carries a badge whose tooltip says why.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget

from app import clock
from app.ledger import vocabulary
from app.ledger.records import AccountView
from app.ledger.vocabulary import CREDIT_KINDS
from ui.amounts import figures_font, money_text
from ui.icons import icon
from ui.language import is_language_change
from ui.models.accounts_tree import number_tail
from ui.models.overview import credit_used
from ui.when import month_day, next_day_of_month, updated_ago

CARD_SIZE = QSize(250, 150)  # the least width (cards stretch to fill a row) and the height


class StaleBadge(QLabel):
    """An amber chip, "Stale", with the reason as its tooltip (the ⚠ keeps it readable without colour)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("staleBadge")
        self.hide()

    def set_reason(self, stale: bool, reason: str) -> None:
        self.setText("⚠ " + self.tr("Stale"))
        self.setToolTip(reason or self.tr("The last sync did not finish; this balance may be out of date."))
        self.setVisible(stale)


class AccountCard(QFrame):
    """Shows one ``AccountView``; ``set_hidden`` masks its amounts, ``now`` is for tests."""

    def __init__(
        self,
        account: AccountView,
        platform: str,
        platform_kind: str,
        owner: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("accountCard")
        self.owner = owner
        self.setMinimumWidth(CARD_SIZE.width())
        self.setFixedHeight(CARD_SIZE.height())
        self.account, self.platform = account, platform
        self.now: datetime | None = None
        self._hidden = False
        logo = QLabel()
        logo.setPixmap(icon(platform_kind or "bank").pixmap(18, 18))
        self.title = QLabel()
        self.title.setObjectName("cardTitle")
        self.tail = QLabel()
        self.tail.setObjectName("hint")
        self.tail.setFont(figures_font(self.tail.font()))
        self.subtitle = QLabel()
        self.subtitle.setObjectName("hint")
        self.amount = QLabel()
        self.amount.setObjectName("cardAmount")
        font = figures_font(self.amount.font(), bold=True)
        font.setPointSizeF(max(font.pointSizeF(), 10) * 1.35)
        self.amount.setFont(font)
        self.detail = QLabel()
        self.detail.setObjectName("hint")
        self.detail.setFont(figures_font(self.detail.font()))
        self.usage = QProgressBar()
        self.usage.setObjectName("creditUsage")
        self.usage.setTextVisible(False)
        self.usage.setFixedHeight(4)
        self.updated = QLabel()
        self.updated.setObjectName("hint")
        self.stale = StaleBadge()
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(logo)
        top.addWidget(self.title, 1)
        top.addWidget(self.tail)
        bottom = QHBoxLayout()
        bottom.addWidget(self.updated, 1)
        bottom.addWidget(self.stale)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(3)
        layout.addLayout(top)
        layout.addWidget(self.subtitle)
        layout.addSpacing(2)
        layout.addWidget(self.amount)
        layout.addWidget(self.detail)
        layout.addWidget(self.usage)
        layout.addStretch(1)
        layout.addLayout(bottom)
        self._show()

    def set_account(self, account: AccountView, platform: str, owner: str) -> None:
        """Show newer figures of the same account (after a sync) without building the card again."""
        self.account, self.platform, self.owner = account, platform, owner
        self._show()

    @property
    def is_credit(self) -> bool:
        return self.account.kind in CREDIT_KINDS

    def set_hidden(self, hidden: bool) -> None:
        self._hidden = hidden
        self._show()

    def _elide(self) -> None:
        # Inside the frame's border and the layout's margins; the title shares its line with the
        # platform's logo and the number's tail.
        inner = self.contentsRect().width() - 28
        room = max(60, inner - 18 - 2 * 6 - self.tail.sizeHint().width())
        name = self.account.name or self.platform
        self.title.setText(self.title.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, room))
        subtitle = " · ".join(p for p in (self.platform, self.owner) if p)
        self.subtitle.setText(
            self.subtitle.fontMetrics().elidedText(subtitle, Qt.TextElideMode.ElideRight, max(60, inner))
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._elide()

    def _show(self) -> None:
        acc = self.account
        # "尾号 1234" for card and phone numbers; a masked login such as wx****uo is shown as it is.
        self.tail.setText(number_tail(acc.last4) if acc.last4.isdigit() else acc.number)
        about = (acc.name, self.platform, vocabulary.account_kind(acc.kind), self.owner)
        self.title.setToolTip("\n".join(p for p in about if p))
        self._elide()
        self.updated.setText(updated_ago(acc.balance_as_of, self.now))
        self.stale.set_reason(acc.stale, acc.stale_reason)
        if acc.damaged:
            self.amount.setText("—")
            self.detail.setText(self.tr("This account cannot be read: %1").replace("%1", acc.damaged))
            self.usage.hide()
            return
        if self.is_credit:
            self._show_credit()
        else:
            self._show_balance()

    def _show_balance(self) -> None:
        acc, hidden = self.account, self._hidden
        self.usage.hide()
        if acc.balance is None:
            self.amount.setText("—")
            self.detail.setText(self.tr("No balance recorded yet"))
            return
        text = money_text(acc.balance, acc.currency, hidden)
        negative = acc.balance_warning == vocabulary.OVERDRAWN and not hidden
        # A minus sign and a warning mark, never colour alone; hidden, the mark would leak the sign.
        self.amount.setText(("⚠ " if negative else "") + text)
        self.amount.setToolTip(self.tr("Negative balance") if negative else "")
        self.detail.setText("")

    def _show_credit(self) -> None:
        acc, hidden = self.account, self._hidden
        used = credit_used(acc)
        limit = acc.credit_limit
        over = acc.balance_warning == vocabulary.OVER_LIMIT and not hidden
        # Owing is normal on credit; only owing more than the limit is marked (hidden, it would leak it).
        self.amount.setText(("⚠ " if over else "") + money_text(used, acc.currency, hidden))
        self.amount.setToolTip(
            self.tr("Owes more than the credit limit")
            if over
            else self.tr("Used of the credit limit (what is owed)")
        )
        parts = [self.tr("used")]
        if limit is not None and limit > 0:
            parts = [self.tr("used of %1").replace("%1", money_text(limit, acc.currency, hidden))]
            self.usage.setRange(0, 1000)
            self.usage.setValue(0 if hidden else int(min(used / limit, 1) * 1000))
            self.usage.show()
        else:
            self.usage.hide()
        if acc.due_day:
            due = next_day_of_month(acc.due_day, self._today())
            parts.append(self.tr("due %1").replace("%1", month_day(due)))
        self.detail.setText(" · ".join(parts))

    def _today(self) -> date:
        return clock.to_local(self.now).date() if self.now else clock.local_today()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._show()
        super().changeEvent(event)
