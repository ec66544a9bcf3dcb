"""The unit of work every service writes through: an open vault, who acts, and the audit log.

It sits below the facade (``app.services``) and the domain services (sync, imports, later transfers
and rules), so that they share one write path without importing the facade: a write and the audit
events appended in it land together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from sqlalchemy.orm import Session

from app.audit.log import AuditLog
from app.vault.store import Vault


class UnitOfWork:
    """An unlocked vault, the actor recorded in its audit events, and the write path."""

    def __init__(self, vault: Vault, actor: str = "user") -> None:
        self.vault = vault
        self.actor = actor
        self.audit = AuditLog(vault.header.vault_id)
        self.viewer = False  # set when the member who unlocked is a viewer (AppServices.open)

    @contextmanager
    def write(self, system: bool = False) -> Iterator[Session]:
        """A write transaction; the audit events appended in it land with it or not at all.

        A viewer (``viewer``) changes nothing: only the vault's own bookkeeping (``system``: the unlock
        and lock events, integrity upkeep) writes while one is unlocked."""
        if self.viewer and not system:
            from app.errors import NotPermitted
            from app.i18n import _

            raise NotPermitted(_("a viewer sees what is shared with them and changes nothing"))
        try:
            with self.vault.session() as s:
                yield s
        except BaseException:
            self.audit.reset()
            raise

    def reader(self) -> AbstractContextManager[Session]:
        """A read-only session."""
        return self.vault.reader()

    def record(self, s: Session, event: str, subject_type: str, subject_id: int, **details: Any) -> None:
        """Append an audit event about one record (ids and field names only, never values)."""
        self.audit.append(s, event, self.actor, {"type": subject_type, "id": subject_id},
                          acting_member=self.vault.member_id, **details)

    def event(self, s: Session, event: str, **details: Any) -> None:
        """Append an audit event about the vault itself (no subject record)."""
        self.audit.append(s, event, self.actor, acting_member=self.vault.member_id, **details)
