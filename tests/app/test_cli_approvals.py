"""``huiliu approvals list|approve|deny``: the acting member's requests from the command line.

The acting member is the opened services' ``member_id`` (``--member`` comes with unlocking as a member):
here the services the command line opens are ``Home``, acting as a chosen member."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from app import services as services_module
from app.cli import main
from app.vault.keys import FAST_KDF
from tests.app.family_home import DAD, GRANNY, MOM, TEEN, Home, build
from tests.conftest import PASSPHRASE

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Run]:
    vault = tmp_path / "v"
    svc = Home.create(vault, PASSPHRASE, kdf=FAST_KDF)
    build(svc)
    svc.act(TEEN).request_approval("transfer", [MOM, DAD], "all", summary="买自行车", amount=Decimal("1234.56"),
                                   currency="CNY")
    svc.act(TEEN).request_approval("generic", [DAD], "any", summary="周末去同学家")
    svc.close()
    monkeypatch.setenv("HUILIU_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("HUILIU_LANG", "en")

    def run(*args: str, member: int) -> tuple[int, str, str]:
        acting = type("Acting", (Home,), {"member_id": member})
        monkeypatch.setattr(services_module, "AppServices", acting)
        code = main(["--vault", str(vault), *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    yield run


@pytest.mark.zone("Asia/Shanghai")
def test_list_shows_what_awaits_me(cli: Run) -> None:
    code, out, err = cli("approvals", "list", member=MOM)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["ID", "Kind", "Status", "Requested"]
    assert len(lines) == 3  # the header, mom's one request, the footnote
    assert "买自行车" in lines[1] and "¥1,234.56" in lines[1] and "Awaiting approval *" in lines[1]
    assert "2026-12-11 12:00" in lines[1]  # a week from the pinned noon, in the person's zone
    code, out, _e = cli("approvals", "list", "--json", member=DAD)
    data = json.loads(out)
    assert [(a["id"], a["kind"], a["status"], a["awaiting_me"]) for a in data] == [
        (2, "generic", "pending", True), (1, "transfer", "pending", True)]
    assert data[1]["amount"] == "1234.56" and data[1]["approvers"] == [MOM, DAD]


def test_approve_and_deny(cli: Run) -> None:
    code, out, err = cli("approvals", "approve", "1", "--comment", "好", member=MOM)
    assert code == 0 and "still awaits the others" in out, err
    code, out, err = cli("approvals", "deny", "1", member=DAD)
    assert (code, out.strip()) == (0, "Request 1: Denied."), err
    code, out, _e = cli("approvals", "list", member=MOM)
    assert out.strip() == "No requests awaiting a decision."
    code, out, _e = cli("approvals", "list", "--all", "--json", member=MOM)
    [decided] = json.loads(out)
    assert decided["status"] == "denied" and [v["decision"] for v in decided["votes"]] == ["approve", "deny"]
    assert decided["votes"][0]["comment"] == "好"


def test_refusals_are_one_line(cli: Run) -> None:
    code, out, err = cli("approvals", "approve", "1", member=TEEN)
    assert code == 6 and err.startswith("huiliu: Not allowed:") and "own request" in err and len(err.splitlines()) == 1
    code, _o, err = cli("approvals", "approve", "2", member=MOM)
    assert code == 6 and "neither yours nor yours to decide" in err
    code, _o, err = cli("approvals", "approve", "2", "--version", "1", member=MOM)
    assert code == 6 and "not one of the members" in err
    code, _o, err = cli("approvals", "approve", "2", "--version", "1", member=GRANNY)
    assert code == 6 and "viewer" in err
    code, _o, err = cli("approvals", "approve", "2", "--version", "7", member=DAD)
    assert code == 7 and "Someone else changed" in err
    code, _o, err = cli("approvals", "deny", "99", member=DAD)
    assert code == 1 and "No approval request with id 99" in err
