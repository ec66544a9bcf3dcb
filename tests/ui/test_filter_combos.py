"""The Transactions page's filter lists are as wide as their longest choice, in either language and after a
live switch: never "All membe"."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QComboBox, QHBoxLayout, QStyle, QStyleOptionComboBox, QWidget

from ui.language import apply_language
from ui.widgets.transaction_filters import AccountChoice, TransactionFilters

ACCOUNTS = [
    AccountChoice(1, "Salary card", 1),
    AccountChoice(2, "余额宝", 2),
    AccountChoice(3, "招商银行信用卡 · 王建国的副卡", 1),
]
MEMBERS = [(1, "王建国"), (2, "李秀英")]  # as in the demo: shorter than "All members"


def text_field(combo: QComboBox) -> int:
    """The width the combo leaves for the chosen item's text and icon."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    rect = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return rect.width()


def needed(combo: QComboBox, i: int) -> int:
    width = combo.fontMetrics().horizontalAdvance(combo.itemText(i))
    if not combo.itemIcon(i).isNull():
        width += combo.iconSize().width() + 4
    return width


@pytest.fixture
def squeezed(qtbot, zh_catalogue):
    """Opens the filter bar in a language, in a window narrower than it would like (a layout squeezes
    what it can); the language is switched live afterwards."""

    kept: list[QWidget] = []

    def open_in(lang: str) -> TransactionFilters:
        apply_language(lang)
        QApplication.processEvents()
        holder = QWidget()
        layout = QHBoxLayout(holder)
        filters = TransactionFilters()
        layout.addWidget(filters)
        filters.set_choices(ACCOUNTS, MEMBERS)
        qtbot.addWidget(holder)
        holder.resize(640, 120)
        holder.show()
        qtbot.waitExposed(holder)
        kept.append(holder)
        return filters

    yield open_in
    apply_language("en")


def fits(combo: QComboBox, limit: int | None = None) -> list[str]:
    """The items that the combo would cut if chosen (beyond ``limit`` pixels, cutting is expected)."""
    cut = []
    for i in range(combo.count()):
        want = needed(combo, i)
        if limit is not None and want > limit:
            continue
        if text_field(combo) < want:
            cut.append(combo.itemText(i))
    return cut


@pytest.mark.parametrize(("first", "then"), [("zh_CN", "en"), ("en", "zh_CN")])
def test_every_filter_list_fits_its_longest_choice_after_a_switch(
    qtbot, squeezed, first: str, then: str
) -> None:
    filters = squeezed(first)
    for lang in (first, then):
        apply_language(lang)
        QApplication.processEvents()
        qtbot.waitUntil(lambda: filters.member.itemText(0) != "", timeout=2_000)
        if lang == "en":
            assert filters.member.itemText(0) == "All members"
            assert filters.account.itemText(0) == "All accounts"
        for combo in (filters.member, filters.period, filters.direction):
            assert fits(combo) == [], (lang, combo.currentText())
        # Account names can be long: the list is capped, but "All accounts" and ordinary names fit.
        assert fits(filters.account, limit=180) == []


def test_all_members_fits_in_english(qtbot, squeezed) -> None:
    filters = squeezed("zh_CN")
    apply_language("en")
    QApplication.processEvents()
    member = filters.member
    assert member.currentText() == "All members"
    assert text_field(member) >= member.fontMetrics().horizontalAdvance("All members")
