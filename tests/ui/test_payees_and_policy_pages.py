"""The Payees page (add with the 24-hour cooling said and shown, remove) and the Transfer rules page (every
rule with its values, citation and confidence; a stricter value accepted, a looser one refused with the
core's reason; a rule of one's own added and removed)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.ui.conftest import WAIT_MS
from ui.dialogs.payee import AddPayeeDialog
from ui.dialogs.policy_rule import StricterValueDialog, UserRuleDialog


def test_a_payee_is_added_with_its_cooling_shown_and_removed(qtbot, demo_window, clock_now) -> None:
    window = demo_window
    window.show_page("payees")
    page = window.payees_page
    dialog = page.add()
    assert isinstance(dialog, AddPayeeDialog)
    assert "24 hours" in dialog._intro.text()
    assert not dialog.ok_button.isEnabled()
    dialog.name.setText("赵六")
    dialog.number.setText("6222 0202 0011 2233 445")
    dialog.institution.setText("工商银行")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: len(page.payees) == 1, timeout=WAIT_MS)
    payee = page.payees[0]
    assert payee.name == "赵六" and not payee.damaged
    assert page.table.item(0, 1).text() == "6222 **** 3445"
    assert page.table.item(0, 4).text().startswith("Cooling until ")
    clock_now.advance(hours=24, seconds=1)
    page.reload()
    qtbot.waitUntil(lambda: page.table.item(0, 4).text() == "Saved payee", timeout=WAIT_MS)
    page.table.selectRow(0)
    assert page.remove_button.isEnabled()
    page.remove_selected(ask=False)
    qtbot.waitUntil(lambda: not page.payees, timeout=WAIT_MS)
    assert window.session.services.payees() == []


def test_a_payee_without_a_number_is_refused_beside_the_field(qtbot, demo_window) -> None:
    page = demo_window.payees_page
    dialog = page.add()
    dialog.name.setText("赵六")
    dialog.number.setText("6222 **** 3445")  # a masked number is not an account
    dialog.institution.setText("工商银行")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: bool(dialog.errors.message("number")), timeout=WAIT_MS)
    assert dialog.isVisible()
    dialog.reject()


def open_rules(qtbot, window):
    window.show_page("policy")
    page = window.policy_page
    qtbot.waitUntil(lambda: bool(page.rules), timeout=WAIT_MS)
    return page


def test_every_rule_is_listed_with_its_values_and_source(qtbot, demo_window) -> None:
    page = open_rules(qtbot, demo_window)
    assert page.table.rowCount() == len(page.rules) > 30
    assert page.select_rule("step_up_large")
    row = page.table.currentRow()
    assert page.table.item(row, 0).text() == "Verification for large transfers"
    assert page.table.item(row, 1).text() == "primary source"
    assert "Verify above: ¥5,000.00" in page.table.item(row, 0).toolTip()
    detail = page.detail.toPlainText()
    assert "Verify above: ¥5,000.00 (the pack's: ¥5,000.00)" in detail and "Source: 汇流默认保护" in detail
    assert "A transfer above 5,000.00 yuan needs identity verification" in detail
    assert "Confidence: primary source" in detail
    assert page.stricter_button.isEnabled()


def test_a_stricter_value_is_kept_and_a_looser_one_refused(qtbot, demo_window) -> None:
    window = demo_window
    page = open_rules(qtbot, window)
    page.select_rule("step_up_large")
    dialog = page.make_stricter("limit")
    assert isinstance(dialog, StricterValueDialog)
    assert "Only a lower value is stricter" in dialog.current.text()
    dialog.value.setText("6000")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.errors.general.isVisible(), timeout=WAIT_MS)
    message = dialog.errors.general.findChildren(type(dialog.current))[-1].text()
    assert "Only stricter policy is allowed" in message and "step_up_large" in message and "6000" in message
    dialog.value.setText("4000.00")
    saved: list[bool] = []
    dialog.accepted.connect(lambda: saved.append(dialog.saved))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: bool(saved), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(page.settings) == 1, timeout=WAIT_MS)
    page.select_rule("step_up_large")
    assert "¥4,000.00 (stricter than the pack's ¥5,000.00)" in page.table.item(page.table.currentRow(), 0).toolTip()
    view = next(v for v in window.session.services.policy_rules() if v.rule.id == "step_up_large")
    assert str(view.values["limit"]) == "4000.00"
    assert "Verification for large transfers" in page.own.item(0).text()
    page.tabs.setCurrentIndex(1)
    page.own.setCurrentRow(0)
    assert page.remove_button.isEnabled()
    page.remove_selected()
    qtbot.waitUntil(lambda: not page.settings, timeout=WAIT_MS)


def test_a_rule_of_ones_own_is_added(qtbot, demo_window, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: None)
    page = open_rules(qtbot, demo_window)
    count = len(page.rules)
    dialog = page.add_rule()
    assert isinstance(dialog, UserRuleDialog)
    dialog.text.setPlainText(dialog.text.toPlainText().replace("effect: deny", "effect: allow"))
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.errors.general.isVisible(), timeout=WAIT_MS)
    assert dialog.isVisible()
    from ui.dialogs.policy_rule import EXAMPLE_RULE

    dialog.text.setPlainText(EXAMPLE_RULE)
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: len(page.rules) == count + 1, timeout=WAIT_MS)
    assert page.select_rule("my_night_limit")
    assert "your own" in page.table.item(page.table.currentRow(), 2).text()
    assert not page.stricter_button.isEnabled()


