"""Every real sample file through the whole import: preview, atomic commit, re-import adds nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.ledger.records import AccountInput, MemberInput, PlatformInput
from app.ledger.statements import StatementError
from app.services import AppServices
from app.vault.keys import FAST_KDF
from connectors.statements.detect import parse_data
from tests.conftest import SAMPLES, needs_shared

pytestmark = needs_shared(SAMPLES)

# file -> (rows imported, rows that moved no money), with files imported in this order into one account
EXPECTED = {
    "alipay/alipay_2019_web.csv": (2, 0),
    "alipay/alipay_2021_app.csv": (13, 3),  # the closed purchase and its refund (listed twice) net to nothing
    "alipay/alipay_2023_layout_synthetic.csv": (21, 3),
    "jd/jd_202412.csv": (26, 0),
    "wechat/wechat_2019.csv": (2, 0),
    "wechat/wechat_2025.csv": (25, 0),  # its 2 rows of 2019 were imported from wechat_2019.csv
    "wechat/wechat_2026.xlsx": (0, 0),  # the same 27 rows as wechat_2025.csv: nothing new
    "bank-csv/cmb_debit.csv": (5, 0),
    "bank-csv/icbc_debit_v2.csv": (11, 0),
    "ofx/fixofx_checking.ofx": (106, 0),
    "ofx/ofxparse_bank_medium.ofx": (3, 0),
    "ofx/ofxparse_checking.ofx": (3, 0),
    "qif/nerdbank_sample.qif": (29, 0),
    "camt/camt053.v2.multi.statement.xml": (2, 0),
}
REFUSED = ["camt/camt053.v2.wrong.xml", "ofx/ofxparse_fidelity.ofx", "ofx/ofxparse_signon_fail.ofx",
           "ofx/ofxparse_fail_nice__decimal_error.ofx", "ofx/ofxparse_bank_small.ofx"]


@pytest.fixture
def imports(tmp_path: Path) -> Iterator[AppServices]:
    svc = AppServices.create(tmp_path / "v", "sample passphrase", kdf=FAST_KDF)
    svc.add_member(MemberInput(name="我"))
    _c, pid = svc.add_platform(PlatformInput(name="钱包", kind="payment_wallet"))
    svc.add_account(AccountInput(member_id=1, platform_id=pid, kind="wallet_balance", name="余额"))
    yield svc
    svc.close()


def test_every_sample_imports_once(imports: AppServices) -> None:
    for name, (added, closed) in EXPECTED.items():
        data = (SAMPLES / name).read_bytes()
        parsed = parse_data(data, name)
        preview = imports.preview_import(parsed, data, account_id=1)
        assert (preview.count("new"), preview.count("closed")) == (added, closed), name
        assert imports.commit_import(preview).added == added, name
        again = imports.preview_import(parsed, data, account_id=1)
        # (a file that added nothing recorded no import, so only its rows say it is known)
        assert (again.already_imported or added == 0) and again.count("new") == 0, name
    assert imports.info().counts["transactions"] == sum(a for a, _c in EXPECTED.values())


def test_refused_files_write_nothing(imports: AppServices) -> None:
    for name in REFUSED:
        with pytest.raises(StatementError) as err:
            parse_data((SAMPLES / name).read_bytes(), name)
        assert name.split("/")[1] in str(err.value)
    assert imports.transactions() == []


def test_cli_dry_run_json(tmp_path: Path) -> None:
    env = dict(os.environ, HUILIU_PASSPHRASE="cli sample pass", HUILIU_LANG="en")
    vault = tmp_path / "cv"
    root = Path(__file__).resolve().parents[2]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app.cli", "--vault", str(vault), *args], capture_output=True,
                              text=True, env=env, cwd=root, timeout=120)

    assert run("vault", "init").returncode == 0
    run("members", "add", "我")
    assert run("accounts", "add", "--member", "1", "--platform", "支付宝", "--platform-kind", "payment_wallet",
               "--kind", "wallet_balance", "--name", "余额").returncode == 0
    bill = str(SAMPLES / "alipay/alipay_2023_layout_synthetic.csv")
    out = run("import", bill, "--account", "1", "--dry-run", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["by_direction"]["out"] == {"count": 18, "total": "1853.20"}
    assert data["by_direction"]["in"] == {"count": 1, "total": "88.88"}
    assert data["by_direction"]["neutral"] == {"count": 5, "total": "58.04"}
    assert data["date_range"] == ["2020-11-23", "2020-12-15"] and data["new"] == 21
    assert run("transactions", "--json").stdout.strip() == "[]"  # dry run wrote nothing
    assert run("import", bill, "--account", "1").returncode == 0
    assert len(json.loads(run("transactions", "--json").stdout)) == 21
    assert run("import-undo").returncode == 0
    assert json.loads(run("transactions", "--json").stdout) == []
    bad = run("import", str(SAMPLES / "camt/camt053.v2.wrong.xml"), "--account", "1")
    assert bad.returncode == 1 and "camt053.v2.wrong.xml" in bad.stderr and "Traceback" not in bad.stderr
