"""The vocabulary the Alipay, WeChat and JD bills share: transfer hints, status and direction words, refunds.

One module so the importers agree on what a word means.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from app.i18n import _
from connectors.statements.cells import CellError
from connectors.statements.records import StatementRow

# Transfer hints: set on rows that move money between the person's own accounts. Amounts on such rows
# are signed as seen by the account in ``instrument`` (negative: money left it; positive: it arrived).
TRANSFER_HINTS: dict[str, str] = {
    "mmf_in": "into the platform's money-market fund (余额宝, 零钱通, 小金库) from the balance or a card; "
    "negative (left the instrument)",
    "mmf_out": "out of the money-market fund to the balance or a card; negative (left the fund, which is "
    "the instrument)",
    "withdraw": "wallet balance (零钱, 余额) to a bank card (零钱提现, 余额提现); positive (arrived on the card "
    "named as instrument); any 服务费 is in ``fee``",
    "topup": "bank card to the wallet balance (零钱充值, 余额充值); negative (left the card)",
    "credit_repayment": "repaying a credit card (信用卡还款, 自动还款); negative (left the instrument)",
    "bnpl_repayment": "repaying a buy-now-pay-later line (花呗, 白条, 先享后付); negative",
    "invest_buy": "buying a fund or wealth product (购买理财通, 蚂蚁财富-买入); negative",
    "invest_sell": "selling/redeeming a fund back to the balance or a card (卖出, 赎回); positive",
    "own_card": "转账到银行卡 to a card in the holder's own name (only when the file names the holder); negative",
    "cash_withdrawal": "cash taken from an ATM (取款); negative",
}

STATUS_WORDS: dict[str, str] = {
    # success: the money moved and the trade is final
    "交易成功": "success", "支付成功": "success", "已收钱": "success", "朋友已收钱": "success",
    "对方已收钱": "success", "已存入零钱": "success", "已转账": "success", "已到账": "success",
    "提现已到账": "success", "充值完成": "success", "充值成功": "success", "还款成功": "success",
    "已支出": "success", "已收入": "success", "转账成功": "success", "付款成功": "success",
    "已完成": "success", "已领取": "success", "已转入零钱": "success",
    # closed: the trade ended without money moving (the amount stays as the file states it)
    "交易关闭": "closed", "已关闭": "closed", "订单关闭": "closed",
    # refunded: a refund row, or an original that was refunded in full
    "退款成功": "refunded", "已全额退款": "refunded", "全额退款": "refunded", "已退还": "refunded",
    "对方已退还": "refunded",
    # pending: not final; for 等待确认收货 the payer's money has already left (Alipay holds it)
    "等待确认收货": "pending", "等待付款": "pending", "等待发货": "pending", "处理中": "pending",
    "提现处理中": "pending", "退款中": "pending", "对方未收款": "pending", "待收货": "pending",
    # failed: nothing moved
    "交易失败": "failed", "支付失败": "failed", "还款失败": "failed", "提现失败": "failed", "已撤销": "failed",
}  # fmt: skip


def status_of(word: str) -> tuple[str, bool]:
    """(status, known): exact words first, then the word's shape; unknown words are "pending"."""
    found = STATUS_WORDS.get(word)
    if found is not None:
        return found, True
    if word.startswith("已退款"):  # WeChat "已退款(￥5.00)": partly refunded, the trade itself stands
        return "success", True
    for needle, status in (("关闭", "closed"), ("失败", "failed"), ("撤销", "failed"), ("全额退款", "refunded"),
                           ("退款成功", "refunded"), ("等待", "pending"), ("处理中", "pending"),
                           ("成功", "success"), ("已到账", "success"), ("完成", "success")):  # fmt: skip
        if needle in word:
            return status, True
    # Not knowing whether money moved, "pending" makes the import service ask rather than book.
    return "pending", False


DIRECTION_WORDS: dict[str, str] = {
    "支出": "out", "收入": "in", "不计收支": "neutral", "其他": "neutral", "/": "neutral", "": "neutral",
    "中性交易": "neutral", "已支出": "out", "已收入": "in", "资金转移": "neutral",
}  # fmt: skip


def direction_of(word: str) -> str:
    """The direction a bill's 收/支 word names; an unknown word is a CellError (it cannot be guessed)."""
    direction = DIRECTION_WORDS.get(word)
    if direction is None:
        raise CellError(_("unknown 收/支 value {value}").format(value=repr(word)))
    return direction


def signed(value: Decimal, negative: bool) -> Decimal:
    """``value`` with the sign asked for; zero is always +0 (a "-0.00" would show in the UI)."""
    value = abs(value)
    return -value if negative and value else value


def link_refunds(rows: list[StatementRow], refund_flags: Iterable[bool]) -> list[StatementRow]:
    """Set ``refund_of`` on refund rows whose original the file holds.

    A refund links to an original when (1) its order id, or the part of it before "_" / "*", is the
    order id of a non-refund row; else (2) exactly one non-refund row has the same merchant order id and
    counterparty. Without either the file does not say, and ``refund_of`` stays "".
    """
    flags = list(refund_flags)
    if not any(flags):
        return rows
    originals = [r for r, is_refund in zip(rows, flags, strict=True) if not is_refund]
    by_order = {r.order_id for r in originals if r.order_id}
    by_merchant: dict[tuple[str, str], list[str]] = {}
    for r in originals:
        if r.merchant_order_id:
            by_merchant.setdefault((r.merchant_order_id, r.counterparty), []).append(r.order_id)
    out: list[StatementRow] = []
    for row, is_refund in zip(rows, flags, strict=True):
        if is_refund and not row.refund_of:
            oid = row.order_id
            candidates = [oid, *(oid.split(sep, 1)[0] for sep in ("_", "*") if sep in oid)]
            original = next((c for c in candidates if c and c in by_order), "")
            if not original and row.merchant_order_id:
                same = by_merchant.get((row.merchant_order_id, row.counterparty), [])
                original = same[0] if len(same) == 1 else ""
            if original:
                row = replace(row, refund_of=original)
        out.append(row)
    return out
