"""The policy's side of the facade: the engine (the pack, the user's stricter values and rules), the
in-memory facts, and the decision for one request. Kept apart from ``facade`` so the facade reads as the
transfer's path and this as what the policy is told."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound, ValidationError
from app.household import roles
from app.i18n import N_, _
from app.policy.decision import Decision
from app.policy.engine import PolicyEngine
from app.policy.facts import AccountInfo, TransferIntent, build_facts
from app.policy.model import Pack, default_pack
from app.sync.contract import TransferQuote
from app.transfers import feed as feeds
from app.transfers import payees as payee_store
from app.transfers.request import TransferRequest
from app.vault.schema import Account, Allowance, Connection, Member, Platform, PolicySetting, Transfer

if TYPE_CHECKING:
    from app.vault.store import Vault

OVERRIDE, USER_RULE = "override", "rule"


@dataclass(frozen=True)
class Preview:
    """What would happen to a request now: the policy's decision and who in the household must approve."""

    request: TransferRequest
    decision: Decision
    approvers: tuple[str, tuple[int, ...]] | None
    reconnect: str  # the platform to connect again before the first transfer from it ('' when none)
    connected: bool  # the sending account is connected to its platform (else nothing can be sent from it)
    amount_cny: Decimal
    payee_is_new: bool
    quote: TransferQuote | None = None  # the platform's FX quote a cross-currency transfer uses
    cross_currency: bool = False


def policy_settings(s: Session, member_id: int) -> tuple[dict[str, dict[str, object]], list[Any]]:
    """The stricter values and the user rules in force for ``member_id`` (theirs and the household's)."""
    overrides: dict[str, dict[str, object]] = {}
    rules: list[Any] = []
    q = select(PolicySetting).where((PolicySetting.member_id.is_(None)) | (PolicySetting.member_id == member_id))
    for row in s.scalars(q.order_by(PolicySetting.id)):
        body = json.loads(row.body or "{}")
        if row.kind == OVERRIDE:
            overrides.setdefault(row.rule_id, {}).update(body)
        elif row.kind == USER_RULE:
            rules.append(body)
    return overrides, rules


def engine_for(s: Session, member_id: int, pack: Pack | None = None) -> PolicyEngine:
    """The pack with the user's stricter values and rules (each checked again: only tighter passes)."""
    overrides, raw_rules = policy_settings(s, member_id)
    return PolicyEngine(pack or default_pack(), user_rules=raw_rules, overrides=overrides)


def intent(s: Session, vault: Vault, request: TransferRequest, me: int, accounts: dict[int, AccountInfo],
           auth_strength: str, quote: TransferQuote | None = None) -> tuple[TransferIntent, Decimal, bool]:
    """The policy's view of ``request`` made by ``me``: (intent, amount in yuan, whether the payee is new)."""
    if request.from_account_id not in accounts:
        raise NotFound("account", request.from_account_id)
    member = s.get(Member, me)
    if member is None:
        raise NotFound("member", me)
    payee = None
    payee_is_new = False
    if request.payee_id is not None:
        row = payee_store.get(s, me, request.payee_id)
        payee = feeds.payee_info(row)
        payee_is_new = not s.scalars(select(Transfer.id).where(Transfer.payee_id == row.id).limit(1)).first()
    elif request.to_account_id not in accounts:
        raise NotFound("account", request.to_account_id or 0)
    else:
        dst = accounts[request.to_account_id]
        payee_is_new = dst.member_id != accounts[request.from_account_id].member_id and \
            request.to_account_id not in feeds.family_accounts(s, me)
    src = accounts[request.from_account_id]
    if src.currency != request.currency:
        raise ValidationError("currency", _("the sending account holds {held}; send {held} from it").format(
            held=src.currency))
    amount_cny = feeds.to_cny(s, request.amount, request.currency)
    if amount_cny is None:
        raise ValidationError("currency", _("no exchange rate from {currency} to CNY is known yet; refresh the "
                                            "platforms first").format(currency=request.currency))
    dst_currency = accounts[request.to_account_id].currency if request.to_account_id is not None else request.currency
    cross = dst_currency != request.currency
    usd = None
    received = None
    if cross:
        # The FX quota counts US dollar equivalents: the dollars bought or sold, else yuan at the kept rate.
        if quote is not None and quote.buy_currency == dst_currency:
            received = quote.buy_amount
        if request.currency == "USD":
            usd = request.amount
        elif dst_currency == "USD" and received is not None:
            usd = received
        else:
            to_usd = feeds.to_cny(s, Decimal(1), "USD")
            usd = (amount_cny / to_usd).quantize(Decimal("0.01")) if to_usd else None
    allowance = s.scalars(select(Allowance).where(Allowance.member_id == me)).first()
    limit = None
    if allowance is not None and roles.is_minor(member):
        limit = feeds.to_cny(s, allowance.approval_limit or Decimal(0), allowance.currency or "CNY")
    role = member.role if member.role in ("adult", "teen", "child") else "adult"
    # A family payee is one account another member offered and both sides confirmed: only that account is
    # tier A (the policy's fact names the receiving member, so it is named only for that account).
    family: frozenset[int] = frozenset()
    if request.to_account_id is not None and request.to_account_id in feeds.family_accounts(s, me):
        family = frozenset({accounts[request.to_account_id].member_id})
    return TransferIntent(
        from_account_id=request.from_account_id, amount=request.amount, member_id=me, role=role,
        currency=request.currency, amount_cny=amount_cny, to_account_id=request.to_account_id, payee=payee,
        usd_equivalent=usd, amount_received=received, memo=request.memo, arrival=request.arrival, cross_currency=cross,
        auth_strength=auth_strength, approval_limit_cny=limit,
        family_member_ids=family), amount_cny, payee_is_new


NOT_CONNECTED = N_("this account is not connected to its platform, so Huiliu cannot move money from it")


@dataclass(frozen=True)
class Link:
    """How the sending account reaches its platform: ``reconnect`` names the platform when its consent
    cannot move money yet ('' when it can); ``connected`` is False for an account typed in or imported."""

    connected: bool
    reconnect: str

    @property
    def auth_strength(self) -> str:
        """Art. 24's strength of a transfer's authentication: over a platform link every transfer is signed
        with the vault's SM2 key registered at consent (a digital signature), on top of the unlock and the
        step-up; without that link, two factors."""
        return "certificate" if self.connected and not self.reconnect else "two_factor"


def link_of(s: Session, account_id: int) -> Link:
    account = s.get(Account, account_id)
    if account is None or account.connection_id is None:
        return Link(False, "")
    conn = s.get(Connection, account.connection_id)
    if conn is not None and conn.transfer_key and "transfers" in (conn.scope or "").split():
        return Link(True, "")
    platform = s.get(Platform, account.platform_id)
    return Link(True, (platform.name or "") if platform is not None else "?")


def decide(engine: PolicyEngine, facts_feed: feeds.Feed, accounts: dict[int, AccountInfo],
           the_intent: TransferIntent, now: datetime) -> Decision:
    facts = build_facts(the_intent, feeds.with_last_used(accounts, facts_feed.last_used), facts_feed.index, now)
    return engine.evaluate(facts, now)
