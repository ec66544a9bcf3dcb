"""A throwaway PostgreSQL for the benchmarks, started as the tests start theirs (tests/postgres.py):
in a temporary folder, on a Unix socket only, as ``nobody`` when run as root. The leading underscore
keeps it out of ``make bench``'s loop."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.postgres import USER, _as_server_user, server_binaries  # noqa: E402


@contextmanager
def postgres() -> Iterator[str | None]:
    """The server's socket folder, or None when PostgreSQL is not installed (the figures are then skipped)."""
    binaries = server_binaries()
    if binaries is None:
        yield None
        return
    owner = "nobody" if os.geteuid() == 0 else None
    folder = Path(tempfile.mkdtemp(prefix="huiliu-bench-pg-"))
    folder.chmod(0o700)
    if owner:
        shutil.chown(folder, owner)
    data, log, said = folder / "data", folder / "server.log", folder / "commands.log"
    _as_server_user([str(binaries / "initdb"), "-D", str(data), "-U", USER, "-A", "trust", "-E", "UTF8",
                     "--locale=C.UTF-8", "--no-sync"], owner, said)
    # Unlike the tests' server this one keeps fsync on: the figures are meant to be a real server's.
    options = f"-k {folder} -c listen_addresses=''"
    _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(log), "-w", "start"],
                    owner, said)
    try:
        yield str(folder)
    finally:
        _as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"], owner, said)
        shutil.rmtree(folder, ignore_errors=True)


def new_database(server: str, name: str) -> str:
    import psycopg

    with psycopg.connect(host=server, user=USER, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://{USER}@/{name}?host={server}"
