"""The sandbox's platforms ("personalities"), its household and who holds which account where.

Everything here is static description; amounts that move are in ``history.py``. All names are
fictional on purpose: the sandbox must never pose as a real bank or wallet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .limits import BANK_LIMITS, ECNY_LIMITS, WALLET_LIMITS, Limit

CNY = "CNY"


@dataclass(frozen=True)
class Member:
    """A person of the sandbox household."""

    key: str  # adult1 / adult2 / teen: stable keys tests and demos use
    name_zh: str
    name_en: str
    role: str  # adult | teen


HOUSEHOLD: tuple[Member, ...] = (
    Member("adult1", "王建国", "Wang Jianguo", "adult"),
    Member("adult2", "李梅", "Li Mei", "adult"),
    Member("teen", "王小雨", "Wang Xiaoyu", "teen"),
)
MEMBERS: dict[str, Member] = {m.key: m for m in HOUSEHOLD}


@dataclass(frozen=True)
class AccountSpec:
    """One account a member holds on a platform (its id is ``{prefix}-{member}-{slot}``)."""

    member: str
    slot: str  # short, unique per member on the platform: debit, eacct, mmf, usd, ...
    kind: str  # debit_card | credit_card | wallet_balance | money_market | credit_line | store_balance | ...
    nickname: str
    currency: str = CNY
    bank_class: str | None = None  # I / II / III for bank accounts
    bound_slot: str | None = None  # the holder's own account this one is bound to (Class II -> Class I)
    payment_class: str | None = None  # I / II / III for payment-institution accounts
    ecny_tier: int | None = None
    ecny_operator: str | None = None
    credit_limit: Decimal | None = None
    statement_day: int | None = None
    due_day: int | None = None
    opening: tuple[int, int] = (0, 0)  # opening balance range in whole units (negative = owed)
    mask_style: str = "card"  # how identification_masked looks: card | phone | handle | ecny | iban


@dataclass(frozen=True)
class Personality:
    """A platform the sandbox serves at ``/p/{platform_id}``."""

    platform_id: str
    name_zh: str
    name_en: str
    kind: str  # bank | payment_wallet | ecommerce | money_market | credit | ecny_wallet | fx_account
    legal_entity: str
    id_prefix: str
    accounts: tuple[AccountSpec, ...]
    usernames: dict[str, str] = field(default_factory=dict)  # member key -> login name
    capabilities: tuple[str, ...] = ("balances", "transactions")
    mmf_rate: Decimal | None = None  # annual yield of its money-market accounts (daily posting)
    # Its own transfer limits (limits.py; equal to the rules of POLICY-CN.md or looser) and how long a
    # transfer it sends to another institution takes to clear (the sender is debited at once, the
    # receiver credited this many seconds later). Served, the clock runs in real time: tens of seconds
    # keep a demo lively; tests move the clock on with ``world.advance``.
    limits: tuple[Limit, ...] = ()
    clearing_seconds: int = 30
    # Its FX desk (platforms with both fx_quotes and transfers; fxdesk.py): the spread taken off the
    # mid rate, the fee (a share of the amount sold, at least a minimum per sell currency) and how
    # long a quote for a transfer holds.
    fx_spread: Decimal | None = None
    fx_fee_rate: Decimal = Decimal("0")
    fx_fee_min: dict[str, Decimal] = field(default_factory=dict)
    fx_quote_seconds: int = 60

    def members(self) -> list[str]:
        """Member keys with at least one account here, in household order."""
        held = {a.member for a in self.accounts}
        return [m.key for m in HOUSEHOLD if m.key in held]

    def account_id(self, spec: AccountSpec) -> str:
        return f"{self.id_prefix}-{spec.member}-{spec.slot}"

    def password(self, member: str) -> str:
        # Deterministic and discoverable through Sandbox.logins(): this is a sandbox, not a secret store.
        return f"pw-{self.platform_id}-{member}"


# Annual yields (fixed per platform so tests can recompute each day's interest exactly).
WALLET_A_MMF_RATE = Decimal("0.0180")
WALLET_B_MMF_RATE = Decimal("0.0162")
BANK_DEMAND_RATE = Decimal("0.0015")  # demand-deposit rate, settled quarterly on the 21st


def _bank_a() -> Personality:
    accounts: list[AccountSpec] = []
    for member, lo, hi in (("adult1", 42000, 68000), ("adult2", 26000, 40000)):
        accounts.append(
            AccountSpec(
                member, "debit", "debit_card", "汇通借记卡（一类户）", bank_class="I", opening=(lo, hi)
            )
        )
        accounts.append(
            AccountSpec(
                member,
                "eacct",
                "debit_card",
                "汇通电子账户（二类户）",
                bank_class="II",
                bound_slot="debit",
                opening=(5000, 20000),
            )
        )
    # A Class III account must be bound to the holder's own Class I, so the teenager gets a Class I card.
    accounts.append(
        AccountSpec(
            "teen", "debit", "debit_card", "汇通少年卡（一类户）", bank_class="I", opening=(800, 2500)
        )
    )
    return Personality(
        platform_id="bank_a",
        name_zh="汇通银行",
        name_en="Huitong Bank",
        kind="bank",
        legal_entity="汇通银行股份有限公司",
        id_prefix="ht",
        accounts=tuple(accounts),
        usernames={"adult1": "wangjianguo", "adult2": "limei", "teen": "wangxiaoyu"},
        capabilities=("balances", "transactions", "transfers", "scheduled_transfers"),
        limits=BANK_LIMITS,
    )


def _wallet_a() -> Personality:
    accounts: list[AccountSpec] = []
    for member, pclass, limit in (
        ("adult1", "II", Decimal("15000.00")),
        ("adult2", "III", Decimal("8000.00")),
    ):
        accounts += [
            AccountSpec(
                member,
                "balance",
                "wallet_balance",
                "易付宝余额",
                payment_class=pclass,
                opening=(300, 2500),
                mask_style="phone",
            ),
            AccountSpec(member, "mmf", "money_market", "易增宝", opening=(20000, 60000), mask_style="phone"),
            AccountSpec(
                member,
                "credit",
                "credit_line",
                "易花",
                credit_limit=limit,
                statement_day=1,
                due_day=10,
                opening=(-1500, -200),
                mask_style="phone",
            ),
        ]
    return Personality(
        platform_id="wallet_a",
        name_zh="易付宝",
        name_en="EasyPay",
        kind="payment_wallet",
        legal_entity="易付宝网络技术有限公司",
        id_prefix="ep",
        accounts=tuple(accounts),
        usernames={"adult1": "13800138001", "adult2": "13900139002"},
        capabilities=("balances", "transactions", "transfers"),
        mmf_rate=WALLET_A_MMF_RATE,
        limits=WALLET_LIMITS,
    )


def _wallet_b() -> Personality:
    accounts: list[AccountSpec] = []
    for member in ("adult1", "adult2"):
        accounts += [
            AccountSpec(
                member,
                "balance",
                "wallet_balance",
                "零钱",
                payment_class="II",
                opening=(500, 3000),
                mask_style="handle",
            ),
            AccountSpec(member, "mmf", "money_market", "零钱通", opening=(8000, 25000), mask_style="handle"),
        ]
    accounts.append(
        AccountSpec(
            "teen",
            "balance",
            "wallet_balance",
            "零钱",
            payment_class="I",
            opening=(200, 900),
            mask_style="handle",
        )
    )
    return Personality(
        platform_id="wallet_b",
        name_zh="微聊支付",
        name_en="ChatPay",
        kind="payment_wallet",
        legal_entity="微聊支付科技有限公司",
        id_prefix="cp",
        accounts=tuple(accounts),
        usernames={"adult1": "wxid_jianguo", "adult2": "wxid_limei", "teen": "wxid_xiaoyu"},
        capabilities=("balances", "transactions", "transfers"),
        mmf_rate=WALLET_B_MMF_RATE,
        limits=WALLET_LIMITS,
    )


def _bank_b() -> Personality:
    return Personality(
        platform_id="bank_b",
        name_zh="恒信银行",
        name_en="Hengxin Bank",
        kind="bank",
        legal_entity="恒信银行股份有限公司",
        id_prefix="hx",
        accounts=(
            # Statement on the 5th, due on the 23rd of the same month.
            AccountSpec(
                "adult1",
                "card",
                "credit_card",
                "恒信白金信用卡",
                credit_limit=Decimal("50000.00"),
                statement_day=5,
                due_day=23,
                opening=(-4000, -1500),
            ),
            # Statement on the 12th, due on the 2nd of the next month (a cycle that crosses month end).
            AccountSpec(
                "adult2",
                "card",
                "credit_card",
                "恒信金卡信用卡",
                credit_limit=Decimal("30000.00"),
                statement_day=12,
                due_day=2,
                opening=(-3000, -800),
            ),
        ),
        usernames={"adult1": "wangjg", "adult2": "limei_hx"},
        capabilities=("balances", "transactions"),
    )


def _store() -> Personality:
    return Personality(
        platform_id="store",
        name_zh="京选商城",
        name_en="JingXuan Mall",
        kind="ecommerce",
        legal_entity="京选电子商务有限公司",
        id_prefix="jx",
        accounts=(
            AccountSpec(
                "adult2", "balance", "store_balance", "京选余额", opening=(200, 1200), mask_style="handle"
            ),
            AccountSpec(
                "teen", "balance", "store_balance", "京选余额", opening=(50, 300), mask_style="handle"
            ),
        ),
        usernames={"adult2": "limei_jx", "teen": "xiaoyu_jx"},
        capabilities=("balances", "transactions"),
    )


def _ecny() -> Personality:
    return Personality(
        platform_id="ecny",
        name_zh="数字人民币钱包（汇通银行运营）",
        name_en="e-CNY Wallet (operated by Huitong Bank)",
        kind="ecny_wallet",
        legal_entity="汇通银行股份有限公司",
        id_prefix="dc",
        accounts=(
            AccountSpec(
                "adult1",
                "w2",
                "ecny_wallet",
                "数字人民币钱包（二类）",
                ecny_tier=2,
                ecny_operator="汇通银行",
                opening=(800, 3000),
                mask_style="ecny",
            ),
            # Tier 4: phone-number wallet, balance cap 10,000 and 2,000 per payment.
            AccountSpec(
                "adult2",
                "w4",
                "ecny_wallet",
                "数字人民币钱包（四类）",
                ecny_tier=4,
                ecny_operator="恒信银行",
                opening=(100, 600),
                mask_style="ecny",
            ),
        ),
        usernames={"adult1": "13800138001", "adult2": "13900139002"},
        capabilities=("balances", "transactions", "transfers"),
        limits=ECNY_LIMITS,
    )


def _fx() -> Personality:
    return Personality(
        platform_id="fx",
        name_zh="寰宇银行多币种账户",
        name_en="Huanyu Bank Multi-Currency Account",
        kind="fx_account",
        legal_entity="寰宇银行（中国）有限公司",
        id_prefix="hy",
        accounts=(
            AccountSpec(
                "adult1",
                "cny",
                "fx_account",
                "多币种账户-人民币",
                currency="CNY",
                opening=(3000, 9000),
                mask_style="iban",
            ),
            AccountSpec(
                "adult1",
                "usd",
                "fx_account",
                "多币种账户-美元",
                currency="USD",
                opening=(1500, 4000),
                mask_style="iban",
            ),
            AccountSpec(
                "adult1",
                "hkd",
                "fx_account",
                "多币种账户-港币",
                currency="HKD",
                opening=(2000, 6000),
                mask_style="iban",
            ),
            AccountSpec(
                "adult1",
                "eur",
                "fx_account",
                "多币种账户-欧元",
                currency="EUR",
                opening=(600, 1500),
                mask_style="iban",
            ),
        ),
        usernames={"adult1": "wangjg.global"},
        # Transfers go between the member's own sub-accounts, in another currency through a quote
        # (and in the same currency to other institutions, clearing like any bank's).
        capabilities=("balances", "transactions", "fx_quotes", "transfers"),
        fx_spread=Decimal("0.0030"),  # 0.3% off the mid rate
        fx_fee_rate=Decimal("0.0010"),  # 0.1% of the amount sold, at least the minimum below
        fx_fee_min={"CNY": Decimal("1.00"), "HKD": Decimal("1.00"), "USD": Decimal("0.20"), "EUR": Decimal("0.20")},
        fx_quote_seconds=60,
    )


def core_personalities() -> list[Personality]:
    """The seven platforms of the sandbox household, in a fixed order."""
    return [_bank_a(), _wallet_a(), _wallet_b(), _bank_b(), _store(), _ecny(), _fx()]


def extra_personality(n: int) -> Personality:
    """The n-th (1-based) extra bank-like platform, for benchmarks with many platforms."""
    pid = f"bank_x{n:02d}"
    return Personality(
        platform_id=pid,
        name_zh=f"沙箱第{n}村镇银行",
        name_en=f"Sandbox Rural Bank {n}",
        kind="bank",
        legal_entity=f"沙箱第{n}村镇银行股份有限公司",
        id_prefix=f"x{n:02d}",
        accounts=(
            AccountSpec(
                "adult1", "debit", "debit_card", f"沙箱{n}借记卡", bank_class="I", opening=(2000, 30000)
            ),
            AccountSpec(
                "adult2", "debit", "debit_card", f"沙箱{n}借记卡", bank_class="I", opening=(2000, 30000)
            ),
        ),
        usernames={"adult1": f"adult1_{pid}", "adult2": f"adult2_{pid}"},
        capabilities=("balances", "transactions"),
        limits=BANK_LIMITS,
    )


SPRING_FESTIVAL = {  # lunar new year's day; red packets cluster around it
    2023: (1, 22),
    2024: (2, 10),
    2025: (1, 29),
    2026: (2, 17),
    2027: (2, 6),
    2028: (1, 26),
    2029: (2, 13),
    2030: (2, 3),
    2031: (1, 23),
    2032: (2, 11),
    2033: (1, 31),
    2034: (2, 19),
    2035: (2, 8),
}

# Supported currencies of /fx/quote and the seeded mid-rate band against CNY (units of CNY per 1 unit).
FX_BANDS: dict[str, tuple[Decimal, Decimal]] = {
    "USD": (Decimal("7.10"), Decimal("7.30")),
    "HKD": (Decimal("0.910"), Decimal("0.930")),
    "EUR": (Decimal("7.70"), Decimal("7.90")),
}
