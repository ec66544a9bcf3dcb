"""``LoopbackReceiver``: catches the OAuth redirect on 127.0.0.1 (RFC 8252 §7.3) for a desktop app.

It listens on an ephemeral port from construction, so ``redirect_uri`` can go into the authorize
URL at once; ``wait`` blocks until the browser arrives (call it from a worker thread, or through
``asyncio.to_thread``) and then stops listening.

Any local process can reach the port, so ``wait(expect_state=...)`` (or ``expect``) takes only a
callback whose ``state`` is the one the consent was started with; others are answered 400 and
ignored, and the receiver keeps waiting for the browser.
"""

from __future__ import annotations

import hmac
import socketserver
import threading
from http.server import BaseHTTPRequestHandler
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from app.i18n import _
from app.sync.errors import SOME_PLATFORM, ConsentFailed

__all__ = ["LoopbackReceiver"]

_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>汇流 Huiliu</title>
<style>body{{font-family:system-ui,sans-serif;margin:4em auto;max-width:32em;text-align:center;color:#222}}</style>
</head><body><h1>{zh}</h1><p>{en}</p></body></html>
"""
_DONE = _PAGE.format(zh="授权完成，可以关闭此页", en="Consent received, you can close this window.")
_REFUSED = _PAGE.format(zh="未授权，可以关闭此页", en="Consent was not granted, you can close this window.")
_STRAY = _PAGE.format(zh="此链接与正在进行的授权不符", en="This address does not match the consent in progress.")
# Callbacks kept while no state is expected yet (the browser may be faster than ``wait``).
_MAX_KEPT = 16


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    # TCPServer rather than http.server.HTTPServer: the latter resolves the host name (getfqdn) on
    # bind, which can stall for seconds on machines with slow DNS.
    daemon_threads = True
    allow_reuse_address = False
    receiver: LoopbackReceiver


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 10  # a browser's speculative connection that never sends a request must not linger

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        receiver = self.server.receiver
        parts = urlsplit(self.path)
        if parts.path != receiver.path:
            self._answer(404, "<!doctype html><title>404</title>")
            return
        query = parse_qs(parts.query)
        refused = "error" in query
        states = query.get("state", [])
        if not receiver._arrived(f"http://{receiver.host}:{receiver.port}{self.path}", states[0] if len(states) == 1 else None):
            self._answer(400, _STRAY)
            return
        self._answer(200, _REFUSED if refused else _DONE)

    def _answer(self, status: int, html: str) -> None:
        body = html.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")  # the URL holds the authorization code
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        # The request line carries the authorization code: it must not reach stderr or a log.
        pass


class LoopbackReceiver:
    """Listens on 127.0.0.1 (port chosen by the OS) for the first request to ``path``."""

    def __init__(self, path: str = "/callback", platform: str = "") -> None:
        self.path = path if path.startswith("/") else "/" + path
        self.host = "127.0.0.1"
        self._platform = platform
        self._arrivals: list[tuple[str, str | None]] = []  # (url, state), in order of arrival
        self._expected: str | None = None
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._closed = False
        self._server = _Server((self.host, 0), _Handler)
        self._server.receiver = self
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="huiliu-loopback", daemon=True
        )
        self._thread.start()

    @property
    def redirect_uri(self) -> str:
        """The address to give the platform as ``redirect_uri``."""
        return f"http://{self.host}:{self.port}{self.path}"

    def expect(self, state: str) -> None:
        """From now on accept only callbacks carrying this OAuth ``state``; others are answered 400."""
        with self._changed:
            self._expected = state
            self._arrivals = [a for a in self._arrivals if self._matches(a[1])]
            self._changed.notify_all()

    def _matches(self, state: str | None) -> bool:
        expected = self._expected
        if expected is None:
            return True
        return state is not None and hmac.compare_digest(state.encode("utf-8"), expected.encode("utf-8"))

    def wait(self, timeout: float | None = None, expect_state: str | None = None) -> str:
        """The full callback URL of the first request to ``path`` (with ``expect_state`` as its
        ``state``, when given); stops listening either way.

        Raises ConsentFailed when nothing arrives within ``timeout`` seconds or the receiver was closed.
        """
        if expect_state is not None:
            self.expect(expect_state)
        url: str | None = None
        try:
            with self._changed:
                self._changed.wait_for(lambda: bool(self._arrivals) or self._closed, timeout)
                if self._arrivals:
                    url = self._arrivals[0][0]
        finally:
            self.close()
        if url is None:
            raise ConsentFailed(self._platform or _(SOME_PLATFORM), _(ConsentFailed.NO_ANSWER))
        return url

    def close(self) -> None:
        """Stop listening (also cancels a ``wait`` in another thread); safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._changed.notify_all()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackReceiver:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _arrived(self, url: str, state: str | None) -> bool:
        """Keep a callback for ``wait``; False (not kept) when its state is not the expected one."""
        with self._changed:
            if not self._matches(state):
                return False
            if len(self._arrivals) < _MAX_KEPT:
                self._arrivals.append((url, state))
            self._changed.notify_all()
            return True
