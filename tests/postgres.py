"""A real PostgreSQL for the tests of the shared household database (issue 11 §5).

The Debian server is started by the tests themselves, in a temporary folder, listening on a Unix
socket in that folder only (no TCP port). initdb and postgres refuse to run as root, and CI runs as
root: there the server runs as ``nobody`` (``runuser``) in a folder it owns. Without the server
binaries the tests are skipped on a developer's machine and fail under CI with what to install.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

USER = "huiliu"


def server_binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian keeps them under /usr/lib/postgresql)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parent.parent.name))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _missing(reason: str) -> None:
    message = f"{reason}: install the Debian package postgresql (make test does it as root)"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _as_server_user(args: list[str], owner: str | None, log: Path) -> None:
    command = ["runuser", "-u", owner, "--", *args] if owner else args
    with log.open("ab") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, timeout=60, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:1])} failed ({done.returncode}); see {log}:\n{log.read_text()[-2000:]}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A running PostgreSQL for this test session; yields the folder of its socket."""
    binaries = server_binaries()
    if binaries is None:
        _missing("PostgreSQL's server (initdb, pg_ctl) is not installed")
    assert binaries is not None
    owner = None
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            _missing("running as root without runuser to start PostgreSQL as another user")
        owner = "nobody"
    folder = Path(tempfile.mkdtemp(prefix="huiliu-pg-"))
    folder.chmod(0o700)
    if owner:
        shutil.chown(folder, owner)
    # server.log is the server's own (written as its user); commands.log what the commands said (ours).
    data, log, said = folder / "data", folder / "server.log", folder / "commands.log"
    _as_server_user(
        [str(binaries / "initdb"), "-D", str(data), "-U", USER, "-A", "trust", "-E", "UTF8",
         "--locale=C.UTF-8", "--no-sync"],
        owner, said,
    )
    options = f"-k {folder} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
    _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"],
                    owner, said)
    try:
        yield str(folder)
    finally:
        _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                        owner, said)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A new, empty database on the session's server for one test: its SQLAlchemy URL."""
    import psycopg

    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:50]
    with psycopg.connect(host=postgres_server, user=USER, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://{USER}@/{name}?host={postgres_server}"
    with psycopg.connect(host=postgres_server, user=USER, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
