"""``StepUp``: what the facade calls for step-up — a member's methods, verification, proofs, enrolment.

One ``StepUp`` per unlocked vault (it holds the ``ProofIssuer``, whose key dies with it). The facade
builds a ``base.Member`` for the member unlocked as themselves (their keys, its reader and writer,
``Vault.next_id``) and:

- before executing a transfer that needs step-up, calls ``redeem(proof, digest, member_id)`` with the
  SM3 digest of that transfer's canonical request: no proof raises ``StepUpRequired``; a proof that
  is altered, for another request or member, expired (two minutes) or already spent raises too;
- to get a proof, the step-up dialog calls ``verify_totp`` or ``verify_fingerprint`` with that digest.

Changing how a member verifies is itself guarded: while the member has an active factor, adding
another or removing one needs a proof for ``action_digest(...)`` from a factor they already have
(otherwise whoever finds the vault unlocked could add their own code app and pass step-up). A member
who lost their only factor is reset with ``recovery=True``, which the facade allows only to whoever
the household lets do it (the owner or a guardian).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from app import clock
from app.i18n import _
from app.policy.stepup import fprintd, totp
from app.policy.stepup.base import Authenticator, Availability, Member, Settings, Verification
from app.policy.stepup.errors import FactorLocked, StepUpRequired, VerificationFailed
from app.policy.stepup.lockout import DEFAULT_POLICY
from app.policy.stepup.proofs import Proof, ProofIssuer
from app.policy.stepup.registry import authenticators as registered
from app.vault.crypto import sm3

_ACTION_LABEL = b"huiliu-stepup-action-v1"


def action_digest(action: str, member_id: int, factor_id: int = 0) -> bytes:
    """The digest a proof is bound to for changing the member's factors ("enrol" or "remove")."""
    return sm3(b"|".join((_ACTION_LABEL, action.encode(), str(member_id).encode(), str(factor_id).encode())))


class StepUp:
    """Step-up authentication for one unlocked vault."""

    def __init__(self, issuer: ProofIssuer | None = None, settings: Settings | None = None,
                 factors: Mapping[str, Authenticator] | None = None) -> None:
        self.settings = settings or Settings()
        self.issuer = issuer or ProofIssuer()
        self.factors: dict[str, Authenticator] = dict(factors) if factors is not None else registered(self.settings)

    # --- using factors ------------------------------------------------------------------------------

    def methods(self, member: Member) -> list[Availability]:
        """Every factor this computer has, and whether ``member`` can use it now (and why not)."""
        now = clock.utcnow()
        return [factor.availability(member, now) for factor in self.factors.values()]

    def usable(self, member: Member) -> list[Availability]:
        """Only the factors ``member`` can use now (empty: they must set one up first)."""
        return [m for m in self.methods(member) if m.usable]

    def _factor(self, kind: str) -> Authenticator:
        factor = self.factors.get(kind)
        if factor is None:
            raise VerificationFailed("unsupported", _unsupported())
        return factor

    def check(self, member: Member, kind: str, response: str | None = None,
              on_status: Callable[[str], None] | None = None) -> Verification:
        """Verify ``member`` with ``kind`` and say how it went, issuing nothing (``huiliu stepup verify``).

        A failure counts towards the lockout like any other."""
        return self._factor(kind).verify(member, response, clock.utcnow(), on_status)

    def verify(self, member: Member, kind: str, digest: bytes, response: str | None = None,
               on_status: Callable[[str], None] | None = None) -> Proof:
        """A proof for the request ``digest`` once ``member`` verified with ``kind``; raises otherwise.

        FactorLocked while the factor is locked; VerificationFailed (with its ``code``) for any other
        failure. The failure was already counted and committed."""
        result = self.check(member, kind, response, on_status)
        if not result.ok:
            if result.locked_until is not None and result.code == "locked":
                raise FactorLocked(result.locked_until)
            raise VerificationFailed(result.code, result.reason)
        return self.issuer.issue(digest, member.member_id, kind, clock.utcnow())

    def verify_totp(self, member: Member, code: str, digest: bytes) -> Proof:
        """A proof for ``digest`` after a right code from the member's code app."""
        return self.verify(member, totp.KIND, digest, code)

    def verify_fingerprint(self, member: Member, digest: bytes,
                           on_status: Callable[[str], None] | None = None) -> Proof:
        """A proof for ``digest`` after the member's finger matched (blocks until it does, fails or times out)."""
        return self.verify(member, fprintd.KIND, digest, None, on_status)

    def check_totp(self, member: Member, code: str) -> Verification:
        """Whether ``code`` is right for the member's code app, without a transfer (counts failures)."""
        return self.check(member, totp.KIND, code)

    def redeem(self, proof: Proof | None, digest: bytes, member_id: int) -> None:
        """Spend ``proof`` on executing the transfer ``digest`` of ``member_id``; raises if it may not."""
        if proof is None:
            raise StepUpRequired()
        self.issuer.redeem(proof, digest, member_id, clock.utcnow())

    # --- setting factors up -------------------------------------------------------------------------

    def _guard(self, member: Member, action: str, factor_id: int, proof: Proof | None, recovery: bool) -> None:
        if recovery:
            return
        with member.read() as s:
            has_active = any(f.status == totp.ACTIVE for f in totp.factors(s, member.member_id, clock.utcnow()))
        if has_active:
            self.redeem(proof, action_digest(action, member.member_id, factor_id), member.member_id)

    def begin_totp(self, member: Member, label: str, proof: Proof | None = None,
                   recovery: bool = False) -> totp.Enrolment:
        """Start adding a code app: its QR code (PNG and text) and the factor id to confirm."""
        self._guard(member, "enrol", 0, proof, recovery)
        with member.write() as s:
            return totp.begin_enrolment(s, member_id=member.member_id, public_key=member.public_key, label=label,
                                        now=clock.utcnow(), new_id=member.new_id)

    def confirm_totp(self, member: Member, factor_id: int, code: str) -> None:
        """Make the new code app active with its first right code; raises VerificationFailed otherwise."""
        factor = self.factors.get(totp.KIND)
        policy = factor.policy if isinstance(factor, totp.TotpAuthenticator) else DEFAULT_POLICY
        with member.write() as s:
            result = totp.confirm_enrolment(s, member_id=member.member_id, factor_id=factor_id,
                                            private_key=member.private_key, code=code, now=clock.utcnow(),
                                            policy=policy)
        if not result.ok:
            if result.code == "locked" and result.locked_until is not None:
                raise FactorLocked(result.locked_until)
            raise VerificationFailed(result.code, result.reason)

    def enrol_fingerprint(self, member: Member, username: str = "", finger: str = "any", label: str = "",
                          proof: Proof | None = None, recovery: bool = False,
                          on_status: Callable[[str], None] | None = None) -> int:
        """Bind the member to a finger of ``username`` on this computer's reader after one scan matches.

        ``username`` "" is the user running Huiliu. Returns the factor id."""
        factor = self.factors.get(fprintd.KIND)
        if not isinstance(factor, fprintd.FingerprintAuthenticator):
            raise VerificationFailed("unsupported", _unsupported())
        self._guard(member, "enrol", 0, proof, recovery)
        result = factor.client.verify(username, finger, timeout=factor.timeout, max_retries=factor.max_retries,
                                      on_status=on_status)
        if not result.ok:
            raise VerificationFailed(result.code, result.reason)
        with member.write() as s:
            row = fprintd.enrol(s, member_id=member.member_id, binding=fprintd.Binding(username, finger), label=label,
                                now=clock.utcnow(), new_id=member.new_id)
            return row.id

    def remove(self, member: Member, factor_id: int, proof: Proof | None = None, recovery: bool = False) -> None:
        """Remove one of the member's factors (an active one needs a proof for ``action_digest("remove", ...)``)."""
        self._guard(member, "remove", factor_id, proof, recovery)
        with member.write() as s:
            totp.remove(s, member_id=member.member_id, factor_id=factor_id)

    def list_factors(self, member: Member, include_removed: bool = False) -> list[totp.Factor]:
        """The member's factors of every kind, oldest first."""
        with member.read() as s:
            return totp.factors(s, member.member_id, clock.utcnow(), include_removed)


def _unsupported() -> str:
    return _("This identity verification method is not available on this computer.")
