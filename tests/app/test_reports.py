"""Reports over a small handmade household whose every figure is worked out by hand below.

The clock is pinned at 2026-12-04 (tests/conftest.py). Dad has a CNY debit card at Bank A and a USD
account at Bank A; Mum has a CNY wallet at Pay B (and a money-market fund on the same platform) and a EUR
account without any rate.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.errors import ValidationError
from app.ledger.records import AccountInput, MemberInput, PlatformInput
from app.ledger.transactions import TransactionInput
from app.services import (
    AppServices,
    CashFlowBetweenPlatforms,
    IncomeAndSpending,
    NetWorthOverTime,
    ReportFilter,
    SpendingByCategory,
    TransactionFilter,
)

D = Decimal


class Household:
    def __init__(self, services: AppServices) -> None:
        s = services
        s.add_member(MemberInput("Dad"))
        s.add_member(MemberInput("Mum"))
        self.dad, self.mum = (m.id for m in s.members())
        _, bank = s.add_platform(PlatformInput("Bank A", "bank", "Bank A Co., Ltd."))
        _, pay = s.add_platform(PlatformInput("Pay B", "payment_wallet"))
        self.bank, self.pay = bank, pay
        s.add_account(
            AccountInput(self.dad, bank, "debit_card", "Card", bank_class="I", balance=D("10000.00"))
        )
        s.add_account(
            AccountInput(self.dad, bank, "fx_account", "Dollars", currency="USD", balance=D("100.00"))
        )
        s.add_account(
            AccountInput(self.mum, pay, "wallet_balance", "Wallet", payment_class="II", balance=D("500.00"))
        )
        s.add_account(AccountInput(self.mum, pay, "money_market", "Fund", balance=D("2000.00")))
        s.add_account(AccountInput(self.mum, bank, "fx_account", "Euros", currency="EUR", balance=D("50.00")))
        ids = {a.name: a.id for a in s.accounts()}
        self.card, self.usd, self.wallet, self.fund, self.eur = (
            ids[n] for n in ("Card", "Dollars", "Wallet", "Fund", "Euros")
        )
        s.set_rate("USD", "CNY", D("7.1"), as_of=date(2026, 12, 1))

        def tx(
            day: str,
            amount: str,
            category: str = "",
            ref: str = "",
            direction: str = "",
            status: str = "booked",
            memo: str = "",
        ) -> TransactionInput:
            return TransactionInput(
                date.fromisoformat(day),
                D(amount),
                category=category,
                own_transfer_ref=ref,
                direction=direction,
                status=status,
                memo=memo or f"{day} {amount} {category}",
            )

        s.add_transactions(
            self.card,
            [
                tx("2026-10-01", "-100.00", "dining"),  # first day of the period used below
                tx("2026-10-15", "-50.00", "groceries"),  # food group too
                tx("2026-10-20", "-1200.00", "rent"),  # housing
                tx("2026-10-25", "8000.00", "salary"),
                tx("2026-10-28", "-300.00", "transfer_own", ref="pair-1"),  # to Mum's wallet: own transfer
                tx("2026-11-03", "-80.00", "dining", status="pending"),
                tx("2026-11-10", "-500.00", "repayment"),  # a repayment: own, even unpaired
                tx("2026-11-30", "-20.00", "shopping"),  # last day of November
                tx("2026-12-01", "-999.00", "shopping", direction="neutral"),  # 不计收支
                tx("2026-09-30", "-7.00", "dining"),  # the day before the period
            ],
        )
        s.add_transactions(
            self.wallet,
            [
                tx("2026-10-28", "300.00", "transfer_own", ref="pair-1"),
                tx("2026-10-29", "-40.00", "dining"),
                tx("2026-11-05", "25.00", "refund"),
                tx("2026-11-06", "-200.00", "transfer_own"),  # unpaired: to an own account not in the vault
                tx("2026-11-07", "-600.00", "transfer_own", ref="pair-2"),  # into her fund (same platform)
            ],
        )
        s.add_transactions(self.fund, [tx("2026-11-07", "600.00", "transfer_own", ref="pair-2")])
        s.add_transactions(
            self.usd,
            [
                tx("2026-11-12", "-0.05", "shopping"),
                tx("2026-11-13", "-0.05", "shopping"),
                tx("2026-11-14", "-0.05", "shopping"),
            ],
        )
        s.add_transactions(self.eur, [tx("2026-11-15", "-10.00", "dining")])


@pytest.fixture
def home(services: AppServices) -> Household:
    return Household(services)


AUTUMN = ReportFilter(since=date(2026, 10, 1), until=date(2026, 11, 30))


def spending(services: AppServices, flt: ReportFilter = AUTUMN) -> SpendingByCategory:
    report = services.report("spending", flt)
    assert isinstance(report, SpendingByCategory)
    return report


def test_spending_by_category_per_month(services: AppServices, home: Household) -> None:
    report = spending(services)
    assert report.months == (date(2026, 10, 1), date(2026, 11, 1))
    # October: food 100 + 50 + wallet 40, housing 1200; November: food 80 (pending counts), shopping 20 +
    # 0.15 USD (1.065 CNY exactly, rounded once: 1.07). The own transfers, the repayment, the refund, the
    # 不计收支 row and September's dinner are not spending; EUR has no rate and is listed.
    assert report.amount(date(2026, 10, 1), "food") == D("190.00")
    assert report.amount(date(2026, 10, 1), "housing") == D("1200.00")
    assert report.amount(date(2026, 11, 1), "food") == D("80.00")
    assert report.amount(date(2026, 11, 1), "shopping") == D("21.07")
    assert report.groups == ("housing", "food", "shopping")  # the largest first
    assert report.month_totals == (D("1390.00"), D("101.07"))
    assert report.total == D("1491.07")
    assert report.missing_rates == ("EUR",)
    for cells, total in zip(report.amounts, report.month_totals, strict=True):
        assert sum(cells, D(0)) == total  # the parts add up to each month's total
    assert sum((report.group_total(g) for g in report.groups), D(0)) == report.total


def test_foreign_spending_is_converted_exactly_and_rounded_once(
    services: AppServices, home: Household
) -> None:
    only_usd = spending(
        services, ReportFilter(since=date(2026, 11, 12), until=date(2026, 11, 14), member_id=home.dad)
    )
    # three rows of US$0.05 at 7.1: 0.355 each; rounding each would give 1.08, the exact sum is 1.065 -> 1.07
    assert only_usd.groups == ("shopping",) and only_usd.total == D("1.07")


def test_member_and_period_filters(services: AppServices, home: Household) -> None:
    mum = spending(services, ReportFilter(since=AUTUMN.since, until=AUTUMN.until, member_id=home.mum))
    assert mum.total == D("40.00") and mum.groups == ("food",)
    dad = spending(services, ReportFilter(since=AUTUMN.since, until=AUTUMN.until, member_id=home.dad))
    assert dad.total + mum.total == spending(services).total
    one_day = spending(services, ReportFilter(since=date(2026, 11, 30), until=date(2026, 11, 30)))
    assert one_day.months == (date(2026, 11, 1),) and one_day.total == D("20.00")
    everything = spending(services, ReportFilter())  # open: from the first counted row to today's month
    assert everything.months[0] == date(2026, 9, 1) and everything.months[-1] == date(2026, 12, 1)
    assert everything.amount(date(2026, 9, 1), "food") == D("7.00")
    quiet = spending(services, ReportFilter(since=date(2026, 6, 1), until=date(2026, 8, 31)))
    assert len(quiet.months) == 3 and quiet.groups == () and quiet.total == 0  # empty months are still months


def test_income_and_spending(services: AppServices, home: Household) -> None:
    report = services.report("income_spending", AUTUMN)
    assert isinstance(report, IncomeAndSpending)
    assert report.income == (D("8000.00"), D("25.00"))  # the refund is money in; the own transfer is not
    assert report.spending == (D("1390.00"), D("101.07"))
    assert report.net == (D("6610.00"), D("-76.07"))
    assert report.spending == spending(services).month_totals


def test_the_transactions_behind_a_figure_are_the_ones_the_report_counts(
    services: AppServices, home: Household
) -> None:
    """What the Transactions page shows after a click on a bar (same group, flow, month, member)."""
    flt = TransactionFilter(
        since=date(2026, 10, 1), until=date(2026, 10, 31), category_group="food", flow="spending"
    )
    rows = services.find_transactions(flt, limit=100)
    assert sorted(r.amount for r in rows) == [D("-100.00"), D("-50.00"), D("-40.00")]
    transfers = TransactionFilter(
        since=date(2026, 10, 1), until=date(2026, 11, 30), category_group="transfers", flow="spending"
    )
    assert services.find_transactions(transfers) == []  # own transfers are in that group, but not spending
    index = {e.id: e for e in services.transaction_index()}
    dinner = next(r for r in rows if r.amount == D("-100.00"))
    assert (index[dinner.id].group, index[dinner.id].flow) == ("food", "spending")


def test_net_worth_by_member_and_by_platform_kind(services: AppServices, home: Household) -> None:
    report = services.report("net_worth", ReportFilter(since=date(2026, 10, 1)), by="member")
    assert isinstance(report, NetWorthOverTime)
    assert report.days == (
        date(2026, 10, 31),
        date(2026, 11, 30),
        date(2026, 12, 4),
    )  # month ends, then today
    dad, mum = report.series
    # Dad today: 10,000 + US$100 x 7.1 = 10,710. At the end of November the 不计收支 row of 1 December
    # had not happened yet: 10,999 + 710 = 11,709. At the end of October: less November's booked rows on
    # the card (-500 -20; the pending -80 is not in a balance yet) and on the dollars (-0.15 USD = -1.065):
    # 11,519 + 711.065 = 12,230.065 -> 12,230.07.
    assert (dad.name, dad.values) == ("Dad", (D("12230.07"), D("11709.00"), D("10710.00")))
    # Mum: wallet 500 + fund 2,000 now (EUR has no rate); November moved the wallet by +25 -200 -600 and the
    # fund by +600.
    assert (mum.name, mum.values) == ("Mum", (D("2675.00"), D("2500.00"), D("2500.00")))
    assert report.totals == tuple(a + b for a, b in zip(dad.values, mum.values, strict=True))
    assert report.missing_rates == ("EUR",)
    kinds = services.report("net_worth", ReportFilter(since=date(2026, 10, 1)), by="platform_kind")
    assert isinstance(kinds, NetWorthOverTime)
    assert [s.key for s in kinds.series] == ["bank", "payment_wallet"]
    assert kinds.totals == report.totals
    only_mum = services.report("net_worth", ReportFilter(since=date(2026, 10, 1), member_id=home.mum))
    assert isinstance(only_mum, NetWorthOverTime) and only_mum.totals == mum.values
    with pytest.raises(ValidationError):
        services.report("net_worth", by="colour")


def test_net_worth_matches_the_overview_history(services: AppServices, home: Household) -> None:
    report = services.report("net_worth", ReportFilter(since=date(2026, 11, 1)))
    assert isinstance(report, NetWorthOverTime)
    history = dict(services.balance_history(date(2026, 11, 1)))
    assert [history[d] for d in report.days] == list(report.totals)


def test_cash_flow_between_platforms(services: AppServices, home: Household) -> None:
    report = services.report("cash_flow", AUTUMN)
    assert isinstance(report, CashFlowBetweenPlatforms)
    flows = {(f.source_id, f.target_id): (f.count, f.amount) for f in report.flows}
    # card -> wallet (paired), the repayment (unpaired: from the card to an own account outside the vault),
    # the wallet's unpaired transfer_own; the wallet -> fund move stays inside Pay B and is left out.
    assert flows == {
        (home.bank, home.pay): (1, D("300.00")),
        (home.bank, None): (1, D("500.00")),
        (home.pay, None): (1, D("200.00")),
    }
    assert [f.amount for f in report.flows] == sorted((f.amount for f in report.flows), reverse=True)
    assert report.total == D("1000.00")
    mum = services.report(
        "cash_flow", ReportFilter(since=AUTUMN.since, until=AUTUMN.until, member_id=home.mum)
    )
    assert isinstance(mum, CashFlowBetweenPlatforms)
    # either side being hers counts: Dad's card -> her wallet, and her own move out
    assert {(f.source_id, f.target_id) for f in mum.flows} == {(home.bank, home.pay), (home.pay, None)}
    october = services.report("cash_flow", ReportFilter(since=date(2026, 10, 1), until=date(2026, 10, 27)))
    assert (
        isinstance(october, CashFlowBetweenPlatforms) and october.flows == ()
    )  # the transfer was on the 28th


def test_csv_export_is_exact_and_private(services: AppServices, home: Household, tmp_path: Path) -> None:
    path = tmp_path / "spending.csv"
    services.export_report(spending(services), path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"))))
    assert rows[0] == ["month", "category_group", "category", "amount", "currency"]
    assert ["2026-11", "shopping", "Shopping", "21.07", "CNY"] in rows
    assert sum(D(r[3]) for r in rows[1:]) == D("1491.07")
    for kind in ("income_spending", "net_worth", "cash_flow"):
        text = services.report_csv(services.report(kind, AUTUMN))
        header, *body = list(csv.reader(io.StringIO(text)))
        assert header[-1] == "currency" and body and all(r[-1] == "CNY" for r in body)
    flows = list(csv.reader(io.StringIO(services.report_csv(services.report("cash_flow", AUTUMN)))))
    assert ["Bank A", "Own account not in Huiliu", "1", "500.00", "CNY"] in flows


def test_unknown_report(services: AppServices) -> None:
    with pytest.raises(ValidationError):
        services.report("horoscope")


def test_command_line_report(
    services: AppServices,
    home: Household,
    vault_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from app.cli import main
    from tests.conftest import PASSPHRASE

    services.close()
    monkeypatch.setenv("HUILIU_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("HUILIU_LANG", "en")
    base = ["--vault", str(vault_dir), "report"]
    path = tmp_path / "report.csv"
    code = main([*base, "spending", "--from", "2026-10-01", "--to", "2026-11-30", "--csv", str(path)])
    assert code == 0 and str(path) in capsys.readouterr().out
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert ["2026-11", "shopping", "Shopping", "21.07", "CNY"] in list(
        csv.reader(io.StringIO(path.read_text()))
    )
    assert main([*base, "net_worth", "--from", "2026-10-01", "--member", str(home.mum)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "date,Mum,total,currency",
        "2026-10-31,2675.00,2675.00,CNY",
        "2026-11-30,2500.00,2500.00,CNY",
        "2026-12-04,2500.00,2500.00,CNY",
    ]
    assert main([*base, "cash_flow", "--from", "2026-11-31"]) != 0  # not a date: one line, an exit code
    assert "2026-11-31" in capsys.readouterr().err
