"""The OFX, camt and QIF importers: damaged input never escapes as anything but StatementError, large files
parse with exact totals, and the behaviours each module documents hold on small files built here.

The mutation tests start from the real sample files (../shared/samples, read in place, when present) and
from small files built by this module, so they run on every machine.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.statements import camt, detect, ofx, qif
from connectors.statements.records import (
    DIRECTIONS,
    STATUSES,
    Importer,
    ParsedStatement,
    StatementError,
)
from tests.conftest import SAMPLES, shared_missing

IMPORTERS: dict[str, Importer] = {"ofx": ofx.IMPORTER, "camt": camt.IMPORTER, "qif": qif.IMPORTER}

# ------------------------------------------------------------------------------------------ builders

OFX1_HEADER = (
    "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\n"
    "COMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
)
OFX2_HEADER = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
    '<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n'
)
SIGNON = "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240101<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>"
SIGNON_XML = (
    "<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>"
    "<DTSERVER>20240101</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1>"
)


def _amount(i: int) -> Decimal:
    """A deterministic spread of signed amounts, cents to hundreds of thousands."""
    return Decimal((i * 7919) % 10_000_000 - 5_000_000).scaleb(-2)


def ofx1(n: int, body: str | None = None) -> tuple[bytes, Decimal]:
    """OFX 1.02 SGML, CRLF, one STMTTRN per 8 lines from line 16; decimal commas and [-3:GMT] zones mixed in."""
    trns = []
    total = Decimal(0)
    for i in range(n):
        amount = _amount(i)
        text = f"{amount:.2f}".replace(".", ",") if i % 5 == 0 else f"{amount:.2f}"
        when = f"2024{1 + i % 12:02d}{1 + i % 28:02d}" + ("120000.000[-3:GMT]" if i % 2 else "")
        trns.append(
            f"<STMTTRN>\r\n<TRNTYPE>{'CREDIT' if amount > 0 else 'DEBIT'}\r\n<DTPOSTED>{when}\r\n<TRNAMT>{text}\r\n"
            f"<FITID>T{i}\r\n<NAME>Shop &amp; Co {i}\r\n<MEMO>m{i}\r\n</STMTTRN>\r\n"
        )
        total += amount
    text = (
        f"{OFX1_HEADER}<OFX>\r\n{SIGNON}\r\n<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\r\n"
        "<STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>1<ACCTID>DE-1<ACCTTYPE>CHECKING</BANKACCTFROM>\r\n"
        "<BANKTRANLIST><DTSTART>20240101<DTEND>20241231\r\n"
        f"{''.join(trns) if body is None else body}"
        "</BANKTRANLIST>\r\n<LEDGERBAL><BALAMT>100,00<DTASOF>20241231</LEDGERBAL>\r\n"
        "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n"
    )
    return text.encode("cp1252"), total


def _xml_trn(i: int, amount: Decimal) -> str:
    return (
        f"<STMTTRN><TRNTYPE>{'CREDIT' if amount > 0 else 'DEBIT'}</TRNTYPE>"
        f"<DTPOSTED>2024{1 + i % 12:02d}{1 + i % 28:02d}093000.000[+8:CST]</DTPOSTED>"
        f"<TRNAMT>{amount:.2f}</TRNAMT><FITID>X{i}</FITID><NAME>商户 {i}</NAME></STMTTRN>\n"
    )


def ofx2(n: int) -> tuple[bytes, Decimal, Decimal]:
    """OFX 2.11 XML: a bank statement with the first half of the transactions, a credit-card one with the rest."""
    half = n // 2
    amounts = [_amount(i) for i in range(n)]
    bank = "".join(_xml_trn(i, amounts[i]) for i in range(half))
    card = "".join(_xml_trn(i, amounts[i]) for i in range(half, n))
    text = (
        f"{OFX2_HEADER}<OFX>\n{SIGNON_XML}\n"
        "<BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\n"
        "<STMTRS><CURDEF>CNY</CURDEF><BANKACCTFROM><BANKID>308</BANKID><ACCTID>6225 8801</ACCTID>"
        "<ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>\n<BANKTRANLIST><DTSTART>20240101</DTSTART>"
        f"<DTEND>20241231</DTEND>\n{bank}</BANKTRANLIST>\n"
        "<LEDGERBAL><BALAMT>1.00</BALAMT><DTASOF>20241231</DTASOF></LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1>\n"
        "<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>2</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>\n"
        "<CCSTMTRS><CURDEF>CNY</CURDEF><CCACCTFROM><ACCTID>4392 **** 1234</ACCTID></CCACCTFROM>\n"
        f"<BANKTRANLIST><DTSTART>20240101</DTSTART><DTEND>20241231</DTEND>\n{card}</BANKTRANLIST>\n"
        "<LEDGERBAL><BALAMT>-2.00</BALAMT><DTASOF>20241231</DTASOF></LEDGERBAL></CCSTMTRS></CCSTMTTRNRS>"
        "</CREDITCARDMSGSRSV1>\n</OFX>\n"
    )
    return text.encode(), sum(amounts[:half], Decimal(0)), sum(amounts[half:], Decimal(0))


def camt053(n: int, version: str, entries: str | None = None) -> tuple[bytes, Decimal, int]:
    """camt.053 of ``version``; 2019+ versions write ``<Sts><Cd>`` and ``Dbtr/Pty/Nm``. (bytes, total, pending)."""
    new = int(version) >= 8
    parts = []
    total, pending = Decimal(0), 0
    for i in range(n):
        amount = _amount(i)
        code = "PDNG" if i % 10 == 3 else "BOOK"
        pending += code == "PDNG"
        status = f"<Sts><Cd>{code}</Cd></Sts>" if new else f"<Sts>{code}</Sts>"
        party = "Dbtr" if amount > 0 else "Cdtr"
        name = f"<{party}><Pty><Nm>P{i}</Nm></Pty></{party}>" if new else f"<{party}><Nm>P{i}</Nm></{party}>"
        day = (
            f"<DtTm>2024-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00+01:00</DtTm>"
            if i % 2
            else (f"<Dt>2024-{1 + i % 12:02d}-{1 + i % 28:02d}</Dt>")
        )
        parts.append(
            f'<Ntry>\n<Amt Ccy="EUR">{abs(amount):.2f}</Amt>\n<CdtDbtInd>{"CRDT" if amount > 0 else "DBIT"}</CdtDbtInd>\n'
            f"{status}\n<BookgDt>{day}</BookgDt>\n<AcctSvcrRef>R{i}</AcctSvcrRef>\n"
            f"<NtryDtls><TxDtls><RltdPties>{name}</RltdPties><RmtInf><Ustrd>memo {i}</Ustrd></RmtInf></TxDtls></NtryDtls>\n"
            "</Ntry>\n"
        )
        total += amount
    text = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">\n'
        "<BkToCstmrStmt>\n<GrpHdr><MsgId>M</MsgId><CreDtTm>2024-12-31T00:00:00</CreDtTm></GrpHdr>\n<Stmt>\n<Id>S1</Id>\n"
        "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n"
        '<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>'
        "<Dt><Dt>2024-12-31</Dt></Dt></Bal>\n"
        f"{''.join(parts) if entries is None else entries}</Stmt>\n</BkToCstmrStmt>\n</Document>\n"
    )
    return text.encode(), total, pending


def qif_bank(n: int) -> tuple[bytes, Decimal]:
    """!Type:Bank with day-first dates (31/01/2024), thousands separators; record i starts on line 2 + 5i."""
    lines = ["!Type:Bank"]
    total = Decimal(0)
    for i in range(n):
        amount = _amount(i)
        lines += [
            f"D{1 + i % 28:02d}/{1 + i % 12:02d}/2024",
            f"T{amount:,.2f}",
            f"PPayee {i}",
            "LFood:Groceries",
            "^",
        ]
        total += amount
    return ("\r\n".join(lines) + "\r\n").encode(), total


SMALL_SEEDS = {
    "ofx1.ofx": ofx1(4)[0],
    "ofx2.ofx": ofx2(4)[0],
    "camt02.xml": camt053(3, "02")[0],
    "camt08.xml": camt053(3, "08")[0],
    "bank.qif": qif_bank(4)[0],
}


def _seeds() -> dict[str, bytes]:
    seeds = dict(SMALL_SEEDS)
    for folder in ("ofx", "camt", "qif"):
        if not shared_missing(SAMPLES / folder):  # seeds from the real files when present (always under CI)
            seeds.update({p.name: p.read_bytes() for p in sorted((SAMPLES / folder).iterdir())})
    return seeds


SEEDS = _seeds()


def check(parsed: ParsedStatement) -> None:
    """What every successful parse promises, whatever the input was."""
    assert parsed.sections or not parsed.rows
    for row in parsed.rows:
        assert isinstance(row.amount, Decimal) and row.amount.is_finite()
        assert row.line >= 1 and row.direction in DIRECTIONS and row.status in STATUSES
        assert row.direction == ("in" if row.amount > 0 else "out" if row.amount < 0 else "neutral")
        assert isinstance(row.occurred_at, date)
    for section in parsed.sections:
        for balance in section.balances:
            assert isinstance(balance.amount, Decimal) and balance.amount.is_finite()
    for problem in parsed.problems:
        assert problem.line >= 1 and problem.problem


# ------------------------------------------------------------------------------------------ mutations


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[name])
    for _step in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        kind = draw(
            st.sampled_from(["truncate", "flip", "delete", "insert", "duplicate_line", "drop_line", "tag"])
        )
        if kind == "truncate":
            del data[at:]
        elif kind == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif kind == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif kind == "tag":  # damage that still looks like markup, which random bytes rarely produce
            data[at:at] = draw(st.sampled_from([b"<", b">", b"</STMTTRN>", b"<STMTTRN>", b"</Ntry>", b"<Ntry>",
                                                b"<TRNAMT>NaN", b"<Amt>1E999</Amt>", b"^\n", b"\nD99/99/99\n",
                                                b"<!--", b"<NAME/>", b"&", b"\xef\xbb\xbf"]))  # fmt: skip
        else:
            lines = bytes(data).split(b"\n")
            index = at % len(lines)
            if kind == "duplicate_line":
                lines.insert(index, lines[index])
            else:
                del lines[index]
            data = bytearray(b"\n".join(lines))
    return name, bytes(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), st.sampled_from(sorted(IMPORTERS)))
def test_damaged_files_raise_statement_error_or_parse_cleanly(case: tuple[str, bytes], importer: str) -> None:
    name, data = case
    try:
        parsed = IMPORTERS[importer].parse(data, name)
    except StatementError as exc:
        assert exc.path == name and exc.problem
        return
    check(parsed)


@settings(max_examples=150, deadline=None)
@given(mutated())
def test_detection_never_fails_on_damaged_files(case: tuple[str, bytes]) -> None:
    name, data = case
    ranked = detect.detect(data, name)
    scores = [score for score, _imp in ranked]
    assert len(ranked) == len(detect.importers()) and scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


@pytest.mark.parametrize("name", sorted(SMALL_SEEDS))
def test_the_seeds_themselves_parse(name: str) -> None:
    importer = IMPORTERS["qif" if name.endswith(".qif") else "camt" if name.startswith("camt") else "ofx"]
    parsed = importer.parse(SMALL_SEEDS[name], name)
    check(parsed)
    assert parsed.rows and not parsed.problems


# ------------------------------------------------------------------------------------------ large files


@pytest.mark.slow
def test_ofx1_with_20k_transactions() -> None:
    data, total = ofx1(20_000)
    parsed = ofx.IMPORTER.parse(data, "big.ofx")
    (section,) = parsed.sections
    assert (parsed.format, section.currency, section.account_ref) == ("ofx-1", "EUR", "DE-1")
    assert len(section.rows) == 20_000 and sum(r.amount for r in section.rows) == total
    assert [r.line for r in section.rows[:2]] == [16, 24] and section.rows[-1].line == 16 + 8 * 19_999
    assert section.rows[5].amount == _amount(5)  # written with a decimal comma
    assert section.rows[1].occurred_at == datetime(2024, 2, 2, 15, 0, tzinfo=UTC)  # 12:00 at [-3:GMT]
    assert section.rows[0].occurred_at == date(2024, 1, 1) and section.rows[7].counterparty == "Shop & Co 7"
    assert [(b.type, b.amount) for b in section.balances] == [("LEDGERBAL", Decimal("100.00"))]


@pytest.mark.slow
def test_ofx2_with_20k_transactions_in_a_bank_and_a_card_statement() -> None:
    data, bank_total, card_total = ofx2(20_000)
    parsed = ofx.IMPORTER.parse(data, "big.ofx")
    bank, card = parsed.sections
    assert parsed.format == "ofx-2" and (bank.kind_hint, card.kind_hint) == ("", "credit_card")
    assert (bank.account_ref, card.account_ref) == ("6225 8801", "4392 **** 1234")
    assert (len(bank.rows), len(card.rows)) == (10_000, 10_000)
    assert sum(r.amount for r in bank.rows) == bank_total and sum(r.amount for r in card.rows) == card_total
    assert bank.rows[0].occurred_at == datetime(2024, 1, 1, 1, 30, tzinfo=UTC)  # 09:30 at +8
    assert bank.rows[3].counterparty == "商户 3" and card.balances[0].amount == Decimal("-2.00")
    text = data.decode().split("\n")
    assert all(text[r.line - 1].startswith("<STMTTRN>") for r in (bank.rows[0], card.rows[-1]))


@pytest.mark.slow
@pytest.mark.parametrize("version", ["02", "08"])
def test_camt053_with_20k_entries(version: str) -> None:
    data, total, pending = camt053(20_000, version)
    parsed = camt.IMPORTER.parse(data, "big.xml")
    (section,) = parsed.sections
    assert parsed.format == f"camt.053.001.{version}" and section.account_ref == "DE89370400440532013000"
    assert len(section.rows) == 20_000 and sum(r.amount for r in section.rows) == total
    assert sum(r.status == "pending" for r in section.rows) == pending
    first, second = section.rows[0], section.rows[1]
    assert (first.order_id, first.memo, first.occurred_at) == ("R0", "memo 0", date(2024, 1, 1))
    assert second.occurred_at == datetime.fromisoformat("2024-02-02T10:00:00+01:00")
    credit = section.rows[632]  # the first credit: the counterparty is the debtor, not the creditor
    assert (second.direction, second.counterparty, credit.direction, credit.counterparty) == (
        "out",
        "P1",
        "in",
        "P632",
    )
    assert section.balances[0].amount == Decimal("-5.00")
    lines = data.split(b"\n")
    assert all(lines[r.line - 1] == b"<Ntry>" for r in section.rows[:50] + section.rows[-50:])


@pytest.mark.slow
def test_qif_with_20k_transactions_day_first() -> None:
    data, total = qif_bank(20_000)
    parsed = qif.IMPORTER.parse(data, "big.qif")
    assert len(parsed.rows) == 20_000 and sum(r.amount for r in parsed.rows) == total
    assert [r.line for r in parsed.rows[:2]] == [2, 7] and parsed.rows[-1].line == 2 + 5 * 19_999
    assert parsed.rows[13].occurred_at == date(2024, 2, 14)  # 14/02/2024
    assert any("day-first" in n for n in parsed.notes)


# ------------------------------------------------------------------------------------------ OFX behaviour


def _one_trn(*fields: str) -> str:
    return "<STMTTRN>\r\n" + "".join(f + "\r\n" for f in fields) + "</STMTTRN>\r\n"


GOOD = _one_trn("<TRNTYPE>DEBIT", "<DTPOSTED>20240105", "<TRNAMT>-6,60", "<FITID>A1", "<NAME>Cafe")


def test_ofx_bad_transaction_is_skipped_with_its_line_and_the_rest_imported() -> None:
    bad = _one_trn("<TRNTYPE>DEBIT", "<DTPOSTED>20240105", "<TRNAMT>(12.00)", "<FITID>A2")
    parsed = ofx.IMPORTER.parse(ofx1(0, GOOD + bad)[0], "x.ofx")
    assert [r.amount for r in parsed.rows] == [Decimal("-6.60")]
    (problem,) = parsed.problems
    assert (problem.line, problem.field) == (23, "TRNAMT") and "(12.00)" in problem.problem


def test_ofx_unknown_trntype_and_missing_fitid_do_not_reject_the_row() -> None:
    odd = _one_trn("<TRNTYPE>PURCHASE", "<DTPOSTED>20240105", "<TRNAMT>-1.00")
    (row,) = ofx.IMPORTER.parse(ofx1(0, odd)[0], "x.ofx").rows
    assert (row.raw_type, row.order_id, row.amount) == ("PURCHASE", "", Decimal("-1.00"))


def test_ofx_currency_aggregate_and_transfer_account_and_payee() -> None:
    trn = _one_trn(
        "<TRNTYPE>XFER", "<DTPOSTED>20240105", "<TRNAMT>-10.00", "<FITID>A3",
        "<PAYEE><NAME>Landlord<ADDR1>1 Road<CITY>X<STATE>Y<POSTALCODE>1<PHONE>2</PAYEE>",
        "<BANKACCTTO><BANKID>1<ACCTID>SAVINGS-9<ACCTTYPE>SAVINGS</BANKACCTTO>",
        "<MEMO>" + "long memo " * 40, "<CURRENCY><CURRATE>7.1<CURSYM>USD</CURRENCY>",
    )  # fmt: skip
    (row,) = ofx.IMPORTER.parse(ofx1(0, trn)[0], "x.ofx").rows
    assert (row.counterparty, row.currency, row.transfer_hint) == ("Landlord", "USD", "transfer:SAVINGS-9")
    assert len(row.memo) == len(("long memo " * 40).strip())  # over the spec's 255: kept whole


def test_ofx_fraction_digits_and_zones() -> None:
    trn = _one_trn("<TRNTYPE>DEBIT", "<DTPOSTED>20240105120000.5[+5.30:IST]", "<TRNAMT>-1", "<FITID>A4")
    (row,) = ofx.IMPORTER.parse(ofx1(0, trn)[0], "x.ofx").rows
    assert row.occurred_at == datetime(2024, 1, 5, 6, 30, 0, 500_000, tzinfo=UTC)


def _header_variant(data: bytes, header: bytes) -> bytes:
    return header + data[data.index(b"<OFX>") :]


def test_ofx_bom_missing_header_and_rejected_header_are_read_with_a_note() -> None:
    data = ofx1(0, GOOD)[0]
    assert ofx.IMPORTER.parse(b"\xef\xbb\xbf" + data, "x.ofx").rows
    for header in (b"", b"\r\n\r\n", b"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nCHARSET:UTF-8\n\n"):
        parsed = ofx.IMPORTER.parse(_header_variant(data, header), "x.ofx")
        assert [r.amount for r in parsed.rows] == [Decimal("-6.60")]
        assert any("header is missing or malformed" in n for n in parsed.notes)


def test_ofx_utf8_text_under_a_cp1252_header_is_read_as_utf8() -> None:
    trn = _one_trn("<TRNTYPE>DEBIT", "<DTPOSTED>20240105", "<TRNAMT>-1", "<FITID>A5", "<NAME>星巴克 Café")
    text = ofx1(0, "@")[0].decode("cp1252").replace("@", trn)
    parsed = ofx.IMPORTER.parse(text.encode("utf-8"), "x.ofx")
    assert parsed.rows[0].counterparty == "星巴克 Café" and parsed.encoding == "utf-8"
    # a real cp1252 file stays cp1252
    parsed = ofx.IMPORTER.parse(text.replace("星巴克 ", "").encode("cp1252"), "x.ofx")
    assert parsed.rows[0].counterparty == "Café" and parsed.encoding == "cp1252"


def test_ofx2_self_closing_elements_and_comments() -> None:
    data = ofx2(2)[0].replace(b"<NAME>", b"<!-- a\ncomment --><MEMO/><NAME>", 1)
    parsed = ofx.IMPORTER.parse(data, "x.ofx")
    assert len(parsed.rows) == 2 and parsed.rows[0].memo == ""
    lines = data.decode().split("\n")
    assert lines[parsed.rows[1].line - 1].startswith("<STMTTRN>")


def test_ofx2_with_lower_case_tags() -> None:
    data = ofx2(4)[0]
    lowered = re.sub(rb"<(/?)([A-Z][A-Z0-9.]*)>", lambda m: b"<" + m[1] + m[2].lower() + b">", data)
    parsed = ofx.IMPORTER.parse(lowered, "x.ofx")
    assert [r.amount for r in parsed.rows] == [_amount(i) for i in range(4)]
    assert [r.line for r in parsed.rows] == [8, 9, 15, 16] and parsed.sections[1].kind_hint == "credit_card"


def test_ofx_bank_statement_next_to_an_investment_statement_is_imported_with_a_note() -> None:
    investment = (
        "<INVSTMTMSGSRSV1><INVSTMTTRNRS><TRNUID>9<STATUS><CODE>0<SEVERITY>INFO</STATUS><INVSTMTRS>"
        "<DTASOF>20240101<CURDEF>USD<INVACCTFROM><BROKERID>b<ACCTID>1</INVACCTFROM></INVSTMTRS>"
        "</INVSTMTTRNRS></INVSTMTMSGSRSV1></OFX>"
    )
    data = ofx1(0, GOOD)[0].replace(b"</OFX>", investment.encode())
    parsed = ofx.IMPORTER.parse(data, "x.ofx")
    assert len(parsed.rows) == 1 and any(
        "investment statement" in n and "not imported" in n for n in parsed.notes
    )


def test_ofx_broken_markup_names_its_line() -> None:
    data = ofx2(2)[0].replace(b"</TRNAMT>", b"</FITID>", 1)
    with pytest.raises(StatementError) as info:
        ofx.IMPORTER.parse(data, "x.ofx")
    assert "</FITID> closes an element that is not open" in str(info.value) and info.value.line == 8
    assert b"-50000.00</FITID>" in data.split(b"\n")[7]


def test_not_ofx_at_all() -> None:
    with pytest.raises(StatementError, match="not an OFX file"):
        ofx.IMPORTER.parse(b"date,amount\n2024-01-01,5\n", "x.ofx")


# ------------------------------------------------------------------------------------------ camt behaviour


def _entry(amount: str, sign: str, extra: str = "", status: str = "<Sts><Cd>BOOK</Cd></Sts>") -> str:
    return (
        f'<Ntry><Amt Ccy="CHF">{amount}</Amt><CdtDbtInd>{sign}</CdtDbtInd>{status}'
        f"<BookgDt><Dt>2024-03-01</Dt></BookgDt>{extra}</Ntry>\n"
    )


def test_camt_bad_entry_is_skipped_with_its_line() -> None:
    entries = (
        _entry("1.00", "CRDT") + _entry("1,00", "CRDT") + _entry("2.00", "XXXX") + _entry("3.00", "DBIT")
    )
    parsed = camt.IMPORTER.parse(camt053(0, "08", entries)[0], "x.xml")
    assert [r.amount for r in parsed.rows] == [Decimal("1.00"), Decimal("-3.00")]
    assert [(p.line, p.field) for p in parsed.problems] == [
        (10, "Ntry"),
        (11, "Ntry"),
    ]  # entries start on line 9
    assert "not an amount: '1,00'" in parsed.problems[0].problem and "XXXX" in parsed.problems[1].problem


def test_camt_batch_entry_reversal_fee_and_statuses() -> None:
    details = (
        "<RvslInd>true</RvslInd><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RDDT</Cd><SubFmlyCd>UPDD</SubFmlyCd></Fmly>"
        "</Domn></BkTxCd><Chrgs><TtlChrgsAndTaxAmt Ccy='CHF'>0.50</TtlChrgsAndTaxAmt></Chrgs>"
        "<NtryDtls><TxDtls><Refs><EndToEndId>E1</EndToEndId></Refs><RltdPties><Cdtr><Pty><Nm>A</Nm></Pty></Cdtr>"
        "</RltdPties></TxDtls><TxDtls><RltdPties><Cdtr><Nm>B</Nm></Cdtr></RltdPties></TxDtls></NtryDtls>"
        "<AddtlNtryInf>Batch</AddtlNtryInf>"
    )
    entries = _entry("9.00", "DBIT", details) + _entry("1.00", "CRDT", status="<Sts>INFO</Sts>")
    parsed = camt.IMPORTER.parse(camt053(0, "08", entries)[0], "x.xml")
    batch, info = parsed.rows
    assert (batch.counterparty, batch.description, batch.fee) == ("A; B", "Batch", Decimal("0.50"))
    assert (
        batch.raw_type == "PMNT/RDDT/UPDD reversal" and batch.merchant_order_id == ""
    )  # two TxDtls: no single ref
    assert (batch.currency, info.status) == ("CHF", "pending")


def test_camt052_report_with_other_account_id_and_no_account_currency() -> None:
    data = (
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.13"><BkToCstmrAcctRpt><GrpHdr/>'
        "<Rpt><Acct><Id><Othr><Id>0123-4</Id></Othr></Id></Acct>"
        + _entry("4.20", "CRDT", "<NtryRef>N1</NtryRef>")
        + "</Rpt></BkToCstmrAcctRpt></Document>"
    ).encode()
    parsed = camt.IMPORTER.parse(data, "r.xml")
    (section,) = parsed.sections
    assert (parsed.format, section.account_ref, section.currency) == ("camt.052.001.13", "0123-4", "CHF")
    assert section.rows[0].order_id == "N1"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"/>', "not an ISO 20022 camt"),
        (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e "x">]><d>&e;</d>', "refused for safety"),
        (b'<?xml version="1.0"?>\n<Document>\n<a></b>', "not well-formed"),
    ],
)
def test_camt_refusals(data: bytes, words: str) -> None:
    with pytest.raises(StatementError, match=words):
        camt.IMPORTER.parse(data, "x.xml")


# ------------------------------------------------------------------------------------------ QIF behaviour


def _qif(*records: str, header: str = "!Type:Bank") -> bytes:
    return (header + "\n" + "".join(r.strip() + "\n^\n" for r in records)).encode()


@pytest.mark.parametrize(
    ("dates", "expected", "note"),
    [
        (["1/31/2008", "2/1/2008"], [date(2008, 1, 31), date(2008, 2, 1)], None),
        (["31/01/2008", "1/2/2008"], [date(2008, 1, 31), date(2008, 2, 1)], "day-first"),
        (["1/2/2008"], [date(2008, 1, 2)], "read month-first"),
        (["1/31'08", "12/ 1/2008", "2008-01-31", "1/ 2' 9"], [date(2008, 1, 31), date(2008, 12, 1), date(2008, 1, 31),
                                                             date(2009, 1, 2)], None),
    ],
)  # fmt: skip
def test_qif_date_order_is_decided_per_file(dates: list[str], expected: list[date], note: str | None) -> None:
    parsed = qif.IMPORTER.parse(_qif(*(f"D{d}\nT1" for d in dates)), "x.qif")
    assert [r.occurred_at for r in parsed.rows] == expected
    if note:
        assert any(note in n for n in parsed.notes)


@pytest.mark.parametrize(
    ("text", "amount"),
    [("1,500.00", "1500.00"), ("-1,234,567.89", "-1234567.89"), ("-1.234,56", "-1234.56"), ("12,50", "12.50"),
     ("1500", "1500"), ("1'234.50", "1234.50")],
)  # fmt: skip
def test_qif_amounts(text: str, amount: str) -> None:
    (row,) = qif.IMPORTER.parse(_qif(f"D1/2/2008\nT{text}"), "x.qif").rows
    assert row.amount == Decimal(amount)


def test_qif_splits_transfers_classes_and_fields() -> None:
    record = "D1/2/2008\nCX\nN1042\nPSupermarket\nMweekly\nLFood/Vacation\nSFood\nEbread\n$-30.00\nSHousehold\n$-12.50\nT-42.50"
    transfer = "D1/3/2008\nT-100\nL[Savings Account]"
    parsed = qif.IMPORTER.parse(_qif(record, transfer), "x.qif")
    shop, move = parsed.rows
    assert (shop.amount, shop.counterparty, shop.category, shop.raw_type) == (
        Decimal("-42.50"),
        "Supermarket",
        "Food",
        "1042",
    )
    assert shop.memo == "weekly | splits: Food -30.00 (bread); Household -12.50"
    assert (move.transfer_hint, move.category) == ("transfer:Savings Account", "")


def test_qif_accounts_become_sections_and_lists_are_counted() -> None:
    data = (
        b"!Option:AutoSwitch\n!Account\nNChecking\nTBank\n^\nNVisa\nTCCard\n^\n!Clear:AutoSwitch\n"
        b"!Type:Cat\nNFood\nE\n^\n"
        b"!Account\nNChecking\nTBank\n^\n!Type:Bank\nD1/2/2008\nT5\n^\n"
        b"!Account\nNVisa\nTCCard\n^\n!Type:CCard\nD1/2/2008\nT-7\n^\n"
    )
    parsed = qif.IMPORTER.parse(data, "x.qif")
    assert [(s.account_ref, s.kind_hint, [r.amount for r in s.rows]) for s in parsed.sections] == [
        ("Checking", "", [Decimal(5)]),
        ("Visa", "credit_card", [Decimal(-7)]),
    ]
    assert any("3 list records" in n for n in parsed.notes)  # two listed accounts and a category
    # the AutoSwitch list does not choose the account of a register that follows it
    listed_only = qif.IMPORTER.parse(data.split(b"!Type:Cat")[0] + b"!Type:Bank\nD1/2/2008\nT5\n^\n", "x.qif")
    assert listed_only.sections[0].account_ref == ""


def test_qif_bad_records_and_investments() -> None:
    parsed = qif.IMPORTER.parse(
        _qif("D1/2/2008\nT5", "D99/99/2008\nT1", "D1/2/2008\nTabc", "PNo date\nT1"), "x.qif"
    )
    assert [r.amount for r in parsed.rows] == [Decimal(5)]
    assert [(p.line, p.field) for p in parsed.problems] == [(5, "D"), (8, "T"), (11, "D")]
    with pytest.raises(StatementError, match="not supported"):
        qif.IMPORTER.parse(_qif("D1/2/2008\nNBuy\nYACME\nT5", header="!Type:Invst"), "x.qif")
    mixed = _qif("D1/2/2008\nT5") + _qif("D1/2/2008\nNBuy\nT5", header="!Type:Invst")
    assert any("investment" in n for n in qif.IMPORTER.parse(mixed, "x.qif").notes)
    with pytest.raises(StatementError, match="before any !Type"):
        qif.IMPORTER.parse(b"D1/2/2008\nT5\n^\n", "x.qif")


# ------------------------------------------------------------------------------------------ detection


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Replace the registry with fake modules for one test."""

    def install(**modules: types.ModuleType | None) -> None:
        for name, module in modules.items():
            monkeypatch.setitem(sys.modules, name, module)  # None makes the import fail
        monkeypatch.setattr(detect, "MODULES", tuple(modules))
        monkeypatch.setattr(detect, "_loaded", None)

    monkeypatch.setattr(detect, "_loaded", None)
    return install


class _Fake:
    def __init__(self, name: str = "fake", score: float = 0.9) -> None:
        self.name, self.score = name, score

    def sniff(self, head: bytes, filename: str) -> float:
        if self.score < 0:
            raise RuntimeError("sniffer bug")
        return self.score

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        return ParsedStatement(format=self.name, path=path, encoding="utf-8")


def test_detect_finds_importers_under_any_name_and_survives_broken_modules(
    registry: Callable[..., None],
) -> None:
    named = types.ModuleType("fake_named")
    named.IMPORTER = _Fake("named", 0.6)  # type: ignore[attr-defined]
    other = types.ModuleType("fake_other")
    fake_class = type(
        "OtherImporter",
        (_Fake,),
        {"__module__": "fake_other", "__init__": lambda self: _Fake.__init__(self, "other", 0.8)},
    )
    other.OtherImporter = fake_class  # type: ignore[attr-defined]
    other.Helper = object()  # type: ignore[attr-defined]
    buggy = types.ModuleType("fake_buggy")
    buggy.IMPORTER = _Fake("buggy", -1)  # type: ignore[attr-defined]
    registry(fake_named=named, fake_other=other, fake_buggy=buggy, fake_missing=None)
    assert [i.name for i in detect.importers()] == ["named", "other", "buggy"]
    assert [(s, i.name) for s, i in detect.detect(b"x", "f")] == [
        (0.8, "other"),
        (0.6, "named"),
        (0.0, "buggy"),
    ]
    assert detect.parse_data(b"x", "f.csv").format == "other"


def test_nothing_sure_enough_is_format_not_recognised(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"shopping list\n")
    with pytest.raises(StatementError) as info:
        detect.parse_file(path)
    assert "format not recognised" in str(info.value)
    assert all(name in str(info.value) for name in ("ofx", "camt", "qif"))
    with pytest.raises(StatementError, match="cannot read"):
        detect.parse_file(tmp_path / "missing.ofx")


@pytest.mark.parametrize("name", sorted(SMALL_SEEDS))
def test_parse_file_dispatches_the_built_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(SMALL_SEEDS[name])
    assert detect.parse_file(path).rows
