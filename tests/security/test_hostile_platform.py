"""One hostile platform cannot stop the others or exhaust memory (issue 8, section 6).

Each fault runs against the real sandbox: the demo household's seven platforms, one of them
hostile. The refresh must not raise, every other platform must refresh, the hostile one is stale
with a reason saying what happened, and the process's memory grows by less than 300 MB (peak
resident size, reset through /proc/self/clear_refs before the refresh).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services import AppServices
from app.sync.contract import RetryPolicy
from app.vault.keys import FAST_KDF
from connectors.sandbox import Sandbox
from connectors.sandbox.provider import LocalSandbox

HOSTILE = "wallet_a"
HOSTILE_NAME = "易付宝"
FAST = {"read_timeout": 1.0, "connect_timeout": 1.0,
        "retry": RetryPolicy(max_retries=1, backoff_base=0.01, backoff_max=0.05, max_total_wait=0.5)}
MAX_GROWTH_MB = 300


def status_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":"))


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[AppServices, Sandbox]]:
    # (a platform's own rate limit would stop endless paging first; here the client's caps must)
    sandbox = Sandbox(seed=7, rate_limit=100_000).start()
    services, report = AppServices.create_demo(tmp_path / "v", "demo passphrase", kdf=FAST_KDF,
                                               connector_options=FAST, platforms=LocalSandbox(sandbox, None))
    assert report.ok, report.to_json()
    try:
        yield services, sandbox
    finally:
        services.close()
        sandbox.stop()


CASES = {
    "deep_json": ({}, "HTTP 400"),
    "huge_body=400": ({}, "larger than 16 MiB"),
    "gzip_bomb=256": ({}, "larger than 16 MiB"),
    "trickle=400ms": ({"request_deadline": 2.0}, "took longer than 2 s"),
    "endless_paging": ({}, "kept saying there was more"),
}


@pytest.mark.parametrize("fault", list(CASES))
def test_a_hostile_platform_stops_only_itself(demo: tuple[AppServices, Sandbox], fault: str) -> None:
    services, sandbox = demo
    options, reason = CASES[fault]
    services.connector_options.update(options)
    services._sync = None  # the options are read when the sync service is made
    before = {a.id: a.balance for a in services.accounts()}
    sandbox.advance(days=1)
    sandbox.set_faults(HOSTILE, fault)
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # the peak resident size starts again from what is in use now
    start_rss, started = status_kb("VmRSS"), time.monotonic()
    report = services.refresh()
    seconds, grown_mb = time.monotonic() - started, (status_kb("VmHWM") - start_rss) / 1024
    hostile = [r for r in report.results if r.platform == HOSTILE_NAME]
    others = [r for r in report.results if r.platform != HOSTILE_NAME]
    assert hostile and all(r.status == "stale" and reason in r.reason for r in hostile), report.to_json()
    assert others and all(r.status == "ok" for r in others), report.to_json()
    print(f"{fault}: {seconds:.2f} s, memory grown {grown_mb:.0f} MB")
    assert grown_mb < MAX_GROWTH_MB, (fault, grown_mb)
    assert seconds < 60, (fault, seconds)
    stale = [a for a in services.accounts() if a.stale]
    assert stale and all(reason in a.stale_reason for a in stale)
    assert all(a.balance == before.get(a.id) for a in stale if fault != "endless_paging")
    assert services.check_integrity(full=True).ok
    # and once the platform behaves again, it refreshes (endless paging left its own bogus cursor)
    if fault != "endless_paging":
        sandbox.set_faults(HOSTILE, None)
        assert services.refresh().ok


def test_endless_paging_keeps_what_came_and_goes_on_next_time(demo: tuple[AppServices, Sandbox]) -> None:
    services, sandbox = demo
    services.connector_options.update({"max_pages": 20, "max_rows": 100_000})
    services._sync = None
    count = services.info().counts["transactions"]
    sandbox.set_faults(HOSTILE, "endless_paging")
    first = services.refresh()
    added = sum(r.added for r in first.results if r.platform == HOSTILE_NAME)
    assert added >= 20 * 90  # (a page holds 100 new rows per account asked)
    assert services.info().counts["transactions"] == count + sum(r.added for r in first.results)
    second = services.refresh()
    assert sum(r.added for r in second.results if r.platform == HOSTILE_NAME) >= 20 * 90  # from where it stopped


def test_a_platform_listing_thousands_of_accounts_adds_none(demo: tuple[AppServices, Sandbox]) -> None:
    services, sandbox = demo
    accounts = {a.id for a in services.accounts()}
    sandbox.set_faults(HOSTILE, "many_accounts=5000")
    report = services.refresh()
    hostile = [r for r in report.results if r.platform == HOSTILE_NAME]
    assert hostile and all(r.status == "stale" and "more than the 200" in r.reason for r in hostile), report.to_json()
    assert all(r.status == "ok" for r in report.results if r.platform != HOSTILE_NAME), report.to_json()
    assert {a.id for a in services.accounts()} == accounts
