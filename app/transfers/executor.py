"""The one executor: persists every step of a transfer and talks to the platforms.

Nothing is sent before the transfer is persisted with its idempotency key and the SM3 of its request;
each send is marked in the transfer's events before the network call, so after a crash the transfer is
reconciled by asking the platform for its key (``transfer_by_key``) before anything is sent again, and
the platform itself answers a repeated key with its first answer: never submitted twice, never lost.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.errors import HuiliuError, NotFound
from app.sync.contract import Capability, RemoteTransfer, TransferOrder, TransferQuote
from app.sync.errors import SyncError, TransferRefused
from app.transfers import states
from app.transfers.request import TransferRequest
from app.vault.schema import Account, Connection, Payee, Transfer, TransferEvent

if TYPE_CHECKING:
    from app.sync.service import SyncService
    from app.unit_of_work import UnitOfWork

EXTERNAL_PLATFORM = "external"  # a payee outside every connected platform: the order names its institution

_REMOTE_STATE = {"scheduled": states.SUBMITTED, "pending": states.SUBMITTED, "clearing": states.SUBMITTED,
                 "settled": states.SETTLED, "rejected": states.REJECTED, "cancelled": states.REVOKED}


@dataclass(frozen=True)
class Step:
    """What one release, poll or revocation did to a transfer."""

    transfer_id: int
    state: str
    moved: bool
    reason: str = ""


def move(unit: UnitOfWork, s: Session, row: Transfer, state: str, member_id: int | None, now: datetime,
         **detail: Any) -> None:
    """Move ``row`` to ``state`` (forward only), with an event row and an audit event (ids and states only)."""
    states.check_move(row.id, row.state, state)
    row.state, row.updated_at = state, now
    add_event(unit, s, row, state, member_id, now, **detail)
    unit.record(s, f"transfer.{state}", "transfer", row.id, member=member_id,
                account=row.from_account_id, **{k: v for k, v in detail.items() if k in ("code", "approval")})


def add_event(unit: UnitOfWork, s: Session, row: Transfer, state: str, member_id: int | None, now: datetime,
              **detail: Any) -> None:
    event = TransferEvent(id=unit.vault.next_id("transfer_events"), transfer_id=row.id, at=now, state=state,
                          member_id=member_id)
    event.detail = json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)
    s.add(event)


def events(s: Session, transfer_id: int) -> list[TransferEvent]:
    return list(s.scalars(select(TransferEvent).where(TransferEvent.transfer_id == transfer_id)
                          .order_by(TransferEvent.id)))


def _was_sent(s: Session, transfer_id: int) -> bool:
    for e in events(s, transfer_id):
        try:
            if json.loads(e.detail or "{}").get("sending"):
                return True
        except ValueError:
            return True  # unreadable: assume it may have gone, and ask the platform first
    return False


@dataclass(frozen=True)
class _Route:
    connection_id: int
    order: TransferOrder


def route(s: Session, row: Transfer, execute_at: datetime | None = None) -> _Route:
    """The order to send for ``row``: the sending account's platform ids and the receiver's."""
    request = TransferRequest.from_canonical(row.request or "")
    sender = s.get(Account, row.from_account_id)
    if sender is None or sender.connection_id is None or not sender.remote_id:
        raise NotFound("account", row.from_account_id)
    if row.to_account_id is not None:
        receiver = s.get(Account, row.to_account_id)
        if receiver is None or not receiver.remote_id:
            raise NotFound("account", row.to_account_id)
        conn = s.get(Connection, receiver.connection_id) if receiver.connection_id is not None else None
        to_platform = (conn.remote_platform_id or EXTERNAL_PLATFORM) if conn is not None else EXTERNAL_PLATFORM
        to_account, to_name = receiver.remote_id, receiver.holder_name or ""
    else:
        payee = s.get(Payee, row.payee_id)
        if payee is None:
            raise NotFound("payee", row.payee_id or 0)
        to_platform, to_account, to_name = EXTERNAL_PLATFORM, payee.number or "", payee.name or ""
    order = TransferOrder(idempotency_key=row.idempotency_key, from_account=sender.remote_id,
                          to_platform=to_platform, to_account=to_account, to_name=to_name,
                          amount=request.amount, currency=request.currency, memo=request.memo,
                          execute_at=execute_at, quote_id=request.quote_id)
    return _Route(sender.connection_id, order)


class Executor:
    """Sends, polls and cancels transfers; every state it reaches is written before it returns."""

    def __init__(self, unit: UnitOfWork, sync: Callable[[], SyncService]) -> None:
        self.unit = unit
        self.sync = sync

    # --- network ----------------------------------------------------------------------------------

    def _call(self, connection_id: int, work: Callable[[Any], Any]) -> Any:
        connector, _view = self.sync().transfer_connector(connection_id)

        async def run() -> Any:
            try:
                return await work(connector)
            finally:
                await connector.aclose()

        return asyncio.run(run())

    def quote(self, connection_id: int, from_remote: str, buy_currency: str, amount: Decimal) -> TransferQuote:
        """The platform's firm quote for selling ``amount`` from ``from_remote`` into ``buy_currency``."""
        async def ask(connector: Any) -> TransferQuote:
            result: TransferQuote = await connector.quote_transfer(from_remote, buy_currency, amount)
            return result

        found: TransferQuote = self._call(connection_id, ask)
        return found

    def supports_scheduling(self, connection_id: int) -> bool:
        async def ask(connector: Any) -> bool:
            info = await connector.discover()
            return Capability.SCHEDULED_TRANSFERS.value in info.capabilities

        try:
            return bool(self._call(connection_id, ask))
        except HuiliuError:
            return False

    # --- release ----------------------------------------------------------------------------------

    def release(self, transfer_id: int, member_id: int | None, early: bool = False) -> Step:
        """Send a PENDING transfer whose window has ended (or, ``early``, one a platform will execute at its
        release time and can cancel until then). A platform's refusal rejects it; an unreachable platform
        leaves it PENDING for the next try, which first asks the platform whether the send arrived."""
        now = clock.utcnow()
        with self.unit.write(system=True) as s:
            row = s.get(Transfer, transfer_id)
            if row is None:
                raise NotFound("transfer", transfer_id)
            if row.state != states.PENDING:
                return Step(row.id, row.state, False)
            if not early and row.release_at is not None and row.release_at > now:
                return Step(row.id, row.state, False)
            at = row.release_at if early and row.release_at is not None and row.release_at > now else None
            planned = route(s, row, at)
            resend = _was_sent(s, row.id)
            add_event(self.unit, s, row, states.PENDING, member_id, now, sending=True,
                      scheduled=at.isoformat() if at else None)
        key = planned.order.idempotency_key

        async def send(connector: Any) -> RemoteTransfer:
            if resend:
                found: RemoteTransfer | None = await connector.transfer_by_key(key)
                if found is not None:
                    return found
            result: RemoteTransfer = await connector.submit_transfer(planned.order)
            return result

        try:
            remote = self._call(planned.connection_id, send)
        except TransferRefused as exc:
            return self._refused(transfer_id, member_id, exc)
        except SyncError as exc:
            with self.unit.write(system=True) as s:
                row = s.get(Transfer, transfer_id)
                assert row is not None
                add_event(self.unit, s, row, row.state, member_id, clock.utcnow(), send_failed=type(exc).__name__,
                          message=str(exc))
            return Step(transfer_id, states.PENDING, False, str(exc))
        return self.apply(transfer_id, remote, member_id)

    def _refused(self, transfer_id: int, member_id: int | None, exc: TransferRefused) -> Step:
        with self.unit.write(system=True) as s:
            row = s.get(Transfer, transfer_id)
            assert row is not None
            if row.state in states.FINAL:
                return Step(row.id, row.state, False)
            row.reason = str(exc)
            move(self.unit, s, row, states.REJECTED, member_id, clock.utcnow(), code=exc.code)
            return Step(row.id, row.state, True, str(exc))

    def apply(self, transfer_id: int, remote: RemoteTransfer, member_id: int | None) -> Step:
        """Record what the platform says about a transfer (its first answer or a later status)."""
        with self.unit.write(system=True) as s:
            row = s.get(Transfer, transfer_id)
            assert row is not None
            if row.remote_id != remote.transfer_id:
                row.remote_id = remote.transfer_id
            wanted = _REMOTE_STATE.get(remote.status, states.SUBMITTED)
            if row.state == wanted or row.state in states.FINAL:
                add_event(self.unit, s, row, row.state, member_id, clock.utcnow(), remote=remote.status)
                return Step(row.id, row.state, False)
            now = clock.utcnow()
            if wanted != states.SUBMITTED and row.state == states.PENDING and wanted != states.REVOKED:
                move(self.unit, s, row, states.SUBMITTED, member_id, now, remote="accepted")
            if wanted == states.REJECTED:
                row.reason = remote.reason or remote.reason_code
            if states.can_move(row.state, wanted):
                move(self.unit, s, row, wanted, member_id, now, remote=remote.status, code=remote.reason_code or None)
            return Step(row.id, row.state, True, row.reason or "")

    # --- poll, revoke -----------------------------------------------------------------------------

    def _at_platform(self, transfer_id: int) -> tuple[str, str, int | None]:
        """(state, the platform's transfer id, the sending account's connection) of one transfer."""
        with self.unit.reader() as s:
            row = s.get(Transfer, transfer_id)
            if row is None:
                raise NotFound("transfer", transfer_id)
            sender = s.get(Account, row.from_account_id)
            return row.state, row.remote_id or "", sender.connection_id if sender is not None else None

    def poll(self, transfer_id: int, member_id: int | None) -> Step:
        """Ask the platform where a SUBMITTED transfer stands."""
        state, remote_id, connection_id = self._at_platform(transfer_id)
        if state != states.SUBMITTED or not remote_id or connection_id is None:
            return Step(transfer_id, state, False)

        async def ask(connector: Any) -> RemoteTransfer:
            result: RemoteTransfer = await connector.transfer(remote_id)
            return result

        try:
            remote = self._call(connection_id, ask)
        except SyncError as exc:
            return Step(transfer_id, states.SUBMITTED, False, str(exc))
        return self.apply(transfer_id, remote, member_id)

    def cancel_remote(self, transfer_id: int, member_id: int | None) -> Step:
        """Cancel a transfer the platform holds for later execution (revocation inside its window)."""
        _state, remote_id, connection_id = self._at_platform(transfer_id)
        if not remote_id or connection_id is None:
            raise NotFound("transfer", transfer_id)

        async def cancel(connector: Any) -> RemoteTransfer:
            result: RemoteTransfer = await connector.cancel_transfer(remote_id)
            return result

        remote = self._call(connection_id, cancel)
        return self.apply(transfer_id, remote, member_id)

    def due(self, now: datetime) -> tuple[list[int], list[int]]:
        """(PENDING transfers whose window has ended, SUBMITTED ones still open at their platform)."""
        with self.unit.reader() as s:
            pending = [r.id for r in s.scalars(select(Transfer).where(Transfer.state == states.PENDING)
                                               .order_by(Transfer.id))
                       if r.release_at is None or r.release_at <= now]
            submitted = list(s.scalars(select(Transfer.id).where(Transfer.state == states.SUBMITTED)
                                       .order_by(Transfer.id)))
        return pending, submitted

