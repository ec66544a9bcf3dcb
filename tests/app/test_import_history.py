"""The history of imports (issue 10, §7): any import can be undone, in any order, once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from app.errors import NotFound, ValidationError
from app.ledger.statements import ParsedStatement, StatementRow, StatementSection
from app.services import AppServices
from app.vault.keys import FAST_KDF
from tests.app.household import populate

ROOT = Path(__file__).resolve().parents[2]


def row(line: int, day: int, amount: str, **kw: object) -> StatementRow:
    value = Decimal(amount)
    return StatementRow(line=line, occurred_at=datetime(2026, 4, day, 12, 0), amount=value, currency="CNY",
                        direction="in" if value > 0 else "out", **kw)  # type: ignore[arg-type]


def statement(name: str, rows: list[StatementRow]) -> ParsedStatement:
    return ParsedStatement(format="cmb-csv", path=name, encoding="utf-8", sections=[StatementSection(rows=rows)])


def test_a_middle_import_is_undone_and_the_others_stay(services: AppServices) -> None:
    populate(services)
    ids = []
    for n, name in enumerate(("jan.csv", "feb.csv", "mar.csv"), start=1):
        parsed = statement(name, [row(2, n, f"-{n}0.00", counterparty=name, order_id=name)])
        ids.append(services.commit_import(services.preview_import(parsed, name.encode(), account_id=1)).batch_id)
    result = services.undo_import(ids[1])
    assert (result.added, result.file) == (-1, "feb.csv")
    assert sorted(t.counterparty for t in services.transactions()) == ["jan.csv", "mar.csv"]
    assert [b["status"] for b in services.import_batches()] == ["committed", "undone", "committed"]
    with pytest.raises(ValidationError):
        services.undo_import(ids[1])  # once
    with pytest.raises(NotFound):
        services.undo_import(999)
    assert services.undo_last_import().file == "mar.csv"  # the newest still committed
    assert services.check_integrity(full=True).ok


def test_the_terminal_lists_imports_and_undoes_one(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    services = AppServices.create(vault, "history pass phrase", kdf=FAST_KDF)
    populate(services)
    for n, name in enumerate(("jan.csv", "feb.csv"), start=1):
        parsed = statement(name, [row(2, n, f"-{n}0.00", counterparty=name, order_id=name)])
        services.commit_import(services.preview_import(parsed, name.encode(), account_id=1))
    services.close()
    env = dict(os.environ, HUILIU_PASSPHRASE="history pass phrase", HUILIU_LANG="en")

    def huiliu(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app.cli", *args, "--vault", str(vault)], env=env, cwd=ROOT,
                              capture_output=True, text=True, timeout=120)

    listed = huiliu("imports")
    assert listed.returncode == 0 and "jan.csv" in listed.stdout and "can be undone" in listed.stdout
    first = json.loads(huiliu("imports", "--json").stdout)[0]["id"]
    undone = huiliu("import-undo", "--batch", str(first))
    assert undone.returncode == 0 and "jan.csv" in undone.stdout, undone.stderr
    assert "undone" in huiliu("imports").stdout.splitlines()[0]
