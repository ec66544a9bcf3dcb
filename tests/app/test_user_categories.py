"""Categories of one's own and counterparty rules (issue 10, §6): the user renames, adds and
recategorises; a rule "always put this counterparty in this category" wins over the built-in words at
every later import and sync, and can move the transactions already there as one undoable operation."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from app import i18n
from app.errors import NotFound, ValidationError
from app.ledger import vocabulary
from app.ledger.categories import GROUPS, group_of
from app.ledger.statements import ParsedStatement, StatementRow, StatementSection
from app.services import AppServices
from app.vault.keys import FAST_KDF
from app.vault.schema import AuditEvent
from app.vault.store import DB_NAME
from connectors.statements.detect import parse_data
from tests.app.household import populate
from tests.conftest import SAMPLES, needs_shared


def bill(rows: list[StatementRow], path: str = "/tmp/支付宝账单.csv") -> ParsedStatement:
    return ParsedStatement(
        format="alipay-2023", path=path, encoding="gb18030", sections=[StatementSection(rows=rows)]
    )


def row(line: int, day: int, amount: str, **kw: object) -> StatementRow:
    value = Decimal(amount)
    return StatementRow(
        line=line,
        occurred_at=datetime(2026, 3, day, 12, 0),
        amount=value,
        currency="CNY",
        direction="in" if value > 0 else "out",
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def imported(services: AppServices) -> AppServices:
    """Two KFC lunches and a coffee in the wallet; a top-up paired with the bank's leg."""
    populate(services)
    wallet = bill(
        [
            row(2, 3, "-25.00", counterparty="肯德基", order_id="A1", category="餐饮美食"),
            row(3, 4, "-31.00", counterparty="肯德基", order_id="A2", category="餐饮美食"),
            row(4, 5, "-18.00", counterparty="瑞幸咖啡", order_id="A3", category="餐饮美食"),
            row(5, 10, "500.00", counterparty="招商银行", order_id="T1", transfer_hint="topup"),
        ]
    )
    services.commit_import(services.preview_import(wallet, b"w", account_id=3))
    bank = ParsedStatement(
        format="cmb-csv",
        path="cmb.csv",
        encoding="utf-8",
        sections=[
            StatementSection(rows=[row(2, 11, "-500.00", counterparty="招商银行", transfer_hint="topup")])
        ],
    )
    services.commit_import(services.preview_import(bank, b"b", account_id=1))
    return services


def categories_of(services: AppServices, counterparty: str) -> list[str]:
    return sorted(t.category for t in services.transactions(limit=1000) if t.counterparty == counterparty)


def events(services: AppServices, prefix: str) -> list[tuple[str, str]]:
    with services.vault.reader() as s:
        rows = s.scalars(
            select(AuditEvent).where(AuditEvent.kind.startswith(prefix)).order_by(AuditEvent.idx)
        )
        return [(e.kind, e.body) for e in rows]


# --- the tree ---------------------------------------------------------------------------------------


def test_a_category_of_ones_own_joins_the_tree_under_its_group(services: AppServices) -> None:
    _c, pets = services.add_category("  宠物  ", "shopping")
    _c, kids = services.add_category("孩子")
    _c, fees = services.add_category("学费", kids)
    tree = services.category_tree()
    shopping = tree.node("shopping")
    assert shopping is not None and [c.name for c in shopping.children][-1] == "宠物"
    kids_node = tree.node(kids)
    assert kids_node is not None and kids_node.is_group and [c.key for c in kids_node.children] == [fees]
    assert tree.groups[-1].key == "other"  # a group of one's own comes before "other"
    assert services.category_group(pets) == "shopping" and services.category_group(fees) == kids
    assert services.category_group("dining") == group_of("dining") == "food"  # built-in ones unchanged
    assert services.category_groups()[pets] == "shopping"
    assert services.category_names() == {pets: "宠物", kids: "孩子", fees: "学费"}
    # Keys, not names, in the transactions: nothing to rewrite at a rename.
    assert pets.startswith("user:") and pets not in GROUPS


def test_names_are_checked(services: AppServices) -> None:
    services.add_category("宠物", "shopping")
    with pytest.raises(ValidationError, match="already exists"):
        services.add_category("宠物", "food")
    with pytest.raises(ValidationError, match="already exists"):
        services.add_category("dining", "food")  # a built-in's English word, whatever the language shown
    with pytest.raises(ValidationError):
        services.add_category("   ", "food")
    with pytest.raises(ValidationError):
        services.add_category("长" * 41, "food")
    with pytest.raises(ValidationError):
        services.add_category("午餐", "dining")  # a category is not a group
    _c, kids = services.add_category("孩子")
    _c, fees = services.add_category("学费", kids)
    with pytest.raises(ValidationError):
        services.add_category("兴趣班", fees)  # two levels: groups, then categories


def test_renaming_a_built_in_category_shows_the_new_name_in_both_languages(services: AppServices) -> None:
    services.rename_category("dining", "下馆子")
    for language in ("zh_CN", "en"):
        i18n.set_language(language)
        try:
            tree = services.category_tree()
            assert tree.name_of("dining") == "下馆子"
            assert tree.name_of("groceries") == vocabulary.category("groceries")  # translated as ever
            assert (tree.name_of("groceries") == "Groceries") == (language == "en")
        finally:
            i18n.set_language("en")
    node = services.category_tree().node("dining")
    assert node is not None and (node.own_name, node.standard_name) == ("下馆子", "Dining")
    assert services.rename_category("dining", "下馆子") == services.rename_category("dining", " 下馆子 ")
    services.rename_category("dining", "")  # its own word back
    assert services.category_names() == {} and services.category_tree().name_of("dining") == "Dining"
    services.rename_category("dining", "Eating out")
    services.rename_category("dining", "Dining")  # its own word again: nothing of the user's is kept
    assert services.category_names() == {}


def test_renaming_ones_own_category_rewrites_no_transaction(imported: AppServices) -> None:
    _c, lunch = imported.add_category("午餐", "food")
    kfc = next(t.id for t in imported.transactions() if t.counterparty == "肯德基")
    imported.edit_transaction(kfc, category=lunch)
    imported.rename_category(lunch, "工作餐")
    assert imported.transaction_detail(kfc).view.category == lunch
    assert imported.category_tree().name_of(lunch) == "工作餐"
    with pytest.raises(NotFound):
        imported.rename_category("user:999", "x")


def test_deleting_a_category_moves_its_transactions_and_rules_to_its_group(imported: AppServices) -> None:
    _c, lunch = imported.add_category("午餐", "food")
    _c, coffee = imported.add_category("咖啡", "food")
    for t in imported.transactions():
        if t.counterparty == "肯德基":
            imported.edit_transaction(t.id, category=lunch)
    imported.save_category_rule("肯德基", lunch)
    counted = imported.category_tree(counts=True)
    assert counted.node(lunch).count == 2 and counted.node(coffee).count == 0  # type: ignore[union-attr]
    changes, moved = imported.delete_category(lunch)
    assert moved == 2 and changes.touches("transactions", "categories")
    assert categories_of(imported, "肯德基") == ["food", "food"]
    assert [(r.counterparty, r.category) for r in imported.category_rules()] == [("肯德基", "food")]
    assert imported.category_tree().node(lunch) is None and imported.category_tree().node(coffee) is not None
    with pytest.raises(ValidationError, match="built-in"):
        imported.delete_category("dining")
    assert imported.check_integrity(full=True).ok


def test_deleting_a_group_of_ones_own_moves_everything_in_it_to_other(imported: AppServices) -> None:
    _c, treats = imported.add_category("零食")
    _c, coffee = imported.add_category("咖啡", treats)
    luckin = next(t.id for t in imported.transactions() if t.counterparty == "瑞幸咖啡")
    kfc = next(t.id for t in imported.transactions() if t.counterparty == "肯德基")
    imported.edit_transaction(luckin, category=coffee)
    imported.edit_transaction(kfc, category=treats)
    _changes, moved = imported.delete_category(treats)
    assert moved == 2
    assert imported.transaction_detail(luckin).view.category == "other"
    assert imported.transaction_detail(kfc).view.category == "other"
    assert imported.category_names() == {}


def test_every_change_is_audited_without_the_names(imported: AppServices) -> None:
    _c, pets = imported.add_category("宠物店", "shopping")
    imported.rename_category(pets, "宠物医院")
    imported.rename_category("dining", "下馆子")
    imported.save_category_rule("肯德基", pets)
    _c, before = imported.apply_category_rule("肯德基", pets)
    imported.restore_categories(before)
    rule = imported.category_rules()[0].id
    imported.delete_category_rule(rule)
    imported.delete_category(pets)
    kinds = [k for k, _b in events(imported, "categor")] + [
        k for k, _b in events(imported, "transactions.rec")
    ]
    assert kinds == [
        "category.added",
        "category.renamed",
        "category.renamed",
        "category_rule.added",
        "category_rule.deleted",
        "category.deleted",
        "transactions.recategorized",
        "transactions.recategorized",
        "transactions.recategorized",
    ]
    bodies = " ".join(b for _k, b in events(imported, "categor") + events(imported, "transactions.rec"))
    for secret in ("宠物", "下馆子", "肯德基"):
        assert secret not in bodies
    assert imported.verify_audit().ok


def test_names_and_rules_are_sealed(imported: AppServices, vault_dir: Path) -> None:
    imported.add_category("宠物医院", "shopping")
    imported.rename_category("dining", "下馆子")
    imported.save_category_rule("瑞幸咖啡", "dining")
    imported.close()
    raw = (vault_dir / DB_NAME).read_bytes()
    for secret in ("宠物医院", "下馆子", "瑞幸咖啡"):
        assert secret.encode() not in raw
    conn = sqlite3.connect(vault_dir / DB_NAME)
    try:  # a row's plain column changed behind the app's back is reported as damage
        conn.execute("UPDATE user_categories SET parent = 'food'")
        conn.commit()
    finally:
        conn.close()
    again = AppServices.open(vault_dir, "correct horse battery staple")
    try:
        assert ("user_categories", 1) in again.check_integrity(full=True).damaged
    finally:
        again.close()


# --- counterparty rules -----------------------------------------------------------------------------


def test_a_rule_moves_a_counterpartys_transactions_as_one_undoable_step(imported: AppServices) -> None:
    assert categories_of(imported, "肯德基") == ["dining", "dining"]
    kfc = next(t.id for t in imported.transactions() if t.counterparty == "肯德基")
    imported.edit_transaction(kfc, category="groceries")  # the manual change the rule is offered after
    _c, rule = imported.save_category_rule("肯德基", "groceries")
    assert imported.rule_matches("肯德基", "groceries") == 1  # the other one
    assert imported.rule_matches(" 肯德基 ", "groceries") == 1
    changes, before = imported.apply_category_rule("肯德基", "groceries")
    assert changes.touches("transactions") and len(before) == 1 and set(before.values()) == {"dining"}
    assert categories_of(imported, "肯德基") == ["groceries", "groceries"]
    assert categories_of(imported, "瑞幸咖啡") == ["dining"]  # other counterparties are left alone
    imported.restore_categories(before)  # undo
    assert categories_of(imported, "肯德基") == ["dining", "groceries"]
    # one rule per counterparty: a second one replaces the first
    _c, again = imported.save_category_rule("肯德基", "shopping")
    assert again == rule and [(r.counterparty, r.category) for r in imported.category_rules()] == [
        ("肯德基", "shopping")
    ]
    assert imported.check_integrity(full=True).ok


def test_moves_between_own_accounts_keep_their_category(imported: AppServices) -> None:
    imported.save_category_rule("招商银行", "fees")
    assert imported.rule_matches("招商银行", "fees") == 0
    _c, before = imported.apply_category_rule("招商银行", "fees")
    assert before == {} and categories_of(imported, "招商银行") == ["transfer", "transfer"]


def test_a_rule_decides_the_category_at_the_next_import(imported: AppServices) -> None:
    imported.save_category_rule("ＫＦＣ 人民广场店", "groceries")  # full-width, as some bills write it
    later = bill(
        [
            row(2, 20, "-27.00", counterparty="kfc  人民广场店", order_id="B1", category="餐饮美食"),
            row(3, 21, "-9.00", counterparty="全家便利店", order_id="B2", category="餐饮美食"),
        ],
        path="/tmp/later.csv",
    )
    preview = imported.preview_import(later, b"later", account_id=3)
    assert [p.tx.category for p in preview.rows if p.tx is not None] == ["groceries", "dining"]
    imported.commit_import(preview)
    kfc = next(t for t in imported.transactions() if t.counterparty == "kfc  人民广场店")
    assert (kfc.category, kfc.source_category) == ("groceries", "餐饮美食")  # the bill's own word is kept


@needs_shared(SAMPLES)
def test_a_rule_wins_over_the_built_in_words_when_a_real_bill_is_imported(services: AppServices) -> None:
    populate(services)
    _c, fuel = services.add_category("加油", "transport")
    services.save_category_rule("中国石化", fuel)
    services.save_category_rule("apple store", "education")
    name = "alipay/alipay_2023_layout_synthetic.csv"
    data = (SAMPLES / name).read_bytes()
    preview = services.preview_import(parse_data(data, name), data, account_id=3, instruments={"余额宝": 3})
    services.commit_import(preview)
    rows = {t.counterparty: t for t in services.transactions(limit=100)}
    assert (rows["中国石化"].category, rows["中国石化"].source_category) == (fuel, "交通出行")
    assert (rows["Apple Store"].category, rows["Apple Store"].source_category) == ("education", "数码电器")
    assert rows["滴滴出行"].category == "transport"  # no rule: the built-in words decide
    assert services.category_group(rows["中国石化"].category) == "transport"


@pytest.fixture
def sandbox_demo(tmp_path: Path) -> Iterator[tuple[AppServices, object]]:
    from connectors.sandbox import Sandbox
    from connectors.sandbox.provider import LocalSandbox

    sandbox = Sandbox(seed=7).start()
    try:
        services, report = AppServices.create_demo(
            tmp_path / "demo", "demo passphrase", kdf=FAST_KDF, platforms=LocalSandbox(sandbox, None)
        )
        assert report.ok, report.to_json()
        try:
            yield services, sandbox
        finally:
            services.close()
    finally:
        sandbox.stop()


def test_a_rule_decides_the_category_at_the_next_sync(sandbox_demo: tuple[AppServices, object]) -> None:
    services, sandbox = sandbox_demo
    coffee_before = {t.id for t in services.transactions(limit=10**6) if t.counterparty == "一杯咖啡"}
    booked_before = {
        t.id
        for t in services.transactions(limit=10**6)
        if t.counterparty == "一杯咖啡" and t.status == "booked"
    }
    assert booked_before and set(categories_of(services, "一杯咖啡")) == {"dining"}
    _c, coffee = services.add_category("咖啡", "food")
    services.save_category_rule("一杯咖啡", coffee)
    sandbox.advance(days=14)  # type: ignore[attr-defined]
    assert services.refresh().ok
    rows = services.transactions(limit=10**6)
    new = [t for t in rows if t.counterparty == "一杯咖啡" and t.id not in coffee_before]
    assert new, "the sandbox sold no coffee in two weeks"
    assert {(t.category, t.source_category) for t in new} == {(coffee, "dining")}
    old = [t for t in rows if t.id in booked_before]
    assert {t.category for t in old} == {"dining"}  # rows booked before move only when asked
    subway = [t for t in rows if t.counterparty == "汇城地铁"]
    assert subway and {t.category for t in subway} == {"transport"}
    assert services.rule_matches("一杯咖啡", coffee) == len(old)


def test_the_command_line_lists_adds_renames_and_deletes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from app.cli import main

    vault = tmp_path / "v"
    monkeypatch.setenv("HUILIU_PASSPHRASE", "cli passphrase 123")
    monkeypatch.setenv("HUILIU_LANG", "en")

    def run(*args: str) -> str:
        code = main(["--vault", str(vault), *args])
        out = capsys.readouterr()
        assert code == 0, out.err
        return out.out

    run("vault", "init")
    assert "user:1" in run("categories", "add", "宠物", "--group", "shopping")
    run("categories", "rename", "dining", "下馆子")
    listing = run("categories", "list")
    assert "    下馆子  [dining]" in listing and "    宠物  [user:1]" in listing
    assert "Food and dining  [food]" in listing
    run("category-rules", "add", "肯德基", "user:1")
    rules = json.loads(run("category-rules", "list", "--json"))
    assert [(r["counterparty"], r["category"]) for r in rules] == [("肯德基", "user:1")]
    assert "Shopping" in run("categories", "delete", "user:1")
    assert "肯德基 → Shopping" in run("category-rules", "list")
    run("category-rules", "delete", "1")
    assert run("category-rules", "list") == ""
    tree = json.loads(run("categories", "list", "--json", "--counts"))
    assert tree[0]["key"] == "food" and tree[0]["count"] == 0


def test_a_csv_export_names_ones_own_categories(imported: AppServices) -> None:
    _c, lunch = imported.add_category("工作餐", "food")
    kfc = next(t.id for t in imported.transactions() if t.counterparty == "肯德基")
    imported.edit_transaction(kfc, category=lunch)
    text, _n = imported.export("csv")
    assert "工作餐" in text and lunch not in text and ",dining," in text  # built-in keys stay keys
