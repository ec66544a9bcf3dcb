"""Platforms (banks, wallets, ...): the one place a platform row is created."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.unit_of_work import UnitOfWork
from app.vault.schema import Platform
from app.vault.types import utcnow


def add(unit: UnitOfWork, s: Session, name: str, kind: str, legal_entity: str = "") -> Platform:
    """A new platform inside the caller's write, with its audit event."""
    vault = unit.vault
    p = Platform(id=vault.next_id("platforms"), created_at=utcnow(), kind=kind,
                 entity_fp=vault.fingerprint("entity", legal_entity) if legal_entity else None)
    p.name, p.legal_entity = name, legal_entity or None
    s.add(p)
    s.flush()  # rows that point at it (accounts, connections) may be inserted in the same write
    unit.record(s, "platform.added", "platform", p.id, kind=kind)
    return p


def find_or_add(unit: UnitOfWork, s: Session, name: str, kind: str, legal_entity: str = "") -> Platform:
    """The platform of that kind, name and legal entity, added when the vault has none yet."""
    entity_fp = unit.vault.fingerprint("entity", legal_entity) if legal_entity else None
    for p in s.scalars(select(Platform).where(Platform.kind == kind)):
        if p.entity_fp == entity_fp and p.name == name:
            return p
    return add(unit, s, name, kind, legal_entity)
