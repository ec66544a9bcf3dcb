"""Dates are the statement's local dates (issue 9, §2): a stamp is booked on the day its own clock shows,
whatever the offset it states and whatever time zone the computer is in."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

import pytest

from app.ledger.imports import ImportService
from app.ledger.statements import ParsedStatement
from app.services import AppServices
from connectors.statements.detect import parse_data
from tests.app.household import populate
from tests.connectors.statements.test_formats_properties import OFX1_HEADER, OFX2_HEADER, SIGNON, SIGNON_XML

STAMPS = [  # (OFX time of day, offset), the day its own clock shows
    ("000000", "[+8:CST]"), ("235959", "[+8:CST]"), ("000000", "[0:GMT]"), ("235959", "[0:GMT]"),
    ("000000", "[-5:EST]"), ("235959", "[-5:EST]"), ("000000", ""), ("235959", ""),
]


@pytest.fixture(params=["UTC", "Asia/Shanghai", "America/New_York"])
def machine_zone(request: pytest.FixtureRequest) -> Iterator[str]:
    """The same parse on a computer in another time zone."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def ofx_sgml(stamps: list[str]) -> bytes:
    trns = "".join(f"<STMTTRN>\r\n<TRNTYPE>DEBIT\r\n<DTPOSTED>{s}\r\n<TRNAMT>-1.00\r\n<FITID>T{i}\r\n<NAME>x\r\n"
                   "</STMTTRN>\r\n" for i, s in enumerate(stamps))
    return (f"{OFX1_HEADER}<OFX>\r\n{SIGNON}\r\n<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO"
            "</STATUS>\r\n<STMTRS><CURDEF>CNY<BANKACCTFROM><BANKID>1<ACCTID>1<ACCTTYPE>CHECKING</BANKACCTFROM>\r\n"
            f"<BANKTRANLIST><DTSTART>20240301<DTEND>20240331\r\n{trns}</BANKTRANLIST>\r\n"
            "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n").encode("cp1252")


def ofx_xml(stamps: list[str]) -> bytes:
    trns = "".join(f"<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>{s}</DTPOSTED><TRNAMT>-1.00</TRNAMT>"
                   f"<FITID>X{i}</FITID><NAME>x</NAME></STMTTRN>\n" for i, s in enumerate(stamps))
    return (f"{OFX2_HEADER}<OFX>\n{SIGNON_XML}\n<BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE>"
            "<SEVERITY>INFO</SEVERITY></STATUS>\n<STMTRS><CURDEF>CNY</CURDEF><BANKACCTFROM><BANKID>1</BANKID>"
            "<ACCTID>1</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>\n<BANKTRANLIST><DTSTART>20240301"
            f"</DTSTART><DTEND>20240331</DTEND>\n{trns}</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1>\n</OFX>\n"
            ).encode()


def days(parsed: ParsedStatement) -> list[date]:
    return [r.occurred_at.date() if isinstance(r.occurred_at, datetime) else r.occurred_at for r in parsed.rows]


@pytest.mark.parametrize("build", [ofx_sgml, ofx_xml], ids=["ofx-1", "ofx-2"])
def test_ofx_stamps_keep_their_own_day(build, machine_zone: str) -> None:
    stamps = [f"20240322{t}{z}" for t, z in STAMPS]
    parsed = parse_data(build(stamps), "s.ofx")
    assert days(parsed) == [date(2024, 3, 22)] * len(STAMPS)
    first = parsed.rows[0].occurred_at
    assert isinstance(first, datetime) and first.utcoffset() is not None and first.hour == 0  # 00:00 at +08:00


def test_camt_stamps_keep_their_own_day(machine_zone: str) -> None:
    entries = "".join(
        f'<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>'
        f"<BookgDt><DtTm>2024-03-22T{t}{z}</DtTm></BookgDt><AcctSvcrRef>R{i}</AcctSvcrRef></Ntry>\n"
        for i, (t, z) in enumerate([(t, z) for t in ("00:00:00", "23:59:59") for z in ("+08:00", "Z", "-05:00", "")])
    )
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
            "<BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2024-03-31T00:00:00</CreDtTm></GrpHdr><Stmt><Id>S</Id>"
            "<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>"
            f"{entries}</Stmt></BkToCstmrStmt></Document>\n")
    assert days(parse_data(text.encode(), "s.xml")) == [date(2024, 3, 22)] * 8


def test_qif_dates_do_not_move(machine_zone: str) -> None:
    data = b"!Type:Bank\nD03/22/2024\nT-1.00\nPx\n^\nD3/22'24\nT-2.00\nPy\n^\n"
    assert days(parse_data(data, "s.qif")) == [date(2024, 3, 22)] * 2


CHINESE_CSV = {
    "alipay": ("alipay.csv", "gb18030", [
        "------------------------------------------------------------------------------------", "导出信息：",
        "姓名：某", "支付宝账户：x@example.com",
        "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------",
        "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,",
        "2024-03-22 00:00:00,餐饮美食,店,s@x.com,午餐,支出,1.00,余额,交易成功,A1\t,M1\t,,",
        "2024-03-22 23:59:59,餐饮美食,店,s@x.com,晚餐,支出,2.00,余额,交易成功,A2\t,M2\t,,",
    ]),
    "cmb": ("cmb.csv", "utf-8", [
        "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要",
        "2024-03-22,人民币,-1.00,99.00,消费,店,",
        "2024-03-22,人民币,-2.00,97.00,消费,店,",
    ]),
}


@pytest.mark.parametrize("kind", sorted(CHINESE_CSV))
def test_chinese_bills_are_shanghai_wall_time_on_any_computer(kind: str, machine_zone: str) -> None:
    name, encoding, lines = CHINESE_CSV[kind]
    parsed = parse_data(("\r\n".join(lines) + "\r\n").encode(encoding), name)
    assert days(parsed) == [date(2024, 3, 22)] * 2
    assert all(not isinstance(r.occurred_at, datetime) or r.occurred_at.tzinfo is None for r in parsed.rows)


def test_the_import_books_the_statements_own_day(services: AppServices, machine_zone: str) -> None:
    populate(services)
    data = ofx_xml(["20240322000000[+8:CST]", "20240322235959[-5:EST]", "20240321235959[+8:CST]"])
    preview = ImportService(services.unit).preview(parse_data(data, "s.ofx"), data, account_id=1)
    assert [p.tx.booked_on for p in preview.rows if p.tx] == [date(2024, 3, 22), date(2024, 3, 22),
                                                                date(2024, 3, 21)]
    ImportService(services.unit).commit(preview)
    booked = sorted(t.booked_on for t in services.transactions() if t.amount == Decimal("-1.00"))
    assert booked == [date(2024, 3, 21), date(2024, 3, 22), date(2024, 3, 22)]
