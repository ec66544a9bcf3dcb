"""Proofs of step-up: what a successful verification gives, and what executing a transfer spends.

A ``ProofIssuer`` lives as long as the unlocked vault (one per process); its HMAC-SM3 key comes from
``secrets`` and is never stored, so a proof cannot outlive the unlock, be made outside this process,
or be altered unnoticed. A proof names the SM3 digest of one transfer request, the member who
verified, the factor, when it was issued and when it expires (two minutes later), and a random nonce;
``redeem`` accepts it once, for that request and that member, before it expires.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from app.errors import ValidationError
from app.i18n import _
from app.policy.stepup.errors import ProofExpired, ProofMismatch, ProofReused
from app.vault.crypto import hmac_sm3

PROOF_LIFETIME = timedelta(minutes=2)
DIGEST_SIZE = 32  # SM3
NONCE_SIZE = 16
_KEY_SIZE = 32
_LABEL = b"huiliu-stepup-proof-v1"


@dataclass(frozen=True)
class Proof:
    """A one-time permission to execute the transfer whose request digest is ``digest``."""

    digest: bytes
    member_id: int
    factor_kind: str
    issued_at: datetime
    expires_at: datetime
    nonce: bytes
    tag: bytes


def _check_digest(digest: object) -> bytes:
    if not isinstance(digest, bytes | bytearray) or len(digest) != DIGEST_SIZE:
        raise ValidationError(_("Transfer request"), _("a step-up proof is bound to the 32-byte SM3 digest of the "
                                                       "transfer request"))
    return bytes(digest)


def _aware(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValidationError(what, _("needs a time with its time zone"))
    return moment.astimezone(UTC)


def _message(digest: bytes, member_id: int, factor_kind: str, issued_at: datetime, expires_at: datetime,
             nonce: bytes) -> bytes:
    """The bytes the tag covers: every field, each length-prefixed so no two proofs spell the same."""
    parts = [digest, str(member_id).encode(), factor_kind.encode(), issued_at.isoformat().encode(),
             expires_at.isoformat().encode(), nonce]
    return _LABEL + b"".join(len(p).to_bytes(4, "big") + p for p in parts)


class ProofIssuer:
    """Issues and redeems proofs; one per unlocked vault, forgotten at lock."""

    def __init__(self, lifetime: timedelta = PROOF_LIFETIME) -> None:
        if lifetime <= timedelta(0):
            raise ValidationError(_("Proof lifetime"), _("must be more than zero"))
        self._key = secrets.token_bytes(_KEY_SIZE)
        self.lifetime = lifetime
        self._redeemed: dict[bytes, datetime] = {}  # nonce -> expiry (kept until then)
        self._horizon: datetime | None = None  # the latest redemption time seen
        self._lock = threading.Lock()

    def issue(self, digest: bytes, member_id: int, factor_kind: str, now: datetime) -> Proof:
        """A proof for ``digest`` after ``member_id`` verified with ``factor_kind`` at ``now``.

        Call it only after the factor accepted the person: holding the issuer is the permission."""
        digest = _check_digest(digest)
        issued = _aware(now, _("Verification time"))
        expires = issued + self.lifetime
        nonce = secrets.token_bytes(NONCE_SIZE)
        tag = hmac_sm3(self._key, _message(digest, member_id, factor_kind, issued, expires, nonce))
        return Proof(digest, member_id, factor_kind, issued, expires, nonce, tag)

    def redeem(self, proof: Proof, digest: bytes, member_id: int, now: datetime) -> None:
        """Spend ``proof`` on the transfer ``digest`` made by ``member_id`` at ``now``, or raise.

        ProofMismatch: altered, from another issuer, for another request or another member;
        ProofExpired: at or after its expiry; ProofReused: its nonce was already redeemed."""
        digest = _check_digest(digest)
        at = _aware(now, _("Transfer time"))
        expected = hmac_sm3(self._key, _message(proof.digest, proof.member_id, proof.factor_kind,
                                                proof.issued_at, proof.expires_at, proof.nonce))
        if not secrets.compare_digest(expected, proof.tag):
            raise ProofMismatch(_("it was altered, or made before the account book was last unlocked"))
        if not secrets.compare_digest(proof.digest, digest):
            raise ProofMismatch(_("it was given for another transfer"))
        if proof.member_id != member_id:
            raise ProofMismatch(_("another member verified it"))
        if at < proof.issued_at:
            raise ProofMismatch(_("it is dated after this transfer"))
        with self._lock:
            # Time as this issuer has seen it never goes back: a wall clock stepped backwards cannot
            # revive a proof that expired, nor a nonce forgotten because its proof had expired.
            self._horizon = at if self._horizon is None else max(self._horizon, at)
            if proof.expires_at <= self._horizon:
                raise ProofExpired(proof.expires_at)
            for nonce in [n for n, until in self._redeemed.items() if until <= self._horizon]:
                del self._redeemed[nonce]
            if proof.nonce in self._redeemed:
                raise ProofReused()
            self._redeemed[proof.nonce] = proof.expires_at
