"""The demo household: three members who connect the sandbox's platforms, as a new user would.

Every platform is connected through the real consent flow (the sandbox's login page, filled in for
them, with the redirect caught on a loopback port), then everything is synced.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from app.ledger.records import MemberInput
from app.sync import registry
from app.sync.contract import ConsentReceiver, ConsentRequest
from app.sync.local import LocalPlatforms
from app.sync.service import Apply, SyncReport, SyncService, apply_here

DEMO_PASSPHRASE = "huiliu-demo"
MEMBERS = {  # sandbox member key -> how the household knows them
    "adult1": MemberInput(name="王建国", role="adult", real_name="王建国"),
    "adult2": MemberInput(name="李梅", role="adult", real_name="李梅"),
    "teen": MemberInput(name="王小雨", role="teen", real_name="王小雨"),
}


# The other members' own secrets (public, like the demo's passphrase: said on its lock screen).
MEMBER_SECRETS = {"adult2": ("passphrase", "huiliu-demo-limei"), "teen": ("pin", "202612")}

# Who shows what to whom once everyone has keys: (holder, account name, to, grant). Anything not listed
# stays with its holder alone (the owner holds everything he created until a holder hides it).
SHARING = (
    ("adult1", "汇通借记卡（一类户）", "adult2", "transactions"),
    ("adult1", "零钱通", "adult2", "balance"),
    ("adult1", "多币种账户-美元", "adult2", "balance"),
    ("teen", "*", "adult2", "transactions"),  # both parents follow their teenager's money
)
# What 李梅 keeps from 王建国 (he set her platforms up, so he held every key until then) and what she
# shows him: her salary card in full, two balances, the rest hidden.
HIDDEN_FROM_OWNER = {"易付宝余额": "hidden", "易花": "hidden", "零钱": "hidden", "恒信金卡信用卡": "hidden",
                     "京选余额": "hidden", "数字人民币钱包（四类）": "hidden", "汇通电子账户（二类户）": "hidden",
                     "零钱通": "balance", "易增宝": "balance"}


def connect_all(sync: SyncService, platforms: LocalPlatforms, member_ids: dict[str, int],
                progress: Callable[[str], None] | None = None, apply: Apply = apply_here) -> SyncReport:
    """Connect every platform for every member who has a login there, then sync them all.

    ``member_ids`` maps the sandbox's member keys to the vault's member ids.
    """
    import httpx  # what the browser would do after the consent page; only the demo needs it here

    receivers = registry.get("openapi").consent_receiver
    assert receivers is not None, "the openapi connector receives consents on a loopback port"
    for platform_id, url in platforms.platform_urls().items():
        for member_key, username, password in platforms.logins(platform_id):
            receiver = receivers()
            try:
                def authorize(request: ConsentRequest, user: str = username, secret: str = password,
                              back: ConsentReceiver = receiver) -> str:
                    location = platforms.complete_consent(request.authorize_url, user, secret)
                    httpx.get(location, timeout=10)  # what the browser does next: land on our loopback page
                    return str(back.wait(timeout=10, expect_state=request.state))

                given = sync.consent(url, member_ids[member_key], authorize, redirect_uri=receiver.redirect_uri)
            finally:
                receiver.close()
            apply(functools.partial(sync.record, given))
            if progress:
                progress(f"{platform_id}/{member_key}")
    return sync.refresh(apply=apply)
