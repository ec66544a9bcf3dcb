"""FactsIndex: pending transfers count at once and resolve exactly once; days and years turn at
Asia/Shanghai midnight; the 24-hour window; and, through build_facts, every daily limit switching
between 23:59:59 and 00:00:00 and every yearly limit between 31 December and 1 January."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from app.policy.engine import PolicyEngine
from app.policy.facts import SHANGHAI, FactsIndex, Outflow, build_facts
from app.policy.model import default_pack
from tests.app.policy.scenario import ACCOUNTS, intent, payee

D = Decimal
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=SHANGHAI)


def out(at: datetime, amount: str, account: int = 1, ref: str | None = None, **kw: object) -> Outflow:
    return Outflow(at=at, account_id=account, member_id=1, amount_cny=D(amount), ref=ref, **kw)  # type: ignore[arg-type]


def test_a_pending_transfer_counts_at_once_and_resolves_exactly_once() -> None:
    index = FactsIndex()
    day = NOW.date()
    assert index.add(out(NOW, "300.00", ref="t1", payee_key="payee:9"))
    assert index.account_day(1, day) == D("300.00") and index.paid_before(1, "payee:9")
    assert not index.add(out(NOW, "300.00", ref="t1"))  # the same transfer again (say, from sync): no change
    assert index.account_day(1, day) == D("300.00")
    assert index.resolve("t1", "revoked")
    assert index.account_day(1, day) == 0 and index.account_year_nonbound(1, 2026) == 0
    assert not index.paid_before(1, "payee:9")
    assert not index.resolve("t1", "revoked") and not index.resolve("t1", "settled")
    assert index.account_day(1, day) == 0  # resolving twice changed nothing


def test_a_settled_transfer_stays_counted_and_cannot_be_revoked_later() -> None:
    index = FactsIndex()
    index.add(out(NOW, "50.00", ref="t2"))
    assert index.resolve("t2", "SETTLED")
    assert not index.resolve("t2", "revoked")
    assert index.account_day(1, NOW.date()) == D("50.00")


def test_bad_input_is_refused() -> None:
    index = FactsIndex()
    with pytest.raises(ValueError, match="final state"):
        index.resolve("x", "pending")
    with pytest.raises(ValueError, match="positive"):
        index.add(out(NOW, "0.00"))
    with pytest.raises(ValueError, match="timezone"):
        index.add(Outflow(at=datetime(2026, 12, 4), account_id=1, member_id=1, amount_cny=D(1)))
    assert not index.resolve("never-added", "revoked")


def test_days_turn_at_shanghai_midnight_not_utc() -> None:
    index = FactsIndex()
    late = datetime(2026, 12, 3, 23, 59, 59, tzinfo=SHANGHAI)  # 15:59:59 UTC, same UTC day as the next one
    index.add(out(late, "10.00"))
    index.add(out(late + timedelta(seconds=1), "20.00"))
    assert index.account_day(1, late.date()) == D("10.00")
    assert index.account_day(1, late.date() + timedelta(days=1)) == D("20.00")


def test_the_24_hour_window_and_revoked_transfers_in_it() -> None:
    index = FactsIndex()
    index.add(out(NOW - timedelta(hours=24), "1.00"))
    index.add(out(NOW - timedelta(hours=24) + timedelta(seconds=1), "2.00"))
    index.add(out(NOW - timedelta(hours=1), "3.00", ref="r"))
    assert [o.amount_cny for o in index.last_24h(1, NOW)] == [D("2.00"), D("3.00")]
    index.resolve("r", "cancelled")
    assert [o.amount_cny for o in index.last_24h(1, NOW)] == [D("2.00")]
    index.add(out(NOW - timedelta(days=3), "4.00"))  # old history synced late, after newer outflows
    assert [o.amount_cny for o in index.last_24h(1, NOW)] == [D("2.00")]


def test_the_90_day_history_reads_days_before_today() -> None:
    index = FactsIndex()
    index.add(out(NOW - timedelta(days=1), "100.00"))
    index.add(out(NOW - timedelta(days=1), "50.00"))
    index.add(out(NOW - timedelta(days=10), "300.00"))
    index.add(out(NOW - timedelta(days=91), "9999.00"))  # outside the window
    index.add(out(NOW, "7777.00"))  # today is not history
    index.add(out(NOW - timedelta(days=2), "5000.00", same_name=True))  # to oneself: not behaviour to others
    h = index.history(1, NOW.date())
    assert (h.daily_max_cny, h.daily_avg_cny, h.count, h.active_days) == (D("300.00"), D("225.00"), 3, 2)


def test_build_facts_reads_same_name_same_bank_bound_and_tiers() -> None:
    index = FactsIndex()
    own = build_facts(intent(NOW, "10.00", to_account_id=2), ACCOUNTS, index, NOW).values
    assert own["same_name"] and own["same_bank"] and own["to_bound_account"] and own["whitelist_tier"] == "A"
    other_bank = build_facts(intent(NOW, "10.00", to_account_id=7), ACCOUNTS, index, NOW).values
    assert other_bank["same_name"] and not other_bank["same_bank"] and other_bank["same_name_bank"]
    spouse = build_facts(intent(NOW, "10.00", to_account_id=6), ACCOUNTS, index, NOW).values
    assert not spouse["same_name"] and spouse["whitelist_tier"] == "none"
    family = build_facts(intent(NOW, "10.00", to_account_id=6, family_member_ids=frozenset({2})), ACCOUNTS,
                         index, NOW).values
    assert family["whitelist_tier"] == "A" and family["is_family"]
    fresh = build_facts(intent(NOW, "10.00", payee=payee(NOW, hours_old=3)), ACCOUNTS, index, NOW).values
    assert fresh["whitelist_tier"] == "saved" and fresh["payee_age_hours"] == 3 and fresh["first_to_payee"]
    removed = build_facts(intent(NOW, "10.00", payee=payee(NOW, removed=True)), ACCOUNTS, index, NOW).values
    assert removed["whitelist_tier"] == "none"
    receiving = build_facts(intent(NOW, "600.00", from_account=2, to_account_id=4), ACCOUNTS, index, NOW).values
    assert receiving["to_balance_after"] == D("2100.00") and receiving["to_bank_class"] == "III"


def test_build_facts_refuses_what_it_cannot_decide_on() -> None:
    index = FactsIndex()
    with pytest.raises(ValueError, match="greater than zero"):
        build_facts(intent(NOW, "0"), ACCOUNTS, index, NOW)
    with pytest.raises(ValueError, match="arrival"):
        build_facts(intent(NOW, "1", arrival="soon"), ACCOUNTS, index, NOW)
    with pytest.raises(ValueError, match="amount_cny"):
        build_facts(intent(NOW, "1", currency="USD"), ACCOUNTS, index, NOW)
    with pytest.raises(ValueError, match="no account 99"):
        build_facts(intent(NOW, "1", from_account=99), ACCOUNTS, index, NOW)


# rule id, sending account, what the earlier outflow looks like, what the transfer looks like
DAILY = [
    ("bank_class2_daily", 1, {}, {}),
    ("bank_class3_daily", 4, {}, {}),
    ("payment_daily_two_factor", 3, {}, {}),
    ("payment_daily_single_factor", 8, {}, {"auth_strength": "single_factor"}),
    ("payment_daily_certificate", 3, {}, {"auth_strength": "certificate"}),
    ("static_qr_daily", 3, {"channel": "static_qr"}, {"channel": "static_qr"}),
    ("ecny_tier4_daily", 5, {}, {}),
    ("large_value_confirm", 2, {}, {}),
    ("aml_domestic", 2, {}, {}),
    ("aml_cross_border", 2, {"cross_border": True}, {"cross_border": True}),
]
YEARLY = [
    ("bank_class2_yearly", 1, {}, {}),
    ("bank_class3_yearly", 4, {}, {}),
    ("payment_class3_yearly", 3, {}, {}),
    ("payment_class2_yearly", 8, {}, {}),
    ("fx_yearly_quota", 2, {"usd_equivalent": "usd"}, {"fx": True}),
]


def limit_of(rule_id: str) -> Decimal:
    rule = default_pack().rule(rule_id)
    value = next(iter(rule.values.values())).value
    return Decimal(value)


def fired(rule_id: str, account: int, earlier: dict[str, object], now_kw: dict[str, object], first: datetime,
          then: datetime) -> bool:
    """An outflow of (limit - 1.00) at ``first``, then a transfer of 1.01 at ``then``: does ``rule_id`` fire?"""
    index = FactsIndex()
    limit = limit_of(rule_id)
    earlier = dict(earlier)
    if earlier.get("usd_equivalent") == "usd":
        earlier["usd_equivalent"] = limit - 1
        index.add(out(first, "1000.00", account, **earlier))
    else:
        index.add(out(first, str(limit - 1), account, **earlier))
    kw = dict(now_kw)
    if kw.pop("fx", False):
        kw.update(currency="USD", amount_cny=D("7.27"), usd_equivalent=D("1.01"), cross_currency=True)
    facts = build_facts(intent(then, "1.01", from_account=account, **kw), ACCOUNTS, index, then)
    return rule_id in {f.rule_id for f in PolicyEngine().evaluate(facts, then).firings}


@pytest.mark.parametrize(("rule_id", "account", "earlier", "now_kw"), DAILY, ids=[d[0] for d in DAILY])
def test_daily_limits_turn_at_shanghai_midnight(rule_id: str, account: int, earlier: dict[str, object],
                                                now_kw: dict[str, object]) -> None:
    last = datetime(2026, 12, 3, 23, 59, 59, tzinfo=SHANGHAI)
    assert fired(rule_id, account, earlier, now_kw, last - timedelta(hours=1), last)
    assert not fired(rule_id, account, earlier, now_kw, last - timedelta(hours=1), last + timedelta(seconds=1))


@pytest.mark.parametrize(("rule_id", "account", "earlier", "now_kw"), YEARLY, ids=[y[0] for y in YEARLY])
def test_yearly_limits_turn_on_new_year(rule_id: str, account: int, earlier: dict[str, object],
                                        now_kw: dict[str, object]) -> None:
    last = datetime(2026, 12, 31, 23, 59, 59, tzinfo=SHANGHAI)
    early = datetime(2026, 3, 1, 10, 0, tzinfo=SHANGHAI)
    assert fired(rule_id, account, earlier, now_kw, early, last)
    assert not fired(rule_id, account, earlier, now_kw, early, last + timedelta(seconds=1))


def test_scopes_add_up_across_the_right_accounts() -> None:
    index = FactsIndex()
    index.add(out(NOW - timedelta(hours=2), "300.00", account=3))  # payment account, Class III
    index.add(out(NOW - timedelta(hours=2), "200.00", account=8))  # another payment account
    index.add(out(NOW - timedelta(hours=2), "999.00", account=8, same_name=True, same_name_bank=True))  # own bank
    index.add(out(NOW - timedelta(hours=2), "700.00", account=2))  # a bank account: not a payment account
    index.add(out(NOW - timedelta(hours=2), "40.00", account=4))  # Class III at bank A
    index.add(out(NOW - timedelta(hours=2), "5.00", account=4, to_bound=True))  # to its bound account
    values = build_facts(intent(NOW, "1.00", from_account=3), ACCOUNTS, index, NOW).values
    assert values["person_pay_today_cny"] == D("500.00") and values["person_pay_year_cny"] == D("500.00")
    assert values["person_today_out_cny"] == D("2244.00") and values["person_today_others_cny"] == D("1245.00")
    class3 = build_facts(intent(NOW, "1.00", from_account=1), ACCOUNTS, index, NOW).values
    assert class3["person_class3_bank_year_cny"] == D("40.00")  # account 4 is at bank A, as account 1 is
    wallet = build_facts(intent(NOW, "1.00", from_account=5), ACCOUNTS, index, NOW).values
    assert wallet["person_class3_bank_year_cny"] == 0  # an e-CNY wallet is at no bank with Class III accounts
