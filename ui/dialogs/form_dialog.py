"""Shared frame of the dialogs that save through the writer: OK/Cancel, busy state, inline errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import HuiliuError, ValidationError, VaultLocked
from ui.language import is_language_change
from ui.tasks import TaskManager
from ui.widgets.busy_indicator import BusyIndicator
from ui.widgets.field_errors import FieldErrors


def fit_height(dialog: QDialog) -> None:
    """Grow ``dialog`` to the height its wrapped texts need at its width.

    A window's least height comes from its layout without word wrapping; a paragraph wrapped onto
    three lines (or an error shown under a field) would otherwise squeeze the fields below it.
    """
    layout = dialog.layout()
    if layout is not None and layout.hasHeightForWidth() and dialog.isVisible():
        needed = layout.totalHeightForWidth(dialog.width())
        if needed > dialog.height():
            dialog.resize(dialog.width(), needed)


class FormDialog(QDialog):
    """Subclasses put their form in ``self.body`` and call ``save(fn, on_saved)`` from ``submit``.

    While a save runs the dialog cannot be dismissed: the write will happen either way, and the
    person must see whether it did. A ValidationError lands beside its field; the dialog stays.
    """

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.errors = FieldErrors()
        self.body = QVBoxLayout()
        self.busy = BusyIndicator()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button.setProperty("primary", True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(10)
        layout.addLayout(self.body)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        # Only now is the button in the dialog: a default set before that is not the dialog's default.
        self.ok_button.setDefault(True)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def submit(self) -> None:
        raise NotImplementedError

    def first_field(self) -> QWidget | None:
        """The widget that has the focus when the dialog opens; subclasses may name their own."""
        return first_field(self, self.buttons)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.Show):
            fit_height(self)
        return handled

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if not event.spontaneous():
            keyboard_ready(self, self.ok_button, self.first_field(), self.buttons)

    def save(
        self, fn: Callable[[], Any], on_saved: Callable[[Any], None] | None = None, caption: str = ""
    ) -> None:
        """Run ``fn`` on the writer; accept on success, show the error in place otherwise."""
        self.errors.clear()
        self.set_busy(True, caption or self.tr("Saving…"))

        def done(result: Any, error: BaseException | None) -> None:
            self.set_busy(False)
            if error is None:
                if on_saved is not None:
                    on_saved(result)
                self.accept()
            else:
                self.show_error(error)

        self.tasks.run_mutation(fn, done)

    def show_error(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.errors.show(error.field, error.detail)
        elif isinstance(error, VaultLocked):
            self.errors.show_general(
                self.tr("The vault was locked before this could be saved; unlock it and try again.")
            )
        elif isinstance(error, HuiliuError):
            self.errors.show_general(str(error))
        else:  # a bug, not a user error: say so plainly, and keep the details for the report
            self.errors.show_general(
                self.tr("Something went wrong and nothing was saved: %1").replace(
                    "%1", f"{type(error).__name__}: {error}"
                )
            )

    def set_busy(self, busy: bool, caption: str = "") -> None:
        if busy:
            self.busy.start(caption)
        else:
            self.busy.stop()
        self.buttons.setEnabled(not busy)
        for child in self.findChildren(QWidget):
            if child.property("form_field"):
                child.setEnabled(not busy)

    def reject(self) -> None:
        if not self.busy.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.busy.busy:
            event.ignore()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if self.busy.busy:
            return  # Enter or Escape during a save must not submit twice or close
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        """Subclasses set their texts here; it runs at start and at every language switch."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)


def field(widget: QWidget) -> QWidget:
    """Mark ``widget`` as an input that the busy state disables."""
    widget.setProperty("form_field", True)
    return widget


def first_field(dialog: QWidget, buttons: QWidget | None = None) -> QWidget | None:
    """The first widget in ``dialog``'s tab order that takes typing: not a push button, not read-only."""
    for widget in focus_chain(dialog):
        if buttons is not None and (widget is buttons or buttons.isAncestorOf(widget)):
            continue
        if isinstance(widget, QPushButton) or (isinstance(widget, QLineEdit) and widget.isReadOnly()):
            continue
        if widget.isVisibleTo(dialog) and widget.isEnabled():
            return widget
    return None


def focus_chain(dialog: QWidget) -> list[QWidget]:
    """``dialog``'s descendants that Tab reaches, in tab order."""
    chain: list[QWidget] = []
    widget = dialog.nextInFocusChain()
    while widget is not None and widget is not dialog and widget not in chain:
        if dialog.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def tab_chain(*widgets: QWidget | None) -> None:
    """Tab goes through ``widgets`` in this order (None and hidden ones are skipped as Tab skips them)."""
    chain = [w for w in widgets if w is not None]
    for before, after in zip(chain, chain[1:], strict=False):
        QWidget.setTabOrder(before, after)


def keyboard_ready(
    dialog: QDialog, primary: QPushButton, first: QWidget | None, buttons: QWidget | None = None
) -> None:
    """Enter presses ``primary`` and nothing else; focus starts on ``first``; Tab ends at the buttons.

    Every other push button stops being an auto-default (a focused Quit, Cancel or demo button would
    otherwise take Enter, and Qt makes the first of them the default when none is set), the primary
    is the dialog's default (still after it is disabled and enabled again), and the button row comes
    after the form in the tab order with the primary first (a button box built before the form sits
    first in the focus chain).
    """
    for button in dialog.findChildren(QPushButton):
        if button is not primary:
            button.setAutoDefault(False)
            button.setDefault(False)
    primary.setAutoDefault(True)
    primary.setDefault(True)
    if buttons is not None:
        row = [primary] + [
            w for w in focus_chain(buttons) if w is not primary and isinstance(w, QAbstractButton)
        ]
        form = [w for w in focus_chain(dialog) if w is not buttons and not buttons.isAncestorOf(w)]
        if form and primary in row:
            previous = form[-1]
            for button in row:
                QWidget.setTabOrder(previous, button)
                previous = button
    if first is not None:
        first.setFocus(Qt.FocusReason.TabFocusReason)
