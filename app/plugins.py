"""Entry-point groups: the only way the core reaches code outside it (connectors, the window).

The core never imports ``connectors`` or ``ui``; what it needs of them is declared in
pyproject.toml under these groups and loaded by name here, so an installation without, say, the
sandbox still runs, and the layer contracts can forbid every direct import.

* ``huiliu.connectors``: platform connectors, each a ``Manifest`` (see ``app.sync.registry``);
* ``huiliu.statements``: the statement-file reader (``app.ledger.statements.StatementReader``);
* ``huiliu.sandbox``: the local sandbox platforms behind the demo (``app.sync.local.LocalPlatformsProvider``);
* ``huiliu.frontends``: ``gui``, the window ``huiliu`` opens without a command.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any

from app.errors import HuiliuError
from app.i18n import _

CONNECTORS = "huiliu.connectors"
STATEMENTS = "huiliu.statements"
SANDBOX = "huiliu.sandbox"
FRONTENDS = "huiliu.frontends"


class PluginMissing(HuiliuError):
    """A part of Huiliu that this installation lacks or cannot load."""

    def __init__(self, group: str, name: str, reason: str = "") -> None:
        text = _("This installation of Huiliu lacks {name} ({group}).").format(name=name, group=group)
        super().__init__(text + (f" {reason}" if reason else ""))
        self.group, self.name, self.reason = group, name, reason


def load(group: str, name: str) -> Any:
    """The object the entry point ``name`` of ``group`` names; PluginMissing when absent or broken."""
    for ep in entry_points(group=group, name=name):
        try:
            return ep.load()
        except Exception as exc:  # a broken plug-in is reported, never allowed to crash the caller
            raise PluginMissing(group, name, f"{ep.value}: {type(exc).__name__}: {exc}") from exc
    raise PluginMissing(group, name)
