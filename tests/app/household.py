"""A small household built through the services, shared by several tests."""

from __future__ import annotations

from decimal import Decimal

from app.ledger.records import AccountInput, MemberInput, PlatformInput
from app.services import AppServices

SECRETS = ("张三", "招商银行工资卡", "6225880123456789", "房租")


def populate(svc: AppServices) -> dict[str, int]:
    """张三 with a CMB Class I salary card (memo 房租), a Class II e-account and an Alipay balance."""
    svc.add_member(MemberInput(name="张三", real_name="张三", id_number="11010519491231002X"))
    svc.add_member(MemberInput(name="李四", role="adult"))
    _c, bank = svc.add_platform(PlatformInput(name="招商银行", kind="bank", legal_entity="招商银行股份有限公司"))
    _c, wallet = svc.add_platform(PlatformInput(name="支付宝", kind="payment_wallet"))
    svc.add_account(AccountInput(member_id=1, platform_id=bank, kind="debit_card", name="招商银行工资卡",
                                 number="6225880123456789", bank_class="I", note="房租", balance=Decimal("8888.88")))
    svc.add_account(AccountInput(member_id=1, platform_id=bank, kind="debit_card", name="电子账户",
                                 number="6214830000001111", bank_class="II", bound_account_id=1,
                                 balance=Decimal("1000.00")))
    svc.add_account(AccountInput(member_id=2, platform_id=wallet, kind="wallet_balance", name="余额",
                                 payment_class="III", balance=Decimal("250.50")))
    return {"bank": bank, "wallet": wallet}
