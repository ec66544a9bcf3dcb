"""One time zone for people: the clock's local zone is the person's, pinnable by tests and independent
of the process's TZ once pinned; platform instants become the person's day; bare dates stay dates."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app import clock
from app.sync.contract import FxQuote, RemoteTransaction
from app.sync.service import SyncService

CST = timezone(timedelta(hours=8))  # how the Chinese platforms stamp their instants


@pytest.fixture
def process_tz(request: pytest.FixtureRequest) -> Iterator[str]:
    """Runs the test with the process's TZ set to ``request.param`` (the C library's local zone)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    try:
        yield request.param
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


def remote(at: datetime) -> RemoteTransaction:
    return RemoteTransaction(
        transaction_id="T1",
        status="booked",
        booked_at=at,
        value_at=at,
        amount=Decimal("-23.50"),
        currency="CNY",
        counterparty="瑞幸咖啡",
        counterparty_account=None,
        memo="",
        category="",
        own_transfer_ref=None,
        merchant=None,
    )


@pytest.mark.parametrize("process_tz", ["UTC", "America/New_York", "Asia/Shanghai"], indirect=True)
def test_the_computer_s_zone_follows_the_process_tz_with_daylight_saving(process_tz: str) -> None:
    zone = ZoneInfo(process_tz)
    for instant in (
        datetime(2026, 7, 1, 12, tzinfo=UTC),
        datetime(2026, 12, 5, 4, 30, tzinfo=UTC),
        datetime(2026, 3, 8, 7, 30, tzinfo=UTC),
        datetime(2026, 11, 1, 5, 30, tzinfo=UTC),
    ):
        ours, theirs = clock.to_local(instant), instant.astimezone(zone)
        # (compared piecewise: PEP 495 makes a wall time in the fall-back hour unequal across zones)
        assert ours.replace(tzinfo=None) == theirs.replace(tzinfo=None)
        assert ours.utcoffset() == theirs.utcoffset()
        assert ours.astimezone(UTC) == instant
    assert clock.local_day_start(date(2026, 12, 5)) == datetime(2026, 12, 5, tzinfo=zone).astimezone(UTC)


@pytest.mark.clock("2026-12-05T13:08:00+00:00")
@pytest.mark.parametrize("process_tz", ["UTC", "Asia/Shanghai", "America/New_York"], indirect=True)
def test_a_pinned_zone_wins_over_the_process_tz(process_tz: str) -> None:
    with clock.use_zone(ZoneInfo("Asia/Shanghai")):
        assert clock.local_now() == datetime(2026, 12, 5, 21, 8, tzinfo=ZoneInfo("Asia/Shanghai"))
        assert clock.local_today() == date(2026, 12, 5)
        assert clock.local_day_start(date(2026, 12, 6)) == datetime(2026, 12, 5, 16, 0, tzinfo=UTC)
    with clock.use_zone(ZoneInfo("America/New_York")):
        assert clock.local_today() == date(2026, 12, 5)  # 08:08 in New York
        assert clock.to_local(datetime(2026, 12, 5, 2, 0)).date() == date(2026, 12, 4)  # naive = UTC


@pytest.mark.zone("America/New_York")
def test_the_zone_marker_pins_the_person_s_zone() -> None:
    assert clock.local_zone() == ZoneInfo("America/New_York")
    assert clock.local_today() == date(2026, 12, 3)  # the pinned instant is 23:00 on the 3rd there


@pytest.mark.parametrize("process_tz", ["UTC", "Asia/Shanghai"], indirect=True)
@pytest.mark.parametrize(
    ("zone", "stamp", "day"),
    [
        # 21:08 in Shanghai, stamped by the platform in its own +08:00: the 5th.
        ("Asia/Shanghai", datetime(2026, 12, 5, 21, 8, tzinfo=CST), date(2026, 12, 5)),
        # 00:30 on the 5th in Shanghai is 16:30 UTC on the 4th: a platform stamping UTC must not say the 4th.
        ("Asia/Shanghai", datetime(2026, 12, 4, 16, 30, tzinfo=UTC), date(2026, 12, 5)),
        # 21:08 on the 5th in New York is 10:08 on the 6th in Shanghai: the person's day is the 5th.
        ("America/New_York", datetime(2026, 12, 6, 10, 8, tzinfo=CST), date(2026, 12, 5)),
    ],
)
def test_a_platform_instant_is_booked_on_the_person_s_day_and_keeps_its_instant(
    process_tz: str, zone: str, stamp: datetime, day: date
) -> None:
    with clock.use_zone(ZoneInfo(zone)):
        row = SyncService._transaction(remote(stamp))
    assert row.booked_on == day
    assert row.occurred_at == stamp  # the same instant, whichever offset it came in


def test_a_bare_date_from_a_platform_stays_that_date() -> None:
    with clock.use_zone(ZoneInfo("America/New_York")):
        row = SyncService._transaction(remote(date(2026, 12, 5)))  # type: ignore[arg-type]
    assert row.booked_on == date(2026, 12, 5) and row.occurred_at is None


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "America/New_York"])
def test_a_quote_is_the_rate_of_the_person_s_day(services, zone: str) -> None:
    # 21:08 on the 5th where the person is, as the platform stamps it (+08:00).
    local = datetime(2026, 12, 5, 21, 8, tzinfo=ZoneInfo(zone))
    quote = FxQuote(
        "USD", "CNY", Decimal("7.1234"), local.astimezone(CST), local.astimezone(CST) + timedelta(minutes=5)
    )
    with clock.use_zone(ZoneInfo(zone)):
        rate = services.sync_service._rate("USD", quote, 1)
    assert rate.as_of == date(2026, 12, 5)


@pytest.mark.clock("2026-12-05T13:08:00+00:00")
@pytest.mark.parametrize("process_tz", ["UTC", "America/New_York"], indirect=True)
def test_the_instant_is_kept_sealed_and_read_back(services, process_tz: str) -> None:
    from app.ledger.records import AccountInput, MemberInput, PlatformInput

    services.add_member(MemberInput("Dad", "adult"))
    _, wallet = services.add_platform(PlatformInput("Alipay", "payment_wallet"))
    services.add_account(AccountInput(services.members()[0].id, wallet, "wallet_balance", "余额"))
    account = services.accounts()[0].id
    with clock.use_zone(ZoneInfo("Asia/Shanghai")):
        services.add_transactions(
            account, [SyncService._transaction(remote(datetime(2026, 12, 5, 21, 8, tzinfo=CST)))]
        )
    (view,) = services.transactions()
    assert view.booked_on == date(2026, 12, 5)
    assert view.occurred_at == datetime(2026, 12, 5, 13, 8, tzinfo=UTC)


@pytest.mark.clock("2026-12-05T13:08:00+00:00")
def test_a_day_s_rows_are_listed_newest_time_first(services) -> None:
    """Synced rows of one day come newest first by their (sealed) time, not in the order they arrived;
    a row with a day only follows that day's timed rows."""
    from dataclasses import replace

    from app.ledger.records import AccountInput, MemberInput, PlatformInput

    services.add_member(MemberInput("Dad", "adult"))
    _, wallet = services.add_platform(PlatformInput("Alipay", "payment_wallet"))
    services.add_account(AccountInput(services.members()[0].id, wallet, "wallet_balance", "余额"))
    account = services.accounts()[0].id
    rows = []
    with clock.use_zone(ZoneInfo("Asia/Shanghai")):
        for n, hour in enumerate((7, 11, 9)):  # arrive 07:37, 11:43, 09:20
            at = datetime(2026, 12, 5, hour, 20 + n, tzinfo=CST)
            rows.append(replace(SyncService._transaction(remote(at)), external_id=f"T{n}", counterparty=f"{hour}"))
        dated = SyncService._transaction(replace(remote(datetime(2026, 12, 5, tzinfo=CST)), booked_at=date(2026, 12, 5)))
        rows.append(replace(dated, external_id="D", counterparty="day"))
        services.add_transactions(account, rows)
    by_id = {v.id: v.counterparty for v in services.transactions()}
    assert [by_id[e.id] for e in services.transaction_index()] == ["11", "9", "7", "day"]
