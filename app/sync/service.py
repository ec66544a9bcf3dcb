"""Sync: connect platforms and refresh every connection concurrently.

Fetching runs on one asyncio loop (every platform at once, and within a platform every account's
balances and transaction pages at once). Each platform's result is written in its own transaction
as soon as it arrives, so one platform's failure never touches another's data. A platform that
fails keeps its last balances, marked stale with the reason and time; its cursors stay where they
were, so the next clean sync picks up exactly what was missed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.changes import Changes
from app.errors import HuiliuError
from app.ledger import transactions as tx_store
from app.ledger.transactions import TransactionInput
from app.services import AppServices
from app.sync import registry
from app.sync.contract import (
    Connector,
    ConnectorConfig,
    ConsentRequest,
    PlatformInfo,
    RemoteAccount,
    RemoteBalance,
    RemoteTransaction,
)
from app.sync.errors import ConsentExpired
from app.sync.fx import Rate
from app.sync.store import VaultTokenStore, default_token_store
from app.sync.tokens import Tokens, TokenStore
from app.vault.schema import Account, BalanceSnapshot, Connection, Member, Platform, SyncCursor
from app.vault.types import utcnow

# The freshest booked figure first: interim_booked is "now", closing_booked the start of the day.
BOOKED_TYPES = ("interim_booked", "closing_booked", "expected")
AVAILABLE_TYPES = ("interim_available",)


@dataclass
class PlatformResult:
    """How one connection's refresh ended."""

    connection_id: int
    platform: str
    status: str  # ok | stale
    reason: str = ""
    accounts: int = 0
    added: int = 0
    updated: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class SyncReport:
    results: list[PlatformResult] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    @property
    def ok(self) -> bool:
        return all(r.status == "ok" for r in self.results)

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "platforms": [r.to_json() for r in self.results]}


@dataclass
class _Fetched:
    accounts: list[RemoteAccount]
    balances: dict[str, list[RemoteBalance]]
    transactions: dict[str, list[RemoteTransaction]]
    cursors: dict[str, str | None]
    rates: list[Rate]


@dataclass
class ConnectionView:
    id: int
    platform_id: int
    member_id: int
    connector: str
    status: str
    base_url: str
    platform_name: str
    platform_kind: str
    last_sync_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str


@dataclass(frozen=True)
class ConsentGiven:
    """A consent obtained but not yet recorded in the vault."""

    connection_id: int
    base_url: str
    member_id: int
    connector_id: str
    info: PlatformInfo
    vault_tokens: Tokens | None = field(default=None, repr=False)  # when no keyring holds them


Progress = Callable[[int, int, PlatformResult], None]
ConnectorFactory = Callable[[str, ConnectorConfig], Connector]


def _registry_factory(connector_id: str, config: ConnectorConfig) -> Connector:
    return registry.get(connector_id).factory(config)


class SyncService:
    """Connects platforms and refreshes them; every write goes through AppServices."""

    def __init__(self, services: AppServices, token_store: TokenStore | None = None,
                 factory: ConnectorFactory | None = None, base_currency: str = "CNY",
                 connector_options: dict[str, Any] | None = None) -> None:
        """``connector_options`` override ConnectorConfig fields (timeouts, retry policy)."""
        self.services = services
        self.options = dict(connector_options or {})
        self.tokens = token_store or default_token_store(services)
        self.factory = factory or _registry_factory
        self.base_currency = base_currency

    def _key(self, connection_id: int) -> str:
        return f"{self.services.vault.header.vault_id}/{connection_id}"

    def _connector(self, connector_id: str, base_url: str, connection_id: int) -> Connector:
        return self.factory(connector_id, ConnectorConfig(base_url=base_url, token_store=self.tokens,
                                                          connection_key=self._key(connection_id), **self.options))

    # --- connections ------------------------------------------------------------------------------

    def connections(self) -> list[ConnectionView]:
        with self.services.vault.reader() as s:
            out = []
            for c in s.scalars(select(Connection).order_by(Connection.id)):
                p = s.get(Platform, c.platform_id)
                out.append(ConnectionView(
                    id=c.id, platform_id=c.platform_id, member_id=c.member_id, connector=c.connector,
                    status=c.status, base_url=c.base_url or "", platform_name=(p.name or "") if p else "",
                    platform_kind=p.kind if p else "", last_sync_at=c.last_sync_at,
                    last_attempt_at=c.last_attempt_at, last_error=c.last_error or ""))
            return out

    def consent(self, base_url: str, member_id: int, authorize: Callable[[ConsentRequest], str],
                redirect_uri: str, connector_id: str = "openapi") -> ConsentGiven:
        """Discovery and the person's consent; writes nothing, so it may wait minutes off the writer.

        ``authorize`` opens the consent page and returns the callback URL (runs on a worker thread).
        """
        self.services.member(member_id)  # NotFound before any network call
        connection_id = self.services.vault.next_id("connections")
        connector = self._connector(connector_id, base_url, connection_id)

        async def run() -> PlatformInfo:
            try:
                info = await connector.discover()
                request = connector.begin_consent(redirect_uri)
                callback = await asyncio.get_running_loop().run_in_executor(None, authorize, request)
                await connector.finish_consent(request, callback)
                return info
            finally:
                await connector.aclose()

        info = asyncio.run(run())
        held = self.tokens.take_pending(self._key(connection_id)) if isinstance(self.tokens, VaultTokenStore) else None
        return ConsentGiven(connection_id, base_url, member_id, connector_id, info, held)

    def record(self, given: ConsentGiven, sync_now: bool = True) -> tuple[int, PlatformResult | None]:
        """Keep a consented connection (one short write) and, unless told not to, sync it once."""
        with self.services.write() as s:
            platform = self._platform_for(s, given.info)
            conn = Connection(id=given.connection_id, created_at=utcnow(), platform_id=platform.id,
                              member_id=given.member_id, connector=given.connector_id, status="connected")
            conn.base_url, conn.remote_platform_id = given.base_url, given.info.platform_id
            # Tokens the vault store held in memory (no keyring here) are sealed into the new row.
            conn.tokens = given.vault_tokens.to_json() if given.vault_tokens else None
            s.add(conn)
            self.services.record(s, "platform.connected", "connection", given.connection_id, platform=platform.id,
                                 member=given.member_id, connector=given.connector_id)
        if not sync_now:
            return given.connection_id, None
        report = self.refresh(only=[given.connection_id])
        return given.connection_id, report.results[0]

    def connect(self, base_url: str, member_id: int, authorize: Callable[[ConsentRequest], str],
                redirect_uri: str, connector_id: str = "openapi", sync_now: bool = True) -> tuple[int, PlatformResult | None]:
        """Consent, record, first sync, in one call (the command line and the demo)."""
        return self.record(self.consent(base_url, member_id, authorize, redirect_uri, connector_id), sync_now)

    def _platform_for(self, s: Session, info: PlatformInfo) -> Platform:
        entity_fp = self.services.vault.fingerprint("entity", info.legal_entity) if info.legal_entity else None
        name = info.name_zh or info.name_en
        for p in s.scalars(select(Platform).where(Platform.kind == info.kind)):
            if p.entity_fp == entity_fp and p.name == name:
                return p
        p = Platform(id=self.services.vault.next_id("platforms"), created_at=utcnow(), kind=info.kind,
                     entity_fp=entity_fp)
        p.name, p.legal_entity = name, info.legal_entity or None
        s.add(p)
        s.flush()  # rows that point at it (the connection) are inserted after it
        self.services.record(s, "platform.added", "platform", p.id, kind=info.kind)
        return p

    # --- refresh ----------------------------------------------------------------------------------

    def refresh(self, progress: Progress | None = None, only: list[int] | None = None) -> SyncReport:
        """Refresh every connection (or ``only`` these) concurrently; never raises for one platform."""
        targets = [c for c in self.connections() if only is None or c.id in only]
        with self.services.vault.reader() as s:
            cursors = {c.account_id: c.cursor for c in s.scalars(select(SyncCursor))}
            remote_ids = {(a.connection_id, a.remote_id): a.id for a in s.scalars(
                select(Account).where(Account.connection_id.is_not(None)))}
        report = SyncReport()

        async def one(view: ConnectionView) -> tuple[ConnectionView, _Fetched | HuiliuError, float]:
            started = time.perf_counter()
            try:
                fetched = await self._fetch(view, cursors, remote_ids)
                return view, fetched, time.perf_counter() - started
            except HuiliuError as exc:
                return view, exc, time.perf_counter() - started

        async def run() -> None:
            done = 0
            for next_done in asyncio.as_completed([one(v) for v in targets]):
                view, outcome, seconds = await next_done
                result = self._write(view, outcome)
                result.seconds = round(seconds, 3)
                report.results.append(result)
                done += 1
                if progress:
                    progress(done, len(targets), result)

        if targets:
            asyncio.run(run())
        report.results.sort(key=lambda r: r.connection_id)
        report.changes = Changes.of("accounts") | Changes.of("transactions") | Changes.of("connections")
        return report

    async def _fetch(self, view: ConnectionView, cursors: dict[int, str | None],
                     remote_ids: dict[tuple[int, str], int]) -> _Fetched:
        connector = self._connector(view.connector, view.base_url, view.id)
        try:
            # Side by side: one round trip less per refresh. (If /accounts fails before discovery has
            # answered, the error names the host; the result row still carries the platform's name.)
            info, remote_accounts = await asyncio.gather(connector.discover(), connector.accounts())
            accounts = list(remote_accounts)

            async def account_data(acc: RemoteAccount) -> tuple[str, list[RemoteBalance], list[RemoteTransaction],
                                                                str | None]:
                local_id = remote_ids.get((view.id, acc.account_id))
                cursor = cursors.get(local_id) if local_id is not None else None
                balances_task = asyncio.ensure_future(connector.balances(acc.account_id))
                rows: list[RemoteTransaction] = []
                while True:
                    page = await connector.transactions(acc.account_id, cursor)
                    rows.extend(page.transactions)
                    if page.next_cursor:
                        cursor = page.next_cursor
                    if not page.has_more or not page.next_cursor:
                        break
                return acc.account_id, list(await balances_task), rows, cursor

            results = await asyncio.gather(*(account_data(a) for a in accounts))
            rates: list[Rate] = []
            foreign = sorted({a.currency for a in accounts} - {self.base_currency})
            if foreign and "fx_quotes" in info.capabilities:
                for code in foreign:
                    quote = await connector.fx_quote(code, self.base_currency)
                    rates.append(Rate(code, self.base_currency, quote.rate, quote.quoted_at.date(),
                                      f"platform:{view.platform_name}"))
            return _Fetched(accounts, {r[0]: r[1] for r in results}, {r[0]: r[2] for r in results},
                            {r[0]: r[3] for r in results}, rates)
        finally:
            await connector.aclose()

    # --- writing ----------------------------------------------------------------------------------

    def _write(self, view: ConnectionView, outcome: _Fetched | HuiliuError) -> PlatformResult:
        result = PlatformResult(connection_id=view.id, platform=view.platform_name, status="ok")
        if isinstance(outcome, HuiliuError):
            return self._mark_stale(view, outcome, result)
        try:
            with self.services.write() as s:
                self._apply(s, view, outcome, result)
        except HuiliuError as exc:  # e.g. a row that fails validation: nothing of it was written
            return self._mark_stale(view, exc, result)
        return result

    def _mark_stale(self, view: ConnectionView, error: HuiliuError, result: PlatformResult) -> PlatformResult:
        result.status, result.reason = "stale", str(error)
        now = utcnow()
        with self.services.write() as s:
            conn = s.get(Connection, view.id)
            assert conn is not None
            conn.status = "reconnect_needed" if isinstance(error, ConsentExpired) else "error"
            conn.last_attempt_at, conn.last_error = now, str(error)
            for acc in s.scalars(select(Account).where(Account.connection_id == view.id)):
                latest = s.scalars(select(BalanceSnapshot).where(BalanceSnapshot.account_id == acc.id)
                                   .order_by(BalanceSnapshot.as_of.desc(), BalanceSnapshot.id.desc()).limit(1)).first()
                if latest is not None:
                    latest.stale, latest.stale_reason = True, str(error)
                    latest.stale_since = latest.stale_since or now
                result.accounts += 1
            self.services.record(s, "sync.failed", "connection", view.id,
                                 error=type(error).__name__)
        return result

    def _apply(self, s: Session, view: ConnectionView, data: _Fetched, result: PlatformResult) -> None:
        conn = s.get(Connection, view.id)
        assert conn is not None
        owner = s.get(Member, conn.member_id)
        now = utcnow()
        by_remote: dict[str, Account] = {}
        for acc in s.scalars(select(Account).where(Account.connection_id == view.id)):
            by_remote[acc.remote_id or ""] = acc
        for remote in data.accounts:
            local = by_remote.get(remote.account_id)
            if local is None:
                local = Account(id=self.services.vault.next_id("accounts"), created_at=now, closed=False,
                                member_id=conn.member_id, platform_id=conn.platform_id, connection_id=view.id,
                                holder_identity_fp=owner.identity_fp if owner else None,
                                remote_fp=self.services.vault.fingerprint("remote-account",
                                                                          f"{view.id}:{remote.account_id}"))
                local.remote_id = remote.account_id
                s.add(local)
                by_remote[remote.account_id] = local
                self.services.record(s, "account.added", "account", local.id, kind=remote.kind,
                                     member=conn.member_id, platform=conn.platform_id, source="sync")
            self._update_account(local, remote)
        s.flush()
        for remote in data.accounts:
            local = by_remote[remote.account_id]
            bound = by_remote.get(remote.bound_account_id or "")
            local.bound_account_id = bound.id if bound is not None else None
            self._snapshot(s, local, data.balances.get(remote.account_id, []), now)
            rows = [self._transaction(t) for t in data.transactions.get(remote.account_id, [])
                    if t.currency == remote.currency]
            added, updated = tx_store.write_rows(self.services.vault, s.connection(), local.id, rows, now)
            result.added += added
            result.updated += updated
            cursor = s.get(SyncCursor, local.id)
            if cursor is None:
                s.add(SyncCursor(account_id=local.id, cursor=data.cursors.get(remote.account_id), updated_at=now))
            else:
                cursor.cursor, cursor.updated_at = data.cursors.get(remote.account_id), now
        for rate in data.rates:
            self.services.add_rate(s, rate)
        result.accounts = len(data.accounts)
        conn.status, conn.last_sync_at, conn.last_attempt_at, conn.last_error = "connected", now, now, None
        self.services.record(s, "sync.completed", "connection", view.id, accounts=result.accounts,
                             added=result.added, updated=result.updated)

    @staticmethod
    def _update_account(local: Account, remote: RemoteAccount) -> None:
        local.kind, local.currency = remote.kind, remote.currency
        local.bank_class, local.payment_class, local.ecny_tier = remote.bank_class, remote.payment_class, remote.ecny_tier
        local.statement_day, local.due_day, local.opened_on = remote.statement_day, remote.due_day, remote.opened_on
        local.name = remote.nickname
        local.number = remote.identification_masked or None
        local.holder_name = remote.holder_name or None
        local.ecny_operator = remote.ecny_operator or None
        local.credit_limit = remote.credit_limit.amount if remote.credit_limit is not None else None

    def _snapshot(self, s: Session, local: Account, balances: list[RemoteBalance], now: datetime) -> None:
        booked = next((b for t in BOOKED_TYPES for b in balances if b.type == t), None)
        available = next((b for t in AVAILABLE_TYPES for b in balances if b.type == t), None)
        main = booked or available
        if main is None:
            return
        # Stamped with the refresh time: an interim balance is the platform's "now", and what people read
        # as "updated N minutes ago" is when Huiliu last heard from the platform.
        as_of = now if main.type.startswith("interim") else main.as_of
        snap = BalanceSnapshot(id=self.services.vault.next_id("balances"), account_id=local.id, as_of=as_of,
                               source="sync", stale=False)
        snap.amount = main.amount
        snap.available = available.amount if available else None
        for line in main.credit_lines:
            if line.type in ("credit", "available", "pre_agreed") and local.credit_limit is None:
                snap.credit_limit = line.amount.amount
        snap.credit_limit = snap.credit_limit or local.credit_limit
        statement = next((b.statement for b in balances if b.statement is not None), None)
        if statement is not None:
            snap.statement_amount = statement.statement_amount.amount
            snap.minimum_payment = statement.minimum_payment.amount
            snap.statement_date, snap.due_date = statement.statement_date, statement.due_date
        s.add(snap)

    @staticmethod
    def _transaction(t: RemoteTransaction) -> TransactionInput:
        when = t.booked_at or t.value_at
        return TransactionInput(
            booked_on=when.date() if isinstance(when, datetime) else date.fromisoformat(str(when)),
            amount=Decimal(t.amount), status=t.status, counterparty=t.counterparty or "", memo=t.memo or "",
            description=t.merchant or "", external_id=t.transaction_id, category=t.category or "",
            own_transfer_ref=t.own_transfer_ref or "",
        )
