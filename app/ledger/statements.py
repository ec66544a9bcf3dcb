"""What every statement importer produces: the same normalized records, each with its source line.

Amounts are ``Decimal`` and signed from the statement owner's view (money in positive, money out
negative); ``direction`` says in / out / neutral as the file means it (neutral rows such as 不计收支
or a WeChat ``/`` keep their amount's sign as the money moved, or 0 when it did not).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol

from app.errors import HuiliuError
from app.i18n import _

STATUSES = ("success", "closed", "refunded", "pending", "failed")
DIRECTIONS = ("in", "out", "neutral")


# A statement file larger than this is refused before it is read (a year of a busy account is ~10 MB).
MAX_STATEMENT_BYTES = 64 << 20


class StatementError(HuiliuError):
    """A file that cannot be imported, naming the file, the line (when known) and the problem."""

    def __init__(self, path: str, problem: str, line: int | None = None, field: str | None = None) -> None:
        where = path if line is None else _("{path}, line {line}").format(path=path, line=line)
        if field:
            where += f" ({field})"
        super().__init__(f"{where}: {problem}")
        self.path, self.line, self.field, self.problem = path, line, field, problem


class FormatNotRecognised(StatementError):
    """No importer reads the file: a CSV or spreadsheet can still be read through a column mapping."""


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that could not be read; the rest of the file may still be importable."""

    line: int
    field: str
    problem: str


# Rows and balances are never changed once read. They are not ``frozen`` dataclasses only because a
# frozen one is built through object.__setattr__ per field, which cost 0.1 s per 100,000 rows; the hash
# (over every field) is kept, so they can still be set members and keys.
@dataclass(slots=True, unsafe_hash=True)
class StatementRow:
    """One movement as the file states it."""

    line: int  # 1-based line (CSV/QIF/OFX text) or row number (XLSX) in the file
    occurred_at: datetime | date
    amount: Decimal  # signed: money in positive, money out negative
    currency: str
    direction: str  # in | out | neutral
    status: str = "success"  # success | closed (no money moved) | refunded | pending | failed
    counterparty: str = ""
    description: str = ""  # what was bought (商品说明 / NAME / AddtlNtryInf)
    memo: str = ""  # the person's note (备注 / MEMO)
    category: str = ""  # the platform's category (交易分类 / 交易类型)
    instrument: str = ""  # the paying instrument (收/付款方式), e.g. "招商银行(1234)", "余额宝", "零钱"
    order_id: str = ""  # the platform's transaction/order id
    merchant_order_id: str = ""
    fee: Decimal | None = None  # a service fee stated in the row (服务费)
    refunded: Decimal | None = None  # part of the amount refunded (JD "131.77(已退款89.84)")
    refund_of: str = ""  # order id of the original when the row is a refund and the file says so
    transfer_hint: str = ""  # set when the row moves money between the person's own accounts
    raw_type: str = ""  # the file's own type column, kept as written


@dataclass(slots=True, unsafe_hash=True)
class StatementBalance:
    """A balance the statement states (OFX LEDGERBAL/AVAILBAL, camt CLBD/OPBD/..., CSV running balance)."""

    type: str  # e.g. LEDGERBAL, AVAILBAL, OPBD, CLBD, CLAV, OPAV, ITBD, running
    amount: Decimal  # signed
    currency: str
    as_of: date | datetime
    line: int | None = None


@dataclass
class StatementSection:
    """One account's part of a file (OFX and camt files may hold several)."""

    account_ref: str = ""  # account id / IBAN / masked number as the file gives it ("" when none)
    currency: str = "CNY"
    kind_hint: str = ""  # e.g. "credit_card" for OFX CCSTMTRS, "wallet_balance" for Alipay
    rows: list[StatementRow] = field(default_factory=list)
    balances: list[StatementBalance] = field(default_factory=list)
    # The coverage the file states for itself, as inclusive local dates (OFX DTSTART/DTEND, camt FrToDt,
    # a bill's 起始时间/终止时间 or 日期区间); None when it states none.
    period: tuple[date, date] | None = None


@dataclass
class ParsedStatement:
    """Everything read from one file."""

    format: str  # e.g. "alipay-2023", "wechat-xlsx", "ofx-2", "camt.053.001.02", "qif", "cmb-csv"
    path: str
    encoding: str  # detected ("utf-8", "utf-8-sig", "gb18030", "xlsx", ...)
    sections: list[StatementSection] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)  # rows skipped, with why
    notes: list[str] = field(default_factory=list)  # e.g. "investment statement not supported"

    @property
    def rows(self) -> list[StatementRow]:
        return [r for s in self.sections for r in s.rows]


class Importer(Protocol):
    """One file format. ``sniff`` says how sure it is (0..1) from the first bytes and the name."""

    name: str

    def sniff(self, head: bytes, filename: str) -> float: ...

    def parse(self, data: bytes, path: str) -> ParsedStatement: ...


class StatementReader(Protocol):
    """Reads exported bill and statement files (the ``huiliu.statements`` plug-in; see app.plugins)."""

    def parse(self, data: bytes, name: str) -> ParsedStatement:
        """Detect the format of ``data`` (from file ``name``) and parse it; StatementError when unknown."""
        ...

    def parse_columns(self, data: bytes, name: str, mapping_json: str) -> ParsedStatement:
        """Parse a bank CSV with a column mapping (its JSON text)."""
        ...

    def decode(self, data: bytes, name: str) -> str:
        """The file's text, in whatever encoding it was saved in."""
        ...

    def mapping_header(self, text: str, mapping_json: str) -> str:
        """The header line of ``text`` that a column mapping was made for ("" when none is found)."""
        ...

    def guess_columns(self, data: bytes, name: str) -> str:
        """A column mapping (its JSON text) guessed from a bank CSV no importer recognises; StatementError
        saying what is missing when no date or amount column can be found."""
        ...

    def table(self, data: bytes, name: str, mapping_json: str, limit: int = 20) -> tuple[list[str], list[list[str]]]:
        """The header cells and the first ``limit`` data rows as a column mapping reads them (a live preview)."""
        ...


def read_statement_file(path: str) -> bytes:
    """A statement file's bytes, refused before reading when it is larger than MAX_STATEMENT_BYTES."""
    import os

    try:
        size = os.stat(path).st_size
        if size > MAX_STATEMENT_BYTES:
            raise StatementError(path, too_large(size))
        with open(path, "rb") as f:
            data = f.read(MAX_STATEMENT_BYTES + 1)  # a file that grew meanwhile is still cut at the limit
    except OSError as exc:
        raise StatementError(path, _("cannot read the file: {reason}").format(reason=exc.strerror or exc)) from None
    if len(data) > MAX_STATEMENT_BYTES:
        raise StatementError(path, too_large(len(data)))
    return data


def too_large(size: int) -> str:
    return _("the file is {size} MiB, more than the {limit} MiB a statement may be; export a shorter period").format(
        size=round(size / (1 << 20), 1), limit=MAX_STATEMENT_BYTES >> 20)
