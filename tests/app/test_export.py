"""Exports: the Beancount file passes bean-check; the CSV round-trips the exact amounts."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

from beancount import loader

from app.ledger.export import beancount, csv_text
from app.ledger.filters import TransactionFilter
from app.ledger.records import AccountInput
from app.ledger.transactions import TransactionInput
from app.services import AppServices
from tests.app.household import populate


def test_beancount_export_passes_bean_check(services: AppServices, tmp_path: Path) -> None:
    populate(services)
    _c, card_platform = services.add_platform(__import__("app.ledger.records", fromlist=["PlatformInput"])
                                              .PlatformInput(name="银行B", kind="bank", legal_entity="乙银行"))
    services.add_account(AccountInput(member_id=1, platform_id=card_platform, kind="credit_card", name="信用卡",
                                      credit_limit=Decimal("20000"), statement_day=5, due_day=25))
    services.add_transactions(1, [
        TransactionInput(date(2026, 1, 10), Decimal("15000.00"), counterparty="公司", memo='工资 "一月"',
                         category="salary", external_id="S1"),
        TransactionInput(date(2026, 1, 12), Decimal("-3000.00"), counterparty="房东", category="rent"),
        TransactionInput(date(2026, 1, 25), Decimal("-1200.50"), counterparty="乙银行", category="repayment",
                         own_transfer_ref="R1"),
    ])
    services.add_transactions(4, [TransactionInput(date(2026, 1, 25), Decimal("1200.50"), counterparty="还款",
                                                   own_transfer_ref="R1"),
                                  TransactionInput(date(2026, 1, 20), Decimal("-66.60"), counterparty="外卖",
                                                   status="pending")])
    accounts = services.accounts()
    rows = services.find_transactions(TransactionFilter())
    text = beancount(accounts, rows, {p.id: p.name for p in services.platforms()},
                     {m.id: m.name for m in services.members()})
    path = tmp_path / "books.beancount"
    path.write_text(text, encoding="utf-8")
    entries, errors, _options = loader.load_file(str(path))
    assert errors == [], [e.message for e in errors]
    txns = [e for e in entries if type(e).__name__ == "Transaction"]
    assert len(txns) == 4  # the repayment's two legs are one transaction
    repayment = next(t for t in txns if len(t.postings) == 2 and t.postings[0].account.startswith(("Assets:Bank",
                                                                                                   "Liabilities")))
    assert {p.account.split(":")[0] for p in repayment.postings} <= {"Assets", "Liabilities", "Expenses", "Income"}
    assert "Income:Salary" in text and "Expenses:Rent" in text and 'name: "招商银行工资卡"' in text


def test_csv_export_keeps_exact_amounts(services: AppServices) -> None:
    populate(services)
    services.add_transactions(1, [TransactionInput(date(2026, 1, 5), Decimal("-35.50"), counterparty="盒马")])
    text = csv_text(services.accounts(), services.find_transactions(TransactionFilter()))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows == [{"date": "2026-01-05", "account_id": "1", "account": "招商银行工资卡", "currency": "CNY",
                     "amount": "-35.50", "direction": "out", "status": "booked", "counterparty": "盒马", "memo": "",
                     "description": "", "category": "", "external_id": ""}]
