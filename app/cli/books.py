"""``huiliu balances``, ``transactions`` and ``rates …``: what the household holds and how it moved."""

from __future__ import annotations

import argparse
import sys

from app.cli.common import (
    Adder,
    UsageError,
    date_arg,
    decimal_arg,
    emit_json,
    money_text,
    open_services,
    pad,
    read_input,
    safe,
    signed_money_text,
    total_json,
    total_line,
)
from app.i18n import _


def cmd_balances(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        accounts = services.accounts()
        total = services.total(accounts, base=args.base.upper())
        platforms = {p.id: p for p in services.platforms()}
        members = {m.id: m.name for m in services.members()}
    finally:
        services.close()
    rows = [{"account_id": a.id, "member": members.get(a.member_id, ""), "platform": platforms[a.platform_id].name,
             "platform_kind": platforms[a.platform_id].kind, "name": a.name, "kind": a.kind, "currency": a.currency,
             "balance": str(a.balance) if a.balance is not None else None,
             "as_of": a.balance_as_of.isoformat() if a.balance_as_of else None, "stale": a.stale,
             "stale_reason": a.stale_reason} for a in accounts]
    if args.json:
        emit_json({"accounts": rows, "total": total_json(total)})
        return 0
    for r, a in zip(rows, accounts, strict=True):
        stale = "  ⚠ " + _("stale") + f": {safe(a.stale_reason)}" if a.stale else ""
        print(f"{pad(safe(r['member']), 8)} {pad(safe(r['platform']), 16)} {pad(safe(r['name']), 26)} "
              f"{money_text(a.balance, a.currency):>16}{stale}")
    print(total_line(total))
    return 0


def cmd_transactions(args: argparse.Namespace) -> int:
    from app.services import TransactionFilter

    services = open_services(args)
    try:
        flt = TransactionFilter(account_id=args.account, since=date_arg("since", args.since),
                                until=date_arg("until", args.until), text=args.search or "")
        rows = services.find_transactions(flt, limit=args.limit)
        currencies = {a.id: a.currency for a in services.accounts()}
    finally:
        services.close()
    if args.json:
        emit_json([r.to_json() for r in rows])
        return 0
    for r in rows:
        amount = signed_money_text(r.amount, currencies.get(r.account_id, "CNY")) if r.amount is not None else "⚠"
        print(f"{r.booked_on}  {r.account_id:>4}  {amount:>14}  {safe(r.status):<7} {safe(r.counterparty)}  {safe(r.memo)}")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from app.services import ReportFilter

    flt = ReportFilter(since=date_arg("from", args.since), until=date_arg("to", args.until), member_id=args.member)
    services = open_services(args)
    try:
        report = services.report(args.kind, flt, by=args.by)
        if args.csv:
            services.export_report(report, args.csv)  # 0600, like every export
        text = services.report_csv(report)
    finally:
        services.close()
    if args.csv:
        print(_("Wrote the report to {path}.").format(path=safe(args.csv)))
    else:
        sys.stdout.write(text.replace("\r\n", "\n"))
    return 0


def cmd_rates_set(args: argparse.Namespace) -> int:
    rate = decimal_arg("rate", args.rate)
    if rate is None:
        raise UsageError(_("give the rate"))
    services = open_services(args)
    try:
        _changes, day = services.set_rate(args.currency.upper(), args.base.upper(), rate, date_arg("date", args.date))
    finally:
        services.close()
    print(_("1 {currency} = {rate} {base} on {day}, kept as a manual rate.").format(
        currency=args.currency.upper(), rate=rate, base=args.base.upper(), day=day))
    return 0


def cmd_rates_import_ecb(args: argparse.Namespace) -> int:
    data = read_input(args.file)
    services = open_services(args)
    try:
        _changes, rates = services.import_ecb_rates(data, base=args.base.upper())
    finally:
        services.close()
    print(_("Kept {n} ECB reference rates of {day}.").format(n=len(rates), day=rates[0].as_of if rates else "—"))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], add: Adder) -> None:
    p = add(sub, "balances", _("balances of every account and the household total"), cmd_balances)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.add_argument("--base", default="CNY", help=_("currency of the total (default CNY)"))

    p = add(sub, "transactions", _("transactions, newest first, with filters"), cmd_transactions)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.add_argument("--account", type=int, help=_("only this account id"))
    p.add_argument("--since", help=_("from this date (YYYY-MM-DD)"))
    p.add_argument("--until", help=_("up to this date (YYYY-MM-DD)"))
    p.add_argument("--search", help=_("text in the counterparty, memo or description"))
    p.add_argument("--limit", type=int, default=1000, help=_("at most this many rows (default 1000)"))
    p = add(sub, "report", _("a report as CSV: spending by category, income and spending, net worth, cash flow"),
            cmd_report)
    p.add_argument("kind", choices=("spending", "income_spending", "net_worth", "cash_flow"),
                   help=_("which report"))
    p.add_argument("--from", dest="since", help=_("from this date (YYYY-MM-DD)"))
    p.add_argument("--to", dest="until", help=_("up to this date (YYYY-MM-DD)"))
    p.add_argument("--member", type=int, help=_("only this member's accounts (member id)"))
    p.add_argument("--by", choices=("member", "platform_kind"), default="member",
                   help=_("net worth by member or by platform kind (default member)"))
    p.add_argument("--csv", metavar="FILE", help=_("write the CSV to FILE instead of printing it"))
    rates = add(sub, "rates", _("exchange rates used for totals in the base currency"))
    rsub = rates.add_subparsers(dest="rates_command", metavar="COMMAND", required=True)
    p = add(rsub, "set", _("keep a rate you know: 1 CURRENCY = RATE BASE"), cmd_rates_set)
    p.add_argument("currency", help=_("the foreign currency, e.g. USD"))
    p.add_argument("rate", help=_("units of the base currency for one unit"))
    p.add_argument("--base", default="CNY", help=_("currency of the total (default CNY)"))
    p.add_argument("--date", help=_("the day the rate is for (default today, YYYY-MM-DD)"))
    p = add(rsub, "import-ecb", _("keep the rates of an ECB daily reference-rate file (eurofxref XML)"),
            cmd_rates_import_ecb)
    p.add_argument("file", help=_("the eurofxref-daily.xml file"))
    p.add_argument("--base", default="CNY", help=_("currency of the total (default CNY)"))
