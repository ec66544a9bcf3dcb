"""Imports that keep the truth: a row stays in its currency, balances are right the first time, rows paid
with another card wait for their account, rows outside the file's period are flagged."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app.errors import ValidationError
from app.ledger.imports import ImportService
from app.ledger.records import AccountInput
from app.ledger.statements import ParsedStatement, StatementBalance, StatementRow, StatementSection
from app.services import AppServices
from tests.app.household import populate


def row(line: int, day: int, amount: str, currency: str = "CNY", **kw: object) -> StatementRow:
    value = Decimal(amount)
    return StatementRow(line=line, occurred_at=datetime(2026, 3, day, 10, 0), amount=value, currency=currency,
                        direction="in" if value > 0 else "out", **kw)  # type: ignore[arg-type]


def statement(rows: list[StatementRow], balances: list[StatementBalance] | None = None, currency: str = "CNY",
              fmt: str = "ofx-2", kind_hint: str = "") -> ParsedStatement:
    return ParsedStatement(format=fmt, path="statement.ofx", encoding="utf-8", sections=[
        StatementSection(currency=currency, kind_hint=kind_hint, rows=rows, balances=balances or [])])


@pytest.fixture
def household(services: AppServices) -> dict[str, int]:
    ids = populate(services)
    # 4: the same holder's USD account at the same bank; 5: a credit card there with no balance known yet
    services.add_account(AccountInput(member_id=1, platform_id=ids["bank"], kind="fx_account", name="美元户",
                                      currency="USD"))
    services.add_account(AccountInput(member_id=1, platform_id=ids["bank"], kind="credit_card", name="信用卡",
                                      number="6225881234567890", credit_limit=Decimal("20000"), statement_day=5,
                                      due_day=23))
    # 6: a fresh debit card (no rows, no balance)
    services.add_account(AccountInput(member_id=1, platform_id=ids["bank"], kind="debit_card", name="新卡",
                                      number="6225889999000011", bank_class="I"))
    return ids


@pytest.fixture
def imports(services: AppServices, household: dict[str, int]) -> ImportService:
    return ImportService(services.unit)


def balances_of(services: AppServices, account_id: int) -> tuple[Decimal | None, str]:
    view = next(a for a in services.accounts() if a.id == account_id)
    return view.balance, view.balance_source


# --- 1. money keeps its currency ------------------------------------------------------------------------


def test_a_usd_statement_is_never_booked_into_a_cny_account(imports: ImportService, services: AppServices) -> None:
    # Alipay's account 3 belongs to 李四, who has no USD account on Alipay: every row is refused.
    usd = statement([row(2, 1, "-12.50", "USD", order_id="U1"), row(3, 2, "40.00", "USD", order_id="U2")],
                    currency="USD")
    preview = imports.preview(usd, b"usd", account_id=3)
    assert preview.count("refused") == 2 and preview.count("new") == 0
    assert all("USD" in p.reason and "CNY" in p.reason for p in preview.rows)
    assert any("USD" in note for note in preview.notes)
    assert preview.to_json()["refused"] == 2
    assert imports.commit(preview).added == 0
    assert services.transactions() == []


def test_a_foreign_row_goes_to_the_holders_account_in_its_currency(imports: ImportService,
                                                                   services: AppServices) -> None:
    mixed = statement([row(2, 1, "-100.00", order_id="C1"), row(3, 2, "-20.00", "USD", order_id="D1")])
    preview = imports.preview(mixed, b"mixed", account_id=1)
    assert [(p.account_id, p.state) for p in preview.rows] == [(1, "new"), (4, "new")]
    assert "美元户" in preview.rows[1].reason and any("美元户" in n for n in preview.notes)
    imports.commit(preview)
    stored = {(t.account_id, t.amount) for t in services.transactions()}
    assert stored == {(1, Decimal("-100.00")), (4, Decimal("-20.00"))}


def test_a_row_in_a_currency_the_holder_keeps_nowhere_is_refused_alone(imports: ImportService,
                                                                        services: AppServices) -> None:
    mixed = statement([row(2, 1, "-100.00", order_id="C1"), row(3, 2, "-30.00", "HKD", order_id="H1")])
    preview = imports.preview(mixed, b"mixed", account_id=1)
    assert [p.state for p in preview.rows] == ["new", "refused"]
    assert imports.commit(preview).added == 1
    assert [t.amount for t in services.transactions()] == [Decimal("-100.00")]


def test_rows_without_a_currency_take_the_accounts(imports: ImportService) -> None:
    qif = statement([row(2, 1, "-5.00", "", order_id="Q1")], currency="", fmt="qif")
    preview = imports.preview(qif, b"qif", account_id=4)
    assert [(p.account_id, p.state) for p in preview.rows] == [(4, "new")]


# --- rows paid with another card or wallet ---------------------------------------------------------------


def test_rows_paid_with_an_unmapped_card_wait_and_can_be_left_out(imports: ImportService,
                                                                  services: AppServices) -> None:
    bill = statement([row(2, 1, "-9.00", order_id="W1"), row(3, 2, "-66.00", order_id="W2", instrument="交通银行(0001)")],
                     fmt="alipay-2023")
    preview = imports.preview(bill, b"bill", account_id=3)
    waiting = preview.rows[1]
    assert (waiting.state, waiting.account_id) == ("unmapped", None) and "交通银行(0001)" in waiting.reason
    with pytest.raises(ValidationError):
        imports.commit(preview)
    assert services.transactions() == []
    assert preview.leave_out_unmapped() == 1
    assert imports.commit(preview).added == 1
    assert [(t.account_id, t.amount) for t in services.transactions()] == [(3, Decimal("-9.00"))]


def test_a_preview_only_mapping_books_the_row_on_that_account_and_saves_nothing(imports: ImportService) -> None:
    bill = statement([row(3, 2, "-66.00", order_id="W2", instrument="交通银行(0001)")], fmt="alipay-2023")
    preview = imports.preview(bill, b"bill", account_id=3, instruments={"交通银行(0001)": 2})
    assert [(p.account_id, p.state) for p in preview.rows] == [(2, "new")]
    assert imports.preview(bill, b"bill", account_id=3).rows[0].state == "unmapped"


# --- 3. balances right the first time ------------------------------------------------------------------


def test_first_import_records_the_opening_balance_the_statement_implies(imports: ImportService,
                                                                        services: AppServices) -> None:
    rows = [row(2, 3, "-200.00", order_id="F1"), row(3, 5, "1000.00", order_id="F2")]
    closing = StatementBalance("LEDGERBAL", Decimal("5300.00"), "CNY", date(2026, 3, 6))
    preview = imports.preview(statement(rows, [closing]), b"first", account_id=6)
    (opening,) = preview.openings
    assert opening.amount(preview) == Decimal("4500.00") and opening.day(preview) == date(2026, 3, 3)
    (check,) = preview.balance_checks
    assert check.difference == 0 and check.label == "ledger balance"
    assert any("opening balance 4500.00" in n for n in preview.notes)
    data = preview.to_json()
    assert data["opening_balances"][0]["amount"] == "4500.00"
    result = imports.commit(preview)
    assert result.balances == 2
    # The account now shows the statement's balance, from a statement.
    assert balances_of(services, 6) == (Decimal("5300.00"), "import")
    # A second statement of the same account compares against opening + rows: no false difference.
    later = [row(4, 8, "-300.00", order_id="F3")]
    again = imports.preview(statement(later, [StatementBalance("LEDGERBAL", Decimal("5000.00"), "CNY",
                                                                date(2026, 3, 9))]), b"second", account_id=6)
    assert again.openings == [] and [c.difference for c in again.balance_checks] == [0]
    # and a wrong one is a real difference, said as such
    wrong = imports.preview(statement(later, [StatementBalance("LEDGERBAL", Decimal("4990.00"), "CNY",
                                                                date(2026, 3, 9))]), b"third", account_id=6)
    assert [c.difference for c in wrong.balance_checks] == [Decimal("-10.00")]


def test_leaving_rows_out_changes_the_implied_opening(imports: ImportService) -> None:
    rows = [row(2, 3, "-200.00", order_id="F1"), row(3, 5, "1000.00", order_id="F2")]
    preview = imports.preview(statement(rows, [StatementBalance("CLBD", Decimal("5300.00"), "CNY", date(2026, 3, 6))]),
                              b"f", account_id=6)
    preview.rows[1].include = False
    assert preview.openings[0].amount(preview) == Decimal("5500.00")


def test_a_stated_opening_balance_is_taken_as_it_is(imports: ImportService) -> None:
    rows = [row(2, 3, "-200.00", order_id="F1")]
    bals = [StatementBalance("OPBD", Decimal("1000.00"), "CNY", date(2026, 3, 1)),
            StatementBalance("CLBD", Decimal("790.00"), "CNY", date(2026, 3, 6))]
    preview = imports.preview(statement(rows, bals, fmt="camt.053.001.02"), b"camt", account_id=6)
    assert preview.openings[0].amount(preview) == Decimal("1000.00")
    assert [c.difference for c in preview.balance_checks] == [Decimal("-10.00")]  # rows are 10 short


def test_undo_takes_the_balances_out_with_the_rows(imports: ImportService, services: AppServices) -> None:
    closing = StatementBalance("LEDGERBAL", Decimal("800.00"), "CNY", date(2026, 3, 6))
    imports.commit(imports.preview(statement([row(2, 3, "-200.00", order_id="F1")], [closing]), b"f", account_id=6))
    assert balances_of(services, 6) == (Decimal("800.00"), "import")
    assert imports.undo_last().balances == -2
    assert balances_of(services, 6) == (None, "")
    assert imports.preview(statement([row(2, 3, "-200.00", order_id="F1")], [closing]), b"f",
                           account_id=6).openings  # a first import again


def test_an_older_statement_does_not_replace_a_newer_balance(imports: ImportService, services: AppServices) -> None:
    # Account 1 had its balance entered by hand "now" (2026-12-04): a March statement is older.
    closing = StatementBalance("LEDGERBAL", Decimal("10.00"), "CNY", date(2026, 3, 6))
    preview = imports.preview(statement([row(2, 3, "-1.00", order_id="O1")], [closing]), b"old", account_id=1)
    assert preview.balance_updates == []
    imports.commit(preview)
    assert balances_of(services, 1) == (Decimal("8888.88"), "manual")


def test_a_statement_balance_of_today_is_not_dated_in_the_future(imports: ImportService) -> None:
    closing = StatementBalance("LEDGERBAL", Decimal("10.00"), "CNY", date(2026, 12, 4))
    preview = imports.preview(statement([row(2, 3, "-1.00", order_id="O1")], [closing]), b"now", account_id=6)
    (update,) = preview.balance_updates
    assert update.as_of == datetime(2026, 12, 4, 4, 0, tzinfo=UTC)  # the pinned now, not 23:59:59 that day


def test_available_credit_is_never_compared_with_a_credit_cards_rows(imports: ImportService) -> None:
    rows = [row(2, 3, "-300.00", order_id="K1")]
    bals = [StatementBalance("LEDGERBAL", Decimal("-300.00"), "CNY", date(2026, 3, 6)),
            StatementBalance("AVAILBAL", Decimal("19700.00"), "CNY", date(2026, 3, 6))]
    preview = imports.preview(statement(rows, bals, kind_hint="credit_card"), b"cc", account_id=5)
    assert [c.type for c in preview.balance_checks] == ["LEDGERBAL"]
    assert any("19700.00" in n and "not compared" in n for n in preview.notes)
    only_available = imports.preview(statement(rows, bals[1:], kind_hint="credit_card"), b"cc2", account_id=5)
    assert only_available.balance_checks == [] and only_available.openings == []


def test_available_balance_of_a_debit_account_is_compared_only_without_a_ledger_one(imports: ImportService) -> None:
    rows = [row(2, 3, "-300.00", order_id="K1")]
    both = [StatementBalance("LEDGERBAL", Decimal("700.00"), "CNY", date(2026, 3, 6)),
            StatementBalance("AVAILBAL", Decimal("650.00"), "CNY", date(2026, 3, 6))]
    preview = imports.preview(statement(rows, both), b"d", account_id=6)
    assert [c.type for c in preview.balance_checks] == ["LEDGERBAL"]
    alone = imports.preview(statement(rows, both[1:]), b"d2", account_id=6)
    assert [(c.type, c.label) for c in alone.balance_checks] == [("AVAILBAL", "available balance")]


def test_a_balance_in_another_currency_is_said_and_not_compared(imports: ImportService) -> None:
    bals = [StatementBalance("CLBD", Decimal("-27.00"), "SEK", date(2026, 3, 6))]
    preview = imports.preview(statement([row(2, 3, "-1.00", order_id="S1")], bals), b"sek", account_id=6)
    assert preview.balance_checks == [] and any("SEK" in n for n in preview.notes)


# --- rows outside the file's period ----------------------------------------------------------------------


def test_rows_outside_the_stated_period_are_flagged(imports: ImportService) -> None:
    parsed = statement([row(2, 3, "-1.00", order_id="P1"), row(3, 20, "-2.00", order_id="P2")])
    parsed.sections[0].period = (date(2026, 3, 1), date(2026, 3, 15))
    preview = imports.preview(parsed, b"p", account_id=6)
    assert [p.outside for p in preview.rows] == [False, True]
    data = preview.to_json()
    assert data["period"] == ["2026-03-01", "2026-03-15"] and data["outside_period"] == [3]
    assert any("outside the period" in n for n in preview.notes)
