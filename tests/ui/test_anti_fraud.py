"""The anti-fraud warning from a decision the engine makes on the demo household: 王建国 moving 20,000.00 out
of his Class II e-account at 02:30 China time scores 60 (far above his 90 days 25, night 15, a round amount
10, a new pair of platforms 10: the pack warns from 60), so after the code the pack's warnings come, in
the interface language, and "I have read this" can be ticked only once the cooling-off time has counted
down. At noon the same transfer scores 45 and shows no warning."""

from __future__ import annotations

import pyotp
import pytest
from PySide6.QtCore import Qt

from app import clock
from tests.ui.conftest import WAIT_MS
from tests.ui.test_transfer_page import account, can_send, enrol_code_app, fill, next_dialog, open_form
from ui.dialogs.anti_fraud import AntiFraudDialog
from ui.dialogs.step_up import StepUpDialog
from ui.dialogs.transfer_confirm import ConfirmTransferDialog
from ui.language import apply_language

NIGHT = "2026-12-04T02:30:00+08:00"


def test_at_noon_the_same_transfer_warns_of_nothing(qtbot, demo_window) -> None:
    form = open_form(qtbot, demo_window)
    class2, salary = account(demo_window, "汇通电子账户（二类户）"), account(demo_window, "汇通借记卡（一类户）")
    fill(qtbot, form, class2, "own", salary.id, "20000.00")
    decision = form.panel.preview.decision
    assert decision.risk.score < 60 and not decision.anti_fraud and decision.step_up


@pytest.mark.clock(NIGHT)
@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_a_risky_transfer_shows_the_packs_warning_after_the_code(
    qtbot, demo_window, clock_now, zh_catalogue, language: str
) -> None:
    window = demo_window
    secret = enrol_code_app(qtbot, window, clock_now)
    apply_language(language)
    page, form = window.transfer_page, open_form(qtbot, window)
    class2, salary = account(window, "汇通电子账户（二类户）"), account(window, "汇通借记卡（一类户）")
    fill(qtbot, form, class2, "own", salary.id, "20000.00")
    decision = form.panel.preview.decision
    assert decision.anti_fraud and decision.step_up and not decision.denied, (decision.risk, clock.utcnow())
    assert decision.risk.score >= 60 and decision.cooling_off_seconds > 0
    can_send(form)
    outcomes: list = []
    page.flow.finished.connect(outcomes.append)
    form.continue_button.click()

    step_up = next_dialog(qtbot, page.flow, StepUpDialog)
    step_up.code.setText(pyotp.TOTP(secret).at(clock.utcnow()))
    step_up.ok_button.click()
    warning = next_dialog(qtbot, page.flow, AntiFraudDialog)

    # The pack's own texts, in the interface language (title, each warning, the confirmation).
    texts = decision.anti_fraud_texts
    pick = 0 if language.startswith("zh") else 1
    assert warning._title.text() == texts[0][pick]
    assert [label.text() for label in warning._warnings] == [pair[pick] for pair in texts[1:-1]]
    assert warning.read.text() == texts[-1][pick]
    other = texts[0][1 - pick]
    assert other not in {warning._title.text(), warning.read.text()}

    # Nothing goes on while the countdown runs: the box cannot be ticked, Enter does not accept.
    assert warning.left == decision.cooling_off_seconds and warning.timer.isActive()
    assert not warning.read.isEnabled() and not warning.continue_button.isEnabled()
    assert warning.countdown.isVisible() and str(warning.left) in warning.countdown.text()
    qtbot.keyClick(warning, Qt.Key.Key_Return)
    assert warning.isVisible() and page.flow.dialog is warning
    # The dialog counts its own ticks (a duration, not the clock): run them fast here.
    warning.timer.setInterval(5)
    qtbot.waitUntil(lambda: warning.left == 0, timeout=WAIT_MS)
    assert warning.read.isEnabled() and not warning.countdown.isVisible() and not warning.timer.isActive()
    assert not warning.continue_button.isEnabled()  # still needs the tick
    warning.read.setChecked(True)
    assert warning.continue_button.isEnabled()
    warning.continue_button.click()

    confirm = next_dialog(qtbot, page.flow, ConfirmTransferDialog)
    assert confirm.proof is not None and confirm.ok_button.isEnabled()
    confirm.ok_button.click()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=WAIT_MS)
    assert outcomes[0].status in ("executed", "accepted", "held"), (outcomes[0].status, outcomes[0].message)
    apply_language("en")


@pytest.mark.clock(NIGHT)
def test_cancelling_the_warning_sends_nothing(qtbot, demo_window, clock_now) -> None:
    window = demo_window
    secret = enrol_code_app(qtbot, window, clock_now)
    page, form = window.transfer_page, open_form(qtbot, window)
    class2, salary = account(window, "汇通电子账户（二类户）"), account(window, "汇通借记卡（一类户）")
    fill(qtbot, form, class2, "own", salary.id, "20000.00")
    can_send(form)
    before = len(window.session.services.transfers())
    form.continue_button.click()
    step_up = next_dialog(qtbot, page.flow, StepUpDialog)
    step_up.code.setText(pyotp.TOTP(secret).at(clock.utcnow()))
    step_up.ok_button.click()
    warning = next_dialog(qtbot, page.flow, AntiFraudDialog)
    qtbot.keyClick(warning, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not warning.isVisible(), timeout=WAIT_MS)
    assert len(window.session.services.transfers()) == before
