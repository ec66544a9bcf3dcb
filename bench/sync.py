"""Sync benchmark: 20 sandbox platforms, each answering with 300 ms added latency.

Prints the full concurrent refresh's wall time (target <= 1.0 s) and its speed-up over the same
refresh done one platform at a time in the same run (target >= 8x), each with PASS or FAIL; exits 1
when a target is missed.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402
from _targets import at_least, at_most, finish  # noqa: E402

from app.ledger.records import MemberInput  # noqa: E402
from app.services import AppServices  # noqa: E402
from app.sync.contract import ConsentRequest  # noqa: E402
from app.vault.keys import FAST_KDF  # noqa: E402
from connectors.openapi.loopback import LoopbackReceiver  # noqa: E402
from connectors.sandbox import Sandbox  # noqa: E402
from connectors.sandbox.consent import complete_consent  # noqa: E402

PLATFORMS = 20
LATENCY_MS = 300


def authorize_as(username: str, password: str, receiver: LoopbackReceiver):  # type: ignore[no-untyped-def]
    """What the person does in the browser: log in, approve; the platform redirects to our loopback."""
    def authorize(request: ConsentRequest) -> str:
        httpx.get(complete_consent(request.authorize_url, username, password), timeout=10)
        return receiver.wait(timeout=10)
    return authorize


def main() -> None:
    with tempfile.TemporaryDirectory() as d, Sandbox(seed=1, extra_platforms=PLATFORMS, rate_limit=0) as sandbox:
        services = AppServices.create(Path(d) / "v", "bench passphrase", kdf=FAST_KDF)
        services.add_member(MemberInput(name="基准"))
        extra = [p for p in sandbox.platform_urls() if p.startswith("bank_x")][:PLATFORMS]
        for platform_id in extra:
            _member, username, password = sandbox.logins(platform_id)[0]
            receiver = LoopbackReceiver()
            try:
                services.connect(sandbox.platform_urls()[platform_id], 1, authorize_as(username, password, receiver),
                                 redirect_uri=receiver.redirect_uri, sync_now=False)
            finally:
                receiver.close()
        services.refresh()  # first full load; the timed runs below are the everyday refresh
        for platform_id in extra:
            sandbox.set_faults(platform_id, f"latency={LATENCY_MS}ms")
        t = time.perf_counter()
        report = services.refresh()
        concurrent = time.perf_counter() - t
        assert report.ok and len(report.results) == PLATFORMS, report.to_json()
        t = time.perf_counter()
        for conn in services.connections():
            assert services.refresh(only=[conn.id]).ok
        one_by_one = time.perf_counter() - t
        services.close()
    at_most(f"sync: {PLATFORMS} platforms at {LATENCY_MS} ms latency, concurrent refresh", concurrent, 1.0, "s")
    at_least("sync: speed-up over one platform at a time", one_by_one / concurrent, 8.0, "x",
             f"one at a time {one_by_one:.2f} s")
    finish()


if __name__ == "__main__":
    main()
