"""Vault benchmarks; each figure is a ratio against a floor measured in the same run.

(a) sealing 100k records vs raw SM4-GCM over the same bytes;
(b) inserting 100k sealed transactions vs plain sqlite3 executemany of the same rows (target <= 4x);
(c) opening a vault holding 100k transactions to the first query result (target <= 1 s).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes  # noqa: E402

from app.ledger.records import AccountInput, MemberInput, PlatformInput  # noqa: E402
from app.ledger.transactions import TransactionInput  # noqa: E402
from app.services import AppServices  # noqa: E402
from app.vault.sealing import aad, encode_payload  # noqa: E402

N = 100_000
PASS = "bench passphrase"


def rows(n: int) -> list[TransactionInput]:
    start = date(2025, 1, 1)
    out = []
    for i in range(n):
        out.append(TransactionInput(
            booked_on=start + timedelta(days=i % 365),
            amount=Decimal(f"-{(i * 37) % 100000 / 100:.2f}") if i % 5 else Decimal(f"{(i * 91) % 900000 / 100:.2f}"),
            counterparty=f"商户{i % 977}", memo=f"订单 {i}", description="消费", external_id=f"T{i:09d}",
        ))
    return out


def best(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bench_sealing(services: AppServices, data: list[TransactionInput]) -> None:
    payloads = [encode_payload({"amount": str(r.amount), "counterparty": r.counterparty, "memo": r.memo,
                                "description": r.description, "external_id": r.external_id}) for r in data]
    aads = [aad("transactions", i) for i in range(len(payloads))]
    sealer = services.vault.sealer
    key = services.vault.keys.seal_key

    def raw() -> None:
        for p, a in zip(payloads, aads, strict=True):
            enc = Cipher(algorithms.SM4(key), modes.GCM(os.urandom(12))).encryptor()
            enc.authenticate_additional_data(a)
            enc.update(p)
            enc.finalize()

    def sealed() -> None:
        for p, a in zip(payloads, aads, strict=True):
            sealer.seal(p, a)

    floor, ours = best(raw), best(sealed)
    mib = sum(map(len, payloads)) / 2**20
    print(f"(a) sealing {N:,} records ({mib:.1f} MiB): {ours:.3f} s ({mib / ours:.1f} MiB/s); "
          f"raw SM4-GCM {floor:.3f} s; ratio {ours / floor:.2f}x")


def bench_insert(tmp: Path, data: list[TransactionInput]) -> AppServices:
    conn = sqlite3.connect(tmp / "plain.db")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, account_id INT, booked_on TEXT, status TEXT, "
                 "direction TEXT, amount TEXT, counterparty TEXT, memo TEXT, description TEXT, external_id TEXT, "
                 "created_at TEXT)")
    conn.execute("CREATE INDEX ix_t ON t (account_id, booked_on)")
    plain = [(i, 1, r.booked_on.isoformat(), "booked", "out", str(r.amount), r.counterparty, r.memo, r.description,
              r.external_id, "2026-01-01 00:00:00.000000") for i, r in enumerate(data, 1)]
    t = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO t VALUES (?,?,?,?,?,?,?,?,?,?,?)", plain)
    floor = time.perf_counter() - t
    conn.close()

    svc = AppServices.create(tmp / "vault", PASS)
    svc.add_member(MemberInput(name="基准"))
    _c, pid = svc.add_platform(PlatformInput(name="银行", kind="bank", legal_entity="某银行"))
    svc.add_account(AccountInput(member_id=1, platform_id=pid, kind="debit_card", name="卡", bank_class="I"))
    t = time.perf_counter()
    svc.add_transactions(1, data)
    ours = time.perf_counter() - t
    print(f"(b) inserting {N:,} sealed transactions: {ours:.3f} s; plain sqlite3 executemany {floor:.3f} s; "
          f"ratio {ours / floor:.2f}x (target <= 4x)")
    return svc


def bench_open(tmp: Path) -> None:
    t = time.perf_counter()
    svc = AppServices.open(tmp / "vault", PASS)
    t_open = time.perf_counter() - t
    first = svc.transactions(limit=50)
    total = time.perf_counter() - t
    assert len(first) == 50 and first[0].amount is not None
    # The floor: the passphrase's key derivation alone, which is deliberately slow (>= 0.25 s).
    from app.vault.keys import derive_kek
    floor = best(lambda: derive_kek(PASS, svc.vault.header.kdf), repeat=1)
    svc.close()
    print(f"(c) open a vault with {N:,} transactions to the first 50 rows: {total:.3f} s (target <= 1 s); "
          f"of which open {t_open:.3f} s; scrypt alone {floor:.3f} s; ratio to scrypt {total / floor:.2f}x")


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        data = rows(N)
        svc = bench_insert(tmp, data)
        bench_sealing(svc, data)
        svc.close()
        bench_open(tmp)


if __name__ == "__main__":
    main()
