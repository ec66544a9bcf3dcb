"""Creating a vault is atomic (issue 8, section 3): killed at any step, nothing or a whole vault.

A creation runs in a child process (the real ``AppServices.create`` and ``create_demo``) and is
killed with SIGKILL the moment the N-th new file appears anywhere beside or inside its target
(N = 1, 2, 3 ... until a run finishes before the trigger), and at random moments. After each kill
the target holds no vault files, or a vault that opens, verifies its audit log and its integrity;
and a new creation in the same place then succeeds.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.services import AppServices
from app.vault.store import staging_dirs, vault_state

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "crash test passphrase"
CREATE = """
import sys
from app.services import AppServices
from app.vault.keys import FAST_KDF
AppServices.create(sys.argv[1], sys.argv[2], kdf=FAST_KDF).close()
"""
DEMO = """
import sys
from app.services import AppServices
from app.vault.keys import FAST_KDF
services, report = AppServices.create_demo(sys.argv[1], sys.argv[2], kdf=FAST_KDF)
services.close()
"""


def files_under(parent: Path) -> set[str]:
    out = set()
    for root, _dirs, names in os.walk(parent):
        out.update(os.path.join(root, n) for n in names)
    return out


def run_and_kill(script: str, target: Path, after_files: int | None, after_seconds: float | None) -> bool:
    """Start a creation; kill it when ``after_files`` new files exist or after ``after_seconds``.

    Returns True when it was killed, False when it finished first.
    """
    before = files_under(target.parent)
    child = subprocess.Popen([sys.executable, "-c", script, str(target), PASSPHRASE], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    started = time.monotonic()
    try:
        while child.poll() is None:
            if after_files is not None and len(files_under(target.parent) - before) >= after_files:
                break
            if after_seconds is not None and time.monotonic() - started >= after_seconds:
                break
            if time.monotonic() - started > 120:
                raise AssertionError("a creation ran for two minutes")
            time.sleep(0.0005)
        if child.poll() is not None:
            assert child.returncode == 0, child.stderr.read().decode() if child.stderr else ""
            return False
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        return True
    finally:
        if child.stderr:
            child.stderr.close()


def assert_nothing_or_whole(target: Path, demo: bool = False) -> str:
    state = vault_state(target)
    assert state in ("absent", "empty", "vault"), f"{target}: {state}: {sorted(os.listdir(target))}"
    if state == "vault":
        services = AppServices.open(target, PASSPHRASE)
        try:
            assert services.verify_audit().ok
            assert services.integrity_report is not None and services.integrity_report.ok
            assert services.check_integrity(full=True).ok
            if demo:
                assert services.info().counts["transactions"] > 0
        finally:
            services.close()
    return state


def test_vault_creation_killed_at_every_step_leaves_nothing_or_a_whole_vault(tmp_path: Path) -> None:
    kills = 0
    outcomes: dict[str, int] = {}
    trigger = 1
    round_ = 0
    while kills < 45:
        round_ += 1
        target = tmp_path / f"v{round_}"
        if round_ % 2 == 0:
            target.mkdir(mode=0o755)  # a folder the person chose, still empty
        killed = run_and_kill(CREATE, target, after_files=trigger, after_seconds=None)
        kills += killed
        state = assert_nothing_or_whole(target)
        outcomes[state] = outcomes.get(state, 0) + 1
        if state != "vault":  # a retry in the same place succeeds and cleans what the kill left beside it
            AppServices.create(target, PASSPHRASE, kdf={"name": "scrypt", "n": 2**12, "r": 8, "p": 1,
                                                        "dklen": 16}).close()
            assert_nothing_or_whole(target)
            assert staging_dirs(target) == []
        trigger = trigger + 1 if killed else 1
    # random moments too
    rng = random.Random(8)
    for n in range(10):
        target = tmp_path / f"r{n}"
        kills += run_and_kill(CREATE, target, after_files=None, after_seconds=rng.uniform(0.2, 1.2))
        assert_nothing_or_whole(target)
    print(f"creation: {kills} kills in {round_ + 10} runs; after a file-triggered kill: {outcomes}")
    assert kills >= 50
    assert outcomes.get("absent", 0) + outcomes.get("empty", 0) > 0


@pytest.mark.timeout(600)
def test_the_demo_killed_midway_leaves_nothing_and_runs_again(tmp_path: Path) -> None:
    rng = random.Random(3)
    kills = 0
    for n in range(6):
        target = tmp_path / f"demo{n}"
        trigger = rng.choice([1, 3, 6, 10, None])
        kills += run_and_kill(DEMO, target, after_files=trigger,
                              after_seconds=None if trigger else rng.uniform(0.5, 3.0))
        if assert_nothing_or_whole(target, demo=True) != "vault":
            services, report = AppServices.create_demo(target, PASSPHRASE, kdf={"name": "scrypt", "n": 2**12,
                                                                                 "r": 8, "p": 1, "dklen": 16})
            assert report.ok
            services.close()
            assert_nothing_or_whole(target, demo=True)
    print(f"demo: {kills} kills in 6 runs")
    assert kills >= 4


def test_an_older_half_made_vault_is_recognised_and_can_be_replaced(tmp_path: Path) -> None:
    """What older versions left (a database without a header) says how to get out, and gets out."""
    from app.errors import FolderNotEmpty, VaultIncomplete

    target = tmp_path / "half"
    target.mkdir()
    (target / "vault.db").write_bytes(b"")
    (target / "notes.txt").write_text("mine")
    with pytest.raises(VaultIncomplete, match="replace-incomplete"):
        AppServices.open(target, PASSPHRASE)
    with pytest.raises(VaultIncomplete):
        AppServices.create(target, PASSPHRASE)
    with pytest.raises(FolderNotEmpty):  # after the vault files go, the person's own file stays
        AppServices.create(target, PASSPHRASE, replace_incomplete=True)
    assert (target / "notes.txt").read_text() == "mine" and not (target / "vault.db").exists()
    (target / "notes.txt").unlink()
    (target / "vault.db").write_bytes(b"")
    env = dict(os.environ, HUILIU_PASSPHRASE=PASSPHRASE, HUILIU_LANG="en")
    refused = subprocess.run([sys.executable, "-m", "app.cli", "vault", "init", "--vault", str(target)], env=env,
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and "--replace-incomplete" in refused.stderr
    done = subprocess.run([sys.executable, "-m", "app.cli", "vault", "init", "--replace-incomplete", "--vault",
                           str(target)], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert vault_state(target) == "vault"
