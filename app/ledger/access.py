"""Who may do what in the household: roles, guardians, and who may share an account.

Pure rules over plain data (roles and ids); ``AppServices`` applies them before every household
write and raises ``NotPermitted`` with the reason in the user's language. The keys enforce what
these rules grant: a member given nothing cannot decrypt it, whatever the interface does.
"""

from __future__ import annotations

from app.i18n import _
from app.ledger.vocabulary import GUARDIAN_ROLES, MEMBER_ROLES, MINOR_ROLES

ROLES = MEMBER_ROLES

PIN_MIN, PIN_MAX = 6, 12
PASSPHRASE_MIN = 8


def is_guardian(role: str) -> bool:
    return role in GUARDIAN_ROLES


def is_minor(role: str) -> bool:
    return role in MINOR_ROLES


def may_set_secret(actor_id: int, actor_role: str, target_id: int, target_role: str, has_keys: bool) -> str | None:
    """Why the actor may not give ``target`` a passphrase or PIN, or None when they may.

    The owner sets anyone's (an invite, or a reset after a forgotten passphrase); a guardian sets a
    minor's; everyone changes their own with the old one (``change_own_secret``)."""
    if actor_role == "owner":
        return None
    if is_guardian(actor_role) and is_minor(target_role):
        return None
    if actor_id == target_id and not has_keys:
        return None
    return _("only the owner sets another adult's passphrase; a guardian sets a minor's")


def secret_problem(kind: str, secret: str, role: str) -> str | None:
    """What is wrong with a new passphrase or PIN for a member of ``role``, or None."""
    if kind == "pin":
        if not is_minor(role):
            return _("a PIN is for teenagers and children; adults and viewers use a passphrase")
        if not secret.isascii() or not secret.isdigit() or not PIN_MIN <= len(secret) <= PIN_MAX:
            return _("a PIN is {low} to {high} digits").format(low=PIN_MIN, high=PIN_MAX)
        return None
    if kind != "passphrase":
        return _("must be a passphrase or a PIN")
    if len(secret) < PASSPHRASE_MIN:
        return _("a passphrase has at least {n} characters").format(n=PASSPHRASE_MIN)
    return None


def may_share(actor_id: int, actor_role: str, holder_id: int, holder_role: str, holder_has_keys: bool) -> str | None:
    """Why the actor may not change who sees an account held by ``holder_id``, or None when they may.

    The holder decides about their own accounts; a guardian decides for a minor's accounts and for
    a member who has no passphrase of their own yet. A viewer only views."""
    if actor_role == "viewer":
        return _("a viewer cannot share accounts")
    if actor_id == holder_id:
        return None
    if is_guardian(actor_role) and (is_minor(holder_role) or not holder_has_keys):
        return None
    return _("only the account's holder shares it (or a guardian, for a minor's account)")


def may_change_role(actor_role: str, target_role: str, new_role: str) -> str | None:
    if actor_role != "owner":
        return _("only the owner changes roles")
    if target_role == "owner" or new_role == "owner":
        return _("the household has one owner: the member who created the vault")
    return None


def may_write(actor_role: str) -> str | None:
    """A viewer reads what is shared with them and changes nothing."""
    if actor_role == "viewer":
        return _("a viewer sees what is shared with them and changes nothing")
    return None
