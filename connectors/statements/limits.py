"""Limits that keep a hostile or broken statement file from taking minutes or gigabytes.

Every real export is far inside them: a year of a busy Alipay account is ~10 MB and 20,000 rows,
the largest bank exports we know are a few tens of MB. Each limit is checked before the work it
guards (file size before reading, line length and count before decoding, a zip's sizes before
inflating, an OFX or XML file's tags before its parser), and a file over one is refused with a
message naming the limit and where it was met. Counts made before a parser runs are C-level scans
(``bytes.count``, ``rfind``): a hostile file costs milliseconds per MiB, never a Python step per byte.
"""

from __future__ import annotations

import re
import zipfile

from app.i18n import _
from app.ledger.statements import MAX_STATEMENT_BYTES, StatementError

__all__ = [
    "MAX_COLUMNS", "MAX_EMPTY_ROW_RUN", "MAX_LINES", "MAX_LINE_BYTES", "MAX_OFX_DEPTH", "MAX_OFX_STATEMENTS",
    "MAX_OFX_TAGS", "MAX_QIF_SPLITS", "MAX_SHEET_ROWS", "MAX_STATEMENT_BYTES", "MAX_XLSX_PART", "MAX_XLSX_RATIO",
    "MAX_XLSX_UNCOMPRESSED", "MAX_XLS_GLOBAL_RECORDS", "MAX_XLS_SHEETS", "MAX_XLS_SHEET_BYTES", "MAX_XLS_STRINGS",
    "MAX_XML_DEPTH", "MAX_XML_ELEMENTS",
    "check_columns", "check_lines", "check_ofx_structure", "check_xlsx_archive", "check_xml_size", "xml_too_deep",
]

MAX_LINE_BYTES = 1 << 20  # 1 MiB: a bill's line is a few hundred bytes
MAX_LINES = 2_000_000  # lines of a text statement (a 100,000-row bill has ~100,000)
MAX_COLUMNS = 256  # fields of a CSV record, cells of a sheet row (a bill has 10-25 columns)
MAX_XLSX_UNCOMPRESSED = 128 << 20  # all parts of a workbook, inflated
MAX_XLSX_PART = 32 << 20  # one part (a sheet, the shared strings), inflated
MAX_XLSX_RATIO = 100  # inflated / compressed, for parts over 1 MiB (sheet XML compresses ~10-20x)
MAX_SHEET_ROWS = 1_048_576  # Excel's own row limit
# Legacy .xls (BIFF8): a sheet holds at most 65,536 rows of 256 cells (xlrd refuses beyond). A bank's sheet of
# 65,536 rows of 11 columns is about 10 MiB of records; a cell takes at least 6 bytes (MULRK), so the byte
# cap bounds the cells xlrd would build (~2.8 million, ~100 MB) before it builds any.
MAX_XLS_SHEETS = 32  # worksheets in one workbook (a bill has one; a long export a few of 65,536 rows)
MAX_XLS_SHEET_BYTES = 16 << 20  # the records of one worksheet, from its BOF to its EOF
MAX_XLS_STRINGS = 1_000_000  # unique strings of the shared-string table (xlrd makes each a str at open)
MAX_XLS_GLOBAL_RECORDS = 200_000  # records of the workbook globals (a real file has a few hundred)
MAX_EMPTY_ROW_RUN = 10_000  # consecutive empty rows before more data: not a bill
MAX_OFX_DEPTH = 32  # nesting of OFX aggregates (a real file has about 8)
MAX_OFX_STATEMENTS = 1_000  # statements in one OFX file
# Start and end tags in one OFX file: ~140,000 transactions of 14 tags (a multi-year export of a busy
# account; the import benchmark reads 100,000), at ~1.5 us a tag for our reading of it.
MAX_OFX_TAGS = 2_000_000
MAX_XML_ELEMENTS = 1_000_000  # elements of a camt file: ~20,000 entries of ~50 elements (~90 bytes each in memory)
MAX_XML_DEPTH = 32  # nesting of camt elements (a real file goes about 12 deep)
MAX_QIF_SPLITS = 1_000  # splits in one QIF transaction


def _mib(n: int) -> str:
    return f"{n / (1 << 20):g} MiB"


def check_lines(data: bytes, path: str) -> None:
    """Refuse a text file with more than MAX_LINES lines or a line longer than MAX_LINE_BYTES, before decoding.

    Window by window: the last line break within MAX_LINE_BYTES of a line's start is where the next
    window starts, so an ordinary file takes a few steps per MiB, all in C. Lines end at LF, or at CR
    in a file without any LF (old Mac exports), as the importers count them.
    """
    newline = b"\n" if b"\n" in data else b"\r"
    breaks = data.count(newline)
    if breaks > MAX_LINES or (breaks == MAX_LINES and not data.endswith(newline)):  # a last line without its break
        line = MAX_LINES + 1
        raise StatementError(path, _("more than {limit} lines: not a statement").format(limit=MAX_LINES), line=line)
    if len(data) <= MAX_LINE_BYTES:
        return
    rfind, start = data.rfind, 0
    while len(data) - start > MAX_LINE_BYTES:
        end = rfind(newline, start, start + MAX_LINE_BYTES + 1)
        if end < 0:
            line = data.count(newline, 0, start) + 1
            raise StatementError(path, _("line {line} is longer than {limit}: not a statement").format(
                line=line, limit=_mib(MAX_LINE_BYTES)), line=line)
        start = end + 1


def check_columns(count: int, path: str, line: int, sheet: str | None = None) -> None:
    """Refuse a record (a CSV line, a row of ``sheet``) with more than MAX_COLUMNS fields."""
    if count <= MAX_COLUMNS:
        return
    if sheet is None:
        problem = _("this row has {found} fields, more than {limit}: not a statement")
    else:
        problem = _("row {row} of sheet {sheet} has {found} cells, more than {limit}: not a bill")
    raise StatementError(path, problem.format(found=count, limit=MAX_COLUMNS, row=line, sheet=sheet), line=line)


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
    """Refuse OFX with more than MAX_OFX_TAGS tags, nested deeper than MAX_OFX_DEPTH or with more than
    MAX_OFX_STATEMENTS statements.

    The tags are counted first, in C: the pass below and the SGML parser each take a Python step or
    more per tag. Then one pass over the tags, before the SGML parser (whose work grows with the square
    of the nesting). An aggregate is a start tag followed by another tag; a leaf (``<TRNAMT>12.50``) is
    followed by its value and, in OFX 1, has no end tag, so it is never counted as a level.
    """
    if data.count(b"<") > MAX_OFX_TAGS:
        raise StatementError(path, _("more than {limit} OFX tags: not a statement").format(limit=MAX_OFX_TAGS))
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


def check_xml_size(data: bytes, path: str) -> None:
    """Refuse XML with more than MAX_XML_ELEMENTS elements, counted in C before the parser builds any.

    Every element starts with a ``<`` not followed by ``/``, so this overcounts (comments, the
    declaration) but never misses one. The depth is checked while parsing (see camt's tree builder).
    """
    if data.count(b"<") - data.count(b"</") > MAX_XML_ELEMENTS:
        raise StatementError(path, _("more than {limit} XML elements: not a statement").format(
            limit=MAX_XML_ELEMENTS))


def xml_too_deep(path: str, line: int) -> StatementError:
    """The error for XML elements nested deeper than MAX_XML_DEPTH, met at ``line``."""
    return StatementError(path, _("XML elements nested more than {limit} deep: not a statement").format(
        limit=MAX_XML_DEPTH), line=line)
