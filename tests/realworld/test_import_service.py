"""Every real sample file through the whole import: preview, atomic commit, re-import adds nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.errors import ValidationError
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
    "bank-cn/abc_debit.csv": (5, 0),
    "bank-cn/boc_debit.csv": (17, 0),
    # its USD row was paid with card 2875, mapped to the CNY account 5 whose platform has no USD account:
    # refused (never booked as CNY)
    "bank-cn/boc_credit.csv": (13, 0),
    "bank-cn/bocom_debit.csv": (6, 0),
    "bank-cn/bocom_credit.csv": (8, 0),
    "bank-cn/ccb_debit.xls": (6, 0),
    "bank-cn/cgb_credit.csv": (4, 0),
    "bank-cn/cmb_credit.csv": (6, 0),
    "bank-cn/icbc_credit.csv": (9, 0),
    "bank-cn/icbc_debit_v1.csv": (0, 0),  # the same 11 rows as icbc_debit_v2.csv: nothing new
    "bank-cn/meituan.csv": (29, 0),
}
REFUSED = ["camt/camt053.v2.wrong.xml", "ofx/ofxparse_fidelity.ofx", "ofx/ofxparse_signon_fail.ofx",
           "ofx/ofxparse_fail_nice__decimal_error.ofx", "ofx/ofxparse_bank_small.ofx"]


@pytest.fixture
def imports(tmp_path: Path) -> Iterator[AppServices]:
    svc = AppServices.create(tmp_path / "v", "sample passphrase", kdf=FAST_KDF)
    svc.add_member(MemberInput(name="我"))
    _c, pid = svc.add_platform(PlatformInput(name="钱包", kind="payment_wallet"))
    svc.add_account(AccountInput(member_id=1, platform_id=pid, kind="wallet_balance", name="余额"))  # 1
    for currency in ("USD", "CAD", "EUR"):  # 2, 3, 4: where the foreign statements' rows are routed
        svc.add_account(AccountInput(member_id=1, platform_id=pid, kind="wallet_balance", name=currency,
                                     currency=currency))
    _c, other = svc.add_platform(PlatformInput(name="银行", kind="payment_wallet"))
    svc.add_account(AccountInput(member_id=1, platform_id=other, kind="wallet_balance", name="卡"))  # 5
    yield svc
    svc.close()


def test_every_sample_imports_once(imports: AppServices) -> None:
    for name, (added, closed) in EXPECTED.items():
        data = (SAMPLES / name).read_bytes()
        parsed = parse_data(data, name)
        preview = imports.preview_import(parsed, data, account_id=1)
        # a foreign statement's rows go to the holder's account in their currency
        assert preview.count("refused") == 0, name
        if preview.count("unmapped"):
            # Rows paid with a card or wallet not mapped to an account wait: never booked to account 1.
            with pytest.raises(ValidationError):
                imports.commit_import(preview)
            for instrument in preview.unmapped_instruments:
                imports.map_instrument(instrument, 5)
            preview = imports.preview_import(parsed, data, account_id=1)
        assert (preview.count("new"), preview.count("closed"), preview.count("unmapped")) == (added, closed, 0), name
        assert preview.count("refused") == (1 if name == "bank-cn/boc_credit.csv" else 0), name
        assert imports.commit_import(preview).added == added, name
        again = imports.preview_import(parsed, data, account_id=1)
        # (a file that added nothing recorded no import, so only its rows say it is known)
        assert (again.already_imported or added == 0) and again.count("new") == 0, name
    assert imports.info().counts["transactions"] == sum(a for a, _c in EXPECTED.values())
    by_account: dict[int, int] = {}
    for t in imports.transactions(limit=10_000):
        by_account[t.account_id] = by_account.get(t.account_id, 0) + 1
    assert by_account[2] == 106 + 3 and by_account[3] == 3 and by_account[4] == 2  # USD, CAD, EUR


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
    assert data["date_range"] == ["2020-11-23", "2020-12-15"] and data["new"] + data["unmapped"] == 21
    assert run("transactions", "--json").stdout.strip() == "[]"  # dry run wrote nothing
    waits = run("import", bill, "--account", "1")  # rows paid with cards not mapped yet: nothing written
    assert waits.returncode == 2 and "--leave-out-unmapped" in waits.stderr, waits.stderr
    assert run("transactions", "--json").stdout.strip() == "[]"
    assert data["new"] == 0 and data["unmapped_instruments"] == ["余额宝"]  # every row was paid from 余额宝
    left_out = run("import", bill, "--account", "1", "--leave-out-unmapped")
    assert left_out.returncode == 0 and "Nothing imported" in left_out.stdout
    assert run("accounts", "add", "--member", "1", "--platform", "支付宝", "--platform-kind", "payment_wallet",
               "--kind", "money_market", "--name", "余额宝").returncode == 0
    mapped = run("import", bill, "--account", "1", "--map", "余额宝=2")
    assert mapped.returncode == 0, mapped.stderr
    rows = json.loads(run("transactions", "--json").stdout)
    assert len(rows) == 21 and {r["account_id"] for r in rows} == {2}
    again = run("import", bill, "--account", "1", "--dry-run", "--json")  # the mapping was kept
    assert json.loads(again.stdout)["unmapped"] == 0
    assert run("import-undo").returncode == 0
    assert json.loads(run("transactions", "--json").stdout) == []
    bad = run("import", str(SAMPLES / "camt/camt053.v2.wrong.xml"), "--account", "1")
    assert bad.returncode == 1 and "camt053.v2.wrong.xml" in bad.stderr and "Traceback" not in bad.stderr
