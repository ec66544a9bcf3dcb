"""Double-click a transaction: its details, a correction, its undo (issue 10, §7)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.conftest import WAIT_MS
from tests.ui.test_import import ALIPAY_BALANCE, alipay_file, open_preview
from ui.dialogs.import_preview import LEAVE_OUT


def test_a_transaction_opens_its_details_and_a_correction_can_be_undone(qtbot, window, tmp_path, wait_idle) -> None:
    dialog = open_preview(qtbot, window, alipay_file(tmp_path))
    combo = dialog.section_combos[0]
    combo.setCurrentIndex(combo.findData(ALIPAY_BALANCE))
    qtbot.waitUntil(lambda: dialog.preview.count("new") == 2, timeout=WAIT_MS)
    wait_idle()
    card = dialog.instrument_combos["招商银行(6789)"]
    card.setCurrentIndex(card.findData(LEAVE_OUT))
    dialog.commit()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT_MS)
    dialog.accept()
    window.show_page("transactions")
    page = window.transactions_page
    qtbot.waitUntil(lambda: len(page.all_ids) == 2 and page.model.row_for(0) is not None, timeout=WAIT_MS)
    row = next(r for r in range(page.model.rowCount()) if page.model.row_for(r).view.counterparty == "肯德基")
    index = page.model.index(row, 1)
    page.table.doubleClicked.emit(index)
    qtbot.waitUntil(lambda: page.detail_dialog is not None and page.detail_dialog.isVisible(), timeout=WAIT_MS)
    detail = page.detail_dialog
    facts = {k: v.text() for k, v in detail._fact_values.items()}
    assert facts["source_category"] == "餐饮美食" and "支付宝交易明细" in facts["source"]
    assert detail.category.currentData() == "dining" and detail.counterparty.text() == "肯德基"
    detail.memo.setText("和同事午饭")
    detail.category.setCurrentIndex(detail.category.findData("groceries"))
    qtbot.mouseClick(detail.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.saved, timeout=WAIT_MS)
    services = window.session.services
    kfc = next(t for t in services.transactions() if t.counterparty == "肯德基")
    assert (kfc.memo, kfc.category) == ("和同事午饭", "groceries")
    qtbot.waitUntil(lambda: not detail.undo_button.isHidden(), timeout=WAIT_MS)
    qtbot.mouseClick(detail.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: detail.undone, timeout=WAIT_MS)
    kfc = next(t for t in services.transactions() if t.counterparty == "肯德基")
    assert (kfc.memo, kfc.category) == ("", "dining")
    detail.accept()
