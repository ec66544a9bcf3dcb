"""A spreadsheet no importer knows, read as the CSV text of its table, for the column guesser and the
generic importer.

A workbook (XLSX, or legacy XLS) is checked against the same limits as the bills that come as
workbooks (``limits``: archive size and ratio, rows, columns, empty-row runs; ``xls`` for BIFF8). Its
first sheet that holds any cell becomes one CSV line per sheet row, so a line number in an error is
the sheet's row number. Cells become the text a person sees: numbers without float noise (12.5, not
12.500000001; a whole number without ".0"), dates as ISO dates, date-times as ISO date-times; a line
break inside a cell becomes a space.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from app.i18n import _
from connectors.statements.limits import check_xlsx_archive
from connectors.statements.records import StatementError
from connectors.statements.xls import is_xls, open_xls

__all__ = ["as_csv", "cell_text", "is_workbook"]


def is_workbook(data: bytes) -> bool:
    """Whether ``data`` is a spreadsheet (XLSX: a zip; XLS: an OLE2 document)."""
    return data.startswith(b"PK\x03\x04") or is_xls(data)


def cell_text(value: Any) -> str:
    """A cell as the text a person sees in the sheet."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.splitlines()) if "\n" in value or "\r" in value else value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def _xlsx_sheets(data: bytes, path: str) -> Iterator[tuple[str, Iterator[tuple[int, list[Any]]]]]:
    from connectors.statements.wechat import _xlsx_sheets as sheets_of

    try:
        import openpyxl

        check_xlsx_archive(zipfile.ZipFile(io.BytesIO(data)), path)
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except StatementError:
        raise
    except Exception as exc:  # openpyxl and zipfile raise many types on damaged files; all mean the same
        raise StatementError(path, _("not a readable XLSX workbook: {detail}").format(detail=exc)) from None
    try:
        yield from sheets_of(workbook, path)
    finally:
        workbook.close()


def _xls_sheets(data: bytes, path: str) -> Iterator[tuple[str, Iterator[tuple[int, list[Any]]]]]:
    with open_xls(data, path) as workbook:
        yield from workbook.sheets()


def as_csv(data: bytes, path: str) -> bytes | None:
    """The first sheet holding data as UTF-8 CSV (one line per sheet row); None when ``data`` is no
    workbook; StatementError when it is one that cannot be read or holds no cell."""
    if not is_workbook(data):
        return None
    sheets = _xls_sheets(data, path) if is_xls(data) else _xlsx_sheets(data, path)
    for _name, rows in sheets:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        written, found = 0, False
        for number, cells in rows:
            while written < number - 1:  # rows the sheet leaves out are blank lines
                out.write("\n")
                written += 1
            texts = [cell_text(c) for c in cells]
            if any(texts):
                found = True
                writer.writerow(texts)
            else:
                out.write("\n")
            written += 1
        if found:
            return out.getvalue().encode("utf-8")
    raise StatementError(path, _("the workbook holds no cell with data"))
