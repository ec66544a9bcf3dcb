"""The append-only audit log: events as Merkle leaves, tree heads signed with the vault's SM2 key.

Each event is canonical JSON (RFC 8785) without personal plaintext: ids, kinds, the names of
fields that changed, never their values. Its leaf hash and the tree root after it are stored with
it, so verification can name the first bad index; signed tree heads (at every lock and close) make
rewriting the whole log detectable too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.canonical import canonical_json
from app.audit.merkle import CompactRange, leaf_hash
from app.i18n import _
from app.vault import crypto, sql
from app.vault.schema import AuditEvent, TreeHead
from app.vault.types import utcnow

EVENT_VERSION = 1


def head_body(vault_id: str, tree_size: int, root: bytes, signed_at: datetime, reason: str) -> bytes:
    """The exact bytes a tree head signature covers."""
    return canonical_json(
        {
            "v": EVENT_VERSION,
            "vault_id": vault_id,
            "tree_size": tree_size,
            "root_hash": root.hex(),
            "signed_at": signed_at.isoformat(),
            "reason": reason,
        }
    )


class AuditLog:
    """Appends events and signs tree heads inside the caller's session (same transaction)."""

    def __init__(self, vault_id: str) -> None:
        self.vault_id = vault_id
        self._range: CompactRange | None = None

    def _tree(self, session: Session) -> CompactRange:
        if session.info.get("audit_synced") is not self and sql.is_postgres(session.connection()):
            # A shared database: other computers append too. Under the write lock (held to the commit),
            # bring the cached tree up to what they committed, once per write.
            sql.advisory_lock(session.connection(), sql.WRITE_LOCK)
            self._catch_up(session)
            session.info["audit_synced"] = self
        if self._range is None:
            tree = CompactRange()
            for (h,) in session.execute(select(AuditEvent.leaf_hash).order_by(AuditEvent.idx)):
                tree.append(h)
            self._range = tree
        return self._range

    def _catch_up(self, session: Session) -> None:
        size = int(session.execute(select(func.coalesce(func.max(AuditEvent.idx) + 1, 0))).scalar() or 0)
        tree = self._range
        if tree is None or tree.size > size:
            tree = CompactRange()  # first use, or leaves of a write that rolled back: read them all
        if tree.size < size:
            for (h,) in session.execute(select(AuditEvent.leaf_hash).where(AuditEvent.idx >= tree.size)
                                        .order_by(AuditEvent.idx)):
                tree.append(h)
        self._range = tree

    def reset(self) -> None:
        """Forget the cached tree (after a rollback the next append re-reads it)."""
        self._range = None

    def append(self, session: Session, event_kind: str, actor: str, subject: dict[str, Any] | None = None,
               acting_member: int | None = None, **details: Any) -> AuditEvent:
        """Add one event; ``details`` are its flat keywords (ids, kinds, field names, never values)."""
        if "details" in details:
            # A ``details=`` dict would land as details.details: readers expect the keywords at one level.
            raise TypeError("AuditLog.append takes details as keywords, not as a details= mapping")
        tree = self._tree(session)
        at = utcnow()
        body: dict[str, Any] = {"v": EVENT_VERSION, "idx": tree.size, "at": at.isoformat(), "kind": event_kind,
                                "actor": actor}
        if acting_member is not None:
            body["member"] = acting_member  # who was unlocked: the household member acting
        if subject:
            body["subject"] = subject
        if details:
            body["details"] = details
        data = canonical_json(body)
        lh = leaf_hash(data)
        tree.append(lh)
        event = AuditEvent(idx=tree.size - 1, at=at, kind=event_kind, body=data.decode("utf-8"), leaf_hash=lh,
                           root_after=tree.root())
        session.add(event)
        return event

    def sign_head(self, session: Session, private_hex: str, public_hex: str, reason: str, head_id: int) -> TreeHead:
        tree = self._tree(session)
        session.flush()
        signed_at = utcnow()
        root = tree.root()
        body = head_body(self.vault_id, tree.size, root, signed_at, reason)
        signature = crypto.sm2_sign(private_hex, public_hex, body)
        head = TreeHead(id=head_id, tree_size=tree.size, root_hash=root, signed_at=signed_at, reason=reason,
                        body=body.decode("utf-8"), signature=signature)
        session.add(head)
        return head


@dataclass
class Problem:
    """One finding of verification; ``index`` is the first bad event index when known."""

    index: int | None
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "message": self.message}


@dataclass
class VerifyReport:
    """What ``audit verify`` found."""

    events: int = 0
    heads: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_bad_index(self) -> int | None:
        indexes = [p.index for p in self.problems if p.index is not None]
        return min(indexes) if indexes else None

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "signed_heads": self.heads,
            "first_bad_index": self.first_bad_index,
            "problems": [p.to_json() for p in self.problems],
        }


def verify(session: Session, vault_id: str, public_hex: str) -> VerifyReport:
    """Recompute the whole tree and check every signed head; needs only the public key."""
    report = VerifyReport()
    tree = CompactRange()
    roots: dict[int, bytes] = {0: tree.root()}
    expected = 0
    for ev in session.execute(select(AuditEvent).order_by(AuditEvent.idx)).scalars():
        report.events += 1
        if ev.idx != expected:
            kind = _("missing events") if ev.idx > expected else _("duplicated or reordered index")
            report.problems.append(Problem(expected, _("event {index}: {kind}").format(index=expected, kind=kind)))
            break
        data = ev.body.encode("utf-8")
        lh = leaf_hash(data)
        problem = None
        try:
            body = json.loads(data)
            if body.get("idx") != ev.idx:
                problem = _("event {index} claims index {claimed} (moved)").format(index=ev.idx, claimed=body.get("idx"))
        except ValueError:
            problem = _("event {index} is not valid JSON").format(index=ev.idx)
        if problem is None and lh != ev.leaf_hash:
            problem = _("event {index} was altered (leaf hash mismatch)").format(index=ev.idx)
        tree.append(lh)
        if problem is None and tree.root() != ev.root_after:
            problem = _("event {index}: tree root mismatch").format(index=ev.idx)
        if problem:
            report.problems.append(Problem(ev.idx, problem))
            break
        roots[tree.size] = tree.root()
        expected += 1
    events_intact = not report.problems  # a truncation is only worth naming when nothing broke before it
    trusted: list[TreeHead] = []  # heads whose signature, body and vault all check out
    for head in session.execute(select(TreeHead).order_by(TreeHead.id)).scalars():
        report.heads += 1
        body = head.body.encode("utf-8")
        if not crypto.sm2_verify(public_hex, body, head.signature):
            report.problems.append(Problem(None, _("signed tree head {id} has a bad signature").format(id=head.id)))
            continue
        claimed = json.loads(body)
        if claimed.get("tree_size") != head.tree_size or claimed.get("root_hash") != head.root_hash.hex():
            report.problems.append(Problem(None, _("tree head {id} does not match its signed body").format(id=head.id)))
            continue
        if claimed.get("vault_id") != vault_id:
            report.problems.append(Problem(None, _("tree head {id} belongs to another vault").format(id=head.id)))
            continue
        trusted.append(head)
    for head in trusted:
        if head.tree_size > expected and events_intact:
            events_intact = False
            report.problems.append(Problem(
                expected,
                _("log truncated: a signed head covers {size} events but only {count} are intact").format(
                    size=head.tree_size, count=expected),
            ))
        elif head.tree_size in roots and roots[head.tree_size] != head.root_hash:
            report.problems.append(Problem(
                _first_divergence(roots, trusted, head.tree_size),
                _("events up to {size} do not match signed tree head {id}").format(size=head.tree_size, id=head.id),
            ))
    return report


def _first_divergence(roots: dict[int, bytes], heads: list[TreeHead], size: int) -> int:
    """The first event index, below ``size``, that no signed head vouches for.

    Called when the stored leaves and roots agree with the recomputed tree (so every stored hash was
    rewritten consistently) but the recomputed root at ``size`` differs from a signed head. A head's
    root covers its whole prefix, so the largest signed prefix that still matches is intact and the
    rewrite starts at its end; with no such head the log cannot be trusted from its first event.
    """
    intact = [h.tree_size for h in heads if h.tree_size < size and roots.get(h.tree_size) == h.root_hash]
    return max(intact, default=0)
