"""Which language the interface speaks, and switching it while the app runs.

Qt strings come from ``huiliu_<lang>.qm`` (compiled by ``make translations``) plus Qt's own
``qtbase_<lang>.qm`` for standard buttons. The source strings are English; English still has a small
catalogue, ``huiliu_en``, holding only the plural forms of counted strings ("%n rows": "1 row"). The core's
messages follow ``app.i18n.set_language`` so both halves always agree.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from app import i18n

TRANSLATIONS = Path(i18n.RESOURCES) / "translations"

# Kept at module level so the translators outlive the call that installed them.
_installed: list[QTranslator] = []
_active: tuple[str, int] | None = None  # the language whose translators are installed, and in which app


def resolve(choice: str) -> str:
    """The language to use for a settings choice ("system", "zh_CN", "en")."""
    return i18n.system_language() if choice in ("", "system") else i18n.normalize(choice)


def apply_language(choice: str) -> str:
    """Install the translators for ``choice`` and tell the core; every widget gets a LanguageChange."""
    global _active
    lang = resolve(choice)
    app = QCoreApplication.instance()
    if app is not None and (lang, id(app)) != _active:  # (the same language again changes nothing)
        _active = (lang, id(app))
        for old in _installed:
            app.removeTranslator(old)
        _installed.clear()
        catalogues = [("huiliu", TRANSLATIONS)]
        if lang != "en":
            catalogues.append(("qtbase", Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))))
        for name, folder in catalogues:
            translator = QTranslator(app)
            # A missing .qm (not compiled yet) simply leaves the English source strings.
            if translator.load(f"{name}_{lang}", str(folder)):
                app.installTranslator(translator)
                _installed.append(translator)
    i18n.set_language(lang)
    QLocale.setDefault(QLocale(lang))
    return lang


def current() -> str:
    return i18n.language()


def is_language_change(event: QEvent) -> bool:
    return event.type() == QEvent.Type.LanguageChange
