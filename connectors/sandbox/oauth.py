"""OAuth 2 authorization server of the sandbox platforms: codes, PKCE, tokens, refresh, consents.

Rules it enforces (RFC 6749, RFC 7636, RFC 8252, RFC 6819):

* Only the registered public client ``huiliu-desktop``; redirect URIs must be http loopback by IP
  (127.0.0.1 or [::1], any port): "localhost" is refused as RFC 8252 §8.3 advises.
* PKCE is mandatory and only S256 is accepted (``plain`` would let an intercepted code be redeemed).
* Codes live 60 s and are single-use; redeeming one twice revokes every token it produced.
* Access tokens live 600 s; refresh tokens rotate on use and die with their consent (90 days).
* Every token is bound to one platform and one member: it sees that member's accounts only.

Times come from ``SandboxClock.auth_now`` (the app clock plus what tests advanced), so expiry is testable.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlencode, urlsplit

from app.vault.crypto import sm2_verify

from .ledger import CST, SandboxClock

CLIENT_ID = "huiliu-desktop"
SUPPORTED_SCOPES = ("accounts", "balances", "transactions", "fx_quotes", "transfers")
CODE_TTL = 60
ACCESS_TTL = 600
CONSENT_TTL = 90 * 24 * 3600
_VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
_CHALLENGE = re.compile(r"^[A-Za-z0-9\-_]{43}$")  # base64url(SHA-256) without padding


class AuthorizeError(Exception):
    """A bad authorization request. ``redirectable`` says whether it may go back to the client."""

    def __init__(self, error: str, description: str, redirectable: bool) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.redirectable = redirectable


class TokenError(Exception):
    """RFC 6749 §5.2 error of the token endpoint."""

    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error = error
        self.description = description
        self.status = status


class AccessDenied(Exception):
    """Why a bearer token cannot be used: invalid_token, token_expired or consent_expired."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class AuthorizeRequest:
    client_id: str
    redirect_uri: str
    scope: tuple[str, ...]
    state: str
    code_challenge: str
    code_challenge_method: str

    def form_fields(self) -> dict[str, str]:
        """The hidden inputs the consent page carries, so the POST can be checked again."""
        return {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": " ".join(self.scope),
            "state": self.state,
            "code_challenge": self.code_challenge,
            "code_challenge_method": self.code_challenge_method,
        }

    def redirect(self, **params: str) -> str:
        sep = "&" if urlsplit(self.redirect_uri).query else "?"
        return f"{self.redirect_uri}{sep}{urlencode({**params, 'state': self.state})}"


@dataclass
class Consent:
    consent_id: str
    platform_id: str
    member: str
    scope: tuple[str, ...]
    granted_at: float
    expires_at: float
    transfer_key: str | None = None  # the client's SM2 public key (hex), registered with the transfers scope


@dataclass
class _Code:
    consent_id: str
    redirect_uri: str
    challenge: str
    expires_at: float
    used: bool = False
    tokens: list[str] = field(default_factory=list)  # revoked if the code is replayed


@dataclass
class _Token:
    consent_id: str
    expires_at: float  # access tokens only; refresh tokens live as long as the consent


def is_loopback_redirect(uri: str) -> bool:
    try:
        parts = urlsplit(uri)
        _ = parts.port  # reading it validates it (ValueError on "http://127.0.0.1:x/")
    except ValueError:
        return False
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "::1") and not parts.fragment


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()


TRANSFER_KEY_PROOF_LABEL = b"HUILIU-TRANSFER-KEY-V1\n"


def _registered_key(consent: Consent, key: str, proof: str, code: str) -> str:
    """The client's transfer key, checked: only with the transfers scope, a valid SM2 point, and proven
    held (``transfer_key_proof``: base64 SM2 signature over the label and the authorization code)."""
    if "transfers" not in consent.scope:
        raise TokenError("invalid_request", "transfer_public_key needs the transfers scope")
    try:
        raw = base64.b64decode(proof, validate=True)
    except ValueError:
        raw = b""
    if not sm2_verify(key, TRANSFER_KEY_PROOF_LABEL + code.encode("ascii"), raw):
        # (sm2_verify is also False for a key that is not a point on the curve)
        raise TokenError("invalid_request", "transfer_key_proof is not a signature by transfer_public_key")
    return key.lower()


def rfc3339(epoch: float) -> str:
    return datetime.fromtimestamp(int(epoch), CST).isoformat()


class AuthServer:
    """Codes, tokens and consents of every sandbox platform (tokens are bound to their platform)."""

    def __init__(self, clock: SandboxClock) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._codes: dict[str, _Code] = {}
        self._access: dict[str, _Token] = {}
        self._refresh: dict[str, str] = {}  # refresh token -> consent id
        self._consents: dict[str, Consent] = {}

    # ------------------------------------------------------------------------------ authorize

    @staticmethod
    def check_authorize(params: dict[str, str]) -> AuthorizeRequest:
        """Validate an authorization request (GET query or the POSTed hidden fields)."""
        client_id = params.get("client_id", "")
        redirect_uri = params.get("redirect_uri", "")
        # Until client and redirect URI are known good, errors must not redirect (RFC 6749 §4.1.2.1).
        if client_id != CLIENT_ID:
            raise AuthorizeError("invalid_client", f"unknown client_id {client_id!r}", False)
        if not is_loopback_redirect(redirect_uri):
            raise AuthorizeError(
                "invalid_request",
                "redirect_uri must be http://127.0.0.1:PORT/... or http://[::1]:PORT/... (RFC 8252 loopback)",
                False,
            )
        state = params.get("state", "")
        if params.get("response_type") != "code":
            raise AuthorizeError("unsupported_response_type", "response_type must be code", True)
        scope = tuple(params.get("scope", "").split())
        if not scope or any(s not in SUPPORTED_SCOPES for s in scope):
            raise AuthorizeError("invalid_scope", f"scope must be among {' '.join(SUPPORTED_SCOPES)}", True)
        challenge = params.get("code_challenge", "")
        method = params.get("code_challenge_method", "")
        if method != "S256" or not _CHALLENGE.match(challenge):
            raise AuthorizeError(
                "invalid_request",
                "PKCE is required: code_challenge (S256) and code_challenge_method=S256",
                True,
            )
        if not state:
            raise AuthorizeError("invalid_request", "state is required", True)
        return AuthorizeRequest(client_id, redirect_uri, scope, state, challenge, method)

    def grant(self, platform_id: str, member: str, req: AuthorizeRequest, expire_now: bool = False) -> str:
        """The user approved: record the consent and return a fresh authorization code."""
        now = self._clock.auth_now()
        consent = Consent(
            consent_id="cs_" + secrets.token_hex(12),
            platform_id=platform_id,
            member=member,
            scope=req.scope,
            granted_at=now,
            expires_at=now if expire_now else now + CONSENT_TTL,
        )
        code = secrets.token_urlsafe(32)
        with self._lock:
            self._consents[consent.consent_id] = consent
            self._codes[code] = _Code(
                consent.consent_id, req.redirect_uri, req.code_challenge, now + CODE_TTL
            )
        return code

    # ------------------------------------------------------------------------------ token endpoint

    def token(self, platform_id: str, form: dict[str, str]) -> dict[str, object]:
        grant_type = form.get("grant_type", "")
        if form.get("client_id") != CLIENT_ID:
            raise TokenError("invalid_client", "unknown or missing client_id")
        if grant_type == "authorization_code":
            return self._exchange_code(platform_id, form)
        if grant_type == "refresh_token":
            return self._refresh_grant(platform_id, form)
        raise TokenError("unsupported_grant_type", f"grant_type {grant_type!r} is not supported")

    def _exchange_code(self, platform_id: str, form: dict[str, str]) -> dict[str, object]:
        code_value = form.get("code", "")
        verifier = form.get("code_verifier", "")
        if not code_value or not form.get("redirect_uri"):
            raise TokenError("invalid_request", "code and redirect_uri are required")
        if not _VERIFIER.match(verifier):
            raise TokenError("invalid_request", "code_verifier must be 43-128 unreserved characters")
        now = self._clock.auth_now()
        with self._lock:
            code = self._codes.get(code_value)
            consent = self._consents.get(code.consent_id) if code else None
            if code is None or consent is None or consent.platform_id != platform_id:
                raise TokenError("invalid_grant", "unknown authorization code")
            if code.used:
                # A replayed code means it leaked: revoke what it produced (RFC 6749 §4.1.2).
                for t in code.tokens:
                    self._access.pop(t, None)
                    self._refresh.pop(t, None)
                raise TokenError("invalid_grant", "authorization code already used")
            code.used = True  # burnt even when the checks below fail: a code gets one attempt
            if now >= code.expires_at:
                raise TokenError("invalid_grant", "authorization code expired")
            if form.get("redirect_uri") != code.redirect_uri:
                raise TokenError("invalid_grant", "redirect_uri differs from the authorization request")
            if s256(verifier) != code.challenge:
                raise TokenError("invalid_grant", "PKCE verification failed")
            key = form.get("transfer_public_key")
            if key is not None:
                consent.transfer_key = _registered_key(consent, key, form.get("transfer_key_proof", ""), code_value)
            response, issued = self._issue(consent, now)
            code.tokens.extend(issued)
            return response

    def _refresh_grant(self, platform_id: str, form: dict[str, str]) -> dict[str, object]:
        value = form.get("refresh_token", "")
        now = self._clock.auth_now()
        with self._lock:
            consent_id = self._refresh.get(value)
            consent = self._consents.get(consent_id) if consent_id else None
            if consent is None or consent.platform_id != platform_id:
                raise TokenError("invalid_grant", "unknown or revoked refresh token")
            if now >= consent.expires_at:
                raise TokenError("invalid_grant", "consent expired: the user must consent again")
            del self._refresh[value]  # rotation: a refresh token is good for one use
            response, _ = self._issue(consent, now)
            return response

    def _issue(self, consent: Consent, now: float) -> tuple[dict[str, object], list[str]]:
        access = secrets.token_urlsafe(32)
        refresh = secrets.token_urlsafe(32)
        self._access[access] = _Token(consent.consent_id, now + ACCESS_TTL)
        self._refresh[refresh] = consent.consent_id
        response: dict[str, object] = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": ACCESS_TTL,
            "refresh_token": refresh,
            "scope": " ".join(consent.scope),
            "consent_id": consent.consent_id,
            "consent_expires_at": rfc3339(consent.expires_at),
        }
        return response, [access, refresh]

    # ------------------------------------------------------------------------------ resource side

    def authenticate(self, platform_id: str, token: str) -> Consent:
        """The consent behind a bearer token, or AccessDenied (consent expiry wins: refresh cannot help)."""
        now = self._clock.auth_now()
        with self._lock:
            t = self._access.get(token)
            consent = self._consents.get(t.consent_id) if t else None
            if t is None or consent is None or consent.platform_id != platform_id:
                raise AccessDenied(
                    "invalid_token", "The access token is unknown, revoked or for another platform."
                )
            if now >= consent.expires_at:
                raise AccessDenied("consent_expired", "The consent has expired; the user must consent again.")
            if now >= t.expires_at:
                raise AccessDenied("token_expired", "The access token has expired; use the refresh token.")
            return consent

    def expire_consent(self, consent_id: str) -> None:
        with self._lock:
            c = self._consents.get(consent_id)
            if c is not None:
                c.expires_at = min(c.expires_at, self._clock.auth_now())
