"""The accounts tree arranges what the core returned: damaged rows shown, signs marked, subtotals honest."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from PySide6.QtCore import Qt

from app.ledger.records import AccountView, MemberView, PlatformView, Total
from ui.models.accounts_tree import COLUMNS, AccountsSnapshot, build_nodes
from ui.models.columns import DisplayContext
from ui.models.tree_model import BADGES_ROLE, TreeModel


def account(ident: int, **kw) -> AccountView:
    base = dict(
        id=ident,
        member_id=1,
        platform_id=1,
        kind="debit_card",
        currency="CNY",
        bank_class="I",
        bound_account_id=None,
        payment_class=None,
        ecny_tier=None,
        statement_day=None,
        due_day=None,
        opened_on=None,
        same_name_as_owner=False,
        name=f"acc{ident}",
        balance=Decimal("10.00"),
        balance_as_of=datetime(2025, 1, 2, 3, 4, tzinfo=UTC),
    )
    base.update(kw)
    return AccountView(**base)  # type: ignore[arg-type]


def snapshot(*accounts: AccountView, members=None) -> AccountsSnapshot:
    total = Total(base="CNY", amount=Decimal(0))
    return AccountsSnapshot(
        members=members or [MemberView(id=1, role="adult", name="Dad")],
        platforms=[PlatformView(id=1, kind="bank", name="CMB")],
        accounts=list(accounts),
        total=total,
        member_totals={1: Total(base="CNY", amount=Decimal("5"), missing_rates=["USD"])},
    )


def cells(model: TreeModel, level: str, role=Qt.ItemDataRole.DisplayRole) -> list[dict[str, object]]:
    out, pending = [], [model.index(r, 0) for r in range(model.rowCount())]
    while pending:
        index = pending.pop(0)
        if model.row_at(index).level == level:
            out.append(
                {c.key: model.data(index.siblingAtColumn(i), role) for i, c in enumerate(model.columns)}
            )
        pending.extend(model.index(r, 0, index) for r in range(model.rowCount(index)))
    return out


def test_tree_groups_member_platform_account(qtbot) -> None:
    model = TreeModel(COLUMNS)
    model.set_nodes(build_nodes(snapshot(account(1), account(2, kind="credit_card", bank_class=None))))
    assert model.rowCount() == 1
    member = model.index(0, 0)
    assert model.rowCount(member) == 1
    platform = model.index(0, 0, member)
    assert model.data(platform) == "CMB"
    assert model.rowCount(platform) == 2
    assert model.parent(model.index(1, 0, platform)) == platform
    assert cells(model, "member")[0]["balance"] == "* ¥5.00"  # the subtotal leaves USD out, and says so
    assert "USD" in cells(model, "member", Qt.ItemDataRole.ToolTipRole)[0]["balance"]  # type: ignore[operator]
    assert cells(model, "account", BADGES_ROLE)[0]["badges"] == ["Class I account"]


def test_members_without_accounts_still_appear(qtbot) -> None:
    model = TreeModel(COLUMNS)
    model.set_nodes(
        build_nodes(
            snapshot(
                members=[
                    MemberView(id=1, role="adult", name="Dad"),
                    MemberView(id=2, role="child", name="Kid"),
                ]
            )
        )
    )
    assert [row["name"] for row in cells(model, "member")] == ["Dad", "Kid"]
    assert [row["kind"] for row in cells(model, "member")] == ["Adult", "Child"]


def test_damaged_record_is_shown_with_its_message(qtbot) -> None:
    message = "Record accounts #2 failed its integrity check (sealed): it was altered or moved."
    model = TreeModel(COLUMNS)
    model.set_nodes(build_nodes(snapshot(account(1), account(2, name="", balance=None, damaged=message))))
    rows = cells(model, "account")
    assert rows[1]["name"] == message
    assert rows[1]["balance"] == "—"
    icons = cells(model, "account", Qt.ItemDataRole.DecorationRole)
    assert icons[0]["name"] is None and icons[1]["name"] is not None  # the warning mark
    assert message in cells(model, "account", Qt.ItemDataRole.ToolTipRole)[1]["name"]  # type: ignore[operator]


def test_negative_balance_has_minus_and_mark_unless_hidden(qtbot) -> None:
    model = TreeModel(COLUMNS)
    model.set_nodes(
        build_nodes(
            snapshot(account(1, balance=Decimal("-1234.5")), account(2, currency="HKD", balance=Decimal("7")))
        )
    )
    rows = cells(model, "account")
    assert rows[0]["balance"] == "-¥1,234.50"
    assert rows[1]["balance"] == "HK$7.00"
    assert cells(model, "account", Qt.ItemDataRole.DecorationRole)[0]["balance"] is not None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignLeft
    model.set_context(DisplayContext(amounts_hidden=True))
    rows = cells(model, "account")
    assert rows[0]["balance"] == "¥****" and rows[1]["balance"] == "HK$****"
    assert cells(model, "account", Qt.ItemDataRole.DecorationRole)[0]["balance"] is None


def test_owing_on_credit_is_not_warned_about_but_past_the_limit_is(qtbot) -> None:
    model = TreeModel(COLUMNS)
    model.set_nodes(
        build_nodes(
            snapshot(
                account(1, kind="credit_card", balance=Decimal("-800"), credit_limit=Decimal("1000")),
                account(2, kind="credit_line", balance=Decimal("-1200"), credit_limit=Decimal("1000")),
                account(3, kind="debit_card", balance=Decimal("-5")),
            )
        )
    )
    icons = [row["balance"] for row in cells(model, "account", Qt.ItemDataRole.DecorationRole)]
    tips = [str(row["balance"] or "") for row in cells(model, "account", Qt.ItemDataRole.ToolTipRole)]
    assert icons[0] is None and "Negative balance" not in tips[0]
    assert icons[1] is not None and "Owes more than the credit limit" in tips[1]
    assert icons[2] is not None and "Negative balance" in tips[2]
