"""A cross-currency transfer shows the platform's quote (rate, fee, amount received) before it is confirmed,
and uses exactly that quote; without one it is refused before anything is sent."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from app.errors import ValidationError
from tests.app.transfers.conftest import Demo


def test_yuan_to_dollars_uses_the_platforms_quote(demo: Demo) -> None:
    cny, usd = demo.account(1, "多币种账户-人民币"), demo.account(1, "多币种账户-美元")
    usd_before = demo.balance(usd)
    request = demo.request(cny, "2000.00", to=usd, memo="换汇")
    with pytest.raises(ValidationError, match="quote"):
        demo.services.submit_transfer(request, confirmed=True)
    quote = demo.services.quote_transfer(request)
    assert (quote.sell_currency, quote.buy_currency, quote.sell_amount) == ("CNY", "USD", Decimal("2000.00"))
    assert quote.fee > 0 and quote.buy_amount == ((quote.sell_amount - quote.fee) * quote.rate).quantize(
        Decimal("0.01"), rounding="ROUND_DOWN")
    quoted = replace(request, quote_id=quote.quote_id)
    preview = demo.services.preview_transfer(quoted)
    assert preview.quote == quote and preview.cross_currency
    out = demo.services.submit_transfer(quoted, confirmed=True)
    assert out.status == "executed", out
    assert out.transfer is not None and out.transfer.state == "settled"  # inside one bank: at once
    demo.settle(1)
    assert demo.balance(usd) == usd_before + quote.buy_amount
    shown = demo.services.transfer(out.transfer.id)
    assert shown.state == "settled"
