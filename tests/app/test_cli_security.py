"""The security checks hold from the command line too: plaintext, wrong passphrase, tampering."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.app.test_no_plaintext import leaks
from tests.app.test_vault import snapshot

ROOT = Path(__file__).resolve().parents[2]
PASS = "cli security passphrase"


def huiliu(vault: Path, *args: str, passphrase: str = PASS) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HUILIU_PASSPHRASE=passphrase, HUILIU_LANG="en")
    return subprocess.run([sys.executable, "-m", "app.cli", "--vault", str(vault), *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=120)


def make(vault: Path) -> None:
    assert huiliu(vault, "vault", "init").returncode == 0
    assert huiliu(vault, "members", "add", "张三").returncode == 0
    out = huiliu(vault, "accounts", "add", "--member", "1", "--platform", "招商银行", "--platform-kind", "bank",
                 "--legal-entity", "招商银行股份有限公司", "--kind", "debit_card", "--class", "I",
                 "--name", "招商银行工资卡", "--number", "6225880123456789", "--note", "房租", "--balance", "100")
    assert out.returncode == 0, out.stderr
    assert huiliu(vault, "accounts", "add", "--member", "1", "--platform", "招商银行", "--kind", "debit_card",
                  "--class", "II", "--bound", "1", "--name", "电子账户").returncode == 0


def test_cli_vault_holds_no_plaintext(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    make(vault)
    assert leaks(vault) == []


def test_cli_wrong_passphrase_changes_nothing(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    make(vault)
    before = snapshot(vault)
    out = huiliu(vault, "accounts", "list", passphrase="wrong passphrase!")
    assert out.returncode == 2 and "Wrong passphrase" in out.stderr and "Traceback" not in out.stderr
    assert snapshot(vault) == before


def test_cli_reports_tampered_record_and_audit(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    make(vault)
    conn = sqlite3.connect(vault / "vault.db")
    conn.execute("UPDATE accounts SET sealed = (SELECT sealed FROM accounts WHERE id = 1) WHERE id = 2")
    conn.execute("UPDATE audit_events SET body = replace(body, '\"actor\":\"cli\"', '\"actor\":\"eve\"') WHERE idx = 3")
    conn.commit()
    conn.close()
    out = huiliu(vault, "accounts", "list", "--json")
    assert out.returncode == 0, out.stderr
    accounts = {a["id"]: a for a in json.loads(out.stdout)["accounts"]}
    assert accounts[1]["name"] == "招商银行工资卡" and not accounts[1]["damaged"]
    assert "accounts #2" in accounts[2]["damaged"]
    text = huiliu(vault, "accounts", "list")
    assert "⚠" in text.stdout and "accounts #2" in text.stdout
    audit = huiliu(vault, "audit", "verify", "--json")
    assert audit.returncode == 4 and json.loads(audit.stdout)["first_bad_index"] == 3
    plain = huiliu(vault, "audit", "verify")
    assert plain.returncode == 4 and "first bad index: 3" in plain.stderr
