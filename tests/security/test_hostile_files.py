"""Hostile statement files are refused quickly (issue 8, section 7).

Each file is made here (streamed, so the test itself stays light) and given to ``huiliu import
--dry-run`` in a child process, which measures its own time and the growth of its peak memory
around the command: the peak resident size (VmHWM, reset through /proc/self/clear_refs when the
measure starts) less the resident size then (the interpreter and the importers are loaded before). Each
must be refused with a message naming the limit, in at most 2 s and 200 MB. The limits are in
``connectors/statements/limits.py``; each case below names the one that stops it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from app.services import AppServices
from app.vault.keys import FAST_KDF
from tests.conftest import needs_shared

ROOT = Path(__file__).resolve().parents[2]
WECHAT_XLSX = ROOT.parent / "shared" / "samples" / "statements" / "wechat" / "wechat_2026.xlsx"
PASSPHRASE = "hostile files passphrase"
MAX_SECONDS = 2.0
MAX_GROWTH_MB = 200

CHILD = """
import json, sys, time
import app.cli, app.services
from connectors.statements import detect
detect.importers()
import openpyxl, ofxtools.Parser  # loaded before the measure: part of any import, not of this file
def status_kb(field):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":"))
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # Linux: the peak resident size (VmHWM) starts again from the size in use now
before = status_kb("VmRSS")
started = time.perf_counter()
try:
    code = app.cli.main(["import", sys.argv[1], "--account", "1", "--dry-run", "--json", "--vault", sys.argv[2]])
except SystemExit as exc:
    code = exc.code
seconds = time.perf_counter() - started
grown = (status_kb("VmHWM") - before) / 1024
print(json.dumps({"code": code, "seconds": seconds, "grown_mb": grown}), file=sys.stderr)
"""


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.app.household import populate

    path = tmp_path_factory.mktemp("hostile") / "vault"
    services = AppServices.create(path, PASSPHRASE, kdf=FAST_KDF)
    populate(services)
    services.close()
    return path


def measure(vault: Path, file: Path) -> tuple[str, dict[str, float]]:
    """(what the import printed on stderr, its exit code, seconds and MB of growth) in a child."""
    env = dict(os.environ, HUILIU_PASSPHRASE=PASSPHRASE, HUILIU_LANG="en")
    done = subprocess.run([sys.executable, "-c", CHILD, str(file), str(vault)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    lines = done.stderr.strip().splitlines()
    return "\n".join(lines[:-1]), json.loads(lines[-1])


def refuse(vault: Path, file: Path) -> tuple[str, dict[str, float]]:
    message, figures = measure(vault, file)
    assert figures["code"] not in (0, None), message
    return message, figures


def stream(path: Path, parts: list[bytes | Callable[[], object]]) -> Path:
    with path.open("wb") as f:
        for part in parts:
            if callable(part):
                for chunk in part():  # type: ignore[attr-defined]
                    f.write(chunk)
            else:
                f.write(part)
    return path


def repeat(chunk: bytes, times: int) -> Callable[[], object]:
    return lambda: (chunk for _ in range(times))


def xlsx_from_sample(target: Path, replace: dict[str, Callable[[object], None]]) -> Path:
    """The real WeChat workbook with some parts rewritten (streamed into the zip)."""
    with zipfile.ZipFile(WECHAT_XLSX) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            if info.filename in replace:
                with out.open(info.filename, "w", force_zip64=True) as part:
                    replace[info.filename](part)
            else:
                out.writestr(info, src.read(info.filename))
    return target


def ofx(depth_or_count: int, nested: bool) -> list[bytes | Callable[[], object]]:
    head = (b"OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
            b"COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n<OFX>\n<BANKMSGSRSV1>\n")
    stmt = (b"<STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>CNY"
            b"<BANKACCTFROM><BANKID>1<ACCTID>1<ACCTTYPE>CHECKING</BANKACCTFROM>\n")
    if nested:
        return [head, repeat(stmt, depth_or_count), repeat(b"</STMTRS></STMTTRNRS>\n", depth_or_count),
                b"</BANKMSGSRSV1>\n</OFX>\n"]
    return [head, repeat(stmt + b"</STMTRS></STMTTRNRS>\n", depth_or_count), b"</BANKMSGSRSV1>\n</OFX>\n"]


ALIPAY_HEAD = ("交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n"
               .encode())
CAMT_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
             b"<BkToCstmrStmt><GrpHdr><MsgId>1</MsgId><CreDtTm>2024-01-02T00:00:00</CreDtTm></GrpHdr><Stmt><Id>1</Id>\n")
CAMT_TAIL = b"</Stmt></BkToCstmrStmt></Document>\n"

CASES: dict[str, tuple[str, Callable[[Path], Path]]] = {
    # OFX: tags counted in C first (the SGML parser takes ~4 us a tag), then nesting and statements
    "ofx-150k-nested-statements": ("more than 2000000 OFX tags",
                                   lambda d: stream(d / "nested.ofx", ofx(150_000, nested=True))),
    "ofx-150k-statements": ("more than 2000000 OFX tags",
                            lambda d: stream(d / "many.ofx", ofx(150_000, nested=False))),
    "ofx-3-million-leaf-tags": ("more than 2000000 OFX tags",
                                lambda d: stream(d / "leaves.ofx", [ofx(0, nested=False)[0],
                                                                    repeat(b"<NAME>x\n", 3_000_000), b"</OFX>\n"])),
    "ofx-100k-nested-statements": ("nested more than 32 deep",
                                   lambda d: stream(d / "nested100k.ofx", ofx(100_000, nested=True))),
    "ofx-100k-statements": ("more than 1000 statements",
                            lambda d: stream(d / "many100k.ofx", ofx(100_000, nested=False))),
    "ofx-2000-nested-statements": ("nested more than 32 deep",
                                   lambda d: stream(d / "deep.ofx", ofx(2_000, nested=True))),
    "ofx-2000-statements": ("more than 1000 statements",
                            lambda d: stream(d / "twothousand.ofx", ofx(2_000, nested=False))),
    # camt: elements counted in C before the tree is built, depth checked as it is built
    "camt-8-million-elements": ("more than 1000000 XML elements",
                                lambda d: stream(d / "wide.camt.xml", [CAMT_HEAD, repeat(b"<a/>" * 1000, 8_000),
                                                                       CAMT_TAIL])),
    "camt-nested-100-deep": ("nested more than 32 deep",
                             lambda d: stream(d / "deep.camt.xml", [CAMT_HEAD, b"<Ntry>" * 100, b"</Ntry>" * 100,
                                                                    CAMT_TAIL])),
    # text: the file's size before reading it, its lines before decoding, each record's fields
    "file-of-1-gb": ("more than the 64 MiB", lambda d: _sparse(d / "huge.csv", 1 << 30)),
    "csv-line-of-512-mb": ("more than the 64 MiB", lambda d: _sparse(d / "line.csv", 512 << 20)),
    "csv-one-60-mb-line": ("longer than 1 MiB",
                           lambda d: stream(d / "alipay.csv", [ALIPAY_HEAD, repeat(b"A" * (1 << 20), 60), b"\n"])),
    "csv-60-million-blank-lines": ("more than 2000000 lines",
                                   lambda d: stream(d / "blank_alipay.csv", [ALIPAY_HEAD,
                                                                             repeat(b"\n" * (1 << 20), 60)])),
    "csv-rows-of-a-million-fields": ("fields, more than 256",
                                     lambda d: stream(d / "commas_alipay.csv", [ALIPAY_HEAD,
                                                                                repeat(b"," * (1 << 20) + b"\n", 20)])),
    "qif-a-million-splits": ("more than 1000 splits",
                             lambda d: stream(d / "splits.qif", [b"!Type:Bank\nD01/02/2024\nT-1.00\nPShop\n",
                                                                 repeat(b"SFood\n", 1_000_000), b"^\n"])),
    "qif-30-million-empty-records": ("more than 2000000 lines",
                                     lambda d: stream(d / "carets.qif", [b"!Type:Bank\n",
                                                                         repeat(b"^\n" * (1 << 19), 60)])),
}


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as f:
        f.write("交易时间,交易对方,金额\n".encode())
        f.truncate(size)
    return path


@pytest.mark.parametrize("name", list(CASES))
def test_a_hostile_text_file_is_refused_quickly(vault: Path, tmp_path: Path, name: str) -> None:
    expected, make = CASES[name]
    message, figures = refuse(vault, make(tmp_path))
    assert expected in message, message

    assert figures["seconds"] <= MAX_SECONDS, figures
    assert figures["grown_mb"] <= MAX_GROWTH_MB, figures


def _far_rows(name: str) -> Callable[[object], None]:
    return lambda part: _far_row(part, name)


def _far_row(part: object, name: str) -> None:
    """The bill's last rows moved down to row 1,000,000,000 and on: a gap in the middle of the table."""
    sheet = zipfile.ZipFile(WECHAT_XLSX).read(name).decode("utf-8")

    def move(m: re.Match[str]) -> str:
        number = int(m.group(2))
        return f'{m.group(1)}{number - 30 + 1_000_000_000 if number >= 30 else number}"'

    sheet = re.sub(r'(<(?:row|c) r="[A-Z]*)(\d+)"', move, sheet)
    part.write(sheet.encode("utf-8"))  # type: ignore[attr-defined]


def _huge_strings(part: object) -> None:
    part.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'  # type: ignore[attr-defined]
               b"<si><t>")
    block = b"A" * (1 << 20)
    for _ in range(238):
        part.write(block)  # type: ignore[attr-defined]
    part.write(b"</t></si></sst>")  # type: ignore[attr-defined]


def _bomb(part: object) -> None:
    sheet = zipfile.ZipFile(WECHAT_XLSX).read("xl/worksheets/sheet2.xml")
    head, tail = sheet.split(b"</sheetData>")
    part.write(head)  # type: ignore[attr-defined]
    for _ in range(100):
        part.write(b" " * (1 << 20))  # type: ignore[attr-defined]
    part.write(b"</sheetData>" + tail)  # type: ignore[attr-defined]


def _after_table(rows: Callable[[], object]) -> dict[str, Callable[[object], None]]:
    """The real bill's sheets with ``rows`` (sheet XML) added after their own, and a dimension of the whole grid."""
    return {name: _rows_after(name, rows) for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml")}


def _rows_after(name: str, rows: Callable[[], object]) -> Callable[[object], None]:
    def write(part: object) -> None:
        sheet = zipfile.ZipFile(WECHAT_XLSX).read(name)
        sheet = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', sheet)
        head, tail = sheet.split(b"</sheetData>")
        part.write(head)  # type: ignore[attr-defined]
        for chunk in rows():  # type: ignore[attr-defined]
            part.write(chunk)  # type: ignore[attr-defined]
        part.write(b"</sheetData>" + tail)  # type: ignore[attr-defined]
    return write


def _wide_rows() -> object:
    """Rows whose only cell is in column XFD: each is 16,384 values wide once read."""
    return (b'<row r="%d"><c r="XFD%d"/></row>' % (r, r) for r in range(100, 20_100))


def _rows_every_5000() -> object:
    """A blank-looking cell every 5,000 rows down to row 1,100,000: no run of empty rows is long."""
    return (b'<row r="%d"><c r="A%d" t="inlineStr"><is><t xml:space="preserve"> </t></is></c></row>' % (r, r)
            for r in range(5_000, 1_100_001, 5_000))


XLSX_CASES = {
    "cell-at-row-1e9": ("more than 10000 empty rows", {"xl/worksheets/sheet1.xml": _far_rows("xl/worksheets/sheet1.xml"),
                                                       "xl/worksheets/sheet2.xml": _far_rows("xl/worksheets/sheet2.xml")}),
    "238-mb-of-shared-strings": ("xl/sharedStrings.xml inflates", {"xl/sharedStrings.xml": _huge_strings}),
    "zip-bomb-sheet": ("xl/worksheets/sheet2.xml", {"xl/worksheets/sheet2.xml": _bomb}),
    "rows-16384-cells-wide": ("row 100 of sheet Sheet1 has 16384 cells, more than 256",
                              _after_table(_wide_rows)),
    "rows-past-1048576": ("goes past row 1048576", _after_table(_rows_every_5000)),
}


@needs_shared(WECHAT_XLSX)
@pytest.mark.parametrize("name", list(XLSX_CASES))
def test_a_hostile_workbook_is_refused_quickly(vault: Path, tmp_path: Path, name: str) -> None:
    expected, parts = XLSX_CASES[name]
    message, figures = refuse(vault, xlsx_from_sample(tmp_path / "微信支付账单.xlsx", parts))
    assert expected in message, message

    assert figures["seconds"] <= MAX_SECONDS, figures
    assert figures["grown_mb"] <= MAX_GROWTH_MB, figures


@needs_shared(WECHAT_XLSX)
def test_a_declared_huge_dimension_allocates_nothing(vault: Path, tmp_path: Path) -> None:
    """A <dimension> of the whole grid is not believed: the real bill imports as it would, in the same budget."""
    def whole_grid(name: str) -> Callable[[object], None]:
        def write(part: object) -> None:
            sheet = zipfile.ZipFile(WECHAT_XLSX).read(name)
            part.write(re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', sheet))  # type: ignore[attr-defined]
        return write

    sheets = {name: whole_grid(name) for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml")}
    message, figures = measure(vault, xlsx_from_sample(tmp_path / "微信支付账单.xlsx", sheets))

    assert figures["code"] == 0, message
    assert figures["seconds"] <= MAX_SECONDS, figures
    assert figures["grown_mb"] <= MAX_GROWTH_MB, figures


def test_the_ofx_depth_check_leaves_real_files_alone() -> None:
    from connectors.statements.limits import check_ofx_structure

    for path in sorted((ROOT.parent / "shared" / "samples" / "statements" / "ofx").glob("*.ofx")):
        check_ofx_structure(path.read_bytes(), str(path))


def test_the_xml_checks_leave_real_files_alone() -> None:
    from connectors.statements.camt import IMPORTER

    paths = sorted((ROOT.parent / "shared" / "samples" / "statements" / "camt").glob("camt053.v2.m*.xml"))
    for path in paths:
        assert IMPORTER.parse(path.read_bytes(), str(path)).sections
