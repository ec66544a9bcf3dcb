"""A total and its parts (issue 10 §4): balances are converted exactly, the sum is rounded once, and every
breakdown (by member, currency, platform, kind, sign) adds up to that total to the fen."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.errors import CurrencyMismatch
from app.ledger.records import AccountInput, AccountView
from app.money import Money, round_parts, round_to_minor
from app.services import AppServices
from tests.app.household import populate

RATE = Decimal("7.1")  # one USD: 7.1 CNY, so USD 0.05 is ¥0.355 exactly


def _drifting_household(services: AppServices) -> None:
    """Two members with many small USD balances each, whose CNY values all sit on a half fen."""
    ids = populate(services)
    services.set_rate("USD", "CNY", RATE)
    for member in (1, 2):
        for i in range(10):
            services.add_account(AccountInput(member_id=member, platform_id=ids["bank"], kind="fx_account",
                                              name=f"USD {member}-{i}", currency="USD", balance=Decimal("0.05")))
    services.add_account(AccountInput(member_id=2, platform_id=ids["bank"], kind="fx_account", name="USD out",
                                      currency="USD", balance=Decimal("-0.03")))  # ¥-0.213


def _exact_total(accounts: list[AccountView]) -> Decimal:
    exact = sum(((a.balance or Decimal(0)) * (RATE if a.currency == "USD" else 1) for a in accounts), Decimal(0))
    return round_to_minor(exact, "CNY")


def test_total_is_converted_exactly_and_rounded_once(services: AppServices) -> None:
    _drifting_household(services)
    accounts = services.accounts()
    # 20 x ¥0.355 - ¥0.213 = ¥6.887 -> ¥6.89 (rounding each account first gave 20 x ¥0.36 - ¥0.21 = ¥6.99)
    total = services.total(accounts)
    assert total.amount == _exact_total(accounts) == Decimal("8888.88") + Decimal("1000.00") + Decimal("250.50") + \
        Decimal("6.89")


@pytest.mark.parametrize("key", ["member", "currency", "platform", "kind", "sign"])
def test_every_breakdown_sums_exactly_to_its_total(services: AppServices, key: str) -> None:
    _drifting_household(services)
    accounts = services.accounts()
    keys = {
        "member": lambda a: a.member_id,
        "currency": lambda a: a.currency,
        "platform": lambda a: a.platform_id,
        "kind": lambda a: a.kind,
        "sign": lambda a: (a.balance or 0) > 0,
    }
    total, parts = services.breakdown(accounts, keys[key])
    assert total.amount == services.total(accounts).amount == _exact_total(accounts)
    assert sum(p.amount for p in parts.values()) == total.amount
    for part in parts.values():  # whole fen, each within a fen of its exact value
        assert part.amount == round_to_minor(part.amount, "CNY")
    if key == "currency":
        assert parts["CNY"].amount == Decimal("10139.38")  # a part already in whole fen is shown unchanged
        assert parts["USD"].rate_dates and total.rate_dates["USD"] == parts["USD"].rate_dates["USD"]


def test_parts_without_a_rate_are_listed_in_their_part_and_the_total(services: AppServices) -> None:
    ids = populate(services)
    services.add_account(AccountInput(member_id=2, platform_id=ids["bank"], kind="fx_account", name="GBP",
                                      currency="GBP", balance=Decimal("10.00")))
    total, parts = services.breakdown(services.accounts(), lambda a: a.member_id)
    assert total.missing_rates == ["GBP"] and parts[2].missing_rates == ["GBP"] and not parts[1].missing_rates
    assert total.amount == parts[1].amount + parts[2].amount == Decimal("10139.38")


def test_round_parts_hands_out_the_rounding_of_the_sum() -> None:
    parts = [Money("0.355", "CNY")] * 3 + [Money("-0.213", "CNY"), Money("1.00", "CNY")]
    rounded = round_parts(parts)
    assert sum(rounded, Money.zero("CNY")) == Money("1.85", "CNY")  # 1.852 rounded once
    assert rounded[-1] == Money("1.00", "CNY")  # already whole: untouched
    assert all(abs(r.amount - p.amount) < Decimal("0.01") for r, p in zip(rounded, parts, strict=True))
    assert round_parts([]) == []
    with pytest.raises(CurrencyMismatch):
        round_parts([Money(1, "CNY"), Money(1, "USD")])
