"""Alipay (支付宝) bill exports: the 2019 web export, the 2021 app export and the 2023+ layout.

All three are GBK CSV with a header row found by its column names (the preamble grows and shrinks
between versions; the 2021 layout puts its 导出信息 block after the table):

- ``alipay-2019-web``: 16 columns from 交易号 to 资金状态, padded cells, ids ending in TAB; 收/支 is
  empty for moves between own accounts, where 资金状态 (资金转移) says so; 服务费 and 成功退款 columns.
- ``alipay-2021-app``: 11 columns starting with 收/支; 其他 marks neutral rows.
- ``alipay-2023``: 12 columns from 交易时间 to 备注; 不计收支 marks neutral rows.

Meaning (shared with WeChat and JD, see ``text.TRANSFER_HINTS`` / ``text.STATUS_WORDS``): 支出 rows
are negative and 收入 rows positive; a neutral row is signed as seen by its ``instrument``: refunds and
fund income (收益发放, no transfer hint: it is income) arrive, +; rows with a transfer hint take the sign
the hint table gives (余额宝 转入 and fund purchases leave, -; 提现 and fund sales arrive, +); any other
neutral row keeps the file's unsigned amount, +. 交易关闭 rows keep their stated amount with status
"closed" (nothing moved); 等待确认收货 is "pending" although the payer's money has left. Refund rows
(退款成功, category 退款, or 商品说明 "退款-...") link to their original through ``refund_of`` when the
file allows; 转账到银行卡 to the holder's own name (姓名 in the 导出信息 block) gets hint ``own_card``.

Failure policy: a row that cannot be read (bad date, bad amount, unknown 收/支, wrong field count)
fails the whole import with a StatementError naming the line and column; nothing is half-imported.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from app.i18n import _
from connectors.statements.bill_terms import direction_of, link_refunds, signed, status_of
from connectors.statements.cells import BLANKS, CellError, clean, parse_amount, parse_datetime
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
    "time": ("交易时间", "交易创建时间"),
    "category": ("交易分类", "类型"),
    "counterparty": ("交易对方",),
    "description": ("商品说明", "商品名称"),
    "direction": ("收/支",),
    "amount": ("金额", "金额(元)"),
    "instrument": ("收/付款方式",),
    "status": ("交易状态",),
    "order_id": ("交易订单号", "交易号"),
    "merchant_order_id": ("商家订单号", "商户订单号"),
    "memo": ("备注",),
    "fee": ("服务费(元)",),
    "refunded": ("成功退款(元)",),
    "fund_status": ("资金状态",),
}
REQUIRED = ("time", "counterparty", "direction", "amount", "status")

# Neutral rows whose money arrives at the instrument (refunds and fund income are handled apart).
_ARRIVING_HINTS = frozenset({"withdraw", "invest_sell"})


def is_header(keys: set[str]) -> bool:
    return (
        {"收/支", "交易状态", "交易对方"} <= keys
        and ("金额" in keys or "金额(元)" in keys)
        and ("交易时间" in keys or "交易创建时间" in keys)
    )


def transfer_hint(description: str, category: str) -> str:
    """The own-account move a neutral Alipay row describes ("" when it is none of them)."""
    text = description
    if "收益发放" in text:  # income from the fund company, not a move between own accounts
        return ""
    if "卖出" in text or "赎回" in text:
        return "invest_sell"
    if "买入" in text or "申购" in text:
        return "invest_buy"
    if "余额宝" in text and "转入" in text:
        return "mmf_in"
    if "余额宝" in text and "转出" in text:
        return "mmf_out"
    if "信用卡还款" in text or category == "信用卡还款":
        return "credit_repayment"
    if "还款" in text and ("花呗" in text or "借呗" in text or "白条" in text):
        return "bnpl_repayment"
    if "提现" in text:
        return "withdraw"
    if "充值" in text:
        return "topup"
    return ""


class AlipayImporter:
    """Alipay CSV bill exports (2019 web, 2021 app, 2023+)."""

    name = "alipay"

    def sniff(self, head: bytes, filename: str) -> float:
        return sniff_score(
            head,
            filename,
            is_header,
            ("支付宝交易记录明细", "支付宝账户", "电子客户回单"),
            ("alipay", "支付宝"),
        )

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        text, encoding = decode_text(data, path)
        records = csv_records(text, path)
        found = find_header(records, is_header)
        if found is None:
            raise StatementError(
                path,
                _(
                    "no Alipay bill table: no header row with 交易时间, 交易对方, 收/支, 金额 and 交易状态 was found"
                ),
            )
        header_line, header, preamble = found
        cols = column_map(header, ALIASES)
        keys = [clean(c) for c in header]
        if "order_id" in cols and keys[cols["order_id"]] == "交易号":
            layout = "alipay-2019-web"
        elif cols["direction"] == 0:
            layout = "alipay-2021-app"
        else:
            layout = "alipay-2023"

        rows, refund_flags, own_card_candidates, unknown = self._rows(records, header, cols, path)
        # Whatever follows the table's end rule is the 导出信息/summary block (2019/2021 layouts); a row
        # there would have been silently dropped, so make sure none is.
        footer = after_table(records, path, cols["time"], cols["amount"])

        info = key_values(preamble + footer)
        holder = info.get("姓名", "")
        if holder and "*" not in holder:
            for i in own_card_candidates:
                if rows[i].counterparty == holder:
                    rows[i] = replace(rows[i], transfer_hint="own_card")
        rows = link_refunds(rows, refund_flags)

        notes = [
            _("unknown 交易状态 {word} (first on line {line}) was read as pending").format(
                word=repr(w), line=n
            )
            for w, n in unknown.items()
        ]
        account = info.get("支付宝账户") or info.get("账号") or info.get("账户") or ""
        section = StatementSection(account_ref=account, currency="CNY", kind_hint="wallet_balance", rows=rows)
        return ParsedStatement(format=layout, path=path, encoding=encoding, sections=[section], notes=notes)

    def _rows(
        self, records: Iterator[tuple[int, list[str]]], header: list[str], cols: dict[str, int], path: str
    ) -> tuple[list[StatementRow], list[bool], list[int], dict[str, int]]:
        missing = [f for f in REQUIRED if f not in cols]
        if missing:
            raise StatementError(
                path, _("the header lacks the columns {names}").format(names=", ".join(missing))
            )
        names = [clean(c) for c in header]
        i_time, i_dir, i_amount, i_status = cols["time"], cols["direction"], cols["amount"], cols["status"]
        i_cp = cols["counterparty"]
        optional = {f: cols.get(f, -1) for f in ALIASES}
        i_cat, i_desc, i_instr = optional["category"], optional["description"], optional["instrument"]
        i_oid, i_moid, i_memo = optional["order_id"], optional["merchant_order_id"], optional["memo"]
        i_fee, i_refunded, i_fund = optional["fee"], optional["refunded"], optional["fund_status"]

        rows: list[StatementRow] = []
        refund_flags: list[bool] = []
        own_card: list[int] = []
        unknown: dict[str, int] = {}
        for line, cells in table_rows(records, header, path):
            # Strip every cell once; the "" appended makes index -1 (a column this layout lacks) read "".
            v = [c.strip(BLANKS) for c in cells]
            v.append("")
            field = i_time
            try:
                occurred = parse_datetime(v[i_time])
                field = i_amount
                amount = parse_amount(v[i_amount])
                field = i_dir
                word = v[i_dir]
                if not word and i_fund >= 0:  # 2019 web export: 收/支 empty, 资金状态 says what moved
                    word = v[i_fund]
                direction = direction_of(word)
                field = i_fee
                fee = parse_amount(v[i_fee]) if v[i_fee] else None
                field = i_refunded
                refunded = parse_amount(v[i_refunded]) if v[i_refunded] else None
            except CellError as exc:
                raise StatementError(path, str(exc), line=line, field=names[field]) from None

            status_word = v[i_status]
            status, known = status_of(status_word)
            if not known:
                unknown.setdefault(status_word, line)
            description = v[i_desc]
            category = v[i_cat]
            is_refund = status_word == "退款成功" or category == "退款" or description.startswith("退款")
            hint = ""
            if direction == "out":
                negative = True
            elif direction == "in":
                negative = False
            else:
                hint = "" if is_refund else transfer_hint(description, category)
                negative = bool(hint) and hint not in _ARRIVING_HINTS
            if "转账到银行卡" in description or "转账到银行卡" in category:
                own_card.append(len(rows))
            rows.append(
                StatementRow(
                    line=line,
                    occurred_at=occurred,
                    amount=signed(amount, negative),
                    currency="CNY",
                    direction=direction,
                    status=status,
                    counterparty=v[i_cp],
                    description=description,
                    memo=v[i_memo],
                    category=category,
                    instrument=v[i_instr],
                    order_id=v[i_oid],
                    merchant_order_id=v[i_moid],
                    fee=fee if fee else None,
                    refunded=refunded if refunded else None,
                    transfer_hint=hint,
                    raw_type=category,
                )
            )
            refund_flags.append(is_refund)
        return rows, refund_flags, own_card, unknown


IMPORTER = AlipayImporter()


__all__ = ["ALIASES", "IMPORTER", "AlipayImporter", "transfer_hint"]
