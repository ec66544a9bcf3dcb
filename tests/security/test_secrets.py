"""Secrets hygiene (issue 8 §9): bounded KDF headers, the loopback's state, ID numbers off argv, OS keyrings."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from app import kdf
from app.errors import VaultCorrupt
from app.services import AppServices
from app.vault.keys import FAST_KDF, HEADER_NAME
from tests.conftest import PASSPHRASE

# --- 1. header KDF values are bounded, and refused before scrypt runs --------------------------

OUT_OF_RANGE: list[tuple[str, Any]] = [
    ("name", "argon2"),
    ("n", 2**23),
    ("n", 2**11),
    ("n", 3 * 2**14),  # not a power of two
    ("n", "16384"),
    ("r", 0),
    ("r", 33),
    ("p", 0),
    ("p", 4096),
    ("p", 1.5),
    ("dklen", 15),
    ("dklen", 65),
    ("salt", "AAAA"),  # 3 bytes
    ("salt", "A" * 100),  # 75 bytes
    ("salt", "not base64!"),
]


@pytest.fixture
def made_vault(tmp_path: Path) -> Path:
    AppServices.create(tmp_path / "made", PASSPHRASE, kdf=FAST_KDF).close()
    return tmp_path / "made"


@pytest.mark.parametrize(("field", "value"), OUT_OF_RANGE)
def test_out_of_range_kdf_is_refused_quickly_naming_the_field(
    made_vault: Path, tmp_path: Path, field: str, value: Any
) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(made_vault, copy)
    header = json.loads((copy / HEADER_NAME).read_text("utf-8"))
    header["kdf"][field] = value
    (copy / HEADER_NAME).write_text(json.dumps(header), "utf-8")
    started = time.monotonic()
    kdf.derive_ahead(copy, PASSPHRASE)  # must not start a derivation either
    assert not kdf._ahead
    with pytest.raises(VaultCorrupt) as err:
        AppServices.open(copy, PASSPHRASE)
    assert time.monotonic() - started < 1.0
    assert f"derivation's {field} " in str(err.value)
    assert err.value.detail.endswith(("to 2**22", "to 32", "to 16", "to 64", "bytes", '"scrypt"')), err.value.detail


def test_n_beyond_what_scrypt_allows_for_r_is_corrupt_not_a_crash(made_vault: Path) -> None:
    header = json.loads((made_vault / HEADER_NAME).read_text("utf-8"))
    header["kdf"].update(n=2**17, r=1)  # in range, yet hashlib.scrypt would raise ValueError
    (made_vault / HEADER_NAME).write_text(json.dumps(header), "utf-8")
    with pytest.raises(VaultCorrupt) as err:
        AppServices.open(made_vault, PASSPHRASE)
    assert "below 2**16 when r is 1" in str(err.value)


def test_a_normal_vault_still_opens(made_vault: Path) -> None:
    kdf.derive_ahead(made_vault, PASSPHRASE)
    assert kdf._ahead
    AppServices.open(made_vault, PASSPHRASE).close()
    assert not kdf._ahead


# --- 2. the loopback receiver takes only the callback with the consent's state ---------------


def test_a_stray_callback_with_the_wrong_state_is_refused_and_the_wait_goes_on() -> None:
    import threading

    import httpx

    from connectors.openapi import LoopbackReceiver

    rx = LoopbackReceiver()
    early = httpx.get(rx.redirect_uri + "?code=early&state=wrong")  # before wait: kept until the state is known
    assert early.status_code == 200
    got: list[str] = []
    waiter = threading.Thread(target=lambda: got.append(rx.wait(timeout=10, expect_state="right-state")))
    waiter.start()
    stray = httpx.get(rx.redirect_uri + "?code=x&state=wrong")
    assert stray.status_code == 400
    assert httpx.get(rx.redirect_uri + "?code=x").status_code == 400  # no state at all
    assert httpx.get(rx.redirect_uri + "?code=x&state=right-state&state=wrong").status_code == 400
    assert waiter.is_alive()  # still waiting for the browser
    right = httpx.get(rx.redirect_uri + "?code=good&state=right-state")
    assert right.status_code == 200
    waiter.join(timeout=5)
    assert got == [rx.redirect_uri + "?code=good&state=right-state"]


def test_the_right_callback_before_wait_is_taken() -> None:
    import httpx

    from connectors.openapi import LoopbackReceiver

    rx = LoopbackReceiver()
    httpx.get(rx.redirect_uri + "?code=x&state=wrong")
    httpx.get(rx.redirect_uri + "?code=good&state=s1")
    assert rx.wait(timeout=5, expect_state="s1") == rx.redirect_uri + "?code=good&state=s1"


# --- 3. the resident ID number stays out of argv and out of listings ------------------------

ROOT = Path(__file__).resolve().parents[2]
ID_NUMBER = "11010519491231002X"


def _cli(vault: Path, *args: str, **env: str) -> Any:
    import os
    import subprocess
    import sys

    environment = {k: v for k, v in os.environ.items() if k != "HUILIU_ID_NUMBER"}
    environment.update(HUILIU_PASSPHRASE=PASSPHRASE, HUILIU_LANG="en", **env)
    return subprocess.run([sys.executable, "-m", "app.cli", "--vault", str(vault), *args], capture_output=True,
                          text=True, env=environment, cwd=ROOT, timeout=60, stdin=subprocess.DEVNULL)


def test_id_number_on_the_command_line_is_refused_and_file_or_environment_work(made_vault: Path,
                                                                               tmp_path: Path) -> None:
    proc = _cli(made_vault, "members", "add", "张三", "--real-name", "张三", "--id-number", ID_NUMBER)
    assert proc.returncode != 0 and "--id-number-file" in proc.stderr and "HUILIU_ID_NUMBER" in proc.stderr
    assert ID_NUMBER not in proc.stderr and "Traceback" not in proc.stderr
    proc = _cli(made_vault, "members", "add", "张三", "--real-name", "张三", "--id-number")
    assert proc.returncode != 0 and "No terminal" in proc.stderr  # asks only at a terminal
    assert json.loads(_cli(made_vault, "members", "list", "--json").stdout) == []  # nothing was added

    id_file = tmp_path / "id.txt"
    id_file.write_text(ID_NUMBER + "\n", "utf-8")
    proc = _cli(made_vault, "members", "add", "张三", "--real-name", "张三", "--id-number-file", str(id_file))
    assert proc.returncode == 0, proc.stderr
    proc = _cli(made_vault, "members", "add", "李四", "--real-name", "李四", HUILIU_ID_NUMBER="110105194912310021")
    assert proc.returncode == 1 and "check digit" in proc.stderr  # the environment's value is the one used
    proc = _cli(made_vault, "members", "add", "李四", "--real-name", "李四", HUILIU_ID_NUMBER="110101199003074477")
    assert proc.returncode == 0, proc.stderr

    masked = json.loads(_cli(made_vault, "members", "list", "--json").stdout)
    assert [m["id_number"] for m in masked] == ["110105********002X", "110101********4477"]
    revealed = json.loads(_cli(made_vault, "members", "list", "--json", "--reveal").stdout)
    assert [m["id_number"] for m in revealed] == [ID_NUMBER, "110101199003074477"]
    text = _cli(made_vault, "members", "list").stdout
    assert "张三" in text and ID_NUMBER not in text and "002X" not in text and "4477" not in text


# --- 4. "Remember on this computer" only in the operating system's own store ----------------


def _backend(module: str, qualname: str, priority: float = 5) -> Any:
    from keyring.backend import KeyringBackend

    items: dict[tuple[str, str], str] = {}

    class Backend(KeyringBackend):
        def get_password(self, service: str, username: str) -> str | None:
            return items.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            items[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            items.pop((service, username), None)

    Backend.priority = priority  # type: ignore[assignment]
    Backend.__module__, Backend.__qualname__ = module, qualname
    backend = Backend()
    backend.items = items  # type: ignore[attr-defined]
    return backend


def test_a_plaintext_keyring_is_refused_and_an_os_store_accepted(made_vault: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    from app.errors import KeyringUnavailable
    from app.vault import keys

    plain = _backend("keyrings.alt.file", "PlaintextKeyring")  # writes the key to a file, priority 0.5+
    monkeypatch.setattr(keyring, "get_keyring", lambda: plain)
    services = AppServices.open(made_vault, PASSPHRASE)
    try:
        assert not keys.keyring_available()
        with pytest.raises(KeyringUnavailable):
            services.remember_on_this_computer()
        assert plain.items == {}

        from keyring.backends.chainer import ChainerBackend

        chain = ChainerBackend.__new__(ChainerBackend)
        monkeypatch.setattr(ChainerBackend, "backends", [_backend("keyring.backends.SecretService", "Keyring"), plain])
        monkeypatch.setattr(keyring, "get_keyring", lambda: chain)
        assert not keys.keyring_available()  # a chain with a plain file in it: refused too

        os_store = _backend("keyring.backends.SecretService", "Keyring")
        monkeypatch.setattr(keyring, "get_keyring", lambda: os_store)
        assert keys.keyring_available()
        services.remember_on_this_computer()
        assert len(os_store.items) == 1
    finally:
        services.close()


def test_the_venv_has_no_pip_or_setuptools_with_known_advisories() -> None:
    """`make` upgrades both: pip < 25.3 extracts sdists unsafely (CVE-2025-8869), setuptools < 78.1.1
    writes outside its folder through PackageIndex (CVE-2025-47273)."""
    from importlib.metadata import version

    def parts(text: str) -> tuple[int, ...]:
        return tuple(int(p) for p in text.split(".")[:3] if p.isdigit())

    assert parts(version("pip")) >= (25, 3)
    assert parts(version("setuptools")) >= (78, 1, 1)
