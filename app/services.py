"""AppServices: the one door the UI and the command line call.

Every read and write of the front ends goes through here: members, platforms, accounts, balances,
transactions, rates and totals, sync, statement imports, the demo (and next transfers, payees,
policy, rules and the household). Writes run through the unit of work (app.unit_of_work), append to
the audit log in the same database transaction, and return precise ``Changes``. Reads return plain
records; a row whose sealed part fails to open comes back marked ``damaged`` with the reason, and
the others stay readable.

The front ends import this module and the plain ones (records, vocabulary, errors, money, i18n,
clock) and nothing else of the core: the records they need from the domain packages are
re-exported here. The layer contracts in pyproject.toml enforce it.
"""

from __future__ import annotations

import functools
import json
import secrets
import shutil
import threading
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app import clock, plugins
from app.audit import log as audit
from app.audit.log import VerifyReport
from app.changes import Changes
from app.errors import (
    EditConflict,
    FolderNotEmpty,
    NotFound,
    NotPermitted,
    TamperedRecord,
    ValidationError,
    VaultCorrupt,
    VaultExists,
    VaultIncomplete,
)
from app.files import write_private
from app.household.facade import HouseholdFacade
from app.i18n import _
from app.ledger import (
    access,
    balances,
    category_rules,
    platforms,
    rates,
    reports,
    transactions,
    user_categories,
    validation,
)
from app.ledger.category_rules import CategoryRuleView
from app.ledger.filters import TransactionFilter
from app.ledger.fx import Rate, ecb_rates
from app.ledger.identity import identity_key, number_fingerprint
from app.ledger.imports import (
    OWN_BALANCE_INSTRUMENTS,
    ImportPreview,
    ImportResult,
    ImportService,
    PlannedRow,
    ReadStatement,
    balance_label,
)
from app.ledger.records import (
    AccountInput,
    AccountView,
    Activity,
    Grant,
    HouseholdMember,
    MemberInput,
    MemberView,
    PlatformInput,
    PlatformView,
    Total,
    VaultInfo,
)
from app.ledger.reports import (
    NET_WORTH_BY,
    REPORT_KINDS,
    CashFlowBetweenPlatforms,
    IncomeAndSpending,
    NetWorthOverTime,
    NetWorthSeries,
    PlatformFlow,
    Report,
    ReportFilter,
    SpendingByCategory,
    outside_name,
    series_name,
)
from app.ledger.statements import FormatNotRecognised, ParsedStatement, StatementError, StatementReader
from app.ledger.transactions import IndexEntry, TransactionDetail, TransactionInput, TransactionView
from app.ledger.user_categories import CategoryNode, CategoryTree
from app.ledger.vocabulary import label
from app.money import Money
from app.policy.decision import Decision
from app.sync import demo, registry
from app.sync.contract import ConsentReceiver, ConsentRequest
from app.sync.local import KnownLogin, KnownPlatform, LocalPlatforms, LocalPlatformsProvider, state_dir
from app.sync.service import (
    Apply,
    ConnectionView,
    ConsentGiven,
    PlatformResult,
    Progress,
    SyncReport,
    SyncService,
    apply_here,
)
from app.transfers.facade import TransferOutcome, TransfersFacade
from app.transfers.request import TransferRequest
from app.transfers.states import state_word as transfer_state_word
from app.unit_of_work import UnitOfWork
from app.vault import crypto, household, integrity, keys, sql
from app.vault.integrity import IntegrityReport
from app.vault.keys import Header
from app.vault.member_keys import MemberKeyring
from app.vault.schema import (
    Account,
    AuditEvent,
    BalanceSnapshot,
    Member,
    Platform,
    SigningKey,
    Transaction,
    TreeHead,
)
from app.vault.store import (
    SECRETS_AAD,
    Vault,
    clean_stale_staging,
    is_vault,
    make_url_engine,
    new_staging,
    read_db_header,
    remove_incomplete,
    shown_url,
    vault_state,
)
from app.vault.types import utcnow

__all__ = [
    "Decision", "TransferOutcome", "TransferRequest", "transfer_state_word",
    "OWN_BALANCE_INSTRUMENTS", "AccountInput", "CategoryNode", "CategoryRuleView", "CategoryTree", "AccountView", "AppServices", "Apply", "ConnectionView", "ConsentGiven", "ConsentReceiver",
    "ConsentRequest", "ImportPreview", "ImportResult", "IndexEntry", "KnownLogin", "KnownPlatform", "MemberInput",
    "MemberView", "ParsedStatement", "PlannedRow", "balance_label", "TransactionDetail", "PlatformInput", "PlatformResult", "PlatformView",
    "ReadStatement", "StatementError", "FormatNotRecognised", "SyncReport", "Total", "TransactionFilter", "TransactionView", "VaultInfo", "VerifyReport", "IntegrityReport",
    "is_vault", "keyring_available", "read_statement_file", "verify_audit_readonly",
    "NET_WORTH_BY", "REPORT_KINDS", "CashFlowBetweenPlatforms", "IncomeAndSpending", "NetWorthOverTime",
    "NetWorthSeries", "PlatformFlow", "Report", "ReportFilter", "SpendingByCategory", "outside_name", "series_name",
]

T = TypeVar("T")
K = TypeVar("K")
BASE_CURRENCY = "CNY"
ACCOUNT_FIELDS = (
    "name", "number", "currency", "kind", "bank_class", "bound_account_id", "payment_class", "ecny_tier",
    "ecny_operator", "credit_limit", "statement_day", "due_day", "opened_on", "note", "member_id", "platform_id",
)


def keyring_available() -> bool:
    """Whether this computer has an OS keyring that can remember a vault's key."""
    return keys.keyring_available()


def shared_url(directory: Path | str | None, database_url: str | None) -> str | None:
    """The shared database's URL when one is given (``database_url``, or a URL in place of a folder)."""
    if database_url:
        return database_url
    if isinstance(directory, str) and directory.startswith(("postgresql:", "postgresql+", "postgres:")):
        return directory
    return None


def _shared_keyrings(url: str) -> tuple[Header, dict[int, MemberKeyring]] | None:
    """A shared database's header and members' keyrings, read without any key; None when it cannot be
    reached or holds no vault."""
    try:
        engine = make_url_engine(url)
    except Exception:  # noqa: BLE001 (not a PostgreSQL URL, no driver: nothing to read)
        return None
    try:
        header = read_db_header(engine)
        if header is None:
            return None
        with engine.connect() as conn:
            return header, household.keyrings(conn)
    except Exception:  # noqa: BLE001 (unreachable or refused: the unlock dialog then offers the owner only)
        return None
    finally:
        engine.dispose()


DEMO_MARKER = "demo.json"  # in a demo vault's directory: the demo's public passphrase


class AppServices(HouseholdFacade, TransfersFacade):
    """An unlocked vault and everything that can be done with it."""

    def __init__(self, vault: Vault, actor: str = "user", connector_options: dict[str, Any] | None = None) -> None:
        """``connector_options`` override the platform connectors' settings (timeouts, retries)."""
        self.unit = UnitOfWork(vault, actor)
        self.vault = vault
        self.actor = actor
        self.connector_options = dict(connector_options or {})
        self._sync: SyncService | None = None
        self._stopping = threading.Event()  # set when the vault is being locked: background work ends
        self._local: LocalPlatforms | None = None  # local (sandbox) platforms this vault's connections use
        self._local_owned = False
        self.integrity_report: IntegrityReport | None = None  # what the check at unlock found

    # --- lifecycle ------------------------------------------------------------------------------

    @classmethod
    def create(cls, directory: Path | str | None, passphrase: str, actor: str = "user",
               kdf: dict[str, Any] | None = None, replace_incomplete: bool = False,
               build: Callable[[AppServices], None] | None = None,
               database_url: str | None = None) -> AppServices:
        """A new vault with a fresh data key and SM2 signing key pair, built whole beside its place.

        Everything (header, schema, signing key, first audit events, integrity digests, and what
        ``build`` adds — the demo's household and sync) is written in a hidden folder next to
        ``directory``, which is then renamed into place: killed at any moment, ``directory`` holds
        either nothing or a whole vault that opens. Folders left by killed creations are removed
        at the next one. ``directory`` must be absent or empty; a creation cut off by an older
        Huiliu is refused (VaultIncomplete) unless ``replace_incomplete``.

        ``database_url`` (or a ``postgresql://`` URL as ``directory``) makes it in an empty shared
        PostgreSQL database instead, in one transaction after the schema (``Vault.create_at_url``).
        """
        url = shared_url(directory, database_url)
        if url is not None:
            return cls._create_shared(url, passphrase, actor, kdf, build)
        assert directory is not None
        target = Path(directory).absolute()
        state = vault_state(target)
        if state == "vault":
            raise VaultExists(target)
        if state == "incomplete":
            if not replace_incomplete:
                raise VaultIncomplete(target)
            remove_incomplete(target)
            state = vault_state(target)
        if state == "occupied":
            raise FolderNotEmpty(target)
        clean_stale_staging(target)
        staging = new_staging(target)
        private_hex, public_hex = crypto.sm2_generate_keypair()
        try:
            vault = Vault.create(staging, passphrase, public_hex, kdf)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        services = cls(vault, actor)
        try:
            services._first_write(private_hex, public_hex)
            if build is not None:
                build(services)
            if vault_state(target) not in ("absent", "empty"):
                raise VaultExists(target)  # someone else made one meanwhile
            vault.move_to(target)
        except BaseException:
            try:
                services.close()
            finally:
                shutil.rmtree(staging, ignore_errors=True)
            raise
        return services

    def _first_write(self, private_hex: str, public_hex: str) -> None:
        """A new vault's signing key, integrity digests and first audit events."""
        vault = self.vault
        with self.unit.write() as s:
            key = SigningKey(id=1, created_at=utcnow(), public_key=public_hex)
            key.private_key = private_hex
            s.add(key)
            s.flush()
            integrity.rebuild(s.connection(), vault.sealer, vault.integrity_key)
            self.unit.event(s, "vault.created", kdf=vault.header.kdf["name"], key_fingerprint=vault.header.key_id)
            self.unit.event(s, INTEGRITY_EVENT, resealed=1, damaged=0)
        self.integrity_report = IntegrityReport()

    @classmethod
    def _create_shared(cls, url: str, passphrase: str, actor: str, kdf: dict[str, Any] | None,
                       build: Callable[[AppServices], None] | None) -> AppServices:
        private_hex, public_hex = crypto.sm2_generate_keypair()
        vault = Vault.create_at_url(url, passphrase, public_hex, kdf)
        services = cls(vault, actor)
        try:
            services._first_write(private_hex, public_hex)
            if build is not None:
                build(services)
        except BaseException:
            services.close()
            raise
        return services

    @classmethod
    def open(cls, directory: Path | str | None, passphrase: str | None = None, data_key: bytes | None = None,
             actor: str = "user", read_only: bool = False, member_id: int | None = None,
             member_key: tuple[int, str] | None = None, database_url: str | None = None) -> AppServices:
        """The unlocked vault. ``read_only`` (a dry run) leaves every file of it byte for byte as it was:
        no audit event, no signed tree head, no upgrade; any write raises ReadOnlyVault. ``database_url``
        (or a ``postgresql://`` URL as ``directory``) opens a shared database instead of a folder."""
        url = shared_url(directory, database_url)
        if url is not None:
            vault = Vault.open_url(url, passphrase=passphrase, data_key=data_key, read_only=read_only,
                                   member_id=member_id, member_key=member_key)
        else:
            assert directory is not None
            vault = Vault.open(Path(directory), passphrase=passphrase, data_key=data_key, read_only=read_only,
                               member_id=member_id, member_key=member_key)
        services = cls(vault, actor)
        try:
            if vault.member_id is not None:
                with vault.reader() as s:
                    me = s.get(Member, vault.member_id)
                    services.unit.viewer = me is not None and me.role == "viewer"
            if not read_only:
                services._ensure_integrity()
                with services.unit.write(system=True) as s:
                    services.unit.event(s, "vault.opened", via="keyring" if data_key or member_key else "passphrase")
                services._adopt_keys_if_due()
            services.integrity_report = services.check_integrity()
        except BaseException:
            vault.close()
            raise
        return services

    @staticmethod
    def unlockable_members(directory: Path | str) -> list[tuple[int, str]]:
        """(member id, ``passphrase`` or ``pin``) of every member who unlocks as themselves, read without
        any key (names are sealed: the window shows those it saw at earlier unlocks on this computer).
        Empty for a vault whose members have no keys of their own yet. ``directory`` may be a shared
        database's URL (empty too when it cannot be reached or holds no vault)."""
        url = shared_url(directory, None)
        if url is not None:
            shared = _shared_keyrings(url)
            return [] if shared is None else [(m, ring.kind) for m, ring in sorted(shared[1].items())]
        from sqlalchemy import create_engine

        db = Path(directory) / "vault.db"
        if not db.is_file():
            return []
        engine = create_engine(f"sqlite:///{db}")
        try:
            with engine.connect() as conn:
                return [(m, ring.kind) for m, ring in sorted(household.keyrings(conn).items())]
        finally:
            engine.dispose()

    @staticmethod
    def owner_member(directory: Path | str) -> int | None:
        """The owner's member id, read without any key: the member whose key pair is sealed under the
        header's KDF (the vault's passphrase opens both). None before members have keys. ``directory``
        may be a shared database's URL (its header is in ``vault_header``)."""
        url = shared_url(directory, None)
        if url is not None:
            shared = _shared_keyrings(url)
            if shared is None:
                return None
            header, rings = shared
            return next((m for m, ring in sorted(rings.items()) if ring.kdf == header.kdf), None)
        from sqlalchemy import create_engine

        db = Path(directory) / "vault.db"
        if not db.is_file():
            return None
        header = Vault.read_header(Path(directory))
        engine = create_engine(f"sqlite:///{db}")
        try:
            with engine.connect() as conn:
                rings = household.keyrings(conn)
        finally:
            engine.dispose()
        return next((m for m, ring in sorted(rings.items()) if ring.kdf == header.kdf), None)

    @staticmethod
    def shared_vault_state(url: str) -> bool:
        """Whether the shared database at ``url`` holds a Huiliu vault (False: it is reachable and holds
        none yet, so one can be created there). Raises when it cannot be reached (a wrong URL, no
        server, refused) — a "Test connection" says why."""
        engine = make_url_engine(url)
        try:
            return read_db_header(engine) is not None
        finally:
            engine.dispose()

    @staticmethod
    def shown_location(directory: Path | str) -> str:
        """A vault's place as it is shown: the folder, or a shared database's URL without its password."""
        url = shared_url(directory, None)
        return shown_url(url) if url is not None else str(directory)

    @property
    def member_id(self) -> int | None:
        """The member who unlocked (the owner when the vault's passphrase did); None before the vault
        has members with keys of their own."""
        return self.vault.member_id

    def _adopt_keys_if_due(self) -> None:
        """Move a vault opened by its owner's passphrase to keys per member and per account, once it has
        members: the owner holds every account key, nothing is lost (see ``household.adopt``)."""
        vault = self.vault
        if vault.read_only or vault.keyed or vault.owner_kek is None:
            return
        with vault.engine.connect() as conn:
            owner = household.owner_of(conn)
            if owner is None:
                row = sql.run(conn, "SELECT min(id) FROM members").first()
                owner = None if row is None or row[0] is None else int(row[0])
        if owner is None:
            return
        with self.unit.write() as s:
            chain, private_hex, resealed = household.adopt(s, vault, owner)
            self.unit.event(s, "household.keys_adopted", owner=owner, rows=resealed)
        vault.become_keyed(chain, owner, private_hex)

    @staticmethod
    def vault_in_use(directory: Path | str) -> bool:
        """Whether the vault is open in another window or command now (its lock is held); derives no key,
        so it can be asked before the passphrase (``Vault.is_open_elsewhere``). Never for a shared
        database: several computers open it at once."""
        if shared_url(directory, None) is not None:
            return False
        return Vault.is_open_elsewhere(Path(directory))

    @classmethod
    def open_remembered(cls, directory: Path | str, actor: str = "user", read_only: bool = False) -> AppServices | None:
        """Open with the data key kept in the OS keyring, or None when none is remembered."""
        header = Vault.read_header(Path(directory))
        member = keys.recall_member(header)
        if member is not None:
            return cls.open(directory, member_key=member, actor=actor, read_only=read_only)
        data_key = keys.recall(header)
        return cls.open(directory, data_key=data_key, actor=actor, read_only=read_only) if data_key else None

    @classmethod
    def create_demo(cls, directory: Path | str, passphrase: str = demo.DEMO_PASSPHRASE,
                    kdf: dict[str, Any] | None = None, progress: Callable[[str], None] | None = None,
                    connector_options: dict[str, Any] | None = None, apply: Apply = apply_here,
                    platforms: LocalPlatforms | None = None,
                    replace_incomplete: bool = False, share: bool | None = None) -> tuple[AppServices, SyncReport]:
        """A new vault holding the demo household, connected to sandbox platforms and synced.

        The sandbox keeps its state inside the vault directory and stays up while the returned
        services are open; later, any command that syncs brings it back up by itself. Tests may
        pass ``platforms`` they run themselves (left running at close). ``share`` (by default: when the
        demo's well-known passphrase is used) gives 李梅 and 王小雨 their own passphrase and PIN and
        shares accounts between the members as ``demo.SHARING`` says.
        """
        if platforms is None:
            provider: LocalPlatformsProvider = plugins.load(plugins.SANDBOX, "sandbox")
            local = provider.start()
        else:
            local = platforms
        reports: list[SyncReport] = []

        def build(services: AppServices) -> None:
            services.connector_options = dict(connector_options or {})
            services._local, services._local_owned = local, platforms is None
            ids: dict[str, int] = {}
            for key, member in demo.MEMBERS.items():
                added: Changes = apply(functools.partial(services.add_member, member))
                ids[key] = next(iter(added.ids["members"]))
            reports.append(demo.connect_all(services.sync_service, local, ids, progress, apply))
            if passphrase == demo.DEMO_PASSPHRASE:  # the well-known one: said where the demo is unlocked
                members = {str(ids[key]): {"name": demo.MEMBERS[key].name, "kind": kind, "secret": secret}
                           for key, (kind, secret) in demo.MEMBER_SECRETS.items()}
                write_private(Path(services.directory) / DEMO_MARKER,
                              json.dumps({"passphrase": passphrase, "members": members},
                                         ensure_ascii=False).encode("utf-8"))
            if platforms is None:
                local.keep_state(state_dir(services.directory))  # moves into place with the vault

        try:
            services = cls.create(directory, passphrase, actor="demo", kdf=kdf, build=build,
                                  replace_incomplete=replace_incomplete)
            if share is None and passphrase == demo.DEMO_PASSPHRASE or share:
                services = services._share_demo(passphrase, local, platforms is None, apply)
        except BaseException:
            if platforms is None:
                local.stop()
            raise
        if platforms is None:
            local.keep_state(state_dir(services.directory))
        return services, reports[0]

    def _share_demo(self, passphrase: str, local: LocalPlatforms, owned: bool, apply: Apply) -> AppServices:
        """The demo household's own keys and sharing: 李梅 gets her passphrase and 王小雨 a PIN, the owner
        shares some of his accounts and their teenager's, then 李梅 (unlocked as herself) hides most of
        hers from him. Returns the services open as the owner again."""
        by_key = {m.name: key for key, m in demo.MEMBERS.items()}
        ids = {by_key[m.name]: m.id for m in self.members() if m.name in by_key}
        for key, (kind, secret) in demo.MEMBER_SECRETS.items():
            apply(functools.partial(self.set_member_secret, ids[key], secret, kind))
        accounts = self.accounts()
        for holder, name, to, level in demo.SHARING:
            for acc in accounts:
                if acc.member_id == ids[holder] and name in ("*", acc.name):
                    apply(functools.partial(self.grant, acc.id, ids[to], level))
        directory, options = self.directory, self.connector_options
        self._local_owned = False  # the platforms stay up for the services reopened below
        self.close()
        _kind, spouse_secret = demo.MEMBER_SECRETS["adult2"]
        spouse = AppServices.open(directory, spouse_secret, actor="demo", member_id=ids["adult2"])
        try:
            for acc in spouse.accounts():
                keep = demo.HIDDEN_FROM_OWNER.get(acc.name)
                if acc.member_id == ids["adult2"] and keep:
                    spouse.grant(acc.id, ids["adult1"], keep)
        finally:
            spouse.close()
        services = AppServices.open(directory, passphrase, actor="demo")
        services.connector_options = dict(options)
        services._local, services._local_owned = local, owned
        return services

    @staticmethod
    def demo_members(directory: Path | str) -> dict[int, tuple[str, str, str]]:
        """member id -> (name, ``passphrase`` or ``pin``, secret) of the demo's other members, read without
        any key like ``demo_passphrase`` (empty for any vault but the demo, and a shared database)."""
        if AppServices.demo_passphrase(directory) is None:
            return {}
        try:
            raw = json.loads((Path(directory) / DEMO_MARKER).read_text("utf-8")).get("members") or {}
            return {int(k): (str(v["name"]), str(v["kind"]), str(v["secret"])) for k, v in raw.items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}

    @staticmethod
    def demo_passphrase(directory: Path | str) -> str | None:
        """The demo household's well-known passphrase when ``directory`` holds the demo, else None (read
        without any key: the demo says it in a file of its own, so a locked demo is no dead end). None for a
        shared database (the demo is never one)."""
        if shared_url(directory, None) is not None:
            return None
        try:
            raw = json.loads((Path(directory) / DEMO_MARKER).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        known = raw.get("passphrase") if isinstance(raw, dict) else None
        return known if known == demo.DEMO_PASSPHRASE else None

    def lock(self) -> None:
        """Sign a tree head, drop the keys from memory and release the vault."""
        self._finish("lock")

    def close(self) -> None:
        self._finish("close")

    def stop_background(self) -> None:
        """Ask running background work (a sync) to stop at once: the vault is about to be locked."""
        self._stopping.set()

    def _finish(self, reason: str) -> None:
        self._stopping.set()
        for held in ("_step_up", "_policy_cache", "_policy_engine"):  # the proof key and the decrypted facts die with the unlock
            self.__dict__.pop(held, None)
        if self._local is not None and self._local_owned:
            self._local.stop()
        self._local = None
        if not self.vault.is_open:
            return
        if self.vault.read_only:
            self.vault.close()  # nothing was written: no event, no tree head
            return
        try:
            with self.unit.write(system=True) as s:
                self.unit.event(s, f"vault.{'locked' if reason == 'lock' else 'closed'}")
                key = s.get(SigningKey, 1)
                try:
                    private = key.private_key if key is not None else None
                except TamperedRecord:
                    private = None  # a damaged key row signs nothing (the check at unlock named it)
                if key is not None and private:
                    self.unit.audit.sign_head(s, private, key.public_key, reason, self.vault.next_id("tree_heads"))
        finally:
            self.vault.close()

    @property
    def is_open(self) -> bool:
        return self.vault.is_open

    @property
    def directory(self) -> Path:
        return self.vault.directory

    @staticmethod
    def is_vault(directory: Path | str) -> bool:
        """Whether ``directory`` holds a Huiliu vault; for a shared database's URL, whether its database
        holds one (False when it cannot be reached)."""
        url = shared_url(directory, None)
        if url is not None:
            try:
                return AppServices.shared_vault_state(url)
            except Exception:  # noqa: BLE001 (unreachable, refused, not PostgreSQL: no vault to open)
                return False
        return is_vault(Path(directory))

    # --- passphrase and keyring -----------------------------------------------------------------

    def change_passphrase(self, old: str, new: str, kdf: dict[str, Any] | None = None) -> Changes:
        """The data key wrapped under ``new``; the old passphrase opens nothing on disk afterwards.

        The new header and the audit event commit together in the database first; header.json and
        every backup's header copy are then replaced (``Vault.install_header``). Killed before the
        commit, nothing changed; after it, the next open finishes the change.
        """
        self._owner_only()
        header = keys.rewrap(self.vault.header, old, new, kdf)
        with self.unit.write() as s:
            self._journal(s, "passphrase", header)
            self._reseal_owner_keyring(s, new, header)
            self.unit.event(s, "vault.passphrase_changed")
        self.vault.install_header(header)
        if keys.recall_member(self.vault.header) is not None or keys.recall(self.vault.header) is not None:
            self._remember()
        return Changes.of("vault")

    def _owner_only(self) -> None:
        """The vault's passphrase and data key are the owner's business alone."""
        if not self.vault.keyed:
            return
        with self.vault.engine.connect() as conn:
            owner = household.owner_of(conn)
        if self.vault.member_id != owner:
            raise NotPermitted(_("only the owner changes the vault's passphrase or key; change your own "
                                 "passphrase on the Household page"))

    def _reseal_owner_keyring(self, s: Session, passphrase: str, header: keys.Header) -> None:
        """The owner's key pair sealed under the vault's (new) passphrase and the header's (new) KDF."""
        if not self.vault.keyed or self.vault.member_id is None:
            return
        from app.vault import member_keys

        found = household.keyring_of(s.connection(), self.vault.member_id)
        if found is None:
            return
        ring = member_keys.seal_member_keyring(self.vault.private_key, found[0].public_key, header.vault_id,
                                               self.vault.member_id, passphrase, "passphrase", header.kdf)
        household.put_keyring(s, ring)

    def rekey(self, passphrase: str, kdf: dict[str, Any] | None = None) -> int:
        """A new random data key: every row re-sealed under it, in one transaction; returns the rows.

        For when a passphrase or an old copy of the header may have leaked. ``passphrase`` (the
        current one, or a new one) wraps the new key. Integrity digests are rebuilt under the new
        key; the backups, sealed under the old key, are deleted. Fingerprints keep their key (it is
        sealed under the new data key): the dedup fingerprints of imported rows come from files
        that are not kept, so they cannot be computed again. A remembered key is replaced.
        """
        old_keys = self.vault.keys
        if keys.unwrap(self.vault.header, passphrase) != old_keys.data_key:
            raise VaultCorrupt(_("the data key does not match the header's key id"))
        new_key = secrets.token_bytes(16)
        new_keys = keys.DataKeys.from_data_key(new_key, old_keys.fingerprint_key)
        header = keys.for_new_key(self.vault.header, new_key, passphrase, kdf)
        remembered = keys.recall(self.vault.header) is not None or keys.recall_member(self.vault.header) is not None
        self._owner_only()
        new_sealer = self.vault.sealer.with_household(new_keys.seal_key, new_keys.key_id)
        with self.unit.write() as s:
            conn = s.connection()
            resealed, damaged = integrity.reseal_all(conn, self.vault.sealer, new_sealer)
            for member, ring in household.keyrings(conn).items():  # the new household key, to everyone
                household.put_wrap(s, member, household.HOUSEHOLD_ACCOUNT, household.HOUSEHOLD_SCOPE, new_key,
                                   ring.public_key, self.vault.member_id)
            self._reseal_owner_keyring(s, passphrase, header)
            sql.run(conn, "DELETE FROM vault_secrets")
            sql.run(conn, "INSERT INTO vault_secrets (id, sealed) VALUES (1, ?)", (new_sealer.seal(
                json.dumps({"fingerprint_key": old_keys.fingerprint_key.hex()}).encode(), SECRETS_AAD),))
            integrity.rebuild(conn, new_sealer, integrity.integrity_key(new_key))
            self._journal(s, "rekey", header)
            self.unit.event(s, "vault.rekeyed", rows=resealed, damaged=len(damaged),
                            key_fingerprint=header.key_id)
        self.vault.use_keys(new_keys)
        self.vault.install_header(header)
        if remembered:
            self._remember()
        return resealed

    def _journal(self, s: Session, kind: str, header: keys.Header) -> None:
        self.vault.journal_header(s.connection(), kind, header)

    def _remember(self) -> None:
        """Keep what unlocks as who is unlocked in the OS keyring: their private key in a vault with member
        keys (the household and account keys follow from it), else the data key."""
        if self.vault.keyed and self.vault.member_id is not None:
            keys.remember_member(self.vault.header, self.vault.member_id, self.vault.private_key)
        else:
            keys.remember(self.vault.header, self.vault.keys.data_key)

    def remember_on_this_computer(self) -> Changes:
        self._remember()
        with self.unit.write() as s:
            self.unit.event(s, "vault.key_remembered")
        return Changes.of("vault")

    def forget_on_this_computer(self) -> Changes:
        keys.forget(self.vault.header)
        with self.unit.write() as s:
            self.unit.event(s, "vault.key_forgotten")
        return Changes.of("vault")

    # --- members ----------------------------------------------------------------------------------

    def _identity_fp(self, real_name: str, id_number: str) -> bytes | None:
        return self.vault.fingerprint("identity", identity_key(real_name, id_number)) if real_name else None

    def add_member(self, data: MemberInput) -> Changes:
        data = validation.member(data)
        with self.unit.write() as s:
            m = Member(id=self.vault.next_id("members"), created_at=utcnow(), role=data.role,
                       identity_fp=self._identity_fp(data.real_name, data.id_number))
            m.name, m.real_name, m.id_number = data.name, data.real_name or None, data.id_number or None
            s.add(m)
            self.unit.record(s, "member.added", "member", m.id, role=data.role)
        self._adopt_keys_if_due()
        return Changes.of("members", m.id)

    def update_member(self, member_id: int, data: MemberInput, version: int | None = None) -> Changes:
        """``version``, when given, is the member's version the change was made on: refused (EditConflict)
        when someone else (another computer of the household) changed the member since."""
        data = validation.member(data)
        with self.unit.write() as s:
            m = self._get(s, Member, member_id, "member")
            if version is not None and m.version != version:
                raise EditConflict("member", member_id)
            before = {"name": m.name, "real_name": m.real_name or "", "id_number": m.id_number or "", "role": m.role}
            after = {"name": data.name, "real_name": data.real_name, "id_number": data.id_number, "role": data.role}
            changed = sorted(k for k in after if after[k] != before[k])
            if not changed:
                return Changes()
            m.name, m.real_name, m.id_number, m.role = data.name, data.real_name or None, data.id_number or None, data.role
            m.identity_fp = self._identity_fp(data.real_name, data.id_number)
            accounts: list[int] = []
            if "real_name" in changed or "id_number" in changed:
                # The owner's identity is what their accounts' same-name checks compare.
                for acc in s.scalars(select(Account).where(Account.member_id == m.id)):
                    acc.holder_identity_fp = m.identity_fp
                    accounts.append(acc.id)
            self.unit.record(s, "member.changed", "member", m.id, fields=changed)
        changes = Changes.of("members", member_id)
        return changes | Changes.of("accounts", *accounts) if accounts else changes

    def members(self) -> list[MemberView]:
        with self.vault.reader() as s:
            return [self._member_view(m) for m in s.scalars(select(Member).order_by(Member.id))]

    def member(self, member_id: int) -> MemberView:
        with self.vault.reader() as s:
            return self._member_view(self._get(s, Member, member_id, "member"))

    @staticmethod
    def _member_view(m: Member) -> MemberView:
        view = MemberView(id=m.id, role=m.role, has_identity=m.identity_fp is not None, version=m.version or 1)
        try:
            view.name, view.real_name, view.id_number = m.name or "", m.real_name or "", m.id_number or ""
        except TamperedRecord as exc:
            view.damaged = str(exc)
        return view

    # --- the household: who unlocks as themselves, who sees which account ---------------------------

    def _role_of(self, s: Session, member_id: int | None) -> str:
        if member_id is None:
            return "owner"  # a vault without member keys: its one passphrase is the owner's
        return self._get(s, Member, member_id, "member").role

    def _need_keys(self) -> int:
        if not self.vault.keyed or self.vault.member_id is None:
            raise NotPermitted(_("the household has no member keys yet: add a member, then unlock with the "
                                 "owner's passphrase"))
        return self.vault.member_id

    def household(self) -> list[HouseholdMember]:
        """Every member, with whether they unlock as themselves (and how) — no secrets, no keys."""
        with self.vault.reader() as s:
            conn = s.connection()
            out = []
            for m in s.scalars(select(Member).order_by(Member.id)):
                found = household.keyring_of(conn, m.id)
                try:
                    name = m.name or ""
                except TamperedRecord:
                    name = ""
                out.append(HouseholdMember(
                    id=m.id, name=name, role=m.role, has_keys=found is not None,
                    secret_kind=found[0].kind if found else "", locked=bool(found and found[1].locked),
                    is_you=m.id == self.vault.member_id))
            return out

    def set_member_secret(self, member_id: int, secret: str, kind: str = "passphrase") -> Changes:
        """Let a member unlock as themselves: a key pair sealed under their passphrase (adults) or PIN
        (minors), the household key, and the keys of their own accounts that who acts holds. The owner
        invites anyone; a guardian sets a minor's PIN. Setting it again (a forgotten one) makes a new key
        pair: what cannot be wrapped again by who acts stays hidden until shared again."""
        actor = self._need_keys()
        with self.unit.write() as s:
            target = self._get(s, Member, member_id, "member")
            actor_role = self._role_of(s, actor)
            had = household.keyring_of(s.connection(), member_id) is not None
            reason = access.may_set_secret(actor, actor_role, member_id, target.role, had)
            if reason:
                raise NotPermitted(reason)
            problem = access.secret_problem(kind, secret, target.role)
            if problem:
                raise ValidationError("pin" if kind == "pin" else "passphrase", problem)
            _public, wrapped = household.give_keyring(s, self.vault, member_id, secret, kind)
            self.unit.record(s, "member.keys_set" if not had else "member.keys_reset", "member", member_id,
                             kind=kind, accounts=wrapped)
        return Changes.of("members", member_id)

    def change_own_secret(self, old: str, new: str) -> Changes:
        """The acting member's passphrase or PIN changed (the owner's is the vault's: ``change_passphrase``)."""
        actor = self._need_keys()
        with self.unit.write() as s:
            me = self._get(s, Member, actor, "member")
            if me.role == "owner":
                raise NotPermitted(_("the owner's passphrase is the vault's: change it in Settings"))
            found = household.keyring_of(s.connection(), actor)
            assert found is not None
            problem = access.secret_problem(found[0].kind, new, me.role)
            if problem:
                raise ValidationError("passphrase", problem)
            from app.vault import member_keys

            household.put_keyring(s, member_keys.reseal_member_keyring(found[0], self.vault.header.vault_id, old, new))
            self.unit.record(s, "member.secret_changed", "member", actor)
        return Changes.of("members", actor)

    def unlock_pin(self, member_id: int) -> Changes:
        """A guardian lets a minor try their PIN again after it was locked."""
        actor = self._need_keys()
        with self.unit.write() as s:
            target = self._get(s, Member, member_id, "member")
            if not (access.is_guardian(self._role_of(s, actor)) and access.is_minor(target.role)):
                raise NotPermitted(_("only a guardian unlocks a minor's PIN"))
            from app.vault.attempts import succeeded

            household.save_attempts(s.connection(), member_id, succeeded())
            self.unit.record(s, "member.pin_unlocked", "member", member_id)
        return Changes.of("members", member_id)

    def set_role(self, member_id: int, role: str) -> Changes:
        actor = self.vault.member_id
        with self.unit.write() as s:
            target = self._get(s, Member, member_id, "member")
            if role not in access.ROLES:
                raise ValidationError("role", _("must be one of {choices}").format(choices=", ".join(access.ROLES)))
            reason = access.may_change_role(self._role_of(s, actor), target.role, role)
            if reason:
                raise NotPermitted(reason)
            if target.role == role:
                return Changes()
            found = household.keyring_of(s.connection(), member_id)
            if found is not None and found[0].kind == "pin" and not access.is_minor(role):
                raise ValidationError("role", _("this member unlocks with a PIN: give them a passphrase first"))
            before, target.role = target.role, role
            self.unit.record(s, "member.role_changed", "member", member_id, before=before, after=role)
        return Changes.of("members", member_id)

    def grants(self) -> list[Grant]:
        """Who sees what, for the accounts the acting member sees (every member, hidden ones included)."""
        with self.vault.reader() as s:
            visible = [a for (a,) in s.execute(select(Account.id).order_by(Account.id))]
            members = [m for (m,) in s.execute(select(Member.id).order_by(Member.id))]
            table = household.grants_by_account(s.connection())
        return [Grant(a, m, table.get(a, {}).get(m, "hidden")) for a in visible for m in members]

    def grant(self, account_id: int, member_id: int, grant: str) -> Changes:
        """Show an account to a member (``balance`` or ``transactions``) or hide it (``hidden``).

        Showing wraps the account's keys to them; hiding rotates the account's keys and re-seals its
        rows, so nothing they may have kept opens what is stored (``household.set_grant``)."""
        from app.vault.member_keys import GRANTS

        actor = self._need_keys()
        if grant not in GRANTS:
            raise ValidationError("grant", _("must be one of {choices}").format(choices=", ".join(GRANTS)))
        with self.unit.write() as s:
            acc = self._get(s, Account, account_id, "account")
            target = self._get(s, Member, member_id, "member")
            holder = self._get(s, Member, acc.member_id, "member")
            conn = s.connection()
            reason = access.may_share(actor, self._role_of(s, actor), holder.id, holder.role,
                                      household.keyring_of(conn, holder.id) is not None)
            if reason:
                raise NotPermitted(reason)
            if household.keyring_of(conn, member_id) is None:
                raise NotPermitted(_("{name} has no passphrase or PIN of their own yet: set one first").format(
                    name=target.name or member_id))
            if member_id == holder.id and grant != "transactions":
                raise NotPermitted(_("an account cannot be hidden from its own holder"))
            after = dict(household.grants_by_account(conn).get(account_id, {}))
            before = after.get(member_id, "hidden")
            if before == grant:
                return Changes()
            after[member_id] = grant
            if "transactions" not in after.values():
                raise NotPermitted(_("nobody could read this account's transactions any more: give its holder "
                                     "their own passphrase first"))
            for scope in GRANTS[grant]:
                if not self.vault.sealer.holds(account_id, scope):
                    raise NotPermitted(_("you cannot share what was not shared with you"))
            fresh, resealed = household.set_grant(s, self.vault, account_id, member_id, grant)
            mine = after.get(actor, "hidden")
            self.unit.record(s, "account.shared" if fresh is None else "account.unshared", "account", account_id,
                             to=member_id, before=before, after=grant, rotated=fresh is not None, rows=resealed)
        if fresh is not None:
            self.vault.sealer.rotate(fresh, GRANTS[mine])
        return Changes.of("accounts", account_id) | Changes.of("transactions", account_id)

    def activity(self, limit: int = 50) -> list[Activity]:
        """The newest events of the audit log, newest first, as far as the acting member may see them:
        an event about an account (or its balances, rows, imports or grants) is shown only to a member
        who sees that account; events about the household as a whole are shown to everyone."""
        with self.vault.reader() as s:
            visible = set(s.scalars(select(Account.id)))
            batches: dict[int, set[int]] = {}
            out: list[Activity] = []
            for event in s.scalars(select(AuditEvent).order_by(AuditEvent.idx.desc())):
                body = json.loads(event.body)
                subject = body.get("subject") or {}
                details = dict(body.get("details") or {})
                accounts = _accounts_named(subject, details, batches, s)
                if accounts and not accounts <= visible:
                    continue
                out.append(Activity(at=event.at, kind=str(body.get("kind", event.kind)),
                                    member_id=body.get("member"), subject_type=str(subject.get("type", "")),
                                    subject_id=subject.get("id"), details=details))
                if len(out) >= limit:
                    break
        return out

    # --- platforms --------------------------------------------------------------------------------

    def add_platform(self, data: PlatformInput) -> tuple[Changes, int]:
        data = validation.platform(data)
        with self.unit.write() as s:
            p = platforms.add(self.unit, s, data.name, data.kind, data.legal_entity)
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

    def _new_platform(self, s: Session, data: AccountInput, new_platform: PlatformInput | None) -> AccountInput:
        """Add the platform the account is on when it is new, in the account's own write."""
        if new_platform is None:
            return data
        p = validation.platform(new_platform)
        data.platform_id = platforms.add(self.unit, s, p.name, p.kind, p.legal_entity).id
        return data

    def add_account(self, data: AccountInput, new_platform: PlatformInput | None = None) -> Changes:
        """Add an account (and the new platform it is on, when given): both or neither."""
        data.currency = data.currency.upper()
        with self.unit.write() as s:
            data = self._new_platform(s, data, new_platform)
            owner = self._check_account(s, data)
            acc = Account(id=self.vault.next_id("accounts"), created_at=utcnow(), closed=False,
                          holder_identity_fp=owner.identity_fp)
            self._apply(acc, data)
            acc.number_fp = number_fingerprint(self.vault, acc.number)
            household.give_new_account_keys(s, self.vault, acc.id, data.member_id)
            s.add(acc)
            self.unit.record(s, "account.added", "account", acc.id, kind=data.kind, member=data.member_id,
                             platform=data.platform_id)
            if data.balance is not None:
                balances.record(self.vault, s, acc.id, data.balance, "manual")
        changes = Changes.of("accounts", acc.id)
        return changes | Changes.of("platforms", data.platform_id) if new_platform is not None else changes

    def update_account(self, account_id: int, data: AccountInput, new_platform: PlatformInput | None = None,
                       version: int | None = None) -> Changes:
        """``version`` as for ``update_member``: the account's version the change was made on."""
        data.currency = data.currency.upper()
        with self.unit.write() as s:
            acc = self._get(s, Account, account_id, "account")
            if version is not None and acc.version != version:
                raise EditConflict("account", account_id)
            data = self._new_platform(s, data, new_platform)
            owner = self._check_account(s, data, account_id)
            before = self._account_fields(acc)
            self._apply(acc, data)
            after = self._account_fields(acc)
            changed = sorted(k for k in ACCOUNT_FIELDS if before[k] != after[k])
            if "member_id" in changed:
                acc.holder_identity_fp = owner.identity_fp
            if "number" in changed:
                acc.number_fp = number_fingerprint(self.vault, acc.number)
            latest = balances.latest(s, acc.id)
            if data.balance is not None and (latest is None or latest.amount != data.balance):
                balances.record(self.vault, s, acc.id, data.balance, "manual")
                changed.append("balance")
            if not changed:
                return Changes()
            self.unit.record(s, "account.changed", "account", acc.id, fields=changed)
        changes = Changes.of("accounts", account_id)
        return changes | Changes.of("platforms", data.platform_id) if new_platform is not None else changes

    @staticmethod
    def _account_fields(acc: Account) -> dict[str, Any]:
        return {f: getattr(acc, f) for f in ACCOUNT_FIELDS}

    def set_balance(self, account_id: int, amount: Decimal, source: str = "manual",
                    as_of: datetime | None = None) -> Changes:
        with self.unit.write() as s:
            acc = self._get(s, Account, account_id, "account")
            if Money(amount, acc.currency).rounded().amount != amount:
                raise ValidationError("balance", _("has more decimals than {currency} allows").format(currency=acc.currency))
            balances.record(self.vault, s, acc.id, amount, source, as_of)
            self.unit.record(s, "balance.recorded", "account", acc.id, source=source)
        return Changes.of("accounts", account_id)

    def accounts(self) -> list[AccountView]:
        with self.vault.reader() as s:
            owners = {m.id: m.identity_fp for m in s.scalars(select(Member))}
            latest = balances.latest_of_all(s)
            return [self._account_view(a, owners, latest.get(a.id))
                    for a in s.scalars(select(Account).order_by(Account.member_id, Account.platform_id, Account.id))]

    def account(self, account_id: int) -> AccountView:
        with self.vault.reader() as s:
            acc = self._get(s, Account, account_id, "account")
            owner = s.get(Member, acc.member_id)
            return self._account_view(acc, {acc.member_id: owner.identity_fp if owner else None},
                                      balances.latest(s, acc.id))

    @staticmethod
    def _account_view(a: Account, owners: dict[int, bytes | None], snap: BalanceSnapshot | None) -> AccountView:
        owner_fp = owners.get(a.member_id)
        view = AccountView(
            id=a.id, member_id=a.member_id, platform_id=a.platform_id, kind=a.kind, currency=a.currency,
            bank_class=a.bank_class, bound_account_id=a.bound_account_id, payment_class=a.payment_class,
            ecny_tier=a.ecny_tier, statement_day=a.statement_day, due_day=a.due_day, opened_on=a.opened_on,
            same_name_as_owner=owner_fp is not None and a.holder_identity_fp == owner_fp, version=a.version or 1,
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
        with self.unit.write() as s:
            self._get(s, Account, account_id, "account")
            added = transactions.insert_many(self.vault, s.connection(), account_id, rows, utcnow())
            self.unit.record(s, "transactions.added", "account", account_id, count=added, skipped=len(rows) - added,
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

    def transaction_detail(self, transaction_id: int) -> TransactionDetail:
        """One transaction with its account, platform, member, where it came from and its paired leg."""
        from app.ledger.transactions import TransactionDetail, partner_of
        from app.vault.schema import ImportBatch

        with self.vault.reader() as s:
            row = self._get(s, Transaction, transaction_id, "transaction")
            (view,) = transactions.views(s, [row.id])
            account = self._get(s, Account, row.account_id, "account")
            platform = s.get(Platform, account.platform_id)
            member = s.get(Member, account.member_id)
            detail = TransactionDetail(view, account.currency, account.name or f"#{account.id}",
                                       (platform.name if platform else "") or "", (member.name if member else "") or "",
                                       "manual")
            if row.import_batch is not None:
                batch = s.get(ImportBatch, row.import_batch)
                detail.source = "import"
                if batch is not None:
                    detail.source_file, detail.imported_at = batch.filename or "", batch.created_at
            elif account.connection_id is not None:
                detail.source = "sync"
            detail.partner = partner_of(self.vault, s, view)
            if detail.partner is not None:
                other = s.get(Account, detail.partner.account_id)
                detail.partner_account = (other.name if other else "") or f"#{detail.partner.account_id}"
        return detail

    def edit_transaction(self, transaction_id: int, **values: str) -> tuple[Changes, dict[str, str]]:
        """Correct a transaction's category, counterparty or memo (sealed, audited without their texts);
        returns the changes and the values it had, to undo with the same call."""
        from app.ledger.transactions import EDITABLE

        unknown = sorted(set(values) - set(EDITABLE))
        if unknown:
            raise ValidationError(unknown[0], _("cannot be changed here"))
        with self.unit.write() as s:
            row = self._get(s, Transaction, transaction_id, "transaction")
            before = {name: getattr(row, name) or "" for name in values}
            changed = sorted(name for name, value in values.items() if (value or "") != before[name])
            for name in changed:
                setattr(row, name, " ".join(values[name].split()) if name != "memo" else values[name].strip())
            if changed:
                self.unit.record(s, "transaction.edited", "transaction", row.id, fields=changed)
            account_id = row.account_id
        return (Changes.of("transactions", account_id) if changed else Changes()), before

    def transaction_index(self) -> list[IndexEntry]:
        """Every transaction opened once, newest first, for instant search and filters in the UI.

        Built on a worker in the background; it lives in memory only (never written anywhere).
        """
        return transactions.index(self.vault)

    # --- reports --------------------------------------------------------------------------------------

    def report(self, kind: str, flt: ReportFilter | None = None, by: str = "member",
               base: str = BASE_CURRENCY) -> Report:
        """One of ``REPORT_KINDS`` over ``flt`` (app.ledger.reports): spending by category per month,
        income and spending per month, net worth over time (``by`` member or platform_kind), or cash
        flow between platforms. Reads only; call it on a worker."""
        flt = flt or ReportFilter()
        today = clock.local_today()
        accounts = self.accounts()
        with self.vault.reader() as s:
            if kind == "spending":
                return reports.spending_by_category(self.vault, s, accounts, flt, today, base)
            if kind == "income_spending":
                return reports.income_and_spending(self.vault, s, accounts, flt, today, base)
            if kind == "cash_flow":
                return reports.cash_flow_between_platforms(self.vault, s, accounts, self.platforms(), flt, base)
            if kind == "net_worth":
                if by not in reports.NET_WORTH_BY:
                    raise ValidationError("by", _("unknown grouping {name}").format(name=by))
                names = {m.id: m.name for m in self.members()}
                return reports.net_worth_over_time(self.vault, s, accounts, self.platforms(), names, flt, today,
                                                   base, by)
        raise ValidationError("report", _("unknown report {name}").format(name=kind))

    @staticmethod
    def report_csv(report: Report) -> str:
        """The report as CSV text (a header row, exact decimal amounts)."""
        return reports.csv_text(report)

    def export_report(self, report: Report, path: Path | str) -> None:
        """Write the report as CSV to ``path``, a file only its owner can read (0600)."""
        write_private(Path(path), self.report_csv(report).encode("utf-8"))

    # --- categories and counterparty rules -------------------------------------------------------------

    def category_tree(self, counts: bool = False) -> CategoryTree:
        """The built-in groups and categories with the user's own, named in the interface language;
        ``counts`` opens every transaction once to say how many each category holds (on a worker)."""
        found = user_categories.count_by_category(self.vault) if counts else None
        with self.vault.reader() as s:
            return user_categories.read_tree(s, found)

    def category_names(self) -> dict[str, str]:
        """key -> the user's own name, for their categories and the built-in ones they renamed (the same in
        every language); any other key is shown by ``vocabulary.category``, translated when shown."""
        return self.category_tree().own_names()

    def category_group(self, key: str) -> str:
        """The group any category key reports under: a built-in's group, a user category's parent group
        (a group of the user's own is its own group); "other" for a word no category has."""
        return self.category_tree().group_of(key)

    def category_groups(self) -> dict[str, str]:
        """key -> group for every category of the tree (to group many rows at once)."""
        return self.category_tree().groups_by_key()

    def add_category(self, name: str, parent: str = "") -> tuple[Changes, str]:
        """A category of the user's own under the group ``parent`` (a new group when empty); its key."""
        with self.unit.write() as s:
            row = user_categories.add(self.unit, s, name, parent)
        return Changes.of("categories", row.id), user_categories.user_key(row.id)

    def rename_category(self, key: str, name: str) -> Changes:
        """A new name for any category; an empty name gives a built-in one its own word back."""
        with self.unit.write() as s:
            changed = user_categories.rename(self.unit, s, key, name)
        return Changes.of("categories") if changed else Changes()

    def delete_category(self, key: str) -> tuple[Changes, int]:
        """Delete a category of the user's own (a group with its categories): its transactions and the rules
        naming it move to its parent group ("other" for a group). Returns the changes and the rows moved."""
        with self.unit.write() as s:
            done = user_categories.delete(self.unit, s, key)
        moved = Changes.of("transactions", *done.transactions) if done.transactions else Changes()
        return Changes.of("categories") | moved, sum(done.transactions.values())

    def category_rules(self) -> list[CategoryRuleView]:
        with self.vault.reader() as s:
            return category_rules.rules(s)

    def save_category_rule(self, counterparty: str, category: str) -> tuple[Changes, int]:
        """"Always put ``counterparty`` in ``category``" at every later import and sync (one rule per
        counterparty: an earlier one is replaced); the changes and the rule's id."""
        with self.unit.write() as s:
            rule, changed = category_rules.save(self.unit, s, counterparty, category)
        return (Changes.of("categories", rule.id) if changed else Changes()), rule.id

    def delete_category_rule(self, rule_id: int) -> Changes:
        with self.unit.write() as s:
            category_rules.delete(self.unit, s, rule_id)
        return Changes.of("categories", rule_id)

    def rule_matches(self, counterparty: str, category: str) -> int:
        """How many transactions of ``counterparty`` are in another category (what applying would move)."""
        with self.vault.reader() as s:
            return len(category_rules.matching(self.vault, s, counterparty, category))

    def apply_category_rule(self, counterparty: str, category: str) -> tuple[Changes, dict[int, str]]:
        """Put every transaction of ``counterparty`` in ``category`` (own transfers keep theirs), in one
        write; returns the changes and each moved row's category before, to undo with ``restore_categories``."""
        with self.unit.write() as s:
            before = category_rules.matching(self.vault, s, counterparty, category)
            moved = user_categories.set_categories(s, dict.fromkeys(before, category))
            self.unit.event(s, "transactions.recategorized", reason="rule", count=len(before),
                            accounts=sorted(moved))
        return (Changes.of("transactions", *moved) if moved else Changes()), before

    def restore_categories(self, before: dict[int, str]) -> Changes:
        """Put transactions back in the categories they had (the undo of ``apply_category_rule``)."""
        with self.unit.write() as s:
            moved = user_categories.set_categories(s, before)
            self.unit.event(s, "transactions.recategorized", reason="undo", count=len(before),
                            accounts=sorted(moved))
        return Changes.of("transactions", *moved) if moved else Changes()

    def balance_history(self, since: date, base: str = BASE_CURRENCY) -> list[tuple[date, Decimal]]:
        """Household net worth in ``base`` for each day from ``since`` to today (app.ledger.rates)."""
        accounts = [a for a in self.accounts() if a.balance is not None and not a.damaged]
        moves = transactions.daily_movements(self.vault, since)
        with self.vault.reader() as s:
            return rates.net_worth_history(s, accounts, moves, since, clock.local_today(), base)

    # --- totals and rates -------------------------------------------------------------------------

    def set_rate(self, base: str, quote: str, rate: Decimal, as_of: date | None = None,
                 source: str = "manual") -> tuple[Changes, date]:
        """Record how many ``quote`` one unit of ``base`` buys on ``as_of`` (default today), replacing
        that day's rate from the same source; the day it was kept for."""
        as_of = as_of or clock.local_today()
        if not isinstance(rate, Decimal) or not rate.is_finite() or rate <= 0:
            raise ValidationError("rate", _("must be an exact amount above zero"))
        Money(0, base), Money(0, quote)  # validates both codes
        kept = Rate(base.upper(), quote.upper(), rate, as_of, source)
        with self.unit.write() as s:
            rates.replace(self.vault, s, kept)
            self.unit.record(s, "rates.set", "rates", 0, currency=kept.base, base=kept.quote)
        return Changes.of("rates"), as_of

    def store_rates(self, kept: list[Rate]) -> Changes:
        """Keep rates from a provider (ECB file, platform quote, manual entry)."""
        with self.unit.write() as s:
            added = sum(rates.keep(self.vault, s, r) for r in kept)
            if added:
                self.unit.record(s, "rates.added", "rates", 0, count=added)
        return Changes.of("rates") if added else Changes()

    def import_ecb_rates(self, xml: bytes, base: str = BASE_CURRENCY) -> tuple[Changes, list[Rate]]:
        """Keep every rate of an ECB daily reference-rate file, crossed into ``base``."""
        found = ecb_rates(xml, target=base.upper())
        return self.store_rates(found), found

    def total(self, accounts: list[AccountView], base: str = BASE_CURRENCY) -> Total:
        """Net sum of the accounts' balances in ``base``; currencies without a rate are listed, not guessed."""
        with self.vault.reader() as s:
            return rates.total(s, accounts, base)

    @staticmethod
    def card_number_warning(kind: str, number: str) -> str:
        """A warning for a card number that fails its Luhn check digit, or "" (never a refusal)."""
        return validation.card_number_warning(kind, number)

    def breakdown(self, accounts: list[AccountView], key: Callable[[AccountView], K],
                  base: str = BASE_CURRENCY) -> tuple[Total, dict[K, Total]]:
        """The net total in ``base`` and its parts by ``key``: rounded once, the parts sum exactly to it."""
        with self.vault.reader() as s:
            return rates.breakdown(s, accounts, base, key)

    # --- connected platforms ----------------------------------------------------------------------

    @property
    def sync_service(self) -> SyncService:
        """The sync service of this vault (one per open vault: it keeps where the tokens live)."""
        if self._sync is None:
            self._sync = SyncService(self.unit, connector_options=self.connector_options)
        return self._sync

    def connections(self) -> list[ConnectionView]:
        return self.sync_service.connections()

    def consent_receiver(self, connector_id: str = "openapi") -> ConsentReceiver:
        """Where the browser comes back after a consent (a loopback port open from now on)."""
        make = registry.get(connector_id).consent_receiver
        if make is None:
            raise ValidationError("connector", _("this connector takes no consent in the browser"))
        return make()

    def consent(self, base_url: str, member_id: int, authorize: Callable[[ConsentRequest], str],
                redirect_uri: str, connector_id: str = "openapi") -> ConsentGiven:
        """Discovery and the person's consent; writes nothing (run it off the writer)."""
        return self.sync_service.consent(base_url, member_id, authorize, redirect_uri, connector_id)

    def reconsent(self, connection_id: int, authorize: Callable[[ConsentRequest], str],
                  redirect_uri: str) -> ConsentGiven:
        """Give the consent of an existing connection again (expired, or made before transfers existed):
        the same connection keeps its accounts and history; record it with ``record_connection``."""
        view = next((c for c in self.connections() if c.id == connection_id), None)
        if view is None:
            raise NotFound("connection", connection_id)
        self._bring_up_local_platforms()
        return self.sync_service.consent(view.base_url, view.member_id, authorize, redirect_uri, view.connector,
                                         connection_id=connection_id)

    def record_connection(self, given: ConsentGiven) -> Changes:
        """Keep a consented connection: one short write."""
        return self.sync_service.record(given)

    def connect(self, base_url: str, member_id: int, authorize: Callable[[ConsentRequest], str],
                redirect_uri: str, connector_id: str = "openapi",
                sync_now: bool = True) -> tuple[int, PlatformResult | None]:
        """Consent, record and (unless told not to) a first sync, in one call: the command line."""
        given = self.consent(base_url, member_id, authorize, redirect_uri, connector_id)
        self.record_connection(given)
        if not sync_now:
            return given.connection_id, None
        return given.connection_id, self.refresh(only=[given.connection_id]).results[0]

    def refresh(self, progress: Progress | None = None, only: list[int] | None = None,
                apply: Apply = apply_here) -> SyncReport:
        """Refresh the connected platforms concurrently, on the calling thread; each platform's write
        goes through ``apply`` as it arrives (the window passes its writer). Locking the vault stops it."""
        self._stopping.clear()
        self._bring_up_local_platforms()
        return self.sync_service.refresh(progress, only, apply, self._stopping)

    def known_platforms(self) -> list[KnownPlatform]:
        """Platforms the Connect wizard can offer by name: the local (sandbox) ones this vault uses."""
        return self._local.directory() if self._local is not None else []

    def _bring_up_local_platforms(self) -> None:
        """Serve the demo's sandbox platforms again when connections point to them and none are up."""
        if self._local is not None or not state_dir(self.vault.directory).is_dir():
            return
        if not any(urlsplit(c.base_url).hostname in ("127.0.0.1", "::1", "localhost")
                   for c in self.connections()):
            return
        try:
            provider: LocalPlatformsProvider = plugins.load(plugins.SANDBOX, "sandbox")
        except plugins.PluginMissing:
            return  # the platforms stay unreachable and are reported stale, as any platform that is down
        local = provider.resume(state_dir(self.vault.directory))
        if local is not None:
            self._local, self._local_owned = local, True

    # --- statement imports ------------------------------------------------------------------------

    @property
    def _imports(self) -> ImportService:
        return ImportService(self.unit)

    def read_statement(self, data: bytes, name: str, columns_json: str | None = None,
                       source: str | None = None) -> ReadStatement:
        """Parse an exported file (by its format, or a bank CSV by a column mapping); writes nothing."""
        return self._imports.read(data, name, columns_json, source)

    def guess_columns(self, data: bytes, name: str) -> str:
        """A column mapping guessed from a CSV or spreadsheet no importer recognises (its JSON text)."""
        reader: StatementReader = plugins.load(plugins.STATEMENTS, "files")
        return reader.guess_columns(data, name)

    def column_table(self, data: bytes, name: str, mapping_json: str, limit: int = 20) -> tuple[list[str], list[list[str]]]:
        """The header cells and first rows of a file as a column mapping reads them (for choosing columns)."""
        reader: StatementReader = plugins.load(plugins.STATEMENTS, "files")
        return reader.table(data, name, mapping_json, limit)

    def preview_import(self, read: ReadStatement | ParsedStatement, data: bytes, account_id: int | None = None,
                       section_accounts: dict[int, int] | None = None,
                       instruments: dict[str, int] | None = None) -> ImportPreview:
        """What importing the file would do; writes nothing (``instruments``: paying instruments mapped to
        accounts for this preview only)."""
        if isinstance(read, ParsedStatement):
            read = ReadStatement(read)
        return self._imports.preview(read.parsed, data, account_id=account_id, section_accounts=section_accounts,
                                     mapping=read.mapping, instruments=instruments)

    def commit_import(self, preview: ImportPreview) -> ImportResult:
        """Write the preview's new rows (all or none) and pair own transfers; ``result.changes``."""
        return self._imports.commit(preview)

    def undo_last_import(self) -> ImportResult:
        return self._imports.undo_last()

    def undo_import(self, batch_id: int) -> ImportResult:
        """Undo one import of the history (any committed one, in any order)."""
        return self._imports.undo(batch_id)

    def map_instrument(self, instrument: str, account_id: int) -> Changes:
        """Remember that a paying instrument of the bills (e.g. 招商银行(1234)) is this account."""
        return self._imports.map_instrument(instrument, account_id)

    def column_mappings(self) -> list[dict[str, str]]:
        return self._imports.column_mappings()

    def import_batches(self) -> list[dict[str, Any]]:
        return self._imports.batches()

    def export(self, fmt: str, account_id: int | None = None, since: date | None = None,
               until: date | None = None) -> tuple[str, int]:
        """The transactions (oldest first) as Beancount or CSV text, and how many there are."""
        from app.ledger.export import beancount, csv_text, export_filter

        accounts = [a for a in self.accounts() if account_id is None or a.id == account_id]
        rows = self.find_transactions(export_filter(account_id, since, until), limit=10**9)
        rows.reverse()  # oldest first
        if fmt == "beancount":
            platform_names = {p.id: p.name for p in self.platforms()}
            members = {m.id: m.name for m in self.members()}
            return beancount(accounts, rows, platform_names, members), len(rows)
        if fmt == "csv":
            # A category of the user's own by its name: its key means nothing outside this vault.
            own = {k: v for k, v in self.category_names().items() if user_categories.user_id(k) is not None}
            for r in rows:
                r.category = own.get(r.category, r.category)
            return csv_text(accounts, rows), len(rows)
        raise ValidationError("format", _("unknown export format {name}").format(name=fmt))

    @staticmethod
    def serve_sandbox(port: int, seed: int = 42, faults: str | None = None) -> None:
        """Serve the sandbox platforms on 127.0.0.1 until interrupted (``huiliu sandbox serve``)."""
        provider: LocalPlatformsProvider = plugins.load(plugins.SANDBOX, "sandbox")
        provider.serve(port, seed, faults)

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
            created_at=header.created_at, keyring_remembered=keys.recall(header) is not None or keys.recall_member(header) is not None,
        )

    # --- integrity of the rows -------------------------------------------------------------------------

    def _ensure_integrity(self) -> None:
        """A vault sealed before bound columns and digests existed gets them, once, in one write."""
        with self.unit.write(system=True) as s:
            conn = s.connection()
            if integrity.has_marker(conn):
                return
            if s.scalars(select(AuditEvent.idx).where(AuditEvent.kind == INTEGRITY_EVENT).limit(1)).first() is not None:
                return  # it had digests and they were removed: the check reports it, nothing is re-blessed
            resealed, damaged = integrity.upgrade_legacy(conn, self.vault.sealer, self.vault.integrity_key)
            self.unit.event(s, INTEGRITY_EVENT, resealed=resealed, damaged=len(damaged))

    def check_integrity(self, full: bool = False) -> IntegrityReport:
        """Every account's and table's rows against their sealed digests; ``full`` opens every row too.

        Without ``full``, the rows of the small tables (members, platforms, accounts, balances,
        rates ...) are opened, and transactions only where their account's digest disagrees; that
        is what runs at every unlock. ``audit verify`` opens every row.
        """
        with self.vault.read_connection() as conn:
            report = integrity.check(conn, self.vault.sealer, self.vault.integrity_key, full=full)
        self.integrity_report = report
        return report

    def integrity_problems(self, report: IntegrityReport | None = None) -> list[str]:
        """What the last integrity check found, one translated sentence per problem, naming accounts and rows."""
        report = report or self.integrity_report
        if report is None or report.ok:
            return []
        if not report.enabled:
            return [_("The vault's integrity records are missing or were altered: rows may have been changed, "
                      "moved or deleted outside Huiliu.")]
        out = []
        for p in report.scopes:
            table = _integrity_table_label(p.table)
            if p.scope and p.expected is not None and p.found < p.expected:
                out.append(_("Account #{account}: {missing} of {expected} {table} missing (deleted or moved "
                             "outside Huiliu).").format(account=p.scope, missing=p.expected - p.found,
                                                         expected=p.expected, table=table))
            elif p.scope and p.expected is not None and p.found > p.expected:
                out.append(_("Account #{account}: {extra} {table} more than Huiliu wrote (added or moved in "
                             "outside Huiliu).").format(account=p.scope, extra=p.found - p.expected, table=table))
            elif p.scope:
                out.append(_("Account #{account}: its {table} are not the ones Huiliu wrote (replaced outside "
                             "Huiliu).").format(account=p.scope, table=table))
            else:
                out.append(_("{table}: {found} rows where Huiliu wrote {expected} (changed outside Huiliu).").format(
                    table=table, found=p.found, expected="?" if p.expected is None else p.expected))
        by_table: dict[str, list[int]] = {}
        for table, row in report.damaged:
            by_table.setdefault(table, []).append(row)
        for table, rows in by_table.items():
            shown = ", ".join(f"#{r}" for r in rows[:20]) + (" …" if len(rows) > 20 else "")
            out.append(_("Records that fail their integrity check (changed outside Huiliu): {table} {rows}.").format(
                table=_integrity_table_label(table), rows=shown))
        return out

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


INTEGRITY_EVENT = "vault.integrity_sealed"


def _accounts_named(subject: dict[str, Any], details: dict[str, Any], batches: dict[int, set[int]],
                    s: Session) -> set[int]:
    """The accounts an audit event is about (its subject, an ``account`` detail, an import's accounts)."""
    found: set[int] = set()
    kind, ident = subject.get("type"), subject.get("id")
    if kind == "account" and isinstance(ident, int):
        found.add(ident)
    for key in ("account", "account_id", "from_account", "to_account"):
        value = details.get(key)
        if isinstance(value, int):
            found.add(value)
    value = details.get("accounts")
    if isinstance(value, list) and kind != "member":  # (a member's key event lists the accounts wrapped)
        found.update(v for v in value if isinstance(v, int))
    if kind in ("transaction",) and isinstance(ident, int):
        row = s.connection().execute(text("SELECT account_id FROM transactions WHERE id = :i"), {"i": ident}).first()
        found.add(int(row[0]) if row else -1)
    if kind == "connection" and isinstance(ident, int):
        rows = s.connection().execute(text("SELECT id FROM accounts WHERE connection_id = :c"), {"c": ident}).fetchall()
        found |= {int(r[0]) for r in rows}
    if kind == "import" and isinstance(ident, int):
        if ident not in batches:
            rows = s.connection().execute(text(
                "SELECT DISTINCT account_id FROM transactions WHERE import_batch = :b"), {"b": ident}).fetchall()
            batches[ident] = {int(r[0]) for r in rows}
        found |= batches[ident]
    return found


def _integrity_table_label(table: str) -> str:
    labels = {
        "members": _("members"), "platforms": _("platforms"), "accounts": _("accounts"),
        "connections": _("connections"), "sync_cursors": _("sync positions"), "balances": _("balances"),
        "transactions": _("transactions"), "import_batches": _("imports"),
        "instrument_mappings": _("payment instrument mappings"), "column_mappings": _("column mappings"),
        "fx_rates": _("exchange rates"), "signing_keys": _("signing keys"),
        "user_categories": _("categories"), "category_names": _("category names"),
        "category_rules": _("category rules"),
        "approvals": _("approval requests"), "approval_votes": _("approval decisions"),
        "family_links": _("family links"), "allowances": _("allowances"), "joint_holders": _("joint holders"),
        "payees": _("payees"), "transfers": _("transfer records"), "transfer_events": _("transfer steps"),
        "stepup_factors": _("verification methods"), "policy_settings": _("policy settings"),
    }
    return labels.get(table, table)


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


def read_statement_file(path: str | Path) -> bytes:
    """A statement file's bytes for ``read_statement``; one larger than the limit is refused unread."""
    from app.ledger.statements import read_statement_file as read

    return read(str(path))


def verify_audit_readonly(directory: Path | str) -> VerifyReport:
    """Audit verification needs only the public key in the header, not the passphrase."""
    return run_readonly(directory, lambda s, h: audit.verify(s, h.vault_id, h.signing_public_key))
