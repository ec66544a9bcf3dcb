"""Family payee links: an account of one member offered to another as a payee they may send to.

A link has two sides: the account's holder, and the member it is offered to. It is confirmed only once
both sides have confirmed; a side is confirmed by that member when a guardian (the owner or an adult),
and by any guardian when that member is a minor (a minor's own word does not confirm it: a confirmed
link later lets transfers skip the "new payee" approval). Proposing confirms the proposer's own side(s).
Whoever may confirm a pending side may decline it; either member, or any guardian, may remove a link.
Viewers neither hold nor receive links.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.errors import NotFound, NotPermitted, ValidationError
from app.household import roles
from app.i18n import _
from app.vault.schema import Account, FamilyLink, Member
from app.vault.store import Vault

PROPOSED, CONFIRMED, DECLINED, REMOVED = "proposed", "confirmed", "declined", "removed"
LIVE = (PROPOSED, CONFIRMED)
MAX_NOTE = 60


def get(s: Session, link_id: int) -> FamilyLink:
    row = s.get(FamilyLink, link_id)
    if row is None:
        raise NotFound("family_link", link_id)
    return row


def may_confirm_side(actor: Member, side: Member) -> bool:
    """Whether ``actor`` speaks for ``side``: themselves when a guardian, any guardian for a minor."""
    if not roles.is_guardian(actor):
        return False
    return actor.id == side.id or roles.is_minor(side)


def _sides(s: Session, row: FamilyLink) -> tuple[Member, Member]:
    return roles.member(s, row.holder_id), roles.member(s, row.member_id)


def _confirm_sides(row: FamilyLink, actor: Member, holder: Member, payee: Member, now: datetime) -> bool:
    """Confirm every unconfirmed side ``actor`` speaks for; True when one was."""
    done = False
    if row.holder_confirmed_at is None and may_confirm_side(actor, holder):
        row.holder_confirmed_by, row.holder_confirmed_at, done = actor.id, now, True
    if row.member_confirmed_at is None and may_confirm_side(actor, payee):
        row.member_confirmed_by, row.member_confirmed_at, done = actor.id, now, True
    if row.holder_confirmed_at is not None and row.member_confirmed_at is not None:
        row.status, row.decided_at = CONFIRMED, now
    return done


def propose(s: Session, vault: Vault, *, account_id: int, member_id: int, proposed_by: int, now: datetime,
            note: str = "") -> FamilyLink:
    """Offer ``account_id`` to ``member_id`` as a family payee; the proposer's side(s) confirmed at once."""
    actor = roles.member(s, proposed_by)
    if roles.is_viewer(actor):
        raise NotPermitted(_("a viewer sees the household's books but changes nothing"))
    account = s.get(Account, account_id)
    if account is None:
        raise ValidationError("account", _("no account with id {ident}").format(ident=account_id))
    holder, payee = roles.member(s, account.member_id), s.get(Member, member_id)
    if payee is None:
        raise ValidationError("member", _("no member with id {ident}").format(ident=member_id))
    if payee.id == holder.id:
        raise ValidationError("member", _("an account is not a family payee of its own holder"))
    if roles.is_viewer(holder) or roles.is_viewer(payee):
        raise ValidationError("member", _("a viewer neither offers nor receives family payees"))
    if account.closed:
        raise ValidationError("account", _("is closed"))
    if proposed_by not in (holder.id, payee.id) and not (
            roles.is_guardian(actor) and (roles.is_minor(holder) or roles.is_minor(payee))):
        raise NotPermitted(_("only the account's holder, the member it is offered to, or a guardian of a minor "
                             "among them proposes a family payee"))
    live = s.scalars(select(FamilyLink).where(FamilyLink.account_id == account_id,
                                              FamilyLink.member_id == member_id,
                                              FamilyLink.status.in_(LIVE))).first()
    if live is not None:
        raise ValidationError("account", _("is already offered to this member (link {ident})").format(ident=live.id))
    row = FamilyLink(id=vault.next_id("family_links"), created_at=now, account_id=account_id, holder_id=holder.id,
                     member_id=payee.id, proposed_by=proposed_by, status=PROPOSED, version=1)
    note = " ".join(note.split())
    if len(note) > MAX_NOTE:
        raise ValidationError("note", _("is longer than {n} characters").format(n=MAX_NOTE))
    row.note = note or None
    _confirm_sides(row, actor, holder, payee, now)
    s.add(row)
    return row


def confirm(s: Session, link_id: int, member_id: int, version: int, now: datetime) -> FamilyLink:
    """Confirm the side(s) of a proposed link the acting member speaks for."""
    row = get(s, link_id)
    actor = roles.member(s, member_id)
    if row.status != PROPOSED:
        raise NotPermitted(_("this family payee is no longer awaiting confirmation"))
    holder, payee = _sides(s, row)
    roles.check_version("family_link", row.id, row.version, version)
    if not _confirm_sides(row, actor, holder, payee, now):
        if roles.is_minor(actor) and actor.id in (holder.id, payee.id):
            raise NotPermitted(_("a guardian confirms a family payee for a teenager or a child"))
        raise NotPermitted(_("nothing here awaits your confirmation"))
    row.version += 1
    return row


def decline(s: Session, link_id: int, member_id: int, version: int, now: datetime) -> FamilyLink:
    """Refuse a proposed link (by anyone who could have confirmed a still-open side)."""
    row = get(s, link_id)
    actor = roles.member(s, member_id)
    if row.status != PROPOSED:
        raise NotPermitted(_("this family payee is no longer awaiting confirmation"))
    holder, payee = _sides(s, row)
    open_sides = [m for m, at in ((holder, row.holder_confirmed_at), (payee, row.member_confirmed_at)) if at is None]
    if not any(may_confirm_side(actor, m) for m in open_sides):
        raise NotPermitted(_("nothing here awaits your confirmation"))
    roles.check_version("family_link", row.id, row.version, version)
    row.status, row.ended_by, row.decided_at, row.version = DECLINED, member_id, now, row.version + 1
    return row


def remove(s: Session, link_id: int, member_id: int, version: int, now: datetime) -> FamilyLink:
    """End a proposed or confirmed link: either member, or any guardian."""
    row = get(s, link_id)
    actor = roles.member(s, member_id)
    if member_id not in (row.holder_id, row.member_id) and not roles.is_guardian(actor):
        raise NotPermitted(_("only the two members of a family payee, or a guardian, remove it"))
    if row.status not in LIVE:
        raise NotPermitted(_("this family payee has already ended"))
    roles.check_version("family_link", row.id, row.version, version)
    row.status, row.ended_by, row.decided_at, row.version = REMOVED, member_id, now, row.version + 1
    return row


def visible_to(s: Session, member_id: int) -> list[FamilyLink]:
    """Links a member is part of; a guardian sees every link of the household."""
    actor = roles.member(s, member_id)
    query = select(FamilyLink).order_by(FamilyLink.id)
    if not roles.is_guardian(actor):
        query = query.where(or_(FamilyLink.holder_id == member_id, FamilyLink.member_id == member_id))
    return list(s.scalars(query))


def family_payees(s: Session, member_id: int) -> list[FamilyLink]:
    """The confirmed links offering accounts to ``member_id``: the family payees they may send to."""
    return list(s.scalars(select(FamilyLink).where(FamilyLink.member_id == member_id,
                                                   FamilyLink.status == CONFIRMED).order_by(FamilyLink.id)))


Step = Callable[[Session, int, int, int, datetime], FamilyLink]
