"""What the Overview shows, read in one go on a worker: totals, breakdowns and each account's card.

``load_overview`` reads the vault (call it on a worker); everything else only arranges what it read,
so the sums here are exactly the core's ``total`` over the same accounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from app import clock
from app.ledger.records import AccountView, MemberView, PlatformView, Total
from app.ledger.vocabulary import CREDIT_KINDS
from app.services import AppServices, ConnectionView

HISTORY_DAYS = 365
_GROUP_OF_KIND = {
    "debit_card": "bank",
    "wallet_balance": "wallet",
    "store_balance": "wallet",
    "money_market": "fund",
    "credit_card": "credit",
    "credit_line": "credit",
    "ecny_wallet": "ecny",
    "fx_account": "foreign",
}
GROUP_ORDER = ("bank", "wallet", "fund", "credit", "ecny", "foreign")


def card_group(account: AccountView) -> str:
    """Which Overview group an account's card sits in; any non-CNY account counts as foreign currency."""
    if account.currency != "CNY" and account.kind not in CREDIT_KINDS:
        return "foreign"
    return _GROUP_OF_KIND.get(account.kind, "bank")


@dataclass
class CurrencyShare:
    """One currency's accounts: their sum in that currency, and in CNY when a rate is known."""

    currency: str
    amount: Decimal
    converted: Total


@dataclass
class StalePlatform:
    platform_id: int
    name: str
    reason: str


@dataclass
class OverviewSnapshot:
    """Everything the Overview shows except the history chart (read separately, it is slower)."""

    members: list[MemberView]
    platforms: list[PlatformView]
    accounts: list[AccountView]
    connections: list[ConnectionView]
    net: Total
    assets: Total
    liabilities: Total  # a negative amount: what is owed
    today_change: Decimal | None
    by_member: list[tuple[MemberView, Total]] = field(default_factory=list)
    by_currency: list[CurrencyShare] = field(default_factory=list)
    stale: list[StalePlatform] = field(default_factory=list)
    group_totals: dict[str, Total] = field(default_factory=dict)

    @property
    def platform_names(self) -> dict[int, str]:
        return {p.id: p.name or f"#{p.id}" for p in self.platforms}

    def groups(self) -> list[tuple[str, list[AccountView]]]:
        """Accounts by card group in the fixed Overview order; empty groups left out."""
        out: dict[str, list[AccountView]] = {g: [] for g in GROUP_ORDER}
        for acc in self.accounts:
            out[card_group(acc)].append(acc)
        return [(g, accs) for g, accs in out.items() if accs]


def connections_of(services: AppServices) -> list[ConnectionView]:
    """The connections (listing them needs no tokens, so the OS keyring is not touched)."""
    return services.connections()


def stale_platforms(
    accounts: list[AccountView], connections: list[ConnectionView], names: dict[int, str]
) -> list[StalePlatform]:
    """Platforms whose last sync failed or whose balances are marked stale, each with one reason."""
    found: dict[int, str] = {}
    for conn in connections:
        if conn.status != "connected":
            found.setdefault(conn.platform_id, conn.last_error)
    for acc in accounts:
        if acc.stale:
            found.setdefault(acc.platform_id, acc.stale_reason)
            if not found[acc.platform_id]:
                found[acc.platform_id] = acc.stale_reason
    return [StalePlatform(pid, names.get(pid, f"#{pid}"), reason) for pid, reason in sorted(found.items())]


def load_overview(services: AppServices) -> OverviewSnapshot:
    """Read accounts, totals and today's change (call on a worker: it decrypts rows)."""
    members, platforms, accounts = services.members(), services.platforms(), services.accounts()
    connections = connections_of(services)
    readable = [a for a in accounts if a.balance is not None and not a.damaged]
    today = clock.local_today()
    # Each breakdown is the core's: the total rounded once, its parts summing exactly to it.
    net, by_sign = services.breakdown(readable, lambda a: (a.balance or 0) > 0)
    snapshot = OverviewSnapshot(
        members=members,
        platforms=platforms,
        accounts=accounts,
        connections=connections,
        net=net,
        assets=by_sign.get(True, Total(base=net.base, amount=Decimal(0))),
        liabilities=by_sign.get(False, Total(base=net.base, amount=Decimal(0))),
        today_change=_today_change(services, today),
    )
    _net, member_parts = services.breakdown(readable, lambda a: a.member_id)
    for m in members:
        if m.id in member_parts:
            snapshot.by_member.append((m, member_parts[m.id]))
    _net, currency_parts = services.breakdown(readable, lambda a: a.currency)
    for code in sorted(currency_parts, key=lambda c: (c != "CNY", c)):
        own = [a for a in readable if a.currency == code]
        snapshot.by_currency.append(
            CurrencyShare(code, sum((a.balance or Decimal(0) for a in own), Decimal(0)), currency_parts[code])
        )
    _net, snapshot.group_totals = services.breakdown(readable, card_group)
    names = {p.id: p.name for p in platforms}
    snapshot.stale = stale_platforms(accounts, connections, names)
    return snapshot


def _today_change(services: AppServices, today: date) -> Decimal | None:
    """Net worth today less net worth at the end of yesterday (booked movements, today's rates)."""
    series = services.balance_history(today - timedelta(days=1))
    if len(series) < 2:
        return None
    return series[-1][1] - series[-2][1]


def load_history(services: AppServices) -> list[tuple[date, Decimal]]:
    """Net worth per day over the last twelve months (slow at 100k rows: a worker, after the totals)."""
    return services.balance_history(clock.local_today() - timedelta(days=HISTORY_DAYS))


def credit_used(account: AccountView) -> Decimal:
    """What is owed on a credit card or line, as a positive figure (an overpaid card owes nothing)."""
    balance = account.balance or Decimal(0)
    return -balance if balance < 0 else Decimal(0)
