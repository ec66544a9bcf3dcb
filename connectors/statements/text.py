"""Reading the text tables that Chinese bill and bank exports come in, plus the bill vocabulary they share.

Decoding never guesses silently: a byte-order mark decides first, then strict UTF-8, then GB18030 (a
superset of GBK, which Alipay still writes); the encoding used is reported so the import screen can
show it. CSV records keep the 1-based line they start on, so every error names a line a person can
find in the file. Amounts are parsed straight to ``Decimal`` (never through float) and dates through
cheap shape checks plus ``datetime.fromisoformat``, because a 100,000-row export must parse fast.

Cell helpers raise ``CellError`` (a ``ValueError``); importers turn it into a ``StatementError`` that
names the file, line and column, since only they know where the cell came from.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.i18n import _
from connectors.statements.records import StatementError, StatementRow

# Stripped from every cell: exports pad with spaces, end ids with TAB (so Excel keeps them as text),
# and sometimes use ideographic or no-break spaces; a stray BOM appears when files were concatenated.
BLANKS = " \t\r\n\u3000\xa0\ufeff"

# UTF-32 before UTF-16: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class CellError(ValueError):
    """A cell that does not hold what its column promises; the message is user-visible."""


# --------------------------------------------------------------------------------------------- decoding


def decode_text(data: bytes, path: str) -> tuple[str, str]:
    """Decode a whole export; returns (text, encoding name) or raises StatementError naming the bad byte."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise _undecodable(data, path, encoding, exc) from None
            return _checked(text, path), encoding
    try:
        return _checked(data.decode("utf-8"), path), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return _checked(data.decode("gb18030"), path), "gb18030"
    except UnicodeDecodeError as exc:
        raise _undecodable(data, path, "UTF-8 / GB18030", exc) from None


def sniff_text(head: bytes) -> str:
    """Decode the first bytes of a file leniently, for sniffing only (the head may end mid-character)."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head.decode(encoding, errors="ignore")
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a multi-byte character cut by the head's end
            try:
                return head[: exc.start].decode("utf-8")
            except UnicodeDecodeError:
                pass
    return head.decode("gb18030", errors="replace")


def _checked(text: str, path: str) -> str:
    # No bill export contains NUL; seeing one means a binary file or UTF-16 without a byte-order mark,
    # which would otherwise "decode" as GB18030 into plausible-looking garbage.
    nul = text.find("\x00")
    if nul >= 0:
        raise StatementError(
            path,
            _(
                "the file contains NUL characters: it is not a text export (or is UTF-16 without a byte-order mark)"
            ),
            line=text.count("\n", 0, nul) + 1,
        )
    return text


def _undecodable(data: bytes, path: str, encoding: str, exc: UnicodeDecodeError) -> StatementError:
    return StatementError(
        path,
        _("cannot decode the file as {encoding}: invalid bytes at offset {offset}").format(
            encoding=encoding, offset=exc.start
        ),
        line=data.count(b"\n", 0, exc.start) + 1,
    )


# ------------------------------------------------------------------------------------------------- CSV


def csv_records(text: str, path: str, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Yield (first line of the record, raw cells); quoted fields may span lines, blank lines yield []."""
    # newline="" keeps CR/LF inside quoted fields intact while still splitting on any line ending, and
    # csv's own line_num counts physical lines, so a record starts one line after the previous ended.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    ended = 0
    try:
        for cells in reader:
            yield ended + 1, cells
            ended = reader.line_num
    except csv.Error as exc:
        raise StatementError(path, _("unreadable CSV: {detail}").format(detail=exc), line=ended + 1) from None


def clean(cell: object) -> str:
    """A cell's text without padding, trailing TABs or full-width spaces; None becomes ""."""
    if cell is None:
        return ""
    return (cell if isinstance(cell, str) else str(cell)).strip(BLANKS)


def header_key(cell: object) -> str:
    """A header cell reduced to a comparable name: "金额（元）  " and "金额(元)" are the same column."""
    return clean(cell).replace("（", "(").replace("）", ")").replace(" ", "").replace("\t", "")


def column_map(header: list[Any], aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Map our field names to column indexes, using the first alias the header holds."""
    keys = [header_key(c) for c in header]
    found: dict[str, int] = {}
    for field, names in aliases.items():
        for name in names:
            if name in keys:
                found[field] = keys.index(name)
                break
    return found


def find_header(
    records: Iterator[tuple[int, list[Any]]],
    accept: Callable[[set[str]], bool],
    limit: int = 200,
    min_cells: int = 3,
) -> tuple[int, list[Any], list[list[Any]]] | None:
    """Read records until one whose header keys ``accept`` likes: (its line, its cells, the records before).

    Headers are found by their names, not by line numbers: exports move them (a note line more, a
    banner less) from one app version to the next.
    """
    before: list[list[Any]] = []
    for count, (line, cells) in enumerate(records):
        if count >= limit:
            return None
        if len(cells) >= min_cells and accept({header_key(c) for c in cells}):
            return line, cells, before
        before.append(cells)
    return None


def table_rows(
    records: Iterator[tuple[int, list[Any]]],
    header: list[Any],
    path: str,
    end_markers: tuple[str, ...] = ("---",),
) -> Iterator[tuple[int, list[Any]]]:
    """The data records under ``header``, up to an end rule (a first cell starting "---") or the file's end.

    Blank records and repeats of the header are skipped. A record with fewer fields than the header
    names, or with text beyond the header's width, raises: it means a cut-short file or an unquoted
    comma, and reading it anyway would shift every column (an amount read from the wrong field).
    Cells may be text (CSV) or values (XLSX).
    """
    width = len(header)
    needed = width
    while needed and not clean(header[needed - 1]):  # most exports end each line with a comma
        needed -= 1
    first_key = header_key(header[0])
    header_keys = [header_key(c) for c in header]
    for line, cells in records:
        if not cells:
            continue
        first = cells[0]
        first = first.strip(BLANKS) if isinstance(first, str) else clean(first)
        if first.startswith(end_markers):
            return
        if not first and not any(clean(c) for c in cells):
            continue
        if len(cells) < needed or (len(cells) > width and any(clean(c) for c in cells[width:])):
            raise StatementError(
                path,
                _(
                    "this row has {found} fields where the header has {expected}: the file is cut short "
                    "or a field holds an unquoted comma"
                ).format(found=len(cells), expected=needed),
                line=line,
            )
        if first == first_key and [header_key(c) for c in cells[:width]] == header_keys:
            continue
        yield line, cells


def after_table(
    records: Iterator[tuple[int, list[Any]]], path: str, i_time: int, i_amount: int
) -> list[list[Any]]:
    """The records after a table's end rule (summary, 导出信息), refusing any that look like bill rows.

    A row there would otherwise be dropped without a word (an end rule pasted into the middle of a
    table, or two exports concatenated), and a bill import must not lose rows silently.
    """
    footer: list[list[Any]] = []
    for line, cells in records:
        if max(i_time, i_amount) < len(cells):
            try:
                parse_datetime(cells[i_time])
                parse_amount(cells[i_amount])
            except CellError:
                pass
            else:
                raise StatementError(path, _("a bill row appears after the end of the table"), line=line)
        footer.append(cells)
    return footer


def key_values(records: Iterable[list[Any]]) -> dict[str, str]:
    """``姓名：TripleZ`` / ``账号:[x@y.com]`` cells from preambles and footers, first occurrence wins."""
    found: dict[str, str] = {}
    for cells in records:
        for cell in cells:
            text = clean(cell).replace("：", ":")
            key, sep, value = text.partition(":")
            if sep and key and len(key) <= 12:
                found.setdefault(key.strip(BLANKS), value.strip(BLANKS).strip("[]").strip(BLANKS))
    return found


def sniff_score(
    head: bytes,
    filename: str,
    is_header: Callable[[set[str]], bool],
    titles: tuple[str, ...],
    names: tuple[str, ...],
) -> float:
    """Confidence from the head: its header row (0.95), else a title phrase (0.7), plus the file name."""
    text = sniff_text(head[:65536])
    named = any(n in filename.lower() for n in names)
    for line in text.splitlines()[:120]:
        if line.count(",") >= 3 and is_header({header_key(c) for c in line.split(",")}):
            return 0.95
    if any(t in text for t in titles):
        return 0.8 if named else 0.7
    return 0.3 if named else 0.0


# --------------------------------------------------------------------------------------------- amounts

_CENTS = Decimal("0.01")
_PLAIN_AMOUNT = re.compile(r"-?\d{1,15}(?:\.\d{1,8})?", re.ASCII)  # ASCII: no full-width or other digits
_AMOUNT = re.compile(r"([+-]?)[¥￥]?([+-]?)(\d{1,3}(?:,\d{3}){1,4}|\d{1,15})(\.\d{1,8})?(?:元)?", re.ASCII)


def parse_amount(cell: object) -> Decimal:
    """``¥28.16``, ``￥1,234.56``, ``"-1,234.56"``, ``50.0``, ``(12.00)`` -> Decimal; anything else is a CellError."""
    if type(cell) is str:
        s = cell.strip(BLANKS)
        if _PLAIN_AMOUNT.fullmatch(s):  # the common case, kept cheap
            return Decimal(s)
        return _parse_amount_text(s)
    if isinstance(cell, Decimal):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        # XLSX stores amounts as numbers; for floats repr gives the shortest text that round-trips, which
        # is what the exporter wrote (28.16, not 28.1599999...). Whole numbers get cents, as in the CSV.
        if cell != cell or cell in (float("inf"), float("-inf")) or abs(cell) >= 1e15:
            raise CellError(_("not an amount: {value}").format(value=repr(cell)))
        value = Decimal(repr(cell)) if isinstance(cell, float) else Decimal(cell)
        exponent = value.as_tuple().exponent
        return value.quantize(_CENTS) if isinstance(exponent, int) and exponent > -2 else value
    return _parse_amount_text(clean(cell))


def _parse_amount_text(s: str) -> Decimal:
    if _PLAIN_AMOUNT.fullmatch(s):
        return Decimal(s)
    negative = False
    if len(s) > 2 and s[0] == "(" and s[-1] == ")":  # accounting notation for negatives
        negative, s = True, s[1:-1].strip(BLANKS)
    m = _AMOUNT.fullmatch(s)
    if m is None or (m.group(1) and m.group(2)):
        raise CellError(_("not an amount: {value}").format(value=repr(s)))
    value = Decimal(m.group(3).replace(",", "") + (m.group(4) or ""))
    if (m.group(1) or m.group(2)) == "-":
        negative = not negative
    return -value if negative else value


# ----------------------------------------------------------------------------------------------- dates

_DATE_TIME = re.compile(
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d{1,6})?)?)?",
    re.ASCII,
)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})(?:[ T]?(\d{2}):?(\d{2}):?(\d{2})?)?", re.ASCII)


def parse_datetime(cell: object) -> datetime | date:
    """A timestamp or date as the exports write it; a date without time stays a ``date``."""
    if type(cell) is str:
        s = cell.strip(BLANKS)
    elif isinstance(cell, datetime):
        return cell.replace(tzinfo=None) if cell.tzinfo else cell
    elif isinstance(cell, date):
        return cell
    else:
        s = clean(cell)
    # Fast path for "2020-12-14 16:50:20", the shape of nearly every row in every bill.
    if len(s) == 19 and s[4] == "-" and s[7] == "-" and s[10] == " " and s[13] == ":" and s[16] == ":":
        try:
            return datetime.fromisoformat(s)
        except ValueError:
            pass
    elif len(s) == 10 and s[4] == "-" and s[7] == "-":
        try:
            return date.fromisoformat(s)
        except ValueError:
            pass
    m = _DATE_TIME.fullmatch(s) or _COMPACT.fullmatch(s)
    if m is not None:
        y, mo, d, hh, mm, ss = m.groups()
        try:
            if hh is None:
                return date(int(y), int(mo), int(d))
            return datetime(int(y), int(mo), int(d), int(hh), int(mm), int(ss or 0))
        except ValueError:
            pass
    raise CellError(_("not a date: {value}").format(value=repr(s)))


def parse_with_format(cell: object, fmt: str) -> datetime | date:
    """A date in a format the person chose (``strptime`` syntax); a format without %H gives a date."""
    s = clean(cell)
    try:
        value = datetime.strptime(s, fmt)
    except ValueError:
        raise CellError(_("not a date in the format {fmt}: {value}").format(fmt=fmt, value=repr(s))) from None
    return value if any(c in fmt for c in ("%H", "%I", "%M", "%S", "%X", "%c")) else value.date()


# ---------------------------------------------------------------------------------- bill vocabulary
# Shared by the Alipay, WeChat and JD importers (it would sit in its own module; kept here so the
# importers agree on one vocabulary).

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
