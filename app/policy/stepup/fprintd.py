"""Fingerprint through fprintd, the Linux fingerprint service, over D-Bus (jeepney's blocking client).

fprintd's API (``net.reactivated.Fprint``): the Manager at ``/net/reactivated/Fprint/Manager`` gives
the default reader (``GetDefaultDevice``); a Device is ``Claim``ed for a user, ``ListEnrolledFingers``
tells whether that user has prints, ``VerifyStart("any")`` arms it, and each scan comes back as a
``VerifyStatus(result, done)`` signal until ``done``; then ``VerifyStop`` and ``Release``.

Only signals sent by the connection that owns ``net.reactivated.Fprint`` are listened to (the bus
stamps the sender), so another program on the bus cannot fake a match.

A member's fingerprint factor (a ``stepup_factors`` row of kind "fprintd") binds the member to a
user of this computer and a finger: on a computer the family shares, each member's own finger.
fprintd does not limit guessing, so a print that does not match counts towards the factor's lockout.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from jeepney import (  # type: ignore[import-untyped]
    DBusAddress,
    DBusErrorResponse,
    MatchRule,
    message_bus,
    new_method_call,
)
from jeepney.io.blocking import DBusConnection, open_dbus_connection  # type: ignore[import-untyped]
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.errors import ValidationError
from app.i18n import N_, _
from app.policy.stepup.base import Availability, Input, Member, Settings, Verification
from app.policy.stepup.lockout import DEFAULT_POLICY, FactorState, LockoutPolicy
from app.vault.schema import StepUpFactor

KIND = "fprintd"
PLATFORMS = frozenset({"linux"})
SYSTEM_BUS = "SYSTEM"
BUS_NAME = "net.reactivated.Fprint"
MANAGER_PATH = "/net/reactivated/Fprint/Manager"
MANAGER_IFACE = "net.reactivated.Fprint.Manager"
DEVICE_IFACE = "net.reactivated.Fprint.Device"
ERROR = "net.reactivated.Fprint.Error."
FINGERS = ("left-thumb", "left-index-finger", "left-middle-finger", "left-ring-finger", "left-little-finger",
           "right-thumb", "right-index-finger", "right-middle-finger", "right-ring-finger", "right-little-finger")
TABLE = "stepup_factors"

# Scans that could not be read: the person tries again (fprintd keeps scanning unless ``done``).
RETRY_RESULTS: dict[str, str] = {
    "verify-retry-scan": N_("The scan was not clear: place your finger on the reader again."),
    "verify-swipe-too-short": N_("The swipe was too short: swipe your finger again."),
    "verify-finger-not-centered": N_("Your finger was not centred: place it in the middle of the reader."),
    "verify-remove-and-retry": N_("Lift your finger and place it on the reader again."),
}
# Final results other than a match, with what the person is told.
FAILURES: dict[str, str] = {
    "verify-no-match": N_("This fingerprint does not match."),
    "verify-disconnected": N_("The fingerprint reader was disconnected: connect it and try again."),
    "verify-unknown-error": N_("The fingerprint reader reported an error: try again."),
}
# fprintd's errors (and the bus's, when fprintd is not there), as what the person is told.
ERRORS: dict[str, tuple[str, str]] = {
    ERROR + "PermissionDenied": ("permission-denied", N_(
        "This computer did not allow Huiliu to use the fingerprint reader (permission denied).")),
    ERROR + "NoEnrolledPrints": ("no-prints", N_(
        "No fingerprint is enrolled for this user of the computer: enrol one in the system settings first.")),
    ERROR + "AlreadyInUse": ("in-use", N_(
        "The fingerprint reader is in use by another program: try again in a moment.")),
    ERROR + "ClaimDevice": ("claim-failed", N_("Huiliu could not take the fingerprint reader: try again.")),
    ERROR + "Internal": ("reader-error", N_("The fingerprint service reported an internal error: try again.")),
    ERROR + "NoSuchDevice": ("no-reader", N_("No fingerprint reader is connected to this computer.")),
    "org.freedesktop.DBus.Error.ServiceUnknown": ("no-service", N_(
        "The fingerprint service (fprintd) is not installed or not running on this computer.")),
    "org.freedesktop.DBus.Error.NameHasNoOwner": ("no-service", N_(
        "The fingerprint service (fprintd) is not installed or not running on this computer.")),
}


class ReaderProblem(Exception):
    """The reader cannot be used (no service, no reader, no prints, no permission ...): ``code`` and ``reason``."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


def _problem(err: DBusErrorResponse) -> ReaderProblem:
    code, text = ERRORS.get(str(err.name), ("reader-error", ""))
    if text:
        return ReaderProblem(code, _(text))
    return ReaderProblem(code, _("The fingerprint service reported an error: {detail}").format(
        detail=str(err.name or "")))


class FprintdClient:
    """Talks to fprintd on ``bus`` (a D-Bus address, or "SYSTEM" for the system bus)."""

    def __init__(self, bus: str = SYSTEM_BUS, call_timeout: float = 5.0) -> None:
        self.bus = bus
        self.call_timeout = call_timeout

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        try:
            conn = open_dbus_connection(self.bus, auth_timeout=self.call_timeout)
        except (OSError, KeyError, ValueError, TimeoutError) as exc:
            raise ReaderProblem("no-bus", _("The system message bus cannot be reached, so the fingerprint reader "
                                            "cannot be used.")) from exc
        try:
            yield conn
        finally:
            conn.close()

    def _call(self, conn: DBusConnection, path: str, iface: str, method: str, signature: str | None = None,
              body: tuple[Any, ...] = ()) -> tuple[Any, ...]:
        msg = new_method_call(DBusAddress(path, bus_name=BUS_NAME, interface=iface), method, signature, body)
        try:
            reply = conn.send_and_get_reply(msg, timeout=self.call_timeout)
        except TimeoutError as exc:
            raise ReaderProblem("timeout", _("The fingerprint service did not answer.")) from exc
        from jeepney.wrappers import unwrap_msg  # type: ignore[import-untyped]

        try:
            return cast(tuple[Any, ...], unwrap_msg(reply))
        except DBusErrorResponse as err:
            raise _problem(err) from None

    def _device(self, conn: DBusConnection) -> str:
        return str(self._call(conn, MANAGER_PATH, MANAGER_IFACE, "GetDefaultDevice")[0])

    def enrolled_fingers(self, username: str) -> list[str]:
        """The fingers enrolled for ``username`` ("" is the user running Huiliu) on the default reader.

        Raises ReaderProblem when there is no service or no reader; no prints is an empty list."""
        with self._connection() as conn:
            device = self._device(conn)
            try:
                return [str(f) for f in self._call(conn, device, DEVICE_IFACE, "ListEnrolledFingers", "s",
                                                   (username,))[0]]
            except ReaderProblem as problem:
                if problem.code == "no-prints":
                    return []
                raise

    def verify(self, username: str, finger: str = "any", *, timeout: float = 30.0, max_retries: int = 3,
               on_status: Callable[[str], None] | None = None) -> Verification:
        """Scan a finger of ``username`` and say whether it matches ``finger`` ("any" enrolled one).

        Unreadable scans are retried up to ``max_retries`` times (``on_status`` hears what to tell the
        person meanwhile); no final answer within ``timeout`` seconds ends the wait. Never raises for
        an outcome: every one, the reader's problems included, is a Verification."""
        try:
            with self._connection() as conn:
                return self._verify(conn, username, finger, timeout, max_retries, on_status)
        except ReaderProblem as problem:
            return Verification(KIND, False, problem.code, problem.reason)

    def _verify(self, conn: DBusConnection, username: str, finger: str, timeout: float, max_retries: int,
                on_status: Callable[[str], None] | None) -> Verification:
        device = self._device(conn)
        owner = self._owner(conn)
        rule = MatchRule(type="signal", sender=owner, interface=DEVICE_IFACE, member="VerifyStatus", path=device)
        self._bus_call(conn, message_bus.AddMatch(rule))
        self._call(conn, device, DEVICE_IFACE, "Claim", "s", (username,))
        started = False
        try:
            with conn.filter(rule, bufsize=64) as queue:
                self._call(conn, device, DEVICE_IFACE, "VerifyStart", "s", (finger,))
                started = True
                deadline = time.monotonic() + timeout
                retries = 0
                while True:
                    try:
                        signal = conn.recv_until_filtered(queue, timeout=max(0.0, deadline - time.monotonic()))
                    except TimeoutError:
                        return Verification(KIND, False, "timeout", _(
                            "No finger was scanned within {seconds} seconds.").format(seconds=f"{timeout:g}"))
                    result, done = str(signal.body[0]), bool(signal.body[1])
                    if result == "verify-match":
                        return Verification(KIND, True, "ok", _("Fingerprint accepted."))
                    if result in RETRY_RESULTS:
                        retries += 1
                        if retries > max_retries:
                            return Verification(KIND, False, "too-many-retries", _(
                                "The reader could not read your finger after {count} tries.").format(count=retries))
                        if on_status is not None:
                            on_status(_(RETRY_RESULTS[result]))
                        if done:  # this scan is over: arm the reader again for the next one
                            self._call(conn, device, DEVICE_IFACE, "VerifyStop")
                            self._call(conn, device, DEVICE_IFACE, "VerifyStart", "s", (finger,))
                        continue
                    if result in FAILURES:
                        return Verification(KIND, False, result.removeprefix("verify-"), _(FAILURES[result]))
                    return Verification(KIND, False, "reader-error", _(
                        "The fingerprint reader gave an answer Huiliu does not know ({result}).").format(result=result))
        finally:
            for method in (("VerifyStop",) if started else ()) + ("Release",):
                try:
                    self._call(conn, device, DEVICE_IFACE, method)
                except ReaderProblem:
                    pass  # the reader went away or already stopped: nothing is left to undo

    def _owner(self, conn: DBusConnection) -> str:
        return str(self._bus_call(conn, message_bus.GetNameOwner(BUS_NAME))[0])

    def _bus_call(self, conn: DBusConnection, msg: Any) -> tuple[Any, ...]:
        from jeepney.wrappers import unwrap_msg

        try:
            return cast(tuple[Any, ...], unwrap_msg(conn.send_and_get_reply(msg, timeout=self.call_timeout)))
        except DBusErrorResponse as err:
            raise _problem(err) from None
        except TimeoutError as exc:
            raise ReaderProblem("timeout", _("The system message bus did not answer.")) from exc


def _hhmm(moment: datetime | None) -> str:
    return clock.to_local(moment).strftime("%H:%M") if moment is not None else ""


@dataclass(frozen=True)
class Binding:
    """Which user of this computer, and which finger, a member verifies with ("" is the user running Huiliu)."""

    username: str
    finger: str = "any"


def _binding(row: StepUpFactor) -> Binding:
    data = json.loads(row.secret or "{}")
    return Binding(str(data.get("username", "")), str(data.get("finger", "any")))


def active_factor(s: Session, member_id: int) -> StepUpFactor | None:
    """The member's fingerprint factor, if one is set up."""
    return s.scalars(select(StepUpFactor).where(StepUpFactor.member_id == member_id, StepUpFactor.kind == KIND,
                                                StepUpFactor.status == "active").order_by(StepUpFactor.id)).first()


def enrol(s: Session, *, member_id: int, binding: Binding, label: str, now: datetime,
          new_id: Callable[[str], int]) -> StepUpFactor:
    """Bind ``member_id`` to a finger on this computer's reader (the caller checked a first scan matches).

    Replaces the member's earlier binding. The prints themselves stay in fprintd; the row holds only
    which user and finger, sealed with the lockout state."""
    if binding.finger != "any" and binding.finger not in FINGERS:
        raise ValidationError(_("Finger"), _("not a finger fprintd knows: {finger}").format(finger=binding.finger))
    for old in s.scalars(select(StepUpFactor).where(StepUpFactor.member_id == member_id, StepUpFactor.kind == KIND,
                                                    StepUpFactor.status != "removed")):
        old.status, old.version = "removed", old.version + 1
    row = StepUpFactor(id=new_id(TABLE), created_at=now, member_id=member_id, kind=KIND, status="active", version=1)
    row.secret = json.dumps({"username": binding.username, "finger": binding.finger}, sort_keys=True)
    row.label = label.strip() or _("Fingerprint")
    row.state = FactorState().to_json()
    s.add(row)
    return row


class FingerprintAuthenticator:
    """A finger on this computer's reader, through fprintd (the ``Authenticator`` of kind "fprintd")."""

    kind = KIND
    input: Input = "presence"

    def __init__(self, client: FprintdClient, policy: LockoutPolicy = DEFAULT_POLICY, timeout: float = 30.0,
                 max_retries: int = 3) -> None:
        self.client, self.policy, self.timeout, self.max_retries = client, policy, timeout, max_retries

    def name(self) -> str:
        return _("Fingerprint")

    def availability(self, member: Member, now: datetime) -> Availability:
        with member.read() as s:
            row = active_factor(s, member.member_id)
            found = (_binding(row), FactorState.from_json(row.state)) if row is not None else None
        if found is None:
            return Availability(KIND, self.name(), self.input, False, _("no fingerprint is set up for this member"))
        binding, state = found
        locked = state.locked(now)
        if locked is not None:
            return Availability(KIND, self.name(), self.input, False, _(
                "locked after too many fingerprints that did not match, until {time}").format(time=_hhmm(locked)),
                locked)
        try:
            fingers = self.client.enrolled_fingers(binding.username)
        except ReaderProblem as problem:
            return Availability(KIND, self.name(), self.input, False, problem.reason)
        if not fingers or binding.finger != "any" and binding.finger not in fingers:
            return Availability(KIND, self.name(), self.input, False, _(ERRORS[ERROR + "NoEnrolledPrints"][1]))
        return Availability(KIND, self.name(), self.input, True)

    def verify(self, member: Member, response: str | None, now: datetime,
               on_status: Callable[[str], None] | None = None) -> Verification:
        with member.read() as s:
            row = active_factor(s, member.member_id)
            found = (row.id, _binding(row), FactorState.from_json(row.state)) if row is not None else None
        if found is None:
            return Verification(KIND, False, "not-enrolled", _("No fingerprint is set up for this member."))
        factor_id, binding, state = found
        locked = state.locked(now)
        if locked is not None:
            return Verification(KIND, False, "locked", _("Too many fingerprints did not match: try again after "
                                                         "{time} or use a one-time code.").format(time=_hhmm(locked)),
                                locked)
        # The scan runs outside any transaction: nothing waits on the vault while a finger is awaited.
        result = self.client.verify(binding.username, binding.finger, timeout=self.timeout,
                                    max_retries=self.max_retries, on_status=on_status)
        if not result.ok and result.code != "no-match":
            return result  # the reader's trouble, not a guess: it costs no attempt
        after_scan = clock.utcnow()
        with member.write() as s:
            row = s.get(StepUpFactor, factor_id)
            if row is None or row.status != "active":
                return Verification(KIND, False, "not-enrolled", _("No fingerprint is set up for this member."))
            current = FactorState.from_json(row.state)  # as it is now (another try may have counted meanwhile)
            after = current.succeeded() if result.ok else current.failed(after_scan, self.policy)
            if after != current:
                row.state, row.version = after.to_json(), row.version + 1
        if not result.ok and after.locked(after_scan):
            return Verification(KIND, False, "locked", _(
                "This fingerprint does not match, and too many did not in a row: try again after {time} or use a "
                "one-time code.").format(time=_hhmm(after.locked_until)), after.locked_until)
        return result


def create(settings: Settings) -> FingerprintAuthenticator:
    """The registry's constructor."""
    return FingerprintAuthenticator(FprintdClient(settings.bus), LockoutPolicy(
        settings.max_failures, settings.first_lock, settings.longest_lock), settings.scan_timeout,
        settings.max_retries)
