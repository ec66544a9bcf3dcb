"""Connect a platform: its address, the member who consents, the browser consent, then the first sync.

The consent happens on the platform's own page in the system browser; Huiliu never sees the password.
The platform sends the browser back to a one-off address on this computer (a loopback receiver), which
ends the wait. Cancel closes that receiver, so nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ledger import vocabulary
from app.ledger.records import MemberView
from app.services import AppServices, ConsentReceiver, KnownPlatform, PlatformResult
from ui.dialogs.form_dialog import keyboard_ready
from ui.error_text import error_text
from ui.icons import icon
from ui.language import is_language_change
from ui.platform_sync import ConnectJob, open_in_browser
from ui.tasks import TaskManager
from ui.widgets.busy_indicator import BusyIndicator
from ui.widgets.field_errors import FieldErrors

PLATFORM, MEMBER, WAITING, RESULT = range(4)


def _page(*widgets: QWidget) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(8)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return page


class ConnectPlatformDialog(QDialog):
    """Four steps in one window; ``job`` is the running consent (None before and after)."""

    def __init__(
        self,
        tasks: TaskManager,
        services: AppServices,
        members: list[MemberView],
        known: list[KnownPlatform],
        open_url: Callable[[str], None] = open_in_browser,
        receiver_factory: Callable[[], ConsentReceiver] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("connectDialog")
        self.tasks, self.services, self.members, self.known = tasks, services, members, known
        self.open_url = open_url
        self.receiver_factory = receiver_factory or services.consent_receiver
        self.job: ConnectJob | None = None
        self.result: tuple[int, PlatformResult | None] | None = None
        self.errors = FieldErrors()
        self._title = QLabel()
        self._title.setObjectName("dialogTitle")
        self._step = QLabel()
        self._step.setObjectName("hint")
        # Step 1: the platform.
        self._platform_intro = QLabel()
        self._platform_intro.setWordWrap(True)
        self.known_list = QListWidget()
        self.known_list.setObjectName("knownPlatforms")
        for platform in known:
            item = QListWidgetItem(icon(platform.kind or "bank"), platform.name)
            item.setData(Qt.ItemDataRole.UserRole, platform.url)
            item.setToolTip(platform.url)
            self.known_list.addItem(item)
        self.known_list.setVisible(bool(known))
        self.known_list.currentItemChanged.connect(self._on_known)
        self.address = QLineEdit()
        self.address.setPlaceholderText("https://api.example-bank.cn/huiliu")
        self.address.textChanged.connect(lambda _t: self._update_buttons())
        self._address_label = QLabel()
        address_form = QFormLayout()
        address_form.addRow(self._address_label, self.errors.wrap("base_url", self.address))
        address_box = QWidget()
        address_box.setLayout(address_form)
        # Step 2: the member.
        self._member_intro = QLabel()
        self._member_intro.setWordWrap(True)
        self.member = QComboBox()
        for m in members:
            self.member.addItem(icon("member"), f"{m.name} · {vocabulary.role(m.role)}", m.id)
        self.member.currentIndexChanged.connect(lambda _i: self._show_login_hint())
        self.login_hint = QLabel()
        self.login_hint.setObjectName("hint")
        self.login_hint.setWordWrap(True)
        self.login_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Step 3: waiting for the browser.
        self.busy = BusyIndicator()
        self._waiting_text = QLabel()
        self._waiting_text.setWordWrap(True)
        self.link = QLabel()
        self.link.setObjectName("hint")
        self.link.setWordWrap(True)
        self.link.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reopen_button = QPushButton()
        self.reopen_button.clicked.connect(self._reopen)
        self.reopen_button.setEnabled(False)
        self._consent_url = ""
        # Step 4: the outcome.
        self.outcome = QLabel()
        self.outcome.setObjectName("outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pages = QStackedWidget()
        self.pages.addWidget(_page(self._platform_intro, self.known_list, address_box))
        self.pages.addWidget(_page(self._member_intro, self.member, self.login_hint))
        self.pages.addWidget(_page(self._waiting_text, self.busy, self.link, self.reopen_button))
        self.pages.addWidget(_page(self.outcome))
        self.back_button, self.next_button = QPushButton(), QPushButton()
        self.cancel_button, self.close_button = QPushButton(), QPushButton()
        self.next_button.setProperty("primary", True)
        self.close_button.setProperty("primary", True)
        self.back_button.clicked.connect(self._back)
        self.next_button.clicked.connect(self._next)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(10)
        layout.addWidget(self._title)
        layout.addWidget(self._step)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.errors.general)
        layout.addLayout(buttons)
        self.setMinimumSize(520, 420)
        self.retranslate()
        if known:
            self.known_list.setCurrentRow(0)
        self._go(PLATFORM)

    # --- steps ---------------------------------------------------------------------------------

    @property
    def step(self) -> int:
        return self.pages.currentIndex()

    def _go(self, step: int) -> None:
        self.pages.setCurrentIndex(step)
        self._step.setText(self.tr("Step %1 of 4").replace("%1", str(step + 1)))
        if step == MEMBER:
            self._show_login_hint()
        self._update_buttons()
        if self.isVisible():
            self._focus_step()

    def _focus_step(self) -> None:
        """Each step opens on its field; Enter goes on (keyPressEvent), Escape cancels, Close at the end."""
        step = self.step
        if step == RESULT:
            keyboard_ready(self, self.close_button, self.close_button)
            return
        first = {
            PLATFORM: self.known_list if self.known_list.count() else self.address,
            MEMBER: self.member,
            WAITING: self.reopen_button,
        }.get(step)
        keyboard_ready(self, self.next_button, first)

    def showEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)  # type: ignore[arg-type]
        if not event.spontaneous():
            self._focus_step()

    def _update_buttons(self) -> None:
        step = self.step
        self.back_button.setVisible(step == MEMBER)
        self.next_button.setVisible(step in (PLATFORM, MEMBER))
        self.next_button.setText(self.tr("Open consent page") if step == MEMBER else self.tr("Next"))
        self.next_button.setEnabled(
            (step == PLATFORM and bool(self.address.text().strip()))
            or (step == MEMBER and self.member.currentIndex() >= 0)
        )
        self.cancel_button.setVisible(step != RESULT)
        self.close_button.setVisible(step == RESULT)

    def _back(self) -> None:
        self.errors.clear()
        self._go(PLATFORM)

    def _next(self) -> None:
        self.errors.clear()
        if self.step == PLATFORM:
            address = self.address.text().strip()
            if not address.lower().startswith(("http://", "https://")):
                self.errors.show("base_url", self.tr("Type the platform's address, starting with https://"))
                return
            self._go(MEMBER)
        elif self.step == MEMBER:
            self._start_consent()

    def _on_known(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.address.setText(str(item.data(Qt.ItemDataRole.UserRole)))

    def _known_platform(self) -> KnownPlatform | None:
        address = self.address.text().strip()
        return next((p for p in self.known if p.url == address), None)

    def _show_login_hint(self) -> None:
        platform = self._known_platform()
        member = self.members[self.member.currentIndex()] if self.member.currentIndex() >= 0 else None
        login = None
        if platform is not None and member is not None:
            login = next((x for x in platform.logins if x.member == member.name), None)
        if login is not None:
            self.login_hint.setText(
                self.tr("Demo platform: log in as %1 with the password %2.")
                .replace("%1", login.username)
                .replace("%2", login.password)
            )
        elif platform is not None and platform.logins:
            self.login_hint.setText(self.tr("This member has no login on this demo platform."))
        else:
            self.login_hint.setText(
                self.tr("Huiliu never sees the password: it is typed on the platform's page.")
            )

    # --- consent -------------------------------------------------------------------------------

    def _start_consent(self) -> None:
        member_id = int(self.member.currentData())
        try:
            receiver = self.receiver_factory()
        except OSError as exc:
            self.errors.show_general(
                self.tr("Huiliu could not listen for the platform's answer: %1").replace("%1", str(exc))
            )
            return
        # No Qt parent: the job must outlive a dialog closed mid-consent until its worker reports back.
        self.job = ConnectJob(self.tasks, self.services, receiver, self.open_url)
        self.job.consent_page.connect(self._on_consent_page)
        self.job.finished.connect(self._on_finished)
        self.link.clear()
        self.reopen_button.setEnabled(False)
        self.busy.start(self.tr("Waiting for the consent in your browser…"))
        self._go(WAITING)
        self.job.start(self.address.text().strip(), member_id)

    def _on_consent_page(self, url: str) -> None:
        self._consent_url = url
        self.link.setText(self.tr("If no browser opened, open this address: %1").replace("%1", url))
        self.reopen_button.setEnabled(True)

    def _reopen(self) -> None:
        if self._consent_url:
            self.open_url(self._consent_url)

    def _on_finished(
        self, result: tuple[int, PlatformResult | None] | None, error: BaseException | None
    ) -> None:
        job, self.job = self.job, None
        self.busy.stop()
        if job is not None and job.cancelled:
            return  # the dialog is already closing; nothing was recorded
        if error is not None:
            message = error_text(error)
            self.errors.show_general(self.tr("The platform was not connected: %1").replace("%1", message))
            self._go(MEMBER)
            return
        self.result = result
        self.outcome.setText(self.outcome_text())
        self._go(RESULT)

    def outcome_text(self) -> str:
        if self.result is None:
            return ""
        first = self.result[1]
        if first is None:
            return "✓ " + self.tr("Connected.")
        if first.status == "ok":
            return "✓ " + self.tr("Connected %1: %2, %3.").replace("%1", first.platform).replace(
                "%2", self.tr("%Ln accounts", "", first.accounts)
            ).replace("%3", self.tr("%Ln new transactions", "", first.added))
        return "⚠ " + self.tr("Connected %1, but the first sync did not finish: %2").replace(
            "%1", first.platform
        ).replace("%2", first.reason)

    # --- closing -------------------------------------------------------------------------------

    def reject(self) -> None:
        if self.job is not None:
            self.job.cancel()  # ends the wait now; the half-done consent is dropped, nothing was written
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.job is not None:
            self.job.cancel()
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.next_button.isVisible():
            if self.next_button.isEnabled():
                self._next()
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Connect a platform"))
        self._title.setText(self.tr("Connect a platform"))
        self._platform_intro.setText(
            self.tr(
                "Huiliu reads balances and transactions through the platform's open interface, with your "
                "consent. Choose a platform or type its address."
            )
        )
        self._address_label.setText(self.tr("Platform address"))
        self._member_intro.setText(
            self.tr("Whose login gives the consent? The accounts found are added to this member.")
        )
        self._waiting_text.setText(
            self.tr(
                "The platform's consent page is open in your browser. Log in there and approve read access; "
                "this window continues by itself."
            )
        )
        self.reopen_button.setText(self.tr("Open the page again"))
        self.back_button.setText(self.tr("Back"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.close_button.setText(self.tr("Close"))
        self._go(self.step)
        if self.result is not None:
            self.outcome.setText(self.outcome_text())

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)
