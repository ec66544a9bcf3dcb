"""The period a file states for itself, so rows outside it can be flagged (issue 9, §3)."""

from __future__ import annotations

from datetime import date

import pytest

from connectors.statements.detect import parse_data, parse_file
from connectors.statements.period import stated_period
from tests.conftest import SAMPLES, needs_shared
from tests.connectors.statements.test_local_dates import ofx_xml


@pytest.mark.parametrize(("text", "period"), [
    ("起始时间：[2021-05-19 00:00:00]    终止时间：[2021-06-19 23:59:59]", (date(2021, 5, 19), date(2021, 6, 19))),
    ("起始时间：[2025-02-01] 终止时间：[2025-02-28]", (date(2025, 2, 1), date(2025, 2, 28))),
    ("日期区间：2024-12-01 至 2024-12-31", (date(2024, 12, 1), date(2024, 12, 31))),
    ("起始日期:[2019-08-01 00:00:00]    终止日期:[2019-10-01 00:00:00]", (date(2019, 8, 1), date(2019, 10, 1))),
    ("日期区间：2024-12-31 至 2024-12-01", None),  # backwards: not a period
    ("起始时间：[2024-02-30] 终止时间：[2024-03-01]", None),  # no such day
    ("交易时间,金额\n2024-01-01,1.00", None),
])
def test_a_bills_stated_period(text: str, period: tuple[date, date] | None) -> None:
    assert stated_period(("说明\n" + text + "\n").encode("gb18030")) == period


def test_the_period_at_the_end_of_a_long_file_is_found() -> None:
    data = ("交易时间,金额\n" + "2024-01-01,1.00\n" * 20_000 + "起始时间：[2024-01-01 00:00:00] 终止时间：[2024-01-31 "
            "23:59:59]\n").encode()
    assert stated_period(data) == (date(2024, 1, 1), date(2024, 1, 31))


def test_ofx_dtend_at_midnight_ends_the_day_before() -> None:
    data = ofx_xml(["20240322120000"]).replace(b"<DTSTART>20240301</DTSTART><DTEND>20240331</DTEND>",
                                               b"<DTSTART>20240301000000</DTSTART><DTEND>20240401000000</DTEND>")
    assert parse_data(data, "s.ofx").sections[0].period == (date(2024, 3, 1), date(2024, 3, 31))
    assert parse_data(ofx_xml(["20240322120000"]), "s.ofx").sections[0].period == (date(2024, 3, 1),
                                                                                  date(2024, 3, 31))


@needs_shared(SAMPLES)
@pytest.mark.parametrize(("name", "period"), [
    ("alipay/alipay_2021_app.csv", (date(2021, 5, 19), date(2021, 6, 19))),  # stated after the table
    ("alipay/alipay_2023_layout_synthetic.csv", (date(2020, 11, 22), date(2020, 12, 14))),
    ("wechat/wechat_2019.csv", (date(2019, 8, 1), date(2019, 9, 30))),
    ("jd/jd_202412.csv", (date(2024, 12, 1), date(2024, 12, 31))),
    ("ofx/fixofx_checking.ofx", (date(2010, 4, 24), date(2010, 7, 23))),
    ("camt/camt053.v2.minimal.xml", (date(2007, 10, 18), date(2007, 10, 18))),
    ("bank-csv/cmb_debit.csv", None),
])
def test_the_samples_state_their_periods(name: str, period: tuple[date, date] | None) -> None:
    assert parse_file(SAMPLES / name).sections[0].period == period


@needs_shared(SAMPLES)
def test_a_row_outside_the_stated_period_is_flagged_in_the_preview(services) -> None:
    from app.ledger.imports import ImportService
    from tests.app.household import populate

    populate(services)
    data = (SAMPLES / "alipay/alipay_2023_layout_synthetic.csv").read_bytes()
    preview = ImportService(services.unit).preview(parse_data(data, "bill.csv"), data, account_id=3)
    outside = [p.row.occurred_at.date() for p in preview.rows if p.outside]
    assert outside and all(day == date(2020, 12, 15) for day in outside)  # the file says it ends on the 14th
    assert any("outside the period" in n for n in preview.notes)
