"""Paints the cells of tree and table views: badges as small chips, everything else as usual."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.models.tree_model import BADGES_ROLE, TONE_ROLE

_CHIP_BG = QColor("#EEF2FF")
_CHIP_FG = QColor("#3730A3")
_TONES = {  # chip background and text: amber asks for attention, grey is routine
    "warning": (QColor("#FEF3C7"), QColor("#92400E")),
    "muted": (QColor("#F1F5F9"), QColor("#475569")),
}
_CHIP_PAD_X, _CHIP_GAP, _CHIP_HEIGHT = 7, 4, 18


class CellDelegate(QStyledItemDelegate):
    """Draws ``BADGES_ROLE`` lists as rounded chips; the display text stays for accessibility.

    The current cell gets no focus frame: rows are selected whole, and a frame around one cell looks
    like a text box waiting for input in views that cannot be edited.
    """

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        # (Done here: overriding initStyleOption from Python breaks PySide 6.12's reference counts.)
        option = QStyleOptionViewItem(option)
        option.state &= ~QStyle.StateFlag.State_HasFocus
        badges = index.data(BADGES_ROLE)
        if badges:
            self._paint_badges(painter, option, index, badges)
            return
        mark = index.data(Qt.ItemDataRole.DecorationRole)
        alignment = index.data(Qt.ItemDataRole.TextAlignmentRole)
        if (
            isinstance(mark, QIcon)
            and alignment is not None
            and Qt.AlignmentFlag(alignment) & Qt.AlignmentFlag.AlignRight
        ):
            self._paint_marked_amount(painter, option, index, mark)
            return
        super().paint(painter, option, index)

    def _paint_marked_amount(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        mark: QIcon,
    ) -> None:
        """Amounts stay right-aligned with their column; the mark sits just left of the number."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.icon = QIcon()
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        width = QFontMetrics(opt.font).horizontalAdvance(opt.text) + 6
        size = opt.decorationSize
        x = text_rect.right() - width - size.width()
        y = opt.rect.top() + (opt.rect.height() - size.height()) // 2
        mark.paint(painter, x, y, size.width(), size.height())

    def _paint_badges(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
        badges: list[str],
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # background and selection only; the chips replace the text
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        font = QFont(opt.font)
        font.setPointSizeF(max(font.pointSizeF() - 1, 7))
        metrics = QFontMetrics(font)
        background, foreground = _TONES.get(str(index.data(TONE_ROLE) or ""), (_CHIP_BG, _CHIP_FG))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font)
        x = opt.rect.left() + 4
        top = opt.rect.top() + (opt.rect.height() - _CHIP_HEIGHT) / 2
        for text in badges:
            room = opt.rect.right() - x
            width = metrics.horizontalAdvance(text) + 2 * _CHIP_PAD_X
            if width > room:
                if x > opt.rect.left() + 4 or room < 3 * _CHIP_PAD_X:
                    break  # later chips that do not fit are dropped; all are in the text and tooltip
                text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room - 2 * _CHIP_PAD_X)
                width = room
            rect = QRectF(x, top, width, _CHIP_HEIGHT)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(background)
            painter.drawRoundedRect(rect, _CHIP_HEIGHT / 2, _CHIP_HEIGHT / 2)
            painter.setPen(foreground)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            x += width + _CHIP_GAP
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        badges = index.data(BADGES_ROLE)
        if badges:  # the chips as painted, so a column fitted to its cells shows them whole
            font = QFont(option.font)
            font.setPointSizeF(max(font.pointSizeF() - 1, 7))
            metrics = QFontMetrics(font)
            chips = sum(metrics.horizontalAdvance(text) + 2 * _CHIP_PAD_X for text in badges)
            size.setWidth(4 + chips + _CHIP_GAP * (len(badges) - 1) + 4)
        return QSize(size.width(), max(size.height(), 30))
