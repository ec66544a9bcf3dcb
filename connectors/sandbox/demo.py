"""The demo household: a vault filled from the sandbox's seven platforms, as a new user would.

Members are added, every platform is connected through the real consent flow (the sandbox's login
page, filled in for them, with the redirect caught on a loopback port), and everything is synced.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from app.ledger.records import MemberInput
from app.services import AppServices
from app.sync.contract import ConsentRequest
from app.sync.service import SyncReport, SyncService
from connectors.openapi.loopback import LoopbackReceiver
from connectors.sandbox.consent import complete_consent
from connectors.sandbox.server import Sandbox

DEMO_PASSPHRASE = "huiliu-demo"
MEMBERS = {  # sandbox member key -> how the household knows them
    "adult1": MemberInput(name="王建国", role="adult", real_name="王建国"),
    "adult2": MemberInput(name="李梅", role="adult", real_name="李梅"),
    "teen": MemberInput(name="王小雨", role="teen", real_name="王小雨"),
}


def _authorize_as(username: str, password: str) -> Callable[[ConsentRequest, LoopbackReceiver], str]:
    def authorize(request: ConsentRequest, receiver: LoopbackReceiver) -> str:
        location = complete_consent(request.authorize_url, username, password)
        httpx.get(location, timeout=10)  # what the browser does next: land on our loopback page
        return receiver.wait(timeout=10)

    return authorize


def connect_all(
    services: AppServices, sandbox: Sandbox, sync: SyncService, progress: Callable[[str], None] | None = None
) -> SyncReport:
    """Connect every sandbox platform for every member who has a login there, then sync them all."""
    member_ids = {m.name: m.id for m in services.members()}
    for platform_id, url in sandbox.platform_urls().items():
        for member_key, username, password in sandbox.logins(platform_id):
            member_id = member_ids[MEMBERS[member_key].name]
            receiver = LoopbackReceiver()
            try:
                authorize = _authorize_as(username, password)
                sync.connect(
                    url,
                    member_id,
                    lambda req, a=authorize, r=receiver: a(req, r),
                    redirect_uri=receiver.redirect_uri,
                    sync_now=False,
                )
            finally:
                receiver.close()
            if progress:
                progress(f"{platform_id}/{member_key}")
    return sync.refresh()


def build_demo(
    vault_dir: Path,
    passphrase: str = DEMO_PASSPHRASE,
    sandbox: Sandbox | None = None,
    kdf: dict[str, Any] | None = None,
    progress: Callable[[str], None] | None = None,
    options: dict[str, Any] | None = None,
) -> tuple[AppServices, Sandbox, SyncReport]:
    """A new vault at ``vault_dir`` holding the demo household; the sandbox is left running."""
    sandbox = sandbox or Sandbox(seed=42).start()
    services = AppServices.create(vault_dir, passphrase, actor="demo", kdf=kdf)
    try:
        for member in MEMBERS.values():
            services.add_member(member)
        report = connect_all(services, sandbox, SyncService(services, connector_options=options), progress)
    except BaseException:
        services.close()
        raise
    return services, sandbox, report
