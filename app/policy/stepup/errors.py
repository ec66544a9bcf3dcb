"""The errors of step-up authentication, for the facade to catch and the front ends to show.

    HuiliuError
    └── StepUpError
        ├── StepUpRequired       the transfer needs a proof of identity and none was given (exit 3)
        ├── ProofExpired         the proof is older than its two minutes
        ├── ProofMismatch        the proof is not for this transfer or this member, or was altered
        ├── ProofReused          the proof was already spent on a transfer
        ├── VerificationFailed   the code or the finger was not accepted (the reason says why)
        └── FactorLocked         too many failures: this factor waits until ``until``
    NotFound
    └── FactorNotFound           no such step-up factor of this member
"""

from __future__ import annotations

from datetime import datetime

from app import clock
from app.errors import HuiliuError, NotFound
from app.i18n import _


class StepUpError(HuiliuError):
    """Something about step-up authentication (the proof a large transfer needs)."""

    exit_code = 3


class StepUpRequired(StepUpError):
    """The transfer needs identity verification first; nothing was sent."""

    def __init__(self) -> None:
        super().__init__(_("This transfer needs identity verification first: enter a one-time code or scan "
                           "your finger, then confirm again. Nothing was sent."))


class ProofExpired(StepUpError):
    """A proof presented after its expiry (two minutes after the verification)."""

    def __init__(self, expired_at: datetime) -> None:
        local = clock.to_local(expired_at)
        super().__init__(_("The identity verification expired at {time}: verify again, then confirm the "
                           "transfer. Nothing was sent.").format(time=local.strftime("%H:%M:%S")))
        self.expired_at = expired_at


class ProofMismatch(StepUpError):
    """A proof for another transfer or another member, or one that was altered."""

    def __init__(self, reason: str) -> None:
        super().__init__(_("The identity verification does not match this transfer ({reason}): verify again. "
                           "Nothing was sent.").format(reason=reason))
        self.reason = reason


class ProofReused(StepUpError):
    """A proof presented a second time: each verification allows exactly one transfer."""

    def __init__(self) -> None:
        super().__init__(_("This identity verification was already used for a transfer: each verification "
                           "allows one transfer. Verify again. Nothing was sent."))


class VerificationFailed(StepUpError):
    """The factor did not accept the person (wrong code, no match, reader error); ``code`` says which."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


class FactorLocked(StepUpError):
    """Too many failed verifications in a row: the factor accepts nothing until ``until``."""

    def __init__(self, until: datetime) -> None:
        local = clock.to_local(until)
        super().__init__(_("Too many failed verifications: try again after {time}.").format(
            time=local.strftime("%H:%M")))
        self.until = until


class FactorNotFound(NotFound):
    """No step-up factor with that id belongs to the member (or it was removed)."""

    def __init__(self, factor_id: int) -> None:
        HuiliuError.__init__(self, _("No identity verification method with id {ident} is set up for this "
                                     "member.").format(ident=factor_id))
        self.kind, self.ident = "step-up factor", factor_id
