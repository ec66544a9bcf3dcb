"""Limits that keep a hostile or broken statement file from taking minutes or gigabytes.

Every real export is far inside them: a year of a busy Alipay account is ~10 MB and 20,000 rows,
the largest bank exports we know are a few tens of MB. Each limit is checked before the work it
guards (file size before reading, line length before decoding, a zip's sizes before inflating, an
OFX file's nesting before the SGML parser), and a file over one is refused with a message naming
the limit and where it was met.
"""

from __future__ import annotations

import re
import zipfile

from app.i18n import _
from app.ledger.statements import MAX_STATEMENT_BYTES, StatementError

__all__ = [
    "MAX_EMPTY_ROW_RUN", "MAX_LINE_BYTES", "MAX_OFX_DEPTH", "MAX_OFX_STATEMENTS", "MAX_QIF_SPLITS",
    "MAX_SHEET_ROWS", "MAX_STATEMENT_BYTES", "MAX_XLSX_PART", "MAX_XLSX_RATIO", "MAX_XLSX_UNCOMPRESSED",
    "check_line_lengths", "check_ofx_structure", "check_xlsx_archive",
]

MAX_LINE_BYTES = 1 << 20  # 1 MiB: a bill's line is a few hundred bytes
MAX_XLSX_UNCOMPRESSED = 128 << 20  # all parts of a workbook, inflated
MAX_XLSX_PART = 32 << 20  # one part (a sheet, the shared strings), inflated
MAX_XLSX_RATIO = 100  # inflated / compressed, for parts over 1 MiB (sheet XML compresses ~10-20x)
MAX_SHEET_ROWS = 1_048_576  # Excel's own row limit
MAX_EMPTY_ROW_RUN = 10_000  # consecutive empty rows before more data: not a bill
MAX_OFX_DEPTH = 32  # nesting of OFX aggregates (a real file has about 8)
MAX_OFX_STATEMENTS = 1_000  # statements in one OFX file
MAX_QIF_SPLITS = 1_000  # splits in one QIF transaction


def _mib(n: int) -> str:
    return f"{n / (1 << 20):g} MiB"


def check_line_lengths(data: bytes, path: str) -> None:
    """Refuse a text file with a line longer than MAX_LINE_BYTES, before it is decoded.

    Window by window: the last line break within MAX_LINE_BYTES of a line's start is where the next
    window starts, so an ordinary file takes a few steps per MiB, all in C.
    """
    if len(data) <= MAX_LINE_BYTES:
        return
    rfind, start = data.rfind, 0
    while len(data) - start > MAX_LINE_BYTES:
        end = rfind(b"\n", start, start + MAX_LINE_BYTES + 1)
        if end < 0:
            line = data.count(b"\n", 0, start) + 1
            raise StatementError(path, _("line {line} is longer than {limit}: not a statement").format(
                line=line, limit=_mib(MAX_LINE_BYTES)), line=line)
        start = end + 1


def check_xlsx_archive(archive: zipfile.ZipFile, path: str) -> None:
    """Refuse a workbook whose parts would inflate beyond the limits (a zip bomb), before inflating any."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > MAX_XLSX_PART:
            raise StatementError(path, _("the workbook part {part} inflates to {size}, more than {limit}: not a "
                                         "bill export").format(part=info.filename, size=_mib(info.file_size),
                                                               limit=_mib(MAX_XLSX_PART)))
        if info.file_size > (1 << 20) and info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1):
            raise StatementError(path, _("the workbook part {part} is compressed more than {ratio} to 1: a zip "
                                         "bomb, not a bill export").format(part=info.filename, ratio=MAX_XLSX_RATIO))
    if total > MAX_XLSX_UNCOMPRESSED:
        raise StatementError(path, _("the workbook inflates to {size}, more than {limit}: not a bill export").format(
            size=_mib(total), limit=_mib(MAX_XLSX_UNCOMPRESSED)))


_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9.]*)[^>]*>((?=\s*<))?")
_STATEMENTS = frozenset({b"STMTRS", b"CCSTMTRS", b"INVSTMTRS"})


def check_ofx_structure(data: bytes, path: str) -> None:
    """Refuse OFX nested deeper than MAX_OFX_DEPTH or with more than MAX_OFX_STATEMENTS statements.

    One pass over the tags, before the SGML parser (whose work grows with the square of the nesting).
    An aggregate is a start tag followed by another tag; a leaf (``<TRNAMT>12.50``) is followed by its
    value and, in OFX 1, has no end tag, so it is never counted as a level.
    """
    stack: list[bytes] = []
    statements = 0
    line_of = data.count
    for m in _TAG.finditer(data):
        name = m.group(2).upper()
        if m.group(1):  # an end tag closes its aggregate (and any leaves left open inside it)
            if name in stack:
                while stack and stack.pop() != name:
                    pass
            continue
        if m.group(3) is None:
            continue  # a leaf: its value follows
        stack.append(name)
        if len(stack) > MAX_OFX_DEPTH:
            line = line_of(b"\n", 0, m.start()) + 1
            raise StatementError(path, _("OFX aggregates nested more than {limit} deep: not a statement").format(
                limit=MAX_OFX_DEPTH), line=line)
        if name in _STATEMENTS:
            statements += 1
            if statements > MAX_OFX_STATEMENTS:
                line = line_of(b"\n", 0, m.start()) + 1
                raise StatementError(path, _("more than {limit} statements in one OFX file").format(
                    limit=MAX_OFX_STATEMENTS), line=line)
