"""What transfers look like to the front ends: plain frozen records, no ORM rows."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from app.transfers import states


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class TransferEventView:
    at: datetime
    state: str
    member_id: int | None
    detail: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {"at": _iso(self.at), "state": self.state, "member_id": self.member_id, "detail": self.detail}


@dataclass(frozen=True)
class TransferView:
    """A transfer as its sender (or anyone holding its account's transactions key) sees it."""

    id: int
    state: str
    created_at: datetime
    updated_at: datetime
    member_id: int
    from_account_id: int
    to_account_id: int | None
    payee_id: int | None
    amount: Decimal | None
    currency: str
    memo: str
    arrival: str
    source: str
    idempotency_key: str
    release_at: datetime | None
    revocable_until: datetime | None
    approval_id: int | None
    remote_id: str
    reason: str
    decision: dict[str, Any] = field(default_factory=dict)
    events: tuple[TransferEventView, ...] = ()
    quote: dict[str, Any] = field(default_factory=dict)  # the platform's FX quote it used (rate, fee, received)
    damaged: str = ""

    @property
    def final(self) -> bool:
        return self.state in states.FINAL

    def revocable_at(self, now: datetime) -> bool:
        """Whether it can still be revoked at ``now``: inside its delay window, not yet executed."""
        if self.state not in (states.PENDING, states.SUBMITTED, states.HELD, states.AWAITING_APPROVAL):
            return False
        if self.state in (states.HELD, states.AWAITING_APPROVAL):
            return True
        return self.revocable_until is not None and now < self.revocable_until

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "state": self.state, "created_at": _iso(self.created_at),
            "updated_at": _iso(self.updated_at), "member_id": self.member_id,
            "from_account_id": self.from_account_id, "to_account_id": self.to_account_id,
            "payee_id": self.payee_id, "amount": None if self.amount is None else str(self.amount),
            "currency": self.currency, "memo": self.memo, "arrival": self.arrival, "source": self.source,
            "idempotency_key": self.idempotency_key, "release_at": _iso(self.release_at),
            "revocable_until": _iso(self.revocable_until), "approval_id": self.approval_id,
            "remote_id": self.remote_id, "reason": self.reason, "decision": self.decision,
            "events": [e.to_json() for e in self.events], "quote": self.quote, "damaged": self.damaged,
        }


def decision_dict(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
