"""The audit log catches any change, deletion, reordering or truncation, naming the first bad index."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from app.audit.canonical import canonical_json
from app.audit.merkle import CompactRange, leaf_hash
from app.ledger.records import MemberInput
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


def _rewrite_consistently(vault_dir: Path, index: int) -> None:
    """Alter one event as an attacker would: every stored hash and root after it recomputed."""
    bodies = _bodies(vault_dir)
    bodies[index] = bodies[index].replace('"actor":"', '"actor":"x', 1)
    tree = CompactRange()
    for i, body in enumerate(bodies):
        lh = leaf_hash(body.encode())
        tree.append(lh)
        sql(vault_dir, "UPDATE audit_events SET body = ?, leaf_hash = ?, root_after = ? WHERE idx = ?",
            body, lh, tree.root(), i)


def test_consistent_rewrite_is_caught_by_the_signature(closed_vault: tuple[Path, int]) -> None:
    vault_dir, _count = closed_vault
    _rewrite_consistently(vault_dir, 3)
    report = verify_audit_readonly(vault_dir)
    assert not report.ok
    assert any("signed tree head" in p.message for p in report.problems)
    assert report.first_bad_index == 0  # no signed head vouches for any prefix holding event 3


@pytest.fixture
def vault_with_heads(services: AppServices, vault_dir: Path) -> tuple[Path, list[int]]:
    """A vault locked and reopened a few times, with writes between: signed heads at several sizes."""
    populate(services)
    services.lock()
    for name in ("王五", "赵六"):
        svc = AppServices.open(vault_dir, PASSPHRASE)
        svc.add_member(MemberInput(name=name))
        svc.close()
    sizes = sorted(size for (size,) in sql(vault_dir, "SELECT tree_size FROM tree_heads"))
    return vault_dir, sizes


def test_consistent_rewrite_is_placed_after_the_last_matching_head(vault_with_heads: tuple[Path, list[int]]) -> None:
    vault_dir, sizes = vault_with_heads
    assert len(sizes) == 3 and verify_audit_readonly(vault_dir).ok
    first, second, last = sizes
    _rewrite_consistently(vault_dir, second + 1)
    report = verify_audit_readonly(vault_dir)
    # Heads up to `second` still match, so the log is intact before it; the one at `last` does not.
    assert [p.index for p in report.problems] == [second], report.to_json()
    assert first < second < second + 1 < last


def test_consistent_rewrite_before_every_head_blames_the_start(vault_with_heads: tuple[Path, list[int]]) -> None:
    vault_dir, sizes = vault_with_heads
    _rewrite_consistently(vault_dir, sizes[0] - 1)
    report = verify_audit_readonly(vault_dir)
    assert [p.index for p in report.problems] == [0, 0, 0], report.to_json()


def test_vault_events_have_flat_details(vault_with_heads: tuple[Path, list[int]]) -> None:
    vault_dir, _sizes = vault_with_heads
    events = [json.loads(b) for b in _bodies(vault_dir)]
    kinds = {e["kind"] for e in events}
    assert {"vault.created", "vault.opened"} <= kinds
    for event in events:
        details = event.get("details", {})
        assert "details" not in details, event
        assert all(not isinstance(v, dict) for v in details.values()), event


def test_append_refuses_nested_details(services: AppServices) -> None:
    with services.unit.write() as s, pytest.raises(TypeError):
        services.unit.event(s, "vault.opened", details={"via": "passphrase"})


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
