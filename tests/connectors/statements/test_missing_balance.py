"""A balance the file leaves out or garbles is a note about the file, never an unreadable row (issue 9, §4)."""

from __future__ import annotations

from connectors.statements.detect import parse_data
from tests.connectors.statements.test_formats_properties import camt053, ofx2


def test_an_ofx_balance_without_its_amount_is_a_note() -> None:
    data, _bank, _card = ofx2(4)
    data = data.replace(b"<BALAMT>1.00</BALAMT>", b"")
    parsed = parse_data(data, "statement.ofx")
    assert parsed.problems == []  # every row was read
    assert len(parsed.rows) == 4
    assert any("LEDGERBAL has no BALAMT" in n and "not compared" in n for n in parsed.notes), parsed.notes
    assert [b.type for b in parsed.sections[0].balances] == []
    assert [b.type for b in parsed.sections[1].balances] == ["LEDGERBAL"]


def test_a_garbled_ofx_balance_date_is_a_note() -> None:
    data, _bank, _card = ofx2(2)
    parsed = parse_data(data.replace(b"<DTASOF>20241231</DTASOF></LEDGERBAL></STMTRS>",
                                     b"<DTASOF>2024-13-99</DTASOF></LEDGERBAL></STMTRS>"), "statement.ofx")
    assert parsed.problems == [] and any("not a date" in n for n in parsed.notes)


def test_a_camt_balance_without_an_amount_is_a_note() -> None:
    data, _total, _count = camt053(3, "02")
    start = data.index(b"<Bal>")
    amt_start = data.index(b"<Amt", start)
    amt_end = data.index(b"</Amt>", amt_start) + len(b"</Amt>")
    parsed = parse_data(data[:amt_start] + data[amt_end:], "statement.xml")
    assert parsed.problems == [] and len(parsed.rows) == 3
    assert any("not compared" in n for n in parsed.notes), parsed.notes
