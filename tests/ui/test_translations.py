"""Every visible string has a Chinese translation, and the catalogue matches the code."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ui.language import TRANSLATIONS

TS = TRANSLATIONS / "huiliu_zh_CN.ts"
UI = Path(__file__).resolve().parents[2] / "ui"
PLACEHOLDER = re.compile(r"%\d")
ACCELERATOR = re.compile(r"&(?!&)(\w)")


def messages(path: Path) -> list[tuple[str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [(ctx.findtext("name") or "", m) for ctx in root.iter("context") for m in ctx.iter("message")]


def test_every_message_is_translated() -> None:
    problems = []
    for context, message in messages(TS):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        kind = translation.get("type")
        if kind in ("vanished", "obsolete"):
            problems.append(f"{context}: {source!r} is obsolete; run make i18n-update")
            continue
        forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
        if kind == "unfinished" or not all(f.strip() for f in forms):
            problems.append(f"{context}: {source!r} is not translated")
            continue
        for form in forms:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(form)):
                problems.append(f"{context}: {source!r} -> {form!r} changes the placeholders")
            if bool(ACCELERATOR.search(source)) != bool(ACCELERATOR.search(form)):
                problems.append(f"{context}: {source!r} -> {form!r} loses or adds the keyboard accelerator")
    assert not problems, "\n".join(problems)


def test_catalogue_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    """A string added to ui/ without running ``make i18n-update`` would show in English only."""
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    if not lupdate.exists():
        pytest.skip("pyside6-lupdate is not installed")
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in UI.rglob("*.py"))
    subprocess.run([str(lupdate), "-silent", "-extensions", "py", *sources, "-ts", str(fresh)], check=True)
    in_code = {(c, m.findtext("source")) for c, m in messages(fresh)}
    in_catalogue = {
        (c, m.findtext("source"))
        for c, m in messages(TS)
        if m.find("translation").get("type") not in ("vanished", "obsolete")
    }  # type: ignore[union-attr]
    assert in_code - in_catalogue == set(), "strings missing from huiliu_zh_CN.ts"
    assert in_catalogue - in_code == set(), "strings no longer in the code"


EN = TRANSLATIONS / "huiliu_en.ts"


def test_every_counted_string_has_english_plural_forms() -> None:
    """Counts go through Qt's plural forms (issue 10, §3: "1 accounts"); English keeps them in huiliu_en.ts."""
    in_code = {(c, m.findtext("source")) for c, m in messages(TS) if m.get("numerus") == "yes"}
    english = {}
    for context, message in messages(EN):
        forms = [f.text or "" for f in message.iter("numerusform")]
        english[(context, message.findtext("source"))] = forms
    assert in_code, "no counted string uses %n"
    missing = [key for key in in_code if len(english.get(key, [])) != 2 or not all(english[key])]
    assert not missing, f"no English singular and plural for {missing}; run make i18n-update and fill huiliu_en.ts"
    for (context, source), (one, many) in english.items():
        assert "%n" in one + many or "%Ln" in one + many, (context, source)


def test_counts_read_right_in_both_languages(qapp, zh_catalogue) -> None:
    from PySide6.QtCore import QCoreApplication

    from ui.language import apply_language
    from ui.models.import_rows import rows_text
    from ui.when import ago

    try:
        apply_language("en")
        assert (rows_text(1), rows_text(2), rows_text(4666)) == ("1 row", "2 rows", "4,666 rows")
        assert QCoreApplication.translate("SyncPanel", "%Ln accounts", None, 1) == "1 account"
        from datetime import UTC, datetime, timedelta

        now = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
        assert ago(now - timedelta(minutes=1), now) == "1 minute ago"
        assert ago(now - timedelta(days=3), now) == "3 days ago"
        apply_language("zh_CN")
        assert rows_text(4666) == "4,666 笔"
        assert ago(now - timedelta(hours=1), now) == "1 小时前"
    finally:
        apply_language("en")


def test_every_counted_string_is_plural_in_the_catalogue() -> None:
    """A string with %n is a plural message (the lupdate of PySide6 6.11 writes translate(…, n) calls
    as plain ones: then English says "1 rows" again)."""
    plain = [(c, m.findtext("source")) for c, m in messages(TS)
             if "%n" in (m.findtext("source") or "").replace("%Ln", "%n") and m.get("numerus") != "yes"]
    assert not plain, f"counted strings that are not plural messages: {plain}"
