"""The flat left sidebar: one entry per page that works, plus privacy and lock buttons at its foot.

In a narrow window it folds to its icons (the names become tooltips) and unfolds when there is room.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.icons import icon
from ui.language import is_language_change

BADGE_ROLE = Qt.ItemDataRole.UserRole + 1  # int: a count painted as a pill at the right of the entry
FULL_WIDTH = 196
COMPACT_WIDTH = 60  # the icons alone
COMPACT_BELOW = 1000  # a window narrower than this shows the icons alone


class _BadgeDelegate(QStyledItemDelegate):
    """Paints the entry as usual, then its count (if any) as an amber pill: it asks for attention."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().paint(painter, option, index)
        count = index.data(BADGE_ROLE)
        if not count:
            return
        font = QFont(option.font)
        font.setPointSizeF(max(font.pointSizeF() - 1.5, 7))
        font.setWeight(QFont.Weight.DemiBold)
        text = str(count) if count < 100 else "99+"
        width = max(QFontMetrics(font).horizontalAdvance(text) + 12, 20)
        rect = QRectF(option.rect.right() - width - 10, option.rect.center().y() - 9, width, 18)
        if not index.data(Qt.ItemDataRole.DisplayRole):  # folded to the icon: the pill on its corner
            rect = QRectF(option.rect.right() - width, option.rect.top() + 1, width, 18)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#F59E0B"))
        painter.drawRoundedRect(rect, 9, 9)
        painter.setPen(QColor("#FFFFFF"))
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()


class NavigationBar(QFrame):
    """Pages are added with a key and a title marked QT_TRANSLATE_NOOP("NavigationBar", ...)."""

    page_selected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self._compact = False
        self._buttons: list[QToolButton] = []
        # As wide as its entries unfolded at most, as narrow as the icons at least: the window's least
        # width counts the folded sidebar (see ``follow``).
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(COMPACT_WIDTH)
        self.setMaximumWidth(FULL_WIDTH)
        self._brand = QLabel()
        self._brand.setObjectName("brand")
        self._brand_icon = QLabel()
        self._brand_icon.setPixmap(icon("logo").pixmap(28, 28))
        self.list = QListWidget()
        self.list.setObjectName("navigation")
        self.list.setIconSize(QSize(20, 20))
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._on_current)
        self.list.setItemDelegate(_BadgeDelegate(self.list))
        self._titles: dict[str, str] = {}
        self._tips: dict[str, str] = {}
        self._footer = QVBoxLayout()
        self._footer.setSpacing(2)
        brand_row = QFrame()
        brand_row.setObjectName("brandRow")
        brand_layout = QHBoxLayout(brand_row)
        brand_layout.setContentsMargins(14, 14, 14, 10)
        brand_layout.addWidget(self._brand_icon)
        brand_layout.addWidget(self._brand, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 10)
        layout.setSpacing(6)
        layout.addWidget(brand_row)
        layout.addWidget(self.list, 1)
        layout.addLayout(self._footer)
        self._retranslate()

    def add_page(self, key: str, title: str, icon_name: str) -> None:
        item = QListWidgetItem(icon(icon_name), QCoreApplication.translate("NavigationBar", title))
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setSizeHint(QSize(0, 40))
        self._titles[key] = title
        self.list.addItem(item)
        self._show_item(item)
        if self.list.count() == 1:
            self.list.setCurrentItem(item)

    def _item(self, key: str) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                return item
        return None

    def set_badge(self, key: str, count: int, tooltip: str = "") -> None:
        """Show ``count`` beside the entry (0 removes it); ``tooltip`` says what it counts."""
        item = self._item(key)
        if item is not None:
            item.setData(BADGE_ROLE, count)
            self._tips[key] = tooltip if count else ""
            self._show_item(item)

    def badge(self, key: str) -> int:
        item = self._item(key)
        return int(item.data(BADGE_ROLE) or 0) if item is not None else 0

    def set_page_visible(self, key: str, visible: bool) -> None:
        item = self._item(key)
        if item is not None:
            item.setHidden(not visible)

    def is_page_visible(self, key: str) -> bool:
        item = self._item(key)
        return item is not None and not item.isHidden()

    def select(self, key: str) -> None:
        item = self._item(key)
        if item is not None and not item.isHidden():
            self.list.setCurrentItem(item)

    def current_key(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def add_footer_action(self, action: QAction) -> QToolButton:
        """A flat button at the foot of the sidebar that mirrors ``action`` (text, icon, checked)."""
        button = QToolButton()
        button.setObjectName("sidebarButton")
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setIconSize(QSize(18, 18))
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._footer.addWidget(button)
        self._buttons.append(button)
        # A tool button shows its default action's text and state but not whether it is offered at all.
        button.setVisible(action.isVisible())
        action.changed.connect(lambda: button.setVisible(action.isVisible()))
        self._fold_button(button)
        return button

    # --- folding ------------------------------------------------------------------------------------

    @property
    def compact(self) -> bool:
        """Whether the sidebar shows its icons alone."""
        return self._compact

    def set_compact(self, compact: bool) -> None:
        if compact == self._compact:
            return
        self._compact = compact
        self._brand.setVisible(not compact)
        for button in self._buttons:
            self._fold_button(button)
        for row in range(self.list.count()):
            self._show_item(self.list.item(row))
        self.updateGeometry()

    def follow(self, window: QWidget) -> None:
        """Fold when ``window`` gets narrower than COMPACT_BELOW, unfold when it is wider again."""
        window.installEventFilter(self)
        self.set_compact(window.width() < COMPACT_BELOW)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.set_compact(watched.width() < COMPACT_BELOW)
        return super().eventFilter(watched, event)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(COMPACT_WIDTH if self._compact else FULL_WIDTH, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(COMPACT_WIDTH, super().minimumSizeHint().height())

    def _fold_button(self, button: QToolButton) -> None:
        folded = self._compact
        button.setToolButtonStyle(
            Qt.ToolButtonStyle.ToolButtonIconOnly if folded else Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        )

    def _show_item(self, item: QListWidgetItem) -> None:
        """The entry's name beside its icon, or in its tooltip when folded (with what its badge counts)."""
        key = str(item.data(Qt.ItemDataRole.UserRole))
        title = QCoreApplication.translate("NavigationBar", self._titles[key])
        badge = self._tips.get(key, "")
        item.setText("" if self._compact else title)
        item.setToolTip("\n".join(t for t in (title if self._compact else "", badge) if t))

    def _on_current(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.page_selected.emit(str(current.data(Qt.ItemDataRole.UserRole)))

    def _retranslate(self) -> None:
        self._brand.setText(self.tr("Huiliu"))
        for row in range(self.list.count()):
            self._show_item(self.list.item(row))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if is_language_change(event):
            self._retranslate()
        super().changeEvent(event)
