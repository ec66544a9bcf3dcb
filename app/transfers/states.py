"""The transfer state machine (DESIGN.md "Key contracts"): states only move forward.

    DRAFT -> AWAITING_APPROVAL | AWAITING_STEP_UP -> PENDING (its window) -> SUBMITTED -> SETTLED | REJECTED
    PENDING -> REVOKED (inside the window); SUBMITTED -> REVOKED (a scheduled one the platform cancelled)
    any non-final -> HELD (risk hold); HELD -> PENDING (released after review) | REJECTED | REVOKED

A refusal at any step is REJECTED. Semantics follow TigerBeetle's pending transfers: from the moment
a transfer is persisted (AWAITING_*, PENDING, SUBMITTED, HELD) its amount counts against every limit;
it resolves exactly once, to SETTLED (stays counted) or to REJECTED / REVOKED (no longer counted).
"""

from __future__ import annotations

from app.errors import HuiliuError
from app.i18n import N_, _

DRAFT = "draft"
AWAITING_APPROVAL = "awaiting_approval"
AWAITING_STEP_UP = "awaiting_step_up"
PENDING = "pending"
SUBMITTED = "submitted"
SETTLED = "settled"
REJECTED = "rejected"
REVOKED = "revoked"
HELD = "held"

STATES = (DRAFT, AWAITING_APPROVAL, AWAITING_STEP_UP, PENDING, SUBMITTED, SETTLED, REJECTED, REVOKED, HELD)
FINAL = frozenset({SETTLED, REJECTED, REVOKED})
COUNTED = frozenset({AWAITING_APPROVAL, AWAITING_STEP_UP, PENDING, SUBMITTED, HELD, SETTLED})

_NEXT: dict[str, frozenset[str]] = {
    DRAFT: frozenset({AWAITING_APPROVAL, AWAITING_STEP_UP, PENDING, HELD, REJECTED}),
    AWAITING_APPROVAL: frozenset({AWAITING_STEP_UP, PENDING, HELD, REJECTED}),
    AWAITING_STEP_UP: frozenset({PENDING, HELD, REJECTED}),
    PENDING: frozenset({SUBMITTED, SETTLED, REJECTED, REVOKED, HELD}),
    SUBMITTED: frozenset({SETTLED, REJECTED, REVOKED}),
    HELD: frozenset({PENDING, REJECTED, REVOKED}),
    SETTLED: frozenset(),
    REJECTED: frozenset(),
    REVOKED: frozenset(),
}

STATE_WORDS: dict[str, str] = {
    DRAFT: N_("Draft"),
    AWAITING_APPROVAL: N_("Awaiting approval"),
    AWAITING_STEP_UP: N_("Awaiting verification"),
    PENDING: N_("Pending"),
    SUBMITTED: N_("Sent"),
    SETTLED: N_("Settled"),
    REJECTED: N_("Rejected"),
    REVOKED: N_("Revoked"),
    HELD: N_("Held for review"),
}


class IllegalTransition(HuiliuError):
    """A state change the machine does not allow (states only move forward)."""

    def __init__(self, transfer_id: int, current: str, wanted: str) -> None:
        super().__init__(_("transfer {id} is {current} and cannot become {wanted}").format(
            id=transfer_id, current=state_word(current), wanted=state_word(wanted)))
        self.current, self.wanted = current, wanted


def state_word(state: str) -> str:
    return _(STATE_WORDS.get(state, state))


def can_move(current: str, wanted: str) -> bool:
    return wanted in _NEXT.get(current, frozenset())


def check_move(transfer_id: int, current: str, wanted: str) -> None:
    if not can_move(current, wanted):
        raise IllegalTransition(transfer_id, current, wanted)
