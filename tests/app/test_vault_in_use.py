"""Whether a vault is open elsewhere is known before any passphrase (issue 10 §4): a key-free lock check."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import kdf
from app.services import AppServices
from app.vault import keys
from app.vault.store import Vault


def test_an_open_vault_is_in_use_and_a_closed_one_is_not(services: AppServices, vault_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def no_key(*_args: object, **_kw: object) -> None:
        raise AssertionError("the check must not derive or unwrap any key")

    monkeypatch.setattr(keys, "unwrap", no_key)
    monkeypatch.setattr(kdf, "scrypt", no_key)
    assert AppServices.vault_in_use(vault_dir) and Vault.is_open_elsewhere(vault_dir)
    assert AppServices.vault_in_use(str(vault_dir))
    services.close()
    assert not AppServices.vault_in_use(vault_dir)
    assert not AppServices.vault_in_use(vault_dir)  # asking took and gave back the lock: still free


def test_the_check_leaves_the_vault_openable(services: AppServices, vault_dir: Path) -> None:
    services.close()
    assert not AppServices.vault_in_use(vault_dir)
    from tests.conftest import PASSPHRASE

    again = AppServices.open(vault_dir, PASSPHRASE)
    try:
        assert AppServices.vault_in_use(vault_dir)
    finally:
        again.close()


def test_a_directory_without_a_vault_is_not_in_use(tmp_path: Path) -> None:
    assert not AppServices.vault_in_use(tmp_path / "missing")
    assert not (tmp_path / "missing").exists()
