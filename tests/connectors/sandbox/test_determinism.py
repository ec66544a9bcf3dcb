"""Same seed, same bytes; another seed, another history; extra platforms leave the household alone."""

from __future__ import annotations

from datetime import date

import httpx

from connectors.sandbox import Sandbox

from .helpers import login

TODAY = date(2025, 6, 18)  # pinned so two sandboxes cannot straddle midnight


def snapshot(sb: Sandbox, client: httpx.Client, platforms: list[str] | None = None) -> dict[str, bytes]:
    """Raw bodies of every resource response (the base URL, which holds the port, made neutral)."""
    out: dict[str, bytes] = {}
    for pid in platforms or list(sb.platform_urls()):
        for member, _, _ in sb.logins(pid):
            s = login(sb, client, pid, member)
            paths = ["/accounts"]
            for a in s.get("/accounts").json()["data"]["accounts"]:
                paths += [
                    f"/accounts/{a['account_id']}/balances",
                    f"/accounts/{a['account_id']}/transactions",
                ]
            if pid == "fx":
                paths += ["/fx/quote?from=USD&to=CNY", "/fx/quote?from=CNY&to=EUR"]
            for path in paths:
                url = s.base + path
                while url:
                    r = s.get(url)
                    assert r.status_code == 200, r.text
                    out[f"{pid}/{member}{url[len(s.base) :]}"] = r.content.replace(
                        sb.base_url.encode(), b"BASE"
                    )
                    url = r.json().get("links", {}).get("next") if "/transactions" in path else None
    return out


def test_same_seed_gives_identical_responses(client: httpx.Client) -> None:
    with Sandbox(seed=2024, today=TODAY) as a, Sandbox(seed=2024, today=TODAY) as b:
        snap_a, snap_b = snapshot(a, client), snapshot(b, client)
    assert snap_a.keys() == snap_b.keys()
    assert snap_a == snap_b
    assert sum(len(v) for v in snap_a.values()) > 500_000


def test_different_seeds_differ(client: httpx.Client) -> None:
    with Sandbox(seed=1, today=TODAY) as a, Sandbox(seed=2, today=TODAY) as b:
        snap_a, snap_b = snapshot(a, client, ["bank_a"]), snapshot(b, client, ["bank_a"])
    differing = [k for k in snap_a if snap_a[k] != snap_b.get(k)]
    assert len(differing) >= len(snap_a) // 2


def test_extra_platforms_do_not_change_the_household(client: httpx.Client) -> None:
    with Sandbox(seed=5, today=TODAY) as a, Sandbox(seed=5, today=TODAY, extra_platforms=3) as b:
        assert list(b.platform_urls())[7:] == ["bank_x01", "bank_x02", "bank_x03"]
        core = ["bank_a", "wallet_b"]
        assert snapshot(a, client, core) == snapshot(b, client, core)
        extra = snapshot(b, client, ["bank_x02"])
        assert any(k.endswith("/transactions") for k in extra)
        disc = client.get(b.platform_urls()["bank_x02"] + "/.well-known/huiliu-platform").json()
        assert disc["kind"] == "bank" and disc["name_en"] == "Sandbox Rural Bank 2"
