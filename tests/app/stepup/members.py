"""Members of a real vault as step-up sees them: unlocked as themselves, with their own keys."""

from __future__ import annotations

from app.policy.stepup.base import Member
from app.services import AppServices
from app.vault.schema import MemberKeyringRow

LI_SI_SECRET = "李四自己的一句长密码"


def member_of(svc: AppServices) -> Member:
    """The member ``svc`` is unlocked as, with their key pair and ``svc``'s unit of work."""
    member_id = svc.member_id
    assert member_id is not None
    with svc.vault.reader() as s:
        ring = s.get(MemberKeyringRow, member_id)
        assert ring is not None
        public = ring.public_key
    return Member(member_id, public, svc.vault.private_key, svc.unit.reader, svc.unit.write, svc.vault.next_id)
