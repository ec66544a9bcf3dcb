"""Which account fields apply to which kind: the account dialog shows only these."""

from __future__ import annotations

from app.ledger.vocabulary import ACCOUNT_KINDS, CREDIT_KINDS, KINDS_BY_PLATFORM

CURRENCIES = ("CNY", "USD", "HKD", "EUR", "JPY", "GBP")
BANK_CARD_KINDS = ("debit_card", "credit_card")  # what a Class II/III account may be bound to

# Rows every account has, in form order; the kind-specific rows are inserted where they belong.
ALWAYS = frozenset(
    {"member_id", "platform_id", "kind", "name", "number", "currency", "opened_on", "balance", "note"}
)


def kinds_for_platform(platform_kind: str | None) -> tuple[str, ...]:
    """Account kinds a platform of ``platform_kind`` may hold (all kinds when unknown)."""
    if not platform_kind:
        return ACCOUNT_KINDS
    return KINDS_BY_PLATFORM.get(platform_kind, ACCOUNT_KINDS)


def visible_fields(kind: str, bank_class: str | None) -> frozenset[str]:
    """The form rows that apply to an account of ``kind`` (and, for bank accounts, its class)."""
    rows = set(ALWAYS)
    if kind == "debit_card":
        rows.add("bank_class")
        if bank_class in ("II", "III"):
            rows.add("bound_account_id")
    if kind == "wallet_balance":
        rows.add("payment_class")
    if kind == "ecny_wallet":
        rows.update({"ecny_tier", "ecny_operator"})
    if kind in CREDIT_KINDS:
        rows.update({"credit_limit", "statement_day", "due_day"})
    return frozenset(rows)


def currency_fixed(kind: str) -> str | None:
    """The only currency ``kind`` may hold, when there is one (e-CNY is CNY by definition)."""
    return "CNY" if kind == "ecny_wallet" else None
