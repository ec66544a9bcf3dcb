"""Consent and tokens: PKCE, single-use codes, loopback redirects, credentials, expiry and refresh."""

from __future__ import annotations

import httpx
import pytest

from connectors.sandbox import Sandbox
from connectors.sandbox.consent import ConsentError, complete_consent

from .helpers import CLIENT_ID, REDIRECT, authorize_url, check_response, exchange, login, pkce, query_of


def consent_code(
    sb: Sandbox, client: httpx.Client, platform: str, member: str | None = None, redirect: str = REDIRECT
) -> tuple[str, str, str]:
    """(base, code, verifier) after the user approved."""
    base = sb.platform_urls()[platform]
    _, user, password = next(x for x in sb.logins(platform) if member in (None, x[0]))
    verifier, challenge = pkce()
    location = complete_consent(
        authorize_url(base, challenge, "state-42", redirect=redirect), user, password, client
    )
    assert location.startswith(redirect + "?")
    q = query_of(location)
    assert q["state"] == "state-42" and q["code"]
    return base, q["code"], verifier


def test_full_flow_with_pkce(sandbox: Sandbox, client: httpx.Client) -> None:
    base, code, verifier = consent_code(sandbox, client, "bank_a", "adult2")
    r = exchange(client, base, code, verifier)
    body = check_response(r, "POST", "/oauth/token")
    assert body["scope"] == "accounts balances transactions" and body["consent_id"]
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    accounts = client.get(f"{base}/accounts", headers=headers).json()["data"]["accounts"]
    # A token only sees the accounts of the user who consented.
    assert [a["account_id"] for a in accounts] == ["ht-adult2-debit", "ht-adult2-eacct"]
    assert client.get(f"{base}/accounts/ht-adult1-debit/balances", headers=headers).status_code == 404
    # ... and only on its own platform.
    other = sandbox.platform_urls()["wallet_b"]
    r = client.get(f"{other}/accounts", headers=headers)
    assert r.status_code == 401 and r.json()["code"] == "invalid_token"


def test_ipv6_loopback_redirect_is_accepted(sandbox: Sandbox, client: httpx.Client) -> None:
    redirect = "http://[::1]:61000/cb"
    base, code, verifier = consent_code(sandbox, client, "store", "teen", redirect=redirect)
    assert exchange(client, base, code, verifier, redirect=redirect).status_code == 200


def test_wrong_verifier_is_rejected_and_burns_the_code(sandbox: Sandbox, client: httpx.Client) -> None:
    base, code, verifier = consent_code(sandbox, client, "wallet_a")
    other_verifier, _ = pkce()
    r = exchange(client, base, code, other_verifier)
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    assert exchange(client, base, code, verifier).json()["error"] == "invalid_grant"


def test_reused_code_is_rejected_and_revokes_its_tokens(sandbox: Sandbox, client: httpx.Client) -> None:
    base, code, verifier = consent_code(sandbox, client, "wallet_b", "teen")
    first = exchange(client, base, code, verifier).json()
    headers = {"Authorization": f"Bearer {first['access_token']}"}
    assert client.get(f"{base}/accounts", headers=headers).status_code == 200
    again = exchange(client, base, code, verifier)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    r = client.get(f"{base}/accounts", headers=headers)
    assert r.status_code == 401 and r.json()["code"] == "invalid_token"
    r = client.post(
        f"{base}/oauth/token",
        data={"grant_type": "refresh_token", "client_id": CLIENT_ID, "refresh_token": first["refresh_token"]},
    )
    assert r.json()["error"] == "invalid_grant"


def test_redirect_uri_must_match_and_code_belongs_to_its_platform(
    sandbox: Sandbox, client: httpx.Client
) -> None:
    base, code, verifier = consent_code(sandbox, client, "ecny")
    assert (
        exchange(client, base, code, verifier, redirect="http://127.0.0.1:1/other").json()["error"]
        == "invalid_grant"
    )
    base, code, verifier = consent_code(sandbox, client, "ecny")
    wrong_platform = sandbox.platform_urls()["fx"]
    assert exchange(client, wrong_platform, code, verifier).json()["error"] == "invalid_grant"


@pytest.mark.parametrize(
    "redirect",
    [
        "https://evil.example/cb",
        "http://localhost:5000/cb",
        "http://10.0.0.1:80/cb",
        "http://127.0.0.1:5000/cb#frag",
        "myapp://cb",
    ],
)
def test_non_loopback_redirect_is_refused_without_redirecting(
    sandbox: Sandbox, client: httpx.Client, redirect: str
) -> None:
    base = sandbox.platform_urls()["bank_a"]
    _, challenge = pkce()
    r = client.get(authorize_url(base, challenge, redirect=redirect))
    assert r.status_code == 400 and "location" not in r.headers
    _, user, password = sandbox.logins("bank_a")[0]
    with pytest.raises(ConsentError):
        complete_consent(authorize_url(base, challenge, redirect=redirect), user, password, client)


def test_wrong_password_and_unknown_user_are_rejected(sandbox: Sandbox, client: httpx.Client) -> None:
    base = sandbox.platform_urls()["bank_b"]
    _, challenge = pkce()
    _, user, password = sandbox.logins("bank_b")[0]
    with pytest.raises(ConsentError) as err:
        complete_consent(authorize_url(base, challenge), user, password + "x", client)
    assert err.value.status == 401 and "Wrong username or password" in str(err.value)
    with pytest.raises(ConsentError):
        complete_consent(authorize_url(base, challenge), "nobody", password, client)
    # A member's password does not open another member's login, nor another platform's.
    _, user2, _ = sandbox.logins("bank_b")[1]
    with pytest.raises(ConsentError):
        complete_consent(authorize_url(base, challenge), user2, password, client)
    _, _, bank_a_password = sandbox.logins("bank_a")[0]
    with pytest.raises(ConsentError):
        complete_consent(authorize_url(base, challenge), user, bank_a_password, client)


@pytest.mark.parametrize(
    "change",
    [{"code_challenge_method": "plain"}, {"code_challenge": ""}, {"response_type": "token"}, {"state": ""}],
)
def test_requests_without_pkce_or_state_go_back_with_an_error(
    sandbox: Sandbox, client: httpx.Client, change: dict[str, str]
) -> None:
    base = sandbox.platform_urls()["wallet_a"]
    _, challenge = pkce()
    params = {"code_challenge": challenge, **change}
    url = authorize_url(base, params.pop("code_challenge"), **params)
    r = client.get(url)
    assert r.status_code == 302
    assert query_of(r.headers["location"])["error"] in ("invalid_request", "unsupported_response_type")


def test_tampered_hidden_fields_are_checked_again(sandbox: Sandbox, client: httpx.Client) -> None:
    base = sandbox.platform_urls()["wallet_a"]
    _, challenge = pkce()
    _, user, password = sandbox.logins("wallet_a")[0]
    form = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": "https://evil.example/cb",
        "scope": "accounts",
        "state": "s",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "username": user,
        "password": password,
        "action": "approve",
    }
    r = client.post(f"{base}/oauth/authorize", data=form)
    assert r.status_code == 400 and "location" not in r.headers


def test_token_expiry_and_refresh(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "store", "adult2")
    assert s.get("/accounts").status_code == 200
    old_refresh = s.refresh_token
    sandbox.advance(hours=1)  # access tokens live 600 s
    r = s.get("/accounts")
    assert r.status_code == 401
    assert check_response(r, "GET", "/accounts")["code"] == "token_expired"
    r = s.refresh()
    assert check_response(r, "POST", "/oauth/token")["refresh_token"] != old_refresh
    assert s.get("/accounts").status_code == 200
    # refresh tokens rotate: the old one is spent
    r = client.post(
        f"{s.base}/oauth/token",
        data={"grant_type": "refresh_token", "client_id": CLIENT_ID, "refresh_token": old_refresh},
    )
    assert r.json()["error"] == "invalid_grant"


def test_code_expires_after_a_minute(sandbox: Sandbox, client: httpx.Client) -> None:
    base, code, verifier = consent_code(sandbox, client, "bank_b")
    sandbox.advance(hours=1)
    assert exchange(client, base, code, verifier).json()["error"] == "invalid_grant"


def test_consent_expiry(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "fx")
    sandbox.advance(days=91)  # consents last 90 days
    r = s.get("/accounts")
    assert check_response(r, "GET", "/accounts")["code"] == "consent_expired"
    r = s.refresh()
    assert r.status_code == 400 and r.json()["error"] == "invalid_grant"
    # consenting again works
    s2 = login(sandbox, client, "fx")
    assert s2.get("/accounts").status_code == 200
