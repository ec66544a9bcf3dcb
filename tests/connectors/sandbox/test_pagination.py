"""The transaction change feed: every transaction once and in order, resumable while the clock moves."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from connectors.sandbox import Sandbox

from .helpers import Session, all_transactions, check_response, login

ACCOUNT = "hx-adult2-card"  # breakfast goes on this card every morning: it always has pending payments
FEED = "/accounts/{account_id}/transactions"


def ids(rows: list[dict[str, Any]]) -> list[str]:
    return [t["transaction_id"] for t in rows]


def changed_at(t: dict[str, Any]) -> str:
    """When the entry last changed: booked, or (still pending) when it appeared."""
    return t["booking_date_time"] or t["value_date_time"]


def walk_from(
    s: Session, account_id: str, cursor: str | None, limit: int = 500
) -> tuple[list[dict[str, Any]], str]:
    """Every entry after ``cursor``, and the cursor to store at the end."""
    rows: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": limit} | ({"cursor": cursor} if cursor else {})
    while True:
        body = check_response(s.get(f"/accounts/{account_id}/transactions", **params), "GET", FEED)
        rows += body["data"]["transactions"]
        assert body["meta"]["has_more"] == (body["links"]["next"] is not None)
        if not body["meta"]["has_more"]:
            return rows, body["meta"]["next_cursor"]
        params = {"limit": limit, "cursor": body["meta"]["next_cursor"]}


def test_walking_next_returns_every_transaction_once_in_order(sandbox: Sandbox, client: httpx.Client) -> None:
    # The breakfast card, not just any card: it has pending payments at noon on every day (test_calendar).
    s = login(sandbox, client, "bank_b", "adult2")
    for aid in (ACCOUNT,):
        whole = all_transactions(s, aid, limit=500)
        paged = all_transactions(s, aid, limit=37, validate=True)
        assert paged == whole
        assert len(set(ids(whole))) == len(whole) > 100
        # oldest change first (one offset everywhere, so text order is time order)
        assert [changed_at(t) for t in whole] == sorted(changed_at(t) for t in whole)
        assert any(t["status"] == "pending" for t in whole) and any(t["status"] == "booked" for t in whole)
    s = login(sandbox, client, "wallet_b", "adult1")
    whole = all_transactions(s, "cp-adult1-balance", limit=500)
    assert all_transactions(s, "cp-adult1-balance", limit=97) == whole
    assert len(set(ids(whole))) == len(whole) > 300


def test_the_last_page_still_has_a_cursor(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "store", "teen")
    body = check_response(s.get("/accounts/jx-teen-balance/transactions", limit=500), "GET", FEED)
    assert body["links"]["next"] is None and body["meta"]["has_more"] is False
    cursor = body["meta"]["next_cursor"]
    assert cursor
    # Resuming at the end: nothing new, and the same position back.
    again = check_response(s.get("/accounts/jx-teen-balance/transactions", cursor=cursor), "GET", FEED)
    assert again["data"]["transactions"] == [] and again["meta"] == {"next_cursor": cursor, "has_more": False}


def test_from_booking_date_filters_but_keeps_pending(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "bank_b", "adult2")
    whole = all_transactions(s, ACCOUNT)
    since = sandbox.world.today.replace(day=1)
    r = s.get(f"/accounts/{ACCOUNT}/transactions", limit=500, from_booking_date=since.isoformat())
    got = check_response(r, "GET", FEED)["data"]["transactions"]
    want = [
        t
        for t in whole
        if t["status"] == "pending" or date.fromisoformat(t["booking_date_time"][:10]) >= since
    ]
    assert got == want
    assert any(t["status"] == "pending" for t in got)


def test_pending_books_with_the_same_id_and_resuming_gets_only_changes(
    sandbox: Sandbox, client: httpx.Client
) -> None:
    s = login(sandbox, client, "bank_b", "adult2")
    before, stored = walk_from(s, ACCOUNT, None, limit=50)
    pending = {t["transaction_id"]: t for t in before if t["status"] == "pending"}
    assert pending, "the card has pending payments near today"
    assert all(t["booking_date_time"] is None for t in pending.values())

    sandbox.advance(days=2)
    assert s.refresh().status_code == 200  # the access token aged two days too

    # Resuming from the stored cursor: the pending ones again (now booked, same id), then the new ones.
    changes, _ = walk_from(s, ACCOUNT, stored, limit=7)
    by_id = {t["transaction_id"]: t for t in changes}
    assert len(by_id) == len(changes)
    for tid, old in pending.items():
        now = by_id[tid]
        assert now["status"] == "booked" and now["booking_date_time"] is not None
        assert {k: v for k, v in now.items() if k not in ("status", "booking_date_time")} == {
            k: v for k, v in old.items() if k not in ("status", "booking_date_time")
        }
    seen_before = set(ids(before))
    new = [t for t in changes if t["transaction_id"] not in seen_before]
    assert new, "two more days of breakfasts"
    assert set(by_id) == set(pending) | set(ids(new))

    # A fresh walk lists everything once: what was booked before keeps its order, the changes follow.
    after, _ = walk_from(s, ACCOUNT, None)
    assert len(set(ids(after))) == len(after) == len(before) + len(new)
    settled = [t for t in before if t["status"] == "booked"]
    assert after[: len(settled)] == settled
    assert ids(after[len(settled) :]) == ids(changes)


def test_resuming_without_changes_is_empty(sandbox: Sandbox, client: httpx.Client) -> None:
    s = login(sandbox, client, "wallet_a", "adult2")
    _, stored = walk_from(s, "ep-adult2-mmf", None, limit=100)
    again, stored_again = walk_from(s, "ep-adult2-mmf", stored)
    assert again == [] and stored_again == stored  # the clock stood still
    sandbox.advance(days=1)
    assert s.refresh().status_code == 200
    news, _ = walk_from(s, "ep-adult2-mmf", stored)
    # A new day, a new yield (on some days a sweep into the fund comes first).
    assert [t["category"] for t in news].count("interest") == 1
