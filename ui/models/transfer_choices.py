"""What the transfer form offers: the acting member's accounts to send from, and where money may go (their
own accounts, the family's confirmed accounts, saved payees; other members' accounts greyed with the reason).

Read on a worker (``load_choices``); the form only arranges what it gets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.ledger import vocabulary
from app.ledger.records import AccountView

# Accounts that hold money one can send (a credit card or credit line is paid, not sent from).
SENDABLE_KINDS = frozenset({"debit_card", "wallet_balance", "ecny_wallet", "fx_account", "money_market",
                            "store_balance"})


@dataclass(frozen=True)
class Target:
    """One entry of the "to" list: an account of the vault or a saved payee."""

    kind: str  # "own" | "family" | "payee" | "other" (another member's account, not offered: greyed)
    id: int  # account id, or payee id
    text: str
    currency: str = "CNY"


@dataclass(frozen=True)
class TransferChoices:
    me: int
    sources: tuple[AccountView, ...]
    own: tuple[Target, ...]
    family: tuple[Target, ...]
    payees: tuple[Target, ...]
    others: tuple[Target, ...]
    member_names: dict[int, str] = field(default_factory=dict)
    account_names: dict[int, str] = field(default_factory=dict)
    payee_names: dict[int, str] = field(default_factory=dict)


def account_text(account: AccountView, platform: str, holder: str = "") -> str:
    """汇通银行 · 汇通借记卡（一类户） 尾号 5678 — the platform, the account's name and its last digits."""
    name = account.name or vocabulary.account_kind(account.kind)
    parts = [p for p in (holder, platform, name) if p]
    text = " · ".join(parts)
    return f"{text} ({account.last4})" if account.last4 else text


def load_choices(services: Any) -> TransferChoices:
    """On a worker: the accounts, members, payees and family links the form needs."""
    members = services.household()
    me = next(m.id for m in members if m.is_you)
    names = {m.id: m.name for m in members}
    platforms = {p.id: p.name for p in services.platforms()}
    accounts = [a for a in services.accounts() if not a.damaged]
    family_ids = {link.account_id for link in services.family_payees()}
    account_names: dict[int, str] = {}
    sources, own, family, others = [], [], [], []
    for a in accounts:
        mine = a.member_id == me
        holder = "" if mine else names.get(a.member_id, "")
        text = account_text(a, platforms.get(a.platform_id, ""), holder)
        account_names[a.id] = text
        if mine and a.kind in SENDABLE_KINDS:
            sources.append(a)
        if a.kind in vocabulary.CREDIT_KINDS and not mine:
            continue
        if mine:
            own.append(Target("own", a.id, text, a.currency))
        elif a.id in family_ids:
            family.append(Target("family", a.id, text, a.currency))
        else:
            others.append(Target("other", a.id, text, a.currency))
    payees = [Target("payee", p.id, f"{p.name} · {p.institution} ({p.masked_number})")
              for p in services.payees() if not p.damaged]
    return TransferChoices(me, tuple(sources), tuple(own), tuple(family), tuple(payees), tuple(others), names,
                           account_names, {t.id: t.text for t in payees})
