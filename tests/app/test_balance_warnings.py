"""Which balances are warned about (issue 10 §4): owing on credit is normal; a debit-type account below
zero, or a credit account owing more than its limit, is not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.ledger import vocabulary
from app.ledger.vocabulary import CREDIT_KINDS, OVER_LIMIT, OVERDRAWN, balance_warning

DEBIT_KINDS = [k for k in vocabulary.ACCOUNT_KINDS if k not in CREDIT_KINDS]


@pytest.mark.parametrize("kind", DEBIT_KINDS)
def test_a_debit_type_account_below_zero_is_overdrawn(kind: str) -> None:
    assert balance_warning(kind, Decimal("-0.01"), None) == OVERDRAWN
    assert balance_warning(kind, Decimal("0"), None) is None
    assert balance_warning(kind, None, None) is None


@pytest.mark.parametrize("kind", sorted(CREDIT_KINDS))
def test_owing_on_credit_is_normal_until_past_the_limit(kind: str) -> None:
    limit = Decimal("5000")
    assert balance_warning(kind, Decimal("-4999.99"), limit) is None
    assert balance_warning(kind, Decimal("-5000.00"), limit) is None  # the whole limit used: still allowed
    assert balance_warning(kind, Decimal("-5000.01"), limit) == OVER_LIMIT
    assert balance_warning(kind, Decimal("-123456"), None) is None  # no limit known: nothing to compare
    assert balance_warning(kind, Decimal("12.00"), limit) is None  # overpaid


def test_the_account_record_says_the_same() -> None:
    from tests.ui.test_models import account

    assert account(1, kind="credit_card", balance=Decimal("-100"), credit_limit=Decimal("50")).balance_warning \
        == OVER_LIMIT
    assert account(1, kind="credit_line", balance=Decimal("-100"), credit_limit=Decimal("500")).balance_warning \
        is None
    assert account(1, kind="wallet_balance", balance=Decimal("-1")).balance_warning == OVERDRAWN
