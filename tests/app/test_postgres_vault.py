"""One household on several computers (issue 11 §5): the vault in a shared PostgreSQL database.

The same schema, keys and sealing as a vault file; the header lives in the database, ids come from it,
writes are serialised by its advisory lock, and every editable row carries a version so two computers
never silently overwrite each other. The database never sees a plaintext or a key (the dump scan).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

import pytest
from sqlalchemy import func, select, update

from app.errors import EditConflict, VaultExists, VaultNotFound, WrongPassphrase
from app.ledger.records import MemberInput, PlatformInput
from app.ledger.transactions import TransactionInput
from app.services import AppServices
from app.vault.keys import FAST_KDF
from app.vault.schema import Account, BalanceSnapshot, Member, Transaction
from tests.app.household import SECRETS, populate
from tests.conftest import PASSPHRASE
from tests.postgres import USER, postgres_server, postgres_url, server_binaries  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
LI_SI = "李四自己的一句长密码"
ENCODINGS = ("utf-8", "gbk", "gb18030", "utf-16-le", "utf-16-be")


def _create(url: str) -> AppServices:
    return AppServices.create(None, PASSPHRASE, kdf=FAST_KDF, database_url=url)


def _rows(n: int, tag: str) -> list[TransactionInput]:
    return [TransactionInput(booked_on=date(2026, 11, 1 + i % 28), amount=Decimal(f"-{10 + i}.{i % 100:02d}"),
                             counterparty=f"{tag}商户{i}", external_id=f"{tag}-{i}") for i in range(n)]


def test_create_and_open_a_vault_in_a_shared_database(postgres_url: str) -> None:  # noqa: F811
    svc = _create(postgres_url)
    try:
        assert svc.vault.shared and svc.vault.read_only is False
        populate(svc)
        assert {a.name for a in svc.accounts()} == {"招商银行工资卡", "电子账户", "余额"}
    finally:
        svc.close()
    with pytest.raises(VaultExists):
        _create(postgres_url)
    with pytest.raises(WrongPassphrase):
        AppServices.open(postgres_url, "not the passphrase")
    svc = AppServices.open(postgres_url, PASSPHRASE)  # a URL in place of the folder
    try:
        assert [m.name for m in svc.members()] == ["张三", "李四"]
        assert svc.account(1).balance == Decimal("8888.88")
        assert svc.check_integrity(full=True).ok and svc.verify_audit().ok
    finally:
        svc.close()


def test_an_empty_database_holds_no_vault(postgres_url: str) -> None:  # noqa: F811
    with pytest.raises(VaultNotFound):
        AppServices.open(None, PASSPHRASE, database_url=postgres_url)


def test_the_household_flow_on_a_shared_database(postgres_url: str) -> None:  # noqa: F811
    owner = _create(postgres_url)
    try:
        populate(owner)
        assert owner.vault.keyed and owner.member_id == 1
        owner.add_transactions(1, [TransactionInput(booked_on=date(2026, 11, 3), amount=Decimal("-4200.00"),
                                                    counterparty="房东王先生", memo="十一月房租")])
        owner.add_transactions(3, [TransactionInput(booked_on=date(2026, 11, 4), amount=Decimal("-66.00"),
                                                    counterparty="李四的秘密花店")])
        owner.set_member_secret(2, LI_SI)
    finally:
        owner.close()
    li = AppServices.open(postgres_url, LI_SI, member_id=2)
    try:
        assert li.member_id == 2
        assert [a.name for a in li.accounts()] == ["余额"]
        assert [t.counterparty for t in li.transactions()] == ["李四的秘密花店"]
        assert [m.name for m in li.members()] == ["张三", "李四"]
        li.add_transactions(3, [TransactionInput(booked_on=date(2026, 11, 5), amount=Decimal("120.00"),
                                                 counterparty="红包")])
    finally:
        li.close()
    owner = AppServices.open(None, PASSPHRASE, database_url=postgres_url)
    try:
        assert sorted(t.counterparty for t in owner.transactions()) == sorted(["李四的秘密花店", "房东王先生", "红包"])
        # What reads raw rows (the window's index, reports, balances over time) reads them here too.
        assert any("房东王先生" in e.text and e.amount == Decimal("-4200.00") for e in owner.transaction_index())
        for kind in ("spending", "income_spending", "net_worth", "cash_flow"):
            owner.report(kind)
        assert owner.balance_history(date(2026, 1, 1))
        assert owner.check_integrity(full=True).ok and owner.verify_audit().ok
    finally:
        owner.close()


def _dump(server: str, url: str) -> bytes:
    """``pg_dump`` of the test's database, run as the server's user like tests/postgres.py runs its binaries."""
    binaries = server_binaries()
    assert binaries is not None
    name = urlparse(url).path.lstrip("/")
    args = [str(binaries / "pg_dump"), "-h", server, "-U", USER, "--no-owner", name]
    if os.geteuid() == 0:
        args = ["runuser", "-u", "nobody", "--", *args]
    done = subprocess.run(args, capture_output=True, timeout=60, check=True)
    return done.stdout


def test_the_database_never_sees_a_plaintext_or_a_key(postgres_server: str, postgres_url: str) -> None:  # noqa: F811
    svc = _create(postgres_url)
    counterparties = ("房东王先生", "瑞幸咖啡望京店")
    try:
        populate(svc)
        svc.add_transactions(1, [TransactionInput(booked_on=date(2026, 11, 3), amount=Decimal("-4200.00"),
                                                  counterparty=counterparties[0], memo="十一月房租"),
                                 TransactionInput(booked_on=date(2026, 11, 4), amount=Decimal("-31.50"),
                                                  counterparty=counterparties[1])])
        svc.set_balance(2, Decimal("7777.77"))
        svc.set_member_secret(2, LI_SI)
        data_key = svc.vault.keys.data_key
        seal_key = svc.vault.keys.seal_key
        dump = _dump(postgres_server, postgres_url)
    finally:
        svc.close()
    assert b"vault_header" in dump and b"CNY" in dump  # the dump is the whole database, plain columns too
    plaintexts = (*SECRETS, *counterparties, "8888.88", "7777.77", "4200.00", "十一月房租", "11010519491231002X",
                  PASSPHRASE, LI_SI)
    found = [f"{p} ({enc})" for p in plaintexts for enc in ENCODINGS if p.encode(enc) in dump]
    # bytea columns are dumped as hex: search that spelling too, and the keys themselves.
    hexed = dump.lower()
    found += [f"{p} (hex)" for p in plaintexts if p.encode("utf-8").hex().encode() in hexed]
    found += [name for name, key in (("data key", data_key), ("seal key", seal_key))
              if key.hex().encode() in hexed or key in dump]
    assert found == []


WORKER = textwrap.dedent("""
    import json, sys, time
    from datetime import date
    from decimal import Decimal
    sys.path.insert(0, {root!r})
    from app.errors import EditConflict
    from app.ledger.records import AccountInput, MemberInput
    from app.ledger.transactions import TransactionInput
    from app.services import AppServices
    from app.vault.schema import Account, Member

    url, who, writes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    svc = AppServices.open(None, {passphrase!r}, database_url=url)
    times, conflicts, edits, balances, added = [], 0, 0, [], 0

    def version(model, ident):
        with svc.vault.reader() as s:
            return s.get(model, ident).version

    sys.stdout.write("ready\\n"); sys.stdout.flush()
    sys.stdin.readline()  # both start together
    start = time.perf_counter()
    for i in range(writes):
        t0 = time.perf_counter()
        kind = i % 4
        if kind == 0:  # overlapping rows on the shared accounts: half of them the other process adds too
            rows = [TransactionInput(booked_on=date(2026, 11, 1 + (i // 4) % 28), amount=Decimal(f"-{{i // 4}}.25"),
                                     counterparty=f"共享{{i // 4}}", external_id=f"shared-{{i // 4}}"),
                    TransactionInput(booked_on=date(2026, 11, 1 + (i // 4) % 28), amount=Decimal(f"-{{i}}.50"),
                                     counterparty=f"进程{{who}}的{{i}}", external_id=f"own-{{who}}-{{i}}")]
            svc.add_transactions(1 + (i // 4) % 2, rows)
        elif kind == 1:
            amount = Decimal(f"{{who}}{{i}}.{{i % 100:02d}}")
            svc.set_balance(3, amount)
            balances.append(str(amount))
        elif kind == 2:  # the same member, edited by both, on the version each last saw
            while True:
                seen = version(Member, 2)
                try:
                    svc.update_member(2, MemberInput(name=f"李四-{{who}}-{{i}}"), version=seen)
                    edits += 1
                    break
                except EditConflict:
                    conflicts += 1
        else:  # the same account's note, likewise
            while True:
                seen = version(Account, 3)
                acc = svc.account(3)
                data = AccountInput(member_id=acc.member_id, platform_id=acc.platform_id, kind=acc.kind,
                                    name=acc.name, payment_class=acc.payment_class, note=f"{{who}}-{{i}}")
                try:
                    svc.update_account(3, data, version=seen)
                    edits += 1
                    break
                except EditConflict:
                    conflicts += 1
        times.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - start
    times.sort()
    print(json.dumps({{"who": who, "elapsed": elapsed, "writes": writes, "conflicts": conflicts, "edits": edits,
                      "p50": times[len(times) // 2], "p99": times[int(len(times) * 0.99)], "balances": balances}}))
    sys.stdout.flush()
    sys.stdin.readline()  # the other one has finished too: what does this one see now?
    other = 3 - who
    seen = {{t.counterparty for t in svc.transactions(limit=10 * writes)}}
    print(json.dumps({{"sees_other": sum(f"进程{{other}}的{{i}}" in seen for i in range(0, writes, 4)),
                      "member": svc.member(2).name, "note": svc.account(3).note}}))
    svc.close()
""")


@pytest.mark.timeout(600)
def test_two_computers_write_at_once_and_lose_nothing(postgres_url: str, tmp_path: Path) -> None:  # noqa: F811
    svc = _create(postgres_url)
    try:
        populate(svc)
    finally:
        svc.close()
    writes = int(os.environ.get("HUILIU_PG_WRITES", "1000"))
    script = tmp_path / "worker.py"
    script.write_text(WORKER.format(root=str(ROOT), passphrase=PASSPHRASE), "utf-8")
    env = {**os.environ, "HUILIU_LANG": "en"}
    procs = [subprocess.Popen([sys.executable, str(script), postgres_url, str(who), str(writes)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env) for who in (1, 2)]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready", proc.stderr
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    results = []
    for proc in procs:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line, proc.communicate()[1][-3000:]
        results.append(json.loads(line))
    views = []
    for proc in procs:
        out, err = proc.communicate("check\n", timeout=300)
        assert proc.returncode == 0, err[-3000:]
        views.append(json.loads(out.strip().splitlines()[-1]))
    for r in results:
        print(f"process {r['who']}: {r['writes'] / r['elapsed']:.0f} writes/s, p50 {r['p50'] * 1000:.1f} ms, "
              f"p99 {r['p99'] * 1000:.1f} ms, {r['conflicts']} conflicts retried")
    svc = AppServices.open(postgres_url, PASSPHRASE)
    try:
        quarter = writes // 4
        with svc.vault.reader() as s:
            total = s.scalar(select(func.count()).select_from(Transaction))
            distinct = s.scalar(select(func.count(func.distinct(Transaction.dedup_fp))).select_from(Transaction))
            member_version = s.get(Member, 2).version  # type: ignore[union-attr]
            account_version = s.get(Account, 3).version  # type: ignore[union-attr]
        # Every process's own rows, and each shared row once (both offered it): nothing lost, nothing twice.
        assert total == 2 * quarter + quarter
        assert distinct == total
        own = {t.counterparty for t in svc.transactions(limit=10 * writes)}
        assert all(f"进程{who}的{i}" in own for who in (1, 2) for i in range(0, writes, 4))
        assert all(f"共享{j}" in own for j in range(quarter))
        # Every balance each recorded is there; every edit that was not refused moved the version once.
        with svc.vault.reader() as s:
            kept = {str(b.amount) for b in s.scalars(select(BalanceSnapshot).where(BalanceSnapshot.account_id == 3))}
        assert kept >= {b for r in results for b in r["balances"]}
        edits = sum(r["edits"] for r in results)
        assert edits == 2 * 2 * quarter
        assert (member_version - 1) + (account_version - 1) == edits
        assert sum(r["conflicts"] for r in results) > 0  # the race did happen, and was refused, not lost
        # Each process sees the other's changes: all its rows, and the same last name and note as everyone.
        assert [v["sees_other"] for v in views] == [quarter, quarter]
        assert {v["member"] for v in views} == {svc.member(2).name}
        assert {v["note"] for v in views} == {svc.account(3).note}
        assert svc.check_integrity(full=True).ok
        assert svc.verify_audit().ok
    finally:
        svc.close()


def test_an_edit_on_a_stale_version_is_refused_and_the_newer_one_shown(postgres_url: str) -> None:  # noqa: F811
    first = _create(postgres_url)
    populate(first)
    second = AppServices.open(postgres_url, PASSPHRASE)
    try:
        with first.vault.reader() as s:
            seen = s.get(Member, 2).version  # type: ignore[union-attr]
        second.update_member(2, MemberInput(name="李四（第二台电脑）"), version=seen)
        with pytest.raises(EditConflict) as raised:
            first.update_member(2, MemberInput(name="李四（第一台电脑）"), version=seen)
        assert "#2" in str(raised.value)
        assert first.member(2).name == "李四（第二台电脑）"  # the loser sees the newer version
        # The ORM's own check: a row loaded before another writer moved its version cannot overwrite it.
        with pytest.raises(EditConflict), first.vault.session() as s:
            member = s.get(Member, 2)
            assert member is not None
            with second.vault.engine.begin() as other:  # a writer outside this one's lock
                other.execute(update(Member).where(Member.id == 2).values(version=Member.version + 1))
            member.role = "teen"
        assert second.member(2).role == "adult"
    finally:
        second.close()
        first.close()



def test_the_command_line_takes_a_database_url(postgres_url: str, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
                                               capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from app.cli import main
    from app.vault.store import head_revision

    monkeypatch.setenv("HUILIU_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("HUILIU_LANG", "en")
    folder = ["--vault", str(tmp_path / "no-vault-here")]
    assert main([*folder, "vault", "init", "--database-url", postgres_url]) == 0
    assert "Created a vault at postgresql" in capsys.readouterr().out
    assert not (tmp_path / "no-vault-here").exists()
    assert main([*folder, "--database-url", postgres_url, "members", "add", "张三"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("HUILIU_DATABASE_URL", postgres_url)
    assert main([*folder, "members", "list", "--json"]) == 0
    assert [m["name"] for m in json.loads(capsys.readouterr().out)] == ["张三"]
    assert main([*folder, "vault", "info", "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["counts"]["members"] == 1 and info["schema_version"] == head_revision()
    assert main([*folder, "vault", "init"]) != 0  # one vault per database
    assert "already exists" in capsys.readouterr().err


def test_a_passphrase_change_and_a_rekey_commit_the_header_in_the_database(postgres_url: str) -> None:  # noqa: F811
    svc = _create(postgres_url)
    try:
        # (No members: a vault with member keys keeps the owner's own keyring, which main's passphrase
        # change does not re-seal yet, on a file as here; tests/app/test_vault.py::test_passwd_rewraps_only_the_key.)
        svc.add_platform(PlatformInput(name="支付宝", kind="payment_wallet"))
        svc.change_passphrase(PASSPHRASE, "a new passphrase for the household", kdf=FAST_KDF)
    finally:
        svc.close()
    with pytest.raises(WrongPassphrase):
        AppServices.open(postgres_url, PASSPHRASE)
    svc = AppServices.open(postgres_url, "a new passphrase for the household")
    try:
        old_key = svc.vault.header.key_id
        assert svc.rekey("a new passphrase for the household", kdf=FAST_KDF) > 0
    finally:
        svc.close()
    svc = AppServices.open(postgres_url, "a new passphrase for the household")
    try:
        assert svc.vault.header.key_id != old_key
        assert [p.name for p in svc.platforms()] == ["支付宝"]
        assert svc.check_integrity(full=True).ok and svc.verify_audit().ok
    finally:
        svc.close()


@pytest.mark.parametrize("where", ["sqlite", "postgresql"])
def test_the_unique_index_keeps_a_repeat_out_and_only_what_went_in_is_counted(
        where: str, postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    """As if another computer had stored the rows between this one's reading of the fingerprints and its
    insert: the index skips them, the count and the integrity digest take only what really went in."""
    from app.ledger import transactions

    svc = _create(postgres_url) if where == "postgresql" else AppServices.create(tmp_path / "v", PASSPHRASE,
                                                                                   kdf=FAST_KDF)
    try:
        populate(svc)
        rows = _rows(30, "重复")
        svc.add_transactions(1, rows[:20])
        monkeypatch.setattr(transactions, "known_fingerprints", lambda conn, account_id: {})
        svc.add_transactions(1, rows)  # 20 repeats, 10 new
        with svc.vault.reader() as s:
            assert s.scalar(select(func.count()).select_from(Transaction)) == 30
        events = [json.loads(e.body) for e in _events(svc, "transactions.added")]
        assert [(e["details"]["count"], e["details"]["skipped"]) for e in events] == [(20, 0), (10, 20)]
        assert svc.check_integrity(full=True).ok
    finally:
        svc.close()


def _events(svc: AppServices, kind: str) -> list:  # type: ignore[type-arg]
    from app.vault.schema import AuditEvent

    with svc.vault.reader() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.kind == kind).order_by(AuditEvent.idx)))
