"""Every error a person can meet in Huiliu's core.

Each carries a message in the user's language (``str(err)``) that says what happened and what to
do; the command line prints it on one line and exits non-zero, the GUI shows it in a dialog.

    HuiliuError
    ├── VaultError
    │   ├── VaultNotFound        no vault in that directory
    │   ├── VaultExists          ``vault init`` where a vault already is
    │   ├── VaultIncomplete      a vault whose creation was cut off (by an older Huiliu); says how out
    │   ├── FolderNotEmpty       a new vault's folder holds other files
    │   ├── ReadOnlyVault        a write asked of a vault opened read-only (a dry run)
    │   ├── WrongPassphrase      the passphrase does not unwrap the data key; nothing was changed
    │   ├── VaultAlreadyOpen     another process holds the vault's lock file
    │   ├── VaultLocked          an operation needed the data key after the vault was locked
    │   ├── VaultCorrupt         the header or database cannot be read
    │   └── SchemaTooNew         the vault was written by a newer Huiliu
    ├── TamperedRecord           a sealed value fails to open (altered or moved); names the record
    ├── ValidationError          bad input; names the field
    ├── NotFound                 no member/account with that id
    ├── NotPermitted             the acting member's role or grants do not allow it
    ├── NotShared                a record sealed under a key the acting member does not hold
    ├── EditConflict             a change named a version someone else already changed; nothing was changed
    ├── MoneyError
    │   ├── UnknownCurrency      not an ISO 4217 code Babel knows
    │   └── CurrencyMismatch     arithmetic across two currencies
    ├── KeyringUnavailable       no usable OS keyring (the passphrase alone still works), or it failed
    │                            to forget a remembered key
    └── AuditError               the audit log failed verification
"""

from __future__ import annotations

from app.i18n import _


class HuiliuError(Exception):
    """Base of every error a user can cause or meet; ``str()`` is the translated message."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class VaultError(HuiliuError):
    """Something about the vault as a whole."""


class VaultNotFound(VaultError):
    def __init__(self, path: object) -> None:
        super().__init__(_("No vault at {path}. Create one with 'huiliu vault init'.").format(path=path))
        self.path = path


class VaultExists(VaultError):
    def __init__(self, path: object) -> None:
        super().__init__(_("A vault already exists at {path}; nothing was changed.").format(path=path))
        self.path = path


class VaultIncomplete(VaultError):
    """Vault files without a whole vault: a creation cut off before vaults were built beside their place."""

    exit_code = 5

    def __init__(self, path: object) -> None:
        super().__init__(_(
            "{path} holds a vault whose creation did not finish (the computer or Huiliu stopped while it was being "
            "made); it cannot be opened and holds nothing of yours yet. Start over with 'huiliu vault init "
            "--replace-incomplete' (or 'huiliu demo --replace-incomplete'), or delete that folder.").format(path=path))
        self.path = path


class ReadOnlyVault(VaultError):
    """A write asked of a vault opened only to read (a dry run, which must leave every file as it was)."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(reason or _("the vault was opened read-only (a dry run): nothing may be written"))


class FolderNotEmpty(VaultError):
    def __init__(self, path: object) -> None:
        super().__init__(_("{path} is not empty: a new vault needs an empty or new folder of its own; nothing was "
                           "changed.").format(path=path))
        self.path = path


class WrongPassphrase(VaultError):
    exit_code = 2

    def __init__(self) -> None:
        super().__init__(_("Wrong passphrase: the vault was not opened and nothing was changed."))


class VaultAlreadyOpen(VaultError):
    exit_code = 3

    def __init__(self, path: object) -> None:
        super().__init__(
            _("The vault at {path} is already open in another Huiliu window or command; close it first.").format(
                path=path
            )
        )
        self.path = path


class VaultLocked(VaultError):
    def __init__(self) -> None:
        super().__init__(_("The vault is locked; unlock it with your passphrase."))


class VaultCorrupt(VaultError):
    def __init__(self, detail: str) -> None:
        super().__init__(_("The vault cannot be read: {detail}").format(detail=detail))
        self.detail = detail


class SchemaTooNew(VaultError):
    def __init__(self, found: str, known: str) -> None:
        super().__init__(
            _("This vault uses schema {found}, newer than this Huiliu knows ({known}); please update Huiliu.").format(
                found=found, known=known
            )
        )


class TamperedRecord(HuiliuError):
    """A sealed value did not open: it was altered, or moved from another record."""

    def __init__(self, table: str, row_id: object, column: str = "sealed") -> None:
        super().__init__(
            _("Record {table} #{row} failed its integrity check ({column}): it was altered or moved.").format(
                table=table, row=row_id, column=column
            )
        )
        self.table, self.row_id, self.column = table, row_id, column


class ValidationError(HuiliuError):
    """Bad input, naming the field it is about."""

    def __init__(self, field: str, message: str) -> None:
        from app.ledger.vocabulary import field_label

        # The field by its name in words: an identifier ("bound_account_id") is not for a person's eyes.
        super().__init__(_("{field}: {problem}").format(field=field_label(field), problem=message))
        self.field = field
        self.detail = message


class NotFound(HuiliuError):
    def __init__(self, kind: str, ident: object) -> None:
        from app.ledger.vocabulary import label

        super().__init__(_("No {kind} with id {ident}.").format(kind=label(kind), ident=ident))
        self.kind, self.ident = kind, ident


class NotPermitted(HuiliuError):
    """The acting member may not do this (their role, or a grant they do not hold); nothing was changed."""

    exit_code = 6

    def __init__(self, reason: str) -> None:
        super().__init__(_("Not allowed: {reason}").format(reason=reason))
        self.reason = reason


class NotShared(HuiliuError):
    """A record sealed under a key the acting member was never given: not damaged, not theirs to read."""

    exit_code = 6

    def __init__(self, table: str, row_id: int) -> None:
        super().__init__(_("This record was not shared with you ({table} {row_id}).").format(table=table, row_id=row_id))
        self.table, self.row_id = table, row_id


class EditConflict(HuiliuError):
    """A change made on a stale view: someone else changed the record first (optimistic concurrency)."""

    exit_code = 7

    def __init__(self, kind: str, ident: object) -> None:
        from app.ledger.vocabulary import label

        super().__init__(
            _("Someone else changed this {kind} (#{ident}) first; nothing was changed. Look at it again and "
              "retry.").format(kind=label(kind), ident=ident)
        )
        self.kind, self.ident = kind, ident


class MoneyError(HuiliuError):
    """Money arithmetic or parsing went wrong."""


class UnknownCurrency(MoneyError):
    def __init__(self, code: str) -> None:
        super().__init__(_("Unknown currency code: {code}").format(code=code))
        self.code = code


class CurrencyMismatch(MoneyError):
    def __init__(self, left: str, right: str) -> None:
        super().__init__(_("Cannot combine amounts in {left} and {right} without a rate.").format(left=left, right=right))
        self.left, self.right = left, right


class KeyringUnavailable(HuiliuError):
    """The OS keyring is missing or refused: remembering, or forgetting, the vault's key did not happen."""

    def __init__(self, detail: str = "", message: str = "") -> None:
        msg = message or _("No usable keyring on this computer, so the vault cannot be remembered; use your passphrase.")
        super().__init__(msg + (f" ({detail})" if detail else ""))


class AuditError(HuiliuError):
    """The audit log failed verification."""


class TooManyAttempts(VaultError):
    """Wrong passphrases or PINs in a row: the next try waits (app.vault.attempts)."""

    exit_code = 2

    def __init__(self, seconds: int) -> None:
        super().__init__(
            _("Too many wrong tries: try again in {seconds} s. Nothing was opened.").format(seconds=seconds)
        )
        self.seconds = seconds


class LockedOut(VaultError):
    """A PIN locked after too many wrong tries; only a guardian or the owner unlocks it."""

    exit_code = 2

    def __init__(self, failures: int) -> None:
        super().__init__(
            _("This PIN is locked after {failures} wrong tries: ask a guardian to unlock it.").format(
                failures=failures
            )
        )
        self.failures = failures
