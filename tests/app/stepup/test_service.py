"""The StepUp service as the facade uses it: methods, proofs after TOTP or a finger, guarded changes."""

from __future__ import annotations

from datetime import timedelta

import pyotp
import pytest

from app import clock
from app.policy.stepup import registry
from app.policy.stepup.base import Authenticator, Settings
from app.policy.stepup.errors import (
    FactorLocked,
    ProofMismatch,
    ProofReused,
    StepUpRequired,
    VerificationFailed,
)
from app.policy.stepup.fprintd import FingerprintAuthenticator
from app.policy.stepup.service import StepUp, action_digest
from app.policy.stepup.totp import TotpAuthenticator
from app.services import AppServices
from app.vault.crypto import sm3
from tests.app.stepup.conftest import Fake
from tests.app.stepup.members import member_of

DIGEST = sm3(b"transfer 6000.00 CNY from 1 to 3")
USER = "zhangsan"


def advance(seconds: float) -> None:
    current = clock.get()
    assert isinstance(current, clock.FixedClock)
    current.advance(timedelta(seconds=seconds))


def test_the_registry_lists_modules_and_checks_the_platform() -> None:
    assert list(registry.MODULES) == ["app.policy.stepup.totp", "app.policy.stepup.fprintd"]
    assert registry.supported("linux") == ["app.policy.stepup.totp", "app.policy.stepup.fprintd"]
    assert registry.supported("win32") == ["app.policy.stepup.totp"]  # fprintd is never imported there
    made = registry.authenticators(Settings(), platform="linux")
    assert set(made) == {"totp", "fprintd"} and all(isinstance(a, Authenticator) for a in made.values())
    assert (made["totp"].input, made["fprintd"].input) == ("code", "presence")
    assert (made["totp"].name(), made["fprintd"].name()) == ("One-time code", "Fingerprint")
    # a new factor is one module and one line: here, a module of another platform is left out
    assert registry.supported("darwin", {**registry.MODULES, "app.policy.stepup.touch_id": frozenset({"darwin"})}) == [
        "app.policy.stepup.totp", "app.policy.stepup.touch_id"]


def enrolled(stepup: StepUp, household: AppServices) -> str:
    m = member_of(household)
    enrolment = stepup.begin_totp(m, "张三")
    stepup.confirm_totp(m, enrolment.factor_id, pyotp.TOTP(enrolment.secret).at(clock.utcnow()))
    advance(30)
    return enrolment.secret


def test_a_totp_code_gives_a_proof_for_that_transfer_only(household: AppServices, bus: str) -> None:
    stepup = StepUp(settings=Settings(bus=bus))
    m = member_of(household)
    assert [(a.kind, a.usable) for a in stepup.methods(m)] == [("totp", False), ("fprintd", False)]
    with pytest.raises(StepUpRequired) as required:
        stepup.redeem(None, DIGEST, m.member_id)
    assert required.value.exit_code == 3
    secret = enrolled(stepup, household)
    assert [a.kind for a in stepup.usable(m)] == ["totp"]
    proof = stepup.verify_totp(m, pyotp.TOTP(secret).at(clock.utcnow()), DIGEST)
    assert (proof.digest, proof.member_id, proof.factor_kind) == (DIGEST, 1, "totp")
    with pytest.raises(ProofMismatch):
        stepup.redeem(proof, sm3(b"transfer 6000.00 CNY from 1 to 2"), m.member_id)
    stepup.redeem(proof, DIGEST, m.member_id)
    with pytest.raises(ProofReused):
        stepup.redeem(proof, DIGEST, m.member_id)


def test_a_wrong_code_raises_and_its_failure_is_kept(household: AppServices) -> None:
    stepup = StepUp(factors={"totp": TotpAuthenticator()}, settings=Settings())
    secret = enrolled(stepup, household)
    m = member_of(household)
    right = {pyotp.TOTP(secret).at(clock.utcnow() + timedelta(seconds=30 * k)) for k in (-1, 0, 1)}
    bad = next(c for c in ("111111", "222222", "333333") if c not in right)
    for _ in range(4):
        with pytest.raises(VerificationFailed) as err:
            stepup.verify_totp(m, bad, DIGEST)
        assert err.value.code == "wrong-code"
    with pytest.raises(FactorLocked) as locked:  # the four failures were committed despite the raise
        stepup.verify_totp(m, bad, DIGEST)
    assert locked.value.until == clock.utcnow() + timedelta(minutes=5)
    assert stepup.check_totp(m, pyotp.TOTP(secret).at(clock.utcnow())).code == "locked"
    [method] = stepup.methods(m)
    assert not method.usable and method.locked_until == locked.value.until


def test_the_cli_check_says_right_or_wrong_without_a_proof(household: AppServices) -> None:
    stepup = StepUp(factors={"totp": TotpAuthenticator()})
    secret = enrolled(stepup, household)
    m = member_of(household)
    assert stepup.check_totp(m, pyotp.TOTP(secret).at(clock.utcnow())).ok
    assert stepup.check_totp(m, pyotp.TOTP(secret).at(clock.utcnow())).code == "replayed"


def test_replacing_or_removing_an_active_factor_needs_a_proof(household: AppServices) -> None:
    stepup = StepUp(factors={"totp": TotpAuthenticator()})
    secret = enrolled(stepup, household)
    m = member_of(household)
    with pytest.raises(StepUpRequired):
        stepup.begin_totp(m, "张三的新手机")
    [factor] = stepup.list_factors(m)
    with pytest.raises(StepUpRequired):
        stepup.remove(m, factor.id)
    wrong_action = stepup.verify_totp(m, pyotp.TOTP(secret).at(clock.utcnow()), action_digest("enrol", 1))
    with pytest.raises(ProofMismatch):
        stepup.remove(m, factor.id, proof=wrong_action)
    advance(30)
    proof = stepup.verify_totp(m, pyotp.TOTP(secret).at(clock.utcnow()), action_digest("remove", 1, factor.id))
    stepup.remove(m, factor.id, proof=proof)
    assert stepup.list_factors(m) == []
    stepup.begin_totp(m, "张三")  # nothing active any more: no proof needed


def test_recovery_resets_a_lost_factor(household: AppServices) -> None:
    stepup = StepUp(factors={"totp": TotpAuthenticator()})
    enrolled(stepup, household)
    m = member_of(household)
    [factor] = stepup.list_factors(m)
    stepup.remove(m, factor.id, recovery=True)
    assert stepup.list_factors(m) == []


def test_a_finger_gives_a_proof_and_no_match_counts_towards_the_lockout(household: AppServices, fake: Fake) -> None:
    fake.start(fingers={USER: ["right-index-finger"]},
               script=[["verify-match", True]] + [["verify-no-match", True]] * 3 + [["verify-match", True]])
    settings = Settings(bus=fake.address, max_failures=3, scan_timeout=5)
    stepup = StepUp(settings=settings)
    assert isinstance(stepup.factors["fprintd"], FingerprintAuthenticator)
    m = member_of(household)
    factor_id = stepup.enrol_fingerprint(m, username=USER, finger="right-index-finger", label="张三的右手食指")
    assert [(a.kind, a.usable) for a in stepup.methods(m)] == [("totp", False), ("fprintd", True)]
    assert stepup.list_factors(m)[0].id == factor_id
    for _ in range(2):
        with pytest.raises(VerificationFailed) as err:
            stepup.verify_fingerprint(m, DIGEST)
        assert err.value.code == "no-match"
    with pytest.raises(FactorLocked):
        stepup.verify_fingerprint(m, DIGEST)
    with pytest.raises(FactorLocked):  # the reader is not even asked while locked
        stepup.verify_fingerprint(m, DIGEST)
    assert not [a for a in stepup.methods(m) if a.kind == "fprintd"][0].usable
    advance(5 * 60)
    proof = stepup.verify_fingerprint(m, DIGEST)
    assert proof.factor_kind == "fprintd"
    stepup.redeem(proof, DIGEST, m.member_id)


def test_a_reader_problem_costs_no_attempt(household: AppServices, fake: Fake) -> None:
    fake.start(fingers={USER: ["right-index-finger"]},
               script=[["verify-match", True]] + [["verify-disconnected", True]] * 3)
    stepup = StepUp(settings=Settings(bus=fake.address, max_failures=1, scan_timeout=5))
    m = member_of(household)
    stepup.enrol_fingerprint(m, username=USER)
    for _ in range(3):
        with pytest.raises(VerificationFailed) as err:
            stepup.verify_fingerprint(m, DIGEST)
        assert err.value.code == "disconnected"


def test_enrolling_a_finger_needs_a_matching_scan(household: AppServices, fake: Fake) -> None:
    fake.start(fingers={}, script=[["verify-match", True]])
    stepup = StepUp(settings=Settings(bus=fake.address, scan_timeout=5))
    m = member_of(household)
    with pytest.raises(VerificationFailed) as err:
        stepup.enrol_fingerprint(m, username=USER)
    assert err.value.code == "no-prints"
    assert stepup.list_factors(m) == []


def test_fingerprint_unavailable_without_the_service(household: AppServices, bus: str) -> None:
    stepup = StepUp(settings=Settings(bus=bus))
    m = member_of(household)
    with m.write() as s:
        from app.policy.stepup import fprintd

        fprintd.enrol(s, member_id=1, binding=fprintd.Binding(USER), label="", now=clock.utcnow(), new_id=m.new_id)
    [_totp, finger] = stepup.methods(m)
    assert not finger.usable
    assert finger.reason == "The fingerprint service (fprintd) is not installed or not running on this computer."
