"""The Starlette application: every platform at ``/p/{platform_id}``, errors as RFC 9457 problems.

A resource request goes through, in order: latency -> faults (timeout, error_rate, rate_limit) ->
bearer token -> expired_consent fault -> scope -> per-token rate limit -> the books -> malformed fault.
Faults come before authentication because a failing platform fails whoever asks; the malformed fault
comes last because it corrupts a real answer.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import json
import math
import struct
import threading
import time
import uuid
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import views
from .faults import Faults, FaultSpec
from .fxdesk import QuoteRefused, QuoteRequest
from .link import SEALED_TYPE, LinkRefused, NonceCache, PlatformKeys, check_request, open_body
from .oauth import AccessDenied, AuthorizeError, AuthServer, Consent, TokenError
from .pages import consent_page, error_page
from .personalities import Personality
from .transfers import Order, OrderInvalid, Refused, Transfer
from .world import World

PROBLEM_BASE = "https://huiliu.invalid/problems/"
TIMEOUT_FAULT_SECONDS = 30.0
TITLES = {
    "invalid_token": "Invalid access token",
    "token_expired": "Access token expired",
    "consent_expired": "Consent expired",
    "insufficient_scope": "Insufficient scope",
    "rate_limited": "Too many requests",
    "not_found": "Not found",
    "bad_request": "Bad request",
    "method_not_allowed": "Method not allowed",
    "unavailable": "Service unavailable",
    "signature_missing": "Request not signed",
    "signature_invalid": "Signature does not match",
    "stale_request": "Request too old or too new",
    "replayed_request": "Request replayed",
    "scope_missing": "Consent does not allow transfers",
    "key_mismatch": "Sealed to another key",
    "idempotency_conflict": "Idempotency key reused",
    "not_cancellable": "Transfer can no longer be cancelled",
    "insufficient_funds": "Insufficient funds",
    "limit_exceeded": "Limit exceeded",
    "unknown_account": "Unknown receiving account",
    "name_mismatch": "Payee name mismatch",
    "currency_mismatch": "Currency mismatch",
    "quote_unknown": "Unknown quote",
    "quote_expired": "Quote expired",
    "quote_mismatch": "Quote does not match the transfer",
    "quote_used": "Quote already used",
    "not_supported": "Not supported",
    "scheduled_not_supported": "Scheduled transfers not supported",
    "internal": "Internal error",
}


class RateLimiter:
    """Token bucket per access token: ``rate`` requests per second, bursts of up to ``rate``."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self._lock = threading.Lock()
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, last refill, monotonic)

    def check(self, key: str) -> float:
        """0 if the request may go ahead, else the seconds until it could."""
        if self.rate <= 0:
            return 0.0
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.rate), now))
            tokens = min(float(self.rate), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[key] = (tokens - 1.0, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1.0 - tokens) / self.rate


@dataclass
class SandboxState:
    """What the handlers share with ``Sandbox`` (which may change faults and the clock meanwhile)."""

    world: World
    auth: AuthServer
    faults: Faults
    latency_ms: int = 0
    limiter: RateLimiter = field(default_factory=lambda: RateLimiter(20))
    keys: PlatformKeys = field(default_factory=PlatformKeys)  # each platform's SM2 transfer key pair
    nonces: NonceCache = field(default_factory=NonceCache)  # transfer-link nonces seen in the window
    on_transfer: Callable[[], None] | None = None  # called after each money-moving request (saves state)
    stopping: threading.Event = field(default_factory=threading.Event)

    async def sleep(self, seconds: float) -> None:
        """Sleep without blocking the loop, but wake at once when the server is stopping."""
        deadline = time.monotonic() + seconds
        while not self.stopping.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            await asyncio.sleep(min(left, 0.05))


# ---------------------------------------------------------------------------------------- responses


def dumps(body: Any) -> bytes:
    # Key order is insertion order and separators are fixed: same seed, byte-identical bodies.
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


DEEP_JSON = 200_000  # brackets deep (deep_json fault)


async def _huge(megabytes: int) -> Any:
    """A valid JSON body of ``megabytes`` MiB, produced as it is sent (huge_body fault)."""
    yield b"{"
    block = b" " * (1 << 20)
    for _ in range(megabytes):
        yield block
    yield b"}"


@functools.cache
def _deflated_spaces() -> tuple[bytes, bytes, bytes]:
    """Raw deflate pieces: ``{``, 1 MiB of spaces and a final ``}``, each starting from a reset state.

    After a full flush a deflate stream refers to nothing before it, so the middle piece can be sent
    again and again: the bomb costs the sandbox no compressing (which held its loop and the GIL).
    """
    z = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    head = z.compress(b"{") + z.flush(zlib.Z_FULL_FLUSH)
    block = z.compress(b" " * (1 << 20)) + z.flush(zlib.Z_FULL_FLUSH)
    last = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return head, block, last.compress(b"}") + last.flush()


async def _gzip_bomb(megabytes: int) -> Any:
    """A gzip body inflating to a JSON body of ``megabytes`` MiB, about 1 KiB per MiB (gzip_bomb fault)."""
    head, block, tail = _deflated_spaces()
    yield b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + head  # gzip header: deflate, no name, no time
    batch = 256  # sent in large writes, so that each read of the client holds 64 KiB of it
    for start in range(0, megabytes, batch):
        yield block * min(batch, megabytes - start)
    crc, spaces = zlib.crc32(b"{"), b" " * (1 << 20)
    for _ in range(megabytes):  # (only reached by a client that read it all)
        crc = zlib.crc32(spaces, crc)
    yield tail + struct.pack("<II", zlib.crc32(b"}", crc), ((megabytes << 20) + 2) & 0xFFFFFFFF)


async def _trickle(body: bytes, interval: float, state: Any) -> Any:
    """The body one byte per ``interval`` seconds (trickle fault)."""
    for i in range(len(body)):
        yield body[i:i + 1]
        await state.sleep(interval)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(body), status_code=status, media_type="application/json", headers=headers)


def problem(
    request: Request, status: int, code: str, detail: str, headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": TITLES.get(code, code),
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "code": code,
        **(extra or {}),
    }
    return Response(dumps(body), status_code=status, media_type="application/problem+json", headers=headers)


class ConnectionDropped(Exception):
    """Raised mid-answer by the drop_after_commit fault: the server closes the connection."""


class DroppedResponse(Response):
    """Starts a 200 answer, sends a few bytes of it and fails: the client sees the connection drop."""

    def __init__(self) -> None:
        super().__init__(b"")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", b"4096")]})
        await send({"type": "http.response.body", "body": b'{"data":', "more_body": True})
        raise ConnectionDropped("drop_after_commit fault: the transfer was committed, the answer is lost")


def unauthorized(request: Request, code: str, detail: str) -> Response:
    # RFC 6750 §3: a 401 names the scheme and the OAuth error.
    error = "invalid_token" if code != "insufficient_scope" else code
    return problem(
        request,
        401,
        code,
        detail,
        {"WWW-Authenticate": f'Bearer realm="huiliu-sandbox", error="{error}", error_description="{code}"'},
    )


class RequestIdMiddleware:
    """Echo ``x-request-id`` (or mint one) on every response, as the contract promises."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = (
            next((v for k, v in scope["headers"] if k == b"x-request-id"), None) or str(uuid.uuid4()).encode()
        )

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid[:200])]
            await send(message)

        await self.app(scope, receive, send_with_id)


# ---------------------------------------------------------------------------------------- the app


def create_app(state: SandboxState) -> Starlette:
    world, auth, faults = state.world, state.auth, state.faults

    def platform_of(request: Request) -> Personality | None:
        return world.platforms.get(request.path_params["platform_id"])

    def base_url(request: Request, p: Personality) -> str:
        return f"{request.url.scheme}://{request.url.netloc}/p/{p.platform_id}"

    async def pause(p: Personality) -> None:
        latency = state.latency_ms + (faults.for_platform(p.platform_id).latency_ms or 0)
        if latency:
            await state.sleep(latency / 1000)

    # -------------------------------------------------------------- discovery and OAuth

    async def index(request: Request) -> Response:
        base = f"{request.url.scheme}://{request.url.netloc}"
        return json_response(
            {
                "platforms": [
                    {
                        "platform_id": p.platform_id,
                        "name_zh": p.name_zh,
                        "name_en": p.name_en,
                        "base_url": f"{base}/p/{pid}",
                    }
                    for pid, p in world.platforms.items()
                ]
            }
        )

    async def discovery(request: Request) -> Response:
        p = platform_of(request)
        if p is None:
            return problem(request, 404, "not_found", "No such platform.")
        await pause(p)
        key = state.keys.public(p.platform_id) if "transfers" in p.capabilities else None
        return json_response(views.discovery_json(p, base_url(request, p), key))

    async def authorize_page(request: Request) -> Response:
        p = platform_of(request)
        if p is None:
            return HTMLResponse(error_page(None, "unknown platform"), status_code=404)
        await pause(p)
        try:
            req = auth.check_authorize(dict(request.query_params))
        except AuthorizeError as exc:
            return authorize_error(p, exc, dict(request.query_params))
        return HTMLResponse(consent_page(p, req, request.url.path))

    def authorize_error(p: Personality, exc: AuthorizeError, params: dict[str, str]) -> Response:
        if exc.redirectable:
            redirect = params["redirect_uri"]
            sep = "&" if "?" in redirect else "?"
            query = urlencode(
                {"error": exc.error, "error_description": exc.description, "state": params.get("state", "")}
            )
            return RedirectResponse(f"{redirect}{sep}{query}", status_code=302)
        return HTMLResponse(error_page(p, exc.description), status_code=400)

    async def authorize_submit(request: Request) -> Response:
        p = platform_of(request)
        if p is None:
            return HTMLResponse(error_page(None, "unknown platform"), status_code=404)
        await pause(p)
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        try:
            # The hidden fields are client-side data: check them again, never trust the page.
            req = auth.check_authorize(form)
        except AuthorizeError as exc:
            return authorize_error(p, exc, form)
        if form.get("action") != "approve":
            return RedirectResponse(req.redirect(error="access_denied"), status_code=302)
        username = form.get("username", "")
        member = next((m for m, u in p.usernames.items() if u == username), None)
        if member is None or not secrets_equal(form.get("password", ""), p.password(member)):
            page = consent_page(
                p, req, request.url.path, "用户名或密码错误 / Wrong username or password", username
            )
            return HTMLResponse(page, status_code=401)
        expire_now = bool(faults.for_platform(p.platform_id).expired_consent)
        code = auth.grant(p.platform_id, member, req, expire_now=expire_now)
        return RedirectResponse(req.redirect(code=code), status_code=302)

    async def token(request: Request) -> Response:
        p = platform_of(request)
        if p is None:
            return problem(request, 404, "not_found", "No such platform.")
        await pause(p)
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}  # RFC 6749 §5.1
        try:
            body = auth.token(p.platform_id, form)
        except TokenError as exc:
            return json_response(
                {"error": exc.error, "error_description": exc.description}, exc.status, headers
            )
        return json_response(body, 200, headers)

    # -------------------------------------------------------------- resources

    Build = Callable[[Request, Personality, Consent], dict[str, Any]]

    async def resource(request: Request, scope_needed: str | None, build: Build) -> Response:
        admitted = await admit(request, scope_needed)
        if isinstance(admitted, Response):
            return admitted
        p, consent, f = admitted
        try:
            with world.lock:
                body = build(request, p, consent)
        except views.NotFound as exc:
            return problem(request, 404, "not_found", str(exc))
        except views.BadRequest as exc:
            return problem(request, 400, "bad_request", str(exc))
        if f.malformed:
            return malformed(p, body)
        if f.trickle_ms:
            return StreamingResponse(_trickle(dumps(body), f.trickle_ms / 1000, state), media_type="application/json")
        return json_response(body)

    async def admit(request: Request, scope_needed: str | None) -> Response | tuple[Personality, Consent, FaultSpec]:
        """Everything before the books: faults, the bearer token, the scope and the rate limit."""
        p = platform_of(request)
        if p is None:
            return problem(request, 404, "not_found", "No such platform.")
        await pause(p)
        f = faults.for_platform(p.platform_id)
        if f.timeout:
            await state.sleep(TIMEOUT_FAULT_SECONDS)
            return problem(
                request, 503, "unavailable", "The platform did not answer in time (timeout fault)."
            )
        if f.error_rate and faults.roll_error(p.platform_id, f.error_rate):
            return problem(
                request, 503, "unavailable", "The platform is temporarily unavailable.", {"Retry-After": "1"}
            )
        if f.rate_limit and faults.tick(p.platform_id, "rate_limit") % 2 == 1:
            return problem(
                request, 429, "rate_limited", "Too many requests (rate_limit fault).", {"Retry-After": "1"}
            )
        if f.deep_json:
            return Response(b"[" * DEEP_JSON + b"]" * DEEP_JSON, 400, media_type="application/problem+json")
        if f.huge_body_mb:
            return StreamingResponse(_huge(f.huge_body_mb), media_type="application/json")
        if f.gzip_bomb_mb:
            return StreamingResponse(_gzip_bomb(f.gzip_bomb_mb), media_type="application/json",
                                     headers={"content-encoding": "gzip"})
        header = request.headers.get("authorization", "")
        scheme, _, bearer = header.partition(" ")
        if scheme.lower() != "bearer" or not bearer.strip():
            return unauthorized(request, "invalid_token", "A bearer access token is required.")
        try:
            consent = auth.authenticate(p.platform_id, bearer.strip())
        except AccessDenied as exc:
            return unauthorized(request, exc.code, exc.detail)
        if f.expired_consent:
            auth.expire_consent(consent.consent_id)
            return unauthorized(
                request, "consent_expired", "The consent has expired; the user must consent again."
            )
        if scope_needed and scope_needed not in consent.scope:
            return problem(
                request,
                403,
                "insufficient_scope",
                f"The consent does not include {scope_needed!r}.",
                {"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope_needed}"'},
            )
        wait = state.limiter.check(bearer.strip())
        if wait:
            return problem(
                request,
                429,
                "rate_limited",
                f"At most {state.limiter.rate} requests per second.",
                {"Retry-After": str(max(1, math.ceil(wait)))},
            )
        return p, consent, f

    def malformed(p: Personality, body: dict[str, Any]) -> Response:
        if faults.tick(p.platform_id, "malformed") % 2 == 1:
            # Invalid JSON: the body is cut off mid-way, as a dropped proxy connection would leave it.
            raw = dumps(body)
            return Response(raw[: max(1, len(raw) // 2)], media_type="application/json")
        # Valid JSON that breaks the schema: amounts as JSON numbers and links not an object.
        return Response(
            dumps({**_numbers_for_amounts(body), "links": "broken"}), media_type="application/json"
        )

    def member_account(p: Personality, consent: Consent, account_id: str) -> Any:
        a = world.ledger.accounts.get(account_id)
        # Another member's account is "not found", not "forbidden": a token must not learn it exists.
        if a is None or a.platform_id != p.platform_id or a.member != consent.member:
            raise views.NotFound(f"No account {account_id!r} for this consent.")
        return a

    def build_accounts(request: Request, p: Personality, consent: Consent) -> dict[str, Any]:
        accounts = world.ledger.accounts_of(p.platform_id, consent.member)
        listed = [views.account_json(a) for a in accounts]
        many = faults.for_platform(p.platform_id).many_accounts
        if many and listed:  # copies of the first, each under an id of its own (many_accounts fault)
            listed += [{**listed[0], "account_id": f"many-{i}", "bound_account_id": None} for i in range(many)]
        return {
            "data": {"accounts": listed},
            "links": {"self": str(request.url)},
            "meta": {"total": len(listed)},
        }

    def build_balances(request: Request, p: Personality, consent: Consent) -> dict[str, Any]:
        a = member_account(p, consent, request.path_params["account_id"])
        return {
            "data": views.balances_json(world.ledger, a, world.now()),
            "links": {"self": str(request.url)},
        }

    def build_transactions(request: Request, p: Personality, consent: Consent) -> dict[str, Any]:
        a = member_account(p, consent, request.path_params["account_id"])
        q = request.query_params
        limit = views.parse_limit(q.get("limit"))
        if faults.for_platform(p.platform_id).endless_paging:
            return endless_page(request, a, limit)
        after = views.decode_cursor(q["cursor"], a.account_id) if q.get("cursor") else None
        since = views.parse_date(q.get("from_booking_date"), "from_booking_date")
        rows, position, has_more = views.transactions_page(world.ledger, a, world.now(), limit, after, since)
        cursor = views.encode_cursor(a.account_id, position)
        # links.next only while more is waiting (so walking it ends); meta.next_cursor always, so a
        # client can store it and later ask for what changed since.
        next_url = str(request.url.include_query_params(limit=limit, cursor=cursor)) if has_more else None
        return {
            "data": {"account_id": a.account_id, "transactions": rows},
            "links": {"self": str(request.url), "next": next_url},
            "meta": {"next_cursor": cursor, "has_more": has_more},
        }

    def endless_page(request: Request, a: Any, limit: int) -> dict[str, Any]:
        """A page of new transactions that says more are waiting, whatever came before (endless_paging)."""
        n = faults.tick(a.platform_id, "endless_paging")
        template, _position, _more = views.transactions_page(world.ledger, a, world.now(), 1, None, None)
        rows = [{**template[0], "transaction_id": f"endless-{n}-{i}", "status": "booked"}
                for i in range(limit)] if template else []
        cursor = f"endless-{n}"
        return {
            "data": {"account_id": a.account_id, "transactions": rows},
            "links": {"self": str(request.url), "next": str(request.url.include_query_params(cursor=cursor))},
            "meta": {"next_cursor": cursor, "has_more": True},
        }

    def build_fx(request: Request, p: Personality, consent: Consent) -> dict[str, Any]:
        if "fx_quotes" not in p.capabilities:
            raise views.NotFound("This platform does not quote exchange rates.")
        q = request.query_params
        return {
            "data": views.fx_quote_json(world.seed, world.now(), q.get("from"), q.get("to")),
            "links": {"self": str(request.url)},
        }

    async def fx_quotes_post(request: Request) -> Response:
        """A firm quote for a cross-currency transfer (``POST /fx/quotes``): the fx_quotes or the transfers scope."""
        admitted = await admit(request, None)
        if isinstance(admitted, Response):
            return admitted
        p, consent, f = admitted
        if not {"fx_quotes", "transfers"} & set(consent.scope):
            return problem(request, 403, "insufficient_scope", "The consent includes neither 'fx_quotes' nor 'transfers'.",
                           {"WWW-Authenticate": 'Bearer error="insufficient_scope", scope="fx_quotes"'})
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return problem(request, 400, "bad_request", "The body must be application/json.")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_QUOTE_BODY:
                return problem(request, 413, "bad_request", f"A quote request is at most {MAX_QUOTE_BODY} bytes.")
        try:
            asked = QuoteRequest.from_json(json.loads(body))
        except (ValueError, RecursionError) as exc:  # (QuoteRefused is a ValueError, as bad JSON is)
            detail = str(exc) if isinstance(exc, QuoteRefused) else "The body is not JSON."
            return problem(request, 400, "bad_request", detail)
        with world.lock:
            try:
                q = world.transfers.quote(p.platform_id, consent.member, asked.from_account, asked.sell_amount,
                                          asked.buy_currency, world.now())
            except Refused as exc:
                return problem(request, exc.status, exc.code, exc.detail)
            answer = {"data": q.to_json(), "links": {"self": str(request.url)}}
        if f.malformed:
            return malformed(p, answer)
        return json_response(answer, 201)

    # -------------------------------------------------------------- transfers

    def transfer_body(request: Request, p: Personality, t: Transfer) -> dict[str, Any]:
        return {"data": views.transfer_json(t), "links": {"self": f"{base_url(request, p)}/transfers/{t.transfer_id}"}}

    def build_transfer(request: Request, p: Personality, consent: Consent) -> dict[str, Any]:
        world.now()  # (brings scheduled executions and clearing up to now)
        t = world.transfers.find(p.platform_id, consent.member, request.path_params["transfer_id"])
        if t is None:
            raise views.NotFound(f"No transfer {request.path_params['transfer_id']!r} for this consent.")
        return transfer_body(request, p, t)

    def build_transfer_by_key(request: Request, p: Personality, consent: Consent) -> dict[str, Any]:
        key = request.query_params.get("idempotency_key", "")
        if not valid_idempotency_key(key):
            raise views.BadRequest("idempotency_key is required: 1-128 visible ASCII characters")
        world.now()
        t = world.transfers.by_idempotency_key(p.platform_id, consent.member, key)
        if t is None:
            raise views.NotFound("No transfer was received under this idempotency key.")
        return transfer_body(request, p, t)

    MovingOp = Callable[[Request, Personality, Consent, bytes], Response]

    async def money_moving(request: Request, op: MovingOp) -> Response:
        """A request that moves money: the resource checks, then the transfer link's, then ``op``."""
        admitted = await admit(request, None)
        if isinstance(admitted, Response):
            return admitted
        p, consent, f = admitted
        if "transfers" not in p.capabilities:
            return problem(request, 404, "not_found", "This platform makes no transfers.")
        if "transfers" not in consent.scope or not consent.transfer_key:
            return problem(request, 403, "scope_missing", "The consent does not allow transfers (the transfers "
                           "scope with a key registered at consent); the user must consent again.")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_SEALED_BODY:
                return problem(request, 413, "bad_request", f"A sealed order is at most {MAX_SEALED_BODY} bytes.")
        try:
            check_request(p.platform_id, consent.transfer_key, request.method, request.url.path,
                          request.headers, body, world.clock.auth_now(), state.nonces)
            response = op(request, p, consent, body)
        except LinkRefused as exc:
            return problem(request, exc.status, exc.code, exc.detail)
        if state.on_transfer is not None:
            state.on_transfer()
        if f.drop_after_commit:
            return DroppedResponse()
        return response

    def post_transfer(request: Request, p: Personality, consent: Consent, body: bytes) -> Response:
        key = request.headers.get("x-idempotency-key", "")
        if not valid_idempotency_key(key):
            return problem(request, 400, "bad_request", "x-idempotency-key is required: 1-128 visible ASCII characters.")
        if request.headers.get("content-type", "").split(";")[0].strip() != SEALED_TYPE:
            return problem(request, 400, "bad_request", f"The body must be {SEALED_TYPE}.")
        data = open_body(state.keys.private(p.platform_id), request.method, request.url.path, request.headers, body)
        try:
            order = Order.from_json(data)
        except OrderInvalid as exc:
            return problem(request, 400, "bad_request", str(exc))
        with world.lock:
            now = world.now()
            try:
                t, new = world.transfers.submit(p.platform_id, consent.member, key, order, now)
            except Refused as exc:
                return problem(request, exc.status, exc.code, exc.detail)
            answer = transfer_body(request, p, t)
        if t.status == "rejected":
            return problem(request, 422, t.reason_code, t.reason, extra={"transfer": answer["data"]})
        return json_response(answer, 201 if new else 200, {"Location": answer["links"]["self"]})

    def delete_transfer(request: Request, p: Personality, consent: Consent, body: bytes) -> Response:
        with world.lock:
            now = world.now()
            try:
                t = world.transfers.cancel(p.platform_id, consent.member, request.path_params["transfer_id"], now)
            except Refused as exc:
                return problem(request, exc.status, exc.code, exc.detail)
            return json_response(transfer_body(request, p, t))

    async def transfers_post(request: Request) -> Response:
        return await money_moving(request, post_transfer)

    async def transfer_delete(request: Request) -> Response:
        return await money_moving(request, delete_transfer)

    def route(scope_needed: str | None, build: Build) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            return await resource(request, scope_needed, build)

        return endpoint

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "bad_request")
        return problem(request, exc.status_code, code, str(exc.detail), dict(exc.headers or {}))

    async def server_error(request: Request, exc: Exception) -> Response:
        return problem(request, 500, "internal", "The sandbox failed unexpectedly.")

    base = "/p/{platform_id}"
    routes = [
        Route("/", index),
        Route(base + "/.well-known/huiliu-platform", discovery),
        Route(base + "/oauth/authorize", authorize_page, methods=["GET"]),
        Route(base + "/oauth/authorize", authorize_submit, methods=["POST"]),
        Route(base + "/oauth/token", token, methods=["POST"]),
        Route(base + "/accounts", route("accounts", build_accounts)),
        Route(base + "/accounts/{account_id}/balances", route("balances", build_balances)),
        Route(base + "/accounts/{account_id}/transactions", route("transactions", build_transactions)),
        # Any valid token of the platform may ask for a quote: it reveals nothing about the user.
        Route(base + "/fx/quote", route(None, build_fx)),
        Route(base + "/fx/quotes", fx_quotes_post, methods=["POST"]),
        Route(base + "/transfers", transfers_post, methods=["POST"]),
        Route(base + "/transfers", route("transfers", build_transfer_by_key), methods=["GET"]),
        Route(base + "/transfers/{transfer_id}", route("transfers", build_transfer), methods=["GET"]),
        Route(base + "/transfers/{transfer_id}", transfer_delete, methods=["DELETE"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error, Exception: server_error})
    app.add_middleware(RequestIdMiddleware)
    return app


MAX_SEALED_BODY = 64 << 10
MAX_QUOTE_BODY = 4 << 10


def valid_idempotency_key(key: str) -> bool:
    return 1 <= len(key) <= 128 and key.isascii() and key.isprintable() and " " not in key


def secrets_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def _numbers_for_amounts(node: Any) -> Any:
    # Deliberately wrong output for the malformed fault: the float is the bug being simulated.
    if isinstance(node, dict):
        return {
            k: (float(v) if k in ("amount", "rate") and isinstance(v, str) else _numbers_for_amounts(v))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_numbers_for_amounts(v) for v in node]
    return node
