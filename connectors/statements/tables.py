"""The CSV tables exports come in: records with their line numbers, headers found by name, rows under them.

CSV records keep the 1-based line they start on, so every error names a line a person can find in
the file. Cells may be text (CSV) or values (XLSX).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from app.i18n import _
from connectors.statements.cells import BLANKS, CellError, clean, parse_amount, parse_datetime
from connectors.statements.decoding import sniff_text
from connectors.statements.limits import check_columns
from connectors.statements.records import StatementError


def csv_records(text: str, path: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Yield (first line of the record, raw cells); quoted fields may span lines, blank lines yield []."""
    # csv's own line_num counts physical lines, so a record starts one line after the previous ended.
    reader = csv.reader(physical_lines(text), delimiter=delimiter, strict=False)
    ended = 0
    try:
        for cells in reader:
            check_columns(len(cells), path, ended + 1)
            yield ended + 1, cells
            ended = reader.line_num
    except csv.Error as exc:
        raise StatementError(path, _("unreadable CSV: {detail}").format(detail=exc), line=ended + 1) from None


_LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+\Z")


def physical_lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, as ``io.StringIO(text, newline="")`` gives them.

    One at a time: a StringIO holds the text again at four bytes a character (a 60 MB file took 240 MB more).
    Lines end at LF, CRLF or CR, so CR and LF inside quoted fields stay intact for csv.
    """
    if "\r" in text:
        for m in _LINE.finditer(text):
            yield m.group()
        return
    start, find = 0, text.find
    while (end := find("\n", start)) >= 0:
        yield text[start : end + 1]
        start = end + 1
    if start < len(text):
        yield text[start:]


def header_key(cell: object) -> str:
    """A header cell reduced to a comparable name: "金额（元）  " and "金额(元)" are the same column."""
    return clean(cell).replace("（", "(").replace("）", ")").replace(" ", "").replace("\t", "")


def column_map(header: list[Any], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Map our field names to column indexes, using the first alias the header holds."""
    keys = [header_key(c) for c in header]
    found: dict[str, int] = {}
    for field, names in aliases.items():
        for name in names:
            if name in keys:
                found[field] = keys.index(name)
                break
    return found


def find_header(
    records: Iterator[tuple[int, list[Any]]],
    accept: Callable[[set[str]], bool],
    limit: int = 200,
    min_cells: int = 3,
) -> tuple[int, list[Any], list[list[Any]]] | None:
    """Read records until one whose header keys ``accept`` likes: (its line, its cells, the records before).

    Headers are found by their names, not by line numbers: exports move them (a note line more, a
    banner less) from one app version to the next.
    """
    before: list[list[Any]] = []
    for count, (line, cells) in enumerate(records):
        if count >= limit:
            return None
        if len(cells) >= min_cells and accept({header_key(c) for c in cells}):
            return line, cells, before
        before.append(cells)
    return None


def table_rows(
    records: Iterator[tuple[int, list[Any]]],
    header: list[Any],
    path: str,
    end_markers: tuple[str, ...] = ("---",),
) -> Iterator[tuple[int, list[Any]]]:
    """The data records under ``header``, up to an end rule (a first cell starting "---") or the file's end.

    Blank records and repeats of the header are skipped. A record with fewer fields than the header
    names, or with text beyond the header's width, raises: it means a cut-short file or an unquoted
    comma, and reading it anyway would shift every column (an amount read from the wrong field).
    Cells may be text (CSV) or values (XLSX).
    """
    width = len(header)
    needed = width
    while needed and not clean(header[needed - 1]):  # most exports end each line with a comma
        needed -= 1
    first_key = header_key(header[0])
    header_keys = [header_key(c) for c in header]
    for line, cells in records:
        if not cells:
            continue
        first = cells[0]
        first = first.strip(BLANKS) if isinstance(first, str) else clean(first)
        if first.startswith(end_markers):
            return
        if not first and not any(clean(c) for c in cells):
            continue
        if len(cells) < needed or (len(cells) > width and any(clean(c) for c in cells[width:])):
            raise StatementError(
                path,
                _(
                    "this row has {found} fields where the header has {expected}: the file is cut short "
                    "or a field holds an unquoted comma"
                ).format(found=len(cells), expected=needed),
                line=line,
            )
        if first == first_key and [header_key(c) for c in cells[:width]] == header_keys:
            continue
        yield line, cells


def after_table(
    records: Iterator[tuple[int, list[Any]]], path: str, i_time: int, i_amount: int
) -> list[list[Any]]:
    """The records after a table's end rule (summary, 导出信息), refusing any that look like bill rows.

    A row there would otherwise be dropped without a word (an end rule pasted into the middle of a
    table, or two exports concatenated), and a bill import must not lose rows silently.
    """
    footer: list[list[Any]] = []
    for line, cells in records:
        if max(i_time, i_amount) < len(cells):
            try:
                parse_datetime(cells[i_time])
                parse_amount(cells[i_amount])
            except CellError:
                pass
            else:
                raise StatementError(path, _("a bill row appears after the end of the table"), line=line)
        footer.append(cells)
    return footer


def key_values(records: Iterable[list[Any]]) -> dict[str, str]:
    """``姓名：TripleZ`` / ``账号:[x@y.com]`` cells from preambles and footers, first occurrence wins."""
    found: dict[str, str] = {}
    for cells in records:
        for cell in cells:
            text = clean(cell).replace("：", ":")
            key, sep, value = text.partition(":")
            if sep and key and len(key) <= 12:
                found.setdefault(key.strip(BLANKS), value.strip(BLANKS).strip("[]").strip(BLANKS))
    return found


def sniff_score(
    head: bytes,
    filename: str,
    is_header: Callable[[set[str]], bool],
    titles: tuple[str, ...],
    names: tuple[str, ...],
) -> float:
    """Confidence from the head: its header row (0.95), else a title phrase (0.7), plus the file name."""
    text = sniff_text(head[:65536])
    named = any(n in filename.lower() for n in names)
    for line in text.splitlines()[:120]:
        if line.count(",") >= 3 and is_header({header_key(c) for c in line.split(",")}):
            return 0.95
    if any(t in text for t in titles):
        return 0.8 if named else 0.7
    return 0.3 if named else 0.0
