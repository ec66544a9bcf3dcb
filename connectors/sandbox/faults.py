"""Per-platform fault injection, described by a short spec string.

Grammar (whitespace ignored)::

    spec     := entry (";" entry)*
    entry    := platform ":" fault ("," fault)*        platform is an id or "*" (every platform)
    fault    := "latency=" duration | "error_rate=" probability | "timeout" | "malformed"
              | "rate_limit" | "expired_consent"
              | "deep_json" | "endless_paging" | "trickle=" duration | "huge_body=" megabytes
              | "gzip_bomb=" megabytes | "many_accounts=" count | "drop_after_commit"
    duration := number ("ms" | "s")?                   a bare number means milliseconds

Example: ``wallet_a:latency=300ms,error_rate=0.3;bank_b:timeout;store:malformed;ecny:rate_limit``.

A platform's own entry overrides the ``*`` entry fault by fault. What each fault does (the HTTP side
lives in ``app.py``):

* ``latency``: every response of the platform waits that long first.
* ``error_rate``: a resource request fails with 503 ``unavailable`` with that probability (seeded RNG).
* ``timeout``: a resource request hangs (30 s, longer than any sane client timeout).
* ``malformed``: a resource request gets 200 with a broken body: invalid JSON and schema-violating
  JSON, alternately.
* ``rate_limit``: every other resource request (the 1st, 3rd, ...) gets 429 with ``Retry-After: 1``.
* ``drop_after_commit``: a money-moving request (``POST /transfers``, ``DELETE /transfers/{id}``) is
  carried out and committed, then the connection is dropped before the answer is complete (the
  client must find out by ``GET /transfers?idempotency_key=``, as after a crash).
* ``expired_consent``: resource requests get 401 ``consent_expired`` and the consent really expires
  (refresh then fails with ``invalid_grant``); consents granted meanwhile expire at once.

Hostile platforms (what a client must survive without stopping the others or filling the memory):

* ``deep_json``: a resource request gets 400 with a body of 200,000 nested JSON brackets.
* ``endless_paging``: transaction pages never end: each says there is more, with a new cursor and a
  page of new transactions.
* ``trickle``: a resource reply's body arrives one byte per interval (``trickle=5s``), each byte
  well inside any read timeout.
* ``huge_body``: a resource request gets 200 and a JSON body of that many MiB (spaces around ``{}``),
  streamed from a generator (the sandbox never holds it).
* ``gzip_bomb``: a resource request gets 200 and a gzip-encoded JSON body that inflates to that many
  MiB (about 1 KiB on the wire per MiB), compressed as it is sent.
* ``many_accounts``: the account list also holds that many copies of the first account, each with
  an id of its own (their balances and transactions are not found).
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass, fields, replace

from .ledger import stable_hex

WILDCARD = "*"
_DURATION = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)?$")


@dataclass(frozen=True)
class FaultSpec:
    """Faults of one platform; ``None`` means "not set here" (so ``*`` can fill it in)."""

    latency_ms: int | None = None
    error_rate: float | None = None  # a probability, not money: float is right here
    timeout: bool | None = None
    malformed: bool | None = None
    rate_limit: bool | None = None
    expired_consent: bool | None = None
    deep_json: bool | None = None
    endless_paging: bool | None = None
    trickle_ms: int | None = None
    huge_body_mb: int | None = None
    gzip_bomb_mb: int | None = None
    many_accounts: int | None = None
    drop_after_commit: bool | None = None

    def over(self, base: FaultSpec) -> FaultSpec:
        """This spec with its unset fields taken from ``base``."""
        values = {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}
        return replace(base, **values)

    @property
    def any(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


def parse_fault_list(text: str) -> FaultSpec:
    """``latency=300ms,error_rate=0.3`` -> FaultSpec (ValueError on anything unknown)."""
    spec = FaultSpec()
    for raw in text.split(","):
        item = raw.strip()
        if not item:
            continue
        name, _, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if name in ("latency", "trickle"):
            m = _DURATION.match(value)
            if not m:
                raise ValueError(f"bad {name} {value!r} (use e.g. 300ms or 1.5s)")
            amount = float(m.group(1))
            ms = int(amount * 1000 if m.group(2) == "s" else amount)
            spec = replace(spec, **{"latency_ms" if name == "latency" else "trickle_ms": ms})
        elif name in ("huge_body", "gzip_bomb", "many_accounts"):
            if not value.isdigit() or int(value) < 1:
                raise ValueError(f"bad {name} {value!r} (a whole number, e.g. 400)")
            spec = replace(spec, **{name if name == "many_accounts" else f"{name}_mb": int(value)})
        elif name == "error_rate":
            try:
                rate = float(value)
            except ValueError:
                raise ValueError(f"bad error_rate {value!r}") from None
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"error_rate must be within 0..1, got {value}")
            spec = replace(spec, error_rate=rate)
        elif name in ("timeout", "malformed", "rate_limit", "expired_consent", "deep_json",
                      "endless_paging", "drop_after_commit") and not value:
            spec = replace(spec, **{name: True})
        else:
            raise ValueError(f"unknown fault {item!r}")
    return spec


def parse_faults(text: str | None, known: set[str] | None = None) -> dict[str, FaultSpec]:
    """The whole spec string -> {platform id or "*": FaultSpec}."""
    result: dict[str, FaultSpec] = {}
    for raw in (text or "").split(";"):
        entry = raw.strip()
        if not entry:
            continue
        platform, sep, rest = entry.partition(":")
        platform = platform.strip()
        if not sep or not platform:
            raise ValueError(f"fault entry {entry!r} needs 'platform:fault,...'")
        if known is not None and platform != WILDCARD and platform not in known:
            raise ValueError(f"unknown platform {platform!r} in fault spec")
        result[platform] = parse_fault_list(rest).over(result.get(platform, FaultSpec()))
    return result


class Faults:
    """The live fault table: what is set per platform, plus the counters and RNGs faults need."""

    def __init__(self, seed: int, spec: str | None = None, known: set[str] | None = None) -> None:
        self._seed = seed
        self._known = known
        self._lock = threading.Lock()
        self._specs: dict[str, FaultSpec] = parse_faults(spec, known)
        self._rngs: dict[str, random.Random] = {}
        self._counters: dict[tuple[str, str], int] = {}

    def set(self, platform_id: str, spec: str | None) -> None:
        """Replace one platform's faults (``None`` or "" clears them); counters and RNG start afresh."""
        if self._known is not None and platform_id != WILDCARD and platform_id not in self._known:
            raise ValueError(f"unknown platform {platform_id!r}")
        parsed = parse_fault_list(spec) if spec else None
        with self._lock:
            if parsed is None or not parsed.any:
                self._specs.pop(platform_id, None)
            else:
                self._specs[platform_id] = parsed
            self._rngs.pop(platform_id, None)
            for key in [k for k in self._counters if k[0] == platform_id]:
                del self._counters[key]

    def for_platform(self, platform_id: str) -> FaultSpec:
        with self._lock:
            base = self._specs.get(WILDCARD, FaultSpec())
            own = self._specs.get(platform_id)
            return own.over(base) if own else base

    def roll_error(self, platform_id: str, rate: float) -> bool:
        with self._lock:
            rng = self._rngs.get(platform_id)
            if rng is None:
                # Seeded per platform so a test run sees the same sequence of failures every time.
                rng = self._rngs[platform_id] = random.Random(stable_hex(self._seed, "faults", platform_id))
            return rng.random() < rate

    def tick(self, platform_id: str, what: str) -> int:
        """1, 2, 3, ... per (platform, fault): alternating faults use its parity."""
        with self._lock:
            n = self._counters.get((platform_id, what), 0) + 1
            self._counters[(platform_id, what)] = n
            return n
