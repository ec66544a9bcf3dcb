"""A CSV no importer knows: its columns are guessed, checked and corrected in the GUI, then it imports,
and the next file with the same columns imports without asking."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import WAIT_MS
from ui.dialogs.column_mapper import ColumnMapperDialog
from ui.dialogs.import_preview import ImportPreviewDialog

SALARY = 1
HEADER = "Booking date;Text;Payee;Debit;Credit;Balance"


def bank_file(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(["Statement for account 12345", HEADER, *rows]) + "\n", encoding="utf-8")
    return path


FEB = ["03/02/2026;Card payment;Coffee Shop;3,50;;996,50", "05/02/2026;Salary;ACME Ltd;;1.200,00;2.196,50",
       "17/02/2026;Transfer;Rent Co;800,00;;1.396,50"]


def test_an_unknown_csv_imports_after_one_mapping_step_and_then_by_itself(
    qtbot, window, tmp_path: Path, wait_idle, monkeypatch
) -> None:
    monkeypatch.setattr(QMessageBox, "open", lambda self: None)
    with qtbot.waitSignal(window.imports.mapper_opened, timeout=WAIT_MS) as opened:
        assert window.import_file(bank_file(tmp_path / "export.csv", FEB))
    mapper = opened.args[0]
    assert isinstance(mapper, ColumnMapperDialog)
    # The guess, column by column; the date order and decimal comma come from the values.
    assert mapper.roles() == {0: "date_column", 1: "description_column", 2: "counterparty_column",
                              3: "debit_column", 4: "credit_column", 5: "balance_column"}
    assert mapper.date_format.currentText() == "%d/%m/%Y" and mapper.decimal_comma.isChecked()
    qtbot.waitUntil(lambda: mapper.continue_button.isEnabled(), timeout=WAIT_MS)
    assert mapper.result.rowCount() == 3 and "3" in mapper.result_label.text()
    assert mapper.result.item(1, 1).text() == "+1,200.00 CNY"
    # A wrong choice shows at once: reading dates month-first fails on 17/02.
    mapper.date_format.setCurrentText("%m/%d/%Y")
    qtbot.waitUntil(lambda: not mapper.result_error.isHidden(), timeout=WAIT_MS)
    assert not mapper.continue_button.isEnabled()
    mapper.date_format.setCurrentText("%d/%m/%Y")
    # The person decides the Text column is not worth keeping, and names the source.
    mapper.set_role(1, "")
    qtbot.waitUntil(lambda: mapper.continue_button.isEnabled(), timeout=WAIT_MS)
    assert mapper.result.item(0, 3).text() == ""  # no description any more
    mapper.source_edit.setText("My bank")
    with qtbot.waitSignal(window.imports.dialog_opened, timeout=WAIT_MS) as previewed:
        mapper.continue_button.click()
    preview = previewed.args[0]
    assert isinstance(preview, ImportPreviewDialog) and preview.parsed.format == "generic-csv"
    combo = preview.section_combos[0]
    combo.setCurrentIndex(combo.findData(SALARY))
    qtbot.waitUntil(lambda: preview.preview.count("new") == 3, timeout=WAIT_MS)
    wait_idle()
    preview.commit()
    qtbot.waitUntil(lambda: preview.result is not None, timeout=WAIT_MS)
    services = window.session.services
    assert sorted(t.amount for t in services.transactions()) == [Decimal("-800.00"), Decimal("-3.50"),
                                                                 Decimal("1200.00")]
    assert [m["source"] for m in services.column_mappings()] == ["My bank"]
    preview.accept()
    wait_idle()
    # March's file has the same columns: read by the saved mapping, straight to the preview.
    march = bank_file(tmp_path / "march.csv", ["02/03/2026;Card payment;Bakery;12,00;;1.384,50"])
    with qtbot.waitSignal(window.imports.dialog_opened, timeout=WAIT_MS) as again:
        assert window.import_file(march)
    assert again.args[0].parsed.format == "generic-csv" and len(again.args[0].parsed.rows) == 1
    again.args[0].reject()


def test_a_file_that_is_no_table_still_names_the_problem(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "open", lambda self: None)
    path = tmp_path / "letter.txt"
    path.write_text("Dear customer,\nyour statement is attached.\n", encoding="utf-8")
    with qtbot.waitSignal(window.imports.failed, timeout=WAIT_MS) as failed:
        window.import_file(path)
    assert "letter.txt" in failed.args[0] and "Nothing was imported" in failed.args[0]
