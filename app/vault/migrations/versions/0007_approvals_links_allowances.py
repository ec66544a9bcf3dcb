"""Approvals, family links, allowances and joint holders (issue 11 §4): the household decides together.

``approvals`` holds requests some members must decide (all of a list, or any one of it) and
``approval_votes`` each member's decision; ``family_links`` an account offered to another member as a
family payee, confirmed by both sides; ``allowances`` a minor's weekly allowance, caps per platform and
the limit above which a guardian approves; ``joint_holders`` a second adult holding an account. Amounts,
summaries, comments and notes are sealed; editable rows carry a ``version`` for optimistic concurrency.
Nothing existing changes: the five tables start empty.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 00:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("subject_type", sa.String(length=24), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("approvers", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["requested_by"], ["members.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_approvals_requested_by", "approvals", ["requested_by"])
    op.create_index("ix_approvals_status", "approvals", ["status"])
    op.create_table(
        "approval_votes",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("approval_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["approval_id"], ["approvals.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("approval_id", "member_id", name="uq_approval_votes_approval_member"),
    )
    op.create_index("ix_approval_votes_approval_id", "approval_votes", ["approval_id"])
    op.create_table(
        "family_links",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("proposed_by", sa.Integer(), nullable=False),
        sa.Column("holder_confirmed_by", sa.Integer(), nullable=True),
        sa.Column("holder_confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("member_confirmed_by", sa.Integer(), nullable=True),
        sa.Column("member_confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("ended_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"]),
        sa.ForeignKeyConstraint(["holder_id"], ["members.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.ForeignKeyConstraint(["proposed_by"], ["members.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_family_links_account_id", "family_links", ["account_id"])
    op.create_index("ix_family_links_member_id", "family_links", ["member_id"])
    op.create_index("ix_family_links_status", "family_links", ["status"])
    op.create_table(
        "allowances",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("set_by", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.ForeignKeyConstraint(["set_by"], ["members.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("member_id", name="uq_allowances_member"),
    )
    op.create_table(
        "joint_holders",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("set_by", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"]),
        sa.ForeignKeyConstraint(["set_by"], ["members.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", name="uq_joint_holders_account"),
    )
    op.create_index("ix_joint_holders_member_id", "joint_holders", ["member_id"])


def downgrade() -> None:
    op.drop_index("ix_joint_holders_member_id", table_name="joint_holders")
    op.drop_table("joint_holders")
    op.drop_table("allowances")
    op.drop_index("ix_family_links_status", table_name="family_links")
    op.drop_index("ix_family_links_member_id", table_name="family_links")
    op.drop_index("ix_family_links_account_id", table_name="family_links")
    op.drop_table("family_links")
    op.drop_index("ix_approval_votes_approval_id", table_name="approval_votes")
    op.drop_table("approval_votes")
    op.drop_index("ix_approvals_status", table_name="approvals")
    op.drop_index("ix_approvals_requested_by", table_name="approvals")
    op.drop_table("approvals")
