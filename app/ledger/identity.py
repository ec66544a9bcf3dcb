"""Real-name identities: the resident identity card number (GB 11643-1999) and its check digit."""

from __future__ import annotations

import re
from datetime import date

from app.i18n import _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_PATTERN = re.compile(r"^\d{17}[\dX]$")


def normalize_id_number(text: str) -> str:
    return "".join(text.split()).upper()


def id_number_problem(text: str) -> str | None:
    """Why an 18-character resident ID number is invalid, or None when it is valid."""
    number = normalize_id_number(text)
    if not _PATTERN.match(number):
        return _("an ID number has 17 digits followed by a digit or X")
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return _("the birth date inside the ID number is not a real date")
    total = sum(int(d) * w for d, w in zip(number[:17], _WEIGHTS, strict=True))
    if _CHECK[total % 11] != number[17]:
        return _("the check digit of the ID number is wrong")
    return None


def identity_key(real_name: str, id_number: str | None) -> str:
    """The text whose fingerprint the same-name principle compares (name, plus ID when known)."""
    name = " ".join(real_name.split())
    return f"{name}\x1f{normalize_id_number(id_number)}" if id_number else name
