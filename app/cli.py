"""The ``huiliu`` command line: the GUI by default, subcommands for headless work.

Every error a user can cause ends in one translated line on stderr and a non-zero exit code.
Passphrases come from the terminal (no echo), ``--passphrase-file`` or ``HUILIU_PASSPHRASE``
(meant for scripts; it is visible to other processes of the same user).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from app import clock
from app.errors import HuiliuError, ValidationError
from app.i18n import _, set_language

PASSPHRASE_ENV = "HUILIU_PASSPHRASE"
NEW_PASSPHRASE_ENV = "HUILIU_NEW_PASSPHRASE"
VAULT_ENV = "HUILIU_VAULT"
MIN_PASSPHRASE = 8


def default_vault_dir() -> Path:
    """``HUILIU_VAULT``, else the platform's user data directory."""
    env = os.environ.get(VAULT_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("huiliu", appauthor=False)) / "vault"


class UsageError(HuiliuError):
    exit_code = 2


# --- passphrases -------------------------------------------------------------------------------


def _read_file(path: str) -> str:
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise UsageError(_("Cannot read passphrase file {path}: {error}").format(path=path, error=exc.strerror)) from None
    return text.rstrip("\r\n")


def passphrase(args: argparse.Namespace, prompt: str | None = None) -> str:
    if args.passphrase_file:
        return _read_file(args.passphrase_file)
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not sys.stdin.isatty():
        raise UsageError(_("No passphrase: use a terminal, --passphrase-file or HUILIU_PASSPHRASE."))
    return getpass.getpass(prompt or _("Vault passphrase: "))


def new_passphrase(args: argparse.Namespace, file_attr: str, env: str) -> str:
    path = getattr(args, file_attr, None)
    if path:
        value = _read_file(path)
    elif os.environ.get(env):
        value = os.environ[env]
    elif sys.stdin.isatty():
        value = getpass.getpass(_("New passphrase: "))
        if getpass.getpass(_("Repeat the new passphrase: ")) != value:
            raise UsageError(_("The two passphrases differ; nothing was changed."))
    else:
        raise UsageError(_("No passphrase: use a terminal, --passphrase-file or HUILIU_PASSPHRASE."))
    if len(value) < MIN_PASSPHRASE:
        raise UsageError(_("A passphrase needs at least {n} characters.").format(n=MIN_PASSPHRASE))
    return value


def open_services(args: argparse.Namespace) -> Any:
    from app.services import AppServices

    remembered = None if (args.passphrase_file or os.environ.get(PASSPHRASE_ENV)) else _remembered(args)
    return remembered or AppServices.open(args.vault, passphrase(args), actor="cli")


def _remembered(args: argparse.Namespace) -> Any:
    from app.services import AppServices

    return AppServices.open_remembered(args.vault, actor="cli")


# --- output -------------------------------------------------------------------------------------


def pad(text: str, width: int) -> str:
    """Left-align in a terminal, where Chinese characters take two columns."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def total_line(total: Any) -> str:
    """The household total for a terminal: the sum, the rate dates used, the currencies left out."""
    from app.money import Money, format_money

    line = _("Total") + f" ({total.base}): {format_money(Money(total.amount, total.base))}"
    if total.rate_dates:
        dates = ", ".join(f"{k} {v.isoformat()}" for k, v in total.rate_dates.items())
        line += "  " + _("(rates of {dates})").format(dates=dates)
    if total.missing_rates:
        line += "  " + _("(not counted, no rate: {currencies})").format(currencies=", ".join(total.missing_rates))
    return line


def total_json(total: Any) -> dict[str, Any]:
    """A household total as the JSON outputs show it (exact decimal text, dated rates)."""
    return {"base": total.base, "amount": str(total.amount),
            "rate_dates": {k: v.isoformat() for k, v in total.rate_dates.items()},
            "missing_rates": total.missing_rates}


def emit_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _decimal(field: str, text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValidationError(field, _("not a number: {text}").format(text=text)) from None
    if not value.is_finite():
        raise ValidationError(field, _("not a number: {text}").format(text=text))
    return value


def _date(field: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(field, _("not a date (YYYY-MM-DD): {text}").format(text=text)) from None


# --- commands -----------------------------------------------------------------------------------


def cmd_vault_init(args: argparse.Namespace) -> int:
    from app.services import AppServices

    secret = new_passphrase(args, "passphrase_file", PASSPHRASE_ENV)
    services = AppServices.create(args.vault, secret, actor="cli")
    try:
        print(_("Created a vault at {path}.").format(path=args.vault))
        print(_("Keep your passphrase safe: it cannot be recovered, and without it the vault cannot be opened."))
    finally:
        services.close()
    return 0


def cmd_vault_info(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        info = services.info()
    finally:
        services.close()
    if args.json:
        emit_json(info.__dict__)
        return 0
    print(_("Vault:") + f" {info.path}")
    print(_("Vault id:") + f" {info.vault_id}")
    print(_("Schema version:") + f" {info.schema_version}")
    print(_("Key derivation:") + " " + ", ".join(f"{k}={v}" for k, v in info.kdf.items()))
    print(_("Data-key fingerprint:") + f" {info.key_fingerprint}")
    print(_("Signing public key (SM2):") + f" {info.signing_public_key}")
    print(_("Remembered on this computer:") + " " + (_("yes") if info.keyring_remembered else _("no")))
    for name, count in info.counts.items():
        print(f"  {name}: {count}")
    return 0


def cmd_vault_passwd(args: argparse.Namespace) -> int:
    from app.services import AppServices

    old = passphrase(args, _("Current passphrase: "))
    services = AppServices.open(args.vault, old, actor="cli")
    try:
        services.change_passphrase(old, new_passphrase(args, "new_passphrase_file", NEW_PASSPHRASE_ENV))
    finally:
        services.close()
    print(_("Passphrase changed."))
    return 0


def cmd_members_add(args: argparse.Namespace) -> int:
    from app.ledger.records import MemberInput

    services = open_services(args)
    try:
        changes = services.add_member(MemberInput(name=args.name, role=args.role, real_name=args.real_name or "",
                                                  id_number=args.id_number or ""))
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
        emit_json([m.__dict__ for m in members])
        return 0
    for m in members:
        flag = f"  ⚠ {m.damaged}" if m.damaged else ""
        print(f"{m.id:>4}  {m.name}  ({m.role}){flag}")
    return 0


def _find_platform(services: Any, args: argparse.Namespace) -> int:
    from app.ledger.records import PlatformInput

    if args.platform_id is not None:
        return int(args.platform_id)
    if not args.platform:
        raise ValidationError("platform", _("give --platform NAME or --platform-id ID"))
    for p in services.platforms():
        if p.name == " ".join(args.platform.split()):
            return int(p.id)
    if not args.platform_kind:
        raise ValidationError("platform_kind", _("new platform {name}: give --platform-kind").format(name=args.platform))
    _changes, platform_id = services.add_platform(
        PlatformInput(name=args.platform, kind=args.platform_kind, legal_entity=args.legal_entity or ""))
    return int(platform_id)


def cmd_accounts_add(args: argparse.Namespace) -> int:
    from app.ledger.records import AccountInput

    services = open_services(args)
    try:
        platform_id = _find_platform(services, args)
        data = AccountInput(
            member_id=args.member, platform_id=platform_id, kind=args.kind, name=args.name,
            currency=args.currency, number=args.number or "", bank_class=args.bank_class,
            bound_account_id=args.bound, payment_class=args.payment_class, ecny_tier=args.ecny_tier,
            ecny_operator=args.ecny_operator or "", credit_limit=_decimal("credit_limit", args.credit_limit),
            statement_day=args.statement_day, due_day=args.due_day, opened_on=_date("opened_on", args.opened_on),
            note=args.note or "", balance=_decimal("balance", args.balance),
        )
        changes = services.add_account(data)
        account_id = next(iter(changes.ids["accounts"]))
    finally:
        services.close()
    print(_("Added account {id}.").format(id=account_id))
    return 0


def cmd_accounts_list(args: argparse.Namespace) -> int:
    from app.money import Money, format_money

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
        balance = format_money(Money(a.balance, a.currency)) if a.balance is not None else "—"
        tail = f" ·{a.last4}" if a.last4 else ""
        flag = f"  ⚠ {a.damaged}" if a.damaged else ""
        print(f"{a.id:>4}  {members.get(a.member_id, '?')} / {platforms.get(a.platform_id, '?')} / {a.name}{tail}"
              f"  {balance}{flag}")
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
                print(f"{key}: {value}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from app.services import verify_audit_readonly

    report = verify_audit_readonly(args.vault)
    if args.json:
        emit_json(report.to_json())
    elif report.ok:
        print(_("Audit log intact: {events} events, {heads} signed tree heads verified.").format(
            events=report.events, heads=report.heads))
    else:
        print(_("Audit log FAILED verification; first bad index: {index}").format(
            index=report.first_bad_index if report.first_bad_index is not None else "?"), file=sys.stderr)
        for problem in report.problems:
            print(f"  - {problem.message}", file=sys.stderr)
    return 0 if report.ok else 4


def cmd_sandbox_serve(args: argparse.Namespace) -> int:
    from connectors.sandbox.server import serve_forever

    serve_forever(args.port, args.seed, args.faults)  # prints each platform's address and logins
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from connectors.sandbox.demo import build_demo

    secret = new_passphrase(args, "passphrase_file", PASSPHRASE_ENV)
    services, sandbox, report = build_demo(args.vault, secret, progress=lambda step: print("  " + step))
    try:
        info = services.info()
    finally:
        services.close()
        sandbox.stop()
    print(_("Demo household ready at {path}: {members} members, {accounts} accounts, {tx} transactions.").format(
        path=args.vault, members=info.counts["members"], accounts=info.counts["accounts"],
        tx=info.counts["transactions"]))
    return 0 if report.ok else 5


def cmd_platforms_connect(args: argparse.Namespace) -> int:
    from app.sync.service import SyncService
    from connectors.openapi.loopback import LoopbackReceiver

    services = open_services(args)
    receiver = LoopbackReceiver()
    try:
        def authorize(request: Any) -> str:
            print(_("Open this address in your browser and approve access:"))
            print(request.authorize_url, flush=True)
            return str(receiver.wait(timeout=args.timeout))

        connection_id, result = SyncService(services).connect(args.url, args.member, authorize,
                                                               redirect_uri=receiver.redirect_uri)
    finally:
        receiver.close()
        services.close()
    status = result.status if result else "ok"
    print(_("Connected platform (connection {id}); first sync: {status}.").format(id=connection_id, status=status))
    return 0


def cmd_platforms_list(args: argparse.Namespace) -> int:
    from app.sync.service import SyncService

    services = open_services(args)
    try:
        views = SyncService(services).connections()
    finally:
        services.close()
    if args.json:
        emit_json([{k: v for k, v in v.__dict__.items()} for v in views])
        return 0
    for v in views:
        when = v.last_sync_at.isoformat(timespec="minutes") if v.last_sync_at else "—"
        print(f"{v.id:>4}  {v.platform_name}  {v.status}  {when}  {v.last_error}")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from app.sync.service import SyncService

    services = open_services(args)
    try:
        report = SyncService(services).refresh(
            progress=None if args.json else lambda done, total, r: print(f"[{done}/{total}] {r.platform}: {r.status}"
                                                                          + (f" ({r.reason})" if r.reason else "")))
    finally:
        services.close()
    if args.json:
        emit_json(report.to_json())
    return 0 if report.ok else 5


def cmd_balances(args: argparse.Namespace) -> int:
    from app.money import Money, format_money

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
        amount = format_money(Money(a.balance, a.currency)) if a.balance is not None else "—"
        stale = "  ⚠ " + _("stale") + f": {a.stale_reason}" if a.stale else ""
        print(f"{pad(r['member'], 8)} {pad(r['platform'], 16)} {pad(r['name'], 26)} {amount:>16}{stale}")
    print(total_line(total))
    return 0


def cmd_transactions(args: argparse.Namespace) -> int:
    from app.ledger.filters import TransactionFilter

    services = open_services(args)
    try:
        flt = TransactionFilter(account_id=args.account, since=_date("since", args.since),
                                until=_date("until", args.until), text=args.search or "")
        rows = services.find_transactions(flt, limit=args.limit)
    finally:
        services.close()
    if args.json:
        emit_json([r.to_json() for r in rows])
        return 0
    for r in rows:
        amount = f"{r.amount:+,.2f}" if r.amount is not None else "⚠"
        print(f"{r.booked_on}  {r.account_id:>4}  {amount:>14}  {r.status:<7} {r.counterparty}  {r.memo}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from app.ledger.imports import ImportService
    from connectors.statements.detect import parse_data

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(_("Cannot read {path}: {error}").format(path=path, error=exc.strerror)) from None
    services = open_services(args)
    try:
        service = ImportService(services)
        parsed = _parse_with_mappings(service, data, path, args) if (args.columns or args.source) else None
        if parsed is None:
            try:
                parsed = parse_data(data, str(path))
            except HuiliuError:
                # A bank CSV nobody recognises may match a column mapping saved for it earlier.
                parsed = _parse_with_mappings(service, data, path, args)
                if parsed is None:
                    raise
        preview = service.preview(parsed, data, account_id=args.account)
        result = None if args.dry_run else service.commit(preview)
    finally:
        services.close()
    summary = preview.to_json()
    if result is not None:
        summary["imported"] = {"batch": result.batch_id, "added": result.added, "skipped": result.skipped,
                               "paired_transfers": result.paired_transfers}
    if args.json:
        emit_json(summary)
        return 0
    span = summary["date_range"] or ["—", "—"]
    print(_("{file}: {format}, {rows} rows from {start} to {end}").format(
        file=path.name, format=preview.format, rows=summary["rows"], start=span[0], end=span[1]))
    for direction, values in summary["by_direction"].items():
        print(f"  {direction:<8} {values['count']:>6}  {values['total']:>14}")
    print(_("  new {new} · duplicates {dup} · closed (no money moved) {closed} · unreadable {bad}").format(
        new=summary["new"], dup=summary["duplicates"], closed=summary["closed"], bad=len(summary["errors"])))
    for err in summary["errors"]:
        print(_("  line {line} ({field}): {problem}").format(**err))
    for check in preview.balance_checks:
        mark = "✓" if check.difference == 0 else "≠"
        print(_("  {mark} statement balance {statement} on {day}, Huiliu {computed}, difference {diff}").format(
            mark=mark, statement=check.statement, day=check.as_of, computed=check.computed, diff=check.difference))
    if preview.unmapped_instruments:
        print(_("  paid with instruments not mapped to an account yet: {names}").format(
            names=", ".join(preview.unmapped_instruments)))
    if result is None:
        print(_("Dry run: nothing was written."))
    else:
        print(_("Imported {added} rows (batch {batch}); 'huiliu import-undo' takes them out again.").format(
            added=result.added, batch=result.batch_id))
    return 0


def _parse_with_mappings(service: Any, data: bytes, path: Path, args: argparse.Namespace) -> Any:
    """Parse a generic CSV with --columns (then saved under --source), a saved --source, or a saved
    mapping whose header line the file contains; None when no mapping applies."""
    from connectors.statements.bank_csv import ColumnMapping, GenericCsvImporter
    from connectors.statements.text import decode_text

    text, _encoding = decode_text(data, str(path))
    if args.columns:
        mapping = ColumnMapping.from_json(Path(args.columns).read_text("utf-8"))
        header = next((line for line in text.splitlines() if mapping.date_column in line), "")
        parsed = GenericCsvImporter(mapping).parse(data, str(path))
        service.save_column_mapping(args.source or path.stem, mapping.to_json(), header)
        return parsed
    for saved in service.column_mappings():
        wanted = args.source and saved["source"] == " ".join(args.source.split())
        if wanted or (not args.source and saved["header"] and saved["header"] in text.splitlines()):
            return GenericCsvImporter(ColumnMapping.from_json(saved["mapping"])).parse(data, str(path))
    if args.source:
        raise ValidationError("source", _("no column mapping is saved as {name}").format(name=args.source))
    return None


def cmd_rates_set(args: argparse.Namespace) -> int:
    rate = _decimal("rate", args.rate)
    day = _date("date", args.date) or clock.local_today()
    services = open_services(args)
    try:
        services.set_rate(args.currency.upper(), args.base.upper(), rate, day)  # type: ignore[arg-type]
    finally:
        services.close()
    print(_("1 {currency} = {rate} {base} on {day}, kept as a manual rate.").format(
        currency=args.currency.upper(), rate=rate, base=args.base.upper(), day=day))
    return 0


def cmd_rates_import_ecb(args: argparse.Namespace) -> int:
    from app.sync.fx import ecb_rates

    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise UsageError(_("Cannot read {path}: {error}").format(path=args.file, error=exc.strerror)) from None
    rates = ecb_rates(data, target=args.base.upper())
    services = open_services(args)
    try:
        services.store_rates(rates)
    finally:
        services.close()
    print(_("Kept {n} ECB reference rates of {day}.").format(n=len(rates), day=rates[0].as_of if rates else "—"))
    return 0


def cmd_import_undo(args: argparse.Namespace) -> int:
    from app.ledger.imports import ImportService

    services = open_services(args)
    try:
        result = ImportService(services).undo_last()
    finally:
        services.close()
    print(_("Undid import {batch}: {n} rows removed.").format(batch=result.batch_id, n=-result.added))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from app.ledger.export import beancount, csv_text, export_filter

    services = open_services(args)
    try:
        accounts = [a for a in services.accounts() if args.account is None or a.id == args.account]
        rows = services.find_transactions(export_filter(args.account, _date("since", args.since),
                                                        _date("until", args.until)), limit=10**9)
        platforms = {p.id: p.name for p in services.platforms()}
        members = {m.id: m.name for m in services.members()}
    finally:
        services.close()
    rows.reverse()  # oldest first
    text = beancount(accounts, rows, platforms, members) if args.format == "beancount" else csv_text(accounts, rows)
    Path(args.output).write_text(text, encoding="utf-8")
    print(_("Wrote {n} transactions to {path}.").format(n=len(rows), path=args.output))
    return 0


# --- parser ---------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    from app.ledger.validation import ACCOUNT_KINDS, PLATFORM_KINDS
    from app.vault.schema import CLASSES, MEMBER_ROLES

    parser = argparse.ArgumentParser(prog="huiliu", description=_(
        "Huiliu (汇流): every account of your household in one encrypted vault. Without a command, opens the app."))
    parser.add_argument("--vault", type=Path, default=None,
                        help=_("vault directory (default: $HUILIU_VAULT or your user data directory)"))
    parser.add_argument("--passphrase-file", metavar="FILE",
                        help=_("read the passphrase from FILE (else the terminal, or $HUILIU_PASSPHRASE for scripts)"))
    parser.add_argument("--lang", choices=("en", "zh_CN"), help=_("language of messages (default: the system's)"))
    parser.add_argument("--demo", action="store_true",
                        help=_("open the app on a throwaway vault holding the demo household"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(parent: Any, name: str, help_text: str, fn: Callable[[argparse.Namespace], int] | None = None) -> Any:
        p = parent.add_parser(name, help=help_text, description=help_text)
        if fn:
            p.set_defaults(func=fn)
        return p

    vault = add(sub, "vault", _("create and inspect the vault"))
    vsub = vault.add_subparsers(dest="vault_command", metavar="COMMAND", required=True)
    add(vsub, "init", _("create a new vault (asks for the passphrase twice)"), cmd_vault_init)
    p = add(vsub, "info", _("schema version, key derivation, key fingerprint, signing key, counts"), cmd_vault_info)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(vsub, "passwd", _("change the passphrase (re-wraps the data key only)"), cmd_vault_passwd)
    p.add_argument("--new-passphrase-file", metavar="FILE",
                   help=_("read the new passphrase from FILE (else the terminal or $HUILIU_NEW_PASSPHRASE)"))

    members = add(sub, "members", _("household members"))
    msub = members.add_subparsers(dest="members_command", metavar="COMMAND", required=True)
    p = add(msub, "add", _("add a member"), cmd_members_add)
    p.add_argument("name", help=_("display name"))
    p.add_argument("--role", choices=MEMBER_ROLES, default="adult", help=_("role in the household"))
    p.add_argument("--real-name", help=_("legal name on their ID (used for same-name checks)"))
    p.add_argument("--id-number", help=_("resident ID number (18 characters)"))
    p = add(msub, "list", _("list members"), cmd_members_list)
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

    audit = add(sub, "audit", _("the tamper-evident audit log"))
    ausub = audit.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)
    p = add(ausub, "verify", _("recompute the Merkle tree and check every signed tree head"), cmd_audit_verify)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(sub, "sandbox", _("the sandbox platforms (a real local server for trying and testing Huiliu)"))
    sbsub = p.add_subparsers(dest="sandbox_command", metavar="COMMAND", required=True)
    p = add(sbsub, "serve", _("serve the seven sandbox platforms on 127.0.0.1"), cmd_sandbox_serve)
    p.add_argument("--port", type=int, default=8765, help=_("port (default 8765)"))
    p.add_argument("--seed", type=int, default=42, help=_("seed of the generated history"))
    p.add_argument("--faults", help=_("fault injection, e.g. 'wallet_a:latency=300ms;bank_b:timeout'"))

    add(sub, "demo", _("create a vault holding the demo household, synced from the sandbox"), cmd_demo)

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

    p = add(sub, "import", _("import a bill or statement file (Alipay, WeChat, JD, OFX, camt, QIF, bank CSV)"),
            cmd_import)
    p.add_argument("file", help=_("the exported file"))
    p.add_argument("--account", type=int, help=_("the account the file belongs to"))
    p.add_argument("--dry-run", action="store_true", help=_("show the preview, write nothing"))
    p.add_argument("--columns", metavar="MAPPING.json",
                   help=_("read a bank CSV with this column mapping (saved for the next files of that source)"))
    p.add_argument("--source", help=_("name of the saved column mapping to use or save"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    add(sub, "import-undo", _("take out the rows of the last import"), cmd_import_undo)

    p = add(sub, "export", _("export transactions as Beancount or CSV"), cmd_export)
    p.add_argument("format", choices=("beancount", "csv"), help=_("output format"))
    p.add_argument("-o", "--output", required=True, help=_("file to write"))
    p.add_argument("--account", type=int, help=_("only this account id"))
    p.add_argument("--since", help=_("from this date (YYYY-MM-DD)"))
    p.add_argument("--until", help=_("up to this date (YYYY-MM-DD)"))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Messages follow --lang before the parser (and its help) is built.
    if "--lang" in argv and argv.index("--lang") + 1 < len(argv):
        set_language(argv[argv.index("--lang") + 1])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.vault is None:
        args.vault = default_vault_dir()
    if not args.command:
        from ui.app import run_gui

        return run_gui(args.vault, demo=args.demo)
    try:
        return int(args.func(args))
    except HuiliuError as exc:
        print(f"huiliu: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(_("huiliu: interrupted; nothing half-written was kept."), file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"huiliu: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
