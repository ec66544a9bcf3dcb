"""Alembic migrations of the vault schema; applied on open after a backup (see app.vault.store)."""
