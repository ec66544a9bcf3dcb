"""Fault injection: each fault does what it says, per platform, switchable at run time."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import httpx
import jsonschema
import pytest

from connectors.sandbox import Sandbox
from connectors.sandbox.faults import FaultSpec, parse_faults

from .helpers import check_response, login


def test_parse_the_spec_string() -> None:
    specs = parse_faults(
        "wallet_a:latency=300ms,error_rate=0.3;bank_b:timeout;store:malformed;ecny:rate_limit;"
        "fx:expired_consent;*:latency=1.5s"
    )
    assert specs["wallet_a"] == FaultSpec(latency_ms=300, error_rate=0.3)
    assert specs["bank_b"].timeout and specs["store"].malformed and specs["ecny"].rate_limit
    assert specs["fx"].expired_consent
    assert specs["*"].latency_ms == 1500
    # a platform's own value wins over "*", fault by fault
    merged = specs["wallet_a"].over(specs["*"])
    assert merged.latency_ms == 300 and merged.error_rate == 0.3
    assert specs["bank_b"].over(specs["*"]) == FaultSpec(latency_ms=1500, timeout=True)
    assert parse_faults(None) == {} and parse_faults("") == {}


@pytest.mark.parametrize(
    "bad",
    [
        "wallet_a",
        "wallet_a:explode",
        "wallet_a:latency=fast",
        "wallet_a:error_rate=2",
        "nobank:timeout",
        ":timeout",
        "wallet_a:timeout=5",
    ],
)
def test_bad_specs_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_faults(bad, known={"wallet_a"})


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    # Faults given at construction apply from the start.
    with Sandbox(seed=42, faults="ecny:rate_limit") as sb:
        yield sb


def test_rate_limit_fault_alternates(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "ecny", "adult1")
    codes = []
    for _ in range(4):
        r = client.get(f"{s.base}/accounts", headers=s.headers)  # no retrying here
        codes.append(r.status_code)
        if r.status_code == 429:
            assert check_response(r, "GET", "/accounts")["code"] == "rate_limited"
            assert r.headers["retry-after"] == "1"
    assert codes == [429, 200, 429, 200]
    sandbox.set_faults("ecny", None)
    assert [client.get(f"{s.base}/accounts", headers=s.headers).status_code for _ in range(3)] == [200] * 3


def test_latency_fault(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "wallet_a")
    sandbox.set_faults("wallet_a", "latency=300ms")
    t0 = time.monotonic()
    assert s.get("/accounts").status_code == 200
    assert time.monotonic() - t0 >= 0.3
    sandbox.set_faults("wallet_a", None)
    t0 = time.monotonic()
    assert s.get("/accounts").status_code == 200
    assert time.monotonic() - t0 < 0.3


def test_error_rate_fault(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "wallet_b", "teen")
    sandbox.set_faults("wallet_b", "error_rate=1")
    r = s.get("/accounts")
    assert check_response(r, "GET", "/accounts")["code"] == "unavailable"
    assert r.status_code == 503
    sandbox.set_faults("wallet_b", "error_rate=0.5")
    first = [s.get("/accounts/cp-teen-balance/balances").status_code for _ in range(16)]
    assert set(first) == {200, 503}
    # seeded: the same setting replays the same sequence
    sandbox.set_faults("wallet_b", "error_rate=0.5")
    time.sleep(1)  # let the per-token rate limit refill
    again = [s.get("/accounts/cp-teen-balance/balances").status_code for _ in range(16)]
    assert again == first
    sandbox.set_faults("wallet_b", None)


def test_timeout_fault(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "bank_b")
    sandbox.set_faults("bank_b", "timeout")
    t0 = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(f"{s.base}/accounts", headers=s.headers, timeout=0.5)
    assert time.monotonic() - t0 < 2
    # discovery and consent still work (only resources hang)
    assert client.get(f"{s.base}/.well-known/huiliu-platform").status_code == 200
    sandbox.set_faults("bank_b", None)
    assert s.get("/accounts").status_code == 200


def test_malformed_fault_alternates_bad_json_and_bad_schema(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "store", "adult2")
    sandbox.set_faults("store", "malformed")
    r = s.get("/accounts")
    assert r.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(r.content)
    r = s.get("/accounts/jx-adult2-balance/balances")
    assert r.status_code == 200
    body = r.json()
    with pytest.raises(jsonschema.ValidationError):
        check_response(r, "GET", "/accounts/{account_id}/balances")
    assert isinstance(body["data"]["balances"][0]["amount"]["amount"], float)
    sandbox.set_faults("store", None)
    check_response(s.get("/accounts/jx-adult2-balance/balances"), "GET", "/accounts/{account_id}/balances")


def test_expired_consent_fault(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "fx")
    assert s.get("/accounts").status_code == 200
    sandbox.set_faults("fx", "expired_consent")
    r = s.get("/accounts")
    assert check_response(r, "GET", "/accounts")["code"] == "consent_expired"
    assert s.refresh().json()["error"] == "invalid_grant"
    # While the fault lasts, new consents are born expired.
    s2 = login(sandbox, client, "fx")
    assert s2.get("/accounts").json()["code"] == "consent_expired"
    sandbox.set_faults("fx", None)
    assert s.get("/accounts").json()["code"] == "consent_expired"  # the old consent stays expired
    assert login(sandbox, client, "fx").get("/accounts").status_code == 200


def test_per_token_rate_limit(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "bank_a", "teen")
    codes = [client.get(f"{s.base}/accounts", headers=s.headers) for _ in range(40)]
    limited = [r for r in codes if r.status_code == 429]
    assert limited and len(limited) < 40
    body = check_response(limited[0], "GET", "/accounts")
    assert body["code"] == "rate_limited" and int(limited[0].headers["retry-after"]) >= 1
    # another token is not affected
    other = login(sandbox, client, "bank_a", "adult1")
    assert client.get(f"{other.base}/accounts", headers=other.headers).status_code == 200


def test_wildcard_and_unknown_platforms(client: httpx.Client) -> None:
    with Sandbox(seed=3, faults="*:error_rate=1;fx:latency=10ms") as sb:
        for pid in ("bank_a", "fx"):
            s = login(sb, client, pid)
            assert s.get("/accounts").status_code == 503  # fx keeps "*"'s error_rate beside its own latency
        with pytest.raises(ValueError):
            sb.set_faults("nobank", "timeout")
    with pytest.raises(ValueError):
        Sandbox(faults="nobank:timeout")


def test_latency_does_not_serialise_requests(client: httpx.Client) -> None:
    """latency_ms sleeps with asyncio: 20 concurrent requests take about one latency, not twenty."""
    with Sandbox(seed=4, latency_ms=300, extra_platforms=2) as sb:
        sessions = [login(sb, client, pid) for pid in ("bank_x01", "bank_x02")]  # consent pages wait too

        async def run() -> list[int]:
            async with httpx.AsyncClient(timeout=10) as ac:
                reqs = [ac.get(f"{s.base}/accounts", headers=s.headers) for s in sessions for _ in range(10)]
                return [r.status_code for r in await asyncio.gather(*reqs)]

        t0 = time.monotonic()
        codes = asyncio.run(run())
        elapsed = time.monotonic() - t0
    assert codes == [200] * 20
    assert 0.3 <= elapsed < 1.5
