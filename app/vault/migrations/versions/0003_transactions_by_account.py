"""Transactions by account: an index on account_id, and one row per fingerprint on each account.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 00:00:00.000000
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _separate_repeats() -> None:
    """Give repeated (account, fingerprint) rows after the first a fingerprint of their own.

    Every writer skips a row whose fingerprint the account already holds, so repeats should not
    exist; a vault that has some anyway keeps every row (nothing a person entered is dropped by an
    upgrade). The first row keeps the fingerprint, so a re-import still matches it; the others get
    SHA-256 of a marker, the old fingerprint and their id, which no HMAC fingerprint will equal.
    """
    conn = op.get_bind()
    repeats = conn.execute(sa.text(
        "SELECT account_id, dedup_fp FROM transactions GROUP BY account_id, dedup_fp HAVING count(*) > 1"
    )).fetchall()
    for account_id, fp in repeats:
        ids = conn.execute(sa.text(
            "SELECT id FROM transactions WHERE account_id = :account AND dedup_fp = :fp ORDER BY id"
        ), {"account": account_id, "fp": fp}).scalars().all()
        for row_id in ids[1:]:
            own = hashlib.sha256(b"huiliu-0003-repeat\x00" + bytes(fp) + b"\x00" + str(row_id).encode()).digest()
            conn.execute(sa.text("UPDATE transactions SET dedup_fp = :fp WHERE id = :id"), {"fp": own, "id": row_id})


def upgrade() -> None:
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_transactions_account_id"), ["account_id"], unique=False)
    _separate_repeats()
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.create_index("uq_transactions_account_dedup_fp", ["account_id", "dedup_fp"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("transactions", schema=None) as batch_op:
        batch_op.drop_index("uq_transactions_account_dedup_fp")
        batch_op.drop_index(batch_op.f("ix_transactions_account_id"))
