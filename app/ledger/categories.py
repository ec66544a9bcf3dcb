"""One set of categories for every source: the sources' own words mapped to it.

Alipay's 交易分类, WeChat's 交易类型, JD's and Meituan's categories, the banks' 摘要 words and the
sandbox platforms' keys all become keys of ``vocabulary.CATEGORY_WORDS`` (shown in the interface
language); each key belongs to one group (``GROUPS``: the tree's first level). A source word that no
rule knows is kept as written, and the source's own word is always kept beside the key
(``TransactionInput.source_category``), so nothing a file said is lost.
"""

from __future__ import annotations

from decimal import Decimal

from app.ledger.vocabulary import CATEGORY_WORDS

# group -> its categories (a group is a category too, for words that say no more than the group)
GROUPS: dict[str, tuple[str, ...]] = {
    "food": ("dining", "groceries"),
    "transport": (),
    "shopping": ("clothing", "electronics", "sports"),
    "housing": ("rent",),
    "utilities": (),
    "health": (),
    "education": (),
    "entertainment": ("travel",),
    "finance": ("investment", "interest", "fees", "repayment"),
    "transfers": ("transfer", "transfer_own", "red_packet"),
    "income": ("salary", "refund"),
    "other": (),
}

# A source's word, exactly as written (after trimming), and the key it means.
EXACT: dict[str, str] = {
    # Alipay 交易分类
    "餐饮美食": "dining", "日用百货": "groceries", "交通出行": "transport", "服饰装扮": "clothing",
    "数码电器": "electronics", "运动户外": "sports", "文化休闲": "entertainment", "电影票务": "entertainment",
    "酒店旅游": "travel", "旅游景点": "travel", "医疗健康": "health", "教育培训": "education",
    "充值缴费": "utilities", "生活服务": "utilities", "住房物业": "rent", "投资理财": "investment",
    "转账红包": "transfer", "转账": "transfer", "退款": "refund", "信用借还": "repayment", "收入": "salary",
    "美容美发": "shopping", "母婴亲子": "shopping", "宠物": "shopping", "家居家装": "shopping",
    "爱车养车": "transport", "保险": "finance", "其他": "other",
    # WeChat 交易类型
    "商户消费": "shopping", "扫二维码付款": "shopping", "微信红包": "red_packet", "零钱提现": "transfer_own",
    "零钱充值": "transfer_own", "购买理财通": "investment", "赞赏码": "transfer", "分分捐": "other",
    # JD 交易分类
    "网购": "shopping", "其他网购": "shopping", "食品酒饮": "groceries", "服饰内衣": "clothing",
    "电脑办公": "electronics", "手机通讯": "electronics", "家用电器": "electronics", "收发快递": "utilities",
    "先享后付": "repayment", "医药保健": "health", "图书": "education",
    # Meituan 交易类型
    "支付": "shopping", "还款": "repayment",
}

# Words inside a longer text (a bank's 摘要, WeChat's "零钱通转出-到工商银行(9876)"), first match wins.
CONTAINS: tuple[tuple[str, str], ...] = (
    ("零钱通", "transfer_own"), ("工资", "salary"), ("代发", "salary"), ("奖金", "salary"), ("利息", "interest"),
    ("结息", "interest"), ("红包", "red_packet"), ("还款", "repayment"), ("退款", "refund"), ("退货", "refund"),
    ("房租", "rent"), ("电费", "utilities"), ("水费", "utilities"), ("燃气", "utilities"), ("话费", "utilities"),
    ("缴费", "utilities"), ("手续费", "fees"), ("年费", "fees"), ("理财", "investment"), ("基金", "investment"),
    ("申购", "investment"), ("赎回", "investment"), ("转账", "transfer"), ("汇款", "transfer"),
    ("消费", "shopping"), ("餐", "dining"), ("外卖", "dining"), ("地铁", "transport"), ("公交", "transport"),
    ("打车", "transport"), ("铁路", "transport"), ("航空", "travel"), ("酒店", "travel"),
)


_GROUP_OF = {**{key: group for group, keys in GROUPS.items() for key in keys}, **{group: group for group in GROUPS}}


def group_of(key: str) -> str:
    """The group a category belongs to (a group is its own group); "other" for unknown keys."""
    return _GROUP_OF.get(key, "other")


# Moves between the household's own accounts: money changes place, nobody earns or spends it. A row with
# one of these categories counts as one even when its other leg is not in the vault (零钱提现 to a bank
# card Huiliu does not know; a credit card's repayment from outside).
OWN_TRANSFER_CATEGORIES = frozenset({"transfer_own", "repayment"})

SPENDING, INCOME, OWN, NOT_COUNTED = "spending", "income", "own", "not_counted"


def flow_of(direction: str, amount: Decimal | None, category: str, own_transfer_ref: str) -> str:
    """What a transaction is to the household's reports: ``SPENDING``, ``INCOME``, ``OWN`` (a move between
    own accounts: paired with its other leg, or of an own-transfer category) or ``NOT_COUNTED`` (不计收支,
    a zero amount, or a row whose amount cannot be read)."""
    if amount is None:
        return NOT_COUNTED
    if own_transfer_ref or category in OWN_TRANSFER_CATEGORIES:
        return OWN
    if direction == "neutral" or amount == 0:
        return NOT_COUNTED
    return SPENDING if amount < 0 else INCOME


def categorize(source: str, *texts: str) -> str:
    """The category key for a source's own category word; failing that, for words in ``texts`` (the
    row's description or the bank's 摘要); the source's word as written when nothing matches."""
    word = " ".join(source.split())
    if word in CATEGORY_WORDS:  # already a key (a platform's own)
        return word
    if word in EXACT:
        return EXACT[word]
    for text in (word, *texts):
        for needle, key in CONTAINS:
            if needle in text:
                return key
    return word
