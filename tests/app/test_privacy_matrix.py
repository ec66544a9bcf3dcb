"""Role × grant × operation through AppServices: no call returns what the acting member may not see.

李四 (adult, member 2) holds one account with a secret counterparty and grants it to a reader at each
level; the reader is the owner, a teenager or a viewer. Every read the front ends use is asked as the
reader, and what comes back must match the grant exactly: hidden shows nothing of the account (not
its name, balance, rows, totals, history, search entries, reports or exports), balance shows the
balance and never a row, transactions shows both.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.errors import NotFound
from app.ledger.filters import TransactionFilter
from app.ledger.records import AccountInput, MemberInput, PlatformInput
from app.ledger.transactions import TransactionInput
from app.services import AppServices
from tests.conftest import PASSPHRASE

SECRET_PLACE = "李四的秘密花店"
SECRET_NAME = "李四的私房钱"
SECRET_BALANCE = Decimal("4321.09")
LI_SI = "李四自己的一句长密码"
READERS = {"owner": (1, PASSPHRASE), "teen": (3, "13579246"), "viewer": (4, "viewer passphrase")}
GRANTS = ("hidden", "balance", "transactions")


def build(vault_dir: Path, reader: str, grant: str) -> tuple[int, int]:
    from app.vault.keys import FAST_KDF

    svc = AppServices.create(vault_dir, PASSPHRASE, kdf=FAST_KDF)
    try:
        svc.add_member(MemberInput(name="张三"))
        svc.add_member(MemberInput(name="李四"))
        svc.add_member(MemberInput(name="小雨", role="teen"))
        svc.add_member(MemberInput(name="外婆", role="viewer"))
        _c, wallet = svc.add_platform(PlatformInput(name="支付宝", kind="payment_wallet"))
        svc.add_account(AccountInput(member_id=1, platform_id=wallet, kind="wallet_balance", name="张三余额",
                                     balance=Decimal("100.00")))
        changes = svc.add_account(AccountInput(member_id=2, platform_id=wallet, kind="wallet_balance",
                                               name=SECRET_NAME, balance=SECRET_BALANCE))
        secret_account = next(iter(changes.ids["accounts"]))
        svc.add_transactions(1, [TransactionInput(booked_on=date(2026, 3, 1), amount=Decimal("-20.00"),
                                                  counterparty="瑞幸咖啡")])
        svc.add_transactions(secret_account, [TransactionInput(booked_on=date(2026, 3, 2), amount=Decimal("-66.60"),
                                                               counterparty=SECRET_PLACE)])
        svc.set_member_secret(2, LI_SI)
        svc.set_member_secret(3, READERS["teen"][1], "pin" if READERS["teen"][1].isdigit() else "passphrase")
        svc.set_member_secret(4, READERS["viewer"][1])
    finally:
        svc.close()
    li = AppServices.open(vault_dir, LI_SI, member_id=2)
    try:
        reader_id = READERS[reader][0]
        li.grant(secret_account, reader_id, grant)
        secret_row = next(t.id for t in li.transactions() if t.counterparty == SECRET_PLACE)
    finally:
        li.close()
    return secret_account, secret_row


@pytest.mark.parametrize("grant", GRANTS)
@pytest.mark.parametrize("reader", list(READERS))
def test_every_read_shows_exactly_the_grant(vault_dir: Path, tmp_path: Path, reader: str, grant: str) -> None:
    account, row = build(vault_dir, reader, grant)
    member, secret = READERS[reader]
    svc = AppServices.open(vault_dir, secret, member_id=member)
    try:
        sees_balance = grant != "hidden"
        sees_rows = grant == "transactions"
        names = [a.name for a in svc.accounts()]
        assert (SECRET_NAME in names) is sees_balance
        if sees_balance:
            assert svc.account(account).balance == SECRET_BALANCE
        else:
            with pytest.raises(NotFound):
                svc.account(account)
        total = svc.total(svc.accounts()).amount
        assert (total >= SECRET_BALANCE) is sees_balance, total
        history = svc.balance_history(date(2026, 1, 1))
        assert any(v >= SECRET_BALANCE for _d, v in history) is sees_balance

        counterparties = {t.counterparty for t in svc.transactions(limit=1000)}
        assert (SECRET_PLACE in counterparties) is sees_rows
        assert bool(svc.transactions(account_id=account)) is sees_rows
        found = svc.find_transactions(TransactionFilter(text="秘密"))
        assert bool(found) is sees_rows
        assert (row in svc.transaction_ids(TransactionFilter())) is sees_rows
        assert any(e.account_id == account for e in svc.transaction_index()) is sees_rows
        if sees_rows:
            assert svc.transaction_detail(row).view.counterparty == SECRET_PLACE
        else:
            with pytest.raises(NotFound):
                svc.transaction_detail(row)
        spending = svc.report_csv(svc.report("spending"))
        assert ("66.60" in spending or "86.60" in spending) is sees_rows  # alone, or with 20.00 in one category
        csv_text, _n = svc.export("csv")
        beancount, _n = svc.export("beancount")
        assert (SECRET_PLACE in csv_text) is sees_rows
        assert (SECRET_PLACE in beancount) is sees_rows
        assert (SECRET_NAME in csv_text + beancount) is (sees_rows or (sees_balance and SECRET_NAME in beancount))
        assert svc.check_integrity(full=True).ok
    finally:
        svc.close()


def test_the_viewer_changes_nothing(vault_dir: Path) -> None:
    from app.errors import NotPermitted

    account, _row = build(vault_dir, "viewer", "transactions")
    svc = AppServices.open(vault_dir, READERS["viewer"][1], member_id=4)
    try:
        with pytest.raises(NotPermitted):
            svc.grant(account, 1, "balance")
        with pytest.raises(NotPermitted):
            svc.set_balance(account, Decimal("1.00"))
        with pytest.raises(NotPermitted):
            svc.add_transactions(account, [TransactionInput(booked_on=date(2026, 3, 3), amount=Decimal("-1.00"))])
        with pytest.raises(NotPermitted):
            svc.add_member(MemberInput(name="陌生人"))
        assert svc.check_integrity(full=True).ok and [a.name for a in svc.accounts()] == [SECRET_NAME]
    finally:
        svc.close()
    again = AppServices.open(vault_dir, READERS["viewer"][1], member_id=4)  # unlock and lock still work
    again.close()
