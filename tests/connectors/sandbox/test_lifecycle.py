"""Start and stop leave nothing behind: no thread, no listening port, even with a request hanging."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

from connectors.sandbox import Sandbox

from .helpers import ROOT, login


def port_is_closed(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) != 0


def test_start_stop_leaves_no_thread_or_port() -> None:
    before = set(threading.enumerate())
    sb = Sandbox(seed=1).start()
    assert sb.base_url.startswith("http://127.0.0.1:") and sb.port > 0
    assert httpx.get(f"{sb.base_url}/p/bank_a/.well-known/huiliu-platform").status_code == 200
    thread = sb._thread
    assert thread is not None and thread.is_alive()
    sb.stop()
    assert not thread.is_alive()
    assert port_is_closed(sb.port)
    assert set(threading.enumerate()) <= before
    sb.stop()  # idempotent
    # The same port can be served again at once.
    with Sandbox(seed=1, port=sb.port) as again:
        assert again.port == sb.port
        assert httpx.get(f"{again.base_url}/").status_code == 200
    assert port_is_closed(sb.port)


def test_stop_is_prompt_while_a_request_hangs() -> None:
    sb = Sandbox(seed=1, faults="bank_b:timeout").start()
    with httpx.Client(timeout=5) as client:
        s = login(sb, client, "bank_b")
    errors: list[BaseException] = []

    def hang() -> None:
        try:
            httpx.get(f"{s.base}/accounts", headers=s.headers, timeout=20)
        except BaseException as exc:  # noqa: BLE001 - whatever the client sees is fine; it must not hang
            errors.append(exc)

    t = threading.Thread(target=hang)
    t.start()
    # Stop only once the request is really inside the server (a fixed sleep loses that race under load).
    assert sb._server is not None
    tasks = sb._server.server_state.tasks
    deadline = time.monotonic() + 30
    while not tasks and t.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert tasks, errors or "the request never reached the server"
    t0 = time.monotonic()
    sb.stop()
    assert time.monotonic() - t0 < 5
    t.join(timeout=5)
    assert not t.is_alive()
    assert port_is_closed(sb.port)


def test_a_busy_port_fails_to_start() -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        sb = Sandbox(seed=1, port=port)
        with pytest.raises(OSError):
            sb.start()
        assert sb._thread is None


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_serve_forever_stops_on_signal(sig: signal.Signals) -> None:
    code = "from connectors.sandbox import serve_forever; serve_forever(0, 42, 'store:malformed')"
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("Huiliu sandbox on http://127.0.0.1:"), first + (
            proc.stderr.read() if proc.stderr else ""
        )
        base = first.split()[3]
        port = int(base.rsplit(":", 1)[1])
        listing = [proc.stdout.readline() for _ in range(8)]
        assert any("bank_a" in line and "wangjianguo" in line for line in listing)
        assert httpx.get(f"{base}/p/fx/.well-known/huiliu-platform").json()["platform_id"] == "fx"
        proc.send_signal(sig)
        assert proc.wait(timeout=10) == 0
        assert port_is_closed(port)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
