"""The connector contract: what every connector offers and the records it returns.

Records are frozen dataclasses: amounts are ``Decimal`` (or ``Money`` where the platform gives an
amount with its own currency), never float; datetimes are timezone-aware and keep the platform's
offset. Connector methods are async so the sync service can refresh many platforms on one loop.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Literal, Protocol, get_args, runtime_checkable

from app.money import Money
from app.sync.tokens import KeyringTokenStore, MemoryTokenStore, Tokens, TokenStore

__all__ = [
    "ACCOUNT_KINDS",
    "BALANCE_TYPES",
    "CATEGORIES",
    "PLATFORM_KINDS",
    "AccountKind",
    "BalanceType",
    "Capability",
    "Category",
    "ConnectorConfig",
    "Connector",
    "ConsentRequest",
    "CreditLine",
    "CreditStatement",
    "FxQuote",
    "KeyringTokenStore",
    "Manifest",
    "MemoryTokenStore",
    "PlatformInfo",
    "PlatformKind",
    "RemoteAccount",
    "RemoteBalance",
    "RemoteTransaction",
    "RetryPolicy",
    "TokenStore",
    "Tokens",
    "TransactionPage",
    "TransferLink",
    "TransferOrder",
    "TransferQuote",
    "RemoteTransfer",
    "TRANSFER_STATUSES",
    "FINAL_TRANSFER_STATUSES",
]


class Capability(StrEnum):
    """What a platform (and a connector) can do; values are the wire names."""

    BALANCES = "balances"
    TRANSACTIONS = "transactions"
    TRANSFERS = "transfers"
    SCHEDULED_TRANSFERS = "scheduled_transfers"  # executes at a set time, cancellable until then
    FX_QUOTES = "fx_quotes"


PlatformKind = Literal["bank", "payment_wallet", "ecommerce", "money_market", "credit", "ecny_wallet", "fx_account"]
AccountKind = Literal[
    "debit_card",
    "credit_card",
    "wallet_balance",
    "money_market",
    "credit_line",
    "store_balance",
    "ecny_wallet",
    "fx_account",
]
BalanceType = Literal["closing_booked", "interim_available", "interim_booked", "expected"]
Category = Literal[
    "salary",
    "rent",
    "groceries",
    "dining",
    "transport",
    "red_packet",
    "refund",
    "interest",
    "repayment",
    "transfer_own",
    "shopping",
    "utilities",
    "education",
    "other",
]
CreditLineType = Literal["available", "credit", "pre_agreed"]
TransactionStatus = Literal["pending", "booked"]

PLATFORM_KINDS: tuple[str, ...] = get_args(PlatformKind)
ACCOUNT_KINDS: tuple[str, ...] = get_args(AccountKind)
BALANCE_TYPES: tuple[str, ...] = get_args(BalanceType)
CATEGORIES: tuple[str, ...] = get_args(Category)


# --------------------------------------------------------------------------------------------- config


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long a connector retries 429, 503 and connection errors."""

    max_retries: int = 3
    backoff_base: float = 0.5  # seconds before the first retry; doubles each time, with jitter
    backoff_max: float = 8.0
    max_total_wait: float = 30.0  # the most a single call sleeps in total; past it, give up at once


@dataclass(frozen=True)
class ConnectorConfig:
    """Everything a connector needs to reach one platform for one connection."""

    base_url: str
    token_store: TokenStore
    connection_key: str
    client_id: str = "huiliu-desktop"
    client_secret: str | None = field(default=None, repr=False)
    scope: str = "accounts balances transactions"
    connect_timeout: float = 10.0
    read_timeout: float = 10.0
    retry: RetryPolicy = RetryPolicy()
    refresh_margin: float = 60.0  # refresh an access token this many seconds before it expires
    # Money-moving requests (POST/DELETE /transfers) are signed with this key and sealed to the
    # platform's pinned key; None: the connection cannot move money (reconnect with the transfers scope).
    transfer_link: TransferLink | None = field(default=None, repr=False)
    page_size: int = 100
    # A platform cannot hold a sync hostage: one reply is read in at most ``request_deadline``
    # seconds of wall-clock time (a read timeout alone restarts with every byte that trickles in) and
    # is at most ``max_body_bytes`` long, decompressed (the largest real page is well under 1 MiB).
    request_deadline: float = 30.0
    max_body_bytes: int = 16 << 20


@dataclass(frozen=True)
class TransferLink:
    """The keys of the national-crypto transfer link of one connection.

    ``client_private_key`` / ``client_public_key``: the vault's SM2 key pair (hex), registered with
    the platform at consent; every money-moving request carries an SM2 signature over the SM3 digest of
    method, path, timestamp, nonce and body. ``platform_public_key``: the platform's SM2 public key
    (hex) as pinned at consent from its discovery document; the one-time SM4 key sealing each body is
    wrapped to it (GB/T 32918.4), and a platform whose discovery shows another key is refused."""

    client_private_key: str = field(repr=False)
    client_public_key: str
    platform_public_key: str


# --------------------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class PlatformInfo:
    """What a platform says about itself (its discovery document)."""

    platform_id: str
    name_zh: str
    name_en: str
    kind: str
    legal_entity: str
    capabilities: frozenset[str]
    api_version: str = ""
    transfer_public_key: str | None = None  # SM2 public key (hex) sealing transfer bodies; None: no transfers


@dataclass(frozen=True)
class RemoteAccount:
    """One account as the platform describes it."""

    account_id: str
    currency: str
    kind: str
    nickname: str
    identification_masked: str
    holder_name: str
    bank_class: str | None
    bound_account_id: str | None
    payment_class: str | None
    ecny_tier: int | None
    ecny_operator: str | None
    credit_limit: Money | None
    statement_day: int | None
    due_day: int | None
    opened_on: date


@dataclass(frozen=True)
class CreditLine:
    """A credit line attached to a balance; ``included`` says whether the balance counts it."""

    included: bool
    type: str
    amount: Money


@dataclass(frozen=True)
class CreditStatement:
    """The open bill of a credit account."""

    statement_date: date
    due_date: date
    statement_amount: Money
    minimum_payment: Money


@dataclass(frozen=True)
class RemoteBalance:
    """One balance of an account; ``amount`` is signed from the holder's view (debit is negative)."""

    account_id: str
    type: str
    amount: Decimal
    currency: str
    as_of: datetime
    credit_lines: tuple[CreditLine, ...] = ()
    statement: CreditStatement | None = None


@dataclass(frozen=True)
class RemoteTransaction:
    """One transaction; ``amount`` is signed (money in positive, money out negative)."""

    transaction_id: str
    status: str
    booked_at: datetime | None
    value_at: datetime
    amount: Decimal
    currency: str
    counterparty: str
    counterparty_account: str | None
    memo: str
    category: str
    own_transfer_ref: str | None
    merchant: str | None


@dataclass(frozen=True)
class TransactionPage:
    """A page of an account's transaction feed, oldest change first.

    ``next_cursor`` is the position after this page, also on the last one: keep it and a later sync
    asks only for what appeared or changed since (None from a connector that cannot resume).
    ``has_more`` says whether to fetch the next page now. A transaction that changes (pending ->
    booked) comes again with the same ``transaction_id`` in its new state.
    """

    account_id: str
    transactions: tuple[RemoteTransaction, ...]
    next_cursor: str | None
    has_more: bool = False


@dataclass(frozen=True)
class FxQuote:
    """``rate`` units of ``quote`` for one unit of ``base``, valid until ``valid_until``."""

    base: str
    quote: str
    rate: Decimal
    quoted_at: datetime
    valid_until: datetime


@dataclass(frozen=True)
class TransferQuote:
    """A platform's firm quote for one cross-currency transfer from ``from_account`` (``quote_transfer``).

    ``sell_amount`` (in ``sell_currency``, the sending account's) is what leaves the account, ``fee``
    included; ``fee`` is in the sell currency; ``rate`` is units of ``buy_currency`` per one unit of
    ``sell_currency``, exactly as the platform gives it; ``buy_amount`` is what arrives, in
    ``buy_currency``: ``(sell_amount - fee) * rate`` rounded to the buy currency's minor unit the way
    the platform rounds (the sandbox rounds down; a platform's figure is taken as it is, checked to be
    within one minor unit). A ``TransferOrder`` of ``sell_amount`` from ``from_account`` carrying
    ``quote_id`` before ``valid_until`` credits exactly ``buy_amount``; the platform refuses it as
    ``quote_expired`` after that, ``quote_unknown`` for a quote it never gave this consent,
    ``quote_mismatch`` for another account, amount or receiving currency, ``quote_used`` once a
    transfer has used it."""

    quote_id: str
    from_account: str
    sell_currency: str
    buy_currency: str
    sell_amount: Decimal
    rate: Decimal
    fee: Decimal
    buy_amount: Decimal
    quoted_at: datetime
    valid_until: datetime


TransferStatus = Literal["scheduled", "pending", "clearing", "settled", "rejected", "cancelled"]
TRANSFER_STATUSES: tuple[str, ...] = get_args(TransferStatus)
FINAL_TRANSFER_STATUSES = frozenset({"settled", "rejected", "cancelled"})


@dataclass(frozen=True)
class TransferOrder:
    """A transfer as the client asks a platform to make it (``POST /transfers``).

    ``to_platform`` is the receiving platform's id (this platform's own for a transfer inside it) and
    ``to_account`` the receiving account's id there (or its number, for a payee outside the sandbox's
    knowledge); ``to_name`` the payee's real name, which travels with the transfer. ``execute_at``
    (timezone-aware) asks for scheduled execution, cancellable until then (``scheduled_transfers``);
    None executes now. ``quote_id`` names a ``TransferQuote`` from ``quote_transfer`` for a cross-currency
    transfer: ``amount``/``currency`` are then its ``sell_amount``/``sell_currency``."""

    idempotency_key: str
    from_account: str
    to_platform: str
    to_account: str
    to_name: str
    amount: Decimal
    currency: str
    memo: str
    execute_at: datetime | None = None
    quote_id: str | None = None


@dataclass(frozen=True)
class RemoteTransfer:
    """A transfer as the platform reports it. ``status``: scheduled (waits for ``execute_at``, cancellable),
    pending (accepted, not yet debited), clearing (debited, on its way to another platform), settled,
    rejected (``reason_code``/``reason`` say why), cancelled. Settled, rejected and cancelled are final.
    ``received_amount``/``received_currency``: what the receiving account was credited, once settled (the
    quote's ``buy_amount`` in its ``buy_currency`` for a cross-currency transfer); None before that."""

    transfer_id: str
    idempotency_key: str
    status: str
    amount: Decimal
    currency: str
    created_at: datetime
    execute_at: datetime | None = None
    settled_at: datetime | None = None
    received_amount: Decimal | None = None
    received_currency: str | None = None
    reason_code: str = ""
    reason: str = ""

    @property
    def final(self) -> bool:
        return self.status in FINAL_TRANSFER_STATUSES


@dataclass(frozen=True)
class ConsentRequest:
    """A consent in progress: open ``authorize_url`` in the browser, then pass the callback URL back."""

    authorize_url: str
    state: str = field(repr=False)
    code_verifier: str = field(repr=False)
    redirect_uri: str


# --------------------------------------------------------------------------------------------- protocol


@runtime_checkable
class Connector(Protocol):
    """A live connection to one platform; every method raises only ``app.sync.errors`` errors."""

    async def discover(self) -> PlatformInfo:
        """The platform's self-description; later calls may use what it returned."""
        ...

    def begin_consent(self, redirect_uri: str) -> ConsentRequest:
        """Start a consent (after ``discover``): the URL to open and what ``finish_consent`` checks."""
        ...

    async def finish_consent(self, request: ConsentRequest, callback_url: str) -> Tokens:
        """Check the callback, exchange its code for tokens and save them in the token store."""
        ...

    async def accounts(self) -> tuple[RemoteAccount, ...]:
        """Every account the consent covers."""
        ...

    async def balances(self, account_id: str) -> tuple[RemoteBalance, ...]:
        """The balances of one account, one per balance type the platform reports."""
        ...

    async def transactions(self, account_id: str, cursor: str | None, since: date | None = None) -> TransactionPage:
        """One page of the feed after ``cursor`` (None: from the start); follow ``next_cursor`` while ``has_more``."""
        ...

    async def fx_quote(self, base: str, quote: str) -> FxQuote:
        """The platform's current rate from ``base`` to ``quote``."""
        ...

    async def quote_transfer(self, from_account: str, buy_currency: str, sell_amount: Decimal) -> TransferQuote:
        """A firm quote for selling ``sell_amount`` (fee included, in the account's currency) from
        ``from_account`` for ``buy_currency``; pass its ``quote_id`` in the ``TransferOrder`` before
        ``valid_until``. Raises ``TransferRefused`` when the platform will not quote it."""
        ...

    async def submit_transfer(self, order: TransferOrder) -> RemoteTransfer:
        """Send ``order`` (signed and sealed over the transfer link); the same idempotency key sent again
        returns the first answer. Raises ``TransferRefused`` when the platform refuses it."""
        ...

    async def transfer(self, transfer_id: str) -> RemoteTransfer:
        """Where one transfer stands now."""
        ...

    async def transfer_by_key(self, idempotency_key: str) -> RemoteTransfer | None:
        """The transfer the platform holds under ``idempotency_key``; None if it never received it
        (crash recovery asks this before sending again)."""
        ...

    async def cancel_transfer(self, transfer_id: str) -> RemoteTransfer:
        """Cancel a transfer still scheduled or pending (``DELETE /transfers/{id}``); raises
        ``TransferRefused`` (code ``not_cancellable``) once it has gone."""
        ...

    async def aclose(self) -> None:
        """Release network resources; the connector is unusable afterwards."""
        ...


class ConsentReceiver(Protocol):
    """Where the browser is sent back after a consent (RFC 8252 loopback redirect)."""

    @property
    def redirect_uri(self) -> str:
        """The address given to the platform as ``redirect_uri``."""
        ...

    def wait(self, timeout: float | None = None, expect_state: str | None = None) -> str:
        """Block until the browser comes back; the callback URL it came back to.

        With ``expect_state`` (the consent's OAuth ``state``), callbacks carrying another state (a
        local process racing the browser) are refused and the wait goes on."""
        ...

    def close(self) -> None:
        """Stop listening (a waiting ``wait`` ends with an error)."""
        ...


@dataclass(frozen=True)
class Manifest:
    """How the registry presents a connector and builds it for a connection."""

    id: str
    name_zh: str
    name_en: str
    platform_kinds: tuple[str, ...]
    capabilities: frozenset[str]
    factory: Callable[[ConnectorConfig], Connector] = field(compare=False)
    consent_receiver: Callable[[], ConsentReceiver] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("a connector manifest needs an id")
        unknown = set(self.capabilities) - {c.value for c in Capability}
        if unknown:
            raise ValueError(f"manifest {self.id!r}: unknown capabilities {sorted(unknown)}")
        kinds = set(self.platform_kinds)
        if kinds != {"*"} and not kinds <= set(PLATFORM_KINDS):
            raise ValueError(f"manifest {self.id!r}: unknown platform kinds {sorted(kinds - set(PLATFORM_KINDS))}")

    def serves(self, kind: str) -> bool:
        """Whether this connector can serve a platform of ``kind``."""
        return "*" in self.platform_kinds or kind in self.platform_kinds

    def name(self, language: str) -> str:
        """The display name in ``language`` (``app.i18n.language()``)."""
        return self.name_zh if language.startswith("zh") else self.name_en
