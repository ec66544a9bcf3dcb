"""Sync: the connector contract, its errors, the connector registry (and the sync service).

* ``app.sync.contract`` — ``Connector`` (async protocol), ``Manifest``, ``ConnectorConfig``, the
  records connectors return (``PlatformInfo``, ``RemoteAccount``, ``RemoteBalance``,
  ``RemoteTransaction``, ``TransactionPage``, ``FxQuote``, ``ConsentRequest``) and ``Capability``.
* ``app.sync.tokens`` — ``Tokens`` and ``TokenStore`` with ``MemoryTokenStore`` and
  ``KeyringTokenStore`` (also importable from ``app.sync.contract``).
* ``app.sync.errors`` — every error a connector raises, documented in one place.
* ``app.sync.registry`` — connectors installed through the ``huiliu.connectors`` entry points.
* ``app.sync.service`` — ``SyncService``: consent, recording a connection, and the concurrent refresh
  whose writes go through the caller's ``apply`` (the window's writer thread).
* ``app.sync.token_vault`` — tokens sealed in the vault where no OS keyring is usable.
* ``app.sync.local`` and ``app.sync.demo`` — the sandbox platforms as a plug-in, and the demo household.

Nothing here imports Qt or a transport: connectors (``connectors/``) bring their own.
"""
