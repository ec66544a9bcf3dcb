"""File → Import history: every import listed, any one undone after a confirmation (issue 10, §7)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from PySide6.QtWidgets import QMessageBox

from app.ledger.statements import ParsedStatement, StatementRow, StatementSection
from tests.ui.conftest import WAIT_MS


def statement(name: str, day: int) -> ParsedStatement:
    row = StatementRow(line=2, occurred_at=datetime(2026, 4, day, 12, 0), amount=Decimal("-10.00"), currency="CNY",
                       direction="out", counterparty=name, order_id=name)
    return ParsedStatement(format="cmb-csv", path=f"/home/me/{name}", encoding="utf-8",
                           sections=[StatementSection(rows=[row])])


def test_an_older_import_is_undone_from_the_history(qtbot, window, wait_idle, monkeypatch) -> None:
    services = window.session.services
    for day, name in enumerate(("jan.csv", "feb.csv"), start=1):
        parsed = statement(name, day)
        window.tasks.run_mutation(
            lambda parsed=parsed, name=name: services.commit_import(
                services.preview_import(parsed, name.encode(), account_id=1)).changes)
    wait_idle()
    asked: list[str] = []

    def yes(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    window.history_action.trigger()
    qtbot.waitUntil(lambda: window.history_dialog is not None and window.history_dialog.isVisible(), timeout=WAIT_MS)
    dialog = window.history_dialog
    files = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert files == ["feb.csv", "jan.csv"]  # newest first
    jan = next(b["id"] for b in dialog.batches if b["file"].endswith("jan.csv"))
    dialog.select_batch(jan)
    assert dialog.undo_button.isEnabled()
    dialog.undo_button.click()
    qtbot.waitUntil(lambda: "removed" in dialog.message.text(), timeout=WAIT_MS)
    assert asked and "jan.csv" in asked[0] and "1 transaction" in asked[0]
    assert [t.counterparty for t in services.transactions() if t.counterparty.endswith(".csv")] == ["feb.csv"]
    assert [dialog.table.item(r, 4).text() for r in range(dialog.table.rowCount())] == ["Imported", "Undone"]
    dialog.select_batch(jan)
    assert not dialog.undo_button.isEnabled()  # an undone import cannot be undone again
    dialog.accept()
