"""Errors shown beside the field they are about (ValidationError.field), not in a pop-up."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.icons import icon


class _ErrorLine(QWidget):
    """A warning icon and a message: the icon keeps the meaning without relying on red."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        mark = QLabel()
        mark.setPixmap(icon("warning").pixmap(14, 14))
        mark.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel()
        self.text.setObjectName("fieldErrorText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(mark)
        layout.addWidget(self.text, 1)
        self.hide()

    def show_message(self, message: str) -> None:
        self.text.setText(message)
        self.show()


class FieldErrors:
    """Maps field names to an error line under each field, plus one general line for the rest."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, _ErrorLine, QWidget, Callable[[], str] | None]] = {}
        self.general = _ErrorLine()

    def wrap(
        self,
        field: str,
        widget: QWidget,
        aliases: tuple[str, ...] = (),
        caption: Callable[[], str] | None = None,
    ) -> QWidget:
        """A container with ``widget`` above its (hidden) error line; put it in the form.

        ``caption`` names the field in the general line when the field is not on screen.
        """
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(widget)
        line = _ErrorLine()
        layout.addWidget(line)
        for name in (field, *aliases):
            self._fields[name] = (widget, line, box, caption)
        return box

    def show(self, field: str, message: str) -> None:
        """Show ``message`` under ``field``, or in the general line when no such field is on screen."""
        entry = self._fields.get(field)
        if entry is None or not entry[2].isVisibleTo(entry[2].window()):
            caption = entry[3]() if entry and entry[3] else field
            self.general.show_message(f"{caption}: {message}" if caption else message)
            return
        widget, line = entry[0], entry[1]
        line.show_message(message)
        _mark(widget, True)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_general(self, message: str) -> None:
        self.general.show_message(message)

    def message(self, field: str) -> str:
        """The message now shown under ``field`` (empty when none); tests and accessibility read it."""
        entry = self._fields.get(field)
        return entry[1].text.text() if entry and not entry[1].isHidden() else ""

    def clear(self) -> None:
        for widget, line, _box, _caption in self._fields.values():
            line.hide()
            _mark(widget, False)
        self.general.hide()


def _mark(widget: QWidget, error: bool) -> None:
    # Composite fields (the amount editor) forward focus to their real input: outline that one.
    for target in {widget, widget.focusProxy() or widget}:
        target.setProperty("error", error)
        target.style().unpolish(target)
        target.style().polish(target)
