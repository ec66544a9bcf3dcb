"""Allowances: a minor's weekly allowance, weekly spending caps per platform, and the approval limit.

Only a guardian sets them (never the minor, never a viewer); a guardian reads any minor's, and a minor
reads their own. The approval limit is what ``approvals.approvers_for_transfer`` compares a minor's
transfer with: above it, a guardian approves.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotPermitted, ValidationError
from app.household import roles
from app.i18n import _
from app.vault.schema import Allowance, Platform
from app.vault.store import Vault


def caps_of(row: Allowance) -> dict[int, Decimal]:
    """The weekly caps per platform id."""
    raw = row.platform_caps
    return {int(k): Decimal(v) for k, v in json.loads(raw).items()} if raw else {}


def find(s: Session, member_id: int) -> Allowance | None:
    return s.scalars(select(Allowance).where(Allowance.member_id == member_id)).first()


def set_allowance(
    s: Session,
    vault: Vault,
    *,
    member_id: int,
    set_by: int,
    weekly_amount: Decimal,
    currency: str,
    approval_limit: Decimal,
    platform_caps: Mapping[int, Decimal] | None = None,
    version: int,
    now: datetime,
) -> tuple[Allowance, list[str]]:
    """Set a minor's allowance (``version`` 0 for a first one); returns the row and the fields changed."""
    actor = roles.member(s, set_by)
    if not roles.is_guardian(actor):
        raise NotPermitted(_("only a guardian sets an allowance"))
    minor = roles.member(s, member_id)
    if not roles.is_minor(minor):
        raise ValidationError("member", _("an allowance is for a teenager or a child"))
    code = roles.currency(currency)
    weekly = roles.amount("weekly_amount", weekly_amount, code)
    limit = roles.amount("approval_limit", approval_limit, code)
    caps: dict[str, str] = {}
    for platform_id, cap in sorted((platform_caps or {}).items()):
        if s.get(Platform, platform_id) is None:
            raise ValidationError("platform_caps", _("no platform with id {ident}").format(ident=platform_id))
        caps[str(platform_id)] = str(roles.amount("platform_caps", cap, code))
    row = find(s, member_id)
    if row is None:
        roles.check_version("allowance", member_id, 0, version)
        row = Allowance(id=vault.next_id("allowances"), member_id=member_id, set_by=set_by, set_at=now, version=1)
        before: dict[str, object] = {}
        s.add(row)
    else:
        roles.check_version("allowance", member_id, row.version, version)
        before = {"weekly_amount": row.weekly_amount, "currency": row.currency,
                  "approval_limit": row.approval_limit, "platform_caps": row.platform_caps}
    after: dict[str, object] = {"weekly_amount": weekly, "currency": code, "approval_limit": limit,
                                "platform_caps": json.dumps(caps, sort_keys=True) if caps else None}
    changed = sorted(k for k in after if before.get(k) != after[k])
    if not changed:
        return row, []
    row.weekly_amount, row.currency, row.approval_limit = weekly, code, limit
    row.platform_caps = after["platform_caps"]  # type: ignore[assignment]
    if before:
        row.set_by, row.set_at, row.version = set_by, now, row.version + 1
    return row, changed


def read(s: Session, member_id: int, reader_id: int) -> Allowance | None:
    """A minor's allowance as ``reader_id`` may see it (None when none is set)."""
    reader = roles.member(s, reader_id)
    roles.member(s, member_id)
    if not (roles.is_guardian(reader) or reader_id == member_id and roles.is_minor(reader)):
        raise NotPermitted(_("only a guardian, or the teenager or child themselves, sees an allowance"))
    return find(s, member_id)
