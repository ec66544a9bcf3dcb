"""Connecting a platform: address, member, the consent in the browser (played here), the first sync."""

from __future__ import annotations

import threading

import httpx
import pytest
from PySide6.QtCore import Qt

from connectors.sandbox.provider import LocalSandbox
from tests.ui.conftest import WAIT_MS
from ui.dialogs.connect_platform import MEMBER, PLATFORM, RESULT, WAITING, ConnectPlatformDialog


@pytest.fixture
def sandbox():
    server = pytest.importorskip("connectors.sandbox").Sandbox(seed=7).start()
    yield server
    server.stop()


def browser_logging_in_as(username: str, password: str, opened: list[str], errors: list[BaseException]):
    """A stand-in for the system browser: the person logs in and approves, then lands on our loopback.

    What goes wrong in the browser lands in ``errors``, so a test fails with it instead of waiting."""
    from connectors.sandbox.consent import complete_consent

    def open_url(url: str) -> None:
        opened.append(url)

        def person() -> None:
            try:
                with httpx.Client(timeout=30) as client:  # generous: the machine may be busy
                    location = complete_consent(url, username, password, client)
                    client.get(location)
            except BaseException as exc:  # noqa: BLE001 - handed to the test
                errors.append(exc)

        threading.Thread(target=person, daemon=True).start()

    return open_url


def test_connect_a_sandbox_bank_and_see_its_accounts(qtbot, window, sandbox, wait_idle) -> None:
    window.set_known_platforms(LocalSandbox(sandbox, None).directory())
    _member, username, password = sandbox.logins("bank_a")[0]
    opened: list[str] = []
    errors: list[BaseException] = []
    page = window.accounts_page
    before = len(page.snapshot.accounts)
    dialog = page.connect_platform(open_url=browser_logging_in_as(username, password, opened, errors))
    assert isinstance(dialog, ConnectPlatformDialog)
    assert dialog.step == PLATFORM
    names = [dialog.known_list.item(i).text() for i in range(dialog.known_list.count())]
    assert "汇通银行" in names  # the running sandbox's platforms are offered by name
    dialog.known_list.setCurrentRow(names.index("汇通银行"))
    assert dialog.address.text() == sandbox.platform_urls()["bank_a"]
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.step == MEMBER
    dialog.member.setCurrentIndex(dialog.member.findData(page.snapshot.members[0].id))
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.step == WAITING and dialog.busy.busy
    qtbot.waitUntil(lambda: dialog.step == RESULT or bool(errors), timeout=60_000)
    assert not errors, errors
    assert opened and opened[0].startswith(sandbox.base_url)
    assert dialog.outcome.text().startswith("✓")
    assert "汇通银行" in dialog.outcome.text()
    wait_idle()
    qtbot.waitUntil(lambda: len(page.snapshot.accounts) > before, timeout=WAIT_MS)
    assert page.snapshot.connections and page.snapshot.connections[0].platform_name == "汇通银行"
    assert page.sync_panel.button.isEnabled()  # now there is something to sync
    dialog.accept()


def test_cancel_while_waiting_records_nothing(qtbot, window, sandbox, wait_idle) -> None:
    window.set_known_platforms(LocalSandbox(sandbox, None).directory())
    opened: list[str] = []
    page = window.accounts_page
    dialog = page.connect_platform(open_url=opened.append)  # the person never comes back
    dialog.known_list.setCurrentRow(0)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)  # the consent page was opened
    assert dialog.reopen_button.isEnabled() and opened[0] in dialog.link.text()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    wait_idle()  # the writer gave up at once: no ten-minute wait
    services = window.session.services
    from ui.models.overview import connections_of

    assert connections_of(services) == []


def test_an_address_must_be_a_web_address(qtbot, window) -> None:
    dialog = window.accounts_page.connect_platform()
    dialog.address.setText("bank")
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.step == PLATFORM
    assert "https://" in dialog.errors.message("base_url")
    dialog.reject()


def test_locking_while_waiting_for_consent_ends_the_wait(qtbot, window, sandbox, wait_idle) -> None:
    from shiboken6 import isValid

    window.set_known_platforms(LocalSandbox(sandbox, None).directory())
    opened: list[str] = []
    dialog = window.accounts_page.connect_platform(open_url=opened.append)
    dialog.known_list.setCurrentRow(0)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=WAIT_MS)
    window.lock_action.trigger()
    assert not isValid(dialog) or not dialog.isVisible()
    wait_idle()  # the lock queued behind the connect ran at once, not after the consent timeout
    assert not window.session.is_unlocked
    assert window.unlock_dialog is not None and window.unlock_dialog.isVisible()
