"""One set of categories for every source (issue 10, §6): the sources' own words mapped to it, in both
languages, the source's word kept beside."""

from __future__ import annotations

import pytest

from app import i18n
from app.ledger import vocabulary
from app.ledger.categories import CONTAINS, EXACT, GROUPS, categorize, group_of
from app.services import AppServices
from connectors.statements.detect import parse_data
from tests.app.household import populate
from tests.conftest import SAMPLES, needs_shared


@pytest.mark.parametrize(("source", "texts", "key"), [
    ("餐饮美食", (), "dining"),            # Alipay
    ("交通出行", (), "transport"),
    ("日用百货", (), "groceries"),
    ("微信红包", (), "red_packet"),        # WeChat
    ("零钱通转出-到工商银行(9876)", (), "transfer_own"),
    ("食品酒饮", (), "groceries"),         # JD
    ("还款", (), "repayment"),            # Meituan
    ("", ("代发工资",), "salary"),         # a bank's 摘要
    ("结息", (), "interest"),
    ("dining", (), "dining"),             # a platform's own key
    ("宠物医院", (), "宠物医院"),            # nothing knows it: kept as written
])
def test_a_sources_word_becomes_a_category(source: str, texts: tuple[str, ...], key: str) -> None:
    assert categorize(source, *texts) == key


def test_every_category_has_words_in_both_languages_and_a_group() -> None:
    keys = set(EXACT.values()) | {key for _word, key in CONTAINS} | set(GROUPS) | {
        k for ks in GROUPS.values() for k in ks}
    assert keys <= set(vocabulary.CATEGORY_WORDS), keys - set(vocabulary.CATEGORY_WORDS)
    for key in keys:
        assert group_of(key) in GROUPS
        i18n.set_language("zh_CN")
        try:
            chinese = vocabulary.category(key)
        finally:
            i18n.set_language("en")
        english = vocabulary.category(key)
        assert english != key and chinese != english and any("\u4e00" <= c <= "\u9fff" for c in chinese), key


@needs_shared(SAMPLES)
def test_an_imported_bill_is_categorised_and_keeps_its_own_words(services: AppServices) -> None:
    populate(services)
    name = "alipay/alipay_2023_layout_synthetic.csv"
    data = (SAMPLES / name).read_bytes()
    preview = services.preview_import(parse_data(data, name), data, account_id=3, instruments={"余额宝": 3})
    services.commit_import(preview)
    rows = services.transactions(limit=100)
    by_source = {t.source_category: t.category for t in rows if t.source_category}
    assert by_source["餐饮美食"] == "dining" and by_source["交通出行"] == "transport"
    assert vocabulary.category("dining") == "Dining"
