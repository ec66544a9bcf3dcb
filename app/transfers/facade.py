"""``TransfersFacade``: transfers, payees and the policy as ``AppServices`` offers them (a mixin it inherits).

Every transfer — typed by a person, proposed by a rule, asked for by a family member — comes in through
``submit_transfer``: the policy decides (``app.policy``), the household's approvals are asked for, step-up
proofs are redeemed here and nowhere else, the transfer is persisted before any network call, and the
one ``Executor`` sends it when its window ends. It relies on ``unit``, ``vault``, ``member_id``,
``sync_service`` and the household's ``approvers_for_transfer`` of the class it is mixed into.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.changes import Changes
from app.errors import NotFound, NotPermitted, TamperedRecord, ValidationError
from app.household import approvals as approval_rules
from app.i18n import _
from app.transfers import payees as payee_store
from app.transfers import states
from app.transfers.executor import Executor, Step, events, move
from app.transfers.request import TransferRequest
from app.transfers.views import TransferEventView, TransferView, decision_dict
from app.vault.schema import Account, Approval, Transfer

if TYPE_CHECKING:
    from app.sync.service import SyncService
    from app.unit_of_work import UnitOfWork
    from app.vault.store import Vault

APPROVAL_KIND = "transfer"


@dataclass(frozen=True)
class TransferOutcome:
    """What ``submit_transfer`` did. ``status``: executed (sent or settled), accepted (persisted, waiting for
    its window or approval), needs_step_up / needs_confirmation (nothing persisted: come back with the
    proof or the confirmation), denied (persisted as rejected, with the decision), held (for review)."""

    status: str
    decision: Any
    transfer: TransferView | None = None
    approval_id: int | None = None
    message: str = ""
    steps: tuple[Step, ...] = field(default_factory=tuple)

    @property
    def exit_code(self) -> int:
        """The command line's exit code: 0 accepted/executed, 3 needs step-up, 4 denied, 6 held for review,
        5 needs confirmation."""
        return {"executed": 0, "accepted": 0, "needs_step_up": 3, "denied": 4, "needs_confirmation": 5,
                "held": 6}.get(self.status, 1)


def transfer_view(s: Session, row: Transfer) -> TransferView:
    damaged = ""
    try:
        amount, currency, memo = row.amount, row.currency or "", row.memo or ""
        decision, remote_id, reason = decision_dict(row.decision), row.remote_id or "", row.reason or ""
    except TamperedRecord as exc:
        amount, currency, memo, decision, remote_id, reason, damaged = None, "", "", {}, "", "", str(exc)
    shown = []
    for e in events(s, row.id):
        try:
            detail = decision_dict(e.detail)
        except TamperedRecord as exc:
            detail, damaged = {}, damaged or str(exc)
        shown.append(TransferEventView(e.at, e.state, e.member_id, detail))
    return TransferView(
        id=row.id, state=row.state, created_at=row.created_at, updated_at=row.updated_at, member_id=row.member_id,
        from_account_id=row.from_account_id, to_account_id=row.to_account_id, payee_id=row.payee_id,
        amount=amount, currency=currency, memo=memo, arrival=row.arrival, source=row.source,
        idempotency_key=row.idempotency_key, release_at=row.release_at, revocable_until=row.revocable_until,
        approval_id=row.approval_id, remote_id=remote_id, reason=reason, decision=decision,
        events=tuple(shown), damaged=damaged)


class TransfersFacade:
    """Transfers and payees, acting as ``self.member_id``."""

    unit: UnitOfWork
    vault: Vault

    @property
    def sync_service(self) -> SyncService:  # AppServices gives it
        raise NotImplementedError

    def _acting(self) -> int:  # HouseholdFacade gives it
        raise NotImplementedError

    def approvers_for_transfer(self, account_id: int, amount: Decimal, currency: str,
                               payee_is_new: bool) -> approval_rules.Policy | None:  # HouseholdFacade
        raise NotImplementedError

    @property
    def executor(self) -> Executor:
        found: Executor | None = self.__dict__.get("_executor")
        if found is None:
            found = Executor(self.unit, lambda: self.sync_service)
            self.__dict__["_executor"] = found
        return found

    # --- payees -----------------------------------------------------------------------------------

    def payees(self, include_removed: bool = False) -> list[payee_store.PayeeView]:
        me = self._acting()
        with self.unit.reader() as s:
            return [payee_store.view(r) for r in payee_store.of_member(s, me, include_removed)]

    def add_payee(self, name: str, number: str, institution: str, kind: str = "debit_card",
                  id_number: str | None = None, legal_entity: str = "", note: str = "") -> payee_store.PayeeView:
        """Save a payee; for the policy's cooling period from now it is tier C (arrival delayed, revocable)."""
        me, now = self._acting(), clock.utcnow()
        with self.unit.write() as s:
            row = payee_store.add(s, self.vault, me, name, number, institution, kind, now, id_number, legal_entity,
                                  note)
            s.flush()
            self.unit.record(s, "payee.added", "payee", row.id, member=me, kind=kind)
            return payee_store.view(row)

    def remove_payee(self, payee_id: int, version: int) -> payee_store.PayeeView:
        me, now = self._acting(), clock.utcnow()
        with self.unit.write() as s:
            row = payee_store.remove(s, me, payee_id, version, now)
            s.flush()
            self.unit.record(s, "payee.removed", "payee", row.id, member=me)
            return payee_store.view(row)

    def change_payee_number(self, payee_id: int, number: str, version: int) -> payee_store.PayeeView:
        me, now = self._acting(), clock.utcnow()
        with self.unit.write() as s:
            row = payee_store.change_number(s, self.vault, me, payee_id, number, version, now)
            s.flush()
            self.unit.record(s, "payee.number_changed", "payee", row.id, member=me)
            return payee_store.view(row)

    # --- reading transfers ------------------------------------------------------------------------

    def transfers(self, state: str | None = None, limit: int = 500) -> list[TransferView]:
        """The transfers whose sending account's transactions the acting member may read, newest first."""
        self._acting()
        chain = self.vault.sealer
        held = chain.held("transactions") if chain.keyed else None
        with self.unit.reader() as s:
            q = select(Transfer).order_by(Transfer.id.desc()).limit(limit)
            if state is not None:
                q = q.where(Transfer.state == state)
            rows = [r for r in s.scalars(q) if held is None or r.from_account_id in held]
            return [transfer_view(s, r) for r in rows]

    def transfer(self, transfer_id: int) -> TransferView:
        self._acting()
        chain = self.vault.sealer
        with self.unit.reader() as s:
            row = s.get(Transfer, transfer_id)
            if row is None or (chain.keyed and not chain.holds(row.from_account_id, "transactions")):
                raise NotFound("transfer", transfer_id)
            return transfer_view(s, row)

    # --- moving money -----------------------------------------------------------------------------

    def _existing(self, request: TransferRequest) -> TransferView | None:
        """The transfer already made under this request's key: the same request is answered with it, a
        different one under the same key is refused."""
        with self.unit.reader() as s:
            row = s.scalars(select(Transfer).where(Transfer.idempotency_key == request.idempotency_key)).first()
            if row is None:
                return None
            if bytes(row.request_digest) != request.digest():
                raise ValidationError("idempotency_key", _(
                    "this idempotency key was already used for a different transfer; start a new transfer"))
            return transfer_view(s, row)

    def _persist(self, s: Session, request: TransferRequest, member_id: int, state: str, decision_json: str,
                 release_at: datetime | None, revocable_until: datetime | None, now: datetime,
                 reason: str = "") -> Transfer:
        row = Transfer(id=self.vault.next_id("transfers"), created_at=now, updated_at=now,
                       from_account_id=request.from_account_id, member_id=member_id,
                       to_account_id=request.to_account_id, payee_id=request.payee_id, source=request.source,
                       state=states.DRAFT, arrival=request.arrival, idempotency_key=request.idempotency_key,
                       request_digest=request.digest(), release_at=release_at, revocable_until=revocable_until)
        row.amount, row.currency, row.memo = request.amount, request.currency, request.memo
        row.request, row.decision = request.canonical(), decision_json
        row.reason = reason or None
        s.add(row)
        s.flush()
        self.unit.record(s, "transfer.created", "transfer", row.id, member=member_id,
                         account=request.from_account_id, source=request.source, arrival=request.arrival)
        move(self.unit, s, row, state, member_id, now)
        return row

    def revoke_transfer(self, transfer_id: int) -> TransferView:
        """Revoke a transfer inside its window (held locally, or scheduled at a platform that can cancel)."""
        me, now = self._acting(), clock.utcnow()
        view = self.transfer(transfer_id)
        if view.member_id != me:
            raise NotPermitted(_("only the member who made a transfer revokes it"))
        if not view.revocable_at(now):
            raise NotPermitted(_("transfer {id} can no longer be revoked: its window has passed or it has "
                                 "already been sent").format(id=transfer_id))
        if view.state == states.SUBMITTED:
            step = self.executor.cancel_remote(transfer_id, me)
            if step.state != states.REVOKED:
                raise NotPermitted(_("the platform has already executed transfer {id}").format(id=transfer_id))
        else:
            with self.unit.write() as s:
                row = s.get(Transfer, transfer_id)
                assert row is not None
                move(self.unit, s, row, states.REVOKED, me, now)
                if row.approval_id is not None:
                    approval = s.get(Approval, row.approval_id)
                    if approval is not None and approval.status == approval_rules.PENDING:
                        approval_rules.cancel(s, approval.id, me, approval.version, now)
        self._transfers_changed(transfer_id)
        return self.transfer(transfer_id)

    def _transfers_changed(self, transfer_id: int) -> None:
        """Hook: the in-memory facts follow the transfer's new state (the policy wiring overrides it)."""

    def run_due_transfers(self) -> list[Step]:
        """The scheduler's tick: send every transfer whose window has ended, ask the platforms about the
        ones they hold, settle approvals that were decided. Returns what moved."""
        now = clock.utcnow()
        self._settle_approvals()
        pending, submitted = self.executor.due(now)
        steps: list[Step] = []
        for transfer_id in pending:
            steps.append(self.executor.release(transfer_id, None))
            self._transfers_changed(transfer_id)
        for transfer_id in submitted:
            step = self.executor.poll(transfer_id, None)
            if step.moved:
                self._transfers_changed(transfer_id)
            steps.append(step)
        return steps

    def _settle_approvals(self) -> None:
        """Move transfers awaiting approval whose request was decided (approved -> pending, else rejected)."""
        now = clock.utcnow()
        with self.unit.write(system=True) as s:
            waiting = list(s.scalars(select(Transfer).where(Transfer.state == states.AWAITING_APPROVAL)))
            for row in waiting:
                approval = s.get(Approval, row.approval_id) if row.approval_id is not None else None
                status = approval.status if approval is not None else approval_rules.DENIED
                if approval is not None and status == approval_rules.PENDING and now >= approval.expires_at:
                    status = approval_rules.EXPIRED
                if status == approval_rules.APPROVED:
                    move(self.unit, s, row, states.PENDING, None, now, approval=row.approval_id)
                elif status != approval_rules.PENDING:
                    row.reason = _("the approval was {status}").format(status=status)
                    move(self.unit, s, row, states.REJECTED, None, now, approval=row.approval_id)

    def recover_transfers(self) -> list[Step]:
        """At unlock: resume or reconcile every transfer left unfinished (a crash, a closed app), by its
        idempotency key; the releases missed while the app was closed run now (the caller tells the user)."""
        return self.run_due_transfers()

    def changes_for(self, steps: Sequence[Step]) -> Changes:
        moved = [st.transfer_id for st in steps if st.moved]
        return Changes.of("transfers", *moved) if moved else Changes()
