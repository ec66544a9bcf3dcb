"""Installed connectors, found through the ``huiliu.connectors`` entry-point group.

A package offers a connector by declaring an entry point that resolves to its ``Manifest``::

    [project.entry-points."huiliu.connectors"]
    openapi = "connectors.openapi:MANIFEST"

The entry point's name must equal the manifest's id. A broken entry point (import error, not a
Manifest, mismatched id) is left out of ``connectors()`` with a warning, so one bad plug-in cannot
stop the others; ``get`` of its id raises ``UnknownConnector`` with the reason.
"""

from __future__ import annotations

import logging
from importlib.metadata import EntryPoint, entry_points

from app import plugins
from app.sync.contract import Manifest
from app.sync.errors import UnknownConnector

__all__ = ["GROUP", "connectors", "get"]

GROUP = plugins.CONNECTORS
log = logging.getLogger(__name__)


def _load(ep: EntryPoint) -> Manifest:
    try:
        manifest = ep.load()
    except Exception as exc:  # any import-time failure of a plug-in is its own problem, not ours
        raise UnknownConnector(ep.name, f"{ep.value}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(manifest, Manifest):
        raise UnknownConnector(ep.name, f"{ep.value} is a {type(manifest).__name__}, not a Manifest")
    if manifest.id != ep.name:
        raise UnknownConnector(ep.name, f"{ep.value} declares id {manifest.id!r}")
    return manifest


def connectors() -> dict[str, Manifest]:
    """Every installed connector that loads, by id (sorted)."""
    found: dict[str, Manifest] = {}
    for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        try:
            found[ep.name] = _load(ep)
        except UnknownConnector as exc:
            log.warning("connector entry point %s skipped: %s", ep.name, exc.detail)
    return found


def get(connector_id: str) -> Manifest:
    """The manifest of ``connector_id``; UnknownConnector when it is not installed or does not load."""
    for ep in entry_points(group=GROUP, name=connector_id):
        return _load(ep)
    raise UnknownConnector(connector_id)
