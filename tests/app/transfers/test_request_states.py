"""A transfer request (checks, canonical form, digest) and the forward-only state machine."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.errors import ValidationError
from app.transfers import states
from app.transfers.request import TransferRequest


def req(**kw: object) -> TransferRequest:
    base: dict[str, object] = {"from_account_id": 1, "amount": Decimal("100"), "currency": "cny", "memo": " 房租  ",
                               "to_account_id": 2, "idempotency_key": "k" * 16}
    base.update(kw)
    return TransferRequest(**base).checked()  # type: ignore[arg-type]


def test_a_checked_request_is_canonical_and_its_digest_binds_every_field() -> None:
    r = req()
    assert (r.amount, r.currency, r.memo) == (Decimal("100.00"), "CNY", "房租")
    assert str(r.amount) == "100.00"
    again = TransferRequest.from_canonical(r.canonical())
    assert again == r and again.digest() == r.digest() and len(r.digest()) == 32
    for change in ({"amount": Decimal("100.01")}, {"memo": "房租2"}, {"to_account_id": 3},
                   {"arrival": "nextday"}, {"idempotency_key": "j" * 16}, {"from_account_id": 4}):
        assert req(**change).digest() != r.digest(), change


@pytest.mark.parametrize(("change", "field"), [
    ({"amount": Decimal("0")}, "amount"), ({"amount": Decimal("-1")}, "amount"),
    ({"amount": Decimal("1.001")}, "amount"), ({"amount": Decimal("NaN")}, "amount"),
    ({"currency": "XYZ1"}, "currency"), ({"currency": "QQQ"}, "currency"),
    ({"to_account_id": None}, "to"), ({"payee_id": 5}, "to"), ({"to_account_id": 1}, "to"),
    ({"arrival": "tomorrow"}, "arrival"), ({"source": "robot"}, "source"), ({"memo": "x" * 141}, "memo"),
    ({"idempotency_key": "short"}, "idempotency_key"), ({"idempotency_key": "bad key with spaces"}, "idempotency_key"),
])
def test_a_bad_request_names_its_field(change: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        req(**change)
    assert err.value.field == field


def test_yen_has_no_minor_units() -> None:
    assert req(currency="JPY", amount=Decimal("100")).amount == Decimal("100")
    with pytest.raises(ValidationError):
        req(currency="JPY", amount=Decimal("100.5"))


def test_states_only_move_forward() -> None:
    walk = [states.DRAFT, states.AWAITING_APPROVAL, states.PENDING, states.SUBMITTED, states.SETTLED]
    for a, b in zip(walk, walk[1:], strict=False):
        assert states.can_move(a, b)
    for i, later in enumerate(walk):
        for earlier in walk[:i]:
            assert not states.can_move(later, earlier), (later, earlier)
    for final in states.FINAL:
        assert all(not states.can_move(final, other) for other in states.STATES)
    assert states.can_move(states.PENDING, states.REVOKED)
    assert not states.can_move(states.SETTLED, states.REVOKED)
    with pytest.raises(states.IllegalTransition):
        states.check_move(7, states.SETTLED, states.PENDING)
    assert states.COUNTED.isdisjoint({states.REJECTED, states.REVOKED, states.DRAFT})
