"""Start-up cost: opening an up-to-date vault does not load alembic, and still knows its schema."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.services import AppServices
from app.vault.keys import FAST_KDF
from app.vault.store import Vault, _declared_head, head_revision
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]


def test_the_head_read_from_the_scripts_is_alembics() -> None:
    assert _declared_head() == head_revision()


def test_opening_an_up_to_date_vault_does_not_import_alembic(tmp_path: Path) -> None:
    AppServices.create(tmp_path / "v", PASSPHRASE, kdf=FAST_KDF).close()
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from app.services import AppServices\n"
        f"s = AppServices.open(Path({str(tmp_path / 'v')!r}), {PASSPHRASE!r})\n"
        "version = s.info().schema_version\n"
        "s.close()\n"
        "print(version, 'alembic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.split() == [head_revision(), "False"]


def test_current_revision_of_a_database_without_a_schema(tmp_path: Path) -> None:
    from app.vault.store import make_engine

    engine = make_engine(tmp_path / "empty.db")
    try:
        assert Vault.current_revision(engine) is None
    finally:
        engine.dispose()
