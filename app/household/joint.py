"""Joint holders: an account held by two adults; a transfer above the threshold needs both.

The account's holder names the second holder (another guardian) and the threshold, in the account's
currency. Either holder may tighten it (lower the threshold); loosening it, or ending the joint
holding, is a change both must agree to: it becomes an approval request to the other holder
(kind ``joint_account``), applied once approved (``apply_approved``).
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, NotPermitted, ValidationError
from app.household import roles
from app.i18n import _
from app.vault.schema import Account, Approval, JointHolder
from app.vault.store import Vault


def find(s: Session, account_id: int) -> JointHolder | None:
    return s.scalars(select(JointHolder).where(JointHolder.account_id == account_id)).first()


def account(s: Session, account_id: int) -> Account:
    row = s.get(Account, account_id)
    if row is None:
        raise NotFound("account", account_id)
    return row


def plan(
    s: Session, *, account_id: int, member_id: int | None, threshold: Decimal | None, acting: int, version: int
) -> tuple[JointHolder | None, bool]:
    """Check a change (``member_id`` None: end the joint holding); returns the current row and whether the
    change loosens it (and so needs the other holder's approval)."""
    acc = account(s, account_id)
    actor = roles.member(s, acting)
    row = find(s, account_id)
    holders = {acc.member_id} | ({row.member_id} if row is not None else set())
    if acting not in holders:
        raise NotPermitted(_("only the account's holders change who holds it"))
    if not roles.is_guardian(actor):
        raise NotPermitted(_("only an adult holds an account jointly"))
    roles.check_version("joint_holder", account_id, row.version if row is not None else 0, version)
    if member_id is None:
        if row is None:
            raise ValidationError("member", _("this account is not held jointly"))
        return row, True
    second = roles.member(s, member_id)
    if member_id == acc.member_id:
        raise ValidationError("member", _("the second holder is another member than the account's holder"))
    if not roles.is_guardian(second):
        raise ValidationError("member", _("only an adult holds an account jointly"))
    if threshold is None:
        raise ValidationError("threshold", _("is required"))
    value = roles.amount("threshold", threshold, acc.currency)
    if row is None:
        return None, False
    if row.member_id != member_id:
        return row, True  # another second holder: the one now holding it agrees first
    current = row.threshold
    return row, current is not None and value > current


def apply(s: Session, vault: Vault, *, account_id: int, member_id: int | None, threshold: Decimal | None,
          acting: int, now: datetime) -> JointHolder | None:
    """Make the change (checked by ``plan``, or approved by the other holder)."""
    row = find(s, account_id)
    if member_id is None:
        if row is not None:
            s.delete(row)
        return None
    acc = account(s, account_id)
    value = roles.amount("threshold", threshold, acc.currency)
    if row is None:
        row = JointHolder(id=vault.next_id("joint_holders"), account_id=account_id, member_id=member_id,
                          set_by=acting, set_at=now, version=1)
        s.add(row)
    else:
        row.member_id, row.set_by, row.set_at, row.version = member_id, acting, now, row.version + 1
    row.threshold = value
    return row


def proposal(account_id: int, member_id: int | None, threshold: Decimal | None) -> str:
    """The change an approval carries, as JSON (ids and an amount: sealed with the approval)."""
    return json.dumps({"account_id": account_id, "member_id": member_id,
                       "threshold": None if threshold is None else str(threshold)})


def apply_approved(s: Session, vault: Vault, approval: Approval, now: datetime) -> JointHolder | None:
    """Apply the change an approved ``joint_account`` request carries."""
    data = json.loads(approval.proposal or "{}")
    threshold = Decimal(data["threshold"]) if data.get("threshold") is not None else None
    return apply(s, vault, account_id=int(data["account_id"]), member_id=data.get("member_id"),
                 threshold=threshold, acting=approval.requested_by, now=now)
