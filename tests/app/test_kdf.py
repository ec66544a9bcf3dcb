"""The key derivation started ahead gives exactly the key derived in place, and only for its inputs."""

from __future__ import annotations

from pathlib import Path

from app import kdf
from app.services import AppServices
from app.vault.keys import FAST_KDF


def test_derived_ahead_equals_derived_in_place_and_is_taken_once(tmp_path: Path) -> None:
    AppServices.create(tmp_path / "v", "right passphrase", kdf=FAST_KDF).close()
    import json

    params = json.loads((tmp_path / "v" / "header.json").read_text("utf-8"))["kdf"]
    expected = kdf.scrypt("right passphrase", params)
    kdf.derive_ahead(tmp_path / "v", "right passphrase")
    assert kdf.derive("right passphrase", params) == expected
    assert not kdf._ahead  # taken, not kept
    kdf.derive_ahead(tmp_path / "v", "wrong passphrase")
    assert kdf.derive("right passphrase", params) == expected  # other inputs: derived afresh
    kdf.derive("wrong passphrase", params)  # the stale one is taken too
    assert not kdf._ahead


def test_opening_after_deriving_ahead_unlocks_and_a_wrong_passphrase_still_fails(tmp_path: Path) -> None:
    import pytest

    from app.errors import WrongPassphrase

    AppServices.create(tmp_path / "v", "right passphrase", kdf=FAST_KDF).close()
    kdf.derive_ahead(tmp_path / "v", "right passphrase")
    AppServices.open(tmp_path / "v", "right passphrase").close()
    kdf.derive_ahead(tmp_path / "v", "not the passphrase")
    with pytest.raises(WrongPassphrase):
        AppServices.open(tmp_path / "v", "not the passphrase")
    kdf.derive_ahead(tmp_path / "missing", "anything")  # no header: nothing started, nothing kept
    assert not kdf._ahead
