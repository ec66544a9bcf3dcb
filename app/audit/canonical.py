"""RFC 8785 (JCS) canonical JSON for audit-log entries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import rfc8785


def canonical_json(obj: Any) -> bytes:
    """Encode ``obj`` as RFC 8785 canonical JSON (UTF-8 bytes)."""
    return rfc8785.dumps(_normalise(obj, "$"))


def _normalise(obj: Any, path: str) -> Any:
    """Return a copy of ``obj`` with Decimals as strings, rejecting floats and unknown types."""
    # bool before int: bool is an int subclass, and both pass through unchanged anyway.
    if obj is None or isinstance(obj, (str, bool, int)):
        return obj
    if isinstance(obj, float):
        # Binary floats cannot represent money exactly and their JCS form depends on
        # shortest-round-trip formatting; a hash chain must never hinge on that.
        raise ValueError(
            f"float {obj!r} at {path} is not allowed in canonical JSON: "
            "money is Decimal and must be passed as a string (or Decimal), never a float"
        )
    if isinstance(obj, Decimal):
        if not obj.is_finite():
            raise ValueError(f"non-finite Decimal {obj} at {path} cannot be canonicalised")
        return str(obj)
    if isinstance(obj, (list, tuple)):
        return [_normalise(v, f"{path}[{i}]") for i, v in enumerate(obj)]
    if isinstance(obj, dict):
        out: dict[str, Any] = {}
        for k, v in obj.items():
            if not isinstance(k, str):
                raise TypeError(f"object key {k!r} at {path} must be str, not {type(k).__name__}")
            out[k] = _normalise(v, f"{path}.{k}")
        return out
    raise TypeError(f"unsupported type {type(obj).__name__} at {path} in canonical JSON")
