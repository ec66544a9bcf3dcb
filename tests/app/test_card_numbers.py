"""A card number failing its Luhn check digit is kept but warned about (issue 10 §4): core and CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.ledger.validation import card_number_warning, luhn_ok
from app.services import AppServices


@pytest.mark.parametrize("number", ["4111111111111111", "4111 1111 1111 1111", "79927398713", "6011111111111117"])
def test_luhn_accepts_valid_numbers(number: str) -> None:
    assert luhn_ok(number)


@pytest.mark.parametrize("number", ["4111111111111112", "79927398710", "6225880123456789", "", "4111-1111", "４１１１"])
def test_luhn_rejects_a_wrong_check_digit_and_non_digits(number: str) -> None:
    assert not luhn_ok(number)


def test_only_bank_cards_with_a_card_number_are_warned_about() -> None:
    assert "Luhn" in card_number_warning("debit_card", "4111 1111 1111 1112")
    assert "Luhn" in card_number_warning("credit_card", "6225880123456789")
    assert card_number_warning("credit_card", "4111111111111111") == ""
    assert card_number_warning("fx_account", "4111111111111112") == ""  # an account number, not a card
    assert card_number_warning("debit_card", "") == ""
    assert card_number_warning("debit_card", "1234") == ""  # not a card number at all: the core refuses it
    assert AppServices.card_number_warning("debit_card", "4111111111111112") != ""


def test_cli_accounts_add_keeps_the_number_and_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("HUILIU_PASSPHRASE", "cli passphrase 123")
    monkeypatch.setenv("HUILIU_LANG", "en")
    vault = str(tmp_path / "v")

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--vault", vault, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    assert run("vault", "init")[0] == 0
    assert run("members", "add", "张三")[0] == 0
    code, out, err = run("accounts", "add", "--member", "1", "--platform", "招商银行", "--platform-kind", "bank", "--legal-entity", "招商银行股份有限公司",
                         "--kind", "debit_card", "--class", "I", "--name", "卡", "--number", "4111 1111 1111 1112")
    assert code == 0 and "Added account 1" in out, err
    assert "Warning:" in err and "check digit" in err
    code, out, err = run("accounts", "add", "--member", "1", "--platform", "招商银行", "--kind", "debit_card",
                         "--class", "I", "--name", "好卡", "--number", "4111111111111111")
    assert code == 0 and "Warning" not in err
    code, out, _err = run("accounts", "list", "--json")
    assert json.loads(out)["accounts"][0]["number"] == "4111111111111112"
