"""The household's inbox on a real vault: approvals, family payees, allowances and the activity feed.

The household of ``tests.ui.test_household_page.make_vault``: 张三 (member 1, the owner) holds the CMB card
(1) and the e-account (2); 李四 (member 2, an adult, invited) holds the Alipay balance (3); 小明 (member 3)
is made a teenager with a PIN and an Alipay balance of his own; 王五 (member 4) is a second adult.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from shiboken6 import isValid

from app.ledger.records import AccountInput, MemberInput
from app.services import AppServices
from tests.ui.conftest import PASSPHRASE, WAIT_MS
from tests.ui.test_household_page import LI_SI, XIAOMING_PIN, make_vault
from ui.dialogs.allowance import AllowanceDialog
from ui.dialogs.approval import AskApprovalDialog, DenyDialog
from ui.dialogs.family_payee import FamilyPayeeDialog
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.tasks import TaskManager
from ui.vault_session import VaultSession
from ui.views.household_inbox import HouseholdInbox

WANG_WU = "王五自己的一句长密码"
OWNER, LISI, XIAOMING, WANGWU = 1, 2, 3, 4


def make_inbox_vault(directory: Path) -> None:
    make_vault(directory, li_si_invited=True, child=True)
    services = AppServices.open(directory, PASSPHRASE)
    try:
        services.set_role(XIAOMING, "teen")
        services.add_member(MemberInput(name="王五", role="adult"))
        services.set_member_secret(WANGWU, WANG_WU)
        wallet = next(p.id for p in services.platforms() if p.name == "支付宝")
        services.add_account(AccountInput(member_id=XIAOMING, platform_id=wallet, kind="wallet_balance",
                                          name="小明的零钱", payment_class="III", balance=Decimal("20.00")))
    finally:
        services.close()


def as_member(directory: Path, secret: str, member_id: int, act: Callable[[AppServices], object]) -> object:
    """Do something in the core as another member (their own session), then close it."""
    services = AppServices.open(directory, secret, member_id=member_id)
    try:
        return act(services)
    finally:
        services.close()


def ask_from_li_si(directory: Path, summary: str = "买自行车", approvers: tuple[int, ...] = (OWNER,),
                   mode: str = "any") -> int:
    view = as_member(directory, LI_SI, LISI, lambda s: s.request_approval(
        "generic", list(approvers), mode=mode, summary=summary, amount=Decimal("1299.00"), currency="CNY"))
    return int(view.id)  # type: ignore[attr-defined]


@pytest.fixture
def vault(vault_dir: Path) -> Path:
    make_inbox_vault(vault_dir)
    return vault_dir


@pytest.fixture
def open_as(qtbot, tasks: TaskManager, settings: Settings, wait_idle):
    """``open_as(directory, secret, member_id)``: the main window unlocked as that member, on the inbox."""
    windows: list[MainWindow] = []

    def open_(directory: Path, secret: str = PASSPHRASE, member_id: int | None = None) -> MainWindow:
        session = VaultSession(directory, tasks)
        win = MainWindow(session, tasks, settings)
        qtbot.addWidget(win)
        win.resize(1366, 768)
        win.show()
        tasks.run_mutation(lambda: AppServices.open(directory, secret, member_id=member_id),
                           lambda s, e: session.attach(s))
        wait_idle()
        assert session.is_unlocked
        win.show_page("household")
        qtbot.waitUntil(lambda: win.household_page.inbox.snapshot is not None, timeout=WAIT_MS)
        wait_idle()
        windows.append(win)
        return win

    yield open_
    for win in windows:
        win.close()
    wait_idle()


def row_texts(table, row: int) -> list[str]:
    return [table.item(row, c).text() if table.item(row, c) else "" for c in range(table.columnCount())]


def rows(table) -> list[list[str]]:
    return [row_texts(table, r) for r in range(table.rowCount())]


def reloaded(qtbot, inbox: HouseholdInbox, wait_idle, condition: Callable[[], bool]) -> None:
    qtbot.waitUntil(lambda: inbox.snapshot is not None and condition(), timeout=WAIT_MS)
    wait_idle()


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def gone(dialog) -> bool:
    return not isValid(dialog) or not dialog.isVisible()


# --- approvals ---------------------------------------------------------------------------------------


def test_a_request_awaiting_me_comes_first_with_badges_and_approve_decides_it(
    qtbot, vault: Path, open_as, wait_idle
) -> None:
    mine = as_member(vault, PASSPHRASE, OWNER, lambda s: s.request_approval(
        "generic", [WANGWU], summary="换冰箱")).id  # type: ignore[attr-defined]
    asked = ask_from_li_si(vault)
    win = open_as(vault)
    inbox = win.household_page.inbox
    table = inbox.approvals_table
    assert [r[0] for r in rows(table)] == ["买自行车", "换冰箱"]  # awaiting me first, then my own
    first = row_texts(table, 0)
    assert first[1] == "¥1,299.00" and first[2] == "李四" and first[3] == "张三 (you)"
    assert first[5] == "Awaiting your decision"
    assert first[4] == "in 7 days"  # the default week, not rounded down to six
    assert row_texts(table, 1)[5] == "Awaiting approval"
    assert inbox.tabs.tabText(inbox.approvals_index) == "Approvals (1)"
    assert win.navigation.badge("household") == 1
    assert inbox.select_approval(asked)
    assert inbox.approve_button.isEnabled() and inbox.deny_button.isEnabled()
    assert not inbox.cancel_button.isEnabled()  # not mine to withdraw
    click(qtbot, inbox.approve_button)
    reloaded(qtbot, inbox, wait_idle, lambda: inbox.snapshot.approval(asked).status == "approved")
    assert win.session.services.approval(asked).status == "approved"
    assert [r[0] for r in rows(table)] == ["换冰箱", "买自行车"]  # decided ones go last
    assert row_texts(table, 1)[5] == "Approved"
    assert inbox.tabs.tabText(inbox.approvals_index) == "Approvals"
    assert win.navigation.badge("household") == 0
    assert mine not in (asked,)


def test_a_decision_on_a_stale_request_shows_the_conflict_and_the_newer_state(
    qtbot, vault: Path, open_as, wait_idle
) -> None:
    asked = ask_from_li_si(vault, approvers=(OWNER, WANGWU), mode="all")
    win = open_as(vault)
    inbox, page = win.household_page.inbox, win.household_page
    assert inbox.select_approval(asked)
    assert inbox.snapshot.approval(asked).version == 1
    # The vault opens in one place at a time: the same request decided first elsewhere (the command
    # line, a script) while the inbox still shows it as it was.
    win.session.services.approve(asked, 1, "先同意")
    click(qtbot, inbox.approve_button)
    reloaded(qtbot, inbox, wait_idle, lambda: inbox.snapshot.approval(asked).version == 2)
    assert page.errors.general.isVisibleTo(page)
    assert "Someone else changed this first" in page.errors.general.text.text()
    votes = win.session.services.approval(asked).votes
    assert [(v.member_id, v.comment) for v in votes] == [(OWNER, "先同意")]  # the stale click added nothing
    assert inbox.select_approval(asked)
    assert row_texts(inbox.approvals_table, 0)[5] == "1 of 2 approved"  # waiting for 王五 now
    assert "张三 (you): Approved (“先同意”)" in inbox.approvals_table.item(0, 0).toolTip()
    assert not inbox.approve_button.isEnabled() and win.navigation.badge("household") == 0


def test_deny_asks_for_a_comment_and_the_asker_sees_it(qtbot, vault: Path, open_as, wait_idle) -> None:
    asked = ask_from_li_si(vault)
    win = open_as(vault)
    inbox = win.household_page.inbox
    assert inbox.select_approval(asked)
    click(qtbot, inbox.deny_button)
    dialog = next(d for d in win.findChildren(DenyDialog) if d.isVisible())
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.comment, timeout=5_000)
    dialog.comment.setText("下个月再说")  # (typing CJK key by key crashes QTest offscreen)
    qtbot.keyClick(dialog.comment, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT_MS)
    reloaded(qtbot, inbox, wait_idle, lambda: inbox.snapshot.approval(asked).status == "denied")
    seen = win.session.services.approval(asked)
    assert seen.status == "denied"  # type: ignore[attr-defined]
    assert [(v.member_id, v.decision, v.comment) for v in seen.votes] == [(OWNER, "deny", "下个月再说")]  # type: ignore[attr-defined]


def test_ask_for_approval_then_cancel_my_own_request(qtbot, vault: Path, open_as, wait_idle) -> None:
    win = open_as(vault)
    inbox = win.household_page.inbox
    assert inbox.approvals_table.rowCount() == 0
    click(qtbot, inbox.ask_button)
    dialog = next(d for d in win.findChildren(AskApprovalDialog) if d.isVisible())
    assert set(dialog.approver_boxes) == {LISI, WANGWU}  # the other guardians; never a minor, never me
    assert not dialog.ok_button.isEnabled()  # nothing said yet
    dialog.summary.setText("全家去海南")
    dialog.amount.setText("8,000")
    dialog.approver_boxes[WANGWU].setChecked(False)
    assert not dialog.mode.isEnabled()  # one member decides: all or any is the same
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT_MS)
    reloaded(qtbot, inbox, wait_idle, lambda: inbox.approvals_table.rowCount() == 1)
    mine = inbox.snapshot.approvals[0]
    assert (mine.summary, mine.amount, mine.currency, mine.approvers) == ("全家去海南", Decimal("8000"), "CNY", (LISI,))
    assert row_texts(inbox.approvals_table, 0)[1] == "¥8,000.00"
    assert win.navigation.badge("household") == 0  # my own request waits for 李四, not for me
    assert inbox.select_approval(mine.id)
    assert not inbox.approve_button.isEnabled()
    click(qtbot, inbox.cancel_button)
    reloaded(qtbot, inbox, wait_idle, lambda: inbox.snapshot.approvals[0].status == "cancelled")
    assert row_texts(inbox.approvals_table, 0)[5] == "Cancelled"
    assert not inbox.cancel_button.isEnabled()


# --- allowances --------------------------------------------------------------------------------------


def test_the_owner_sets_a_teenagers_allowance(qtbot, vault: Path, open_as, wait_idle) -> None:
    win = open_as(vault)
    inbox = win.household_page.inbox
    table = inbox.allowances_table
    inbox.tabs.setCurrentIndex(inbox.allowances_index)
    assert [r[:2] for r in rows(table)] == [["小明", "Not set"]]
    assert inbox.allowance_button.isVisibleTo(win) and not inbox.allowance_button.isEnabled()
    assert inbox.select_minor(XIAOMING)
    click(qtbot, inbox.allowance_button)
    dialog = next(d for d in win.findChildren(AllowanceDialog) if d.isVisible())
    wallet = next(p.id for p in inbox.snapshot.platforms if p.name == "支付宝")
    assert list(dialog.caps) == [wallet]  # the platforms 小明 has accounts on
    dialog.weekly.setText("50")
    dialog.limit.setText("100.5")
    dialog.caps[wallet].setText("30")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT_MS)
    reloaded(qtbot, inbox, wait_idle, lambda: inbox.snapshot.allowances.get(XIAOMING) is not None)
    assert rows(table)[0][:4] == ["小明", "¥50.00", "¥100.50", "支付宝 ¥30.00"]
    allowance = win.session.services.allowance(XIAOMING)
    assert (allowance.weekly_amount, allowance.approval_limit, allowance.currency) == (
        Decimal("50"), Decimal("100.5"), "CNY")
    assert allowance.platform_caps == {wallet: Decimal("30")}
    # Edited again from a stale view: the conflict is shown in the dialog, nothing changes.
    dialog = inbox.edit_allowance(XIAOMING)
    assert dialog is not None and dialog.version == 1
    win.session.services.set_allowance(XIAOMING, Decimal("60"), "CNY", Decimal("100.5"), version=1)
    dialog.weekly.setText("70")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: dialog.errors.general.isVisibleTo(dialog), timeout=WAIT_MS)
    assert "Someone else changed" in dialog.errors.general.text.text()
    assert win.session.services.allowance(XIAOMING).weekly_amount == Decimal("60")
    dialog.reject()
    reloaded(qtbot, inbox, wait_idle, lambda: rows(table)[0][1] == "¥60.00")


def test_a_teenager_sees_his_own_allowance_read_only(qtbot, vault: Path, open_as, wait_idle) -> None:
    as_member(vault, PASSPHRASE, OWNER, lambda s: s.set_allowance(XIAOMING, Decimal("50"), "CNY", Decimal("100")))
    win = open_as(vault, XIAOMING_PIN, XIAOMING)
    inbox = win.household_page.inbox
    inbox.tabs.setCurrentIndex(inbox.allowances_index)
    assert rows(inbox.allowances_table)[0][:3] == ["小明 (you)", "¥50.00", "¥100.00"]
    assert not inbox.allowance_button.isVisibleTo(win)
    assert inbox.select_minor(XIAOMING)
    assert inbox.edit_selected_allowance() is None
    assert inbox.allowances_hint.text() == "Your allowance, as a guardian set it."
    # He may ask for approval (the guardians decide), never decide one.
    dialog = inbox.ask_approval()
    assert dialog is not None and set(dialog.approver_boxes) == {OWNER, LISI, WANGWU}
    dialog.reject()


def test_another_adult_is_a_guardian_too(qtbot, vault: Path, open_as, wait_idle) -> None:
    """李四 sees 小明's allowance and may set it, as the owner does."""
    win = open_as(vault, LI_SI, LISI)
    inbox = win.household_page.inbox
    inbox.tabs.setCurrentIndex(inbox.allowances_index)
    assert [r[0] for r in rows(inbox.allowances_table)] == ["小明"]
    assert inbox.allowance_button.isVisibleTo(win)


# --- family payees -----------------------------------------------------------------------------------


def test_a_family_payee_is_offered_then_confirmed_by_the_other_side(
    qtbot, vault: Path, open_as, wait_idle, tasks: TaskManager
) -> None:
    win = open_as(vault)
    inbox = win.household_page.inbox
    assert inbox.payees_table.rowCount() == 0
    click(qtbot, inbox.offer_button)
    dialog = next(d for d in win.findChildren(FamilyPayeeDialog) if d.isVisible())
    # My accounts and 小明's (a guardian offers a minor's); never 李四's.
    assert [dialog.account.itemText(i) for i in range(dialog.account.count())] == [
        "招商银行工资卡", "电子账户", "小明的零钱"]
    dialog.account.setCurrentIndex(0)
    names = [dialog.member.itemText(i) for i in range(dialog.member.count())]
    assert "张三" not in names and "李四" in names  # never offered to its own holder
    dialog.member.setCurrentIndex(names.index("李四"))
    dialog.note.setText("房租")
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: gone(dialog), timeout=WAIT_MS)
    reloaded(qtbot, inbox, wait_idle, lambda: inbox.payees_table.rowCount() == 1)
    assert rows(inbox.payees_table) == [
        ["招商银行工资卡", "张三 (you)", "李四", "Confirmed", "Not yet", "Awaiting confirmation"]]
    assert inbox.select_link(inbox.snapshot.links[0].id)
    assert not inbox.confirm_button.isEnabled()  # my side is done; 李四's is his to confirm
    assert inbox.remove_button.isEnabled()
    win.close()
    wait_idle()

    other = open_as(vault, LI_SI, LISI)
    theirs = other.household_page.inbox
    link = theirs.snapshot.links[0]
    assert rows(theirs.payees_table)[0][5] == "Awaiting your confirmation"
    assert theirs.select_link(link.id)
    click(qtbot, theirs.confirm_button)
    reloaded(qtbot, theirs, wait_idle, lambda: theirs.snapshot.links[0].status == "confirmed")
    assert rows(theirs.payees_table)[0][3:] == ["Confirmed", "Confirmed", "Confirmed"]
    assert [p.account_id for p in other.session.services.family_payees()] == [1]
    assert not theirs.confirm_button.isEnabled()


# --- activity ----------------------------------------------------------------------------------------


def test_the_activity_feed_says_who_did_what_about_what(qtbot, vault: Path, open_as, wait_idle) -> None:
    asked = ask_from_li_si(vault)
    win = open_as(vault)
    inbox = win.household_page.inbox
    assert inbox.select_approval(asked)
    click(qtbot, inbox.approve_button)
    reloaded(qtbot, inbox, wait_idle, lambda: inbox.snapshot.approval(asked).status == "approved")
    feed = rows(inbox.activity_table)
    assert ["李四", "asked for an approval", "买自行车"] in [r[1:] for r in feed]
    assert ["张三 (you)", "decided on an approval", "买自行车"] in [r[1:] for r in feed]
    assert ["张三 (you)", "decided on an approval", "买自行车"] == feed[0][1:]  # newest first
    assert feed[0][0] == "just now"
    assert any(r[2] == "added an account" and r[3] == "小明的零钱" for r in feed)
    assert all(r[2] and "." not in r[2] for r in feed), feed  # every kind in words, never its code


def test_locking_forgets_the_inbox(qtbot, vault: Path, open_as, wait_idle) -> None:
    ask_from_li_si(vault)
    win = open_as(vault)
    inbox = win.household_page.inbox
    assert inbox.approvals_table.rowCount() == 1 and win.navigation.badge("household") == 1
    win.lock()
    qtbot.waitUntil(lambda: inbox.snapshot is None, timeout=WAIT_MS)
    assert all(t.rowCount() == 0 for t in (inbox.approvals_table, inbox.payees_table, inbox.allowances_table,
                                            inbox.activity_table))
    assert win.navigation.badge("household") == 0
