"""Every error a connector raises, and what the person should do about it.

Each one names the platform (``err.platform``) and carries a translated message (``str(err)``). A sync
that meets one keeps the platform's last balances, marked stale with this message as the reason.

    HuiliuError                      (app.errors)
    ├── UnknownConnector             no installed connector has that id, or its entry point is broken
    └── SyncError                    the platform refused a request (4xx it has no better name for)
        ├── ConsentExpired           the consent ended, was withdrawn, or its refresh was refused:
        │                            connect the platform again
        ├── ConsentDenied            the person said no on the platform's consent page
        ├── ConsentFailed            consent could not finish: state mismatch, no or refused code,
        │                            no answer from the browser in time
        ├── RateLimited              too many requests; ``retry_after`` seconds (None when unknown)
        ├── PlatformUnavailable      5xx, timeout or connection error after the retries; ``cause``
        └── InvalidData              a response broke the contract: malformed JSON, wrong type, missing
                                     field, unknown enum value; names ``endpoint`` and ``field``.
                                     Nothing of that response is used.

Connectors raise only these (never ``httpx`` or ``pydantic`` errors), so callers catch ``SyncError``.
What a platform says in its own words (a refusal's detail, the value a field had) is kept to
``PLATFORM_TEXT`` characters with control and format characters made spaces: a hostile platform
cannot make a stale reason megabytes long, or retitle and clear a terminal that prints it.
The reasons connectors put into them are the ``N_`` constants below, so they are in the core's
message catalogue (which is extracted from app/ only) and reach the person translated.
"""

from __future__ import annotations

import unicodedata

from app.errors import HuiliuError
from app.i18n import N_, _

__all__ = [
    "ConsentDenied",
    "ConsentExpired",
    "ConsentFailed",
    "InvalidData",
    "PlatformUnavailable",
    "RateLimited",
    "SyncError",
    "UnknownConnector",
    "INSECURE_URL",
    "PLATFORM_TEXT",
    "SOME_PLATFORM",
    "platform_text",
]

PLATFORM_TEXT = 200  # characters of a platform's own words kept in a message


def platform_text(text: str) -> str:
    """A platform's own words fit for a message: at most PLATFORM_TEXT characters, nothing that is not text."""
    cut = text[:PLATFORM_TEXT + 1]
    clean = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in cut)  # Cc, Cf (bidi), Cn...
    return clean if len(clean) <= PLATFORM_TEXT else clean[:PLATFORM_TEXT - 1] + "…"


# A connector given a base URL that would send tokens in clear text (app.errors.ValidationError).
INSECURE_URL = N_("{url} must be an https address (plain http only on this computer).")
# Stands for the platform's name where it is not known yet.
SOME_PLATFORM = N_("the platform")


class UnknownConnector(HuiliuError):
    """No installed connector has this id (or it failed to load)."""

    def __init__(self, connector_id: str, detail: str = "") -> None:
        msg = _("No connector named '{id}' is installed; reinstall Huiliu or remove the connection.").format(
            id=connector_id
        )
        super().__init__(msg + (f" ({detail})" if detail else ""))
        self.connector_id = connector_id
        self.detail = detail


class SyncError(HuiliuError):
    """Talking to one platform failed; ``platform`` is its display name."""

    def __init__(self, platform: str, message: str | None = None) -> None:
        super().__init__(
            message
            if message is not None
            else _("{platform} refused the request; try again later.").format(platform=platform)
        )
        self.platform = platform

    @classmethod
    def rejected(cls, platform: str, status: int, detail: str) -> SyncError:
        """A request the platform answered with an error it gives no better name for."""
        return cls(
            platform,
            _("{platform} refused the request (HTTP {status}: {detail}); try again later.").format(
                platform=platform, status=status, detail=platform_text(detail)
            ),
        )


class ConsentExpired(SyncError):
    """The consent is gone: the person must connect the platform again."""

    NOT_CONNECTED = N_("not connected yet")

    def __init__(self, platform: str, detail: str = "") -> None:
        msg = _("Your consent for {platform} has expired or was withdrawn; connect {platform} again.").format(
            platform=platform
        )
        detail = platform_text(detail)
        super().__init__(platform, msg + (f" ({detail})" if detail else ""))
        self.detail = detail


class ConsentDenied(SyncError):
    """The person declined on the platform's consent page."""

    def __init__(self, platform: str) -> None:
        super().__init__(
            platform, _("Access to {platform} was not granted, so nothing was connected.").format(platform=platform)
        )


class ConsentFailed(SyncError):
    """Consent did not complete (state mismatch, missing or refused code, timeout)."""

    WRONG_ADDRESS = N_("the answer arrived at an unexpected address")
    STATE_MISMATCH = N_("the answer does not belong to this request")
    NO_CODE = N_("the platform sent no authorization code")
    CODE_REFUSED = N_("the platform refused the authorization code ({detail})")
    NO_ANSWER = N_("no answer came back from the browser in time")

    def __init__(self, platform: str, reason: str) -> None:
        reason = platform_text(reason)  # (may carry the platform's refusal of the code)
        super().__init__(
            platform,
            _("Connecting {platform} did not complete: {reason}. Start the connection again.").format(
                platform=platform, reason=reason
            ),
        )
        self.reason = reason


class RateLimited(SyncError):
    """The platform asks us to slow down; ``retry_after`` is in seconds when it said."""

    def __init__(self, platform: str, retry_after: float | None) -> None:
        if retry_after is None:
            msg = _("{platform} is receiving too many requests from Huiliu; try again in a few minutes.")
        else:
            msg = _("{platform} is receiving too many requests from Huiliu; try again in {seconds} seconds.")
        super().__init__(platform, msg.format(platform=platform, seconds=_whole_seconds(retry_after)))
        self.retry_after = retry_after


class PlatformUnavailable(SyncError):
    """The platform did not answer usefully (5xx, timeout, connection error)."""

    NO_ANSWER = N_("no answer within {seconds} s")
    CONNECT_TIMEOUT = N_("connection timed out")
    TOO_SLOW = N_("a reply took longer than {seconds} s to arrive")
    TOO_BIG = N_("a reply was larger than {size} MiB")
    UNREADABLE = N_("a reply could not be read ({kind})")
    ENCODING = N_("a reply came compressed as {encoding}, which Huiliu does not read")

    def __init__(self, platform: str, cause: str) -> None:
        cause = platform_text(cause)  # (may carry the platform's own title for its status)
        super().__init__(
            platform,
            _("{platform} cannot be reached right now ({cause}); its last balances are kept. Try again later.").format(
                platform=platform, cause=cause
            ),
        )
        self.cause = cause


class InvalidData(SyncError):
    """A response that breaks the platform contract; names the endpoint and the field."""

    def __init__(self, platform: str, endpoint: str, field: str, problem: str) -> None:
        field, problem = platform_text(field), platform_text(problem)
        super().__init__(
            platform,
            _(
                "{platform} sent data Huiliu cannot read ({endpoint}, field '{field}': {problem}); "
                "nothing from that answer was used. Try again later or report it to the platform."
            ).format(platform=platform, endpoint=endpoint, field=field or "-", problem=problem),
        )
        self.endpoint = endpoint
        self.field = field
        self.problem = problem


def _whole_seconds(value: float | None) -> int:
    # Retry-After can be fractional after our own arithmetic; people read whole seconds, rounded up.
    if value is None:
        return 0
    whole = int(value)
    return whole + 1 if value > whole else whole


class TransferRefused(SyncError):
    """The platform refused a transfer or its cancellation; ``code`` is its machine-readable reason
    (insufficient_funds, limit_exceeded, unknown_account, not_cancellable, signature_invalid,
    stale_request, replayed_request, key_mismatch, scope_missing, quote_expired, quote_unknown,
    quote_mismatch, quote_used, not_supported, ...) and ``detail`` its own words.
    The reasons a connector gives when it refuses without asking the platform are the constants below."""

    NO_LINK = N_("this connection may not move money; connect the platform again and allow transfers")
    KEY_CHANGED = N_("the platform's transfer key is not the one pinned when it was connected; nothing was sent")
    NOT_OFFERED = N_("the platform does not offer transfers")
    NO_EXCHANGE = N_("the platform does not exchange currencies for transfers")

    def __init__(self, platform: str, code: str, detail: str = "") -> None:
        detail = platform_text(detail)
        super().__init__(
            platform,
            _("{platform} refused the transfer ({code}){detail}.").format(
                platform=platform, code=platform_text(code), detail=f": {detail}" if detail else ""
            ),
        )
        self.code = code
        self.detail = detail


class ReconnectNeeded(SyncError):
    """The connection's consent does not cover transfers (made before they existed, or without the
    scope): the person connects the platform again before its first transfer."""

    def __init__(self, platform: str) -> None:
        super().__init__(platform, _(
            "{platform} was connected without permission to move money; connect it again (Accounts, "
            "Connect platform…) before the first transfer from it.").format(platform=platform))
