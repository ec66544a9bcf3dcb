"""``huiliu transfer …``, ``huiliu transfers …`` and ``huiliu payees …``: moving money through the policy.

``transfer`` prints the policy's decision (every rule that fired, in the chosen language, with its
citation) and exits 0 when the transfer was accepted or executed, 3 when it needs step-up (give
``--otp CODE``), 4 when it was refused, 5 when it needs confirmation (``--confirm``), 6 when it is held
for review. ``--dry-run`` decides without moving anything.
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import TYPE_CHECKING, Any

from app import clock
from app.cli.common import Adder, UsageError, decimal_arg, emit_json, money_text, open_services, pad, safe
from app.i18n import N_, _, language

if TYPE_CHECKING:
    from app.services import AppServices

EXIT_STEP_UP, EXIT_DENIED, EXIT_CONFIRM, EXIT_HELD = 3, 4, 5, 6
CONFIDENCE_WORDS = {"primary": N_("primary source"), "secondary": N_("secondary sources"),
                    "unverified": N_("unverified")}


def confidence_word(confidence: str) -> str:
    """How sure the pack is of a rule's source, in words (POLICY-CN.md's primary / secondary / unverified)."""
    return _(CONFIDENCE_WORDS[confidence]) if confidence in CONFIDENCE_WORDS else confidence


def _when(at: Any) -> str:
    return clock.to_local(at).strftime("%Y-%m-%d %H:%M") if at is not None else "—"


def print_decision(decision: Any) -> None:
    """The decision as a person reads it: the outcome, then each rule that fired with its citation."""
    lang = language()
    print(decision.summary(lang))
    for firing in decision.firings:
        print(f"  • {safe(firing.title(lang))}：{safe(firing.explanation(lang))}" if lang.startswith("zh")
              else f"  • {safe(firing.title(lang))}: {safe(firing.explanation(lang))}")
        print("    " + _("Source: {citation} ({confidence})").format(citation=safe(firing.citation),
                                                                   confidence=confidence_word(firing.confidence)))
    limit = decision.daily_limit
    print("  " + _("Today's limit: {amount}").format(amount=money_text(limit.threshold_cny, "CNY")) + " — "
          + safe(limit.explanation(lang)))
    if decision.risk.reasons:
        print("  " + _("Risk {score}/100: {reasons}").format(score=decision.risk.score,
                                                          reasons=safe("; ".join(decision.risk.explain(lang)))))
    if decision.anti_fraud:
        for zh, en in decision.anti_fraud_texts:
            print("  ⚠ " + safe(zh if lang.startswith("zh") else en))


def cmd_transfer(args: argparse.Namespace) -> int:
    from app.services import TransferRequest

    if (args.to is None) == (args.to_payee is None):
        raise UsageError(_("give exactly one of --to ACCOUNT and --to-payee PAYEE"))
    amount = decimal_arg("amount", args.amount)
    assert amount is not None
    request = TransferRequest(from_account_id=args.from_account, amount=amount, currency=args.currency,
                              memo=args.memo or "", to_account_id=args.to, payee_id=args.to_payee,
                              arrival=args.arrival)
    services: Any = open_services(args)
    try:
        if args.dry_run:
            preview = services.preview_transfer(request)
            if args.json:
                emit_json({"dry_run": True, "decision": _decision_json(preview.decision),
                           "approvers": list(preview.approvers[1]) if preview.approvers else []})
            else:
                print_decision(preview.decision)
                if preview.approvers:
                    print(_("Needs the approval of members {ids}.").format(
                        ids=", ".join(str(i) for i in preview.approvers[1])))
            return _exit_for(preview.decision.outcome)
        accounts = {a.id: a for a in services.accounts()}
        to = accounts.get(args.to) if args.to is not None else None
        if to is not None and args.from_account in accounts and to.currency != accounts[args.from_account].currency:
            quote = services.quote_transfer(request)  # between currencies: the platform's firm quote, shown first
            request = dataclasses.replace(request, quote_id=quote.quote_id)
            if not args.json:
                print_quote(quote)
            if not args.confirm:
                if args.json:
                    emit_json({"status": "needs_confirmation", "quote": dataclasses.asdict(quote)})
                else:
                    print(_("Read the quote; to exchange at it, run it again with --confirm within its time."))
                return EXIT_CONFIRM
        proof = services.step_up_with_totp(args.otp, request) if args.otp else None
        outcome = services.submit_transfer(request, proof=proof, confirmed=args.confirm)
    finally:
        services.close()
    if args.json:
        emit_json({"status": outcome.status, "decision": _decision_json(outcome.decision),
                   "transfer": outcome.transfer.to_json() if outcome.transfer else None,
                   "approval_id": outcome.approval_id})
        exit_code: int = outcome.exit_code
        return exit_code
    print_decision(outcome.decision)
    t = outcome.transfer
    if outcome.status == "needs_step_up":
        print(_("This transfer needs identity verification: run it again with --otp CODE from your "
                "authenticator app."))
    elif outcome.status == "needs_confirmation":
        print(_("Read the warnings above; to go ahead, run it again with --confirm."))
    elif t is not None:
        print(_("Transfer {id}: {state}.").format(id=t.id, state=services_state_word(t.state)))
        if t.revocable_until is not None and t.state in ("pending", "submitted"):
            print(_("It can be revoked until {when}: huiliu transfers revoke {id}").format(
                when=_when(t.revocable_until), id=t.id))
        if t.reason and t.state == "rejected":
            print(safe(t.reason))
    code: int = outcome.exit_code
    return code


def print_quote(quote: Any) -> None:
    """The platform's quote: what leaves, the fee, the rate, what arrives, and until when it holds."""
    print(_("Quote: {sell} (fee {fee}) at {rate} {buy_currency} per {sell_currency} = {buy}, valid until {until}").format(
        sell=money_text(quote.sell_amount, quote.sell_currency), fee=money_text(quote.fee, quote.sell_currency),
        rate=quote.rate, buy_currency=quote.buy_currency, sell_currency=quote.sell_currency,
        buy=money_text(quote.buy_amount, quote.buy_currency), until=_when(quote.valid_until)))


def _exit_for(outcome: str) -> int:
    return {"denied": EXIT_DENIED, "held": EXIT_HELD, "needs_step_up": EXIT_STEP_UP}.get(outcome, 0)


def _decision_json(decision: Any) -> Any:
    import json

    return json.loads(decision.to_json())


def services_state_word(state: str) -> str:
    from app.services import transfer_state_word

    word: str = transfer_state_word(state)
    return word


def cmd_list(args: argparse.Namespace) -> int:
    services: AppServices = open_services(args)
    try:
        services.run_due_transfers()  # what ended its window, what the platforms settled, since last time
        shown = services.transfers(state=args.state)
    finally:
        services.close()
    if args.json:
        emit_json([t.to_json() for t in shown])
        return 0
    if not shown:
        print(_("No transfers."))
        return 0
    headers = (_("ID"), _("Made"), _("From"), _("To"), _("Amount"), _("State"), _("Arrives"), _("Memo"))
    widths = (6, 18, 10, 12, 16, 14, 18)
    print("".join(pad(h, w) for h, w in zip(headers, widths, strict=False)) + headers[-1])
    for t in shown:
        to = f"#{t.to_account_id}" if t.to_account_id is not None else _("payee {id}").format(id=t.payee_id)
        cells = (str(t.id), _when(t.created_at), f"#{t.from_account_id}", to, money_text(t.amount, t.currency),
                 services_state_word(t.state), _when(t.release_at))
        memo = f"⚠ {safe(t.damaged)}" if t.damaged else safe(t.memo)
        print("".join(pad(c, w) for c, w in zip(cells, widths, strict=False)) + memo)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from app.services import Decision

    services: AppServices = open_services(args)
    try:
        services.run_due_transfers()
        t = services.transfer(args.id)
    finally:
        services.close()
    if args.json:
        emit_json(t.to_json())
        return 0
    print(_("Transfer {id}: {state}.").format(id=t.id, state=services_state_word(t.state)))
    print("  " + _("Amount: {amount}").format(amount=money_text(t.amount, t.currency)))
    print("  " + _("Memo: {memo}").format(memo=safe(t.memo) or "—"))
    print("  " + _("Arrives: {when}").format(when=_when(t.release_at)))
    if t.reason:
        print("  " + safe(t.reason))
    if t.decision:
        import json

        print_decision(Decision.from_json(json.dumps(t.decision)))
    for e in t.events:
        print(f"  {_when(e.at)}  {services_state_word(e.state)}")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    services: AppServices = open_services(args)
    try:
        t = services.revoke_transfer(args.id)
    finally:
        services.close()
    if args.json:
        emit_json(t.to_json())
        return 0
    print(_("Transfer {id}: {state}.").format(id=t.id, state=services_state_word(t.state)))
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    services: AppServices = open_services(args)
    try:
        proof = services.step_up_for_transfer(args.id, "totp", args.otp)
        t = services.release_held_transfer(args.id, proof)
    finally:
        services.close()
    if args.json:
        emit_json(t.to_json())
        return 0
    print(_("Transfer {id}: {state}.").format(id=t.id, state=services_state_word(t.state)))
    return 0


def cmd_payees_list(args: argparse.Namespace) -> int:
    services: AppServices = open_services(args)
    try:
        shown = services.payees(include_removed=args.all)
    finally:
        services.close()
    if args.json:
        emit_json([{"id": p.id, "name": p.name, "number": p.number, "institution": p.institution, "kind": p.kind,
                    "added_at": p.added_at.isoformat(), "removed_at": p.removed_at.isoformat() if p.removed_at
                    else None, "version": p.version} for p in shown])
        return 0
    if not shown:
        print(_("No payees yet: huiliu payees add NAME NUMBER --institution BANK"))
        return 0
    headers = (_("ID"), _("Name"), _("Number"), _("Institution"), _("Added"))
    widths = (6, 14, 24, 20)
    print("".join(pad(h, w) for h, w in zip(headers, widths, strict=False)) + headers[-1])
    for p in shown:
        cells = (str(p.id), safe(p.name), safe(p.masked_number), safe(p.institution))
        print("".join(pad(c, w) for c, w in zip(cells, widths, strict=False)) + _when(p.added_at))
    return 0


def cmd_payees_add(args: argparse.Namespace) -> int:
    services: AppServices = open_services(args)
    try:
        p = services.add_payee(args.name, args.number, args.institution, kind=args.kind,
                               id_number=args.id_number, note=args.note or "")
    finally:
        services.close()
    if args.json:
        emit_json({"id": p.id, "added_at": p.added_at.isoformat()})
        return 0
    print(_("Payee {id} saved. For its first 24 hours a transfer to it arrives no earlier than 24 hours after "
            "it was added, and can be revoked until then.").format(id=p.id))
    return 0


def cmd_payees_remove(args: argparse.Namespace) -> int:
    services: AppServices = open_services(args)
    try:
        version = next((p.version for p in services.payees() if p.id == args.id), 0)
        p = services.remove_payee(args.id, version)
    finally:
        services.close()
    if args.json:
        emit_json({"id": p.id, "removed_at": p.removed_at.isoformat() if p.removed_at else None})
        return 0
    print(_("Payee {id} removed.").format(id=p.id))
    return 0


def cmd_payees_number(args: argparse.Namespace) -> int:
    services: AppServices = open_services(args)
    try:
        version = next((p.version for p in services.payees() if p.id == args.id), 0)
        p = services.change_payee_number(args.id, args.number, version)
    finally:
        services.close()
    if args.json:
        emit_json({"id": p.id, "number_changed_at": p.number_changed_at.isoformat() if p.number_changed_at
                   else None})
        return 0
    print(_("Payee {id} has a new number; transfers to it count as to a changed account for the next day.").format(
        id=p.id))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], add: Adder) -> None:
    p = add(sub, "transfer", _("move money: the policy decides, then it is sent (or refused, with the reasons)"),
            cmd_transfer)
    p.add_argument("--from", dest="from_account", type=int, required=True, metavar="ID", help=_("sending account"))
    p.add_argument("--to", type=int, metavar="ID", help=_("receiving account of the household"))
    p.add_argument("--to-payee", type=int, metavar="ID", help=_("a saved payee (see payees list)"))
    p.add_argument("--amount", required=True, metavar="N", help=_("amount, e.g. 100.00"))
    p.add_argument("--currency", default="CNY", help=_("currency (default CNY)"))
    p.add_argument("--memo", metavar="TEXT", help=_("purpose memo (required for anyone but yourself)"))
    p.add_argument("--arrival", choices=("realtime", "normal", "nextday"), default="realtime",
                   help=_("arrival: realtime, normal (2 hours) or nextday"))
    p.add_argument("--otp", metavar="CODE", help=_("one-time code from your authenticator app (step-up)"))
    p.add_argument("--confirm", action="store_true", help=_("confirm after reading the warnings"))
    p.add_argument("--dry-run", action="store_true", help=_("show the decision; move nothing"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))

    group = add(sub, "transfers", _("transfers: list, show, revoke"))
    tsub = group.add_subparsers(dest="transfers_command", metavar="COMMAND", required=True)
    p = add(tsub, "list", _("list transfers, newest first"), cmd_list)
    p.add_argument("--state", default=None, help=_("only transfers in this state"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(tsub, "show", _("one transfer with its decision and steps"), cmd_show)
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(tsub, "revoke", _("revoke a transfer inside its window"), cmd_revoke)
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))

    p = add(tsub, "release", _("send a transfer held for review, after verifying yourself"), cmd_release)
    p.add_argument("id", type=int)
    p.add_argument("--otp", required=True, metavar="CODE", help=_("one-time code from your authenticator app"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))

    group = add(sub, "payees", _("the people and accounts you send money to"))
    psub = group.add_subparsers(dest="payees_command", metavar="COMMAND", required=True)
    p = add(psub, "list", _("list your payees"), cmd_payees_list)
    p.add_argument("--all", action="store_true", help=_("also removed payees"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(psub, "add", _("save a payee (its first 24 hours: transfers to it are delayed and revocable)"),
            cmd_payees_add)
    p.add_argument("name", help=_("the real name the account is held in"))
    p.add_argument("number", help=_("account, card or wallet number"))
    p.add_argument("--institution", required=True, help=_("bank or platform holding the account"))
    p.add_argument("--kind", default="debit_card", help=_("kind of account (default debit_card)"))
    p.add_argument("--id-number", default=None, help=_("the payee's ID number, when known"))
    p.add_argument("--note", default=None, help=_("a note for yourself"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(psub, "number", _("give a payee's new account number"), cmd_payees_number)
    p.add_argument("id", type=int)
    p.add_argument("number", help=_("account, card or wallet number"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(psub, "remove", _("remove a payee"), cmd_payees_remove)
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
