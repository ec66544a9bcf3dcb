"""The platform side of the national-crypto transfer link: its keys, and checking a money-moving request.

Every platform offering ``transfers`` has its own SM2 key pair; the public half is in its discovery
document. A money-moving request (``POST /transfers``, ``DELETE /transfers/{id}``) must carry:

* ``x-huiliu-timestamp``: whole seconds since 1970-01-01 UTC, within ``WINDOW`` of the platform's clock;
* ``x-huiliu-nonce``: 32 lowercase hex digits (16 bytes from ``secrets``), never seen in the window;
* ``x-huiliu-signature``: base64 of the SM2 signature r||s (64 bytes; GB/T 32918.2, default user id
  ``1234567812345678``) made with the key the client registered at consent, over the 32-byte SM3
  digest of ``signing_input`` (method, path, timestamp, nonce, idempotency key, SM3 of the body bytes);
* for ``POST``, a body of type ``application/vnd.huiliu.sealed+json``: the order sealed with SM4-GCM
  under a one-time 16-byte key, that key wrapped to the platform's public key with SM2 encryption
  (GB/T 32918.4, C1C3C2), the GCM associated data ``sealing_aad`` (method, path, timestamp, nonce,
  idempotency key).

The client's implementation is ``connectors.openapi.link``; this one is written on its own from the
same description (resources/openapi/platform-api.yaml), so that the two check each other.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import threading
from collections.abc import Mapping
from typing import Any

from app.vault.crypto import (
    AuthenticationFailed,
    sm2_decrypt,
    sm2_generate_keypair,
    sm2_verify,
    sm3,
    sm4_gcm_decrypt,
)

WINDOW = 300  # seconds a request's timestamp may differ from the platform's clock
TIMESTAMP = "x-huiliu-timestamp"
NONCE = "x-huiliu-nonce"
SIGNATURE = "x-huiliu-signature"
IDEMPOTENCY = "x-idempotency-key"
SEALED_TYPE = "application/vnd.huiliu.sealed+json"
SEAL_ALG = "SM2-SM4-GCM"
_NONCE = re.compile(r"[0-9a-f]{32}")
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


class LinkRefused(Exception):
    """The request fails the link's checks: answer ``status`` with problem ``code``."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail


def signing_input(method: str, path: str, timestamp: str, nonce: str, key: str, body: bytes) -> bytes:
    """The 32 bytes a request's SM2 signature signs: SM3 over its canonical lines."""
    lines = ["HUILIU-SM2-SM3-V1", method.upper(), path, timestamp, nonce, key, sm3(body).hex()]
    return sm3("\n".join(lines).encode("utf-8"))


def sealing_aad(method: str, path: str, timestamp: str, nonce: str, key: str) -> bytes:
    """The GCM associated data of a sealed body: it opens only on the request it was sealed for."""
    return "\n".join(["HUILIU-SM4-GCM-V1", method.upper(), path, timestamp, nonce, key]).encode("utf-8")


class PlatformKeys:
    """Each platform's SM2 key pair (private, public; hex), made on first use or restored from state."""

    def __init__(self, saved: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self._lock = threading.Lock()
        self._pairs: dict[str, tuple[str, str]] = {
            pid: (pair["private"], pair["public"]) for pid, pair in (saved or {}).items()
        }

    def public(self, platform_id: str) -> str:
        return self._pair(platform_id)[1]

    def private(self, platform_id: str) -> str:
        return self._pair(platform_id)[0]

    def _pair(self, platform_id: str) -> tuple[str, str]:
        with self._lock:
            if platform_id not in self._pairs:
                self._pairs[platform_id] = sm2_generate_keypair()
            return self._pairs[platform_id]

    def export(self) -> dict[str, dict[str, str]]:
        with self._lock:
            return {pid: {"private": pair[0], "public": pair[1]} for pid, pair in self._pairs.items()}


class NonceCache:
    """Nonces seen within the window, per platform (kept a window past their timestamp)."""

    def __init__(self, saved: Mapping[str, float] | None = None) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, float] = dict(saved or {})  # "platform|nonce" -> forget after (epoch)

    def first_use(self, platform_id: str, nonce: str, timestamp: int, now: float) -> bool:
        with self._lock:
            for k in [k for k, until in self._seen.items() if until < now]:
                del self._seen[k]
            key = f"{platform_id}|{nonce}"
            if key in self._seen:
                return False
            self._seen[key] = max(now, float(timestamp)) + WINDOW
            return True

    def export(self) -> dict[str, float]:
        with self._lock:
            return dict(self._seen)


def check_request(
    platform_id: str, client_public: str, method: str, path: str, headers: Mapping[str, str], body: bytes,
    now: float, nonces: NonceCache,
) -> None:
    """Raise LinkRefused unless the request is signed by ``client_public``, fresh and not replayed."""
    timestamp, nonce, signature = headers.get(TIMESTAMP), headers.get(NONCE), headers.get(SIGNATURE)
    if not timestamp or not nonce or not signature:
        raise LinkRefused(401, "signature_missing",
                          f"Money-moving requests carry {TIMESTAMP}, {NONCE} and {SIGNATURE}.")
    if not _TIMESTAMP.fullmatch(timestamp) or not _NONCE.fullmatch(nonce):
        raise LinkRefused(401, "signature_invalid",
                          f"{TIMESTAMP} must be whole seconds since 1970 and {NONCE} 32 lowercase hex digits.")
    if abs(now - int(timestamp)) > WINDOW:
        raise LinkRefused(401, "stale_request",
                          f"The request's timestamp is more than {WINDOW // 60} minutes from the platform's clock.")
    try:
        raw = base64.b64decode(signature, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    digest = signing_input(method, path, timestamp, nonce, headers.get(IDEMPOTENCY, ""), body)
    if not sm2_verify(client_public, digest, raw):
        raise LinkRefused(401, "signature_invalid",
                          "The signature does not match the request and the key registered at consent.")
    if not nonces.first_use(platform_id, nonce, int(timestamp), now):
        raise LinkRefused(401, "replayed_request", "This request's nonce was already used.")


def open_body(platform_private: str, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Any:
    """The order inside a sealed body (a JSON value); LinkRefused when it is not sealed for this platform."""
    try:
        envelope = json.loads(body)
        if not isinstance(envelope, dict) or envelope.get("alg") != SEAL_ALG:
            raise ValueError("alg")
        parts = {name: base64.b64decode(envelope[name], validate=True)
                 for name in ("wrapped_key", "iv", "ciphertext", "tag")}
    except (ValueError, KeyError, TypeError, binascii.Error):
        raise LinkRefused(400, "bad_request",
                          f"The body must be a sealed envelope ({SEALED_TYPE}, alg {SEAL_ALG}).") from None
    if len(parts["iv"]) != 12 or len(parts["tag"]) != 16:
        raise LinkRefused(400, "bad_request", "The envelope's iv must be 12 bytes and its tag 16.")
    aad = sealing_aad(method, path, headers[TIMESTAMP], headers[NONCE], headers.get(IDEMPOTENCY, ""))
    try:
        key = sm2_decrypt(platform_private, parts["wrapped_key"])
        if len(key) != 16:
            raise ValueError("key size")
        plain = sm4_gcm_decrypt(key, parts["iv"], parts["ciphertext"], parts["tag"], aad)
    except (AuthenticationFailed, ValueError):
        # Signed by the right client, but not sealed to this platform's key: the client pinned another.
        raise LinkRefused(400, "key_mismatch", "The body is not sealed to this platform's public key.") from None
    try:
        return json.loads(plain)
    except ValueError:
        raise LinkRefused(400, "bad_request", "The sealed order is not JSON.") from None
