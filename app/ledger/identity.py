"""Real-name identities: the resident identity card number (GB 11643-1999) and its check digit."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from app.i18n import _

if TYPE_CHECKING:
    from app.vault.store import Vault

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


def account_number_digits(text: str) -> str:
    """An account or card number as typed or printed, without spaces."""
    return "".join(text.split())


def number_fingerprint(vault: Vault, number: str | None) -> bytes | None:
    """What an account's number is matched by, without keeping the number in plain text.

    A full number is fingerprinted whole. A masked one (``6225 **** **** 1234``, as platforms report
    them) can only be matched by its last four digits, so it is fingerprinted as a tail: a statement
    then finds the synced card when exactly one account has that tail.
    """
    digits = account_number_digits(number or "")
    if not digits:
        return None
    if "*" in digits:
        tail = "".join(ch for ch in digits if ch.isdigit())[-4:]
        return vault.fingerprint("account-number-tail", tail) if len(tail) == 4 else None
    return vault.fingerprint("account-number", digits)


def reference_fingerprints(vault: Vault, reference: str) -> list[bytes]:
    """Fingerprints a statement's account reference may match, the most exact first."""
    digits = account_number_digits(reference)
    if not digits:
        return []
    found = [fp for fp in (number_fingerprint(vault, digits),) if fp is not None]
    tail = "".join(ch for ch in digits if ch.isdigit())[-4:]
    if len(tail) == 4:
        tail_fp = vault.fingerprint("account-number-tail", tail)
        if tail_fp not in found:
            found.append(tail_fp)
    return found
