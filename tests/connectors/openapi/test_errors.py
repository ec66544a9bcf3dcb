"""Sync errors: each names the platform, says what to do, and comes from the message catalogue."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app import i18n
from app.errors import HuiliuError
from app.sync.errors import (
    ConsentDenied,
    ConsentExpired,
    ConsentFailed,
    InvalidData,
    PlatformUnavailable,
    RateLimited,
    SyncError,
)

EXAMPLES: list[SyncError] = [
    SyncError("Bank A"),
    SyncError.rejected("Bank A", 404, "No account 'x' for this consent."),
    ConsentExpired("Bank A"),
    ConsentDenied("Bank A"),
    ConsentFailed("Bank A", "the answer does not belong to this request"),
    RateLimited("Bank A", 1.2),
    RateLimited("Bank A", None),
    PlatformUnavailable("Bank A", "HTTP 503 Service unavailable"),
    InvalidData("Bank A", "GET /accounts", "data.accounts[0].kind", "Input should be 'debit_card', ..."),
]


@pytest.fixture
def chinese() -> Iterator[None]:
    i18n.set_language("zh_CN")
    try:
        yield
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("err", EXAMPLES, ids=lambda e: type(e).__name__)
def test_every_sync_error_is_a_huiliu_error_naming_its_platform(err: SyncError) -> None:
    assert isinstance(err, HuiliuError) and err.platform == "Bank A"
    assert str(err).startswith("Bank A") or "Bank A" in str(err)


def test_the_details_people_need_are_in_the_message() -> None:
    assert "2 seconds" in str(RateLimited("Bank A", 1.2))  # whole seconds, rounded up
    invalid = InvalidData("Bank A", "GET /accounts", "data.accounts[0].kind", "unknown kind")
    assert "GET /accounts" in str(invalid) and "data.accounts[0].kind" in str(invalid)
    assert "HTTP 503" in str(PlatformUnavailable("Bank A", "HTTP 503 Service unavailable"))
    assert "404" in str(SyncError.rejected("Bank A", 404, "gone"))


def test_messages_are_looked_up_in_the_catalogue(monkeypatch: pytest.MonkeyPatch, chinese: None) -> None:
    msgid = "Your consent for {platform} has expired or was withdrawn; connect {platform} again."
    monkeypatch.setitem(i18n._catalogs, "zh_CN", {msgid: "您对{platform}的授权已过期或已被撤销；请重新连接{platform}。"})
    assert str(ConsentExpired("甲银行")) == "您对甲银行的授权已过期或已被撤销；请重新连接甲银行。"
