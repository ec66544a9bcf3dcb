"""Every page and dialog, at the sizes people have, in both languages: no text cut off, nothing on top of
anything else (issue 10, §2).

The window opens on the demo household at 1366×768 (a common laptop), 1920×1080, and at its narrowest
(half of a 1440 px screen); it visits every page the navigation offers (so a page added later is
measured too) and opens every dialog. What is measured is in tests/ui/layout_check.py. Screenshots of
each screen are saved under the test's temporary folder (or $HUILIU_LAYOUT_SHOTS) for review.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from tests.ui.conftest import WAIT_MS
from tests.ui.layout_check import Problem, layout_problems
from tests.ui.test_column_mapper import FEB, bank_file
from tests.ui.test_import import alipay_file
from ui.dialogs.approval import DenyDialog
from ui.dialogs.create_vault import CreateVaultDialog
from ui.language import apply_language
from ui.models import import_rows, transactions_table

SIZES = [(1366, 768), (1920, 1080)]
LANGUAGES = ["zh_CN", "en"]
NARROWEST = 760  # half of a 1440 px screen, less the window frame
LOWEST = 660  # a 1366×768 laptop less its panel and the window's title bar
# Free text that may be elided in a table (its whole text is in the cell's tooltip); names, amounts,
# dates and accounts may not.
FREE_TEXT = [c for c in (*transactions_table.COLUMNS, *import_rows.COLUMNS) if c.key == "counterparty"]


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("HUILIU_LAYOUT_SHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def settle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.tasks.idle, timeout=WAIT_MS)
    for _ in range(3):  # layouts that depend on other layouts (height for width) take a pass each
        QApplication.processEvents()
        qtbot.wait(10)


def framed_cells(widget: QWidget, where: str) -> list[Problem]:
    """Tables and trees shown without CellDelegate draw a text-box frame around their current cell."""
    from PySide6.QtWidgets import QTableView, QTreeView

    from ui.widgets.cell_delegate import CellDelegate

    views = [v for v in widget.findChildren(QTableView) + widget.findChildren(QTreeView) if v.isVisibleTo(widget)]
    return [
        Problem(where, f"{type(v).__name__}#{v.objectName()}", "", "current cell framed", 0, 0)
        for v in views
        if not isinstance(v.itemDelegate(), CellDelegate)
    ]


class Review:
    """Measures a screen, saves its picture, and keeps what was wrong with it."""

    def __init__(self, qtbot, window, shots: Path, label: str) -> None:
        self.qtbot, self.window, self.shots, self.label = qtbot, window, shots, label
        self.problems: list[Problem] = []
        self.seen: list[str] = []

    def look(self, widget: QWidget, name: str) -> None:
        settle(self.qtbot, self.window)
        self.seen.append(name)
        widget.grab().save(str(self.shots / f"{self.label}-{name}.png"))
        self.problems += layout_problems(widget, f"{name} ({self.label})", FREE_TEXT)
        self.problems += framed_cells(widget, f"{name} ({self.label})")

    def dialog(self, name: str, open_it: Callable[[], QDialog | None]) -> QDialog:
        dialog = open_it()
        if dialog is None:
            self.qtbot.waitUntil(lambda: self._open_dialog() is not None, timeout=WAIT_MS)
            dialog = self._open_dialog()
        assert dialog is not None, f"the {name} dialog did not open"
        self.qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
        self.look(dialog, name)
        return dialog

    def _open_dialog(self) -> QDialog | None:
        shown = [d for d in self.window.findChildren(QDialog) if d.isVisible()]
        return shown[-1] if shown else None

    def close(self, dialog: QDialog) -> None:
        dialog.reject()
        settle(self.qtbot, self.window)

    def report(self) -> str:
        return "\n".join(str(p) for p in self.problems)


@pytest.fixture
def in_language(request, zh_catalogue: Path) -> Iterator[str]:
    language = request.param
    apply_language(language)
    yield language
    apply_language("en")


def first_account(page) -> QModelIndex:
    index = page.model.find(lambda row: row.level == "account")
    assert index.isValid()
    return index


def visit_pages(review: Review, window) -> None:
    """Every page the navigation offers, in its order."""
    keys = [key for key in window.router.pages if window.navigation.is_page_visible(key)]
    assert len(keys) >= 3, keys
    for key in keys:
        window.show_page(key)
        assert window.pages.currentWidget() is window.router.pages[key]
        if key == "accounts":  # a selected row shows the buttons and cells as they are used
            window.accounts_page.tree.setCurrentIndex(first_account(window.accounts_page))
        review.look(window, f"page-{key}")
        if key == "household":  # the other tabs: who sees which account, and the household's inbox
            household = window.household_page
            tabs = household.tabs
            for index, name in (
                (1, "sharing"),
                (household.inbox.approvals_index, "approvals"),
                (household.inbox.payees_index, "payees"),
                (household.inbox.allowances_index, "allowances"),
                (household.inbox.activity_index, "activity"),
            ):
                tabs.setCurrentIndex(index)
                review.look(window, f"page-household-{name}")
            tabs.setCurrentIndex(0)


def fill_inbox(qtbot, window) -> None:
    """Something in each of the household's inbox tabs: a request, a family payee, a teenager's allowance."""
    from decimal import Decimal

    services = window.session.services

    def seed() -> None:
        members = services.household()
        owner = next(m for m in members if m.is_you)
        adult = next(m for m in members if m.role == "adult")
        teen = next(m for m in members if m.role in ("teen", "child"))
        services.request_approval(
            "generic", [adult.id], summary="给孩子买一台学习用的笔记本电脑", amount=Decimal("6999"), currency="CNY"
        )
        account = next(a for a in services.accounts() if a.member_id == owner.id)
        services.propose_family_link(account.id, adult.id, note="房租")
        platform = next((a.platform_id for a in services.accounts() if a.member_id == teen.id), None)
        caps = {platform: Decimal("50")} if platform is not None else {}
        services.set_allowance(teen.id, Decimal("100"), "CNY", Decimal("200"), platform_caps=caps)

    window.tasks.run_mutation(seed, lambda _r, error: None if error is None else print(error))
    settle(qtbot, window)
    inbox = window.household_page.inbox
    inbox.reload()
    qtbot.waitUntil(lambda: inbox.snapshot is not None and bool(inbox.snapshot.approvals), timeout=WAIT_MS)
    settle(qtbot, window)


def open_transfer_dialogs(review: Review, window) -> None:
    """The Transfer page filled in (its live decision beside it), the payee, policy and code-app dialogs,
    and the confirmation of a transfer above ¥5,000."""
    qtbot = review.qtbot
    window.show_page("transfer")
    form = window.transfer_page.form
    qtbot.waitUntil(lambda: form.from_combo.count() > 0, timeout=WAIT_MS)
    own = next(t for t in form.choices.own if t.id != form.from_combo.currentData())
    form.select_target("own", own.id)
    form.memo.setText("五月房租")
    form.amount.setText("6000")
    qtbot.waitUntil(lambda: form.panel.preview is not None and not form._in_flight, timeout=WAIT_MS)
    review.look(window, "page-transfer-filled")
    from ui.dialogs.transfer_confirm import ConfirmTransferDialog

    confirm = ConfirmTransferDialog(window.tasks, window.session.services, form.panel.preview,
                                    form.from_combo.currentText(), form.to_combo.currentText().strip(),
                                    parent=window)
    confirm.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    review.close(review.dialog("confirm-transfer", lambda: (confirm.open(), confirm)[1]))
    form.start_new()
    window.transfer_page.tabs.setCurrentIndex(1)
    review.look(window, "page-transfer-list")
    window.transfer_page.tabs.setCurrentIndex(0)
    window.show_page("payees")
    review.close(review.dialog("add-payee", window.payees_page.add))
    window.show_page("policy")
    policy = window.policy_page
    qtbot.waitUntil(lambda: bool(policy.rules), timeout=WAIT_MS)
    policy.select_rule("step_up_large")
    review.look(window, "page-policy-selected")
    review.close(review.dialog("stricter-value", lambda: policy.make_stricter("limit")))
    review.close(review.dialog("user-rule", policy.add_rule))
    review.close(review.dialog("enrol-code-app", lambda: (policy.set_up_code_app(), None)[1]))


def open_dialogs(review: Review, window, tmp_path: Path, monkeypatch) -> None:
    qtbot, page = review.qtbot, window.accounts_page
    monkeypatch.setattr(QMessageBox, "open", lambda self: None)

    window.show_page("accounts")
    review.close(review.dialog("settings", lambda: (window.open_settings(), None)[1]))
    review.close(review.dialog("member-add", lambda: (page.add_member(), None)[1]))
    window.show_page("household")
    household = window.household_page
    settle(qtbot, window)
    assert household.snapshot is not None
    others = [m for m in household.snapshot.members if m.role != "owner"]
    invitee = next((m for m in others if m.role in ("teen", "child")), others[0])
    review.close(review.dialog("invite-member", lambda: household.invite(invitee.id)))
    inbox = household.inbox
    review.close(review.dialog("ask-approval", inbox.ask_approval))
    review.close(review.dialog("family-payee", inbox.offer_payee))
    review.close(review.dialog("allowance", lambda: inbox.edit_allowance(invitee.id)))
    deny = DenyDialog(window.tasks, "给孩子买一台学习用的笔记本电脑", parent=window)
    deny.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    review.close(review.dialog("deny", lambda: (deny.open(), deny)[1]))
    open_transfer_dialogs(review, window)
    window.show_page("accounts")
    review.close(review.dialog("account-add", lambda: (page.add_account(), None)[1]))
    page.tree.setCurrentIndex(first_account(page))
    review.close(review.dialog("account-edit", lambda: (page.edit_selected(), None)[1]))
    review.close(review.dialog("connect-platform", lambda: page.connect_platform(open_url=lambda _url: None)))
    review.close(
        review.dialog(
            "change-passphrase",
            lambda: (window.change_passphrase(), None)[1],
        )
    )

    with qtbot.waitSignal(window.imports.dialog_opened, timeout=WAIT_MS) as opened:
        assert window.import_file(alipay_file(tmp_path))
    preview = review.dialog("import-preview", lambda: opened.args[0])
    combo = preview.section_combos[0]
    combo.setCurrentIndex(1)  # an account for the bill: its rows become new, ready to import
    for mapping in preview.instrument_combos.values():
        mapping.setCurrentIndex(1)
    qtbot.waitUntil(lambda: preview.import_button.isEnabled(), timeout=WAIT_MS)
    review.look(preview, "import-preview-mapped")
    preview.commit()
    qtbot.waitUntil(lambda: preview.result is not None, timeout=WAIT_MS)
    review.look(preview, "import-preview-imported")
    preview.accept()

    with qtbot.waitSignal(window.imports.mapper_opened, timeout=WAIT_MS) as opened:
        assert window.import_file(bank_file(tmp_path / "export.csv", FEB))
    mapper = review.dialog("column-mapper", lambda: opened.args[0])
    qtbot.waitUntil(lambda: mapper.continue_button.isEnabled(), timeout=WAIT_MS)
    review.look(mapper, "column-mapper-read")
    review.close(mapper)

    review.close(review.dialog("import-history", lambda: (window.show_import_history(), None)[1]))
    review.close(review.dialog("categories", lambda: window.categories_action.open_dialog()))

    window.show_page("transactions")
    transactions = window.transactions_page
    qtbot.waitUntil(lambda: transactions.model.row_for(0) is not None, timeout=WAIT_MS)
    review.close(review.dialog("transaction-detail", lambda: (transactions.open_detail(0), None)[1]))

    create = CreateVaultDialog(window.tasks, tmp_path / "new vault", parent=window, keyring_ok=False)
    create.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    review.close(review.dialog("create-vault", lambda: (create.open(), create)[1]))

    window.lock()  # last: the locked page and the unlock dialog
    qtbot.waitUntil(
        lambda: window.unlock_dialog is not None and window.unlock_dialog.isVisible(), timeout=WAIT_MS
    )
    review.look(window, "page-locked")
    review.look(window.unlock_dialog, "unlock")


@pytest.mark.timeout(240)
@pytest.mark.parametrize("in_language", LANGUAGES, indirect=True)
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_page_and_dialog_shows_its_text_whole(
    qtbot, demo_window, in_language: str, size: tuple[int, int], shots: Path, tmp_path: Path, monkeypatch
) -> None:
    window = demo_window
    window.resize(*size)
    review = Review(qtbot, window, shots, f"{in_language}-{size[0]}x{size[1]}")
    fill_inbox(qtbot, window)
    visit_pages(review, window)
    open_dialogs(review, window, tmp_path, monkeypatch)
    assert len(review.seen) >= 25
    assert not review.problems, review.report()


@pytest.mark.parametrize("in_language", LANGUAGES, indirect=True)
def test_the_window_fits_half_a_wide_screen_and_a_small_laptop(
    qtbot, demo_window, in_language: str, shots: Path
) -> None:
    window = demo_window
    fill_inbox(qtbot, window)
    settle(qtbot, window)
    # The layouts themselves allow it (an explicit minimum could only hide a layout that does not).
    hint = window.minimumSizeHint()
    assert hint.width() <= NARROWEST and hint.height() <= LOWEST, hint
    assert window.minimumWidth() <= NARROWEST and window.minimumHeight() <= LOWEST
    review = Review(qtbot, window, shots, f"{in_language}-narrowest")
    window.resize(NARROWEST, LOWEST)
    assert (window.width(), window.height()) == (NARROWEST, LOWEST)
    visit_pages(review, window)
    window.resize(window.minimumSize().expandedTo(hint))
    review.label = f"{in_language}-minimum"
    visit_pages(review, window)
    assert not review.problems, review.report()


def test_the_sidebar_folds_to_icons_when_narrow_and_unfolds_when_wide(qtbot, demo_window) -> None:
    window = demo_window
    navigation = window.navigation
    window.resize(1366, 768)
    settle(qtbot, window)
    assert not navigation.compact and navigation.width() > 150
    wide_texts = [navigation.list.item(i).text() for i in range(navigation.list.count())]
    assert all(wide_texts)
    window.resize(NARROWEST, LOWEST)
    settle(qtbot, window)
    assert navigation.compact and navigation.width() < 80
    for i in range(navigation.list.count()):
        item = navigation.list.item(i)
        assert item.toolTip().startswith(wide_texts[i])  # the name is still there, on hover
        rect = navigation.list.visualItemRect(item)
        assert rect.width() <= navigation.width()
    pages = window.router.pages
    hidden = next(key for key in pages if key != navigation.current_key())
    navigation.list.setCurrentItem(navigation._item(hidden))  # still reachable by a click
    assert window.pages.currentWidget() is pages[hidden]
    window.resize(1366, 768)
    settle(qtbot, window)
    assert not navigation.compact and navigation.width() > 150
    assert [navigation.list.item(i).text() for i in range(navigation.list.count())] == wide_texts
    assert navigation.list.itemAt(QPoint(20, 20)) is not None


@pytest.mark.parametrize("in_language", LANGUAGES, indirect=True)
def test_the_first_screen_of_a_new_vault_shows_its_welcome_whole(
    qtbot, tasks, settings, tmp_path: Path, in_language: str, shots: Path, wait_idle
) -> None:
    """A vault just created has no member yet: the Accounts page welcomes, with one button to start."""
    from app.services import AppServices
    from app.vault.keys import FAST_KDF
    from tests.ui.conftest import PASSPHRASE
    from ui.main_window import MainWindow
    from ui.vault_session import VaultSession

    directory = tmp_path / "new"
    AppServices.create(directory, PASSPHRASE, kdf=FAST_KDF).close()
    session = VaultSession(directory, tasks)
    window = MainWindow(session, tasks, settings)
    qtbot.addWidget(window)
    window.show()
    tasks.run_mutation(lambda: AppServices.open(directory, PASSPHRASE), lambda s, e: session.attach(s))
    wait_idle()
    qtbot.waitUntil(lambda: window.accounts_page.snapshot is not None, timeout=WAIT_MS)
    empty = window.accounts_page.empty
    review = Review(qtbot, window, shots, in_language)
    narrow = []
    for size in [*SIZES, (NARROWEST, LOWEST)]:
        window.resize(*size)
        review.look(window, f"first-screen-{size[0]}x{size[1]}")
        assert window.accounts_page.stack.currentWidget() is empty and empty.text.isVisible()
        # The paragraph is as wide as it may be, not squeezed to a column of a few characters.
        if empty.text.width() < min(empty.text.maximumWidth(), empty.width() - 40):
            narrow.append(f"{size}: the welcome text is {empty.text.width()} px wide")
    window.close()
    wait_idle()
    assert not review.problems, review.report()
    assert not narrow, narrow


def test_the_current_cell_has_no_text_box_frame(qtbot) -> None:
    """A read-only table whose current cell is drawn like a text box invites typing that cannot happen."""
    from PySide6.QtGui import QImage, QPainter, QStandardItemModel
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

    from ui.widgets.cell_delegate import CellDelegate

    view = QTableView()
    qtbot.addWidget(view)
    model = QStandardItemModel(1, 1)
    model.setData(model.index(0, 0), "汇通借记卡（一类户）")
    view.setModel(model)
    delegate = CellDelegate(view)

    def painted(state: QStyle.StateFlag) -> QImage:
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = QRect(0, 0, 220, 30)
        option.state |= state
        image = QImage(220, 30, QImage.Format.Format_ARGB32)
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        delegate.paint(painter, option, model.index(0, 0))
        painter.end()
        return image

    plain = painted(QStyle.StateFlag.State_Enabled)
    assert painted(QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_HasFocus) == plain


def test_the_net_worth_axis_has_round_ticks(qtbot, zh_catalogue) -> None:
    from datetime import date, timedelta
    from decimal import Decimal

    from ui.widgets.balance_chart import BalanceChart, round_ticks

    assert round_ticks(0, 46.65) == (0, 50, 10)
    assert round_ticks(-3.2, 12.7) == (-5, 15, 5)
    assert round_ticks(0, 463.2) == (0, 500, 100)
    assert round_ticks(0, 0.8)[2] == 0.2
    start = date(2026, 1, 1)
    points = [(start + timedelta(days=30 * i), Decimal(412_345) + Decimal(4_321) * i) for i in range(12)]
    for language, unit, step in (("zh_CN", 10_000, 10.0), ("en", 1_000, 100.0)):
        apply_language(language)
        chart = BalanceChart()
        qtbot.addWidget(chart)
        chart.set_points(points)
        axis = chart.y_axis
        assert chart.scale()[0] == unit
        assert axis.tickType() == axis.TickType.TicksDynamic and axis.tickInterval() == step
        assert axis.min() % step == 0 and axis.max() % step == 0
        assert axis.min() <= 0 and axis.max() >= float(points[-1][1]) / unit


@pytest.mark.parametrize("in_language", LANGUAGES, indirect=True)
def test_rarely_used_account_actions_fold_into_more_when_narrow(qtbot, demo_window, in_language: str) -> None:
    window, page = demo_window, demo_window.accounts_page
    window.show_page("accounts")
    for size, folded in (((NARROWEST, LOWEST), True), ((1366, 768), False), ((NARROWEST, LOWEST), True)):
        window.resize(*size)
        settle(qtbot, window)
        assert page.more_button.isVisible() == folded, size
        assert page.add_member_button.isVisible() == page.connect_button.isVisible() == (not folded), size
    assert page.more_menu.actions() == [page.add_member_action, page.connect_action]
    page.add_member_action.trigger()  # the action still does what the button did
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QDialog)), timeout=WAIT_MS)
    next(d for d in window.findChildren(QDialog) if d.isVisible()).reject()
