"""Who a member is to the household's decisions: guardian, minor or viewer.

Guardians are the owner (who created the vault) and the adults; minors are teenagers and children;
a viewer sees and never decides or moves money. Unknown roles count as neither guardian nor minor,
so they are refused everything a role must allow.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import EditConflict, NotFound, UnknownCurrency, ValidationError
from app.i18n import _
from app.money import minor_digits, normalize_currency
from app.vault.schema import Member

GUARDIAN_ROLES = frozenset({"owner", "adult"})
MINOR_ROLES = frozenset({"teen", "child"})
VIEWER = "viewer"


def member(s: Session, member_id: int) -> Member:
    """The member, or NotFound."""
    row = s.get(Member, member_id)
    if row is None:
        raise NotFound("member", member_id)
    return row


def is_guardian(m: Member) -> bool:
    return m.role in GUARDIAN_ROLES


def is_minor(m: Member) -> bool:
    return m.role in MINOR_ROLES


def is_viewer(m: Member) -> bool:
    return m.role == VIEWER


def guardians(s: Session) -> list[int]:
    """Every guardian's id, in order."""
    return list(s.scalars(select(Member.id).where(Member.role.in_(sorted(GUARDIAN_ROLES))).order_by(Member.id)))


def check_version(kind: str, ident: int, current: int, given: int) -> None:
    """Refuse a change made on a stale view of a record (someone else changed it since)."""
    if current != given:
        raise EditConflict(kind, ident)


def currency(value: str) -> str:
    """An ISO 4217 code, upper case; a ValidationError naming the currency otherwise."""
    try:
        return normalize_currency(value)
    except (UnknownCurrency, TypeError):
        raise ValidationError("currency", _("is not a currency code Huiliu knows: {code}").format(code=value)) from None


def amount(field: str, value: object, code: str) -> Decimal:
    """A finite, non-negative Decimal with no more decimals than ``code`` has (never a float)."""
    if isinstance(value, float) or isinstance(value, bool):
        raise ValidationError(field, _("must be an exact amount, not a floating-point number"))
    try:
        number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)  # type: ignore[arg-type]
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError(field, _("not a number: {text}").format(text=value)) from None
    if not number.is_finite():
        raise ValidationError(field, _("not a number: {text}").format(text=value))
    if number < 0:
        raise ValidationError(field, _("cannot be negative"))
    places = minor_digits(code)
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise ValidationError(field, _("has more decimals than {currency} allows ({n})").format(
            currency=code, n=places))
    return number
