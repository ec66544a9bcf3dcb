"""OAuth 2 authorization code with PKCE (RFC 7636) for a native app (RFC 8252): the pieces that need no network."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

# 64 random bytes -> 86 URL-safe characters: within RFC 7636's 43..128 and its unreserved alphabet.
_VERIFIER_BYTES = 64


def new_code_verifier() -> str:
    """A fresh PKCE code verifier."""
    return secrets.token_urlsafe(_VERIFIER_BYTES)


def code_challenge(verifier: str) -> str:
    """The S256 challenge of ``verifier``: base64url(SHA-256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_state() -> str:
    """An unguessable ``state`` binding the callback to this request (CSRF protection)."""
    return secrets.token_urlsafe(32)


def authorize_url(endpoint: str, params: dict[str, str]) -> str:
    """``endpoint`` with ``params`` added to its query (spaces as %20, as the contract shows)."""
    parts = urlsplit(endpoint)
    query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
    return urlunsplit(parts._replace(query=urlencode(query, quote_via=quote)))


def callback_params(callback_url: str) -> tuple[str, dict[str, str]]:
    """The callback's address without query (scheme://host:port/path) and its query parameters."""
    parts = urlsplit(callback_url)
    params: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        params.setdefault(key, value)  # a repeated parameter is suspicious; the first one counts
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")), params


def same_endpoint(a: str, b: str) -> bool:
    """Whether two URLs name the same scheme, host, port and path (query and fragment aside)."""
    pa, pb = urlsplit(a), urlsplit(b)
    return (pa.scheme.lower(), pa.hostname, pa.port, pa.path or "/") == (
        pb.scheme.lower(),
        pb.hostname,
        pb.port,
        pb.path or "/",
    )
