"""The sandbox's own books: accounts, transactions, credit statements and the sandbox clock.

Money is ``Decimal`` end to end (never float). A transaction's ``amount`` is positive and its
``direction`` says which way it moves (credit = money in); a balance is signed (negative = owed).

Visibility follows the clock: a transaction exists once ``value_time <= now`` and is booked once
``booking_time <= now``; until then it is pending. The history generator posts in value-time order per
account, so "what exists at ``now``" is a prefix of each account's list (a bisect), and the feed order
of ``views.change_key`` (latest change first seen) never has to move anything a client already read.
"""

from __future__ import annotations

import hashlib
import threading
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import ROUND_HALF_UP, Decimal

from app import clock
from app.clock import Clock
from app.ledger.vocabulary import CREDIT_KINDS

CST = clock.SHANGHAI  # China has one zone and no DST: a fixed offset is exact
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def round_fen(value: Decimal) -> Decimal:
    """Half-up to the fen (0.005 -> 0.01), the one rounding rule the sandbox uses."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def stable_hex(*parts: object, size: int = 10) -> str:
    # hashlib, not hash(): str hashes are salted per process and would break seed determinism.
    text = "|".join(str(p) for p in parts)
    return hashlib.blake2b(text.encode(), digest_size=size).hexdigest()


class SandboxClock:
    """The sandbox's time: the app's clock (``app.clock``), moved on by ``advance``.

    Served (``huiliu sandbox serve``, the demo) it runs in real time. In tests the app's clock is a fixed
    one, so the sandbox stands still unless advanced and the same seed gives byte-identical responses
    however long a run takes.

    * ``now()``: the books' time (Asia/Shanghai). With a pinned ``today`` it starts at 12:00 of that day
      and runs on from there; otherwise it is the app's now.
    * ``auth_now()``: epoch seconds for token, code and consent lifetimes. It is never shifted to the
      pinned day, so the expiry times a client reads agree with the client's own clock.

    Neither ever moves backwards, even when a test puts the app's clock back.
    """

    def __init__(self, today: date | None = None, base: Clock | None = None) -> None:
        self._base = base  # None: whichever clock app.clock has installed at each reading
        start = self._base_now()
        self._shift = (
            datetime.combine(today, dtime(12, 0), tzinfo=CST) - start if today is not None else timedelta(0)
        )
        self._offset = timedelta(0)
        self._last = start.astimezone(CST) + self._shift
        self._last_auth = start.timestamp()
        self._lock = threading.Lock()

    def _base_now(self) -> datetime:
        return (self._base or clock.get()).now()

    def now(self) -> datetime:
        with self._lock:
            self._last = max(self._last, (self._base_now() + self._shift + self._offset).astimezone(CST))
            return self._last

    def auth_now(self) -> float:
        with self._lock:
            self._last_auth = max(self._last_auth, (self._base_now() + self._offset).timestamp())
            return self._last_auth

    def advance(self, delta: timedelta) -> None:
        if delta < timedelta(0):
            raise ValueError("the sandbox clock only moves forward")
        with self._lock:
            self._offset += delta


@dataclass
class Account:
    platform_id: str
    account_id: str
    member: str
    kind: str
    currency: str
    nickname: str
    identification_masked: str
    holder_name: str
    opened_on: date
    opening_balance: Decimal  # signed, at the start of the history
    bank_class: str | None = None
    bound_account_id: str | None = None
    payment_class: str | None = None
    ecny_tier: int | None = None
    ecny_operator: str | None = None
    credit_limit: Decimal | None = None
    statement_day: int | None = None
    due_day: int | None = None

    @property
    def is_credit(self) -> bool:
        return self.kind in CREDIT_KINDS


@dataclass
class Txn:
    transaction_id: str
    account_id: str
    seq: int  # position in the account's append-only order
    value_time: datetime
    booking_time: datetime
    amount: Decimal  # positive
    direction: str  # credit | debit
    category: str
    counterparty_name: str
    memo: str
    counterparty_account: str | None = None
    merchant: str | None = None
    own_transfer_ref: str | None = None
    transfer_id: str | None = None  # a leg of a transfer made through POST /transfers

    @property
    def signed(self) -> Decimal:
        return self.amount if self.direction == "credit" else -self.amount


@dataclass
class Statement:
    """A credit bill: owed amount at the statement cut-off, repaid in full on the due date."""

    account_id: str
    statement_date: date
    due_date: date
    amount: Decimal
    minimum_payment: Decimal
    repaid_at: datetime  # when the repayment posts; the bill is open before that


@dataclass
class Ledger:
    seed: int
    accounts: dict[str, Account] = field(default_factory=dict)  # account_id -> Account
    txns: dict[str, list[Txn]] = field(default_factory=dict)  # account_id -> txns in seq order
    statements: dict[str, list[Statement]] = field(default_factory=dict)
    running: dict[str, Decimal] = field(default_factory=dict)  # every posted txn, pending or not
    _value_times: dict[str, list[datetime]] = field(default_factory=dict)
    _ref_counter: int = 0

    # ---------------------------------------------------------------------------- writing (history)

    def open(self, account: Account) -> None:
        account.opening_balance = round_fen(account.opening_balance)
        self.accounts[account.account_id] = account
        self.txns[account.account_id] = []
        self._value_times[account.account_id] = []
        self.statements[account.account_id] = []
        self.running[account.account_id] = account.opening_balance

    def post(
        self,
        account_id: str,
        when: datetime,
        amount: Decimal,
        direction: str,
        category: str,
        counterparty_name: str,
        memo: str,
        *,
        booking_time: datetime | None = None,
        counterparty_account: str | None = None,
        merchant: str | None = None,
        own_transfer_ref: str | None = None,
        transfer_id: str | None = None,
    ) -> Txn:
        if not isinstance(amount, Decimal) or amount <= 0 or amount != round_fen(amount):
            raise ValueError(f"bad amount {amount!r}")
        amount = round_fen(amount)  # exact already; this only fixes the exponent so it prints as 12.00
        times = self._value_times[account_id]
        if times and when < times[-1]:
            # Visibility is a prefix of the list (bisect on value time); refuse anything that breaks it.
            raise ValueError("transactions must be posted in value-time order per account")
        seq = len(times)
        txn = Txn(
            transaction_id="tx_" + stable_hex(self.seed, account_id, seq),
            account_id=account_id,
            seq=seq,
            value_time=when,
            booking_time=booking_time or when,
            amount=amount,
            direction=direction,
            category=category,
            counterparty_name=counterparty_name,
            memo=memo,
            counterparty_account=counterparty_account,
            merchant=merchant,
            own_transfer_ref=own_transfer_ref,
            transfer_id=transfer_id,
        )
        self.txns[account_id].append(txn)
        times.append(when)
        self.running[account_id] += txn.signed
        return txn

    def own_transfer(
        self, src: str, dst: str, when: datetime, amount: Decimal, category: str, memo: str
    ) -> str:
        """Two legs booked at the same instant, so the household total never moves in between."""
        if self.accounts[src].currency != self.accounts[dst].currency:
            raise ValueError("own transfers stay in one currency (an exchange is an external flow)")
        self._ref_counter += 1
        ref = "ot_" + stable_hex(self.seed, "own", self._ref_counter, size=8)
        a, b = self.accounts[src], self.accounts[dst]
        self.post(
            src,
            when,
            amount,
            "debit",
            category,
            b.holder_name,
            memo,
            counterparty_account=b.identification_masked,
            own_transfer_ref=ref,
        )
        self.post(
            dst,
            when,
            amount,
            "credit",
            category,
            a.holder_name,
            memo,
            counterparty_account=a.identification_masked,
            own_transfer_ref=ref,
        )
        return ref

    # ---------------------------------------------------------------------------- reading (API)

    def visible(self, account_id: str, now: datetime) -> list[Txn]:
        """Transactions that exist at ``now`` (value time reached), in seq order."""
        n = bisect_right(self._value_times[account_id], now)
        return self.txns[account_id][:n]

    def booked_balance(self, account_id: str, at: datetime) -> Decimal:
        total = self.accounts[account_id].opening_balance
        for t in self.visible(account_id, at):
            if t.booking_time <= at:
                total += t.signed
        return total

    def pending(self, account_id: str, now: datetime) -> list[Txn]:
        return [t for t in self.visible(account_id, now) if t.booking_time > now]

    def open_statement(self, account_id: str, now: datetime) -> Statement | None:
        """The latest bill if it is issued and not yet repaid at ``now``."""
        for st in reversed(self.statements.get(account_id, [])):
            if datetime.combine(st.statement_date, dtime(0), tzinfo=CST) <= now:
                return st if now < st.repaid_at else None
        return None

    def accounts_of(self, platform_id: str, member: str) -> list[Account]:
        return [a for a in self.accounts.values() if a.platform_id == platform_id and a.member == member]
