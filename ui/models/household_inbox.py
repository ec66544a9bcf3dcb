"""What the household's inbox shows, read on a worker: approvals, family payees, allowances, activity.

The household's views (approvals, links, allowances) come back from ``AppServices`` as plain frozen
records; they are kept here as returned (``Any``), the window never imports ``app.household``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.errors import HuiliuError
from app.ledger.records import AccountView, Activity, HouseholdMember, PlatformView
from app.ledger.vocabulary import GUARDIAN_ROLES, MINOR_ROLES
from app.services import AppServices

ACTIVITY_LIMIT = 50


@dataclass
class InboxSnapshot:
    member_id: int | None
    members: list[HouseholdMember] = field(default_factory=list)
    approvals: list[Any] = field(default_factory=list)  # ApprovalView, in the order the inbox shows them
    links: list[Any] = field(default_factory=list)  # FamilyLinkView
    allowances: dict[int, Any] = field(default_factory=dict)  # minor's id -> AllowanceView | None (none set)
    accounts: list[AccountView] = field(default_factory=list)
    platforms: list[PlatformView] = field(default_factory=list)
    activity: list[Activity] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # a part that could not be read, in words

    @property
    def you(self) -> HouseholdMember | None:
        return next((m for m in self.members if m.is_you), None)

    @property
    def guardian(self) -> bool:
        you = self.you
        return you is not None and you.role in GUARDIAN_ROLES

    @property
    def awaiting(self) -> int:
        """How many requests wait for the acting member's decision."""
        return sum(1 for a in self.approvals if a.awaiting_me)

    def member(self, member_id: int | None) -> HouseholdMember | None:
        return next((m for m in self.members if m.id == member_id), None)

    def account(self, account_id: int | None) -> AccountView | None:
        return next((a for a in self.accounts if a.id == account_id), None)

    def approval(self, approval_id: int) -> Any:
        return next((a for a in self.approvals if a.id == approval_id), None)

    def link(self, link_id: int) -> Any:
        return next((lk for lk in self.links if lk.id == link_id), None)

    def minors(self) -> list[HouseholdMember]:
        return [m for m in self.members if m.role in MINOR_ROLES]

    def guardians(self) -> list[HouseholdMember]:
        return [m for m in self.members if m.role in GUARDIAN_ROLES]


def inbox_order(approvals: list[Any], me: int | None) -> list[Any]:
    """Awaiting my decision first, then my own pending requests, then every other one; newest first within."""

    def group(a: Any) -> int:
        if a.awaiting_me:
            return 0
        if a.status == "pending" and a.requested_by == me:
            return 1
        if a.status == "pending":
            return 2  # decided by me, still waiting for someone else
        return 3

    return sorted(approvals, key=lambda a: (group(a), -a.id))


def load_inbox(services: AppServices) -> InboxSnapshot:
    """Everything the inbox tabs need in one read (runs on a worker); a part refused is left empty."""
    snapshot = InboxSnapshot(member_id=services.member_id, members=services.household())
    snapshot.accounts = services.accounts()
    snapshot.platforms = services.platforms()
    if snapshot.member_id is None:
        return snapshot  # nobody acts as themselves yet: no requests, links or allowances
    try:
        snapshot.approvals = inbox_order(services.approvals(), snapshot.member_id)
    except HuiliuError as exc:
        snapshot.problems.append(str(exc))
    try:
        snapshot.links = services.family_links()
    except HuiliuError as exc:
        snapshot.problems.append(str(exc))
    you = snapshot.you
    for minor in snapshot.minors():
        if you is None or not (you.role in GUARDIAN_ROLES or you.id == minor.id):
            continue  # only a guardian, or the minor themselves, sees an allowance
        try:
            snapshot.allowances[minor.id] = services.allowance(minor.id)
        except HuiliuError as exc:
            snapshot.problems.append(str(exc))
    try:
        snapshot.activity = services.activity(ACTIVITY_LIMIT)
    except HuiliuError as exc:
        snapshot.problems.append(str(exc))
    return snapshot
