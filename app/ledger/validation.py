"""Checks on what people type, each failure naming its field (ValidationError)."""

from __future__ import annotations

from decimal import Decimal

from app.errors import UnknownCurrency, ValidationError
from app.i18n import _
from app.ledger.identity import id_number_problem
from app.ledger.records import AccountInput, MemberInput, PlatformInput
from app.ledger.vocabulary import (
    ACCOUNT_KINDS,
    CLASSES,
    CREDIT_KINDS,
    KINDS_BY_PLATFORM,
    MEMBER_ROLES,
    PLATFORM_KINDS,
    label,
)
from app.money import Money

MAX_NAME = 80

# ISO 13616 IBAN lengths by country (SWIFT IBAN registry).
IBAN_LENGTHS: dict[str, int] = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
    "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
    "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
    "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
    "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
    "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip
_NUMBERED_KINDS = ("debit_card", "credit_card", "fx_account")


def is_foreign(data: AccountInput, platform_kind: str) -> bool:
    """Whether an account is held abroad or in a foreign currency, so its number need not be a Chinese card's.

    The vault records no country for a platform, so "foreign" is read from what it does record: an
    account in a currency other than CNY, an FX provider's platform (``fx_account``), or a
    foreign-currency account (kind ``fx_account``). A CNY card at a Chinese bank keeps the card rule.
    """
    return data.currency != "CNY" or platform_kind == "fx_account" or data.kind == "fx_account"


def iban_problem(number: str) -> str:
    """"" for a valid IBAN (ISO 13616: the country's length, check digits by mod 97), else what is wrong."""
    country = number[:2]
    length = IBAN_LENGTHS.get(country)
    if length is None:
        return _("{country} is not a country that uses IBANs").format(country=country)
    if len(number) != length:
        return _("an IBAN from {country} has {length} characters, not {found}").format(
            country=country, length=length, found=len(number))
    digits = "".join(str(int(c, 36)) for c in number[4:] + number[:4])
    if int(digits) % 97 != 1:
        return _("the IBAN's check digits are wrong: check it for a mistyped character")
    return ""


def account_number(data: AccountInput, platform_kind: str) -> str:
    """The number as stored (spaces removed; IBANs and foreign numbers upper-case, without dashes), or a
    ValidationError on field "number".

    A Chinese card number (a CNY debit or credit card at a platform that is not foreign, see
    ``is_foreign``) has 12 to 19 digits. A foreign account's number is an IBAN, checked by ISO 13616
    (two letters, two check digits, the country's length, mod 97), or any other account number of 4 to
    34 letters and digits, written with spaces or dashes if the bank does.
    """
    number = "".join(data.number.split())
    if not number:
        return number
    if not is_foreign(data, platform_kind):
        if data.kind in ("debit_card", "credit_card") and not (number.isdigit() and 12 <= len(number) <= 19):
            raise ValidationError("number", _("a bank card number has 12 to 19 digits"))
        return number
    if data.kind not in _NUMBERED_KINDS:
        return number
    compact = number.replace("-", "").upper()
    if not (compact.isascii() and compact.isalnum()):
        raise ValidationError("number", _("an account number has only letters, digits, spaces and dashes"))
    if len(compact) >= 15 and compact[:2].isalpha() and compact[2:4].isdigit() and compact[:2] in IBAN_LENGTHS:
        problem = iban_problem(compact)
        if problem:
            raise ValidationError("number", problem)
        return compact
    if not 4 <= len(compact) <= 34:
        raise ValidationError("number", _("an account number has 4 to 34 letters and digits"))
    return compact


def luhn_ok(number: str) -> bool:
    """Whether a card number passes the Luhn (mod 10) check digit; spaces are ignored, other non-digits fail."""
    digits = "".join(number.split())
    if not digits.isdigit() or not digits.isascii():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_number_warning(kind: str, number: str) -> str:
    """A warning, or "": a bank card number (12 to 19 digits) whose check digit is wrong is likely a typo.

    Only a warning, never a refusal: some cards do not use the Luhn check digit.
    """
    digits = "".join(number.split())
    if kind not in ("debit_card", "credit_card") or not (digits.isdigit() and 12 <= len(digits) <= 19):
        return ""
    if luhn_ok(digits):
        return ""
    return _("this card number fails its check digit (Luhn): check it for a typo. It is kept as typed, "
             "since some cards do not use the check.")


def _name(field: str, value: str, required: bool = True) -> str:
    value = " ".join((value or "").split())
    if required and not value:
        raise ValidationError(field, _("is required"))
    if len(value) > MAX_NAME:
        raise ValidationError(field, _("is longer than {n} characters").format(n=MAX_NAME))
    return value


def member(data: MemberInput) -> MemberInput:
    name = _name("name", data.name)
    if data.role not in MEMBER_ROLES:
        raise ValidationError("role", _("must be one of {choices}").format(choices=", ".join(MEMBER_ROLES)))
    real_name = _name("real_name", data.real_name, required=False)
    if data.id_number.strip() and not real_name:
        # Optional on its own; an ID number is only ever kept with the name it was issued to.
        raise ValidationError("real_name", _("is needed because an ID number is given: the real name and the "
                                             "ID number go together (leave both empty to give neither)"))
    id_number = "".join(data.id_number.split()).upper()
    if id_number:
        problem = id_number_problem(id_number)
        if problem:
            raise ValidationError("id_number", problem)
    return MemberInput(name=name, role=data.role, real_name=real_name, id_number=id_number)


def platform(data: PlatformInput) -> PlatformInput:
    name = _name("platform.name", data.name)
    if data.kind not in PLATFORM_KINDS:
        raise ValidationError("platform.kind", _("must be one of {choices}").format(choices=", ".join(PLATFORM_KINDS)))
    legal = _name("platform.legal_entity", data.legal_entity, required=data.kind == "bank")
    return PlatformInput(name=name, kind=data.kind, legal_entity=legal)


def account(data: AccountInput, platform_kind: str, bound_kind: str | None, bound_same_holder: bool) -> None:
    """Raise ValidationError for the first problem; ``bound_*`` describe the bound account if any."""
    _name("name", data.name)
    if data.kind not in ACCOUNT_KINDS:
        raise ValidationError("kind", _("must be one of {choices}").format(choices=", ".join(ACCOUNT_KINDS)))
    allowed = KINDS_BY_PLATFORM.get(platform_kind, ACCOUNT_KINDS)
    if data.kind not in allowed:
        raise ValidationError("kind", _("a {platform} cannot hold a {kind} account").format(
            platform=label(platform_kind), kind=label(data.kind)))
    try:
        Money(0, data.currency)
    except UnknownCurrency as exc:
        raise ValidationError("currency", str(exc)) from None
    if data.kind == "ecny_wallet" and data.currency != "CNY":
        raise ValidationError("currency", _("e-CNY wallets hold CNY only"))
    account_number(data, platform_kind)
    if data.bank_class is not None:
        if data.kind != "debit_card":
            raise ValidationError("bank_class", _("only bank debit accounts have a class"))
        if data.bank_class not in CLASSES:
            raise ValidationError("bank_class", _("must be I, II or III"))
    if data.kind == "debit_card" and data.bank_class is None:
        raise ValidationError("bank_class", _("choose Class I, II or III"))
    if data.bank_class in ("II", "III"):
        if data.bound_account_id is None:
            raise ValidationError("bound_account_id", _("a Class II or III account must name its bound account"))
        if bound_kind not in ("debit_card", "credit_card"):
            raise ValidationError("bound_account_id", _("the bound account must be a bank card"))
        if not bound_same_holder:
            raise ValidationError("bound_account_id", _("the bound account must belong to the same person"))
    elif data.bound_account_id is not None:
        raise ValidationError("bound_account_id", _("only Class II and III accounts have a bound account"))
    if data.payment_class is not None:
        if data.kind != "wallet_balance":
            raise ValidationError("payment_class", _("only payment-account balances have a payment class"))
        if data.payment_class not in CLASSES:
            raise ValidationError("payment_class", _("must be I, II or III"))
    if data.kind == "ecny_wallet":
        if data.ecny_tier not in (1, 2, 3, 4):
            raise ValidationError("ecny_tier", _("an e-CNY wallet has a tier from 1 to 4"))
        _name("ecny_operator", data.ecny_operator)
    elif data.ecny_tier is not None:
        raise ValidationError("ecny_tier", _("only e-CNY wallets have a tier"))
    if data.kind in CREDIT_KINDS:
        if data.credit_limit is None or data.credit_limit <= 0:
            raise ValidationError("credit_limit", _("a credit account needs a credit limit above zero"))
        for field, day in (("statement_day", data.statement_day), ("due_day", data.due_day)):
            if day is None or not 1 <= day <= 31:
                raise ValidationError(field, _("must be a day of the month from 1 to 31"))
    elif data.credit_limit is not None:
        raise ValidationError("credit_limit", _("only credit accounts have a credit limit"))
    for field, value in (("credit_limit", data.credit_limit), ("balance", data.balance)):
        if value is not None:
            if not isinstance(value, Decimal) or not value.is_finite():
                raise ValidationError(field, _("must be an exact amount"))
            if Money(value, data.currency).rounded().amount != value:
                raise ValidationError(field, _("has more decimals than {currency} allows").format(currency=data.currency))
