"""The transfer link and the connector's transfer calls, against the real sandbox on loopback.

Security of the link: requests that are unsigned, altered (a byte of the sealed body, or any signed
header), replayed or stale are refused by the platform; a platform whose discovery shows another key
than the one pinned at consent is refused by the client before anything is sent.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import httpx
import pytest

from app import clock
from app.sync.contract import TransferLink
from app.sync.errors import ConsentFailed, PlatformUnavailable, TransferRefused
from app.vault import crypto
from app.vault.crypto import sm2_generate_keypair
from connectors.openapi import OpenAPIConnector, link
from connectors.sandbox import Sandbox
from connectors.sandbox.link import open_body
from connectors.sandbox.oauth import Consent as SandboxConsent
from connectors.sandbox.oauth import TokenError, _registered_key
from tests.app.test_sm2_encryption import VECTORS_PATH, annex_c  # noqa: F401 - the standard's case
from tests.conftest import needs_shared
from tests.connectors.sandbox.helpers import check_response
from tests.connectors.transferkit import connect, order

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed=42, rate_limit=0, clearing_seconds=5) as sb:
        yield sb


@pytest.fixture(autouse=True)
def _clear_faults(sandbox: Sandbox) -> Iterator[None]:
    yield
    sandbox.set_faults("bank_a", None)


ORDER = {
    "from_account": "ht-adult1-debit", "to_platform": "bank_a", "to_account": "ht-adult1-eacct",
    "to_name": "王建国", "amount": {"amount": "1.00", "currency": "CNY"}, "memo": "存钱",
    "execute_at": None, "quote_id": None,
}


async def bearer(conn: OpenAPIConnector) -> str:
    return (await conn._fresh_tokens()).access_token


def signed_post(sb: Sandbox, lnk: Any, key: str, body: dict[str, Any] | None = None) -> tuple[str, dict[str, str], bytes]:
    url = sb.platform_urls()["bank_a"] + "/transfers"
    path = httpx.URL(url).path
    req = link.sign_request(lnk, "POST", path, key, body or ORDER)
    return url, req.headers, req.body


def post(url: str, token: str, headers: dict[str, str], body: bytes) -> httpx.Response:
    return httpx.post(url, content=body, headers={**headers, "authorization": f"Bearer {token}"}, timeout=10)


# ------------------------------------------------------------------------------------- the link


async def test_discovery_publishes_each_transfer_platform_s_own_key(sandbox: Sandbox) -> None:
    keys = {}
    for pid, url in sandbox.platform_urls().items():
        doc = check_response(httpx.get(url + "/.well-known/huiliu-platform"), "GET", "/.well-known/huiliu-platform")
        if "transfers" in doc["capabilities"]:
            keys[pid] = doc["transfer_public_key"]
            assert doc["transfer_public_key"] == sandbox.transfer_public_key(pid)
        else:
            assert "transfer_public_key" not in doc
    assert set(keys) == {"bank_a", "wallet_a", "wallet_b", "ecny", "fx"}
    assert len(set(keys.values())) == 5


async def test_a_signed_sealed_transfer_goes_through_and_matches_the_document(sandbox: Sandbox) -> None:
    conn, lnk, _ = await connect(sandbox, "bank_a")
    url, headers, body = signed_post(sandbox, lnk, "doc-1")
    answer = check_response(post(url, await bearer(conn), headers, body), "POST", "/transfers")
    assert answer["data"]["status"] == "settled" and answer["data"]["idempotency_key"] == "doc-1"
    again = check_response(post(url, await bearer(conn), *signed_post(sandbox, lnk, "doc-1")[1:]), "POST", "/transfers")
    assert again["data"]["transfer_id"] == answer["data"]["transfer_id"]
    await conn.aclose()


async def test_unsigned_requests_are_refused(sandbox: Sandbox) -> None:
    conn, lnk, _ = await connect(sandbox, "bank_a")
    url, headers, body = signed_post(sandbox, lnk, "unsigned-1")
    for missing in (link.SIGNATURE, link.NONCE, link.TIMESTAMP):
        stripped = {k: v for k, v in headers.items() if k != missing}
        r = post(url, await bearer(conn), stripped, body)
        assert (r.status_code, r.json()["code"]) == (401, "signature_missing")
        check_response(r, "POST", "/transfers")
    assert await conn.transfer_by_key("unsigned-1") is None  # nothing was made
    await conn.aclose()


@pytest.mark.parametrize("where", [0, 40, -3])
async def test_a_flipped_byte_of_the_body_is_refused(sandbox: Sandbox, where: int) -> None:
    conn, lnk, _ = await connect(sandbox, "bank_a")
    url, headers, body = signed_post(sandbox, lnk, f"flip-body-{where}")
    altered = bytearray(body)
    altered[where] ^= 0x01
    r = post(url, await bearer(conn), headers, bytes(altered))
    assert (r.status_code, r.json()["code"]) == (401, "signature_invalid")
    assert await conn.transfer_by_key(f"flip-body-{where}") is None
    await conn.aclose()


@pytest.mark.parametrize("header", [link.TIMESTAMP, link.NONCE, link.IDEMPOTENCY, link.SIGNATURE])
async def test_an_altered_signed_header_is_refused(sandbox: Sandbox, header: str) -> None:
    conn, lnk, _ = await connect(sandbox, "bank_a")
    url, headers, body = signed_post(sandbox, lnk, "flip-header")
    value = headers[header]
    if header == link.TIMESTAMP:
        changed = str(int(value) - 1)  # one second earlier: still fresh, but not what was signed
    elif header == link.SIGNATURE:
        raw = bytearray(base64.b64decode(value))
        raw[10] ^= 0x01
        changed = base64.b64encode(bytes(raw)).decode()
    else:
        last = value[-1]
        changed = value[:-1] + ("0" if last != "0" else "1")
    r = post(url, await bearer(conn), {**headers, header: changed}, body)
    assert (r.status_code, r.json()["code"]) == (401, "signature_invalid")
    assert await conn.transfer_by_key("flip-header") is None
    await conn.aclose()


async def test_a_replayed_request_is_refused(sandbox: Sandbox) -> None:
    conn, lnk, _ = await connect(sandbox, "bank_a")
    url, headers, body = signed_post(sandbox, lnk, "replay-1")
    assert post(url, await bearer(conn), headers, body).status_code == 201
    r = post(url, await bearer(conn), headers, body)
    assert (r.status_code, r.json()["code"]) == (401, "replayed_request")
    check_response(r, "POST", "/transfers")
    await conn.aclose()


async def test_a_stale_request_is_refused(sandbox: Sandbox, clock_now: clock.FixedClock) -> None:
    conn, lnk, _ = await connect(sandbox, "bank_a")
    token = await bearer(conn)
    with clock.use(clock.FixedClock(clock_now.now() - timedelta(minutes=5, seconds=30))):
        url, headers, body = signed_post(sandbox, lnk, "stale-1")
    r = post(url, token, headers, body)
    assert (r.status_code, r.json()["code"]) == (401, "stale_request")
    with clock.use(clock.FixedClock(clock_now.now() + timedelta(minutes=6))):
        url, headers, body = signed_post(sandbox, lnk, "stale-2")
    assert post(url, token, headers, body).json()["code"] == "stale_request"
    # Through the connector the refusal is a TransferRefused with the platform's code.
    with clock.use(clock.FixedClock(clock_now.now() - timedelta(minutes=10))), pytest.raises(TransferRefused) as info:
        await conn.submit_transfer(order("stale-3", "ht-adult1-debit", "bank_a", "ht-adult1-eacct", "王建国", "1.00"))
    assert info.value.code == "stale_request"
    await conn.aclose()


async def test_a_body_sealed_to_another_key_is_refused(sandbox: Sandbox) -> None:
    conn, lnk, _ = await connect(sandbox, "bank_a")
    _other_private, other_public = sm2_generate_keypair()
    url, headers, body = signed_post(sandbox, replace(lnk, platform_public_key=other_public), "other-key")
    r = post(url, await bearer(conn), headers, body)
    assert (r.status_code, r.json()["code"]) == (400, "key_mismatch")
    await conn.aclose()


async def test_a_swapped_platform_key_is_refused_before_anything_is_sent(sandbox: Sandbox) -> None:
    conn, lnk, cfg = await connect(sandbox, "bank_a")
    await conn.aclose()
    _other_private, other_public = sm2_generate_keypair()
    sent: list[str] = []

    async def record(request: httpx.Request) -> None:
        sent.append(f"{request.method} {request.url.path}")

    async with httpx.AsyncClient(event_hooks={"request": [record]}) as client:
        # The app pinned one key; discovery now shows another (a rotated or impostor platform).
        swapped = OpenAPIConnector(replace(cfg, transfer_link=replace(lnk, platform_public_key=other_public)), client)
        with pytest.raises(TransferRefused) as info:
            await swapped.submit_transfer(order("swap-1", "ht-adult1-debit", "bank_a", "ht-adult1-eacct", "王建国", "1"))
        assert info.value.code == "key_mismatch"
        with pytest.raises(TransferRefused):
            await swapped.cancel_transfer("tr_anything")
    assert sent == ["GET /p/bank_a/.well-known/huiliu-platform"]  # discovery only, once (cached)


async def test_consent_refuses_to_register_against_another_key(sandbox: Sandbox) -> None:
    _other_private, other_public = sm2_generate_keypair()
    with pytest.raises(ConsentFailed):
        await connect(sandbox, "bank_a", pinned=other_public)


async def test_a_consent_without_the_transfers_scope_or_key_moves_nothing(sandbox: Sandbox) -> None:
    conn, lnk, cfg = await connect(sandbox, "bank_a", scope="accounts balances transactions")
    # The client knows its consent lacks the scope and sends nothing.
    with pytest.raises(TransferRefused) as info:
        await conn.submit_transfer(order("noscope-1", "ht-adult1-debit", "bank_a", "ht-adult1-eacct", "王建国", "1"))
    assert info.value.code == "scope_missing"
    # Sent anyway, the platform refuses it.
    url, headers, body = signed_post(sandbox, lnk, "noscope-2")
    r = post(url, await bearer(conn), headers, body)
    assert (r.status_code, r.json()["code"]) == (403, "scope_missing")
    check_response(r, "POST", "/transfers")
    await conn.aclose()
    # The transfers scope, but no key registered: the platform refuses too.
    conn2, lnk2, _ = await connect(sandbox, "bank_a", register=False)
    url, headers, body = signed_post(sandbox, lnk2, "nokey-1")
    r = post(url, await bearer(conn2), headers, body)
    assert (r.status_code, r.json()["code"]) == (403, "scope_missing")
    with pytest.raises(TransferRefused) as info:
        await conn2.submit_transfer(order("nokey-2", "ht-adult1-debit", "bank_a", "ht-adult1-eacct", "王建国", "1"))
    assert info.value.code == "scope_missing"
    await conn2.aclose()


def test_the_token_endpoint_wants_proof_of_the_registered_key() -> None:
    private, public = sm2_generate_keypair()
    consent = SandboxConsent("cs_x", "bank_a", "adult1", ("accounts", "transfers"), 0.0, 1.0)
    good = link.key_proof(TransferLink(private, public, public), "code-1")
    assert _registered_key(consent, public, good, "code-1") == public
    with pytest.raises(TokenError):
        _registered_key(consent, public, good, "code-2")  # a proof made for another code
    _other_private, other_public = sm2_generate_keypair()
    with pytest.raises(TokenError):
        _registered_key(consent, other_public, good, "code-1")  # someone else's key
    with pytest.raises(TokenError):
        _registered_key(replace(consent, scope=("accounts",)), public, good, "code-1")
    with pytest.raises(TokenError):
        _registered_key(consent, "00" * 64, good, "code-1")  # not a point on the curve


@needs_shared(VECTORS_PATH)
def test_the_link_s_key_wrap_is_gbt_32918_4_on_the_standard_s_keys(
    annex_c: dict[str, Any], monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    """Sealed to the standard's public key with its k: C1 is the standard's C1, and the platform side
    (connectors.sandbox.link, written apart) opens it with the standard's private key."""
    public = annex_c["public_key_x"] + annex_c["public_key_y"]
    monkeypatch.setattr(crypto.secrets, "randbelow", lambda bound: int(annex_c["k"], 16) - 1)
    aad_args = ("POST", "/p/bank_a/transfers", "1700000000", "0" * 32, "vec-1")
    envelope = link.seal(public, b'{"hello":"world"}', link.sealing_aad(*aad_args))
    wrapped = base64.b64decode(json.loads(envelope)["wrapped_key"])
    assert wrapped[0] == 4 and wrapped[1:33].hex() == annex_c["C1_x"]
    assert len(wrapped) == crypto.SM2_CIPHERTEXT_OVERHEAD + 16
    monkeypatch.undo()
    headers = {link.TIMESTAMP: aad_args[2], link.NONCE: aad_args[3], link.IDEMPOTENCY: aad_args[4]}
    assert open_body(annex_c["private_key"], "POST", aad_args[1], headers, envelope) == {"hello": "world"}
    assert link.unseal(annex_c["private_key"], envelope, link.sealing_aad(*aad_args)) == b'{"hello":"world"}'
    with pytest.raises(crypto.AuthenticationFailed):  # bound to its request: another path does not open it
        link.unseal(annex_c["private_key"], envelope, link.sealing_aad("POST", "/p/wallet_a/transfers", *aad_args[2:]))


def test_every_seal_uses_a_fresh_key_and_iv() -> None:
    private, public = sm2_generate_keypair()
    a, b = (json.loads(link.seal(public, b"same", b"aad")) for _ in range(2))
    assert a["wrapped_key"] != b["wrapped_key"] and a["iv"] != b["iv"] and a["ciphertext"] != b["ciphertext"]


# ------------------------------------------------------------------------------------- the calls


async def test_submit_get_by_key_and_cancel_through_the_connector(sandbox: Sandbox, clock_now: clock.FixedClock) -> None:
    conn, _lnk, _ = await connect(sandbox, "bank_a")
    later = clock_now.now() + timedelta(hours=2)
    scheduled = await conn.submit_transfer(
        order("c-1", "ht-adult1-debit", "bank_a", "ht-adult1-eacct", "王建国", "12.34", execute_at=later))
    assert scheduled.status == "scheduled" and scheduled.execute_at == later and not scheduled.final
    assert await conn.transfer(scheduled.transfer_id) == scheduled
    assert await conn.transfer_by_key("c-1") == scheduled
    assert await conn.transfer_by_key("never-sent") is None
    cancelled = await conn.cancel_transfer(scheduled.transfer_id)
    assert cancelled.status == "cancelled" and cancelled.final
    with pytest.raises(TransferRefused) as info:
        await conn.cancel_transfer(scheduled.transfer_id)
    assert info.value.code == "not_cancellable"
    with pytest.raises(TransferRefused) as info:
        await conn.submit_transfer(order("c-1", "ht-adult1-debit", "bank_a", "ht-adult1-eacct", "王建国", "99.00"))
    assert info.value.code == "idempotency_conflict"
    with pytest.raises(TransferRefused) as info:
        await conn.submit_transfer(order("c-2", "ht-adult1-debit", "bank_a", "ht-adult1-eacct", "王建国", "9999999.00"))
    assert info.value.code == "insufficient_funds"
    rejected = await conn.transfer_by_key("c-2")
    assert rejected is not None and rejected.status == "rejected" and rejected.reason_code == "insufficient_funds"
    await conn.aclose()


async def test_a_connection_dropped_after_commit_is_no_refusal_and_recovers_by_key(sandbox: Sandbox) -> None:
    conn, _lnk, _ = await connect(sandbox, "bank_a")
    before = sandbox.ledger_balances("bank_a", "wangjianguo")["ht-adult1-debit"]
    sandbox.set_faults("bank_a", "drop_after_commit")
    with pytest.raises(PlatformUnavailable):
        await conn.submit_transfer(order("drop-1", "ht-adult1-debit", "bank_a", "ht-adult1-eacct", "王建国", "3.00"))
    sandbox.set_faults("bank_a", None)
    held = await conn.transfer_by_key("drop-1")
    assert held is not None and held.status == "settled"
    again = await conn.submit_transfer(order("drop-1", "ht-adult1-debit", "bank_a", "ht-adult1-eacct", "王建国", "3.00"))
    assert again.transfer_id == held.transfer_id
    assert sandbox.ledger_balances("bank_a", "wangjianguo")["ht-adult1-debit"] == before - 3  # debited once
    await conn.aclose()


async def test_a_token_refused_mid_way_is_refreshed_and_the_transfer_sent_once(sandbox: Sandbox) -> None:
    conn, _lnk, cfg = await connect(sandbox, "bank_a")
    tokens = cfg.token_store.load(cfg.connection_key)
    assert tokens is not None
    # The platform forgot this access token (as after a restart): 401 invalid_token, then one refresh.
    with sandbox.auth._lock:
        sandbox.auth._access.pop(tokens.access_token)
    done = await conn.submit_transfer(order("refresh-1", "ht-adult1-debit", "bank_a", "ht-adult1-eacct", "王建国", "2"))
    assert done.status == "settled"
    assert cfg.token_store.load(cfg.connection_key) != tokens
    await conn.aclose()
