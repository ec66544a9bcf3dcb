"""The core's message catalogue: template up to date, Chinese complete and faithful, switchable at run time."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from app import i18n
from app.errors import VaultNotFound, WrongPassphrase

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
POT = TRANSLATIONS / "app.pot"
ZH_PO = TRANSLATIONS / "app_zh_CN.po"
FIX = "run `make i18n-update`, then translate the new entries of resources/translations/app_zh_CN.po"
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
KNOWN = "Wrong passphrase: the vault was not opened and nothing was changed."


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _messages(catalog: Catalog) -> dict[object, Message]:
    """Every real entry (not the header, not obsolete) by msgid."""
    return {m.id: m for m in catalog if m.id}


def _strings(value: object) -> tuple[str, ...]:
    """A msgid or msgstr as a tuple of texts (plural entries carry several)."""
    if isinstance(value, (tuple, list)):
        return tuple(str(v or "") for v in value)
    return (str(value or ""),)


def _placeholders(text: str) -> set[str]:
    """Names of the ``{fields}`` in ``text``; raises ValueError on unbalanced braces."""
    return {field for _lit, field, _spec, _conv in string.Formatter().parse(text) if field is not None}


@pytest.fixture(scope="module")
def template() -> dict[object, Message]:
    return _messages(_read(POT))


@pytest.fixture(scope="module")
def chinese() -> dict[object, Message]:
    return _messages(_read(ZH_PO, locale="zh_CN"))


@pytest.fixture
def zh() -> Iterator[None]:
    """Switch the core to Chinese for one test; always back to English (other tests expect it)."""
    i18n.set_language("zh_CN")
    try:
        yield
    finally:
        i18n.set_language("en")


def test_template_is_up_to_date(tmp_path: Path, template: dict[object, Message]) -> None:
    fresh = tmp_path / "app.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    command = [str(pybabel)] if pybabel.exists() else [sys.executable, "-m", "babel.messages.frontend"]
    command += ["-q", "extract", "-k", "N_", "--project=huiliu", "--sort-output", "--no-location",
                "-o", str(fresh), "app", "connectors"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"pybabel extract failed:\n{result.stderr}"
    extracted = set(_messages(_read(fresh)))
    missing = sorted(map(str, extracted - set(template)))
    extra = sorted(map(str, set(template) - extracted))
    assert not missing and not extra, (
        f"resources/translations/app.pot is out of date with app/.\n"
        f"Marked in the source but missing from app.pot: {missing}\n"
        f"In app.pot but no longer in the source: {extra}\n{FIX}"
    )


def test_every_message_is_translated_into_chinese(
    template: dict[object, Message], chinese: dict[object, Message]
) -> None:
    absent = [str(mid) for mid in template if mid not in chinese]
    empty = [str(mid) for mid in template if mid in chinese and not all(_strings(chinese[mid].string))]
    fuzzy = [str(mid) for mid in template if mid in chinese and chinese[mid].fuzzy]
    assert not absent, f"not in app_zh_CN.po: {absent}\n{FIX}"
    assert not empty, f"untranslated in app_zh_CN.po: {empty}"
    assert not fuzzy, f"fuzzy (ignored at run time) in app_zh_CN.po: {fuzzy}"


def test_translations_keep_the_placeholders(chinese: dict[object, Message]) -> None:
    wrong = []
    for mid, message in chinese.items():
        expected = set().union(*(_placeholders(t) for t in _strings(mid)))
        for text in _strings(message.string):
            if not text:
                continue  # reported by the completeness test
            try:
                found = _placeholders(text)
            except ValueError as exc:
                wrong.append(f"{mid!r} -> {text!r}: {exc}")
                continue
            if found != expected:
                wrong.append(f"{mid!r} -> {text!r}: expected {sorted(expected)}, found {sorted(found)}")
    assert not wrong, "placeholders changed in app_zh_CN.po:\n" + "\n".join(wrong)


def test_translations_look_chinese(chinese: dict[object, Message]) -> None:
    """A msgstr copied from its msgid (or left in English) is not a translation."""
    # (a template of placeholders alone is Chinese by its full-width punctuation: "{field}：{problem}")
    english = [str(mid) for mid, m in chinese.items()
               if m.string and not any(CJK.search(t) or re.search("[\u3000-\u303f\uff00-\uffef]", t)
                                       for t in _strings(m.string))]
    assert not english, f"translations without any Chinese: {english}"


def test_set_language_switches_messages(chinese: dict[object, Message]) -> None:
    expected = _strings(chinese[KNOWN].string)[0]
    assert CJK.search(expected)
    try:
        assert i18n.set_language("zh_CN") == "zh_CN"
        assert i18n.language() == "zh_CN"
        assert i18n._(KNOWN) == expected
        assert i18n._("no such message, kept as is") == "no such message, kept as is"
        assert i18n.set_language("en") == "en"
        assert i18n._(KNOWN) == KNOWN
    finally:
        i18n.set_language("en")
    assert i18n.language() == "en"


@pytest.mark.parametrize("tag", ["zh", "zh-CN", "zh_CN.UTF-8", "zh_TW"])
def test_any_chinese_tag_selects_simplified(tag: str) -> None:
    try:
        assert i18n.set_language(tag) == "zh_CN"
    finally:
        i18n.set_language("en")


@pytest.mark.usefixtures("zh")
def test_errors_read_in_chinese() -> None:
    message = str(WrongPassphrase())
    assert CJK.search(message), message
    assert message != KNOWN
    missing = str(VaultNotFound("/tmp/nowhere"))
    assert CJK.search(missing) and "/tmp/nowhere" in missing and "huiliu vault init" in missing, missing


def test_errors_read_in_english_again() -> None:
    i18n.set_language("en")
    assert str(WrongPassphrase()) == KNOWN
    assert not CJK.search(str(VaultNotFound("/tmp/nowhere")))
