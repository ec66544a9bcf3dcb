"""A CSV no importer knows, in the terminal: the error names --columns and hands over the guessed mapping
as a ready-to-edit JSON file, which then imports it (issue 9, section 7)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from app.services import AppServices
from app.vault.keys import FAST_KDF
from tests.app.household import populate

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "unknown csv passphrase"
EXPORT = ("Statement for account 12345\nBooking date;Text;Payee;Debit;Credit;Balance\n"
          "03/02/2026;Card payment;Coffee Shop;3,50;;996,50\n05/02/2026;Salary;ACME Ltd;;1.200,00;2.196,50\n"
          "17/02/2026;Transfer;Rent Co;800,00;;1.396,50\n")


def test_the_guessed_mapping_is_written_for_editing_and_imports_the_file(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    services = AppServices.create(vault, PASSPHRASE, kdf=FAST_KDF)
    populate(services)
    services.close()
    bill = tmp_path / "export.csv"
    bill.write_text(EXPORT, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    env = dict(os.environ, HUILIU_PASSPHRASE=PASSPHRASE, HUILIU_LANG="en", PYTHONPATH=str(ROOT))

    def huiliu(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app.cli", *args, "--vault", str(vault)], env=env, cwd=work,
                              capture_output=True, text=True, timeout=120)

    dry = huiliu("import", str(bill), "--account", "1", "--dry-run")  # writes nothing, prints the guess
    assert dry.returncode == 2 and "--columns" in dry.stderr and '"date_column": "Booking date"' in dry.stderr
    assert list(work.iterdir()) == []
    refused = huiliu("import", str(bill), "--account", "1")
    assert refused.returncode == 2 and "format not recognised" in refused.stderr
    written = work / "export.columns.json"
    assert f"--columns {written}" in refused.stderr, refused.stderr
    mapping = json.loads(written.read_text("utf-8"))
    assert (mapping["debit_column"], mapping["credit_column"], mapping["decimal_comma"]) == ("Debit", "Credit", True)
    done = huiliu("import", str(bill), "--account", "1", "--columns", str(written), "--source", "My bank")
    assert done.returncode == 0 and "Imported 3 rows" in done.stdout, done.stdout + done.stderr
    # The next export of that bank is read by the saved mapping without being asked.
    march = tmp_path / "march.csv"
    march.write_text(EXPORT.replace("17/02/2026;Transfer;Rent Co;800,00;;1.396,50\n",
                                    "02/03/2026;Card payment;Bakery;12,00;;2.184,50\n"), encoding="utf-8")
    again = huiliu("import", str(march), "--account", "1")
    assert again.returncode == 0 and "Imported 1 rows" in again.stdout, again.stdout + again.stderr
