"""Bulk work: building tens of thousands of rows at once without the cycle collector's full passes.

Parsing, planning and writing a 100k-row statement allocates hundreds of thousands of containers;
each time enough accumulate, CPython's cycle collector walks every tracked object in the process
(the loaded libraries included), which cost about a third of a 100k-row import. None of these rows
form reference cycles, so nothing is left uncollected by pausing it: reference counting still frees
everything as usual, and cycles made meanwhile are collected after the pause.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector for the block; nested and concurrent pauses end with the last one.

    The collector is switched back on only if it was on when the first pause began, so code that
    turned it off on purpose keeps it off.
    """
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
