"""A reply's body, read within a byte cap: what it declares, what arrives and what that inflates to.

httpx inflates a compressed reply one network read at a time, each read in one piece: 64 KiB of a
deflate bomb became 64 MiB at once (130 MB peak for a 1 MiB reply), and with ``brotli`` installed the
same trick reaches gigabytes. So the raw bytes are read here and inflated in steps of at most
``INFLATE_STEP``, counted against the cap as they come; only the encodings we ask for are read.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import httpx

from app.i18n import _
from app.sync.errors import PlatformUnavailable

# What we ask for, and so all we read: a platform that answers in another encoding is refused.
ACCEPT_ENCODING = "gzip, deflate"
INFLATE_STEP = 256 << 10  # the most a compressed reply may inflate to in one step


class ReplyRefused(Exception):
    """The reply was not read; ``cause`` says why, translated (a PlatformUnavailable cause)."""

    def __init__(self, cause: str) -> None:
        super().__init__(cause)
        self.cause = cause


async def read_body(response: httpx.Response, limit: int) -> bytes:
    """The body of a reply opened with ``stream=True``, refused once it passes ``limit`` bytes.

    The limit holds for the declared length, for the bytes on the wire and for what they inflate
    to, so no more than about ``limit`` bytes of the reply are ever held.
    """
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_big(limit)
    inflater = _Inflater.for_encoding(response.headers.get("content-encoding", ""))
    if response.is_stream_consumed:  # a transport that hands over a body it has read (httpx.MockTransport)
        if len(response.content) > limit:
            raise _too_big(limit)
        return response.content
    chunks: list[bytes] = []
    received = size = 0
    async for raw in response.aiter_raw():
        received += len(raw)
        if received > limit:
            raise _too_big(limit)
        for piece in inflater.feed(raw) if inflater is not None else (raw,):
            size += len(piece)
            if size > limit:
                raise _too_big(limit)
            chunks.append(piece)
    if inflater is not None:
        rest = inflater.end()
        if size + len(rest) > limit:
            raise _too_big(limit)
        chunks.append(rest)
    return b"".join(chunks)


def _too_big(limit: int) -> ReplyRefused:
    return ReplyRefused(_(PlatformUnavailable.TOO_BIG).format(size=format(limit / (1 << 20), "g")))


class _Inflater:
    """gzip or deflate (zlib-wrapped, or raw as some servers send it), inflated in bounded steps."""

    def __init__(self, encoding: str) -> None:
        self._deflate = encoding == "deflate"
        self._first = True
        self._z = zlib.decompressobj(zlib.MAX_WBITS if self._deflate else zlib.MAX_WBITS | 16)

    @classmethod
    def for_encoding(cls, header: str) -> _Inflater | None:
        """None for a plain body; refuses layered or unknown encodings (br, zstd, compress...)."""
        codings = [c.strip().lower() for c in header.split(",") if c.strip().lower() not in ("", "identity")]
        if not codings:
            return None
        if len(codings) == 1 and codings[0] in ("gzip", "deflate"):
            return cls(codings[0])
        raise ReplyRefused(_(PlatformUnavailable.ENCODING).format(encoding=", ".join(codings)[:40]))

    def feed(self, data: bytes) -> Iterator[bytes]:
        while not self._z.eof:  # anything after the end of the stream is ignored, not kept
            try:
                out = self._z.decompress(data, INFLATE_STEP)
            except zlib.error as exc:
                if self._deflate and self._first:  # a raw deflate stream without the zlib header
                    self._first = False
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise ReplyRefused(_(PlatformUnavailable.UNREADABLE).format(kind=f"zlib: {exc}")) from exc
            self._first = False
            if out:
                yield out
            data = self._z.unconsumed_tail
            if not data and len(out) < INFLATE_STEP:
                return

    def end(self) -> bytes:
        # Every input byte was consumed in steps above, so what is left is at most one step.
        return self._z.flush() if not self._z.eof else b""
