"""Import benchmark: a 100,000-row Alipay (2023 layout, GBK) bill into a vault.

Prints wall time (target <= 5 s), peak memory of the import process (target <= 500 MB) and the ratio
to a floor measured in the same run (target <= 3x): stdlib csv parse of the same file + SM4-GCM sealing
of the same fields + raw sqlite3 executemany of the same rows.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

N = 100_000
HEADER = "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,"
PREAMBLE = ["-" * 60, "导出信息：", "姓名：***", "支付宝账户：1234567890"] + [f"说明{i}" for i in range(19)] + [
    "-" * 24 + "支付宝支付科技有限公司  电子客户回单" + "-" * 24]


def make_file(path: Path, n: int = N) -> None:
    start = datetime(2025, 1, 1, 8, 0, 0)
    lines = list(PREAMBLE) + [HEADER]
    merchants = ["永辉超市", "美团外卖", "滴滴出行", "肯德基", "盒马鲜生", "中国移动", "京东商城", "星巴克"]
    for i in range(n):
        when = start + timedelta(minutes=5 * i)
        out = i % 10 != 0
        amount = f"{(i * 37) % 50000 / 100 + 1:.2f}"
        lines.append(",".join([
            when.strftime("%Y-%m-%d %H:%M:%S"), "日用百货" if out else "转账", merchants[i % len(merchants)],
            f"shop{i % 97}***@example.com", f"商品{i}", "支出" if out else "收入", amount, "余额",
            "交易成功", f"2025{i:020d}", f"M{i:012d}", "", ""]))
    path.write_bytes(("\n".join(lines) + "\n").encode("gb18030"))


def import_in_child(vault: Path, bill: Path) -> dict[str, float]:
    code = f"""
import json, resource, sys, time
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from app.services import AppServices
from app.ledger.imports import ImportService
from app.ledger.records import MemberInput, PlatformInput, AccountInput
from connectors.statements.detect import parse_data
from app.vault.keys import FAST_KDF
svc = AppServices.create(Path({str(vault)!r}), "bench passphrase", kdf=FAST_KDF)
svc.add_member(MemberInput(name="基准"))
_c, pid = svc.add_platform(PlatformInput(name="支付宝", kind="payment_wallet"))
svc.add_account(AccountInput(member_id=1, platform_id=pid, kind="wallet_balance", name="余额"))
t = time.perf_counter()
data = Path({str(bill)!r}).read_bytes()
parsed = parse_data(data, "bill.csv")
t_parse = time.perf_counter() - t
service = ImportService(svc)
preview = service.preview(parsed, data, account_id=1)
t_preview = time.perf_counter() - t
result = service.commit(preview)
total = time.perf_counter() - t
assert result.added == {N}, result
svc.close()
print(json.dumps({{"total": total, "parse": t_parse, "preview": t_preview - t_parse, "commit": total - t_preview,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def floor(bill: Path, tmp: Path) -> float:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key = os.urandom(16)
    conn = sqlite3.connect(tmp / "floor.db")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, booked_on TEXT, direction TEXT, sealed BLOB)")
    t = time.perf_counter()
    text = bill.read_bytes().decode("gb18030")
    reader = csv.reader(io.StringIO(text))
    rows = []
    for i, rec in enumerate(reader):
        if i <= len(PREAMBLE):
            continue
        payload = json.dumps(rec[2:5] + [rec[6]] + rec[9:12], ensure_ascii=False).encode()
        enc = Cipher(algorithms.SM4(key), modes.GCM(os.urandom(12))).encryptor()
        enc.authenticate_additional_data(b"t|%d" % i)
        sealed = enc.update(payload) + enc.finalize() + enc.tag
        rows.append((i, rec[0][:10], rec[5], sealed))
    with conn:
        conn.executemany("INSERT INTO t VALUES (?,?,?,?)", rows)
    elapsed = time.perf_counter() - t
    conn.close()
    return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        bill = tmp / "alipay_100k.csv"
        make_file(bill)
        base = floor(bill, tmp)
        ours = import_in_child(tmp / "vault", bill)
    ratio = ours["total"] / base
    print(f"import: {N:,}-row Alipay bill: {ours['total']:.2f} s (target <= 5 s; parse {ours['parse']:.2f}, "
          f"preview {ours['preview']:.2f}, commit {ours['commit']:.2f}); peak RSS {ours['rss_mb']:.0f} MB "
          f"(target <= 500 MB); floor {base:.2f} s; ratio {ratio:.2f}x (target <= 3x)")


if __name__ == "__main__":
    main()
