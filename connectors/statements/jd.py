"""JD.com (京东) transaction statements (``jd-csv``): UTF-8 with BOM, a 导出信息 preamble, 11 columns.

Columns: 交易时间 (ends in TAB), 商户名称, 交易说明, 金额, 收/付款方式, 交易状态, 收/支, 交易分类, 交易订单号,
商家订单号, 备注.

Refunds, decided from what JD itself states: "部分退款的支出金额为剔除退款后的支付金额" (a partly refunded
purchase counts net of its refunds) and "全额退款等记为【不计收支】". So:

- ``131.77(已退款89.84)``: ``amount`` = -(131.77 - 89.84) = -41.93, ``refunded`` = 89.84, status
  "success" (the purchase stands, for 41.93).
- ``468.32(已全额退款)``: ``amount`` = 0.00, ``refunded`` = 468.32, status "refunded".
- The refund rows themselves (退款-…, 退款成功, 不计收支) are neutral and positive, and link to their
  original through ``refund_of`` when the file holds it. They are already netted out of the original
  (its ``refunded`` is set), so an import that booked both would count the refund twice.

With that, the sample's 16 支出 rows sum to the 1648.43 its preamble states. Its 不计收支 figure
(1097.59) is the refund rows alone; the BNPL (先享后付) purchases are neutral too (JD counts them
when repaid) and are signed negative, as money committed from the 先享后付 line.

Failure policy: as for Alipay, a row that cannot be read fails the import with a StatementError.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from app.i18n import _
from connectors.statements.bill_terms import direction_of, link_refunds, signed, status_of
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
    "time": ("交易时间",),
    "counterparty": ("商户名称",),
    "description": ("交易说明",),
    "amount": ("金额", "金额(元)"),
    "instrument": ("收/付款方式",),
    "status": ("交易状态",),
    "direction": ("收/支",),
    "category": ("交易分类",),
    "order_id": ("交易订单号",),
    "merchant_order_id": ("商家订单号",),
    "memo": ("备注",),
}
REQUIRED = ("time", "amount", "status", "direction")

_REFUND_NOTE = re.compile(r"(.*?)\(\s*(?:已退款\s*(.*?)|(已全额退款))\s*\)")
_ARRIVING_HINTS = frozenset({"withdraw", "invest_sell"})


def is_header(keys: set[str]) -> bool:
    return {"交易时间", "商户名称", "交易说明", "收/支", "交易状态"} <= keys and (
        "金额" in keys or "金额(元)" in keys
    )


def transfer_hint(description: str, category: str) -> str:
    """The own-account move a neutral JD row describes ("" for none)."""
    text = description + " " + category
    if "小金库" in text and "转入" in text:
        return "mmf_in"
    if "小金库" in text and "转出" in text:
        return "mmf_out"
    if "还款" in text and ("白条" in text or "先享后付" in text):
        return "bnpl_repayment"
    if "信用卡还款" in text:
        return "credit_repayment"
    if "提现" in text:
        return "withdraw"
    if "充值" in text and "钱包" in text:
        return "topup"
    return ""


def split_amount(cell: Any) -> tuple[Decimal, Decimal | None, bool]:
    """``131.77(已退款89.84)`` -> (gross, refunded, fully refunded); a plain amount -> (amount, None, False)."""
    text = clean(cell).replace("（", "(").replace("）", ")")
    if not text.endswith(")"):
        return parse_amount(text), None, False
    m = _REFUND_NOTE.fullmatch(text)
    if m is None:
        raise CellError(_("not an amount: {value}").format(value=repr(text)))
    gross = abs(parse_amount(m.group(1)))
    if m.group(3):
        return gross, gross, True
    refunded = abs(parse_amount(m.group(2)))
    if refunded > gross:
        raise CellError(
            _("the refund {refunded} exceeds the amount {gross}").format(refunded=refunded, gross=gross)
        )
    return gross, refunded, refunded == gross


class JdImporter:
    """JD.com transaction statements (京东交易流水)."""

    name = "jd"

    def sniff(self, head: bytes, filename: str) -> float:
        return sniff_score(head, filename, is_header, ("京东账号名",), ("jd_", "jd-", "京东"))

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        text, encoding = decode_text(data, path)
        records = csv_records(text, path)
        found = find_header(records, is_header)
        if found is None:
            raise StatementError(
                path,
                _(
                    "no JD statement table: no header row with 交易时间, 商户名称, 交易说明, 金额 and 收/支 was found"
                ),
            )
        _line, header, preamble = found
        cols = column_map(header, ALIASES)
        rows, notes = _rows(table_rows(records, header, path), header, cols, path)
        after_table(records, path, cols["time"], cols["amount"])
        info = key_values(preamble)
        section = StatementSection(
            account_ref=info.get("京东账号名", ""), currency="CNY", kind_hint="wallet_balance", rows=rows
        )
        return ParsedStatement(format="jd-csv", path=path, encoding=encoding, sections=[section], notes=notes)


IMPORTER = JdImporter()


def _rows(
    table: Iterator[tuple[int, list[Any]]], header: list[Any], cols: dict[str, int], path: str
) -> tuple[list[StatementRow], list[str]]:
    names = [clean(c) for c in header]
    i_time, i_amount, i_status, i_dir = cols["time"], cols["amount"], cols["status"], cols["direction"]
    get = cols.get
    i_cp, i_desc, i_instr, i_cat = (
        get("counterparty", -1),
        get("description", -1),
        get("instrument", -1),
        get("category", -1),
    )
    i_oid, i_moid, i_memo = get("order_id", -1), get("merchant_order_id", -1), get("memo", -1)

    def cell(cells: list[Any], i: int) -> str:
        return clean(cells[i]) if 0 <= i < len(cells) else ""

    rows: list[StatementRow] = []
    flags: list[bool] = []
    unknown: dict[str, int] = {}
    for line, cells in table:
        field = i_time
        try:
            occurred = parse_datetime(cells[i_time])
            field = i_amount
            gross, refunded, fully = split_amount(cells[i_amount])
            field = i_dir
            word = cell(cells, i_dir)
            direction = direction_of(word)
        except CellError as exc:
            raise StatementError(path, str(exc), line=line, field=names[field]) from None
        status_word = cell(cells, i_status)
        status, known = status_of(status_word)
        if not known:
            unknown.setdefault(status_word, line)
        if fully:
            status = "refunded"
        net = gross - refunded if refunded is not None else gross
        description, category = cell(cells, i_desc), cell(cells, i_cat)
        is_refund = status_word == "退款成功" or description.startswith("退款")
        hint = ""
        if direction == "out":
            negative = True
        elif direction == "in":
            negative = False
        elif is_refund:
            negative = False
        else:
            # A neutral non-refund row is a purchase JD does not count yet (先享后付) or one refunded in
            # full, or an own-account move: in each case money left (or was committed from) the instrument.
            hint = transfer_hint(description, category)
            negative = hint not in _ARRIVING_HINTS
        memo = cell(cells, i_memo)
        rows.append(
            StatementRow(
                line=line,
                occurred_at=occurred,
                amount=signed(net, negative),
                currency="CNY",
                direction=direction,
                status=status,
                counterparty=cell(cells, i_cp),
                description=description,
                memo=memo,
                category=category,
                instrument=cell(cells, i_instr),
                order_id=cell(cells, i_oid),
                merchant_order_id=cell(cells, i_moid),
                refunded=refunded,
                transfer_hint=hint,
                raw_type=category,
            )
        )
        flags.append(is_refund)
    notes = [
        _("unknown 交易状态 {word} (first on line {line}) was read as pending").format(word=repr(w), line=n)
        for w, n in unknown.items()
    ]
    return link_refunds(rows, flags), notes
