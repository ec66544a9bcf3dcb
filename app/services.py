"""AppServices: the one facade the UI and the command line call.

Every write goes through here, appends to the audit log in the same database transaction, and
returns ``Changes``. Reads return plain records (app.ledger.records); a row whose sealed part fails
to open comes back marked ``damaged`` with the reason, and the others stay readable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.audit import log as audit
from app.audit.log import AuditLog, VerifyReport
from app.changes import Changes
from app.errors import NotFound, TamperedRecord, ValidationError
from app.i18n import _
from app.ledger import transactions, validation
from app.ledger.filters import TransactionFilter
from app.ledger.identity import identity_key
from app.ledger.labels import label
from app.ledger.records import (
    AccountInput,
    AccountView,
    MemberInput,
    MemberView,
    PlatformInput,
    PlatformView,
    Total,
    VaultInfo,
)
from app.ledger.transactions import IndexEntry, TransactionInput, TransactionView
from app.money import Money
from app.vault import crypto, keys
from app.vault.schema import (
    Account,
    AuditEvent,
    BalanceSnapshot,
    FxRate,
    Member,
    Platform,
    SigningKey,
    Transaction,
    TreeHead,
)
from app.vault.store import Vault
from app.vault.types import utcnow

T = TypeVar("T")
BASE_CURRENCY = "CNY"
ACCOUNT_FIELDS = (
    "name", "number", "currency", "kind", "bank_class", "bound_account_id", "payment_class", "ecny_tier",
    "ecny_operator", "credit_limit", "statement_day", "due_day", "opened_on", "note", "member_id", "platform_id",
)


class AppServices:
    """An unlocked vault and everything that can be done with it."""

    def __init__(self, vault: Vault, actor: str = "user") -> None:
        self.vault = vault
        self.actor = actor
        self._audit = AuditLog(vault.header.vault_id)

    # --- lifecycle ------------------------------------------------------------------------------

    @classmethod
    def create(cls, directory: Path | str, passphrase: str, actor: str = "user",
               kdf: dict[str, Any] | None = None) -> AppServices:
        """A new vault with a fresh data key and SM2 signing key pair."""
        private_hex, public_hex = crypto.sm2_generate_keypair()
        vault = Vault.create(Path(directory), passphrase, public_hex, kdf)
        services = cls(vault, actor)
        with services.write() as s:
            key = SigningKey(id=1, created_at=utcnow(), public_key=public_hex)
            key.private_key = private_hex
            s.add(key)
            services._audit.append(s, "vault.created", actor, details={
                "kdf": vault.header.kdf["name"], "key_fingerprint": vault.header.key_id})
        return services

    @classmethod
    def open(cls, directory: Path | str, passphrase: str | None = None, data_key: bytes | None = None,
             actor: str = "user") -> AppServices:
        vault = Vault.open(Path(directory), passphrase=passphrase, data_key=data_key)
        services = cls(vault, actor)
        try:
            with services.write() as s:
                services._audit.append(s, "vault.opened", actor, details={"via": "keyring" if data_key else "passphrase"})
        except BaseException:
            vault.close()
            raise
        return services

    @classmethod
    def open_remembered(cls, directory: Path | str, actor: str = "user") -> AppServices | None:
        """Open with the data key kept in the OS keyring, or None when none is remembered."""
        header = Vault.read_header(Path(directory))
        data_key = keys.recall(header)
        return cls.open(directory, data_key=data_key, actor=actor) if data_key else None

    def lock(self) -> None:
        """Sign a tree head, drop the keys from memory and release the vault."""
        self._finish("lock")

    def close(self) -> None:
        self._finish("close")

    def _finish(self, reason: str) -> None:
        if not self.vault.is_open:
            return
        with self.write() as s:
            self._audit.append(s, f"vault.{'locked' if reason == 'lock' else 'closed'}", self.actor)
            key = s.get(SigningKey, 1)
            assert key is not None
            self._audit.sign_head(s, key.private_key or "", key.public_key, reason, self.vault.next_id("tree_heads"))
        self.vault.close()

    @property
    def is_open(self) -> bool:
        return self.vault.is_open

    # --- transactions of work -------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction; the audit events appended in it land with it or not at all."""
        try:
            with self.vault.session() as s:
                yield s
        except BaseException:
            self._audit.reset()
            raise

    def record(self, s: Session, event: str, subject_type: str, subject_id: int, **details: Any) -> None:
        """Append an audit event about one record (ids and field names only, never values)."""
        self._audit.append(s, event, self.actor, {"type": subject_type, "id": subject_id}, **details)

    # --- passphrase and keyring -----------------------------------------------------------------

    def change_passphrase(self, old: str, new: str, kdf: dict[str, Any] | None = None) -> Changes:
        self.vault.change_passphrase(old, new, kdf)
        with self.write() as s:
            self._audit.append(s, "vault.passphrase_changed", self.actor)
        return Changes.of("vault")

    def remember_on_this_computer(self) -> Changes:
        keys.remember(self.vault.header, self.vault.keys.data_key)
        with self.write() as s:
            self._audit.append(s, "vault.key_remembered", self.actor)
        return Changes.of("vault")

    def forget_on_this_computer(self) -> Changes:
        keys.forget(self.vault.header)
        with self.write() as s:
            self._audit.append(s, "vault.key_forgotten", self.actor)
        return Changes.of("vault")

    # --- members ----------------------------------------------------------------------------------

    def _identity_fp(self, real_name: str, id_number: str) -> bytes | None:
        return self.vault.fingerprint("identity", identity_key(real_name, id_number)) if real_name else None

    def add_member(self, data: MemberInput) -> Changes:
        data = validation.member(data)
        with self.write() as s:
            m = Member(id=self.vault.next_id("members"), created_at=utcnow(), role=data.role,
                       identity_fp=self._identity_fp(data.real_name, data.id_number))
            m.name, m.real_name, m.id_number = data.name, data.real_name or None, data.id_number or None
            s.add(m)
            self.record(s, "member.added", "member", m.id, role=data.role)
        return Changes.of("members", m.id)

    def update_member(self, member_id: int, data: MemberInput) -> Changes:
        data = validation.member(data)
        with self.write() as s:
            m = self._get(s, Member, member_id, "member")
            before = {"name": m.name, "real_name": m.real_name or "", "id_number": m.id_number or "", "role": m.role}
            after = {"name": data.name, "real_name": data.real_name, "id_number": data.id_number, "role": data.role}
            changed = sorted(k for k in after if after[k] != before[k])
            if not changed:
                return Changes()
            m.name, m.real_name, m.id_number, m.role = data.name, data.real_name or None, data.id_number or None, data.role
            m.identity_fp = self._identity_fp(data.real_name, data.id_number)
            ids = [m.id]
            if "real_name" in changed or "id_number" in changed:
                # The owner's identity is what their accounts' same-name checks compare.
                for acc in s.scalars(select(Account).where(Account.member_id == m.id)):
                    acc.holder_identity_fp = m.identity_fp
            self.record(s, "member.changed", "member", m.id, fields=changed)
        return Changes.of("members", *ids) | Changes.of("accounts")

    def members(self) -> list[MemberView]:
        with self.vault.reader() as s:
            return [self._member_view(m) for m in s.scalars(select(Member).order_by(Member.id))]

    def member(self, member_id: int) -> MemberView:
        with self.vault.reader() as s:
            return self._member_view(self._get(s, Member, member_id, "member"))

    @staticmethod
    def _member_view(m: Member) -> MemberView:
        view = MemberView(id=m.id, role=m.role, has_identity=m.identity_fp is not None)
        try:
            view.name, view.real_name, view.id_number = m.name or "", m.real_name or "", m.id_number or ""
        except TamperedRecord as exc:
            view.damaged = str(exc)
        return view

    # --- platforms --------------------------------------------------------------------------------

    def add_platform(self, data: PlatformInput) -> tuple[Changes, int]:
        data = validation.platform(data)
        with self.write() as s:
            p = Platform(id=self.vault.next_id("platforms"), created_at=utcnow(), kind=data.kind,
                         entity_fp=self.vault.fingerprint("entity", data.legal_entity) if data.legal_entity else None)
            p.name, p.legal_entity = data.name, data.legal_entity or None
            s.add(p)
            self.record(s, "platform.added", "platform", p.id, kind=data.kind)
        return Changes.of("platforms", p.id), p.id

    def platforms(self) -> list[PlatformView]:
        with self.vault.reader() as s:
            out = []
            for p in s.scalars(select(Platform).order_by(Platform.id)):
                view = PlatformView(id=p.id, kind=p.kind)
                try:
                    view.name, view.legal_entity = p.name or "", p.legal_entity or ""
                except TamperedRecord as exc:
                    view.damaged = str(exc)
                out.append(view)
            return out

    # --- accounts ---------------------------------------------------------------------------------

    def _check_account(self, s: Session, data: AccountInput, account_id: int | None = None) -> Member:
        owner = self._get(s, Member, data.member_id, "member", field="member_id")
        platform = self._get(s, Platform, data.platform_id, "platform", field="platform_id")
        bound_kind, same_holder = None, False
        if data.bound_account_id is not None:
            if data.bound_account_id == account_id:
                raise ValidationError("bound_account_id", _("cannot be the account itself"))
            bound = self._get(s, Account, data.bound_account_id, "account", field="bound_account_id")
            bound_kind = bound.kind
            same_holder = bound.member_id == owner.id
        validation.account(data, platform.kind, bound_kind, same_holder)
        return owner

    @staticmethod
    def _apply(acc: Account, data: AccountInput) -> None:
        acc.member_id, acc.platform_id, acc.kind, acc.currency = data.member_id, data.platform_id, data.kind, data.currency
        acc.bank_class, acc.bound_account_id, acc.payment_class = data.bank_class, data.bound_account_id, data.payment_class
        acc.ecny_tier, acc.statement_day, acc.due_day, acc.opened_on = (
            data.ecny_tier, data.statement_day, data.due_day, data.opened_on)
        acc.name = " ".join(data.name.split())
        acc.number = "".join(data.number.split()) or None
        acc.credit_limit = data.credit_limit
        acc.ecny_operator = data.ecny_operator.strip() or None
        acc.note = data.note.strip() or None

    def add_account(self, data: AccountInput) -> Changes:
        data.currency = data.currency.upper()
        with self.write() as s:
            owner = self._check_account(s, data)
            acc = Account(id=self.vault.next_id("accounts"), created_at=utcnow(), closed=False,
                          holder_identity_fp=owner.identity_fp)
            self._apply(acc, data)
            acc.number_fp = self.vault.fingerprint("account-number", acc.number) if acc.number else None
            s.add(acc)
            self.record(s, "account.added", "account", acc.id, kind=data.kind, member=data.member_id,
                         platform=data.platform_id)
            if data.balance is not None:
                self._snapshot(s, acc.id, data.balance, "manual")
        return Changes.of("accounts", acc.id)

    def update_account(self, account_id: int, data: AccountInput) -> Changes:
        data.currency = data.currency.upper()
        with self.write() as s:
            acc = self._get(s, Account, account_id, "account")
            owner = self._check_account(s, data, account_id)
            before = self._account_fields(acc)
            self._apply(acc, data)
            after = self._account_fields(acc)
            changed = sorted(k for k in ACCOUNT_FIELDS if before[k] != after[k])
            if "member_id" in changed:
                acc.holder_identity_fp = owner.identity_fp
            if "number" in changed:
                acc.number_fp = self.vault.fingerprint("account-number", acc.number) if acc.number else None
            latest = self._latest_balance(s, acc.id)
            if data.balance is not None and (latest is None or latest.amount != data.balance):
                self._snapshot(s, acc.id, data.balance, "manual")
                changed.append("balance")
            if not changed:
                return Changes()
            self.record(s, "account.changed", "account", acc.id, fields=changed)
        return Changes.of("accounts", account_id)

    @staticmethod
    def _account_fields(acc: Account) -> dict[str, Any]:
        return {f: getattr(acc, f) for f in ACCOUNT_FIELDS}

    def set_balance(self, account_id: int, amount: Decimal, source: str = "manual",
                    as_of: datetime | None = None) -> Changes:
        with self.write() as s:
            acc = self._get(s, Account, account_id, "account")
            if Money(amount, acc.currency).rounded().amount != amount:
                raise ValidationError("balance", _("has more decimals than {currency} allows").format(currency=acc.currency))
            self._snapshot(s, acc.id, amount, source, as_of)
            self.record(s, "balance.recorded", "account", acc.id, source=source)
        return Changes.of("accounts", account_id)

    def _snapshot(self, s: Session, account_id: int, amount: Decimal, source: str,
                  as_of: datetime | None = None) -> None:
        snap = BalanceSnapshot(id=self.vault.next_id("balances"), account_id=account_id, as_of=as_of or utcnow(),
                               source=source, stale=False)
        snap.amount = amount
        s.add(snap)

    @staticmethod
    def _latest_balance(s: Session, account_id: int) -> BalanceSnapshot | None:
        return s.scalars(select(BalanceSnapshot).where(BalanceSnapshot.account_id == account_id)
                         .order_by(BalanceSnapshot.as_of.desc(), BalanceSnapshot.id.desc()).limit(1)).first()

    def accounts(self) -> list[AccountView]:
        with self.vault.reader() as s:
            owners = {m.id: m.identity_fp for m in s.scalars(select(Member))}
            latest = self._latest_balances(s)
            return [self._account_view(a, owners, latest.get(a.id))
                    for a in s.scalars(select(Account).order_by(Account.member_id, Account.platform_id, Account.id))]

    def account(self, account_id: int) -> AccountView:
        with self.vault.reader() as s:
            acc = self._get(s, Account, account_id, "account")
            owner = s.get(Member, acc.member_id)
            return self._account_view(acc, {acc.member_id: owner.identity_fp if owner else None},
                                      self._latest_balance(s, acc.id))

    @staticmethod
    def _latest_balances(s: Session) -> dict[int, BalanceSnapshot]:
        newest = (select(BalanceSnapshot.account_id, func.max(BalanceSnapshot.id).label("id"))
                  .group_by(BalanceSnapshot.account_id).subquery())
        rows = s.scalars(select(BalanceSnapshot).join(newest, BalanceSnapshot.id == newest.c.id))
        return {b.account_id: b for b in rows}

    @staticmethod
    def _account_view(a: Account, owners: dict[int, bytes | None], snap: BalanceSnapshot | None) -> AccountView:
        owner_fp = owners.get(a.member_id)
        view = AccountView(
            id=a.id, member_id=a.member_id, platform_id=a.platform_id, kind=a.kind, currency=a.currency,
            bank_class=a.bank_class, bound_account_id=a.bound_account_id, payment_class=a.payment_class,
            ecny_tier=a.ecny_tier, statement_day=a.statement_day, due_day=a.due_day, opened_on=a.opened_on,
            same_name_as_owner=owner_fp is not None and a.holder_identity_fp == owner_fp,
        )
        try:
            view.name, view.number = a.name or "", a.number or ""
            view.ecny_operator, view.credit_limit, view.note = a.ecny_operator or "", a.credit_limit, a.note or ""
        except TamperedRecord as exc:
            view.damaged = str(exc)
        if snap is not None:
            view.balance_as_of, view.balance_source = snap.as_of, snap.source
            view.stale, view.stale_reason = snap.stale, snap.stale_reason or ""
            try:
                view.balance = snap.amount
            except TamperedRecord as exc:
                view.damaged = view.damaged or str(exc)
        return view

    # --- transactions -----------------------------------------------------------------------------

    def add_transactions(self, account_id: int, rows: list[TransactionInput], source: str = "manual") -> Changes:
        """Add a batch atomically; rows already present (same fingerprint) are skipped."""
        with self.write() as s:
            self._get(s, Account, account_id, "account")
            added = transactions.insert_many(self.vault, s.connection(), account_id, rows, utcnow())
            self.record(s, "transactions.added", "account", account_id, count=added, skipped=len(rows) - added,
                         source=source)
        return Changes.of("transactions", account_id)

    def transactions(self, limit: int = 100, offset: int = 0, account_id: int | None = None) -> list[TransactionView]:
        with self.vault.reader() as s:
            return transactions.page(s, limit, offset, account_id)

    def transaction_ids(self, flt: TransactionFilter) -> list[int]:
        """Ids passing the plain-column part of ``flt``, newest first (cheap: nothing is opened)."""
        with self.vault.reader() as s:
            return list(s.scalars(flt.plain_query()))

    def transaction_rows(self, ids: list[int]) -> list[TransactionView]:
        """Open just these rows (what is on screen), in the order given."""
        with self.vault.reader() as s:
            views = {v.id: v for v in transactions.views(s, ids)}
        return [views[i] for i in ids if i in views]

    def find_transactions(self, flt: TransactionFilter, limit: int = 1000, offset: int = 0) -> list[TransactionView]:
        """Rows matching every filter, newest first; sealed filters open candidates in batches."""
        ids = self.transaction_ids(flt)
        if not flt.needs_sealed:
            return self.transaction_rows(ids[offset:offset + limit])
        found: list[TransactionView] = []
        skipped = 0
        for start in range(0, len(ids), 2000):
            for view in self.transaction_rows(ids[start:start + 2000]):
                if flt.matches(view):
                    if skipped < offset:
                        skipped += 1
                        continue
                    found.append(view)
                    if len(found) >= limit:
                        return found
        return found

    def transaction_index(self) -> list[IndexEntry]:
        """Every transaction opened once, newest first, for instant search and filters in the UI.

        Built on a worker in the background; it lives in memory only (never written anywhere).
        """
        return transactions.index(self.vault)

    def balance_history(self, since: date, base: str = BASE_CURRENCY) -> list[tuple[date, Decimal]]:
        """Household net worth in ``base`` for each day from ``since`` to today.

        Worked back from each account's latest balance through its booked transactions (a balance
        on day d is the latest balance less what moved after d), converted at today's rates; accounts
        without a rate are left out, as in ``total``.
        """
        accounts = [a for a in self.accounts() if a.balance is not None and not a.damaged]
        today = utcnow().date()
        days = [since + timedelta(days=i) for i in range((today - since).days + 1)]
        series = [Decimal(0)] * len(days)
        with self.vault.reader() as s:
            rates = {a.currency: (self._rate(s, a.currency, base) if a.currency != base else (Decimal(1), today))
                     for a in accounts}
        moves = transactions.daily_movements(self.vault, since)
        for acc in accounts:
            rate = rates.get(acc.currency)
            if rate is None:
                continue
            running = acc.balance or Decimal(0)
            per_day = moves.get(acc.id, {})
            for i in range(len(days) - 1, -1, -1):
                series[i] += Money(running, acc.currency).convert(rate[0], base).amount if acc.currency != base \
                    else running
                running -= per_day.get(days[i], Decimal(0))
        return list(zip(days, series, strict=True))

    # --- totals and rates -------------------------------------------------------------------------

    def set_rate(self, base: str, quote: str, rate: Decimal, as_of: date, source: str = "manual") -> Changes:
        """Record how many ``quote`` one unit of ``base`` buys on ``as_of`` (replacing that day's own)."""
        from app.sync.fx import Rate

        if not isinstance(rate, Decimal) or not rate.is_finite() or rate <= 0:
            raise ValidationError("rate", _("must be an exact amount above zero"))
        Money(0, base), Money(0, quote)  # validates both codes
        kept = Rate(base.upper(), quote.upper(), rate, as_of, source)
        with self.write() as s:
            s.execute(delete(FxRate).where(FxRate.base == kept.base, FxRate.quote == kept.quote,
                                           FxRate.as_of == as_of, FxRate.source == source))
            self.add_rate(s, kept)
            self.record(s, "rates.set", "rates", 0, currency=kept.base, base=kept.quote)
        return Changes.of("rates")

    def add_rate(self, s: Session, rate: Any) -> bool:
        """Store a ``Rate`` (app.sync.fx) inside a write; False when that exact rate is already kept."""
        exists = s.scalars(select(FxRate).where(FxRate.base == rate.base, FxRate.quote == rate.quote,
                                                FxRate.as_of == rate.as_of, FxRate.source == rate.source)).first()
        if exists is not None:
            return False
        s.add(FxRate(id=self.vault.next_id("fx_rates"), base=rate.base, quote=rate.quote, rate=str(rate.rate),
                     as_of=rate.as_of, source=rate.source))
        return True

    def store_rates(self, rates: list[Any]) -> Changes:
        """Keep rates from a provider (ECB file, platform quote, manual entry)."""
        with self.write() as s:
            added = sum(self.add_rate(s, r) for r in rates)
            if added:
                self.record(s, "rates.added", "rates", 0, count=added)
        return Changes.of("rates")

    def _rate(self, s: Session, currency: str, base: str) -> tuple[Decimal, date] | None:
        direct = s.scalars(select(FxRate).where(FxRate.base == currency, FxRate.quote == base)
                           .order_by(FxRate.as_of.desc()).limit(1)).first()
        inverse = s.scalars(select(FxRate).where(FxRate.base == base, FxRate.quote == currency)
                            .order_by(FxRate.as_of.desc()).limit(1)).first()
        if direct and (inverse is None or direct.as_of >= inverse.as_of):
            return Decimal(direct.rate), direct.as_of
        if inverse:
            return Decimal(1) / Decimal(inverse.rate), inverse.as_of
        return None

    def total(self, accounts: list[AccountView], base: str = BASE_CURRENCY) -> Total:
        """Net sum of the accounts' balances in ``base``; currencies without a rate are listed, not guessed."""
        total = Money(0, base)
        result = Total(base=base, amount=Decimal(0))
        with self.vault.reader() as s:
            for acc in accounts:
                if acc.balance is None or acc.damaged:
                    continue
                if acc.currency == base:
                    total = total + Money(acc.balance, base)
                    continue
                rate = self._rate(s, acc.currency, base)
                if rate is None:
                    if acc.currency not in result.missing_rates:
                        result.missing_rates.append(acc.currency)
                    continue
                total = total + Money(acc.balance, acc.currency).convert(rate[0], base)
                result.rate_dates[acc.currency] = rate[1]
        result.amount = total.amount
        return result

    # --- vault facts and audit --------------------------------------------------------------------

    def info(self) -> VaultInfo:
        header = self.vault.header
        with self.vault.reader() as s:
            counts = {
                name: s.scalar(select(func.count()).select_from(model)) or 0
                for name, model in (("members", Member), ("platforms", Platform), ("accounts", Account),
                                    ("balances", BalanceSnapshot), ("transactions", Transaction),
                                    ("audit_events", AuditEvent), ("signed_tree_heads", TreeHead))
            }
        kdf = {k: v for k, v in header.kdf.items() if k != "salt"}
        return VaultInfo(
            path=str(self.vault.directory), vault_id=header.vault_id,
            schema_version=str(Vault.current_revision(self.vault.engine)), kdf=kdf,
            key_fingerprint=header.key_id, signing_public_key=header.signing_public_key, counts=counts,
            created_at=header.created_at, keyring_remembered=keys.recall(header) is not None,
        )

    def verify_audit(self) -> VerifyReport:
        with self.vault.reader() as s:
            return audit.verify(s, self.vault.header.vault_id, self.vault.header.signing_public_key)

    # --- helpers ------------------------------------------------------------------------------------

    @staticmethod
    def _get(s: Session, model: type[T], ident: int, kind: str, field: str | None = None) -> T:
        row = s.get(model, ident)
        if row is None:
            if field:
                raise ValidationError(field, _("no {kind} with id {ident}").format(kind=label(kind), ident=ident))
            raise NotFound(kind, ident)
        return row


def run_readonly(directory: Path | str, fn: Callable[[Session, Any], T]) -> T:
    """Run ``fn(session, header)`` on a vault without its passphrase (audit verification)."""
    from app.vault.store import DB_NAME, make_engine

    header = Vault.read_header(Path(directory))
    engine = make_engine(Path(directory) / DB_NAME)
    try:
        with Session(engine) as s:
            return fn(s, header)
    finally:
        engine.dispose()


def verify_audit_readonly(directory: Path | str) -> VerifyReport:
    """Audit verification needs only the public key in the header, not the passphrase."""
    return run_readonly(directory, lambda s, h: audit.verify(s, h.vault_id, h.signing_public_key))
