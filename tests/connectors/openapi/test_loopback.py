"""The loopback receiver catches the browser's redirect, thanks the person, and stops listening."""

from __future__ import annotations

import threading

import httpx
import pytest

from app.sync.errors import ConsentFailed
from connectors.openapi import LoopbackReceiver


def test_the_first_request_to_its_path_is_returned_and_answered_bilingually() -> None:
    rx = LoopbackReceiver()
    assert rx.redirect_uri.startswith("http://127.0.0.1:") and rx.redirect_uri.endswith("/callback")
    assert rx.port != 0
    miss = httpx.get(rx.redirect_uri.replace("/callback", "/favicon.ico"))
    assert miss.status_code == 404
    hit = httpx.get(rx.redirect_uri + "?code=abc&state=xyz")
    assert hit.status_code == 200
    assert "授权完成，可以关闭此页" in hit.text and "Consent received, you can close this window" in hit.text
    assert hit.headers["cache-control"] == "no-store"
    assert rx.wait(timeout=5) == rx.redirect_uri + "?code=abc&state=xyz"
    with pytest.raises(httpx.ConnectError):  # closed after the answer
        httpx.get(rx.redirect_uri)


def test_a_refusal_says_so_on_the_page() -> None:
    with LoopbackReceiver(path="cb") as rx:
        page = httpx.get(rx.redirect_uri + "?error=access_denied&state=s")
        assert "未授权" in page.text and "not granted" in page.text
        assert rx.wait(timeout=5).endswith("/cb?error=access_denied&state=s")


def test_nothing_in_time_is_consent_failed_and_the_port_is_freed() -> None:
    rx = LoopbackReceiver(platform="Bank A")
    with pytest.raises(ConsentFailed) as info:
        rx.wait(timeout=0.05)
    assert "Bank A" in str(info.value)
    with pytest.raises(httpx.ConnectError):
        httpx.get(rx.redirect_uri)


def test_close_from_another_thread_cancels_a_wait() -> None:
    rx = LoopbackReceiver()
    outcome: list[BaseException] = []

    def waiter() -> None:
        try:
            rx.wait(timeout=30)
        except BaseException as exc:  # recorded for the assertion below
            outcome.append(exc)

    t = threading.Thread(target=waiter)
    t.start()
    rx.close()
    t.join(timeout=5)
    assert not t.is_alive() and isinstance(outcome[0], ConsentFailed)
    rx.close()  # a second close is harmless
