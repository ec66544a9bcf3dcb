"""The vault on disk: a directory with ``header.json``, ``vault.db`` (SQLite, WAL) and ``vault.lock``;
or a shared PostgreSQL database several computers of one household open at once (``Vault.create_at_url``,
``Vault.open_url``): the header then lives in the database (``vault_header``), ids come from it
(``id_blocks``), writes are serialised by its advisory lock, and there is no lock file and no backup.

Opening order matters: the header is read and the data key unwrapped first, so a wrong passphrase
changes nothing on disk; then the lock file is taken (a second writer gets VaultAlreadyOpen); then,
only if the schema is behind, the database and header are backed up and alembic upgrades it.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filelock import FileLock, Timeout
from sqlalchemy import Connection, Engine, create_engine, event, func, insert, inspect, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria
from sqlalchemy.orm.exc import StaleDataError

from app import files
from app.errors import (
    EditConflict,
    ReadOnlyVault,
    SchemaTooNew,
    VaultAlreadyOpen,
    VaultCorrupt,
    VaultExists,
    VaultIncomplete,
    VaultLocked,
    VaultNotFound,
)
from app.i18n import _
from app.vault import crypto, household, integrity, keys, sql
from app.vault.keychain import KeyChain
from app.vault.keys import DataKeys, Header
from app.vault.schema import (
    Account,
    BalanceSnapshot,
    Base,
    IdBlock,
    InstrumentMapping,
    SyncCursor,
    Transaction,
    VaultHeaderRow,
)
from app.vault.sealing import open_payload, seal_payload
from app.vault.types import utcnow

if TYPE_CHECKING:
    from alembic.config import Config

# alembic is imported only to create or upgrade a vault (~0.1 s of every command's start-up otherwise):
# opening an up-to-date vault compares the database's revision with the head the migration scripts
# declare, read without importing them.

DB_NAME = "vault.db"
LOCK_NAME = "vault.lock"
BACKUP_DIR = "backups"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def upgrade(engine: Engine) -> None:
    """Bring the schema to the head revision in one transaction.

    SQLite changes a table by copying it, which foreign keys would refuse mid-way; they are switched
    off for the migration (outside the transaction, as SQLite requires) and checked before commit.
    """
    if engine.dialect.name != "sqlite":
        with engine.connect() as conn, conn.begin():
            # Two computers upgrading one shared database at once: the second waits, then finds it done.
            sql.advisory_lock(conn, sql.MIGRATION_LOCK)
            from alembic import command

            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        return
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        try:
            with conn.begin():
                from alembic import command

                cfg = alembic_config()
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise VaultCorrupt(_("the migration left {n} broken references").format(n=len(broken)))
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    # 64 MiB of page cache (SQLite's default is 2 MiB): the unique index on (account, fingerprint)
    # takes random keys, and a 100k-row import then stays in memory instead of re-reading pages.
    cur.execute("PRAGMA cache_size=-65536")
    # Keep SQLite's temporary b-trees in memory: nothing derived from the vault goes to temp files.
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def make_engine(db_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{db_path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _on_connect)
    return engine


def database_url(url: str) -> str:
    """A PostgreSQL URL as SQLAlchemy takes it: ``postgresql://`` means psycopg 3 (the driver installed)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def shown_url(url: str) -> str:
    """The URL without its password, for messages."""
    return make_url(database_url(url)).render_as_string(hide_password=True)


def make_url_engine(url: str) -> Engine:
    """An engine on a shared database (PostgreSQL)."""
    # A write waits for another computer's write at most a minute (then fails, changing nothing) rather
    # than for ever: a lock never let go, or a write nested in another, is an error, not a hang.
    engine = create_engine(database_url(url), pool_pre_ping=True,
                           connect_args={"options": "-c lock_timeout=60000"})
    if engine.dialect.name != "postgresql":
        engine.dispose()
        raise ValueError(_("a shared vault needs a PostgreSQL database (postgresql://...)"))
    return engine


def read_db_header(engine: Engine) -> Header | None:
    """The header kept in a shared database, None when it holds no vault."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VaultHeaderRow.__tablename__):
            return None
        body = conn.execute(select(VaultHeaderRow.body).where(VaultHeaderRow.id == 1)).scalar()
    return None if body is None else Header.from_json(json.loads(body))


def header_json(header: Header) -> str:
    return json.dumps(header.to_json(), sort_keys=True)


def is_vault(directory: Path) -> bool:
    return (directory / keys.HEADER_NAME).is_file() and (directory / DB_NAME).is_file()


# What a vault directory may hold; any of these without a whole vault is a creation cut off.
VAULT_FILES = (keys.HEADER_NAME, f"{keys.HEADER_NAME}.tmp", ".header.json.tmp", DB_NAME, f"{DB_NAME}-wal",
               f"{DB_NAME}-shm", f"{DB_NAME}-journal", LOCK_NAME, BACKUP_DIR, "sandbox")
STAGING_MARK = ".huiliu-new-"


def vault_state(directory: Path) -> str:
    """``absent``, ``empty`` (a folder with nothing in it), ``vault``, ``incomplete`` or ``occupied``."""
    directory = Path(directory)
    if not directory.exists():
        return "absent"
    if is_vault(directory):
        return "vault"
    if not directory.is_dir():
        return "occupied"
    names = set(os.listdir(directory))
    if not names:
        return "empty"
    return "incomplete" if names & set(VAULT_FILES) else "occupied"


def remove_incomplete(directory: Path) -> None:
    """Delete the vault files of a creation cut off (never anything else the folder holds)."""
    if vault_state(directory) != "incomplete":
        return
    for name in VAULT_FILES:
        path = directory / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()


def staging_dirs(target: Path) -> list[Path]:
    """Folders beside ``target`` where a vault for it is (or was, until killed) being built."""
    parent = target.parent
    if not parent.is_dir():
        return []
    prefix = f".{target.name}{STAGING_MARK}"
    return sorted(p for p in parent.iterdir() if p.name.startswith(prefix) and p.is_dir())


def clean_stale_staging(target: Path) -> None:
    """Remove what killed creations left beside ``target`` (a running creation holds its lock: kept)."""
    for path in staging_dirs(target):
        lock = FileLock(str(path / LOCK_NAME), timeout=0, is_singleton=False, thread_local=False,
                        mode=files.FILE_MODE)
        try:
            lock.acquire()
        except Timeout:
            continue
        try:
            shutil.rmtree(path, ignore_errors=True)
        finally:
            lock.release()


def new_staging(target: Path) -> Path:
    """A fresh folder beside ``target`` to build a vault in (same file system, so a rename moves it)."""
    import secrets

    target.parent.mkdir(parents=True, exist_ok=True)  # (the parent's own mode is the person's business)
    return target.parent / f".{target.name}{STAGING_MARK}{secrets.token_hex(4)}"


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Vault:
    """An open, unlocked vault: engine, keys, lock. Close or lock it to drop the keys."""

    def __init__(self, directory: Path, header: Header, data_keys: DataKeys, lock: FileLock | None, engine: Engine):
        # A shared database's "directory" is its URL (without password): nothing is ever written there.
        self.directory = directory
        self.header = header
        self._keys: DataKeys | None = data_keys
        self._sealer: KeyChain | None = KeyChain(data_keys.seal_key, data_keys.key_id)
        # Who unlocked (None: a vault whose members have no key pairs yet, opened by its one passphrase),
        # their SM2 private key while unlocked, and the owner's passphrase run through the header's KDF
        # (kept only until the vault has key pairs: sealing the owner's keyring needs it once).
        self.member_id: int | None = None
        self._private_key: str | None = None
        self._owner_kek: bytes | None = None
        self._integrity_key: bytes | None = integrity.integrity_key(data_keys.data_key)
        self._lock = lock
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._use_readers(engine)
        self._ids: dict[str, int] = {}
        self._id_lock = threading.Lock()
        self.read_only = False

    def _use_readers(self, engine: Engine) -> None:
        # Reads of several statements see one snapshot: on a shared database other computers commit
        # in between (REPEATABLE READ there; a SQLite read transaction already is one).
        self._readers = (engine.execution_options(isolation_level="REPEATABLE READ")
                         if engine.dialect.name == "postgresql" else engine)
        self._read_sessions = sessionmaker(self._readers, expire_on_commit=False)

    def read_connection(self) -> Connection:
        """A connection whose reads see one snapshot of the vault (for checks reading every table)."""
        return self._readers.connect()

    @property
    def shared(self) -> bool:
        """Whether this vault is a database several computers open at once (PostgreSQL), not a file."""
        return self.engine.dialect.name != "sqlite"

    # --- creating and opening -----------------------------------------------------------------

    @classmethod
    def create(cls, directory: Path, passphrase: str, signing_public_key: str, kdf: dict[str, Any] | None = None) -> Vault:
        directory = Path(directory)
        if (directory / keys.HEADER_NAME).exists() or (directory / DB_NAME).exists():
            raise VaultExists(directory)
        files.private_dir(directory)  # also a folder the person chose, which may be 0755
        lock = cls._take_lock(directory)
        try:
            header, data_key, kek = keys.new_header(passphrase, signing_public_key, kdf)
            header.schema_hint = head_revision()
            files.private_file(directory / DB_NAME)  # before SQLite: its -wal and -shm copy these modes
            engine = make_engine(directory / DB_NAME)
            upgrade(engine)
            # The header is written last: a crash before this leaves no half-made vault that opens.
            header.write(directory)
        except BaseException:
            lock.release()
            raise
        vault = cls(directory, header, DataKeys.from_data_key(data_key), lock, engine)
        vault._owner_kek = kek  # to seal the first member's (the owner's) keys
        return vault

    @classmethod
    def create_at_url(cls, url: str, passphrase: str, signing_public_key: str,
                      kdf: dict[str, Any] | None = None) -> Vault:
        """A new vault in an empty shared database: the schema, and the header in ``vault_header``."""
        engine = make_url_engine(url)
        try:
            if read_db_header(engine) is not None:
                raise VaultExists(shown_url(url))
            header, data_key, kek = keys.new_header(passphrase, signing_public_key, kdf)
            header.schema_hint = head_revision()
            upgrade(engine)
            with engine.begin() as conn:
                sql.advisory_lock(conn, sql.MIGRATION_LOCK)
                if conn.execute(select(VaultHeaderRow.id)).first() is not None:
                    raise VaultExists(shown_url(url))  # another computer made one meanwhile
                conn.execute(insert(VaultHeaderRow).values(id=1, body=header_json(header)))
        except BaseException:
            engine.dispose()
            raise
        vault = cls(Path(shown_url(url)), header, DataKeys.from_data_key(data_key), None, engine)
        vault._owner_kek = kek
        return vault

    @classmethod
    def open_url(cls, url: str, passphrase: str | None = None, data_key: bytes | None = None,
                 read_only: bool = False, member_id: int | None = None,
                 member_key: tuple[int, str] | None = None) -> Vault:
        """The unlocked vault in a shared database, as ``open`` does for a file: the owner's passphrase
        (the header in ``vault_header``) or a member's own secret. No lock: other computers may have it
        open too; writes are serialised by the database."""
        engine = make_url_engine(url)
        try:
            header = read_db_header(engine)
            if header is None:
                raise VaultNotFound(shown_url(url))
            private_key: str | None = None
            kek: bytes | None = None
            if member_id is not None or member_key is not None:
                member_id, private_key, data_key = cls._unlock_member(engine, header, member_id, passphrase,
                                                                      member_key)
            elif data_key is None:
                if passphrase is None:
                    raise VaultLocked()
                kek = keys.derive_kek(passphrase, header.kdf)
                data_key = keys.unwrap(header, passphrase, kek=kek)
            elif crypto.key_id_for(data_key).hex() != header.key_id:
                raise VaultCorrupt(_("the remembered key does not belong to this vault"))
            current = cls.current_revision(engine)
            if current != (_declared_head() or head_revision()):
                if read_only:
                    raise ReadOnlyVault(_("this vault's schema must be upgraded first: open it once normally"))
                cls._migrate_shared(engine, header, current)
            data_keys = DataKeys.from_data_key(data_key, _kept_fingerprint_key(engine, data_key))
        except BaseException:
            engine.dispose()
            raise
        vault = cls(Path(shown_url(url)), header, data_keys, None, engine)
        vault.read_only = read_only
        try:
            vault._take_member(member_id, private_key, passphrase, kek)
        except BaseException:
            vault.close()
            raise
        return vault

    @classmethod
    def _migrate_shared(cls, engine: Engine, header: Header, current: str | None) -> None:
        """Upgrade a shared database's schema (no backup: the database's own backups are its keeper's)."""
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(alembic_config())
        if current is None:
            raise VaultCorrupt(_("the database has no schema version"))
        if current not in {rev.revision for rev in script.walk_revisions()}:
            raise SchemaTooNew(current, str(script.get_current_head()))
        upgrade(engine)

    @classmethod
    def read_header(cls, directory: Path) -> Header:
        directory = Path(directory)
        if not is_vault(directory):
            if vault_state(directory) == "incomplete":
                raise VaultIncomplete(directory)
            raise VaultNotFound(directory)
        return Header.read(directory)

    def move_to(self, target: Path) -> None:
        """Move this whole, freshly built vault into place in one rename, and keep it open there.

        ``target`` is absent or an empty folder (rename replaces an empty folder atomically). Until
        the rename, nothing is at ``target``; after it, the whole vault is. The database is folded
        and closed first and opened again at its new place; the keys stay in memory.
        """
        target = Path(target)
        self.engine.dispose()
        conn = sqlite3.connect(self.directory / DB_NAME)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        for path in self.directory.rglob("*"):
            if path.is_file():
                fd = os.open(path, os.O_RDONLY)
                try:
                    os.fsync(fd)
                finally:
                    os.close(fd)
        fsync_dir(self.directory)
        os.replace(self.directory, target)
        fsync_dir(target.parent)
        if self._lock is not None:
            self._lock.release()
        self.directory = target
        self._lock = self._take_lock(target)
        self.engine = make_engine(target / DB_NAME)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._use_readers(self.engine)

    @classmethod
    def open(cls, directory: Path, passphrase: str | None = None, data_key: bytes | None = None,
             read_only: bool = False, member_id: int | None = None,
             member_key: tuple[int, str] | None = None) -> Vault:
        """The unlocked vault. ``read_only`` (a dry run) changes no file: no migration, no finishing of
        a cut-off passphrase change (both refused with a message), no mode fixes, no checkpoint at close.

        ``member_id`` with ``passphrase`` (their passphrase or PIN) unlocks as that member: their key
        pair opens the household key and the account keys wrapped to them, nothing else. Without it,
        the passphrase is the owner's (header.json). ``member_key`` is (member, private key) remembered
        on this computer."""
        directory = Path(directory)
        header = cls.read_header(directory)
        lock: FileLock | None = None
        if pending_header(directory) is not None:
            if read_only:
                raise ReadOnlyVault(_("a passphrase change must be finished first: open the vault once normally"))
            # A passphrase change or re-key committed but cut off before header.json was replaced:
            # finish it first (under the lock, so a change still running elsewhere is left alone).
            lock = cls._take_lock(directory)
            try:
                header = finish_pending(directory) or header
            except BaseException:
                lock.release()
                raise
        private_key: str | None = None
        kek: bytes | None = None
        try:
            if member_id is not None or member_key is not None:
                member_engine = make_engine(directory / DB_NAME)
                try:
                    member_id, private_key, data_key = cls._unlock_member(member_engine, header, member_id,
                                                                          passphrase, member_key)
                finally:
                    member_engine.dispose()
            elif data_key is None:
                if passphrase is None:
                    raise VaultLocked()
                kek = keys.derive_kek(passphrase, header.kdf)
                data_key = keys.unwrap(header, passphrase, kek=kek)
            elif crypto.key_id_for(data_key).hex() != header.key_id:
                raise VaultCorrupt(_("the remembered key does not belong to this vault"))
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        if lock is None:
            lock = cls._take_lock(directory)
        try:
            engine = make_engine(directory / DB_NAME)
            if read_only:
                if cls.current_revision(engine) != (_declared_head() or head_revision()):
                    raise ReadOnlyVault(_("this vault's schema must be upgraded first: open it once normally"))
            else:
                files.make_private(directory)  # a vault made before modes were set, or copied with others'
                for stray in (directory / f"{keys.HEADER_NAME}.tmp",):
                    stray.unlink(missing_ok=True)  # a header write cut off before its change committed
                cls._migrate(directory, header, engine)
            data_keys = DataKeys.from_data_key(data_key, _kept_fingerprint_key(engine, data_key))
        except BaseException:
            lock.release()
            raise
        vault = cls(directory, header, data_keys, lock, engine)
        vault.read_only = read_only
        try:
            vault._take_member(member_id, private_key, passphrase, kek)
        except BaseException:
            vault.close()
            raise
        return vault

    @classmethod
    def _unlock_member(cls, engine: Engine, header: Header, member_id: int | None, secret: str | None,
                       member_key: tuple[int, str] | None) -> tuple[int, str, bytes]:
        """(member, private key, household key) from a member's own secret, before the lock is taken."""
        with engine.connect() as conn:
            if member_key is not None:
                member_id, private_key = member_key
                found = household.keyring_of(conn, member_id)
                if found is None or crypto.sm2_public_from_private(private_key) != found[0].public_key.lower():
                    raise VaultCorrupt(_("the remembered key does not belong to this vault"))
            else:
                assert member_id is not None
                if secret is None:
                    raise VaultLocked()
                if household.keyring_of(conn, member_id) is None:
                    raise VaultCorrupt(_("member {member} has no passphrase or PIN of their own yet: "
                                         "the owner sets one on the Household page").format(member=member_id))
                _keyring, private_key = household.open_keyring(conn, header.vault_id, member_id, secret)
            data_key = household.household_key(private_key, household.wraps_of(conn, member_id))
        if data_key is None:
            raise VaultCorrupt(_("member {member} was not given the household key").format(member=member_id))
        if crypto.key_id_for(data_key).hex() != header.key_id:
            raise VaultCorrupt(_("the household key wrapped to this member is not this vault's"))
        return member_id, private_key, data_key

    def _take_member(self, member_id: int | None, private_key: str | None, passphrase: str | None,
                     kek: bytes | None) -> None:
        """Load the account keys of who unlocked: the given member, or the owner when the header's
        passphrase opened a vault with key pairs."""
        with self.engine.connect() as conn:
            keyed = household.is_keyed(conn)
            if not keyed:
                self._owner_kek = kek
                return
            if member_id is None:
                if passphrase is None:
                    raise VaultCorrupt(_("this vault's members have keys of their own: unlock with a passphrase"))
                member_id = household.owner_of(conn, self.header.kdf)
                if member_id is None:
                    raise VaultCorrupt(_("this vault has member keys but no owner"))
                _keyring, private_key = household.open_keyring(conn, self.header.vault_id, member_id, passphrase,
                                                               kek=kek)
            assert private_key is not None
            held = household.account_keys(private_key, household.wraps_of(conn, member_id))
        data_keys = self.keys
        self._sealer = KeyChain(data_keys.seal_key, data_keys.key_id, held, keyed=True)
        self.member_id = member_id
        self._private_key = private_key

    @property
    def keyed(self) -> bool:
        return self.sealer.keyed

    @property
    def private_key(self) -> str:
        if self._private_key is None:
            raise VaultLocked()
        return self._private_key

    @property
    def owner_kek(self) -> bytes | None:
        return self._owner_kek

    def become_keyed(self, chain: KeyChain, member_id: int, private_key: str) -> None:
        """Seal with per-account keys from now on (after the owner's key pair was made and committed)."""
        self._sealer = chain
        self.member_id = member_id
        self._private_key = private_key
        self._owner_kek = None

    @staticmethod
    def is_open_elsewhere(directory: Path) -> bool:
        """Whether another process (or another open ``Vault``) holds this vault's lock right now.

        Cheap and key-free, for asking before a passphrase is typed: no header is read, no key derived,
        nothing written (a vault without a lock file was never opened, so nothing holds it). The lock is
        tried for an instant and released; only an open that starts in that instant could be turned away.
        """
        if not (Path(directory) / LOCK_NAME).exists():
            return False
        try:
            lock = Vault._take_lock(Path(directory))
        except VaultAlreadyOpen:
            return True
        lock.release()
        return False

    @staticmethod
    def _take_lock(directory: Path) -> FileLock:
        lock = FileLock(str(directory / LOCK_NAME), timeout=0, is_singleton=False, thread_local=False,
                        mode=files.FILE_MODE)
        try:
            lock.acquire()
        except Timeout:
            raise VaultAlreadyOpen(directory) from None
        return lock

    @staticmethod
    def current_revision(engine: Engine) -> str | None:
        """The database's schema revision (alembic's version table), None when it has none."""
        with engine.connect() as conn:
            if engine.dialect.name != "sqlite":
                if not inspect(conn).has_table("alembic_version"):
                    return None
            elif conn.exec_driver_sql(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").first() is None:
                return None
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
            if len(rows) <= 1:
                return rows[0][0] if rows else None
            from alembic.runtime.migration import MigrationContext

            return MigrationContext.configure(conn).get_current_revision()  # raises, naming the heads

    @classmethod
    def _migrate(cls, directory: Path, header: Header, engine: Engine) -> None:
        current = cls.current_revision(engine)
        if current is not None and current == _declared_head():
            return  # the everyday open: up to date, no alembic needed
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(alembic_config())
        head = script.get_current_head()
        if current == head:
            return
        if current is None:
            raise VaultCorrupt(_("the database has no schema version"))
        known = {rev.revision for rev in script.walk_revisions()}
        if current not in known:
            raise SchemaTooNew(current, str(head))
        backup(directory, engine, f"before-{head}")
        upgrade(engine)
        header.schema_hint = str(head)
        header.write(directory)

    # --- keys -----------------------------------------------------------------------------------

    @property
    def keys(self) -> DataKeys:
        if self._keys is None:
            raise VaultLocked()
        return self._keys

    @property
    def sealer(self) -> KeyChain:
        if self._sealer is None:
            raise VaultLocked()
        return self._sealer

    @property
    def integrity_key(self) -> bytes:
        if self._integrity_key is None:
            raise VaultLocked()
        return self._integrity_key

    @property
    def is_open(self) -> bool:
        return self._keys is not None

    def fingerprint(self, kind: str, value: str) -> bytes:
        """HMAC-SM3 of a normalised value: equal values match, nothing about the value leaks."""
        normalized = " ".join(value.split()).casefold()
        return crypto.hmac_sm3(self.keys.fingerprint_key, kind.encode() + b"\x00" + normalized.encode("utf-8"))

    def seal(self, table: str, row_id: int, values: dict[str, Any], bound: Sequence[Any] = ()) -> bytes:
        return seal_payload(self.sealer, table, row_id, values, bound)

    def open_sealed(self, table: str, row_id: int, envelope: bytes, bound: Sequence[Any] = ()) -> dict[str, Any]:
        return open_payload(self.sealer, table, row_id, envelope, bound)

    # --- sessions and ids -------------------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work; commits on success, rolls back on any error (refused on a read-only vault).

        Every sealed row it adds, changes or deletes moves its scope's integrity digest, written in
        the same transaction just before the commit.
        """
        if self.read_only:
            raise ReadOnlyVault()
        sealer = self.sealer
        tracker = integrity.Tracker(self.integrity_key)
        with self._sessions() as session:
            session.info["sealer"] = sealer
            session.info["integrity"] = tracker
            _show_only_held(session, sealer)
            if self.shared:
                # One writer at a time on a shared database, for the whole write: the audit log's next
                # leaf, the integrity digests and the ids' dedup all read what the last writer committed.
                sql.advisory_lock(session.connection(), sql.WRITE_LOCK)
            try:
                yield session
                session.flush()
                tracker.commit(session.connection(), sealer)
                session.commit()
            except StaleDataError as exc:
                stale = _stale_record(session, exc)
                session.rollback()
                raise EditConflict(*stale) from exc
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def reader(self) -> Iterator[Session]:
        """A read-only session (never commits)."""
        sealer = self.sealer
        with self._read_sessions() as session:
            session.info["sealer"] = sealer
            _show_only_held(session, sealer)
            yield session

    def next_ids(self, table: str, count: int = 1) -> range:
        """Ids for new rows, assigned before insert so sealed payloads can bind to them."""
        model = Base.metadata.tables[table]
        pk = next(iter(model.primary_key.columns))
        if self.shared:
            return self._shared_ids(table, pk, count)
        with self._id_lock:
            if table not in self._ids:
                with self.engine.connect() as conn:
                    self._ids[table] = (conn.execute(select(func.max(pk))).scalar() or 0) + 1
            start = self._ids[table]
            self._ids[table] = start + count
        return range(start, start + count)

    def next_id(self, table: str) -> int:
        return self.next_ids(table, 1)[0]

    def _shared_ids(self, table: str, pk: Any, count: int) -> range:
        """A block of ids from ``id_blocks`` (committed at once, on its own connection: a row lock held for
        one statement, so computers writing at the same time never get the same id and never wait long)."""
        blocks = Base.metadata.tables[IdBlock.__tablename__]
        take = (blocks.update().where(blocks.c.name == table).values(next_id=blocks.c.next_id + count)
                .returning(blocks.c.next_id))
        with self.engine.begin() as conn:
            end = conn.execute(take).scalar()
            if end is None:  # the table's first block: start after what it holds
                first = select(func.coalesce(func.max(pk), 0) + 1).scalar_subquery()
                from sqlalchemy.dialects.postgresql import insert as pg_insert

                conn.execute(pg_insert(blocks).values(name=table, next_id=first).on_conflict_do_nothing())
                end = conn.execute(take).scalar()
        assert end is not None
        return range(int(end) - count, int(end))

    # --- passphrase and closing -------------------------------------------------------------------

    def install_header(self, header: Header) -> None:
        """Put a header committed in ``vault_journal`` in place (header.json, the backups), then clear it.
        (A shared database's header was committed in ``vault_header`` with the change itself.)"""
        if not self.shared:
            finish_pending(self.directory)
        self.header = header

    def journal_header(self, conn: Any, kind: str, header: Header) -> None:
        """Commit ``header`` with the write on ``conn``: in ``vault_journal`` for a file (installed in
        header.json after the commit), in ``vault_header`` itself for a shared database."""
        if self.shared:
            conn.execute(update(VaultHeaderRow).where(VaultHeaderRow.id == 1).values(body=header_json(header)))
            return
        sql.run(conn, "DELETE FROM vault_journal")
        sql.run(conn, "INSERT INTO vault_journal (id, kind, body) VALUES (1, ?, ?)", (kind, header_json(header)))

    def use_keys(self, data_keys: DataKeys) -> None:
        """Seal and open with new keys from now on (after a re-key committed)."""
        self._keys = data_keys
        old = self._sealer
        self._sealer = (old.with_household(data_keys.seal_key, data_keys.key_id) if old is not None
                        else KeyChain(data_keys.seal_key, data_keys.key_id))
        self._integrity_key = integrity.integrity_key(data_keys.data_key)

    def close(self) -> None:
        """Drop the keys, dispose the engine (checkpointing the WAL) and release the lock."""
        self._keys = None
        self._sealer = None
        self._integrity_key = None
        self._private_key = None
        self._owner_kek = None
        self.engine.dispose()
        if self._lock is None:
            return  # a shared database: no file to fold in, no lock to release
        try:
            if self.read_only:
                raise sqlite3.Error("nothing was written: nothing to fold in")
            conn = sqlite3.connect(self.directory / DB_NAME)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.close()
        except sqlite3.Error:
            pass  # another reader holds it; the WAL is folded in at the next open
        if self._lock.is_locked:
            self._lock.release()


# What EditConflict calls the rows of each table (the record words of ``app.ledger.vocabulary``).
RECORD_KINDS = {"members": "member", "platforms": "platform", "accounts": "account", "transactions": "transaction",
                "import_batches": "import", "user_categories": "category", "category_names": "category",
                "category_rules": "category_rule", "approvals": "approval", "family_links": "family_link",
                "allowances": "allowance", "joint_holders": "joint_holder",
                "payees": "payee", "transfers": "transfer", "stepup_factors": "stepup_factor",
                "policy_settings": "policy_setting"}


def _stale_record(session: Session, exc: StaleDataError) -> tuple[str, object]:
    """(kind, id) of the row whose version someone else moved first, for EditConflict."""
    message = str(exc)
    for obj in [*session.dirty, *session.deleted]:
        table = getattr(obj, "__tablename__", "")
        if table and f"'{table}'" in message:
            ident = session.identity_key(instance=obj)[1]
            return RECORD_KINDS.get(table, table), ident[0] if len(ident) == 1 else ident
    return "record", "?"


def _show_only_held(session: Session, chain: KeyChain) -> None:
    """Let the session's ORM queries see only the accounts (and their rows) whose keys ``chain`` holds."""
    balance, transactions = chain.held("balance"), chain.held("transactions")
    if balance is not None and transactions is not None:
        session.info["visible"] = (sorted(balance), sorted(transactions))


@event.listens_for(Session, "do_orm_execute")
def _filter_to_held(state: ORMExecuteState) -> None:
    """Every ORM SELECT of an account-scoped table in a member's session gets ``account in what they hold``:
    rows sealed under keys they were not given are never loaded (they could not be opened anyway)."""
    visible = state.session.info.get("visible")
    if visible is None or not state.is_select or state.is_column_load or state.is_relationship_load:
        return
    balance, transactions = visible
    state.statement = state.statement.options(
        with_loader_criteria(Account, Account.id.in_(balance), include_aliases=True),
        with_loader_criteria(BalanceSnapshot, BalanceSnapshot.account_id.in_(balance), include_aliases=True),
        with_loader_criteria(InstrumentMapping, InstrumentMapping.account_id.in_(balance), include_aliases=True),
        with_loader_criteria(Transaction, Transaction.account_id.in_(transactions), include_aliases=True),
        with_loader_criteria(SyncCursor, SyncCursor.account_id.in_(transactions), include_aliases=True),
    )


@functools.cache
def _declared_head() -> str | None:
    """The one revision no migration script revises, read from the scripts' literal assignments.

    None when the scripts say anything this reading does not follow (several heads, a computed
    value, a file that does not parse): then alembic decides, as it always may.
    """
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in sorted((MIGRATIONS / "versions").glob("*.py")):
        values: dict[str, Any] = {}
        try:
            for node in ast.parse(path.read_text("utf-8")).body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                        and node.targets[0].id in ("revision", "down_revision"):
                    values[node.targets[0].id] = ast.literal_eval(node.value)
        except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
            return None
        revision, down = values.get("revision"), values.get("down_revision")
        if not isinstance(revision, str):
            continue  # not a migration script (alembic skips it too)
        revisions.add(revision)
        if isinstance(down, str):
            revised.add(down)
        elif isinstance(down, tuple | list) and all(isinstance(d, str) for d in down):
            revised.update(down)
        elif down is not None:
            return None
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


# --- headers committed in the database first ----------------------------------------------------------

JOURNAL_KINDS = ("passphrase", "rekey")
SECRETS_AAD = b"huiliu2|vault_secrets|sealed|1|"


def pending_header(directory: Path) -> tuple[str, Header] | None:
    """The header a committed passphrase change or re-key left to install, if any (read without keys)."""
    db = directory / DB_NAME
    if not db.is_file():
        return None
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT kind, body FROM vault_journal ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        return None  # a schema before 0004: nothing can be pending
    finally:
        conn.close()
    if row is None or row[0] not in JOURNAL_KINDS:
        return None
    return str(row[0]), Header.from_json(json.loads(row[1]))


def finish_pending(directory: Path) -> Header | None:
    """Install the pending header (the caller holds the lock): header.json, and the backups' copies.

    After a passphrase change every backup's header copy is re-wrapped too (same data key, new
    passphrase), so no file on disk still opens with the old passphrase; after a re-key the
    backups are deleted (their rows are sealed under the old key). Then the journal is cleared.
    """
    pending = pending_header(directory)
    if pending is None:
        return None
    kind, header = pending
    header.write(directory)
    backups = directory / BACKUP_DIR
    if backups.is_dir():
        if kind == "rekey":
            shutil.rmtree(backups)
        else:
            for copy in sorted(backups.glob(f"*/{keys.HEADER_NAME}")):
                try:
                    hint = Header.read(copy.parent).schema_hint
                except VaultCorrupt:
                    hint = ""
                replace(header, schema_hint=hint).write(copy.parent)
    conn = sqlite3.connect(directory / DB_NAME)
    try:
        with conn:
            conn.execute("DELETE FROM vault_journal")
    finally:
        conn.close()
    return header


def _kept_fingerprint_key(engine: Engine, data_key: bytes) -> bytes | None:
    """The fingerprint key a re-key kept (sealed in vault_secrets), or None: then it derives from the data key."""
    keys_now = DataKeys.from_data_key(data_key)
    with engine.connect() as conn:
        try:
            row = conn.exec_driver_sql("SELECT sealed FROM vault_secrets WHERE id = 1").first()
        except Exception:  # noqa: BLE001 - a schema before 0004 has no such table
            return None
    if row is None:
        return None
    sealer = crypto.Sealer(keys_now.seal_key, keys_now.key_id)
    try:
        values = json.loads(sealer.open(bytes(row[0]), SECRETS_AAD))
        return bytes.fromhex(values["fingerprint_key"])
    except (crypto.AuthenticationFailed, ValueError, KeyError) as exc:
        raise VaultCorrupt(_("the vault's sealed secrets do not open: {error}").format(error=exc)) from None


def backup(directory: Path, engine: Engine, label: str) -> Path:
    """A consistent copy of the database (SQLite backup API) and the header under backups/."""
    files.private_dir(directory / BACKUP_DIR)
    target = files.private_dir(directory / BACKUP_DIR / f"{utcnow().strftime('%Y%m%dT%H%M%S')}-{label}")
    raw = engine.raw_connection()
    try:
        dest = sqlite3.connect(files.private_file(target / DB_NAME))
        raw.driver_connection.backup(dest)  # type: ignore[union-attr]
        dest.close()
    finally:
        raw.close()
    shutil.copy2(directory / keys.HEADER_NAME, target / keys.HEADER_NAME)
    os.chmod(target / keys.HEADER_NAME, files.FILE_MODE)
    return target
