"""The app's policy is at least as strict as every limit a sandbox platform enforces: each platform limit
has a rule of the Chinese pack whose value is no higher, over at least the same scope, so no transfer the
engine allows is refused by a platform for a limit (the property test of test_nothing_goes_around_the_policy
checks the behaviour; this checks the numbers, rule by rule)."""

from __future__ import annotations

from decimal import Decimal

from app.policy.model import default_pack
from connectors.sandbox.personalities import core_personalities
from connectors.sandbox.transfers import limits_table

# sandbox rule -> the pack rule (and its value) that covers it
COVERED_BY = {
    "bank.class2.daily": ("bank_class2_daily", "limit"),
    "bank.class2.yearly": ("bank_class2_yearly", "limit"),
    "bank.class3.daily": ("bank_class3_daily", "limit"),
    "bank.class3.yearly": ("bank_class3_yearly", "limit"),
    "bank.class3.balance": ("bank_class3_balance", "max_balance"),
    "payment.class1.lifetime": ("payment_class1_lifetime", "limit"),
    "payment.class2.yearly": ("payment_class2_yearly", "limit"),
    "payment.class3.yearly": ("payment_class3_yearly", "limit"),
    "payment.daily_cap": ("payment_daily_certificate", "limit"),
    "ecny.tier4.payment": ("ecny_tier4_per_payment", "limit"),
    "ecny.tier4.daily": ("ecny_tier4_daily", "limit"),
    "ecny.tier4.balance": ("ecny_tier4_balance", "max_balance"),
    "ecny.tier2.payment": ("ecny_tier2_per_payment", "limit"),
    "ecny.tier2.daily": ("ecny_tier2_daily", "limit"),
    "ecny.tier2.balance": ("ecny_tier2_balance", "max_balance"),
}


def test_every_platform_limit_has_a_pack_rule_at_least_as_strict() -> None:
    pack = default_pack()
    rows = limits_table({p.platform_id: p for p in core_personalities()})
    assert rows
    for row in rows:
        assert row["rule"] in COVERED_BY, f"platform limit {row['rule']} has no rule in the pack covering it"
        rule_id, value_name = COVERED_BY[row["rule"]]
        rule = pack.rule(rule_id)
        assert rule.status == "in_force" and rule.effective_to is None, rule_id
        value = rule.values[value_name]
        assert value.stricter == "lower"
        assert Decimal(value.value) <= Decimal(row["amount"]), (row["rule"], value.value, row["amount"])
        assert "deny" in {e.kind for e in rule.effect}, rule_id
