"""Plain records the services take and return; the UI and CLI never see ORM rows."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.ledger import vocabulary


@dataclass
class MemberInput:
    """What a person types to add or edit a household member."""

    name: str
    role: str = "adult"
    real_name: str = ""
    id_number: str = ""


@dataclass
class PlatformInput:
    """A platform: display name, kind, and for banks the legal entity."""

    name: str
    kind: str
    legal_entity: str = ""


@dataclass
class AccountInput:
    """Everything about an account that a person sets."""

    member_id: int
    platform_id: int
    kind: str
    name: str
    currency: str = "CNY"
    number: str = ""
    bank_class: str | None = None
    bound_account_id: int | None = None
    payment_class: str | None = None
    ecny_tier: int | None = None
    ecny_operator: str = ""
    credit_limit: Decimal | None = None
    statement_day: int | None = None
    due_day: int | None = None
    opened_on: date | None = None
    note: str = ""
    balance: Decimal | None = None  # a manual balance recorded now, when given


@dataclass
class MemberView:
    id: int
    role: str
    name: str = ""
    real_name: str = ""
    id_number: str = ""
    has_identity: bool = False
    damaged: str = ""  # why the sealed part cannot be read, empty when fine
    version: int = 1  # the row's version when read: an edit made on it passes it (a newer one refuses it)


@dataclass(frozen=True)
class HouseholdMember:
    """A member as the Household page shows them: role, whether they unlock as themselves, and how."""

    id: int
    name: str
    role: str
    has_keys: bool  # a passphrase or PIN of their own
    secret_kind: str = ""  # passphrase | pin
    locked: bool = False  # a PIN locked after too many wrong tries
    is_you: bool = False


@dataclass(frozen=True)
class Grant:
    """What one member may read of one account: hidden, balance, or transactions (balance and rows)."""

    account_id: int
    member_id: int
    grant: str


@dataclass(frozen=True)
class Activity:
    """One event of the audit log as the household's activity feed shows it: who did what, to which record."""

    at: datetime
    kind: str  # the event's kind, e.g. sync.completed, import.committed, account.shared
    member_id: int | None  # who was unlocked (None: before members had keys, or the command line's owner)
    subject_type: str = ""
    subject_id: int | None = None
    details: dict[str, object] = field(default_factory=dict)


@dataclass
class PlatformView:
    id: int
    kind: str
    name: str = ""
    legal_entity: str = ""
    damaged: str = ""


@dataclass
class AccountView:
    id: int
    member_id: int
    platform_id: int
    kind: str
    currency: str
    bank_class: str | None
    bound_account_id: int | None
    payment_class: str | None
    ecny_tier: int | None
    statement_day: int | None
    due_day: int | None
    opened_on: date | None
    same_name_as_owner: bool
    name: str = ""
    number: str = ""
    ecny_operator: str = ""
    credit_limit: Decimal | None = None
    note: str = ""
    balance: Decimal | None = None
    balance_as_of: datetime | None = None
    balance_source: str = ""
    stale: bool = False
    stale_reason: str = ""
    damaged: str = ""
    version: int = 1  # the row's version when read, as for MemberView

    @property
    def last4(self) -> str:
        digits = "".join(ch for ch in self.number if ch.isalnum())
        return digits[-4:]

    @property
    def balance_warning(self) -> str | None:
        """``vocabulary.OVERDRAWN``, ``vocabulary.OVER_LIMIT`` or None (owing on credit is normal)."""
        return vocabulary.balance_warning(self.kind, self.balance, self.credit_limit)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key, value in list(data.items()):
            if isinstance(value, Decimal):
                data[key] = str(value)
            elif isinstance(value, date | datetime):
                data[key] = value.isoformat()
        return data


@dataclass
class Total:
    """A sum in the base currency and what could not be converted."""

    base: str
    amount: Decimal
    rate_dates: dict[str, date] = field(default_factory=dict)  # currency -> date of the rate used
    missing_rates: list[str] = field(default_factory=list)  # currencies left out for want of a rate


@dataclass
class VaultInfo:
    path: str
    vault_id: str
    schema_version: str
    kdf: dict[str, Any]
    key_fingerprint: str
    signing_public_key: str
    counts: dict[str, int]
    created_at: str
    keyring_remembered: bool
