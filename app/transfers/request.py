"""A transfer request as the intent is formed: what is asked, its idempotency key and its digest.

The key is made when the intent is formed (the form opens, a rule proposes, a member asks) and stays
with the request for good: sending it again with the same key can never move money twice, and the same
key with a different request is refused. The digest is SM3 over the request's canonical form (sorted
JSON, the amount as text with exactly the currency's minor units): a step-up proof is bound to it.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from app.errors import UnknownCurrency, ValidationError
from app.i18n import _
from app.money import minor_digits
from app.vault.crypto import sm3

ARRIVALS = ("realtime", "normal", "nextday")
SOURCES = ("manual", "rule", "family")
MAX_MEMO = 140  # characters: what banks carry in a transfer's purpose field


def new_key() -> str:
    """A fresh idempotency key (128 random bits, hex)."""
    return secrets.token_hex(16)


@dataclass(frozen=True)
class TransferRequest:
    """Move ``amount`` ``currency`` from one of the vault's accounts to another or to a payee."""

    from_account_id: int
    amount: Decimal
    currency: str
    memo: str = ""
    to_account_id: int | None = None
    payee_id: int | None = None
    arrival: str = "realtime"
    source: str = "manual"
    idempotency_key: str = field(default_factory=new_key)
    quote_id: str | None = None  # the platform's FX quote a cross-currency transfer uses (``quote_transfer``)

    def checked(self) -> TransferRequest:
        """This request with its amount at the currency's minor units; a clear error for what is wrong."""
        code = (self.currency or "").strip().upper()
        try:
            places = minor_digits(code)
        except UnknownCurrency:
            raise ValidationError("currency", _("a currency is a three-letter code such as CNY")) from None
        try:
            amount = Decimal(self.amount)
        except (InvalidOperation, TypeError, ValueError):
            raise ValidationError("amount", _("the amount is not a number")) from None
        if not amount.is_finite() or amount <= 0:
            raise ValidationError("amount", _("the amount must be more than zero"))
        if amount != amount.quantize(Decimal(1).scaleb(-places)):
            raise ValidationError("amount", _("{currency} amounts have at most {places} decimal places").format(
                currency=code, places=places))
        if (self.to_account_id is None) == (self.payee_id is None):
            raise ValidationError("to", _("choose one receiver: one of your accounts, a family account or a payee"))
        if self.to_account_id == self.from_account_id:
            raise ValidationError("to", _("the receiving account is the sending account"))
        if self.arrival not in ARRIVALS:
            raise ValidationError("arrival", _("arrival is real-time, normal or next-day"))
        if self.source not in SOURCES:
            raise ValidationError("source", _("unknown source of a transfer: {source}").format(source=self.source))
        memo = " ".join((self.memo or "").split())
        if len(memo) > MAX_MEMO:
            raise ValidationError("memo", _("a memo has at most {n} characters").format(n=MAX_MEMO))
        key = self.idempotency_key
        if not (8 <= len(key) <= 64) or not all(ch.isalnum() or ch in "-_" for ch in key):
            raise ValidationError("idempotency_key", _("an idempotency key is 8 to 64 letters, digits, - or _"))
        quote = (self.quote_id or "").strip() or None
        if quote is not None and (len(quote) > 128 or not quote.isprintable()):
            raise ValidationError("quote", _("this is not a quote a platform gave"))
        return TransferRequest(self.from_account_id, amount.quantize(Decimal(1).scaleb(-places)), code, memo,
                               self.to_account_id, self.payee_id, self.arrival, self.source, key, quote)

    def canonical(self) -> str:
        """The request as canonical JSON (what its digest and the stored copy are made of)."""
        return json.dumps({
            "from": self.from_account_id, "to_account": self.to_account_id, "payee": self.payee_id,
            "amount": str(self.amount), "currency": self.currency, "memo": self.memo, "arrival": self.arrival,
            "source": self.source, "key": self.idempotency_key, "quote": self.quote_id,
        }, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def digest(self) -> bytes:
        """SM3 of the canonical request: what a step-up proof and the stored intent are bound to."""
        return sm3(self.canonical().encode("utf-8"))

    @classmethod
    def from_canonical(cls, text: str) -> TransferRequest:
        data = json.loads(text)
        return cls(int(data["from"]), Decimal(data["amount"]), data["currency"], data["memo"], data["to_account"],
                   data["payee"], data["arrival"], data["source"], data["key"], data.get("quote"))
