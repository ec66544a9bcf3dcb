"""Which importer reads a file: every importer sniffs its first bytes and name, the surest one parses it.

The registry is a list of module names, imported on first use so that opening the app does not load
ofxtools, defusedxml or the CSV layouts. Each module exposes its importer as a module-level
``IMPORTER`` (or several as ``IMPORTERS``); a module that does not is searched for objects that have
``name``, ``sniff`` and ``parse`` (a class among them is instantiated without arguments). A module that
is missing or fails to import is left out with a warning in the log, so that one broken importer
cannot stop the others; ``detect`` then simply does not offer it.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

from app.bulk import collector_paused
from app.i18n import _
from app.ledger.statements import FormatNotRecognised
from connectors.statements.limits import check_lines
from connectors.statements.period import stated_period
from connectors.statements.records import Importer, ParsedStatement, StatementError
from connectors.statements.xls import OLE2_MAGIC

__all__ = ["HEAD_SIZE", "MODULES", "THRESHOLD", "detect", "importers", "parse_data", "parse_file"]

log = logging.getLogger(__name__)

# Registry order breaks ties between equally sure importers: the specific formats first.
MODULES = (
    "connectors.statements.ofx",
    "connectors.statements.camt",
    "connectors.statements.qif",
    "connectors.statements.alipay",
    "connectors.statements.wechat",
    "connectors.statements.jd",
    "connectors.statements.meituan",
    "connectors.statements.bank_cn",
    "connectors.statements.bank_csv",
)
HEAD_SIZE = 64 * 1024  # enough for the longest preamble we sniff (Alipay's 24 lines, camt's group header)
THRESHOLD = 0.5  # below this an importer is only guessing (e.g. from the file name alone)

_lock = threading.Lock()
_loaded: list[Importer] | None = None


def importers() -> list[Importer]:
    """Every importer that loads, in registry order (loaded once, on first use)."""
    global _loaded
    with _lock:
        if _loaded is None:
            found: list[Importer] = []
            for name in MODULES:
                try:
                    module = importlib.import_module(name)
                except Exception as exc:  # an importer that cannot load must not take the others down
                    log.warning("statement importer %s left out: %s: %s", name, type(exc).__name__, exc)
                    continue
                found += _importers_of(module)
            _loaded = found
        return list(_loaded)


def _importers_of(module: ModuleType) -> list[Importer]:
    declared: Any = getattr(module, "IMPORTERS", None)
    if declared is None and hasattr(module, "IMPORTER"):
        declared = [module.IMPORTER]
    if declared is None:
        declared = _discover(module)
    usable = [imp for imp in declared if _is_importer(imp)]
    if not usable:
        log.warning("statement importer module %s exposes no importer (expected IMPORTER)", module.__name__)
    return usable


def _discover(module: ModuleType) -> list[Any]:
    """Objects defined in ``module`` that look like importers; classes are instantiated without arguments."""
    found: list[Any] = []
    for value in vars(module).values():
        cls = value if isinstance(value, type) else type(value)
        if getattr(cls, "__module__", "") != module.__name__ or getattr(value, "_is_protocol", False):
            continue
        if isinstance(value, type):
            if not all(callable(getattr(value, attr, None)) for attr in ("sniff", "parse")):
                continue
            try:
                value = value()
            except Exception:  # needs arguments we cannot guess, or fails: not usable as it stands
                continue
        if _is_importer(value) and not any(type(v) is type(value) for v in found):
            found.append(value)
    return found


def _is_importer(obj: object) -> bool:
    return all(callable(getattr(obj, attr, None)) for attr in ("sniff", "parse")) and isinstance(
        getattr(obj, "name", None), str
    )


def detect(
    data: bytes, filename: str, candidates: Iterable[Importer] | None = None
) -> list[tuple[float, Importer]]:
    """Every importer with how sure it is that it reads this file, surest first (ties: registry order)."""
    head = data[:HEAD_SIZE]
    scored: list[tuple[float, int, Importer]] = []
    for index, importer in enumerate(importers() if candidates is None else candidates):
        try:
            score = float(importer.sniff(head, filename))
        except Exception as exc:  # a sniffer's bug must not stop detection; it just does not claim the file
            log.warning(
                "importer %s failed to sniff %s: %s: %s", importer.name, filename, type(exc).__name__, exc
            )
            score = 0.0
        scored.append((min(max(score, 0.0), 1.0), index, importer))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [(score, importer) for score, _index, importer in scored]


def parse_data(data: bytes, path: str) -> ParsedStatement:
    """Parse bytes already read (a dropped file) with the surest importer above THRESHOLD."""
    if not data.startswith((b"PK", OLE2_MAGIC)) and b"<" not in data[:4096]:
        check_lines(data, path)  # plain text (not a workbook, legacy or not, nor XML or OFX): no line is megabytes
    ranked = detect(data, Path(path).name)
    if not ranked or ranked[0][0] <= THRESHOLD:
        tried = ", ".join(importer.name for _score, importer in ranked) or _("none installed")
        raise FormatNotRecognised(
            path, _("format not recognised; the formats tried were: {tried}").format(tried=tried)
        )
    with collector_paused():  # a bill's rows are many small objects and no cycles
        parsed = ranked[0][1].parse(data, path)
    if any(section.period is None for section in parsed.sections) and not data.startswith(b"PK"):
        period = stated_period(data)  # a bill's 起始时间/终止时间 (OFX and camt state theirs in their markup)
        for section in parsed.sections:
            if section.period is None:
                section.period = period
    return parsed


def parse_file(path: str | Path) -> ParsedStatement:
    """Read ``path`` and parse it with the surest importer; StatementError when none is sure enough."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise StatementError(
            str(path), _("cannot read the file: {reason}").format(reason=exc.strerror or exc)
        ) from None
    return parse_data(data, str(path))
