"""The import preview: what a statement would add, the accounts it goes to, then Import and Undo.

Nothing is written until Import (one atomic commit on the writer), with two exceptions the person asks
for: choosing an account for a paying instrument is remembered for later imports at once, and an
account created from the preview is saved when its dialog is.

Rows paid with a card or wallet that has no account wait: Import stays off until each such instrument
is mapped or its rows are left out. Every instrument of the file stays listed with its account, so a
mapping can be changed here. Accounts of another currency than a section's are shown but cannot be
chosen for it (its rows would be refused).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from app.ledger import vocabulary
from app.ledger.records import AccountView, MemberView, PlatformView
from app.services import (
    OWN_BALANCE_INSTRUMENTS,
    AppServices,
    ImportPreview,
    ImportResult,
    ParsedStatement,
    ReadStatement,
)
from ui.dialogs.account import AccountDialog
from ui.dialogs.form_dialog import keyboard_ready, tab_chain
from ui.error_text import error_text
from ui.language import is_language_change
from ui.models import import_rows
from ui.models.columns import DisplayContext
from ui.models.tree_model import TreeModel
from ui.tasks import TaskManager
from ui.when import short_date
from ui.widgets.busy_indicator import BusyIndicator
from ui.widgets.cell_delegate import CellDelegate
from ui.widgets.column_fit import fit_columns
from ui.widgets.field_errors import FieldErrors

LEAVE_OUT = -1  # an instrument's choice: leave its rows out of this import


def _label(name: str = "", object_name: str = "") -> QLabel:
    label = QLabel(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if object_name:
        label.setObjectName(object_name)
    return label


class ImportPreviewDialog(QDialog):
    """Shows ``preview``; ``result`` is set after Import, ``undone`` after Undo."""

    def __init__(
        self,
        tasks: TaskManager,
        services: AppServices,
        parsed: ParsedStatement,
        data: bytes,
        preview: ImportPreview,
        accounts: list[AccountView],
        platforms: dict[int, str],
        owners: dict[int, str],
        hidden: bool = False,
        parent: QWidget | None = None,
        members: list[MemberView] | None = None,
        platform_views: list[PlatformView] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.tasks, self.services, self.parsed, self.data = tasks, services, parsed, data
        self.preview = preview
        self.members, self.platform_views = members or [], platform_views or []
        self.platform_names, self.owners = platforms, owners
        self.hidden = hidden
        self.result: ImportResult | None = None
        self.undone = False
        self._busy = False
        self.left_out: set[str] = set()  # instruments whose rows the person leaves out of this import
        self.new_account_buttons: list[QPushButton] = []
        self.account_dialog: AccountDialog | None = None
        self._set_accounts(accounts)
        self.errors = FieldErrors()
        self._title = _label(object_name="dialogTitle")
        self.file_line = _label(object_name="hint")
        self.already = _label(object_name="warningText")
        self.section_form = QFormLayout()
        self.section_combos: list[QComboBox] = []
        self._sections_title = _label(object_name="panelTitle")
        self.instrument_form = QFormLayout()
        self.instrument_combos: dict[str, QComboBox] = {}
        self._instruments_title = _label(object_name="panelTitle")
        self._instruments_hint = _label(object_name="hint")
        self.summary = _label(object_name="importSummary")
        self.details = _label()
        self.checks = _label()
        self.problems = _label(object_name="fieldErrorText")
        self.notes = _label(object_name="hint")  # what the reader noticed: a skipped sheet, no stated currency ...
        self.model = TreeModel(import_rows.COLUMNS, self)
        self.model.checks_changed.connect(self._update_import_button)
        self.model.set_context(DisplayContext(amounts_hidden=hidden))
        self.rows = QTreeView()
        self.rows.setObjectName("importRows")
        self.rows.setModel(self.model)
        self.rows.setItemDelegate(CellDelegate(self.rows))
        self.rows.setRootIsDecorated(False)
        self.rows.setUniformRowHeights(True)
        self.rows.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rows.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # The counterparty (free text, whole in its tooltip) takes the room; accounts are never cut.
        self.columns_fit = fit_columns(
            self.rows, next(i for i, c in enumerate(import_rows.COLUMNS) if c.stretch), grow_only=True
        )
        self.busy = BusyIndicator()
        self.import_button, self.cancel_button = QPushButton(), QPushButton()
        self.import_button.setProperty("primary", True)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.commit)
        self.cancel_button.clicked.connect(self.reject)
        preview_page = QWidget()
        body = QVBoxLayout(preview_page)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(8)
        for widget in (self.already, self._sections_title):
            body.addWidget(widget)
        body.addLayout(self.section_form)
        body.addWidget(self._instruments_title)
        body.addWidget(self._instruments_hint)
        body.addLayout(self.instrument_form)
        for widget in (self.summary, self.details, self.checks, self.notes, self.problems):
            body.addWidget(widget)
        body.addWidget(self.rows, 1)
        # After Import: what happened, and the way back.
        self.outcome = _label(object_name="importSummary")
        self.undo_button, self.close_button = QPushButton(), QPushButton()
        self.undo_button.clicked.connect(self.undo)
        self.close_button.setProperty("primary", True)
        self.close_button.clicked.connect(self.accept)
        done_page = QWidget()
        done = QVBoxLayout(done_page)
        done.setContentsMargins(0, 0, 0, 0)
        done.addWidget(self.outcome)
        done.addStretch(1)
        self.pages = QStackedWidget()
        self.pages.addWidget(preview_page)
        self.pages.addWidget(done_page)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.cancel_button, self.import_button, self.undo_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(8)
        layout.addWidget(self._title)
        layout.addWidget(self.file_line)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.errors.general)
        layout.addWidget(self.busy)
        layout.addLayout(buttons)
        self.resize(860, 640)
        self._build_sections()
        self.retranslate()
        self.show_preview(preview)

    # --- choices ----------------------------------------------------------------------------------

    def _set_accounts(self, accounts: list[AccountView]) -> None:
        self.accounts = accounts
        # "易付宝 · 易付宝余额 (李梅)": two members' wallets on one platform must not look alike.
        self.names = {
            a.id: f"{self.platform_names.get(a.platform_id, '')} · {a.name}".strip(" ·")
            + (f" ({self.owners[a.member_id]})" if a.member_id in self.owners else "")
            for a in accounts
        }
        self.currencies = {a.id: a.currency for a in accounts}

    def _fill_combo(self, combo: QComboBox, chosen: int | None, currency: str = "", leave_out: bool = False) -> None:
        """The accounts to choose from, each with its currency; those in another currency than
        ``currency`` are listed but cannot be chosen."""
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("Choose an account…"), None)
        if leave_out:
            combo.addItem(self.tr("Leave these rows out"), LEAVE_OUT)
        model = combo.model()
        for acc in self.accounts:
            text = f"{self.names[acc.id]} · {vocabulary.account_kind(acc.kind)} · {acc.currency}"
            combo.addItem(text, acc.id)
            if currency and acc.currency != currency and isinstance(model, QStandardItemModel):
                item = model.item(combo.count() - 1)
                item.setEnabled(False)
                item.setToolTip(
                    self.tr("Keeps %1; this statement is in %2").replace("%1", acc.currency).replace("%2", currency)
                )
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.blockSignals(False)

    def _account_combo(self, chosen: int | None, currency: str = "", leave_out: bool = False) -> QComboBox:
        combo = QComboBox()
        self._fill_combo(combo, chosen, currency, leave_out)
        return combo

    def _section_account(self, index: int) -> int | None:
        """The account the preview gave a section's own rows (found by its account number, or chosen)."""
        start = sum(len(s.rows) for s in self.parsed.sections[:index])
        for planned in self.preview.rows[start : start + len(self.parsed.sections[index].rows)]:
            if planned.row.instrument.strip() in OWN_BALANCE_INSTRUMENTS and planned.account_id is not None:
                return planned.account_id
        return None

    def _build_sections(self) -> None:
        for index, section in enumerate(self.parsed.sections):
            combo = self._account_combo(self._section_account(index), section.currency)
            combo.currentIndexChanged.connect(lambda _i: self.refresh_preview())
            self.section_combos.append(combo)
            create = QPushButton()
            create.setObjectName("newAccountButton")
            create.clicked.connect(lambda _checked=False, i=index: self.new_account(i))
            self.new_account_buttons.append(create)
            line = QHBoxLayout()
            line.addWidget(combo, 1)
            line.addWidget(create)
            currency = section.currency or self.tr("no currency stated")
            this_statement = self.tr("This statement")
            label = _label(f"{section.account_ref or this_statement} · {currency}")
            label.setToolTip(self.tr("%Ln rows", "", len(section.rows)))
            self.section_form.addRow(label, line)

    def _instruments(self) -> dict[str, int | None]:
        """Every paying instrument of the file other than the statement's own balance, with the account
        its rows go to now (None: not mapped)."""
        found: dict[str, int | None] = {}
        for planned in self.preview.rows:
            name = planned.row.instrument.strip()
            if name in OWN_BALANCE_INSTRUMENTS:
                continue
            if found.get(name) is None:
                found[name] = planned.account_id if planned.state != "unmapped" else None
        return found

    def _build_instruments(self) -> None:
        while self.instrument_form.rowCount():
            self.instrument_form.removeRow(0)
        self.instrument_combos = {}
        for instrument, account_id in sorted(self._instruments().items()):
            chosen = LEAVE_OUT if instrument in self.left_out and account_id is None else account_id
            combo = self._account_combo(chosen, leave_out=True)
            combo.currentIndexChanged.connect(lambda _i, name=instrument: self.map_instrument(name))
            self.instrument_combos[instrument] = combo
            rows = sum(1 for p in self.preview.rows if p.row.instrument.strip() == instrument)
            label = _label(instrument)
            label.setToolTip(self.tr("%Ln rows", "", rows))
            self.instrument_form.addRow(label, combo)
        visible = bool(self.instrument_combos)
        self._instruments_title.setVisible(visible)
        self._instruments_hint.setVisible(visible)

    def new_account(self, index: int) -> AccountDialog | None:
        """Create the account a section belongs to, starting from what the statement says about it."""
        if self._busy or not self.members:
            return None
        section = self.parsed.sections[index]
        near = self.section_combos[index].currentData() or next(
            (p.account_id for p in self.preview.rows if p.account_id is not None), None)
        near_account = next((a for a in self.accounts if a.id == near), None)
        number = "".join(ch for ch in section.account_ref if ch.isalnum())
        prefill: dict[str, object] = {
            "currency": section.currency,
            "number": number if len(number) >= 12 else "",
            "kind": {"credit_card": "credit_card"}.get(section.kind_hint, section.kind_hint),
            "platform_id": near_account.platform_id if near_account else None,
            "member_id": near_account.member_id if near_account else None,
        }
        dialog = AccountDialog(self.tasks, self.services, self.members, self.platform_views, self.accounts,
                               parent=self, prefill=prefill)
        self.account_dialog = dialog
        dialog.accepted.connect(lambda: self._account_created(index, dialog))
        dialog.open()
        return dialog

    def _account_created(self, index: int, dialog: AccountDialog) -> None:
        ids = sorted(dialog.saved.ids.get("accounts", ())) if dialog.saved is not None else []
        services = self.services

        def reload() -> tuple[list[AccountView], list[PlatformView]]:
            return services.accounts(), services.platforms()

        def done(result: tuple[list[AccountView], list[PlatformView]]) -> None:
            accounts, platform_views = result
            self.platform_views = platform_views
            self.platform_names = {p.id: p.name for p in platform_views}
            self._set_accounts(accounts)
            for i, combo in enumerate(self.section_combos):
                chosen = ids[0] if i == index and ids else combo.currentData()
                self._fill_combo(combo, chosen, self.parsed.sections[i].currency)
            self.refresh_preview()

        self._run(False, self.tr("Loading the accounts…"), reload, done)

    def section_accounts(self) -> dict[int, int]:
        return {
            i: int(c.currentData()) for i, c in enumerate(self.section_combos) if c.currentData() is not None
        }

    # --- preview ----------------------------------------------------------------------------------

    def show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        hidden = self.hidden
        self.file_line.setText(
            self.tr("%1 · detected format %2 (%3)")
            .replace("%1", Path(preview.path).name)
            .replace("%2", preview.format)
            .replace("%3", preview.encoding)
        )
        self.file_line.setToolTip(preview.path)
        self.already.setText(
            "⚠ " + self.tr("This file was imported before. Only rows not yet in Huiliu would be added.")
        )
        self.already.setVisible(preview.already_imported)
        for planned in preview.rows:  # rows of instruments the person leaves out stay left out
            if planned.state == "unmapped" and planned.row.instrument.strip() in self.left_out:
                planned.include = False
        self._build_instruments()
        self._chain_tabs()
        self.summary.setText(import_rows.summary_line(preview))
        details = import_rows.direction_lines(preview, hidden, self.currencies)
        span = import_rows.date_range_text(preview)
        if span:
            details.append(span)
        if preview.period:
            details.append(
                self.tr("the file states %1 to %2")
                .replace("%1", short_date(preview.period[0]))
                .replace("%2", short_date(preview.period[1]))
            )
        self.details.setText(" · ".join(details))
        checks = import_rows.balance_lines(preview, self.names, self.currencies, hidden)
        self.checks.setText("\n".join(("✓ " if ok else "⚠ ") + text for ok, text in checks))
        self.checks.setVisible(bool(checks))
        notes = list(preview.notes)
        self.notes.setText(self.tr("About this file:") + "\n" + "\n".join(notes) if notes else "")
        self.notes.setVisible(bool(notes))
        problems = import_rows.problem_lines(preview)
        self.problems.setText(
            self.tr("Rows that could not be read (not imported):") + "\n" + "\n".join(problems)
            if problems
            else ""
        )
        self.problems.setVisible(bool(problems))
        self.model.set_nodes(import_rows.nodes(preview, self.names, self.currencies))
        self._update_import_button()

    def _update_import_button(self) -> None:
        new, waiting = self.preview.to_import, self.preview.waiting
        self.import_button.setText(self.tr("Import %Ln transactions", "", new))
        self.import_button.setEnabled(not self._busy and new > 0 and waiting == 0)
        if waiting:
            self.import_button.setToolTip(
                self.tr("%Ln rows have no account: choose the statement's account, map the cards that paid "
                        "them, or leave them out", "", waiting)
            )
        elif not new:
            self.import_button.setToolTip(self.tr("Nothing new to import"))
        else:
            self.import_button.setToolTip("")

    def refresh_preview(self) -> None:
        services, read, data, chosen = (
            self.services,
            ReadStatement(self.parsed, self.preview.mapping),
            self.data,
            self.section_accounts(),
        )
        self._run(
            False,
            self.tr("Checking the rows again…"),
            lambda: services.preview_import(read, data, section_accounts=chosen),
            self.show_preview,
        )

    def map_instrument(self, instrument: str) -> None:
        combo = self.instrument_combos.get(instrument)
        if combo is None or combo.currentData() is None:
            return
        if combo.currentData() == LEAVE_OUT:
            self.left_out.add(instrument)
            for planned in self.preview.rows:
                if planned.state == "unmapped" and planned.row.instrument.strip() == instrument:
                    planned.include = False
            self.model.set_nodes(import_rows.nodes(self.preview, self.names, self.currencies))
            self._update_import_button()
            return
        self.left_out.discard(instrument)
        services, account_id = self.services, int(combo.currentData())
        self._run(
            True,
            self.tr("Remembering…"),
            lambda: services.map_instrument(instrument, account_id),
            lambda _changes: self.refresh_preview(),
        )

    # --- import and undo --------------------------------------------------------------------------

    def commit(self) -> None:
        services, preview = self.services, self.preview

        def work() -> tuple[Changes, ImportResult]:
            result = services.commit_import(preview)
            return result.changes, result

        self._run(True, self.tr("Importing…"), work, self._committed)

    def _committed(self, outcome: tuple[Changes, ImportResult]) -> None:
        self.result = outcome[1]
        r = self.result
        self.outcome.setText(
            "✓ "
            + self.tr("%1; %2; %3.", "the three parts of an import's outcome")
            .replace("%1", self.tr("Imported %Ln transactions", "", r.added))
            .replace("%2", self.tr("%Ln rows skipped", "", r.skipped))
            .replace("%3", self.tr("%Ln transfers between own accounts paired", "", r.paired_transfers))
        )
        self.pages.setCurrentIndex(1)
        self._update_buttons()
        keyboard_ready(self, self.close_button, self.close_button)  # Enter closes; Undo is a Tab away

    def undo(self) -> None:
        services = self.services

        def work() -> tuple[Changes, ImportResult]:
            result = services.undo_last_import()
            return result.changes, result

        self._run(True, self.tr("Undoing the import…"), work, self._undone)

    def _undone(self, outcome: tuple[Changes, ImportResult]) -> None:
        self.undone = True
        self.outcome.setText(
            self.tr("Import undone: %Ln transactions removed.", "", -outcome[1].added)
        )
        self._update_buttons()

    def _run(self, write: bool, caption: str, fn: Any, on_done: Any) -> None:
        """Run ``fn`` on a worker (the writer when ``write``); errors stay in the dialog."""
        self.errors.clear()
        self._set_busy(True, caption)

        def done(result: Any, error: BaseException | None) -> None:
            self._set_busy(False)
            if error is None:
                on_done(result)
                return
            message = error_text(error)
            self.errors.show_general(message)

        (self.tasks.run_mutation if write else self.tasks.run_query)(fn, done)

    def _set_busy(self, busy: bool, caption: str = "") -> None:
        self._busy = busy
        if busy:
            self.busy.start(caption)
        else:
            self.busy.stop()
        for widget in [*self.section_combos, *self.instrument_combos.values(), *self.new_account_buttons]:
            widget.setEnabled(not busy)
        self._update_buttons()

    def _update_buttons(self) -> None:
        done = self.result is not None
        self.cancel_button.setVisible(not done)
        self.cancel_button.setEnabled(not self._busy)
        self.import_button.setVisible(not done)
        self._update_import_button()
        self.undo_button.setVisible(done and not self.undone)
        self.undo_button.setEnabled(not self._busy)
        self.close_button.setVisible(done)
        self.close_button.setEnabled(not self._busy)

    # --- keyboard ---------------------------------------------------------------------------------

    def _chain_tabs(self) -> None:
        """Tab goes down the form as it reads: each account and its New account…, the cards, the rows,
        then Import and Cancel (the instrument lists are built again with each preview)."""
        sections = [w for pair in zip(self.section_combos, self.new_account_buttons, strict=True) for w in pair]
        tab_chain(*sections, *self.instrument_combos.values(), self.rows, self.import_button, self.cancel_button,
                  self.undo_button, self.close_button)

    def showEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)  # type: ignore[arg-type]
        if event.spontaneous():
            return
        # Opens on the first choice to check (the statement's account), else on the rows; Enter imports.
        first = self.section_combos[0] if self.section_combos else self.rows
        if self.result is not None:
            keyboard_ready(self, self.close_button, self.close_button)
        else:
            keyboard_ready(self, self.import_button, first)

    # --- closing ----------------------------------------------------------------------------------

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if self._busy:
            return
        super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Import a statement"))
        self._title.setText(self.tr("Import a statement"))
        self._sections_title.setText(self.tr("Which account is this statement for?"))
        self._instruments_title.setText(self.tr("Paid with other cards"))
        self._instruments_hint.setText(
            self.tr(
                "Some rows were paid with a card or account other than the statement's own balance. "
                "Choose where that money came from (Huiliu remembers it for later imports), or leave "
                "those rows out. Until then they are not imported."
            )
        )
        for button in self.new_account_buttons:
            button.setText(self.tr("New account…"))
            button.setToolTip(self.tr("Create the account this statement belongs to, filled in from the file"))
        for index, combo in enumerate(self.section_combos):
            self._fill_combo(combo, combo.currentData(), self.parsed.sections[index].currency)
        self.cancel_button.setText(self.tr("Cancel"))
        self.undo_button.setText(self.tr("Undo import"))
        self.close_button.setText(self.tr("Close"))
        self.model.refresh_all()
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)
