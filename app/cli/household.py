"""``huiliu members …`` and ``huiliu accounts …``: who is in the household and what they hold."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from app.cli.common import (
    Adder,
    UsageError,
    date_arg,
    decimal_arg,
    emit_json,
    money_text,
    open_services,
    safe,
    total_json,
    total_line,
)
from app.errors import ValidationError
from app.i18n import _

if TYPE_CHECKING:
    from app.ledger.records import PlatformInput
    from app.services import AppServices


ID_NUMBER_ENV = "HUILIU_ID_NUMBER"
MEMBER_SECRET_ENV = "HUILIU_MEMBER_SECRET"
_ASK = object()  # ``--id-number`` given without a value: ask for it


def id_number(args: argparse.Namespace) -> str:
    """The resident ID number, never from the argument list (other users of the computer can read
    it there): ``--id-number-file``, a prompt (``--id-number`` alone), or ``HUILIU_ID_NUMBER``."""
    if args.id_number is not None and args.id_number is not _ASK:
        raise UsageError(_("An ID number on the command line can be read by other users of this computer; "
                           "use --id-number alone to be asked for it, --id-number-file FILE or HUILIU_ID_NUMBER."))
    if args.id_number_file:
        from pathlib import Path

        try:
            return Path(args.id_number_file).read_text("utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(_("Cannot read ID number file {path}: {error}").format(
                path=args.id_number_file, error=getattr(exc, "strerror", None) or exc)) from None
    if args.id_number is _ASK:
        if not sys.stdin.isatty():
            raise UsageError(_("No terminal to ask for the ID number: use --id-number-file FILE or HUILIU_ID_NUMBER."))
        import getpass

        return getpass.getpass(_("Resident ID number: ")).strip()
    return os.environ.get(ID_NUMBER_ENV, "").strip()


def mask_id_number(value: str) -> str:
    """First 6 and last 4 characters kept, the rest ``*`` (short values: all ``*``)."""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def cmd_members_add(args: argparse.Namespace) -> int:
    from app.ledger.records import MemberInput

    number = id_number(args)  # before the vault opens: a refused option changes nothing
    services = open_services(args)
    try:
        changes = services.add_member(MemberInput(name=args.name, role=args.role, real_name=args.real_name or "",
                                                  id_number=number))
        member_id = next(iter(changes.ids["members"]))
    finally:
        services.close()
    print(_("Added member {id}.").format(id=member_id))
    return 0


def cmd_members_list(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        members = services.members()
    finally:
        services.close()
    if args.json:
        rows = [dict(m.__dict__) for m in members]
        if not args.reveal:
            for row in rows:
                row["id_number"] = mask_id_number(row["id_number"] or "")
        emit_json(rows)
        return 0
    for m in members:
        flag = f"  ⚠ {safe(m.damaged)}" if m.damaged else ""
        print(f"{m.id:>4}  {safe(m.name)}  ({safe(m.role)}){flag}")
    return 0


def _secret_for(args: argparse.Namespace, kind: str) -> str:
    """A new passphrase or PIN for a member: ``--secret-file``, ``HUILIU_MEMBER_SECRET`` or the terminal."""
    from app.cli.common import read_file

    if args.secret_file:
        return read_file(args.secret_file)
    if os.environ.get(MEMBER_SECRET_ENV):
        return os.environ[MEMBER_SECRET_ENV]
    if not sys.stdin.isatty():
        raise UsageError(_("No passphrase or PIN: use a terminal, --secret-file or {env}.").format(
            env=MEMBER_SECRET_ENV))
    import getpass

    word = _("PIN") if kind == "pin" else _("passphrase")
    value = getpass.getpass(_("New {what} for the member: ").format(what=word))
    if getpass.getpass(_("Repeat it: ")) != value:
        raise UsageError(_("The two entries differ; nothing was changed."))
    return value


def cmd_members_invite(args: argparse.Namespace) -> int:
    kind = "pin" if args.pin else "passphrase"
    secret = _secret_for(args, kind)  # before the vault opens: a refused entry changes nothing
    services = open_services(args)
    try:
        services.set_member_secret(args.id, secret, kind)
    finally:
        services.close()
    print(_("Member {id} now unlocks as themselves: huiliu --member {id} …").format(id=args.id))
    return 0


def cmd_members_grant(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        changed = services.grant(args.account, args.member_id, args.level)
    finally:
        services.close()
    if not changed:
        print(_("Nothing changed: member {member} already has that on account {account}.").format(
            member=args.member_id, account=args.account))
    elif args.level == "hidden":
        print(_("Account {account} is hidden from member {member}; its keys were replaced and its records "
                "sealed again.").format(account=args.account, member=args.member_id))
    else:
        print(_("Member {member} now sees {what} of account {account}.").format(
            member=args.member_id, account=args.account, what=grant_word(args.level)))
    return 0


def cmd_members_revoke(args: argparse.Namespace) -> int:
    args.level = "hidden"
    return cmd_members_grant(args)


def cmd_members_role(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        services.set_role(args.id, args.role)
    finally:
        services.close()
    print(_("Member {id} is now: {role}.").format(id=args.id, role=role_word(args.role)))
    return 0


def cmd_members_unlock_pin(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        services.unlock_pin(args.id)
    finally:
        services.close()
    print(_("Member {id} may try their PIN again.").format(id=args.id))
    return 0


def cmd_members_access(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        people = services.household()
        grants = services.grants()
        accounts = {a.id: a.name for a in services.accounts()}
    finally:
        services.close()
    if args.json:
        emit_json({"members": [dict(m.__dict__) for m in people],
                   "grants": [dict(g.__dict__) for g in grants]})
        return 0
    for m in people:
        how = {"passphrase": _("own passphrase"), "pin": _("own PIN")}.get(m.secret_kind, _("no key of their own"))
        you = "  " + _("(you)") if m.is_you else ""
        locked = "  " + _("PIN locked") if m.locked else ""
        print(f"{m.id:>4}  {safe(m.name)}  ({role_word(m.role)}, {how}){locked}{you}")
    by_account: dict[int, list[str]] = {}
    for g in grants:
        if g.grant != "hidden":
            by_account.setdefault(g.account_id, []).append(f"{g.member_id}:{grant_word(g.grant)}")
    for account_id, name in accounts.items():
        print(f"  {account_id:>4}  {safe(name)}  → {', '.join(by_account.get(account_id, []))}")
    return 0


def cmd_members_activity(args: argparse.Namespace) -> int:
    from app.clock import to_local
    from app.ledger.vocabulary import activity

    services = open_services(args)
    try:
        feed = services.activity(limit=args.limit)
        names = {m.id: m.name for m in services.members()}
    finally:
        services.close()
    if args.json:
        emit_json([dict(a.__dict__) for a in feed])
        return 0
    for a in feed:
        who = safe(names.get(a.member_id, "")) if a.member_id is not None else "—"
        about = f"  ({a.subject_type} {a.subject_id})" if a.subject_type and a.subject_id else ""
        print(f"{to_local(a.at):%Y-%m-%d %H:%M}  {who}  {activity(a.kind)}{about}")
    return 0


def grant_word(level: str) -> str:
    return {"hidden": _("nothing"), "balance": _("the balance"),
            "transactions": _("the balance and transactions")}.get(level, level)


def role_word(role: str) -> str:
    from app.ledger.vocabulary import role as role_label

    return role_label(role)


def _platform_for(services: AppServices, args: argparse.Namespace) -> tuple[int | None, PlatformInput | None]:
    """The existing platform's id, or the new platform to add with the account."""
    from app.ledger.records import PlatformInput

    if args.platform_id is not None:
        return int(args.platform_id), None
    if not args.platform:
        raise ValidationError("platform", _("give --platform NAME or --platform-id ID"))
    for p in services.platforms():
        if p.name == " ".join(args.platform.split()):
            return int(p.id), None
    if not args.platform_kind:
        raise ValidationError("platform_kind", _("new platform {name}: give --platform-kind").format(name=args.platform))
    return None, PlatformInput(name=args.platform, kind=args.platform_kind, legal_entity=args.legal_entity or "")


def cmd_accounts_add(args: argparse.Namespace) -> int:
    from app.ledger.records import AccountInput

    services = open_services(args)
    try:
        platform_id, new_platform = _platform_for(services, args)
        data = AccountInput(
            member_id=args.member, platform_id=platform_id or 0, kind=args.kind, name=args.name,
            currency=args.currency, number=args.number or "", bank_class=args.bank_class,
            bound_account_id=args.bound, payment_class=args.payment_class, ecny_tier=args.ecny_tier,
            ecny_operator=args.ecny_operator or "", credit_limit=decimal_arg("credit_limit", args.credit_limit),
            statement_day=args.statement_day, due_day=args.due_day, opened_on=date_arg("opened_on", args.opened_on),
            note=args.note or "", balance=decimal_arg("balance", args.balance),
        )
        changes = services.add_account(data, new_platform)
        account_id = next(iter(changes.ids["accounts"]))
        warning = services.card_number_warning(data.kind, data.number)  # kept as typed: only a warning
    finally:
        services.close()
    print(_("Added account {id}.").format(id=account_id))
    if warning:
        print(_("Warning: {problem}").format(problem=warning), file=sys.stderr)
    return 0


def cmd_accounts_list(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        accounts = services.accounts()
        members = {m.id: m.name for m in services.members()}
        platforms = {p.id: p.name for p in services.platforms()}
        total = services.total(accounts)
    finally:
        services.close()
    if args.json:
        emit_json({"accounts": [a.to_json() for a in accounts], "total": total_json(total)})
        return 0
    for a in accounts:
        tail = f" ·{safe(a.last4)}" if a.last4 else ""
        flag = f"  ⚠ {safe(a.damaged)}" if a.damaged else ""
        owner, platform = safe(members.get(a.member_id, "?")), safe(platforms.get(a.platform_id, "?"))
        print(f"{a.id:>4}  {owner} / {platform} / {safe(a.name)}{tail}"
              f"  {money_text(a.balance, a.currency)}{flag}")
    print(total_line(total))
    return 0


def cmd_accounts_show(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        account = services.account(args.id)
    finally:
        services.close()
    if args.json:
        emit_json(account.to_json())
    else:
        for key, value in account.to_json().items():
            if value not in (None, ""):
                print(f"{key}: {safe(value)}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], add: Adder) -> None:
    from app.ledger.vocabulary import ACCOUNT_KINDS, CLASSES, MEMBER_ROLES, PLATFORM_KINDS

    members = add(sub, "members", _("household members"))
    msub = members.add_subparsers(dest="members_command", metavar="COMMAND", required=True)
    p = add(msub, "add", _("add a member"), cmd_members_add)
    p.add_argument("name", help=_("display name"))
    p.add_argument("--role", choices=MEMBER_ROLES, default="adult", help=_("role in the household"))
    p.add_argument("--real-name", help=_("legal name on their ID (used for same-name checks)"))
    p.add_argument("--id-number", nargs="?", const=_ASK, metavar="",
                   help=_("ask for the resident ID number (18 characters) without showing it; "
                          "a value here is refused, as other users could read it"))
    p.add_argument("--id-number-file", metavar="FILE", help=_("read the resident ID number from FILE"))
    p = add(msub, "list", _("list members"), cmd_members_list)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.add_argument("--reveal", action="store_true", help=_("show ID numbers in full in --json output"))
    p = add(msub, "invite", _("let a member unlock as themselves: set their own passphrase (or a minor's PIN)"),
            cmd_members_invite)
    p.add_argument("id", type=int, help=_("member id"))
    p.add_argument("--pin", action="store_true", help=_("a PIN of 6 to 12 digits (teenagers and children)"))
    p.add_argument("--secret-file", metavar="FILE",
                   help=_("read the new passphrase or PIN from FILE (else the terminal, or $HUILIU_MEMBER_SECRET)"))
    p = add(msub, "grant", _("show one account to a member: its balance, or its balance and transactions"),
            cmd_members_grant)
    p.add_argument("account", type=int, help=_("account id"))
    p.add_argument("member_id", type=int, metavar="member", help=_("member id"))
    p.add_argument("level", choices=("balance", "transactions", "hidden"), help=_("what they see"))
    p = add(msub, "revoke", _("hide one account from a member again (its keys are replaced)"), cmd_members_revoke)
    p.add_argument("account", type=int, help=_("account id"))
    p.add_argument("member_id", type=int, metavar="member", help=_("member id"))
    p = add(msub, "role", _("change a member's role (the owner only)"), cmd_members_role)
    p.add_argument("id", type=int, help=_("member id"))
    p.add_argument("role", choices=[r for r in MEMBER_ROLES if r != "owner"], help=_("new role"))
    p = add(msub, "unlock-pin", _("let a minor try their locked PIN again (a guardian)"), cmd_members_unlock_pin)
    p.add_argument("id", type=int, help=_("member id"))
    p = add(msub, "activity", _("what the household did lately, as far as you may see"), cmd_members_activity)
    p.add_argument("--limit", type=int, default=30, help=_("how many events (default 30)"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(msub, "access", _("who unlocks how, and who sees which account"), cmd_members_access)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))

    accounts = add(sub, "accounts", _("accounts on every platform"))
    asub = accounts.add_subparsers(dest="accounts_command", metavar="COMMAND", required=True)
    p = add(asub, "add", _("add an account"), cmd_accounts_add)
    p.add_argument("--member", type=int, required=True, help=_("owner's member id"))
    p.add_argument("--platform", help=_("platform name (created when new)"))
    p.add_argument("--platform-id", type=int, help=_("platform id"))
    p.add_argument("--platform-kind", choices=PLATFORM_KINDS, help=_("kind of a new platform"))
    p.add_argument("--legal-entity", help=_("legal entity of a new bank platform"))
    p.add_argument("--kind", choices=ACCOUNT_KINDS, required=True, help=_("kind of account"))
    p.add_argument("--name", required=True, help=_("account name"))
    p.add_argument("--number", help=_("account or card number"))
    p.add_argument("--currency", default="CNY", help=_("ISO 4217 currency (default CNY)"))
    p.add_argument("--class", dest="bank_class", choices=CLASSES, help=_("bank account class"))
    p.add_argument("--bound", type=int, help=_("bound account id (Class II/III)"))
    p.add_argument("--payment-class", choices=CLASSES, help=_("payment account class"))
    p.add_argument("--ecny-tier", type=int, choices=(1, 2, 3, 4), help=_("e-CNY wallet tier"))
    p.add_argument("--ecny-operator", help=_("e-CNY wallet operator"))
    p.add_argument("--credit-limit", help=_("credit limit"))
    p.add_argument("--statement-day", type=int, help=_("statement day of the month"))
    p.add_argument("--due-day", type=int, help=_("due day of the month"))
    p.add_argument("--opened-on", help=_("opening date (YYYY-MM-DD)"))
    p.add_argument("--balance", help=_("current balance"))
    p.add_argument("--note", help=_("note"))
    p = add(asub, "list", _("list accounts with balances and the total in CNY"), cmd_accounts_list)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(asub, "show", _("show one account"), cmd_accounts_show)
    p.add_argument("id", type=int, help=_("account id"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
