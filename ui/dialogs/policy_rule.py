"""Make the policy stricter: one value of a rule (lower or higher, as the pack says is stricter), or a rule
of one's own in the pack's format. A looser value or rule is refused by the core, and its message is shown
as it is (it names the rule, the value and why)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontDatabase, QKeyEvent
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from app.services import AppServices
from ui.amounts import money_text
from ui.dialogs.form_dialog import FormDialog, field
from ui.tasks import TaskManager
from ui.transfer_words import lang
from ui.widgets.overview_header import list_text

EXAMPLE_RULE = """id: my_night_limit
title: {zh: "夜间转账上限", en: "Night-time limit"}
explanation: {zh: "夜间单笔不超过 {limit} 元。", en: "At night, at most {limit} yuan per transfer."}
scope: person
condition: hour_local < 6 and amount_cny > limit
effect: deny
values:
  limit: {value: "1000.00", unit: CNY, stricter: lower}
"""


def unit_text(value: Decimal | int, unit: str) -> str:
    """A value with its unit in words: ¥5,000.00, 24 小时, 3 倍."""
    if len(unit) == 3 and unit.isupper():
        return money_text(Decimal(value), unit)
    words = {
        "hours": QCoreApplication.translate("PolicyWords", "%1 hours"),
        "hour": QCoreApplication.translate("PolicyWords", "%1 o'clock"),
        "seconds": QCoreApplication.translate("PolicyWords", "%1 seconds"),
        "days": QCoreApplication.translate("PolicyWords", "%1 days"),
        "count": QCoreApplication.translate("PolicyWords", "%1 transfers"),
        "ratio": QCoreApplication.translate("PolicyWords", "%1 times"),
        "score": QCoreApplication.translate("PolicyWords", "%1 points"),
    }
    return words.get(unit, "%1 " + unit).replace("%1", str(value))


def value_title(name: str, spec: Any) -> str:
    return spec.title.get(lang()) if spec.title is not None else name


class StricterValueDialog(FormDialog):
    """One rule's value, made stricter for the acting member (``set_policy_value``)."""

    def __init__(self, tasks: TaskManager, services: AppServices, rule_view: Any, value_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("stricterValueDialog")
        self._services, self.view = services, rule_view
        self.saved = False
        self._value_named = bool(value_name)
        rule = rule_view.rule
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.name = field(QComboBox())
        self.name.setObjectName("stricterName")
        for name, spec in rule.values.items():
            if spec.stricter != "fixed":
                self.name.addItem(value_title(name, spec), name)
        if value_name:
            self.name.setCurrentIndex(max(self.name.findData(value_name), 0))
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.value = field(QLineEdit())
        self.value.setObjectName("stricterValue")
        self._labels = {key: QLabel() for key in ("name", "current", "value")}
        self._labels["name"].setBuddy(self.name)
        self._labels["value"].setBuddy(self.value)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self._labels["name"], self.name)
        form.addRow(self._labels["current"], self.current)
        form.addRow(self._labels["value"], self.errors.wrap("value", self.value))
        self.body.addWidget(self._intro)
        self.body.addLayout(form)
        self.name.currentIndexChanged.connect(lambda _i: self._show_current())
        self.value.textChanged.connect(lambda _t: self._update())
        self.setMinimumWidth(480)
        self.retranslate()

    def first_field(self) -> QWidget | None:
        """The new value when the page named which one; the choice of value otherwise."""
        return self.value if self._value_named and self.name.count() else self.name

    def _spec(self) -> tuple[str, Any]:
        name = str(self.name.currentData())
        return name, self.view.rule.values.get(name)

    def _show_current(self) -> None:
        name, spec = self._spec()
        if spec is None:
            self.current.setText("")
            return
        now = self.view.values.get(name, spec.value)
        pack = self.view.pack_values.get(name, spec.value)
        text = self.tr("In effect: %1 (the pack's: %2).").replace("%1", unit_text(now, spec.unit)).replace(
            "%2", unit_text(pack, spec.unit))
        text += " " + (self.tr("Only a lower value is stricter.") if spec.stricter == "lower"
                       else self.tr("Only a higher value is stricter."))
        self.current.setText(text)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.value.text().strip()) and self.name.count() > 0 and not self.busy.busy)

    def set_busy(self, busy: bool, caption: str = "") -> None:
        super().set_busy(busy, caption)
        if not busy:
            self._update()

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        services, rule_id = self._services, self.view.rule.id
        name, text = str(self.name.currentData()), self.value.text().strip().replace(",", "")
        self.save(lambda: services.set_policy_value(rule_id, name, text), on_saved=self._keep)

    def _keep(self, _changes: Any) -> None:
        self.saved = True

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Make stricter"))
        self._intro.setText(self.tr("“%1”: a stricter value applies to your transfers from now on. A looser one "
                                    "is refused.").replace("%1", self.view.rule.title.get(lang())))
        self._labels["name"].setText(self.tr("&Value:"))
        self._labels["current"].setText(self.tr("Now:"))
        self._labels["value"].setText(self.tr("&New value:"))
        self.ok_button.setText(self.tr("Make stricter"))
        self._show_current()


class UserRuleDialog(FormDialog):
    """A rule of one's own in the pack's YAML format (``add_policy_rule``); it can only restrict."""

    def __init__(self, tasks: TaskManager, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(tasks, parent)
        self.setObjectName("userRuleDialog")
        self._services = services
        self.saved = False
        self._intro = QLabel()
        self._intro.setWordWrap(True)
        self.text = field(QPlainTextEdit())
        self.text.setObjectName("userRuleText")
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.text.setFont(mono)
        self.text.setPlainText(EXAMPLE_RULE)
        self.text.setMinimumHeight(200)
        self.text.setTabChangesFocus(True)  # Tab leaves the text (YAML takes spaces, never tabs)
        # Enter makes a new line in the text: Ctrl+Enter adds the rule.
        self.text.installEventFilter(self)
        self.body.addWidget(self._intro)
        self.body.addWidget(self.errors.wrap("rule", self.text, aliases=("text", "yaml")))
        self.setMinimumWidth(560)
        self.retranslate()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (watched is self.text and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            if self.ok_button.isEnabled() and not self.busy.busy:
                self.submit()
            return True
        return super().eventFilter(watched, event)

    def submit(self) -> None:
        services, text = self._services, self.text.toPlainText()
        if not text.strip():
            return
        self.save(lambda: services.add_policy_rule(text), on_saved=self._keep)

    def _keep(self, _changes: Any) -> None:
        self.saved = True

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Add your own rule"))
        self._intro.setText(self.tr(
            "Write the rule in the policy pack's format. Its effect can only restrict (deny, hold, require "
            "approval or verification, delay, warn); it never loosens a built-in rule."))
        self.ok_button.setText(self.tr("Add rule"))


def setting_text(setting: Any, titles: Mapping[str, str]) -> str:
    """One of the member's stricter settings in words."""
    import json

    try:
        body = json.loads(setting.body)
    except ValueError:
        body = {}
    title = titles.get(setting.rule_id, setting.rule_id)
    if setting.kind == "override":
        values = list_text([f"{k} = {v}" for k, v in body.items()])
        return QCoreApplication.translate("PolicyWords", "Stricter value of “%1”: %2").replace(
            "%1", title).replace("%2", values)
    own = body.get("title", {}).get("zh" if lang().startswith("zh") else "en", setting.rule_id) \
        if isinstance(body.get("title"), dict) else setting.rule_id
    return QCoreApplication.translate("PolicyWords", "Your own rule: %1").replace("%1", own)
