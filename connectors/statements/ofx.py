"""OFX 1.x (SGML) and 2.x (XML) bank and credit-card statements, read through ofxtools.

How a file is read (``OfxImporter.parse``):

1. ``ofxtools.header.parse_header`` validates the header and decodes the body as the header says.
2. ``ofxtools.Parser.TreeBuilder`` turns the body, SGML or XML, into an ElementTree.
3. Each STMTRS / CCSTMTRS becomes a section, each STMTTRN a row, LEDGERBAL / AVAILBAL balances. Their
   values go through the converters that ofxtools' own models declare (``ofxtools.models.STMTTRN.spec``):
   time stamps with zones such as ``[-3:GMT]`` or ``[-:EST]``, amounts with decimal commas.

We do not call ``OFXTree.convert()``. It validates the document as one object, so one bad transaction
(or a BANKID one digit over the spec's nine) rejects the whole file, and it deep-copies every subtree at
every level of the hierarchy: about 10 s and 630 MiB for 100k transactions. Converting per transaction
keeps the good rows, names the bad ones with their line, and needs half the time and 40% of the memory.

What real files get wrong, and what we do about it (each tweak applies only where needed):

- A byte-order mark before the header: dropped (ofxtools expects the header at the first byte).
- No header, or one ofxtools rejects (``CHARSET:UTF-8``, a missing NEWFILEUID, a VERSION it does not
  list; the ofxparse "fail_nice" files have none): the body is read from ``<OFX>`` on, decoded as
  UTF-8, else as the declared charset, else as cp1252, and a note says so.
- A body declared cp1252 / ISO-8859-1 whose bytes are valid UTF-8 with non-ASCII text is read as UTF-8,
  which is what such files are (read as cp1252, their payee names turn into mojibake).
- An empty SGML element (``<NAME>`` with nothing before the next tag, as in fixofx_checking.ofx) becomes
  ``<NAME></NAME>``: ofxtools would open an aggregate there that swallows the following transactions.
- XML's self-closing ``<MEMO/>`` becomes ``<MEMO></MEMO>`` and XML comments are removed (keeping their
  line breaks): ofxtools' tag pattern knows neither.
- Tags in lower or mixed case (``<ofx>``, ``<StmtTrn>``) are upper-cased: OFX tags are upper case, and
  ofxtools' tag pattern matches nothing else.
- Time stamps with other than 3 fractional digits are cut or padded to 3 (ofxtools accepts exactly 3).
- Text fields are not held to the spec's maximum lengths; the text is kept whole.
- A TRNTYPE outside the spec's list, or a missing FITID, does not reject the row: TRNTYPE is kept as
  ``raw_type``, and without a FITID the row has no ``order_id`` (dedup then relies on its content).

Errors: a file we cannot read as OFX, a sign-on failure, an empty document, a response without a
statement, or only statements we do not import (investment, account lists, closing statements) raise
``StatementError``. Inside a statement, a transaction without a usable date or amount, and a balance
without a usable amount or date, is skipped and listed in ``problems`` with its line; the rest is
imported. A file whose transactions are all unusable raises, listing the first problems with their lines,
so that "nothing could be read" never looks like an empty statement. Unsupported statements next to bank
statements are skipped with a note. An end tag that closes no open element raises with its line: left to
ElementTree, it would silently move every later transaction under another parent.
"""

from __future__ import annotations

import codecs
import functools
import io
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import PurePath
from types import SimpleNamespace
from typing import Any

from app.i18n import N_, _
from app.ledger.vocabulary import direction_of_amount
from connectors.statements.limits import check_ofx_structure
from connectors.statements.records import (
    ParsedStatement,
    RowProblem,
    StatementBalance,
    StatementError,
    StatementRow,
    StatementSection,
    balance_not_read,
    unimportable,
)

__all__ = ["IMPORTER", "OfxImporter"]

_STATEMENTS = {"STMTRS": "", "CCSTMTRS": "credit_card"}
# Responses that can stand where a statement would, which we do not import (yet).
_UNSUPPORTED = {
    "INVSTMTRS": N_("an investment statement"),
    "ACCTINFORS": N_("an account list"),
    "STMTENDRS": N_("a bank closing statement"),
    "CCSTMTENDRS": N_("a credit-card closing statement"),
}
_BALANCES = ("LEDGERBAL", "AVAILBAL")
_ROW_PARTS = frozenset({"PAYEE", "CURRENCY", "BANKACCTTO", "CCACCTTO"})


@functools.cache
def _ofxtools() -> Any:
    """The parts of ofxtools we use, loaded on the first OFX parse.

    Importing ofxtools builds its models through metaclasses (~0.15 s); the importer registry loads
    this module to sniff every file, so a CSV import would otherwise pay for it too.
    """
    import ofxtools.models
    from ofxtools import Types
    from ofxtools.header import OFXHeaderV2, parse_header
    from ofxtools.models.base import Aggregate
    from ofxtools.Parser import ParseError, TreeBuilder

    class CheckedTreeBuilder(TreeBuilder):  # type: ignore[misc]
        """ofxtools' tree builder, plus the end-tag check that ElementTree's builder does not make.

        ElementTree pops whatever element is open on any end tag, so one wrong end tag (``<TRNAMT>1</FITID>``)
        silently moves every later transaction to another parent. Here an end tag must close an open
        element; raising ofxtools' ParseError makes its ``feed`` add the position, which we turn into a line.
        SGML lets an element with no value and no end tag stay open (``<INTU.X>`` at the end of an
        aggregate): the enclosing aggregate's end tag closes it, as an SGML parser would.
        """

        def __init__(self) -> None:
            super().__init__()
            self._open: list[str] = []
            self._closed = False  # the root element has ended

        def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
            if self._closed:
                raise ParseError(f"<{tag}> after the end of the document")
            self._open.append(tag)
            return super().start(tag, attrs)  # type: ignore[no-any-return]

        def end(self, tag: str) -> ET.Element:
            if tag not in self._open:
                raise ParseError(f"</{tag}> closes an element that is not open")
            while self._open[-1] != tag:
                super().end(self._open.pop())
            self._open.pop()
            self._closed = not self._open
            return super().end(tag)  # type: ignore[no-any-return]

    # Tags ofxtools knows as data elements (leaves), never as aggregates: ``NAME``, ``MEMO``, ...
    aggregates = {
        n for n, o in vars(ofxtools.models).items() if isinstance(o, type) and issubclass(o, Aggregate)
    }
    elements = {
        attr.upper()
        for n in aggregates
        for attr, conv in getattr(ofxtools.models, n).spec.items()
        if not isinstance(conv, (Types.SubAggregate, Types.Unsupported))
    }
    return SimpleNamespace(
        parse_header=parse_header,
        OFXHeaderV2=OFXHeaderV2,
        ParseError=ParseError,
        CheckedTreeBuilder=CheckedTreeBuilder,
        elements=frozenset(elements - aggregates),
        # The converters ofxtools' models declare for the values we read (time zones, decimal commas).
        datetime=ofxtools.models.STMTTRN.spec["dtposted"],
        amount=ofxtools.models.STMTTRN.spec["trnamt"],
        # Without a length: banks exceed the spec's limits (a 10-digit BANKID, long MEMOs) and the text matters more.
        text=Types.String(),
    )


_EMPTY_ELEMENT = re.compile(r"<([A-Z0-9._]+)>(\s*)(?=<(/?)([A-Z0-9._]+)>)")
_SELF_CLOSING = re.compile(r"<([A-Z0-9._]+)\s*/>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_FRACTION = re.compile(r"(\d{14})\.(\d+)")
_OFFSET = re.compile(r"\[\s*([+-]?\d{1,2}(?:\.\d+)?)\s*(?::[^\]]*)?\]")
_POSITION = re.compile(r"position=\[(\d+):")
_CHARSET = re.compile(rb"CHARSET:\s*([\w-]+)")
_XML_ENCODING = re.compile(rb"<\?xml[^>]*encoding=[\"']([\w-]+)")
_OFX_START = re.compile(rb"<OFX>", re.I)
_ANY_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9._]*)(\s*/?)>")


def _ofx_start(data: bytes) -> int:
    """Offset of the ``<OFX>`` tag in the raw file, whatever its case; -1 when there is none."""
    found = data.find(b"<OFX>")
    if found < 0:
        m = _OFX_START.search(data)
        found = m.start() if m else -1
    return found


class OfxImporter:
    """OFX 1.x / 2.x (and Quicken's QFX) bank and credit-card statements."""

    name = "ofx"

    def sniff(self, head: bytes, filename: str) -> float:
        named = PurePath(filename).suffix.lower() in (".ofx", ".qfx")
        start = head[:2048]
        if b"OFXHEADER" in start or b"<?OFX" in start:
            return 1.0 if named else 0.95
        if b"<OFX>" in head or _OFX_START.search(head):
            return 0.95 if named else 0.85
        # Only the name says OFX: still ours to explain what is wrong with it, better than "unknown format".
        return 0.55 if named else 0.0

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        check_ofx_structure(data, path)
        return _Reader(data, path).read()


IMPORTER = OfxImporter()


class _Lines:
    """1-based file lines of tags in the parsed body; ElementTree keeps no positions, so we find the tags.

    The n-th ``<STMTTRN>`` in the text is the n-th STMTTRN element: ofxtools' tree builder makes one
    element per start tag, in order, and our tweaks neither add nor remove start tags or line breaks.
    """

    def __init__(self, body: str, anchor: int, anchor_line: int) -> None:
        self._body, self._anchor, self._anchor_line = body, anchor, anchor_line
        self._nl = "\n" if "\n" in body else "\r"
        self._cache: dict[str, list[int]] = {}

    def at(self, offset: int) -> int:
        if offset >= self._anchor:
            return self._anchor_line + self._body.count(self._nl, self._anchor, offset)
        return max(1, self._anchor_line - self._body.count(self._nl, offset, self._anchor))

    def of(self, tag: str) -> list[int]:
        """Lines of every ``<tag>``, counted incrementally: one pass however many there are."""
        if tag not in self._cache:
            lines: list[int] = []
            pos, line = self._anchor, self._anchor_line
            for m in re.finditer(re.escape(f"<{tag}>"), self._body):
                if m.start() < self._anchor:
                    lines.append(self.at(m.start()))
                    continue
                line += self._body.count(self._nl, pos, m.start())
                pos = m.start()
                lines.append(line)
            self._cache[tag] = lines
        return self._cache[tag]

    def index(self, root: ET.Element, tag: str) -> dict[int, int]:
        """id(element) -> line for every ``tag`` element; empty when text and tree disagree (then unknown)."""
        elements = list(root.iter(tag))
        lines = self.of(tag)
        if len(elements) != len(lines):
            return {}
        return {id(el): line for el, line in zip(elements, lines, strict=True)}


class _Reader:
    """One parse of one file: keeps the path, notes and problems together."""

    def __init__(self, data: bytes, path: str) -> None:
        self.data, self.path = data, path
        self.notes: list[str] = []
        self.problems: list[RowProblem] = []
        # Statements repeat the same time stamps (a day's postings); ofxtools' conversion is the row's costliest step.
        self._dates: dict[str, date | datetime] = {}

    # ------------------------------------------------------------------------------------ reading
    def read(self) -> ParsedStatement:
        fmt, encoding, body = self._body()
        body = self._tweak(body)
        anchor = body.find("<OFX>")
        raw_anchor = _ofx_start(self.data)
        nl = b"\n" if b"\n" in self.data else b"\r"
        lines = _Lines(body, max(anchor, 0), self.data.count(nl, 0, max(raw_anchor, 0)) + 1)
        root = self._tree(body, lines)
        sections = self._statements(root, lines)
        return ParsedStatement(
            format=fmt,
            path=self.path,
            encoding=encoding,
            sections=sections,
            problems=self.problems,
            notes=self.notes,
        )

    def _body(self) -> tuple[str, str, str]:
        """(format, encoding, body text from <OFX> on), via ofxtools' header parser when it accepts the header."""
        data = self.data[3:] if self.data.startswith(codecs.BOM_UTF8) else self.data
        try:
            header, body = _ofxtools().parse_header(io.BytesIO(data))
        except Exception:  # OFXHeaderError, UnicodeDecodeError, ValueError...: any header it rejects
            return self._body_without_header(data)
        fmt = "ofx-2" if isinstance(header, _ofxtools().OFXHeaderV2) else "ofx-1"
        encoding = codecs.lookup(header.codec).name
        if encoding != "utf-8" and not body.isascii():
            start = max(_ofx_start(data), 0)
            try:
                body = data[start:].decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                encoding = "utf-8"
                self.notes.append(
                    _("The header declares a Western charset but the file is UTF-8; read as UTF-8.")
                )
        return fmt, encoding, body

    def _body_without_header(self, data: bytes) -> tuple[str, str, str]:
        start = _ofx_start(data)
        if start < 0:
            raise StatementError(self.path, _("not an OFX file: it has no OFX header and no <OFX> element"))
        head = data[:start]
        declared = _CHARSET.search(head) or _XML_ENCODING.search(head)
        candidates = ["utf-8"]
        if declared:
            name = declared.group(1).decode("ascii").upper()
            candidates.append({"1252": "cp1252", "NONE": "utf-8"}.get(name, name))
        candidates.append("cp1252")
        for candidate in candidates:
            try:
                encoding = codecs.lookup(candidate).name
                body = data[start:].decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
            break
        else:
            encoding, body = "iso8859-1", data[start:].decode("latin-1")  # decodes any byte
        fmt = "ofx-2" if b"<?OFX" in head else ("ofx-1" if b"OFXHEADER" in head else "ofx")
        self.notes.append(
            _(
                "The OFX header is missing or malformed; the file was read from its <OFX> element on ({encoding})."
            ).format(encoding=encoding)
        )
        return fmt, encoding, body

    @staticmethod
    def _tweak(body: str) -> str:
        """Repair what real files get wrong and ofxtools' tree builder does not forgive (see module doc)."""
        if "<OFX>" not in body and "<ofx>" in body.lower():
            body = _ANY_TAG.sub(lambda m: f"<{m[1]}{m[2].upper()}{m[3]}>", body)
        if "<!--" in body:
            body = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), body)
        if "/>" in body:
            body = _SELF_CLOSING.sub(r"<\1></\1>", body)
        return _EMPTY_ELEMENT.sub(_close_empty, body)

    def _tree(self, body: str, lines: _Lines) -> ET.Element:
        ofxtools = _ofxtools()
        builder = ofxtools.CheckedTreeBuilder()
        try:
            builder.feed(body)
            root = builder.close()
        except ofxtools.ParseError as exc:
            detail = str(exc.args[0] if exc.args else exc)
            found = _POSITION.search(detail)
            # ofxtools puts the whole document into some messages; keep the part that says what is wrong.
            detail = detail.split(" in ", 1)[0].split(" - position=", 1)[0][:120]
            raise StatementError(
                self.path,
                _("the OFX markup is broken: {detail}").format(detail=detail),
                line=lines.at(int(found.group(1))) if found else None,
            ) from None
        except (SyntaxError, IndexError, AssertionError, ValueError, TypeError) as exc:
            # ElementTree's own complaints about the elements ofxtools hands it ("multiple elements on top
            # level" after a stray end tag); they carry no position.
            raise StatementError(
                self.path, _("the OFX markup is broken: {detail}").format(detail=exc)
            ) from None
        if root is None or root.tag != "OFX":
            raise StatementError(self.path, _("not an OFX file: it does not hold an <OFX> document"))
        return root

    # --------------------------------------------------------------------------------- structure
    def _statements(self, root: ET.Element, lines: _Lines) -> list[StatementSection]:
        if len(root) == 0:
            raise StatementError(self.path, _("the OFX document is empty: it holds no statement"))
        statements: list[ET.Element] = []
        unsupported: list[tuple[str, ET.Element]] = []
        errors: list[tuple[str, str]] = []
        for el in root.iter():
            if el.tag in _STATEMENTS:
                statements.append(el)
            elif el.tag.endswith("TRNRS"):
                responses = [c for c in el if c.tag.endswith("RS")]
                unsupported += [(c.tag, c) for c in responses if c.tag not in _STATEMENTS]
                code, severity, message = _status(el)
                if not responses and (code not in ("", "0") or severity == "ERROR"):
                    errors.append((code, message))

        signon_code, severity, signon_message = _status(root.find("SIGNONMSGSRSV1/SONRS"))
        if not statements:
            if signon_code not in ("", "0") and severity == "ERROR":
                raise StatementError(
                    self.path,
                    _(
                        "the bank refused the sign-on, so the file holds no statement: {message} (OFX code {code})"
                    ).format(message=signon_message or _("no message"), code=signon_code),
                )
            if unsupported:
                what = ", ".join(dict.fromkeys(_kind(tag) for tag, _el in unsupported))
                raise StatementError(
                    self.path,
                    _(
                        "{what} is not supported: Huiliu imports bank and credit-card statements from OFX files"
                    ).format(what=what[:1].upper() + what[1:]),
                )
            if errors:
                code, message = errors[0]
                raise StatementError(
                    self.path,
                    _("the bank sent an error instead of a statement: {message} (OFX code {code})").format(
                        message=message or _("no message"), code=code
                    ),
                )
            raise StatementError(self.path, _("the file holds no statement, only a sign-on response"))

        for tag, el in unsupported:
            line = lines.index(root, tag).get(id(el))
            self.notes.append(
                _(
                    "{what} (line {line}) was not imported: not supported, only bank and credit-card statements are"
                ).format(what=_kind(tag)[:1].upper() + _kind(tag)[1:], line=line or "?")
            )
        for code, message in errors:
            self.notes.append(
                _("The bank reported an error for one request: {message} (OFX code {code})").format(
                    message=message or _("no message"), code=code
                )
            )

        trn_lines = lines.index(root, "STMTTRN")
        stmt_lines = {**lines.index(root, "STMTRS"), **lines.index(root, "CCSTMTRS")}
        bal_lines = {**lines.index(root, "LEDGERBAL"), **lines.index(root, "AVAILBAL")}
        seen: set[int] = set()
        sections: list[StatementSection] = []
        found = 0
        for stmt in statements:
            section = self._section(stmt, stmt_lines.get(id(stmt), 1), trn_lines, bal_lines, seen)
            found += sum(1 for _el in stmt.iter("STMTTRN"))
            sections.append(section)
        if found and not any(s.rows for s in sections):
            raise unimportable(
                self.path, self.problems, _("no transaction can be imported (the file holds {count}): {problems}"), found
            )
        return sections

    def _section(
        self,
        stmt: ET.Element,
        line: int,
        trn_lines: dict[int, int],
        bal_lines: dict[int, int],
        seen: set[int],
    ) -> StatementSection:
        currency = (stmt.findtext("CURDEF") or "").strip().upper()
        if not currency:
            self.notes.append(
                _("The statement at line {line} does not state its currency.").format(line=line)
            )
        account = stmt.find("CCACCTFROM/ACCTID" if stmt.tag == "CCSTMTRS" else "BANKACCTFROM/ACCTID")
        section = StatementSection(
            account_ref=_text(account.text if account is not None else None),
            currency=currency,
            kind_hint=_STATEMENTS[stmt.tag],
        )
        # iter(), not BANKTRANLIST's children: a transaction that broken markup nested deeper is still found.
        for trn in stmt.iter("STMTTRN"):
            if id(trn) in seen:
                continue
            seen.add(id(trn))
            row = self._row(trn, trn_lines.get(id(trn), line), currency)
            if row is not None:
                section.rows.append(row)
        section.period = self._period(stmt.find("BANKTRANLIST"))
        for tag in _BALANCES:
            for bal in stmt.iter(tag):
                balance = self._balance(bal, bal_lines.get(id(bal), line), currency)
                if balance is not None:
                    section.balances.append(balance)
        return section

    # ------------------------------------------------------------------------------------ values
    def _problem(self, line: int, field: str, problem: str) -> None:
        self.problems.append(RowProblem(line=line, field=field, problem=problem))

    def _row(self, trn: ET.Element, line: int, currency: str) -> StatementRow | None:
        fields: dict[str, str] = {}
        parts: dict[
            str, ET.Element
        ] = {}  # the few sub-aggregates we read; ElementPath per row would cost 25%
        for child in trn:
            if child.text is not None:
                fields.setdefault(child.tag, child.text)
            elif child.tag in _ROW_PARTS:
                parts.setdefault(child.tag, child)
        when = self._date(fields.get("DTPOSTED"), line, "DTPOSTED", _("the transaction has no date"))
        amount = self._amount(fields.get("TRNAMT"), line, "TRNAMT", _("the transaction has no amount"))
        if when is None or amount is None:
            return None
        name = _text(fields.get("NAME"))
        if not name and "PAYEE" in parts:
            name = _text(parts["PAYEE"].findtext("NAME"))
        # CURRENCY: the amounts are in that currency; ORIGCURRENCY: already converted into CURDEF.
        row_currency = currency
        if "CURRENCY" in parts:
            row_currency = (parts["CURRENCY"].findtext("CURSYM") or currency).strip().upper()
        to_account = ""
        for tag in ("BANKACCTTO", "CCACCTTO"):
            if tag in parts:
                to_account = _text(parts[tag].findtext("ACCTID"))
        return StatementRow(
            line=line,
            occurred_at=when,
            amount=amount,
            currency=row_currency,
            direction=direction_of_amount(amount),
            counterparty=name,
            description=name,
            memo=_text(fields.get("MEMO")),
            order_id=_text(fields.get("FITID")),
            transfer_hint=f"transfer:{to_account}" if to_account else "",
            raw_type=_text(fields.get("TRNTYPE")),
        )

    def _period(self, tranlist: ET.Element | None) -> tuple[date, date] | None:
        """BANKTRANLIST's DTSTART..DTEND as inclusive days. DTEND is the end of the list: a DTEND at
        midnight (a time of 00:00:00) ends before that day, so the last day is the one before."""
        if tranlist is None:
            return None
        texts = (tranlist.findtext("DTSTART") or "").strip(), (tranlist.findtext("DTEND") or "").strip()
        if not all(texts):
            return None
        problems = len(self.problems)
        start, end = (self._date(t, 0, "BANKTRANLIST", "") for t in texts)
        del self.problems[problems:]  # a period that cannot be read is simply not stated
        if start is None or end is None:
            return None
        first = start.date() if isinstance(start, datetime) else start
        last = end.date() if isinstance(end, datetime) else end
        if isinstance(end, datetime) and (end.hour, end.minute, end.second) == (0, 0, 0) and last > first:
            last -= timedelta(days=1)
        return (first, last) if first <= last else None

    def _balance(self, bal: ET.Element, line: int, currency: str) -> StatementBalance | None:
        missing = _("the balance {tag} has no {field}")
        before = len(self.problems)
        amount = self._amount(
            bal.findtext("BALAMT"), line, bal.tag, missing.format(tag=bal.tag, field="BALAMT")
        )
        as_of = self._date(bal.findtext("DTASOF"), line, bal.tag, missing.format(tag=bal.tag, field="DTASOF"))
        if amount is None or as_of is None:
            # A balance is not a row: one the file leaves out or garbles is said, and not compared.
            self.notes.extend(balance_not_read(line, p.problem) for p in self.problems[before:])
            del self.problems[before:]
            return None
        return StatementBalance(type=bal.tag, amount=amount, currency=currency, as_of=as_of, line=line)

    def _date(self, text: str | None, line: int, field: str, missing: str) -> date | datetime | None:
        if not text:
            self._problem(line, field, missing)
            return None
        known = self._dates.get(text)
        if known is not None:
            return known
        value = text.strip()
        m = _FRACTION.match(value)
        if m and len(m.group(2)) != 3:
            value = f"{m.group(1)}.{(m.group(2) + '000')[:3]}{value[m.end() :]}"
        try:
            when: datetime = _ofxtools().datetime.convert(value)
        except (ValueError, TypeError, OverflowError):  # OFXSpecError is a ValueError; so is 31 February
            self._problem(line, field, _("not a date: {value}").format(value=repr(_short(text))))
            return None
        # A bare YYYYMMDD is a day, not midnight UTC: keep it a date so no time zone can move it.
        # A time keeps the statement's own clock: in the offset it states ([+8:CST] stays +08:00, so
        # 20240322000000[+8:CST] is 22 March, not 21 March in UTC), or, with none stated, the wall time as
        # written (the bank's local time; ofxtools reads such a stamp as UTC, which moves no digit).
        if len(value) == 8:
            result: date | datetime = when.date()
        else:
            zone = _OFFSET.search(value)
            if zone is None:
                result = when.replace(tzinfo=None)
            else:
                hours = Decimal(zone.group(1))
                result = when.astimezone(timezone(timedelta(minutes=int(hours * 60))))
        self._dates[text] = result
        return result

    def _amount(self, text: str | None, line: int, field: str, missing: str) -> Decimal | None:
        if not text:
            self._problem(line, field, missing)
            return None
        try:
            amount: Decimal = _ofxtools().amount.convert(text.strip())
            plausible = amount.is_finite() and amount.adjusted() < 16
        except (ValueError, ArithmeticError, TypeError):  # decimal.InvalidOperation is an ArithmeticError
            plausible = False
        if not plausible:
            self._problem(line, field, _("not an amount: {value}").format(value=repr(_short(text))))
            return None
        return amount


def _close_empty(m: re.Match[str]) -> str:
    tag, space, closing, following = m.groups()
    if closing:
        # An aggregate is never closed by another tag's end: this is an element with no value.
        return m.group(0) if following == tag else f"<{tag}></{tag}>{space}"
    return f"<{tag}></{tag}>{space}" if tag in _ofxtools().elements else m.group(0)


def _status(el: ET.Element | None) -> tuple[str, str, str]:
    """(CODE, SEVERITY, MESSAGE) of the STATUS inside ``el``; empty strings when absent."""
    if el is None:
        return "", "", ""
    return (
        (el.findtext("STATUS/CODE") or "").strip(),
        (el.findtext("STATUS/SEVERITY") or "").strip().upper(),
        _text(el.findtext("STATUS/MESSAGE")),
    )


def _kind(tag: str) -> str:
    return _(_UNSUPPORTED[tag]) if tag in _UNSUPPORTED else _("a {tag} response").format(tag=tag)


def _text(value: str | None) -> str:
    """An OFX text value with its entities (``&amp;``, ``&nbsp;``) resolved, as ofxtools resolves them."""
    if not value:
        return ""
    if "&" not in value:  # nothing to resolve; skipping the converter saves a quarter of a large parse
        return value.strip()
    converted: Any = _ofxtools().text.convert(value.strip())
    return converted or ""


def _short(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 40 else text[:37] + "..."
