"""What every step-up factor is: the ``Authenticator`` protocol and the records it returns.

A factor (a one-time code app, a fingerprint reader, later Windows Hello or Touch ID) is one module
of this package that names the platforms it runs on and makes an ``Authenticator`` (see
``registry``). The service asks each one whether the member can use it now and has it verify the
person; only then does the proof issuer issue a proof.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal, Protocol, runtime_checkable

from sqlalchemy.orm import Session

# What the person gives: a code typed in, or their presence (a finger on the reader, a face).
Input = Literal["code", "presence"]


@dataclass(frozen=True)
class Member:
    """The member who verifies, unlocked as themselves, and how to reach their factors in the vault.

    ``private_key`` is the member's own SM2 private key (hex): a factor whose secret is encrypted to
    the member opens only with it. ``read`` and ``write`` open a read and a write transaction (a
    unit of work's ``reader`` and ``write``): each factor keeps its transactions short (a write is
    never held open while a finger is awaited) and commits a failure even when the verification then
    fails. ``new_id`` gives the next free id of a table (``Vault.next_id``)."""

    member_id: int
    public_key: str
    private_key: str
    read: Callable[[], AbstractContextManager[Session]]
    write: Callable[[], AbstractContextManager[Session]]
    new_id: Callable[[str], int]


@dataclass(frozen=True)
class Settings:
    """What factors are made with: the lockout, and the fingerprint reader's bus, wait and retries.

    ``bus`` is a D-Bus address ("SYSTEM" for the system bus); tests point it at a private bus."""

    max_failures: int = 5
    first_lock: timedelta = timedelta(minutes=5)
    longest_lock: timedelta = timedelta(hours=1)
    bus: str = "SYSTEM"
    scan_timeout: float = 30.0  # seconds to wait for a finger (a duration, not business time)
    max_retries: int = 3  # unreadable scans the person may retry before the verification fails


@dataclass(frozen=True)
class Availability:
    """Whether a factor can be used by this member now, and if not, why (translated)."""

    kind: str
    name: str
    input: Input
    usable: bool
    reason: str = ""
    locked_until: datetime | None = None


@dataclass(frozen=True)
class Verification:
    """The outcome of one verification: ``ok``, a stable ``code`` for programs and a translated reason."""

    kind: str
    ok: bool
    code: str  # "ok", or why not: "wrong-code", "replayed", "locked", "no-match", "timeout", ...
    reason: str
    locked_until: datetime | None = None


@runtime_checkable
class Authenticator(Protocol):
    """A step-up factor: its kind, its name, whether a member can use it, and verification."""

    @property
    def kind(self) -> str:
        """A stable short identifier ("totp", "fprintd"), stored in ``stepup_factors.kind``."""
        ...

    @property
    def input(self) -> Input:
        """What the person gives: a typed code, or their presence."""
        ...

    def name(self) -> str:
        """The factor's name in the user's language."""
        ...

    def availability(self, member: Member, now: datetime) -> Availability:
        """Whether ``member`` can verify with this factor now (enrolled, present on this machine, not locked)."""
        ...

    def verify(self, member: Member, response: str | None, now: datetime,
               on_status: Callable[[str], None] | None = None) -> Verification:
        """Verify the person: ``response`` is the typed code for "code" factors, None for "presence" ones;
        ``on_status`` hears what to tell the person while a "presence" factor waits (translated).

        Counts (and commits) a failure towards the factor's lockout; never raises for a wrong answer."""
        ...
