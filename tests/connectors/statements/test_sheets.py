"""A spreadsheet no importer knows goes through the same column guess and generic importer as a CSV
(issue 9, §7: "every other CSV or spreadsheet")."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest

from connectors.statements.detect import parse_data
from connectors.statements.generic_csv import ColumnMapping, GenericCsvImporter
from connectors.statements.guess import guess_mapping
from connectors.statements.records import StatementError
from connectors.statements.sheets import as_csv, cell_text

ROWS = [
    (datetime(2026, 2, 3), "Coffee Shop", -3.5, 996.5),
    (datetime(2026, 2, 5, 9, 30), "ACME Ltd", 1200, 2196.5),
    (datetime(2026, 2, 17), "Rent Co", -800.1, 1396.4),
]


def xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Account statement 12345"])
    sheet.append([])
    sheet.append(["Date", "Payee", "Amount", "Balance"])
    for row in ROWS:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xls() -> bytes:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("Umsätze")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for col, name in enumerate(["Date", "Payee", "Amount", "Balance"]):
        sheet.write(2, col, name)
    for r, (when, payee, amount, balance) in enumerate(ROWS, start=3):
        sheet.write(r, 0, when.replace(hour=0, minute=0), dates)
        sheet.write(r, 1, payee)
        sheet.write(r, 2, amount)
        sheet.write(r, 3, balance)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(("value", "text"), [
    (12.5, "12.5"), (1200.0, "1200"), (0.1 + 0.2, "0.30000000000000004"), (-800.1, "-800.1"), (7, "7"),
    (datetime(2026, 2, 3), "2026-02-03"), (datetime(2026, 2, 5, 9, 30), "2026-02-05 09:30:00"),
    (date(2026, 2, 3), "2026-02-03"), ("two\nlines", "two lines"), (None, ""), (True, "TRUE"),
])
def test_cells_read_as_a_person_sees_them(value: object, text: str) -> None:
    assert cell_text(value) == text


@pytest.mark.parametrize("make", [xlsx, xls], ids=["xlsx", "xls"])
def test_an_unknown_workbook_is_guessed_and_read(make) -> None:
    data = make()
    with pytest.raises(StatementError):
        parse_data(data, "statement.xlsx")  # no importer knows it
    guess = guess_mapping(data, "statement.xlsx")
    m = guess.mapping
    assert (m.date_column, m.amount_column, m.balance_column, m.counterparty_column) == ("Date", "Amount", "Balance",
                                                                                        "Payee")
    parsed = GenericCsvImporter(m).parse(data, "statement.xlsx")
    assert [(r.occurred_at if isinstance(r.occurred_at, date) else None, r.amount) for r in parsed.rows] == [
        (ROWS[0][0].date() if make is xls else date(2026, 2, 3), Decimal("-3.5")),
        (datetime(2026, 2, 5, 9, 30) if make is xlsx else date(2026, 2, 5), Decimal("1200")),
        (date(2026, 2, 17), Decimal("-800.1")),
    ]
    assert parsed.rows[0].line == 4  # the sheet's own row number
    assert [b.amount for b in parsed.sections[0].balances if b.type == "running_last"] == [Decimal("1396.4")]


def test_a_saved_mapping_reads_the_next_workbook() -> None:
    data = xlsx()
    mapping = ColumnMapping.from_json(guess_mapping(data, "a.xlsx").mapping.to_json())
    header, rows = GenericCsvImporter(mapping).table(data, "a.xlsx")
    assert header == ["Date", "Payee", "Amount", "Balance"] and rows[0][:2] == ["2026-02-03", "Coffee Shop"]


def test_a_workbook_without_data_says_so() -> None:
    book = openpyxl.Workbook()
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(StatementError, match="no cell"):
        as_csv(out.getvalue(), "empty.xlsx")


def test_a_workbook_imports_after_one_mapping_and_then_by_itself(services) -> None:
    from app.services import FormatNotRecognised
    from tests.app.household import populate

    populate(services)
    data = xlsx()
    with pytest.raises(FormatNotRecognised):
        services.read_statement(data, "feb.xlsx")
    columns = services.guess_columns(data, "feb.xlsx")
    read = services.read_statement(data, "feb.xlsx", columns_json=columns, source="My bank")
    assert services.commit_import(services.preview_import(read, data, account_id=1)).added == 3
    again = services.read_statement(data, "feb-copy.xlsx")  # found by its header, no mapping given
    assert again.parsed.format == "generic-csv" and len(again.parsed.rows) == 3
