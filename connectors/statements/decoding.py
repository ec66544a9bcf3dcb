"""Decoding an export's bytes to text: a byte-order mark decides first, then strict UTF-8, then GB18030.

GB18030 is a superset of GBK, which Alipay still writes. Decoding never guesses silently: the encoding
used is reported so the import screen can show it, and bytes that fit none raise a StatementError
naming the offset and line.
"""

from __future__ import annotations

import codecs

from app.i18n import _
from connectors.statements.limits import check_lines
from connectors.statements.records import StatementError

# UTF-32 before UTF-16: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode a whole export; returns (text, encoding name) or raises StatementError naming the bad byte."""
    check_lines(data, path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise _undecodable(data, path, encoding, exc) from None
            return _checked(text, path), encoding
    try:
        return _checked(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return _checked(data.decode("gb18030"), path), "gb18030"
    except UnicodeDecodeError as exc:
        raise _undecodable(data, path, "UTF-8 / GB18030", exc) from None


def sniff_text(head: bytes) -> str:
    """Decode the first bytes of a file leniently, for sniffing only (the head may end mid-character)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a multi-byte character cut by the head's end
            try:
                return head[: exc.start].decode("utf-8")
            except UnicodeDecodeError:
                pass
    return head.decode("gb18030", errors="replace")


def _checked(text: str, path: str) -> str:
    # No bill export contains NUL; seeing one means a binary file or UTF-16 without a byte-order mark,
    # which would otherwise "decode" as GB18030 into plausible-looking garbage.
    nul = text.find("\x00")
    if nul >= 0:
        raise StatementError(
            path,
            _(
                "the file contains NUL characters: it is not a text export (or is UTF-16 without a byte-order mark)"
            ),
            line=text.count("\n", 0, nul) + 1,
        )
    return text


def _undecodable(data: bytes, path: str, encoding: str, exc: UnicodeDecodeError) -> StatementError:
    return StatementError(
        path,
        _("cannot decode the file as {encoding}: invalid bytes at offset {offset}").format(
            encoding=encoding, offset=exc.start
        ),
        line=data.count(b"\n", 0, exc.start) + 1,
    )


def decode_as(data: bytes, path: str, encoding: str) -> tuple[str, str]:
    """Decode with the encoding a person chose (a UTF-8 byte-order mark is dropped); (text, encoding)."""
    check_lines(data, path)
    if data.startswith(codecs.BOM_UTF8) and codecs.lookup(encoding).name == "utf-8":
        encoding = "utf-8-sig"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise _undecodable(data, path, encoding, exc) from None
