"""A small household as the policy sees it, for tests that go through FactsIndex and build_facts."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from app.policy.facts import SHANGHAI, AccountInfo, PayeeInfo, TransferIntent

ME, SPOUSE = b"holder-1", b"holder-2"
USED = datetime(2026, 11, 30, 9, 0, tzinfo=SHANGHAI)  # a few days before the tests' "now"
BANK_A, BANK_B, PAY, ECNY = b"bank-a", b"bank-b", b"pay", b"ecny"

ACCOUNTS = {
    1: AccountInfo(1, 1, "debit_card", 10, "bank", holder_fp=ME, entity_fp=BANK_A, bank_class="II",
                   bound_account_id=2, balance=Decimal("900000.00"), opened_on=date(2020, 1, 1), last_used_at=USED),
    2: AccountInfo(2, 1, "debit_card", 10, "bank", holder_fp=ME, entity_fp=BANK_A, bank_class="I",
                   balance=Decimal("900000.00"), opened_on=date(2020, 1, 1), last_used_at=USED),
    3: AccountInfo(3, 1, "wallet_balance", 20, "payment_wallet", holder_fp=ME, entity_fp=PAY, payment_class="III",
                   balance=Decimal("900000.00"), opened_on=date(2020, 1, 1), last_used_at=USED),
    4: AccountInfo(4, 1, "debit_card", 10, "bank", holder_fp=ME, entity_fp=BANK_A, bank_class="III",
                   bound_account_id=2, balance=Decimal("1500.00"), opened_on=date(2020, 1, 1), last_used_at=USED),
    5: AccountInfo(5, 1, "ecny_wallet", 30, "ecny_wallet", holder_fp=ME, entity_fp=ECNY, ecny_tier=4,
                   ecny_operator="bank-a", balance=Decimal("9000.00"), opened_on=date(2020, 1, 1), last_used_at=USED),
    6: AccountInfo(6, 2, "debit_card", 11, "bank", holder_fp=SPOUSE, entity_fp=BANK_B, bank_class="I",
                   balance=Decimal("100.00"), opened_on=date(2020, 1, 1), last_used_at=USED),
    8: AccountInfo(8, 1, "wallet_balance", 21, "payment_wallet", holder_fp=ME, entity_fp=b"pay-2", payment_class="II",
                   balance=Decimal("900000.00"), opened_on=date(2020, 1, 1), last_used_at=USED),
    7: AccountInfo(7, 1, "debit_card", 11, "bank", holder_fp=ME, entity_fp=BANK_B, bank_class="I",
                   balance=Decimal("100.00"), opened_on=date(2020, 1, 1), last_used_at=USED),
}


def payee(now: datetime, hours_old: int = 48, **kw: object) -> PayeeInfo:
    return PayeeInfo(9, added_at=now - timedelta(hours=hours_old), holder_fp=b"stranger", entity_fp=BANK_B,
                     platform_id=12, **kw)  # type: ignore[arg-type]


def intent(now: datetime, amount: str, from_account: int = 1, **kw: object) -> TransferIntent:
    base: dict[str, object] = dict(from_account_id=from_account, amount=Decimal(amount), member_id=1, memo="rent")
    if "to_account_id" not in kw and "payee" not in kw:
        base["payee"] = payee(now)
    base.update(kw)
    return TransferIntent(**base)  # type: ignore[arg-type]
