"""PKCE and the callback checks that protect a consent (no network needed for these)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from app.sync.errors import ConsentDenied, ConsentExpired, ConsentFailed
from connectors.openapi import oauth
from tests.connectors.openapi.mockplatform import KEY, MockPlatform, problem, raw

pytestmark = pytest.mark.anyio

REDIRECT = "http://127.0.0.1:53682/callback"


def test_pkce_s256_matches_rfc_7636_appendix_b() -> None:
    assert oauth.code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == (
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    )


def test_verifiers_and_states_are_fresh_and_well_formed() -> None:
    verifiers = {oauth.new_code_verifier() for _ in range(200)}
    assert len(verifiers) == 200
    assert all(43 <= len(v) <= 128 and re.fullmatch(r"[A-Za-z0-9\-._~]+", v) for v in verifiers)
    assert len({oauth.new_state() for _ in range(200)}) == 200


def test_consent_needs_discovery_first() -> None:
    conn, _ = MockPlatform(lambda r: raw("{}")).connector()
    with pytest.raises(RuntimeError):
        conn.begin_consent(REDIRECT)


async def test_authorize_url_carries_the_pkce_challenge_and_state() -> None:
    conn, _ = MockPlatform(lambda r: raw("{}")).connector()
    await conn.discover()
    req = conn.begin_consent(REDIRECT)
    parts = urlsplit(req.authorize_url)
    q = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert parts.path == "/p/mock/oauth/authorize"
    assert q == {
        "response_type": "code",
        "client_id": "huiliu-desktop",
        "redirect_uri": REDIRECT,
        "scope": "accounts balances transactions",
        "state": req.state,
        "code_challenge": oauth.code_challenge(req.code_verifier),
        "code_challenge_method": "S256",
    }
    assert "%20" in req.authorize_url and req.code_verifier not in req.authorize_url
    assert req.code_verifier not in repr(req)  # the verifier is the secret half of PKCE
    assert conn.begin_consent(REDIRECT).state != req.state


async def _finish(callback: str, token_answer: httpx.Response | None = None) -> tuple[MockPlatform, object]:
    platform = MockPlatform(lambda r: token_answer or raw("{}"))
    conn, store = platform.connector()
    store.delete(KEY)
    await conn.discover()
    req = conn.begin_consent(REDIRECT)
    try:
        return platform, await conn.finish_consent(req, callback.replace("STATE", req.state))
    except Exception as exc:
        return platform, exc


async def test_a_callback_with_another_state_is_refused_and_its_code_never_sent() -> None:
    platform, result = await _finish(f"{REDIRECT}?code=stolen&state=not-ours")
    assert isinstance(result, ConsentFailed)
    assert "/p/mock/oauth/token" not in [r.url.path for r in platform.requests]


async def test_a_denied_consent_is_consent_denied() -> None:
    _, result = await _finish(f"{REDIRECT}?error=access_denied&state=STATE")
    assert isinstance(result, ConsentDenied) and "Mock Bank" in str(result)


async def test_a_callback_without_code_or_at_another_address_fails() -> None:
    _, no_code = await _finish(f"{REDIRECT}?state=STATE")
    _, elsewhere = await _finish("http://127.0.0.1:1/other?code=c&state=STATE")
    assert isinstance(no_code, ConsentFailed) and isinstance(elsewhere, ConsentFailed)


async def test_a_refused_code_is_consent_failed_and_nothing_is_saved() -> None:
    answer = httpx.Response(400, json={"error": "invalid_grant", "error_description": "code already used"})
    platform, result = await _finish(f"{REDIRECT}?code=c1&state=STATE", answer)
    assert isinstance(result, ConsentFailed) and "code already used" in str(result)
    sent = parse_qs(platform.requests[-1].content.decode())
    assert sent["grant_type"] == ["authorization_code"] and sent["code"] == ["c1"]
    assert len(sent["code_verifier"][0]) >= 43


async def test_a_token_answer_that_is_not_bearer_is_invalid() -> None:
    answer = httpx.Response(200, json={
        "access_token": "a", "token_type": "MAC", "expires_in": 600, "refresh_token": "r", "scope": "accounts",
        "consent_id": "c", "consent_expires_at": "2027-01-01T00:00:00+08:00"})
    _, result = await _finish(f"{REDIRECT}?code=c1&state=STATE", answer)
    assert type(result).__name__ == "InvalidData" and "token_type" in str(result)


async def test_without_tokens_the_connector_asks_to_connect() -> None:
    conn, store = MockPlatform(lambda r: problem(500, "internal")).connector()
    store.delete(KEY)
    with pytest.raises(ConsentExpired):
        await conn.accounts()
