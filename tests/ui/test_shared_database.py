"""A household's vault in a shared PostgreSQL database, from the window (issue 11 §5): the key-free reads
for a URL, the Settings field, unlocking and creating on a URL, and the whole app opening one."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.services import AppServices
from app.vault.keys import FAST_KDF
from tests.app.household import populate
from tests.postgres import postgres_server, postgres_url  # noqa: F401 (fixtures)
from tests.ui.conftest import PASSPHRASE

LI_SI = "李四自己的一句长密码"


def _shared_household(url: str) -> None:
    svc = AppServices.create(None, PASSPHRASE, kdf=FAST_KDF, database_url=url)
    try:
        populate(svc)
        svc.set_member_secret(2, LI_SI)
    finally:
        svc.close()


def test_key_free_reads_of_a_shared_database(postgres_url: str) -> None:  # noqa: F811
    assert not AppServices.is_vault(postgres_url)
    assert AppServices.shared_vault_state(postgres_url) is False
    assert AppServices.unlockable_members(postgres_url) == []
    assert AppServices.owner_member(postgres_url) is None
    _shared_household(postgres_url)
    assert AppServices.is_vault(postgres_url) and AppServices.shared_vault_state(postgres_url)
    assert AppServices.unlockable_members(postgres_url) == [(1, "passphrase"), (2, "passphrase")]
    assert AppServices.owner_member(postgres_url) == 1
    assert AppServices.vault_in_use(postgres_url) is False  # several computers may have it open
    assert AppServices.demo_passphrase(postgres_url) is None and AppServices.demo_members(postgres_url) == {}
    password_url = postgres_url.replace("huiliu@", "huiliu:s3cret@")
    assert "s3cret" not in AppServices.shown_location(password_url)
    assert AppServices.shown_location(Path("/home/x/vault")) == "/home/x/vault"


def test_an_unreachable_database_is_no_vault(tmp_path: Path) -> None:
    url = f"postgresql://huiliu@/nothing?host={tmp_path}"  # no server listens there
    assert not AppServices.is_vault(url)
    assert AppServices.unlockable_members(url) == [] and AppServices.owner_member(url) is None
    with pytest.raises(Exception):  # noqa: B017,PT011 (the driver's own error, said by "Test connection")
        AppServices.shared_vault_state(url)
