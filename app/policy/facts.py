"""The facts a policy rule can read, the inputs they come from, and the in-memory index behind them.

The integrator fills ``AccountInfo`` / ``PayeeInfo`` / ``TransferIntent`` from the vault, feeds every
outflow (synced or imported spending, every transfer from the moment it is persisted) into one
``FactsIndex`` (app/policy/index.py, re-exported here) after unlock, and calls ``build_facts``. Amounts
are sealed at rest, so history is never decrypted per decision: the index keeps running totals in
buckets keyed by Asia/Shanghai date and year, and a decision reads a fixed number of them (a loop over
the person's own accounts at most).

``FACTS`` documents every fact (name, type, unit, meaning) for the Policy page and ``huiliu policy
show``; a pack's conditions may use exactly these names (and their rule's own values).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from app.i18n import N_, _

# the index's records and words are part of this module's API (re-exported)
from app.policy.index import FINAL_KEPT as FINAL_KEPT
from app.policy.index import FINAL_REMOVED as FINAL_REMOVED
from app.policy.index import HISTORY_DAYS as HISTORY_DAYS
from app.policy.index import SHANGHAI as SHANGHAI
from app.policy.index import ZERO as ZERO
from app.policy.index import FactsIndex as FactsIndex
from app.policy.index import HistorySummary as HistorySummary
from app.policy.index import Outflow as Outflow
from app.policy.index import local_day as local_day

FactType = Literal["decimal", "int", "bool", "str"]


@dataclass(frozen=True)
class FactSpec:
    """One documented fact: its name in conditions, its type, its unit and what it means."""

    name: str
    type: FactType
    unit: str  # a key of UNIT_WORDS
    meaning: str  # English msgid; show with ``_()``
    derived: bool = False  # computed by the engine from the pack's parameters, not by build_facts

    def describe(self) -> str:
        return _(self.meaning)


UNIT_WORDS: dict[str, str] = {
    "CNY": N_("yuan"), "USD": N_("US dollars"), "hours": N_("hours"), "days": N_("days"), "count": N_("transfers"),
    "score": N_("points"), "hour": N_("hour of the day"), "": "", "ratio": N_("ratio"), "seconds": N_("seconds"),
    "currency": "", "tier": "",
}


def unit_word(unit: str) -> str:
    """A unit in words, in the current language."""
    word = UNIT_WORDS.get(unit, unit)
    return _(word) if word else ""


def _f(name: str, type_: FactType, unit: str, meaning: str, derived: bool = False) -> FactSpec:
    return FactSpec(name, type_, unit, meaning, derived)


FACTS: tuple[FactSpec, ...] = (
    # the transfer itself
    _f("amount", "decimal", "currency", N_("Amount of this transfer in its own currency")),
    _f("currency", "str", "", N_("Currency of this transfer (ISO 4217 code)")),
    _f("amount_cny", "decimal", "CNY", N_("Amount of this transfer in yuan, at the quote's rate")),
    _f("usd_equivalent", "decimal", "USD", N_("US dollar equivalent of a cross-currency transfer (0 otherwise)")),
    _f("cross_currency", "bool", "", N_("The transfer changes currency")),
    _f("cross_border", "bool", "", N_("The transfer leaves or enters mainland China")),
    _f("arrival", "str", "", N_("Arrival chosen: realtime, normal or nextday")),
    _f("channel", "str", "", N_("Channel: online, atm, counter or static_qr")),
    _f("auth_strength", "str", "", N_("Authentication: certificate, two_factor or single_factor")),
    _f("memo_present", "bool", "", N_("A purpose memo was given")),
    _f("acting_role", "str", "", N_("Role of the member making the transfer: adult, teen or child")),
    _f("acting_is_holder", "bool", "", N_("The member making the transfer holds the sending account")),
    _f("approval_limit_known", "bool", "", N_("The household sets an approval limit for this member")),
    _f("approval_limit_cny", "decimal", "CNY", N_("Amount above which this member's transfers need approval")),
    _f("hour_local", "int", "hour", N_("Hour of the day in China when the transfer is made (0-23)")),
    # the sending account
    _f("from_kind", "str", "", N_("Kind of the sending account")),
    _f("from_platform_kind", "str", "", N_("Kind of platform holding the sending account")),
    _f("from_bank_class", "str", "", N_("Class of the sending bank account: I, II, III or empty")),
    _f("from_payment_class", "str", "", N_("Class of the sending payment account: I, II, III or empty")),
    _f("from_ecny_tier", "int", "tier", N_("Tier of the sending e-CNY wallet (1-4; 0 if not a wallet)")),
    _f("from_ecny_operator", "str", "", N_("Operator of the sending e-CNY wallet (empty if none)")),
    _f("from_balance_known", "bool", "", N_("The sending account's balance is known")),
    _f("from_balance_after", "decimal", "CNY", N_("Balance of the sending account after this transfer")),
    _f("from_days_unused", "int", "days", N_("Days since the sending account was last used (or opened)")),
    _f("from_today_out_cny", "decimal", "CNY", N_("Outflows of the sending account today, spending included")),
    _f("from_today_out_nonbound_cny", "decimal", "CNY",
       N_("Outflows of the sending account today to accounts other than its bound account")),
    _f("from_year_out_nonbound_cny", "decimal", "CNY",
       N_("Outflows of the sending account this year to accounts other than its bound account")),
    _f("from_since_opening_out_cny", "decimal", "CNY", N_("Outflows of the sending account since it was opened")),
    # the receiving side
    _f("to_is_account", "bool", "", N_("The money goes to an account in the household")),
    _f("to_is_payee", "bool", "", N_("The money goes to a saved payee")),
    _f("to_kind", "str", "", N_("Kind of the receiving account")),
    _f("to_platform_kind", "str", "", N_("Kind of platform holding the receiving account")),
    _f("to_bank_class", "str", "", N_("Class of the receiving bank account: I, II, III or empty")),
    _f("to_ecny_tier", "int", "tier", N_("Tier of the receiving e-CNY wallet (0 if not a wallet)")),
    _f("to_balance_known", "bool", "", N_("The receiving account's balance is known")),
    _f("to_balance_after", "decimal", "CNY", N_("Balance of the receiving account after this transfer")),
    _f("same_name", "bool", "", N_("Both sides belong to the same real-name holder")),
    _f("same_bank", "bool", "", N_("Both sides are at the same legal entity (bank or institution)")),
    _f("same_name_bank", "bool", "", N_("The money goes to the holder's own bank account")),
    _f("to_bound_account", "bool", "", N_("The money moves between an account and its bound account")),
    _f("whitelist_tier", "str", "", N_("Whitelist tier: A (own or confirmed family), saved (a payee) or none")),
    _f("is_family", "bool", "", N_("The receiver is a confirmed family member")),
    _f("payee_age_hours", "decimal", "hours", N_("Hours since the payee was added (0 if not a payee)")),
    _f("payee_number_changed", "bool", "", N_("The payee's account number was changed after it was added")),
    _f("payee_number_changed_hours", "decimal", "hours", N_("Hours since the payee's number was changed")),
    _f("first_to_payee", "bool", "", N_("No earlier transfer of this person went to this receiver")),
    _f("new_platform_pair", "bool", "", N_("No earlier transfer of this person went between these two platforms")),
    # the person (the sending account's holder) and the household
    _f("person_today_out_cny", "decimal", "CNY", N_("This person's outflows today, all accounts")),
    _f("person_today_others_cny", "decimal", "CNY",
       N_("This person's outflows today to anyone but themself (spending included)")),
    _f("person_today_noncounter_cny", "decimal", "CNY", N_("This person's non-counter outflows today")),
    _f("person_pay_today_cny", "decimal", "CNY",
       N_("This person's outflows today from all payment accounts, own bank transfers excluded")),
    _f("person_pay_year_cny", "decimal", "CNY",
       N_("This person's outflows this year from all payment accounts, own bank transfers excluded")),
    _f("person_class3_bank_year_cny", "decimal", "CNY",
       N_("This year's outflows of all this person's Class III accounts at the sending bank")),
    _f("person_static_qr_today_cny", "decimal", "CNY", N_("This person's static QR code payments today")),
    _f("aml_domestic_today_cny", "decimal", "CNY", N_("This person's domestic transfers today")),
    _f("aml_crossborder_today_cny", "decimal", "CNY", N_("This person's cross-border transfers today")),
    _f("fx_used_year_usd", "decimal", "USD", N_("Foreign exchange this person used this calendar year")),
    _f("count_24h", "int", "count", N_("This person's outflows in the last 24 hours")),
    _f("count_24h_to_payee", "int", "count", N_("This person's transfers to this receiver in the last 24 hours")),
    _f("history_90d_daily_avg_cny", "decimal", "CNY",
       N_("This person's average outflow to others per active day, last 90 days")),
    _f("history_90d_daily_max_cny", "decimal", "CNY", N_("This person's largest day of outflows to others, last 90 days")),
    _f("history_90d_count", "int", "count", N_("This person's outflows to others in the last 90 days")),
    _f("history_90d_active_days", "int", "days", N_("Days with outflows to others in the last 90 days")),
    # derived by the engine from the pack's parameters
    _f("risk_score", "int", "score", N_("Risk score of this transfer (0-100)"), True),
    _f("dynamic_daily_threshold_cny", "decimal", "CNY",
       N_("This person's daily threshold today, from the pack's base, history and risk"), True),
    _f("near_threshold_count_24h", "int", "count",
       N_("Transfers in the last 24 hours just under a reporting or checking threshold, this one included"), True),
    _f("amount_just_under_threshold", "bool", "", N_("This amount is just under a threshold"), True),
)
FACT_SPECS: dict[str, FactSpec] = {f.name: f for f in FACTS}

ARRIVALS = ("realtime", "normal", "nextday")
CHANNELS = ("online", "atm", "counter", "static_qr")
AUTH_STRENGTHS = ("certificate", "two_factor", "single_factor")
TIER_A, TIER_SAVED, TIER_NONE = "A", "saved", "none"
PAYMENT_PLATFORM = "payment_wallet"
BANK_KIND = "debit_card"


@dataclass(frozen=True)
class AccountInfo:
    """An account of the household as the policy sees it (filled from the vault by the integrator)."""

    id: int
    member_id: int  # the person who holds it
    kind: str  # debit_card, credit_card, wallet_balance, money_market, credit_line, store_balance, ecny_wallet, fx_account
    platform_id: int
    platform_kind: str  # bank, payment_wallet, ecommerce, money_market, credit, ecny_wallet, fx_account
    currency: str = "CNY"
    holder_fp: bytes | None = None  # the holder's real-name identity fingerprint: same-name compares these
    entity_fp: bytes | None = None  # the legal entity (bank, institution): same-bank compares these
    bank_class: str | None = None  # "I" / "II" / "III" for a bank account
    bound_account_id: int | None = None  # a Class II/III account's bound Class I account or credit card
    payment_class: str | None = None  # "I" / "II" / "III" for a payment account
    ecny_tier: int | None = None  # 1..4 for an e-CNY wallet
    ecny_operator: str | None = None  # the operating institution of an e-CNY wallet
    balance: Decimal | None = None  # in the account's currency, None when unknown
    opened_on: date | None = None
    last_used_at: datetime | None = None  # aware; the last outflow or inflow the vault knows of


@dataclass(frozen=True)
class PayeeInfo:
    """A saved payee (someone outside the household's accounts, or a family member's account)."""

    id: int
    added_at: datetime  # aware
    kind: str = BANK_KIND  # the kind of account the payee's number is
    platform_kind: str | None = None
    platform_id: int | None = None  # the platform the payee's account is on, when it is known
    holder_fp: bytes | None = None  # the payee's real-name identity fingerprint, when known
    entity_fp: bytes | None = None  # the payee's bank or institution
    number_changed_at: datetime | None = None  # aware; when the saved number was last changed
    family: bool = False  # a family payee whose link both members confirmed (whitelist tier A)
    removed: bool = False  # a removed payee whitelists nothing
    bank_class: str | None = None
    ecny_tier: int | None = None


@dataclass(frozen=True)
class TransferIntent:
    """What a person (or an allocation rule, or a family member's request) asks to move."""

    from_account_id: int
    amount: Decimal  # in ``currency``, > 0
    member_id: int  # the acting member
    role: str = "adult"  # the acting member's role: adult, teen, child
    currency: str = "CNY"
    amount_cny: Decimal | None = None  # the amount in yuan at the quote's rate; None: ``amount`` (CNY only)
    to_account_id: int | None = None  # exactly one of to_account_id / payee
    payee: PayeeInfo | None = None
    usd_equivalent: Decimal | None = None  # for the FX quota; None when not cross-currency
    amount_received: Decimal | None = None  # in the receiving account's currency (the quote), when it differs
    memo: str = ""  # the purpose memo (转账用途)
    arrival: str = "realtime"  # realtime / normal / nextday
    channel: str = "online"  # online / atm / counter / static_qr
    cross_currency: bool = False
    cross_border: bool = False
    auth_strength: str = "two_factor"  # certificate / two_factor / single_factor
    approval_limit_cny: Decimal | None = None  # the household's approval limit for this member, if any
    family_member_ids: frozenset[int] = frozenset()  # members whose family link with the sender is confirmed


@dataclass(frozen=True)
class Facts:
    """Every fact of one intended transfer (``values``), and the instants delays count from."""

    values: Mapping[str, object]
    anchors: Mapping[str, datetime]  # now, payee_added_at, payee_number_changed_at (when there is a payee)
    recent_amounts_24h: tuple[Decimal, ...] = ()  # the person's outflows in the last 24 h (for structuring)

    def get(self, name: str) -> object:
        return self.values[name]


def neutral_values() -> dict[str, object]:
    """Every non-derived fact at a value that fires no rule of the Chinese pack on its own (a small
    CNY transfer between one's own bank accounts, nothing spent yet)."""
    out: dict[str, object] = {}
    for spec in FACTS:
        if spec.derived:
            continue
        out[spec.name] = {"decimal": ZERO, "int": 0, "bool": False, "str": ""}[spec.type]
    out.update(currency="CNY", arrival="realtime", channel="online", auth_strength="two_factor",
               memo_present=True, acting_role="adult", acting_is_holder=True, hour_local=12,
               from_kind=BANK_KIND, from_platform_kind="bank", from_bank_class="I", to_is_account=True,
               to_kind=BANK_KIND, to_platform_kind="bank", to_bank_class="I", same_name=True, same_name_bank=True,
               whitelist_tier=TIER_A, amount=Decimal("100.00"), amount_cny=Decimal("100.00"),
               from_balance_known=True, from_balance_after=Decimal("10000.00"))
    return out


def make_facts(now: datetime, anchors: Mapping[str, datetime] | None = None,
               recent_amounts_24h: tuple[Decimal, ...] = (), **values: object) -> Facts:
    """Facts from ``neutral_values()`` with ``values`` changed (for previews, tests and tools)."""
    merged = neutral_values()
    for name, value in values.items():
        if name not in merged:
            raise KeyError(name)
        merged[name] = value
    check_values(merged)
    return Facts(merged, {"now": now, **(anchors or {})}, recent_amounts_24h)


def check_values(values: Mapping[str, object]) -> None:
    """Refuse a fact of the wrong type (a float amount above all)."""
    for name, value in values.items():
        spec = FACT_SPECS[name]
        ok = {
            "decimal": isinstance(value, Decimal),
            "int": isinstance(value, int) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
            "str": isinstance(value, str),
        }[spec.type]
        if not ok:
            raise TypeError(f"fact {name} must be {spec.type}, not {type(value).__name__}")


def _hours(since: datetime, now: datetime) -> Decimal:
    return Decimal(int((now - since).total_seconds())) / Decimal(3600)


def build_facts(intent: TransferIntent, accounts: Mapping[int, AccountInfo], index: FactsIndex,
                now: datetime) -> Facts:
    """Every non-derived fact of ``intent`` at ``now`` (aware), from the accounts and the index."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if not isinstance(intent.amount, Decimal) or intent.amount <= 0:
        raise ValueError(_("The amount must be greater than zero."))
    if (intent.to_account_id is None) == (intent.payee is None):
        raise ValueError("a transfer goes to exactly one account or payee")
    try:
        src = accounts[intent.from_account_id]
    except KeyError:
        raise ValueError(f"no account {intent.from_account_id} among the accounts given") from None
    dst = accounts.get(intent.to_account_id) if intent.to_account_id is not None else None
    if intent.to_account_id is not None and dst is None:
        raise ValueError(f"no account {intent.to_account_id} among the accounts given")
    for name, choices in (("arrival", ARRIVALS), ("channel", CHANNELS), ("auth_strength", AUTH_STRENGTHS)):
        if getattr(intent, name) not in choices:
            raise ValueError(f"{name} must be one of {', '.join(choices)}, not {getattr(intent, name)!r}")
    amount_cny = intent.amount_cny if intent.amount_cny is not None else intent.amount
    if intent.amount_cny is None and intent.currency != "CNY":
        raise ValueError("amount_cny is needed for a transfer not in CNY (the quote's rate)")
    local = now.astimezone(SHANGHAI)
    today, year = local.date(), local.year
    person = src.member_id
    payee = intent.payee

    to_holder = dst.holder_fp if dst is not None else payee.holder_fp if payee is not None else None
    to_entity = dst.entity_fp if dst is not None else payee.entity_fp if payee is not None else None
    to_kind = dst.kind if dst is not None else payee.kind if payee is not None else ""
    to_platform_kind = dst.platform_kind if dst is not None else (payee.platform_kind or "") if payee else ""
    # same-name compares real-name fingerprints; an account without one is the holder's own when both
    # accounts belong to the same member of the household
    same_name = (src.holder_fp is not None and src.holder_fp == to_holder) or (
        dst is not None and src.holder_fp is None and dst.member_id == src.member_id)
    same_bank = src.entity_fp is not None and src.entity_fp == to_entity
    bound = dst is not None and (src.bound_account_id == dst.id or dst.bound_account_id == src.id)
    family = (dst is not None and dst.member_id in intent.family_member_ids) or (
        payee is not None and payee.family and not payee.removed)
    if dst is not None and (same_name or dst.member_id == src.member_id or family):
        tier = TIER_A
    elif payee is not None and not payee.removed:
        tier = TIER_A if payee.family else TIER_SAVED
    else:
        tier = TIER_NONE
    payee_key = f"account:{dst.id}" if dst is not None else f"payee:{payee.id}" if payee else None
    to_platform = dst.platform_id if dst is not None else payee.platform_id if payee is not None else None
    pair = (src.platform_id, to_platform) if to_platform is not None else None

    to_balance_after = ZERO
    to_balance_known = False
    if dst is not None and dst.balance is not None:
        received = intent.amount_received if intent.amount_received is not None else (
            intent.amount if dst.currency == intent.currency else None)
        if received is not None:
            to_balance_after, to_balance_known = dst.balance + received, True
    from_after = src.balance - intent.amount if src.balance is not None else ZERO
    last_used = src.last_used_at
    if last_used is not None:
        unused = (today - local_day(last_used)).days
    elif src.opened_on is not None:
        unused = (today - src.opened_on).days
    else:
        unused = 0

    pay_today = pay_year = class3_year = ZERO
    for acct in accounts.values():
        if acct.member_id != person:
            continue
        if acct.platform_kind == PAYMENT_PLATFORM:
            pay_today += index.account_day_payment(acct.id, today)
            pay_year += index.account_year_payment(acct.id, year)
        if acct.bank_class == "III" and src.entity_fp is not None and acct.entity_fp == src.entity_fp:
            class3_year += index.account_year_nonbound(acct.id, year)

    recent = index.last_24h(person, now)
    history = index.history(person, today)
    values: dict[str, object] = {
        "amount": intent.amount, "currency": intent.currency, "amount_cny": amount_cny,
        "usd_equivalent": intent.usd_equivalent if intent.usd_equivalent is not None else ZERO,
        "cross_currency": intent.cross_currency, "cross_border": intent.cross_border,
        "arrival": intent.arrival, "channel": intent.channel, "auth_strength": intent.auth_strength,
        "memo_present": bool(intent.memo.strip()), "acting_role": intent.role,
        "acting_is_holder": intent.member_id == src.member_id,
        "approval_limit_known": intent.approval_limit_cny is not None,
        "approval_limit_cny": intent.approval_limit_cny if intent.approval_limit_cny is not None else ZERO,
        "hour_local": local.hour,
        "from_kind": src.kind, "from_platform_kind": src.platform_kind, "from_bank_class": src.bank_class or "",
        "from_payment_class": src.payment_class or "", "from_ecny_tier": src.ecny_tier or 0,
        "from_ecny_operator": src.ecny_operator or "", "from_balance_known": src.balance is not None,
        "from_balance_after": from_after, "from_days_unused": unused,
        "from_today_out_cny": index.account_day(src.id, today),
        "from_today_out_nonbound_cny": index.account_day_nonbound(src.id, today),
        "from_year_out_nonbound_cny": index.account_year_nonbound(src.id, year),
        "from_since_opening_out_cny": index.account_total(src.id),
        "to_is_account": dst is not None, "to_is_payee": payee is not None, "to_kind": to_kind,
        "to_platform_kind": to_platform_kind,
        "to_bank_class": (dst.bank_class if dst is not None else payee.bank_class if payee else None) or "",
        "to_ecny_tier": (dst.ecny_tier if dst is not None else payee.ecny_tier if payee else None) or 0,
        "to_balance_known": to_balance_known, "to_balance_after": to_balance_after,
        "same_name": same_name, "same_bank": same_bank, "same_name_bank": same_name and to_kind == BANK_KIND,
        "to_bound_account": bound, "whitelist_tier": tier, "is_family": family,
        "payee_age_hours": _hours(payee.added_at, now) if payee is not None else ZERO,
        "payee_number_changed": payee is not None and payee.number_changed_at is not None,
        "payee_number_changed_hours": _hours(payee.number_changed_at, now)
        if payee is not None and payee.number_changed_at is not None else ZERO,
        "first_to_payee": payee_key is not None and not index.paid_before(person, payee_key),
        "new_platform_pair": pair is not None and not index.pair_used(person, pair),
        "person_today_out_cny": index.person_day(person, today),
        "person_today_others_cny": index.person_day_others(person, today),
        "person_today_noncounter_cny": index.person_day_noncounter(person, today),
        "person_pay_today_cny": pay_today, "person_pay_year_cny": pay_year,
        "person_class3_bank_year_cny": class3_year,
        "person_static_qr_today_cny": index.person_day_static_qr(person, today),
        "aml_domestic_today_cny": index.person_day_domestic(person, today),
        "aml_crossborder_today_cny": index.person_day_crossborder(person, today),
        "fx_used_year_usd": index.person_year_fx(person, year),
        "count_24h": len(recent),
        "count_24h_to_payee": sum(1 for o in recent if payee_key is not None and o.payee_key == payee_key),
        "history_90d_daily_avg_cny": history.daily_avg_cny, "history_90d_daily_max_cny": history.daily_max_cny,
        "history_90d_count": history.count, "history_90d_active_days": history.active_days,
    }
    check_values(values)
    anchors = {"now": now}
    if payee is not None:
        anchors["payee_added_at"] = payee.added_at
        if payee.number_changed_at is not None:
            anchors["payee_number_changed_at"] = payee.number_changed_at
    return Facts(values, anchors, tuple(o.amount_cny for o in recent))


def with_values(facts: Facts, **values: object) -> Facts:
    """The same facts with some values changed (checked for type)."""
    merged = dict(facts.values)
    merged.update(values)
    check_values(merged)
    return replace(facts, values=merged)
