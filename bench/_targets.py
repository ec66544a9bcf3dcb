"""Benchmark verdicts: every figure is printed beside its target with PASS or FAIL.

A script records each figure with ``at_most`` / ``at_least`` and ends with ``finish()``, which exits 1
when any target was missed, so ``make bench`` can run every script and fail at the end. The leading
underscore keeps this module out of ``make bench``'s loop over ``bench/*.py``.
"""

from __future__ import annotations

import sys
from typing import NoReturn

_missed: list[str] = []


def _verdict(name: str, figure: str, target: str, ok: bool, detail: str) -> bool:
    line = f"{'PASS' if ok else 'FAIL'}  {name}: {figure} (target {target})"
    print(line + (f"; {detail}" if detail else ""), flush=True)
    if not ok:
        _missed.append(name)
    return ok


def _fmt(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.3f} s"
    return f"{value:.3g} {unit}".rstrip()


def at_most(name: str, value: float, target: float, unit: str = "s", detail: str = "") -> bool:
    """Record a figure that must not exceed ``target`` (a time, a ratio to a floor, a size)."""
    return _verdict(name, _fmt(value, unit), f"<= {_fmt(target, unit)}", value <= target, detail)


def at_least(name: str, value: float, target: float, unit: str = "x", detail: str = "") -> bool:
    """Record a figure that must reach ``target`` (a speed-up)."""
    return _verdict(name, _fmt(value, unit), f">= {_fmt(target, unit)}", value >= target, detail)


def finish() -> NoReturn:
    """Exit 1 naming the missed targets, else 0."""
    if _missed:
        print(f"missed {len(_missed)} target(s): " + "; ".join(_missed), flush=True)
        sys.exit(1)
    sys.exit(0)
