"""The sandbox's world: its platforms, its books, its clock and the histories that fill the books.

One lock guards it: the HTTP handlers (uvicorn's thread) read while tests (another thread) may call
``advance``; every read and write of the books goes through ``World.lock``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .history import DayByDay, ExtraBankHistory, one_year_before, open_accounts
from .household import HouseholdHistory
from .ledger import CST, Ledger, SandboxClock
from .personalities import Personality, core_personalities, extra_personality


def shanghai_today() -> date:
    return datetime.now(CST).date()


@dataclass
class World:
    seed: int
    today: date
    platforms: dict[str, Personality]
    ledger: Ledger
    clock: SandboxClock
    histories: list[DayByDay] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)

    @classmethod
    def build(cls, seed: int = 42, today: date | None = None, extra_platforms: int = 0) -> World:
        today = today or shanghai_today()
        start = one_year_before(today)
        personalities = core_personalities() + [extra_personality(n) for n in range(1, extra_platforms + 1)]
        ledger = Ledger(seed=seed)
        for p in personalities:
            open_accounts(ledger, p, seed, start)
        mmf_rates = {
            p.account_id(s): p.mmf_rate
            for p in personalities
            if p.mmf_rate is not None
            for s in p.accounts
            if s.kind == "money_market"
        }
        histories: list[DayByDay] = [HouseholdHistory(ledger, seed, start, mmf_rates)]
        histories += [ExtraBankHistory(ledger, seed, start, p) for p in personalities[7:]]
        world = cls(
            seed, today, {p.platform_id: p for p in personalities}, ledger, SandboxClock(today), histories
        )
        world._catch_up()
        return world

    @property
    def start(self) -> date:
        return one_year_before(self.today)

    def now(self) -> datetime:
        return self.clock.now()

    def advance(self, delta: timedelta) -> None:
        with self.lock:
            self.clock.advance(delta)
            self._catch_up()

    def _catch_up(self) -> None:
        # Generate whole days up to the clock's date; later events of today stay invisible until then.
        last = self.clock.now().date()
        for h in self.histories:
            h.extend_to(last)
