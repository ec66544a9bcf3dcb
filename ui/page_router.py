"""Which pages the sidebar offers, which one is on screen, and where the window returns after unlock.

Only pages with something to show are offered: Overview, Transactions and Reports wait for a first
account.
After an unlock the window goes back to the page it was on when it locked; the first time, to the
Overview once accounts are known (to Accounts while there are none).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QStackedWidget, QWidget

from ui.models.accounts_tree import AccountsSnapshot
from ui.models.overview import stale_platforms
from ui.vault_session import VaultSession
from ui.widgets.navigation import NavigationBar
from ui.widgets.overview_header import list_text

NEEDS_ACCOUNTS = ("overview", "transactions", "reports", "transfer")


class PageRouter(QObject):
    """Keeps the sidebar and the page stack in step; ``locked_page`` is shown while locked."""

    def __init__(
        self,
        session: VaultSession,
        navigation: NavigationBar,
        stack: QStackedWidget,
        pages: dict[str, QWidget],
        locked_page: QWidget,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.navigation, self.stack, self.pages = session, navigation, stack, pages
        self.locked_page = locked_page
        for page in pages.values():
            stack.addWidget(page)
        stack.addWidget(locked_page)
        for key in NEEDS_ACCOUNTS:
            navigation.set_page_visible(key, False)
        navigation.page_selected.connect(self.show)
        self.last = ""  # the page on screen when the vault locked
        self._choosing = False  # pick the page once the accounts are known

    def show(self, key: str) -> None:
        page = self.pages.get(key)
        if page is None or not self.session.is_unlocked or not self.navigation.is_page_visible(key):
            return
        self.stack.setCurrentWidget(page)
        if self.navigation.current_key() != key:
            self.navigation.select(key)

    def unlocked(self) -> None:
        self._choosing = True
        self.show(self.last if self.navigation.is_page_visible(self.last) else "accounts")

    def locked(self) -> None:
        if self.stack.currentWidget() is not self.locked_page:
            self.last = self.navigation.current_key()
        self.stack.setCurrentWidget(self.locked_page)

    def accounts_loaded(self, snapshot: AccountsSnapshot | None) -> None:
        """Offer the pages that now have something to show; badge platforms that could not be updated."""
        if snapshot is None:
            self.navigation.set_badge("accounts", 0)
            return
        has_accounts = bool(snapshot.accounts)
        for key in NEEDS_ACCOUNTS:
            self.navigation.set_page_visible(key, has_accounts)
        names = {p.id: p.name for p in snapshot.platforms}
        stale = stale_platforms(snapshot.accounts, snapshot.connections, names)
        tooltip = QCoreApplication.translate("PageRouter", "Not updated at the last sync: %1")
        self.navigation.set_badge(
            "accounts", len(stale), tooltip.replace("%1", list_text([s.name for s in stale]))
        )
        if not self.navigation.is_page_visible(self.navigation.current_key()):
            self.show("accounts")
        elif self._choosing:
            back = self.last if self.last and self.navigation.is_page_visible(self.last) else ""
            self.show(back or ("overview" if has_accounts else "accounts"))
        self._choosing = False
