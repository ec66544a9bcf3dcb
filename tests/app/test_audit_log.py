"""The audit log catches any change, deletion, reordering or truncation, naming the first bad index."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.audit.canonical import canonical_json
from app.audit.merkle import CompactRange, leaf_hash
from app.services import AppServices, verify_audit_readonly
from app.vault.store import DB_NAME
from tests.app.household import populate
from tests.conftest import PASSPHRASE


@pytest.fixture
def closed_vault(services: AppServices, vault_dir: Path) -> tuple[Path, int]:
    populate(services)
    services.lock()
    svc = AppServices.open(vault_dir, PASSPHRASE)
    svc.close()
    conn = sqlite3.connect(vault_dir / DB_NAME)
    (count,) = conn.execute("SELECT count(*) FROM audit_events").fetchone()
    conn.close()
    return vault_dir, count


def sql(vault_dir: Path, statement: str, *params: object) -> list[tuple]:
    conn = sqlite3.connect(vault_dir / DB_NAME)
    rows = conn.execute(statement, params).fetchall()
    conn.commit()
    conn.close()
    return rows


def test_intact_log_verifies(closed_vault: tuple[Path, int]) -> None:
    vault_dir, count = closed_vault
    report = verify_audit_readonly(vault_dir)
    assert report.ok, report.to_json()
    assert report.events == count and count >= 10
    assert report.heads == 2  # one at lock, one at close


def test_events_hold_no_personal_plaintext(closed_vault: tuple[Path, int]) -> None:
    vault_dir, _count = closed_vault
    bodies = " ".join(b for (b,) in sql(vault_dir, "SELECT body FROM audit_events"))
    for secret in ("张三", "招商银行", "6225880123456789", "房租", "8888.88"):
        assert secret not in bodies


def _bodies(vault_dir: Path) -> list[str]:
    return [b for (b,) in sql(vault_dir, "SELECT body FROM audit_events ORDER BY idx")]


def test_altered_event_at_every_position(closed_vault: tuple[Path, int]) -> None:
    vault_dir, count = closed_vault
    originals = _bodies(vault_dir)
    for i in range(count):
        body = json.loads(originals[i])
        body["actor"] = "mallory"
        sql(vault_dir, "UPDATE audit_events SET body = ? WHERE idx = ?", canonical_json(body).decode(), i)
        report = verify_audit_readonly(vault_dir)
        assert not report.ok and report.first_bad_index == i, (i, report.to_json())
        sql(vault_dir, "UPDATE audit_events SET body = ? WHERE idx = ?", originals[i], i)
    assert verify_audit_readonly(vault_dir).ok


def test_altered_event_with_recomputed_leaf_hash(closed_vault: tuple[Path, int]) -> None:
    vault_dir, count = closed_vault
    originals = _bodies(vault_dir)
    for i in range(count):
        new = originals[i].replace('"actor":"user"', '"actor":"usr"')
        assert new != originals[i]
        old_hash = sql(vault_dir, "SELECT leaf_hash FROM audit_events WHERE idx = ?", i)[0][0]
        sql(vault_dir, "UPDATE audit_events SET body = ?, leaf_hash = ? WHERE idx = ?", new, leaf_hash(new.encode()), i)
        assert verify_audit_readonly(vault_dir).first_bad_index == i
        sql(vault_dir, "UPDATE audit_events SET body = ?, leaf_hash = ? WHERE idx = ?", originals[i], old_hash, i)


def test_deleted_event_at_every_position(closed_vault: tuple[Path, int]) -> None:
    vault_dir, count = closed_vault
    rows = sql(vault_dir, "SELECT * FROM audit_events ORDER BY idx")
    for i in range(count):
        sql(vault_dir, "DELETE FROM audit_events WHERE idx = ?", i)
        report = verify_audit_readonly(vault_dir)
        assert not report.ok and report.first_bad_index == i, (i, report.to_json())
        sql(vault_dir, "INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?)", *rows[i])
    assert verify_audit_readonly(vault_dir).ok


def test_reordered_events_at_every_position(closed_vault: tuple[Path, int]) -> None:
    vault_dir, count = closed_vault
    for i in range(count - 1):
        a, b = sql(vault_dir, "SELECT body, leaf_hash FROM audit_events WHERE idx IN (?, ?) ORDER BY idx", i, i + 1)
        sql(vault_dir, "UPDATE audit_events SET body = ?, leaf_hash = ? WHERE idx = ?", b[0], b[1], i)
        sql(vault_dir, "UPDATE audit_events SET body = ?, leaf_hash = ? WHERE idx = ?", a[0], a[1], i + 1)
        assert verify_audit_readonly(vault_dir).first_bad_index == i
        sql(vault_dir, "UPDATE audit_events SET body = ?, leaf_hash = ? WHERE idx = ?", a[0], a[1], i)
        sql(vault_dir, "UPDATE audit_events SET body = ?, leaf_hash = ? WHERE idx = ?", b[0], b[1], i + 1)
    assert verify_audit_readonly(vault_dir).ok


def test_truncation_is_caught_by_the_signed_head(closed_vault: tuple[Path, int]) -> None:
    vault_dir, count = closed_vault
    for keep in range(count - 1, 0, -3):
        sql(vault_dir, "DELETE FROM audit_events WHERE idx >= ?", keep)
        report = verify_audit_readonly(vault_dir)
        assert not report.ok and report.first_bad_index == keep, report.to_json()


def test_consistent_rewrite_is_caught_by_the_signature(closed_vault: tuple[Path, int]) -> None:
    vault_dir, _count = closed_vault
    # An attacker rewrites one event and recomputes every stored hash and root after it.
    bodies = _bodies(vault_dir)
    bodies[3] = bodies[3].replace('"actor":"user"', '"actor":"usr"')
    tree = CompactRange()
    for i, body in enumerate(bodies):
        lh = leaf_hash(body.encode())
        tree.append(lh)
        sql(vault_dir, "UPDATE audit_events SET body = ?, leaf_hash = ?, root_after = ? WHERE idx = ?",
            body, lh, tree.root(), i)
    report = verify_audit_readonly(vault_dir)
    assert not report.ok
    assert any("signed tree head" in p.message for p in report.problems)


def test_forged_head_signature(closed_vault: tuple[Path, int]) -> None:
    vault_dir, _count = closed_vault
    (sig,) = sql(vault_dir, "SELECT signature FROM tree_heads WHERE id = 1")[0]
    sql(vault_dir, "UPDATE tree_heads SET signature = ? WHERE id = 1", bytes([sig[0] ^ 1]) + sig[1:])
    report = verify_audit_readonly(vault_dir)
    assert not report.ok and "bad signature" in report.problems[0].message


def test_writes_are_logged(services: AppServices) -> None:
    populate(services)
    services.update_member(2, __import__("app.ledger.records", fromlist=["MemberInput"]).MemberInput(name="李四四"))
    kinds = [json.loads(b)["kind"] for b in _bodies(services.vault.directory)]
    assert kinds[0] == "vault.created"
    assert kinds.count("member.added") == 2 and kinds.count("account.added") == 3
    assert kinds[-1] == "member.changed"
    changed = json.loads(_bodies(services.vault.directory)[-1])
    assert changed["details"] == {"fields": ["name"]} and changed["subject"] == {"type": "member", "id": 2}
