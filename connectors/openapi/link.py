"""The client side of the national-crypto transfer link: signing and sealing a money-moving request.

Wire format (resources/openapi/platform-api.yaml, "The transfer link"):

* ``x-huiliu-timestamp``: whole seconds since 1970-01-01 UTC (``app.clock``);
* ``x-huiliu-nonce``: 16 bytes from ``secrets`` as 32 lowercase hex digits;
* ``x-huiliu-signature``: base64 of the SM2 signature r||s (GB/T 32918.2, default user id) by the
  vault's key over ``signing_input``: the SM3 digest of the lines ``HUILIU-SM2-SM3-V1``, method, path,
  timestamp, nonce, idempotency key (empty for DELETE) and the hex SM3 of the body bytes as sent;
* a POST body of type ``application/vnd.huiliu.sealed+json``::

      {"alg": "SM2-SM4-GCM", "wrapped_key": b64, "iv": b64, "ciphertext": b64, "tag": b64}

  the order's JSON sealed with SM4-GCM (RFC 8998) under a one-time 16-byte key from ``secrets``, that
  key wrapped to the platform's pinned SM2 public key (GB/T 32918.4, C1C3C2), the associated data
  ``sealing_aad`` (``HUILIU-SM4-GCM-V1``, method, path, timestamp, nonce, idempotency key).

A new timestamp and nonce are drawn for every attempt, so a request sent again after a 503 is a new
request to the replay check, while its idempotency key keeps it one transfer.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from typing import Any

from app import clock
from app.sync.contract import TransferLink
from app.vault.crypto import sm2_decrypt, sm2_encrypt, sm2_sign, sm3, sm4_gcm_decrypt, sm4_gcm_encrypt

TIMESTAMP = "x-huiliu-timestamp"
NONCE = "x-huiliu-nonce"
SIGNATURE = "x-huiliu-signature"
IDEMPOTENCY = "x-idempotency-key"
SEALED_TYPE = "application/vnd.huiliu.sealed+json"
SEAL_ALG = "SM2-SM4-GCM"
KEY_PROOF_LABEL = b"HUILIU-TRANSFER-KEY-V1\n"  # what a client signs to prove it holds its transfer key


def signing_input(method: str, path: str, timestamp: str, nonce: str, key: str, body: bytes) -> bytes:
    """The 32-byte SM3 digest a request's SM2 signature covers."""
    lines = ["HUILIU-SM2-SM3-V1", method.upper(), path, timestamp, nonce, key, sm3(body).hex()]
    return sm3("\n".join(lines).encode("utf-8"))


def sealing_aad(method: str, path: str, timestamp: str, nonce: str, key: str) -> bytes:
    """GCM associated data binding a sealed body to its request."""
    return "\n".join(["HUILIU-SM4-GCM-V1", method.upper(), path, timestamp, nonce, key]).encode("utf-8")


def seal(platform_public_key: str, plaintext: bytes, aad: bytes) -> bytes:
    """The sealed envelope (JSON bytes) of ``plaintext`` for the holder of ``platform_public_key``."""
    key, iv = secrets.token_bytes(16), secrets.token_bytes(12)
    ciphertext, tag = sm4_gcm_encrypt(key, iv, plaintext, aad)
    parts = {"wrapped_key": sm2_encrypt(platform_public_key, key), "iv": iv, "ciphertext": ciphertext, "tag": tag}
    envelope = {"alg": SEAL_ALG, **{k: base64.b64encode(v).decode("ascii") for k, v in parts.items()}}
    return json.dumps(envelope, separators=(",", ":")).encode("ascii")


def unseal(platform_private_key: str, envelope: bytes, aad: bytes) -> bytes:
    """The plaintext of a sealed envelope (what the platform does; here for tests and tools).
    Raises ``AuthenticationFailed`` for another key or an altered envelope."""
    parts: dict[str, Any] = json.loads(envelope)
    raw = {k: base64.b64decode(parts[k], validate=True) for k in ("wrapped_key", "iv", "ciphertext", "tag")}
    key = sm2_decrypt(platform_private_key, raw["wrapped_key"])
    return sm4_gcm_decrypt(key, raw["iv"], raw["ciphertext"], raw["tag"], aad)


@dataclass(frozen=True)
class SignedRequest:
    """The headers and body of one attempt of a money-moving request."""

    headers: dict[str, str]
    body: bytes


def sign_request(link: TransferLink, method: str, path: str, idempotency_key: str, order: Any | None) -> SignedRequest:
    """Headers (and, with an ``order``, the sealed body) of one attempt, with a fresh timestamp and nonce."""
    timestamp = str(int(clock.utcnow().timestamp()))
    nonce = secrets.token_hex(16)
    body = b""
    headers: dict[str, str] = {TIMESTAMP: timestamp, NONCE: nonce}
    if idempotency_key:
        headers[IDEMPOTENCY] = idempotency_key
    if order is not None:
        plain = json.dumps(order, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        aad = sealing_aad(method, path, timestamp, nonce, idempotency_key)
        body = seal(link.platform_public_key, plain, aad)
        headers["content-type"] = SEALED_TYPE
    digest = signing_input(method, path, timestamp, nonce, idempotency_key, body)
    signature = sm2_sign(link.client_private_key, link.client_public_key, digest)
    headers[SIGNATURE] = base64.b64encode(signature).decode("ascii")
    return SignedRequest(headers, body)


def key_proof(link: TransferLink, code: str) -> str:
    """``transfer_key_proof`` of the token request: base64 SM2 signature over the label and the code."""
    signature = sm2_sign(link.client_private_key, link.client_public_key, KEY_PROOF_LABEL + code.encode("ascii"))
    return base64.b64encode(signature).decode("ascii")
