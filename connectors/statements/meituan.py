"""Meituan (美团) bill exports (``meituan-csv``): UTF-8 with BOM, CRLF, a preamble of ~19 lines (user,
period, counts), then 11 columns: 交易创建时间, 交易成功时间, 交易类型, 订单标题, 收/支, 支付方式, 订单金额,
实付金额, 交易单号, 商家单号, 备注.

Meaning, as for the other platform bills (``bill_terms``): the amount is 实付金额, what was paid (订单金额
before discounts is not money that moved), negative for 支出 and positive for 收入; the time is
交易创建时间 (the file's wall time, naive). 交易类型 says what the row is: 支付 a purchase, 退款 a refund
(status "refunded", linked to its original when the file holds it), 还款 a repayment of 美团月付 (the
platform's buy-now-pay-later line) from the card named in 支付方式 (transfer_hint "bnpl_repayment").
``instrument`` is 支付方式 (美团月付, 美团余额, 微信支付, 中国银行信用卡(1875)...). Rows paid through WeChat Pay
or Alipay appear in those bills too; the notes say how many. The period the preamble states (起始时间 /
终止时间) is the section's period. The preamble's own totals are not trusted (its 支出 count includes the
还款 rows, its total does not).

Failure policy: as for Alipay, a row that cannot be read fails the import with a StatementError.
"""

from __future__ import annotations

import re
from datetime import date

from app.i18n import _
from connectors.statements.bill_terms import direction_of, link_refunds, signed
from connectors.statements.cells import CellError, clean, parse_amount, parse_datetime
from connectors.statements.decoding import decode_text
from connectors.statements.records import ParsedStatement, StatementError, StatementRow, StatementSection
from connectors.statements.tables import (
    after_table,
    column_map,
    csv_records,
    find_header,
    key_values,
    sniff_score,
    table_rows,
)

ALIASES: dict[str, tuple[str, ...]] = {
    "time": ("交易创建时间",),
    "success_time": ("交易成功时间",),
    "type": ("交易类型",),
    "description": ("订单标题",),
    "direction": ("收/支",),
    "instrument": ("支付方式",),
    "order_amount": ("订单金额",),
    "amount": ("实付金额",),
    "order_id": ("交易单号",),
    "merchant_order_id": ("商家单号",),
    "memo": ("备注",),
}
TITLES = ("美团交易账单明细",)
FILENAMES = ("meituan", "美团")
_PERIOD = re.compile(r"起始时间[:：]\s*\[?\s*(\d{4}-\d{2}-\d{2})\s*\]?.*?终止时间[:：]\s*\[?\s*(\d{4}-\d{2}-\d{2})")
_OTHER_BILLS = ("微信支付", "支付宝")


def is_header(keys: set[str]) -> bool:
    return {"交易创建时间", "交易类型", "订单标题", "收/支", "支付方式", "实付金额"} <= keys


def transfer_hint(kind: str, description: str) -> str:
    """The own-account move a Meituan row is ("" for a purchase or refund)."""
    if kind == "还款" or "还款" in description:
        return "bnpl_repayment"  # 美团月付 repaid from a card or the balance
    if "充值" in description:
        return "topup"
    if "提现" in description:
        return "withdraw"
    return ""


class MeituanImporter:
    """Meituan (美团) CSV bill export."""

    name = "meituan-csv"

    def sniff(self, head: bytes, filename: str) -> float:
        return sniff_score(head, filename, is_header, TITLES, FILENAMES)

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        text, encoding = decode_text(data, path)
        records = csv_records(text, path)
        found = find_header(records, is_header)
        if found is None:
            raise StatementError(path, _("no Meituan bill table: no header row with 交易创建时间, 交易类型, 订单标题, "
                                         "收/支, 支付方式 and 实付金额 was found"))
        _line, header, preamble = found
        cols = column_map(header, ALIASES)
        names = [clean(c) for c in header]

        def cell(cells: list[str], key: str) -> str:
            i = cols.get(key, -1)
            return clean(cells[i]) if 0 <= i < len(cells) else ""

        rows: list[StatementRow] = []
        refunds: list[bool] = []
        for line, cells in table_rows(records, header, path):
            field = "time"
            try:
                occurred = parse_datetime(cell(cells, field))
                field = "amount"
                amount = parse_amount(cell(cells, field))
                field = "direction"
                direction = direction_of(cell(cells, field))
            except CellError as exc:
                raise StatementError(path, str(exc), line=line, field=names[cols[field]]) from None
            kind = cell(cells, "type")
            description = cell(cells, "description")
            memo = cell(cells, "memo")
            is_refund = kind == "退款"
            rows.append(StatementRow(
                line=line,
                occurred_at=occurred,
                amount=signed(amount, direction == "out"),
                currency="CNY",
                direction=direction,
                status="refunded" if is_refund else "success",
                description=description,
                memo="" if memo == "/" else memo,
                category=kind,
                instrument=cell(cells, "instrument"),
                order_id=cell(cells, "order_id"),
                merchant_order_id=cell(cells, "merchant_order_id"),
                transfer_hint="" if is_refund else transfer_hint(kind, description),
                raw_type=kind,
            ))
            refunds.append(is_refund)
        after_table(records, path, cols["time"], cols["amount"])
        rows = link_refunds(rows, refunds)

        notes: list[str] = []
        period: tuple[date, date] | None = None
        preamble_text = " ".join(clean(c) for cells in preamble for c in cells)
        m = _PERIOD.search(preamble_text)
        if m:
            try:
                start, end = date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2))
            except ValueError:
                pass
            else:
                period = (start, end) if start <= end else None
        elsewhere = sorted({r.instrument for r in rows if r.instrument in _OTHER_BILLS})
        if elsewhere:
            count = sum(r.instrument in _OTHER_BILLS for r in rows)
            notes.append(_("{count} rows were paid with {instruments}, whose own bills list them too").format(
                count=count, instruments=", ".join(elsewhere)))
        info = key_values(preamble)
        section = StatementSection(account_ref=info.get("美团用户名", ""), currency="CNY",
                                   kind_hint="wallet_balance", rows=rows, period=period)
        return ParsedStatement(format=self.name, path=path, encoding=encoding, sections=[section], notes=notes)


IMPORTER = MeituanImporter()

__all__ = ["ALIASES", "IMPORTER", "MeituanImporter", "is_header", "transfer_hint"]
