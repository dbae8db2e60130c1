"""One glossary, one word per term: every Chinese text (core catalogue, transform help, the Qt glossary and
the compiled .ts) uses the glossary's word, never a variant (撤销, never 撤消)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dtf_gui.core import catalogue
from dtf_gui.core.pipeline.registry import REGISTRY

TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"

#: variant -> the glossary word to use instead. Found in the texts when the catalogue was filled (模型包 and 导出包
#: for a bundle, 运行目录 and 运行文件夹, 图片 and 图像, 轮 and 轮次 for an epoch axis) or likely in a new text: the
#: same term written two ways in two panels reads as two things. (管道 is not here: 命名管道 is a FIFO.)
VARIANTS: dict[str, str] = {
    "撤消": "撤销",
    "数据组": "数据集",
    "模型包": "导出包",
    "运行目录": "运行文件夹",
    "图片": "图像",
    "管线": "流水线",
    "权值": "权重",
    "校验集": "验证集",
    "主干": "骨干",
    "断点": "检查点",
    "批量大小": "批大小",
    "类文件夹": "类别文件夹",
    "纪元": "轮次",
    "时期": "轮次",
    "超参": "参数",
}


def _chinese_texts() -> list[tuple[str, str]]:
    """(where, text) for every Simplified Chinese text the app can show."""
    out = [(f"catalogue {code}", zh) for code, (_en, zh) in catalogue.CATALOGUE.items()]
    out += [(f"GLOSSARY {term}", word) for term, word in catalogue.GLOSSARY.items()]
    for entry in REGISTRY.values():
        out.append((f"registry {entry.name}", entry.help_zh))
        out += [(f"registry {entry.name}.{p.name}", p.help_zh) for p in entry.params]
    glossary = json.loads((TRANSLATIONS / "glossary_zh_CN.json").read_text(encoding="utf-8"))
    for ctx, table in glossary.items():
        if not ctx.startswith("_"):
            out += [(f"glossary_zh_CN.json [{ctx}] {src!r}", zh) for src, zh in table.items()]
    for ctx in ET.parse(TRANSLATIONS / "dtf_gui_zh_CN.ts").getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.iter("message"):
            tr = m.find("translation")
            texts = [f.text or "" for f in tr.findall("numerusform")] + [tr.text or ""] if tr is not None else []
            out += [(f"dtf_gui_zh_CN.ts [{name}] {m.findtext('source')!r}", t) for t in texts if t]
    return out


def test_the_texts_are_found():
    texts = _chinese_texts()
    assert len(texts) > 500 and sum(1 for w, _ in texts if w.startswith("catalogue")) > 100


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_no_variant_word_in_any_chinese_text(variant):
    hits = [f"{where}: {text}" for where, text in _chinese_texts() if variant in text]
    assert not hits, f"use {VARIANTS[variant]!r}, not {variant!r}:\n" + "\n".join(hits)


def test_the_qt_glossary_uses_the_core_glossary_words():
    """A Qt string that is exactly a glossary term (any case) is translated with the glossary's word."""
    glossary = json.loads((TRANSLATIONS / "glossary_zh_CN.json").read_text(encoding="utf-8"))
    wrong = []
    for ctx, table in glossary.items():
        if ctx.startswith("_"):
            continue
        for src, zh in table.items():
            word = catalogue.GLOSSARY.get(src.strip().rstrip(":：").lower())
            if word is not None and word not in zh:
                wrong.append(f"[{ctx}] {src!r} -> {zh!r}: expected {word!r}")
    assert not wrong, "\n".join(wrong)
