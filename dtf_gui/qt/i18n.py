"""Language switching at runtime: English (the source strings) and Simplified Chinese.

Every user-visible string of the Qt chrome goes through ``self.tr()`` / ``QCoreApplication.translate``.
Installing a new QTranslator makes Qt send a ``LanguageChange`` event to every widget; widgets answer it by
calling their ``retranslate()`` (see :class:`Retranslatable`), so switching needs no restart.

What the core says (scan findings, lint messages, errors, training status) arrives as
:class:`~dtf_gui.core.messages.Message` objects: switching the GUI language switches the core's too
(:func:`dtf_gui.core.messages.set_language`), and a widget keeps the Message, not its text, so that
``retranslate()`` can say it again (:func:`text`).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from dtf_gui.core import messages

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
    messages.set_language(code)  # core messages follow the GUI (worker threads included)
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


def text(value: Any) -> str:
    """What the core said, in the GUI's language: a Message, an error carrying one, or plain text."""
    if value is None:
        return ""
    if isinstance(value, messages.Message):
        return value.render(_current)
    render = getattr(value, "render", None)  # DtfError
    if isinstance(value, BaseException) and callable(render):
        return str(render(_current))
    return str(value)


def help_text(entry: object) -> str:
    """The registry help of a transform in the current language (the other one only when it has none)."""
    en = getattr(entry, "help_en", "") or ""
    zh = getattr(entry, "help_zh", "") or ""
    return (zh or en) if _current == "zh_CN" else (en or zh)


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
