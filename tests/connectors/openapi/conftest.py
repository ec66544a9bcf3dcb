"""Fixtures for the openapi connector tests: async tests run on asyncio through anyio's plugin."""

from __future__ import annotations

import pytest

from app.sync.contract import RetryPolicy

# Retries keep their real shape (exponential, jittered, bounded) but in milliseconds.
FAST_RETRY = RetryPolicy(max_retries=4, backoff_base=0.01, backoff_max=0.05, max_total_wait=2.0)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
