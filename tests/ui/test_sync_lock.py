"""Network never on the writer: a lock during a slow sync is immediate and leaves nothing half-written."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt

from app.services import AppServices


def test_locking_during_a_slow_platform_returns_at_once(qtbot, demo_window, demo_household, tmp_path: Path) -> None:
    services, sandbox = demo_household
    before = {c.id: (c.platform_name, c.last_sync_at, c.last_attempt_at) for c in services.connections()}
    slow = {cid for cid, (name, _s, _a) in before.items() if name == "恒信银行"}
    assert len(slow) == 2
    sandbox.set_faults("bank_b", "latency=30s")  # 恒信银行 answers after 30 s
    page = demo_window.accounts_page
    demo_window.show_page("accounts")
    progress: list[int] = []
    page.sync_runner.progress.connect(lambda done, _total, result: progress.append(result.connection_id))
    qtbot.mouseClick(page.sync_panel.button, Qt.MouseButton.LeftButton)
    # Every other platform is fetched and written while 恒信银行 keeps the sync waiting.
    qtbot.waitUntil(lambda: len(progress) == len(before) - len(slow), timeout=60_000)
    assert page.sync_runner.running and not set(progress) & slow

    locked: list[BaseException | None] = []
    started = time.monotonic()
    demo_window.session.lock(lambda _result, error: locked.append(error))
    qtbot.waitUntil(lambda: bool(locked), timeout=5_000)
    assert time.monotonic() - started < 1.0
    assert locked == [None] and not services.is_open
    qtbot.waitUntil(lambda: not page.sync_runner.running, timeout=5_000)  # the sync gave up at once too

    reopened = AppServices.open(tmp_path / "demo", "huiliu-demo")
    try:
        assert reopened.verify_audit().ok
        after = {c.id: (c.platform_name, c.last_sync_at, c.last_attempt_at) for c in reopened.connections()}
        for cid in slow:  # the slow platform's refresh left no trace: not even an attempt
            assert after[cid] == before[cid]
        for cid in set(before) - slow:
            assert after[cid][1] is not None and after[cid][1] >= (before[cid][1] or after[cid][1])
    finally:
        reopened.close()
