"""One platform's HTTP: timeouts, bounded retries with backoff, and answers turned into sync errors."""

from __future__ import annotations

import asyncio
import ipaddress
import random
import secrets
import ssl
import threading
import uuid
from collections.abc import Callable, Mapping
from typing import TypeVar
from urllib.parse import urlsplit

import httpx
from pydantic import BaseModel, ValidationError

import app
from app.i18n import _
from app.sync.contract import ConnectorConfig
from app.sync.errors import ConsentExpired, InvalidData, PlatformUnavailable, RateLimited, SyncError
from connectors.openapi import models
from connectors.openapi.reply import ACCEPT_ENCODING, ReplyRefused, read_body
from connectors.openapi.retry import RETRY_ANY_METHOD, RETRY_IDEMPOTENT, backoff_delay, retry_after_seconds

M = TypeVar("M", bound=BaseModel)

USER_AGENT = f"Huiliu/{app.__version__}"
_tls_lock = threading.Lock()
_tls: ssl.SSLContext | None = None


def tls_context() -> ssl.SSLContext:
    """One verifying TLS context (the system's CA certificates) for every platform session.

    Loading the CA store costs ~17 ms; a sync of 20 platforms built one per session, one after the
    other on the event loop, before the first request could leave (0.35 s of a 1.1 s refresh).
    Contexts are safe to share between connections.
    """
    global _tls
    with _tls_lock:
        if _tls is None:
            _tls = ssl.create_default_context()
        return _tls


class PlatformSession:
    """Sends requests to one platform and raises only ``app.sync.errors`` errors.

    ``name`` gives the platform's display name at the moment an error is raised (it improves once
    discovery has run).
    """

    def __init__(self, config: ConnectorConfig, client: httpx.AsyncClient | None, name: Callable[[], str]) -> None:
        self._config = config
        self._name = name
        self._timeout = httpx.Timeout(
            connect=config.connect_timeout,
            read=config.read_timeout,
            write=config.read_timeout,
            pool=config.connect_timeout,
        )
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(
            timeout=self._timeout, follow_redirects=False, headers={"user-agent": USER_AGENT}, verify=tls_context()
        )
        self._rng = random.Random(secrets.randbits(64))

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()

    async def send(
        self,
        method: str,
        url: str,
        endpoint: str,
        *,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        bearer: str | None = None,
        idempotent: bool = True,
        sign: Callable[[], tuple[Mapping[str, str], bytes]] | None = None,
        json_body: bytes | None = None,
    ) -> httpx.Response:
        """One request with bounded retries: 429/503 (and 500 on reads) and connection failures.

        ``sign`` gives the extra headers and the body of each attempt (a money-moving request is signed
        afresh every time: the platform refuses a nonce it has seen); ``json_body`` is a JSON body sent
        as it is with every attempt."""
        policy = self._config.retry
        retryable = RETRY_IDEMPOTENT if idempotent else RETRY_ANY_METHOD
        headers = {"accept": "application/json", "accept-encoding": ACCEPT_ENCODING, "x-request-id": str(uuid.uuid4())}
        if bearer is not None:
            headers["authorization"] = f"Bearer {bearer}"
        auth = (self._config.client_id, self._config.client_secret) if self._config.client_secret and data else None
        if json_body is not None:
            headers["content-type"] = "application/json"
        waited = 0.0
        attempt = 0
        while True:
            failure: SyncError
            retry_after: float | None = None
            content: bytes | None = json_body
            if sign is not None:
                extra, content = sign()
                headers = {**headers, **extra}
            try:
                response = await self._fetch(method, url, params, data, headers, auth, content)
            except httpx.TimeoutException as exc:
                if not isinstance(exc, httpx.ConnectTimeout):
                    # The platform took the request and went silent for the whole read timeout; asking
                    # again would make the person wait that long again while the others are done.
                    raise PlatformUnavailable(
                        self._name(),
                        _(PlatformUnavailable.NO_ANSWER).format(seconds=format(self._config.read_timeout, "g")),
                    ) from exc
                failure = PlatformUnavailable(self._name(), _(PlatformUnavailable.CONNECT_TIMEOUT))
            except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
                if not idempotent and not isinstance(exc, httpx.ConnectError):
                    raise PlatformUnavailable(self._name(), _describe(exc)) from exc
                failure = PlatformUnavailable(self._name(), _describe(exc))
            except httpx.HTTPError as exc:
                raise PlatformUnavailable(self._name(), _describe(exc)) from exc
            else:
                if response.status_code not in retryable:
                    return response
                retry_after = retry_after_seconds(response.headers.get("retry-after"))
                if response.status_code == 429:
                    failure = RateLimited(self._name(), retry_after)
                else:
                    failure = PlatformUnavailable(self._name(), _status_text(response))
            delay = backoff_delay(policy, attempt, self._rng)
            if retry_after is not None:
                delay = max(delay, retry_after)
            if attempt >= policy.max_retries or waited + delay > policy.max_total_wait:
                raise failure
            await asyncio.sleep(delay)
            waited += delay
            attempt += 1

    async def _fetch(self, method: str, url: str, params: Mapping[str, str] | None, data: Mapping[str, str] | None,
                     headers: dict[str, str], auth: tuple[str, str | None] | None,
                     content: bytes | None = None) -> httpx.Response:
        """The whole reply, read as a stream: at most ``max_body_bytes`` (decompressed) within ``request_deadline``.

        The body is refused as soon as its declared length, the bytes received or what they inflate
        to pass the cap (``reply.read_body``), so a hostile platform's endless, huge or compressed
        reply never sits in memory; the deadline covers the whole exchange, so a reply that trickles
        in a byte at a time cannot outlast it.
        """
        config = self._config
        request = self._client.build_request(method, url, params=params, data=data, headers=headers,
                                             timeout=self._timeout, content=content or None)
        try:
            async with asyncio.timeout(config.request_deadline):
                response = await self._client.send(request, auth=auth, stream=True)  # type: ignore[arg-type]
                try:
                    body = await read_body(response, config.max_body_bytes)
                finally:
                    await response.aclose()
        except TimeoutError:
            raise PlatformUnavailable(self._name(), _(PlatformUnavailable.TOO_SLOW).format(
                seconds=format(config.request_deadline, "g"))) from None
        except ReplyRefused as exc:
            raise PlatformUnavailable(self._name(), exc.cause) from None
        plain = httpx.Headers([(k, v) for k, v in response.headers.multi_items()
                               if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")])
        return httpx.Response(response.status_code, headers=plain, content=body, request=request,
                              extensions=response.extensions)

    def raise_for_status(self, response: httpx.Response) -> None:
        status = response.status_code
        if 200 <= status < 300:
            return
        if status == 429:
            raise RateLimited(self._name(), retry_after_seconds(response.headers.get("retry-after")))
        if status >= 500:
            raise PlatformUnavailable(self._name(), _status_text(response))
        problem = problem_of(response)
        if problem.code == "consent_expired":
            raise ConsentExpired(self._name(), problem.detail or "")
        raise SyncError.rejected(self._name(), status, problem.detail or problem.title or response.reason_phrase)

    def parse(self, response: httpx.Response, model: type[M], endpoint: str) -> M:
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            raise InvalidData(self._name(), endpoint, _field_path(first["loc"]), first["msg"]) from exc
        except (RecursionError, ValueError) as exc:  # nested past any parser's depth, or not text at all
            raise InvalidData(self._name(), endpoint, "", type(exc).__name__) from exc


# ---------------------------------------------------------------------------------------------- helpers


def acceptable_url(url: str) -> bool:
    # Tokens and account data only travel over TLS; plain http is allowed to this computer alone
    # (the sandbox, a local proxy), where nothing crosses the network.
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    if parts.scheme != "http" or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


MAX_ERROR_BODY = 64 << 10  # an error's problem document is a few hundred bytes


def _json_or_empty(response: httpx.Response) -> dict[str, object]:
    """An error reply's JSON object, or {} for anything else: too long, not JSON, or nested to exhaustion."""
    if len(response.content) > MAX_ERROR_BODY:
        return {}
    try:
        body = response.json()
    except (ValueError, RecursionError):
        return {}
    return body if isinstance(body, dict) else {}


def problem_of(response: httpx.Response) -> models.Problem:
    body = _json_or_empty(response)
    try:
        return models.Problem.model_validate(body)
    except ValidationError:
        return models.Problem()


def token_error_of(response: httpx.Response) -> models.TokenError:
    try:
        return models.TokenError.model_validate(_json_or_empty(response))
    except ValidationError:
        return models.TokenError()


def token_error_text(response: httpx.Response) -> str:
    error = token_error_of(response)
    text = error.error or f"HTTP {response.status_code}"
    return f"{text}: {error.error_description}" if error.error_description else text


def _status_text(response: httpx.Response) -> str:
    problem = problem_of(response)
    return f"HTTP {response.status_code} {problem.title or response.reason_phrase}".strip()


def _describe(exc: httpx.HTTPError) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
