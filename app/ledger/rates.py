"""Kept exchange rates, and what is computed from them: household totals and net-worth history.

A rate is looked up as the newest kept one of the pair, in either direction (an inverse rate is
inverted exactly in Decimal); a currency without any rate is listed in the total, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.errors import TamperedRecord
from app.ledger.fx import Rate
from app.ledger.records import AccountView, Total
from app.money import Money, round_parts
from app.vault.schema import FxRate
from app.vault.store import Vault

K = TypeVar("K")


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


def breakdown(s: Session, accounts: Iterable[AccountView], base: str,
              key: Callable[[AccountView], K]) -> tuple[Total, dict[K, Total]]:
    """The net total in ``base`` and its parts by ``key`` (in the order keys first appear).

    Every balance is converted exactly; the sum is rounded once and the parts get whole minor units
    that add up to it (``round_parts``), so a breakdown never drifts from its total. Currencies
    without a rate are listed (in the total and in each part they belong to), never guessed.
    """
    result = Total(base=base, amount=Decimal(0))
    exact: dict[K, Money] = {}
    parts: dict[K, Total] = {}
    for acc in accounts:
        k = key(acc)  # an account without a readable balance still names its part (zero)
        part = parts.setdefault(k, Total(base=base, amount=Decimal(0)))
        exact.setdefault(k, Money(0, base))
        if acc.balance is None or acc.damaged:
            continue
        if acc.currency == base:
            exact[k] = exact[k] + Money(acc.balance, base)
            continue
        rate = lookup(s, acc.currency, base)
        if rate is None:
            for t in (result, part):
                if acc.currency not in t.missing_rates:
                    t.missing_rates.append(acc.currency)
            continue
        exact[k] = exact[k] + Money((Money(acc.balance, acc.currency) * rate[0]).amount, base)
        result.rate_dates[acc.currency] = part.rate_dates[acc.currency] = rate[1]
    rounded = round_parts(list(exact.values()))
    for k, amount in zip(exact, rounded, strict=True):
        parts[k].amount = amount.amount
    result.amount = sum(rounded, Money(0, base)).amount
    return result, parts


def total(s: Session, accounts: Iterable[AccountView], base: str) -> Total:
    """Net sum of the accounts' balances in ``base``, converted exactly and rounded once; currencies
    without a rate are listed, not guessed."""
    return breakdown(s, accounts, base, lambda _acc: None)[0]


def net_worth_history(s: Session, accounts: list[AccountView], moves: dict[int, dict[date, Decimal]],
                      since: date, today: date, base: str) -> list[tuple[date, Decimal]]:
    """Household net worth in ``base`` for each day from ``since`` to ``today`` (``net_worth_at``)."""
    days = [since + timedelta(days=i) for i in range((today - since).days + 1)]
    totals, _parts, _missing = net_worth_at(s, accounts, moves, days, today, base, lambda _acc: None)
    return list(zip(days, totals, strict=True))


def net_worth_at(s: Session, accounts: Iterable[AccountView], moves: dict[int, dict[date, Decimal]],
                 days: Sequence[date], today: date, base: str,
                 key: Callable[[AccountView], K]) -> tuple[list[Decimal], dict[K, list[Decimal]], list[str]]:
    """Net worth in ``base`` at the end of each of ``days`` (ascending, none after ``today``), and its
    parts by ``key``; with the currencies left out for want of a rate.

    Worked back from each account's latest balance through its booked movements (``moves``: account
    id -> day -> net amount): the balance at the end of day d is the latest balance less what moved
    after d up to ``today``, converted exactly at the newest rates. Each day is rounded once and its
    parts get whole minor units that add up to it (``round_parts``), as ``breakdown`` does; accounts
    without a rate are left out, as in ``total``.
    """
    exact: dict[K, list[Decimal]] = {}
    missing: list[str] = []
    for acc in accounts:
        series = exact.setdefault(key(acc), [Decimal(0)] * len(days))
        if acc.balance is None or acc.damaged or not days:
            continue
        rate = lookup(s, acc.currency, base) if acc.currency != base else (Decimal(1), today)
        if rate is None:
            if acc.currency not in missing:
                missing.append(acc.currency)
            continue
        per_day = moves.get(acc.id, {})
        later = sorted((d for d in per_day if days[0] < d <= today), reverse=True)
        running, j = acc.balance, 0
        for i in range(len(days) - 1, -1, -1):
            while j < len(later) and later[j] > days[i]:
                running -= per_day[later[j]]
                j += 1
            series[i] += (Money(running, acc.currency) * rate[0]).amount  # exact; rounded once per day below
    totals = [Decimal(0)] * len(days)
    parts: dict[K, list[Decimal]] = {k: [Decimal(0)] * len(days) for k in exact}
    for i in range(len(days)):
        rounded = round_parts([Money(values[i], base) for values in exact.values()]) if exact else []
        for k, amount in zip(exact, rounded, strict=True):
            parts[k][i] = amount.amount
        totals[i] = sum((m.amount for m in rounded), Decimal(0))
    return totals, parts, missing
