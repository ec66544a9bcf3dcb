"""Huiliu sandbox: simulated financial platforms behind the Huiliu platform API, on a real HTTP server.

The sandbox serves seven fictional platforms of a three-person household (a bank with Class I/II
accounts, a second bank's credit cards, two payment wallets with money-market funds and a credit line,
an e-commerce balance, e-CNY wallets and a multi-currency account) at ``http://127.0.0.1:PORT/p/{id}``,
with OAuth 2 + PKCE consent, one year of seeded deterministic history, and fault injection. The
contract is ``docs/platform-api.md`` and ``resources/openapi/platform-api.yaml``.

    from connectors.sandbox import Sandbox
    from connectors.sandbox.consent import complete_consent

    with Sandbox(seed=42) as sb:
        ...

Modules: ``personalities`` (platforms, household, logins), ``ledger`` (books and clock), ``history``
(the seeded day-by-day generator), ``household`` (the household's year), ``world`` (books + clock +
histories), ``oauth`` (authorization server), ``faults`` (fault specs), ``views`` (JSON shapes and the
change feed), ``pages`` (consent HTML), ``app`` (Starlette routes), ``server`` (``Sandbox``,
``serve_forever``), ``consent`` (``complete_consent``).
"""

from .server import Sandbox, serve_forever

__all__ = ["Sandbox", "serve_forever"]
