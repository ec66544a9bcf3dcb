"""Integrity of every column and of the set of rows: digests per scope; cursors and rates sealed.

The data key is not available to a migration, so this revision only makes room: the table of
sealed digests, and an envelope column for sync cursors and exchange rates. At the vault's first
open after it, the app (holding the key) re-seals every envelope with its bound plain columns,
moves the plain texts that quoted platforms (last errors, stale reasons, cursors) into the
envelopes, empties those plain columns and builds the digests (``app.vault.integrity``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 00:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "integrity_digests",
        sa.Column("scope_table", sa.String(length=32), nullable=False),
        sa.Column("scope_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("scope_table", "scope_id"),
    )
    # A header waiting to replace header.json (a passphrase change or re-key committed, file not yet
    # written), and the vault's own secrets sealed under its data key (the fingerprint key after a re-key).
    op.create_table(
        "vault_journal",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "vault_secrets",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    # Existing rows get an empty envelope, sealed at the first open (an empty one never opens after).
    # An empty byte string is x'' in SQLite and '\x' in PostgreSQL (the shared household database).
    empty = "x''" if op.get_bind().dialect.name == "sqlite" else "'\\x'::bytea"
    for table in ("sync_cursors", "fx_rates"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("sealed", sa.LargeBinary(), nullable=False, server_default=sa.text(empty)))


def downgrade() -> None:
    op.drop_table("vault_secrets")
    op.drop_table("vault_journal")
    with op.batch_alter_table("fx_rates", schema=None) as batch_op:
        batch_op.drop_column("sealed")
    with op.batch_alter_table("sync_cursors", schema=None) as batch_op:
        batch_op.drop_column("sealed")
    op.drop_table("integrity_digests")
