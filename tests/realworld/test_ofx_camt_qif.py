"""The OFX, camt and QIF importers over the real files in ../shared/samples (read in place).

Every figure asserted here is the one the samples README gives (computed from the rows). Each sample
file has an expectation below; a file added to the corpus without one fails ``test_every_sample_is_covered``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from connectors.statements import camt, detect, ofx, qif
from connectors.statements.records import DIRECTIONS, STATUSES, ParsedStatement, StatementError
from tests.conftest import SAMPLES, needs_shared

pytestmark = needs_shared(SAMPLES)

IMPORTERS = {"ofx": ofx.IMPORTER, "camt": camt.IMPORTER, "qif": qif.IMPORTER}
INVESTMENT = (
    "ofx/ofxparse_fidelity-savings.ofx",
    "ofx/ofxparse_fidelity.ofx",
    "ofx/ofxparse_investment_401k.ofx",
    "ofx/ofxparse_investment_medium.ofx",
    "ofx/ofxparse_td_ameritrade.ofx",
    "ofx/ofxparse_tiaacref.ofx",
    "ofx/ofxparse_vanguard.ofx",
    "ofx/ofxparse_vanguard401k.ofx",
)
# file -> the words a person must find in the refusal (lower-cased comparison)
REFUSED = {
    **{name: ("investment statement", "not supported") for name in INVESTMENT},
    "ofx/ofxparse_account_listing_aggregation.ofx": ("account list", "not supported"),
    "ofx/ofxparse_bank_small.ofx": ("empty", "no statement"),
    "ofx/ofxparse_error_message.ofx": ("error instead of a statement", "general server error", "2000"),
    "ofx/ofxparse_signon_fail.ofx": ("refused the sign-on", "password was incorrect", "15500"),
    "ofx/ofxparse_signon_success.ofx": ("no statement", "sign-on response"),
    "ofx/ofxparse_signon_success_no_message.ofx": ("no statement", "sign-on response"),
    "ofx/ofxparse_fail_nice__date_missing.ofx": ("no transaction can be imported", "no date", "20120231"),
    "ofx/ofxparse_fail_nice__decimal_error.ofx": (
        "no transaction can be imported",
        "not an amount: '$120'",
    ),
    "camt/camt053.v2.wrong.xml": ("group header but no statement",),
}
IMPORTED = (
    "ofx/ofxparse_bank_medium.ofx",
    "ofx/ofxparse_checking.ofx",
    "ofx/ofxparse_multiple_accounts.ofx",
    "ofx/fixofx_checking.ofx",
    "camt/camt053.v2.minimal.xml",
    "camt/camt053.v2.multi.statement.xml",
    "qif/nerdbank_sample.qif",
)


def _parse(name: str) -> ParsedStatement:
    path = SAMPLES / name
    return IMPORTERS[name.split("/")[0]].parse(path.read_bytes(), str(path))


def _line(name: str, number: int) -> str:
    return (SAMPLES / name).read_bytes().split(b"\n")[number - 1].decode("latin-1")


def _check_rows(name: str, parsed: ParsedStatement, start_tag: str) -> None:
    """What holds for every row of every file: sign, direction, status, and a line that starts the record."""
    for row in parsed.rows:
        assert isinstance(row.amount, Decimal) and row.amount.is_finite()
        assert row.direction in DIRECTIONS and row.status in STATUSES
        assert row.direction == ("in" if row.amount > 0 else "out" if row.amount < 0 else "neutral")
        assert start_tag in _line(name, row.line), f"{name} line {row.line} does not start the record"


def test_every_sample_is_covered() -> None:
    present = {f"{p.parent.name}/{p.name}" for d in ("ofx", "camt", "qif") for p in (SAMPLES / d).iterdir()}
    assert present == set(REFUSED) | set(IMPORTED)


@pytest.mark.parametrize("name", sorted(set(REFUSED) | set(IMPORTED)))
def test_detection_picks_the_right_importer_and_parse_file_agrees(name: str) -> None:
    path = SAMPLES / name
    ranked = detect.detect(path.read_bytes(), path.name)
    assert ranked[0][1].name == name.split("/")[0] and ranked[0][0] > detect.THRESHOLD
    if name in REFUSED:
        with pytest.raises(StatementError):
            detect.parse_file(path)
    else:
        assert detect.parse_file(path).rows == _parse(name).rows


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_files_without_an_importable_statement_are_refused_clearly(name: str) -> None:
    with pytest.raises(StatementError) as info:
        _parse(name)
    message = str(info.value).lower()
    assert str(SAMPLES / name).lower() in message  # the error names the file
    for words in REFUSED[name]:
        assert words in message, f"{words!r} missing from: {info.value}"


# --------------------------------------------------------------------------------------------- OFX


def test_ofx_bank_medium_cad_account_with_a_space() -> None:
    name = "ofx/ofxparse_bank_medium.ofx"
    parsed = _parse(name)
    assert parsed.format == "ofx-1" and not parsed.problems and not parsed.notes
    (section,) = parsed.sections
    assert (section.account_ref, section.currency, section.kind_hint) == ("12300 000012345678", "CAD", "")
    assert len(section.rows) == 3 and sum(r.amount for r in section.rows) == Decimal("-345.27")
    assert {r.currency for r in section.rows} == {"CAD"}
    first = section.rows[0]
    # 20090401122017.000[-5:EST]: the same instant in UTC
    assert first.occurred_at == datetime(2009, 4, 1, 17, 20, 17, tzinfo=UTC)
    assert (first.amount, first.direction, first.raw_type) == (Decimal("-6.60"), "out", "POS")
    assert (first.counterparty, first.description) == ("MCDONALD'S #112", "MCDONALD'S #112")
    assert first.memo == "POS MERCHANDISE;MCDONALD'S #112"
    assert first.order_id == "0000123456782009040100001"
    assert [r.line for r in section.rows] == [15, 16, 17]
    assert [(b.type, b.amount, b.currency) for b in section.balances] == [
        ("LEDGERBAL", Decimal("382.34"), "CAD"),
        ("AVAILBAL", Decimal("682.34"), "CAD"),
    ]
    _check_rows(name, parsed, "<STMTTRN>")


def test_ofx_checking_usd_account_with_a_tilde_and_a_long_bankid() -> None:
    name = "ofx/ofxparse_checking.ofx"
    parsed = _parse(name)  # BANKID 5472369148 is over the spec's 9 characters: ofxtools' convert() refuses it
    (section,) = parsed.sections
    assert (section.account_ref, section.currency) == ("1452687~7", "USD")
    assert [r.amount for r in section.rows] == [Decimal("0.01"), Decimal("-34.51"), Decimal("-25.00")]
    assert sum(r.amount for r in section.rows) == Decimal("-59.50")
    assert [r.raw_type for r in section.rows] == ["CREDIT", "DEBIT", "CHECK"]
    assert section.rows[2].memo == "RETURNED CHECK FEE, CHECK # 319 FOR $45.33 ON 04/07/11"
    assert {b.type: b.amount for b in section.balances} == {
        "LEDGERBAL": Decimal("100.99"),
        "AVAILBAL": Decimal("75.99"),
    }
    _check_rows(name, parsed, "<STMTTRN>")


def test_ofx_two_statements_in_one_file() -> None:
    parsed = _parse("ofx/ofxparse_multiple_accounts.ofx")
    assert parsed.format == "ofx-2" and parsed.rows == []
    assert [(s.account_ref, s.currency) for s in parsed.sections] == [("9100", "USD"), ("9200", "USD")]
    assert [[(b.type, b.amount) for b in s.balances] for s in parsed.sections] == [
        [("LEDGERBAL", Decimal("111"))],
        [("LEDGERBAL", Decimal("222"))],
    ]
    # 20120603133220.000[-7:PDT]
    assert parsed.sections[0].balances[0].as_of == datetime(2012, 6, 3, 20, 32, 20, tzinfo=UTC)


def test_fixofx_checking_106_transactions_one_with_an_empty_name() -> None:
    name = "ofx/fixofx_checking.ofx"
    parsed = _parse(name)
    (section,) = parsed.sections
    assert (section.account_ref, section.currency) == ("58152460", "USD")
    assert len(section.rows) == 106 and sum(r.amount for r in section.rows) == Decimal("4644.42")
    assert {b.type: b.amount for b in section.balances} == {
        "LEDGERBAL": Decimal("1129.49"),
        "AVAILBAL": Decimal("1129.49"),
    }
    # <NAME> with no value and no end tag: the transaction after it must stay a transaction of its own
    empty = next(r for r in section.rows if r.order_id == "FAKEOFX-CHECKING-20100625-1--86.56")
    after = section.rows[section.rows.index(empty) + 1]
    assert empty.counterparty == "" and after.amount == Decimal("1961.54") and after.raw_type == "DEP"
    assert section.rows[0].occurred_at == date(2010, 7, 23)  # a bare YYYYMMDD stays a day
    assert len({r.order_id for r in section.rows}) == 106
    _check_rows(name, parsed, "<STMTTRN>")


def test_ofx_fail_nice_files_name_each_problem_and_its_line() -> None:
    with pytest.raises(StatementError) as info:
        _parse("ofx/ofxparse_fail_nice__date_missing.ofx")
    assert info.value.line == 33 and "<STMTTRN>" in _line("ofx/ofxparse_fail_nice__date_missing.ofx", 33)
    assert "line 40 (DTPOSTED)" in str(info.value) and "line 48 (DTPOSTED)" in str(info.value)
    with pytest.raises(StatementError) as info:
        _parse("ofx/ofxparse_fail_nice__decimal_error.ofx")
    assert info.value.line == 34 and "line 34 (TRNAMT): not an amount: '$120'" in str(info.value)


# -------------------------------------------------------------------------------------------- camt


def test_camt_minimal_one_entry_and_balances_in_four_currencies() -> None:
    name = "camt/camt053.v2.minimal.xml"
    parsed = _parse(name)
    assert parsed.format == "camt.053.001.02" and not parsed.problems
    (section,) = parsed.sections
    assert (section.account_ref, section.currency) == ("NL26VAYB8060476890", "EUR")
    (row,) = section.rows
    assert (row.amount, row.currency, row.direction, row.status) == (Decimal("8.85"), "EUR", "in", "success")
    assert row.occurred_at == date(2014, 12, 31) and row.counterparty == "NAME NAME"  # the debtor paid us
    assert [(b.type, b.amount, b.currency, b.as_of) for b in section.balances] == [
        ("OPBD", Decimal("18.15"), "EUR", date(2014, 12, 30)),
        ("CLBD", Decimal("-27.00"), "SEK", date(2014, 12, 31)),  # DBIT
        ("OPAV", Decimal("35.00"), "CHF", date(2014, 12, 30)),
        ("CLAV", Decimal("-2700"), "JPY", date(2014, 12, 31)),
    ]
    assert all("<Bal>" in _line(name, b.line) for b in section.balances if b.line)
    _check_rows(name, parsed, "<Ntry>")


def test_camt_two_statements_each_reconciles() -> None:
    name = "camt/camt053.v2.multi.statement.xml"
    parsed = _parse(name)
    assert len(parsed.sections) == 2
    expected = [
        (Decimal("18.15"), Decimal("27.00"), Decimal("8.85")),
        (Decimal("27.00"), Decimal("20.00"), Decimal("-7.00")),
    ]
    for section, (opening, closing, moved) in zip(parsed.sections, expected, strict=True):
        balances = {b.type: b.amount for b in section.balances}
        assert (balances["OPBD"], balances["CLBD"]) == (opening, closing)
        assert [r.amount for r in section.rows] == [moved] and opening + moved == closing
        assert (section.account_ref, section.currency) == ("NL26VAYB8060476890", "EUR")
    second = parsed.sections[1].rows[0]
    assert (second.direction, second.counterparty, second.memo) == (
        "out",
        "Company Name 2",
        "Transaction Description 2",
    )
    _check_rows(name, parsed, "<Ntry>")


# --------------------------------------------------------------------------------------------- QIF


def test_qif_nerdbank_29_transactions_month_first() -> None:
    name = "qif/nerdbank_sample.qif"
    parsed = _parse(name)
    assert (parsed.format, parsed.encoding) == ("qif", "utf-8-sig") and not parsed.problems
    (section,) = parsed.sections
    assert len(section.rows) == 29 and sum(r.amount for r in section.rows) == Decimal("21349.00")
    dates = [r.occurred_at for r in section.rows]
    assert (min(dates), max(dates)) == (date(2008, 1, 1), date(2008, 12, 10))
    assert date(2008, 4, 15) in dates  # 4/15/2008: month first
    assert any("4 list records" in n for n in parsed.notes)  # the !Type:Tag records are counted, not rows
    bonus = next(r for r in section.rows if r.occurred_at == date(2008, 10, 25))
    assert (bonus.amount, bonus.counterparty, bonus.category) == (
        Decimal("4000"),
        "Bonus Paycheck",
        "Income.Bonus",
    )
    _check_rows(name, parsed, "D")
