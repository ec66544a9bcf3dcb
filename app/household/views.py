"""What the household's decisions look like to the front ends: plain frozen records, no ORM rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class VoteView:
    """One member's decision on a request."""

    member_id: int
    decision: str  # approve | deny
    at: datetime
    comment: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"member_id": self.member_id, "decision": self.decision, "at": _iso(self.at), "comment": self.comment}


@dataclass(frozen=True)
class ApprovalView:
    """A request as the acting member sees it; ``awaiting_me``: their vote is still needed."""

    id: int
    kind: str
    status: str  # pending | approved | denied | expired | cancelled (expired as soon as the clock says so)
    requested_by: int
    mode: str  # all | any
    approvers: tuple[int, ...]
    created_at: datetime
    expires_at: datetime
    decided_at: datetime | None
    version: int
    subject_type: str = ""
    subject_id: int | None = None
    summary: str = ""
    amount: Decimal | None = None
    currency: str | None = None
    votes: tuple[VoteView, ...] = ()
    awaiting_me: bool = False
    damaged: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "status": self.status, "requested_by": self.requested_by,
            "mode": self.mode, "approvers": list(self.approvers), "created_at": _iso(self.created_at),
            "expires_at": _iso(self.expires_at), "decided_at": _iso(self.decided_at), "version": self.version,
            "subject_type": self.subject_type, "subject_id": self.subject_id, "summary": self.summary,
            "amount": None if self.amount is None else str(self.amount), "currency": self.currency,
            "votes": [v.to_json() for v in self.votes], "awaiting_me": self.awaiting_me, "damaged": self.damaged,
        }


@dataclass(frozen=True)
class FamilyLinkView:
    """An account offered to a member as a family payee, and where its two confirmations stand."""

    id: int
    account_id: int
    holder_id: int
    member_id: int
    proposed_by: int
    status: str  # proposed | confirmed | declined | removed
    holder_confirmed: bool
    member_confirmed: bool
    created_at: datetime
    decided_at: datetime | None
    version: int
    note: str = ""
    damaged: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "account_id": self.account_id, "holder_id": self.holder_id, "member_id": self.member_id,
            "proposed_by": self.proposed_by, "status": self.status, "holder_confirmed": self.holder_confirmed,
            "member_confirmed": self.member_confirmed, "created_at": _iso(self.created_at),
            "decided_at": _iso(self.decided_at), "version": self.version, "note": self.note, "damaged": self.damaged,
        }


@dataclass(frozen=True)
class AllowanceView:
    """A minor's allowance: weekly amount, weekly caps per platform id, the approval limit."""

    member_id: int
    weekly_amount: Decimal
    currency: str
    approval_limit: Decimal
    platform_caps: dict[int, Decimal] = field(default_factory=dict)
    set_by: int = 0
    set_at: datetime | None = None
    version: int = 0
    damaged: str = ""


@dataclass(frozen=True)
class JointHolderView:
    """An account held by two adults: transfers above ``threshold`` (its currency) need both."""

    account_id: int
    holder_id: int
    member_id: int
    threshold: Decimal | None
    currency: str
    set_by: int
    set_at: datetime
    version: int
    damaged: str = ""


@dataclass(frozen=True)
class JointChange:
    """What a change of joint holders did: applied at once (``holding``), or asked of the other holder."""

    holding: JointHolderView | None = None
    approval: ApprovalView | None = None
