"""Categories of one's own in the window (issue 10, §6): File → Categories… adds, renames and deletes them
and lists the counterparty rules; a transaction's details choose from the whole tree and, after its
category changes, offer "Always put X in Y" and then moving X's other transactions too (undoable)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt

from app.ledger import vocabulary
from app.ledger.transactions import TransactionInput
from tests.ui.conftest import WAIT_MS
from ui.dialogs.categories import CategoriesDialog
from ui.dialogs.transaction_detail import DEPTH_ROLE

SALARY_CARD = 1


def add_rows(window, wait_idle, rows: list[TransactionInput]) -> None:  # type: ignore[no-untyped-def]
    services = window.session.services
    window.tasks.run_mutation(lambda: services.add_transactions(SALARY_CARD, rows))
    wait_idle()


def lunch(day: int, amount: str, counterparty: str = "肯德基", category: str = "dining") -> TransactionInput:
    return TransactionInput(
        booked_on=date(2026, 11, day),
        amount=Decimal(amount),
        counterparty=counterparty,
        category=category,
        source_category="餐饮美食",
    )


def open_categories(qtbot, window) -> CategoriesDialog:  # type: ignore[no-untyped-def]
    window.categories_action.trigger()
    dialog = window.categories_action.dialog
    assert isinstance(dialog, CategoriesDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.tree is not None, timeout=WAIT_MS)
    dialog.confirm = False  # the confirmation is answered here
    return dialog


def names_in_tree(dialog: CategoriesDialog) -> dict[str, str]:
    return {str(item.data(0, Qt.ItemDataRole.UserRole)): item.text(0) for item in dialog._items()}


def test_the_dialog_adds_renames_and_deletes_categories(qtbot, window, wait_idle) -> None:
    add_rows(window, wait_idle, [lunch(2, "-25.00"), lunch(3, "-18.00", "瑞幸咖啡")])
    services = window.session.services
    assert window.categories_action in window.file_menu.actions()
    dialog = open_categories(qtbot, window)
    shopping = dialog.item_for("shopping")
    assert shopping is not None and shopping.font(0).bold()
    assert names_in_tree(dialog)["dining"] == "Dining" and dialog.item_for("dining").text(1) == "2"  # type: ignore[union-attr]
    assert not dialog.rules_view.isVisible()  # no rules yet: the hint says how to make one

    dialog.new_name.setText("Snacks")
    dialog.group_choice.setCurrentIndex(dialog.group_choice.findData("food"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Snacks" in names_in_tree(dialog).values(), timeout=WAIT_MS)
    key = next(k for k, name in names_in_tree(dialog).items() if name == "Snacks")
    food = dialog.item_for("food")
    assert food is not None and [food.child(i).text(0) for i in range(food.childCount())][-1] == "Snacks"
    assert dialog.selected_key() == key and dialog.delete_button.isEnabled()
    assert services.category_tree().group_of(key) == "food"

    dialog.item_for(key).setText(0, "Treats")  # type: ignore[union-attr]  # edited in place
    qtbot.waitUntil(lambda: dialog.message.text() == "Renamed to Treats.", timeout=WAIT_MS)
    wait_idle()
    dialog.item_for("dining").setText(0, "Eating out")  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: dialog.message.text() == "Renamed to Eating out.", timeout=WAIT_MS)
    wait_idle()
    assert services.category_names() == {key: "Treats", "dining": "Eating out"}
    assert names_in_tree(dialog)[key] == "Treats" and names_in_tree(dialog)["dining"] == "Eating out"
    dialog.select("dining")
    assert not dialog.delete_button.isEnabled()  # built-in: renamed, never deleted

    dialog.item_for(key).setText(0, "Eating out")  # type: ignore[union-attr]  # a name taken: said, not kept
    qtbot.waitUntil(lambda: "already exists" in dialog.message.text(), timeout=WAIT_MS)
    wait_idle()
    assert names_in_tree(dialog)[key] == "Treats" and services.category_names()[key] == "Treats"

    luckin = next(t.id for t in services.transactions() if t.counterparty == "瑞幸咖啡")
    window.tasks.run_mutation(lambda: services.edit_transaction(luckin, category=key))
    wait_idle()
    qtbot.waitUntil(
        lambda: dialog.item_for(key) is not None and dialog.item_for(key).text(1) == "1", timeout=WAIT_MS
    )
    dialog.select(key)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.item_for(key) is None, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "moved to Food and dining" in dialog.message.text(), timeout=WAIT_MS)
    assert services.transaction_detail(luckin).view.category == "food"  # to its group


def test_the_dialog_lists_and_deletes_rules(qtbot, window, wait_idle) -> None:
    services = window.session.services
    window.tasks.run_mutation(lambda: services.save_category_rule("肯德基", "groceries"))
    wait_idle()
    dialog = open_categories(qtbot, window)
    qtbot.waitUntil(lambda: dialog.rules_view.topLevelItemCount() == 1, timeout=WAIT_MS)
    item = dialog.rules_view.topLevelItem(0)
    assert (item.text(0), item.text(1)) == ("肯德基", "Groceries")
    dialog.rules_view.setCurrentItem(item)
    qtbot.mouseClick(dialog.delete_rule_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.rules_view.topLevelItemCount() == 0, timeout=WAIT_MS)
    assert services.category_rules() == []


def test_after_a_category_change_the_details_offer_a_rule_that_moves_the_others(
    qtbot, window, wait_idle
) -> None:
    services = window.session.services
    add_rows(
        window,
        wait_idle,
        [lunch(2, "-25.00"), lunch(9, "-31.00"), lunch(16, "-28.00"), lunch(3, "-18.00", "瑞幸咖啡")],
    )
    window.tasks.run_mutation(lambda: services.add_category("Fast food", "food"))
    wait_idle()
    fast_food = next(n.key for n in services.category_tree().nodes() if n.name == "Fast food")
    window.show_page("transactions")
    page = window.transactions_page
    qtbot.waitUntil(lambda: len(page.all_ids) == 4 and page.model.row_for(0) is not None, timeout=WAIT_MS)
    row = next(r for r in range(page.model.rowCount()) if page.model.row_for(r).view.counterparty == "肯德基")
    page.table.doubleClicked.emit(page.model.index(row, 1))
    qtbot.waitUntil(
        lambda: page.detail_dialog is not None and page.detail_dialog.isVisible(), timeout=WAIT_MS
    )
    detail = page.detail_dialog
    combo = detail.category
    # The whole tree: each group, then its categories (the user's own among them), indented.
    keys = [combo.itemData(i) for i in range(combo.count())]
    assert keys[:4] == ["food", "dining", "groceries", fast_food]
    assert [combo.itemData(i, DEPTH_ROLE) for i in range(4)] == [0, 1, 1, 1]
    assert combo.itemText(3) == "Fast food" and keys[-1] == "other"
    assert not detail.rule_box.isVisible()

    combo.setCurrentIndex(combo.findData(fast_food))
    assert detail.rule_box.isVisible() and detail.rule_box.text() == "Always put 肯德基 in Fast food"
    detail.rule_box.setChecked(True)
    qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.saved and detail.apply_row.isVisible(), timeout=WAIT_MS)
    assert "2 other transactions of 肯德基" in detail.apply_note.text()
    assert detail.apply_button.isVisible() and not detail.rule_box.isVisible()
    assert [(r.counterparty, r.category) for r in services.category_rules()] == [("肯德基", fast_food)]

    qtbot.mouseClick(detail.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.moved is not None, timeout=WAIT_MS)
    kfc = [t for t in services.transactions() if t.counterparty == "肯德基"]
    assert {t.category for t in kfc} == {fast_food} and len(kfc) == 3
    assert {t.category for t in services.transactions() if t.counterparty == "瑞幸咖啡"} == {"dining"}
    assert "Moved 2 transactions of 肯德基 to Fast food" in detail.apply_note.text()

    # the table shows the user's own name once it reads the rows again
    def kfc_cells() -> list[str]:
        rows = [page.model.row_for(r) for r in range(page.model.rowCount())]
        return [
            page.model.data(page.model.index(r, 3))
            for r, shown in enumerate(rows)
            if shown is not None and shown.view.counterparty == "肯德基"
        ]

    qtbot.waitUntil(lambda: kfc_cells() == ["Fast food"] * 3, timeout=WAIT_MS)

    qtbot.mouseClick(detail.undo_apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.moved is None and detail.apply_button.isVisible(), timeout=WAIT_MS)
    assert sorted(t.category for t in services.transactions() if t.counterparty == "肯德基") == sorted(
        ["dining", "dining", fast_food]
    )
    detail.accept()


def test_names_show_in_both_languages(qtbot, window, wait_idle, zh_catalogue) -> None:
    services = window.session.services
    window.tasks.run_mutation(lambda: services.add_category("宠物", "shopping"))
    window.tasks.run_mutation(lambda: services.rename_category("rent", "房贷"))
    wait_idle()
    dialog = open_categories(qtbot, window)
    english = names_in_tree(dialog)
    assert (english["groceries"], english["rent"], english["user:1"]) == ("Groceries", "房贷", "宠物")
    window.apply_settings("zh_CN", 10)
    try:
        qtbot.waitUntil(lambda: names_in_tree(dialog).get("groceries") != "Groceries", timeout=WAIT_MS)
        wait_idle()
        chinese = names_in_tree(dialog)
        from app import i18n

        assert i18n.language() == "zh_CN"
        assert chinese["groceries"] == vocabulary.category("groceries") != "Groceries"
        assert (chinese["rent"], chinese["user:1"]) == ("房贷", "宠物")  # the user's names stay as given
        assert any("\u4e00" <= c <= "\u9fff" for c in chinese["food"])
    finally:
        window.apply_settings("en", 10)
    qtbot.waitUntil(lambda: names_in_tree(dialog).get("groceries") == "Groceries", timeout=WAIT_MS)
    dialog.accept()
