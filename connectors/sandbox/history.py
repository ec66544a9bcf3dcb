"""Seeded, deterministic history of the sandbox household: one year of everyday money up to "today".

The simulation runs day by day. Each day first *plans* its actions (each a time and a callable; the
plan draws from the RNG in a fixed order), then runs them in time order, so a payment can look at the
balance the account really has at that moment. Future work (refunds, bill repayments) is scheduled into
later days. Running up to the clock's now and carrying on later (after ``Sandbox.advance``, or as real
time passes) produces exactly what one long run would have: the RNG just carries on.

The household's platforms share one RNG (own transfers cross platforms). Each extra benchmark platform
has its own RNG, so adding extra platforms never changes the household's history.
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dtime
from decimal import Decimal
from functools import partial

from .ledger import CENT, CST, Account, Ledger, Statement, round_fen, stable_hex
from .personalities import (
    BANK_DEMAND_RATE,
    FX_BANDS,
    MEMBERS,
    AccountSpec,
    Personality,
)

Action = Callable[[], None]

GROCERS = ["鲜丰超市", "邻里菜场", "家乐汇超市", "四季果园", "禾田生鲜", "好邻居便利店"]
DINING = ["老街面馆", "川味小馆", "茶语奶茶", "一杯咖啡", "粤香茶餐厅", "东北饺子馆", "湘味轩", "小林寿司"]
SHOPS = ["京选自营", "优品家居", "运动派", "数码小站", "童趣书店", "衣橱优选"]
STORE_ITEMS = ["洗衣液", "电饭煲", "儿童书包", "运动鞋", "蓝牙耳机", "纸巾整箱", "牛奶整箱", "台灯", "练习册"]
RELATIVES = [
    "表哥 王强",
    "姑姑 王芳",
    "舅舅 李军",
    "外婆 张秀英",
    "奶奶 刘桂兰",
    "同事 赵磊",
    "同学 陈晨",
    "小姨 李娟",
]
HK_MERCHANTS = ["维港茶餐厅", "旺角百货", "港铁", "铜锣湾药妆店"]

EMPLOYER_1 = "星河科技有限公司"
EMPLOYER_2 = "汇城市明德中学"
LANDLORD = "张立新"
DELAYED_KINDS = frozenset({"debit_card", "credit_card"})  # card purchases clear a day or two later


def money(rng: random.Random, lo: float | int, hi: float | int) -> Decimal:
    """A random amount in [lo, hi] drawn in whole fen (the bounds are plain numbers, never money)."""
    return (Decimal(rng.randint(int(round(lo * 100)), int(round(hi * 100)))) / 100).quantize(CENT)


def at(rng: random.Random, d: date, h0: float, h1: float) -> datetime:
    """A random second of day ``d`` between hours h0 and h1 (Asia/Shanghai)."""
    sec = rng.randrange(int(h0 * 3600), int(h1 * 3600))
    return datetime.combine(d, dtime(0), tzinfo=CST) + timedelta(seconds=sec)


def one_year_before(today: date) -> date:
    try:
        return today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year - 1, day=28)


def masked(p: Personality, spec: AccountSpec, seed: int) -> str:
    digits = int(stable_hex(seed, p.platform_id, spec.member, spec.slot, "mask"), 16)
    last4 = f"{digits % 10000:04d}"
    user = p.usernames.get(spec.member, spec.member)
    if spec.mask_style == "phone" and user.isdigit():
        return f"{user[:3]}****{user[-4:]}"
    if spec.mask_style == "handle":
        return f"{user[:2]}****{user[-2:]}"
    if spec.mask_style == "ecny":
        return f"0021 **** **** {last4}"
    if spec.mask_style == "iban":
        return f"{spec.currency} **** {last4}"
    bin4 = {"credit_card": "6258"}.get(spec.kind, "6230")
    return f"{bin4} **** **** {last4}"


def open_accounts(ledger: Ledger, p: Personality, seed: int, start: date) -> None:
    """Open the platform's accounts with seeded opening balances and opening dates."""
    for spec in p.accounts:
        rng = random.Random(stable_hex(seed, p.platform_id, spec.member, spec.slot, "open"))
        lo, hi = spec.opening
        opening = money(rng, lo, hi) if (lo, hi) != (0, 0) else Decimal("0.00")
        back = rng.randint(200, 900) if MEMBERS[spec.member].role == "teen" else rng.randint(400, 3650)
        bound = f"{p.id_prefix}-{spec.member}-{spec.bound_slot}" if spec.bound_slot else None
        ledger.open(
            Account(
                platform_id=p.platform_id,
                account_id=p.account_id(spec),
                member=spec.member,
                kind=spec.kind,
                currency=spec.currency,
                nickname=spec.nickname,
                identification_masked=masked(p, spec, seed),
                holder_name=MEMBERS[spec.member].name_zh,
                opened_on=start - timedelta(days=back),
                opening_balance=opening,
                bank_class=spec.bank_class,
                bound_account_id=bound,
                payment_class=spec.payment_class,
                ecny_tier=spec.ecny_tier,
                ecny_operator=spec.ecny_operator,
                credit_limit=spec.credit_limit,
                statement_day=spec.statement_day,
                due_day=spec.due_day,
            )
        )


def due_date_for(statement: date, due_day: int) -> date:
    if due_day > statement.day:
        return statement.replace(day=due_day)
    y, m = (statement.year + 1, 1) if statement.month == 12 else (statement.year, statement.month + 1)
    return date(y, m, due_day)


@dataclass
class DayPlan:
    """One day's actions, run in time order (ties keep planning order)."""

    items: list[tuple[datetime, int, Action]]

    def add(self, when: datetime, action: Action) -> None:
        self.items.append((when, len(self.items), action))


class DayByDay:
    """Shared machinery: day loop, scheduling, paying with fallbacks, refunds and statements."""

    def __init__(self, ledger: Ledger, rng: random.Random, start: date) -> None:
        self.ledger = ledger
        self.rng = rng
        self.next_day = start
        self.scheduled: dict[date, list[tuple[datetime, Action]]] = {}
        self._now = datetime.combine(start, dtime(0), tzinfo=CST)  # time of the action being run
        self._today_left: deque[tuple[datetime, int, Action]] = deque()  # planned, not yet run

    def run_until(self, now: datetime) -> None:
        """Run every action up to and including ``now``; the rest of today's plan waits for the clock.

        Nothing later than ``now`` is posted, so the books end at the present and a posting made at
        ``now`` (a transfer, say) keeps the per-account value-time order. Stopping mid-day changes
        nothing: the day was planned whole, and its actions run later in the same order.
        """
        while True:
            if not self._today_left:
                if self.next_day > now.date():
                    return
                d = self.next_day
                plan = DayPlan([])
                self.plan_day(d, plan)
                for when, action in self.scheduled.pop(d, []):
                    plan.add(when, action)
                self._today_left = deque(sorted(plan.items, key=lambda x: (x[0], x[1])))
                self.next_day = d + timedelta(days=1)
            while self._today_left and self._today_left[0][0] <= now:
                when, _i, action = self._today_left.popleft()
                self._now = when  # an action posts at its planned time, which keeps value-time order
                action()
            if self._today_left:
                return

    def plan_day(self, d: date, plan: DayPlan) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def schedule(self, when: datetime, action: Action) -> None:
        self.scheduled.setdefault(when.date(), []).append((when, action))

    # ---- planning helpers: each adds one action to the day's plan, posting at the planned time

    def pay(
        self,
        plan: DayPlan,
        when: datetime,
        options: list[str],
        amount: Decimal,
        category: str,
        counterparty: str,
        memo: str,
        merchant: str | None = None,
        refund_rate: float = 0.0,
    ) -> None:
        plan.add(
            when, partial(self._pay_now, options, amount, category, counterparty, memo, merchant, refund_rate)
        )

    def income(
        self,
        plan: DayPlan,
        when: datetime,
        account_id: str,
        amount: Decimal,
        category: str,
        counterparty: str,
        memo: str,
        cp_account: str | None = None,
    ) -> None:
        plan.add(
            when, partial(self._credit_now, account_id, amount, category, counterparty, memo, cp_account)
        )

    def move(
        self, plan: DayPlan, when: datetime, src: str, dst: str, amount: Decimal, memo: str, keep: int = 0
    ) -> None:
        plan.add(when, partial(self._move_now, src, dst, amount, memo, keep))

    def _pay_now(
        self,
        options: list[str],
        amount: Decimal,
        category: str,
        counterparty: str,
        memo: str,
        merchant: str | None,
        refund_rate: float,
    ) -> None:
        self.spend(
            self._now,
            options,
            amount,
            category,
            counterparty,
            memo,
            merchant=merchant,
            refund_rate=refund_rate,
        )

    def _credit_now(
        self,
        account_id: str,
        amount: Decimal,
        category: str,
        counterparty: str,
        memo: str,
        cp_account: str | None,
    ) -> None:
        self.ledger.post(
            account_id,
            self._now,
            amount,
            "credit",
            category,
            counterparty,
            memo,
            counterparty_account=cp_account,
        )

    def _move_now(self, src: str, dst: str, amount: Decimal, memo: str, keep: int) -> None:
        """Own transfer if ``src`` keeps at least ``keep`` afterwards (people do not empty accounts)."""
        if self.ledger.running[src] - amount >= keep:
            self.ledger.own_transfer(src, dst, self._now, amount, "transfer_own", memo)

    # ---- paying

    def acct(self, account_id: str) -> Account:
        return self.ledger.accounts[account_id]

    def can_pay(self, account_id: str, amount: Decimal) -> bool:
        a = self.acct(account_id)
        bal = self.ledger.running[account_id]
        if a.is_credit:
            return (a.credit_limit or Decimal(0)) + bal >= amount
        if a.ecny_tier == 4 and amount > Decimal("2000"):
            return False  # tier-4 e-CNY wallets cap a single payment at 2,000
        return bal >= amount

    def spend(
        self,
        when: datetime,
        options: list[str],
        amount: Decimal,
        category: str,
        counterparty: str,
        memo: str,
        *,
        merchant: str | None = None,
        refund_rate: float = 0.0,
    ) -> str | None:
        """Pay from the first account in ``options`` that can; returns the account used (or None)."""
        for account_id in options:
            if not self.can_pay(account_id, amount):
                continue
            booking = None
            if self.acct(account_id).kind in DELAYED_KINDS:
                # Card purchases clear T+1 or T+2 before 11:00: these are the pending ones near "today",
                # and any of them is booked once the clock has moved two days on.
                delay = 1 if self.rng.random() < 0.6 else 2
                booking = at(self.rng, when.date() + timedelta(days=delay), 2, 11)
            self.ledger.post(
                account_id,
                when,
                amount,
                "debit",
                category,
                counterparty,
                memo,
                booking_time=booking,
                merchant=merchant,
            )
            if refund_rate and self.rng.random() < refund_rate:
                self._schedule_refund(account_id, when, amount, counterparty, memo, merchant)
            return account_id
        return None

    def _schedule_refund(
        self,
        account_id: str,
        when: datetime,
        amount: Decimal,
        counterparty: str,
        memo: str,
        merchant: str | None,
    ) -> None:
        # Most refunds return the whole purchase (same merchant and amount, so they can be linked);
        # some are partial (a price protection or one item of an order).
        full = self.rng.random() < 0.75
        back = amount if full else max(Decimal("0.01"), round_fen(amount * money(self.rng, 0.1, 0.5)))
        r_when = at(self.rng, when.date() + timedelta(days=self.rng.randint(2, 9)), 9, 21)
        note = f"退款：{memo}" if full else f"部分退款：{memo}"
        self.schedule(
            r_when,
            partial(
                self.ledger.post,
                account_id,
                r_when,
                back,
                "credit",
                "refund",
                counterparty,
                note,
                merchant=merchant,
            ),
        )

    def interest(
        self, account_id: str, rate: Decimal, days: int, basis: int, memo: str, counterparty: str
    ) -> None:
        # Interest on the booked balance as it stands. Money-market accounts have no delayed bookings, so
        # their running total is that balance (and cheap); bank cards may have card payments pending.
        if self.acct(account_id).kind in DELAYED_KINDS:
            bal = self.ledger.booked_balance(account_id, self._now)
        else:
            bal = self.ledger.running[account_id]
        amount = round_fen(bal * rate * days / basis)
        if amount > 0:
            self.ledger.post(account_id, self._now, amount, "credit", "interest", counterparty, memo)

    def issue_statement(self, account_id: str, d: date, repay_from: list[str], memo: str) -> None:
        """Bill at the cut-off (booked before 00:00 of statement day); repay in full on the due date."""
        a = self.acct(account_id)
        assert a.due_day is not None
        cutoff = datetime.combine(d, dtime(0), tzinfo=CST) - timedelta(microseconds=1)
        owed = -self.ledger.booked_balance(account_id, cutoff)
        if owed <= 0:
            return
        due = due_date_for(d, a.due_day)
        repay_at = at(self.rng, due, 9.5, 11.5)
        minimum = max(min(owed, Decimal("100.00")), round_fen(owed * Decimal("0.10")))
        self.ledger.statements[account_id].append(Statement(account_id, d, due, owed, minimum, repay_at))
        self.schedule(repay_at, partial(self._repay, account_id, owed, repay_from, f"{memo} {d:%Y-%m}账单"))

    def _repay(self, account_id: str, amount: Decimal, sources: list[str], memo: str) -> None:
        src = sources[0]
        short = amount - self.ledger.running[src]
        # Top the debit card up from the holder's other own accounts first, as a person would.
        for other in sources[1:]:
            if short <= 0:
                break
            take = min(short + Decimal("200.00"), self.ledger.running[other])
            take = round_fen(take)
            if take > 0:
                self.ledger.own_transfer(other, src, self._now, take, "transfer_own", "还款前转入")
                short -= take
        self.ledger.own_transfer(src, account_id, self._now, amount, "repayment", memo)


def fx_mid(seed: int, currency: str, day: date) -> Decimal:
    """Seeded mid rate (CNY per 1 unit) for a day, inside the band of personalities.FX_BANDS."""
    if currency == "CNY":
        return Decimal(1)
    lo, hi = FX_BANDS[currency]
    rng = random.Random(stable_hex(seed, "fx", currency, day.isoformat()))
    steps = 10000
    return (lo + (hi - lo) * Decimal(rng.randint(0, steps)) / steps).quantize(Decimal("0.0001"))


class ExtraBankHistory(DayByDay):
    """A small, self-contained history for a benchmark platform (its own RNG)."""

    def __init__(self, ledger: Ledger, seed: int, start: date, p: Personality) -> None:
        super().__init__(ledger, random.Random(f"huiliu-sandbox-{p.platform_id}-{seed}"), start)
        self.accounts = [p.account_id(s) for s in p.accounts]
        self.payday = {aid: self.rng.randint(1, 28) for aid in self.accounts}

    def plan_day(self, d: date, plan: DayPlan) -> None:
        r = self.rng
        for aid in self.accounts:
            if d.day == self.payday[aid]:
                self.income(plan, at(r, d, 9, 12), aid, money(r, 500, 3000), "other", "个人转账", "转账收入")
            if r.random() < 0.12:
                shop = r.choice(GROCERS + DINING)
                cat = "groceries" if shop in GROCERS else "dining"
                self.pay(plan, at(r, d, 8, 22), [aid], money(r, 20, 300), cat, shop, "消费", shop)
            if d.day == 21 and d.month in (3, 6, 9, 12):
                plan.add(
                    at(r, d, 1, 2), partial(self.interest, aid, BANK_DEMAND_RATE, 90, 360, "结息", "利息")
                )
