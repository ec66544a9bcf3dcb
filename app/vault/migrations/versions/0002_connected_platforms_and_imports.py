"""Connected platforms and statement imports: connections, sync cursors, import batches, mappings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 12:44:00.563760
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "column_mappings",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source_fp", sa.LargeBinary(length=32), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("column_mappings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_column_mappings_source_fp"), ["source_fp"], unique=False)

    op.create_table(
        "import_batches",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("file_fp", sa.LargeBinary(length=32), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "connections",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("connector", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("last_sync_at", sa.DateTime(), nullable=True),
        sa.Column("last_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
        ),
        sa.ForeignKeyConstraint(
            ["platform_id"],
            ["platforms.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("connections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_connections_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_connections_platform_id"), ["platform_id"], unique=False)

    op.create_table(
        "instrument_mappings",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("instrument_fp", sa.LargeBinary(length=32), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("instrument_mappings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_instrument_mappings_instrument_fp"), ["instrument_fp"], unique=False
        )

    op.create_table(
        "sync_cursors",
        sa.Column("account_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
        ),
        sa.PrimaryKeyConstraint("account_id"),
    )
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("connection_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("remote_fp", sa.LargeBinary(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_accounts_connection_id"), ["connection_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accounts_remote_fp"), ["remote_fp"], unique=False)
        batch_op.create_foreign_key("fk_accounts_connection_id", "connections", ["connection_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_constraint("fk_accounts_connection_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_accounts_remote_fp"))
        batch_op.drop_index(batch_op.f("ix_accounts_connection_id"))
        batch_op.drop_column("remote_fp")
        batch_op.drop_column("connection_id")

    op.drop_table("sync_cursors")
    with op.batch_alter_table("instrument_mappings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instrument_mappings_instrument_fp"))

    op.drop_table("instrument_mappings")
    with op.batch_alter_table("connections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_connections_platform_id"))
        batch_op.drop_index(batch_op.f("ix_connections_member_id"))

    op.drop_table("connections")
    op.drop_table("import_batches")
    with op.batch_alter_table("column_mappings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_column_mappings_source_fp"))

    op.drop_table("column_mappings")
