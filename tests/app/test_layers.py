"""The layer contracts of pyproject.toml hold: a broken one fails the suite, naming the import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = (
    "Layers: front ends, AppServices, domain, unit of work, vault",
    "The front ends reach the core only through AppServices and the plain modules",
    "The core never imports the window, Qt or the connectors (only entry points reach them)",
    "Plain modules import nothing above them",
    "The domain's vocabulary is plain data",
    "A policy decision is a pure function of facts and the clock: no transfers, sync or connectors",
)


def test_every_layer_contract_is_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    out = " ".join(result.stdout.split())
    assert result.returncode == 0, result.stdout[-4000:]
    for name in CONTRACTS:
        assert f"{name} KEPT" in out, f"contract missing or not kept: {name}"
