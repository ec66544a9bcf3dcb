"""Members of a real vault as step-up sees them: unlocked as themselves, with their own keys."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.policy.stepup.base import Member
from app.services import AppServices
from app.vault.schema import MemberKeyringRow
from tests.app.household import populate

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


@pytest.fixture
def household(services: AppServices) -> AppServices:
    """张三 (member 1, the owner, unlocked) and 李四 (member 2, with a passphrase of their own)."""
    populate(services)
    services.set_member_secret(2, LI_SI_SECRET)
    return services


@pytest.fixture
def li_si(household: AppServices, vault_dir: Path) -> Iterator[AppServices]:
    """The same vault, opened by 李四 as themselves (the owner's copy is closed first)."""
    household.close()
    li = AppServices.open(vault_dir, LI_SI_SECRET, member_id=2)
    yield li
    if li.is_open:
        li.close()
