"""What a write changed, so screens refresh only what they show."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Changes:
    """Kinds of records touched by a write and their ids ("members", "accounts", "audit", ...)."""

    ids: dict[str, frozenset[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, kind: str, *ids: int) -> Changes:
        return cls({kind: frozenset(ids)})

    def __or__(self, other: Changes) -> Changes:
        merged = dict(self.ids)
        for kind, ids in other.ids.items():
            merged[kind] = merged.get(kind, frozenset()) | ids
        return Changes(merged)

    def touches(self, *kinds: str) -> bool:
        return any(kind in self.ids for kind in kinds)

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.ids)
