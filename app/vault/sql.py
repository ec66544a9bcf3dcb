"""Raw SQL on either database a vault lives in: a SQLite file or a shared PostgreSQL database.

The hot paths write SQL by hand (a 100k-row import is one executemany): it is written once, with
SQLite's ``?`` placeholders, and given to PostgreSQL's driver with its ``%s`` instead.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

from sqlalchemy import Connection


def is_postgres(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


@functools.lru_cache(maxsize=256)
def _format_style(statement: str) -> str:
    return statement.replace("%", "%%").replace("?", "%s")


def run(conn: Connection, statement: str, params: Any = ()) -> Any:
    """``statement`` (``?`` placeholders, no ``?`` elsewhere) with ``params``: a tuple, or a list of
    tuples for one executemany."""
    if params and conn.dialect.paramstyle != "qmark":
        statement = _format_style(statement)
    return conn.exec_driver_sql(statement, params)


def advisory_lock(conn: Connection, key: int) -> None:
    """Hold PostgreSQL's transaction-scoped advisory lock ``key`` until this transaction ends (a no-op
    on SQLite, where the vault's lock file already keeps every other writer out)."""
    if is_postgres(conn):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({int(key)})")


# Keys of PostgreSQL's advisory locks (any 64-bit numbers, the same on every computer).
WRITE_LOCK = 0x48_75_69_4C_69_75_01  # every write to a shared vault, for its whole transaction
MIGRATION_LOCK = 0x48_75_69_4C_69_75_02  # creating or upgrading the schema


def day(value: str | date) -> date:
    """A DATE column read by raw SQL: SQLite gives its ISO text, PostgreSQL a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)
