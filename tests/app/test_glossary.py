"""Huiliu's Chinese follows ../shared/ZH-STYLE.md in both catalogues (the Qt .ts of the UI, the PO of the
core and the command line): the glossary's words, none of the words it avoids, no ASCII punctuation
against Chinese, placeholders kept, no identifiers on screen (issue 10, §9)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "huiliu_zh_CN.ts"
PO = ROOT / "resources" / "translations" / "app_zh_CN.po"

# word the glossary avoids -> the one it uses (ZH-STYLE.md)
AVOIDED = {
    "保险库": "账本", "金库": "账本", "密库": "账本", "口令": "主密码", "架构版本": "数据格式版本", "成人": "成年人",
    "数据过期": "未更新", "折算为": "折合", "新建平台": "添加平台", "结单": "对账单", "账单余额": "对账单余额",
    "商城余额": "电商余额", "欠款": "待还", "闲置后锁定": "无操作自动锁定", "在本机记住": "在本机免密解锁",
    "信用额度账户": "消费信贷", "演示": "示例", "已关闭": "交易关闭",
}
UI_ONLY_AVOIDED = {"沙盒": "模拟平台"}  # a developer word: only the command line's help may say it
CJK = "\u4e00-\u9fff"
ASCII_PUNCT = re.compile(rf"[{CJK}][,;:!?]|[,;:!?][{CJK}]")


def ts_pairs() -> list[tuple[str, str, str]]:
    out = []
    for context in ET.parse(TS).getroot():
        for message in context.findall("message"):
            translation = message.find("translation")
            forms = [f.text or "" for f in translation.iter("numerusform")] if translation is not None else []
            text = " ".join(forms) if forms else (message.findtext("translation") or "")
            out.append((context.findtext("name") or "", message.findtext("source") or "", text))
    return out


def po_pairs() -> list[tuple[str, str, str]]:
    out = []
    for m in read_po(PO.open("rb")):
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        out.append(("po", ids[0], " ".join(strings)))
    return out


@pytest.mark.parametrize("catalogue", ["ts", "po"])
def test_no_word_the_glossary_avoids(catalogue: str) -> None:
    pairs = ts_pairs() if catalogue == "ts" else po_pairs()
    avoided = {**AVOIDED, **(UI_ONLY_AVOIDED if catalogue == "ts" else {})}
    found = [(where, source, word, use) for where, source, text in pairs
             for word, use in avoided.items() if word in text]
    assert not found, "\n".join(f"{w}: {s!r} says {word}, the glossary uses {use}" for w, s, word, use in found)


@pytest.mark.parametrize("catalogue", ["ts", "po"])
def test_the_vault_is_the_account_book(catalogue: str) -> None:
    pairs = ts_pairs() if catalogue == "ts" else po_pairs()
    vault = re.compile(r"\bvaults?\b", re.IGNORECASE)
    wrong = [(w, s, t) for w, s, t in pairs if vault.search(s) and t and "账本" not in t and "--vault" not in s]
    assert not wrong, wrong


@pytest.mark.parametrize("catalogue", ["ts", "po"])
def test_no_ascii_punctuation_against_chinese(catalogue: str) -> None:
    pairs = ts_pairs() if catalogue == "ts" else po_pairs()
    # (a file dialog's filter "名称 (*.csv)" is parsed by Qt and keeps its ASCII form)
    wrong = [(w, t) for w, s, t in pairs if ASCII_PUNCT.search(t) and "(*" not in s]
    assert not wrong, wrong


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{[a-z_]+\}|%L?[0-9n]", text))


@pytest.mark.parametrize("catalogue", ["ts", "po"])
def test_placeholders_are_kept(catalogue: str) -> None:
    pairs = ts_pairs() if catalogue == "ts" else po_pairs()
    wrong = [(w, s, t) for w, s, t in pairs if t and set(_placeholders(s)) != set(_placeholders(t))]
    assert not wrong, wrong


def test_the_transactions_page_is_not_securities_trading() -> None:
    titles = {t for _w, s, t in ts_pairs() if s == "Transactions"}
    assert titles == {"收支明细"}
