"""Hostile fault modes: the sandbox sends what a hostile platform would, without holding it itself."""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Iterator

import httpx
import pytest

from connectors.sandbox import Sandbox
from connectors.sandbox.faults import FaultSpec, parse_faults

from .helpers import login


def test_parse_the_hostile_faults() -> None:
    specs = parse_faults("wallet_a:deep_json;bank_b:endless_paging;store:trickle=5s;ecny:huge_body=400;"
                         "fx:gzip_bomb=1024,trickle=20;bank_a:many_accounts=5000")
    assert specs["wallet_a"] == FaultSpec(deep_json=True)
    assert specs["bank_b"] == FaultSpec(endless_paging=True)
    assert specs["store"] == FaultSpec(trickle_ms=5000)
    assert specs["ecny"] == FaultSpec(huge_body_mb=400)
    assert specs["fx"] == FaultSpec(gzip_bomb_mb=1024, trickle_ms=20)
    assert specs["bank_a"] == FaultSpec(many_accounts=5000)


@pytest.mark.parametrize("bad", ["huge_body=0", "huge_body", "gzip_bomb=big", "trickle=slow", "deep_json=1",
                                 "endless_paging=yes", "many_accounts=-1"])
def test_bad_hostile_faults_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_faults(f"wallet_a:{bad}", known={"wallet_a"})


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed=42, rate_limit=0) as sb:
        yield sb


@pytest.fixture(autouse=True)
def _clear_faults(sandbox: Sandbox) -> Iterator[None]:
    yield
    for pid in sandbox.platform_urls():
        sandbox.set_faults(pid, None)


def test_deep_json_is_a_400_nested_past_any_parser(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "wallet_a")
    sandbox.set_faults("wallet_a", "deep_json")
    r = s.get("/accounts")
    assert r.status_code == 400 and r.content.startswith(b"[" * 1000) and len(r.content) == 400_000
    with pytest.raises(RecursionError):
        json.loads(r.content)


def test_endless_paging_always_has_more_and_new_rows(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "bank_a")
    account = s.get("/accounts").json()["data"]["accounts"][0]["account_id"]
    sandbox.set_faults("bank_a", "endless_paging")
    seen: set[str] = set()
    cursors: list[str] = []
    cursor = ""
    for _ in range(5):
        body = s.get(f"/accounts/{account}/transactions", limit="50", **({"cursor": cursor} if cursor else {})).json()
        ids = {t["transaction_id"] for t in body["data"]["transactions"]}
        assert len(ids) == 50 and not ids & seen
        seen |= ids
        assert body["meta"]["has_more"] is True
        cursor = body["meta"]["next_cursor"]
        cursors.append(cursor)
    assert len(set(cursors)) == 5
    sandbox.set_faults("bank_a", None)
    assert s.get(f"/accounts/{account}/transactions").json()["meta"]["has_more"] in (True, False)


def test_trickle_sends_one_byte_per_interval(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "store", "adult2")
    sandbox.set_faults("store", "trickle=100ms")
    started = time.monotonic()
    with client.stream("GET", f"{s.base}/accounts", headers=s.headers) as r:
        assert r.status_code == 200
        pieces = []
        for piece in r.iter_raw():
            pieces.append(piece)
            if len(pieces) == 4:
                break
    assert pieces[0] == b"{" and all(len(p) == 1 for p in pieces)
    assert time.monotonic() - started >= 0.3  # each byte well inside a read timeout, the whole far beyond it


def test_huge_body_is_streamed_without_a_declared_length(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "ecny")
    sandbox.set_faults("ecny", "huge_body=64")
    size, first, last = 0, b"", b""
    with client.stream("GET", f"{s.base}/accounts", headers=s.headers) as r:
        assert r.status_code == 200 and "content-length" not in r.headers
        for piece in r.iter_raw():
            first, last, size = first or piece[:1], piece[-1:], size + len(piece)
    assert (size, first, last) == ((64 << 20) + 2, b"{", b"}")


def test_gzip_bomb_is_small_on_the_wire_and_huge_inflated(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "fx")
    sandbox.set_faults("fx", "gzip_bomb=64")
    with client.stream("GET", f"{s.base}/accounts", headers=s.headers) as r:
        assert r.status_code == 200 and r.headers["content-encoding"] == "gzip"
        wire = b"".join(r.iter_raw())
    assert len(wire) < 128 << 10
    inflated = zlib.decompress(wire, zlib.MAX_WBITS | 16)
    assert len(inflated) == (64 << 20) + 2 and json.loads(inflated) == {}


def test_many_accounts_lists_copies_under_new_ids(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "wallet_b")
    own = s.get("/accounts").json()["data"]["accounts"]
    sandbox.set_faults("wallet_b", "many_accounts=300")
    body = s.get("/accounts").json()
    ids = [a["account_id"] for a in body["data"]["accounts"]]
    assert len(ids) == len(set(ids)) == len(own) + 300 == body["meta"]["total"]
