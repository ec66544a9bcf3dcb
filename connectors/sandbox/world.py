"""The sandbox's world: its platforms, its books, its clock and the histories that fill the books.

One lock guards it: the HTTP handlers (uvicorn's thread) read while tests (another thread) may call
``advance``; every read and write of the books goes through ``World.lock``. The books always end at the
clock's present: reading ``now()`` first runs the histories up to it (the clock runs in real time when
served), so something posted at ``now()`` under the lock comes after everything already there.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from app.clock import Clock

from .history import DayByDay, ExtraBankHistory, one_year_before, open_accounts
from .household import HouseholdHistory
from .ledger import Ledger, SandboxClock
from .personalities import Personality, core_personalities, extra_personality
from .transfers import TransferBook


@dataclass
class World:
    seed: int
    start: date  # the first day of the history (a year before the day the world was built)
    platforms: dict[str, Personality]
    ledger: Ledger
    clock: SandboxClock
    transfers: TransferBook
    histories: list[DayByDay] = field(default_factory=list)
    lock: threading.RLock = field(default_factory=threading.RLock)
    _caught_up_to: datetime = field(init=False, repr=False)

    @classmethod
    def build(
        cls, seed: int = 42, today: date | None = None, extra_platforms: int = 0, time_source: Clock | None = None,
        start: date | None = None, journal: list[dict[str, Any]] | None = None,
        clearing_seconds: int | None = None,
    ) -> World:
        """A world whose clock follows ``time_source`` (default: whatever ``app.clock`` has installed);
        ``today`` pins its date (noon there, then on). The books begin a year before that, or on
        ``start`` (a world brought back later: the same books, grown up to now), and ``journal`` (the
        transfers it had, ``TransferBook.journal``) is replayed at its recorded times.
        ``clearing_seconds`` replaces every platform's clearing delay."""
        sandbox_clock = SandboxClock(today, time_source)
        start = start or one_year_before(sandbox_clock.now().date())
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
        platforms = {p.platform_id: p for p in personalities}
        book = TransferBook(seed, ledger, platforms, journal, clearing_seconds)
        world = cls(seed, start, platforms, ledger, sandbox_clock, book, histories)
        world._catch_up()
        return world

    @property
    def today(self) -> date:
        """The world's date now (Asia/Shanghai)."""
        return self.now().date()

    def now(self) -> datetime:
        """The world's time, with the books brought up to it."""
        with self.lock:
            self._catch_up()
            return self._caught_up_to

    def advance(self, delta: timedelta) -> None:
        with self.lock:
            self.clock.advance(delta)
            self._catch_up()

    def _catch_up(self) -> None:
        now = self.clock.now()
        # Transfer events (scheduled executions, clearing credits, journalled requests) run at their
        # own times, with the histories brought up to each first: as if the clock had stopped there.
        while (due := self.transfers.next_due(now)) is not None:
            for h in self.histories:
                h.run_until(due)
            self.transfers.run_next(due)
        for h in self.histories:
            h.run_until(now)
        self._caught_up_to = now
