"""Names people read for the identifiers the core stores (kinds, classes, roles, record types)."""

from __future__ import annotations

from app.i18n import N_, _

LABELS = {
    # record types
    "member": N_("member"),
    "platform": N_("platform"),
    "account": N_("account"),
    # platform kinds
    "bank": N_("bank"),
    "payment_wallet": N_("payment wallet"),
    "ecommerce": N_("e-commerce platform"),
    "money_market": N_("money-market fund"),
    "credit": N_("credit provider"),
    "ecny_wallet": N_("e-CNY wallet"),
    "fx_account": N_("foreign-currency account"),
    # account kinds (money_market, ecny_wallet and fx_account share the names above)
    "debit_card": N_("bank card"),
    "credit_card": N_("credit card"),
    "wallet_balance": N_("wallet balance"),
    "credit_line": N_("credit line"),
    "store_balance": N_("store balance"),
    # member roles
    "adult": N_("adult"),
    "teen": N_("teenager"),
    "child": N_("child"),
}


def label(code: str) -> str:
    """The translated name of a stored identifier (the identifier itself when unknown)."""
    return _(LABELS[code]) if code in LABELS else code
