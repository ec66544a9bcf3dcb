"""A household of five for the household's decisions: an owner, an adult, a teenager, a child, a viewer.

``Home`` lets a test say who acts (``act``) without unlocking as each member in turn: the rules of
approvals, links and allowances are about who acts, not about the keys (test_household_keys covers
unlocking as oneself).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app.ledger.records import AccountInput, MemberInput, PlatformInput
from app.services import AppServices
from app.vault.keys import FAST_KDF
from app.vault.schema import AuditEvent, Member
from tests.conftest import PASSPHRASE

MOM, DAD, TEEN, CHILD, GRANNY = 1, 2, 3, 4, 5
MOM_CARD, DAD_WALLET, TEEN_WALLET, CHILD_WALLET, MOM_USD = 1, 2, 3, 4, 5
# What must never reach the audit log: names, the summary, notes, comments, amounts.
SECRETS = ("妈妈", "爸爸", "小明", "小红", "奶奶", "自行车", "零花钱", "学费", "1234.56", "88.80", "500.00")


class Home(AppServices):
    """The app's facade with the household's decisions, acting as ``member_id``."""

    member_id: int | None = None

    def act(self, member_id: int) -> Home:
        self.member_id = member_id
        return self


def build(svc: Home) -> None:
    for name, role in (("妈妈", "adult"), ("爸爸", "adult"), ("小明", "teen"), ("小红", "child"), ("奶奶", "adult")):
        svc.add_member(MemberInput(name=name, role=role))
    with svc.unit.write() as s:  # the roles the other half of issue 11 adds to the member dialog
        mom, granny = s.get(Member, MOM), s.get(Member, GRANNY)
        assert mom is not None and granny is not None
        mom.role, granny.role = "owner", "viewer"
    _c, bank = svc.add_platform(PlatformInput(name="招商银行", kind="bank", legal_entity="招商银行股份有限公司"))
    _c, wallet = svc.add_platform(PlatformInput(name="支付宝", kind="payment_wallet"))
    svc.add_account(AccountInput(member_id=MOM, platform_id=bank, kind="debit_card", name="妈妈工资卡",
                                 bank_class="I", balance=Decimal("20000.00")))
    svc.add_account(AccountInput(member_id=DAD, platform_id=wallet, kind="wallet_balance", name="爸爸余额",
                                 payment_class="II", balance=Decimal("800.00")))
    svc.add_account(AccountInput(member_id=TEEN, platform_id=wallet, kind="wallet_balance", name="小明余额",
                                 payment_class="III", balance=Decimal("300.00")))
    svc.add_account(AccountInput(member_id=CHILD, platform_id=wallet, kind="wallet_balance", name="小红余额",
                                 payment_class="III", balance=Decimal("50.00")))
    svc.add_account(AccountInput(member_id=MOM, platform_id=bank, kind="fx_account", name="美元户", currency="USD",
                                 balance=Decimal("100.00")))


@pytest.fixture
def home(vault_dir: Path) -> Iterator[Home]:
    svc = Home.create(vault_dir, PASSPHRASE, kdf=FAST_KDF)
    build(svc)
    yield svc
    if svc.is_open:
        svc.close()


def events(svc: AppServices, prefix: str) -> list[tuple[str, str]]:
    with svc.vault.reader() as s:
        rows = s.scalars(select(AuditEvent).where(AuditEvent.kind.startswith(prefix)).order_by(AuditEvent.idx))
        return [(e.kind, e.body) for e in rows]


def assert_no_secrets(svc: AppServices) -> None:
    """The audit log verifies, and no event body holds a name, note, comment or amount."""
    assert svc.verify_audit().ok
    with svc.vault.reader() as s:
        bodies = [e.body for e in s.scalars(select(AuditEvent))]
    leaked = [(secret, body) for body in bodies for secret in SECRETS if secret in body]
    assert not leaked, leaked
