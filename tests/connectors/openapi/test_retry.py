"""Retry rules pinned with exact answers (the sandbox's faults cover the realistic cases)."""

from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from app import clock
from app.sync.contract import RetryPolicy
from app.sync.errors import PlatformUnavailable, RateLimited
from connectors.openapi.retry import backoff_delay, retry_after_seconds
from tests.connectors.openapi.conftest import FAST_RETRY
from tests.connectors.openapi.mockplatform import BALANCE, MockPlatform, balances_body, fresh_tokens, problem

pytestmark = pytest.mark.anyio


def _script(*answers: httpx.Response | Exception) -> MockPlatform:
    queue = list(answers)

    def handler(request: httpx.Request) -> httpx.Response:
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return MockPlatform(handler)


async def test_429_is_retried_after_the_time_the_platform_asks() -> None:
    platform = _script(problem(429, "rate_limited", **{"retry-after": "0"}), balances_body("acc-1", BALANCE))
    conn, _ = platform.connector(retry=FAST_RETRY)
    assert len(await conn.balances("acc-1")) == 1
    assert len(platform.requests) == 2


async def test_a_retry_after_beyond_the_budget_gives_up_at_once_without_sleeping() -> None:
    platform = _script(problem(429, "rate_limited", **{"retry-after": "120"}), balances_body("acc-1", BALANCE))
    conn, _ = platform.connector(retry=FAST_RETRY)
    started = time.monotonic()
    with pytest.raises(RateLimited) as info:
        await conn.balances("acc-1")
    assert time.monotonic() - started < 1.0
    assert info.value.retry_after == 120
    assert "120" in str(info.value)
    assert len(platform.requests) == 1


async def test_rate_limited_after_the_last_retry() -> None:
    policy = RetryPolicy(max_retries=2, backoff_base=0.01, backoff_max=0.02, max_total_wait=1.0)
    platform = _script(problem(429, "rate_limited", **{"retry-after": "0"}))
    conn, _ = platform.connector(retry=policy)
    with pytest.raises(RateLimited):
        await conn.balances("acc-1")
    assert len(platform.requests) == 3  # the first try and two retries


async def test_connection_errors_are_retried_then_reported_with_their_cause() -> None:
    platform = _script(httpx.ConnectError("connection refused"))
    conn, _ = platform.connector(retry=FAST_RETRY)
    with pytest.raises(PlatformUnavailable) as info:
        await conn.accounts()
    assert len(platform.requests) == FAST_RETRY.max_retries + 1
    assert "connection refused" in info.value.cause


async def test_a_500_on_the_token_endpoint_is_not_repeated() -> None:
    # A refresh that failed half-way may already have rotated the refresh token: repeating it blindly
    # could burn the consent, so only 429/503-style refusals are retried for POSTs.
    platform = _script(problem(500, "internal"))
    tokens = replace(fresh_tokens(), expires_at=clock.utcnow() - timedelta(seconds=1))
    conn, _ = platform.connector(tokens=tokens, retry=FAST_RETRY)
    with pytest.raises(PlatformUnavailable):
        await conn.accounts()
    assert platform.paths().count("/oauth/token") == 1


async def test_500_on_a_read_is_retried() -> None:
    platform = _script(problem(500, "internal"), problem(503, "unavailable"), balances_body("acc-1", BALANCE))
    conn, _ = platform.connector(retry=FAST_RETRY)
    assert len(await conn.balances("acc-1")) == 1
    assert len(platform.requests) == 3


def test_backoff_grows_exponentially_with_jitter_and_is_capped() -> None:
    policy = RetryPolicy(backoff_base=1.0, backoff_max=8.0)
    rng = random.Random(7)
    for attempt, ceiling in enumerate([1, 2, 4, 8, 8, 8]):
        delays = {backoff_delay(policy, attempt, rng) for _ in range(50)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1  # jittered, not a fixed ladder


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 11, 25, 4, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("7") == 7
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30
    assert retry_after_seconds(format_datetime(now - timedelta(seconds=30), usegmt=True), now) == 0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
