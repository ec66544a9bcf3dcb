"""Members unlock as themselves: each member's sealed key pair, and the keys wrapped to each member.

``member_keyrings`` holds a member's SM2 public key and private key sealed under their own passphrase
or PIN (readable before unlocking, as it must be), and their wrong-attempt state. ``key_wraps`` holds,
per member, the household key and each account key that member may use, SM2-encrypted to them
(``account_id`` 0 is the household key). Nothing existing changes here: a vault without keyrings
keeps opening with its one passphrase, and the owner's first unlock moves it to keys per account.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 00:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "member_keyrings",
        sa.Column("member_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("public_key", sa.String(length=128), nullable=False),
        sa.Column("kdf", sa.Text(), nullable=False),
        sa.Column("sealed_private", sa.Text(), nullable=False),
        sa.Column("attempts", sa.Text(), nullable=False, server_default="{}"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.PrimaryKeyConstraint("member_id"),
    )
    op.create_table(
        "key_wraps",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("wrapped", sa.LargeBinary(), nullable=False),
        sa.Column("granted_at", sa.DateTime(), nullable=False),
        sa.Column("granted_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("member_id", "account_id", "scope", name="uq_key_wraps_member_account_scope"),
    )
    op.create_index("ix_key_wraps_account_id", "key_wraps", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_key_wraps_account_id", table_name="key_wraps")
    op.drop_table("key_wraps")
    op.drop_table("member_keyrings")
