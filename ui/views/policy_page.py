"""转账规则: every rule of the policy pack in force for the acting member — its values in effect against the
pack's, its citation and how sure that source is, whether it is in force, whether it is the member's own —
with a detail pane, "Make stricter…", the member's own stricter settings, and setting up a code app."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.changes import Changes
from ui.dialogs.policy_rule import StricterValueDialog, UserRuleDialog, setting_text, unit_text, value_title
from ui.dialogs.totp_enrol import EnrolTotpDialog
from ui.error_text import error_text
from ui.language import is_language_change
from ui.tasks import TaskManager
from ui.transfer_words import confidence_word, lang
from ui.vault_session import VaultSession
from ui.widgets.overview_header import list_text
from ui.widgets.record_table import record_table

COLUMNS = 3  # rule, confidence of its source, state (values and citation: the tooltip and the detail pane)
_FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(tip or text)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    return item


class PolicyPage(QWidget):
    def __init__(self, session: VaultSession, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("policyPage")
        self.session, self.tasks = session, tasks
        self.rules: list[Any] = []
        self.settings: list[Any] = []
        self.dialog: Any = None
        self._title = QLabel()
        self._title.setObjectName("pageTitle")
        self._hint = QLabel()
        self._hint.setObjectName("hint")
        self._hint.setWordWrap(True)
        self.table = record_table(COLUMNS, "policyRules")
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.detail = QTextBrowser()
        self.detail.setObjectName("policyDetail")
        self.stricter_button = QPushButton()
        self.stricter_button.setObjectName("makeStricter")
        self.stricter_button.setEnabled(False)
        self.stricter_button.clicked.connect(self.make_stricter)
        self.enrol_button = QPushButton()
        self.enrol_button.setObjectName("setUpCodeApp")
        self.enrol_button.clicked.connect(self.set_up_code_app)
        actions = QHBoxLayout()
        actions.addWidget(self.stricter_button)
        actions.addStretch(1)
        actions.addWidget(self.enrol_button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        rules_tab = QWidget()
        rules_layout = QVBoxLayout(rules_tab)
        rules_layout.setContentsMargins(0, 12, 0, 0)
        rules_layout.addLayout(actions)
        rules_layout.addWidget(splitter, 1)
        self.own = QListWidget()
        self.own.setObjectName("policySettings")
        self.own.setWordWrap(True)
        self.own.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(self.own.currentRow() >= 0 and bool(self.own.selectedItems())))
        self.add_rule_button = QPushButton()
        self.add_rule_button.setObjectName("addPolicyRule")
        self.add_rule_button.clicked.connect(self.add_rule)
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("removePolicySetting")
        self.remove_button.setEnabled(False)
        self.remove_button.clicked.connect(self.remove_selected)
        own_actions = QHBoxLayout()
        own_actions.addWidget(self.add_rule_button)
        own_actions.addWidget(self.remove_button)
        own_actions.addStretch(1)
        self._own_hint = QLabel()
        self._own_hint.setObjectName("hint")
        self._own_hint.setWordWrap(True)
        own_tab = QWidget()
        own_layout = QVBoxLayout(own_tab)
        own_layout.setContentsMargins(0, 12, 0, 0)
        own_layout.addWidget(self._own_hint)
        own_layout.addLayout(own_actions)
        own_layout.addWidget(self.own, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(rules_tab, "")
        self.tabs.addTab(own_tab, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(8)
        layout.addWidget(self._title)
        layout.addWidget(self._hint)
        layout.addWidget(self.tabs, 1)
        session.unlocked.connect(self.reload)
        session.locked.connect(self.clear)
        tasks.changes.connect(self._on_changes)
        self.retranslate()
        if session.is_unlocked:
            self.reload()

    # --- loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        if not self.session.is_unlocked:
            return
        services, generation = self.session.services, self.session.generation

        def done(found: Any, error: BaseException | None) -> None:
            if generation != self.session.generation:
                return
            if error is not None:
                self._hint.setText(error_text(error))
                return
            self.rules, self.settings = list(found[0]), list(found[1])
            self._fill()

        self.tasks.run_query(lambda: (services.policy_rules(), services.policy_settings()), done)

    def _on_changes(self, changes: Changes) -> None:
        if changes.touches("policy_settings"):
            self.reload()

    def clear(self) -> None:
        self.rules, self.settings = [], []
        self._fill()

    def values_text(self, view: Any) -> str:
        parts = []
        for name, spec in view.rule.values.items():
            now = view.values.get(name, spec.value)
            shown = unit_text(now, spec.unit)
            if now != view.pack_values.get(name, spec.value):
                shown = self.tr("%1 (stricter than the pack's %2)").replace("%1", shown).replace(
                    "%2", unit_text(view.pack_values.get(name, spec.value), spec.unit))
            parts.append(self.tr("%1: %2").replace("%1", value_title(name, spec)).replace("%2", shown))
        return list_text(parts)

    def state_text(self, view: Any) -> str:
        words = [self.tr("In force") if view.in_force else self.tr("Not in force")]
        if view.user_rule:
            words.append(self.tr("your own"))
        return " · ".join(words)

    def _fill(self) -> None:
        chosen = self.selected()
        language = lang()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rules))
        for row, view in enumerate(self.rules):
            rule = view.rule
            tip = "\n".join(t for t in (rule.title.get(language), self.values_text(view),
                                          self.tr("Source: %1").replace("%1", rule.citation or "—")) if t)
            for column, text in enumerate((rule.title.get(language), confidence_word(rule.confidence),
                                           self.state_text(view))):
                self.table.setItem(row, column, _item(text, tip))
        self.table.blockSignals(False)
        if chosen is not None:
            for row, view in enumerate(self.rules):
                if view.rule.id == chosen.rule.id:
                    self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self._show_selected()
        titles = {view.rule.id: view.rule.title.get(language) for view in self.rules}
        self.own.clear()
        for setting in self.settings:
            item = QListWidgetItem(setting_text(setting, titles))
            item.setData(Qt.ItemDataRole.UserRole, setting.id)
            self.own.addItem(item)
        self.remove_button.setEnabled(False)
        self.tabs.setTabText(1, self.tr("Your stricter settings (%1)").replace("%1", str(len(self.settings))))

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rules):
            return None
        return self.rules[rows[0].row()]

    def select_rule(self, rule_id: str) -> bool:
        for row, view in enumerate(self.rules):
            if view.rule.id == rule_id:
                self.table.selectRow(row)
                return True
        return False

    def explanation(self, view: Any) -> str:
        """The rule's explanation with its own values filled in; facts of a transfer read as "…"."""
        language = lang()
        # The pack's sentences carry their own unit ("{limit} 元", "{limit} yuan"): money goes in as 5,000.00.
        values = {name: f"{view.values.get(name, spec.value):,.2f}" if len(spec.unit) == 3 and spec.unit.isupper()
                  else str(view.values.get(name, spec.value)) for name, spec in view.rule.values.items()}
        return _FIELD.sub(lambda m: values.get(m.group(1), "…"), view.rule.explanation.get(language))

    def _show_selected(self) -> None:
        view = self.selected()
        self.stricter_button.setEnabled(view is not None and any(
            spec.stricter != "fixed" for spec in view.rule.values.values()) and not view.user_rule)
        if view is None:
            self.detail.setPlainText(self.tr("Choose a rule to see what it says and where it comes from."))
            return
        rule = view.rule
        lines = [rule.title.get(lang()), "", self.explanation(view), ""]
        for name, spec in rule.values.items():
            now, pack = view.values.get(name, spec.value), view.pack_values.get(name, spec.value)
            lines.append(self.tr("%1: %2 (the pack's: %3)").replace("%1", value_title(name, spec)).replace(
                "%2", unit_text(now, spec.unit)).replace("%3", unit_text(pack, spec.unit)))
        if rule.values:
            lines.append("")
        lines.append(self.tr("Source: %1").replace("%1", rule.citation or "—"))
        lines.append(self.tr("Confidence: %1").replace("%1", confidence_word(rule.confidence)))
        if rule.effective_from or rule.effective_to:
            lines.append(self.tr("In force from %1 to %2").replace(
                "%1", rule.effective_from.isoformat() if rule.effective_from else "—").replace(
                "%2", rule.effective_to.isoformat() if rule.effective_to else "—"))
        lines.append(self.state_text(view))
        self.detail.setPlainText("\n".join(lines))

    # --- changing it ------------------------------------------------------------------------------

    def _open(self, dialog: Any) -> Any:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def make_stricter(self, value_name: str = "") -> StricterValueDialog | None:
        view = self.selected()
        if view is None or not self.session.is_unlocked:
            return None
        dialog: StricterValueDialog = self._open(
            StricterValueDialog(self.tasks, self.session.services, view, value_name, self))
        return dialog

    def add_rule(self) -> UserRuleDialog | None:
        if not self.session.is_unlocked:
            return None
        dialog: UserRuleDialog = self._open(UserRuleDialog(self.tasks, self.session.services, self))
        return dialog

    def remove_selected(self) -> None:
        item = self.own.currentItem()
        if item is None or not self.session.is_unlocked:
            return
        services, setting_id = self.session.services, int(item.data(Qt.ItemDataRole.UserRole))

        def done(_changes: Any, error: BaseException | None) -> None:
            if error is not None:
                QMessageBox.warning(self, self.tr("Cannot remove the setting"), error_text(error))

        self.tasks.run_mutation(lambda: services.remove_policy_setting(setting_id), done)

    def set_up_code_app(self) -> None:
        if not self.session.is_unlocked:
            return
        services = self.session.services

        def got(methods: Any, error: BaseException | None) -> None:
            if error is not None:
                QMessageBox.warning(self, self.tr("Set up a code app"), error_text(error))
                return
            dialog = EnrolTotpDialog(self.tasks, services, methods, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog = dialog
            dialog.open()

        self.tasks.run_query(services.step_up_methods, got)

    def retranslate(self) -> None:
        self._title.setText(self.tr("Transfer rules"))
        self._hint.setText(self.tr(
            "Every transfer goes through these rules. You can make a value stricter or add rules of your own; "
            "nothing here can be loosened."))
        self.table.setHorizontalHeaderLabels([self.tr("Rule"), self.tr("Source"), self.tr("State")])
        self.tabs.setTabText(0, self.tr("Rules"))
        self.stricter_button.setText(self.tr("Make &stricter…"))
        self.enrol_button.setText(self.tr("Set up a &code app…"))
        self.add_rule_button.setText(self.tr("&Add your own rule…"))
        self.remove_button.setText(self.tr("&Remove"))
        self._own_hint.setText(self.tr("Your stricter values and your own rules. Removing one brings back the "
                                       "pack's value."))
        self._fill()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self.retranslate()
        super().changeEvent(event)
