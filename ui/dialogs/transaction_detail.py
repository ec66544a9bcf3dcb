"""One transaction in full: where it came from, its paired leg, and its words corrected (with undo).

Everything the vault knows of the row is shown; the category, counterparty and memo can be corrected
(the amount and the date are the source's). A correction is sealed and audited like any write, and
stays undoable while the panel is open. The category is chosen from the whole tree (groups, then
their categories indented, the user's own among them). After the category is changed, the panel
offers to always put the counterparty there (a rule for later imports and syncs) and then to move
that counterparty's other transactions too, as one step that can be undone.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app import clock
from app.changes import Changes
from app.ledger import vocabulary
from app.services import AppServices, CategoryTree, TransactionDetail
from ui.amounts import signed_text
from ui.dialogs.form_dialog import keyboard_ready
from ui.error_text import error_text
from ui.language import is_language_change
from ui.tasks import TaskManager
from ui.when import aware, short_date

DEPTH_ROLE = Qt.ItemDataRole.UserRole + 1  # 0 for a group, 1 for a category in it
INDENT = 18


class _TreeItems(QStyledItemDelegate):
    """The category chooser's list as a tree: groups in bold, their categories indented under them."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        shown = QStyleOptionViewItem(option)
        depth = index.data(DEPTH_ROLE)
        if depth:
            shown.rect.adjust(INDENT * int(depth), 0, 0, 0)
        elif depth is not None:
            font = QFont(shown.font)
            font.setBold(True)
            shown.font = font
        super().paint(painter, shown, index)


class TransactionDetailDialog(QDialog):
    """Shows ``detail``; ``saved`` is True once a correction was written, ``undone`` after Undo.

    ``tree`` is the category tree to choose from (read on a worker with the detail); without it the
    built-in categories are offered until the tree is read. ``rule_saved`` and ``moved`` follow the rule
    offered after a category change and the move of the counterparty's other transactions.
    """

    def __init__(
        self,
        tasks: TaskManager,
        services: AppServices,
        detail: TransactionDetail,
        hidden: bool = False,
        parent: QWidget | None = None,
        tree: CategoryTree | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transactionDetail")
        self.tasks, self.services, self.detail, self.hidden = tasks, services, detail, hidden
        self.tree = tree
        self.before: dict[str, str] | None = None  # the values a saved correction replaced
        self.saved = self.undone = False
        self.opened_category = detail.view.category  # the category the rule is offered against
        self.rule_saved: tuple[str, str] | None = None  # (counterparty, category) of the rule kept here
        self.matches = 0  # the counterparty's other transactions in another category
        self.moved: dict[int, str] | None = None  # the rows the rule moved, with their categories before
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
        self.category.setItemDelegate(_TreeItems(self.category))
        self.category.setMaxVisibleItems(16)
        self.counterparty, self.memo = QLineEdit(), QLineEdit()
        self.edits = QFormLayout()
        self._edit_labels = [QLabel(), QLabel(), QLabel()]
        for label, widget in zip(self._edit_labels, (self.category, self.counterparty, self.memo), strict=True):
            label.setBuddy(widget)
            self.edits.addRow(label, widget)
        self.rule_box = QCheckBox()
        self.rule_box.hide()
        self.category.currentIndexChanged.connect(lambda _i: self._offer_rule())
        self.category.editTextChanged.connect(lambda _t: self._offer_rule())
        self.counterparty.textChanged.connect(lambda _t: self._offer_rule())
        self.apply_note = QLabel()
        self.apply_note.setObjectName("hint")
        self.apply_note.setWordWrap(True)
        self.apply_button, self.undo_apply_button = QPushButton(), QPushButton()
        for button in (self.apply_button, self.undo_apply_button):
            button.setAutoDefault(False)
        self.apply_button.clicked.connect(self.apply_rule)
        self.undo_apply_button.clicked.connect(self.undo_apply)
        self.apply_row = QWidget()
        apply_layout = QHBoxLayout(self.apply_row)
        apply_layout.setContentsMargins(0, 0, 0, 0)
        apply_layout.addWidget(self.apply_note, 1)
        apply_layout.addWidget(self.apply_button)
        apply_layout.addWidget(self.undo_apply_button)
        self.apply_row.hide()
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
        layout.addWidget(self.rule_box)
        layout.addWidget(self.apply_row)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.retranslate()
        self._fill_edits()
        if tree is None:
            self._read_tree()

    # --- what is shown -----------------------------------------------------------------------------

    def _fill_edits(self) -> None:
        view = self.detail.view
        self._fill_categories(view.category)
        self.counterparty.setText(view.counterparty)
        self.memo.setText(view.memo)
        self._offer_rule()

    def _fill_categories(self, chosen: str) -> None:
        """The chooser holds the tree (groups, then their categories), ``chosen`` selected; a category that
        is no key of the tree (a word of one's own, a source's word) stays as written."""
        self.category.blockSignals(True)
        self.category.clear()
        if self.tree is not None:
            for node in self.tree.nodes():
                self.category.addItem(node.name, node.key)
                self.category.setItemData(self.category.count() - 1, 0 if node.is_group else 1, DEPTH_ROLE)
        else:
            for key in vocabulary.CATEGORY_WORDS:
                self.category.addItem(vocabulary.category(key), key)
        index = self.category.findData(chosen)
        if index >= 0:
            self.category.setCurrentIndex(index)
        else:
            self.category.setCurrentText(chosen)
        self.category.blockSignals(False)

    def _read_tree(self) -> None:
        services = self.services

        def done(tree: CategoryTree | None, error: BaseException | None) -> None:
            if error is not None or tree is None:
                return  # the built-in categories stay offered
            chosen = self.values()["category"]
            self.tree = tree
            self._fill_categories(chosen)
            self._offer_rule()

        self.tasks.run_query(services.category_tree, done)

    def category_name(self, key: str) -> str:
        return self.tree.name_of(key) if self.tree is not None else vocabulary.category(key)

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
        text = self.category.currentText()
        index = self.category.findText(text)
        if index < 0:  # typed: a name of the tree is that category, whatever its case and spacing
            wanted = " ".join(text.split()).casefold()
            index = next((i for i in range(self.category.count())
                          if self.category.itemText(i).casefold() == wanted), -1)
        key = self.category.itemData(index) if index >= 0 else " ".join(text.split())
        return {"category": str(key or ""), "counterparty": self.counterparty.text(), "memo": self.memo.text()}

    def _offer_rule(self) -> None:
        """"Always put <counterparty> in <category>" once the category differs from the one the row had."""
        values = self.values()
        counterparty, category = " ".join(values["counterparty"].split()), values["category"]
        offered = bool(counterparty and category) and category != self.opened_category \
            and self.rule_saved != (counterparty, category)
        if offered:
            self.rule_box.setText(
                self.tr("Always put %1 in %2").replace("%1", counterparty).replace("%2", self.category_name(category))
            )
        elif self.rule_box.isChecked():
            self.rule_box.setChecked(False)
        self.rule_box.setVisible(offered)

    def save(self) -> None:
        services, tx, values = self.services, self.detail.view.id, self.values()
        counterparty = " ".join(values["counterparty"].split())
        rule = (counterparty, values["category"]) if self.rule_box.isVisible() and self.rule_box.isChecked() else None

        def work() -> tuple[Changes, dict[str, str], int | None]:
            changes, before = services.edit_transaction(tx, **values)
            if rule is None:
                return changes, before, None
            rule_changes, _rule_id = services.save_category_rule(*rule)
            return changes | rule_changes, before, services.rule_matches(*rule)

        def done(result: tuple[Changes, dict[str, str], int | None]) -> None:
            changes, before, matches = result
            edited = changes.touches("transactions")
            if edited:
                self.before, self.saved, self.undone = before, True, False
                self.detail.view.category, self.detail.view.counterparty, self.detail.view.memo = (
                    values["category"], counterparty, values["memo"].strip())
                self.undo_button.show()
            if rule is not None:
                self.rule_saved, self.matches, self.moved = rule, matches or 0, None
                self._show_rule()
            if not edited and rule is None:
                self.message.setText(self.tr("Nothing was changed."))
                return
            self.message.setText(self.tr("Saved."))
            self._offer_rule()

        self._run(work, done)

    def _show_rule(self) -> None:
        """What the rule kept here may still do: move the counterparty's other transactions (or undo that)."""
        if self.rule_saved is None:
            self.apply_row.hide()
            return
        counterparty, category = self.rule_saved
        name = self.category_name(category)
        if self.moved is not None:
            text = self.tr("Moved %n transactions of %1 to %2.", "", len(self.moved))
        elif self.matches:
            text = self.tr("Rule kept. %n other transactions of %1 are in other categories.", "", self.matches)
        else:
            text = self.tr("Rule kept: %1 will always go to %2.")
        self.apply_note.setText(text.replace("%1", counterparty).replace("%2", name))
        self.apply_button.setText(self.tr("Move them to %1").replace("%1", name))
        self.apply_button.setVisible(self.moved is None and self.matches > 0)
        self.undo_apply_button.setVisible(bool(self.moved))
        self.apply_row.show()

    def apply_rule(self) -> None:
        """Move the counterparty's other transactions to the rule's category (one step, undoable here)."""
        if self.rule_saved is None:
            return
        services, (counterparty, category) = self.services, self.rule_saved

        def done(result: tuple[Changes, dict[int, str]]) -> None:
            self.moved = result[1]
            self._show_rule()

        self._run(lambda: services.apply_category_rule(counterparty, category), done)

    def undo_apply(self) -> None:
        if not self.moved:
            return
        services, moved = self.services, dict(self.moved)

        def done(_changes: Changes) -> None:
            self.moved = None
            self.matches = len(moved)
            self._show_rule()
            self.message.setText(self.tr("The move was undone."))

        self._run(lambda: services.restore_categories(moved), done)

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
        buttons = (self.save_button, self.undo_button, self.apply_button, self.undo_apply_button)
        for button in buttons:
            button.setEnabled(False)

        def done(result: Any, error: BaseException | None) -> None:
            for button in buttons:
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
        self.undo_apply_button.setText(self.tr("Undo the move"))
        self._show_facts()
        self._offer_rule()  # the texts that name a category or a count
        self._show_rule()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)  # type: ignore[arg-type]
        if not event.spontaneous():  # opens on the category; Enter saves, Escape closes
            keyboard_ready(self, self.save_button, self.category)
