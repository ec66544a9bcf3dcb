"""The limits against hostile files leave real files alone: lines as csv reads them, old Mac line
endings, a file just inside each limit. (The hostile files themselves: tests/security/test_hostile_files.py.)
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors.statements import camt, qif
from connectors.statements.limits import MAX_COLUMNS, MAX_LINE_BYTES, MAX_LINES, MAX_XML_DEPTH, check_lines
from connectors.statements.records import StatementError
from connectors.statements.tables import csv_records, physical_lines


@given(st.text(alphabet="ab,\"\r\n\u2028\x85\x1c上", max_size=40))
def test_lines_are_those_a_stringio_gives_csv(text: str) -> None:
    assert list(physical_lines(text)) == list(io.StringIO(text, newline=""))


def test_a_quoted_field_keeps_its_line_breaks() -> None:
    text = 'a,"one\r\ntwo\rthree"\r\nb,c\rd,e'
    assert list(csv_records(text, "x.csv")) == [(1, ["a", "one\r\ntwo\rthree"]), (4, ["b", "c"]), (5, ["d", "e"])]


def test_a_record_of_as_many_fields_as_allowed_is_read_and_one_more_is_refused() -> None:
    assert list(csv_records("," * (MAX_COLUMNS - 1), "x.csv")) == [(1, [""] * MAX_COLUMNS)]
    with pytest.raises(StatementError, match=f"line 2: this row has {MAX_COLUMNS + 1} fields, more than {MAX_COLUMNS}"):
        list(csv_records("a\n" + "," * MAX_COLUMNS, "x.csv"))


def test_old_mac_line_endings_are_lines_too() -> None:
    record = b"D01/02/2024\rT-1.00\rPShop\r^\r"
    data = b"!Type:Bank\r" + record * (2 * MAX_LINE_BYTES // len(record))
    check_lines(data, "old.qif")  # 2 MiB with CR only: short lines, not one long one
    assert len(qif.IMPORTER.parse(data, "old.qif").sections[0].rows) == 2 * MAX_LINE_BYTES // len(record)


def test_the_line_count_limit_is_met_exactly() -> None:
    check_lines(b"x\n" * MAX_LINES, "x.csv")
    check_lines(b"x\n" * (MAX_LINES - 1) + b"x", "x.csv")
    for over in (b"x\n" * MAX_LINES + b"x", b"x\n" * (MAX_LINES + 1)):
        with pytest.raises(StatementError, match=f"line {MAX_LINES + 1}: more than {MAX_LINES} lines"):
            check_lines(over, "x.csv")


def _camt(depth: int) -> bytes:
    extra = depth - 4  # Document, BkToCstmrStmt, Stmt, then nested Ntry elements
    return (b'<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
            b"<BkToCstmrStmt><Stmt>\n" + b"<Ntry>" * extra + b"<x/>" + b"</Ntry>" * extra
            + b"</Stmt></BkToCstmrStmt></Document>\n")


def test_camt_nesting_up_to_the_limit_parses_and_one_deeper_is_refused_at_its_line() -> None:
    with pytest.raises(StatementError) as deep:
        camt.IMPORTER.parse(_camt(MAX_XML_DEPTH + 1), "deep.xml")
    assert deep.value.line == 3  # where the nesting is, not where the file starts
    assert f"nested more than {MAX_XML_DEPTH} deep" in str(deep.value)

    with pytest.raises(StatementError) as ok:  # within the limit: read, then refused for what it holds
        camt.IMPORTER.parse(_camt(MAX_XML_DEPTH), "deep.xml")
    assert "nested" not in str(ok.value)
