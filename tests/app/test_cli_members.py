"""``huiliu --member ID …`` and ``huiliu members invite|grant|revoke|role|unlock-pin|access|activity``."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.cli import main
from app.services import AppServices
from app.vault.keys import FAST_KDF
from tests.app.household import populate
from tests.conftest import PASSPHRASE

Run = Callable[..., tuple[int, str, str]]
LI_SI = "李四自己的一句长密码"


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    vault = tmp_path / "v"
    svc = AppServices.create(vault, PASSPHRASE, kdf=FAST_KDF)
    populate(svc)
    svc.close()
    monkeypatch.setenv("HUILIU_LANG", "en")

    def run(*args: str, secret: str = PASSPHRASE, new_secret: str | None = None) -> tuple[int, str, str]:
        monkeypatch.setenv("HUILIU_PASSPHRASE", secret)
        if new_secret is None:
            monkeypatch.delenv("HUILIU_MEMBER_SECRET", raising=False)
        else:
            monkeypatch.setenv("HUILIU_MEMBER_SECRET", new_secret)
        code = main(["--vault", str(vault), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    yield run


def test_invite_then_unlock_as_the_member(cli: Run) -> None:
    code, out, _err = cli("members", "invite", "2", new_secret=LI_SI)
    assert code == 0 and "--member 2" in out
    code, out, _err = cli("--member", "2", "accounts", "list", "--json", secret=LI_SI)
    assert code == 0
    assert [a["name"] for a in json.loads(out)["accounts"]] == ["余额"]
    code, _out, err = cli("--member", "2", "accounts", "list", secret=PASSPHRASE)
    assert code == 2 and "Wrong passphrase" in err


def test_grant_and_revoke_from_the_command_line(cli: Run) -> None:
    cli("members", "invite", "2", new_secret=LI_SI)
    code, out, _err = cli("members", "grant", "1", "2", "balance")
    assert code == 0 and "the balance" in out
    code, out, _err = cli("--member", "2", "accounts", "list", "--json", secret=LI_SI)
    assert sorted(a["name"] for a in json.loads(out)["accounts"]) == ["余额", "招商银行工资卡"]
    code, out, _err = cli("members", "revoke", "1", "2")
    assert code == 0 and "sealed again" in out
    code, out, _err = cli("--member", "2", "accounts", "list", "--json", secret=LI_SI)
    assert [a["name"] for a in json.loads(out)["accounts"]] == ["余额"]
    code, out, _err = cli("members", "access", "--json")
    grants = {(g["account_id"], g["member_id"]): g["grant"] for g in json.loads(out)["grants"]}
    assert grants[(1, 2)] == "hidden" and grants[(3, 2)] == "transactions"


def test_refusals_say_why(cli: Run) -> None:
    cli("members", "invite", "2", new_secret=LI_SI)
    code, _out, err = cli("--member", "2", "members", "role", "1", "viewer", secret=LI_SI)
    assert code == 6 and "only the owner changes roles" in err
    code, _out, err = cli("members", "invite", "2", "--pin", new_secret="123456")
    assert code != 0 and "PIN" in err
    code, _out, err = cli("members", "grant", "3", "1", "hidden")
    assert code == 6 and "holder" in err


def test_activity_names_who_did_what(cli: Run) -> None:
    cli("members", "invite", "2", new_secret=LI_SI)
    cli("--member", "2", "members", "grant", "3", "1", "balance", secret=LI_SI)
    code, out, _err = cli("members", "activity", "--json", "--limit", "100")
    events = json.loads(out)
    assert code == 0
    assert any(e["kind"] == "account.unshared" and e["member_id"] == 2 for e in events)
    code, out, _err = cli("members", "activity")
    assert "李四" in out and "hid an account" in out
