"""The domain's words, in one place: every identifier the vault stores and the name people read.

The vault stores English identifiers (``debit_card``, ``teen``, ``II``); the schema's constraints,
validation, the command line and the window all take the identifiers from here, and show them
through the labels here, translated at display time (core catalogue, ``app.i18n``) so a language
switch needs no reload and the core and the window never name a thing differently. The wording
follows the glossary in ZH-STYLE.md.

This module is plain data: it imports nothing but ``app.i18n``, so every layer may read it (the
layer contracts in pyproject.toml allow exactly that).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from app.i18n import N_, _

# --- what the vault stores ------------------------------------------------------------------------

PLATFORM_KIND_WORDS: dict[str, str] = {
    "bank": N_("Bank"),
    "payment_wallet": N_("Payment platform"),
    "ecommerce": N_("E-commerce platform"),
    "money_market": N_("Fund platform"),
    "credit": N_("Consumer credit"),
    "ecny_wallet": N_("e-CNY operator"),
    "fx_account": N_("FX provider"),
}
ACCOUNT_KIND_WORDS: dict[str, str] = {
    "debit_card": N_("Debit card"),  # bank card / bank account (Class I/II/III)
    "credit_card": N_("Credit card"),  # bank credit card with a monthly bill
    "wallet_balance": N_("Wallet balance"),  # payment-account balance (Alipay/WeChat style)
    "money_market": N_("Money-market fund"),  # 余额宝, 零钱通
    "credit_line": N_("Credit line"),  # consumer credit line with a monthly bill (花呗 style)
    "store_balance": N_("Store balance"),  # e-commerce balance
    "ecny_wallet": N_("e-CNY wallet"),  # tier 1..4
    "fx_account": N_("Foreign-currency account"),
}
ROLE_WORDS: dict[str, str] = {
    "owner": N_("Owner"),
    "adult": N_("Adult"),
    "teen": N_("Teenager"),
    "child": N_("Child"),
    "viewer": N_("Viewer"),
}
GUARDIAN_ROLES = ("owner", "adult")  # may approve a minor's requests, set their PIN and allowance
MINOR_ROLES = ("teen", "child")
BANK_CLASS_WORDS: dict[str, str] = {
    "I": N_("Class I account"),
    "II": N_("Class II account"),
    "III": N_("Class III account"),
}
PAYMENT_CLASS_WORDS: dict[str, str] = {
    "I": N_("Class I payment account"),
    "II": N_("Class II payment account"),
    "III": N_("Class III payment account"),
}
ECNY_TIER_WORDS: dict[int, str] = {
    1: N_("Tier 1 wallet"),
    2: N_("Tier 2 wallet"),
    3: N_("Tier 3 wallet"),
    4: N_("Tier 4 wallet"),
}
TX_STATUS_WORDS: dict[str, str] = {
    "pending": N_("Pending"),
    "booked": N_("Booked"),
}
DIRECTION_WORDS: dict[str, str] = {
    "in": N_("Income"),
    "out": N_("Expense"),
    "neutral": N_("Not counted"),
}
BALANCE_SOURCE_WORDS: dict[str, str] = {
    "manual": N_("Entered by hand"),
    "sync": N_("From the platform"),
    "import": N_("From a statement"),
    "opening": N_("Opening balance, from a statement"),
}

PLATFORM_KINDS = tuple(PLATFORM_KIND_WORDS)
ACCOUNT_KINDS = tuple(ACCOUNT_KIND_WORDS)
MEMBER_ROLES = tuple(ROLE_WORDS)
CLASSES = tuple(BANK_CLASS_WORDS)  # bank account classes and payment-account classes alike
ECNY_TIERS = tuple(ECNY_TIER_WORDS)
TX_STATUSES = tuple(TX_STATUS_WORDS)
TX_DIRECTIONS = tuple(DIRECTION_WORDS)
BALANCE_SOURCES = tuple(BALANCE_SOURCE_WORDS)

# Accounts with a limit and a monthly bill: their balance is what is owed.
CREDIT_KINDS = frozenset({"credit_card", "credit_line"})
# The kinds of account a platform may hold (the account dialog offers only these).
KINDS_BY_PLATFORM: dict[str, tuple[str, ...]] = {
    "bank": ("debit_card", "credit_card", "fx_account", "money_market"),
    "payment_wallet": ("wallet_balance", "money_market", "credit_line"),
    "ecommerce": ("store_balance", "credit_line"),
    "money_market": ("money_market",),
    "credit": ("credit_line", "credit_card"),
    "ecny_wallet": ("ecny_wallet",),
    "fx_account": ("fx_account",),
}

# --- words that are not stored identifiers -------------------------------------------------------

# The fields a ValidationError names, as a person reads them ("Bound account: …", not "bound_account_id: …").
FIELD_WORDS: dict[str, str] = {
    "name": N_("Name"),
    "real_name": N_("Real name"),
    "id_number": N_("ID number"),
    "role": N_("Role"),
    "platform": N_("Platform"),
    "platform.name": N_("Platform name"),
    "platform.kind": N_("Platform kind"),
    "platform_kind": N_("Platform kind"),
    "platform.legal_entity": N_("Legal entity"),
    "kind": N_("Account kind"),
    "currency": N_("Currency"),
    "number": N_("Account number"),
    "bank_class": N_("Bank account class"),
    "bound_account_id": N_("Bound account"),
    "payment_class": N_("Payment account class"),
    "ecny_tier": N_("e-CNY wallet tier"),
    "ecny_operator": N_("e-CNY operator"),
    "credit_limit": N_("Credit limit"),
    "statement_day": N_("Statement day"),
    "due_day": N_("Due day"),
    "balance": N_("Balance"),
    "account": N_("Account"),
    "amount": N_("Amount"),
    "rate": N_("Exchange rate"),
    "direction": N_("Direction"),
    "category": N_("Category"),
    "counterparty": N_("Counterparty"),
    "memo": N_("Memo"),
    "parent": N_("Group"),
    # the household: approvals, family links, allowances, joint holders
    "member": N_("Member"),
    "approvers": N_("Approvers"),
    "approval_mode": N_("Who must approve"),
    "approval_kind": N_("Kind of request"),
    "expires_in": N_("Time to decide"),
    "summary": N_("Summary"),
    "comment": N_("Comment"),
    "weekly_amount": N_("Weekly allowance"),
    "platform_caps": N_("Weekly caps per platform"),
    "approval_limit": N_("Approval limit"),
    "threshold": N_("Amount needing both holders"),
    "note": N_("Note"),
    "to": N_("Receiver"),
    "arrival": N_("Arrival"),
    "source": N_("Source"),
    "idempotency_key": N_("Idempotency key"),
    "payee": N_("Payee"),
    "quote": N_("Exchange quote"),
}
RECORD_WORDS: dict[str, str] = {  # in messages: "No member with id 3."
    "member": N_("member"),
    "platform": N_("platform"),
    "account": N_("account"),
    "import": N_("import"),
    "transaction": N_("transaction"),
    "category": N_("category"),
    "category_rule": N_("category rule"),
    "approval": N_("approval request"),
    "family_link": N_("family payee link"),
    "allowance": N_("allowance"),
    "joint_holder": N_("joint holding"),
    "payee": N_("payee"),
    "transfer": N_("transfer"),
    "stepup_factor": N_("verification method"),
    "policy_setting": N_("policy setting"),
}
CATEGORY_WORDS: dict[str, str] = {
    "salary": N_("Salary"),
    "rent": N_("Rent"),
    "groceries": N_("Groceries"),
    "dining": N_("Dining"),
    "transport": N_("Transport"),
    "red_packet": N_("Red packet"),
    "refund": N_("Refund"),
    "interest": N_("Interest"),
    "repayment": N_("Repayment"),
    "transfer_own": N_("Between own accounts"),
    "transfer": N_("Transfer"),
    "shopping": N_("Shopping"),
    "utilities": N_("Utilities"),
    "education": N_("Education"),
    "other": N_("Other"),
    # the groups of app.ledger.categories, and the categories added with it
    "food": N_("Food and dining"),
    "housing": N_("Housing"),
    "health": N_("Health"),
    "entertainment": N_("Entertainment"),
    "finance": N_("Finance"),
    "transfers": N_("Transfers"),
    "income": N_("Income"),
    "clothing": N_("Clothing"),
    "electronics": N_("Electronics"),
    "sports": N_("Sports and outdoors"),
    "travel": N_("Travel"),
    "investment": N_("Investment"),
    "fees": N_("Fees"),
}
# The Overview's card groups (by what an account is to the household, not by who runs it).
CARD_GROUP_WORDS: dict[str, str] = {
    "bank": N_("Bank cards"),
    "wallet": N_("Wallets"),
    "fund": N_("Money-market funds"),
    "credit": N_("Credit cards and credit lines"),
    "ecny": N_("e-CNY"),
    "foreign": N_("Foreign currency"),
}

# The household's activity feed: what an audit event says someone did (app.services.activity).
ACTIVITY_WORDS: dict[str, str] = {
    "vault.created": N_("created the vault"),
    "vault.opened": N_("unlocked"),
    "vault.locked": N_("locked"),
    "vault.closed": N_("locked"),
    "vault.integrity_sealed": N_("sealed the vault's integrity checks"),
    "vault.passphrase_changed": N_("changed the vault's passphrase"),
    "vault.rekeyed": N_("replaced the vault's key"),
    "household.keys_adopted": N_("gave the household keys of its own"),
    "member.added": N_("added a member"),
    "member.changed": N_("changed a member"),
    "member.keys_set": N_("gave a member their own passphrase or PIN"),
    "member.keys_reset": N_("reset a member's passphrase or PIN"),
    "member.secret_changed": N_("changed their own passphrase"),
    "member.role_changed": N_("changed a member's role"),
    "member.pin_unlocked": N_("unlocked a minor's PIN"),
    "account.added": N_("added an account"),
    "account.changed": N_("changed an account"),
    "account.shared": N_("shared an account"),
    "account.unshared": N_("hid an account"),
    "balance.recorded": N_("recorded a balance"),
    "transactions.added": N_("added transactions"),
    "transaction.edited": N_("edited a transaction"),
    "import.committed": N_("imported a statement"),
    "import.undone": N_("undid an import"),
    "platform.added": N_("added a platform"),
    "platform.connected": N_("connected a platform"),
    "sync.completed": N_("synced a platform"),
    "sync.failed": N_("tried to sync a platform"),
    "approval.requested": N_("asked for an approval"),
    "approval.voted": N_("decided on an approval"),
    "approval.cancelled": N_("cancelled an approval"),
    "family_link.proposed": N_("offered a family payee"),
    "allowance.set": N_("set an allowance"),
    "approval.expired": N_("let an approval expire"),
    "family_link.confirmed": N_("confirmed a family payee"),
    "family_link.declined": N_("declined a family payee"),
    "family_link.removed": N_("removed a family payee"),
    "joint_holder.changed": N_("changed an account's joint holder"),
    "joint_holder.ended": N_("ended a joint holding"),
}


# --- reading them ---------------------------------------------------------------------------------


def word(table: Mapping[Any, str], key: str | int | None) -> str:
    """The translated word for ``key``; an unknown identifier is shown as it is rather than hidden."""
    if key is None:
        return ""
    source = table.get(key)
    return _(source) if isinstance(source, str) else str(key)


def field_label(field: str) -> str:
    """A field a message is about, in words; a setting's own key (of a column mapping file) as written."""
    return word(FIELD_WORDS, field)


def label(code: str) -> str:
    """The name of a record type or a platform/account kind, for messages."""
    for table in (RECORD_WORDS, ACCOUNT_KIND_WORDS, PLATFORM_KIND_WORDS, ROLE_WORDS):
        if code in table:
            return word(table, code)
    return code


def platform_kind(kind: str) -> str:
    return word(PLATFORM_KIND_WORDS, kind)


def account_kind(kind: str) -> str:
    return word(ACCOUNT_KIND_WORDS, kind)


def role(name: str) -> str:
    return word(ROLE_WORDS, name)


def activity(kind: str) -> str:
    """What an audit event of ``kind`` says someone did, in words (the kind itself when it has none)."""
    return word(ACTIVITY_WORDS, kind)


def bank_class(name: str | None) -> str:
    return word(BANK_CLASS_WORDS, name)


def payment_class(name: str | None) -> str:
    return word(PAYMENT_CLASS_WORDS, name)


def ecny_tier(tier: int | None) -> str:
    return word(ECNY_TIER_WORDS, tier)


def category(name: str) -> str:
    """A known category in words; a platform's or file's own category text is shown as written."""
    return word(CATEGORY_WORDS, name) if name else ""


def direction(name: str) -> str:
    return word(DIRECTION_WORDS, name)


def tx_status(name: str) -> str:
    return word(TX_STATUS_WORDS, name)


def direction_of_amount(amount: Decimal) -> str:
    """The direction a signed amount says when the source names none: in, out, or neutral for zero."""
    return "in" if amount > 0 else "out" if amount < 0 else "neutral"


def balance_source(name: str) -> str:
    return word(BALANCE_SOURCE_WORDS, name)


OVERDRAWN = "overdrawn"
OVER_LIMIT = "over_limit"


def balance_warning(kind: str, balance: Decimal | None, credit_limit: Decimal | None) -> str | None:
    """What is wrong with a balance, or None: owing on credit is normal, not a warning.

    ``OVERDRAWN`` when an account that holds money (debit card, wallet, store balance, e-CNY, money
    market, foreign currency) is below zero; ``OVER_LIMIT`` when a credit card or line owes more than
    its credit limit (a credit account without a limit is never warned about).
    """
    if balance is None:
        return None
    if kind in CREDIT_KINDS:
        if credit_limit is not None and credit_limit > 0 and -balance > credit_limit:
            return OVER_LIMIT
        return None
    return OVERDRAWN if balance < 0 else None


def card_group(name: str) -> str:
    return word(CARD_GROUP_WORDS, name)


# --- the household's decisions (app.household) ----------------------------------------------------

APPROVAL_KIND_WORDS: dict[str, str] = {
    "transfer": N_("Transfer"),
    "rule": N_("Allocation rule"),
    "family_link": N_("Family payee"),
    "joint_account": N_("Joint account"),
    "generic": N_("Request"),
}
APPROVAL_STATUS_WORDS: dict[str, str] = {
    "pending": N_("Awaiting approval"),
    "approved": N_("Approved"),
    "denied": N_("Denied"),
    "expired": N_("Expired"),
    "cancelled": N_("Cancelled"),
}
APPROVAL_MODE_WORDS: dict[str, str] = {
    "all": N_("Every one of them"),
    "any": N_("Any one of them"),
}
VOTE_WORDS: dict[str, str] = {
    "approve": N_("Approved"),
    "deny": N_("Denied"),
}
LINK_STATUS_WORDS: dict[str, str] = {
    "proposed": N_("Awaiting confirmation"),
    "confirmed": N_("Confirmed"),
    "declined": N_("Declined"),
    "removed": N_("Removed"),
}
APPROVAL_KINDS = tuple(APPROVAL_KIND_WORDS)
APPROVAL_STATUSES = tuple(APPROVAL_STATUS_WORDS)
APPROVAL_MODES = tuple(APPROVAL_MODE_WORDS)
LINK_STATUSES = tuple(LINK_STATUS_WORDS)


def approval_kind(name: str) -> str:
    return word(APPROVAL_KIND_WORDS, name)


def approval_status(name: str) -> str:
    return word(APPROVAL_STATUS_WORDS, name)


def approval_mode(name: str) -> str:
    return word(APPROVAL_MODE_WORDS, name)


def vote(name: str) -> str:
    return word(VOTE_WORDS, name)


def link_status(name: str) -> str:
    return word(LINK_STATUS_WORDS, name)
