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
    real_name = _name("real_name", data.real_name, required=bool(data.id_number.strip()))
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
    number = "".join(data.number.split())
    if number and data.kind in ("debit_card", "credit_card") and not (number.isdigit() and 12 <= len(number) <= 19):
        raise ValidationError("number", _("a bank card number has 12 to 19 digits"))
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
