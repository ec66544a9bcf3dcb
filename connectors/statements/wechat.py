"""WeChat Pay (微信支付) bill exports, CSV (``wechat-csv``) and XLSX (``wechat-xlsx``).

Both carry the same 11 columns (交易时间, 交易类型, 交易对方, 商品, 收/支, 金额(元), 支付方式, 当前状态,
交易单号, 商户单号, 备注) under a preamble whose length changes between app versions, so the header is
found by its names. Amounts come as ``¥28.16`` text (CSV, older XLSX) or as numbers (newer XLSX). WeChat
writes ``/`` for "nothing here"; it becomes "" in every text field, and 收/支 ``/`` means neutral.

Meaning: 支出 negative, 收入 positive; neutral rows are signed as seen by their ``instrument`` (see
``text.TRANSFER_HINTS``: 转入零钱通 from a card leaves the card, 零钱提现 arrives on the card). 服务费 in
备注 becomes ``fee`` (the amount stays as stated: it already includes the fee). An original marked
已全额退款 gets ``refunded`` = its amount and status "refunded"; 已退款(￥x) gets ``refunded`` = x and
stays "success" (WeChat lists the refund itself as a separate 收入 row, which links back through
``refund_of`` when the file holds the original). Unknown transaction types are kept in ``raw_type``.

Failure policy: as for Alipay, a row that cannot be read fails the import with a StatementError naming
the line (row number for XLSX) and column.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from app.i18n import _
from connectors.statements.bill_terms import direction_of, link_refunds, signed, status_of
from connectors.statements.cells import CellError, clean, parse_amount, parse_datetime
from connectors.statements.decoding import decode_text
from connectors.statements.limits import MAX_EMPTY_ROW_RUN, MAX_SHEET_ROWS, check_columns, check_xlsx_archive
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
    "type": ("交易类型",),
    "counterparty": ("交易对方",),
    "description": ("商品",),
    "direction": ("收/支",),
    "amount": ("金额(元)", "金额"),
    "instrument": ("支付方式",),
    "status": ("当前状态",),
    "order_id": ("交易单号",),
    "merchant_order_id": ("商户单号",),
    "memo": ("备注",),
}
REQUIRED = ("time", "type", "direction", "amount", "status")
TITLES = ("微信支付账单明细",)
FILENAMES = ("wechat", "weixin", "微信")

_FEE = re.compile(r"服务费\s*[¥￥]?\s*(\d{1,12}(?:\.\d{1,4})?)", re.ASCII)
_PARTLY_REFUNDED = re.compile(r"已退款\s*[(（]\s*[¥￥]?\s*(\d{1,12}(?:\.\d{1,4})?)\s*[)）]", re.ASCII)
_ARRIVING_HINTS = frozenset({"withdraw", "invest_sell"})


def is_header(keys: set[str]) -> bool:
    return {"交易时间", "交易类型", "收/支", "当前状态"} <= keys and ("金额(元)" in keys or "金额" in keys)


def transfer_hint(kind: str) -> str:
    """The own-account move a neutral WeChat row's 交易类型 describes ("" for none)."""
    if kind.startswith("转入零钱通"):
        return "mmf_in"
    if kind.startswith("零钱通转出"):
        return "mmf_out"
    if kind.startswith("零钱提现"):
        return "withdraw"
    if kind.startswith("零钱充值"):
        return "topup"
    if "信用卡还款" in kind:
        return "credit_repayment"
    if "还款" in kind and ("分付" in kind or "花呗" in kind or "白条" in kind):
        return "bnpl_repayment"
    if "理财通" in kind and ("赎回" in kind or "卖出" in kind):
        return "invest_sell"
    if "理财通" in kind:
        return "invest_buy"
    return ""


def _text(value: object) -> str:
    """A text cell with WeChat's "/" placeholder turned into ""."""
    s = clean(value)
    return "" if s == "/" else s


def _id_text(value: object) -> str:
    """An id cell; Excel may have turned a numeric-looking id into a number (3985734.0)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _text(value)


class WechatImporter:
    """WeChat Pay bill exports, CSV or XLSX."""

    name = "wechat"

    def sniff(self, head: bytes, filename: str) -> float:
        if head.startswith(b"PK\x03\x04"):
            named = any(n in filename.lower() for n in FILENAMES)
            preview = _zip_preview(head)
            if any(t in preview for t in TITLES) or ("交易单号" in preview and "当前状态" in preview):
                return 0.95
            return 0.6 if named and filename.lower().endswith(".xlsx") else 0.0
        return sniff_score(head, filename, is_header, TITLES, FILENAMES)

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        if data.startswith(b"PK\x03\x04"):
            return self._parse_xlsx(data, path)
        text, encoding = decode_text(data, path)
        records = csv_records(text, path)
        found = find_header(records, is_header)
        if found is None:
            raise _no_header(path)
        _line, header, preamble = found
        rows, notes = _rows(table_rows(records, header, path), header, path)
        _check_rest(records, header, path)
        return _statement("wechat-csv", path, encoding, rows, notes, preamble)

    def _parse_xlsx(self, data: bytes, path: str) -> ParsedStatement:
        try:
            import openpyxl

            check_xlsx_archive(zipfile.ZipFile(io.BytesIO(data)), path)
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except StatementError:
            raise
        except Exception as exc:  # openpyxl and zipfile raise many types on damaged files; all mean the same
            raise StatementError(
                path, _("not a readable XLSX workbook: {detail}").format(detail=exc)
            ) from None
        try:
            return self._read_workbook(workbook, path)
        finally:
            workbook.close()

    def _read_workbook(self, workbook: Any, path: str) -> ParsedStatement:
        sheets = _xlsx_sheets(workbook, path)
        chosen: tuple[str, int, list[Any], list[list[Any]], Iterator[tuple[int, list[Any]]]] | None = None
        others: list[str] = []
        for title, records in sheets:
            found = find_header(records, is_header)
            if found is None:
                continue
            if chosen is None:
                chosen = (title, *found, records)
            else:
                others.append(title)
        if chosen is None:
            raise _no_header(path)
        title, _line, header, preamble, records = chosen
        # XLSX rows end at their last non-empty cell; pad them so the field-count check means what it
        # does for CSV (a short row there is a cut-short file, here it is just empty trailing cells).
        width = len(header)
        records = ((n, cells + [""] * (width - len(cells))) for n, cells in records)
        rows, notes = _rows(table_rows(records, header, path), header, path)
        _check_rest(records, header, path)
        if others:
            notes.append(
                _("sheets {others} also hold a bill table; only sheet {sheet} was read").format(
                    others=", ".join(repr(o) for o in others), sheet=repr(title)
                )
            )
        return _statement("wechat-xlsx", path, "xlsx", rows, notes, preamble)


IMPORTER = WechatImporter()


def _check_rest(records: Iterator[tuple[int, list[Any]]], header: list[Any], path: str) -> None:
    cols = column_map(header, ALIASES)
    after_table(records, path, cols["time"], cols["amount"])


def _no_header(path: str) -> StatementError:
    return StatementError(
        path,
        _(
            "no WeChat Pay bill table: no header row with 交易时间, 交易类型, 收/支, 金额(元) and 当前状态 was found"
        ),
    )


def _statement(
    fmt: str, path: str, encoding: str, rows: list[StatementRow], notes: list[str], preamble: list[list[Any]]
) -> ParsedStatement:
    info = key_values(preamble)
    # WeChat names no account number; the nickname is what tells two family members' files apart.
    section = StatementSection(
        account_ref=info.get("微信昵称", ""), currency="CNY", kind_hint="wallet_balance", rows=rows
    )
    return ParsedStatement(format=fmt, path=path, encoding=encoding, sections=[section], notes=notes)


def _rows(
    table: Iterator[tuple[int, list[Any]]], header: list[Any], path: str
) -> tuple[list[StatementRow], list[str]]:
    cols = column_map(header, ALIASES)
    missing = [f for f in REQUIRED if f not in cols]
    if missing:
        raise StatementError(path, _("the header lacks the columns {names}").format(names=", ".join(missing)))
    names = [clean(c) for c in header]
    i_time, i_type, i_dir, i_amount, i_status = (cols[f] for f in REQUIRED)
    get = cols.get
    i_cp, i_desc, i_instr = get("counterparty", -1), get("description", -1), get("instrument", -1)
    i_oid, i_moid, i_memo = get("order_id", -1), get("merchant_order_id", -1), get("memo", -1)

    def cell(cells: list[Any], i: int) -> str:
        return _text(cells[i]) if 0 <= i < len(cells) else ""

    rows: list[StatementRow] = []
    flags: list[bool] = []
    unknown: dict[str, int] = {}
    for line, cells in table:
        field = i_time
        try:
            occurred = parse_datetime(cells[i_time])
            field = i_amount
            amount = parse_amount(cells[i_amount])
            field = i_dir
            word = cell(cells, i_dir)
            direction = direction_of(word)
            field = i_memo
            memo = cell(cells, i_memo)
            fee_match = _FEE.search(memo) if "服务费" in memo else None
            fee = Decimal(fee_match.group(1)) if fee_match else None
        except CellError as exc:
            raise StatementError(path, str(exc), line=line, field=names[field]) from None

        kind = cell(cells, i_type)
        status_word = cell(cells, i_status)
        status, known = status_of(status_word)
        if not known:
            unknown.setdefault(status_word, line)
        refunded: Decimal | None = None
        if status_word.startswith("已全额退款"):
            refunded = abs(amount)
        elif status_word.startswith("已退款"):
            partly = _PARTLY_REFUNDED.search(status_word)
            refunded = Decimal(partly.group(1)) if partly else None
        is_refund = "退款" in kind
        hint = ""
        if direction == "out":
            negative = True
        elif direction == "in":
            negative = False
        else:
            hint = "" if is_refund else transfer_hint(kind)
            negative = bool(hint) and hint not in _ARRIVING_HINTS
        rows.append(
            StatementRow(
                line=line,
                occurred_at=occurred,
                amount=signed(amount, negative),
                currency="CNY",
                direction=direction,
                status=status,
                counterparty=cell(cells, i_cp),
                description=cell(cells, i_desc),
                memo=memo,
                category=kind,
                instrument=cell(cells, i_instr),
                order_id=_id_text(cells[i_oid]) if 0 <= i_oid < len(cells) else "",
                merchant_order_id=_id_text(cells[i_moid]) if 0 <= i_moid < len(cells) else "",
                fee=fee if fee else None,
                refunded=refunded,
                transfer_hint=hint,
                raw_type=kind,
            )
        )
        flags.append(is_refund)
    notes = [
        _("unknown 当前状态 {word} (first on line {line}) was read as pending").format(word=repr(w), line=n)
        for w, n in unknown.items()
    ]
    return link_refunds(rows, flags), notes


def _xlsx_sheets(workbook: Any, path: str) -> Iterator[tuple[str, Iterator[tuple[int, list[Any]]]]]:
    """(title, rows as (row number, cells)) for each sheet, the active one first."""
    try:
        worksheets = list(workbook.worksheets)
        active = workbook.active
    except Exception as exc:
        raise StatementError(path, _("not a readable XLSX workbook: {detail}").format(detail=exc)) from None
    ordered = [active, *(ws for ws in worksheets if ws is not active)] if active in worksheets else worksheets
    for ws in ordered:
        yield ws.title, _sheet_rows(ws, path)


def _sheet_rows(ws: Any, path: str) -> Iterator[tuple[int, list[Any]]]:
    # Cells stay as openpyxl gives them (numbers, datetimes), which the cell parsers accept; empty cells
    # become "" so the field-count checks work as they do for CSV.
    try:
        # The stored <dimension> is often missing (openpyxl then reads the whole sheet twice) or wrong
        # (some generators write "A1", which would cut every row to one cell); rows carry their own width.
        ws.reset_dimensions()
        rows = ws.iter_rows(values_only=True)
    except Exception as exc:
        raise StatementError(path, _("not a readable XLSX sheet: {detail}").format(detail=exc)) from None
    number = empty_run = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # damaged sheet XML surfaces here, row by row
            raise StatementError(
                path, _("not a readable XLSX sheet: {detail}").format(detail=exc), line=number + 1
            ) from None
        number += 1
        if number > MAX_SHEET_ROWS:
            raise StatementError(path, _("sheet {sheet} goes past row {limit}, Excel's last row").format(
                sheet=ws.title, limit=MAX_SHEET_ROWS), line=number)
        # A row is as wide as its last cell: one cell in column XFD makes 16,384 values, so the width is
        # checked before any Python step per value (the emptiness test below is counted in C).
        check_columns(len(values), path, number, ws.title)
        if values.count(None) + values.count("") < len(values):
            empty_run = 0
            yield number, ["" if v is None else v for v in values]
            continue
        empty_run += 1  # (rows missing from the sheet XML come here too, one by one)
        if empty_run > MAX_EMPTY_ROW_RUN:
            raise StatementError(path, _("sheet {sheet} has more than {limit} empty rows in a row: not a bill")
                                 .format(sheet=ws.title, limit=MAX_EMPTY_ROW_RUN), line=number)
        yield number, []  # as a blank CSV line: skipped by the table readers


def _zip_preview(head: bytes, budget: int = 1 << 20) -> str:
    """Text of the XML parts stored in the first bytes of a zip (for sniffing an XLSX without opening it)."""
    found: list[str] = []
    pos = 0
    try:
        while pos + 30 <= len(head) and head[pos : pos + 4] == b"PK\x03\x04" and budget > 0:
            flags, method = struct.unpack_from("<HH", head, pos + 6)
            size = struct.unpack_from("<I", head, pos + 18)[0]
            name_len, extra_len = struct.unpack_from("<HH", head, pos + 26)
            name = head[pos + 30 : pos + 30 + name_len]
            start = pos + 30 + name_len + extra_len
            chunk = head[start : start + size] if size else head[start:]
            if name.endswith(b".xml") and name.startswith(b"xl/"):
                raw = zlib.decompressobj(-15).decompress(chunk, budget) if method == 8 else chunk[:budget]
                budget -= len(raw)
                found.append(raw.decode("utf-8", errors="ignore"))
            if not size or flags & 0x08:  # sizes follow the data: the next entry cannot be located
                break
            pos = start + size
    except (struct.error, zlib.error):
        pass
    return "".join(found)


__all__ = ["ALIASES", "IMPORTER", "WechatImporter", "transfer_hint"]
