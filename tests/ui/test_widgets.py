"""Small widgets and settings with behaviour a person notices."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QSettings

from app.errors import MoneyError
from ui.settings import Settings
from ui.widgets.amount_edit import AmountEdit
from ui.widgets.strength_meter import strength


def test_amount_shows_chinese_capitals_from_one_thousand_yuan(qtbot) -> None:
    edit = AmountEdit("CNY")
    qtbot.addWidget(edit)
    edit.setText("999.99")
    assert edit.capitals.isHidden()
    edit.setText("¥1,000")
    assert not edit.capitals.isHidden() and edit.capitals.text().endswith("壹仟元整")
    assert edit.amount() == Decimal("1000")
    edit.set_currency("USD")
    assert edit.capitals.isHidden()  # 大写 is for yuan only


def test_amount_is_never_rounded(qtbot) -> None:
    edit = AmountEdit("CNY")
    qtbot.addWidget(edit)
    edit.setText("1.234")
    with pytest.raises(MoneyError):
        edit.amount()
    edit.setText("")
    assert edit.amount() is None


def test_strength_grows_with_guessing_effort() -> None:
    assert strength("") == 0
    assert strength("password") <= 1
    assert strength("violet tractor umbrella 1987 sings") == 4


def test_settings_round_trip(tmp_path) -> None:
    path = str(tmp_path / "s.ini")
    first = Settings(QSettings(path, QSettings.Format.IniFormat))
    assert (first.language, first.auto_lock_minutes, first.amounts_hidden) == ("system", 10, False)
    first.language, first.auto_lock_minutes, first.amounts_hidden = "zh_CN", 0, True
    first.sync()
    again = Settings(QSettings(path, QSettings.Format.IniFormat))
    assert (again.language, again.auto_lock_minutes, again.amounts_hidden) == ("zh_CN", 0, True)
    again.language = "klingon"
    assert again.language == "system"
