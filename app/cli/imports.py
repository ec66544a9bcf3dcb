"""``huiliu import``, ``import-undo`` and ``export``: statement files in, books out."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from app import clock
from app.cli.common import Adder, UsageError, date_arg, emit_json, open_services, safe
from app.errors import HuiliuError
from app.files import write_private
from app.i18n import _

if TYPE_CHECKING:
    from app.services import AppServices, FormatNotRecognised, ImportPreview


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise UsageError(_("Cannot read {path}: {error}").format(path=args.file, error=_("no such file")))
    columns = None
    if args.columns:
        try:
            columns = Path(args.columns).read_text("utf-8")
        except OSError as exc:
            raise UsageError(_("Cannot read {path}: {error}").format(path=args.columns, error=exc.strerror)) from None
    instruments = _instrument_map(args.map or [])
    # (the key is derived while the core loads: import nothing before); a dry run writes nothing at all
    services = open_services(args, read_only=args.dry_run)
    try:
        from app.services import FormatNotRecognised, read_statement_file

        data = read_statement_file(args.file)  # refused unread when larger than a statement may be
        try:
            read = services.read_statement(data, str(path), columns_json=columns, source=args.source)
        except FormatNotRecognised as exc:
            _offer_mapping(services, data, path, exc, write=not args.dry_run)
            raise
        preview = services.preview_import(read, data, account_id=args.account, instruments=instruments)
        if args.leave_out_unmapped:
            preview.leave_out_unmapped()
        result = None
        if not args.dry_run:
            if preview.waiting:
                _explain_waiting(preview)
            for instrument, account in instruments.items():  # kept for the next bills, with the import
                services.map_instrument(instrument, account)
            result = services.commit_import(preview)
    finally:
        services.close()
    summary = preview.to_json()
    if result is not None:
        summary["imported"] = {"batch": result.batch_id or None, "added": result.added, "skipped": result.skipped,
                               "paired_transfers": result.paired_transfers}
    if args.json:
        emit_json(summary)
        return 0
    span = summary["date_range"] or ["—", "—"]
    print(_("{file}: {format}, {rows} rows from {start} to {end}").format(
        file=safe(path.name), format=safe(preview.format), rows=summary["rows"], start=safe(span[0]),
        end=safe(span[1])))
    for direction, values in summary["by_direction"].items():
        # The totals as the file states them (its own decimals: JPY none, KWD three), grouped.
        print(f"  {safe(direction):<8} {values['count']:>6}  {Decimal(values['total']):>16,}")
    print(_("  new {new} · duplicates {dup} · closed (no money moved) {closed} · unreadable {bad}").format(
        new=summary["new"], dup=summary["duplicates"], closed=summary["closed"], bad=len(summary["errors"])))
    if summary["unmapped"] or summary["refused"]:
        print(_("  without an account {unmapped} (left out {left}) · refused (other currency) {refused}").format(
            unmapped=summary["unmapped"], left=summary["left_out"], refused=summary["refused"]))
    if summary["period"]:
        print("  " + _("the file states the period {start} to {end}").format(
            start=summary["period"][0], end=summary["period"][1]))
    for note in summary["notes"]:  # a skipped sheet, a currency the file does not state, a repaired header ...
        print("  " + _("note: {text}").format(text=safe(note)))
    for err in summary["errors"]:
        print(_("  line {line} ({field}): {problem}").format(**{k: safe(v) for k, v in err.items()}))
    for refused in summary["refused_rows"][:20]:
        print(_("  line {line}: {reason}").format(line=refused["line"], reason=safe(refused["reason"])))
    for check in preview.balance_checks:
        mark = "✓" if check.difference == 0 else "≠"
        print(_("  {mark} {label} {statement} {currency} on {day}, Huiliu {computed}, difference {diff}").format(
            mark=mark, label=safe(check.label), statement=safe(check.statement), currency=safe(check.currency),
            day=safe(check.as_of), computed=safe(check.computed), diff=safe(check.difference)))
    for update in preview.balance_updates:
        print(_("  the account #{account} will show the statement's {label} {amount} {currency} of {when}").format(
            account=update.account_id, label=safe(update.label),
            amount=safe(update.amount), currency=safe(update.currency),
            when=safe(clock.to_local(update.as_of).strftime("%Y-%m-%d %H:%M"))))
    if preview.unmapped_instruments:
        print(_("  paid with instruments not mapped to an account yet: {names}").format(
            names=safe(", ".join(preview.unmapped_instruments))))
        print("  " + _("map each with --map 'INSTRUMENT=ACCOUNT_ID', or leave those rows out with "
                       "--leave-out-unmapped"))
    if result is None:
        print(_("Dry run: nothing was written."))
    elif not result.batch_id and summary["duplicates"]:
        print(_("Already imported: every row of this file is in Huiliu; nothing was added and no import was "
                "recorded."))
    elif not result.batch_id and summary["left_out"]:
        print(_("Nothing imported: the rows that would be new were left out; no import was recorded."))
    elif not result.batch_id:
        print(_("Nothing to import: no row of this file moved money; no import was recorded."))
    else:
        print(_("Imported {added} rows (batch {batch}); 'huiliu import-undo' takes them out again.").format(
            added=result.added, batch=result.batch_id))
    return 0


def _offer_mapping(services: AppServices, data: bytes, path: Path, error: FormatNotRecognised, write: bool) -> None:
    """No importer reads the file: guess its columns and hand the guess over as a JSON file to edit and
    pass back with --columns (printed instead when nothing may be written, or when it cannot be)."""
    try:
        guessed = services.guess_columns(data, str(path))
    except HuiliuError as exc:  # not a table at all: the original error stands, with why no guess
        raise UsageError(_("{error}\nNo column mapping could be guessed either: {reason}").format(
            error=error, reason=exc)) from None
    text = json.dumps(json.loads(guessed), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    target = Path.cwd() / f"{path.stem}.columns.json"
    if write and not target.exists():
        try:
            write_private(target, text.encode("utf-8"))
        except OSError:
            write = False
    else:
        write = False
    if write:
        raise UsageError(_(
            "{error}\nIt looks like a table: the columns Huiliu guessed are in {mapping}. Check and edit it, then "
            "import with: huiliu import {file} --columns {mapping}").format(
            error=error, mapping=safe(str(target)), file=safe(str(path)))) from None
    raise UsageError(_(
        "{error}\nIt looks like a table: the columns Huiliu guessed are below. Save them as a file, check and edit "
        "it, then import with: huiliu import {file} --columns FILE\n{mapping}").format(
        error=error, file=safe(str(path)), mapping=text.rstrip())) from None


def _instrument_map(pairs: list[str]) -> dict[str, int]:
    """--map 'INSTRUMENT=ACCOUNT_ID' options as a mapping (the instrument may hold '=': split at the last)."""
    out: dict[str, int] = {}
    for pair in pairs:
        instrument, sep, account = pair.rpartition("=")
        if not sep or not instrument.strip() or not account.strip().isdigit():
            raise UsageError(_("--map wants INSTRUMENT=ACCOUNT_ID, e.g. '招商银行(1234)=2', not {value}").format(
                value=safe(pair)))
        out[instrument.strip()] = int(account)
    return out


def _explain_waiting(preview: ImportPreview) -> None:
    names = ", ".join(preview.unmapped_instruments) or "—"
    raise UsageError(_(
        "{n} rows have no account, so nothing was imported. Paid with: {names}. Map each with "
        "--map 'INSTRUMENT=ACCOUNT_ID', give the file's account with --account, or leave them out with "
        "--leave-out-unmapped.").format(n=preview.waiting, names=safe(names)))


def cmd_import_undo(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        result = services.undo_last_import() if args.batch is None else services.undo_import(args.batch)
    finally:
        services.close()
    when = clock.to_local(result.imported_at).strftime("%Y-%m-%d %H:%M") if result.imported_at else "?"
    print(_("Undid import {batch} of {file} (imported {when}): {n} rows removed.").format(
        batch=result.batch_id, file=safe(Path(result.file).name or "?"), when=when, n=-result.added))
    return 0


def _local_time(stamp: str) -> str:
    from datetime import datetime

    return clock.to_local(datetime.fromisoformat(stamp)).strftime("%Y-%m-%d %H:%M")


def cmd_imports(args: argparse.Namespace) -> int:
    services = open_services(args, read_only=True)
    try:
        batches = services.import_batches()
    finally:
        services.close()
    if args.json:
        emit_json(batches)
        return 0
    if not batches:
        print(_("Nothing was imported yet."))
    for b in batches:
        state = _("undone") if b["status"] == "undone" else _("can be undone")
        print(_("{id:>4}  {when}  {file}  {format}: {added} added, {skipped} skipped ({state})").format(
            id=b["id"], when=_local_time(b["created_at"]), file=safe(Path(b["file"] or "?").name),
            format=safe(b["format"]), added=b["added"], skipped=b["skipped"], state=state))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    services = open_services(args)
    try:
        text, count = services.export(args.format, args.account, date_arg("since", args.since),
                                      date_arg("until", args.until))
    finally:
        services.close()
    # Only the owner may read it (0600, whatever the umask); the line ends as the format wrote them.
    write_private(Path(args.output), text.encode("utf-8"))
    print(_("Wrote {n} transactions to {path}.").format(n=count, path=safe(args.output)))
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser], add: Adder) -> None:
    p = add(sub, "import", _("import a bill or statement file (Alipay, WeChat, JD, OFX, camt, QIF, bank CSV)"),
            cmd_import)
    p.add_argument("file", help=_("the exported file"))
    p.add_argument("--account", type=int, help=_("the account the file belongs to"))
    p.add_argument("--dry-run", action="store_true", help=_("show the preview, write nothing"))
    p.add_argument("--columns", metavar="MAPPING.json",
                   help=_("read a bank CSV with this column mapping (saved for the next files of that source)"))
    p.add_argument("--source", help=_("name of the saved column mapping to use or save"))
    p.add_argument("--map", action="append", metavar="INSTRUMENT=ACCOUNT_ID",
                   help=_("book the rows paid with this card or wallet on that account (kept for the next bills)"))
    p.add_argument("--leave-out-unmapped", action="store_true",
                   help=_("leave out the rows whose paying card or wallet has no account"))
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))
    p = add(sub, "import-undo", _("take out the rows of the last import (or of the one given)"), cmd_import_undo)
    p.add_argument("--batch", type=int, help=_("the import to undo, by its number in 'huiliu imports'"))
    p = add(sub, "imports", _("list the imports: file, when, rows added, and whether undone"), cmd_imports)
    p.add_argument("--json", action="store_true", help=_("machine-readable output"))

    p = add(sub, "export", _("export transactions as Beancount or CSV"), cmd_export)
    p.add_argument("format", choices=("beancount", "csv"), help=_("output format"))
    p.add_argument("-o", "--output", required=True, help=_("file to write"))
    p.add_argument("--account", type=int, help=_("only this account id"))
    p.add_argument("--since", help=_("from this date (YYYY-MM-DD)"))
    p.add_argument("--until", help=_("up to this date (YYYY-MM-DD)"))
