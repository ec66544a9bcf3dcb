"""Cycle collection on the GUI thread only.

CPython runs its cycle collector on whichever thread happens to allocate when a threshold is
crossed. When that is a worker thread (a sync, an import, the demo being built) and the garbage
holds a Qt object, the object's C++ destructor runs off the GUI thread and the process can crash.
So the GUI switches automatic collection off and collects here instead, on a timer in the GUI
thread, with the same generation thresholds CPython would have used. Reference counting frees
everything else at once, as always.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadCollector(QObject):
    """Collects cycles on the thread that owns it (the GUI thread), never on workers."""

    INTERVAL_MS = 250

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> int:
        """Collect the oldest generation whose threshold is crossed; return how many were freed."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        generation = -1
        for index, (count, threshold) in enumerate(zip(counts, thresholds, strict=True)):
            if threshold and count > threshold:
                generation = index
        if generation < 0:
            return 0
        return gc.collect(generation)

    def stop(self) -> None:
        """Stop collecting here and give collection back to CPython as it was before."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()


def install(app: QObject) -> MainThreadCollector:
    """The application's collector, created once and owned by ``app``."""
    existing = app.findChild(MainThreadCollector)
    if isinstance(existing, MainThreadCollector):
        return existing
    return MainThreadCollector(app)
