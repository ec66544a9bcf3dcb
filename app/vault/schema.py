"""ORM tables of the vault.

Plain columns hold only what queries need: ids, dates, kinds, states and HMAC-SM3 fingerprints.
Everything personal (names, identities, account numbers, amounts, balances, memos, counterparties)
lives in each row's one ``sealed`` payload (see ``app.vault.sealing``). Row ids are assigned by the
vault before insert, because the sealed payload's associated data binds it to its row.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# The identifiers stored (and checked by constraints) come from the domain's one vocabulary: plain
# data, the one import of this layer from above it (allowed by the layer contracts).
from app.ledger.vocabulary import (
    ACCOUNT_KINDS,
    BALANCE_SOURCES,
    CLASSES,
    MEMBER_ROLES,
    PLATFORM_KINDS,
    TX_DIRECTIONS,
    TX_STATUSES,
)
from app.vault.sealing import SealedMixin, sealed_field
from app.vault.types import UTCDateTime

__all__ = ["ACCOUNT_KINDS", "BALANCE_SOURCES", "CLASSES", "MEMBER_ROLES", "PLATFORM_KINDS", "TX_DIRECTIONS",
           "TX_STATUSES"]


class Base(DeclarativeBase):
    """Declarative base of every vault table."""


class Member(SealedMixin, Base):
    """A person in the household; every account belongs to one."""

    __tablename__ = "members"
    # Moved at every change; an UPDATE naming an older one matches nothing (StaleDataError -> EditConflict).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    role: Mapped[str] = mapped_column(String(16), default="adult")
    identity_fp: Mapped[bytes | None] = mapped_column(LargeBinary(32), index=True, nullable=True)

    name = sealed_field(str)
    real_name = sealed_field(str)
    id_number = sealed_field(str)


class Platform(SealedMixin, Base):
    """An institution or app that holds accounts; for banks, the legal entity matters."""

    __tablename__ = "platforms"
    # Moved at every change; an UPDATE naming an older one matches nothing (StaleDataError -> EditConflict).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(24))
    # "Same bank" exemptions compare legal entities, not display names.
    entity_fp: Mapped[bytes | None] = mapped_column(LargeBinary(32), index=True, nullable=True)

    name = sealed_field(str)
    legal_entity = sealed_field(str)


class Account(SealedMixin, Base):
    """One account on one platform, owned by one member."""

    __tablename__ = "accounts"
    # Moved at every change; an UPDATE naming an older one matches nothing (StaleDataError -> EditConflict).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))
    currency: Mapped[str] = mapped_column(String(3))
    bank_class: Mapped[str | None] = mapped_column(String(3), nullable=True)
    bound_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), nullable=True)
    payment_class: Mapped[str | None] = mapped_column(String(3), nullable=True)
    ecny_tier: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # What the same-name principle compares: HMAC-SM3 of the holder's real-name identity.
    holder_identity_fp: Mapped[bytes | None] = mapped_column(LargeBinary(32), index=True, nullable=True)
    number_fp: Mapped[bytes | None] = mapped_column(LargeBinary(32), index=True, nullable=True)
    statement_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    due_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    opened_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    # Accounts that come from a connected platform; manual accounts have neither.
    connection_id: Mapped[int | None] = mapped_column(ForeignKey("connections.id"), nullable=True, index=True)
    remote_fp: Mapped[bytes | None] = mapped_column(LargeBinary(32), nullable=True, index=True)

    name = sealed_field(str)
    number = sealed_field(str)
    credit_limit = sealed_field(Decimal)
    ecny_operator = sealed_field(str)
    note = sealed_field(str)
    remote_id = sealed_field(str)
    holder_name = sealed_field(str)


class Connection(SealedMixin, Base):
    """A platform connected through a connector with the member's consent."""

    __tablename__ = "connections"
    # Moved at every change; an UPDATE naming an older one matches nothing (StaleDataError -> EditConflict).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    platform_id: Mapped[int] = mapped_column(ForeignKey("platforms.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    connector: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(24), default="connected")  # connected | reconnect_needed | error
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The plain column of vaults before 0004: emptied at their first open, never written since.
    legacy_last_error: Mapped[str | None] = mapped_column("last_error", Text, nullable=True)

    last_error = sealed_field(str)  # what the platform said last time: may quote the platform's values
    base_url = sealed_field(str)
    remote_platform_id = sealed_field(str)
    tokens = sealed_field(str)  # JSON of the OAuth tokens when no OS keyring is usable
    scope = sealed_field(str)  # the scopes the consent granted, space-separated ("transfers" moves money)
    transfer_key = sealed_field(str)  # the platform's SM2 public key (hex), pinned at consent


class SyncCursor(SealedMixin, Base):
    """Where the last transaction page of an account ended (opaque to Huiliu, sealed: it may name the account)."""

    __tablename__ = "sync_cursors"
    # Moved at every change; an UPDATE naming an older one matches nothing (StaleDataError -> EditConflict).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True, autoincrement=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The plain column of vaults before 0004: emptied at their first open, never written since.
    legacy_cursor: Mapped[str | None] = mapped_column("cursor", Text, nullable=True)

    cursor = sealed_field(str)

    @property
    def id(self) -> int:  # the row's identity in its envelope's associated data
        return self.account_id


class BalanceSnapshot(SealedMixin, Base):
    """A balance as known at a moment, from a source; stale when the last refresh failed."""

    __tablename__ = "balances"
    # Moved at every change; an UPDATE naming an older one matches nothing (StaleDataError -> EditConflict).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    as_of: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(16))
    stale: Mapped[bool] = mapped_column(Boolean, default=False)
    stale_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The plain column of vaults before 0004: emptied at their first open, never written since.
    legacy_stale_reason: Mapped[str | None] = mapped_column("stale_reason", Text, nullable=True)

    stale_reason = sealed_field(str)  # why the last refresh failed: may quote what the platform sent
    amount = sealed_field(Decimal)
    available = sealed_field(Decimal)
    credit_limit = sealed_field(Decimal)
    statement_amount = sealed_field(Decimal)
    minimum_payment = sealed_field(Decimal)
    statement_date = sealed_field(date)
    due_date = sealed_field(date)


class Transaction(SealedMixin, Base):
    """A movement of money on an account."""

    __tablename__ = "transactions"
    # Moved at every change; an UPDATE naming an older one matches nothing (StaleDataError -> EditConflict).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    # The single writer dedups in memory; the unique index makes a repeat an error rather than a second row.
    __table_args__ = (
        Index("ix_transactions_account_id", "account_id"),
        Index("uq_transactions_account_dedup_fp", "account_id", "dedup_fp", unique=True),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    booked_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(12), default="booked")
    direction: Mapped[str] = mapped_column(String(8))
    dedup_fp: Mapped[bytes] = mapped_column(LargeBinary(32))
    import_batch: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    amount = sealed_field(Decimal)
    counterparty = sealed_field(str)
    memo = sealed_field(str)
    description = sealed_field(str)
    external_id = sealed_field(str)
    category = sealed_field(str)
    source_category = sealed_field(str)  # the source's own word when it was mapped to a category
    own_transfer_ref = sealed_field(str)


class ImportBatch(SealedMixin, Base):
    """One imported file: what came in together, so it can be undone together."""

    __tablename__ = "import_batches"
    # Moved at every change; an UPDATE naming an older one matches nothing (StaleDataError -> EditConflict).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    format: Mapped[str] = mapped_column(String(32))
    file_fp: Mapped[bytes] = mapped_column(LargeBinary(32))  # HMAC-SM3 of the file's bytes
    status: Mapped[str] = mapped_column(String(12), default="committed")  # committed | undone
    added: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)

    filename = sealed_field(str)
    balance_ids = sealed_field(str)  # the balance snapshots the import recorded, comma-separated ids


class InstrumentMapping(SealedMixin, Base):
    """A paying instrument named in bills (e.g. 招商银行(1234)) mapped once to one of the user's accounts."""

    __tablename__ = "instrument_mappings"
    # Moved at every change; an UPDATE naming an older one matches nothing (StaleDataError -> EditConflict).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    instrument_fp: Mapped[bytes] = mapped_column(LargeBinary(32), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))

    instrument = sealed_field(str)


class ColumnMappingRecord(SealedMixin, Base):
    """A generic-CSV column mapping the user set once, kept per source (the file's header)."""

    __tablename__ = "column_mappings"
    # Moved at every change; an UPDATE naming an older one matches nothing (StaleDataError -> EditConflict).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source_fp: Mapped[bytes] = mapped_column(LargeBinary(32), index=True)

    mapping = sealed_field(str)  # JSON of connectors.statements.generic_csv.ColumnMapping


class FxRate(SealedMixin, Base):
    """An exchange rate on a date from a source.

    Rates are public data, kept in the clear; the (empty) envelope binds them, so a rate changed
    behind the app's back is reported as damaged. ``source`` is a code (``ECB``, ``manual``,
    ``platform:<platform id>``), never a name.
    """

    __tablename__ = "fx_rates"
    __table_args__ = (UniqueConstraint("base", "quote", "as_of", "source", name="uq_fx_rates"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    base: Mapped[str] = mapped_column(String(3))
    quote: Mapped[str] = mapped_column(String(3))
    rate: Mapped[str] = mapped_column(String(40))  # a Decimal as text: exact, never float
    as_of: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(24))


class UserCategory(SealedMixin, Base):
    """A category of the user's own: under a group of the tree, or a group of its own (``parent`` empty).

    Transactions name it by ``user:<id>`` (``app.ledger.user_categories``), so renaming it rewrites nothing.
    """

    __tablename__ = "user_categories"
    # Moved at every change; an UPDATE naming an older one matches nothing (StaleDataError -> EditConflict).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # A built-in group's key, ``user:<id>`` of a group of the user's own, or "" for a group itself.
    parent: Mapped[str] = mapped_column(String(32), default="")

    name = sealed_field(str)


class CategoryName(SealedMixin, Base):
    """The user's own name for a built-in category, shown in every language instead of the built-in word."""

    __tablename__ = "category_names"
    # Moved at every change; an UPDATE naming an older one matches nothing (StaleDataError -> EditConflict).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("key", name="uq_category_names_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    key: Mapped[str] = mapped_column(String(32))  # a key of app.ledger.categories

    name = sealed_field(str)


class CategoryRule(SealedMixin, Base):
    """"Always put this counterparty in this category": applied at every import and sync before the
    built-in words. Counterparties are sealed, so rules are matched in memory, never in SQL."""

    __tablename__ = "category_rules"
    # Moved at every change; an UPDATE naming an older one matches nothing (StaleDataError -> EditConflict).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version}
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    match: Mapped[str] = mapped_column(String(16), default="counterparty")  # what the rule compares

    counterparty = sealed_field(str)  # as the user saw it; compared normalised
    category = sealed_field(str)  # a category key (built-in, ``user:<id>``) or a word of one's own


class IntegrityDigest(Base):
    """The sealed running digest of one table's rows in one scope (see ``app.vault.integrity``)."""

    __tablename__ = "integrity_digests"
    scope_table: Mapped[str] = mapped_column(String(32), primary_key=True)
    scope_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sealed: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class VaultJournal(Base):
    """A header committed but not yet in header.json: finished at the next open (see ``Vault.open``)."""

    __tablename__ = "vault_journal"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = mapped_column(String(16))  # passphrase | rekey
    body: Mapped[str] = mapped_column(Text)  # the new header's JSON (its key wrapped under the new passphrase)


class VaultHeaderRow(Base):
    """The vault header where no folder holds header.json (a shared database): one row, id 1."""

    __tablename__ = "vault_header"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    body: Mapped[str] = mapped_column(Text)  # the header's JSON, as header.json would hold it


class IdBlock(Base):
    """The next free id of a table, where several computers write (``Vault.next_ids`` on a shared database)."""

    __tablename__ = "id_blocks"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    next_id: Mapped[int] = mapped_column(BigInteger)


class VaultSecret(Base):
    """The vault's own secrets, sealed under its data key (raw SQL in ``app.vault.store``)."""

    __tablename__ = "vault_secrets"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sealed: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class SigningKey(SealedMixin, Base):
    """The vault's SM2 key pair; the private key is sealed."""

    __tablename__ = "signing_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    public_key: Mapped[str] = mapped_column(String(128))

    private_key = sealed_field(str)


class AuditEvent(Base):
    """One leaf of the audit Merkle tree: canonical JSON, free of personal plaintext."""

    __tablename__ = "audit_events"
    idx: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(48), index=True)
    body: Mapped[str] = mapped_column(Text)
    leaf_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    root_after: Mapped[bytes] = mapped_column(LargeBinary(32))


class MemberKeyringRow(Base):
    """A member's SM2 public key and private key sealed under their passphrase or PIN (``app.vault.member_keys``).

    Read before unlocking, so nothing here is sealed under the household key; ``attempts`` is the
    wrong-secret state (``app.vault.attempts``) as JSON."""

    __tablename__ = "member_keyrings"
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(16))  # passphrase | pin
    public_key: Mapped[str] = mapped_column(String(128))
    kdf: Mapped[str] = mapped_column(Text)
    sealed_private: Mapped[str] = mapped_column(Text)
    attempts: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")


class KeyWrap(Base):
    """One key SM2-encrypted to one member: the household key (``account_id`` 0) or an account's
    balance or transactions key. A member without a wrap cannot decrypt what that key sealed."""

    __tablename__ = "key_wraps"
    __table_args__ = (UniqueConstraint("member_id", "account_id", "scope", name="uq_key_wraps_member_account_scope"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    account_id: Mapped[int] = mapped_column(Integer, index=True)  # 0: the household key
    scope: Mapped[str] = mapped_column(String(16))  # household | balance | transactions
    key_id: Mapped[str] = mapped_column(String(16))  # hex of the wrapped key's id (which rotation it is)
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    granted_by: Mapped[int | None] = mapped_column(Integer, nullable=True)


class TreeHead(Base):
    """A tree head signed with the vault's SM2 key at lock and close."""

    __tablename__ = "tree_heads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    tree_size: Mapped[int] = mapped_column(Integer)
    root_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(16))
    body: Mapped[str] = mapped_column(Text)
    signature: Mapped[bytes] = mapped_column(LargeBinary(64))


class Approval(SealedMixin, Base):
    """A request some members must decide (``app.household.approvals``): who asked, who decides and how
    (``mode`` all: every listed member approves; any: one of them does), and where it stands.

    ``approvers`` is the listed members' ids, comma-separated; the summary, and the amount when there is
    one, are sealed. ``version`` grows at every change, so a decision made on a stale view is refused."""

    __tablename__ = "approvals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(16))  # transfer | rule | family_link | joint_account | generic
    requested_by: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    subject_type: Mapped[str] = mapped_column(String(24), default="")
    subject_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    mode: Mapped[str] = mapped_column(String(8))  # all | any
    approvers: Mapped[str] = mapped_column(String(255))  # member ids, comma-separated
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    summary = sealed_field(str)
    amount = sealed_field(Decimal)
    currency = sealed_field(str)
    proposal = sealed_field(str)  # JSON of what happens once approved, for kinds that carry a change


class ApprovalVote(SealedMixin, Base):
    """One member's decision on one approval (never edited: a vote is final)."""

    __tablename__ = "approval_votes"
    __table_args__ = (UniqueConstraint("approval_id", "member_id", name="uq_approval_votes_approval_member"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    approval_id: Mapped[int] = mapped_column(ForeignKey("approvals.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    decision: Mapped[str] = mapped_column(String(8))  # approve | deny
    at: Mapped[datetime] = mapped_column(UTCDateTime)

    comment = sealed_field(str)


class FamilyLink(SealedMixin, Base):
    """Account ``account_id`` of member ``holder_id`` offered to member ``member_id`` as a family payee.

    Confirmed only once both sides have confirmed: each side is the member themselves when an adult,
    a guardian when a minor (``app.household.family``)."""

    __tablename__ = "family_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    holder_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    proposed_by: Mapped[int] = mapped_column(ForeignKey("members.id"))
    holder_confirmed_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    holder_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    member_confirmed_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    member_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="proposed", index=True)
    ended_by: Mapped[int | None] = mapped_column(Integer, nullable=True)  # who declined or removed it
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    note = sealed_field(str)


class Allowance(SealedMixin, Base):
    """A minor's weekly allowance, weekly caps per platform and the limit above which a guardian approves."""

    __tablename__ = "allowances"
    __table_args__ = (UniqueConstraint("member_id", name="uq_allowances_member"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    set_by: Mapped[int] = mapped_column(ForeignKey("members.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    weekly_amount = sealed_field(Decimal)
    currency = sealed_field(str)
    platform_caps = sealed_field(str)  # JSON: platform id -> weekly cap as Decimal text
    approval_limit = sealed_field(Decimal)


class JointHolder(SealedMixin, Base):
    """A second adult holding an account with its holder: a transfer above ``threshold`` needs both."""

    __tablename__ = "joint_holders"
    __table_args__ = (UniqueConstraint("account_id", name="uq_joint_holders_account"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    set_by: Mapped[int] = mapped_column(ForeignKey("members.id"))
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    threshold = sealed_field(Decimal)  # in the account's currency


class Payee(SealedMixin, Base):
    """Someone a member sends money to (``app.transfers.payees``): the name, number and institution sealed.

    ``holder_identity_fp`` (the payee's real-name identity, as members and accounts carry it) decides the
    same-name principle; ``entity_fp`` (the institution's legal entity) the same-bank exemptions;
    ``number_fp`` finds the payee again and tells when its number changed (``number_changed_at``).
    The whitelist tier follows from ``added_at``: younger than the policy's cooling period, tier C."""

    __tablename__ = "payees"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    kind: Mapped[str] = mapped_column(String(24))  # the account kind at the other end (debit_card, wallet_balance ...)
    holder_identity_fp: Mapped[bytes | None] = mapped_column(LargeBinary(32), nullable=True)
    entity_fp: Mapped[bytes | None] = mapped_column(LargeBinary(32), nullable=True)
    number_fp: Mapped[bytes] = mapped_column(LargeBinary(32), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
    number_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # a cache: not bound
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    name = sealed_field(str)
    number = sealed_field(str)
    institution = sealed_field(str)
    note = sealed_field(str)


class Transfer(SealedMixin, Base):
    """One transfer and where it stands (``app.transfers``): states only move forward.

    ``idempotency_key`` is made when the intent is formed and ``request_digest`` (SM3 of the request's
    canonical form) is stored with it before any network call. The amount, memo, decision, quote and the
    platform's reference are sealed under the sending account's transactions key: a member who cannot
    read that account's transactions cannot read its transfers either."""

    __tablename__ = "transfers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    from_account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    to_account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), nullable=True)
    payee_id: Mapped[int | None] = mapped_column(ForeignKey("payees.id"), nullable=True)
    source: Mapped[str] = mapped_column(String(12))  # manual | rule | family
    state: Mapped[str] = mapped_column(String(20), index=True)
    arrival: Mapped[str] = mapped_column(String(10))  # realtime | normal | nextday
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    request_digest: Mapped[bytes] = mapped_column(LargeBinary(32))
    release_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revocable_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    approval_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    amount = sealed_field(Decimal)
    currency = sealed_field(str)
    memo = sealed_field(str)
    request = sealed_field(str)  # the canonical request (JSON) whose SM3 is request_digest
    decision = sealed_field(str)  # JSON of the policy decision, every rule that fired
    quote = sealed_field(str)  # JSON of the platform's FX quote, for a cross-currency transfer
    remote_id = sealed_field(str)
    reason = sealed_field(str)  # why it was rejected, held or revoked


class TransferEvent(SealedMixin, Base):
    """One step of a transfer (append-only): the state it reached, when, by whom, and the details."""

    __tablename__ = "transfer_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    transfer_id: Mapped[int] = mapped_column(ForeignKey("transfers.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(20))
    member_id: Mapped[int | None] = mapped_column(Integer, nullable=True)

    detail = sealed_field(str)  # JSON


class StepUpFactor(SealedMixin, Base):
    """A member's step-up factor (``app.policy.stepup``): a TOTP secret, or a fingerprint reader's binding.

    Failures and the lockout live in the sealed payload with the secret, so neither can be reset by
    editing the database: a changed row fails to open."""

    __tablename__ = "stepup_factors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # totp | fprintd
    status: Mapped[str] = mapped_column(String(12), default="active")  # pending | active | removed
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    secret = sealed_field(str)
    label = sealed_field(str)
    state = sealed_field(str)  # JSON: failures, locked_until, last used counter


class PolicySetting(SealedMixin, Base):
    """A stricter value for a rule of the policy pack (``kind`` override) or a user's own rule (``rule``)."""

    __tablename__ = "policy_settings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(12))  # override | rule
    rule_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__ = {"version_id_col": version}

    body = sealed_field(str)  # JSON: the overridden values, or the user rule in the pack's format
