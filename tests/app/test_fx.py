"""Exchange rates: the ECB daily file (recorded), manual rates, and totals that show the rate date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.ledger.fx import RateError, ecb_rates
from app.ledger.records import AccountInput
from app.services import AppServices
from tests.app.household import populate
from tests.conftest import SHARED, shared_missing

ECB_FILE = SHARED / "samples" / "fx" / "eurofxref-daily-2017-03-08.xml"


@pytest.fixture
def ecb_xml() -> bytes:
    if shared_missing(ECB_FILE):
        pytest.skip("shared samples absent")
    return ECB_FILE.read_bytes()


def test_ecb_file_gives_every_currency_into_cny(ecb_xml: bytes) -> None:
    rates = {r.base: r for r in ecb_rates(ecb_xml)}
    assert len(rates) == 31 and "CNY" not in rates
    assert all(r.quote == "CNY" and r.as_of == date(2017, 3, 8) and r.source == "ECB" for r in rates.values())
    assert rates["EUR"].rate == Decimal("7.2953")
    # one USD buys 7.2953 / 1.0556 CNY, rounded half-up at 10 places
    assert rates["USD"].rate == Decimal("6.9110458507")
    assert rates["HKD"].rate == (Decimal("7.2953") / Decimal("8.1982")).quantize(Decimal("1e-10"))


@pytest.mark.parametrize("bad", [b"<not xml", b"<Envelope/>", b'<x xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref"><Cube time="2017-03-08"><Cube currency="USD" rate="abc"/></Cube></x>'])
def test_bad_ecb_files_fail_clearly(bad: bytes) -> None:
    with pytest.raises(RateError):
        ecb_rates(bad)


def test_total_converts_with_dated_rates(services: AppServices, ecb_xml: bytes) -> None:
    populate(services)
    services.add_account(AccountInput(member_id=1, platform_id=1, kind="fx_account", name="美元户", currency="USD",
                                      balance=Decimal("100.00")))
    services.add_account(AccountInput(member_id=1, platform_id=1, kind="fx_account", name="英镑户", currency="GBP", balance=Decimal("10.00")))
    before = services.total(services.accounts())
    assert before.missing_rates == ["USD", "GBP"]
    assert before.amount == Decimal("10139.38")
    services.store_rates([r for r in ecb_rates(ecb_xml) if r.base == "USD"])
    after = services.total(services.accounts())
    assert after.missing_rates == ["GBP"]
    assert after.rate_dates == {"USD": date(2017, 3, 8)}
    assert after.amount == Decimal("10139.38") + Decimal("691.10")  # 100 USD at 6.9110458507, half-up to the fen
    services.store_rates([r for r in ecb_rates(ecb_xml) if r.base == "USD"])  # the same rate twice is kept once
    assert services.info().counts  # still consistent
