"""Messages for end users as data: a stable code plus parameters, rendered in English or Simplified Chinese.

Why: the people this project grew out of read Chinese first, and the core (not only the Qt chrome) says most
of what they read: scan findings, lint messages, errors, training status. So core code never formats a user
sentence itself; it builds ``Message(code, params)`` (or raises an error carrying one) and a front end renders
it in its language -- the GUI re-renders on a language switch, the CLI follows ``--lang`` or the locale.

The texts live in :mod:`dtf_gui.core.catalogue` (one table per domain, ``code -> (English, Chinese)``), with
``str.format`` fields named after the parameters. One glossary, one word per term: see ``GLOSSARY`` there.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("en", "zh_CN")
_state = threading.local()
_default_language = "en"


def normalise_language(language: str | None) -> str:
    """'zh', 'zh_CN', 'zh_CN.UTF-8', 'zh-Hans' -> 'zh_CN'; anything else -> 'en'."""
    if language and language.lower().replace("-", "_").startswith("zh"):
        return "zh_CN"
    return "en"


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, POSIX order)."""
    env = os.environ if environ is None else environ
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(key)
        if value:
            return normalise_language(value.split(":")[0])
    return "en"


def set_language(language: str | None) -> str:
    """Make ``language`` the default for :func:`render` in every thread; return the code now in use."""
    global _default_language
    _default_language = normalise_language(language)
    return _default_language


def current_language() -> str:
    return getattr(_state, "language", None) or _default_language


@dataclass(frozen=True)
class Message:
    """A user-facing sentence as data: ``code`` names its text in the catalogue, ``params`` fill it in."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, language: str | None = None) -> str:
        return render(self, language)

    def __str__(self) -> str:
        return render(self)

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": {k: _plain(v) for k, v in self.params.items()}}


def msg(code: str, **params: Any) -> Message:
    """Shorthand: ``msg("curate.moved", file=...)``."""
    return Message(code, params)


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Message):  # an embedded sentence stays data, not text in one language
        return value.to_json()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return str(value)


class _Params(dict):
    """Format parameters: a missing one shows as ``{name}`` instead of raising (a message must never crash)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(message: Message | str, language: str | None = None) -> str:
    """The text of ``message`` in ``language`` (default: :func:`current_language`).

    Parameters that are themselves :class:`Message` objects are rendered in the same language, so a
    sentence can embed another ("Cannot resume: {reason}"); a list of them renders one per line. An unknown
    code renders as the code and its parameters, never as an exception.
    """
    if isinstance(message, str):
        return message
    from dtf_gui.core.catalogue import CATALOGUE  # lazy: `dtf --help` renders no message (~7 ms)

    lang = normalise_language(language or current_language())
    texts = CATALOGUE.get(message.code)
    params = _Params({k: _param(v, lang) for k, v in message.params.items()})
    if texts is None:
        detail = ", ".join(f"{k}={v}" for k, v in params.items())
        return f"{message.code}({detail})" if detail else message.code
    template = texts[1] if lang == "zh_CN" and len(texts) > 1 and texts[1] else texts[0]
    try:
        return template.format_map(params)
    except (ValueError, IndexError, AttributeError, KeyError):
        return texts[0]


def _param(value: Any, lang: str) -> Any:
    if isinstance(value, Message):
        return render(value, lang)
    if isinstance(value, (list, tuple)) and any(isinstance(v, Message) for v in value):
        return "\n".join(render(v, lang) for v in value)
    return value
