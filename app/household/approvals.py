"""Approvals: a request some members must decide, and the policy of who they are.

A request names its approvers and a mode: ``all`` (every one of them approves) or ``any`` (one does).
The first denial ends it as denied; the last approval it needs ends it as approved; past its expiry
(by ``app.clock``) it is expired and takes no more votes. A viewer and a minor never approve, nobody
decides their own request, and only the members listed may vote. Every change bumps ``version``; a
change naming an older version is refused (``EditConflict``), so two people deciding on the same view
cannot both win.

Who must approve (``approvers_for_transfer``, ``approvers_for_rule``):
- a minor's transfer above the limit a guardian set (no allowance set: every transfer), in another
  currency than that limit, or to a payee never paid before: any one guardian;
- a transfer from a jointly held account above its threshold: the other holder too (all);
- a rule that moves another member's money: each such adult's consent (all); a minor's money only
  by a guardian's rule (the guardian's own authority), a viewer's never.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, NotPermitted, ValidationError
from app.household import roles
from app.i18n import _
from app.ledger.vocabulary import APPROVAL_KINDS, APPROVAL_MODES
from app.vault.schema import Account, Allowance, Approval, ApprovalVote, JointHolder, Member
from app.vault.store import Vault

ALL, ANY = "all", "any"
PENDING, APPROVED, DENIED, EXPIRED, CANCELLED = "pending", "approved", "denied", "expired", "cancelled"
DEFAULT_EXPIRY = timedelta(days=7)
MAX_EXPIRY = timedelta(days=90)
MAX_SUMMARY = 200
MAX_COMMENT = 500

Policy = tuple[str, tuple[int, ...]]  # (mode, the members who must approve)


def approver_ids(row: Approval) -> tuple[int, ...]:
    return tuple(int(x) for x in row.approvers.split(",") if x)


def get(s: Session, approval_id: int) -> Approval:
    row = s.get(Approval, approval_id)
    if row is None:
        raise NotFound("approval", approval_id)
    return row


def votes(s: Session, approval_id: int) -> list[ApprovalVote]:
    return list(s.scalars(select(ApprovalVote).where(ApprovalVote.approval_id == approval_id)
                          .order_by(ApprovalVote.id)))


def _text(field: str, value: str, limit: int) -> str:
    value = " ".join(value.split())
    if len(value) > limit:
        raise ValidationError(field, _("is longer than {n} characters").format(n=limit))
    return value


def check_approvers(s: Session, requested_by: int, approvers: Iterable[int]) -> tuple[int, ...]:
    """The listed members, each one who may approve: not the requester, not a viewer, not a minor."""
    ids = tuple(dict.fromkeys(approvers))
    if not ids:
        raise ValidationError("approvers", _("name at least one member who decides"))
    for ident in ids:
        m = s.get(Member, ident)
        if m is None:
            raise ValidationError("approvers", _("no member with id {ident}").format(ident=ident))
        if ident == requested_by:
            raise ValidationError("approvers", _("nobody approves their own request"))
        if roles.is_viewer(m):
            raise ValidationError("approvers", _("a viewer never approves (member {ident})").format(ident=ident))
        if not roles.is_guardian(m):
            raise ValidationError("approvers", _("a minor never approves (member {ident})").format(ident=ident))
    return ids


def request(
    s: Session,
    vault: Vault,
    *,
    kind: str,
    requested_by: int,
    approvers: Sequence[int],
    mode: str,
    now: datetime,
    expires_in: timedelta = DEFAULT_EXPIRY,
    summary: str = "",
    amount: Decimal | None = None,
    currency: str | None = None,
    subject_type: str = "",
    subject_id: int | None = None,
    proposal: str | None = None,
) -> Approval:
    """A new pending request (not yet flushed: the caller's write commits it)."""
    requester = roles.member(s, requested_by)
    if roles.is_viewer(requester):
        raise NotPermitted(_("a viewer sees the household's books but asks for nothing"))
    if kind not in APPROVAL_KINDS:
        raise ValidationError("approval_kind", _("must be one of {choices}").format(choices=", ".join(APPROVAL_KINDS)))
    if mode not in APPROVAL_MODES:
        raise ValidationError("approval_mode", _("must be one of {choices}").format(choices=", ".join(APPROVAL_MODES)))
    if not timedelta(0) < expires_in <= MAX_EXPIRY:
        raise ValidationError("expires_in", _("must be more than nothing and at most {days} days").format(
            days=MAX_EXPIRY.days))
    ids = check_approvers(s, requested_by, approvers)
    row = Approval(id=vault.next_id("approvals"), created_at=now, kind=kind, requested_by=requested_by,
                   subject_type=subject_type, subject_id=subject_id, mode=mode,
                   approvers=",".join(str(i) for i in ids), status=PENDING, expires_at=now + expires_in, version=1)
    row.summary = _text("summary", summary, MAX_SUMMARY) or None
    if amount is not None:
        code = roles.currency(currency or "")
        row.amount, row.currency = roles.amount("amount", amount, code), code
    elif currency:
        raise ValidationError("amount", _("is required when a currency is given"))
    row.proposal = proposal
    s.add(row)
    return row


def expire(row: Approval, now: datetime) -> bool:
    """Mark a pending request past its expiry as expired; True when it changed."""
    if row.status == PENDING and now >= row.expires_at:
        row.status, row.decided_at, row.version = EXPIRED, row.expires_at, row.version + 1
        return True
    return False


def expire_due(s: Session, now: datetime) -> list[Approval]:
    """Every pending request past its expiry, now expired."""
    due = s.scalars(select(Approval).where(Approval.status == PENDING, Approval.expires_at <= now)
                    .order_by(Approval.id))
    return [row for row in due if expire(row, now)]


def decide(
    s: Session, vault: Vault, approval_id: int, member_id: int, approve: bool, version: int, now: datetime,
    comment: str = "",
) -> Approval:
    """One member's vote; ends the request as denied (first denial) or approved (enough approvals)."""
    row = get(s, approval_id)
    voter = roles.member(s, member_id)
    if member_id == row.requested_by:
        raise NotPermitted(_("nobody decides their own request"))
    if roles.is_viewer(voter):
        raise NotPermitted(_("a viewer sees requests but never decides them"))
    if not roles.is_guardian(voter):
        raise NotPermitted(_("a teenager or a child never decides a request; a guardian does"))
    if member_id not in approver_ids(row):
        raise NotPermitted(_("you are not one of the members asked to decide this request"))
    if row.status == EXPIRED or row.status == PENDING and now >= row.expires_at:
        raise NotPermitted(_("this request expired on {date}: ask again").format(date=row.expires_at.date()))
    if row.status != PENDING:
        raise NotPermitted(_("this request is no longer awaiting a decision"))
    roles.check_version("approval", row.id, row.version, version)
    if any(v.member_id == member_id for v in votes(s, row.id)):
        raise NotPermitted(_("you have already decided this request"))
    vote = ApprovalVote(id=vault.next_id("approval_votes"), approval_id=row.id, member_id=member_id,
                        decision="approve" if approve else "deny", at=now)
    vote.comment = _text("comment", comment, MAX_COMMENT) or None
    s.add(vote)
    if not approve:
        row.status, row.decided_at = DENIED, now
    else:
        approved = {v.member_id for v in votes(s, row.id) if v.decision == "approve"} | {member_id}
        if row.mode == ANY or approved >= set(approver_ids(row)):
            row.status, row.decided_at = APPROVED, now
    row.version += 1
    return row


def cancel(s: Session, approval_id: int, member_id: int, version: int, now: datetime) -> Approval:
    """The requester withdraws a pending request."""
    row = get(s, approval_id)
    if member_id != row.requested_by:
        raise NotPermitted(_("only the member who asked can cancel a request"))
    if row.status != PENDING or now >= row.expires_at:
        raise NotPermitted(_("this request is no longer awaiting a decision"))
    roles.check_version("approval", row.id, row.version, version)
    row.status, row.decided_at, row.version = CANCELLED, now, row.version + 1
    return row


def visible_to(s: Session, member_id: int, status: str | None = None) -> list[Approval]:
    """The requests a member may see: their own and those they are asked to decide (newest first)."""
    query = select(Approval).order_by(Approval.id.desc())
    if status is not None:
        query = query.where(Approval.status == status)
    return [r for r in s.scalars(query) if r.requested_by == member_id or member_id in approver_ids(r)]


def pending_for(s: Session, member_id: int, now: datetime) -> list[Approval]:
    """The requests still awaiting this member's vote (unexpired, not yet voted on by them)."""
    voted = set(s.scalars(select(ApprovalVote.approval_id).where(ApprovalVote.member_id == member_id)))
    return [r for r in visible_to(s, member_id, PENDING)
            if member_id in approver_ids(r) and r.id not in voted and now < r.expires_at]


# --- who must approve --------------------------------------------------------------------------------


def holders(s: Session, account: Account) -> tuple[int, int | None]:
    """An account's holder and its joint holder (None when held alone)."""
    joint = s.scalars(select(JointHolder).where(JointHolder.account_id == account.id)).first()
    return account.member_id, joint.member_id if joint is not None else None


def approvers_for_transfer(
    s: Session, member_id: int, account_id: int, amount: Decimal, currency: str, payee_is_new: bool
) -> Policy | None:
    """Who must approve ``member_id`` sending ``amount`` from ``account_id``, or None when nobody."""
    sender = roles.member(s, member_id)
    if roles.is_viewer(sender):
        raise NotPermitted(_("a viewer never moves money"))
    account = s.get(Account, account_id)
    if account is None:
        raise NotFound("account", account_id)
    holder, joint = holders(s, account)
    if member_id not in (holder, joint):
        raise NotPermitted(_("only the account's holders send money from it"))
    code = roles.currency(currency)
    value = roles.amount("amount", amount, code)
    if roles.is_minor(sender):
        allowance = s.scalars(select(Allowance).where(Allowance.member_id == member_id)).first()
        limit = allowance.approval_limit if allowance is not None else None
        same_currency = allowance is not None and allowance.currency == code
        if payee_is_new or limit is None or not same_currency or value > limit:
            found = tuple(roles.guardians(s))
            if not found:
                raise NotPermitted(_("this transfer needs a guardian's approval and the household has no guardian"))
            return ANY, found
        return None
    if joint is not None:
        row = s.scalars(select(JointHolder).where(JointHolder.account_id == account.id)).one()
        threshold = row.threshold
        if code != account.currency or threshold is None or value > threshold:
            other = joint if member_id == holder else holder
            return ALL, (other,)
    return None


def approvers_for_rule(s: Session, author_id: int, affected_member_ids: Iterable[int]) -> Policy | None:
    """Who must consent to a rule by ``author_id`` moving these members' money, or None when nobody."""
    author = roles.member(s, author_id)
    if roles.is_viewer(author):
        raise NotPermitted(_("a viewer never moves money"))
    needed: list[int] = []
    for ident in dict.fromkeys(affected_member_ids):
        if ident == author_id:
            continue
        m = roles.member(s, ident)
        if roles.is_viewer(m):
            raise NotPermitted(_("a rule never moves a viewer's money"))
        if roles.is_minor(m):
            if not roles.is_guardian(author):
                raise NotPermitted(_("only a guardian writes a rule that moves a minor's money"))
            continue  # the guardian's own authority over the minor's money
        needed.append(ident)
    return (ALL, tuple(needed)) if needed else None
