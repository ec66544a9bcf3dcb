"""Legacy Excel workbooks (.xls, OLE2/BIFF8) read safely through xlrd, sheet by sheet, as records.

Any importer of a spreadsheet export can use this: ``open_xls`` checks the workbook against the limits
in ``limits.py`` and opens it (globals only, ``on_demand``, no formatting); ``xls_sheets`` then yields
each worksheet as ``(row number, cells)`` records, the shape ``tables.find_header`` / ``table_rows``
read, with the sheet loaded only when its records are asked for and unloaded after.

Before xlrd builds anything the workbook's records are walked by their 4-byte headers (no cell is
decoded): the globals (at most MAX_XLS_GLOBAL_RECORDS records, MAX_XLS_SHEETS worksheets,
MAX_XLS_STRINGS shared strings, as the SST record declares them; xlrd reads no more than it declares)
and, when a sheet is asked for, that sheet's records from its BOF to its EOF (at most
MAX_XLS_SHEET_BYTES, which bounds the cells xlrd would make). BIFF8 itself bounds a sheet to 65,536
rows of 256 columns, and xlrd refuses cells beyond.

Cells come as xlrd gives them with three changes: empty and blank cells are "", dates (cells formatted
as dates) become naive ``datetime`` (the file's wall time, no time zone), booleans and error cells
become their text ("TRUE", "#N/A"). Numbers stay floats, which ``cells.parse_amount`` turns into
``Decimal`` through their shortest text. Row numbers are 1-based, as Excel shows them.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator
from typing import Any

from app.i18n import _
from connectors.statements.limits import (
    MAX_XLS_GLOBAL_RECORDS,
    MAX_XLS_SHEET_BYTES,
    MAX_XLS_SHEETS,
    MAX_XLS_STRINGS,
    check_columns,
)
from connectors.statements.records import StatementError

__all__ = ["OLE2_MAGIC", "XlsWorkbook", "is_xls", "open_xls", "utf16_in_head"]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_BOF_CODES = frozenset({0x0809, 0x0409, 0x0209, 0x0009})
_EOF, _BOUNDSHEET, _SST = 0x000A, 0x0085, 0x00FC
_EMPTY, _DATE, _BOOLEAN, _ERROR, _BLANK = 0, 3, 4, 5, 6


def is_xls(head: bytes) -> bool:
    """Whether the bytes start like an OLE2 compound document (legacy .xls, also .doc/.msg)."""
    return head.startswith(OLE2_MAGIC)


def utf16_in_head(head: bytes, *texts: str) -> bool:
    """Whether every text appears in the head as BIFF8 stores non-Latin strings (UTF-16LE), for sniffing."""
    return all(t.encode("utf-16-le") in head for t in texts)


class _Discard(io.TextIOBase):
    """xlrd writes warnings about damaged files to a log; they say nothing the error does not."""

    def write(self, s: str) -> int:
        return len(s)


def _unreadable(path: str, exc: BaseException, line: int | None = None) -> StatementError:
    # The detail comes from the file's bytes (names, offsets): keep it short and free of control characters.
    detail = "".join(c if c.isprintable() else "?" for c in f"{type(exc).__name__}: {exc}")[:160]
    return StatementError(path, _("not a readable XLS workbook: {detail}").format(detail=detail), line=line)


def _stream(data: bytes, path: str) -> bytes:
    """The workbook stream of the OLE2 container (what xlrd reads)."""
    from xlrd import compdoc

    try:
        doc = compdoc.CompDoc(data, logfile=_Discard())
        for name in ("Workbook", "Book"):
            mem, base, size = doc.locate_named_stream(name)
            if mem:
                return bytes(mem[base : base + size])
    except Exception as exc:  # compdoc raises CompDocError, struct.error, IndexError... on damaged files
        raise _unreadable(path, exc) from None
    raise StatementError(path, _("not a readable XLS workbook: it holds no Workbook stream"))


def _globals(stream: bytes, path: str) -> list[int]:
    """Walk the globals' record headers: the worksheets' BOF offsets, refusing a workbook over the limits."""
    unpack = struct.unpack_from
    pos, records, end = 0, 0, len(stream)
    offsets: list[int] = []
    while pos + 4 <= end:
        code, size = unpack("<HH", stream, pos)
        records += 1
        if records > MAX_XLS_GLOBAL_RECORDS:
            raise StatementError(path, _("the workbook has more than {limit} records before its first sheet: "
                                         "not a bill export").format(limit=MAX_XLS_GLOBAL_RECORDS))
        if code == _BOUNDSHEET and size >= 6:
            offset, _visibility, kind = unpack("<iBB", stream, pos + 4)
            if kind == 0:  # a worksheet (not a chart, macro sheet or VB module)
                offsets.append(offset)
                if len(offsets) > MAX_XLS_SHEETS:
                    raise StatementError(path, _("the workbook has more than {limit} sheets: not a bill export")
                                         .format(limit=MAX_XLS_SHEETS))
        elif code == _SST and size >= 8:
            _total, unique = unpack("<ii", stream, pos + 4)
            if unique > MAX_XLS_STRINGS or unique < 0:
                raise StatementError(path, _("the workbook declares {count} distinct texts, more than {limit}: "
                                             "not a bill export").format(count=unique, limit=MAX_XLS_STRINGS))
        elif code == _EOF:
            break
        pos += 4 + size
    return offsets


def _sheet_size(stream: bytes, start: int) -> int:
    """Bytes of the sheet's records from its BOF to the EOF closing it (nested BOF/EOF pairs, e.g. charts,
    inside it); stops counting once past MAX_XLS_SHEET_BYTES."""
    unpack = struct.unpack_from
    pos, depth, end = start, 0, len(stream)
    while pos + 4 <= end and pos - start <= MAX_XLS_SHEET_BYTES:
        code, size = unpack("<HH", stream, pos)
        pos += 4 + size
        if code in _BOF_CODES:
            depth += 1
        elif code == _EOF:
            depth -= 1
            if depth <= 0:
                break
    return pos - start


class XlsWorkbook:
    """An open .xls workbook whose worksheets are read one at a time (see ``open_xls``)."""

    def __init__(self, book: Any, stream: bytes, offsets: list[int], path: str) -> None:
        self.book, self.stream, self.offsets, self.path = book, stream, offsets, path

    @property
    def sheet_names(self) -> list[str]:
        return list(self.book.sheet_names())

    def close(self) -> None:
        self.book.release_resources()

    def __enter__(self) -> XlsWorkbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def sheets(self) -> Iterator[tuple[str, Iterator[tuple[int, list[Any]]]]]:
        """(name, records) for each worksheet in the workbook's order; a sheet is read when its records are."""
        for index, name in enumerate(self.sheet_names):
            yield name, self.rows(index)

    def rows(self, index: int) -> Iterator[tuple[int, list[Any]]]:
        """The (row number, cells) of one worksheet; an all-empty row comes as [] (a blank CSV line)."""
        name = self.sheet_names[index]
        if index < len(self.offsets):
            size = _sheet_size(self.stream, self.offsets[index])
            if size > MAX_XLS_SHEET_BYTES:
                raise StatementError(self.path, _("sheet {sheet} holds more than {limit} MiB of records: not a "
                                                  "bill export").format(sheet=name, limit=MAX_XLS_SHEET_BYTES >> 20))
        try:
            sheet = self.book.sheet_by_index(index)
        except Exception as exc:  # xlrd raises XLRDError, AssertionError, struct.error... on damaged sheets
            raise _unreadable(self.path, exc) from None
        try:
            yield from self._rows(sheet, name)
        finally:
            self.book.unload_sheet(index)

    def _rows(self, sheet: Any, name: str) -> Iterator[tuple[int, list[Any]]]:
        from xlrd import xldate_as_datetime
        from xlrd.biffh import error_text_from_code

        datemode = self.book.datemode
        for rowx in range(sheet.nrows):
            types = sheet.row_types(rowx)
            width = len(types)
            number = rowx + 1
            check_columns(width, self.path, number, name)
            if types.count(_EMPTY) + types.count(_BLANK) == width:
                yield number, []
                continue
            values = sheet.row_values(rowx)
            if _DATE in types or _BOOLEAN in types or _ERROR in types or _BLANK in types:
                values = list(values)
                for i, kind in enumerate(types):
                    if kind == _DATE:
                        try:
                            values[i] = xldate_as_datetime(values[i], datemode)
                        except Exception:  # a number formatted as a date that is no date: leave the number
                            pass
                    elif kind == _BOOLEAN:
                        values[i] = "TRUE" if values[i] else "FALSE"
                    elif kind == _ERROR:
                        values[i] = error_text_from_code.get(values[i], "#ERR")
                    elif kind == _BLANK:
                        values[i] = ""
            yield number, values


def open_xls(data: bytes, path: str) -> XlsWorkbook:
    """Check a legacy workbook against the limits and open it (globals only); StatementError when it cannot be."""
    if not is_xls(data):
        raise StatementError(path, _("not a legacy Excel workbook (.xls): no OLE2 signature"))
    stream = _stream(data, path)
    offsets = _globals(stream, path)
    try:
        import xlrd

        book = xlrd.open_workbook(file_contents=data, on_demand=True, formatting_info=False, ragged_rows=True,
                                  logfile=_Discard())
    except Exception as exc:
        raise _unreadable(path, exc) from None
    return XlsWorkbook(book, stream, offsets, path)
