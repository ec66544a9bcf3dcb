"""A reply is read within its cap: declared length, bytes on the wire and what they inflate to.

The compression bomb runs against the real sandbox; the exact answers it cannot give (a declared
length, a chosen encoding, a body of a chosen size) come from the scripted platform.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from decimal import Decimal

import httpx
import pytest

from app.sync.errors import PlatformUnavailable, SyncError
from connectors.openapi.reply import INFLATE_STEP
from connectors.sandbox import Sandbox
from tests.connectors.openapi.mockplatform import BALANCE, MockPlatform
from tests.connectors.openapi.test_sandbox import connect

pytestmark = pytest.mark.anyio

BODY = json.dumps({"data": {"account_id": "a1", "balances": [BALANCE]}}).encode()


def status_kb(field: str) -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":"))


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed=42, rate_limit=0) as sb:
        yield sb


async def test_a_compression_bomb_is_refused_before_it_fills_the_memory(sandbox: Sandbox) -> None:
    conn, _ = await connect(sandbox, "wallet_a")
    sandbox.set_faults("wallet_a", "gzip_bomb=256")  # 256 KiB on the wire, 256 MiB inflated
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # the peak resident size starts again from what is in use now
        start = status_kb("VmRSS")
        with pytest.raises(PlatformUnavailable, match="larger than 16 MiB"):
            await conn.accounts()
        grown_mb = (status_kb("VmHWM") - start) / 1024
    finally:
        sandbox.set_faults("wallet_a", None)
        await conn.aclose()
    # the cap (16 MiB) held once in pieces and once joined, and no more: inflating all of one
    # 64 KiB network read at once took 130 MB
    assert grown_mb < 48, grown_mb


class Chunks(httpx.AsyncByteStream):
    """A body as the network gives it: in pieces, not read before the client reads it."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for i in range(0, len(self.body), 65536):
            yield self.body[i:i + 65536]


def answer(body: bytes, encoding: str | None) -> Callable[[httpx.Request], httpx.Response]:
    headers = {"content-type": "application/json"} | ({"content-encoding": encoding} if encoding else {})
    return lambda request: httpx.Response(200, stream=Chunks(body), headers=headers)


def raw_deflate(data: bytes) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return z.compress(data) + z.flush()


@pytest.mark.parametrize(("encoding", "encode"), [
    (None, lambda b: b),
    ("identity", lambda b: b),
    ("gzip", gzip.compress),
    ("GZIP", gzip.compress),
    ("deflate", zlib.compress),
    ("deflate", raw_deflate),
])
async def test_compressed_replies_are_read_as_before(encoding: str | None, encode: Callable[[bytes], bytes]) -> None:
    platform = MockPlatform(answer(encode(BODY), encoding))
    conn, _ = platform.connector()
    balances = await conn.balances("a1")
    assert [(b.amount, b.currency) for b in balances] == [(Decimal("1234.56"), "CNY")]
    assert platform.requests[-1].headers["accept-encoding"] == "gzip, deflate"
    await conn.aclose()


async def test_a_reply_inflating_past_the_cap_is_refused_and_one_within_it_is_read() -> None:
    padded = BODY[:-1] + b" " * (3 * INFLATE_STEP) + b"}"  # several inflating steps
    ok = MockPlatform(answer(gzip.compress(padded), "gzip"))
    conn, _ = ok.connector(max_body_bytes=len(padded))
    assert len(await conn.balances("a1")) == 1
    await conn.aclose()
    over = MockPlatform(answer(gzip.compress(padded), "gzip"))
    conn, _ = over.connector(max_body_bytes=len(padded) - 1)
    with pytest.raises(PlatformUnavailable, match="larger than"):
        await conn.balances("a1")
    await conn.aclose()


async def test_a_declared_length_over_the_cap_is_refused_unread() -> None:
    read: list[bytes] = []

    class Endless(httpx.AsyncByteStream):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            while True:
                read.append(b"x")
                yield b" " * 65536

    platform = MockPlatform(lambda request: httpx.Response(
        200, headers={"content-type": "application/json", "content-length": str(1 << 40)}, stream=Endless()))
    conn, _ = platform.connector()
    with pytest.raises(PlatformUnavailable, match="larger than 16 MiB"):
        await conn.balances("a1")
    assert read == []
    await conn.aclose()


@pytest.mark.parametrize("encoding", ["br", "zstd", "gzip, gzip", "compress"])
async def test_an_encoding_we_did_not_ask_for_is_refused_by_name(encoding: str) -> None:
    platform = MockPlatform(answer(gzip.compress(BODY), encoding))
    conn, _ = platform.connector(retry=None)
    with pytest.raises(PlatformUnavailable, match=f"compressed as {encoding}"):
        await conn.balances("a1")
    await conn.aclose()


async def test_a_broken_compressed_stream_is_unreadable_not_a_crash() -> None:
    platform = MockPlatform(answer(gzip.compress(BODY)[:20] + b"\xff" * 64, "gzip"))
    conn, _ = platform.connector()
    with pytest.raises(PlatformUnavailable, match="could not be read"):
        await conn.balances("a1")
    await conn.aclose()


async def test_a_refusal_that_says_too_much_becomes_a_short_reason() -> None:
    detail = "\x1b[2J" + "x" * 60_000  # within the 64 KiB an error body may have
    platform = MockPlatform(lambda request: httpx.Response(
        400, json={"title": "bad", "status": 400, "detail": detail}, headers={"content-type": "application/problem+json"}))
    conn, _ = platform.connector()
    with pytest.raises(SyncError, match="HTTP 400") as caught:
        await conn.balances("a1")
    assert len(str(caught.value)) < 400 and "\x1b" not in str(caught.value)
    await conn.aclose()
