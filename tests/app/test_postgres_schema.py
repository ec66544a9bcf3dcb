"""The household database on PostgreSQL has the vault's alembic schema (issue 11 §5, first step)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Engine

from app.vault.store import alembic_config, head_revision
from tests.postgres import postgres_server, postgres_url  # noqa: F401 (fixtures)


def _upgrade(engine: Engine) -> None:
    from alembic import command

    with engine.connect() as conn, conn.begin():
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _shape(engine: Engine) -> dict[str, Any]:
    """Every table: its columns (name, nullable), primary key, unique and plain indexes by columns."""
    seen = inspect(engine)
    shape: dict[str, Any] = {}
    for table in seen.get_table_names():
        shape[table] = {
            "columns": sorted((c["name"], bool(c["nullable"])) for c in seen.get_columns(table)),
            "primary_key": sorted(seen.get_pk_constraint(table)["constrained_columns"]),
            # (PostgreSQL lists a unique constraint as a unique index too; SQLite only as a constraint)
            "unique": sorted(
                {tuple(u["column_names"]) for u in seen.get_unique_constraints(table)}
                | {tuple(i["column_names"]) for i in seen.get_indexes(table) if i["unique"]}
            ),
            "indexes": sorted(tuple(i["column_names"]) for i in seen.get_indexes(table) if not i["unique"]),
        }
    return shape


def test_every_migration_runs_on_postgresql_to_the_same_schema(postgres_url: str, services) -> None:  # noqa: F811
    """A fresh PostgreSQL database upgraded with the vault's migrations ends at the head revision, with
    the tables, columns, keys and indexes a SQLite vault has (0004's empty-envelope default used to be
    SQLite's x'' only)."""
    engine = create_engine(postgres_url)
    try:
        _upgrade(engine)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        on_postgres = _shape(engine)
    finally:
        engine.dispose()
    on_sqlite = _shape(services.vault.engine)
    assert set(on_postgres) == set(on_sqlite)
    for table in on_sqlite:
        assert on_postgres[table] == on_sqlite[table], table


def test_an_empty_envelope_default_is_an_empty_byte_string(postgres_url: str) -> None:  # noqa: F811
    """Rows that existed before 0004 got an empty ``sealed`` value to be sealed at the first open."""
    engine = create_engine(postgres_url)
    try:
        _upgrade(engine)
        with engine.connect() as conn:
            default = conn.execute(
                text("SELECT column_default FROM information_schema.columns "
                     "WHERE table_name = 'fx_rates' AND column_name = 'sealed'")
            ).scalar()
            assert conn.execute(text(f"SELECT octet_length({default})")).scalar() == 0
    finally:
        engine.dispose()
