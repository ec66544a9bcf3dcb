"""The Qt bindings themselves: a version that loses references to None makes a long session abort."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

CALLS = 2_000


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_calls_that_return_nothing_keep_none_alive(qtbot) -> None:
    """PySide6 6.12.0 dropped one reference to None per call of a void method (setText, update…):
    after some thousands of calls Python aborts with 'Fatal Python error: none_dealloc'."""
    widget = QWidget()
    qtbot.addWidget(widget)
    layout = QVBoxLayout(widget)
    label = QLabel("汇流")
    layout.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(CALLS):
        label.setText(str(i % 7))
        widget.update()
        layout.invalidate()
    lost = before - sys.getrefcount(None)
    assert lost < CALLS // 10, f"{lost} references to None lost in {3 * CALLS} calls: pin another PySide6"
