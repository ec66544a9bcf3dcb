"""Payees: the people and accounts a member sends money to, names and numbers sealed.

The real name decides the same-name principle (its fingerprint is compared with the sender's, as
members' and accounts' are); the institution's legal entity decides the same-bank exemptions; the
number's fingerprint finds a payee again and tells when a saved payee's number changed. A payee is
never deleted: removing one stamps ``removed_at`` (transfers keep pointing at it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, NotPermitted, TamperedRecord, ValidationError
from app.household import roles
from app.i18n import _
from app.ledger.identity import account_number_digits, id_number_problem, identity_key, number_fingerprint
from app.vault.schema import Payee
from app.vault.store import Vault

PAYEE_KINDS = ("debit_card", "credit_card", "wallet_balance", "ecny_wallet", "store_balance", "fx_account")
MAX_NAME = 60
MAX_INSTITUTION = 80


@dataclass(frozen=True)
class PayeeView:
    id: int
    member_id: int
    name: str
    number: str
    institution: str
    kind: str
    added_at: datetime
    number_changed_at: datetime | None
    last_used_at: datetime | None
    removed_at: datetime | None
    note: str
    version: int
    damaged: str = ""

    @property
    def masked_number(self) -> str:
        digits = self.number
        return digits if len(digits) <= 8 else f"{digits[:4]} **** {digits[-4:]}"


def view(row: Payee) -> PayeeView:
    try:
        name, number, institution, note, damaged = row.name or "", row.number or "", row.institution or "", \
            row.note or "", ""
    except TamperedRecord as exc:
        name, number, institution, note, damaged = "", "", "", "", str(exc)
    return PayeeView(row.id, row.member_id, name, number, institution, row.kind, row.added_at,
                     row.number_changed_at, row.last_used_at, row.removed_at, note, row.version or 1, damaged)


def _clean(name: str, number: str, institution: str, kind: str, id_number: str | None) -> tuple[str, str, str]:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("real_name", _("a payee needs the real name the account is held in"))
    if len(name) > MAX_NAME:
        raise ValidationError("real_name", _("a name has at most {n} characters").format(n=MAX_NAME))
    digits = account_number_digits(number or "")
    if not digits or "*" in digits or not all(ch.isalnum() or ch in "-@._" for ch in digits) or len(digits) > 40:
        raise ValidationError("number", _("give the payee's full account number, card number or wallet id"))
    institution = " ".join((institution or "").split())
    if not institution:
        raise ValidationError("institution", _("say which bank or platform holds the payee's account"))
    if len(institution) > MAX_INSTITUTION:
        raise ValidationError("institution", _("an institution's name has at most {n} characters").format(
            n=MAX_INSTITUTION))
    if kind not in PAYEE_KINDS:
        raise ValidationError("kind", _("unknown kind of account: {kind}").format(kind=kind))
    if id_number:
        problem = id_number_problem(id_number)
        if problem:
            raise ValidationError("id_number", problem)
    return name, digits, institution


def add(s: Session, vault: Vault, member_id: int, name: str, number: str, institution: str, kind: str,
        now: datetime, id_number: str | None = None, legal_entity: str = "", note: str = "") -> Payee:
    """Save a payee for ``member_id``; the same number saved and not removed is refused."""
    name, digits, institution = _clean(name, number, institution, kind, id_number)
    number_fp = number_fingerprint(vault, digits)
    assert number_fp is not None
    for other in s.scalars(select(Payee).where(Payee.member_id == member_id, Payee.number_fp == number_fp,
                                               Payee.removed_at.is_(None))):
        raise ValidationError("number", _("this account is already saved as payee {id}").format(id=other.id))
    row = Payee(id=vault.next_id("payees"), created_at=now, member_id=member_id, kind=kind,
                holder_identity_fp=vault.fingerprint("identity", identity_key(name, id_number)),
                entity_fp=vault.fingerprint("entity", legal_entity or institution),
                number_fp=number_fp, added_at=now)
    row.name, row.number, row.institution, row.note = name, digits, institution, note or None
    s.add(row)
    return row


def change_number(s: Session, vault: Vault, member_id: int, payee_id: int, number: str, version: int,
                  now: datetime) -> Payee:
    """A saved payee's new account number: counted as a recent change (a risk signal) from now."""
    row = get(s, member_id, payee_id)
    digits = account_number_digits(number or "")
    if not digits or "*" in digits:
        raise ValidationError("number", _("give the payee's full account number, card number or wallet id"))
    roles.check_version("payee", row.id, row.version, version)
    row.version += 1
    number_fp = number_fingerprint(vault, digits)
    assert number_fp is not None
    row.number, row.number_fp, row.number_changed_at = digits, number_fp, now
    return row


def get(s: Session, member_id: int, payee_id: int, include_removed: bool = False) -> Payee:
    row = s.get(Payee, payee_id)
    if row is None or (row.removed_at is not None and not include_removed):
        raise NotFound("payee", payee_id)
    if row.member_id != member_id:
        raise NotPermitted(_("this payee belongs to another member"))
    return row


def remove(s: Session, member_id: int, payee_id: int, version: int, now: datetime) -> Payee:
    row = get(s, member_id, payee_id)
    roles.check_version("payee", row.id, row.version, version)
    row.version += 1
    row.removed_at = now
    return row


def of_member(s: Session, member_id: int, include_removed: bool = False) -> list[Payee]:
    q = select(Payee).where(Payee.member_id == member_id).order_by(Payee.id)
    if not include_removed:
        q = q.where(Payee.removed_at.is_(None))
    return list(s.scalars(q))
