"""One household on several computers (issue 11 §5): versions, the header and id blocks in the database.

Every editable row gets a ``version`` (1 for the rows there are), which the ORM checks and moves at
every change: a write from another computer in between is refused (``EditConflict``) instead of being
overwritten. ``vault_header`` holds the vault header (KDF, wrapped data key) where there is no folder
beside the database for header.json (a shared PostgreSQL database); ``id_blocks`` hands out row ids
there, one block at a time, so two computers never pick the same id. Both tables stay empty in a
vault file (SQLite), which keeps its header.json and assigns ids in memory under its lock.

Revision ID: 0008
Revises: 0007
Create Date: 2027-01-10 00:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

VERSIONED = ("members", "platforms", "accounts", "connections", "sync_cursors", "balances", "transactions",
             "import_batches", "instrument_mappings", "column_mappings", "user_categories", "category_names",
             "category_rules")


def upgrade() -> None:
    for table in VERSIONED:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")))
    op.create_table(
        "vault_header",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "id_blocks",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("next_id", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("id_blocks")
    op.drop_table("vault_header")
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
