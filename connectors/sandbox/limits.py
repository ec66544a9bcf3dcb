"""The sandbox platforms' own transfer limits, as data, and how a transfer is checked against them.

Each platform holds a table of ``Limit`` rows (``Personality.limits``). A row names the accounts it
applies to (by bank class, payment-account class or e-CNY tier), what it measures and its amount. The
values are the regulatory ones of /work/shared/POLICY-CN.md or looser, never stricter, so that
Huiliu's own policy (which encodes those rules) is at least as strict as every platform: an
integration test reads ``LIMITS`` / ``Personality.limits`` and compares them with the policy pack.

What the sandbox counts is also looser than the rules: daily and yearly totals add up the transfers
made through ``POST /transfers`` on this platform only (the regulation also counts card spending and
other institutions' accounts). Days and years are calendar days and years in Asia/Shanghai.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Measure = Literal["per_payment", "per_day", "per_year", "since_opening", "balance_after"]
Scope = Literal["account", "person"]  # person: all of the member's matching accounts on this platform
Exempt = Literal["none", "bound_account", "own_bank_account"]

D = Decimal


@dataclass(frozen=True)
class Limit:
    """One limit of a platform.

    ``bank_class`` / ``payment_class`` / ``ecny_tier`` select the accounts it applies to (a row with
    none of them applies to no account). ``measure``: per_payment (one transfer), per_day / per_year /
    since_opening (outflows added up, the new one included, over ``scope``), balance_after (the
    *receiving* account's balance after the credit). ``exempt``: bound_account (to the account's own
    bound account), own_bank_account (to a bank account of the same holder), or none. ``source`` is the
    rule it mirrors (for people reading the table)."""

    rule: str
    amount: Decimal
    measure: Measure
    bank_class: str | None = None
    payment_class: str | None = None
    ecny_tier: int | None = None
    scope: Scope = "account"
    exempt: Exempt = "none"
    source: str = ""

    def applies_to(self, bank_class: str | None, payment_class: str | None, ecny_tier: int | None) -> bool:
        return (
            (self.bank_class is not None and self.bank_class == bank_class)
            or (self.payment_class is not None and self.payment_class == payment_class)
            or (self.ecny_tier is not None and self.ecny_tier == ecny_tier)
        )


BANK_LIMITS: tuple[Limit, ...] = (
    Limit("bank.class2.daily", D("10000.00"), "per_day", bank_class="II", exempt="bound_account",
          source="银发〔2016〕302号 / 〔2018〕16号: Class II to non-bound accounts 10,000/day"),
    Limit("bank.class2.yearly", D("200000.00"), "per_year", bank_class="II", exempt="bound_account",
          source="银发〔2016〕302号 / 〔2018〕16号: Class II to non-bound accounts 200,000/year"),
    Limit("bank.class3.daily", D("2000.00"), "per_day", bank_class="III", exempt="bound_account",
          source="银发〔2018〕16号: Class III to non-bound accounts 2,000/day"),
    Limit("bank.class3.yearly", D("50000.00"), "per_year", bank_class="III", exempt="bound_account",
          source="银发〔2018〕16号: Class III to non-bound accounts 50,000/year"),
    Limit("bank.class3.balance", D("2000.00"), "balance_after", bank_class="III",
          source="银发〔2018〕16号: Class III balance at most 2,000"),
)

WALLET_LIMITS: tuple[Limit, ...] = (
    Limit("payment.class1.lifetime", D("1000.00"), "since_opening", payment_class="I",
          source="PBoC Announcement [2015] No. 43: Class I 1,000 in total since opening"),
    Limit("payment.class2.yearly", D("100000.00"), "per_year", payment_class="II", scope="person",
          exempt="own_bank_account",
          source="PBoC Announcement [2015] No. 43: Class II 100,000/year across the person's payment accounts"),
    Limit("payment.class3.yearly", D("200000.00"), "per_year", payment_class="III", scope="person",
          exempt="own_bank_account",
          source="PBoC Announcement [2015] No. 43: Class III 200,000/year across the person's payment accounts"),
    # Requests on the transfer link carry an SM2 signature (a digital certificate's strength), the Art. 24
    # tier whose daily amount is agreed with the customer: the platform's agreed cap.
    Limit("payment.daily_cap", D("50000.00"), "per_day", payment_class="I", scope="person",
          exempt="own_bank_account", source="[2015] No. 43 Art. 24: agreed daily cap with a digital signature"),
    Limit("payment.daily_cap", D("50000.00"), "per_day", payment_class="II", scope="person",
          exempt="own_bank_account", source="[2015] No. 43 Art. 24: agreed daily cap with a digital signature"),
    Limit("payment.daily_cap", D("50000.00"), "per_day", payment_class="III", scope="person",
          exempt="own_bank_account", source="[2015] No. 43 Art. 24: agreed daily cap with a digital signature"),
)

ECNY_LIMITS: tuple[Limit, ...] = (
    Limit("ecny.tier4.payment", D("2000.00"), "per_payment", ecny_tier=4,
          source="PBoC 2021 figures: tier 4 at most 2,000 per payment"),
    Limit("ecny.tier4.daily", D("5000.00"), "per_day", ecny_tier=4,
          source="PBoC 2021 figures: tier 4 at most 5,000 per day"),
    Limit("ecny.tier4.balance", D("10000.00"), "balance_after", ecny_tier=4,
          source="PBoC 2021 figures: tier 4 balance at most 10,000"),
    Limit("ecny.tier2.payment", D("50000.00"), "per_payment", ecny_tier=2,
          source="PBoC 2021 figures: upgraded wallet at most 50,000 per payment"),
    Limit("ecny.tier2.daily", D("100000.00"), "per_day", ecny_tier=2,
          source="PBoC 2021 figures: upgraded wallet at most 100,000 per day"),
    Limit("ecny.tier2.balance", D("500000.00"), "balance_after", ecny_tier=2,
          source="PBoC 2021 figures: upgraded wallet balance at most 500,000"),
)

LIMITS: dict[str, tuple[Limit, ...]] = {"bank": BANK_LIMITS, "payment_wallet": WALLET_LIMITS, "ecny_wallet": ECNY_LIMITS}


def limits_for_kind(kind: str) -> tuple[Limit, ...]:
    """The limit table a platform of ``kind`` applies (none for kinds that do not send transfers)."""
    return LIMITS.get(kind, ())
