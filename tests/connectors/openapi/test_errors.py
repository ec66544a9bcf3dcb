"""Sync errors: each names the platform, says what to do, and comes from the message catalogue."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator

import pytest

from app import i18n
from app.errors import HuiliuError
from app.sync.errors import (
    PLATFORM_TEXT,
    ConsentDenied,
    ConsentExpired,
    ConsentFailed,
    InvalidData,
    PlatformUnavailable,
    RateLimited,
    SyncError,
    platform_text,
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


HOSTILE_WORDS = "\x1b]0;pwned\x07\x1b[2J\u202eevil\u202c " + "很长的说明" * 20_000


@pytest.mark.parametrize("make", [
    lambda w: SyncError.rejected("Bank A", 400, w),
    lambda w: ConsentExpired("Bank A", w),
    lambda w: ConsentFailed("Bank A", w),
    lambda w: PlatformUnavailable("Bank A", f"HTTP 503 {w}"),
    lambda w: InvalidData("Bank A", "GET /accounts", w, w),
], ids=["rejected", "consent_expired", "consent_failed", "unavailable", "invalid_data"])
def test_a_platforms_own_words_are_short_and_only_text(make: Callable[[str], SyncError]) -> None:
    # (a stale reason is stored, listed and printed: 100,000 characters of escapes would be too)
    message = str(make(HOSTILE_WORDS))
    assert len(message) < 3 * PLATFORM_TEXT + 300
    assert not any(unicodedata.category(c)[0] == "C" for c in message)
    assert "pwned" in message and "…" in message  # what it said is kept, cut and defused


def test_short_plain_words_are_kept_as_they_are() -> None:
    assert platform_text("No account 'x' for this consent.") == "No account 'x' for this consent."
    assert platform_text("a" * PLATFORM_TEXT) == "a" * PLATFORM_TEXT
    assert platform_text("a" * (PLATFORM_TEXT + 1)) == "a" * (PLATFORM_TEXT - 1) + "…"
