"""ISO 20022 cash-management statements: camt.053 (statement), camt.052 (report), camt.054 (notification).

Any schema version is accepted: the message is recognised by its namespace
(``urn:iso:std:iso:20022:tech:xsd:camt.053.001.NN``), and every path below is written so that the
shapes of the versions from 001.02 on are all found (e.g. entry status as ``<Sts>BOOK</Sts>`` up to
2018 and ``<Sts><Cd>BOOK</Cd></Sts>`` since; a related party's name directly under ``Dbtr`` or under
``Dbtr/Pty``). The file is parsed with defusedxml (no DTDs, entities or external references: a bank
file needs none, and a hostile one would use them), and each Stmt / Rpt / Ntfctn becomes a section.

Rows: one per ``Ntry``, signed by ``CdtDbtInd`` (CRDT in, DBIT out); the booking date, else the value
date; status BOOK -> success, PDNG / INFO / FUTR -> pending (no money has moved on the ledger yet).
``order_id`` is the bank's own reference (AcctSvcrRef, else NtryRef, else a single transaction's
AcctSvcrRef or TxId); the payer's EndToEndId is not unique to us, so it goes to ``merchant_order_id``.
A batch entry (several TxDtls) stays one row, as booked: its counterparties and remittance texts are
joined. A reversal (``RvslInd``) keeps the sign it was booked with; ``raw_type`` says "reversal".

Errors: not XML, not a camt message, or no statement in it -> StatementError. An entry or balance
that cannot be read (amount, sign or date) is skipped and listed in ``problems`` with its line; when
no entry at all can be read, the file is refused with the first problems listed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import PurePath

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from app.i18n import _
from app.ledger.vocabulary import direction_of_amount
from connectors.statements.limits import MAX_XML_DEPTH, check_xml_size, xml_too_deep
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

__all__ = ["IMPORTER", "CamtImporter"]

_NAMESPACE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:(camt\.05[234])\.001\.(\d{2})")
# message -> (its element under Document, the element of one statement)
_MESSAGES = {
    "camt.052": ("BkToCstmrAcctRpt", "Rpt"),
    "camt.053": ("BkToCstmrStmt", "Stmt"),
    "camt.054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn"),
}
_STATUS = {"BOOK": "success", "PDNG": "pending", "INFO": "pending", "FUTR": "pending"}
_XML_ENCODING = re.compile(rb"<\?xml[^>]*encoding=[\"']([\w.-]+)")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")  # xs:decimal: no exponent, no NaN
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?")
_LINES_OF = ("Ntry", "Bal", "Stmt", "Rpt", "Ntfctn")


class CamtImporter:
    """ISO 20022 camt.052 / camt.053 / camt.054 XML, any version."""

    name = "camt"

    def sniff(self, head: bytes, filename: str) -> float:
        if _NAMESPACE.search(head.decode("latin-1")):
            return 1.0 if PurePath(filename).suffix.lower() == ".xml" else 0.95
        lowered = filename.lower()
        return 0.3 if "camt" in lowered and lowered.endswith(".xml") else 0.0

    def parse(self, data: bytes, path: str) -> ParsedStatement:
        check_xml_size(data, path)
        return _Reader(data, path).read()


IMPORTER = CamtImporter()


class _LineRecorder(ET.TreeBuilder):
    """Builds the tree with local tag names and remembers the line each Ntry / Bal / statement starts on.

    ElementTree keeps no positions; defusedxml's parser is the pure-Python XMLParser, whose expat
    parser (``.parser``) knows the current line when each start tag is reported to us. Namespaces are
    dropped from tags (the root's is kept in ``namespace``): with plain tags every lookup below is a
    C-level ``find``, five times faster than ElementPath's ``{*}`` wildcards on a large file. Nesting
    deeper than MAX_XML_DEPTH stops the parse where it is met, before the tree holds it.
    """

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.xml: DefusedXMLParser | None = None
        self.lines: dict[ET.Element, int] = {}
        self.namespace: str | None = None
        self.depth = 0

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:  # type: ignore[override]
        self.depth += 1
        if self.depth > MAX_XML_DEPTH:
            raise xml_too_deep(self.path, self.xml.parser.CurrentLineNumber if self.xml is not None else 1)
        namespace, _sep, local = tag[1:].rpartition("}") if tag.startswith("{") else ("", "", tag)
        if self.namespace is None:
            self.namespace = namespace
        elem = super().start(local, attrs)
        if local in _LINES_OF and self.xml is not None:
            self.lines[elem] = self.xml.parser.CurrentLineNumber
        return elem

    def end(self, tag: str) -> ET.Element:
        self.depth -= 1
        return super().end(tag.rpartition("}")[2])


class _Reader:
    """One parse of one file."""

    def __init__(self, data: bytes, path: str) -> None:
        self.data, self.path = data, path
        self.problems: list[RowProblem] = []
        self.notes: list[str] = []
        self.lines: dict[ET.Element, int] = {}

    def read(self) -> ParsedStatement:
        root, namespace = self._tree()
        m = _NAMESPACE.fullmatch(namespace)
        if m is None or root.tag != "Document":
            raise StatementError(
                self.path,
                _(
                    "not an ISO 20022 camt.052/053/054 file: its root is {tag} in namespace '{namespace}'"
                ).format(tag=_short(root.tag, 40), namespace=_short(namespace, 80)),
            )
        message, version = m.group(1), m.group(2)
        wrapper_tag, section_tag = _MESSAGES[message]
        wrapper = root.find(wrapper_tag)
        found = wrapper.findall(section_tag) if wrapper is not None else []
        if not found:
            raise StatementError(
                self.path,
                _(
                    "the {message} file holds a group header but no statement ({tag}); there is nothing to import"
                ).format(message=message, tag=section_tag),
            )
        sections = [self._section(stmt) for stmt in found]
        entries = sum(len(stmt.findall("Ntry")) for stmt in found)
        if entries and not any(s.rows for s in sections):
            raise unimportable(
                self.path, self.problems, _("no entry can be imported (the file holds {count}): {problems}"), entries
            )
        declared = _XML_ENCODING.search(self.data[:200])
        return ParsedStatement(
            format=f"{message}.001.{version}",
            path=self.path,
            encoding=declared.group(1).decode("ascii").lower() if declared else "utf-8",
            sections=sections,
            problems=self.problems,
            notes=self.notes,
        )

    def _tree(self) -> tuple[ET.Element, str]:
        recorder = _LineRecorder(self.path)
        parser = DefusedXMLParser(target=recorder, forbid_dtd=True)
        recorder.xml = parser
        try:
            parser.feed(self.data)
            root: ET.Element = parser.close()
        except ParseError as exc:
            line = exc.position[0] if getattr(exc, "position", None) else None
            raise StatementError(
                self.path, _("not well-formed XML: {detail}").format(detail=exc), line=line
            ) from None
        except DefusedXmlException:
            raise StatementError(
                self.path,
                _("the XML declares a DTD or entities, which bank statements never need; refused for safety"),
            ) from None
        except (
            ValueError,
            LookupError,
            IndexError,
        ) as exc:  # an unknown encoding, a truncated multi-byte character
            raise StatementError(self.path, _("not readable as XML: {detail}").format(detail=exc)) from None
        self.lines = recorder.lines
        return root, recorder.namespace or ""

    def _problem(self, line: int, field: str, problem: str) -> None:
        self.problems.append(RowProblem(line=line, field=field, problem=problem))

    # --------------------------------------------------------------------------------- sections
    def _section(self, stmt: ET.Element) -> StatementSection:
        line = self.lines.get(stmt, 1)
        account = _text(stmt, "Acct/Id/IBAN") or _text(stmt, "Acct/Id/Othr/Id")
        section = StatementSection(
            account_ref=account,
            currency=_text(stmt, "Acct/Ccy"),
            kind_hint="credit_card" if _text(stmt, "Acct/Tp/Cd") == "CARD" else "",
        )
        span = stmt.find("FrToDt")
        if span is not None:
            section.period = _period(_text(span, "FrDtTm"), _text(span, "ToDtTm"))
        for bal in stmt.findall("Bal"):
            balance = self._balance(bal)
            if balance is not None:
                section.balances.append(balance)
        for entry in stmt.findall("Ntry"):
            row = self._row(entry, section.currency)
            if row is not None:
                section.rows.append(row)
        if not section.currency:
            # Acct/Ccy is optional; the entries' and balances' own currencies then say it.
            section.currency = next((r.currency for r in section.rows), "") or next(
                (b.currency for b in section.balances), ""
            )
            if not section.currency:
                self.notes.append(
                    _("The statement at line {line} does not state its currency.").format(line=line)
                )
        return section

    def _balance(self, bal: ET.Element) -> StatementBalance | None:
        line = self.lines.get(bal, 1)
        kind = (
            _text(bal, "Tp/CdOrPrtry/Cd")
            or _text(bal, "Tp/CdOrPrtry/Prtry")
            or _text(bal, "Tp/Cd")
            or _text(bal, "Tp/Prtry")
        )
        before = len(self.problems)
        amount, currency = self._money(bal, line, kind or "Bal")
        as_of = self._date(bal, "Dt", line, kind or "Bal")
        if amount is None or as_of is None:
            # A balance is not a row: one the file leaves out or garbles is said, and not compared.
            self.notes.extend(balance_not_read(line, p.problem) for p in self.problems[before:])
            del self.problems[before:]
            return None
        return StatementBalance(type=kind or "Bal", amount=amount, currency=currency, as_of=as_of, line=line)

    # ------------------------------------------------------------------------------------- rows
    def _row(self, entry: ET.Element, currency: str) -> StatementRow | None:
        line = self.lines.get(entry, 1)
        amount, row_currency = self._money(entry, line, "Ntry")
        when = self._date(entry, "BookgDt", line, "BookgDt", fallback="ValDt")
        if amount is None or when is None:
            return None
        credit = amount > 0 or (amount == 0 and _text(entry, "CdtDbtInd") == "CRDT")
        details = [tx for d in entry.findall("NtryDtls") for tx in d.findall("TxDtls")]
        single = details[0] if len(details) == 1 else None
        # The other party: who paid us on a credit, whom we paid on a debit.
        party = "Dbtr" if credit else "Cdtr"
        names = [
            _text(tx, f"RltdPties/{party}/Nm")
            or _text(tx, f"RltdPties/{party}/Pty/Nm")
            or _text(tx, f"RltdPties/Ultmt{party}/Nm")
            or _text(tx, f"RltdPties/Ultmt{party}/Pty/Nm")
            for tx in details
        ]
        memos = [
            " ".join(_texts(tx, "RmtInf/Ustrd")) or _text(tx, "RmtInf/Strd/CdtrRefInf/Ref") for tx in details
        ]
        status_code = _text(entry, "Sts/Cd") or _text(entry, "Sts/Prtry") or _text(entry, "Sts")
        raw_type = _bank_code(entry) or (_bank_code(single) if single is not None else "")
        if _text(entry, "RvslInd").lower() in ("true", "1"):
            raw_type = f"{raw_type} reversal".strip()
        order_id = _text(entry, "AcctSvcrRef") or _text(entry, "NtryRef")
        end_to_end = ""
        if single is not None:
            order_id = order_id or _text(single, "Refs/AcctSvcrRef") or _text(single, "Refs/TxId")
            end_to_end = _text(single, "Refs/EndToEndId")
        return StatementRow(
            line=line,
            occurred_at=when,
            amount=amount,
            currency=row_currency or currency,
            direction=direction_of_amount(amount),
            status=_STATUS.get(status_code.upper(), "pending"),
            counterparty="; ".join(dict.fromkeys(n for n in names if n)),
            description=_text(entry, "AddtlNtryInf")
            or "; ".join(t for tx in details if (t := _text(tx, "AddtlTxInf"))),
            memo="; ".join(m for m in memos if m),
            order_id=order_id,
            merchant_order_id="" if end_to_end.upper() == "NOTPROVIDED" else end_to_end,
            fee=self._fee(entry),
            raw_type=raw_type,
        )

    def _money(self, el: ET.Element, line: int, field: str) -> tuple[Decimal | None, str]:
        """The signed amount of an Ntry or Bal and its currency (each may differ from the account's)."""
        amt = el.find("Amt")
        text = (amt.text or "").strip() if amt is not None else ""
        currency = (amt.get("Ccy", "") if amt is not None else "").strip().upper()
        indicator = _text(el, "CdtDbtInd")
        if not text:
            self._problem(line, field, _("no amount (Amt)"))
            return None, currency
        if not _DECIMAL.fullmatch(text):
            self._problem(line, field, _("not an amount: {value}").format(value=repr(_short(text))))
            return None, currency
        amount = Decimal(text)
        if amount.adjusted() >= 16:
            self._problem(line, field, _("not an amount: {value}").format(value=repr(_short(text))))
            return None, currency
        if indicator not in ("CRDT", "DBIT"):
            if amount:
                self._problem(
                    line,
                    field,
                    _("the credit/debit indicator is missing or unknown: '{value}'").format(
                        value=_short(indicator)
                    ),
                )
                return None, currency
            return amount, currency  # zero: the sign does not matter
        return (-amount if indicator == "DBIT" else amount), currency

    def _date(
        self, el: ET.Element, tag: str, line: int, field: str, fallback: str = ""
    ) -> date | datetime | None:
        for name in (tag, fallback) if fallback else (tag,):
            holder = el.find(name)
            if holder is None:
                continue
            day, stamp = _text(holder, "Dt"), _text(holder, "DtTm")
            try:
                if stamp:
                    return datetime.fromisoformat(stamp)
                m = _DATE.fullmatch(day)
                if m:
                    return date.fromisoformat(m.group(1))
            except ValueError:
                pass
            self._problem(line, field, _("not a date: {value}").format(value=repr(_short(stamp or day))))
            return None
        self._problem(
            line, field, _("no date ({tag})").format(tag=tag if not fallback else f"{tag}/{fallback}")
        )
        return None

    def _fee(self, entry: ET.Element) -> Decimal | None:
        """Charges the bank states for the entry: the total when given, else the sum of the records."""
        texts = (
            _texts(entry, "Chrgs/TtlChrgsAndTaxAmt")
            or _texts(entry, "Chrgs/Rcrd/Amt")
            or _texts(entry, "Chrgs/Amt")
        )
        try:
            values = [Decimal(t) for t in texts if _DECIMAL.fullmatch(t)]
        except InvalidOperation:
            return None
        return sum(values, Decimal(0)) if values else None


def _find(el: ET.Element | None, path: str) -> ET.Element | None:
    """``el.find(path)`` one plain tag at a time: each step is C code, where ElementPath would be Python."""
    for tag in path.split("/"):
        if el is None:
            return None
        el = el.find(tag)
    return el


def _text(el: ET.Element, path: str) -> str:
    found = _find(el, path)
    return (found.text or "").strip() if found is not None else ""


def _texts(el: ET.Element, path: str) -> list[str]:
    parent, _sep, last = path.rpartition("/")
    holders = [el] if not parent else [h for h in [_find(el, parent)] if h is not None]
    # Repeated elements (Ustrd, Rcrd) may repeat at the last step only in the paths we read.
    return [t.strip() for h in holders for found in h.findall(last) if (t := found.text) and t.strip()]


def _bank_code(el: ET.Element) -> str:
    """The bank transaction code: ISO domain/family/sub-family (PMNT/RCDT/ESCT), else the proprietary code."""
    domain = [
        _text(el, "BkTxCd/Domn/Cd"),
        _text(el, "BkTxCd/Domn/Fmly/Cd"),
        _text(el, "BkTxCd/Domn/Fmly/SubFmlyCd"),
    ]
    if any(domain):
        return "/".join(domain)
    return _text(el, "BkTxCd/Prtry/Cd")


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _period(start: str, end: str) -> tuple[date, date] | None:
    """FrToDt as inclusive days in the statement's own clock (its stated offsets kept)."""
    try:
        first, last = datetime.fromisoformat(start).date(), datetime.fromisoformat(end).date()
    except ValueError:
        return None
    return (first, last) if first <= last else None
