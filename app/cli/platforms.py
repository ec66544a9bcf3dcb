"""``huiliu platforms …``, ``sync``, ``demo`` and ``sandbox serve``: connected platforms."""

from __future__ import annotations

import argparse
from typing import Any

from app.cli.common import PASSPHRASE_ENV, Adder, emit_json, new_passphrase, open_services, safe
from app.i18n import _


def cmd_sandbox_serve(args: argparse.Namespace) -> int:
    from app.services import AppServices

    AppServices.serve_sandbox(args.port, args.seed, args.faults)  # prints each platform's address and logins
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from app.services import AppServices

    secret = new_passphrase(args, "passphrase_file", PASSPHRASE_ENV)
    services, report = AppServices.create_demo(args.vault, secret, progress=lambda step: print("  " + safe(step)),
                                               replace_incomplete=args.replace_incomplete)
    try:
        info = services.info()
    finally:
        services.close()
    print(_("Demo household ready at {path}: {members} members, {accounts} accounts, {tx} transactions.").format(
        path=args.vault, members=info.counts["members"], accounts=info.counts["accounts"],
        tx=info.counts["transactions"]))
    for member_id, (name, kind, member_secret) in AppServices.demo_members(args.vault).items():
        template = (_("{name} unlocks as themselves: huiliu --member {id} … (PIN {secret})") if kind == "pin"
                    else _("{name} unlocks as themselves: huiliu --member {id} … (passphrase {secret})"))
        print(template.format(name=safe(name), id=member_id, secret=member_secret))
    return 0 if report.ok else 5


def cmd_platforms_connect(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        receiver = services.consent_receiver()
        try:
            def authorize(request: Any) -> str:
                print(_("Open this address in your browser and approve access:"))
                print(safe(request.authorize_url), flush=True)
                return str(receiver.wait(timeout=args.timeout, expect_state=request.state))

            connection_id, result = services.connect(args.url, args.member, authorize,
                                                     redirect_uri=receiver.redirect_uri)
        finally:
            receiver.close()
    finally:
        services.close()
    status = result.status if result else "ok"
    print(_("Connected platform (connection {id}); first sync: {status}.").format(id=connection_id, status=safe(status)))
    return 0


def cmd_platforms_list(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        views = services.connections()
    finally:
        services.close()
    if args.json:
        emit_json([v.to_json() for v in views])
        return 0
    for v in views:
        when = v.last_sync_at.isoformat(timespec="minutes") if v.last_sync_at else "—"
        print(f"{v.id:>4}  {safe(v.platform_name)}  {safe(v.status)}  {when}  {safe(v.last_error)}")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        report = services.refresh(
            progress=None if args.json else lambda done, total, r: print(
                f"[{done}/{total}] {safe(r.platform)}: {safe(r.status)}" + (f" ({safe(r.reason)})" if r.reason else "")))
    finally:
        services.close()
    if args.json:
        emit_json(report.to_json())
    return 0 if report.ok else 5


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], add: Adder) -> None:
    p = add(sub, "sandbox", _("the sandbox platforms (a real local server for trying and testing Huiliu)"))
    sbsub = p.add_subparsers(dest="sandbox_command", metavar="COMMAND", required=True)
    p = add(sbsub, "serve", _("serve the seven sandbox platforms on 127.0.0.1"), cmd_sandbox_serve)
    p.add_argument("--port", type=int, default=8765, help=_("port (default 8765)"))
    p.add_argument("--seed", type=int, default=42, help=_("seed of the generated history"))
    p.add_argument("--faults", help=_("fault injection, e.g. 'wallet_a:latency=300ms;bank_b:timeout'"))

    p = add(sub, "demo", _("create a vault holding the demo household, synced from the sandbox"), cmd_demo)
    p.add_argument("--replace-incomplete", action="store_true",
                   help=_("start over where an older Huiliu was stopped while creating a vault"))

    platforms = add(sub, "platforms", _("connected platforms"))
    psub = platforms.add_subparsers(dest="platforms_command", metavar="COMMAND", required=True)
    p = add(psub, "connect", _("connect a platform by its address (prints the consent address)"),
            cmd_platforms_connect)
    p.add_argument("url", help=_("the platform's base address"))
    p.add_argument("--member", type=int, required=True, help=_("the member whose login consents"))
    p.add_argument("--timeout", type=float, default=300, help=_("seconds to wait for the consent"))
    p = add(psub, "list", _("list connected platforms and their last sync"), cmd_platforms_list)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))

    p = add(sub, "sync", _("refresh every connected platform now"), cmd_sync)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
