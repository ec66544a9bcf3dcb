"""A new platform typed inline in the account dialog: name, kind, and for banks the legal entity."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QFrame, QLabel, QLineEdit, QWidget

from app.ledger import vocabulary
from app.ledger.records import PlatformInput
from app.ledger.vocabulary import PLATFORM_KINDS
from ui.dialogs.form_dialog import field
from ui.language import is_language_change
from ui.widgets.field_errors import FieldErrors


class PlatformForm(QFrame):
    """Errors from the core name ``platform.name`` / ``platform.kind`` / ``platform.legal_entity``."""

    kind_changed = Signal(str)

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inlineForm")
        self.name = field(QLineEdit())
        self.kind = field(QComboBox())
        for kind in PLATFORM_KINDS:
            self.kind.addItem(vocabulary.platform_kind(kind), kind)
        self.legal_entity = field(QLineEdit())
        self._labels = {key: QLabel() for key in ("name", "kind", "legal_entity")}
        self._form = QFormLayout(self)
        self._form.setContentsMargins(12, 10, 12, 10)
        for key, widget, caption in (
            ("name", self.name, self._caption_name),
            ("kind", self.kind, self._caption_kind),
            ("legal_entity", self.legal_entity, self._caption_legal),
        ):
            self._labels[key].setBuddy(widget)
            self._form.addRow(self._labels[key], errors.wrap(f"platform.{key}", widget, caption=caption))
        self.kind.currentIndexChanged.connect(self._on_kind)
        self._retranslate()
        self._on_kind()

    def _caption_name(self) -> str:
        return self.tr("Platform name")

    def _caption_kind(self) -> str:
        return self.tr("Platform category")

    def _caption_legal(self) -> str:
        return self.tr("Legal entity")

    def current_kind(self) -> str:
        return str(self.kind.currentData())

    def data(self) -> PlatformInput:
        kind = self.current_kind()
        return PlatformInput(
            name=self.name.text(), kind=kind, legal_entity=self.legal_entity.text() if kind == "bank" else ""
        )

    def _on_kind(self) -> None:
        # Only banks need the legal entity: same-bank rules compare it, not the display name.
        self._form.setRowVisible(2, self.current_kind() == "bank")
        self.kind_changed.emit(self.current_kind())

    def _retranslate(self) -> None:
        self._labels["name"].setText(self.tr("Platform na&me:"))
        self._labels["kind"].setText(self.tr("Platform cate&gory:"))
        self._labels["legal_entity"].setText(self.tr("Legal entit&y:"))
        self.name.setPlaceholderText(self.tr("e.g. China Merchants Bank, Alipay"))
        self.legal_entity.setPlaceholderText(self.tr("e.g. China Merchants Bank Co., Ltd."))
        for i in range(self.kind.count()):
            self.kind.setItemText(i, vocabulary.platform_kind(str(self.kind.itemData(i))))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
