"""What every command group shares: passphrases, opening the vault, terminal and JSON output.

Only light modules are imported at the top: a command pays for what it uses, nothing more.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.errors import HuiliuError, ValidationError
from app.i18n import _

if TYPE_CHECKING:
    from app.ledger.records import Total
    from app.services import AppServices

PASSPHRASE_ENV = "HUILIU_PASSPHRASE"
DATABASE_URL_ENV = "HUILIU_DATABASE_URL"
NEW_PASSPHRASE_ENV = "HUILIU_NEW_PASSPHRASE"
VAULT_ENV = "HUILIU_VAULT"
MIN_PASSPHRASE = 8

Command = Callable[[argparse.Namespace], int]
Adder = Callable[..., Any]  # add(parent, name, help, fn=None) -> the new parser


class UsageError(HuiliuError):
    exit_code = 2


def default_vault_dir() -> Path:
    """``HUILIU_VAULT``, else the platform's user data directory."""
    env = os.environ.get(VAULT_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("huiliu", appauthor=False)) / "vault"


# --- passphrases -------------------------------------------------------------------------------


def read_file(path: str) -> str:
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise UsageError(_("Cannot read passphrase file {path}: {error}").format(path=path, error=exc.strerror)) from None
    return text.rstrip("\r\n")


def passphrase(args: argparse.Namespace, prompt: str | None = None) -> str:
    if args.passphrase_file:
        return read_file(args.passphrase_file)
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not sys.stdin.isatty():
        raise UsageError(_("No passphrase: use a terminal, --passphrase-file or HUILIU_PASSPHRASE."))
    return getpass.getpass(prompt or _("Vault passphrase: "))


def new_passphrase(args: argparse.Namespace, file_attr: str, env: str) -> str:
    path = getattr(args, file_attr, None)
    if path:
        value = read_file(path)
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


def open_services(args: argparse.Namespace, warn: bool = True, read_only: bool = False) -> AppServices:
    """The unlocked vault; what the integrity check at unlock found is printed first (``warn``).

    ``read_only`` (a dry run) opens it without writing anything, audit events included."""
    services = _open_services(args, read_only)
    if warn:
        problems = services.integrity_problems()
        if problems:
            print(_("Warning: this vault was changed outside Huiliu:"), file=sys.stderr)
            for line in problems:
                print(f"  - {safe(line)}", file=sys.stderr)
            print(_("Run `huiliu audit verify` for every row; restore from a backup you trust."), file=sys.stderr)
    return services


def _open_services(args: argparse.Namespace, read_only: bool = False) -> AppServices:
    member = getattr(args, "acting_member", None)
    url = getattr(args, "database_url", None)  # a shared database (several computers) instead of the folder
    if member is not None:
        from app.services import AppServices

        secret = passphrase(args, _("Passphrase or PIN of member {id}: ").format(id=member))
        return AppServices.open(args.vault, secret, actor="cli", read_only=read_only, member_id=member,
                                database_url=url)
    if url:
        from app.services import AppServices

        return AppServices.open(None, passphrase(args), actor="cli", read_only=read_only, database_url=url)
    if args.passphrase_file or os.environ.get(PASSPHRASE_ENV):
        secret = passphrase(args)
        # The key derivation runs side by side with loading the core (scrypt releases the GIL).
        from app.kdf import derive_ahead

        derive_ahead(args.vault, secret)
        from app.services import AppServices

        return AppServices.open(args.vault, secret, actor="cli", read_only=read_only)
    from app.services import AppServices

    remembered = AppServices.open_remembered(args.vault, actor="cli", read_only=read_only)
    if remembered is not None:
        return remembered
    return AppServices.open(args.vault, passphrase(args), actor="cli", read_only=read_only)


# --- output -------------------------------------------------------------------------------------

# Control characters (C0, DEL, C1) and bidi overrides/isolates: in text from a bill or a platform
# they could retitle or clear the terminal, or show a line in another order than it is stored.
_UNSAFE = dict.fromkeys([*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def safe(text: object) -> str:
    """Foreign text (from imported files, platforms, the vault) made harmless for a terminal."""
    return str(text).translate(_UNSAFE)



def pad(text: str, width: int) -> str:
    """Left-align in a terminal, where Chinese characters take two columns."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


def money_text(amount: Decimal | None, currency: str) -> str:
    """An amount for the terminal, with as many decimals as its currency has (JPY none, KWD three)."""
    if amount is None:
        return "—"
    from app.money import Money, format_money

    return format_money(Money(amount, currency))


def signed_money_text(amount: Decimal, currency: str) -> str:
    """An amount with its sign always shown and its currency's decimals: +1,234.56, -800, +1.250."""
    from app.money import Money

    return f"{amount:+,.{Money(0, currency).minor_digits}f}"


def total_line(total: Total) -> str:
    """The household total for a terminal: the sum, the rate dates used, the currencies left out."""
    line = _("Total") + f" ({total.base}): {money_text(total.amount, total.base)}"
    if total.rate_dates:
        dates = ", ".join(f"{k} {v.isoformat()}" for k, v in total.rate_dates.items())
        line += "  " + _("(rates of {dates})").format(dates=dates)
    if total.missing_rates:
        line += "  " + _("(not counted, no rate: {currencies})").format(
            currencies=safe(", ".join(total.missing_rates)))
    return line


def total_json(total: Total) -> dict[str, Any]:
    """A household total as the JSON outputs show it (exact decimal text, dated rates)."""
    return {"base": total.base, "amount": str(total.amount),
            "rate_dates": {k: v.isoformat() for k, v in total.rate_dates.items()},
            "missing_rates": total.missing_rates}


def _json_default(value: Any) -> Any:
    if isinstance(value, date):  # datetimes too: ISO 8601 with a T, as every output writes them
        return value.isoformat()
    return str(value)


def emit_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def decimal_arg(field: str, text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValidationError(field, _("not a number: {text}").format(text=text)) from None
    if not value.is_finite():
        raise ValidationError(field, _("not a number: {text}").format(text=text))
    return value


def date_arg(field: str, text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(field, _("not a date (YYYY-MM-DD): {text}").format(text=text)) from None


def read_input(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(_("Cannot read {path}: {error}").format(path=path, error=exc.strerror)) from None
