"""Exports for people who keep plain-text books beside Huiliu: Beancount and CSV.

Beancount wants double entry; Huiliu records one side. Each exported row gets its other leg from
what Huiliu knows: the paired account for a move between the household's own accounts (both legs
become one transaction), else an Income/Expenses account named after the row's category. Account
names are ASCII (``Assets:Bank:A12``) with the human names as metadata, so any Beancount accepts them.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from app import clock
from app.ledger.filters import TransactionFilter
from app.ledger.records import AccountView
from app.ledger.transactions import TransactionView

ASSET_GROUPS = {
    "debit_card": "Bank", "wallet_balance": "Wallet", "money_market": "MoneyMarket", "store_balance": "Store",
    "ecny_wallet": "ECNY", "fx_account": "FX",
}
LIABILITY_GROUPS = {"credit_card": "CreditCard", "credit_line": "CreditLine"}
_CATEGORY = re.compile(r"[^A-Za-z0-9]+")


def ledger_account(acc: AccountView) -> str:
    if acc.kind in LIABILITY_GROUPS:
        return f"Liabilities:{LIABILITY_GROUPS[acc.kind]}:A{acc.id}"
    return f"Assets:{ASSET_GROUPS.get(acc.kind, 'Other')}:A{acc.id}"


def category_account(view: TransactionView) -> str:
    words = [w.capitalize() for w in _CATEGORY.split(view.category or "") if w]
    name = "".join(words) or "Uncategorized"
    if not name[0].isalpha():
        name = "C" + name
    if view.direction == "in" or (view.amount or 0) > 0:
        return f"Income:{name}"
    return f"Expenses:{name}"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def beancount(accounts: list[AccountView], rows: Iterable[TransactionView], platforms: dict[int, str],
              members: dict[int, str], title: str = "Huiliu export") -> str:
    """A Beancount ledger of ``rows`` over ``accounts`` (rows of other accounts are left out)."""
    by_id = {a.id: a for a in accounts}
    chosen = sorted((r for r in rows if r.account_id in by_id and r.amount is not None and not r.damaged),
                    key=lambda r: (r.booked_on, r.id))
    out = io.StringIO()
    out.write(f"option \"title\" {_quote(title)}\noption \"operating_currency\" \"CNY\"\n\n")
    first = min((r.booked_on for r in chosen), default=clock.local_today())
    opened: set[str] = set()
    for acc in accounts:
        name = ledger_account(acc)
        opened.add(name)
        out.write(f"{min(first, acc.opened_on or first).isoformat()} open {name} {acc.currency}\n")
        out.write(f"  name: {_quote(acc.name)}\n  platform: {_quote(platforms.get(acc.platform_id, ''))}\n")
        out.write(f"  member: {_quote(members.get(acc.member_id, ''))}\n")
    legs: dict[str, list[TransactionView]] = {}
    for r in chosen:
        if r.own_transfer_ref:
            legs.setdefault(r.own_transfer_ref, []).append(r)
    counter_accounts: set[tuple[str, str]] = set()
    body = io.StringIO()
    done: set[str] = set()
    for r in chosen:
        acc = by_id[r.account_id]
        flag = "!" if r.status == "pending" else "*"
        pair = legs.get(r.own_transfer_ref or "", [])
        narration = r.memo or r.description
        header = f"{r.booked_on.isoformat()} {flag} {_quote(r.counterparty)} {_quote(narration)}\n"
        balanced = (len(pair) == 2 and by_id[pair[0].account_id].currency == by_id[pair[1].account_id].currency
                    and (pair[0].amount or 0) + (pair[1].amount or 0) == 0)
        if balanced and r.own_transfer_ref not in done:
            done.add(r.own_transfer_ref)
            body.write(header)
            for leg in pair:
                body.write(f"  {ledger_account(by_id[leg.account_id])}  {leg.amount} {by_id[leg.account_id].currency}\n")
            body.write(f"  huiliu_ids: \"{pair[0].id},{pair[1].id}\"\n\n")
            continue
        if balanced:
            continue  # the other leg of a pair already written
        other = category_account(r)
        counter_accounts.add((other, acc.currency))
        amount: Decimal = r.amount  # type: ignore[assignment]
        body.write(header)
        body.write(f"  {ledger_account(acc)}  {amount} {acc.currency}\n  {other}  {-amount} {acc.currency}\n")
        body.write(f"  huiliu_id: \"{r.id}\"\n\n")
    for name in sorted({n for n, _c in counter_accounts} - opened):
        out.write(f"{first.isoformat()} open {name}\n")
    out.write("\n")
    out.write(body.getvalue())
    return out.getvalue()


# A spreadsheet evaluates a cell that starts with one of these (OWASP, "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def sheet_text(text: str) -> str:
    """A free-text cell a spreadsheet shows as text: a leading ``'`` before what it would evaluate."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(accounts: list[AccountView], rows: Iterable[TransactionView]) -> str:
    """One row per transaction, amounts as exact decimal text.

    Text cells come from imported files and platforms; each is neutralised (:func:`sheet_text`) so
    that a memo like ``=HYPERLINK(...)`` stays text in a spreadsheet. The amount stays a plain number.
    """
    by_id = {a.id: a for a in accounts}
    out = io.StringIO()
    # RFC 4180 line ends: the csv module then quotes every cell holding a CR or LF, so a bare CR in a
    # memo cannot start a row of its own (with "\n" alone, Python before 3.12 leaves a CR unquoted).
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["date", "account_id", "account", "currency", "amount", "direction", "status", "counterparty",
                     "memo", "description", "category", "external_id"])
    for r in rows:
        if r.account_id not in by_id:
            continue
        acc = by_id[r.account_id]
        text = [sheet_text(t) for t in (r.direction, r.status, r.counterparty, r.memo, r.description, r.category,
                                         r.external_id)]
        writer.writerow([r.booked_on.isoformat(), acc.id, sheet_text(acc.name), sheet_text(acc.currency),
                         "" if r.amount is None else str(r.amount), *text])
    return out.getvalue()


def export_filter(account_id: int | None, since: date | None, until: date | None) -> TransactionFilter:
    return TransactionFilter(account_id=account_id, since=since, until=until)
