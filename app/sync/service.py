"""Sync: connect platforms and refresh every connection concurrently.

Fetching runs on one asyncio loop (every platform at once, and within a platform every account's
balances and transaction pages at once), on whatever thread calls ``refresh``: never the writer.
Each platform's result is applied in its own short write as soon as it arrives, through ``apply``
(the front end passes one that runs the write on its single writer thread), so a save or a lock
never waits behind a slow platform and one platform's failure never touches another's data. A
platform that fails keeps its last balances, marked stale with the reason and time; its cursors
stay where they were, so the next clean sync picks up exactly what was missed.
"""

from __future__ import annotations

import asyncio
import functools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar, cast

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app import clock
from app.changes import Changes
from app.errors import HuiliuError, NotFound, VaultLocked
from app.i18n import _
from app.ledger import balances, platforms, rates
from app.ledger import transactions as tx_store
from app.ledger.categories import categorize
from app.ledger.category_rules import RuleBook
from app.ledger.fx import Rate
from app.ledger.identity import number_fingerprint
from app.ledger.transactions import TransactionInput
from app.sync import registry
from app.sync.contract import (
    Connector,
    ConnectorConfig,
    ConsentRequest,
    FxQuote,
    PlatformInfo,
    RemoteAccount,
    RemoteBalance,
    RemoteTransaction,
    TransferLink,
)
from app.sync.errors import ConsentExpired, PlatformUnavailable, ReconnectNeeded, SyncError
from app.sync.token_vault import VaultTokenStore, default_token_store
from app.sync.tokens import Tokens, TokenStore
from app.unit_of_work import UnitOfWork
from app.vault import household
from app.vault.schema import Account, Connection, Member, Platform, SigningKey, SyncCursor
from app.vault.types import utcnow

T = TypeVar("T")
Apply = Callable[[Callable[[], Any]], Any]  # runs a write where writes belong and returns its result


def apply_here(write: Callable[[], T]) -> T:
    """Run the write on the calling thread (the command line, tests)."""
    return write()


# The freshest booked figure first: interim_booked is "now", closing_booked the start of the day.
BOOKED_TYPES = ("interim_booked", "closing_booked", "expected")
AVAILABLE_TYPES = ("interim_available",)


@dataclass
class PlatformResult:
    """How one connection's refresh ended."""

    connection_id: int
    platform: str
    status: str  # ok | stale | cancelled (the vault was locked before it was written)
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
    stopped: SyncError | None = None  # a cap was met: what came is kept, the rest comes next time


# A platform cannot hold a refresh hostage or fill the memory: each is given PLATFORM_DEADLINE seconds
# in all, and at most MAX_PAGES pages per account and MAX_ROWS transactions per sync (a first sync of
# two busy years is ~20,000). Past a cap, what came is written with the cursor where it stopped, so
# the next sync goes on from there, and the platform is reported stale with the reason. A platform
# listing more than MAX_ACCOUNTS accounts (a household has a handful per platform) is refused whole:
# nothing of it is written, rather than thousands of accounts made in the vault.
PLATFORM_DEADLINE = 120.0
MAX_PAGES = 500
MAX_ROWS = 50_000
MAX_ACCOUNTS = 200


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

    def to_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        for name in ("last_sync_at", "last_attempt_at"):
            out[name] = out[name].isoformat() if out[name] is not None else None
        return out


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
_Outcome = tuple[ConnectionView, "_Fetched | HuiliuError", float]
ConnectorFactory = Callable[[str, ConnectorConfig], Connector]


READ_SCOPE = "accounts balances transactions"
TRANSFER_SCOPE = "accounts balances transactions fx_quotes transfers"


def _registry_factory(connector_id: str, config: ConnectorConfig) -> Connector:
    return registry.get(connector_id).factory(config)


class SyncService:
    """Connects platforms and refreshes them; every write goes through the unit of work."""

    def __init__(self, unit: UnitOfWork, token_store: TokenStore | None = None,
                 factory: ConnectorFactory | None = None, base_currency: str = "CNY",
                 connector_options: dict[str, Any] | None = None) -> None:
        """``connector_options`` override ConnectorConfig fields (timeouts, retry policy)."""
        self.unit = unit
        self.options = dict(connector_options or {})
        self._tokens = token_store
        self.factory = factory or _registry_factory
        self.base_currency = base_currency
        # The caps (see PLATFORM_DEADLINE); connector_options may lower them (tests, a slow machine's user).
        self.platform_deadline = float(self.options.pop("platform_deadline", PLATFORM_DEADLINE))
        self.max_pages = int(self.options.pop("max_pages", MAX_PAGES))
        self.max_rows = int(self.options.pop("max_rows", MAX_ROWS))
        self.max_accounts = int(self.options.pop("max_accounts", MAX_ACCOUNTS))

    @property
    def tokens(self) -> TokenStore:
        """Where OAuth tokens live; found on first use (probing the keyring costs a round trip)."""
        if self._tokens is None:
            self._tokens = default_token_store(self.unit)
        return self._tokens

    def _key(self, connection_id: int) -> str:
        return f"{self.unit.vault.header.vault_id}/{connection_id}"

    def _connector(self, connector_id: str, base_url: str, connection_id: int) -> Connector:
        return self.factory(connector_id, ConnectorConfig(base_url=base_url, token_store=self.tokens,
                                                          connection_key=self._key(connection_id), **self.options))

    def transfer_connector(self, connection_id: int) -> tuple[Connector, ConnectionView]:
        """A connector able to move money over ``connection_id`` (signed with the vault's SM2 key, sealed to
        the platform's key pinned at consent); ReconnectNeeded when its consent never included transfers."""
        with self.unit.reader() as s:
            conn = s.get(Connection, connection_id)
            if conn is None:
                raise NotFound("connection", connection_id)
            platform = s.get(Platform, conn.platform_id)
            name = (platform.name or "") if platform is not None else ""
            scope, pinned = (conn.scope or "").split(), conn.transfer_key or ""
            key = s.get(SigningKey, 1)
            private = key.private_key if key is not None else None
            public = key.public_key if key is not None else ""
            view = ConnectionView(
                id=conn.id, platform_id=conn.platform_id, member_id=conn.member_id, connector=conn.connector,
                status=conn.status, base_url=conn.base_url or "", platform_name=name,
                platform_kind=platform.kind if platform else "", last_sync_at=conn.last_sync_at,
                last_attempt_at=conn.last_attempt_at, last_error=conn.last_error or "")
        if "transfers" not in scope or not pinned or not private:
            raise ReconnectNeeded(name)
        link = TransferLink(client_private_key=private, client_public_key=public, platform_public_key=pinned)
        config = ConnectorConfig(base_url=view.base_url, token_store=self.tokens, connection_key=self._key(view.id),
                                 scope=TRANSFER_SCOPE, transfer_link=link, **self.options)
        return self.factory(view.connector, config), view

    # --- connections ------------------------------------------------------------------------------

    def connections(self) -> list[ConnectionView]:
        """The connections who unlocked may refresh: their own, and any whose every account they hold in
        full (a guardian's view of a minor's). Another member's platform, with accounts hidden from them,
        is theirs to refresh: its rows could not even be sealed under keys this member was not given."""
        chain = self.unit.vault.sealer
        me = self.unit.vault.member_id
        with self.unit.reader() as s:
            out = []
            names = {p.id: p for p in s.scalars(select(Platform))}
            blocked: set[int] = set()
            if chain.keyed:
                rows = s.connection().execute(text(
                    "SELECT id, connection_id FROM accounts WHERE connection_id IS NOT NULL")).fetchall()
                blocked = {int(conn) for acc, conn in rows if not chain.holds(int(acc), "transactions")}
            for c in s.scalars(select(Connection).order_by(Connection.id)):
                if c.id in blocked and c.member_id != me:
                    continue
                p = names.get(c.platform_id)
                out.append(ConnectionView(
                    id=c.id, platform_id=c.platform_id, member_id=c.member_id, connector=c.connector,
                    status=c.status, base_url=c.base_url or "", platform_name=(p.name or "") if p else "",
                    platform_kind=p.kind if p else "", last_sync_at=c.last_sync_at,
                    last_attempt_at=c.last_attempt_at, last_error=c.last_error or ""))
            return out

    def consent(self, base_url: str, member_id: int, authorize: Callable[[ConsentRequest], str],
                redirect_uri: str, connector_id: str = "openapi", connection_id: int | None = None) -> ConsentGiven:
        """Discovery and the person's consent; writes nothing, so it may wait minutes off the writer.

        ``authorize`` opens the consent page and returns the callback URL (runs on a worker thread).
        """
        with self.unit.reader() as s:
            if s.get(Member, member_id) is None:
                raise NotFound("member", member_id)  # before any network call
        if connection_id is None:
            connection_id = self.unit.vault.next_id("connections")
        # A platform that moves money publishes its SM2 key: the consent then asks for transfers too, pins
        # that key and registers the vault's own SM2 key with the platform (the transfer link).
        with self.unit.reader() as s:
            key = s.get(SigningKey, 1)
            private, public = (key.private_key, key.public_key) if key is not None else (None, "")

        def build(info: PlatformInfo | None) -> Connector:
            pinned = info.transfer_public_key if info is not None else None
            if not (private and pinned and info is not None and "transfers" in info.capabilities):
                return self._connector(connector_id, base_url, connection_id)
            options = {**self.options, "scope": TRANSFER_SCOPE,
                       "transfer_link": TransferLink(private, public, pinned)}
            return self.factory(connector_id, ConnectorConfig(
                base_url=base_url, token_store=self.tokens, connection_key=self._key(connection_id), **options))

        async def run() -> PlatformInfo:
            first = build(None)
            try:
                info = await first.discover()
            finally:
                await first.aclose()
            connector = build(info)
            try:
                await connector.discover()
                request = connector.begin_consent(redirect_uri)
                callback = await asyncio.get_running_loop().run_in_executor(None, authorize, request)
                await connector.finish_consent(request, callback)
                return info
            finally:
                await connector.aclose()

        info = asyncio.run(run())
        tokens = self.tokens
        held = tokens.take_pending(self._key(connection_id)) if isinstance(tokens, VaultTokenStore) else None
        return ConsentGiven(connection_id, base_url, member_id, connector_id, info, held)

    def record(self, given: ConsentGiven) -> Changes:
        """Keep a consented connection: one short write (a consent given again updates its connection)."""
        with self.unit.write() as s:
            again = s.get(Connection, given.connection_id)
            if again is not None:
                again.status, again.last_error = "connected", None
                if given.vault_tokens:
                    again.tokens = given.vault_tokens.to_json()
                if "transfers" in given.info.capabilities and given.info.transfer_public_key:
                    again.scope, again.transfer_key = TRANSFER_SCOPE, given.info.transfer_public_key
                self.unit.record(s, "platform.reconnected", "connection", again.id, member=again.member_id,
                                 transfers=again.scope == TRANSFER_SCOPE)
                return Changes.of("connections", again.id)
            platform = platforms.find_or_add(self.unit, s, given.info.name_zh or given.info.name_en,
                                             given.info.kind, given.info.legal_entity)
            conn = Connection(id=given.connection_id, created_at=utcnow(), platform_id=platform.id,
                              member_id=given.member_id, connector=given.connector_id, status="connected")
            conn.base_url, conn.remote_platform_id = given.base_url, given.info.platform_id
            if "transfers" in given.info.capabilities and given.info.transfer_public_key:
                conn.scope, conn.transfer_key = TRANSFER_SCOPE, given.info.transfer_public_key
            else:
                conn.scope = READ_SCOPE
            # Tokens the vault store held in memory (no keyring here) are sealed into the new row.
            conn.tokens = given.vault_tokens.to_json() if given.vault_tokens else None
            s.add(conn)
            self.unit.record(s, "platform.connected", "connection", given.connection_id, platform=platform.id,
                             member=given.member_id, connector=given.connector_id)
        return Changes.of("connections", given.connection_id) | Changes.of("platforms", platform.id)

    # --- refresh ----------------------------------------------------------------------------------

    def refresh(self, progress: Progress | None = None, only: list[int] | None = None,
                apply: Apply = apply_here, cancel: threading.Event | None = None) -> SyncReport:
        """Refresh every connection (or ``only`` these) concurrently; never raises for one platform.

        Network work runs here; each platform's write goes through ``apply`` as it arrives. When
        ``cancel`` is set (the vault is being locked), fetches still in flight are abandoned and
        nothing more is written; their platforms are reported as not refreshed.
        """
        targets = [c for c in self.connections() if only is None or c.id in only]
        with self.unit.reader() as s:
            cursors = {c.account_id: c.cursor for c in s.scalars(select(SyncCursor))}
            remote_ids = {(a.connection_id or 0, a.remote_id or ""): a.id for a in s.scalars(
                select(Account).where(Account.connection_id.is_not(None)))}
        report = SyncReport()

        async def one(view: ConnectionView) -> _Outcome:
            started = time.perf_counter()
            try:
                async with asyncio.timeout(self.platform_deadline):
                    fetched = await self._fetch(view, cursors, remote_ids)
                return view, fetched, time.perf_counter() - started
            except HuiliuError as exc:
                return view, exc, time.perf_counter() - started
            except TimeoutError:
                return view, PlatformUnavailable(view.platform_name, _(
                    "the refresh did not finish within {seconds} s").format(
                    seconds=format(self.platform_deadline, "g"))), time.perf_counter() - started
            except Exception as exc:  # noqa: BLE001 - whatever one platform's reply does, the others go on
                return view, PlatformUnavailable(view.platform_name, _(PlatformUnavailable.UNREADABLE).format(
                    kind=type(exc).__name__)), time.perf_counter() - started

        async def watch(stop: threading.Event) -> None:
            while not stop.is_set():
                await asyncio.sleep(0.05)

        async def run() -> None:
            loop = asyncio.get_running_loop()
            pending: set[asyncio.Future[Any]] = {asyncio.ensure_future(one(v)) for v in targets}
            watcher: asyncio.Future[None] | None = asyncio.ensure_future(watch(cancel)) if cancel else None
            done_count = 0
            try:
                while pending:
                    waiting = pending | {watcher} if watcher is not None else pending
                    finished, left = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
                    pending = {t for t in left if t is not watcher}
                    if watcher is not None and watcher in finished:
                        break
                    for task in finished:
                        view, outcome, seconds = cast(_Outcome, task.result())
                        try:
                            result, changes = await loop.run_in_executor(
                                None, apply, functools.partial(self._write, view, outcome))
                        except VaultLocked:
                            return  # locked meanwhile: nothing more is written
                        result.seconds = round(seconds, 3)
                        report.results.append(result)
                        report.changes |= changes
                        done_count += 1
                        if progress:
                            progress(done_count, len(targets), result)
            finally:
                for task in pending:
                    task.cancel()
                if watcher is not None:
                    watcher.cancel()
                await asyncio.gather(*pending, return_exceptions=True)

        if targets:
            asyncio.run(run())
        written = {r.connection_id for r in report.results}
        report.results.extend(PlatformResult(connection_id=v.id, platform=v.platform_name, status="cancelled")
                              for v in targets if v.id not in written)
        report.results.sort(key=lambda r: r.connection_id)
        return report

    async def _fetch(self, view: ConnectionView, cursors: dict[int, str | None],
                     remote_ids: dict[tuple[int, str], int]) -> _Fetched:
        connector = self._connector(view.connector, view.base_url, view.id)
        try:
            # Side by side: one round trip less per refresh. (If /accounts fails before discovery has
            # answered, the error names the host; the result row still carries the platform's name.)
            info, remote_accounts = await asyncio.gather(connector.discover(), connector.accounts())
            accounts = list(remote_accounts)
            if len(accounts) > self.max_accounts:
                raise SyncError(view.platform_name, _(
                    "{platform} listed {count} accounts, more than the {limit} Huiliu takes from one platform; "
                    "nothing from it was used.").format(platform=view.platform_name, count=len(accounts),
                                                        limit=self.max_accounts))

            async def account_data(acc: RemoteAccount) -> tuple[str, list[RemoteBalance], list[RemoteTransaction],
                                                                str | None]:
                local_id = remote_ids.get((view.id, acc.account_id))
                cursor = cursors.get(local_id) if local_id is not None else None
                balances_task = asyncio.ensure_future(connector.balances(acc.account_id))
                try:
                    rows: list[RemoteTransaction] = []
                    pages = 0
                    while True:
                        page = await connector.transactions(acc.account_id, cursor)
                        rows.extend(page.transactions)
                        counted[0] += len(page.transactions)
                        pages += 1
                        if page.next_cursor:
                            cursor = page.next_cursor
                        if not page.has_more or not page.next_cursor:
                            break
                        if pages >= self.max_pages or counted[0] >= self.max_rows:
                            stopped.append(SyncError(view.platform_name, _(
                                "{platform} kept saying there was more: stopped after {pages} pages and {rows} "
                                "transactions; what came is kept and the next sync goes on from there.").format(
                                platform=view.platform_name, pages=pages, rows=counted[0])))
                            break
                except BaseException:
                    balances_task.cancel()  # not left to fail later on a closed client
                    raise
                return acc.account_id, list(await balances_task), rows, cursor

            async def quote(code: str) -> Rate:
                return self._rate(code, await connector.fx_quote(code, self.base_currency), view.platform_id)

            counted = [0]
            stopped: list[SyncError] = []
            foreign = sorted({a.currency for a in accounts} - {self.base_currency})
            wanted = foreign if foreign and "fx_quotes" in info.capabilities else []
            # Quotes go out with the account data: a refresh costs two round trips, not three.
            results, quotes = await asyncio.gather(asyncio.gather(*(account_data(a) for a in accounts)),
                                                   asyncio.gather(*(quote(c) for c in wanted)))
            return _Fetched(accounts, {r[0]: r[1] for r in results}, {r[0]: r[2] for r in results},
                            {r[0]: r[3] for r in results}, list(quotes), stopped[0] if stopped else None)
        finally:
            await connector.aclose()

    # --- writing ----------------------------------------------------------------------------------

    def _write(self, view: ConnectionView, outcome: _Fetched | HuiliuError) -> tuple[PlatformResult, Changes]:
        result = PlatformResult(connection_id=view.id, platform=view.platform_name, status="ok")
        if not self.unit.vault.is_open:
            raise VaultLocked()
        if isinstance(outcome, HuiliuError):
            return self._mark_stale(view, outcome, result)
        try:
            with self.unit.write() as s:
                changes = self._apply(s, view, outcome, result)
        except HuiliuError as exc:  # e.g. a row that fails validation: nothing of it was written
            if isinstance(exc, VaultLocked):
                raise
            result = PlatformResult(connection_id=view.id, platform=view.platform_name, status="ok")
            return self._mark_stale(view, exc, result)
        except Exception as exc:  # noqa: BLE001 - a platform's data that breaks the writer breaks only it
            result = PlatformResult(connection_id=view.id, platform=view.platform_name, status="ok")
            return self._mark_stale(view, PlatformUnavailable(view.platform_name, _(
                PlatformUnavailable.UNREADABLE).format(kind=type(exc).__name__)), result)
        if outcome.stopped is not None:
            stale, more = self._mark_stale(view, outcome.stopped, result)
            return stale, changes | more
        return result, changes

    def _mark_stale(self, view: ConnectionView, error: HuiliuError,
                    result: PlatformResult) -> tuple[PlatformResult, Changes]:
        result.status, result.reason = "stale", str(error)
        now = utcnow()
        marked: list[int] = []
        with self.unit.write() as s:
            conn = s.get(Connection, view.id)
            assert conn is not None
            conn.status = "reconnect_needed" if isinstance(error, ConsentExpired) else "error"
            conn.last_attempt_at, conn.last_error = now, str(error)
            for acc in s.scalars(select(Account).where(Account.connection_id == view.id)):
                latest = balances.latest(s, acc.id)
                if latest is not None:
                    latest.stale, latest.stale_reason = True, str(error)
                    latest.stale_since = latest.stale_since or now
                    marked.append(acc.id)
                result.accounts += 1
            self.unit.record(s, "sync.failed", "connection", view.id, error=type(error).__name__)
        changes = Changes.of("connections", view.id)
        return result, changes | Changes.of("accounts", *marked) if marked else changes

    def _apply(self, s: Session, view: ConnectionView, data: _Fetched, result: PlatformResult) -> Changes:
        vault = self.unit.vault
        conn = s.get(Connection, view.id)
        assert conn is not None
        owner = s.get(Member, conn.member_id)
        now = utcnow()
        by_remote: dict[str, Account] = {}
        for acc in s.scalars(select(Account).where(Account.connection_id == view.id)):
            by_remote[acc.remote_id or ""] = acc
        touched: set[int] = set()
        rules = RuleBook.load(s)
        for remote in data.accounts:
            local = by_remote.get(remote.account_id)
            if local is None:
                local = Account(id=vault.next_id("accounts"), created_at=now, closed=False,
                                member_id=conn.member_id, platform_id=conn.platform_id, connection_id=view.id,
                                holder_identity_fp=owner.identity_fp if owner else None,
                                remote_fp=vault.fingerprint("remote-account", f"{view.id}:{remote.account_id}"))
                household.give_new_account_keys(s, vault, local.id, conn.member_id)
                local.remote_id = remote.account_id
                s.add(local)
                by_remote[remote.account_id] = local
                self.unit.record(s, "account.added", "account", local.id, kind=remote.kind,
                                 member=conn.member_id, platform=conn.platform_id, source="sync")
                touched.add(local.id)
            if self._update_account(local, remote):
                touched.add(local.id)
        s.flush()
        with_rows: set[int] = set()
        kept_rates = 0
        for remote in data.accounts:
            local = by_remote[remote.account_id]
            bound = by_remote.get(remote.bound_account_id or "")
            bound_id = bound.id if bound is not None else None
            if local.bound_account_id != bound_id:
                local.bound_account_id = bound_id
                touched.add(local.id)
            if self._snapshot(s, local, data.balances.get(remote.account_id, []), now):
                touched.add(local.id)
            rows = [self._transaction(t, rules) for t in data.transactions.get(remote.account_id, [])
                    if t.currency == remote.currency]
            added, updated = tx_store.write_rows(vault, s.connection(), local.id, rows, now)
            result.added += added
            result.updated += updated
            if added or updated:
                with_rows.add(local.id)
            cursor = s.get(SyncCursor, local.id)
            if cursor is None:
                s.add(SyncCursor(account_id=local.id, cursor=data.cursors.get(remote.account_id), updated_at=now))
            else:
                cursor.cursor, cursor.updated_at = data.cursors.get(remote.account_id), now
        for rate in data.rates:
            kept_rates += rates.keep(vault, s, rate)
        result.accounts = len(data.accounts)
        conn.status, conn.last_sync_at, conn.last_attempt_at, conn.last_error = "connected", now, now, None
        self.unit.record(s, "sync.completed", "connection", view.id, accounts=result.accounts,
                         added=result.added, updated=result.updated)
        changes = Changes.of("connections", view.id)
        if touched:
            changes |= Changes.of("accounts", *sorted(touched))
        if with_rows:
            changes |= Changes.of("transactions", *sorted(with_rows))
        if kept_rates:
            changes |= Changes.of("rates")
        return changes

    def _update_account(self, local: Account, remote: RemoteAccount) -> bool:
        """Copy what the platform says about the account; True when anything changed."""
        number = remote.identification_masked or None
        values: dict[str, Any] = {
            "kind": remote.kind, "currency": remote.currency, "bank_class": remote.bank_class,
            "payment_class": remote.payment_class, "ecny_tier": remote.ecny_tier,
            "statement_day": remote.statement_day, "due_day": remote.due_day, "opened_on": remote.opened_on,
            "name": remote.nickname, "number": number, "holder_name": remote.holder_name or None,
            "ecny_operator": remote.ecny_operator or None,
            "credit_limit": remote.credit_limit.amount if remote.credit_limit is not None else None,
        }
        changed = False
        for name, value in values.items():
            if getattr(local, name) != value:
                setattr(local, name, value)
                changed = True
        number_fp = number_fingerprint(self.unit.vault, number)
        if local.number_fp != number_fp:
            local.number_fp = number_fp
        return changed

    def _snapshot(self, s: Session, local: Account, remote_balances: list[RemoteBalance], now: datetime) -> bool:
        booked = next((b for t in BOOKED_TYPES for b in remote_balances if b.type == t), None)
        available = next((b for t in AVAILABLE_TYPES for b in remote_balances if b.type == t), None)
        main = booked or available
        if main is None:
            return False
        # Stamped with the refresh time: an interim balance is the platform's "now", and what people read
        # as "updated N minutes ago" is when Huiliu last heard from the platform.
        as_of = now if main.type.startswith("interim") else main.as_of
        snap = balances.record(self.unit.vault, s, local.id, main.amount, "sync", as_of)
        snap.available = available.amount if available else None
        for line in main.credit_lines:
            if line.type in ("credit", "available", "pre_agreed") and local.credit_limit is None:
                snap.credit_limit = line.amount.amount
        snap.credit_limit = snap.credit_limit or local.credit_limit
        statement = next((b.statement for b in remote_balances if b.statement is not None), None)
        if statement is not None:
            snap.statement_amount = statement.statement_amount.amount
            snap.minimum_payment = statement.minimum_payment.amount
            snap.statement_date, snap.due_date = statement.statement_date, statement.due_date
        return True

    def _rate(self, code: str, q: FxQuote, platform_id: int) -> Rate:
        """A platform's quote kept as the rate of the person's day it was quoted on (not the platform's)."""
        return Rate(code, self.base_currency, q.rate, clock.to_local(q.quoted_at).date(), f"platform:{platform_id}")

    @staticmethod
    def _transaction(t: RemoteTransaction, rules: RuleBook | None = None) -> TransactionInput:
        """The platform's row as a transaction; a rule of the user's for its counterparty wins over the
        built-in words (the platform's own word is kept beside it), except on a move between own accounts."""
        when = t.booked_at or t.value_at
        # An instant is the person's day and time (their zone, not the platform's); a bare date stays.
        instant = when if isinstance(when, datetime) and when.utcoffset() is not None else None
        if instant is not None:
            booked_on = clock.to_local(instant).date()
        else:
            booked_on = when.date() if isinstance(when, datetime) else date.fromisoformat(str(when))
        tx = TransactionInput(
            booked_on=booked_on, occurred_at=instant,
            amount=Decimal(t.amount), status=t.status, counterparty=t.counterparty or "", memo=t.memo or "",
            description=t.merchant or "", external_id=t.transaction_id,
            category=categorize(t.category or "", t.merchant or ""), source_category=t.category or "",
            own_transfer_ref=t.own_transfer_ref or "",
        )
        return rules.apply(tx) if rules else tx
