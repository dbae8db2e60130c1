"""Language switching at runtime: English (the source strings) and Simplified Chinese.

Every user-visible string goes through ``self.tr()`` / ``QCoreApplication.translate``. Installing a new
QTranslator makes Qt send a ``LanguageChange`` event to every widget; widgets answer it by calling their
``retranslate()`` (see :class:`Retranslatable`), so switching needs no restart.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
DEFAULT = "system"

_installed: list[QTranslator] = []
_current = "en"


def translations_dir() -> Path:
    """Folder holding ``dtf_gui_<lang>.qm`` (shipped as package data ``dtf_gui.resources``)."""
    try:
        return Path(str(resources.files("dtf_gui.resources") / "translations"))
    except ModuleNotFoundError:  # running from a source tree without the package mapping
        return Path(__file__).resolve().parents[2] / "resources" / "translations"


def resolve(language: str) -> str:
    """Map a setting value ('system', 'en', 'zh_CN', 'zh') to a supported language code."""
    if language in ("", DEFAULT, None):
        language = QLocale.system().name()
    if language.startswith("zh"):
        return "zh_CN"
    return "en"


def current_language() -> str:
    return _current


def set_language(language: str) -> str:
    """Install the translators for ``language`` (replacing the old ones); return the code now in use.

    English needs no translator: it is the source language.
    """
    global _current
    app = QCoreApplication.instance()
    code = resolve(language)
    if app is None:
        _current = code
        return code
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    if code != "en":
        ours = QTranslator(app)
        if ours.load(f"dtf_gui_{code}", str(translations_dir())):
            app.installTranslator(ours)
            _installed.append(ours)
        qt_own = QTranslator(app)  # Qt's own strings (dialog buttons, context menus)
        if qt_own.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt_own)
            _installed.append(qt_own)
    _current = code
    if not _installed:
        # removeTranslator posts LanguageChange only when something was removed; make sure widgets
        # refresh in every case (e.g. switching back to English).
        QCoreApplication.sendEvent(app, QEvent(QEvent.Type.LanguageChange))
    return code


def help_text(entry: object) -> str:
    """The registry help of a transform in the current language, the other language below it."""
    en = getattr(entry, "help_en", "") or ""
    zh = getattr(entry, "help_zh", "") or ""
    first, second = (zh, en) if _current == "zh_CN" else (en, zh)
    return f"{first}\n\n{second}".strip() if second and second != first else first


def param_help(param: object) -> str:
    en = getattr(param, "help_en", "") or ""
    zh = getattr(param, "help_zh", "") or ""
    return (zh or en) if _current == "zh_CN" else (en or zh)


class Retranslatable:
    """Mixin for QWidgets: calls ``retranslate()`` when the application language changes."""

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API name
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)  # type: ignore[misc]

    def retranslate(self) -> None:  # pragma: no cover - overridden
        pass
