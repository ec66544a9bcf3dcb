"""The live policy decision beside the transfer form: what will happen and why, in the person's language.

It renders a ``Preview`` (``services.preview_transfer``) as it is: the outcome, every rule that fired with its
citation and confidence, the earliest arrival and how long it can be revoked, today's threshold and why,
the risk reasons, who in the household must approve, and a "connect again" notice. Nothing is decided here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui import when
from ui.transfer_words import cny, firing_lines, lang
from ui.widgets.overview_header import list_text


def _label(name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DecisionPanel(QFrame):
    """Shows one decision at a time; ``shown`` fires after each one is on screen (with its request)."""

    shown = Signal(object)  # the TransferRequest whose decision is now shown, or None for a message

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.preview: Any = None
        self._names: dict[int, str] = {}
        self._title = _label("panelTitle")
        self.outcome = _label("outcome")
        self.outcome.setObjectName("outcome")
        self.rules = QWidget()
        self._rules_layout = QVBoxLayout(self.rules)
        self._rules_layout.setContentsMargins(0, 0, 0, 0)
        self._rules_layout.setSpacing(8)
        self.arrival = _label()
        self.limit = _label()
        self.limit_why = _label("hint")
        self.risk = _label("hint")
        self.approvers = _label("warningText")
        self.reconnect = _label("warningText")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(8)
        for widget in (self._title, self.outcome, self.rules, self.arrival, self.limit, self.limit_why, self.risk,
                       self.approvers, self.reconnect):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.retranslate()
        self.show_message(self.tr("Choose the accounts and type an amount to see what will happen."))

    def retranslate(self) -> None:
        self._title.setText(self.tr("What will happen"))
        if self.preview is not None:
            self.show_preview(self.preview, self._names)

    def show_message(self, text: str) -> None:
        """No decision yet (or the form cannot be decided on): say what is missing."""
        self.preview = None
        self.outcome.setText(text)
        self._clear_rules()
        for widget in (self.arrival, self.limit, self.limit_why, self.risk, self.approvers, self.reconnect):
            widget.hide()
        self.shown.emit(None)

    def _clear_rules(self) -> None:
        while self._rules_layout.count():
            item = self._rules_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()
        self.rules.hide()

    def show_preview(self, preview: Any, names: Mapping[int, str] | None = None) -> None:
        """``preview``: a Preview; ``names``: the household's member names, for the approvers."""
        self.preview = preview
        self._names = dict(names or {})
        language = lang()
        decision = preview.decision
        self.outcome.setText(decision.summary(language))
        self._clear_rules()
        for title, explanation, source in firing_lines(decision, language):
            block = QWidget()
            block.setObjectName("firedRule")
            rows = QVBoxLayout(block)
            rows.setContentsMargins(0, 0, 0, 0)
            rows.setSpacing(2)
            heading = _label("sectionTitle")
            heading.setText(title)
            text = _label()
            text.setText(explanation)
            cite = _label("hint")
            cite.setText(source)
            for widget in (heading, text, cite):
                rows.addWidget(widget)
            self._rules_layout.addWidget(block)
        self.rules.setVisible(bool(decision.firings))
        if decision.denied:
            self.arrival.hide()
        else:
            arrival = self.tr("Arrives: %1").replace("%1", when.day_and_time(decision.release_at))
            if decision.revocable_until is not None:
                arrival += "\n" + self.tr("Can be revoked until %1").replace(
                    "%1", when.day_and_time(decision.revocable_until))
            self.arrival.setText(arrival)
            self.arrival.show()
        limit = decision.daily_limit
        self.limit.setText(self.tr("Today's limit for transfers to others: %1").replace(
            "%1", cny(limit.threshold_cny)))
        self.limit_why.setText(limit.explanation(language))
        self.limit.show()
        self.limit_why.show()
        reasons = decision.risk.explain(language)
        self.risk.setText(self.tr("Risk %1/100: %2").replace("%1", str(decision.risk.score)).replace(
            "%2", " ".join(reasons)) if reasons else "")
        self.risk.setVisible(bool(reasons))
        if preview.approvers:
            mode, ids = preview.approvers
            who = list_text([self._names.get(i, str(i)) for i in ids])
            template = (self.tr("Needs the approval of all of: %1") if mode == "all" and len(ids) > 1
                        else self.tr("Needs the approval of one of: %1"))
            self.approvers.setText(template.replace("%1", who))
            self.approvers.show()
        else:
            self.approvers.hide()
        if preview.reconnect:
            self.reconnect.setText(self.tr(
                "%1 was connected without permission to move money. Connect it again (Accounts, Connect "
                "platform…) before the first transfer from it.").replace("%1", preview.reconnect))
            self.reconnect.show()
        else:
            self.reconnect.hide()
        self.shown.emit(preview.request)
