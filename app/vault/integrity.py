"""Integrity of the set of rows: a sealed digest per account (and per table) kept with every write.

Each sealed envelope already authenticates its row's values and bound plain columns
(``app.vault.sealing``). What an envelope cannot show is a row that is missing, or one that was
moved back from an old copy. So every sealed table keeps a running digest per *scope* (the account
for transactions and balances, the whole table for the others): the number of rows and the sum,
modulo 2**128, of a keyed token of each row. A row's token is its envelope's GCM tag encrypted with
SM4 under the integrity key (HKDF-SM3 of the data key): unpredictable without the key, so no set of
rows but the true one adds up to the digest. Adding and removing rows only adds and subtracts
tokens, so the digest follows every write in the same transaction without re-reading the account.

Digests live in ``integrity_digests`` as sealed envelopes bound to their scope, beside a marker row
(``vault``, 0) that says the vault keeps them. ``check`` recomputes every scope from the rows (one
pass over the tags, no decryption) and, where a scope disagrees or for the tables people read
whole, opens every envelope to name the damaged rows. ``audit verify`` opens them all.
"""

from __future__ import annotations

import json
import sys
import weakref
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from sqlalchemy import Connection, event
from sqlalchemy.orm import Session

from app.vault import crypto, sql
from app.vault.sealing import (
    BOUND_COLUMNS,
    SCOPE_COLUMNS,
    SEALED_COLUMN,
    aad,
    decode_payload,
    encode_payload,
    legacy_aad,
)

DIGEST_TABLE = "integrity_digests"
MARKER = ("vault", 0)
MODULUS = 1 << 128
TAG = crypto.GCM_TAG_SIZE
SEALED_TABLES = tuple(BOUND_COLUMNS)
# Tables read whole at every open (small): every envelope is opened there, so a changed plain
# column of an account or member is named at once; transactions are opened where a scope disagrees.
OPENED_AT_OPEN = tuple(t for t in SEALED_TABLES if t != "transactions")


def integrity_key(data_key: bytes) -> bytes:
    return crypto.hkdf_sm3(data_key, b"huiliu integrity v1", 16)


def _tags(envelopes: Iterable[bytes | None]) -> bytes:
    return b"".join(bytes(e[-TAG:]).rjust(TAG, b"\0") if e and len(e) < TAG else (e[-TAG:] if e else b"\0" * TAG)
                    for e in envelopes)


def token_sum(key: bytes, envelopes: Iterable[bytes | None]) -> tuple[int, int]:
    """(how many, sum of their tokens mod 2**128): one SM4-ECB pass over the concatenated tags.

    A token is its 16-byte block read as two unsigned little-endian 64-bit words, high then low (the
    same on every computer, so a vault moved between machines checks the same); summing the words as
    arrays keeps 100,000 rows at a few milliseconds.
    """
    tags = _tags(envelopes)
    if not tags:
        return 0, 0
    encryptor = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    words = array("Q")
    words.frombytes(encryptor.update(tags) + encryptor.finalize())
    if sys.byteorder != "little":
        words.byteswap()  # one spelling of a token on every machine: little-endian words
    total = (sum(words[0::2]) << 64) + sum(words[1::2])
    return len(words) // 2, total % MODULUS


_trackers: weakref.WeakKeyDictionary[Connection, Tracker] = weakref.WeakKeyDictionary()


@event.listens_for(Session, "after_begin")
def _remember_tracker(session: Session, transaction: Any, connection: Connection) -> None:
    """Let bulk writers, which hold the session's connection, find the write's tracker."""
    tracker = session.info.get("integrity")
    if isinstance(tracker, Tracker):
        _trackers[connection] = tracker


def tracker_for(conn: Connection) -> Tracker | None:
    """The tracker of the vault write ``conn`` belongs to (None outside one, e.g. a migration)."""
    return _trackers.get(conn)


class Tracker:
    """The changes a write makes to each scope's digest, applied to the digests before it commits."""

    def __init__(self, key: bytes) -> None:
        self.key = key
        self.deltas: dict[tuple[str, int], list[int]] = {}

    def _apply(self, table: str, scope: int, envelopes: Iterable[bytes | None], sign: int) -> None:
        count, total = token_sum(self.key, envelopes)
        if count:
            delta = self.deltas.setdefault((table, scope), [0, 0])
            delta[0] += sign * count
            delta[1] = (delta[1] + sign * total) % MODULUS

    def add(self, table: str, scope: int, envelopes: Iterable[bytes | None]) -> None:
        self._apply(table, scope, envelopes, 1)

    def remove(self, table: str, scope: int, envelopes: Iterable[bytes | None]) -> None:
        self._apply(table, scope, envelopes, -1)

    def commit(self, conn: Connection, sealer: crypto.Sealer) -> None:
        """Add the pending changes to the stored digests (in the caller's transaction)."""
        if not self.deltas:
            return
        # On a shared database the writer holds the write lock already (``Vault.session``); taken again
        # here (it nests) so a digest is never read and rewritten by two writers at once.
        sql.advisory_lock(conn, sql.WRITE_LOCK)
        if read_digest(conn, sealer, *MARKER) is None:
            self.deltas.clear()  # a vault not yet upgraded: its digests are built whole at upgrade
            return
        for (table, scope), (count, total) in sorted(self.deltas.items()):
            old = read_digest(conn, sealer, table, scope) or (0, 0)
            write_digest(conn, sealer, table, scope, (old[0] + count, (old[1] + total) % MODULUS))
        self.deltas.clear()


def _digest_aad(table: str, scope: int) -> bytes:
    return f"huiliu2|{DIGEST_TABLE}|{SEALED_COLUMN}|{table}|{scope}".encode()


def read_digest(conn: Connection, sealer: crypto.Sealer, table: str, scope: int) -> tuple[int, int] | None:
    """The stored (count, sum) of a scope; None when there is none; ValueError when it was altered."""
    row = sql.run(conn, f"SELECT sealed FROM {DIGEST_TABLE} WHERE scope_table = ? AND scope_id = ?",
                               (table, scope)).first()
    if row is None:
        return None
    values = json.loads(sealer.open(bytes(row[0]), _digest_aad(table, scope)))
    return int(values["n"]), int(values["s"], 16)


def write_digest(conn: Connection, sealer: crypto.Sealer, table: str, scope: int, digest: tuple[int, int]) -> None:
    body = json.dumps({"n": digest[0], "s": format(digest[1], "032x")}, separators=(",", ":")).encode()
    sql.run(conn,
        f"INSERT INTO {DIGEST_TABLE} (scope_table, scope_id, sealed) VALUES (?, ?, ?) "
        "ON CONFLICT (scope_table, scope_id) DO UPDATE SET sealed = excluded.sealed",
        (table, scope, sealer.seal(body, _digest_aad(table, scope))))


# --- checking ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScopeProblem:
    """A table's rows in one scope (an account, or the whole table) that do not add up to its digest."""

    table: str
    scope: int  # the account id for transactions and balances, else 0
    expected: int | None  # rows the digest counts; None when the digest itself is missing or altered
    found: int


@dataclass
class IntegrityReport:
    """What the check found; empty lists mean every row and every set of rows is as the app left it."""

    enabled: bool = True
    scopes: list[ScopeProblem] = field(default_factory=list)
    damaged: list[tuple[str, int]] = field(default_factory=list)  # (table, row id) failing to open

    @property
    def ok(self) -> bool:
        return self.enabled and not self.scopes and not self.damaged

    def accounts(self) -> list[int]:
        """The accounts affected: whose rows are missing, extra or damaged, or whose row is damaged."""
        out = {p.scope for p in self.scopes if p.table in SCOPE_COLUMNS}
        out.update(row for table, row in self.damaged if table == "accounts")
        return sorted(out)


def _scope_sums(conn: Connection, key: bytes, table: str) -> dict[int, tuple[int, int]]:
    scope_col = SCOPE_COLUMNS.get(table)
    tail = (f"substring(sealed from greatest(octet_length(sealed) - {TAG - 1}, 1))" if sql.is_postgres(conn)
            else f"substr(sealed, -{TAG}, {TAG})")  # the envelope's last 16 bytes: its GCM tag
    query = f"SELECT {scope_col or '0'}, {tail} FROM {table}"
    groups: dict[int, list[bytes | None]] = {}
    for scope, tag in sql.run(conn, query):
        groups.setdefault(int(scope), []).append(bytes(tag) if tag is not None else None)
    return {scope: token_sum(key, tags) for scope, tags in groups.items()}


def stored_digests(conn: Connection, sealer: crypto.Sealer) -> tuple[dict[tuple[str, int], tuple[int, int] | None], bool]:
    """Every stored digest (None where one does not open), and whether the marker is there."""
    out: dict[tuple[str, int], tuple[int, int] | None] = {}
    marker = False
    for table, scope, sealed in sql.run(conn, f"SELECT scope_table, scope_id, sealed FROM {DIGEST_TABLE}"):
        try:
            values = json.loads(sealer.open(bytes(sealed), _digest_aad(table, scope)))
            digest: tuple[int, int] | None = (int(values["n"]), int(values["s"], 16))
        except (crypto.AuthenticationFailed, ValueError, KeyError, TypeError):
            digest = None
        if (table, scope) == MARKER:
            marker = digest is not None
            continue
        out[(table, int(scope))] = digest
    return out, marker


def _select(table: str, where: str = "") -> str:
    """Raw rows (id, bound columns..., sealed): stored values as stored, so a malformed one is damage too."""
    id_col = "account_id" if table == "sync_cursors" else "id"
    return f"SELECT {id_col}, {', '.join(BOUND_COLUMNS[table])}, sealed FROM {table} {where}"


def _account_exists(conn: Connection, account_id: int) -> bool:
    return sql.run(conn, "SELECT 1 FROM accounts WHERE id = ?", (account_id,)).first() is not None


def damaged_rows(conn: Connection, sealer: crypto.Sealer, table: str, scopes: Iterable[int] | None = None) -> list[int]:
    """Ids of the rows of ``table`` (in ``scopes`` when given) whose envelope does not open as bound."""
    params: tuple[Any, ...] = ()
    where = ""
    if scopes is not None:
        chosen = sorted(scopes)
        where = f"WHERE {SCOPE_COLUMNS[table]} IN ({','.join('?' * len(chosen))})"
        params = tuple(chosen)
    from app.vault.keychain import KeyNotHeld

    out = []
    for row in sql.run(conn, _select(table, where), params):
        row_id, bound, envelope = row[0], row[1:-1], row[-1]
        try:
            sealer.open(bytes(envelope or b""), aad(table, row_id, bound))
        except KeyNotHeld as exc:
            if _account_exists(conn, exc.account_id):
                continue  # not shared with who unlocked: theirs to check, not damage
            out.append(int(row_id))  # bound to an account that does not exist: moved behind the app's back
        except (crypto.AuthenticationFailed, TypeError):
            out.append(int(row_id))
    return out


def check(conn: Connection, sealer: crypto.Sealer, key: bytes, full: bool = False) -> IntegrityReport:
    """Compare every scope with its digest; open the small tables' envelopes (all of them if ``full``)."""
    stored, marker = stored_digests(conn, sealer)
    report = IntegrityReport(enabled=marker)
    if not marker:
        return report
    uneven: dict[str, set[int]] = {}
    for table in SEALED_TABLES:
        sums = _scope_sums(conn, key, table)
        scopes = set(sums) | {scope for (t, scope) in stored if t == table}
        for scope in sorted(scopes):
            found = sums.get(scope, (0, 0))
            expected = stored.get((table, scope), (0, 0))
            if expected != found:
                report.scopes.append(ScopeProblem(table, scope, expected[0] if expected else None, found[0]))
                uneven.setdefault(table, set()).add(scope)
    for table in SEALED_TABLES:
        if full or table in OPENED_AT_OPEN:
            rows = damaged_rows(conn, sealer, table)
        elif table in uneven:
            rows = damaged_rows(conn, sealer, table, uneven[table])
        else:
            continue
        report.damaged.extend((table, row) for row in rows)
    return report


# --- building digests: new vaults, vaults sealed before bound columns, a new data key ---------------


def rebuild(conn: Connection, sealer: crypto.Sealer, key: bytes) -> None:
    """Store every scope's digest as the rows are now, and the marker (new vault, upgrade, re-key)."""
    tracker = tracker_for(conn)
    if tracker is not None:
        tracker.deltas.clear()  # what this write did so far is in the rows the digests are built from
    sql.run(conn, f"DELETE FROM {DIGEST_TABLE}")
    for table in SEALED_TABLES:
        for scope, digest in _scope_sums(conn, key, table).items():
            write_digest(conn, sealer, table, scope, digest)
    write_digest(conn, sealer, *MARKER, (0, 0))


def has_marker(conn: Connection) -> bool:
    return sql.run(conn, f"SELECT 1 FROM {DIGEST_TABLE} WHERE scope_table = ? AND scope_id = ?",
                                MARKER).first() is not None


def reseal_legacy(conn: Connection, sealer: crypto.Sealer, moved: dict[str, dict[int, dict[str, Any]]] | None = None) -> list[tuple[str, int]]:
    """Re-seal every envelope sealed before bound columns with them bound; returns rows that failed.

    A row that does not open under the old associated data was already damaged: it is left as it
    is (and stays reported as damaged). ``moved`` adds plain values to rows' sealed payloads
    (table -> row id -> fields), for the columns that used to be kept in the clear.
    """
    failed: list[tuple[str, int]] = []
    for table in SEALED_TABLES:
        id_col = "account_id" if table == "sync_cursors" else "id"
        extra = (moved or {}).get(table, {})
        updates = []
        for row in sql.run(conn, _select(table)):
            row_id, bound, envelope = int(row[0]), row[1:-1], row[-1]
            if envelope is None or len(envelope) == 0:
                values: dict[str, Any] = {}
            else:
                try:
                    values = decode_payload(sealer.open(bytes(envelope), legacy_aad(table, row_id)))
                except (crypto.AuthenticationFailed, ValueError, UnicodeDecodeError):
                    failed.append((table, row_id))
                    continue
            values.update(extra.get(row_id, {}))
            updates.append((sealer.seal(encode_payload(values), aad(table, row_id, bound)), row_id))
        if updates:
            sql.run(conn, f"UPDATE {table} SET sealed = ? WHERE {id_col} = ?", updates)
    return failed


# Plain columns that used to quote what platforms sent; at upgrade they move into the envelopes.
LEGACY_PLAIN_TEXTS = {"connections": ("id", "last_error"), "balances": ("id", "stale_reason"),
                      "sync_cursors": ("account_id", "cursor")}


def move_legacy_texts(conn: Connection) -> dict[str, dict[int, dict[str, Any]]]:
    """Read and empty the plain columns that quoted platforms; returns them for ``reseal_legacy``."""
    moved: dict[str, dict[int, dict[str, Any]]] = {}
    for table, (id_col, column) in LEGACY_PLAIN_TEXTS.items():
        rows = sql.run(conn, f"SELECT {id_col}, {column} FROM {table} WHERE {column} IS NOT NULL").fetchall()
        moved[table] = {int(row_id): {column: text} for row_id, text in rows}
        sql.run(conn, f"UPDATE {table} SET {column} = NULL WHERE {column} IS NOT NULL")
    return moved


def recode_rate_sources(conn: Connection, sealer: crypto.Sealer) -> None:
    """``platform:<name>`` rate sources (before 0004) become ``platform:<id>`` (names are personal)."""
    names: dict[str, int] = {}
    for row_id, envelope in sql.run(conn, "SELECT id, sealed FROM platforms"):
        try:
            name = decode_payload(sealer.open(bytes(envelope), legacy_aad("platforms", row_id))).get("name")
        except (crypto.AuthenticationFailed, ValueError, UnicodeDecodeError):
            continue
        if isinstance(name, str):
            names.setdefault(name, int(row_id))
    for row_id, source in sql.run(conn,
            "SELECT id, source FROM fx_rates WHERE source LIKE 'platform:%'").fetchall():
        name = source.removeprefix("platform:")
        if name.isdigit():
            continue
        code = f"platform:{names[name]}" if name in names else "platform"
        sql.run(conn, "UPDATE fx_rates SET source = ? WHERE id = ?", (code, row_id))


def upgrade_legacy(conn: Connection, sealer: crypto.Sealer, key: bytes) -> tuple[int, list[tuple[str, int]]]:
    """Bring a vault sealed before bound columns up to integrity: (rows re-sealed, rows already damaged)."""
    recode_rate_sources(conn, sealer)
    failed = reseal_legacy(conn, sealer, move_legacy_texts(conn))
    rebuild(conn, sealer, key)
    total = sum(int(sql.run(conn, f"SELECT count(*) FROM {t}").scalar() or 0) for t in SEALED_TABLES)
    return total - len(failed), failed


def reseal_all(conn: Connection, old: crypto.Sealer, new: crypto.Sealer, tables: Iterable[str] | None = None,
               account_id: int | None = None) -> tuple[int, list[tuple[str, int]]]:
    """Every envelope opened under ``old`` and sealed again under ``new`` (a re-key), bound as before.

    ``tables`` limits it (the account tables, when they move to account keys), ``account_id`` to one
    account's rows (its keys rotated). Returns (rows re-sealed, rows that did not open: already
    damaged, left as they are).
    """
    from app.vault.keychain import KeyNotHeld

    done = 0
    failed: list[tuple[str, int]] = []
    for table in (SEALED_TABLES if tables is None else tuple(tables)):
        id_col = "account_id" if table == "sync_cursors" else "id"
        where, params = "", cast(tuple[Any, ...], ())
        if account_id is not None:
            owner = {"accounts": "id", "transfers": "from_account_id"}.get(table, "account_id")
            where = f"WHERE {owner} = ?"
            params = (account_id,)
        updates = []
        for row in sql.run(conn, _select(table, where), params):
            row_id, bound, envelope = int(row[0]), row[1:-1], row[-1]
            associated = aad(table, row_id, bound)
            try:
                plain = old.open(bytes(envelope or b""), associated)
            except KeyNotHeld:
                continue  # under an account key who re-keys does not hold: that key does not change
            except crypto.AuthenticationFailed:
                failed.append((table, row_id))
                continue
            updates.append((new.seal(plain, associated), row_id))
        if updates:
            sql.run(conn, f"UPDATE {table} SET sealed = ? WHERE {id_col} = ?", updates)
            done += len(updates)
    return done, failed
