"""Files only their owner can read (issue 8, section 4): 0700 folders, 0600 files, whatever the umask."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services import AppServices
from app.vault.keys import FAST_KDF
from tests.app.household import populate

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "vaults"
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(params=[0o022, 0o000], ids=["umask-022", "umask-000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def modes(directory: Path) -> dict[str, str]:
    out = {}
    for path in [directory, *directory.rglob("*")]:
        out[str(path.relative_to(directory))] = oct(stat.S_IMODE(path.stat().st_mode))
    return out


def assert_private(directory: Path) -> None:
    found = modes(directory)
    wrong = {name: mode for name, mode in found.items()
             if mode != ("0o700" if (directory / name).is_dir() else "0o600")}
    assert wrong == {}, wrong


def test_a_vault_in_a_folder_the_person_chose_is_private(tmp_path: Path, umask: int) -> None:
    chosen = tmp_path / "My vault"
    chosen.mkdir(mode=0o755)
    os.chmod(chosen, 0o755)
    services = AppServices.create(chosen, PASSPHRASE, kdf=FAST_KDF)
    try:
        populate(services)
        names = set(os.listdir(chosen))
        assert {"vault.db", "vault.db-wal", "vault.db-shm", "header.json", "vault.lock"} <= names
        assert_private(chosen)
    finally:
        services.close()
    assert_private(chosen)


def test_an_older_vault_is_made_private_when_opened_and_its_backups_are_private(tmp_path: Path, umask: int) -> None:
    from tests.fixtures.make_vault_fixture import PASSPHRASE as FIXTURE_PASSPHRASE

    vault = tmp_path / "old"
    shutil.copytree(FIXTURES / "0003", vault)
    os.chmod(vault, 0o755)
    for path in vault.iterdir():
        os.chmod(path, 0o644)
    services = AppServices.open(vault, FIXTURE_PASSPHRASE)  # migrates: a backup is written first
    try:
        assert (vault / "backups").is_dir()
        assert_private(vault)
    finally:
        services.close()


def test_exports_are_written_for_their_owner_only(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    services = AppServices.create(vault, PASSPHRASE, kdf=FAST_KDF)
    populate(services)
    services.close()
    out = tmp_path / "books.beancount"
    out.write_text("old")
    os.chmod(out, 0o644)
    env = dict(os.environ, HUILIU_PASSPHRASE=PASSPHRASE, HUILIU_LANG="en")
    for fmt, target in (("beancount", out), ("csv", tmp_path / "books.csv")):
        done = subprocess.run([sys.executable, "-m", "app.cli", "export", fmt, "-o", str(target), "--vault", str(vault)],
                              env=env, cwd=ROOT, capture_output=True, text=True, timeout=120,
                              preexec_fn=lambda: os.umask(0))  # noqa: PLW1509 - the umask is the point
        assert done.returncode == 0, done.stderr
        assert oct(stat.S_IMODE(target.stat().st_mode)) == "0o600"
        assert target.read_text(encoding="utf-8") != "old"
