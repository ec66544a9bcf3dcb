"""``Sandbox``: the simulated platforms as a real uvicorn server on 127.0.0.1, in a background thread.

Typical use (tests, demos, benchmarks)::

    with Sandbox(seed=42) as sb:
        base = sb.platform_urls()["bank_a"]          # http://127.0.0.1:PORT/p/bank_a
        member, user, password = sb.logins("bank_a")[0]

``serve_forever`` runs the same server in the foreground for ``huiliu sandbox serve``.
"""

from __future__ import annotations

import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from types import FrameType, TracebackType
from typing import Any

import uvicorn

from app.clock import Clock

from .app import RateLimiter, SandboxState, create_app
from .faults import Faults
from .link import NonceCache, PlatformKeys
from .oauth import AuthServer
from .transfers import limits_table
from .world import World

START_TIMEOUT = 15.0
STOP_TIMEOUT = 15.0


class Sandbox:
    """Real uvicorn server on 127.0.0.1 in a background thread."""

    def __init__(
        self,
        seed: int = 42,
        port: int = 0,
        faults: str | None = None,
        extra_platforms: int = 0,
        latency_ms: int = 0,
        *,
        today: date | None = None,
        rate_limit: int = 20,
        time_source: Clock | None = None,
        start: date | None = None,
        clearing_seconds: int | None = None,
        platform_keys: Mapping[str, Mapping[str, str]] | None = None,
        journal: list[dict[str, Any]] | None = None,
        nonces: Mapping[str, float] | None = None,
    ) -> None:
        """The sandbox's time is ``app.clock``'s (real time when served), moved on by ``advance``;
        ``today`` pins its date instead (it starts at noon of that day in Asia/Shanghai), and
        ``time_source`` replaces ``app.clock`` for this sandbox alone. ``rate_limit`` is the per-token
        limit in requests per second (0 disables it). ``start`` is the first day of the books (default: a
        year before today), so a sandbox served again later keeps the books it had.

        Transfers: ``clearing_seconds`` replaces every platform's clearing delay between institutions;
        a sandbox brought back passes what ``LocalSandbox.save`` kept: each platform's SM2 key pair
        (``platform_keys``; new ones are made otherwise), the transfers' ``journal`` (replayed at their
        times) and the transfer-link ``nonces`` still inside the replay window."""
        self.seed = seed
        self._requested_port = port
        self.world = World.build(seed, today, extra_platforms, time_source, start, journal, clearing_seconds)
        self.faults = Faults(seed, faults, known=set(self.world.platforms))
        self.auth = AuthServer(self.world.clock)
        self.state = SandboxState(self.world, self.auth, self.faults, latency_ms, RateLimiter(rate_limit),
                                  keys=PlatformKeys(platform_keys), nonces=NonceCache(nonces))
        for pid, p in self.world.platforms.items():
            if "transfers" in p.capabilities:
                self.state.keys.public(pid)  # made now, so the state file holds them from the start
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self.base_url = ""

    # ------------------------------------------------------------------------------ lifecycle

    def start(self) -> Sandbox:
        """Start serving; returns once the server accepts connections (port 0 picks a free port).

        Raises OSError when the port is taken."""
        if self._thread is not None:
            raise RuntimeError("sandbox already started")
        self.state.stopping.clear()
        config = uvicorn.Config(
            create_app(self.state),
            host="127.0.0.1",
            port=self._requested_port,
            log_config=None,  # leave the host application's logging alone
            log_level="warning",
            access_log=False,
            lifespan="off",
            loop="asyncio",
            timeout_graceful_shutdown=3,
        )
        # Bind here, in the caller's thread, so a busy port raises OSError to the caller (uvicorn would
        # sys.exit inside its thread) and port 0 resolves before anyone asks for base_url.
        sock = _bind_loopback(self._requested_port)
        self.port = sock.getsockname()[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="huiliu-sandbox", daemon=True
        )
        self._server, self._thread = server, thread
        thread.start()
        deadline = time.monotonic() + START_TIMEOUT
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                thread.join(timeout=STOP_TIMEOUT)
                sock.close()
                self._server = self._thread = None
                raise RuntimeError(f"sandbox server did not start on {self.base_url}")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop serving and join the thread; the port is closed when this returns. Idempotent."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self.state.stopping.set()  # wakes hung (timeout fault) and delayed handlers at once
        server.should_exit = True
        thread.join(timeout=STOP_TIMEOUT)
        if thread.is_alive():  # pragma: no cover - only when a handler ignores the stop flag
            server.force_exit = True
            thread.join(timeout=STOP_TIMEOUT)
        self._server = self._thread = None

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # ------------------------------------------------------------------------------ what tests ask

    def platform_urls(self) -> dict[str, str]:
        """platform_id -> its base URL (``{base_url}/p/{platform_id}``)."""
        return {pid: f"{self.base_url}/p/{pid}" for pid in self.world.platforms}

    def logins(self, platform_id: str) -> list[tuple[str, str, str]]:
        """(member_key, username, password) of each household member with accounts on the platform."""
        p = self.world.platforms[platform_id]
        return [(m, p.usernames[m], p.password(m)) for m in p.members()]

    def set_faults(self, platform_id: str, spec: str | None) -> None:
        """Replace one platform's faults at run time, e.g. ``set_faults("bank_b", "timeout")``."""
        self.faults.set(platform_id, spec)

    def _member(self, platform_id: str, username: str) -> str:
        p = self.world.platforms[platform_id]
        for member, name in p.usernames.items():
            if name == username:
                return member
        raise KeyError(f"no user {username!r} on {platform_id}")

    def ledger_balances(self, platform_id: str, username: str) -> dict[str, Decimal]:
        """account_id -> booked balance now (signed: negative is owed), straight from the books."""
        member = self._member(platform_id, username)
        with self.world.lock:
            now = self.world.now()
            return {
                a.account_id: self.world.ledger.booked_balance(a.account_id, now)
                for a in self.world.ledger.accounts_of(platform_id, member)
            }

    def opening_balances(self, platform_id: str, username: str) -> dict[str, Decimal]:
        """account_id -> balance at the start of the history (what booked transactions start from)."""
        member = self._member(platform_id, username)
        return {a.account_id: a.opening_balance for a in self.world.ledger.accounts_of(platform_id, member)}

    def advance(self, days: int = 0, hours: int = 0, minutes: int = 0, seconds: int = 0) -> None:
        """Move the sandbox clock forward: new days of history (interest, bills, ...) appear, pending
        card payments book, scheduled transfers run and transfers between platforms clear, and tokens,
        codes and consents age by the same amount."""
        self.world.advance(timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds))

    def transfer_public_key(self, platform_id: str) -> str:
        """The platform's SM2 public key (hex), as its discovery document shows it."""
        return self.state.keys.public(platform_id)

    def money(self) -> dict[str, dict[str, Decimal]]:
        """Where the sandbox's money is, per currency: ``balances`` (every account's balance, pending
        transactions included), ``in_flight`` (debited, not yet credited between platforms),
        ``outside`` (sent to accounts outside the sandbox) and ``fx_desk`` (the FX desks' net position:
        what they took in selling minus what they paid out buying, through cross-currency transfers)."""
        with self.world.lock:
            self.world.now()
            balances: dict[str, Decimal] = {}
            for a in self.world.ledger.accounts.values():
                balances[a.currency] = balances.get(a.currency, Decimal("0.00")) + self.world.ledger.running[a.account_id]
            return {"balances": balances, "in_flight": self.world.transfers.in_flight(),
                    "outside": dict(self.world.transfers.outside),
                    "fx_desk": dict(self.world.transfers.desk.position)}

    def limits(self) -> list[dict[str, Any]]:
        """Every platform's own transfer limits as data (``transfers.limits_table``)."""
        return limits_table(self.world.platforms)

    def now(self) -> str:
        """The sandbox's current time (RFC 3339, Asia/Shanghai)."""
        return self.world.now().isoformat()


def _bind_loopback(port: int) -> socket.socket:
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto says TCP,
    # and without it Nagle + delayed ACK add ~40 ms to every keep-alive request.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        if os.name == "posix":
            # Lets a restarted sandbox reuse its port while old connections sit in TIME_WAIT; on Windows
            # the same flag would let two servers share a port, so it is POSIX only.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def serve_forever(
    port: int, seed: int, faults: str | None, *, extra_platforms: int = 0, latency_ms: int = 0
) -> None:
    """Serve in the foreground until Ctrl+C or SIGTERM (used by ``huiliu sandbox serve``)."""
    done = threading.Event()
    previous = None
    if threading.current_thread() is threading.main_thread():

        def on_term(signum: int, frame: FrameType | None) -> None:
            done.set()

        previous = signal.signal(signal.SIGTERM, on_term)
    sandbox = Sandbox(
        seed=seed, port=port, faults=faults, extra_platforms=extra_platforms, latency_ms=latency_ms
    ).start()
    try:
        out = sys.stdout
        out.write(f"Huiliu sandbox on {sandbox.base_url} (seed {seed}, today {sandbox.world.today})\n")
        for pid, url in sandbox.platform_urls().items():
            logins = ", ".join(f"{m}={u}/{pw}" for m, u, pw in sandbox.logins(pid))
            out.write(f"  {pid:<10} {url}  logins: {logins}\n")
        out.write("Press Ctrl+C to stop.\n")
        out.flush()
        while not done.wait(0.2):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        sandbox.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
