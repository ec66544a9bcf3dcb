"""Shared fixtures: a pinned clock for every test, and vaults made with the fast KDF so tests stay quick
(parameters travel in the header)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings

# No per-example deadline (these machines are noisy); under CI, the same examples on every run,
# so a landing is never decided by a lucky or unlucky draw (run locally for fresh ones).
settings.register_profile("huiliu", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "huiliu")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HUILIU_LANG", "en")

from app import clock  # noqa: E402
from app.services import AppServices  # noqa: E402
from app.vault.keys import FAST_KDF  # noqa: E402

PASSPHRASE = "correct horse battery staple"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SAMPLES = SHARED / "samples" / "statements"


def shared_missing(path: Path) -> bool:
    """Whether ``path`` under ../shared is absent, so the tests reading it are skipped.

    CI always has shared/ beside the clone: there an absent file is a failure (raised at collection),
    never a quiet skip that would let the real-world checks pass unrun.
    """
    if path.exists():
        return False
    if os.environ.get("CI"):
        raise RuntimeError(f"CI run without the shared samples at {path}")
    return True


def needs_shared(path: Path) -> pytest.MarkDecorator:
    """A mark skipping tests that read ``path`` under ../shared when it is absent (failing under CI)."""
    return pytest.mark.skipif(shared_missing(path), reason=f"shared samples not present at {path}")


# Every test runs at this instant unless it asks for another with @pytest.mark.clock(...): a Friday,
# noon in Shanghai (04:00 UTC, so the UTC, Shanghai and a UTC machine's local dates agree).
PINNED = datetime.fromisoformat("2026-12-04T12:00:00+08:00")

# Installed before any fixture is built (a module-scoped sandbox is made before a test's own clock).
clock.set(clock.FixedClock(PINNED))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "clock(at): run the test at ``at`` (an aware datetime or ISO text), or 'system' for the real clock",
    )
    config.addinivalue_line(
        "markers",
        "zone(name): the person's time zone (an IANA name) for the test; the computer's own otherwise",
    )


@pytest.fixture(autouse=True)
def clock_now(request: pytest.FixtureRequest) -> Iterator[clock.Clock]:
    """The test's own clock, fixed at ``PINNED`` (advance it to move time) unless marked otherwise."""
    marker = request.node.get_closest_marker("clock")
    at = marker.args[0] if marker else PINNED
    chosen: clock.Clock
    if at == "system":
        chosen = clock.SystemClock()
    else:
        chosen = clock.FixedClock(datetime.fromisoformat(at) if isinstance(at, str) else at)
    zone = request.node.get_closest_marker("zone")
    with clock.use(chosen), clock.use_zone(ZoneInfo(zone.args[0]) if zone else clock.SystemZone()):
        yield chosen


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def services(vault_dir: Path) -> Iterator[AppServices]:
    svc = AppServices.create(vault_dir, PASSPHRASE, kdf=FAST_KDF)
    yield svc
    if svc.is_open:
        svc.close()
