"""The command line as a script would use it: real vaults, JSON out, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import build_parser, main
from app.vault.store import head_revision

ROOT = Path(__file__).resolve().parents[2]
PASS = "cli passphrase 123"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    vault = tmp_path / "v"
    monkeypatch.setenv("HUILIU_PASSPHRASE", PASS)
    monkeypatch.setenv("HUILIU_LANG", "en")

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--vault", str(vault), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    run.vault = vault  # type: ignore[attr-defined]
    return run


def test_full_session(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    assert cli("vault", "init")[0] == 0
    code, out, _ = cli("vault", "info", "--json")
    info = json.loads(out)
    assert code == 0 and info["schema_version"] == head_revision() and info["kdf"]["name"] == "scrypt"
    assert info["kdf"]["n"] >= 2**17 and len(info["signing_public_key"]) == 128 and len(info["key_fingerprint"]) == 16
    monkeypatch.setenv("HUILIU_ID_NUMBER", "11010519491231002X")
    assert cli("members", "add", "张三", "--real-name", "张三")[0] == 0
    monkeypatch.delenv("HUILIU_ID_NUMBER")
    code, out, err = cli("accounts", "add", "--member", "1", "--platform", "招商银行", "--platform-kind", "bank",
                         "--legal-entity", "招商银行股份有限公司", "--kind", "debit_card", "--class", "I",
                         "--name", "招商银行工资卡", "--number", "6225 8801 2345 6789", "--balance", "12,345.60")
    assert code == 0, err
    code, out, err = cli("accounts", "add", "--member", "1", "--platform", "招商银行", "--kind", "debit_card",
                         "--class", "II", "--bound", "1", "--name", "电子账户", "--balance", "100")
    assert code == 0, err
    code, out, _ = cli("accounts", "list", "--json")
    data = json.loads(out)
    assert [a["name"] for a in data["accounts"]] == ["招商银行工资卡", "电子账户"]
    assert data["accounts"][0]["number"] == "6225880123456789" and data["accounts"][0]["balance"] == "12345.60"
    assert data["total"] == {"base": "CNY", "amount": "12445.60", "rate_dates": {}, "missing_rates": []}
    code, out, _ = cli("accounts", "list")
    assert "¥12,445.60" in out and "·6789" in out
    code, out, _ = cli("accounts", "show", "2", "--json")
    assert json.loads(out)["bound_account_id"] == 1
    code, out, _ = cli("members", "list", "--json")
    assert json.loads(out)[0]["name"] == "张三"
    code, out, _ = cli("audit", "verify", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["events"] > 5 and report["signed_heads"] >= 5


def test_errors_are_one_line_with_exit_codes(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("members", "list")
    assert code == 1 and "No vault at" in err and err.count("\n") == 1
    cli("vault", "init")
    code, _, err = cli("vault", "init")
    assert code == 1 and "already exists" in err
    code, _, err = cli("accounts", "add", "--member", "7", "--platform", "x", "--platform-kind", "bank",
                       "--kind", "debit_card", "--name", "n")
    assert code == 1 and err.startswith("huiliu: ") and err.count("\n") == 1
    monkeypatch.setenv("HUILIU_ID_NUMBER", "110105194912310021")
    code, _, err = cli("members", "add", "王五", "--real-name", "王五")
    assert code == 1 and "ID number" in err and "check digit" in err
    monkeypatch.delenv("HUILIU_ID_NUMBER")
    monkeypatch.setenv("HUILIU_PASSPHRASE", "wrong wrong wrong")
    code, _, err = cli("members", "list")
    assert code == 2 and "Wrong passphrase" in err


def test_passwd_and_passphrase_file(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    cli("vault", "init")
    new_file = tmp_path / "new.txt"
    new_file.write_text("the new passphrase\n")
    assert cli("vault", "passwd", "--new-passphrase-file", str(new_file))[0] == 0
    assert cli("members", "list")[0] == 2
    monkeypatch.delenv("HUILIU_PASSPHRASE")
    assert cli("--passphrase-file", str(new_file), "members", "list")[0] == 0


def test_chinese_messages(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from app.i18n import set_language

    try:
        code, _, err = cli("--lang", "zh_CN", "members", "list")
        assert code == 1 and "没有" in err
    finally:
        set_language("en")


def test_every_command_has_help() -> None:
    parser = build_parser()
    commands = [[]]
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        for name, sub in action.choices.items():
            commands.append([name])
            for sub_action in getattr(sub, "_subparsers", None)._group_actions if sub._subparsers else []:
                commands.extend([name, leaf] for leaf in sub_action.choices)
    assert ["vault", "init"] in commands and ["audit", "verify"] in commands and len(commands) >= 13
    for cmd in commands:
        proc = subprocess.run([sys.executable, "-m", "app.cli", *cmd, "--help"], capture_output=True, text=True,
                              cwd=ROOT, timeout=60, env={"HUILIU_LANG": "en", "PATH": "/usr/bin:/bin"})
        assert proc.returncode == 0 and "usage: huiliu" in proc.stdout, (cmd, proc.stderr)


def test_generic_csv_mapping_is_saved_per_source(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli("vault", "init")
    cli("members", "add", "我")
    assert cli("accounts", "add", "--member", "1", "--platform", "本地银行", "--platform-kind", "bank",
               "--legal-entity", "本地银行股份有限公司", "--kind", "debit_card", "--class", "I", "--name", "卡")[0] == 0
    header = "记账日,说明,支出金额,存入金额,余额"
    jan = tmp_path / "jan.csv"
    jan.write_text(f"{header}\n2026-01-03,超市,120.50,,879.50\n2026-01-05,工资,,5000.00,5879.50\n", encoding="gbk")
    feb = tmp_path / "feb.csv"
    feb.write_text(f"{header}\n2026-02-03,房租,3000.00,,2879.50\n", encoding="gbk")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"version": 1, "date_column": "记账日", "debit_column": "支出金额",
                                   "credit_column": "存入金额", "description_column": "说明",
                                   "balance_column": "余额"}), encoding="utf-8")
    code, out, err = cli("import", str(jan), "--account", "1", "--columns", str(mapping), "--source", "本地银行",
                         "--json")
    assert code == 0, err
    assert json.loads(out)["new"] == 2
    code, out, err = cli("import", str(feb), "--account", "1", "--json")  # recognised by the saved header
    assert code == 0, err
    assert json.loads(out)["new"] == 1
    code, out, _ = cli("transactions", "--json")
    assert sorted(t["amount"] for t in json.loads(out)) == ["-120.50", "-3000.00", "5000.00"]
    code, _, err = cli("import", str(feb), "--account", "1", "--source", "别的银行")
    assert code == 1 and "别的银行" in err


def test_rates_from_ecb_file_and_by_hand(cli) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import SHARED, shared_missing

    ecb = SHARED / "samples" / "fx" / "eurofxref-daily-2017-03-08.xml"
    cli("vault", "init")
    cli("members", "add", "我")
    cli("accounts", "add", "--member", "1", "--platform", "外币行", "--platform-kind", "fx_account",
        "--kind", "fx_account", "--name", "美元", "--currency", "USD", "--balance", "100")
    cli("accounts", "add", "--member", "1", "--platform", "外币行", "--kind", "fx_account", "--name", "泰铢",
        "--currency", "THB", "--balance", "1000")
    code, out, _ = cli("balances", "--json")
    assert json.loads(out)["total"]["missing_rates"] == ["USD", "THB"]
    if not shared_missing(ecb):
        assert cli("rates", "import-ecb", str(ecb))[0] == 0
        code, out, _ = cli("balances", "--json")
        total = json.loads(out)["total"]
        assert total["missing_rates"] == [] and total["rate_dates"] == {"USD": "2017-03-08", "THB": "2017-03-08"}
        from decimal import ROUND_HALF_UP, Decimal

        from app.ledger.fx import ecb_rates

        rates = {r.base: r.rate for r in ecb_rates(ecb.read_bytes())}
        cents = Decimal("0.01")
        expected = (100 * rates["USD"] + 1000 * rates["THB"]).quantize(cents, ROUND_HALF_UP)  # rounded once
        assert Decimal(total["amount"]) == expected and Decimal("850") < expected < Decimal("950")
    assert cli("rates", "set", "USD", "7.1000", "--date", "2026-11-24")[0] == 0
    assert cli("rates", "set", "THB", "0.3000", "--date", "2026-11-24")[0] == 0
    assert cli("rates", "set", "THB", "0.2000", "--date", "2026-11-24")[0] == 0  # corrects that day's rate
    code, out, _ = cli("balances", "--json")
    total = json.loads(out)["total"]
    assert total["missing_rates"] == [] and total["amount"] == "910.00"  # 100 × 7.1 + 1000 × 0.2
    assert total["rate_dates"] == {"USD": "2026-11-24", "THB": "2026-11-24"}
    code, _, err = cli("rates", "set", "USD", "abc")
    assert code == 1 and "rate" in err


def test_terminal_amounts_keep_their_currency_decimals() -> None:
    from decimal import Decimal

    from app.cli.common import money_text, signed_money_text

    assert signed_money_text(Decimal("-1200"), "JPY") == "-1,200"
    assert signed_money_text(Decimal("12.5"), "CNY") == "+12.50"
    assert signed_money_text(Decimal("1.25"), "KWD") == "+1.250"
    assert money_text(Decimal("1200"), "JPY").endswith("1,200")
    assert money_text(None, "CNY") == "—"
