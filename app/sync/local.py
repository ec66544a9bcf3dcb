"""Platforms served on this computer: the sandbox behind the demo, reached as a plug-in.

The core never imports the sandbox; it loads the ``huiliu.sandbox`` entry point (app.plugins) and
talks to it through these protocols. A demo vault keeps the sandbox's state in ``sandbox/`` inside
its directory, so later commands bring the same platforms back up (same port, same logins and
consents, the same books) whenever a connection points to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

STATE_DIR = "sandbox"  # inside the vault directory


def state_dir(vault_dir: Path) -> Path:
    """Where a demo vault keeps the state of its sandbox platforms."""
    return Path(vault_dir) / STATE_DIR


@dataclass(frozen=True)
class KnownLogin:
    """A sandbox login (fictional, for the demo): whose it is and what to type on the consent page."""

    member: str  # the member key of the sandbox household (adult1, adult2, teen)
    username: str
    password: str


@dataclass(frozen=True)
class KnownPlatform:
    """A platform the Connect wizard can offer by name."""

    name: str
    url: str
    kind: str
    logins: tuple[KnownLogin, ...] = ()


class LocalPlatforms(Protocol):
    """Running local platforms (a real HTTP server on 127.0.0.1)."""

    base_url: str

    def platform_urls(self) -> dict[str, str]:
        """platform id -> the base address a connection uses."""
        ...

    def logins(self, platform_id: str) -> list[tuple[str, str, str]]:
        """(member key, username, password) of each member with accounts on the platform."""
        ...

    def complete_consent(self, authorize_url: str, username: str, password: str) -> str:
        """Fill in and approve the platform's consent page as that user; the address it redirects to."""
        ...

    def directory(self) -> list[KnownPlatform]:
        """The platforms with their names, kinds and logins."""
        ...

    def stop(self) -> None:
        """Stop serving (the kept state stays for the next start)."""
        ...

    def keep_state(self, state: Path) -> None:
        """Keep the state in ``state`` from now on, written there at once."""
        ...


class LocalPlatformsProvider(Protocol):
    """What the ``huiliu.sandbox`` entry point provides."""

    def start(self, state: Path | None = None, seed: int = 42) -> LocalPlatforms:
        """New platforms on a free port; with ``state``, their state is kept there from now on."""
        ...

    def resume(self, state: Path) -> LocalPlatforms | None:
        """The platforms whose state is kept in ``state``, served again where they were; None if none."""
        ...

    def serve(self, port: int, seed: int = 42, faults: str | None = None) -> None:
        """Serve in the foreground until interrupted, printing each platform's address and logins."""
        ...
