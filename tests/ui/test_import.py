"""Importing a statement: drop or choose a file, see what it would do, import, undo; bad files say why."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import WAIT_MS
from ui.dialogs.import_preview import LEAVE_OUT, ImportPreviewDialog

ALIPAY = [
    "------------------------------------------------------------------------------------",
    "导出信息：",
    "姓名：妈妈",
    "支付宝账户：mum@example.com",
    "------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------",
    "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,",
    "2026-01-03 12:00:00,餐饮美食,肯德基,kfc***@x.com,午餐,支出,25.00,余额,交易成功,A1\t,M1\t,,",
    "2026-01-05 12:00:00,日用百货,盒马,hema***@x.com,买菜,支出,120.00,招商银行(6789),交易成功,A2\t,M2\t,,",
    "2026-01-06 12:00:00,日用百货,某店,shop***@x.com,退货,不计收支,30.00,余额,交易关闭,A3\t,M3\t,,",
    "2026-01-09 12:00:00,红包,爸爸,dad***@x.com,新年红包,收入,88.88,余额,交易成功,A4\t,,,",
]
SALARY, ALIPAY_BALANCE = 1, 3  # account ids in the test household


def alipay_file(tmp_path: Path) -> Path:
    path = tmp_path / "支付宝交易明细(20260101-20260131).csv"
    path.write_bytes(("\r\n".join(ALIPAY) + "\r\n").encode("gb18030"))
    return path


def ofx_file(tmp_path: Path, ledger_balance: str) -> Path:
    path = tmp_path / "statement.ofx"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<DTSERVER>20260131120000</DTSERVER><LANGUAGE>ENG</LANGUAGE></SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<STMTRS><CURDEF>CNY</CURDEF><BANKACCTFROM><BANKID>308</BANKID><ACCTID>6225880212345678</ACCTID>
<ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM><BANKTRANLIST><DTSTART>20260101</DTSTART><DTEND>20260131</DTEND>
<STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20260110</DTPOSTED><TRNAMT>8000.00</TRNAMT><FITID>F1</FITID>
<NAME>工资</NAME></STMTTRN>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20260115</DTPOSTED><TRNAMT>-300.00</TRNAMT><FITID>F2</FITID>
<NAME>物业费</NAME></STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>{ledger_balance}</BALAMT><DTASOF>20260131</DTASOF></LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
""",
        encoding="utf-8",
    )
    return path


def open_preview(qtbot, window, path: Path) -> ImportPreviewDialog:
    with qtbot.waitSignal(window.imports.dialog_opened, timeout=WAIT_MS) as opened:
        assert window.import_file(path)
    dialog = opened.args[0]
    assert isinstance(dialog, ImportPreviewDialog) and dialog.isVisible()
    return dialog


def test_import_an_alipay_bill_through_the_preview_then_undo(
    qtbot, window, tmp_path: Path, wait_idle
) -> None:
    dialog = open_preview(qtbot, window, alipay_file(tmp_path))
    assert "alipay-2023" in dialog.file_line.text() and "gb18030" in dialog.file_line.text()
    assert dialog.summary.text() == "4 rows: 0 new · 0 duplicates · 1 closed · 3 without an account"
    assert not dialog.import_button.isEnabled()  # mum@example.com matches no account number: choose one
    combo = dialog.section_combos[0]
    combo.setCurrentIndex(combo.findData(ALIPAY_BALANCE))
    qtbot.waitUntil(lambda: dialog.preview.count("new") == 2, timeout=WAIT_MS)
    # The row paid with 招商银行(6789) is not booked to the wallet: it waits for its account.
    assert dialog.summary.text() == "4 rows: 2 new · 0 duplicates · 1 closed · 1 without an account"
    assert not dialog.import_button.isEnabled() and "1 row has no account" in dialog.import_button.toolTip()
    assert "Expense: 2 rows, ¥145.00" in dialog.details.text()
    assert "Income: 1 row, ¥88.88" in dialog.details.text()
    assert "2026" in dialog.details.text()
    states = [r.planned.state for r in dialog.model.iter_rows()]
    assert states == ["new", "unmapped", "closed", "new"]
    # 招商银行(6789) paid one row: say, in plain words, which account that is; it is remembered.
    assert list(dialog.instrument_combos) == ["招商银行(6789)"]
    mapping = dialog.instrument_combos["招商银行(6789)"]
    mapping.setCurrentIndex(mapping.findData(SALARY))
    qtbot.waitUntil(lambda: not dialog.preview.unmapped_instruments, timeout=WAIT_MS)
    wait_idle()
    assert [r.account_id for r in dialog.preview.rows if r.row.counterparty == "盒马"] == [SALARY]
    assert dialog.import_button.text() == "Import 3 transactions" and dialog.import_button.isEnabled()
    # The mapping stays on screen and can be changed.
    assert dialog.instrument_combos["招商银行(6789)"].currentData() == SALARY

    services = window.session.services
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT_MS)
    assert dialog.result.added == 3
    assert "Imported 3 transactions" in dialog.outcome.text()
    assert {(t.account_id, t.counterparty) for t in services.transactions()} == {
        (ALIPAY_BALANCE, "肯德基"),
        (SALARY, "盒马"),
        (ALIPAY_BALANCE, "爸爸"),
    }
    # The Transactions page learns of it without being asked.
    qtbot.waitUntil(lambda: len(window.transactions_page.all_ids) == 3, timeout=WAIT_MS)

    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.undone, timeout=WAIT_MS)
    assert "3 transactions removed" in dialog.outcome.text()
    assert services.transactions() == []
    assert services.import_batches()[-1]["status"] == "undone"
    qtbot.waitUntil(lambda: window.transactions_page.all_ids == [], timeout=WAIT_MS)
    dialog.accept()


def test_ofx_finds_its_account_and_checks_the_statement_balance(qtbot, window, tmp_path: Path) -> None:
    dialog = open_preview(qtbot, window, ofx_file(tmp_path, "7600.00"))
    assert dialog.section_combos[0].currentData() == SALARY  # known by its account number
    assert dialog.summary.text() == "2 rows: 2 new · 0 duplicates"
    # Huiliu holds no rows of it yet: the first import records the opening balance the statement's
    # closing balance and rows imply (7,600.00 - 7,700.00), so no false difference is shown.
    text = dialog.checks.text()
    assert "⚠" not in text and "ledger balance" in text and "opening balance -¥100.00" in text, text
    # (its balance entered by hand today is newer than the statement's: that one stays)
    assert "will show" not in text
    dialog.reject()


def usd_ofx(tmp_path: Path) -> Path:
    path = ofx_file(tmp_path, "900.00")
    path.write_text(path.read_text("utf-8").replace("<CURDEF>CNY", "<CURDEF>USD")
                    .replace("6225880212345678", "6222000011112222"), encoding="utf-8")
    return path


def test_a_usd_statement_is_shown_in_dollars_and_offers_no_cny_account(qtbot, window, tmp_path: Path) -> None:
    dialog = open_preview(qtbot, window, usd_ofx(tmp_path))
    assert "US$8,000.00" in dialog.details.text() and "¥" not in dialog.details.text()
    combo = dialog.section_combos[0]
    model = combo.model()
    enabled = {combo.itemData(i): model.item(i).isEnabled() for i in range(1, combo.count())}
    assert enabled == {1: False, 2: False, 3: False, 4: True}  # only the USD savings account keeps USD
    combo.setCurrentIndex(combo.findData(4))
    qtbot.waitUntil(lambda: dialog.preview.count("new") == 2, timeout=WAIT_MS)
    assert dialog.import_button.isEnabled()
    dialog.reject()


def test_an_account_can_be_created_from_the_preview(qtbot, window, tmp_path: Path, wait_idle) -> None:
    dialog = open_preview(qtbot, window, usd_ofx(tmp_path))
    account_dialog = dialog.new_account(0)
    assert account_dialog is not None
    # Filled in from the statement: its currency and account number.
    assert account_dialog.currency.currentText() == "USD"
    assert account_dialog.number.text() == "6222000011112222"
    account_dialog.name.setText("Dollar card")
    account_dialog.submit()
    qtbot.waitUntil(lambda: dialog.section_combos[0].currentData() not in (None, 4), timeout=WAIT_MS)
    new_id = dialog.section_combos[0].currentData()
    qtbot.waitUntil(lambda: dialog.preview.count("new") == 2, timeout=WAIT_MS)
    wait_idle()
    assert {p.account_id for p in dialog.preview.rows} == {new_id}
    assert any(a.name == "Dollar card" and a.currency == "USD" for a in window.session.services.accounts())
    dialog.reject()


def test_a_file_that_is_no_statement_names_the_problem_and_writes_nothing(
    qtbot, window, tmp_path: Path, wait_idle, monkeypatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "open", lambda self: None)  # keep the offscreen run free of pop-ups
    bad = tmp_path / "notes.csv"
    bad.write_text("hello,world\n1,2\n", encoding="utf-8")
    with qtbot.waitSignal(window.imports.failed, timeout=WAIT_MS) as failed:
        window.import_file(bad)
    message = failed.args[0]
    assert "notes.csv" in message and "Nothing was imported" in message
    wait_idle()
    assert window.session.services.import_batches() == []


def test_a_broken_row_names_its_line(qtbot, window, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "open", lambda self: None)
    lines = ALIPAY[:7] + ["2026-01-05 12:00:00,日用百货,盒马,x,买菜,支出,一百,余额,交易成功,A2\t,M2\t,,"]
    path = tmp_path / "alipay.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    with qtbot.waitSignal(window.imports.failed, timeout=WAIT_MS) as failed:
        window.import_file(path)
    assert "line 8" in failed.args[0]


def test_dropping_a_file_on_the_window_opens_its_preview(qtbot, window, tmp_path: Path) -> None:
    path = alipay_file(tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(
        QPoint(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(200, 200),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.imports.dialog_opened, timeout=WAIT_MS) as opened:
        QApplication.sendEvent(window, drop)
    assert drop.isAccepted()
    assert opened.args[0].parsed.format == "alipay-2023"
    opened.args[0].reject()


def test_nothing_is_accepted_while_locked(qtbot, window, tmp_path: Path) -> None:
    window.lock_action.trigger()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(alipay_file(tmp_path)))])
    enter = QDragEnterEvent(
        QPoint(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window, enter)
    assert not enter.isAccepted()
    assert not window.import_action.isEnabled()


def test_a_new_row_can_be_left_out(qtbot, window, tmp_path: Path, wait_idle) -> None:
    dialog = open_preview(qtbot, window, alipay_file(tmp_path))
    combo = dialog.section_combos[0]
    combo.setCurrentIndex(combo.findData(ALIPAY_BALANCE))
    qtbot.waitUntil(lambda: dialog.preview.count("new") == 2, timeout=WAIT_MS)
    wait_idle()
    # The card's row is left out explicitly (nothing remembered), so the rest can be imported.
    card = dialog.instrument_combos["招商银行(6789)"]
    card.setCurrentIndex(card.findData(LEAVE_OUT))
    assert dialog.import_button.isEnabled()
    model = dialog.model
    boxes = [model.index(r, 0).data(Qt.ItemDataRole.CheckStateRole) for r in range(model.rowCount())]
    assert boxes == [Qt.CheckState.Checked, Qt.CheckState.Unchecked, None, Qt.CheckState.Checked]  # closed: no box
    assert model.setData(model.index(0, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert not model.setData(model.index(2, 0), Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert dialog.import_button.text() == "Import 1 transaction"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=WAIT_MS)
    assert dialog.result.added == 1
    assert "肯德基" not in {t.counterparty for t in window.session.services.transactions()}
    dialog.accept()


def test_the_previews_notes_are_shown_apart_from_unreadable_rows(qtbot, window, tmp_path: Path) -> None:
    """A QIF file states no currency: that is a note about the file, not a row that could not be read."""
    qif = tmp_path / "bank.qif"
    qif.write_text("!Type:Bank\nD01/05/2026\nT-35.50\nP便利店\n^\n", encoding="utf-8")
    dialog = open_preview(qtbot, window, qif)
    assert not dialog.notes.isHidden() and "do not state a currency" in dialog.notes.text()
    assert dialog.problems.isHidden() and "could not be read" not in dialog.notes.text()
    dialog.reject()
