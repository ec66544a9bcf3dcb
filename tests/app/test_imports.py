"""The import service: preview, atomic and idempotent commit, instruments, balances, transfers, undo."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from app.errors import ValidationError
from app.ledger.imports import ImportService
from app.ledger.statements import ParsedStatement, StatementBalance, StatementRow, StatementSection
from app.services import AppServices
from tests.app.household import populate


def row(line: int, day: int, amount: str, direction: str = "", **kw: object) -> StatementRow:
    value = Decimal(amount)
    return StatementRow(line=line, occurred_at=datetime(2026, 1, day, 12, 0), amount=value, currency="CNY",
                        direction=direction or ("in" if value > 0 else "out"), **kw)  # type: ignore[arg-type]


def wallet_file(rows: list[StatementRow], balances: list[StatementBalance] | None = None) -> ParsedStatement:
    return ParsedStatement(format="alipay-2023", path="bill.csv", encoding="gb18030",
                           sections=[StatementSection(rows=rows, balances=balances or [])])


JAN = [
    row(26, 3, "-25.00", counterparty="肯德基", order_id="A1"),
    row(27, 5, "-120.00", counterparty="盒马", order_id="A2", instrument="招商银行(6789)"),
    row(28, 6, "0.00", "neutral", counterparty="某店", order_id="A3", status="closed"),
    row(29, 9, "88.88", counterparty="红包", order_id="A4"),
]


@pytest.fixture
def imports(services: AppServices) -> ImportService:
    populate(services)
    return ImportService(services.unit)


def test_preview_writes_nothing_and_reports(imports: ImportService, services: AppServices) -> None:
    preview = imports.preview(wallet_file(JAN), b"file-1", account_id=3)
    data = preview.to_json()
    # The row paid with an unmapped bank card waits for its account: never booked to the wallet.
    assert data["new"] == 2 and data["closed"] == 1 and data["duplicates"] == 0 and data["unmapped"] == 1
    assert data["by_direction"]["out"] == {"count": 2, "total": "145.00"}
    assert data["by_direction"]["in"] == {"count": 1, "total": "88.88"}
    assert data["date_range"] == ["2026-01-03", "2026-01-09"]
    assert data["unmapped_instruments"] == ["招商银行(6789)"]
    assert services.transactions() == []


def test_instrument_mapping_moves_rows_to_the_bank(imports: ImportService, services: AppServices) -> None:
    imports.map_instrument("招商银行(6789)", 1)
    result = imports.commit(imports.preview(wallet_file(JAN), b"file-1", account_id=3))
    assert result.added == 3
    by_account = {(t.account_id, t.counterparty): t.amount for t in services.transactions()}
    assert by_account == {(3, "肯德基"): Decimal("-25.00"), (1, "盒马"): Decimal("-120.00"),
                          (3, "红包"): Decimal("88.88")}


def test_reimport_adds_nothing_and_overlap_adds_only_new(imports: ImportService, services: AppServices) -> None:
    imports.map_instrument("招商银行(6789)", 1)
    imports.commit(imports.preview(wallet_file(JAN), b"file-1", account_id=3))
    again = imports.preview(wallet_file(JAN), b"file-1", account_id=3)
    assert again.already_imported and again.count("new") == 0 and again.count("duplicate") == 3
    assert imports.commit(again).added == 0
    later = wallet_file(JAN[2:] + [row(40, 20, "-9.90", counterparty="地铁", order_id="A5")])
    preview = imports.preview(later, b"file-2", account_id=3)
    assert preview.count("new") == 1 and preview.count("duplicate") == 1
    imports.commit(preview)
    assert len(services.transactions()) == 4


def test_identical_rows_without_ids_are_kept_apart(imports: ImportService, services: AppServices) -> None:
    coffee = [row(2, 4, "-18.00", counterparty="咖啡"), row(3, 4, "-18.00", counterparty="咖啡")]
    imports.commit(imports.preview(wallet_file(coffee), b"c1", account_id=1))
    assert len(services.transactions()) == 2
    overlap = coffee + [row(4, 4, "-18.00", counterparty="咖啡")]
    preview = imports.preview(wallet_file(overlap), b"c2", account_id=1)
    assert preview.count("duplicate") == 2 and preview.count("new") == 1


def test_undo_last_import(imports: ImportService, services: AppServices) -> None:
    imports.commit(imports.preview(wallet_file(JAN[:1]), b"f1", account_id=3))
    imports.commit(imports.preview(wallet_file(JAN[3:]), b"f2", account_id=3))
    assert imports.undo_last().added == -1
    assert [t.counterparty for t in services.transactions()] == ["肯德基"]
    assert [b["status"] for b in imports.batches()] == ["committed", "undone"]
    imports.undo_last()
    with pytest.raises(ValidationError):
        imports.undo_last()


def test_rows_without_an_account_block_the_commit(imports: ImportService, services: AppServices) -> None:
    preview = imports.preview(wallet_file(JAN), b"f", account_id=None)
    assert preview.count("unmapped") == 4 - 1  # the closed row needs no account
    with pytest.raises(ValidationError):
        imports.commit(preview)
    assert services.transactions() == []


def test_a_failing_row_leaves_nothing(imports: ImportService, services: AppServices) -> None:
    bad = JAN[:2] + [StatementRow(line=30, occurred_at=date(2026, 1, 9), amount=Decimal("NaN"), currency="CNY",
                                  direction="out", order_id="X")]
    preview = imports.preview(wallet_file(bad), b"f", account_id=3)
    with pytest.raises(ValidationError):
        imports.commit(preview)
    assert services.transactions() == [] and imports.batches() == []


def test_statement_balance_is_checked(imports: ImportService) -> None:
    imports.map_instrument("招商银行(6789)", 1)
    imports.commit(imports.preview(wallet_file(JAN[:1]), b"f0", account_id=3))  # no longer a first import
    balances = [StatementBalance("running_last", Decimal("63.88"), "CNY", date(2026, 1, 9))]
    preview = imports.preview(wallet_file(JAN, balances), b"f", account_id=3)
    assert preview.openings == []
    (check,) = preview.balance_checks
    assert check.computed == Decimal("-25.00") + Decimal("88.88")  # the card's row is not the wallet's
    assert check.difference == Decimal("63.88") - check.computed


def test_own_transfers_pair_across_files(imports: ImportService, services: AppServices) -> None:
    wallet = wallet_file([row(5, 10, "500.00", counterparty="招商银行", order_id="T1", transfer_hint="topup")])
    imports.commit(imports.preview(wallet, b"w", account_id=3))
    bank = ParsedStatement(format="cmb-csv", path="cmb.csv", encoding="utf-8", sections=[
        StatementSection(rows=[row(2, 11, "-500.00", counterparty="支付宝", transfer_hint="topup")])])
    result = imports.commit(imports.preview(bank, b"b", account_id=1))
    assert result.paired_transfers == 1
    refs = {t.account_id: t.own_transfer_ref for t in services.transactions()}
    assert refs[1] and refs[1] == refs[3]


def test_undoing_a_paired_import_frees_the_other_leg_to_pair_again(imports: ImportService,
                                                                   services: AppServices) -> None:
    wallet = wallet_file([row(5, 10, "500.00", counterparty="招商银行", order_id="T1", transfer_hint="topup")])
    imports.commit(imports.preview(wallet, b"w", account_id=3))

    def bank() -> ParsedStatement:
        return ParsedStatement(format="cmb-csv", path="cmb.csv", encoding="utf-8", sections=[
            StatementSection(rows=[row(2, 11, "-500.00", counterparty="支付宝", transfer_hint="topup")])])

    assert imports.commit(imports.preview(bank(), b"b", account_id=1)).paired_transfers == 1
    imports.undo_last()
    assert {t.account_id: t.own_transfer_ref for t in services.transactions()} == {3: ""}
    again = imports.commit(imports.preview(bank(), b"b2", account_id=1))
    assert again.paired_transfers == 1
    refs = {t.account_id: t.own_transfer_ref for t in services.transactions()}
    assert refs[1] and refs[1] == refs[3]


def test_rows_left_out_are_not_imported_and_stay_new(imports: ImportService, services: AppServices) -> None:
    imports.map_instrument("招商银行(6789)", 1)
    preview = imports.preview(wallet_file(JAN), b"f", account_id=3)
    kfc = next(p for p in preview.rows if p.row.counterparty == "肯德基")
    kfc.include = False
    assert preview.to_import == 2
    result = imports.commit(preview)
    assert result.added == 2 and result.skipped == 2
    assert "肯德基" not in {t.counterparty for t in services.transactions()}
    again = imports.preview(wallet_file(JAN), b"f2", account_id=3)
    assert [p.row.counterparty for p in again.rows if p.state == "new"] == ["肯德基"]
