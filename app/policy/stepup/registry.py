"""The step-up factors Huiliu knows, and which of them this computer can have.

Each entry names a module of this package and the platforms (``sys.platform`` values) it runs on,
``None`` meaning every platform. A module is imported only on its platforms (the fingerprint
client's D-Bus library exists only on Linux) and gives its ``Authenticator`` through
``create(settings)``. Adding Windows Hello or Touch ID is one new module and one line here, e.g.
``"app.policy.stepup.windows_hello": frozenset({"win32"})``.
"""

from __future__ import annotations

import importlib
import sys

from app.policy.stepup.base import Authenticator, Settings

MODULES: dict[str, frozenset[str] | None] = {
    "app.policy.stepup.totp": None,
    "app.policy.stepup.fprintd": frozenset({"linux"}),
}


def supported(platform: str = sys.platform, modules: dict[str, frozenset[str] | None] | None = None) -> list[str]:
    """The factor modules that run on ``platform``, in the registry's order."""
    table = MODULES if modules is None else modules
    return [name for name, platforms in table.items() if platforms is None or platform in platforms]


def authenticators(settings: Settings | None = None, platform: str = sys.platform,
                   modules: dict[str, frozenset[str] | None] | None = None) -> dict[str, Authenticator]:
    """Every factor this computer can have, by kind (a factor's own check says whether a member can use it now)."""
    made: dict[str, Authenticator] = {}
    for name in supported(platform, modules):
        module = importlib.import_module(name)
        factor = module.create(settings or Settings())
        if not isinstance(factor, Authenticator):
            raise TypeError(f"{name}.create() did not make an Authenticator")
        made[factor.kind] = factor
    return made
