"""The sandbox as the core sees it: the ``huiliu.sandbox`` entry point (app.sync.local).

``start(state=DIR)`` serves new platforms and keeps their state in DIR: the seed and first day of
the generated books, the port, the consents and tokens issued so far (fictional logins and tokens
that open nothing but this sandbox), each platform's SM2 transfer key pair, the transfers posted
(their journal) and the transfer link's recent nonces; saved after every money-moving request and
again when it stops. The books themselves are regenerated from the seed and first day, with the
journalled transfers replayed at their times. ``resume(DIR)`` serves the same platforms again on the
same port, so the connections (and the transfers) a demo vault made keep working in later commands.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from app.files import private_dir, write_private
from app.sync.local import KnownLogin, KnownPlatform
from connectors.sandbox.consent import complete_consent
from connectors.sandbox.oauth import Consent, _Token
from connectors.sandbox.server import Sandbox, serve_forever

STATE_FILE = "state.json"
STATE_VERSION = 1
MEMBER_NAMES = {"adult1": "王建国", "adult2": "李梅", "teen": "王小雨"}  # as the demo household knows them


class LocalSandbox:
    """A running sandbox with the calls the core makes (``app.sync.local.LocalPlatforms``)."""

    def __init__(self, sandbox: Sandbox, state: Path | None) -> None:
        self.sandbox = sandbox
        self.state = state
        # A transfer must outlive a crash of the process serving the sandbox, as it would at a bank.
        sandbox.state.on_transfer = self.save

    @property
    def base_url(self) -> str:
        return self.sandbox.base_url

    def platform_urls(self) -> dict[str, str]:
        return self.sandbox.platform_urls()

    def logins(self, platform_id: str) -> list[tuple[str, str, str]]:
        return self.sandbox.logins(platform_id)

    def complete_consent(self, authorize_url: str, username: str, password: str) -> str:
        return complete_consent(authorize_url, username, password)

    def directory(self) -> list[KnownPlatform]:
        out = []
        for platform_id, url in self.platform_urls().items():
            personality = self.sandbox.world.platforms[platform_id]
            logins = tuple(KnownLogin(MEMBER_NAMES.get(key, key), username, password)
                           for key, username, password in self.logins(platform_id))
            out.append(KnownPlatform(personality.name_zh or personality.name_en, url, personality.kind, logins))
        return out

    def save(self) -> None:
        """Write the state file (atomically: a temporary file, fsync, rename)."""
        if self.state is None:
            return
        auth = self.sandbox.auth
        with auth._lock:
            data: dict[str, Any] = {
                "version": STATE_VERSION, "seed": self.sandbox.seed, "start": self.sandbox.world.start.isoformat(),
                "port": self.sandbox.port,
                "consents": [asdict(c) for c in auth._consents.values()],
                "access": {k: asdict(v) for k, v in auth._access.items()},
                "refresh": dict(auth._refresh),
            }
        with self.sandbox.world.lock:
            data["journal"] = list(self.sandbox.world.transfers.journal)
        data["platform_keys"] = self.sandbox.state.keys.export()
        data["nonces"] = self.sandbox.state.nonces.export()
        # Consents and tokens of the demo platforms: only their owner reads them (0700 / 0600).
        private_dir(self.state)
        write_private(self.state / STATE_FILE, json.dumps(data).encode("utf-8"))

    def stop(self) -> None:
        self.sandbox.stop()
        self.save()

    def keep_state(self, state: Path) -> None:
        self.state = state
        self.save()


class Provider:
    """Implements ``app.sync.local.LocalPlatformsProvider``."""

    def start(self, state: Path | None = None, seed: int = 42) -> LocalSandbox:
        local = LocalSandbox(Sandbox(seed=seed).start(), state)
        local.save()
        return local

    def resume(self, state: Path) -> LocalSandbox | None:
        try:
            data = json.loads((state / STATE_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("version") != STATE_VERSION:
            return None
        # The same books from the same first day, grown up to now: the clock runs in real time.
        sandbox = Sandbox(seed=int(data["seed"]), port=int(data["port"]), start=date.fromisoformat(data["start"]),
                          platform_keys=data.get("platform_keys"), journal=data.get("journal"),
                          nonces=data.get("nonces"))
        auth = sandbox.auth
        for c in data.get("consents", []):
            consent = Consent(**{**c, "scope": tuple(c["scope"])})
            auth._consents[consent.consent_id] = consent
        for token, t in data.get("access", {}).items():
            auth._access[token] = _Token(**t)
        auth._refresh.update(data.get("refresh", {}))
        return LocalSandbox(sandbox.start(), state)

    def serve(self, port: int, seed: int = 42, faults: str | None = None) -> None:
        serve_forever(port, seed, faults)


PROVIDER = Provider()
