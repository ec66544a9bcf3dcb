"""One-time codes (TOTP, RFC 6238): enrolment by QR code, verification with replay and lockout checks.

Codes are 6 digits, a new one every 30 s, HMAC-SHA-1: what every authenticator app reads from an
``otpauth://`` QR code. One step either side is accepted for clock drift.

The secret lives in a ``stepup_factors`` row, whose envelope is sealed under the household key that
every member holds; so the secret is also encrypted to the member's own SM2 public key inside it,
and only that member, unlocked as themselves, can verify their codes. A factor is ``pending`` until
its first code is confirmed (a pending factor verifies nothing), then ``active``, then ``removed``.
Confirming a new one removes the member's previous code app (a new phone replaces the old one).

The functions take the session they work in and what they need, so the caller runs them inside its
own unit of work; they add or change rows and never commit.
"""

from __future__ import annotations

import base64
import hmac
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import pyotp
import segno
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.errors import NotPermitted, ValidationError
from app.i18n import _
from app.policy.stepup.base import Availability, Input, Member, Settings, Verification
from app.policy.stepup.errors import FactorNotFound
from app.policy.stepup.lockout import DEFAULT_POLICY, FactorState, LockoutPolicy
from app.vault import crypto
from app.vault.schema import StepUpFactor

KIND = "totp"
ISSUER = "Huiliu 汇流"
DIGITS = 6
INTERVAL = 30  # seconds per code
VALID_WINDOW = 1  # steps either side accepted, for a phone's clock a little off
PENDING, ACTIVE, REMOVED = "pending", "active", "removed"
TABLE = "stepup_factors"


@dataclass(frozen=True)
class Enrolment:
    """A code app being added: show ``qr_png`` (or ``qr_text`` in a terminal) and ask for its first code.

    ``secret`` is the same key in base32, for typing into an app that cannot scan."""

    factor_id: int
    uri: str
    secret: str
    qr_png: bytes
    qr_text: str


@dataclass(frozen=True)
class Factor:
    """A member's step-up factor as a list shows it."""

    id: int
    member_id: int
    kind: str
    status: str
    label: str
    created_at: datetime
    locked_until: datetime | None


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=INTERVAL, issuer=ISSUER)


def qr_png(uri: str, scale: int = 6) -> bytes:
    """The QR code of ``uri`` as PNG bytes (dark modules on white, with the standard quiet zone)."""
    out = io.BytesIO()
    segno.make(uri, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_text(uri: str) -> str:
    """The QR code of ``uri`` in block characters for a terminal, two rows of modules per line.

    Drawn the way ``qrencode -t UTF8`` draws it: light modules are blocks and dark ones are blanks,
    which scans from a terminal with light text on a dark background."""
    rows = [list(r) for r in segno.make(uri, error="m", micro=False).matrix_iter(scale=1, border=2)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    glyphs = {(False, False): "█", (True, False): "▄", (False, True): "▀", (True, True): " "}
    lines = ["".join(glyphs[(bool(top), bool(bottom))] for top, bottom in zip(rows[i], rows[i + 1], strict=True))
             for i in range(0, len(rows), 2)]
    return "\n".join(lines) + "\n"


def _seal_secret(public_key: str, secret: str) -> str:
    return base64.b64encode(crypto.sm2_encrypt(public_key, secret.encode("ascii"))).decode("ascii")


def _open_secret(row: StepUpFactor, private_key: str) -> str:
    try:
        return crypto.sm2_decrypt(private_key, base64.b64decode(row.secret or "", validate=True)).decode("ascii")
    except (crypto.AuthenticationFailed, ValueError) as exc:
        raise NotPermitted(_("only the member who added this code app can check its codes, unlocked as "
                             "themselves")) from exc


def _member_factor(s: Session, member_id: int, factor_id: int) -> StepUpFactor:
    row = s.get(StepUpFactor, factor_id)
    if row is None or row.member_id != member_id or row.status == REMOVED:
        raise FactorNotFound(factor_id)
    return row


def _save_state(row: StepUpFactor, state: FactorState) -> None:
    row.state = state.to_json()
    row.version = row.version + 1


def begin_enrolment(s: Session, *, member_id: int, public_key: str, label: str, now: datetime,
                    new_id: Callable[[str], int]) -> Enrolment:
    """Add a pending code app for ``member_id``: a new secret encrypted to their public key, and its QR code.

    ``label`` is what the app lists the account as (the member's name). An earlier enrolment of the
    member's that was never confirmed is dropped."""
    label = label.strip()
    if not label:
        raise ValidationError(_("Name in the code app"), _("must not be empty"))
    secret = pyotp.random_base32()
    for old in s.scalars(select(StepUpFactor).where(StepUpFactor.member_id == member_id,
                                                    StepUpFactor.kind == KIND, StepUpFactor.status == PENDING)):
        old.status, old.version = REMOVED, old.version + 1
    row = StepUpFactor(id=new_id(TABLE), created_at=now, member_id=member_id, kind=KIND, status=PENDING, version=1)
    row.secret = _seal_secret(public_key, secret)
    row.label = label
    row.state = FactorState().to_json()
    s.add(row)
    uri = _totp(secret).provisioning_uri(name=label, issuer_name=ISSUER)
    return Enrolment(row.id, uri, secret, qr_png(uri), qr_text(uri))


def _check(row: StepUpFactor, private_key: str, code: str, now: datetime, policy: LockoutPolicy) -> Verification:
    """Verify ``code`` against ``row``, updating its failures, lockout and last accepted step."""
    state = FactorState.from_json(row.state)
    locked = state.locked(now)
    if locked is not None:
        return Verification(KIND, False, "locked", _("Too many wrong codes: try again after {time}.").format(
            time=_hhmm(locked)), locked)
    typed = "".join(code.split())
    if len(typed) != DIGITS or not typed.isdigit():
        # Not a guess at the secret: a slip of the keyboard costs no attempt.
        return Verification(KIND, False, "malformed", _("A one-time code is {digits} digits.").format(digits=DIGITS))
    totp = _totp(_open_secret(row, private_key))
    current = totp.timecode(now)
    matched = None
    for counter in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(counter), typed):
            matched = counter
    replayed = matched is not None and state.last_counter is not None and matched <= state.last_counter
    if matched is None or replayed:
        after = state.failed(now, policy)
        _save_state(row, after)
        if after.locked(now):
            return Verification(KIND, False, "locked", _("Too many failed codes in a row: try again after "
                                                         "{time}.").format(time=_hhmm(after.locked_until)),
                                after.locked_until)
        if replayed:
            return Verification(KIND, False, "replayed", _("This code was already used: wait for the next one in "
                                                           "your code app."))
        left = policy.max_failures - after.failures
        return Verification(KIND, False, "wrong-code", _("Wrong code: check your code app and try again ({left} "
                                                         "tries before a pause).").format(left=left))
    _save_state(row, state.succeeded(matched))
    return Verification(KIND, True, "ok", _("Code accepted."))


def _hhmm(moment: datetime | None) -> str:
    return clock.to_local(moment).strftime("%H:%M") if moment is not None else ""


def confirm_enrolment(s: Session, *, member_id: int, factor_id: int, private_key: str, code: str, now: datetime,
                      policy: LockoutPolicy = DEFAULT_POLICY) -> Verification:
    """Make a pending code app active with its first right code; the member's previous one is removed."""
    row = _member_factor(s, member_id, factor_id)
    if row.kind != KIND or row.status != PENDING:
        raise ValidationError(_("Code app"), _("this code app is already confirmed"))
    result = _check(row, private_key, code, now, policy)
    if result.ok:
        for old in s.scalars(select(StepUpFactor).where(StepUpFactor.member_id == member_id,
                                                        StepUpFactor.kind == KIND, StepUpFactor.status == ACTIVE)):
            old.status, old.version = REMOVED, old.version + 1
        # Every change names its version: a flush in between (the query above) already wrote the state.
        row.status, row.version = ACTIVE, row.version + 1
    return result


def active_factor(s: Session, member_id: int) -> StepUpFactor | None:
    """The member's confirmed code app, if any."""
    return s.scalars(select(StepUpFactor).where(StepUpFactor.member_id == member_id, StepUpFactor.kind == KIND,
                                                StepUpFactor.status == ACTIVE).order_by(StepUpFactor.id)).first()


def verify_code(s: Session, *, member_id: int, private_key: str, code: str, now: datetime,
                policy: LockoutPolicy = DEFAULT_POLICY) -> Verification:
    """Check a code from the member's confirmed code app (a pending one never verifies)."""
    row = active_factor(s, member_id)
    if row is None:
        return Verification(KIND, False, "not-enrolled", _("No code app is set up for this member: set "
                                                           "one up first."))
    return _check(row, private_key, code, now, policy)


def remove(s: Session, *, member_id: int, factor_id: int) -> None:
    """Remove one of the member's factors (it verifies nothing from now on; the row stays, marked removed)."""
    row = _member_factor(s, member_id, factor_id)
    row.status, row.version = REMOVED, row.version + 1


def factors(s: Session, member_id: int, now: datetime, include_removed: bool = False) -> list[Factor]:
    """The member's step-up factors of every kind, oldest first."""
    query = select(StepUpFactor).where(StepUpFactor.member_id == member_id).order_by(StepUpFactor.id)
    if not include_removed:
        query = query.where(StepUpFactor.status != REMOVED)
    return [Factor(r.id, r.member_id, r.kind, r.status, r.label or "", r.created_at,
                   FactorState.from_json(r.state).locked(now)) for r in s.scalars(query)]


class TotpAuthenticator:
    """One-time codes from an authenticator app (the ``Authenticator`` of kind "totp")."""

    kind = KIND
    input: Input = "code"

    def __init__(self, policy: LockoutPolicy = DEFAULT_POLICY) -> None:
        self.policy = policy

    def name(self) -> str:
        return _("One-time code")

    def availability(self, member: Member, now: datetime) -> Availability:
        with member.read() as s:
            row = active_factor(s, member.member_id)
            state = FactorState.from_json(row.state) if row is not None else None
        if state is None:
            return Availability(KIND, self.name(), self.input, False, _("no code app is set up"))
        locked = state.locked(now)
        if locked is not None:
            return Availability(KIND, self.name(), self.input, False,
                                _("locked after too many wrong codes until {time}").format(time=_hhmm(locked)),
                                locked)
        return Availability(KIND, self.name(), self.input, True)

    def verify(self, member: Member, response: str | None, now: datetime,
               on_status: Callable[[str], None] | None = None) -> Verification:
        with member.write() as s:
            return verify_code(s, member_id=member.member_id, private_key=member.private_key, code=response or "",
                               now=now, policy=self.policy)


PLATFORMS: frozenset[str] | None = None  # every platform


def create(settings: Settings) -> TotpAuthenticator:
    """The registry's constructor."""
    return TotpAuthenticator(LockoutPolicy(settings.max_failures, settings.first_lock, settings.longest_lock))
