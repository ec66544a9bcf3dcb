"""Proofs: bound to one request digest and one member, two minutes, once, and unforgeable."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from app import clock
from app.errors import ValidationError
from app.policy.stepup.errors import ProofExpired, ProofMismatch, ProofReused, StepUpError
from app.policy.stepup.proofs import PROOF_LIFETIME, ProofIssuer
from app.vault.crypto import sm3

DIGEST = sm3(b'{"amount":"6000.00","from":1,"to":2}')
OTHER = sm3(b'{"amount":"6000.01","from":1,"to":2}')


def test_a_proof_is_redeemed_once_for_its_request_and_member() -> None:
    issuer = ProofIssuer()
    now = clock.utcnow()
    proof = issuer.issue(DIGEST, 1, "totp", now)
    assert (proof.digest, proof.member_id, proof.factor_kind) == (DIGEST, 1, "totp")
    assert proof.expires_at - proof.issued_at == PROOF_LIFETIME == timedelta(minutes=2)
    assert len(proof.nonce) == 16 and len(proof.tag) == 32
    issuer.redeem(proof, DIGEST, 1, now + timedelta(seconds=119))
    with pytest.raises(ProofReused):
        issuer.redeem(proof, DIGEST, 1, now + timedelta(seconds=119))


def test_another_request_or_member_is_refused() -> None:
    issuer = ProofIssuer()
    now = clock.utcnow()
    proof = issuer.issue(DIGEST, 1, "totp", now)
    with pytest.raises(ProofMismatch, match="another transfer"):
        issuer.redeem(proof, OTHER, 1, now)
    with pytest.raises(ProofMismatch, match="another member"):
        issuer.redeem(proof, DIGEST, 2, now)
    issuer.redeem(proof, DIGEST, 1, now)  # the refusals did not spend it


@pytest.mark.zone("Asia/Shanghai")
def test_expiry_is_two_minutes_to_the_microsecond() -> None:
    issuer = ProofIssuer()
    now = clock.utcnow()
    late = issuer.issue(DIGEST, 1, "fprintd", now)
    with pytest.raises(ProofExpired) as err:
        issuer.redeem(late, DIGEST, 1, now + timedelta(minutes=2))
    assert err.value.expired_at == now + timedelta(minutes=2)
    assert "expired at 12:02:00" in str(err.value)  # the pinned clock: noon in Shanghai
    fresh = ProofIssuer()  # (this one has seen 12:02 already: its time does not go back)
    just = fresh.issue(DIGEST, 1, "fprintd", now)
    fresh.redeem(just, DIGEST, 1, now + timedelta(minutes=2) - timedelta(microseconds=1))


def test_an_altered_or_foreign_proof_is_refused() -> None:
    issuer = ProofIssuer()
    now = clock.utcnow()
    proof = issuer.issue(DIGEST, 1, "totp", now)
    for change in ({"digest": OTHER}, {"member_id": 2}, {"factor_kind": "fprintd"},
                   {"expires_at": now + timedelta(hours=1)}, {"nonce": bytes(16)}):
        with pytest.raises(ProofMismatch, match="altered"):
            issuer.redeem(dataclasses.replace(proof, **change), proof.digest if "digest" not in change else OTHER,
                          change.get("member_id", 1), now)  # type: ignore[arg-type]
    with pytest.raises(ProofMismatch, match="altered"):
        ProofIssuer().redeem(proof, DIGEST, 1, now)  # another unlock's issuer: another key


def test_a_clock_stepped_back_does_not_revive_an_expired_proof() -> None:
    issuer = ProofIssuer()
    now = clock.utcnow()
    first = issuer.issue(DIGEST, 1, "totp", now)
    issuer.redeem(first, DIGEST, 1, now + timedelta(seconds=10))
    later = now + timedelta(minutes=5)
    issuer.redeem(issuer.issue(OTHER, 1, "totp", later), OTHER, 1, later)  # forgets the first nonce (expired)
    with pytest.raises(ProofExpired):
        issuer.redeem(first, DIGEST, 1, now + timedelta(seconds=20))


def test_bad_input_is_named() -> None:
    issuer = ProofIssuer()
    with pytest.raises(ValidationError, match="SM3"):
        issuer.issue(b"short", 1, "totp", clock.utcnow())
    with pytest.raises(ValidationError, match="time zone"):
        issuer.issue(DIGEST, 1, "totp", clock.utcnow().replace(tzinfo=None))
    assert issubclass(ProofReused, StepUpError) and StepUpError.exit_code == 3
