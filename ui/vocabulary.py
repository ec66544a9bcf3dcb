"""Words for the core's English identifiers (kinds, roles, classes), translated where they are shown.

The core stores identifiers such as ``debit_card``; only the UI turns them into words, so the same
vault reads correctly in every language. Strings are marked with QT_TRANSLATE_NOOP so lupdate finds
them, and translated at display time so a language switch needs no reload.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "Vocabulary"

PLATFORM_KINDS: dict[str, str] = {
    "bank": QT_TRANSLATE_NOOP("Vocabulary", "Bank"),
    "payment_wallet": QT_TRANSLATE_NOOP("Vocabulary", "Payment platform"),
    "ecommerce": QT_TRANSLATE_NOOP("Vocabulary", "E-commerce platform"),
    "money_market": QT_TRANSLATE_NOOP("Vocabulary", "Fund platform"),
    "credit": QT_TRANSLATE_NOOP("Vocabulary", "Consumer credit"),
    "ecny_wallet": QT_TRANSLATE_NOOP("Vocabulary", "e-CNY operator"),
    "fx_account": QT_TRANSLATE_NOOP("Vocabulary", "FX provider"),
}

ACCOUNT_KINDS: dict[str, str] = {
    "debit_card": QT_TRANSLATE_NOOP("Vocabulary", "Bank account"),
    "credit_card": QT_TRANSLATE_NOOP("Vocabulary", "Credit card"),
    "wallet_balance": QT_TRANSLATE_NOOP("Vocabulary", "Wallet balance"),
    "money_market": QT_TRANSLATE_NOOP("Vocabulary", "Money-market fund"),
    "credit_line": QT_TRANSLATE_NOOP("Vocabulary", "Credit line"),
    "store_balance": QT_TRANSLATE_NOOP("Vocabulary", "Store balance"),
    "ecny_wallet": QT_TRANSLATE_NOOP("Vocabulary", "e-CNY wallet"),
    "fx_account": QT_TRANSLATE_NOOP("Vocabulary", "Foreign-currency account"),
}

MEMBER_ROLES: dict[str, str] = {
    "adult": QT_TRANSLATE_NOOP("Vocabulary", "Adult"),
    "teen": QT_TRANSLATE_NOOP("Vocabulary", "Teenager"),
    "child": QT_TRANSLATE_NOOP("Vocabulary", "Child"),
}

BANK_CLASSES: dict[str, str] = {
    "I": QT_TRANSLATE_NOOP("Vocabulary", "Class I account"),
    "II": QT_TRANSLATE_NOOP("Vocabulary", "Class II account"),
    "III": QT_TRANSLATE_NOOP("Vocabulary", "Class III account"),
}

PAYMENT_CLASSES: dict[str, str] = {
    "I": QT_TRANSLATE_NOOP("Vocabulary", "Class I payment account"),
    "II": QT_TRANSLATE_NOOP("Vocabulary", "Class II payment account"),
    "III": QT_TRANSLATE_NOOP("Vocabulary", "Class III payment account"),
}

ECNY_TIERS: dict[int, str] = {
    1: QT_TRANSLATE_NOOP("Vocabulary", "Tier 1 wallet"),
    2: QT_TRANSLATE_NOOP("Vocabulary", "Tier 2 wallet"),
    3: QT_TRANSLATE_NOOP("Vocabulary", "Tier 3 wallet"),
    4: QT_TRANSLATE_NOOP("Vocabulary", "Tier 4 wallet"),
}


CATEGORIES: dict[str, str] = {
    "salary": QT_TRANSLATE_NOOP("Vocabulary", "Salary"),
    "rent": QT_TRANSLATE_NOOP("Vocabulary", "Rent"),
    "groceries": QT_TRANSLATE_NOOP("Vocabulary", "Groceries"),
    "dining": QT_TRANSLATE_NOOP("Vocabulary", "Dining"),
    "transport": QT_TRANSLATE_NOOP("Vocabulary", "Transport"),
    "red_packet": QT_TRANSLATE_NOOP("Vocabulary", "Red packet"),
    "refund": QT_TRANSLATE_NOOP("Vocabulary", "Refund"),
    "interest": QT_TRANSLATE_NOOP("Vocabulary", "Interest"),
    "repayment": QT_TRANSLATE_NOOP("Vocabulary", "Repayment"),
    "transfer_own": QT_TRANSLATE_NOOP("Vocabulary", "Between own accounts"),
    "transfer": QT_TRANSLATE_NOOP("Vocabulary", "Transfer"),
    "shopping": QT_TRANSLATE_NOOP("Vocabulary", "Shopping"),
    "utilities": QT_TRANSLATE_NOOP("Vocabulary", "Utilities"),
    "education": QT_TRANSLATE_NOOP("Vocabulary", "Education"),
    "other": QT_TRANSLATE_NOOP("Vocabulary", "Other"),
}

DIRECTIONS: dict[str, str] = {
    "in": QT_TRANSLATE_NOOP("Vocabulary", "Income"),
    "out": QT_TRANSLATE_NOOP("Vocabulary", "Expense"),
    "neutral": QT_TRANSLATE_NOOP("Vocabulary", "Not counted"),
}

TX_STATUSES: dict[str, str] = {
    "pending": QT_TRANSLATE_NOOP("Vocabulary", "Pending"),
    "booked": QT_TRANSLATE_NOOP("Vocabulary", "Booked"),
}

# The Overview's card groups (by what an account is to the household, not by who runs it).
CARD_GROUPS: dict[str, str] = {
    "bank": QT_TRANSLATE_NOOP("Vocabulary", "Bank cards"),
    "wallet": QT_TRANSLATE_NOOP("Vocabulary", "Wallets"),
    "fund": QT_TRANSLATE_NOOP("Vocabulary", "Money-market funds"),
    "credit": QT_TRANSLATE_NOOP("Vocabulary", "Credit cards and credit lines"),
    "ecny": QT_TRANSLATE_NOOP("Vocabulary", "e-CNY"),
    "foreign": QT_TRANSLATE_NOOP("Vocabulary", "Foreign currency"),
}


def word(table: dict[str, str] | dict[int, str], key: str | int | None) -> str:
    """The translated word for ``key``; an unknown identifier is shown as it is rather than hidden."""
    if key is None:
        return ""
    source = table.get(key)  # type: ignore[call-overload]
    return QCoreApplication.translate(CONTEXT, source) if source else str(key)


def platform_kind(kind: str) -> str:
    return word(PLATFORM_KINDS, kind)


def account_kind(kind: str) -> str:
    return word(ACCOUNT_KINDS, kind)


def role(name: str) -> str:
    return word(MEMBER_ROLES, name)


def bank_class(name: str | None) -> str:
    return word(BANK_CLASSES, name)


def payment_class(name: str | None) -> str:
    return word(PAYMENT_CLASSES, name)


def ecny_tier(tier: int | None) -> str:
    return word(ECNY_TIERS, tier)


def category(name: str) -> str:
    """A known category in words; a platform's or file's own category text is shown as written."""
    return word(CATEGORIES, name) if name else ""


def direction(name: str) -> str:
    return word(DIRECTIONS, name)


def tx_status(name: str) -> str:
    return word(TX_STATUSES, name)


def card_group(name: str) -> str:
    return word(CARD_GROUPS, name)
