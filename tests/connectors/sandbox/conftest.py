"""Fixtures: one real sandbox per test module (modules change its clock and faults independently)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from connectors.sandbox import Sandbox

from .helpers import Crawl, crawl


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(seed=42) as sb:
        yield sb


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=10.0) as c:
        yield c


@pytest.fixture(scope="module")
def crawled(sandbox: Sandbox, client: httpx.Client) -> Crawl:
    return crawl(sandbox, client)
