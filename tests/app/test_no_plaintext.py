"""No plaintext at rest: personal strings never reach any file of the vault, in any common encoding."""

from __future__ import annotations

from pathlib import Path

from app.services import AppServices
from app.vault.store import backup
from tests.app.household import SECRETS, populate
from tests.conftest import PASSPHRASE

ENCODINGS = ("utf-8", "gbk", "gb18030", "utf-16-le", "utf-16-be")


def leaks(directory: Path) -> list[str]:
    found = []
    files = [p for p in directory.rglob("*") if p.is_file()]
    assert files
    for path in files:
        data = path.read_bytes()
        for secret in SECRETS:
            for enc in ENCODINGS:
                if secret.encode(enc) in data:
                    found.append(f"{path.name}: {secret} ({enc})")
    return found


def test_nothing_readable_while_open_with_wal(services: AppServices, vault_dir: Path) -> None:
    populate(services)
    # While open, recent writes sit in the WAL file: search it too.
    assert (vault_dir / "vault.db-wal").exists()
    backup(vault_dir, services.vault.engine, "test")
    assert leaks(vault_dir) == []


def test_nothing_readable_after_close_and_edit(services: AppServices, vault_dir: Path) -> None:
    populate(services)
    services.close()
    svc = AppServices.open(vault_dir, PASSPHRASE)
    svc.set_balance(1, __import__("decimal").Decimal("6225880123456789"))
    svc.close()
    assert leaks(vault_dir) == []


def test_the_search_itself_finds_plaintext(tmp_path: Path) -> None:
    # Guards the guard: the same search does see the strings when they are there.
    (tmp_path / "plain.bin").write_bytes("备注：房租".encode("gbk") + "招商银行工资卡".encode("utf-16-le"))
    assert {hit.split(': ')[1].split(' ')[0] for hit in leaks(tmp_path)} == {"房租", "招商银行工资卡"}
