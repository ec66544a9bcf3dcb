"""The account dialog shows only what applies to the kind and keeps the core's errors beside their field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from shiboken6 import isValid

from ui.dialogs.account import NEW_PLATFORM, AccountDialog
from ui.dialogs.account_fields import visible_fields
from ui.dialogs.member import MemberDialog

KIND_SPECIFIC = {
    "bank_class",
    "bound_account_id",
    "payment_class",
    "ecny_tier",
    "ecny_operator",
    "credit_limit",
    "statement_day",
    "due_day",
}


def open_dialog(qtbot, window) -> AccountDialog:
    page = window.accounts_page
    page.add_account()
    dialog = page.findChild(AccountDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def choose(combo, data) -> None:
    index = combo.findData(data)
    assert index >= 0, f"{data!r} is not offered"
    combo.setCurrentIndex(index)


def platform_id(window, name: str) -> int:
    return next(p.id for p in window.accounts_page.snapshot.platforms if p.name == name)


def member_id(window, name: str) -> int:
    return next(m.id for m in window.accounts_page.snapshot.members if m.name == name)


def test_only_the_fields_of_the_kind_are_shown(qtbot, window) -> None:
    dialog = open_dialog(qtbot, window)
    choose(dialog.member, member_id(window, "Dad"))
    choose(dialog.platform, platform_id(window, "CMB"))
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == [
        "debit_card",
        "credit_card",
        "fx_account",
        "money_market",
    ]
    choose(dialog.kind, "debit_card")
    choose(dialog.bank_class, "I")
    assert dialog.shown_fields() & KIND_SPECIFIC == {"bank_class"}
    choose(dialog.bank_class, "II")
    assert dialog.shown_fields() & KIND_SPECIFIC == {"bank_class", "bound_account_id"}
    bound = {dialog.bound.itemText(i) for i in range(dialog.bound.count())}
    assert bound == {"Salary card  ending 5678", "Platinum card  ending 9876"}  # Dad's bank cards only
    choose(dialog.kind, "credit_card")
    assert dialog.shown_fields() & KIND_SPECIFIC == {"credit_limit", "statement_day", "due_day"}

    choose(dialog.platform, platform_id(window, "Alipay"))
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == [
        "wallet_balance",
        "money_market",
        "credit_line",
    ]
    choose(dialog.kind, "wallet_balance")
    assert dialog.shown_fields() & KIND_SPECIFIC == {"payment_class"}

    choose(dialog.platform, NEW_PLATFORM)
    assert "new_platform" in dialog.shown_fields()
    choose(dialog.platform_form.kind, "ecny_wallet")
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == ["ecny_wallet"]
    assert dialog.shown_fields() & KIND_SPECIFIC == {"ecny_tier", "ecny_operator"}
    assert dialog.currency.currentText() == "CNY" and not dialog.currency.isEnabled()
    assert not dialog.platform_form.legal_entity.isVisibleTo(dialog)  # only banks have a legal entity
    choose(dialog.platform_form.kind, "bank")
    assert dialog.platform_form.legal_entity.isVisibleTo(dialog)
    dialog.reject()


def test_visible_fields_rules() -> None:
    assert "bound_account_id" not in visible_fields("debit_card", "I")
    assert "bound_account_id" in visible_fields("debit_card", "III")
    assert "bank_class" not in visible_fields(
        "credit_card", "II"
    )  # a stale class from another kind is ignored
    assert {"credit_limit", "statement_day", "due_day"} <= visible_fields("credit_line", None)


def test_core_validation_error_appears_beside_its_field(qtbot, window, wait_idle) -> None:
    dialog = open_dialog(qtbot, window)
    choose(dialog.member, member_id(window, "Dad"))
    choose(dialog.platform, platform_id(window, "CMB"))
    choose(dialog.kind, "credit_card")
    dialog.name.setText("New card")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no credit limit: the core refuses
    wait_idle()
    assert dialog.isVisible()
    assert "credit limit" in dialog.errors.message("credit_limit")
    assert dialog.errors.message("name") == ""
    assert dialog.credit_limit.property("error") is True

    dialog.credit_limit.setText("20,000")
    dialog.statement_day.setValue(8)
    dialog.due_day.setValue(26)
    dialog.number.setText("1234")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert dialog.isVisible()
    assert dialog.errors.message("credit_limit") == ""
    assert "12 to 19 digits" in dialog.errors.message("number")

    dialog.number.setText("4392 2500 1111 2222")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=15_000)
    wait_idle()
    names = [r.name for r in window.accounts_page.model.iter_rows() if r.level == "account"]
    assert "New card" in names


def test_unreadable_amount_is_caught_before_saving(qtbot, window, wait_idle) -> None:
    dialog = open_dialog(qtbot, window)
    choose(dialog.platform, platform_id(window, "Alipay"))
    choose(dialog.kind, "wallet_balance")
    dialog.name.setText("Pocket money")
    dialog.balance.setText("12.345")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert tasks_idle(window)
    assert "decimal places" in dialog.errors.message("balance")
    assert dialog.isVisible()
    dialog.reject()


def tasks_idle(window) -> bool:
    return window.tasks.idle


def test_editing_an_account_prefills_it_and_records_a_new_balance(qtbot, window, wait_idle) -> None:
    page = window.accounts_page
    index = page.model.find(lambda r: r.level == "account" and r.name == "Salary card")
    page.tree.setCurrentIndex(index)
    assert page.edit_button.isEnabled()
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(AccountDialog)
    assert dialog is not None
    assert dialog.name.text() == "Salary card"
    assert dialog.balance.text() == "12,345.67"
    assert dialog.bank_class.currentData() == "I"
    dialog.balance.setText("20,000.00")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=15_000)
    wait_idle()
    row = next(r for r in page.model.iter_rows() if r.level == "account" and r.name == "Salary card")
    assert row.account.balance == 20000


def test_member_id_number_error_beside_the_field(qtbot, window, wait_idle) -> None:
    page = window.accounts_page
    qtbot.mouseClick(page.add_member_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(MemberDialog)
    assert dialog is not None
    dialog.name.setText("Grandma")
    dialog.real_name.setText("王秀英")
    dialog.id_number.setText("110105194912310021")  # wrong check digit (the right one is X)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert dialog.isVisible()
    assert "check digit" in dialog.errors.message("id_number")
    dialog.id_number.setText("11010519491231002X")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=15_000)
    wait_idle()

    # Editing keeps the ID number (the dialog shows it and sends it back).
    page.group_by("member")
    index = page.model.find(lambda r: r.level == "member" and r.name == "Grandma")
    page.tree.setCurrentIndex(index)
    page.edit_selected()
    wait_idle()
    editor = page.findChild(MemberDialog)
    assert editor is not None
    assert editor.id_number.text() == "11010519491231002X"
    assert editor.real_name.text() == "王秀英"
    editor.reject()


def test_a_card_number_failing_its_check_digit_is_warned_about_but_saved(qtbot, window, wait_idle) -> None:
    dialog = open_dialog(qtbot, window)
    choose(dialog.member, member_id(window, "Dad"))
    choose(dialog.platform, platform_id(window, "CMB"))
    choose(dialog.kind, "debit_card")
    dialog.name.setText("Typo card")
    dialog.number.setText("4111 1111 1111 1111")
    assert dialog.number_warning.isHidden()
    dialog.number.setText("4111 1111 1111 1112")
    assert not dialog.number_warning.isHidden() and "check digit" in dialog.number_warning.text()
    choose(dialog.kind, "fx_account")  # an account number, not a card: no check digit to speak of
    assert dialog.number_warning.isHidden()
    choose(dialog.kind, "debit_card")
    assert not dialog.number_warning.isHidden()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # a warning, not a refusal
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=15_000)
    wait_idle()
    names = [r.name for r in window.accounts_page.model.iter_rows() if r.level == "account"]
    assert "Typo card" in names


def test_member_real_name_error_says_the_id_number_needs_it(qtbot, window, wait_idle) -> None:
    page = window.accounts_page
    qtbot.mouseClick(page.add_member_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(MemberDialog)
    assert dialog is not None
    dialog.name.setText("Grandma")
    dialog.id_number.setText("11010519491231002X")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    wait_idle()
    assert dialog.isVisible()
    message = dialog.errors.message("real_name")
    assert "ID number" in message and "go together" in message and message != "is required"
    dialog.real_name.setText("王秀英")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not isValid(dialog) or not dialog.isVisible(), timeout=15_000)
    wait_idle()
