"""Shared fixtures: vaults made with the fast KDF so tests stay quick (parameters travel in the header)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# No per-example deadline (these machines are noisy); under CI, the same examples on every run,
# so a landing is never decided by a lucky or unlucky draw (run locally for fresh ones).
settings.register_profile("huiliu", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "huiliu")

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HUILIU_LANG", "en")

from app.services import AppServices  # noqa: E402
from app.vault.keys import FAST_KDF  # noqa: E402

PASSPHRASE = "correct horse battery staple"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def services(vault_dir: Path) -> Iterator[AppServices]:
    svc = AppServices.create(vault_dir, PASSPHRASE, kdf=FAST_KDF)
    yield svc
    if svc.is_open:
        svc.close()
