"""``TransfersFacade``: transfers, payees and the policy as ``AppServices`` offers them (a mixin it inherits).

Every transfer — typed by a person, proposed by a rule, asked for by a family member — comes in through
``submit_transfer``: the policy decides (``app.policy``), the household's approvals are asked for, step-up
proofs are redeemed here and nowhere else, the transfer is persisted before any network call, and the
one ``Executor`` sends it when its window ends. It relies on ``unit``, ``vault``, ``member_id``,
``sync_service`` and the household's ``approvers_for_transfer`` of the class it is mixed into.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app import clock
from app.changes import Changes
from app.errors import NotFound, NotPermitted, TamperedRecord, ValidationError
from app.household import approvals as approval_rules
from app.household import roles
from app.i18n import _
from app.policy.engine import PolicyEngine, RuleView
from app.policy.facts import AccountInfo
from app.policy.model import default_pack, validate_user_rule
from app.policy.stepup.base import Availability, Verification
from app.policy.stepup.base import Member as StepUpMember
from app.policy.stepup.proofs import Proof
from app.policy.stepup.service import StepUp, action_digest
from app.policy.stepup.totp import Enrolment
from app.sync.contract import TransferQuote
from app.sync.errors import ReconnectNeeded
from app.transfers import deciding, states
from app.transfers import feed as deciding_feed
from app.transfers import payees as payee_store
from app.transfers.executor import Executor, Step, events, move
from app.transfers.request import TransferRequest
from app.transfers.views import TransferEventView, TransferView, decision_dict
from app.vault.schema import Account, Approval, MemberKeyringRow, Payee, PolicySetting, Transfer

if TYPE_CHECKING:
    from app.sync.service import SyncService
    from app.unit_of_work import UnitOfWork
    from app.vault.store import Vault

APPROVAL_KIND = "transfer"


@dataclass(frozen=True)
class PolicySettingView:
    id: int
    member_id: int | None
    kind: str  # override | rule
    rule_id: str
    body: str  # JSON: {value name: value} for an override, the rule for a rule
    version: int


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
        return {"executed": 0, "accepted": 0, "needs_step_up": 3, "denied": 4, "rejected": 4,
                "needs_confirmation": 5, "held": 6}.get(self.status, 1)


def transfer_view(s: Session, row: Transfer) -> TransferView:
    damaged = ""
    try:
        amount, currency, memo = row.amount, row.currency or "", row.memo or ""
        decision, remote_id, reason = decision_dict(row.decision), row.remote_id or "", row.reason or ""
        quote = decision_dict(row.quote)
    except TamperedRecord as exc:
        amount, currency, memo, decision, remote_id, reason, damaged = None, "", "", {}, "", "", str(exc)
        quote = {}
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
        events=tuple(shown), quote=quote, damaged=damaged)


class TransfersFacade:
    """Transfers and payees, acting as ``self.member_id``."""

    unit: UnitOfWork
    vault: Vault

    if TYPE_CHECKING:  # what the class it is mixed into gives (AppServices, HouseholdFacade)
        @property
        def sync_service(self) -> SyncService: ...

        def _acting(self) -> int: ...

        def approvers_for_transfer(self, account_id: int, amount: Decimal, currency: str,
                                   payee_is_new: bool) -> approval_rules.Policy | None: ...

        def approve(self, approval_id: int, version: int, comment: str = "") -> Any: ...

        def deny(self, approval_id: int, version: int, comment: str = "") -> Any: ...

    def _bring_up_local_platforms(self) -> None:
        """Hook: AppServices serves the demo's local platforms again before a transfer talks to them."""

    def decide_approval(self, approval_id: int, version: int, approve: bool, comment: str = "") -> Any:
        """Approve or deny a request; a transfer it was about moves on at once (pending, or rejected)."""
        view = (self.approve if approve else self.deny)(approval_id, version, comment)
        if view.subject_type == "transfer" and view.status != approval_rules.PENDING:
            self._settle_approvals()
            if view.status == approval_rules.APPROVED and view.subject_id is not None:
                self._bring_up_local_platforms()
                self._send_or_schedule(view.subject_id, self._acting(), clock.utcnow())
        return view

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

    # --- the policy -------------------------------------------------------------------------------

    def _policy(self, s: Session, me: int) -> tuple[PolicyEngine, deciding_feed.Feed, dict[int, AccountInfo]]:
        """The engine, the facts index and the accounts for ``me``: built at the first decision after unlock,
        then brought up to date whenever anything was written since (the audit log's size tells)."""
        with self.__dict__.setdefault("_policy_lock", threading.Lock()):  # one builder at a time (the form, the
            return self._policy_locked(s, me)                            # warm-up after unlock)

    def _policy_locked(self, s: Session, me: int) -> tuple[PolicyEngine, deciding_feed.Feed, dict[int, AccountInfo]]:
        mark = s.execute(text("SELECT max(idx) FROM audit_events")).scalar() or 0
        cached = self.__dict__.get("_policy_cache")
        if cached is not None and cached[0] == me and cached[1] == mark:
            return cached[2], cached[3], cached[4]
        accounts = deciding_feed.accounts_info(s)
        settings = deciding.policy_settings(s, me)
        known = self.__dict__.get("_policy_engine")
        if known is not None and known[0] == (me, repr(settings)):
            engine = known[1]
        else:  # compiling the pack's conditions takes a while: only when the member's settings changed
            engine = deciding.engine_for(s, me)
            self.__dict__["_policy_engine"] = ((me, repr(settings)), engine)
        facts_feed = cached[3] if cached is not None and cached[0] == me else deciding_feed.Feed()
        facts_feed.add_transactions(self.vault, accounts, clock.shanghai_today(), self._remote_refs(s))
        for row in s.scalars(select(Transfer).where(Transfer.id.notin_(list(facts_feed.fed_transfers) or [0]),
                                                    Transfer.state.in_(sorted(states.COUNTED)))):
            facts_feed.add_transfer(s, row, accounts)
        for transfer_id, fed_state in list(facts_feed.fed_transfers.items()):
            if fed_state not in states.FINAL:
                found = s.get(Transfer, transfer_id)
                if found is not None and found.state in states.FINAL:
                    facts_feed.resolve(transfer_id, found.state)
        self.__dict__["_policy_cache"] = (me, mark, engine, facts_feed, accounts)
        return engine, facts_feed, accounts

    def _remote_refs(self, s: Session) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in s.scalars(select(Transfer).where(Transfer.state.in_(sorted(states.COUNTED)))):
            try:
                remote = row.remote_id
            except TamperedRecord:
                continue
            if remote:
                out[remote] = row.id
        return out

    def warm_transfer_facts(self) -> int:
        """Build the in-memory facts the policy decides from (every outflow, decrypted once), so the transfer
        form's first decision is as quick as the next; the window calls it after unlock, off the UI thread.
        Returns how many outflows it holds."""
        me = self._acting()
        with self.unit.reader() as s:
            _engine, facts_feed, _accounts = self._policy(s, me)
        return len(facts_feed.index)

    def quote_transfer(self, request: TransferRequest) -> TransferQuote:
        """The platform's firm FX quote for a cross-currency request (rate, fee, amount received, valid until):
        shown before confirmation; the request then carries its ``quote_id`` and the transfer uses it."""
        me = self._acting()
        request = request.checked()
        with self.unit.reader() as s:
            sender = s.get(Account, request.from_account_id)
            receiver = s.get(Account, request.to_account_id) if request.to_account_id is not None else None
            if sender is None or sender.connection_id is None or not sender.remote_id:
                raise NotPermitted(_(deciding.NOT_CONNECTED))
            if receiver is None or receiver.currency == sender.currency:
                raise ValidationError("quote", _("a quote is for a transfer between two of your own accounts in "
                                                 "different currencies"))
            connection_id, remote, buy = sender.connection_id, sender.remote_id, receiver.currency
            if sender.member_id != me:
                raise NotPermitted(_("only the account's holders send money from it"))
        self._bring_up_local_platforms()
        quote = self.executor.quote(connection_id, remote, buy, request.amount)
        self.__dict__.setdefault("_quotes", {})[quote.quote_id] = quote
        return quote

    def _quote_of(self, request: TransferRequest) -> TransferQuote | None:
        quotes: dict[str, TransferQuote] = self.__dict__.get("_quotes", {})
        return quotes.get(request.quote_id or "")

    def preview_transfer(self, request: TransferRequest) -> deciding.Preview:
        """What the policy and the household would say to ``request`` now; writes nothing (the transfer
        form calls it at every keystroke)."""
        me, now = self._acting(), clock.utcnow()
        request = request.checked()
        with self.unit.reader() as s:
            engine, facts_feed, accounts = self._policy(s, me)
            link = deciding.link_of(s, request.from_account_id)
            quote = self._quote_of(request)
            the_intent, amount_cny, payee_is_new = deciding.intent(s, self.vault, request, me, accounts,
                                                                   link.auth_strength,
                                                                   quote)
            decision = deciding.decide(engine, facts_feed, accounts, the_intent, now)
        approvers = self.approvers_for_transfer(request.from_account_id, request.amount, request.currency,
                                                payee_is_new)
        return deciding.Preview(request, decision, approvers, link.reconnect, link.connected, amount_cny,
                                payee_is_new, quote, the_intent.cross_currency)

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

    # --- the policy's rules and the user's stricter settings -----------------------------------------

    def policy_rules(self) -> list[RuleView]:
        """Every rule in force for the acting member: the pack's (with the stricter values set) and their own."""
        me = self._acting()
        with self.unit.reader() as s:
            engine, _feed, _accounts = self._policy(s, me)
        return engine.rules(clock.utcnow())

    def policy_parameters(self) -> list[tuple[str, Any, Any]]:
        """The pack's parameters (normal arrival, risk weights and bands, cooling-off ...): (name, the value
        in effect with its unit, title and stricter direction, the pack's own value)."""
        me = self._acting()
        with self.unit.reader() as s:
            engine, _feed, _accounts = self._policy(s, me)
        return [(name, value, engine.base_pack.parameters[name].value) for name, value in engine.pack.parameters.items()]

    def policy_settings(self) -> list[PolicySettingView]:
        """The stricter values and the user's rules the acting member set (theirs and the household's)."""
        me = self._acting()
        with self.unit.reader() as s:
            rows = s.scalars(select(PolicySetting).where(
                (PolicySetting.member_id.is_(None)) | (PolicySetting.member_id == me)).order_by(PolicySetting.id))
            return [PolicySettingView(r.id, r.member_id, r.kind, r.rule_id, r.body or "{}", r.version or 1)
                    for r in rows]

    def set_policy_value(self, rule_id: str, value_name: str, value: object) -> Changes:
        """Make one value of the pack stricter for the acting member (a looser one is refused, naming it)."""
        me, now = self._acting(), clock.utcnow()
        with self.unit.write() as s:
            engine = deciding.engine_for(s, me)
            number = engine.validate_override(rule_id, value_name, value)
            row = PolicySetting(id=self.vault.next_id("policy_settings"), created_at=now, member_id=me,
                                kind=deciding.OVERRIDE, rule_id=rule_id)
            row.body = json.dumps({value_name: str(number)})
            s.add(row)
            s.flush()
            deciding.engine_for(s, me)  # the whole set still compiles
            self.unit.record(s, "policy.value_set", "policy_setting", row.id, member=me, rule=rule_id,
                             value=value_name)
        return Changes.of("policy_settings", row.id)

    def add_policy_rule(self, text: str) -> Changes:
        """Add a rule of the acting member's own, in the pack's format; it can only tighten."""
        me, now = self._acting(), clock.utcnow()
        rule = validate_user_rule(text, default_pack())
        with self.unit.write() as s:
            row = PolicySetting(id=self.vault.next_id("policy_settings"), created_at=now, member_id=me,
                                kind=deciding.USER_RULE, rule_id=rule.id)
            row.body = json.dumps(rule.model_dump(mode="json", by_alias=True), ensure_ascii=False)
            s.add(row)
            s.flush()
            deciding.engine_for(s, me)
            self.unit.record(s, "policy.rule_added", "policy_setting", row.id, member=me, rule=rule.id)
        return Changes.of("policy_settings", row.id)

    def remove_policy_setting(self, setting_id: int) -> Changes:
        """Remove a stricter value or a rule of one's own: the pack's value applies again."""
        me = self._acting()
        with self.unit.write() as s:
            row = s.get(PolicySetting, setting_id)
            if row is None:
                raise NotFound("policy_setting", setting_id)
            if row.member_id != me:
                raise NotPermitted(_("this setting belongs to another member"))
            s.delete(row)
            self.unit.record(s, "policy.setting_removed", "policy_setting", setting_id, member=me)
        return Changes.of("policy_settings", setting_id)

    # --- step-up ----------------------------------------------------------------------------------

    @property
    def step_up(self) -> StepUp:
        """Step-up for this unlock (its proof key dies with it)."""
        found: StepUp | None = self.__dict__.get("_step_up")
        if found is None:
            found = StepUp()
            self.__dict__["_step_up"] = found
        return found

    def _stepup_member(self) -> StepUpMember:
        me = self._acting()
        with self.unit.reader() as s:
            keyring = s.get(MemberKeyringRow, me)
            public = keyring.public_key if keyring is not None else ""
        if not public or not self.vault.keyed:
            raise NotPermitted(_("identity verification needs the member's own keys: unlock as yourself"))
        return StepUpMember(me, public, self.vault.private_key, self.unit.reader, self.unit.write,
                            self.vault.next_id)

    def step_up_methods(self) -> list[Availability]:
        """Every way this computer verifies identity, and whether the acting member can use it now."""
        return self.step_up.methods(self._stepup_member())

    def step_up_for(self, request: TransferRequest, kind: str, response: str | None = None,
                    on_status: Any = None) -> Proof:
        """Verify the acting member (a one-time code, or a finger) for this very request: the proof is
        bound to the request's SM3 digest, lasts two minutes and is spent by one transfer."""
        member = self._stepup_member()
        proof = self.step_up.verify(member, kind, request.checked().digest(), response, on_status)
        with self.unit.write() as s:
            self.unit.event(s, "stepup.verified", member=member.member_id, factor=kind)
        return proof

    def step_up_with_totp(self, code: str, request: TransferRequest) -> Proof:
        return self.step_up_for(request, "totp", code)

    def begin_totp_enrolment(self, label: str, proof: Proof | None = None) -> Enrolment:
        """A new code app for the acting member: the QR code to scan (confirmed by its first code). While
        they have a factor, ``proof`` (for ``enrolment_digest()``) from it is needed."""
        member = self._stepup_member()
        enrolment = self.step_up.begin_totp(member, label, proof)
        with self.unit.write() as s:
            self.unit.event(s, "stepup.enrolment_started", member=member.member_id, factor="totp")
        return enrolment

    def confirm_totp_enrolment(self, factor_id: int, code: str) -> None:
        member = self._stepup_member()
        self.step_up.confirm_totp(member, factor_id, code)
        with self.unit.write() as s:
            self.unit.event(s, "stepup.enrolled", member=member.member_id, factor="totp")

    def check_totp(self, code: str) -> Verification:
        """Check a code without a transfer (``huiliu stepup verify``); a wrong one counts as a failure."""
        return self.step_up.check_totp(self._stepup_member(), code)

    def enrolment_digest(self) -> bytes:
        return action_digest("enrol", self._acting())

    def step_up_for_enrolment(self, kind: str, response: str | None = None) -> Proof:
        member = self._stepup_member()
        return self.step_up.verify(member, kind, action_digest("enrol", member.member_id), response)

    def submit_transfer(self, request: TransferRequest, proof: Any = None, confirmed: bool = False) -> TransferOutcome:
        """The one way money moves. The policy decides; a denial is kept with its reasons; a transfer that
        needs step-up goes no further without a proof bound to this request's digest; one that asks for
        confirmation (a large amount, the anti-fraud warning) without ``confirmed``; the household's
        approvals are asked for; then the transfer is persisted with its key before any network call and
        sent at the end of its window (at once when it has none)."""
        me, now = self._acting(), clock.utcnow()
        request = request.checked()
        existing = self._existing(request)
        if existing is not None:
            return TransferOutcome(_outcome_status(existing.state), existing.decision, existing,
                                   existing.approval_id)
        preview = self.preview_transfer(request)
        decision = preview.decision
        if decision.denied:
            with self.unit.write() as s:
                row = self._persist(s, request, me, states.REJECTED, decision.to_json(), None, None, now)
                view = transfer_view(s, row)
            return TransferOutcome("denied", decision, view, message=decision.summary(_lang()))
        if not preview.connected:
            raise NotPermitted(_(deciding.NOT_CONNECTED))
        if preview.cross_currency and preview.quote is None:
            raise ValidationError("quote", _("a transfer between currencies uses the platform's quote: ask for it "
                                             "first (it shows the rate, the fee and what arrives)"))
        if preview.reconnect:
            raise ReconnectNeeded(preview.reconnect)
        if decision.step_up:
            if proof is None:
                return TransferOutcome("needs_step_up", decision, message=decision.summary(_lang()))
            self.step_up.redeem(proof, request.digest(), me)
        if (decision.confirm_needed or decision.anti_fraud) and not confirmed:
            return TransferOutcome("needs_confirmation", decision, message=decision.summary(_lang()))
        approval_id: int | None = None
        with self.unit.write() as s:
            if decision.hold:
                state = states.HELD
            elif preview.approvers is not None or decision.approval:
                state = states.AWAITING_APPROVAL
            else:
                state = states.PENDING
            release = decision.release_at if decision.release_at > decision.decided_at else None
            row = self._persist(s, request, me, state, decision.to_json(), release, decision.revocable_until, now)
            if request.payee_id is not None:
                payee_row = s.get(Payee, request.payee_id)
                if payee_row is not None:
                    payee_row.last_used_at = now
            if preview.quote is not None:
                row.quote = quote_json(preview.quote)
            if state == states.AWAITING_APPROVAL:
                mode, approvers = preview.approvers or (approval_rules.ANY, tuple(self._guardians(s, me)))
                approval = approval_rules.request(
                    s, self.vault, kind=APPROVAL_KIND, requested_by=me, approvers=approvers, mode=mode, now=now,
                    expires_in=approval_rules.DEFAULT_EXPIRY, summary=request.memo or _("transfer"),
                    amount=request.amount, currency=request.currency, subject_type="transfer", subject_id=row.id)
                s.flush()
                row.approval_id = approval.id
                approval_id = approval.id
                self.unit.record(s, "approval.requested", "approval", approval.id, member=me, kind=APPROVAL_KIND,
                                 mode=mode, approvers=list(approvers), about="transfer", about_id=row.id,
                                 expires_at=approval.expires_at.isoformat())
            transfer_id = row.id
        steps: list[Step] = []
        if state == states.PENDING:
            self._bring_up_local_platforms()
            steps.append(self._send_or_schedule(transfer_id, me, clock.utcnow()))
        view = self.transfer(transfer_id)
        status = _outcome_status(view.state)
        said = decision.summary(_lang()) if status in ("denied", "rejected", "held") else ""
        return TransferOutcome(status, decision, view, approval_id, said, tuple(steps))

    def _send_or_schedule(self, transfer_id: int, me: int, now: datetime) -> Step:
        """Send a transfer whose window is over; hand a delayed one to a platform that executes at a set time
        and can cancel until then; otherwise it waits here for the scheduler."""
        view = self.transfer(transfer_id)
        if view.release_at is None or view.release_at <= now:
            return self.executor.release(transfer_id, me)
        with self.unit.reader() as s:
            sender = s.get(Account, view.from_account_id)
            connection_id = sender.connection_id if sender is not None else None
        if connection_id is not None and self.executor.supports_scheduling(connection_id):
            return self.executor.release(transfer_id, me, early=True)
        return Step(transfer_id, view.state, False)

    def _guardians(self, s: Session, me: int) -> list[int]:
        return [g for g in roles.guardians(s) if g != me]

    def release_held_transfer(self, transfer_id: int, proof: Any) -> TransferView:
        """Send a transfer the policy held for review (a large-value or structuring flag), once its maker has
        reviewed it and verified themselves for this very transfer; revoking it is the other way out."""
        me, now = self._acting(), clock.utcnow()
        view = self.transfer(transfer_id)
        if view.member_id != me:
            raise NotPermitted(_("only the member who made a transfer releases it"))
        if view.state != states.HELD:
            raise NotPermitted(_("transfer {id} is not held for review").format(id=transfer_id))
        with self.unit.reader() as s:
            row = s.get(Transfer, transfer_id)
            assert row is not None
            request = TransferRequest.from_canonical(row.request or "")
        self.step_up.redeem(proof, request.digest(), me)
        with self.unit.write() as s:
            row = s.get(Transfer, transfer_id)
            assert row is not None
            move(self.unit, s, row, states.PENDING, me, now, reviewed=True)
        self._bring_up_local_platforms()
        self._send_or_schedule(transfer_id, me, clock.utcnow())
        return self.transfer(transfer_id)

    def step_up_for_transfer(self, transfer_id: int, kind: str, response: str | None = None) -> Proof:
        """Verify the acting member for a transfer already made (releasing a held one)."""
        with self.unit.reader() as s:
            row = s.get(Transfer, transfer_id)
            if row is None:
                raise NotFound("transfer", transfer_id)
            request = TransferRequest.from_canonical(row.request or "")
        return self.step_up_for(request, kind, response)

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
            self._bring_up_local_platforms()
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
        return self.transfer(transfer_id)

    def run_due_transfers(self) -> list[Step]:
        """The scheduler's tick: send every transfer whose window has ended, ask the platforms about the
        ones they hold, settle approvals that were decided. Returns what moved."""
        now = clock.utcnow()
        self._settle_approvals()
        pending, submitted = self.executor.due(now)
        if pending or submitted:
            self._bring_up_local_platforms()
        steps: list[Step] = []
        for transfer_id in pending:
            steps.append(self.executor.release(transfer_id, None))
        for transfer_id in submitted:
            steps.append(self.executor.poll(transfer_id, None))
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


def _outcome_status(state: str) -> str:
    return {states.REJECTED: "rejected", states.HELD: "held", states.PENDING: "accepted",
            states.AWAITING_APPROVAL: "accepted", states.AWAITING_STEP_UP: "accepted",
            states.REVOKED: "revoked"}.get(state, "executed")


def _lang() -> str:
    from app.i18n import language

    return language()


def quote_json(quote: TransferQuote) -> str:
    return json.dumps({"quote_id": quote.quote_id, "sell_currency": quote.sell_currency,
                       "buy_currency": quote.buy_currency, "sell_amount": str(quote.sell_amount),
                       "rate": str(quote.rate), "fee": str(quote.fee), "buy_amount": str(quote.buy_amount),
                       "quoted_at": quote.quoted_at.isoformat(), "valid_until": quote.valid_until.isoformat()})
