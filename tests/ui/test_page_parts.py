"""Smaller parts a person notices: times in words, due dates, the tree by platform, privacy in the table."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from app.ledger.records import MemberView, PlatformView, Total
from app.ledger.transactions import TransactionView
from app.sync.service import ConnectionView
from tests.ui.test_models import account
from ui.models.accounts_by_platform import build_platform_nodes
from ui.models.accounts_tree import COLUMNS, AccountsSnapshot
from ui.models.columns import DisplayContext
from ui.models.transactions_table import AccountLabel, TransactionRow, TransactionsModel
from ui.when import ago, next_day_of_month, updated_ago

NOW = datetime(2025, 3, 31, 12, 0, tzinfo=UTC)


def test_moments_are_said_in_whole_units() -> None:
    assert ago(NOW - timedelta(seconds=30), NOW) == "just now"
    assert ago(NOW - timedelta(minutes=1, seconds=59), NOW) == "1 minute ago"
    assert ago(NOW - timedelta(minutes=3), NOW) == "3 minutes ago"
    assert ago(NOW - timedelta(hours=5), NOW) == "5 hours ago"
    assert ago((NOW - timedelta(days=2)).replace(tzinfo=None), NOW) == "2 days ago"  # the vault's naive UTC
    assert updated_ago(None, NOW) == "never updated"


def test_due_dates_roll_to_the_next_month_and_fit_short_months() -> None:
    assert next_day_of_month(23, date(2025, 3, 10)) == date(2025, 3, 23)
    assert next_day_of_month(23, date(2025, 3, 23)) == date(2025, 3, 23)
    assert next_day_of_month(5, date(2025, 3, 23)) == date(2025, 4, 5)
    assert next_day_of_month(31, date(2025, 2, 1)) == date(2025, 2, 28)
    assert next_day_of_month(10, date(2025, 12, 20)) == date(2026, 1, 10)


def connection(
    platform_id: int, synced: datetime | None, status: str = "connected", error: str = ""
) -> ConnectionView:
    return ConnectionView(
        id=platform_id,
        platform_id=platform_id,
        member_id=1,
        connector="openapi",
        status=status,
        base_url="",
        platform_name="",
        platform_kind="bank",
        last_sync_at=synced,
        last_attempt_at=synced,
        last_error=error,
    )


def test_tree_by_platform_kind_shows_owners_last_sync_and_why_a_platform_is_stale() -> None:
    synced = datetime(2025, 3, 31, 3, 0)
    snapshot = AccountsSnapshot(
        members=[MemberView(id=1, role="adult", name="Dad"), MemberView(id=2, role="adult", name="Mum")],
        platforms=[
            PlatformView(id=1, kind="bank", name="CMB"),
            PlatformView(id=2, kind="payment_wallet", name="Pay"),
        ],
        accounts=[account(1), account(2, member_id=2), account(3, platform_id=2, kind="wallet_balance")],
        total=Total("CNY", Decimal(30)),
        connections=[connection(1, synced), connection(2, synced, "error", "Pay timed out")],
    )
    groups = build_platform_nodes(snapshot)
    assert [g.row.platform_kind for g in groups] == ["bank", "payment_wallet"]  # fixed order: banks first
    bank, wallet = groups[0].children[0].row, groups[1].children[0].row
    assert (bank.name, bank.connected, bank.synced_at, bank.stale_reason) == ("CMB", True, synced, "")
    assert wallet.stale_reason == "Pay timed out"
    owners = [n.row.owner for n in groups[0].children[0].children]
    assert owners == ["Dad", "Mum"]
    ctx = DisplayContext()
    badges = next(c for c in COLUMNS if c.key == "badges")
    assert badges.badges(wallet, ctx) == ["Stale"] and badges.tooltip(wallet, ctx) == "Pay timed out"
    assert badges.badges(bank, ctx) == []


def test_privacy_masks_amounts_in_the_transactions_table(qtbot) -> None:
    model = TransactionsModel()
    view = TransactionView(
        id=7,
        account_id=1,
        booked_on=date(2025, 3, 31),
        status="pending",
        direction="in",
        amount=Decimal("1234.50"),
        counterparty="工资",
    )
    model.set_ids([7])
    model.add_rows([TransactionRow(view, AccountLabel("Salary card", "CMB", "CNY", "5678", "Dad"))], [7])
    amount = model.index(0, 4)
    assert model.data(amount) == "+¥1,234.50"
    assert model.data(model.index(0, 1)) == "Salary card · Dad"
    assert model.data(model.index(0, 5)) == "Pending"
    model.set_context(DisplayContext(amounts_hidden=True))
    assert not re.search(r"\d", model.data(amount))
    usd = TransactionRow(
        TransactionView(8, 2, date(2025, 3, 30), "booked", "out", Decimal("-12.00")),
        AccountLabel("USD savings", currency="USD"),
    )
    model.set_ids([8])
    model.add_rows([usd], [8])
    model.set_context(DisplayContext())
    assert model.data(model.index(0, 4)) == "-USD 12.00"  # the code only when it is not yuan
