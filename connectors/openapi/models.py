"""Pydantic models of the platform API's JSON (docs/platform-api.md), and their conversion to records.

Validation is strict: amounts and rates must be decimal *strings* (a JSON number is refused, it may
already have lost digits), amounts may not have more decimals than their currency's minor unit,
currencies must be ISO 4217 codes, datetimes must carry an offset, and enum values outside the
contract are refused (discovery's capability list aside, see ``Discovery``). Unknown extra fields
are ignored, so a platform can add to its answers without breaking older clients.

The normative contract is ``resources/openapi/platform-api.yaml``: every field it lists as required
is required here, nullable ones included (present, possibly ``null``). Parts the client never reads
(``links``, ``meta.total``) are not modelled, so they cannot fail an answer whose data is sound.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal, Self

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, PlainValidator, model_validator

from app.errors import MoneyError
from app.money import Money, minor_digits, normalize_currency
from app.sync.contract import (
    AccountKind,
    BalanceType,
    Capability,
    Category,
    CreditLine,
    CreditLineType,
    CreditStatement,
    FxQuote,
    PlatformInfo,
    PlatformKind,
    RemoteAccount,
    RemoteBalance,
    RemoteTransaction,
    RemoteTransfer,
    Tokens,
    TransactionStatus,
    TransferQuote,
    TransferStatus,
)
from app.vault.crypto import sm2_z_a

_DECIMAL = re.compile(r"-?\d{1,20}(\.\d{1,18})?")


def _decimal_string(value: object) -> Decimal:
    if not isinstance(value, str):
        raise ValueError(f"must be a decimal string such as \"12.34\", not {type(value).__name__}")
    if not _DECIMAL.fullmatch(value):
        raise ValueError(f"{value!r} is not a decimal string such as \"12.34\"")
    try:
        return Decimal(value)
    except InvalidOperation as exc:  # unreachable after the pattern, but never let it escape
        raise ValueError(f"{value!r} is not a decimal number") from exc


def _currency(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError(f"{value!r} is not an ISO 4217 code such as \"CNY\"")
    try:
        return normalize_currency(value)
    except MoneyError as exc:
        raise ValueError(f"{value!r} is not a currency Huiliu knows") from exc


DecimalString = Annotated[Decimal, PlainValidator(_decimal_string)]
Currency = Annotated[str, PlainValidator(_currency)]


def _local(value: datetime) -> datetime:
    # pydantic gives its own tzinfo class; a plain fixed-offset timezone pickles and compares everywhere.
    offset = value.utcoffset() or timedelta(0)
    return value.replace(tzinfo=timezone(offset))


class _Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


# --------------------------------------------------------------------------------------------- pieces


class Amount(_Model):
    """``{"amount": "1234.56", "currency": "CNY"}``: never negative (the indicator carries the sign)."""

    amount: DecimalString
    currency: Currency

    @model_validator(mode="after")
    def _whole_minor_units(self) -> Self:
        if self.amount < 0:
            raise ValueError(f"amount {self.amount} is negative; the contract carries the sign elsewhere")
        exponent = self.amount.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > minor_digits(self.currency):
            raise ValueError(
                f"amount {self.amount} has more decimals than {self.currency} allows ({minor_digits(self.currency)})"
            )
        return self

    def money(self) -> Money:
        return Money(self.amount, self.currency)


class Problem(BaseModel):
    """RFC 9457 problem details; read leniently because it only explains an error we already have."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    title: str | None = None
    status: int | None = None
    detail: str | None = None
    code: str | None = None


class TokenError(BaseModel):
    """RFC 6749 §5.2 error answer of the token endpoint."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    error: str = ""
    error_description: str | None = None


# --------------------------------------------------------------------------------------------- discovery


class Discovery(_Model):
    """``GET /.well-known/huiliu-platform``."""

    platform_id: str = Field(min_length=1)
    name_zh: str
    name_en: str
    kind: PlatformKind
    legal_entity: str
    authorization_endpoint: str = Field(min_length=1)
    token_endpoint: str = Field(min_length=1)
    api_version: str
    capabilities: list[str]
    # Optional: platforms that move no money (and older ones) publish none.
    transfer_public_key: str | None = None

    @model_validator(mode="after")
    def _sm2_point(self) -> Self:
        key = self.transfer_public_key
        if key is not None:
            try:
                sm2_z_a(key)  # refuses anything but 128 hex digits that are a point on sm2p256v1
            except ValueError as exc:
                raise ValueError(f"transfer_public_key is not an SM2 public key ({exc})") from None
        return self

    def to_record(self) -> PlatformInfo:
        # A capability this client does not know is one it never uses, so it is dropped, not refused:
        # platforms can announce new features without cutting off older Huiliu versions.
        known = {c.value for c in Capability}
        return PlatformInfo(
            platform_id=self.platform_id,
            name_zh=self.name_zh,
            name_en=self.name_en,
            kind=self.kind,
            legal_entity=self.legal_entity,
            capabilities=frozenset(c for c in self.capabilities if c in known),
            api_version=self.api_version,
            transfer_public_key=self.transfer_public_key.lower() if self.transfer_public_key else None,
        )


# --------------------------------------------------------------------------------------------- token


class TokenResponse(_Model):
    """Successful answer of the token endpoint."""

    access_token: str = Field(min_length=1)
    token_type: str
    expires_in: int = Field(gt=0)
    refresh_token: str = Field(min_length=1)
    scope: str
    consent_id: str
    consent_expires_at: AwareDatetime

    @model_validator(mode="after")
    def _bearer(self) -> Self:
        if self.token_type.lower() != "bearer":
            raise ValueError(f"token_type {self.token_type!r} is not Bearer")
        return self

    def to_tokens(self, issued_at: datetime) -> Tokens:
        """Tokens valid from ``issued_at`` (when the request left, so expiry errs on the early side)."""
        return Tokens(
            access_token=self.access_token,
            refresh_token=self.refresh_token,
            expires_at=issued_at + timedelta(seconds=self.expires_in),
            consent_id=self.consent_id,
            consent_expires_at=_local(self.consent_expires_at),
            scope=self.scope,
        )


# --------------------------------------------------------------------------------------------- accounts


class Account(_Model):
    account_id: str = Field(min_length=1)
    currency: Currency
    kind: AccountKind
    nickname: str
    identification_masked: str
    holder_name: str
    bank_class: Literal["I", "II", "III"] | None
    bound_account_id: str | None
    payment_class: Literal["I", "II", "III"] | None
    ecny_tier: Annotated[int, Field(ge=1, le=4)] | None
    ecny_operator: str | None
    credit_limit: Amount | None
    statement_day: Annotated[int, Field(ge=1, le=31)] | None
    due_day: Annotated[int, Field(ge=1, le=31)] | None
    opened_on: date

    def to_record(self) -> RemoteAccount:
        return RemoteAccount(
            account_id=self.account_id,
            currency=self.currency,
            kind=self.kind,
            nickname=self.nickname,
            identification_masked=self.identification_masked,
            holder_name=self.holder_name,
            bank_class=self.bank_class,
            bound_account_id=self.bound_account_id,
            payment_class=self.payment_class,
            ecny_tier=self.ecny_tier,
            ecny_operator=self.ecny_operator,
            credit_limit=self.credit_limit.money() if self.credit_limit else None,
            statement_day=self.statement_day,
            due_day=self.due_day,
            opened_on=self.opened_on,
        )


class _AccountList(_Model):
    accounts: list[Account]


class AccountsResponse(_Model):
    """``GET /accounts``."""

    data: _AccountList


# --------------------------------------------------------------------------------------------- balances


class _CreditLine(_Model):
    included: bool
    type: CreditLineType
    amount: Amount


class _Statement(_Model):
    statement_date: date
    due_date: date
    statement_amount: Amount
    minimum_payment: Amount

    def to_record(self) -> CreditStatement:
        return CreditStatement(
            statement_date=self.statement_date,
            due_date=self.due_date,
            statement_amount=self.statement_amount.money(),
            minimum_payment=self.minimum_payment.money(),
        )


class Balance(_Model):
    type: BalanceType
    amount: Amount
    credit_debit_indicator: Literal["credit", "debit"]
    date_time: AwareDatetime
    credit_lines: list[_CreditLine]

    def to_record(self, account_id: str, statement: CreditStatement | None) -> RemoteBalance:
        signed = self.amount.amount if self.credit_debit_indicator == "credit" else -self.amount.amount
        return RemoteBalance(
            account_id=account_id,
            type=self.type,
            amount=signed if signed else abs(signed),  # no "-0.00" for a zero debit balance
            currency=self.amount.currency,
            as_of=_local(self.date_time),
            credit_lines=tuple(CreditLine(c.included, c.type, c.amount.money()) for c in self.credit_lines),
            statement=statement,
        )


class _BalanceList(_Model):
    account_id: str
    balances: list[Balance] = Field(min_length=1)
    statement: _Statement | None = None  # the open bill of a credit account, when there is one


class BalancesResponse(_Model):
    """``GET /accounts/{account_id}/balances``."""

    data: _BalanceList

    def to_records(self) -> tuple[RemoteBalance, ...]:
        # The contract gives the bill once per account; each balance record carries it so a consumer
        # holding any one balance has it.
        statement = self.data.statement.to_record() if self.data.statement else None
        return tuple(b.to_record(self.data.account_id, statement) for b in self.data.balances)


# --------------------------------------------------------------------------------------------- transactions


class Transaction(_Model):
    transaction_id: str = Field(min_length=1)
    status: TransactionStatus
    booking_date_time: AwareDatetime | None
    value_date_time: AwareDatetime
    amount: Amount
    credit_debit_indicator: Literal["credit", "debit"]
    counterparty_name: str
    counterparty_account: str | None
    remittance_information: str
    category: Category
    own_transfer_ref: str | None
    merchant: str | None

    @model_validator(mode="after")
    def _booked_has_date(self) -> Self:
        if self.status == "booked" and self.booking_date_time is None:
            raise ValueError("a booked transaction needs booking_date_time")
        return self

    def to_record(self) -> RemoteTransaction:
        amount = self.amount.amount if self.credit_debit_indicator == "credit" else -self.amount.amount
        return RemoteTransaction(
            transaction_id=self.transaction_id,
            status=self.status,
            booked_at=_local(self.booking_date_time) if self.booking_date_time else None,
            value_at=_local(self.value_date_time),
            amount=amount if amount else abs(amount),
            currency=self.amount.currency,
            counterparty=self.counterparty_name,
            counterparty_account=self.counterparty_account,
            memo=self.remittance_information,
            category=self.category,
            own_transfer_ref=self.own_transfer_ref,
            merchant=self.merchant,
        )


class _TransactionList(_Model):
    account_id: str
    transactions: list[Transaction]


class _PageMeta(_Model):
    next_cursor: str = Field(min_length=1)
    has_more: bool


class TransactionsResponse(_Model):
    """``GET /accounts/{account_id}/transactions``."""

    data: _TransactionList
    meta: _PageMeta


# --------------------------------------------------------------------------------------------- fx


class _Quote(_Model):
    from_: Currency = Field(alias="from")
    to: Currency
    rate: DecimalString
    quoted_at: AwareDatetime
    valid_until: AwareDatetime

    @model_validator(mode="after")
    def _positive(self) -> Self:
        if self.rate <= 0:
            raise ValueError(f"rate {self.rate} is not positive")
        return self


class FxQuoteResponse(_Model):
    """``GET /fx/quote``."""

    data: _Quote

    def to_record(self) -> FxQuote:
        q = self.data
        return FxQuote(
            base=q.from_, quote=q.to, rate=q.rate, quoted_at=_local(q.quoted_at), valid_until=_local(q.valid_until)
        )


class _TransferQuote(_Model):
    quote_id: str = Field(min_length=1)
    from_account: str = Field(min_length=1)
    sell_amount: Amount
    fee: Amount
    rate: DecimalString
    buy_amount: Amount
    quoted_at: AwareDatetime
    valid_until: AwareDatetime

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        sell, fee, buy = self.sell_amount, self.fee, self.buy_amount
        if self.rate <= 0:
            raise ValueError(f"rate {self.rate} is not positive")
        if fee.currency != sell.currency:
            raise ValueError(f"the fee is in {fee.currency}, not in the currency sold ({sell.currency})")
        if buy.currency == sell.currency:
            raise ValueError(f"a quote sells and buys {sell.currency}")
        if not fee.amount < sell.amount or buy.amount <= 0:
            raise ValueError(f"selling {sell.amount} with a fee of {fee.amount} for {buy.amount} is no exchange")
        # The platform rounds in its own way; what it credits may differ from the exact product by less
        # than one minor unit of the currency bought, no more.
        unit = Decimal(1).scaleb(-minor_digits(buy.currency))
        if abs((sell.amount - fee.amount) * self.rate - buy.amount) >= unit:
            raise ValueError(f"{buy.amount} {buy.currency} is not ({sell.amount} - {fee.amount}) x {self.rate}")
        if self.valid_until <= self.quoted_at:
            raise ValueError("valid_until is not after quoted_at")
        return self


class TransferQuoteResponse(_Model):
    """``POST /fx/quotes``."""

    data: _TransferQuote

    def to_record(self) -> TransferQuote:
        q = self.data
        return TransferQuote(
            quote_id=q.quote_id, from_account=q.from_account, sell_currency=q.sell_amount.currency,
            buy_currency=q.buy_amount.currency, sell_amount=q.sell_amount.amount, rate=q.rate, fee=q.fee.amount,
            buy_amount=q.buy_amount.amount, quoted_at=_local(q.quoted_at), valid_until=_local(q.valid_until),
        )


# --------------------------------------------------------------------------------------------- transfers


class Transfer(_Model):
    """A transfer as the platform reports it (``POST /transfers``, ``GET /transfers/...``, ``DELETE``)."""

    transfer_id: str = Field(min_length=1)
    idempotency_key: str = Field(min_length=1)
    status: TransferStatus
    from_account: str
    to_platform: str
    to_account: str
    amount: Amount
    memo: str
    created_at: AwareDatetime
    execute_at: AwareDatetime | None
    settled_at: AwareDatetime | None
    received_amount: Amount | None
    reason_code: str
    reason: str

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.amount.amount <= 0:
            raise ValueError("a transfer's amount must be positive")
        if self.status == "scheduled" and self.execute_at is None:
            raise ValueError("a scheduled transfer needs execute_at")
        if self.status == "rejected" and not self.reason_code:
            raise ValueError("a rejected transfer needs reason_code")
        return self

    def to_record(self) -> RemoteTransfer:
        return RemoteTransfer(
            transfer_id=self.transfer_id,
            idempotency_key=self.idempotency_key,
            status=self.status,
            amount=self.amount.amount,
            currency=self.amount.currency,
            created_at=_local(self.created_at),
            execute_at=_local(self.execute_at) if self.execute_at else None,
            settled_at=_local(self.settled_at) if self.settled_at else None,
            received_amount=self.received_amount.amount if self.received_amount else None,
            received_currency=self.received_amount.currency if self.received_amount else None,
            reason_code=self.reason_code,
            reason=self.reason,
        )


class TransferResponse(_Model):
    """The envelope of every transfer answer."""

    data: Transfer
