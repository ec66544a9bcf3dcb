"""The sandbox household's year: what 王建国, 李梅 and 王小雨 do with their money, day by day.

Every rule below is one line of the plan: a time window, the accounts to pay from (first that can),
an amount range, a category and a counterparty. The machinery (ordering, paying, refunds, bills) is
``history.DayByDay``. Account ids are fixed by ``personalities.py``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from .history import (
    DINING,
    EMPLOYER_1,
    EMPLOYER_2,
    GROCERS,
    HK_MERCHANTS,
    LANDLORD,
    RELATIVES,
    SHOPS,
    STORE_ITEMS,
    DayByDay,
    DayPlan,
    at,
    fx_mid,
    money,
)
from .ledger import CENT, Ledger, round_fen
from .personalities import BANK_DEMAND_RATE, SPRING_FESTIVAL

D = Decimal


def spring_festival_near(d: date) -> date:
    """The lunar new year closest to ``d`` (this year's, or next year's late in the year)."""
    sf = date(d.year, *SPRING_FESTIVAL.get(d.year, (2, 1)))
    if (sf - d).days < -200:
        sf = date(d.year + 1, *SPRING_FESTIVAL.get(d.year + 1, (2, 1)))
    return sf


class HouseholdHistory(DayByDay):
    """The three-person household across the seven core platforms (one RNG for all of them)."""

    def __init__(self, ledger: Ledger, seed: int, start: date, mmf_rates: dict[str, Decimal]) -> None:
        super().__init__(ledger, random.Random(f"huiliu-sandbox-household-{seed}"), start)
        self.mmf_rates = mmf_rates  # account_id -> annual yield

        def pick(aid: str) -> str:
            assert aid in ledger.accounts, f"{aid} missing from personalities.py"
            return aid

        # Short names keep the plan readable: bank_a (a), wallet_a (wa), wallet_b (wb), bank_b (bb),
        # store (st), e-CNY (e), fx (fx); 1 = adult1, 2 = adult2, t = teen.
        self.a1d, self.a1e = pick("ht-adult1-debit"), pick("ht-adult1-eacct")
        self.a2d, self.a2e = pick("ht-adult2-debit"), pick("ht-adult2-eacct")
        self.td = pick("ht-teen-debit")
        self.wa1, self.wa1m, self.wa1c = (pick(f"ep-adult1-{s}") for s in ("balance", "mmf", "credit"))
        self.wa2, self.wa2m, self.wa2c = (pick(f"ep-adult2-{s}") for s in ("balance", "mmf", "credit"))
        self.wb1, self.wb1m = pick("cp-adult1-balance"), pick("cp-adult1-mmf")
        self.wb2, self.wb2m = pick("cp-adult2-balance"), pick("cp-adult2-mmf")
        self.wbt = pick("cp-teen-balance")
        self.bb1, self.bb2 = pick("hx-adult1-card"), pick("hx-adult2-card")
        self.st2, self.stt = pick("jx-adult2-balance"), pick("jx-teen-balance")
        self.e1, self.e2 = pick("dc-adult1-w2"), pick("dc-adult2-w4")
        self.fxc, self.fxu, self.fxh, self.fxe = (
            pick(f"hy-adult1-{c}") for c in ("cny", "usd", "hkd", "eur")
        )
        self.trip_month = self.rng.randint(1, 12)  # the one Hong Kong trip of the year

    def plan_day(self, d: date, plan: DayPlan) -> None:
        self._plan_routine(d, plan)
        self._plan_moves(d, plan)
        self._plan_adult1(d, plan)
        self._plan_adult2(d, plan)
        self._plan_teen(d, plan)
        self._plan_red_packets(d, plan)
        self._plan_foreign(d, plan)

    # ------------------------------------------------------------------------------ the plan

    def _plan_routine(self, d: date, plan: DayPlan) -> None:
        """Interest, bills, salaries, rent, utilities and school: the fixed rhythm of the month."""
        r, t = self.rng, partial(at, self.rng, d)
        dom, month = d.day, d.month
        # Money-market funds post yesterday's yield at ~03:00, on yesterday's closing balance.
        for aid, rate in self.mmf_rates.items():
            memo = f"{d - timedelta(days=1):%Y-%m-%d} 收益"
            plan.add(t(3, 3.5), partial(self.interest, aid, rate, 1, 365, memo, "货币基金收益"))
        # Demand deposits settle interest on the 20th of the last month of a quarter, posted the 21st.
        if dom == 21 and month in (3, 6, 9, 12):
            for aid in (
                self.a1d,
                self.a1e,
                self.a2d,
                self.a2e,
                self.td,
                self.fxc,
                self.fxu,
                self.fxh,
                self.fxe,
            ):
                plan.add(t(1, 2), partial(self.interest, aid, BANK_DEMAND_RATE, 90, 360, "结息", "利息"))
        # Credit bills at the cut-off (00:00 of statement day), repaid from the holder's bank card.
        for aid, sources, memo in (
            (self.bb1, [self.a1d, self.a1e], "恒信信用卡还款"),
            (self.bb2, [self.a2d, self.a2e], "恒信信用卡还款"),
            (self.wa1c, [self.a1d, self.a1e], "易花还款"),
            (self.wa2c, [self.a2d, self.a2e], "易花还款"),
        ):
            if self.acct(aid).statement_day == dom:
                plan.add(t(0.01, 0.1), partial(self.issue_statement, aid, d, sources, memo))
        # Income.
        pay1, pay2 = "4100 **** **** 8801", "4100 **** **** 2290"
        if dom == 10:
            self.income(
                plan, t(9, 11), self.a1d, D("21350.00"), "salary", EMPLOYER_1, f"工资 {d:%Y-%m}", pay1
            )
        if dom == 15:
            self.income(
                plan, t(9, 11), self.a2d, D("13600.00"), "salary", EMPLOYER_2, f"工资 {d:%Y-%m}", pay2
            )
        sf = spring_festival_near(d)
        if d == sf - timedelta(days=14):
            bonus = money(r, 36000, 60000)
            self.income(
                plan, t(10, 12), self.a1d, bonus, "salary", EMPLOYER_1, f"{sf.year - 1}年度年终奖", pay1
            )
        if d == sf - timedelta(days=13):
            self.move(plan, t(20, 22), self.a1d, self.wa1m, D("20000.00"), "转入易增宝")
        # Housing and bills.
        if dom == 1:
            plan.add(t(8, 9), partial(self._post_rent, d))
        summer, winter = month in (6, 7, 8, 9), month in (12, 1, 2)
        if dom == 8:
            amt = money(r, 300, 600) if summer else money(r, 250, 450) if winter else money(r, 100, 250)
            self.pay(
                plan, t(19, 22), [self.wa1, self.wa1m], amt, "utilities", "汇城供电公司", f"电费 {d:%Y-%m}"
            )
        if dom == 12:
            amt = money(r, 40, 90)
            self.pay(
                plan, t(19, 22), [self.wa1, self.wa1m], amt, "utilities", "汇城水务集团", f"水费 {d:%Y-%m}"
            )
        if dom == 18:
            amt = money(r, 150, 300) if winter else money(r, 40, 90)
            memo = f"燃气费 {d:%Y-%m}"
            self.pay(plan, t(19, 22), [self.wa2, self.wa2m], amt, "utilities", "汇城燃气有限公司", memo)
        if dom == 3:
            self.pay(plan, t(8, 9), [self.wb1, self.wb1m], D("128.00"), "utilities", "移联通信", "手机话费")
            self.pay(plan, t(8, 9), [self.wb2, self.wb2m], D("88.00"), "utilities", "移联通信", "手机话费")
        if dom == 28 and month in (1, 4, 7, 10):
            self.pay(plan, t(10, 12), [self.a1d], D("299.00"), "utilities", "移联通信", "宽带季度费")
        # School.
        if dom == 5 and month not in (7, 8):
            memo = f"王小雨 {month}月辅导费"
            self.pay(
                plan,
                t(10, 16),
                [self.a2d, self.a2e],
                money(r, 1200, 1600),
                "education",
                "启航教育培训中心",
                memo,
            )
        if (month, dom) in ((2, 25), (9, 1)):
            self.pay(
                plan, t(9, 11), [self.a2d, self.a2e], D("1350.00"), "education", "汇城市第二中学", "学杂费"
            )

    def _post_rent(self, d: date) -> None:
        self.ledger.post(
            self.a1d,
            self._now,
            D("6200.00"),
            "debit",
            "rent",
            LANDLORD,
            f"房租 {d:%Y-%m}",
            counterparty_account="6217 **** **** 0931",
        )

    def _plan_moves(self, d: date, plan: DayPlan) -> None:
        """The household moving its own money: top-ups, savings, pocket money, sweeps into funds."""
        t = partial(at, self.rng, d)
        dom, month, wd = d.day, d.month, d.weekday()
        if dom == 11:
            self.move(plan, t(20, 21), self.a1d, self.wb1, D("2000.00"), "零钱充值", 1000)
            self.move(plan, t(21, 22), self.a1d, self.a1e, D("3000.00"), "每月储蓄", 2000)
        if dom == 12:
            self.move(plan, t(20, 21), self.a1d, self.wa1, D("1500.00"), "余额充值", 1000)
        if dom == 16:
            self.move(plan, t(20, 21), self.a2d, self.wa2, D("3000.00"), "余额充值", 1000)
            self.move(plan, t(20, 21), self.a2d, self.wb2, D("1500.00"), "零钱充值", 1000)
            self.move(plan, t(21, 22), self.a2d, self.a2e, D("2000.00"), "每月储蓄", 1500)
        if dom == 1:
            self.move(plan, t(19, 20), self.a2d, self.td, D("300.00"), "生活费", 500)
        if dom in (1, 16):
            plan.add(t(7, 8), self._topup_ecny)
        if dom == 20:
            plan.add(t(20, 21), partial(self._ecny_to_tier4, D("300.00")))
            self.move(plan, t(20, 21), self.wa2, self.st2, D("500.00"), "京选余额充值")
        if wd == 0:
            plan.add(t(19, 20), self._pocket_money)
        if wd == 6:
            for wallet, fund in (
                (self.wa1, self.wa1m),
                (self.wa2, self.wa2m),
                (self.wb1, self.wb1m),
                (self.wb2, self.wb2m),
            ):
                plan.add(t(21, 22), partial(self._sweep, wallet, fund))
        if dom == 25 and month in (1, 4, 7, 10):
            self.move(plan, t(10, 11), self.a1d, self.fxc, D("5000.00"), "转入多币种账户", 2000)
        sf = spring_festival_near(d)
        if d == sf - timedelta(days=5):
            self.move(plan, t(20, 21), self.a1d, self.wb1, D("5000.00"), "春节红包备用", 2000)
            self.move(plan, t(20, 21), self.a2d, self.wb2, D("3000.00"), "春节红包备用", 1000)
        if d == sf + timedelta(days=8):
            plan.add(t(19, 20), self._save_lucky_money)

    def _plan_adult1(self, d: date, plan: DayPlan) -> None:
        """王建国: metro with ride codes, breakfast and lunch, taxis, fuel, family dinners, shopping."""
        r, t = self.rng, partial(at, self.rng, d)
        weekend = d.weekday() >= 5
        if not weekend:
            for h in (8, 18):
                x = r.random()  # ride codes bound to the e-CNY wallet, the credit card or the wallet
                pay = (
                    [self.e1, self.wb1]
                    if x < 0.2
                    else [self.bb1, self.wb1]
                    if x < 0.6
                    else [self.wb1, self.e1]
                )
                self.pay(
                    plan,
                    t(h, h + 1),
                    pay,
                    D(r.choice([3, 4, 5, 6, 7])),
                    "transport",
                    "汇城地铁",
                    "地铁出行",
                    "汇城地铁",
                )
            if r.random() < 0.5:
                self.pay(
                    plan,
                    t(7, 9),
                    [self.bb1, self.wb1],
                    money(r, 12, 38),
                    "dining",
                    "一杯咖啡",
                    "早餐咖啡",
                    "一杯咖啡",
                )
            if r.random() < 0.6:
                shop = r.choice(DINING)
                pay = r.choice(
                    [[self.wb1, self.e1], [self.e1, self.wb1], [self.wa1, self.wb1], [self.bb1, self.wb1]]
                )
                self.pay(plan, t(11.5, 13), pay, money(r, 18, 45), "dining", shop, "午餐", shop)
        if r.random() < 0.15:
            self.pay(
                plan,
                t(7, 23),
                [self.wa1, self.wa1c],
                money(r, 18, 80),
                "transport",
                "快滴出行",
                "打车",
                "快滴出行",
            )
        if d.day in (7, 22):
            self.pay(
                plan,
                t(7, 20),
                [self.bb1, self.a1d],
                money(r, 280, 420),
                "transport",
                "城东加油站",
                "加油",
                "城东加油站",
            )
        if weekend and r.random() < 0.6:
            shop = r.choice(DINING)
            pay = [self.bb1, self.a1d] if r.random() < 0.7 else [self.a1d, self.bb1]
            self.pay(plan, t(18, 20.5), pay, money(r, 150, 480), "dining", shop, "家庭聚餐", shop)
        if weekend and r.random() < 0.5:
            shop = r.choice(GROCERS)
            self.pay(
                plan, t(9, 12), [self.wa1c, self.bb1], money(r, 80, 300), "groceries", shop, "周末采购", shop
            )
        if r.random() < 0.08:
            shop = r.choice(SHOPS)
            self.pay(
                plan,
                t(12, 23),
                [self.wa1c, self.bb1],
                money(r, 100, 1500),
                "shopping",
                shop,
                f"{shop} 订单",
                shop,
                0.08,
            )

    def _plan_adult2(self, d: date, plan: DayPlan) -> None:
        """李梅: breakfast on the card, groceries most days, tea, bus with e-CNY, online shopping."""
        r, t = self.rng, partial(at, self.rng, d)
        # Breakfast every morning on the credit card: card payments clear a day or two later, so there
        # are always a few pending transactions around "today".
        self.pay(
            plan, t(7, 9), [self.bb2, self.wb2], money(r, 6, 25), "dining", "巷口早餐铺", "早餐", "巷口早餐铺"
        )
        if r.random() < 0.55:
            shop, x = r.choice(GROCERS), r.random()
            pay = (
                [self.wb2, self.wb2m]
                if x < 0.35
                else [self.bb2, self.wb2]
                if x < 0.8
                else [self.wa2c, self.wb2]
            )
            self.pay(plan, t(8, 20), pay, money(r, 40, 320), "groceries", shop, "买菜", shop, 0.03)
        if r.random() < 0.3:
            shop = r.choice(["茶语奶茶", "一杯咖啡"])
            self.pay(plan, t(14, 17), [self.wa2, self.wb2], money(r, 15, 35), "dining", shop, "下午茶", shop)
        if d.weekday() < 5 and r.random() < 0.7:
            self.pay(plan, t(7, 8), [self.e2], D("2.00"), "transport", "汇城公交", "公交出行", "汇城公交")
        if r.random() < 0.15:
            item = r.choice(STORE_ITEMS)
            pay = r.choice([[self.st2, self.wa2c], [self.wa2c, self.bb2], [self.a2e, self.bb2]])
            self.pay(
                plan,
                t(12, 23),
                pay,
                money(r, 30, 800),
                "shopping",
                "京选自营",
                f"京选订单 {item}",
                "京选自营",
                0.07,
            )

    def _plan_teen(self, d: date, plan: DayPlan) -> None:
        """王小雨: the bus to school, snacks, meals with friends, the store, books on her own card."""
        r, t = self.rng, partial(at, self.rng, d)
        weekend = d.weekday() >= 5
        school_day = not weekend and d.month not in (7, 8)
        if school_day and r.random() < 0.6:
            self.pay(
                plan, t(6.5, 7.5), [self.wbt], D("2.00"), "transport", "汇城公交", "公交出行", "汇城公交"
            )
        if r.random() < (0.5 if school_day else 0.3):
            self.pay(
                plan, t(16, 18), [self.wbt], money(r, 5, 25), "dining", "好邻居便利店", "零食", "好邻居便利店"
            )
        if weekend and r.random() < 0.4:
            shop = r.choice(["茶语奶茶", "东北饺子馆", "小林寿司"])
            self.pay(plan, t(13, 18), [self.wbt], money(r, 20, 60), "dining", shop, "和同学吃饭", shop)
        if r.random() < 0.07:
            plan.add(t(19, 22), partial(self._teen_store, money(r, 20, 150), r.choice(STORE_ITEMS)))
        if d.day == 14 and r.random() < 0.8:
            self.pay(
                plan, t(15, 18), [self.td], money(r, 30, 120), "education", "童趣书店", "买书", "童趣书店"
            )

    def _plan_red_packets(self, d: date, plan: DayPlan) -> None:
        """Red packets all year, and many around the Spring Festival (压岁钱 for the teenager)."""
        r, t = self.rng, partial(at, self.rng, d)
        festive = -3 <= (d - spring_festival_near(d)).days <= 5
        for wallet, fund in ((self.wb1, self.wb1m), (self.wb2, self.wb2m)):
            if festive:
                for _ in range(r.randint(0, 3)):
                    amt = D(r.choice([200, 200, 500, 600, 800, 1000, 2000]))
                    self.pay(
                        plan, t(9, 22), [wallet, fund], amt, "red_packet", r.choice(RELATIVES), "新春红包"
                    )
                for _ in range(r.randint(0, 2)):
                    amt = D(r.choice([66, 88, 168, 188, 666, 888]))
                    self.income(plan, t(9, 22), wallet, amt, "red_packet", r.choice(RELATIVES), "新春红包")
            else:
                if r.random() < 0.06:
                    amt = money(r, 6.66, 200)
                    self.pay(plan, t(9, 22), [wallet, fund], amt, "red_packet", r.choice(RELATIVES), "红包")
                if r.random() < 0.04:
                    amt = money(r, 8.88, 88)
                    self.income(plan, t(9, 22), wallet, amt, "red_packet", r.choice(RELATIVES), "红包")
        if festive:
            for _ in range(r.randint(0, 2)):
                amt = D(r.choice([100, 200, 200, 500, 600]))
                self.income(plan, t(9, 22), self.wbt, amt, "red_packet", r.choice(RELATIVES), "压岁钱")
        if (d.month, d.day) == (5, 1):
            self.income(
                plan, t(10, 11), self.e1, D("50.00"), "red_packet", "汇城市商务局", "数字人民币消费红包"
            )

    def _plan_foreign(self, d: date, plan: DayPlan) -> None:
        """Foreign currency: dollar purchases, a subscription, the Hong Kong trip, euro books."""
        r, t = self.rng, partial(at, self.rng, d)
        dom, month = d.day, d.month
        if dom == 3:
            self.pay(
                plan,
                t(7, 8),
                [self.fxu],
                D("15.99"),
                "shopping",
                "Northwind Streaming",
                "Monthly subscription",
                "Northwind Streaming",
            )
        if dom == 26 and month in (1, 4, 7, 10):
            plan.add(t(10, 11), partial(self._exchange, self.fxc, self.fxu, D("3000.00")))
        if month == self.trip_month and dom == 7:
            plan.add(t(10, 11), partial(self._exchange, self.fxc, self.fxh, D("6000.00")))
        if month == self.trip_month and 8 <= dom <= 11:
            for _ in range(r.randint(2, 4)):
                shop = r.choice(HK_MERCHANTS)
                cat = "transport" if shop == "港铁" else r.choice(["dining", "shopping"])
                self.pay(plan, t(9, 22), [self.fxh], money(r, 30, 900), cat, shop, "香港旅行", shop)
        if dom == 15 and month in (2, 5, 8, 11):
            self.pay(
                plan,
                t(20, 22),
                [self.fxe],
                money(r, 25, 120),
                "shopping",
                "Berlin Books GmbH",
                "Online order",
                "Berlin Books GmbH",
            )

    # ------------------------------------------------------------------------------ actions

    def _topup_ecny(self) -> None:
        if self.ledger.running[self.e1] < D("1000"):
            self._move_now(self.a1d, self.e1, D("1000.00"), "数字人民币钱包充值", 2000)

    def _ecny_to_tier4(self, amount: Decimal) -> None:
        # A tier-4 e-CNY wallet holds at most 10,000.
        if self.ledger.running[self.e2] + amount <= D("10000") and self.ledger.running[self.e1] >= amount:
            self.ledger.own_transfer(self.e1, self.e2, self._now, amount, "transfer_own", "钱包转账")

    def _pocket_money(self) -> None:
        amount = D("120.00")
        src = self.wb1 if self.ledger.running[self.wb1] >= amount else self.wb1m
        if self.ledger.running[src] >= amount:
            self.ledger.own_transfer(src, self.wbt, self._now, amount, "transfer_own", "零花钱")

    def _sweep(self, wallet: str, fund: str) -> None:
        """Sunday evening: surplus wallet money into the fund; a low wallet gets 500 back."""
        bal = self.ledger.running[wallet]
        if bal > D("2000"):
            amount = ((bal - D("800")) // 100 * 100).quantize(CENT)
            self.ledger.own_transfer(wallet, fund, self._now, amount, "transfer_own", "转入理财")
        elif bal < D("200") and self.ledger.running[fund] > D("1000"):
            self.ledger.own_transfer(fund, wallet, self._now, D("500.00"), "transfer_own", "转出到余额")

    def _exchange(self, src: str, dst: str, cny: Decimal) -> None:
        """Buy foreign currency: two external flows (a trade with the bank), not an own transfer."""
        if self.ledger.running[src] < cny:
            return
        ccy = self.acct(dst).currency
        rate = fx_mid(self.ledger.seed, ccy, self._now.date())
        got = round_fen(cny / rate)
        self.ledger.post(src, self._now, cny, "debit", "other", "寰宇银行外汇交易", f"购汇 {ccy} @{rate}")
        self.ledger.post(
            dst, self._now, got, "credit", "other", "寰宇银行外汇交易", f"购汇 CNY→{ccy} @{rate}"
        )

    def _teen_store(self, amount: Decimal, item: str) -> None:
        short = amount - self.ledger.running[self.stt]
        if short > 0:
            top = ((short // 50 + 1) * 50).quantize(CENT)  # tops up in fifties, as the app offers
            if self.ledger.running[self.wbt] >= top:
                self.ledger.own_transfer(self.wbt, self.stt, self._now, top, "transfer_own", "京选余额充值")
        self.spend(
            self._now,
            [self.stt],
            amount,
            "shopping",
            "京选自营",
            f"京选订单 {item}",
            merchant="京选自营",
            refund_rate=0.05,
        )

    def _save_lucky_money(self) -> None:
        bal = self.ledger.running[self.wbt]
        if bal > D("1000"):
            amount = ((bal - D("300")) // 100 * 100).quantize(CENT)
            self.ledger.own_transfer(self.wbt, self.td, self._now, amount, "transfer_own", "存压岁钱")
