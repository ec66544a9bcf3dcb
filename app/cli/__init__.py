"""The ``huiliu`` command line: the window by default, subcommands for headless work.

One module per command group (vault and audit, household, platforms and sync, books and rates,
imports and export), all reaching the vault through ``app.services`` only. Every error a user can
cause ends in one translated line on stderr and a non-zero exit code. Passphrases come from the
terminal (no echo), ``--passphrase-file`` or ``HUILIU_PASSPHRASE`` (meant for scripts; it is
visible to other processes of the same user).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app.cli import approvals, books, categories, household, imports, platforms, policy, transfers, vault
from app.cli.common import (
    DATABASE_URL_ENV,
    MIN_PASSPHRASE,
    PASSPHRASE_ENV,
    VAULT_ENV,
    UsageError,
    default_vault_dir,
    safe,
)
from app.errors import HuiliuError
from app.i18n import _, set_language

__all__ = ["MIN_PASSPHRASE", "PASSPHRASE_ENV", "VAULT_ENV", "UsageError", "build_parser", "default_vault_dir",
           "main"]

GROUPS = (vault, household, platforms, books, imports, categories, approvals, transfers, policy)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="huiliu", description=_(
        "Huiliu (汇流): every account of your household in one encrypted vault. Without a command, opens the app."))
    parser.add_argument("--vault", type=Path, default=None,
                        help=_("vault directory (default: $HUILIU_VAULT or your user data directory)"))
    parser.add_argument("--database-url", metavar="URL", default=None,
                        help=_("a household's shared PostgreSQL database (postgresql://...) instead of a vault "
                               "directory (default: $HUILIU_DATABASE_URL)"))
    parser.add_argument("--passphrase-file", metavar="FILE",
                        help=_("read the passphrase from FILE (else the terminal, or $HUILIU_PASSPHRASE for scripts)"))
    parser.add_argument("--member", dest="acting_member", type=int, metavar="ID", default=None,
                        help=_("unlock as this household member, with their own passphrase or PIN "
                               "(default: the owner, with the vault's passphrase)"))
    parser.add_argument("--lang", choices=("en", "zh_CN"), help=_("language of messages (default: the system's)"))
    parser.add_argument("--demo", action="store_true",
                        help=_("open the app on a throwaway vault holding the demo household"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    # The same options are taken after the command too (``huiliu demo --vault DIR``); there they are
    # only set when given, so they never undo what was given before the command.
    anywhere = argparse.ArgumentParser(add_help=False)
    anywhere.add_argument("--vault", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    anywhere.add_argument("--passphrase-file", metavar="FILE", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    anywhere.add_argument("--database-url", metavar="URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    def add(parent: Any, name: str, help_text: str, fn: Callable[[argparse.Namespace], int] | None = None) -> Any:
        p = parent.add_parser(name, help=help_text, description=help_text, parents=[anywhere])
        if fn:
            p.set_defaults(func=fn)
        return p

    for group in GROUPS:
        group.register(sub, add)
    return parser


def run_gui(vault_dir: Path, demo: bool, database_url: str | None = None) -> int:
    """The window, found through the ``huiliu.frontends`` entry point (the core never imports it);
    ``database_url`` (``--database-url``, ``$HUILIU_DATABASE_URL``) opens a shared database instead."""
    from app import plugins

    gui: Callable[..., int] = plugins.load(plugins.FRONTENDS, "gui")
    if database_url:
        return gui(vault_dir, demo=demo, database_url=database_url)
    return gui(vault_dir, demo=demo)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(list(sys.argv[1:] if argv is None else argv))
    finally:
        # Whatever is alive now lives until the process ends: moving it out of the collector's reach
        # spares the interpreter's final collection passes (0.07-0.2 s a command, more after an import).
        gc.freeze()


# Commands that do one piece of work and exit (not ``sandbox serve``, which runs until stopped).
ONE_SHOT = frozenset({"import", "import-undo", "imports", "export", "transactions", "balances", "accounts", "members", "vault",
                      "audit", "rates", "demo", "platforms", "sync", "report",
                      "approvals", "transfer", "transfers", "payees", "policy", "stepup"})


def _run(argv: list[str]) -> int:
    # Messages follow --lang before the parser (and its help) is built.
    if "--lang" in argv and argv.index("--lang") + 1 < len(argv):
        set_language(argv[argv.index("--lang") + 1])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.vault is None:
        args.vault = default_vault_dir()
    if args.database_url is None:
        args.database_url = os.environ.get(DATABASE_URL_ENV) or None
    try:
        if not args.command:
            return run_gui(args.vault, demo=args.demo, database_url=args.database_url)
        if args.command not in ONE_SHOT or not gc.isenabled():
            return int(args.func(args))
        # One command, then the process ends: reference counting frees as it goes, and the cycle
        # collector's passes over every object (a tenth of a second after a 100k-row import) buy
        # nothing that the process's exit does not give back. Long-running commands keep it.
        gc.disable()
        try:
            return int(args.func(args))
        finally:
            gc.freeze()  # (what lives now is not walked again) and the collector is back for a caller
            gc.enable()
    except HuiliuError as exc:
        print(f"huiliu: {safe(exc)}", file=sys.stderr)  # a message may quote a file's or platform's text
        return exc.exit_code
    except KeyboardInterrupt:
        print(_("huiliu: interrupted; nothing half-written was kept."), file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"huiliu: {safe(exc.strerror or exc)}: {safe(exc.filename or '')}", file=sys.stderr)
        return 1
