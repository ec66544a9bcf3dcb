"""``huiliu approvals …``: the requests the acting member asked for or must decide, and deciding them."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from app import clock
from app.cli.common import Adder, emit_json, money_text, open_services, pad, safe
from app.i18n import _
from app.ledger import vocabulary

if TYPE_CHECKING:
    from app.services import AppServices


def _names(services: AppServices) -> dict[int, str]:
    return {m.id: m.name or f"#{m.id}" for m in services.members()}


def cmd_list(args: argparse.Namespace) -> int:
    services: Any = open_services(args)
    try:
        shown = services.approvals(status=None if args.all else "pending")
        names = _names(services)
    finally:
        services.close()
    if args.json:
        emit_json([a.to_json() for a in shown])
        return 0
    if not shown:
        print(_("No requests awaiting a decision.") if not args.all else _("No requests."))
        return 0
    headers = (_("ID"), _("Kind"), _("Status"), _("Requested by"), _("Amount"), _("Decide by"), _("Summary"))
    widths = (6, 14, 22, 12, 16, 18)
    print("".join(pad(h, w) for h, w in zip(headers, widths, strict=False)) + headers[-1])
    for a in shown:
        status = vocabulary.approval_status(a.status)
        if a.awaiting_me:
            status += " *"
        amount = money_text(a.amount, a.currency) if a.amount is not None and a.currency else "—"
        cells = (str(a.id), vocabulary.approval_kind(a.kind), status, safe(names.get(a.requested_by, "")), amount,
                 clock.to_local(a.expires_at).strftime("%Y-%m-%d %H:%M"))
        summary = f"⚠ {safe(a.damaged)}" if a.damaged else safe(a.summary)
        print("".join(pad(c, w) for c, w in zip(cells, widths, strict=False)) + summary)
    if any(a.awaiting_me for a in shown):
        print(_("* awaits your decision: huiliu approvals approve ID, or deny ID"))
    return 0


def _decide(args: argparse.Namespace, approve: bool) -> int:
    services: Any = open_services(args)
    try:
        version = args.version if args.version is not None else services.approval(args.id).version
        if approve:
            done = services.approve(args.id, version, comment=args.comment or "")
        else:
            done = services.deny(args.id, version, comment=args.comment or "")
    finally:
        services.close()
    if done.status == "pending":
        print(_("Your approval of request {id} is recorded; it still awaits the others.").format(id=done.id))
    else:
        print(_("Request {id}: {status}.").format(id=done.id, status=vocabulary.approval_status(done.status)))
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    return _decide(args, True)


def cmd_deny(args: argparse.Namespace) -> int:
    return _decide(args, False)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], add: Adder) -> None:
    group = add(sub, "approvals", _("requests the household must decide: yours, and those you decide"))
    asub = group.add_subparsers(dest="approvals_command", metavar="COMMAND", required=True)
    p = add(asub, "list", _("list the requests awaiting a decision"), cmd_list)
    p.add_argument("--all", action="store_true", help=_("also the requests already decided, expired or cancelled"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    for name, help_text, fn in (("approve", _("approve a request"), cmd_approve),
                                ("deny", _("deny a request (the first denial ends it)"), cmd_deny)):
        p = add(asub, name, help_text, fn)
        p.add_argument("id", type=int, help=_("the request's id (see approvals list)"))
        p.add_argument("--comment", metavar="TEXT", help=_("a comment the requester reads"))
        p.add_argument("--version", type=int, default=None,
                       help=_("the version you saw (refused if someone changed the request since)"))
