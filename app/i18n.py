"""Message catalogue for user-visible strings raised or printed by the core.

Strings are marked with ``_()`` and looked up in ``resources/translations/app_<lang>.po``, read with
Babel at first use (no compile step, so a catalogue is never stale). The language follows
``HUILIU_LANG``, then the usual POSIX locale variables; anything Chinese selects zh_CN, everything
else English (the msgids themselves).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

RESOURCES = Path(__file__).resolve().parent.parent / "resources"
TRANSLATIONS = RESOURCES / "translations"
SUPPORTED = ("en", "zh_CN")

_lock = threading.Lock()
_language: str | None = None
_catalogs: dict[str, dict[str, str]] = {}


def system_language() -> str:
    """The language the environment asks for, as one of SUPPORTED."""
    for var in ("HUILIU_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return normalize(value.split(":")[0])
    return "en"


def normalize(tag: str) -> str:
    tag = tag.strip().replace("-", "_").lower()
    return "zh_CN" if tag.startswith("zh") else "en"


def set_language(tag: str | None) -> str:
    """Choose the language for every later ``_()``; ``None`` follows the system."""
    global _language
    _language = normalize(tag) if tag else system_language()
    return _language


def language() -> str:
    return _language or set_language(None)


def _catalog(lang: str) -> dict[str, str]:
    with _lock:
        if lang not in _catalogs:
            _catalogs[lang] = _read_po(TRANSLATIONS / f"app_{lang}.po") if lang != "en" else {}
        return _catalogs[lang]


def _read_po(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        catalog = read_po(fh)
    return {m.id: m.string for m in catalog
            if isinstance(m.id, str) and isinstance(m.string, str) and m.id and m.string and not m.fuzzy}


def _(msgid: str) -> str:
    """Translate ``msgid`` into the current language (English when no translation exists)."""
    return _catalog(language()).get(msgid, msgid)


def N_(msgid: str) -> str:
    """Mark a string for extraction without translating it yet (translated where it is shown)."""
    return msgid
