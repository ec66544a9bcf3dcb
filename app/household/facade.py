"""``HouseholdFacade``: the household's decisions as ``AppServices`` offers them (a mixin it inherits).

It relies on three attributes of the class it is mixed into: ``unit`` (the unit of work: writes and
their audit events land together), ``vault`` and ``member_id`` (the member acting: every check here is
about them). Each write is audited with ids, kinds and statuses only, never an amount, name or note.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app import clock
from app.errors import NotPermitted, TamperedRecord
from app.household import allowances, family, joint, roles
from app.household import approvals as approval_rules
from app.household.views import (
    AllowanceView,
    ApprovalView,
    FamilyLinkView,
    JointChange,
    JointHolderView,
    VoteView,
)
from app.i18n import _
from app.vault.schema import Account, Allowance, Approval, FamilyLink, JointHolder

if TYPE_CHECKING:
    from app.unit_of_work import UnitOfWork
    from app.vault.store import Vault

__all__ = ["AllowanceView", "ApprovalView", "FamilyLinkView", "HouseholdFacade", "JointChange", "JointHolderView",
           "VoteView"]


def approval_view(s: Session, row: Approval, member_id: int, now: datetime) -> ApprovalView:
    status = approval_rules.EXPIRED if row.status == approval_rules.PENDING and now >= row.expires_at else row.status
    votes: list[VoteView] = []
    damaged = ""
    summary, amount, currency = "", None, None
    try:
        summary, amount, currency = row.summary or "", row.amount, row.currency
    except TamperedRecord as exc:
        damaged = str(exc)
    for v in approval_rules.votes(s, row.id):
        try:
            comment = v.comment or ""
        except TamperedRecord as exc:
            comment, damaged = "", damaged or str(exc)
        votes.append(VoteView(v.member_id, v.decision, v.at, comment))
    ids = approval_rules.approver_ids(row)
    awaiting = status == approval_rules.PENDING and member_id in ids and all(v.member_id != member_id for v in votes)
    return ApprovalView(
        id=row.id, kind=row.kind, status=status, requested_by=row.requested_by, mode=row.mode, approvers=ids,
        created_at=row.created_at, expires_at=row.expires_at, decided_at=row.decided_at, version=row.version,
        subject_type=row.subject_type, subject_id=row.subject_id, summary=summary, amount=amount, currency=currency,
        votes=tuple(votes), awaiting_me=awaiting, damaged=damaged)


def link_view(row: FamilyLink) -> FamilyLinkView:
    note, damaged = "", ""
    try:
        note = row.note or ""
    except TamperedRecord as exc:
        damaged = str(exc)
    return FamilyLinkView(
        id=row.id, account_id=row.account_id, holder_id=row.holder_id, member_id=row.member_id,
        proposed_by=row.proposed_by, status=row.status, holder_confirmed=row.holder_confirmed_at is not None,
        member_confirmed=row.member_confirmed_at is not None, created_at=row.created_at, decided_at=row.decided_at,
        version=row.version, note=note, damaged=damaged)


def allowance_view(row: Allowance) -> AllowanceView:
    try:
        return AllowanceView(member_id=row.member_id, weekly_amount=row.weekly_amount or Decimal(0),
                             currency=row.currency or "", approval_limit=row.approval_limit or Decimal(0),
                             platform_caps=allowances.caps_of(row), set_by=row.set_by, set_at=row.set_at,
                             version=row.version)
    except TamperedRecord as exc:
        return AllowanceView(member_id=row.member_id, weekly_amount=Decimal(0), currency="",
                             approval_limit=Decimal(0), set_by=row.set_by, set_at=row.set_at, version=row.version,
                             damaged=str(exc))


def joint_view(s: Session, row: JointHolder) -> JointHolderView:
    acc = joint.account(s, row.account_id)
    threshold, damaged = None, ""
    try:
        threshold = row.threshold
    except TamperedRecord as exc:
        damaged = str(exc)
    return JointHolderView(account_id=row.account_id, holder_id=acc.member_id, member_id=row.member_id,
                           threshold=threshold, currency=acc.currency, set_by=row.set_by, set_at=row.set_at,
                           version=row.version, damaged=damaged)


class HouseholdFacade:
    """Approvals, family payees, allowances and joint holders, acting as ``self.member_id``."""

    unit: UnitOfWork
    vault: Vault
    @property
    def member_id(self) -> int | None:  # the member who unlocked (AppServices gives it)
        raise NotImplementedError

    # --- who acts ---------------------------------------------------------------------------------

    def _acting(self) -> int:
        member_id = getattr(self, "member_id", None)
        if member_id is None:
            raise NotPermitted(_("no member is acting: unlock the vault as a member of the household first"))
        return int(member_id)

    # --- approvals --------------------------------------------------------------------------------

    def request_approval(
        self,
        kind: str,
        approvers: Sequence[int],
        mode: str = approval_rules.ANY,
        expires_in: timedelta = approval_rules.DEFAULT_EXPIRY,
        summary: str = "",
        amount: Decimal | None = None,
        currency: str | None = None,
        subject_type: str = "",
        subject_id: int | None = None,
    ) -> ApprovalView:
        """Ask the listed members to decide something (all of them, or any one)."""
        me, now = self._acting(), clock.utcnow()
        with self.unit.write() as s:
            row = approval_rules.request(s, self.vault, kind=kind, requested_by=me, approvers=approvers, mode=mode,
                                    now=now, expires_in=expires_in, summary=summary, amount=amount,
                                    currency=currency, subject_type=subject_type, subject_id=subject_id)
            s.flush()
            self._record_request(s, row, me)
            return approval_view(s, row, me, now)

    def _record_request(self, s: Session, row: Approval, me: int) -> None:
        self.unit.record(s, "approval.requested", "approval", row.id, member=me, kind=row.kind, mode=row.mode,
                         approvers=list(approval_rules.approver_ids(row)), about=row.subject_type or None,
                         about_id=row.subject_id, expires_at=row.expires_at.isoformat())

    def approvals(self, status: str | None = None) -> list[ApprovalView]:
        """The acting member's own requests and those they are asked to decide, newest first."""
        me, now = self._acting(), clock.utcnow()
        with self.unit.reader() as s:
            rows = approval_rules.visible_to(s, me)
            views = [approval_view(s, r, me, now) for r in rows]
        return [v for v in views if status is None or v.status == status]

    def pending_approvals(self) -> list[ApprovalView]:
        """The requests still awaiting the acting member's decision."""
        me, now = self._acting(), clock.utcnow()
        with self.unit.reader() as s:
            return [approval_view(s, r, me, now) for r in approval_rules.pending_for(s, me, now)]

    def approval(self, approval_id: int) -> ApprovalView:
        me, now = self._acting(), clock.utcnow()
        with self.unit.reader() as s:
            row = approval_rules.get(s, approval_id)
            if row.requested_by != me and me not in approval_rules.approver_ids(row):
                raise NotPermitted(_("this request is neither yours nor yours to decide"))
            return approval_view(s, row, me, now)

    def approve(self, approval_id: int, version: int, comment: str = "") -> ApprovalView:
        """Approve a request; it is approved once every listed member has (mode all) or one has (any)."""
        return self._decide(approval_id, version, True, comment)

    def deny(self, approval_id: int, version: int, comment: str = "") -> ApprovalView:
        """Deny a request: the first denial ends it."""
        return self._decide(approval_id, version, False, comment)

    def _decide(self, approval_id: int, version: int, approve: bool, comment: str) -> ApprovalView:
        me, now = self._acting(), clock.utcnow()
        self._expire(approval_id, now)
        with self.unit.write() as s:
            row = approval_rules.decide(s, self.vault, approval_id, me, approve, version, now, comment)
            self.unit.record(s, "approval.voted", "approval", row.id, member=me,
                             decision="approve" if approve else "deny", status=row.status, version=row.version)
            if row.status == approval_rules.APPROVED and row.kind == "joint_account":
                holding = joint.apply_approved(s, self.vault, row, now)
                s.flush()
                self.unit.record(s, "joint_holder.changed" if holding else "joint_holder.ended", "account",
                                 row.subject_id or 0, member=row.requested_by, approval=row.id)
            return approval_view(s, row, me, now)

    def _expire(self, approval_id: int, now: datetime) -> None:
        """Persist the expiry of a request past its time before anything is decided on it."""
        with self.unit.write() as s:
            row = approval_rules.get(s, approval_id)
            if approval_rules.expire(row, now):
                self.unit.record(s, "approval.expired", "approval", row.id, status=row.status)

    def cancel_approval(self, approval_id: int, version: int) -> ApprovalView:
        """Withdraw one's own pending request."""
        me, now = self._acting(), clock.utcnow()
        self._expire(approval_id, now)
        with self.unit.write() as s:
            row = approval_rules.cancel(s, approval_id, me, version, now)
            self.unit.record(s, "approval.cancelled", "approval", row.id, member=me, status=row.status)
            return approval_view(s, row, me, now)

    def expire_approvals(self) -> list[int]:
        """Mark every request past its time as expired (the scheduler's tick); returns their ids."""
        with self.unit.write() as s:
            expired = approval_rules.expire_due(s, clock.utcnow())
            for row in expired:
                self.unit.record(s, "approval.expired", "approval", row.id, status=row.status)
            return [row.id for row in expired]

    def approvers_for_transfer(self, account_id: int, amount: Decimal, currency: str,
                               payee_is_new: bool) -> approval_rules.Policy | None:
        """Who must approve the acting member's transfer (mode and member ids), or None."""
        me = self._acting()
        with self.unit.reader() as s:
            return approval_rules.approvers_for_transfer(s, me, account_id, amount, currency, payee_is_new)

    def approvers_for_rule(self, affected_member_ids: Iterable[int]) -> approval_rules.Policy | None:
        """Who must consent to the acting member's rule moving these members' money, or None."""
        me = self._acting()
        with self.unit.reader() as s:
            return approval_rules.approvers_for_rule(s, me, affected_member_ids)

    # --- family payees ----------------------------------------------------------------------------

    def propose_family_link(self, account_id: int, member_id: int, note: str = "") -> FamilyLinkView:
        """Offer an account to a member as a family payee (the proposer's side is confirmed)."""
        me, now = self._acting(), clock.utcnow()
        with self.unit.write() as s:
            row = family.propose(s, self.vault, account_id=account_id, member_id=member_id, proposed_by=me,
                                 now=now, note=note)
            s.flush()
            self.unit.record(s, "family_link.proposed", "family_link", row.id, member=me, account=account_id,
                             payee_member=member_id, status=row.status)
            return link_view(row)

    def confirm_family_link(self, link_id: int, version: int) -> FamilyLinkView:
        return self._link_step(family.confirm, "family_link.confirmed", link_id, version)

    def decline_family_link(self, link_id: int, version: int) -> FamilyLinkView:
        return self._link_step(family.decline, "family_link.declined", link_id, version)

    def remove_family_link(self, link_id: int, version: int) -> FamilyLinkView:
        return self._link_step(family.remove, "family_link.removed", link_id, version)

    def _link_step(self, step: family.Step, event: str, link_id: int, version: int) -> FamilyLinkView:
        me, now = self._acting(), clock.utcnow()
        with self.unit.write() as s:
            row = step(s, link_id, me, version, now)
            self.unit.record(s, event, "family_link", row.id, member=me, status=row.status)
            return link_view(row)

    def family_links(self) -> list[FamilyLinkView]:
        """The links the acting member is part of (every link, for a guardian)."""
        me = self._acting()
        with self.unit.reader() as s:
            return [link_view(r) for r in family.visible_to(s, me)]

    def family_payees(self) -> list[FamilyLinkView]:
        """The confirmed links offering accounts to the acting member."""
        me = self._acting()
        with self.unit.reader() as s:
            return [link_view(r) for r in family.family_payees(s, me)]

    # --- allowances -------------------------------------------------------------------------------

    def set_allowance(self, member_id: int, weekly_amount: Decimal, currency: str, approval_limit: Decimal,
                      platform_caps: Mapping[int, Decimal] | None = None, version: int = 0) -> AllowanceView:
        """Set a minor's allowance (a guardian only; ``version`` 0 for the first one)."""
        me, now = self._acting(), clock.utcnow()
        with self.unit.write() as s:
            row, changed = allowances.set_allowance(
                s, self.vault, member_id=member_id, set_by=me, weekly_amount=weekly_amount, currency=currency,
                approval_limit=approval_limit, platform_caps=platform_caps, version=version, now=now)
            s.flush()
            if changed:
                self.unit.record(s, "allowance.set", "member", member_id, member=me, fields=changed,
                                 version=row.version)
            return allowance_view(row)

    def allowance(self, member_id: int) -> AllowanceView | None:
        """A minor's allowance (a guardian, or the minor themselves), None when none is set."""
        me = self._acting()
        with self.unit.reader() as s:
            row = allowances.read(s, member_id, me)
            return allowance_view(row) if row is not None else None

    # --- joint holders ----------------------------------------------------------------------------

    def set_joint_holders(self, account_id: int, member_id: int, threshold: Decimal, version: int = 0,
                          expires_in: timedelta = approval_rules.DEFAULT_EXPIRY) -> JointChange:
        """Hold an account jointly with ``member_id``: transfers above ``threshold`` need both. Tightening
        applies at once; loosening (a higher threshold, another second holder) asks the other holder."""
        return self._joint(account_id, member_id, threshold, version, expires_in)

    def end_joint_holding(self, account_id: int, version: int,
                          expires_in: timedelta = approval_rules.DEFAULT_EXPIRY) -> JointChange:
        """Ask the other holder to agree that the account is held alone again."""
        return self._joint(account_id, None, None, version, expires_in)

    def _joint(self, account_id: int, member_id: int | None, threshold: Decimal | None, version: int,
               expires_in: timedelta) -> JointChange:
        me, now = self._acting(), clock.utcnow()
        with self.unit.write() as s:
            row, loosens = joint.plan(s, account_id=account_id, member_id=member_id, threshold=threshold, acting=me,
                                      version=version)
            if loosens and row is not None:
                acc = s.get(Account, account_id)
                assert acc is not None
                other = row.member_id if me == acc.member_id else acc.member_id
                request = approval_rules.request(
                    s, self.vault, kind="joint_account", requested_by=me, approvers=[other], mode=approval_rules.ALL,
                    now=now, expires_in=expires_in, subject_type="account", subject_id=account_id,
                    amount=threshold, currency=acc.currency if threshold is not None else None,
                    proposal=joint.proposal(account_id, member_id, threshold))
                s.flush()
                self._record_request(s, request, me)
                return JointChange(approval=approval_view(s, request, me, now))
            holding = joint.apply(s, self.vault, account_id=account_id, member_id=member_id, threshold=threshold,
                                  acting=me, now=now)
            s.flush()
            self.unit.record(s, "joint_holder.changed", "account", account_id, member=me,
                             second_holder=member_id)
            return JointChange(holding=joint_view(s, holding) if holding is not None else None)

    def joint_holders(self, account_id: int) -> JointHolderView | None:
        """Who holds an account jointly, or None when it is held alone."""
        self._acting()
        with self.unit.reader() as s:
            joint.account(s, account_id)
            row = joint.find(s, account_id)
            return joint_view(s, row) if row is not None else None


# ``roles`` is part of what callers of this facade may need (who is a guardian, a minor).
__all__ += ["roles"]
