"""Sync: the connector contract, its errors, the connector registry (and the sync service).

* ``app.sync.contract`` — ``Connector`` (async protocol), ``Manifest``, ``ConnectorConfig``, the
  records connectors return (``PlatformInfo``, ``RemoteAccount``, ``RemoteBalance``,
  ``RemoteTransaction``, ``TransactionPage``, ``FxQuote``, ``ConsentRequest``) and ``Capability``.
* ``app.sync.tokens`` — ``Tokens`` and ``TokenStore`` with ``MemoryTokenStore`` and
  ``KeyringTokenStore`` (also importable from ``app.sync.contract``).
* ``app.sync.errors`` — every error a connector raises, documented in one place.
* ``app.sync.registry`` — connectors installed through the ``huiliu.connectors`` entry points.

Nothing here imports Qt or a transport: connectors (``connectors/``) bring their own.
"""
