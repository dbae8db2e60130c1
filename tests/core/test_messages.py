"""The bilingual message catalogue: every code has both languages with the same fields; rendering follows
the chosen language; errors carrying a Message render in it."""

from __future__ import annotations

import string

import pytest

from dtf_gui.core import catalogue
from dtf_gui.core.errors import DataError
from dtf_gui.core.messages import language_from_environment, msg, render, set_language


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_codes_are_unique_across_domain_tables():
    seen: dict[str, str] = {}
    for table in catalogue._TABLES:
        for code in table:
            assert code not in seen, f"{code} is defined twice"
            seen[code] = code
    assert len(seen) == len(catalogue.CATALOGUE)


@pytest.mark.parametrize("code", sorted(catalogue.CATALOGUE))
def test_every_message_has_both_languages_with_the_same_fields(code):
    en, zh = catalogue.CATALOGUE[code]
    assert en.strip() and zh.strip()
    assert "\n" not in zh or "\n" in en, code
    assert _fields(en) == _fields(zh), code
    words = "".join(text for text, _, _, _ in string.Formatter().parse(en))
    if any(ch.isalpha() for ch in words):  # a sentence, not only a join of fields ("{where}: {text}")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), f"{code}: the Chinese text has no Chinese in it"


def test_render_follows_the_language_and_embeds_messages():
    inner = msg("common.kind_fifo")
    m = msg("common.not_a_regular_file", path="/tmp/p", kind=inner, what="config")
    assert render(m, "en").startswith("/tmp/p is a named pipe (FIFO)")
    assert "命名管道" in render(m, "zh_CN")


def test_error_with_a_message_renders_in_the_current_language():
    err = DataError(msg("common.no_space", path="/data"), "/data")
    try:
        set_language("zh_CN")
        assert "磁盘已满" in str(err)
        set_language("en")
        assert str(err).startswith("No space left on /data")
    finally:
        set_language("en")
    assert err.path == "/data"


def test_unknown_code_and_missing_parameter_never_raise():
    assert render(msg("no.such.code", a=1)) == "no.such.code(a=1)"
    assert "{path}" in render(msg("common.no_space"), "en")


@pytest.mark.parametrize("env, lang", [({"LANG": "zh_CN.UTF-8"}, "zh_CN"), ({"LANG": "C.UTF-8"}, "en"),
                                       ({"LC_ALL": "zh_TW", "LANG": "en_US"}, "zh_CN"), ({}, "en")])
def test_language_from_the_locale(env, lang):
    assert language_from_environment(env) == lang
