"""A transaction's details and corrections (issue 10, §7): where it came from, its paired leg, and its
category, counterparty and memo corrected (sealed, audited) and put back."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.errors import NotFound, ValidationError
from app.ledger.statements import ParsedStatement, StatementRow, StatementSection
from app.services import AppServices
from app.vault.schema import AuditEvent
from tests.app.household import SECRETS, populate


def bill(rows: list[StatementRow]) -> ParsedStatement:
    return ParsedStatement(format="alipay-2023", path="/tmp/支付宝账单.csv", encoding="gb18030",
                           sections=[StatementSection(rows=rows)])


def row(line: int, day: int, amount: str, **kw: object) -> StatementRow:
    value = Decimal(amount)
    return StatementRow(line=line, occurred_at=datetime(2026, 3, day, 12, 0), amount=value, currency="CNY",
                        direction="in" if value > 0 else "out", **kw)  # type: ignore[arg-type]


@pytest.fixture
def imported(services: AppServices) -> AppServices:
    populate(services)
    wallet = bill([row(2, 3, "-25.00", counterparty="肯德基", order_id="A1", category="餐饮美食"),
                   row(3, 10, "500.00", counterparty="招商银行", order_id="T1", transfer_hint="topup")])
    services.commit_import(services.preview_import(wallet, b"w", account_id=3))
    bank = ParsedStatement(format="cmb-csv", path="cmb.csv", encoding="utf-8", sections=[StatementSection(
        rows=[row(2, 11, "-500.00", counterparty="支付宝", transfer_hint="topup")])])
    services.commit_import(services.preview_import(bank, b"b", account_id=1))
    return services


def by_counterparty(services: AppServices, name: str) -> int:
    return next(t.id for t in services.transactions() if t.counterparty == name)


def test_the_detail_says_where_a_row_came_from_and_its_paired_leg(imported: AppServices) -> None:
    kfc = imported.transaction_detail(by_counterparty(imported, "肯德基"))
    assert (kfc.account, kfc.platform, kfc.member, kfc.currency) == ("余额", "支付宝", "李四", "CNY")
    assert (kfc.source, kfc.source_file) == ("import", "/tmp/支付宝账单.csv") and kfc.imported_at is not None
    assert (kfc.view.category, kfc.view.source_category) == ("dining", "餐饮美食")
    topup = imported.transaction_detail(by_counterparty(imported, "招商银行"))
    assert topup.partner is not None and topup.partner.amount == Decimal("-500.00")
    assert topup.partner_account == SECRETS[1]  # 招商银行工资卡
    with pytest.raises(NotFound):
        imported.transaction_detail(99_999)


def test_a_correction_is_sealed_audited_and_can_be_put_back(imported: AppServices) -> None:
    tx = by_counterparty(imported, "肯德基")
    changes, before = imported.edit_transaction(tx, category="groceries", counterparty="  肯德基 人民广场店 ",
                                                memo="和同事午饭")
    assert changes.touches("transactions")
    assert before == {"category": "dining", "counterparty": "肯德基", "memo": ""}
    view = imported.transaction_detail(tx).view
    assert (view.category, view.counterparty, view.memo) == ("groceries", "肯德基 人民广场店", "和同事午饭")
    assert view.source_category == "餐饮美食"  # the source's word stays
    with imported.vault.reader() as s:
        events = [e.body for e in s.scalars(select(AuditEvent).where(AuditEvent.kind == "transaction.edited"))]
    assert events and "memo" in events[-1] and "和同事午饭" not in events[-1]  # fields named, not their texts
    imported.edit_transaction(tx, **before)  # undo
    view = imported.transaction_detail(tx).view
    assert (view.category, view.counterparty, view.memo) == ("dining", "肯德基", "")
    assert imported.check_integrity(full=True).ok
    # a correction does not make the same bill import again
    again = imported.preview_import(bill([row(2, 3, "-25.00", counterparty="肯德基", order_id="A1",
                                              category="餐饮美食")]), b"w2", account_id=3)
    assert again.count("duplicate") == 1


def test_only_the_words_can_be_corrected(imported: AppServices) -> None:
    tx = by_counterparty(imported, "肯德基")
    with pytest.raises(ValidationError):
        imported.edit_transaction(tx, amount="1.00")
    changes, _before = imported.edit_transaction(tx, memo="")
    assert not changes.touches("transactions")  # nothing changed: nothing written
    assert imported.transaction_detail(tx).view.booked_on == date(2026, 3, 3)
