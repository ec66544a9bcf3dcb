"""Property: no sequence of calls through AppServices executes a transfer the policy denies, or one that
lacks its step-up, its household approval or its delay. Random sequences of transfers (amounts around the
thresholds, own accounts, a family member's account, fresh and older payees, every arrival choice),
proofs given or withheld or given for another request, revocations, the scheduler's ticks and the clock
moving on; after each sequence every transfer that reached a platform is checked against its decision.
"""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from app import clock
from app.errors import HuiliuError
from app.services import Decision
from tests.app.transfers.conftest import Demo

AMOUNTS = ("1.00", "99.99", "4999.99", "5000.00", "5000.01", "6000.00", "9999.99", "10000.00", "10000.01",
           "20000.00")

step = st.one_of(
    st.tuples(st.just("transfer"), st.integers(0, 4), st.sampled_from(AMOUNTS),
              st.sampled_from(("realtime", "normal", "nextday")), st.sampled_from(("none", "right", "other")),
              st.booleans(), st.booleans()),
    st.tuples(st.just("revoke"), st.integers(0, 50)),
    st.tuples(st.just("tick"), st.sampled_from((1, 31, 3600, 7200, 90000))),
)


@settings(max_examples=12, phases=(Phase.explicit, Phase.generate), suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@pytest.mark.timeout(600)
@given(steps=st.lists(step, min_size=3, max_size=10))
def test_no_sequence_executes_what_the_policy_does_not_allow(demo: Demo, steps: list[tuple]) -> None:
    svc = demo.services
    if not hasattr(demo, "totp"):
        demo.totp = demo.enrol_totp()  # type: ignore[attr-defined]
        demo.fresh = svc.add_payee("赵六", "6217000011112222333", "汇通银行")  # type: ignore[attr-defined]
        clock.get().advance(timedelta(hours=25))
        demo.fresh2 = svc.add_payee("钱七", "6217000011114444555", "恒信银行")  # type: ignore[attr-defined]
    card, e_account = demo.account(1, "汇通借记卡（一类户）"), demo.account(1, "汇通电子账户（二类户）")
    wallet = demo.account(1, "易付宝余额")
    spouse = next(a.id for a in svc.accounts() if a.member_id == 2 and a.name == "汇通借记卡（一类户）")
    targets = [("to", wallet), ("to", card), ("to", spouse), ("payee", demo.fresh.id),  # type: ignore[attr-defined]
               ("payee", demo.fresh2.id)]  # type: ignore[attr-defined]
    proved: set[str] = demo.__dict__.setdefault("proved", set())  # across examples: the vault keeps them all
    for s in steps:
        if s[0] == "transfer":
            _, target, amount, arrival, proof_kind, confirm, from_e = s
            kind, ident = targets[target]
            src = e_account if from_e else card
            if kind == "to" and ident == src:
                continue
            request = demo.request(src, amount, to=ident if kind == "to" else None,
                                   payee=ident if kind == "payee" else None, memo="生活费", arrival=arrival)
            proof = None
            try:
                if proof_kind != "none":
                    other = demo.request(src, "1.23", to=wallet if src != wallet else card)
                    clock.get().advance(timedelta(seconds=30))
                    code = demo.totp.at(clock.utcnow())  # type: ignore[attr-defined]
                    proof = svc.step_up_with_totp(code, request if proof_kind == "right" else other)
                    if proof_kind == "right":
                        proved.add(request.idempotency_key)
                svc.submit_transfer(request, proof=proof, confirmed=confirm)
            except HuiliuError:
                pass  # refused with a reason: nothing may have moved (checked below)
        elif s[0] == "revoke":
            mine = svc.transfers()
            if mine:
                try:
                    svc.revoke_transfer(mine[s[1] % len(mine)].id)
                except HuiliuError:
                    pass
        else:
            clock.get().advance(timedelta(seconds=s[1]))
            svc.run_due_transfers()
    book = demo.sandbox.world.transfers  # type: ignore[attr-defined]
    with demo.sandbox.world.lock:  # type: ignore[attr-defined]
        at_platform = {t.idempotency_key: t for t in book.transfers.values()}
    for t in svc.transfers(limit=10**6):
        decision = Decision.from_json(json.dumps(t.decision))
        sent = t.idempotency_key in at_platform
        if decision.denied or decision.hold:
            assert not sent and t.state in ("rejected", "held"), (t.id, t.state)
        if decision.step_up and sent:
            assert t.idempotency_key in proved, t.id
        if sent and t.release_at is not None:
            remote = at_platform[t.idempotency_key]
            executed = remote.executed_at or remote.execute_at
            assert executed is not None and executed >= t.release_at, (t.id, executed, t.release_at)
        if t.state == "awaiting_approval":
            assert not sent
        # the policy is at least as strict as every platform limit: none refuses what the policy allowed
        assert all(e.detail.get("code") != "limit_exceeded" for e in t.events), (t.id, t.reason)
    assert all(Decimal(str(t.amount)) > 0 for t in at_platform.values())
