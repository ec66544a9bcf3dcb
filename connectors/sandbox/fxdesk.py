"""The multi-currency bank's FX desk: firm quotes for cross-currency transfers, and its position.

A quote is asked for one account, one amount to sell (in the account's currency, fee included) and a
currency to buy. The rate is the day's seeded mid rate (``history.fx_mid``, the rate source of
``GET /fx/quote``) less the platform's spread, in the customer's disfavour, cut (rounded down) to
4 decimals for rates of 1 or more and 6 below. The fee is ``fx_fee_rate`` of the amount sold, rounded
half-up to the fen like every sandbox amount, at least ``fx_fee_min`` of the sell currency. What
arrives is ``(sell - fee) * rate`` rounded *down* to the buy currency's fen: the bank never credits a
fraction it did not buy. A quote holds ``fx_quote_seconds`` (valid up to and including
``valid_until``), belongs to one platform and member, and is used by at most one transfer; the
transfer's journal entry keeps it, so a sandbox brought back replays the exchange at the same figures.

The desk is the counterparty of every exchange, so money stays conserved per currency: it takes in
the amount sold (fee included) and pays out the amount bought. ``position`` is its net per currency
(positive: taken in; negative: paid out).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import Any

from .history import fx_mid
from .ledger import CENT, CST, round_fen
from .personalities import FX_BANDS, Personality

JSON = dict[str, Any]
FX_CURRENCIES = ("CNY", *FX_BANDS)
DESK_NAME = "寰宇银行外汇交易"  # the counterparty the feeds show, as for the history's own exchanges


class QuoteRefused(ValueError):
    """A quote the desk will not give (400 bad_request)."""


@dataclass(frozen=True)
class QuoteRequest:
    """The body of ``POST /fx/quotes``, validated: what to sell from which account, for which currency."""

    from_account: str
    sell_amount: Decimal  # in the account's currency
    buy_currency: str

    @classmethod
    def from_json(cls, data: object) -> QuoteRequest:
        if not isinstance(data, dict):
            raise QuoteRefused("the quote request must be a JSON object")
        if set(data) != {"from_account", "sell_amount", "buy_currency"}:
            raise QuoteRefused("the quote request has exactly from_account, sell_amount and buy_currency")
        account, buy, raw = data["from_account"], data["buy_currency"], data["sell_amount"]
        if not isinstance(account, str) or not account or len(account) > 140:
            raise QuoteRefused("from_account must be a non-empty string of at most 140 characters")
        if not isinstance(buy, str) or len(buy) != 3 or not buy.isupper():
            raise QuoteRefused("buy_currency must be an ISO 4217 code")
        if not isinstance(raw, str):
            raise QuoteRefused('sell_amount must be a decimal string such as "1000.00" (in the account\'s currency)')
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            raise QuoteRefused(f"sell_amount {raw!r} is not a decimal string") from None
        return cls(account, amount, buy)


@dataclass
class Quote:
    """A firm quote of one platform to one member."""

    quote_id: str
    platform_id: str
    member: str
    from_account: str
    sell_currency: str
    buy_currency: str
    sell_amount: Decimal
    rate: Decimal
    fee: Decimal
    buy_amount: Decimal
    quoted_at: datetime
    valid_until: datetime
    used_by: str | None = None  # the transfer that used it

    def to_json(self) -> JSON:
        """The wire form (``FxTransferQuote`` of the API document); amounts and the rate as strings."""
        return {
            "quote_id": self.quote_id,
            "from_account": self.from_account,
            "sell_amount": {"amount": format(self.sell_amount, "f"), "currency": self.sell_currency},
            "fee": {"amount": format(self.fee, "f"), "currency": self.sell_currency},
            "rate": format(self.rate, "f"),
            "buy_amount": {"amount": format(self.buy_amount, "f"), "currency": self.buy_currency},
            "quoted_at": self.quoted_at.astimezone(CST).isoformat(),
            "valid_until": self.valid_until.astimezone(CST).isoformat(),
        }

    def to_journal(self) -> JSON:
        return {**self.to_json(), "platform": self.platform_id, "member": self.member}

    @classmethod
    def from_journal(cls, data: JSON) -> Quote:
        return cls(
            quote_id=data["quote_id"], platform_id=data["platform"], member=data["member"],
            from_account=data["from_account"], sell_currency=data["sell_amount"]["currency"],
            buy_currency=data["buy_amount"]["currency"], sell_amount=Decimal(data["sell_amount"]["amount"]),
            rate=Decimal(data["rate"]), fee=Decimal(data["fee"]["amount"]),
            buy_amount=Decimal(data["buy_amount"]["amount"]),
            quoted_at=datetime.fromisoformat(data["quoted_at"]), valid_until=datetime.fromisoformat(data["valid_until"]),
        )


def desk_rate(p: Personality, seed: int, sell: str, buy: str, day: Any) -> Decimal:
    """Units of ``buy`` per unit of ``sell`` the desk gives on ``day``: the mid rate less the spread, cut."""
    assert p.fx_spread is not None
    rate = fx_mid(seed, sell, day) / fx_mid(seed, buy, day) * (1 - p.fx_spread)
    places = Decimal("0.0001") if rate >= 1 else Decimal("0.000001")
    return rate.quantize(places, rounding=ROUND_DOWN)


def desk_fee(p: Personality, sell: str, amount: Decimal) -> Decimal:
    """The fee in the sell currency: ``fx_fee_rate`` of the amount, half-up to the fen, at least the minimum."""
    return max(round_fen(amount * p.fx_fee_rate), p.fx_fee_min[sell])


class FxDesk:
    """The quotes every platform's desk gave, and the desks' joint position per currency."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.quotes: dict[str, Quote] = {}
        self.position: dict[str, Decimal] = {}

    def quote(self, p: Personality, member: str, from_account: str, sell_currency: str, buy_currency: str,
              sell_amount: Decimal, now: datetime) -> Quote:
        """A new firm quote; ``QuoteRefused`` for currencies the desk does not trade or too small an amount."""
        if buy_currency not in FX_CURRENCIES:
            raise QuoteRefused(f"buy_currency must be among {', '.join(FX_CURRENCIES)}")
        if buy_currency == sell_currency:
            raise QuoteRefused(f"The account already holds {sell_currency}: nothing to exchange.")
        fee = desk_fee(p, sell_currency, sell_amount)
        rate = desk_rate(p, self.seed, sell_currency, buy_currency, now.astimezone(CST).date())
        buy_amount = ((sell_amount - fee) * rate).quantize(CENT, rounding=ROUND_DOWN)
        if buy_amount <= 0:
            raise QuoteRefused(f"{sell_amount} {sell_currency} does not cover the fee of {fee} {sell_currency}.")
        # Random, not derived from the seed: a sandbox brought back forgets unused quotes, and a new
        # quote must never take the id a client still holds for a forgotten one.
        quote_id = "fq_" + secrets.token_hex(12)
        q = Quote(quote_id, p.platform_id, member, from_account, sell_currency, buy_currency, sell_amount, rate,
                  fee, buy_amount, now, now + timedelta(seconds=p.fx_quote_seconds))
        self.quotes[quote_id] = q
        return q

    def restore(self, q: Quote) -> None:
        """A quote brought back from the journal, exactly as it was given."""
        self.quotes[q.quote_id] = q

    def held(self, platform_id: str, member: str, quote_id: str) -> Quote | None:
        """The quote if this platform gave it to this member (another's is as unknown as a made-up id)."""
        q = self.quotes.get(quote_id)
        return q if q is not None and q.platform_id == platform_id and q.member == member else None

    def exchange(self, q: Quote, transfer_id: str) -> None:
        """The desk takes the amount sold and pays the amount bought; the quote is spent."""
        q.used_by = transfer_id
        zero = Decimal("0.00")
        self.position[q.sell_currency] = self.position.get(q.sell_currency, zero) + q.sell_amount
        self.position[q.buy_currency] = self.position.get(q.buy_currency, zero) - q.buy_amount
