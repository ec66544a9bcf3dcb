"""CLI benchmarks: whole ``huiliu`` processes, as a person or a script runs them.

(a) The fixed cost of a command: ``huiliu vault info --json`` on a small vault (the real key derivation),
    from process start to exit, unlock included; median of several runs (target <= 0.7 s). Printed with
    it, medians of the same run: a bare interpreter, importing the CLI module, importing ``app.services``
    (what every vault command loads) and the passphrase's key derivation alone.
(b) The whole ``huiliu import`` process of the 100k-row Alipay bill (start-up, unlock, parse, preview,
    commit, JSON summary), best of two runs, each into a fresh vault.

    The peer figure comes from the issue: china-beancount-importers' extract of the same 100k rows took
    4.44 s in a run where ours took 5.01 s; our whole process should be faster than that peer. The peer is
    not measured here: its wheel downloads, but it needs beangulp, pandas, pdfplumber, rjieba and more,
    which this machine does not have and may not fetch (and its Alipay importer reads the account-log
    layout, not this bill). So the target is a ratio derived from a floor measured in the same run:
    reading and parsing the same file with stdlib csv + Decimal + strptime (the job DESIGN.md's reference
    table gives as 0.88 s on this kind of machine, where the peer took 4.44 s: 5.0x). Our whole import
    must stay under 5.0x that floor (target), which is the peer's time scaled to this machine.

Exits 1 when a target is missed.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from _targets import at_most, finish

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASS = "bench passphrase"
RUNS = 7
PEER_SECONDS, PARSE_REFERENCE_SECONDS = 4.44, 0.88  # the peer run; DESIGN.md's csv+Decimal+strptime
PEER_RATIO = PEER_SECONDS / PARSE_REFERENCE_SECONDS


def huiliu() -> list[str]:
    """The installed console script when there is one (what people run), else ``python -m app.cli``."""
    script = Path(sys.executable).with_name("huiliu")
    return [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]


def child_env() -> dict[str, str]:
    env = dict(os.environ, HUILIU_PASSPHRASE=PASS, HUILIU_LANG="en")
    env.pop("HUILIU_VAULT", None)
    return env


def wall(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - t
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({out.returncode}): {out.stderr.strip()[-2000:]}")
    return elapsed, out.stdout


def median_of(cmd: list[str], env: dict[str, str] | None = None, runs: int = RUNS) -> float:
    wall(cmd, env)  # warm the page cache and the bytecode cache
    return statistics.median(wall(cmd, env)[0] for _ in range(runs))


def make_vault(directory: Path, kind: str) -> None:
    """A vault with one member, platform and account, made with the default (real) key derivation."""
    code = f"""
import sys
sys.path.insert(0, {str(ROOT)!r})
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from app.ledger.records import AccountInput, MemberInput, PlatformInput
from app.ledger.transactions import TransactionInput
from app.services import AppServices
s = AppServices.create(Path({str(directory)!r}), {PASS!r})
s.add_member(MemberInput(name="基准"))
if {kind!r} == "wallet":
    _c, pid = s.add_platform(PlatformInput(name="支付宝", kind="payment_wallet"))
    s.add_account(AccountInput(member_id=1, platform_id=pid, kind="wallet_balance", name="余额"))
else:
    _c, pid = s.add_platform(PlatformInput(name="银行", kind="bank", legal_entity="某银行"))
    s.add_account(AccountInput(member_id=1, platform_id=pid, kind="debit_card", name="卡", bank_class="I"))
    s.add_transactions(1, [TransactionInput(date(2025, 1, 1) + timedelta(days=i), Decimal(-i - 1) / 10,
                                            counterparty=f"商户{{i}}") for i in range(200)])
s.close()
"""
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def parse_floor(bill: Path, skip: int) -> float:
    """Read and parse the bill with stdlib csv + Decimal + strptime (DESIGN.md's reference job)."""
    t = time.perf_counter()
    reader = csv.reader(io.StringIO(bill.read_bytes().decode("gb18030"), newline=""))
    for _ in range(skip):
        next(reader)
    rows = [(datetime.strptime(r[0], "%Y-%m-%d %H:%M:%S"), Decimal(r[6]), r[2], r[4], r[9]) for r in reader]
    elapsed = time.perf_counter() - t
    assert rows
    return elapsed


def bench_fixed_cost(tmp: Path) -> None:
    vault = tmp / "small"
    make_vault(vault, "bank")
    env = child_env()
    info = huiliu() + ["--vault", str(vault), "vault", "info", "--json"]
    _t, out = wall(info, env)
    assert json.loads(out)["counts"], out
    ours = median_of(info, env)
    bare = median_of([sys.executable, "-c", "pass"])
    cli_module = median_of([sys.executable, "-c", "import app.cli"])
    services = median_of([sys.executable, "-c", "import app.services"])
    kdf = median_of([sys.executable, "-c", f"""
import sys, time
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from app.vault.keys import Header, derive_kek
h = Header.read(Path({str(vault)!r}))
t = time.perf_counter(); derive_kek({PASS!r}, h.kdf); print(time.perf_counter() - t)
"""], runs=3)
    at_most("(a) CLI fixed cost: `huiliu vault info --json` on a small vault, whole process (median)", ours, 0.7,
            "s", f"of it, medians of whole processes: bare python {bare:.3f} s, `import app.cli` {cli_module:.3f} s, "
            f"`import app.services` {services:.3f} s, a process that only derives the key {kdf:.3f} s")


def bench_import(tmp: Path) -> None:
    bench_import_module = importlib.import_module("import")  # bench/import.py: the same 100k-row bill
    bill = tmp / "alipay_100k.csv"
    bench_import_module.make_file(bill)
    skip = len(bench_import_module.PREAMBLE) + 1
    env = child_env()
    times, floors = [], []
    for attempt in (1, 2):  # alternating, best of each: the machine is shared
        floors.append(parse_floor(bill, skip))
        vault = tmp / f"import{attempt}"
        make_vault(vault, "wallet")
        elapsed, out = wall(huiliu() + ["--vault", str(vault), "import", str(bill), "--account", "1", "--json"], env)
        assert json.loads(out)["imported"]["added"] == bench_import_module.N, out[-500:]
        times.append(elapsed)
        shutil.rmtree(vault)
    ours, floor = min(times), min(floors)
    at_most(f"(b) whole `huiliu import` process, {bench_import_module.N:,}-row Alipay bill, ratio to the csv + "
            "Decimal + strptime floor", ours / floor, PEER_RATIO, "x",
            f"ours {ours:.2f} s, floor {floor:.2f} s; the peer's {PEER_SECONDS} s over DESIGN.md's "
            f"{PARSE_REFERENCE_SECONDS} s floor is {PEER_RATIO:.2f}x, so the target is the peer scaled to this "
            f"machine: {PEER_RATIO * floor:.2f} s (peer not measured here: its dependencies are not available)")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="huiliu-bench-cli-") as d:
        tmp = Path(d)
        bench_fixed_cost(tmp)
        bench_import(tmp)
    finish()


if __name__ == "__main__":
    main()
