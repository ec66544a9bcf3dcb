"""Test helpers: a client that logs in as Huiliu will, and checks against the OpenAPI document."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from connectors.sandbox import Sandbox
from connectors.sandbox.consent import complete_consent

ROOT = Path(__file__).resolve().parents[3]
SPEC_PATH = ROOT / "resources" / "openapi" / "platform-api.yaml"
SPEC_URI = "urn:huiliu:platform-api"
CLIENT_ID = "huiliu-desktop"
REDIRECT = "http://127.0.0.1:53682/callback"
SCOPE = "accounts balances transactions"


@cache
def spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text("utf-8"))


@cache
def registry() -> Registry:
    return Registry().with_resource(SPEC_URI, DRAFT202012.create_resource(spec()))


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _resolve(node: dict[str, Any], pointer: str) -> tuple[dict[str, Any], str]:
    """Follow a local $ref (one level is all the document uses for responses and headers)."""
    ref = node.get("$ref")
    if not ref:
        return node, pointer
    assert ref.startswith("#/"), ref
    target: Any = spec()
    for part in ref[2:].split("/"):
        target = target[part.replace("~1", "/").replace("~0", "~")]
    return target, ref[1:]


def schema_validator(pointer: str) -> Draft202012Validator:
    return Draft202012Validator(
        {"$ref": f"{SPEC_URI}#{pointer}"},
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def validate_schema(name: str, instance: Any) -> None:
    schema_validator(f"/components/schemas/{name}").validate(instance)


def check_response(response: httpx.Response, method: str, template: str) -> Any:
    """Assert the status, content type, headers and body are what the document declares; return the body."""
    op = spec()["paths"][template][method.lower()]
    status = str(response.status_code)
    assert status in op["responses"], f"{method} {template}: status {status} is not declared"
    resp, pointer = _resolve(
        op["responses"][status], f"/paths/{_escape(template)}/{method.lower()}/responses/{status}"
    )
    assert "x-request-id" in response.headers, "every response carries x-request-id"
    for name, header in resp.get("headers", {}).items():
        header, hpointer = _resolve(header, f"{pointer}/headers/{_escape(name)}")
        if header.get("required"):
            assert name.lower() in response.headers, f"{method} {template} {status}: header {name} missing"
        if name.lower() in response.headers:
            schema_validator(f"{hpointer}/schema").validate(response.headers[name.lower()])
    content = resp.get("content")
    if not content:
        return None
    ctype = response.headers.get("content-type", "").split(";")[0].strip()
    assert ctype in content, f"{method} {template} {status}: content type {ctype!r} not in {list(content)}"
    if ctype == "text/html":
        return response.text
    body = response.json()
    schema_validator(f"{pointer}/content/{_escape(ctype)}/schema").validate(body)
    return body


# ---------------------------------------------------------------------------------------- OAuth


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def authorize_url(
    base: str, challenge: str, state: str = "st-1", redirect: str = REDIRECT, scope: str = SCOPE, **extra: str
) -> str:
    params = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": redirect,
        "scope": scope,
        "state": state,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        **extra,
    }
    return f"{base}/oauth/authorize?{urlencode(params)}"


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


@dataclass
class Session:
    """A logged-in connector's view of one platform for one member."""

    client: httpx.Client
    base: str
    member: str
    access_token: str
    refresh_token: str
    token_response: dict[str, Any] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    def get(self, path_or_url: str, **params: Any) -> httpx.Response:
        """GET with the bearer token, waiting out 429s as a well-behaved client does."""
        url = path_or_url if path_or_url.startswith("http") else self.base + path_or_url
        for _ in range(20):
            r = self.client.get(url, params=params or None, headers=self.headers)
            if r.status_code != 429:
                return r
            time.sleep(int(r.headers.get("retry-after", "1")))
        return r

    def refresh(self) -> httpx.Response:
        r = self.client.post(
            f"{self.base}/oauth/token",
            data={"grant_type": "refresh_token", "refresh_token": self.refresh_token, "client_id": CLIENT_ID},
        )
        if r.status_code == 200:
            self.access_token = r.json()["access_token"]
            self.refresh_token = r.json()["refresh_token"]
        return r


def exchange(
    client: httpx.Client, base: str, code: str, verifier: str, redirect: str = REDIRECT
) -> httpx.Response:
    return client.post(
        f"{base}/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect,
            "client_id": CLIENT_ID,
            "code_verifier": verifier,
        },
    )


def login(
    sb: Sandbox, client: httpx.Client, platform_id: str, member: str | None = None, scope: str = SCOPE
) -> Session:
    base = sb.platform_urls()[platform_id]
    logins = sb.logins(platform_id)
    m, user, password = next(x for x in logins if member is None or x[0] == member)
    verifier, challenge = pkce()
    state = secrets.token_hex(8)
    url = authorize_url(base, challenge, state, scope=scope)
    check_response(client.get(url), "GET", "/oauth/authorize")  # the consent page is what the document says
    location = complete_consent(url, user, password, client)
    q = query_of(location)
    assert q["state"] == state
    r = exchange(client, base, q["code"], verifier)
    assert r.status_code == 200, r.text
    body = check_response(r, "POST", "/oauth/token")
    return Session(client, base, m, body["access_token"], body["refresh_token"], body)


def all_transactions(
    s: Session, account_id: str, limit: int = 500, validate: bool = False
) -> list[dict[str, Any]]:
    """Walk ``links.next`` to the end."""
    out: list[dict[str, Any]] = []
    r = s.get(f"/accounts/{account_id}/transactions", limit=limit)
    while True:
        assert r.status_code == 200, r.text
        body = check_response(r, "GET", "/accounts/{account_id}/transactions") if validate else r.json()
        out += body["data"]["transactions"]
        nxt = body["links"]["next"]
        if nxt is None:
            return out
        r = s.get(nxt)


@dataclass
class Crawl:
    """Everything every member sees on every platform, each response checked against the document."""

    discovery: dict[str, dict[str, Any]] = field(default_factory=dict)
    accounts: dict[str, dict[str, Any]] = field(default_factory=dict)  # account_id -> account
    owner: dict[str, tuple[str, str]] = field(default_factory=dict)  # account_id -> (platform, member)
    balances: dict[str, dict[str, Any]] = field(default_factory=dict)  # account_id -> balances data
    transactions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sessions: dict[tuple[str, str], Session] = field(default_factory=dict)


def crawl(sb: Sandbox, client: httpx.Client, validate: bool = True) -> Crawl:
    c = Crawl()
    for pid, base in sb.platform_urls().items():
        r = client.get(f"{base}/.well-known/huiliu-platform")
        c.discovery[pid] = check_response(r, "GET", "/.well-known/huiliu-platform") if validate else r.json()
        for member, _user, _pw in sb.logins(pid):
            s = login(sb, client, pid, member)
            c.sessions[(pid, member)] = s
            r = s.get("/accounts")
            body = check_response(r, "GET", "/accounts") if validate else r.json()
            for a in body["data"]["accounts"]:
                aid = a["account_id"]
                c.accounts[aid] = a
                c.owner[aid] = (pid, member)
                r = s.get(f"/accounts/{aid}/balances")
                bal = check_response(r, "GET", "/accounts/{account_id}/balances") if validate else r.json()
                c.balances[aid] = bal["data"]
                c.transactions[aid] = all_transactions(s, aid, validate=validate)
    return c
