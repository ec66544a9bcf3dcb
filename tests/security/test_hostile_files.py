"""Hostile statement files are refused quickly (issue 8, section 7).

Each file is made here (streamed, so the test itself stays light) and given to ``huiliu import
--dry-run`` in a child process, which measures its own time and the growth of its peak memory
around the command: the peak resident size (VmHWM, reset through /proc/self/clear_refs when the
measure starts) less the resident size then (the interpreter and the importers are loaded before). Each
must be refused with a message naming the limit, in at most 2 s and 200 MB.
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


def refuse(vault: Path, file: Path) -> tuple[str, dict[str, float]]:
    env = dict(os.environ, HUILIU_PASSPHRASE=PASSPHRASE, HUILIU_LANG="en")
    done = subprocess.run([sys.executable, "-c", CHILD, str(file), str(vault)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    lines = done.stderr.strip().splitlines()
    figures = json.loads(lines[-1])
    assert figures["code"] not in (0, None), done.stdout[-2000:]
    return "\n".join(lines[:-1]), figures


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


CASES: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "ofx-100k-nested-statements": ("nested more than 32 deep",
                                   lambda d: stream(d / "nested.ofx", ofx(100_000, nested=True))),
    "ofx-100k-statements": ("more than 1000 statements",
                            lambda d: stream(d / "many.ofx", ofx(100_000, nested=False))),
    "csv-one-60-mb-line": ("longer than 1 MiB",
                           lambda d: stream(d / "alipay.csv", ["交易时间,交易对方,金额\n".encode(),
                                                               repeat(b"A" * (1 << 20), 60), b"\n"])),
    "file-of-1-gb": ("more than the 64 MiB", lambda d: _sparse(d / "huge.csv", 1 << 30)),
    "csv-line-of-512-mb": ("more than the 64 MiB", lambda d: _sparse(d / "line.csv", 512 << 20)),
    "qif-a-million-splits": ("more than 1000 splits",
                             lambda d: stream(d / "splits.qif", [b"!Type:Bank\nD01/02/2024\nT-1.00\nPShop\n",
                                                                 repeat(b"SFood\n$-0.01\n", 1_000_000), b"^\n"])),
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


XLSX_CASES = {
    "cell-at-row-1e9": ("more than 10000 empty rows", {"xl/worksheets/sheet1.xml": _far_rows("xl/worksheets/sheet1.xml"),
                                                       "xl/worksheets/sheet2.xml": _far_rows("xl/worksheets/sheet2.xml")}),
    "238-mb-of-shared-strings": ("xl/sharedStrings.xml inflates", {"xl/sharedStrings.xml": _huge_strings}),
    "zip-bomb-sheet": ("xl/worksheets/sheet2.xml", {"xl/worksheets/sheet2.xml": _bomb}),
}


@needs_shared(WECHAT_XLSX)
@pytest.mark.parametrize("name", list(XLSX_CASES))
def test_a_hostile_workbook_is_refused_quickly(vault: Path, tmp_path: Path, name: str) -> None:
    expected, parts = XLSX_CASES[name]
    message, figures = refuse(vault, xlsx_from_sample(tmp_path / "微信支付账单.xlsx", parts))
    assert expected in message, message

    assert figures["seconds"] <= MAX_SECONDS, figures
    assert figures["grown_mb"] <= MAX_GROWTH_MB, figures


def test_the_ofx_depth_check_leaves_real_files_alone() -> None:
    from connectors.statements.limits import check_ofx_structure

    for path in sorted((ROOT.parent / "shared" / "samples" / "statements" / "ofx").glob("*.ofx")):
        check_ofx_structure(path.read_bytes(), str(path))
