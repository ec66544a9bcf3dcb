"""``huiliu vault …`` and ``huiliu audit verify``: the vault itself and its audit log."""

from __future__ import annotations

import argparse
import sys

from app.cli.common import (
    NEW_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    Adder,
    emit_json,
    new_passphrase,
    open_services,
    passphrase,
    safe,
)
from app.i18n import _


def cmd_vault_init(args: argparse.Namespace) -> int:
    from app.services import AppServices

    secret = new_passphrase(args, "passphrase_file", PASSPHRASE_ENV)
    services = AppServices.create(args.vault, secret, actor="cli", replace_incomplete=args.replace_incomplete,
                                  database_url=getattr(args, "database_url", None))
    try:
        print(_("Created a vault at {path}.").format(path=services.directory if services.vault.shared else args.vault))
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


def cmd_vault_rekey(args: argparse.Namespace) -> int:
    from app.services import AppServices

    current = passphrase(args, _("Current passphrase: "))
    services = AppServices.open(args.vault, current, actor="cli")
    try:
        wrapping = new_passphrase(args, "new_passphrase_file", NEW_PASSPHRASE_ENV) if args.new_passphrase else current
        rows = services.rekey(wrapping)
    finally:
        services.close()
    print(_("New data key: {rows} rows sealed again under it, integrity digests rebuilt, old backups deleted. "
            "Copies of the vault or its header made before now do not open it.").format(rows=rows))
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    """The audit log (public key only) and, unless ``--log-only``, every row against its seal and digests."""
    from app.services import verify_audit_readonly

    report = verify_audit_readonly(args.vault)
    rows_problems: list[str] | None = None
    rows_checked = 0
    if not args.log_only:
        services = open_services(args, warn=False)
        try:
            checked = services.check_integrity(full=True)
            rows_problems = services.integrity_problems(checked)
            rows_checked = sum(services.info().counts.values())
        finally:
            services.close()
    ok = report.ok and not rows_problems
    if args.json:
        out = report.to_json()
        out["ok"] = ok
        out["rows"] = None if rows_problems is None else {"ok": not rows_problems, "problems": rows_problems}
        emit_json(out)
        return 0 if ok else 4
    if report.ok:
        print(_("Audit log intact: {events} events, {heads} signed tree heads verified.").format(
            events=report.events, heads=report.heads))
    else:
        print(_("Audit log FAILED verification; first bad index: {index}").format(
            index=report.first_bad_index if report.first_bad_index is not None else "?"), file=sys.stderr)
        for problem in report.problems:
            print(f"  - {problem.message}", file=sys.stderr)
    if rows_problems == []:
        print(_("Every row intact: {rows} rows opened against their seals, every account's rows match its "
                "digest.").format(rows=rows_checked))
    elif rows_problems:
        print(_("Rows FAILED verification:"), file=sys.stderr)
        for line in rows_problems:
            print(f"  - {safe(line)}", file=sys.stderr)
    return 0 if ok else 4


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], add: Adder) -> None:
    vault = add(sub, "vault", _("create and inspect the vault"))
    vsub = vault.add_subparsers(dest="vault_command", metavar="COMMAND", required=True)
    p = add(vsub, "init", _("create a new vault (asks for the passphrase twice)"), cmd_vault_init)
    p.add_argument("--replace-incomplete", action="store_true",
                   help=_("start over where an older Huiliu was stopped while creating a vault"))
    p = add(vsub, "info", _("schema version, key derivation, key fingerprint, signing key, counts"), cmd_vault_info)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(vsub, "passwd", _("change the passphrase (the data key is wrapped again; the old passphrase opens "
                              "nothing afterwards, backups included)"), cmd_vault_passwd)
    p.add_argument("--new-passphrase-file", metavar="FILE",
                   help=_("read the new passphrase from FILE (else the terminal or $HUILIU_NEW_PASSPHRASE)"))

    p = add(vsub, "rekey", _("replace the data key and seal every row again (when a passphrase or a copy of the "
                             "vault may have leaked)"), cmd_vault_rekey)
    p.add_argument("--new-passphrase", action="store_true",
                   help=_("also choose a new passphrase (asked twice, or $HUILIU_NEW_PASSPHRASE)"))
    p.add_argument("--new-passphrase-file", metavar="FILE",
                   help=_("read the new passphrase from FILE (else the terminal or $HUILIU_NEW_PASSPHRASE)"))

    audit = add(sub, "audit", _("the tamper-evident audit log"))
    ausub = audit.add_subparsers(dest="audit_command", metavar="COMMAND", required=True)
    p = add(ausub, "verify", _("recompute the Merkle tree, check every signed tree head, and open every row "
                               "against its seal and its account's digest"), cmd_audit_verify)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p.add_argument("--log-only", action="store_true",
                   help=_("check the audit log only (needs no passphrase: the public key is in the header)"))
