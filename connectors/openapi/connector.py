"""``OpenAPIConnector``: the httpx client of the Huiliu platform API (docs/platform-api.md)."""

from __future__ import annotations

import asyncio
import json
import secrets
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from types import TracebackType
from typing import TypeVar
from urllib.parse import quote, urlsplit

import httpx
from pydantic import BaseModel

from app import clock, i18n
from app.errors import ValidationError as InputError
from app.i18n import _
from app.money import minor_digits
from app.sync.contract import (
    Capability,
    ConnectorConfig,
    ConsentRequest,
    FxQuote,
    PlatformInfo,
    RemoteAccount,
    RemoteBalance,
    RemoteTransfer,
    TransactionPage,
    TransferLink,
    TransferOrder,
    TransferQuote,
)
from app.sync.errors import (
    INSECURE_URL,
    ConsentDenied,
    ConsentExpired,
    ConsentFailed,
    InvalidData,
    SyncError,
    TransferRefused,
)
from app.sync.tokens import Tokens
from connectors.openapi import link, models, oauth
from connectors.openapi.session import (
    PlatformSession,
    acceptable_url,
    problem_of,
    token_error_of,
    token_error_text,
)

__all__ = ["OpenAPIConnector"]

M = TypeVar("M", bound=BaseModel)

DISCOVERY_PATH = "/.well-known/huiliu-platform"
_TOKEN_ENDPOINT = "POST token"
TRANSFERS_SCOPE = "transfers"
# Refusals a platform answers about the transfer link itself or the transfer (problem ``code``s);
# any other 4xx on a transfer call is a SyncError like elsewhere.
LINK_CODES = frozenset({"signature_missing", "signature_invalid", "stale_request", "replayed_request",
                        "key_mismatch", "scope_missing", "insufficient_scope"})
TRANSFER_CODES = frozenset({"insufficient_funds", "limit_exceeded", "unknown_account", "not_cancellable",
                            "idempotency_conflict", "name_mismatch", "currency_mismatch", "quote_unknown",
                            "quote_expired", "quote_mismatch", "quote_used", "not_supported",
                            "scheduled_not_supported"})
QUOTE_SCOPES = frozenset({"fx_quotes", TRANSFERS_SCOPE})


class OpenAPIConnector:
    """A connection to one platform speaking the Huiliu platform API.

    Pass ``client`` to share a pool or inject a transport; a client passed in is not closed by
    ``aclose``. ``begin_consent`` needs ``discover`` to have run (it takes the authorize URL from it).
    """

    def __init__(self, config: ConnectorConfig, client: httpx.AsyncClient | None = None) -> None:
        self._config = config
        self._base = config.base_url.rstrip("/")
        if not acceptable_url(self._base):
            raise InputError("base_url", _(INSECURE_URL).format(url=config.base_url))
        self._http = PlatformSession(config, client, lambda: self.platform_name)
        self._discovery: models.Discovery | None = None
        self._tokens: Tokens | None = None
        self._refresh_lock = asyncio.Lock()

    async def __aenter__(self) -> OpenAPIConnector:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    @property
    def platform_name(self) -> str:
        """The platform's name in the current language (its host until ``discover`` has run)."""
        if self._discovery is None:
            return urlsplit(self._base).netloc
        return self._discovery.name_zh if i18n.language().startswith("zh") else self._discovery.name_en

    # ------------------------------------------------------------------------------------------ discovery

    async def discover(self) -> PlatformInfo:
        """The platform's discovery document as a record; cached for the connector's life."""
        return (await self._discover()).to_record()

    async def _discover(self) -> models.Discovery:
        if self._discovery is None:
            endpoint = f"GET {DISCOVERY_PATH}"
            response = await self._http.send("GET", self._base + DISCOVERY_PATH, endpoint)
            self._http.raise_for_status(response)
            discovery = self._http.parse(response, models.Discovery, endpoint)
            for field in ("authorization_endpoint", "token_endpoint"):
                if not acceptable_url(getattr(discovery, field)):
                    raise InvalidData(self.platform_name, endpoint, field, "must be an https URL")
            self._discovery = discovery
        return self._discovery

    # ------------------------------------------------------------------------------------------ consent

    def begin_consent(self, redirect_uri: str) -> ConsentRequest:
        """A new consent request: PKCE S256 verifier and state from ``secrets``, the authorize URL to open."""
        if self._discovery is None:
            raise RuntimeError("begin_consent() needs discover() to have run first")
        verifier, state = oauth.new_code_verifier(), oauth.new_state()
        url = oauth.authorize_url(
            self._discovery.authorization_endpoint,
            {
                "response_type": "code",
                "client_id": self._config.client_id,
                "redirect_uri": redirect_uri,
                "scope": self._config.scope,
                "state": state,
                "code_challenge": oauth.code_challenge(verifier),
                "code_challenge_method": "S256",
            },
        )
        return ConsentRequest(authorize_url=url, state=state, code_verifier=verifier, redirect_uri=redirect_uri)

    async def finish_consent(self, request: ConsentRequest, callback_url: str) -> Tokens:
        """Check the callback against ``request``, exchange its code, save and return the tokens."""
        name = self.platform_name
        address, params = oauth.callback_params(callback_url)
        if not oauth.same_endpoint(address, request.redirect_uri):
            raise ConsentFailed(name, _(ConsentFailed.WRONG_ADDRESS))
        if not secrets.compare_digest(params.get("state", ""), request.state):
            # Not ours (or tampered with): using its code could bind someone else's account to this vault.
            raise ConsentFailed(name, _(ConsentFailed.STATE_MISMATCH))
        error = params.get("error")
        if error == "access_denied":
            raise ConsentDenied(name)
        if error:
            raise ConsentFailed(name, params.get("error_description") or error)
        code = params.get("code")
        if not code:
            raise ConsentFailed(name, _(ConsentFailed.NO_CODE))
        discovery = await self._discover()
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": request.redirect_uri,
            "client_id": self._config.client_id,
            "code_verifier": request.code_verifier,
        }
        transfer_link = self._config.transfer_link
        if transfer_link is not None and TRANSFERS_SCOPE in self._config.scope.split():
            # Register the vault's key, bound to this consent, and prove it is held (a signature over
            # the code). The key pinned for the platform must be the one its discovery shows now.
            if not self._pinned_key_matches(discovery, transfer_link):
                raise ConsentFailed(name, _(TransferRefused.KEY_CHANGED))
            form["transfer_public_key"] = transfer_link.client_public_key
            form["transfer_key_proof"] = link.key_proof(transfer_link, code)
        issued_at = clock.utcnow()
        response = await self._http.send(
            "POST", discovery.token_endpoint, _TOKEN_ENDPOINT, data=form, idempotent=False
        )
        if response.status_code in (400, 401):
            reason = _(ConsentFailed.CODE_REFUSED).format(detail=token_error_text(response))
            raise ConsentFailed(self.platform_name, reason)
        self._http.raise_for_status(response)
        token = self._http.parse(response, models.TokenResponse, _TOKEN_ENDPOINT)
        tokens = token.to_tokens(issued_at)
        self._save(tokens)
        return tokens

    # ------------------------------------------------------------------------------------------ resources

    async def accounts(self) -> tuple[RemoteAccount, ...]:
        """Every account the consent covers."""
        body = await self._get("/accounts", "GET /accounts", models.AccountsResponse)
        return tuple(a.to_record() for a in body.data.accounts)

    async def balances(self, account_id: str) -> tuple[RemoteBalance, ...]:
        """The account's balances, signed from the holder's view."""
        endpoint = "GET /accounts/{account_id}/balances"
        body = await self._get(f"/accounts/{quote(account_id, safe='')}/balances", endpoint, models.BalancesResponse)
        self._check_account(body.data.account_id, account_id, endpoint)
        return body.to_records()

    async def transactions(self, account_id: str, cursor: str | None, since: date | None = None) -> TransactionPage:
        """One page of the account's transaction feed after ``cursor``; see ``TransactionPage``."""
        endpoint = "GET /accounts/{account_id}/transactions"
        params = {"limit": str(self._config.page_size)}
        if cursor is not None:
            params["cursor"] = cursor
        if since is not None:
            params["from_booking_date"] = since.isoformat()
        body = await self._get(
            f"/accounts/{quote(account_id, safe='')}/transactions", endpoint, models.TransactionsResponse, params
        )
        self._check_account(body.data.account_id, account_id, endpoint)
        meta = body.meta
        if meta.has_more and meta.next_cursor == cursor:
            # "More after the position you already hold" would send a caller round the same page forever.
            raise InvalidData(self.platform_name, endpoint, "meta.next_cursor", "repeats the cursor just used")
        return TransactionPage(
            account_id=account_id,
            transactions=tuple(t.to_record() for t in body.data.transactions),
            next_cursor=meta.next_cursor,
            has_more=meta.has_more,
        )

    async def fx_quote(self, base: str, quote: str) -> FxQuote:
        """The platform's rate: ``rate`` units of ``quote`` per one ``base``."""
        endpoint = "GET /fx/quote"
        body = await self._get("/fx/quote", endpoint, models.FxQuoteResponse, {"from": base, "to": quote})
        record = body.to_record()
        if (record.base, record.quote) != (base.upper(), quote.upper()):
            raise InvalidData(
                self.platform_name, endpoint, "data.from/data.to", f"{record.base}/{record.quote} was not asked for"
            )
        return record

    async def quote_transfer(self, from_account: str, buy_currency: str, sell_amount: Decimal) -> TransferQuote:
        """A firm quote (``POST /fx/quotes``) for selling ``sell_amount`` (fee included, in the account's
        currency) from ``from_account`` for ``buy_currency``. ``TransferRefused`` when the platform does
        not make cross-currency transfers, the consent covers neither fx_quotes nor transfers, or the
        platform will not quote this; ``InvalidData`` for a quote that is not for what was asked or does
        not add up."""
        endpoint = "POST /fx/quotes"
        buy_currency = buy_currency.upper()
        discovery = await self._discover()
        name = self.platform_name
        wanted = {Capability.FX_QUOTES.value, Capability.TRANSFERS.value}
        if not wanted <= set(discovery.capabilities):
            raise TransferRefused(name, "not_supported", _(TransferRefused.NO_EXCHANGE))
        tokens = await self._fresh_tokens()
        if tokens.scope and not QUOTE_SCOPES & set(tokens.scope.split()):
            raise TransferRefused(name, "scope_missing", _(TransferRefused.NO_LINK))
        if not sell_amount.is_finite() or sell_amount <= 0:
            raise ValueError(f"sell_amount {sell_amount} must be a positive amount")
        # In the account's currency (the platform knows it; its answer names it): whole minor units,
        # which the platform checks, never rounded here.
        body = json.dumps({"from_account": from_account, "buy_currency": buy_currency,
                           "sell_amount": format(sell_amount, "f")}, ensure_ascii=False).encode("utf-8")
        url = self._base + "/fx/quotes"
        response = await self._http.send("POST", url, endpoint, bearer=tokens.access_token, json_body=body)
        if response.status_code == 401:
            problem = problem_of(response)
            if problem.code == "consent_expired":
                raise ConsentExpired(name, problem.detail or "")
            tokens = await self._refresh(tokens)  # (a quote is no money moving: asking again is harmless)
            response = await self._http.send("POST", url, endpoint, bearer=tokens.access_token, json_body=body)
            if response.status_code == 401:
                raise ConsentExpired(name, problem_of(response).detail or "")
        if response.status_code in (400, 403, 404, 422):
            problem = problem_of(response)
            raise TransferRefused(name, problem.code or f"http_{response.status_code}", problem.detail or "")
        self._http.raise_for_status(response)
        record = self._http.parse(response, models.TransferQuoteResponse, endpoint).to_record()
        asked = (from_account, buy_currency, sell_amount)
        got = (record.from_account, record.buy_currency, record.sell_amount)
        if got != asked:
            raise InvalidData(name, endpoint, "data", f"quotes {got[2]} {record.sell_currency} -> {got[1]} from "
                                                      f"{got[0]}, not what was asked")
        return record

    # ------------------------------------------------------------------------------------------ transfers

    async def submit_transfer(self, order: TransferOrder) -> RemoteTransfer:
        """Send ``order`` signed and sealed (``connectors.openapi.link``); the same idempotency key sent
        again returns the first answer. ``TransferRefused`` when the platform (or the pin check) refuses
        it; a ``PlatformUnavailable`` after the request left is no refusal: ask ``transfer_by_key``."""
        endpoint = "POST /transfers"
        body: dict[str, object] = {
            "from_account": order.from_account,
            "to_platform": order.to_platform,
            "to_account": order.to_account,
            "to_name": order.to_name,
            "amount": {"amount": _amount_text(order.amount, order.currency), "currency": order.currency},
            "memo": order.memo,
            "execute_at": _aware_text(order.execute_at) if order.execute_at is not None else None,
            "quote_id": order.quote_id,
        }
        answer = await self._moving("POST", "/transfers", endpoint, order.idempotency_key, body)
        if answer.idempotency_key != order.idempotency_key:
            raise InvalidData(self.platform_name, endpoint, "data.idempotency_key", "is not the key that was sent")
        return answer

    async def transfer(self, transfer_id: str) -> RemoteTransfer:
        """Where one transfer stands now (``GET /transfers/{transfer_id}``)."""
        endpoint = "GET /transfers/{transfer_id}"
        body = await self._get(f"/transfers/{quote(transfer_id, safe='')}", endpoint, models.TransferResponse)
        if body.data.transfer_id != transfer_id:
            raise InvalidData(self.platform_name, endpoint, "data.transfer_id", f"is not {transfer_id!r}")
        return body.data.to_record()

    async def transfer_by_key(self, idempotency_key: str) -> RemoteTransfer | None:
        """The transfer held under ``idempotency_key`` (``GET /transfers?idempotency_key=``); None if the
        platform never received it."""
        endpoint = "GET /transfers"
        try:
            body = await self._get("/transfers", endpoint, models.TransferResponse,
                                   {"idempotency_key": idempotency_key}, missing_ok=True)
        except _NotFound:
            return None
        if body.data.idempotency_key != idempotency_key:
            raise InvalidData(self.platform_name, endpoint, "data.idempotency_key", "is not the key asked for")
        return body.data.to_record()

    async def cancel_transfer(self, transfer_id: str) -> RemoteTransfer:
        """Cancel a transfer still scheduled or pending (``DELETE /transfers/{transfer_id}``, signed);
        ``TransferRefused`` (``not_cancellable``) once it has gone."""
        endpoint = "DELETE /transfers/{transfer_id}"
        answer = await self._moving("DELETE", f"/transfers/{quote(transfer_id, safe='')}", endpoint, "", None)
        if answer.transfer_id != transfer_id:
            raise InvalidData(self.platform_name, endpoint, "data.transfer_id", f"is not {transfer_id!r}")
        return answer

    async def _moving(
        self, method: str, path: str, endpoint: str, idempotency_key: str, order: dict[str, object] | None
    ) -> RemoteTransfer:
        """A money-moving request: checks that need no network, then signed (and sealed) on the link."""
        name = self.platform_name
        transfer_link = self._config.transfer_link
        if transfer_link is None:
            raise TransferRefused(name, "scope_missing", _(TransferRefused.NO_LINK))
        tokens = await self._fresh_tokens()
        if tokens.scope and TRANSFERS_SCOPE not in tokens.scope.split():
            raise TransferRefused(self.platform_name, "scope_missing", _(TransferRefused.NO_LINK))
        discovery = await self._discover()
        if not self._pinned_key_matches(discovery, transfer_link):
            raise TransferRefused(self.platform_name, "key_mismatch", _(TransferRefused.KEY_CHANGED))
        if Capability.TRANSFERS.value not in discovery.capabilities:
            raise TransferRefused(self.platform_name, "not_supported", _(TransferRefused.NOT_OFFERED))
        url = self._base + path
        signed_path = urlsplit(url).path

        def sign() -> tuple[dict[str, str], bytes]:
            request = link.sign_request(transfer_link, method, signed_path, idempotency_key, order)
            return request.headers, request.body

        for attempt in (1, 2):
            response = await self._http.send(
                method, url, endpoint, bearer=tokens.access_token, idempotent=False, sign=sign
            )
            if response.status_code != 401:
                break
            problem = problem_of(response)
            if problem.code in LINK_CODES:
                raise TransferRefused(self.platform_name, problem.code, problem.detail or "")
            if problem.code == "consent_expired" or attempt == 2:
                raise ConsentExpired(self.platform_name, problem.detail or "")
            # The token ended before we expected: one refresh, then the request again (its idempotency
            # key keeps it one transfer; a fresh nonce keeps it apart from the refused attempt).
            tokens = await self._refresh(tokens)
        status = response.status_code
        if 400 <= status < 500 and status != 429:
            problem = problem_of(response)
            code = problem.code or ""
            if code in LINK_CODES or code in TRANSFER_CODES or status in (409, 422):
                raise TransferRefused(self.platform_name, code or f"http_{status}", problem.detail or "")
        self._http.raise_for_status(response)
        return self._http.parse(response, models.TransferResponse, endpoint).data.to_record()

    @staticmethod
    def _pinned_key_matches(discovery: models.Discovery, transfer_link: TransferLink) -> bool:
        shown = discovery.transfer_public_key
        return shown is not None and secrets.compare_digest(shown.lower(), transfer_link.platform_public_key.lower())

    async def aclose(self) -> None:
        """Close the HTTP client if this connector made it."""
        await self._http.aclose()

    # ------------------------------------------------------------------------------------------ tokens

    def _load_tokens(self) -> Tokens:
        if self._tokens is None:
            self._tokens = self._config.token_store.load(self._config.connection_key)
        if self._tokens is None:
            raise ConsentExpired(self.platform_name, _(ConsentExpired.NOT_CONNECTED))
        return self._tokens

    def _save(self, tokens: Tokens) -> None:
        self._config.token_store.save(self._config.connection_key, tokens)
        self._tokens = tokens

    async def _fresh_tokens(self) -> Tokens:
        tokens = self._load_tokens()
        if tokens.consent_ended():
            raise ConsentExpired(self.platform_name)
        if tokens.expires_within(self._config.refresh_margin):
            tokens = await self._refresh(tokens)
        return tokens

    async def _refresh(self, stale: Tokens) -> Tokens:
        # Concurrent calls that all saw the same stale token refresh once; the others reuse the result.
        async with self._refresh_lock:
            current = self._load_tokens()
            if current.access_token != stale.access_token:
                return current
            if not current.refresh_token:
                raise ConsentExpired(self.platform_name)
            discovery = await self._discover()
            issued_at = clock.utcnow()
            response = await self._http.send(
                "POST",
                discovery.token_endpoint,
                _TOKEN_ENDPOINT,
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": current.refresh_token,
                    "client_id": self._config.client_id,
                },
                idempotent=False,
            )
            if response.status_code in (400, 401):
                problem = token_error_of(response)
                if problem.error in ("invalid_grant", ""):
                    raise ConsentExpired(self.platform_name, problem.error_description or "")
                raise SyncError.rejected(self.platform_name, response.status_code, token_error_text(response))
            self._http.raise_for_status(response)
            token = self._http.parse(response, models.TokenResponse, _TOKEN_ENDPOINT)
            tokens = token.to_tokens(issued_at)
            self._save(tokens)
            return tokens

    # ------------------------------------------------------------------------------------------ HTTP

    async def _get(self, path: str, endpoint: str, model: type[M], params: Mapping[str, str] | None = None,
                   *, missing_ok: bool = False) -> M:
        tokens = await self._fresh_tokens()
        url = self._base + path
        response = await self._http.send("GET", url, endpoint, params=params, bearer=tokens.access_token)
        if response.status_code == 401:
            problem = problem_of(response)
            if problem.code == "consent_expired":
                raise ConsentExpired(self.platform_name, problem.detail or "")
            # token_expired / invalid_token: the platform ended this token before we expected. One
            # refresh and one retry; a second 401 means the consent itself no longer works.
            tokens = await self._refresh(tokens)
            response = await self._http.send("GET", url, endpoint, params=params, bearer=tokens.access_token)
            if response.status_code == 401:
                raise ConsentExpired(self.platform_name, problem_of(response).detail or "")
        if missing_ok and response.status_code == 404 and problem_of(response).code == "not_found":
            raise _NotFound()
        self._http.raise_for_status(response)
        return self._http.parse(response, model, endpoint)

    def _check_account(self, got: str, wanted: str, endpoint: str) -> None:
        if got != wanted:
            raise InvalidData(self.platform_name, endpoint, "data.account_id", f"is {got!r}, not {wanted!r}")


class _NotFound(Exception):
    """A 404 ``not_found`` the caller asked to hear about (``transfer_by_key``: never received)."""


def _amount_text(amount: Decimal, currency: str) -> str:
    # Exact on the wire: a Decimal with more places than the currency has is an error, never rounded.
    places = Decimal(1).scaleb(-minor_digits(currency))
    if amount <= 0 or amount != amount.quantize(places):
        raise ValueError(f"transfer amount {amount} {currency} must be positive, in whole minor units")
    return format(amount.quantize(places), "f")


def _aware_text(when: datetime) -> str:
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"transfer execute_at {when!r} needs its time zone")
    return when.isoformat()

