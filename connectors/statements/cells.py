"""Reading one cell: its text without padding, amounts straight to ``Decimal``, dates and times.

Amounts never pass through float, and dates go through cheap shape checks plus
``datetime.fromisoformat``, because a 100,000-row export must parse fast. The helpers raise
``CellError`` (a ``ValueError``); importers turn it into a ``StatementError`` that names the file, line
and column, since only they know where the cell came from.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from app.i18n import _

# Stripped from every cell: exports pad with spaces, end ids with TAB (so Excel keeps them as text),
# and sometimes use ideographic or no-break spaces; a stray BOM appears when files were concatenated.
BLANKS = " \t\r\n\u3000\xa0\ufeff"


class CellError(ValueError):
    """A cell that does not hold what its column promises; the message is user-visible."""


def clean(cell: object) -> str:
    """A cell's text without padding, trailing TABs or full-width spaces; None becomes ""."""
    if cell is None:
        return ""
    return (cell if isinstance(cell, str) else str(cell)).strip(BLANKS)


# --------------------------------------------------------------------------------------------- amounts

_CENTS = Decimal("0.01")
_PLAIN_AMOUNT = re.compile(r"-?\d{1,15}(?:\.\d{1,8})?", re.ASCII)  # ASCII: no full-width or other digits
_AMOUNT = re.compile(r"([+-]?)[¥￥]?([+-]?)(\d{1,3}(?:,\d{3}){1,4}|\d{1,15})(\.\d{1,8})?(?:元)?", re.ASCII)


def parse_amount(cell: object) -> Decimal:
    """``¥28.16``, ``￥1,234.56``, ``"-1,234.56"``, ``50.0``, ``(12.00)`` -> Decimal; anything else is a CellError."""
    if type(cell) is str:
        s = cell.strip(BLANKS)
        if _PLAIN_AMOUNT.fullmatch(s):  # the common case, kept cheap
            return Decimal(s)
        return _parse_amount_text(s)
    if isinstance(cell, Decimal):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        # XLSX stores amounts as numbers; for floats repr gives the shortest text that round-trips, which
        # is what the exporter wrote (28.16, not 28.1599999...). Whole numbers get cents, as in the CSV.
        if cell != cell or cell in (float("inf"), float("-inf")) or abs(cell) >= 1e15:
            raise CellError(_("not an amount: {value}").format(value=repr(cell)))
        value = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
        exponent = value.as_tuple().exponent
        return value.quantize(_CENTS) if isinstance(exponent, int) and exponent > -2 else value
    return _parse_amount_text(clean(cell))


def _parse_amount_text(s: str) -> Decimal:
    if _PLAIN_AMOUNT.fullmatch(s):
        return Decimal(s)
    negative = False
    if len(s) > 2 and s[0] == "(" and s[-1] == ")":  # accounting notation for negatives
        negative, s = True, s[1:-1].strip(BLANKS)
    m = _AMOUNT.fullmatch(s)
    if m is None or (m.group(1) and m.group(2)):
        raise CellError(_("not an amount: {value}").format(value=repr(s)))
    value = Decimal(m.group(3).replace(",", "") + (m.group(4) or ""))
    if (m.group(1) or m.group(2)) == "-":
        negative = not negative
    return -value if negative else value


# ----------------------------------------------------------------------------------------------- dates

_DATE_TIME = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d{1,6})?)?)?",
    re.ASCII,
)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:[ T]?(\d{2}):?(\d{2}):?(\d{2})?)?", re.ASCII)


def parse_datetime(cell: object) -> datetime | date:
    """A timestamp or date as the exports write it; a date without time stays a ``date``."""
    if type(cell) is str:
        s = cell.strip(BLANKS)
    elif isinstance(cell, datetime):
        return cell.replace(tzinfo=None) if cell.tzinfo else cell
    elif isinstance(cell, date):
        return cell
    else:
        s = clean(cell)
    # Fast path for "2020-12-14 16:50:20", the shape of nearly every row in every bill.
    if len(s) == 19 and s[4] == "-" and s[7] == "-" and s[10] == " " and s[13] == ":" and s[16] == ":":
        try:
            return datetime.fromisoformat(s)
        except ValueError:
            pass
    elif len(s) == 10 and s[4] == "-" and s[7] == "-":
        try:
            return date.fromisoformat(s)
        except ValueError:
            pass
    m = _DATE_TIME.fullmatch(s) or _COMPACT.fullmatch(s)
    if m is not None:
        y, mo, d, hh, mm, ss = m.groups()
        try:
            if hh is None:
                return date(int(y), int(mo), int(d))
            return datetime(int(y), int(mo), int(d), int(hh), int(mm), int(ss or 0))
        except ValueError:
            pass
    raise CellError(_("not a date: {value}").format(value=repr(s)))


def parse_with_format(cell: object, fmt: str) -> datetime | date:
    """A date in a format the person chose (``strptime`` syntax); a format without %H gives a date."""
    s = clean(cell)
    try:
        value = datetime.strptime(s, fmt)
    except ValueError:
        raise CellError(_("not a date in the format {fmt}: {value}").format(fmt=fmt, value=repr(s))) from None
    return value if any(c in fmt for c in ("%H", "%I", "%M", "%S", "%X", "%c")) else value.date()
