"""How the sandbox's books look on the wire (docs/platform-api.md): plain dicts, amounts as strings.

Nothing here touches HTTP; ``app.py`` calls these under the world lock and serialises the result.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from typing import Any

from .history import fx_mid
from .ledger import CENT, CST, Account, Ledger, Txn
from .personalities import FX_BANDS, Personality
from .transfers import Transfer

JSON = dict[str, Any]
DEFAULT_LIMIT = 100
MAX_LIMIT = 500
FX_QUOTE_VALIDITY = timedelta(minutes=10)
FX_CURRENCIES = ("CNY", *FX_BANDS)


class BadRequest(ValueError):
    """A request the client got wrong (400 bad_request)."""


class NotFound(LookupError):
    """No such resource for this token (404 not_found; other users' accounts are "not found" too)."""


def amount_str(value: Decimal) -> str:
    # Amounts are whole fen by construction; refuse to hide a bug by rounding on the way out.
    if value != value.quantize(CENT):
        raise ValueError(f"amount {value} is not a whole number of minor units")
    return format(value.quantize(CENT), "f")


def amount_json(value: Decimal, currency: str) -> JSON:
    return {"amount": amount_str(value), "currency": currency}


def rfc3339(t: datetime) -> str:
    return t.astimezone(CST).isoformat()


def discovery_json(p: Personality, base: str, transfer_public_key: str | None = None) -> JSON:
    body: JSON = {
        "platform_id": p.platform_id,
        "name_zh": p.name_zh,
        "name_en": p.name_en,
        "kind": p.kind,
        "legal_entity": p.legal_entity,
        "authorization_endpoint": f"{base}/oauth/authorize",
        "token_endpoint": f"{base}/oauth/token",
        "api_version": "1.0",
        "capabilities": list(p.capabilities),
    }
    if "transfers" in p.capabilities and transfer_public_key:
        body["transfer_public_key"] = transfer_public_key
    return body


def account_json(a: Account) -> JSON:
    return {
        "account_id": a.account_id,
        "currency": a.currency,
        "kind": a.kind,
        "nickname": a.nickname,
        "identification_masked": a.identification_masked,
        "holder_name": a.holder_name,
        "bank_class": a.bank_class,
        "bound_account_id": a.bound_account_id,
        "payment_class": a.payment_class,
        "ecny_tier": a.ecny_tier,
        "ecny_operator": a.ecny_operator,
        "credit_limit": amount_json(a.credit_limit, a.currency) if a.credit_limit is not None else None,
        "statement_day": a.statement_day,
        "due_day": a.due_day,
        "opened_on": a.opened_on.isoformat(),
    }


def _signed_balance(
    kind: str, value: Decimal, currency: str, when: datetime, credit_lines: list[JSON]
) -> JSON:
    return {
        "type": kind,
        "amount": amount_json(abs(value), currency),
        "credit_debit_indicator": "credit" if value >= 0 else "debit",
        "date_time": rfc3339(when),
        "credit_lines": credit_lines,
    }


def balances_json(ledger: Ledger, a: Account, now: datetime) -> JSON:
    """closing_booked (start of today), interim_booked and interim_available (now), as UK OB does."""
    midnight = datetime.combine(now.date(), dtime(0), tzinfo=CST)
    closing = ledger.booked_balance(a.account_id, midnight - timedelta(microseconds=1))
    booked = ledger.booked_balance(a.account_id, now)
    held = sum(
        (t.amount for t in ledger.pending(a.account_id, now) if t.direction == "debit"), Decimal("0.00")
    )
    lines_booked: list[JSON] = []
    lines_available: list[JSON] = []
    available = booked - held
    if a.is_credit and a.credit_limit is not None:
        limit = amount_json(a.credit_limit, a.currency)
        # Booked balances show what is owed (credit line not included); available includes the line.
        lines_booked = [{"included": False, "type": "credit", "amount": limit}]
        lines_available = [{"included": True, "type": "credit", "amount": limit}]
        available += a.credit_limit
    data: JSON = {
        "account_id": a.account_id,
        "balances": [
            _signed_balance("closing_booked", closing, a.currency, midnight, lines_booked),
            _signed_balance("interim_booked", booked, a.currency, now, lines_booked),
            _signed_balance("interim_available", available, a.currency, now, lines_available),
        ],
    }
    st = ledger.open_statement(a.account_id, now)
    if st is not None:
        data["statement"] = {
            "statement_date": st.statement_date.isoformat(),
            "due_date": st.due_date.isoformat(),
            "statement_amount": amount_json(st.amount, a.currency),
            "minimum_payment": amount_json(st.minimum_payment, a.currency),
        }
    return data


def transaction_json(t: Txn, currency: str, now: datetime) -> JSON:
    booked = t.booking_time <= now
    return {
        "transaction_id": t.transaction_id,
        "status": "booked" if booked else "pending",
        "booking_date_time": rfc3339(t.booking_time) if booked else None,
        "value_date_time": rfc3339(t.value_time),
        "amount": amount_json(t.amount, currency),
        "credit_debit_indicator": t.direction,
        "counterparty_name": t.counterparty_name,
        "counterparty_account": t.counterparty_account,
        "remittance_information": t.memo,
        "category": t.category,
        "own_transfer_ref": t.own_transfer_ref,
        "merchant": t.merchant,
    }


# ------------------------------------------------------------------------------------ the change feed

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
FeedKey = tuple[int, int]  # (microseconds since the epoch of the latest change, seq in the account)
FEED_START: FeedKey = (0, -1)


def micros(t: datetime) -> int:
    """Microseconds since the epoch, in integers (a float timestamp could round a tie differently)."""
    return (t - EPOCH) // timedelta(microseconds=1)


def change_key(t: Txn, now: datetime) -> FeedKey:
    """Where a transaction sits in the feed at ``now``: at its latest change.

    A transaction first appears at its value time (pending, or booked at once) and changes when it
    books; its older entry is then dropped, so a walk lists each transaction once. Any change a client
    has not seen happened after the ``now`` of its last read, hence after every position it holds:
    positions never move, and a stored cursor yields exactly what appeared or changed since.
    """
    changed = t.booking_time if t.booking_time <= now else t.value_time
    return (micros(changed), t.seq)


def encode_cursor(account_id: str, key: FeedKey) -> str:
    # Opaque to clients: the feed position after a page, bound to its account.
    return base64.urlsafe_b64encode(f"v2|{account_id}|{key[0]}|{key[1]}".encode()).rstrip(b"=").decode()


def decode_cursor(cursor: str, account_id: str) -> FeedKey:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        version, acc, at_micros, seq = raw.split("|")
        if version != "v2" or acc != account_id:
            raise ValueError(raw)
        return (int(at_micros), int(seq))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise BadRequest("cursor is not one this API issued for this account") from None


def parse_limit(raw: str | None) -> int:
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise BadRequest(f"limit must be an integer within 1..{MAX_LIMIT}")
    return int(raw)


def parse_date(raw: str | None, name: str) -> date | None:
    if raw is None:
        return None
    try:
        if len(raw) != 10:  # fromisoformat would also take 20240105 and week dates
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise BadRequest(f"{name} must be a date YYYY-MM-DD") from None


def transactions_page(
    ledger: Ledger, a: Account, now: datetime, limit: int, after: FeedKey | None, from_booking: date | None
) -> tuple[list[JSON], FeedKey, bool]:
    """One page of the change feed after ``after``: (rows, the position after the page, has_more)."""
    start = after or FEED_START
    entries = []
    for t in ledger.visible(a.account_id, now):
        key = change_key(t, now)
        if key <= start:
            continue
        # Pending ones have no booking date yet: they are newer than any date filter, so they stay.
        booked_on = t.booking_time.astimezone(CST).date() if t.booking_time <= now else None
        if from_booking is not None and booked_on is not None and booked_on < from_booking:
            continue
        entries.append((key, t))
    entries.sort(key=lambda e: e[0])
    page = entries[:limit]
    position = page[-1][0] if page else start
    return [transaction_json(t, a.currency, now) for _, t in page], position, len(entries) > limit


# ------------------------------------------------------------------------------------ FX


def fx_quote_json(seed: int, now: datetime, src: str | None, dst: str | None) -> JSON:
    if src not in FX_CURRENCIES or dst not in FX_CURRENCIES:
        raise BadRequest(f"from and to must be among {', '.join(FX_CURRENCIES)}")
    day = now.date()
    rate = fx_mid(seed, src, day) / fx_mid(seed, dst, day)
    # Four decimals for rates of 1 or more (7.1234), six below (0.139876): enough for a fen on 10,000.
    rate = rate.quantize(Decimal("0.0001") if rate >= 1 else Decimal("0.000001"))
    return {
        "from": src,
        "to": dst,
        "rate": format(rate, "f"),
        "quoted_at": rfc3339(now),
        "valid_until": rfc3339(now + FX_QUOTE_VALIDITY),
    }


# ------------------------------------------------------------------------------------ transfers


def transfer_json(t: Transfer) -> JSON:
    order = t.order
    settled_in = t.status == "settled" and t.receiver is not None
    return {
        "transfer_id": t.transfer_id,
        "idempotency_key": t.idempotency_key,
        "status": t.status,
        "from_account": order.from_account,
        "to_platform": order.to_platform,
        "to_account": order.to_account,
        "amount": amount_json(order.amount, order.currency),
        "memo": order.memo,
        "created_at": rfc3339(t.created_at),
        "execute_at": rfc3339(t.execute_at) if t.execute_at else None,
        "settled_at": rfc3339(t.settled_at) if t.settled_at else None,
        "received_amount": amount_json(*t.received) if settled_in else None,
        "reason_code": t.reason_code,
        "reason": t.reason,
    }
