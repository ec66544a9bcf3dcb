"""A demo household on its own sandbox (a pinned clock moves both), for the transfer tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pyotp
import pytest

from app import clock
from app.services import AppServices, TransferRequest
from app.vault.keys import FAST_KDF

OWNER_PASSPHRASE = "huiliu-demo"  # the demo's well-known passphrase: its members get their own secrets
SPOUSE_SECRET = "huiliu-demo-limei"


@dataclass
class Demo:
    services: AppServices
    sandbox: object
    directory: Path

    def account(self, member_id: int, name: str) -> int:
        found = [a.id for a in self.services.accounts() if a.member_id == member_id and a.name == name]
        assert len(found) == 1, (member_id, name, found)
        return found[0]

    def balance(self, account_id: int) -> Decimal:
        return next(a.balance for a in self.services.accounts() if a.id == account_id)

    def request(self, src: int, amount: str, to: int | None = None, payee: int | None = None,
                memo: str = "", arrival: str = "realtime") -> TransferRequest:
        return TransferRequest(from_account_id=src, amount=Decimal(amount), currency="CNY", memo=memo,
                               to_account_id=to, payee_id=payee, arrival=arrival)

    def enrol_totp(self) -> pyotp.TOTP:
        enrolment = self.services.begin_totp_enrolment("王建国")
        totp = pyotp.TOTP(enrolment.secret)
        self.services.confirm_totp_enrolment(enrolment.factor_id, totp.at(clock.utcnow()))
        clock.get().advance(timedelta(seconds=30))  # the next code is a new one (a code is spent once)
        return totp

    def settle(self, seconds: int = 31) -> None:
        """Let payments between institutions clear, then ask the platforms and sync."""
        clock.get().advance(timedelta(seconds=seconds))
        self.services.run_due_transfers()
        report = self.services.refresh()
        assert report.ok, report.to_json()

    def as_member(self, member_id: int, secret: str) -> AppServices:
        local = self.services._local
        self.services._local_owned = False
        self.services.close()
        self.services = AppServices.open(self.directory, secret, member_id=member_id)
        self.services._local, self.services._local_owned = local, False
        return self.services


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    from connectors.sandbox import Sandbox
    from connectors.sandbox.provider import LocalSandbox

    sandbox = Sandbox(seed=7).start()
    try:
        services, report = AppServices.create_demo(tmp_path / "demo", OWNER_PASSPHRASE, kdf=FAST_KDF,
                                                   platforms=LocalSandbox(sandbox, None))
        assert report.ok, report.to_json()
        d = Demo(services, sandbox, tmp_path / "demo")
        try:
            yield d
        finally:
            if d.services.is_open:
                d.services.close()
    finally:
        sandbox.stop()
