"""Fixtures for the Qt tests: offscreen, isolated settings, quick key derivation, real vaults in tmp_path."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HUILIU_LANG", "en")  # "follow the system" means English in these tests

import gc  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from datetime import date  # noqa: E402
from decimal import Decimal  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.ledger.records import AccountInput, MemberInput, PlatformInput  # noqa: E402
from app.services import AppServices  # noqa: E402
from app.vault.keys import FAST_KDF  # noqa: E402
from ui.collector import MainThreadCollector, install  # noqa: E402
from ui.language import TRANSLATIONS, apply_language  # noqa: E402
from ui.settings import Settings  # noqa: E402
from ui.tasks import TaskManager  # noqa: E402
from ui.theme import apply_theme  # noqa: E402

PASSPHRASE = "correct horse battery staple"
WAIT_MS = 30_000  # an upper bound for busy machines: waits end as soon as the condition holds


@pytest.fixture(scope="session", autouse=True)
def gui_thread_collector(qapp: QApplication) -> Iterator[MainThreadCollector]:
    """As in the app: cycles are collected on the GUI thread, never on a worker (see ui/collector.py)."""
    collector = install(qapp)
    yield collector
    collector.stop()


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    """Every test starts in English with the real theme, whatever the machine's locale."""
    apply_theme(qapp)
    apply_language("en")
    yield
    apply_language("en")
    gc.collect()  # what this test left in cycles goes now, on the GUI thread


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def tasks() -> Iterator[TaskManager]:
    manager = TaskManager()
    yield manager
    manager.shutdown()


@pytest.fixture
def wait_idle(qtbot, tasks: TaskManager):
    def wait() -> None:
        qtbot.waitUntil(lambda: tasks.idle, timeout=WAIT_MS)

    return wait


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


def make_household(directory: Path) -> None:
    """A small closed vault: two members, a bank with a Class I card, a wallet, a foreign-currency account."""
    s = AppServices.create(directory, PASSPHRASE, kdf=FAST_KDF)
    try:
        s.add_member(MemberInput("Dad", "adult"))
        s.add_member(MemberInput("Mum", "adult"))
        dad, mum = (m.id for m in s.members())
        _, bank = s.add_platform(PlatformInput("CMB", "bank", "China Merchants Bank Co., Ltd."))
        _, wallet = s.add_platform(PlatformInput("Alipay", "payment_wallet"))
        _, fx = s.add_platform(PlatformInput("HSBC HK", "fx_account"))
        s.add_account(
            AccountInput(
                dad,
                bank,
                "debit_card",
                "Salary card",
                number="6225880212345678",
                bank_class="I",
                balance=Decimal("12345.67"),
                opened_on=date(2020, 1, 2),
            )
        )
        s.add_account(
            AccountInput(
                dad,
                bank,
                "credit_card",
                "Platinum card",
                number="4392250012349876",
                credit_limit=Decimal("50000"),
                statement_day=5,
                due_day=23,
                balance=Decimal("-321.50"),
            )
        )
        s.add_account(
            AccountInput(
                mum, wallet, "wallet_balance", "Alipay balance", payment_class="II", balance=Decimal("88.80")
            )
        )
        s.add_account(
            AccountInput(mum, fx, "fx_account", "USD savings", currency="USD", balance=Decimal("100.00"))
        )
    finally:
        s.close()


@pytest.fixture
def household(vault_dir: Path) -> Path:
    make_household(vault_dir)
    return vault_dir


@pytest.fixture(scope="session")
def zh_catalogue() -> Path:
    """The compiled Chinese catalogue, built like ``make translations`` does when it is missing or stale."""
    for lang in ("en", "zh_CN"):  # (English holds the plural forms)
        ts, qm = TRANSLATIONS / f"huiliu_{lang}.ts", TRANSLATIONS / f"huiliu_{lang}.qm"
        if not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            lrelease = Path(sys.executable).with_name("pyside6-lrelease")
            subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
    return TRANSLATIONS / "huiliu_zh_CN.qm"


@pytest.fixture
def window(qtbot, tasks: TaskManager, settings: Settings, household: Path, wait_idle):
    """The main window on the household vault, opened on the writer like the app does."""
    from ui.main_window import MainWindow
    from ui.vault_session import VaultSession

    session = VaultSession(household, tasks)
    win = MainWindow(session, tasks, settings)
    qtbot.addWidget(win)
    win.show()
    tasks.run_mutation(lambda: AppServices.open(household, PASSPHRASE), lambda s, e: session.attach(s))
    wait_idle()
    assert session.is_unlocked
    yield win
    win.close()
    wait_idle()


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """The OS keyring as on a headless Linux box: none at all."""
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[str, str], str]:
    """A working keyring kept in memory, as a desktop's would be; returns what it stores."""
    import keyring
    from keyring.backend import KeyringBackend

    items: dict[tuple[str, str], str] = {}

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def get_password(self, service: str, username: str) -> str | None:
            return items.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            items[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            items.pop((service, username), None)

    from app.vault import keys

    backend = Memory()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    # counted as an OS store: the vault accepts only those (a plain-file backend is refused)
    monkeypatch.setattr(keys, "OS_KEYRINGS", keys.OS_KEYRINGS | {(Memory.__module__, Memory.__qualname__)})
    return items


@pytest.fixture
def demo_household(qtbot, tmp_path: Path, tasks: TaskManager):
    """(services, sandbox) of the demo household (7 platforms, 3 members), built on the writer like --demo;
    the owner holds every account (its sharing between members is tested in tests/ui/test_household_page.py
    and tests/app/test_household_keys.py)."""
    from app.services import AppServices
    from connectors.sandbox import Sandbox
    from connectors.sandbox.provider import LocalSandbox

    sandbox = Sandbox(seed=42).start()
    box: dict[str, object] = {}
    tasks.run_query(
        lambda: AppServices.create_demo(tmp_path / "demo", kdf=FAST_KDF, apply=tasks.call_on_writer,
                                        platforms=LocalSandbox(sandbox, None), share=False),
        lambda result, error: box.update(result=result, error=error),
    )
    try:
        qtbot.waitUntil(lambda: "result" in box, timeout=120_000)
        if box["error"] is not None:
            raise box["error"]  # type: ignore[misc]
        services, _report = box["result"]  # type: ignore[misc]
        yield services, sandbox
    finally:
        sandbox.stop()


@pytest.fixture
def demo_window(qtbot, tasks: TaskManager, settings: Settings, demo_household, tmp_path: Path, wait_idle):
    """The main window on the demo household, as ``huiliu --demo`` opens it."""
    from connectors.sandbox.provider import LocalSandbox
    from ui.main_window import MainWindow
    from ui.vault_session import VaultSession

    services, sandbox = demo_household
    session = VaultSession(tmp_path / "demo", tasks)
    win = MainWindow(session, tasks, settings)
    win.set_known_platforms(LocalSandbox(sandbox, None).directory())
    qtbot.addWidget(win)
    win.show()
    session.attach(services)
    qtbot.waitUntil(lambda: win.overview_page.snapshot is not None, timeout=WAIT_MS)
    wait_idle()
    yield win
    win.close()
    wait_idle()
