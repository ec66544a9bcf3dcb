"""Kept exchange rates, and what is computed from them: household totals and net-worth history.

A rate is looked up as the newest kept one of the pair, in either direction (an inverse rate is
inverted exactly in Decimal); a currency without any rate is listed in the total, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.errors import TamperedRecord
from app.ledger.fx import Rate
from app.ledger.records import AccountView, Total
from app.money import Money
from app.vault.schema import FxRate
from app.vault.store import Vault


def keep(vault: Vault, s: Session, rate: Rate) -> bool:
    """Store ``rate`` inside the caller's write; False when that exact rate is already kept."""
    exists = s.scalars(select(FxRate.id).where(FxRate.base == rate.base, FxRate.quote == rate.quote,
                                               FxRate.as_of == rate.as_of, FxRate.source == rate.source)).first()
    if exists is not None:
        return False
    s.add(FxRate(id=vault.next_id("fx_rates"), base=rate.base, quote=rate.quote, rate=str(rate.rate),
                 as_of=rate.as_of, source=rate.source))
    return True


def replace(vault: Vault, s: Session, rate: Rate) -> None:
    """Keep ``rate`` in place of the same source's rate of that pair and day (a correction)."""
    for old in s.scalars(select(FxRate).where(FxRate.base == rate.base, FxRate.quote == rate.quote,
                                              FxRate.as_of == rate.as_of, FxRate.source == rate.source)):
        s.delete(old)  # through the ORM, so the rates' integrity digest follows
    s.flush()
    keep(vault, s, rate)


def _newest_intact(s: Session, query: Select[Any]) -> FxRate | None:
    """The newest rate the query finds whose envelope opens (a rate changed behind the app's back is not used)."""
    rate: FxRate
    for rate in s.scalars(query.order_by(FxRate.as_of.desc(), FxRate.id.desc())):
        try:
            rate.sealed_values()
        except TamperedRecord:
            continue
        return rate
    return None


def lookup(s: Session, currency: str, base: str) -> tuple[Decimal, date] | None:
    """Units of ``base`` for one ``currency`` and the rate's date: the newest kept rate of the pair."""
    if currency == base:
        return None
    direct = _newest_intact(s, select(FxRate).where(FxRate.base == currency, FxRate.quote == base))
    inverse = _newest_intact(s, select(FxRate).where(FxRate.base == base, FxRate.quote == currency))
    if direct and (inverse is None or direct.as_of >= inverse.as_of):
        return Decimal(direct.rate), direct.as_of
    if inverse:
        return Decimal(1) / Decimal(inverse.rate), inverse.as_of
    return None


def total(s: Session, accounts: Iterable[AccountView], base: str) -> Total:
    """Net sum of the accounts' balances in ``base``; currencies without a rate are listed, not guessed."""
    amount = Money(0, base)
    result = Total(base=base, amount=Decimal(0))
    for acc in accounts:
        if acc.balance is None or acc.damaged:
            continue
        if acc.currency == base:
            amount = amount + Money(acc.balance, base)
            continue
        rate = lookup(s, acc.currency, base)
        if rate is None:
            if acc.currency not in result.missing_rates:
                result.missing_rates.append(acc.currency)
            continue
        amount = amount + Money(acc.balance, acc.currency).convert(rate[0], base)
        result.rate_dates[acc.currency] = rate[1]
    result.amount = amount.amount
    return result


def net_worth_history(s: Session, accounts: list[AccountView], moves: dict[int, dict[date, Decimal]],
                      since: date, today: date, base: str) -> list[tuple[date, Decimal]]:
    """Household net worth in ``base`` for each day from ``since`` to ``today``.

    Worked back from each account's latest balance through its booked movements (``moves``: account
    id -> day -> net amount): the balance on day d is the latest balance less what moved after d,
    converted at the newest rates; accounts without a rate are left out, as in ``total``.
    """
    days = [since + timedelta(days=i) for i in range((today - since).days + 1)]
    series = [Decimal(0)] * len(days)
    for acc in accounts:
        if acc.balance is None or acc.damaged:
            continue
        rate = lookup(s, acc.currency, base) if acc.currency != base else (Decimal(1), today)
        if rate is None:
            continue
        running = acc.balance
        per_day = moves.get(acc.id, {})
        for i in range(len(days) - 1, -1, -1):
            series[i] += Money(running, acc.currency).convert(rate[0], base).amount if acc.currency != base \
                else running
            running -= per_day.get(days[i], Decimal(0))
    return list(zip(days, series, strict=True))
