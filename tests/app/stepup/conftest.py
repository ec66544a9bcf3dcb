"""A private D-Bus bus and a fake fprintd on it (python-dbusmock), for the fingerprint tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

from app.policy.stepup import fprintd
from app.policy.stepup.fprintd import FprintdClient
from app.services import AppServices
from tests.app.household import populate
from tests.app.stepup.members import LI_SI_SECRET

TEMPLATE = Path(__file__).with_name("fake_fprintd.py")
CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
"""


@pytest.fixture(scope="module")
def bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a private bus of our own (torn down after the module)."""
    folder = tmp_path_factory.mktemp("bus")
    socket = folder / "bus.sock"
    config = folder / "bus.conf"
    config.write_text(CONFIG.format(socket=socket))
    daemon = subprocess.Popen(["dbus-daemon", "--nofork", "--nopidfile", f"--config-file={config}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while not socket.exists():
        assert daemon.poll() is None, daemon.stderr.read().decode() if daemon.stderr else "dbus-daemon exited"
        assert time.monotonic() < deadline, "dbus-daemon did not start"
        time.sleep(0.01)
    yield f"unix:path={socket}"
    daemon.terminate()
    daemon.wait(10)


def _name_owned(address: str) -> bool:
    with open_dbus_connection(address) as conn:
        reply = conn.send_and_get_reply(message_bus.NameHasOwner(fprintd.BUS_NAME), timeout=2)
        return bool(reply.body[0])


class Fake:
    """Starts a fake fprintd with ``parameters`` on the bus; stops it at the end of the test."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, **parameters: object) -> FprintdClient:
        env = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=self.address)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dbusmock", "--system", "--template", str(TEMPLATE), "-p", json.dumps(parameters)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 15
        while not _name_owned(self.address):
            if self.process.poll() is not None:
                raise AssertionError(self.process.stderr.read().decode() if self.process.stderr else "fake died")
            assert time.monotonic() < deadline, "the fake fprintd did not appear on the bus"
            time.sleep(0.02)
        return FprintdClient(self.address, call_timeout=5)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        # the name is gone before the next test's fake claims it
        deadline = time.monotonic() + 10
        while _name_owned(self.address) and time.monotonic() < deadline:
            time.sleep(0.01)


@pytest.fixture
def fake(bus: str) -> Iterator[Fake]:
    made = Fake(bus)
    yield made
    made.stop()


@pytest.fixture
def household(services: AppServices) -> AppServices:
    """张三 (member 1, the owner, unlocked) and 李四 (member 2, with a passphrase of their own)."""
    populate(services)
    services.set_member_secret(2, LI_SI_SECRET)
    return services


@pytest.fixture
def li_si(household: AppServices, vault_dir: Path) -> Iterator[AppServices]:
    """The same vault, opened by 李四 as themselves (the owner's copy is closed first)."""
    household.close()
    li = AppServices.open(vault_dir, LI_SI_SECRET, member_id=2)
    yield li
    if li.is_open:
        li.close()
