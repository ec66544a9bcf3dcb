"""Play the user's browser on a sandbox consent page (for tests, the demo and the loopback flow).

``complete_consent`` does what a person would: open the authorization URL, read the login form,
type the username and password, press "approve". It stops at the platform's redirect and returns its
``Location`` (the loopback URL carrying ``code`` and ``state``) without following it, so the caller
decides whether to deliver it to a listening connector or to parse it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urljoin

import httpx


class ConsentError(Exception):
    """The platform did not redirect back (wrong password, invalid request, ...)."""

    def __init__(self, message: str, status: int, page: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.page = page


class _FormReader(HTMLParser):
    """The first <form>: its action, method, named inputs and submit buttons."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.action: str | None = None
        self.method = "get"
        self.fields: dict[str, str] = {}
        self.buttons: list[tuple[str, str]] = []
        self._in_form = False
        self._done = False
        self._alert: list[str] = []
        self._in_alert = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if a.get("role") == "alert":
            self._in_alert = True
        if self._done:
            return
        if tag == "form" and not self._in_form:
            self._in_form = True
            self.action = a.get("action", "")
            self.method = a.get("method", "get").lower()
        elif self._in_form and tag == "input" and a.get("name"):
            if a.get("type", "text") not in ("submit", "button", "checkbox", "radio") or "checked" in a:
                self.fields[a["name"]] = a.get("value", "")
        elif self._in_form and tag == "button" and a.get("name"):
            self.buttons.append((a["name"], a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form = False
            self._done = True
        if tag == "p":
            self._in_alert = False

    def handle_data(self, data: str) -> None:
        if self._in_alert:
            self._alert.append(data)

    @property
    def alert(self) -> str:
        return re.sub(r"\s+", " ", "".join(self._alert)).strip()


def complete_consent(
    authorize_url: str, username: str, password: str, client: httpx.Client | None = None
) -> str:
    """GET the consent page, POST the login form with "approve", return the redirect ``Location``.

    Raises ConsentError when the platform answers with anything but a redirect (the page's alert text,
    e.g. a wrong password, is the message). The redirect itself is never followed.
    """
    own = client is None
    http = client or httpx.Client(timeout=10.0)
    try:
        page = http.get(authorize_url, follow_redirects=False)
        if page.is_redirect:  # the platform refused the request outright and sent the error back
            return page.headers["location"]
        form = _FormReader()
        form.feed(page.text)
        if page.status_code != 200 or form.action is None:
            raise ConsentError(
                form.alert or f"consent page failed with HTTP {page.status_code}", page.status_code, page.text
            )
        fields = dict(form.fields)
        fields["username"] = username
        fields["password"] = password
        approve = next(
            ((n, v) for n, v in form.buttons if v == "approve" or n == "approve"), ("action", "approve")
        )
        fields[approve[0]] = approve[1]
        target = urljoin(str(page.url), form.action or str(page.url))
        answer = http.post(target, data=fields, follow_redirects=False)
        if not answer.is_redirect:
            reader = _FormReader()
            reader.feed(answer.text)
            raise ConsentError(
                reader.alert or f"consent was not granted (HTTP {answer.status_code})",
                answer.status_code,
                answer.text,
            )
        return answer.headers["location"]
    finally:
        if own:
            http.close()
