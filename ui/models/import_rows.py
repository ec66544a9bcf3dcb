"""How an import preview reads: its summary line, totals per direction, checks, and the rows as a table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from app.ledger import vocabulary
from app.services import ImportPreview, PlannedRow, balance_label
from ui.amounts import money_text, signed_text
from ui.models.columns import RIGHT, Column, DisplayContext
from ui.models.tree_model import Node
from ui.when import local_day, short_date

CONTEXT = "ImportPreview"
translate = QCoreApplication.translate  # lupdate reads translate("ImportPreview", "...") calls
STATES: dict[str, str] = {
    "new": QT_TRANSLATE_NOOP("ImportPreview", "New"),
    "duplicate": QT_TRANSLATE_NOOP("ImportPreview", "Duplicate"),
    "closed": QT_TRANSLATE_NOOP("ImportPreview", "Closed"),
    "unmapped": QT_TRANSLATE_NOOP("ImportPreview", "No account"),
    "refused": QT_TRANSLATE_NOOP("ImportPreview", "Other currency"),
}
STATE_TIPS: dict[str, str] = {
    "new": QT_TRANSLATE_NOOP("ImportPreview", "Will be added"),
    "duplicate": QT_TRANSLATE_NOOP("ImportPreview", "Already in Huiliu (same transaction); skipped"),
    "closed": QT_TRANSLATE_NOOP("ImportPreview", "No money moved (closed or failed); skipped"),
    "unmapped": QT_TRANSLATE_NOOP("ImportPreview", "Choose the account for this statement first"),
    "refused": QT_TRANSLATE_NOOP("ImportPreview", "Not imported: no account of this holder keeps its currency"),
}
OUTSIDE = QT_TRANSLATE_NOOP("ImportPreview", "Outside the period")


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


@dataclass
class ImportRow:
    """One planned row with the account name it lands on (and that account's currency)."""

    planned: PlannedRow
    account: str
    account_currency: str = ""

    emphasis = 0


def rows_text(n: int) -> str:
    return translate("ImportPreview", "%Ln rows", None, n)


def summary_line(preview: ImportPreview) -> str:
    """ "128 rows: 120 new · 6 duplicates · 2 closed" (and how many still need an account)."""
    new = preview.count("new")  # a plain name: the lupdate of PySide6 6.11 misses the string otherwise
    parts = [translate("ImportPreview", "%Ln new", None, new)]
    for state in ("duplicate", "closed", "unmapped", "refused"):
        count = preview.count(state)
        if not count and state != "duplicate":
            continue
        if state == "duplicate":
            parts.append(translate("ImportPreview", "%Ln duplicates", None, count))
        elif state == "closed":
            parts.append(translate("ImportPreview", "%Ln closed", None, count))
        elif state == "unmapped":
            parts.append(translate("ImportPreview", "%Ln without an account", None, count))
        else:
            parts.append(translate("ImportPreview", "%Ln in another currency (not imported)", None, count))
    summary = translate("ImportPreview", "%1: %2")
    return summary.replace("%1", rows_text(len(preview.rows))).replace("%2", " · ".join(parts))


def _row_currency(planned: PlannedRow, currencies: dict[int, str]) -> str:
    """A row's own currency, or (a file that states none) the currency of the account it goes to."""
    if planned.row.currency:
        return planned.row.currency
    return currencies.get(planned.account_id, "") if planned.account_id is not None else ""


def direction_lines(preview: ImportPreview, hidden: bool, currencies: dict[int, str] | None = None) -> list[str]:
    """ "Income: 3 rows, ¥1,088.88" for each direction present, each total in its own currency
    ("US$20.00 + ¥5.00" when the file mixes them)."""
    counts: dict[str, int] = {}
    totals: dict[str, dict[str, Decimal]] = {}
    for planned in preview.rows:
        direction = planned.row.direction
        counts[direction] = counts.get(direction, 0) + 1
        by_currency = totals.setdefault(direction, {})
        currency = _row_currency(planned, currencies or {})
        by_currency[currency] = by_currency.get(currency, Decimal(0)) + abs(planned.row.amount)
    out = []
    for direction in ("in", "out", "neutral"):
        if not counts.get(direction):
            continue
        amounts = " + ".join(
            money_text(total, currency, hidden)
            if currency else ("••••" if hidden else f"{total:,}")
            for currency, total in sorted(totals[direction].items())
        )
        out.append(
            translate("ImportPreview", "%1: %2, %3")
            .replace("%1", vocabulary.direction(direction))
            .replace("%2", rows_text(counts[direction]))
            .replace("%3", amounts)
        )
    return out


def date_range_text(preview: ImportPreview) -> str:
    span = preview.date_range()
    if span is None:
        return ""
    span_text = translate("ImportPreview", "%1 to %2")
    return span_text.replace("%1", short_date(span[0])).replace("%2", short_date(span[1]))


def problem_lines(preview: ImportPreview) -> list[str]:
    """Unreadable rows: "Line 12 (amount): not a number"."""
    out = []
    for p in preview.problems:
        where = translate("ImportPreview", "Line %1").replace("%1", str(p.line))
        where += f" ({p.field})" if p.field else ""
        out.append(f"{where}: {p.problem}")
    return out


def balance_lines(
    preview: ImportPreview, accounts: dict[int, str], currencies: dict[int, str], hidden: bool
) -> list[tuple[bool, str]]:
    """(agrees, text) for each balance the statement states, against what Huiliu computes; then the
    opening balance a first import records and the balance the account will show."""
    out = []
    for check in preview.balance_checks:
        currency = check.currency or currencies.get(check.account_id, "CNY")
        text = (
            translate("ImportPreview", "%1, %6 on %2: statement %3, Huiliu %4, difference %5")
            .replace("%1", accounts.get(check.account_id, f"#{check.account_id}"))
            .replace("%2", short_date(check.as_of))
            .replace("%3", money_text(check.statement, currency, hidden))
            .replace("%4", money_text(check.computed, currency, hidden))
            .replace("%5", signed_text(check.difference, currency, hidden))
            .replace("%6", check.label)
        )
        out.append((check.difference == 0, text))
    for opening in preview.openings:
        text = (
            translate("ImportPreview", "%1: first import, so its opening balance %2 on %3 is recorded (from the "
                      "statement's %4)")
            .replace("%1", accounts.get(opening.account_id, f"#{opening.account_id}"))
            .replace("%2", money_text(opening.amount(preview), opening.currency, hidden))
            .replace("%3", short_date(opening.day(preview)))
            .replace("%4", balance_label(opening.type))
        )
        out.append((True, text))
    for update in preview.balance_updates:
        text = (
            translate("ImportPreview", "%1 will show the statement's %2 of %3: %4")
            .replace("%1", accounts.get(update.account_id, f"#{update.account_id}"))
            .replace("%2", update.label)
            .replace("%3", short_date(local_day(update.as_of)))
            .replace("%4", money_text(update.amount, update.currency, hidden))
        )
        out.append((True, text))
    return out


def _account_text(planned: PlannedRow, accounts: dict[int, str]) -> str:
    if planned.account_id is not None:
        return accounts.get(planned.account_id, f"#{planned.account_id}")
    instrument = planned.row.instrument.strip()
    if planned.state == "unmapped" and instrument:
        return translate("ImportPreview", "%1 (no account yet)").replace("%1", instrument)
    return ""


def nodes(preview: ImportPreview, accounts: dict[int, str], currencies: dict[int, str] | None = None) -> list[Node]:
    return [
        Node(ImportRow(p, _account_text(p, accounts),
                       (currencies or {}).get(p.account_id, "") if p.account_id is not None else ""))
        for p in preview.rows
    ]


def _date(row: ImportRow, _ctx: DisplayContext) -> str:
    return short_date(_day(row.planned.row.occurred_at))


def _counterparty(row: ImportRow, _ctx: DisplayContext) -> str:
    r = row.planned.row
    return r.counterparty or r.description or r.memo


def _counterparty_tip(row: ImportRow, _ctx: DisplayContext) -> str:
    r = row.planned.row
    lines = [p for p in (r.counterparty, r.description, r.memo, r.instrument) if p]
    lines.append(translate("ImportPreview", "Line %1 of the file").replace("%1", str(r.line)))
    return "\n".join(lines)


def _amount(row: ImportRow, ctx: DisplayContext) -> str:
    r = row.planned.row
    # A file that states no currency (QIF) is in the currency of the account it goes into; until one
    # is chosen, the amount is shown as a plain number.
    currency = r.currency or row.account_currency
    if not currency:
        return "••••" if ctx.amounts_hidden else (f"+{r.amount:,}" if r.amount > 0 else f"{r.amount:,}")
    return signed_text(r.amount, currency, ctx.amounts_hidden, show_code=None if currency == "CNY" else True)


def _state(row: ImportRow, _ctx: DisplayContext) -> list[str]:
    badges = [translate(CONTEXT, STATES.get(row.planned.state, row.planned.state))]
    if row.planned.state in ("new", "unmapped") and not row.planned.include:
        badges = [translate("ImportPreview", "Left out")]
    if row.planned.outside:
        badges.append(translate(CONTEXT, OUTSIDE))
    return badges


def _state_text(row: ImportRow, ctx: DisplayContext) -> str:
    return _state(row, ctx)[0]


def _state_tip(row: ImportRow, _ctx: DisplayContext) -> str:
    lines = [row.planned.reason] if row.planned.reason else []
    source = STATE_TIPS.get(row.planned.state)
    if source and not lines:
        lines.append(translate(CONTEXT, source))
    if row.planned.outside:
        lines.append(translate("ImportPreview", "Dated outside the period the file states"))
    return "\n".join(lines)


def _state_tone(row: ImportRow, _ctx: DisplayContext) -> str:
    if row.planned.state in ("new", "unmapped") and not row.planned.include:
        return "muted"
    if row.planned.outside:
        return "warning"
    return {"new": "", "unmapped": "warning", "refused": "warning"}.get(row.planned.state, "muted")


def _included(row: ImportRow) -> bool | None:
    """New rows and rows waiting for an account can be left out; the others have no box."""
    return row.planned.include if row.planned.state in ("new", "unmapped") else None


def _set_included(row: ImportRow, on: bool) -> None:
    row.planned.include = on


COLUMNS = [
    Column("include", QT_TRANSLATE_NOOP("ImportPreview", "Import"), CONTEXT, lambda _r, _c: "", width=56,
           checked=_included, toggle=_set_included),
    Column("date", QT_TRANSLATE_NOOP("ImportPreview", "Date"), CONTEXT, _date, width=100, figures=True),
    Column(
        "counterparty",
        QT_TRANSLATE_NOOP("ImportPreview", "Counterparty"),
        CONTEXT,
        _counterparty,
        width=180,
        stretch=True,
        tooltip=_counterparty_tip,
    ),
    Column(
        "account", QT_TRANSLATE_NOOP("ImportPreview", "Account"), CONTEXT, lambda r, _c: r.account, width=250
    ),
    Column(
        "amount",
        QT_TRANSLATE_NOOP("ImportPreview", "Amount"),
        CONTEXT,
        _amount,
        width=120,
        align=RIGHT,
        figures=True,
    ),
    Column(
        "state",
        QT_TRANSLATE_NOOP("ImportPreview", "Result"),
        CONTEXT,
        _state_text,
        width=100,
        badges=_state,
        tooltip=_state_tip,
        tone=_state_tone,
    ),
]
