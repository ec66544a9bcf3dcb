"""One transaction in full: where it came from, its paired leg, and its words corrected (with undo).

Everything the vault knows of the row is shown; the category, counterparty and memo can be corrected
(the amount and the date are the source's). A correction is sealed and audited like any write, and
stays undoable while the panel is open.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.changes import Changes
from app.ledger import vocabulary
from app.services import AppServices, TransactionDetail
from ui.amounts import signed_text
from ui.dialogs.form_dialog import keyboard_ready
from ui.error_text import error_text
from ui.language import is_language_change
from ui.tasks import TaskManager
from ui.when import aware, short_date


class TransactionDetailDialog(QDialog):
    """Shows ``detail``; ``saved`` is True once a correction was written, ``undone`` after Undo."""

    def __init__(
        self,
        tasks: TaskManager,
        services: AppServices,
        detail: TransactionDetail,
        hidden: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transactionDetail")
        self.tasks, self.services, self.detail, self.hidden = tasks, services, detail, hidden
        self.before: dict[str, str] | None = None  # the values a saved correction replaced
        self.saved = self.undone = False
        self._title = QLabel()
        self._title.setObjectName("dialogTitle")
        self.facts = QFormLayout()
        self._fact_labels: dict[str, QLabel] = {}
        self._fact_values: dict[str, QLabel] = {}
        for key in ("date", "amount", "account", "member", "source", "partner", "source_category",
                    "description", "external_id", "status"):
            caption, value = QLabel(), QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._fact_labels[key], self._fact_values[key] = caption, value
            self.facts.addRow(caption, value)
        self.category = QComboBox()
        self.category.setEditable(True)  # a category of one's own is typed
        self.counterparty, self.memo = QLineEdit(), QLineEdit()
        self.edits = QFormLayout()
        self._edit_labels = [QLabel(), QLabel(), QLabel()]
        for label, widget in zip(self._edit_labels, (self.category, self.counterparty, self.memo), strict=True):
            label.setBuddy(widget)
            self.edits.addRow(label, widget)
        self.message = QLabel()
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)
        self.save_button, self.undo_button, self.close_button = QPushButton(), QPushButton(), QPushButton()
        self.save_button.setProperty("primary", True)
        self.save_button.setDefault(True)
        self.undo_button.setAutoDefault(False)
        self.close_button.setAutoDefault(False)
        self.undo_button.hide()
        self.save_button.clicked.connect(self.save)
        self.undo_button.clicked.connect(self.undo)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.undo_button, self.close_button, self.save_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(10)
        layout.addWidget(self._title)
        layout.addLayout(self.facts)
        layout.addLayout(self.edits)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.retranslate()
        self._fill_edits()

    # --- what is shown -----------------------------------------------------------------------------

    def _fill_edits(self) -> None:
        view = self.detail.view
        self.category.blockSignals(True)
        self.category.clear()
        for key in vocabulary.CATEGORY_WORDS:
            self.category.addItem(vocabulary.category(key), key)
        index = self.category.findData(view.category)
        if index >= 0:
            self.category.setCurrentIndex(index)
        else:
            self.category.setCurrentText(view.category)
        self.category.blockSignals(False)
        self.counterparty.setText(view.counterparty)
        self.memo.setText(view.memo)

    def _show_facts(self) -> None:
        d, view = self.detail, self.detail.view
        amount = "••••" if view.amount is None else signed_text(view.amount, d.currency, self.hidden)
        source = {
            "import": self.tr("Imported from %1 (%2)")
            .replace("%1", d.source_file.rsplit("/", 1)[-1] or "?")
            .replace("%2", aware(d.imported_at).astimezone(clock.local_zone()).strftime("%Y-%m-%d %H:%M") if d.imported_at else "?"),
            "sync": self.tr("From the connected platform %1").replace("%1", d.platform),
            "manual": self.tr("Entered by hand"),
        }.get(d.source, d.source)
        partner = ""
        if d.partner is not None and d.partner.amount is not None:
            partner = (
                self.tr("%1 on %2, %3")
                .replace("%1", signed_text(d.partner.amount, d.currency, self.hidden))
                .replace("%2", d.partner_account)
                .replace("%3", short_date(d.partner.booked_on))
            )
        values = {
            "date": short_date(view.booked_on),
            "amount": amount,
            "account": f"{d.platform} · {d.account}".strip(" ·"),
            "member": d.member,
            "source": source,
            "partner": partner or self.tr("None"),
            "source_category": view.source_category or view.category,
            "description": view.description,
            "external_id": view.external_id,
            "status": vocabulary.tx_status(view.status),
        }
        for key, text in values.items():
            self._fact_values[key].setText(text)

    # --- correcting ---------------------------------------------------------------------------------

    def values(self) -> dict[str, str]:
        """The words as the fields now hold them (a chosen category by its key)."""
        index = self.category.findText(self.category.currentText())
        key = self.category.itemData(index) if index >= 0 else self.category.currentText().strip()
        return {"category": str(key or ""), "counterparty": self.counterparty.text(), "memo": self.memo.text()}

    def save(self) -> None:
        services, tx, values = self.services, self.detail.view.id, self.values()

        def work() -> tuple[Changes, dict[str, str]]:
            return services.edit_transaction(tx, **values)

        def done(result: tuple[Changes, dict[str, str]]) -> None:
            changes, before = result
            if not changes.kinds:
                self.message.setText(self.tr("Nothing was changed."))
                return
            self.before, self.saved, self.undone = before, True, False
            self.detail.view.category, self.detail.view.counterparty, self.detail.view.memo = (
                values["category"], " ".join(values["counterparty"].split()), values["memo"].strip())
            self.message.setText(self.tr("Saved."))
            self.undo_button.show()

        self._run(work, done)

    def undo(self) -> None:
        if self.before is None:
            return
        services, tx, before = self.services, self.detail.view.id, dict(self.before)

        def work() -> tuple[Changes, dict[str, str]]:
            return services.edit_transaction(tx, **before)

        def done(_result: tuple[Changes, dict[str, str]]) -> None:
            self.detail.view.category = before.get("category", "")
            self.detail.view.counterparty = before.get("counterparty", "")
            self.detail.view.memo = before.get("memo", "")
            self.before, self.undone = None, True
            self._fill_edits()
            self.message.setText(self.tr("The correction was undone."))
            self.undo_button.hide()

        self._run(work, done)

    def _run(self, fn: Any, on_done: Any) -> None:
        for button in (self.save_button, self.undo_button):
            button.setEnabled(False)

        def done(result: Any, error: BaseException | None) -> None:
            for button in (self.save_button, self.undo_button):
                button.setEnabled(True)
            if error is None:
                on_done(result)
            else:
                self.message.setText(error_text(error))

        self.tasks.run_mutation(fn, done)

    # --- texts ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Transaction"))
        self._title.setText(self.tr("Transaction details"))
        captions = {
            "date": self.tr("Date:"), "amount": self.tr("Amount:"), "account": self.tr("Account:"),
            "member": self.tr("Member:"), "source": self.tr("Source:"), "partner": self.tr("Paired transfer:"),
            "source_category": self.tr("Category in the source:"), "description": self.tr("Description:"),
            "external_id": self.tr("Transaction id:"), "status": self.tr("Status:"),
        }
        for key, text in captions.items():
            self._fact_labels[key].setText(text)
        for label, text in zip(self._edit_labels,
                               (self.tr("&Category:"), self.tr("Counter&party:"), self.tr("&Memo:")), strict=True):
            label.setText(text)
        self.save_button.setText(self.tr("Save"))
        self.undo_button.setText(self.tr("Undo"))
        self.close_button.setText(self.tr("Close"))
        self._show_facts()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)  # type: ignore[arg-type]
        if not event.spontaneous():  # opens on the category; Enter saves, Escape closes
            keyboard_ready(self, self.save_button, self.category)
