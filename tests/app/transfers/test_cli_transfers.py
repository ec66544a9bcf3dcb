"""``huiliu transfer``, ``transfers``, ``payees``, ``policy`` and ``stepup`` on the demo household: the exit
codes the issue names (0 executed, 3 needs step-up, 4 refused), the reasons in the chosen language."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import timedelta

import pyotp
import pytest

from app import clock
from app.cli import main
from tests.app.transfers.conftest import OWNER_PASSPHRASE, Demo

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(demo: Demo, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    local = demo.services._local
    demo.services._local_owned = False
    demo.services.close()
    monkeypatch.setenv("HUILIU_PASSPHRASE", OWNER_PASSPHRASE)
    from app import services as services_module

    class WithPlatforms(services_module.AppServices):  # the test's sandbox, already up
        def _bring_up_local_platforms(self) -> None:
            self._local, self._local_owned = local, False

    monkeypatch.setattr(services_module, "AppServices", WithPlatforms)

    def run(*args: str, lang: str = "en") -> tuple[int, str, str]:
        code = main(["--lang", lang, "--vault", str(demo.directory), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    yield run
    monkeypatch.undo()
    demo.services = services_module.AppServices.open(demo.directory, OWNER_PASSPHRASE)


def _ids(run: Run) -> dict[str, int]:
    code, out, _err = run("accounts", "list", "--json")
    assert code == 0
    return {f"{a['member_id']}:{a['name']}": a["id"] for a in json.loads(out)["accounts"]}


def test_transfer_exit_codes_and_reasons(cli: Run) -> None:
    ids = _ids(cli)
    card, wallet = str(ids["1:汇通借记卡（一类户）"]), str(ids["1:易付宝余额"])
    e_account, spouse = str(ids["1:汇通电子账户（二类户）"]), str(ids["2:汇通借记卡（一类户）"])
    code, out, err = cli("transfer", "--from", card, "--to", wallet, "--amount", "100", "--json")
    assert code == 0, err
    done = json.loads(out)
    assert done["status"] == "executed" and done["transfer"]["state"] == "submitted"
    code, out, _ = cli("transfer", "--from", card, "--to", wallet, "--amount", "6000")
    assert code == 3 and "--otp" in out and "5,000.00" in out
    code, out, _ = cli("transfer", "--from", card, "--to", spouse, "--amount", "50", "--memo", "买菜", lang="zh_CN")
    assert code == 4 and "白名单" in out and "依据" in out
    code, out, _ = cli("transfer", "--from", card, "--to", spouse, "--amount", "50", "--memo", "groceries")
    assert code == 4 and "whitelist" in out.lower() and "Source:" in out
    code, out, _ = cli("transfer", "--from", e_account, "--to", spouse, "--amount", "10000.01", "--dry-run",
                       "--json")
    assert code == 4 and "bank_class2_daily" in {f["rule_id"] for f in json.loads(out)["decision"]["firings"]}
    code, out, _ = cli("transfers", "list", "--json")
    states = [t["state"] for t in json.loads(out)]
    assert states.count("rejected") == 2 and "submitted" in states  # the dry run left nothing behind


def test_totp_enrolment_and_a_6000_transfer_with_its_code(cli: Run, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    ids = _ids(cli)
    card, wallet = str(ids["1:汇通借记卡（一类户）"]), str(ids["1:易付宝余额"])
    code, out, err = cli("stepup", "enroll-totp", "--code", "000000")
    assert code != 0 and "Key: " in out  # a wrong first code does not set it up
    code, out, err = cli("stepup", "verify", "123456")
    assert code == 3  # nothing is set up yet: no code verifies
    seen: list[str] = []

    def person(prompt: str) -> str:  # reads the key off the screen into a code app, types its first code
        shown = capsys.readouterr().out
        seen.append(shown)
        secret = shown.split("Key: ")[1].splitlines()[0].replace(" ", "")
        return pyotp.TOTP(secret).at(clock.utcnow())

    monkeypatch.setattr("builtins.input", person)
    code, out, err = cli("stepup", "enroll-totp")
    assert code == 0, err
    shown = seen[0]
    assert any(ch in shown for ch in "█▀▄")  # the QR code, drawn in the terminal
    totp = pyotp.TOTP(shown.split("Key: ")[1].splitlines()[0].replace(" ", ""))
    clock.get().advance(timedelta(seconds=30))
    code, out, err = cli("transfer", "--from", card, "--to", wallet, "--amount", "6000", "--confirm",
                         "--otp", totp.at(clock.utcnow()))
    assert code == 0, out + err
    transfer_id = out.split("Transfer ")[1].split(":")[0]
    code, out, _ = cli("transfers", "show", transfer_id)
    assert "6,000.00" in out and "Verification for large transfers" in out
    code, out, err = cli("transfer", "--from", card, "--to", wallet, "--amount", "6000", "--confirm",
                         "--otp", totp.at(clock.utcnow()))
    assert code != 0  # the same code twice: refused (a code is spent once)




def test_payees_and_policy(cli: Run) -> None:
    code, out, err = cli("payees", "add", "张三", "6222020200112233445", "--institution", "恒信银行")
    assert code == 0 and "24 hours" in out, err
    code, out, _ = cli("payees", "list", "--json")
    payee = json.loads(out)[0]
    assert payee["name"] == "张三" and payee["number"] == "6222020200112233445"
    code, out, _ = cli("policy", "list")
    assert code == 0 and "step_up_large" in out and "bank_class2_daily" in out and "392" in out
    code, out, _ = cli("policy", "show", "ecny_tier4_per_payment", "--json")
    rule = json.loads(out)
    assert rule["values"]["limit"] == "2000.00" and rule["confidence"] == "secondary"
    code, out, err = cli("policy", "stricter", "step_up_large", "limit", "3000")
    assert code == 0, err
    code, out, _ = cli("policy", "show", "step_up_large", "--json")
    assert json.loads(out)["values"]["limit"] == "3000"
    code, out, err = cli("policy", "stricter", "step_up_large", "limit", "8000")
    assert code != 0 and "stricter" in (out + err).lower()
    code, out, err = cli("payees", "number", str(payee["id"]), "6222020200112299999")
    assert code == 0 and "new number" in out, err
    code, out, _ = cli("payees", "list", "--json")
    assert json.loads(out)[0]["number"] == "6222020200112299999"
    code, out, _ = cli("payees", "remove", str(payee["id"]))
    assert code == 0


def test_a_transfer_between_currencies_shows_the_quote_first(cli: Run) -> None:
    ids = _ids(cli)
    cny, usd = str(ids["1:多币种账户-人民币"]), str(ids["1:多币种账户-美元"])
    code, out, _ = cli("transfer", "--from", cny, "--to", usd, "--amount", "1000", "--memo", "换汇")
    assert code == 5 and "Quote: ¥1,000.00" in out and "US$" in out and "--confirm" in out
    code, out, _ = cli("transfer", "--from", cny, "--to", usd, "--amount", "1000", "--memo", "换汇", "--json")
    assert code == 5 and json.loads(out)["quote"]["buy_currency"] == "USD"
    code, out, err = cli("transfer", "--from", cny, "--to", usd, "--amount", "1000", "--memo", "换汇", "--confirm",
                         "--json")
    assert code == 0, err
    done = json.loads(out)
    assert done["transfer"]["state"] == "settled" and done["transfer"]["quote"]["buy_currency"] == "USD"
