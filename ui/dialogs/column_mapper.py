"""Teach Huiliu a CSV or spreadsheet no importer knows: what each column holds, checked live.

The guess comes from the file itself (header names and the values' shapes). Each column has a role
the person can change; the first rows are read again with every change (on a worker), so a wrong
date order or sign shows at once. Continue hands the mapping and the name it is saved under to the
import preview; it is kept when the import is committed and found again by the file's header line.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import AppServices, ParsedStatement
from ui.dialogs.account_fields import CURRENCIES
from ui.dialogs.form_dialog import keyboard_ready, tab_chain
from ui.error_text import error_text
from ui.language import is_language_change
from ui.tasks import TaskManager
from ui.when import short_date
from ui.widgets.cell_delegate import CellDelegate

DATE_FORMATS = ("", "%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y%m%d", "%d-%m-%Y")
PREVIEW_ROWS = 12


# What a column can hold: the mapping field it sets, and its name on screen (translated when shown).
_ROLE_SOURCES = (
    ("", QT_TRANSLATE_NOOP("ColumnMapper", "Ignore")),
    ("date_column", QT_TRANSLATE_NOOP("ColumnMapper", "Date")),
    ("time_column", QT_TRANSLATE_NOOP("ColumnMapper", "Time")),
    ("amount_column", QT_TRANSLATE_NOOP("ColumnMapper", "Amount (signed)")),
    ("debit_column", QT_TRANSLATE_NOOP("ColumnMapper", "Money out")),
    ("credit_column", QT_TRANSLATE_NOOP("ColumnMapper", "Money in")),
    ("direction_column", QT_TRANSLATE_NOOP("ColumnMapper", "In/out flag")),
    ("counterparty_column", QT_TRANSLATE_NOOP("ColumnMapper", "Counterparty")),
    ("description_column", QT_TRANSLATE_NOOP("ColumnMapper", "Description")),
    ("memo_column", QT_TRANSLATE_NOOP("ColumnMapper", "Memo")),
    ("category_column", QT_TRANSLATE_NOOP("ColumnMapper", "Category")),
    ("balance_column", QT_TRANSLATE_NOOP("ColumnMapper", "Balance")),
    ("currency_column", QT_TRANSLATE_NOOP("ColumnMapper", "Currency")),
    ("order_id_column", QT_TRANSLATE_NOOP("ColumnMapper", "Transaction id")),
)


def role_names() -> list[tuple[str, str]]:
    """The roles with their names in the current language."""
    return [(field, QCoreApplication.translate("ColumnMapper", source)) for field, source in _ROLE_SOURCES]


class ColumnMapperDialog(QDialog):
    """``mapping_json`` and ``source`` are set when the person continues (accept)."""

    def __init__(
        self,
        tasks: TaskManager,
        services: AppServices,
        path: Path,
        data: bytes,
        guessed_json: str,
        header: list[str],
        rows: list[list[str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("columnMapper")
        self.tasks, self.services, self.path, self.data = tasks, services, path, data
        self.base: dict[str, Any] = json.loads(guessed_json)
        self.fields = [field for field, _name in _ROLE_SOURCES if not field or field in self.base]
        self.header, self.sample = header, rows
        self.mapping_json = guessed_json
        self.source = ""
        self.parsed: ParsedStatement | None = None
        self._generation = 0
        self.title = QLabel()
        self.title.setObjectName("dialogTitle")
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.source_edit = QLineEdit(path.stem)
        self.date_format = QComboBox()
        self.date_format.setEditable(True)
        self.sign = QComboBox()
        self.currency = QComboBox()  # of every row, unless a column says it
        self.currency.setEditable(True)
        self.currency.addItems(CURRENCIES)
        self.currency.setCurrentText(str(self.base.get("currency") or "CNY"))
        self.decimal_comma = QCheckBox()
        self.decimal_comma.setVisible("decimal_comma" in self.base)
        self.decimal_comma.setChecked(bool(self.base.get("decimal_comma")))
        self.form = QFormLayout()
        self.source_label, self.date_label, self.sign_label = QLabel(), QLabel(), QLabel()
        self.form.addRow(self.source_label, self.source_edit)
        options = QHBoxLayout()
        options.addWidget(self.date_format, 1)
        options.addWidget(self.sign_label)
        options.addWidget(self.sign, 1)
        options.addWidget(self.decimal_comma)
        self.form.addRow(self.date_label, options)
        self.currency_label = QLabel()
        self.form.addRow(self.currency_label, self.currency)
        # The file's first rows, a role chooser above each column.
        self.columns = QTableWidget(len(rows) + 1, len(header))
        self.columns.setItemDelegate(CellDelegate(self.columns))  # no frame around the current cell
        self.columns.setObjectName("mapperColumns")
        self.columns.setHorizontalHeaderLabels([h or f"#{i + 1}" for i, h in enumerate(header)])
        self.columns.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.columns.verticalHeader().setVisible(False)
        self.role_combos: list[QComboBox] = []
        for col in range(len(header)):
            combo = QComboBox()
            combo.currentIndexChanged.connect(self._changed)
            self.role_combos.append(combo)
            self.columns.setCellWidget(0, col, combo)
            for row, cells in enumerate(rows, start=1):
                self.columns.setItem(row, col, QTableWidgetItem(cells[col] if col < len(cells) else ""))
        self.columns.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.columns.horizontalHeader().setDefaultSectionSize(160)  # wide enough for "Amount (signed)" and its arrow
        self.result_label = QLabel()
        self.result_label.setObjectName("panelTitle")
        self.result_error = QLabel()
        self.result_error.setObjectName("fieldErrorText")
        self.result_error.setWordWrap(True)
        self.result = QTableWidget(0, 5)
        self.result.setItemDelegate(CellDelegate(self.result))  # no frame around the current cell
        self.result.setObjectName("mapperResult")
        self.result.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.result.verticalHeader().setVisible(False)
        self.result.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((110, 150, 200, 220)):
            self.result.setColumnWidth(col, width)
        self.cancel_button, self.continue_button = QPushButton(), QPushButton()
        self.continue_button.setProperty("primary", True)
        self.continue_button.setDefault(True)
        self.continue_button.setEnabled(False)
        self.continue_button.clicked.connect(self._continue)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 16)
        layout.setSpacing(8)
        for widget in (self.title, self.hint):
            layout.addWidget(widget)
        layout.addLayout(self.form)
        layout.addWidget(self.columns, 3)
        layout.addWidget(self.result_label)
        layout.addWidget(self.result_error)
        layout.addWidget(self.result, 2)
        layout.addLayout(buttons)
        self.resize(960, 680)
        # Tab leaves the tables (it would walk their cells) and goes field by field, column by column.
        for table in (self.columns, self.result):
            table.setTabKeyNavigation(False)
        tab_chain(self.source_edit, self.date_format, self.sign, self.decimal_comma, self.currency, self.columns,
                  *self.role_combos, self.result, self.continue_button, self.cancel_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.check)
        self.date_format.currentTextChanged.connect(self._changed)
        self.sign.currentIndexChanged.connect(self._changed)
        self.decimal_comma.toggled.connect(self._changed)
        self.currency.currentTextChanged.connect(self._changed)
        self.retranslate()
        self._load_roles()
        self.check()

    # --- the mapping ------------------------------------------------------------------------------

    def _column_ref(self, col: int) -> str:
        if self.base.get("has_header", True) and self.header[col]:
            return self.header[col]
        return f"#{col + 1}"

    def _load_roles(self) -> None:
        refs = [self._column_ref(c) for c in range(len(self.header))]
        for col, combo in enumerate(self.role_combos):
            field = next((f for f in self.fields if f and self.base.get(f) in (refs[col], f"#{col + 1}")), "")
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(field)))
            combo.blockSignals(False)

    def roles(self) -> dict[int, str]:
        """column index -> the mapping field it fills (columns left out are not listed)."""
        return {c: str(combo.currentData()) for c, combo in enumerate(self.role_combos) if combo.currentData()}

    def set_role(self, col: int, field: str) -> None:
        combo = self.role_combos[col]
        combo.setCurrentIndex(max(0, combo.findData(field)))

    def mapping(self) -> str:
        """The mapping as the columns and options now say (its JSON text)."""
        data = dict(self.base)
        for field in self.fields:
            if field:
                data[field] = ""
        for col, field in self.roles().items():
            data[field] = self._column_ref(col)
        data["date_format"] = self.date_format.currentText().strip()
        data["currency"] = self.currency.currentText().strip().upper() or "CNY"
        data["sign"] = self.sign.currentData() or data.get("sign", "positive_in")
        if "decimal_comma" in data:
            data["decimal_comma"] = self.decimal_comma.isChecked()
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    # --- checking it on the file --------------------------------------------------------------------

    def _changed(self, *_args: object) -> None:
        self.continue_button.setEnabled(False)
        self._timer.start()

    def check(self) -> None:
        """Read the file with the mapping as it stands (on a worker) and show what comes out."""
        self._generation += 1
        generation, mapping = self._generation, self.mapping()
        services, data, name = self.services, self.data, str(self.path)
        self.mapping_json = mapping

        def done(parsed: ParsedStatement | None, error: BaseException | None) -> None:
            if generation != self._generation:
                return  # a newer choice is being checked
            self._show_result(parsed, error)

        self.tasks.run_query(lambda: services.read_statement(data, name, columns_json=mapping).parsed, done)

    def _show_result(self, parsed: ParsedStatement | None, error: BaseException | None) -> None:
        self.parsed = parsed if error is None else None
        if error is not None or parsed is None:
            self.result_error.setText(error_text(error) if error is not None else "")
            self.result_error.setVisible(True)
            self.result.setRowCount(0)
            self.result_label.setText(self.tr("Read with these columns: nothing yet"))
            self.continue_button.setEnabled(False)
            return
        rows = parsed.rows
        line = self.tr("Line %1")
        self.result_error.setText(
            "\n".join(f"{line.replace('%1', str(p.line))} ({p.field}): {p.problem}" for p in parsed.problems[:5])
        )
        self.result_error.setVisible(bool(parsed.problems))
        self.result_label.setText(self.tr("Read with these columns: %Ln rows", "", len(rows)))
        self.result.setRowCount(min(len(rows), PREVIEW_ROWS))
        for i, row in enumerate(rows[:PREVIEW_ROWS]):
            day = row.occurred_at.date() if hasattr(row.occurred_at, "date") else row.occurred_at
            amount = f"{row.amount:+,} {row.currency}".strip()
            for col, text in enumerate((short_date(day), amount, row.counterparty, row.description, row.memo)):
                item = QTableWidgetItem(text)
                if col == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.result.setItem(i, col, item)
        self.continue_button.setEnabled(bool(rows))

    def _continue(self) -> None:
        source = " ".join(self.source_edit.text().split())
        if not source:
            self.source_edit.setFocus()
            self.result_error.setText(self.tr("Give these columns a name, such as the bank's"))
            self.result_error.setVisible(True)
            return
        self.source = source
        self.mapping_json = self.mapping()
        self.accept()

    # --- texts ------------------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Which column is which?"))
        self.title.setText(self.tr("Which column is which?"))
        self.hint.setText(
            self.tr(
                "No importer knows this file, so Huiliu guessed what each column holds from the file itself. "
                "Correct any column that is wrong; the rows below are read again as you do. The columns are "
                "saved under the name below when you import, and files with the same columns are then read "
                "without asking."
            )
        )
        self.source_label.setText(self.tr("Save as:"))
        self.date_label.setText(self.tr("Dates:"))
        self.sign_label.setText(self.tr("Amounts:"))
        self.currency_label.setText(self.tr("Currency (when no column states it):"))
        self.decimal_comma.setText(self.tr("Decimal comma (1.234,56)"))
        current_format = self.date_format.currentText() or str(self.base.get("date_format", ""))
        self.date_format.blockSignals(True)
        self.date_format.clear()
        for fmt in DATE_FORMATS:  # "" reads ISO, 2024/1/5, 2024年1月5日, 20240105 by itself
            self.date_format.addItem(fmt, fmt)
        if self.date_format.findText(current_format) < 0:
            self.date_format.addItem(current_format, current_format)
        self.date_format.setCurrentIndex(max(0, self.date_format.findText(current_format)))
        self.date_format.lineEdit().setPlaceholderText(self.tr("Recognise automatically"))
        self.date_format.blockSignals(False)
        sign = self.sign.currentData() or self.base.get("sign", "positive_in")
        self.sign.blockSignals(True)
        self.sign.clear()
        self.sign.addItem(self.tr("Money in is positive"), "positive_in")
        self.sign.addItem(self.tr("Money out is positive (card bills)"), "positive_out")
        self.sign.setCurrentIndex(max(0, self.sign.findData(sign)))
        self.sign.blockSignals(False)
        names = dict(role_names())
        for combo in self.role_combos:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for field in self.fields:
                combo.addItem(names[field], field)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)
        self.result.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Amount"), self.tr("Counterparty"), self.tr("Description"), self.tr("Memo")]
        )
        self.cancel_button.setText(self.tr("Cancel"))
        self.continue_button.setText(self.tr("Continue"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)

    def showEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)  # type: ignore[arg-type]
        if not event.spontaneous():  # opens on the name; Enter continues once the rows read, Escape cancels
            keyboard_ready(self, self.continue_button, self.source_edit)
