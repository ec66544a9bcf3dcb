"""Platforms the Connect wizard offers by name: the sandbox's, when one runs in this process (demo)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class KnownLogin:
    """A sandbox login (fictional, for the demo): whose it is and what to type on the consent page."""

    member: str
    username: str
    password: str


@dataclass(frozen=True)
class KnownPlatform:
    name: str
    url: str
    kind: str
    logins: tuple[KnownLogin, ...] = ()


def from_sandbox(sandbox: Any) -> list[KnownPlatform]:
    """The running sandbox's platforms and demo logins (members named as the demo household knows them)."""
    try:
        from connectors.sandbox.demo import MEMBERS

        names = {key: member.name for key, member in MEMBERS.items()}
    except ImportError:  # the demo module is optional; the member keys still say whose login it is
        names = {}
    out = []
    for platform_id, url in sandbox.platform_urls().items():
        personality = sandbox.world.platforms[platform_id]
        logins = tuple(
            KnownLogin(names.get(key, key), username, password)
            for key, username, password in sandbox.logins(platform_id)
        )
        out.append(KnownPlatform(personality.name_zh or personality.name_en, url, personality.kind, logins))
    return out
