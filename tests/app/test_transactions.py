"""Bulk transactions: atomic, deduplicated, sealed, readable through the ORM."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.errors import ValidationError
from app.ledger.transactions import TransactionInput
from app.services import AppServices
from app.vault.schema import Transaction
from app.vault.store import DB_NAME
from tests.app.household import populate
from tests.conftest import PASSPHRASE

ROWS = [
    TransactionInput(date(2026, 1, 5), Decimal("-35.50"), counterparty="盒马鲜生", memo="买菜"),
    TransactionInput(date(2026, 1, 10), Decimal("15000.00"), counterparty="公司", memo="工资", external_id="B-1"),
    TransactionInput(date(2026, 1, 12), Decimal("-3000.00"), counterparty="房东", memo="房租"),
]


def test_add_read_and_dedup(services: AppServices) -> None:
    populate(services)
    services.add_transactions(1, ROWS)
    views = services.transactions()
    assert [v.amount for v in views] == [Decimal("-3000.00"), Decimal("15000.00"), Decimal("-35.50")]
    assert [v.direction for v in views] == ["out", "in", "out"]
    assert views[1].external_id == "B-1" and views[2].counterparty == "盒马鲜生"
    services.add_transactions(1, ROWS + [TransactionInput(date(2026, 1, 13), Decimal("1"))])
    assert len(services.transactions()) == 4
    with services.vault.reader() as s:
        row = s.get(Transaction, views[0].id)
        assert row is not None and row.created_at.tzinfo is not None and row.memo == "房租"
        assert row.booked_on == date(2026, 1, 12)


def test_a_bad_row_writes_nothing(services: AppServices) -> None:
    populate(services)
    bad = [*ROWS, TransactionInput(date(2026, 1, 1), Decimal("NaN"))]
    with pytest.raises(ValidationError, match="row 4"):
        services.add_transactions(1, bad)
    assert services.transactions() == []


def test_tampered_transaction_is_flagged_alone(services: AppServices, vault_dir: Path) -> None:
    populate(services)
    services.add_transactions(1, ROWS)
    services.close()
    conn = sqlite3.connect(vault_dir / DB_NAME)
    ids = [r[0] for r in conn.execute("SELECT id FROM transactions ORDER BY id")]
    conn.execute("UPDATE transactions SET sealed = (SELECT sealed FROM transactions WHERE id = ?) WHERE id = ?",
                 (ids[0], ids[1]))
    conn.commit()
    conn.close()
    svc = AppServices.open(vault_dir, PASSPHRASE)
    try:
        views = {v.id: v for v in svc.transactions()}
        assert views[ids[1]].damaged and views[ids[1]].amount is None
        assert views[ids[0]].amount == Decimal("-35.50") and views[ids[2]].memo == "房租"
    finally:
        svc.close()


def test_find_with_every_filter(services: AppServices) -> None:
    from app.ledger.filters import TransactionFilter

    populate(services)
    services.add_transactions(1, ROWS)
    services.add_transactions(3, [TransactionInput(date(2026, 2, 1), Decimal("-12.00"), counterparty="盒马鲜生")])

    def ids(**kw: object) -> list[str]:
        return [v.memo or v.counterparty for v in services.find_transactions(TransactionFilter(**kw))]  # type: ignore[arg-type]

    assert ids() == ["盒马鲜生", "房租", "工资", "买菜"]
    assert ids(text="盒马") == ["盒马鲜生", "买菜"]
    assert ids(text="盒马", account_id=1) == ["买菜"]
    assert ids(direction="in") == ["工资"]
    assert ids(min_amount=Decimal("100"), max_amount=Decimal("5000")) == ["房租"]
    assert ids(since=date(2026, 1, 10), until=date(2026, 1, 12)) == ["房租", "工资"]
    assert ids(account_ids=(3,)) == ["盒马鲜生"]
    assert [v.memo for v in services.find_transactions(TransactionFilter(), limit=2, offset=1)] == ["房租", "工资"]


def test_pending_settles_into_the_same_row(services: AppServices) -> None:
    populate(services)
    pending = TransactionInput(date(2026, 3, 1), Decimal("-88.00"), status="pending", external_id="P-1", memo="打车")
    services.add_transactions(1, [pending])
    booked = TransactionInput(date(2026, 3, 2), Decimal("-88.00"), status="booked", external_id="P-1", memo="打车")
    services.add_transactions(1, [booked])
    services.add_transactions(1, [pending])  # a late pending report never un-books it
    views = services.transactions()
    assert len(views) == 1 and views[0].status == "booked" and views[0].booked_on == date(2026, 3, 2)


def test_index_and_balance_history(services: AppServices) -> None:
    from datetime import timedelta

    from app.vault.types import utcnow

    populate(services)  # balances: 8888.88 + 1000.00 + 250.50
    today = utcnow().date()
    services.add_transactions(1, [
        TransactionInput(today - timedelta(days=2), Decimal("-100.00"), counterparty="超市", memo="Weekly SHOP"),
        TransactionInput(today - timedelta(days=1), Decimal("500.00"), counterparty="红包"),
        TransactionInput(today, Decimal("-1.00"), counterparty="pending", status="pending"),
    ])
    entries = services.transaction_index()
    assert [e.amount for e in entries] == [Decimal("-1.00"), Decimal("500.00"), Decimal("-100.00")]
    assert "weekly shop" in entries[2].text and entries[0].status == "pending"
    history = dict(services.balance_history(today - timedelta(days=3)))
    now = Decimal("10139.38")
    assert history[today] == now
    assert history[today - timedelta(days=1)] == now  # the last booked move (+500) was on that day
    assert history[today - timedelta(days=2)] == now - Decimal("500.00")
    assert history[today - timedelta(days=3)] == now - Decimal("500.00") + Decimal("100.00")


def test_fingerprints_given_by_the_caller_are_the_ones_computed(services: AppServices) -> None:
    from app.ledger.transactions import fingerprinter, write_rows
    from app.vault.types import utcnow

    populate(services)
    services.add_transactions(1, ROWS[:1])  # computed here
    fingerprint = fingerprinter(services.vault, 1)
    with services.unit.write() as s:
        with pytest.raises(ValueError):
            write_rows(services.vault, s.connection(), 1, ROWS, utcnow(), fingerprints=[b""])
        # An import's preview hands its fingerprints over: the first row is still known by them.
        added, _updated = write_rows(services.vault, s.connection(), 1, ROWS, utcnow(),
                                     fingerprints=[fingerprint(r) for r in ROWS])
    assert added == 2
    with services.vault.reader() as s:
        stored = [t.dedup_fp for t in s.query(Transaction).order_by(Transaction.id)]
    assert stored == [fingerprint(r) for r in ROWS]
