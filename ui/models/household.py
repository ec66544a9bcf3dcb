"""What the Household page shows, read on a worker: members, the accounts the acting member sees, grants."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.ledger.records import Grant, HouseholdMember
from app.services import AppServices

GRANT_LEVELS = ("hidden", "balance", "transactions")  # least to most


@dataclass(frozen=True)
class SharedAccount:
    """A row of the grants matrix: an account the acting member sees, and its holder."""

    id: int
    name: str
    holder_id: int


@dataclass
class HouseholdSnapshot:
    member_id: int | None  # who acts (None: a vault whose members have no keys yet)
    members: list[HouseholdMember] = field(default_factory=list)
    accounts: list[SharedAccount] = field(default_factory=list)
    grants: dict[tuple[int, int], str] = field(default_factory=dict)  # (account, member) -> grant

    @property
    def keyed(self) -> bool:
        """Whether members unlock as themselves (before that there is nothing to share or invite)."""
        return any(m.has_keys for m in self.members)

    @property
    def you(self) -> HouseholdMember | None:
        return next((m for m in self.members if m.is_you), None)

    def member(self, member_id: int) -> HouseholdMember | None:
        return next((m for m in self.members if m.id == member_id), None)

    def grant(self, account_id: int, member_id: int) -> str:
        return self.grants.get((account_id, member_id), "hidden")


def load_household(services: AppServices) -> HouseholdSnapshot:
    """Everything the page needs in one read (runs on a worker)."""
    members = services.household()
    grants: list[Grant] = services.grants() if any(m.has_keys for m in members) else []
    seen = {g.account_id for g in grants}
    accounts = [
        SharedAccount(a.id, a.name, a.member_id) for a in services.accounts() if a.id in seen or not grants
    ]
    return HouseholdSnapshot(
        member_id=services.member_id,
        members=members,
        accounts=accounts,
        grants={(g.account_id, g.member_id): g.grant for g in grants},
    )
