"""Output that cannot be turned against the user (issue 8 §8).

A memo or counterparty comes from an imported bill or a platform, so it is foreign text: in a CSV
export it must not become a spreadsheet formula, and on a terminal it must not become an escape
sequence that retitles or clears the screen, nor a bidi override that reorders the line.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli.common import safe
from app.ledger.export import sheet_text
from app.ledger.records import AccountInput, MemberInput, PlatformInput
from app.ledger.transactions import TransactionInput
from app.services import AppServices
from app.vault.keys import FAST_KDF

ROOT = Path(__file__).resolve().parents[2]
PASS = "output security passphrase"
FORMULAS = ('=HYPERLINK("http://x","y")', "@SUM(A1)", "+1+1", "-1+1", "\t=1", "\r=1")
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
TERMINAL_ATTACK = "\x1b]0;pwned\x07\x1b[2J evil \u202etxt.exe\x9b31m\x7f"
FREE_TEXT = ("account", "counterparty", "memo", "description", "category", "external_id")


def household(vault: Path, rows: list[TransactionInput], account_name: str = "工资卡") -> AppServices:
    services = AppServices.create(vault, PASS, kdf=FAST_KDF)
    services.add_member(MemberInput(name="张三"))
    _c, bank = services.add_platform(PlatformInput(name="招商银行", kind="bank", legal_entity="招商银行股份有限公司"))
    services.add_account(AccountInput(member_id=1, platform_id=bank, kind="debit_card", name=account_name,
                                      bank_class="I"))
    services.add_transactions(1, rows)
    return services


def test_csv_export_neutralises_formulas_and_keeps_amounts(tmp_path: Path) -> None:
    rows = [TransactionInput(date(2026, 1, i + 1), Decimal(f"-{i + 1}.25"), counterparty=text, memo=text,
                             description=text, category=text, external_id=f"{text}#{i}")
            for i, text in enumerate(FORMULAS)]
    rows.append(TransactionInput(date(2026, 2, 1), Decimal("12.34"), counterparty="盒马", memo="午饭"))
    services = household(tmp_path / "v", rows, account_name="=cmd|' /C calc'!A0")
    try:
        text, count = services.export("csv")
    finally:
        services.close()
    assert count == len(FORMULAS) + 1
    exported = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(exported) == count
    for row in exported:
        for column in FREE_TEXT:
            assert not row[column].startswith(DANGEROUS_START), (column, row[column])
        Decimal(row["amount"])  # still a plain signed decimal
        assert row["amount"].lstrip("-").replace(".", "").isdigit()
    amounts = sorted(Decimal(r["amount"]) for r in exported)
    assert amounts == sorted([Decimal(f"-{i + 1}.25") for i in range(len(FORMULAS))] + [Decimal("12.34")])
    by_amount = {r["amount"]: r for r in exported}
    assert by_amount["-1.25"]["memo"] == "'" + FORMULAS[0]  # the text is kept, only marked as text
    assert by_amount["12.34"]["memo"] == "午饭" and by_amount["12.34"]["counterparty"] == "盒马"
    assert by_amount["12.34"]["account"] == "'=cmd|' /C calc'!A0"


def test_sheet_text_leaves_plain_text_alone() -> None:
    assert sheet_text("超市 = 便宜") == "超市 = 便宜" and sheet_text("") == ""
    assert [sheet_text(t) for t in FORMULAS] == ["'" + t for t in FORMULAS]


def test_beancount_export_keeps_strings_quoted(tmp_path: Path) -> None:
    rows = [TransactionInput(date(2026, 1, 1), Decimal("-5.00"), counterparty='a "b" \\ c', memo="x\ny")]
    services = household(tmp_path / "v", rows)
    try:
        text, _count = services.export("beancount")
    finally:
        services.close()
    assert '"a \\"b\\" \\\\ c" "x y"' in text


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x07", "\r", "\n", "\t", "\x7f", "\x85", "\x9b", "\u202a",
                                  "\u202e", "\u2066", "\u2069"])
def test_safe_strips_control_and_bidi_characters(char: str) -> None:
    assert safe(f"a{char}b") == "ab"


def test_safe_keeps_ordinary_text() -> None:
    assert safe("盒马 · ¥12.34 (refund) ⚠") == "盒马 · ¥12.34 (refund) ⚠" and safe(42) == "42"


def huiliu(vault: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HUILIU_PASSPHRASE=PASS, HUILIU_LANG="en")
    return subprocess.run([sys.executable, "-m", "app.cli", "--vault", str(vault), *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=120)


def test_terminal_output_carries_no_escape_sequences(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    services = household(vault, [TransactionInput(date(2026, 1, 1), Decimal("-9.90"), counterparty=TERMINAL_ATTACK,
                                                  memo=TERMINAL_ATTACK)], account_name="卡" + TERMINAL_ATTACK)
    services.close()
    for command in (["transactions"], ["transactions", "--search", "evil"], ["accounts", "list"], ["balances"],
                    ["members", "list"], ["accounts", "show", "1"]):
        proc = huiliu(vault, *command)
        assert proc.returncode == 0, (command, proc.stderr)
        for bad in ("\x1b", "\x07", "\u202e", "\x9b", "\x7f"):
            assert bad not in proc.stdout and bad not in proc.stderr, (command, repr(proc.stdout))
    out = huiliu(vault, "transactions").stdout
    assert "-9.90" in out and "]0;pwned" in out and "evil" in out  # the text is still shown, defused


def test_import_summary_and_csv_export_from_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from app.cli import main

    vault = tmp_path / "v"
    monkeypatch.setenv("HUILIU_PASSPHRASE", PASS)
    monkeypatch.setenv("HUILIU_LANG", "en")
    household(vault, []).close()
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"version": 1, "date_column": "记账日", "debit_column": "支出金额",
                                   "credit_column": "存入金额", "description_column": "说明"}), encoding="utf-8")
    header = "记账日,说明,支出金额,存入金额\n"
    broken = tmp_path / "broken\x1b[2J.csv"
    broken.write_text(header + f"2026-01-05,坏行,12{TERMINAL_ATTACK},\n", encoding="utf-8")
    bill = tmp_path / "bill\x1b]0;x\x07.csv"
    bill.write_text(header + f"2026-01-03,{TERMINAL_ATTACK},120.50,\n"
                    '2026-01-04,"=HYPERLINK(""http://x"",""y"")",9.90,\n', encoding="utf-8")
    for path, expected in ((broken, 1), (bill, 0)):
        code = main(["--vault", str(vault), "import", str(path), "--account", "1", "--columns", str(mapping),
                     "--source", "本地银行"])
        out = capsys.readouterr()
        assert code == expected, repr(out)
        for bad in ("\x1b", "\x07", "\u202e", "\x9b", "\x7f"):
            assert bad not in out.out and bad not in out.err, repr(out)
    assert "bill]0;x.csv" in out.out and "new 2" in out.out  # the summary still names the file, defused
    target = tmp_path / "out.csv"
    assert main(["--vault", str(vault), "export", "csv", "-o", str(target)]) == 0
    with target.open(encoding="utf-8", newline="") as f:
        exported = list(csv.DictReader(f))
    assert len(exported) == 2, capsys.readouterr()
    for row in exported:
        for column in FREE_TEXT:
            assert not row[column].startswith(DANGEROUS_START), (column, row[column])
        assert Decimal(row["amount"]) < 0
