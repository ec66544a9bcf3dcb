"""Transfers on the sandbox's books: ``POST /transfers`` and friends, across every sandbox platform.

Money is conserved across the whole sandbox. A transfer inside one platform debits the sender and
credits the receiver at the same instant. To another sandbox platform the sender is debited at once
(the debit stays pending until the transfer clears), the transfer is ``clearing``, and the receiver is
credited ``Personality.clearing_seconds`` later, the way payments between institutions clear; a
receiver whose balance cap would break by then sends the money back. To an account no sandbox platform
knows the money leaves the sandbox: it is counted in ``outside`` so conservation stays checkable
(``sum of all balances + in_flight + outside`` moves only with the seeded histories' own flows).

A cross-currency transfer (platforms with an FX desk, ``fxdesk.py``) names a quote the member asked
for first (``quote``): it goes between the member's own accounts at that platform, debits the quote's
sell amount and credits exactly its buy amount at once; the desk is the counterparty, and its position
(``desk.position``) keeps conservation per currency: ``balances + in_flight + outside + fx_desk``.

Every operation that changed something is written to ``journal`` (submissions and cancellations with
the time they happened). The books are regenerated from the seed, so a sandbox brought back later
replays its journal at the recorded times, interleaved with the histories exactly as they first ran
(``World`` drives both through ``next_due`` / ``run_next``).
"""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from app.vault.crypto import sm3

from .fxdesk import DESK_NAME, FxDesk, Quote, QuoteRefused
from .ledger import CENT, CST, Account, Ledger, stable_hex
from .limits import Limit
from .personalities import Personality

JSON = dict[str, Any]
MAX_AMOUNT = Decimal("100000000.00")
MAX_SCHEDULE_AHEAD = timedelta(days=90)
MAX_TEXT = 140  # memo and payee name, in characters
OPEN_STATUSES = frozenset({"scheduled", "pending"})  # cancellable
MOVED_STATUSES = frozenset({"clearing", "settled"})  # money left the sender


class OrderInvalid(ValueError):
    """The order itself is malformed (400 bad_request); nothing is recorded."""


class Refused(Exception):
    """A refusal that is not a recorded rejection (``status`` and ``code`` of the problem answer)."""

    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Order:
    """A validated transfer order as the client sent it (inside the sealed body)."""

    from_account: str
    to_platform: str
    to_account: str
    to_name: str
    amount: Decimal
    currency: str
    memo: str
    execute_at: datetime | None = None
    quote_id: str | None = None

    @classmethod
    def from_json(cls, data: object) -> Order:
        if not isinstance(data, dict):
            raise OrderInvalid("the transfer order must be a JSON object")
        known = {"from_account", "to_platform", "to_account", "to_name", "amount", "memo", "execute_at", "quote_id"}
        unknown = set(data) - known
        if unknown:
            raise OrderInvalid(f"unknown fields in the transfer order: {', '.join(sorted(unknown))}")
        texts = {}
        for name in ("from_account", "to_platform", "to_account", "to_name"):
            value = data.get(name)
            if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
                raise OrderInvalid(f"{name} must be a non-empty string of at most {MAX_TEXT} characters")
            texts[name] = value
        memo = data.get("memo", "")
        if not isinstance(memo, str) or len(memo) > MAX_TEXT:
            raise OrderInvalid(f"memo must be a string of at most {MAX_TEXT} characters")
        amount_obj = data.get("amount")
        if not isinstance(amount_obj, dict) or set(amount_obj) != {"amount", "currency"}:
            raise OrderInvalid('amount must be {"amount": "12.34", "currency": "CNY"}')
        raw, currency = amount_obj["amount"], amount_obj["currency"]
        if not isinstance(raw, str) or not isinstance(currency, str) or len(currency) != 3 or not currency.isupper():
            raise OrderInvalid("amount.amount must be a decimal string and amount.currency an ISO 4217 code")
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            raise OrderInvalid(f"amount.amount {raw!r} is not a decimal string") from None
        if not amount.is_finite() or amount <= 0 or amount != amount.quantize(CENT) or amount > MAX_AMOUNT:
            raise OrderInvalid("amount.amount must be positive, in whole fen, at most 100,000,000.00")
        execute_at = None
        if data.get("execute_at") is not None:
            text = data["execute_at"]
            try:
                execute_at = datetime.fromisoformat(text) if isinstance(text, str) else None
            except ValueError:
                execute_at = None
            if execute_at is None or execute_at.tzinfo is None:
                raise OrderInvalid("execute_at must be an RFC 3339 date-time with an offset")
        quote_id = data.get("quote_id")
        if quote_id is not None and not isinstance(quote_id, str):
            raise OrderInvalid("quote_id must be a string or null")
        return cls(amount=amount.quantize(CENT), currency=currency, memo=memo, execute_at=execute_at,
                   quote_id=quote_id, **texts)

    def to_json(self) -> JSON:
        return {
            "from_account": self.from_account,
            "to_platform": self.to_platform,
            "to_account": self.to_account,
            "to_name": self.to_name,
            "amount": {"amount": format(self.amount, "f"), "currency": self.currency},
            "memo": self.memo,
            "execute_at": self.execute_at.isoformat() if self.execute_at else None,
            "quote_id": self.quote_id,
        }

    def digest(self) -> str:
        """SM3 of the order's canonical JSON: what "the same request" means for idempotency."""
        canonical = dict(self.to_json())
        if self.execute_at is not None:  # the same instant written with another offset is the same order
            canonical["execute_at"] = self.execute_at.astimezone(CST).isoformat()
        text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return sm3(text.encode("utf-8")).hex()


@dataclass
class Transfer:
    """One transfer the sandbox holds (under its platform, member and idempotency key)."""

    transfer_id: str
    platform_id: str
    member: str
    idempotency_key: str
    digest: str
    order: Order
    created_at: datetime
    status: str
    execute_at: datetime | None = None
    executed_at: datetime | None = None
    settled_at: datetime | None = None
    reason_code: str = ""
    reason: str = ""
    receiver: str | None = None  # the receiving account's id when it is in the sandbox
    quote: Quote | None = None  # the FX quote a cross-currency transfer uses

    @property
    def amount(self) -> Decimal:
        return self.order.amount

    @property
    def received(self) -> tuple[Decimal, str]:
        """What the receiver is credited, and in which currency (the quote's buy side for an exchange)."""
        if self.quote is not None:
            return self.quote.buy_amount, self.quote.buy_currency
        return self.order.amount, self.order.currency


class TransferBook:
    """Every transfer of every sandbox platform, the events still to come, and the journal."""

    def __init__(self, seed: int, ledger: Ledger, platforms: dict[str, Personality],
                 journal: list[JSON] | None = None, clearing_seconds: int | None = None) -> None:
        self.seed = seed
        self.ledger = ledger
        self.platforms = platforms
        self.clearing_seconds = clearing_seconds  # None: each sending platform's own
        self.transfers: dict[str, Transfer] = {}
        self.by_key: dict[tuple[str, str, str], str] = {}
        self.outside: dict[str, Decimal] = {}  # currency -> what left the sandbox
        self.desk = FxDesk(seed)  # quotes given, and the FX desks' position per currency
        self._events: list[tuple[datetime, int, str, str]] = []  # (time, seq, kind, transfer_id)
        self._seq = 0
        # (sorted is stable: operations at the same instant keep the order they happened in)
        self._replay: list[JSON] = sorted(journal or [], key=lambda e: datetime.fromisoformat(e["at"]))
        self.journal: list[JSON] = list(self._replay)  # what a sandbox brought back had, then what is new
        self._replaying = False

    # ------------------------------------------------------------------------ driving (World)

    def next_due(self, now: datetime) -> datetime | None:
        """The time of the next event or journalled operation at or before ``now`` (None: nothing due)."""
        times = []
        if self._events:
            times.append(self._events[0][0])
        if self._replay:
            times.append(datetime.fromisoformat(self._replay[0]["at"]))
        due = min(times) if times else None
        return due if due is not None and due <= now else None

    def run_next(self, at: datetime) -> None:
        """Run the one thing due at ``at``: events first (they happened before any request at the same
        instant was read), then the journal, in order."""
        if self._events and self._events[0][0] <= at:
            when, _seq, kind, transfer_id = heapq.heappop(self._events)
            t = self.transfers[transfer_id]
            if kind == "execute" and t.status == "scheduled":
                self._execute(t, when)
            elif kind == "settle" and t.status == "clearing":
                self._settle(t, when)
            return
        entry = self._replay.pop(0)
        when = datetime.fromisoformat(entry["at"])
        self._replaying = True
        try:
            if entry["op"] == "submit":
                if entry.get("quote"):  # the quote it used, as it was given
                    self.desk.restore(Quote.from_journal(entry["quote"]))
                self.submit(entry["platform"], entry["member"], entry["key"], Order.from_json(entry["order"]), when)
            elif entry["op"] == "cancel":
                self.cancel(entry["platform"], entry["member"], entry["transfer_id"], when)
        except Refused:
            pass  # it was refused then as well (nothing of it was journalled as a change)
        finally:
            self._replaying = False

    def _schedule(self, when: datetime, kind: str, transfer_id: str) -> None:
        self._seq += 1
        heapq.heappush(self._events, (when, self._seq, kind, transfer_id))

    def _journal(self, entry: JSON) -> None:
        if not self._replaying:
            self.journal.append(entry)

    # ------------------------------------------------------------------------ the API's operations

    def quote(self, platform_id: str, member: str, from_account: str, sell_amount: Decimal, buy_currency: str,
              now: datetime) -> Quote:
        """A firm quote for a cross-currency transfer (``POST /fx/quotes``). Only quotes a transfer used
        are journalled (with the transfer): a sandbox brought back forgets the others, which the client
        then hears as ``quote_unknown``. Raises Refused for another's account or a bad request."""
        p = self.platforms[platform_id]
        if "fx_quotes" not in p.capabilities or "transfers" not in p.capabilities or p.fx_spread is None:
            raise Refused(404, "not_found", "This platform makes no cross-currency transfers.")
        sender = self.ledger.accounts.get(from_account)
        if sender is None or sender.platform_id != platform_id or sender.member != member:
            raise Refused(404, "not_found", f"No account {from_account!r} for this consent.")
        if not sell_amount.is_finite() or sell_amount <= 0 or sell_amount != sell_amount.quantize(CENT) \
                or sell_amount > MAX_AMOUNT:
            raise Refused(400, "bad_request", "sell_amount must be positive, in whole fen, at most 100,000,000.00")
        try:
            q = self.desk.quote(p, member, from_account, sender.currency, buy_currency, sell_amount.quantize(CENT), now)
        except QuoteRefused as exc:
            raise Refused(400, "bad_request", str(exc)) from None
        return q

    def submit(self, platform_id: str, member: str, key: str, order: Order, now: datetime) -> tuple[Transfer, bool]:
        """Take an order; (the transfer, whether it is new). Raises Refused for a conflict or an order the
        platform cannot take at all; a refusal on the merits (funds, limits, unknown payee) is a
        transfer with status ``rejected``."""
        held = self.by_key.get((platform_id, member, key))
        if held is not None:
            first = self.transfers[held]
            if first.digest != order.digest():
                raise Refused(422, "idempotency_conflict",
                              "This x-idempotency-key was used for a different transfer.")
            return first, False
        p = self.platforms[platform_id]
        sender = self.ledger.accounts.get(order.from_account)
        if sender is None or sender.platform_id != platform_id or sender.member != member:
            raise Refused(404, "not_found", f"No account {order.from_account!r} for this consent.")
        if order.currency != sender.currency:
            raise Refused(400, "bad_request", f"The account {sender.account_id} holds {sender.currency}, "
                                              f"not {order.currency}.")
        if order.to_platform == platform_id and order.to_account == sender.account_id:
            raise Refused(400, "bad_request", "An account cannot send money to itself.")
        quote = self._quote_for(p, member, order, now)
        if order.execute_at is not None:
            if "scheduled_transfers" not in p.capabilities:
                raise Refused(422, "scheduled_not_supported", "This platform executes transfers at once only.")
            if not now < order.execute_at <= now + MAX_SCHEDULE_AHEAD:
                raise Refused(400, "bad_request", "execute_at must be in the future, at most 90 days ahead.")
        transfer_id = "tr_" + stable_hex(self.seed, platform_id, member, key, size=12)
        t = Transfer(transfer_id, platform_id, member, key, order.digest(), order, now, "pending",
                     execute_at=order.execute_at.astimezone(CST) if order.execute_at else None, quote=quote)
        self.transfers[transfer_id] = t
        self.by_key[(platform_id, member, key)] = transfer_id
        self._journal({"op": "submit", "at": now.isoformat(), "platform": platform_id, "member": member,
                       "key": key, "order": order.to_json(), "quote": quote.to_journal() if quote else None})
        problem = self._receiver_problem(t)
        if problem is not None:
            self._reject(t, *problem)
        elif t.execute_at is not None:
            t.status = "scheduled"
            self._schedule(t.execute_at, "execute", transfer_id)
        else:
            self._execute(t, now)
        return t, True

    def _quote_for(self, p: Personality, member: str, order: Order, now: datetime) -> Quote | None:
        """The quote a cross-currency order uses, checked against the order; Refused if it cannot be used."""
        if order.quote_id is None:
            return None
        if "fx_quotes" not in p.capabilities:
            raise Refused(422, "quote_unknown", "This platform makes no cross-currency transfers.")
        q = self.desk.held(p.platform_id, member, order.quote_id)
        if q is None:
            raise Refused(422, "quote_unknown", f"No quote {order.quote_id!r} was given to this consent.")
        if q.used_by is not None:
            raise Refused(422, "quote_used", "Another transfer has used this quote; ask for a new one.")
        if now > q.valid_until:
            raise Refused(422, "quote_expired", f"The quote expired at {q.valid_until.astimezone(CST).isoformat()}; "
                                                "ask for a new one.")
        if (order.from_account, order.amount, order.currency) != (q.from_account, q.sell_amount, q.sell_currency):
            raise Refused(422, "quote_mismatch", f"The quote sells {q.sell_amount} {q.sell_currency} from "
                                                 f"{q.from_account}, not {order.amount} {order.currency} from "
                                                 f"{order.from_account}.")
        if order.execute_at is not None:
            raise Refused(400, "bad_request", "A transfer at a quoted rate executes at once (no execute_at).")
        receiver = self.ledger.accounts.get(order.to_account)
        own_here = receiver is not None and receiver.platform_id == p.platform_id and order.to_platform == p.platform_id
        if not own_here or receiver is None or receiver.member != member:
            raise Refused(422, "not_supported", "Exchanges go only between your own accounts at this bank.")
        if receiver.currency != q.buy_currency:
            raise Refused(422, "quote_mismatch", f"The quote buys {q.buy_currency}; the receiving account holds "
                                                 f"{receiver.currency}.")
        return q

    def find(self, platform_id: str, member: str, transfer_id: str) -> Transfer | None:
        t = self.transfers.get(transfer_id)
        return t if t is not None and t.platform_id == platform_id and t.member == member else None

    def by_idempotency_key(self, platform_id: str, member: str, key: str) -> Transfer | None:
        held = self.by_key.get((platform_id, member, key))
        return self.transfers[held] if held is not None else None

    def cancel(self, platform_id: str, member: str, transfer_id: str, now: datetime) -> Transfer:
        t = self.find(platform_id, member, transfer_id)
        if t is None:
            raise Refused(404, "not_found", f"No transfer {transfer_id!r} for this consent.")
        if t.status not in OPEN_STATUSES:
            raise Refused(409, "not_cancellable", f"The transfer is {t.status} and can no longer be cancelled.")
        t.status = "cancelled"
        t.settled_at = now
        self._journal({"op": "cancel", "at": now.isoformat(), "platform": platform_id, "member": member,
                       "transfer_id": transfer_id})
        return t

    # ------------------------------------------------------------------------ conservation

    def in_flight(self) -> dict[str, Decimal]:
        """currency -> what senders were debited for and sandbox receivers have not been credited yet."""
        out: dict[str, Decimal] = {}
        for t in self.transfers.values():
            if t.status == "clearing" and t.receiver is not None:
                out[t.order.currency] = out.get(t.order.currency, Decimal("0.00")) + t.amount
        return out

    # ------------------------------------------------------------------------ execution

    def _receiver_problem(self, t: Transfer) -> tuple[str, str] | None:
        order = t.order
        to = self.platforms.get(order.to_platform)
        if to is None:
            return None  # leaves the sandbox
        receiver = self.ledger.accounts.get(order.to_account)
        if receiver is None or receiver.platform_id != to.platform_id:
            return "unknown_account", f"{to.name_en} has no account {order.to_account!r}."
        _amount, currency = t.received
        if receiver.currency != currency:
            return "currency_mismatch", f"The receiving account holds {receiver.currency}, not {currency}."
        if receiver.holder_name != order.to_name.strip():
            # Payer and payee names travel with a transfer and must agree (Anti-Telecom-Fraud Law Art. 19).
            return "name_mismatch", "The payee's name does not match the receiving account's holder."
        t.receiver = receiver.account_id
        return None

    def _reject(self, t: Transfer, code: str, reason: str) -> None:
        t.status = "rejected"
        t.reason_code = code
        t.reason = reason

    def _execute(self, t: Transfer, now: datetime) -> None:
        sender = self.ledger.accounts[t.order.from_account]
        if self.ledger.running[sender.account_id] < t.amount:
            self._reject(t, "insufficient_funds", "The account's balance does not cover the transfer.")
            return
        broken = self._broken_limit(t, sender, now)
        if broken is not None:
            self._reject(t, "limit_exceeded", f"{broken.rule}: {broken.source}")
            return
        receiver = self.ledger.accounts[t.receiver] if t.receiver else None
        cap = self._balance_cap(receiver, t.received[0]) if receiver else None
        if cap is not None:
            self._reject(t, "limit_exceeded", f"{cap.rule}: {cap.source}")
            return
        t.executed_at = now
        if t.quote is not None and receiver is not None:
            self._exchange(t, t.quote, sender, receiver, now)
            return
        own = receiver is not None and receiver.member == sender.member
        ref = "ot_" + stable_hex(self.seed, "transfer", t.transfer_id, size=8) if own else None
        category = "transfer_own" if own else "other"
        if receiver is not None and receiver.platform_id == sender.platform_id:
            self._post(sender, now, t, "debit", category, ref, receiver, booking=None)
            self._post(receiver, now, t, "credit", category, ref, sender, booking=None)
            t.status, t.settled_at = "settled", now
            return
        p = self.platforms[sender.platform_id]
        delay = timedelta(seconds=self.clearing_seconds if self.clearing_seconds is not None else p.clearing_seconds)
        self._post(sender, now, t, "debit", category, ref, receiver, booking=now + delay)
        if receiver is None:
            self.outside[t.order.currency] = self.outside.get(t.order.currency, Decimal("0.00")) + t.amount
        t.status = "clearing"
        self._schedule(now + delay, "settle", t.transfer_id)

    def _exchange(self, t: Transfer, q: Quote, sender: Account, receiver: Account, now: datetime) -> None:
        """Both legs at once with the desk as counterparty: two external flows, as the bank's own
        exchanges in the history are (an own transfer pairs legs in one currency only)."""
        self.ledger.post(sender.account_id, now, q.sell_amount, "debit", "other", DESK_NAME, t.order.memo,
                         counterparty_account=receiver.identification_masked, transfer_id=t.transfer_id)
        self.ledger.post(receiver.account_id, now, q.buy_amount, "credit", "other", DESK_NAME, t.order.memo,
                         counterparty_account=sender.identification_masked, transfer_id=t.transfer_id)
        self.desk.exchange(q, t.transfer_id)
        t.status, t.settled_at = "settled", now

    def _settle(self, t: Transfer, now: datetime) -> None:
        sender = self.ledger.accounts[t.order.from_account]
        t.settled_at = now
        if t.receiver is None:
            t.status = "settled"
            return
        receiver = self.ledger.accounts[t.receiver]
        own = receiver.member == sender.member
        ref = "ot_" + stable_hex(self.seed, "transfer", t.transfer_id, size=8) if own else None
        category = "transfer_own" if own else "other"
        cap = self._balance_cap(receiver, t.amount)
        if cap is not None:
            # The receiving institution sends it back: the sender is credited, nothing is lost.
            self.ledger.post(sender.account_id, now, t.amount, "credit", "refund", receiver.holder_name,
                             f"退回：{t.order.memo}".strip(), counterparty_account=receiver.identification_masked,
                             transfer_id=t.transfer_id)
            self._reject(t, "limit_exceeded", f"returned by the receiving platform: {cap.rule}: {cap.source}")
            return
        self._post(receiver, now, t, "credit", category, ref, sender, booking=None)
        t.status = "settled"

    def _post(self, account: Account, when: datetime, t: Transfer, direction: str, category: str,
              ref: str | None, other: Account | None, booking: datetime | None) -> None:
        if other is not None:
            name, number = other.holder_name, other.identification_masked
        else:
            name, number = t.order.to_name, "**** " + t.order.to_account[-4:]
        self.ledger.post(account.account_id, when, t.amount, direction, category, name, t.order.memo,
                         booking_time=booking, counterparty_account=number, own_transfer_ref=ref,
                         transfer_id=t.transfer_id)

    # ------------------------------------------------------------------------ limits

    def _broken_limit(self, t: Transfer, sender: Account, now: datetime) -> Limit | None:
        p = self.platforms[sender.platform_id]
        for limit in p.limits:
            if limit.measure == "balance_after" or not self._applies(limit, sender):
                continue
            if self._exempt(limit, sender, t):
                continue
            if limit.measure == "per_payment":
                used = Decimal("0.00")
            else:
                used = self._used(limit, sender, now)
            if used + t.amount > limit.amount:
                return limit
        return None

    def _balance_cap(self, receiver: Account, amount: Decimal) -> Limit | None:
        p = self.platforms[receiver.platform_id]
        for limit in p.limits:
            if limit.measure == "balance_after" and self._applies(limit, receiver):
                if self.ledger.running[receiver.account_id] + amount > limit.amount:
                    return limit
        return None

    @staticmethod
    def _applies(limit: Limit, a: Account) -> bool:
        return limit.applies_to(a.bank_class, a.payment_class, a.ecny_tier)

    def _exempt(self, limit: Limit, sender: Account, t: Transfer) -> bool:
        if limit.exempt == "bound_account":
            return t.receiver is not None and t.receiver == sender.bound_account_id
        if limit.exempt == "own_bank_account":
            if t.receiver is None:
                return False
            receiver = self.ledger.accounts[t.receiver]
            kind = self.platforms[receiver.platform_id].kind
            return kind == "bank" and receiver.member == sender.member and not receiver.is_credit
        return False

    def _used(self, limit: Limit, sender: Account, now: datetime) -> Decimal:
        """What earlier transfers already used of ``limit``: counted outflows over its scope and period."""
        if limit.scope == "person":
            scope = {a.account_id for a in self.ledger.accounts_of(sender.platform_id, sender.member)
                     if self._same_family(limit, a)}
        else:
            scope = {sender.account_id}
        today = now.astimezone(CST).date()
        used = Decimal("0.00")
        for other in self.transfers.values():
            # Only money that left counts (a transfer sent back by its receiver does not).
            if other.status not in MOVED_STATUSES or other.executed_at is None:
                continue
            if other.order.from_account not in scope:
                continue
            day = other.executed_at.astimezone(CST).date()
            if limit.measure == "per_day" and day != today:
                continue
            if limit.measure == "per_year" and day.year != today.year:
                continue
            if self._exempt(limit, self.ledger.accounts[other.order.from_account], other):
                continue
            used += other.amount
        return used

    @staticmethod
    def _same_family(limit: Limit, a: Account) -> bool:
        # "All the person's payment accounts": whatever their class, on this platform.
        if limit.payment_class is not None:
            return a.payment_class is not None
        if limit.bank_class is not None:
            return a.bank_class == limit.bank_class
        return a.ecny_tier == limit.ecny_tier


def limits_table(platforms: dict[str, Personality]) -> list[JSON]:
    """Every platform's limits as plain data (amounts as strings), for people and integration tests."""
    rows = []
    for p in platforms.values():
        for limit in p.limits:
            rows.append({
                "platform_id": p.platform_id, "rule": limit.rule, "amount": format(limit.amount, "f"),
                "measure": limit.measure, "bank_class": limit.bank_class, "payment_class": limit.payment_class,
                "ecny_tier": limit.ecny_tier, "scope": limit.scope, "exempt": limit.exempt, "source": limit.source,
            })
    return rows
