"""Auto-lock: notices when nobody has touched the app for a while."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` after ``timeout_ms`` without keyboard or mouse input anywhere in the app."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._timeout_ms = 0
        self._active = False
        app = QCoreApplication.instance()
        if app is not None:
            # An application-wide filter sees input for every window, dialogs included.
            app.installEventFilter(self)

    def set_timeout_minutes(self, minutes: int) -> None:
        self.set_timeout_ms(max(0, minutes) * 60_000)

    def set_timeout_ms(self, milliseconds: int) -> None:
        """0 means never lock."""
        self._timeout_ms = max(0, milliseconds)
        self._restart()

    def start(self) -> None:
        self._active = True
        self._restart()

    def stop(self) -> None:
        self._active = False
        self._timer.stop()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def _restart(self) -> None:
        if self._active and self._timeout_ms > 0:
            self._timer.start(self._timeout_ms)
        else:
            self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if self._active and event.type() in _ACTIVITY:
            self._restart()
        return False
