"""Refresh the Simplified Chinese translation of the GUI.

1. ``pyside6-lupdate`` collects every ``tr()`` / ``QCoreApplication.translate`` string under dtf_gui/qt
   into ``resources/translations/dtf_gui_zh_CN.ts`` (keeping existing translations, dropping obsolete ones);
2. translations missing there are filled from ``resources/translations/glossary_zh_CN.json``
   (``{"<context>": {"<English source>": "<中文>"}, "*": {... any context ...}}``) — add yours there;
3. ``pyside6-lrelease`` compiles ``dtf_gui_zh_CN.qm``, which the app loads at runtime.

Usage::

    .venv/bin/python tools/i18n.py            # update, fill, compile; lists strings still untranslated
    .venv/bin/python tools/i18n.py --check    # same, and exit 1 when a string has no translation
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
LANG = "zh_CN"
TS = TRANSLATIONS / f"dtf_gui_{LANG}.ts"
QM = TRANSLATIONS / f"dtf_gui_{LANG}.qm"
GLOSSARY = TRANSLATIONS / f"glossary_{LANG}.json"


def _tool(name: str) -> str:
    """The PySide6 tool next to this Python (the project's .venv), else on PATH."""
    local = Path(sys.executable).parent / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 into the environment running this script.")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "dtf_gui" / "qt").rglob("*.py"))


def run_lupdate() -> None:
    cmd = [_tool("pyside6-lupdate"), *sources(), "-no-obsolete", "-target-language", LANG, "-ts", str(TS)]
    subprocess.run(cmd, cwd=ROOT, check=True)


def load_glossary() -> dict[str, dict[str, str]]:
    data = json.loads(GLOSSARY.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if not k.startswith("_")}


def fill(glossary: dict[str, dict[str, str]]) -> tuple[int, list[tuple[str, str]]]:
    """Write glossary translations into the .ts; return (filled, still missing [(context, source)])."""
    tree = ET.parse(TS)
    filled = 0
    missing: list[tuple[str, str]] = []
    for ctx in tree.getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            source = msg.findtext("source") or ""
            tr = msg.find("translation")
            if tr is None:
                tr = ET.SubElement(msg, "translation")
            text = glossary.get(name, {}).get(source) or glossary.get("*", {}).get(source)
            forms = tr.findall("numerusform")
            has = any((f.text or "").strip() for f in forms) if msg.get("numerus") == "yes" else bool(
                (tr.text or "").strip())
            if text is None:
                if not has or tr.get("type") == "unfinished":
                    missing.append((name, source))
                continue
            if msg.get("numerus") == "yes":
                for f in forms:
                    tr.remove(f)
                ET.SubElement(tr, "numerusform").text = text  # Chinese has one plural form
            else:
                tr.text = text
            tr.attrib.pop("type", None)
            filled += 1
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    TS.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return filled, missing


def run_lrelease() -> None:
    subprocess.run([_tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], cwd=ROOT, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a string is untranslated")
    args = parser.parse_args(argv)
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    run_lupdate()
    filled, missing = fill(load_glossary())
    run_lrelease()
    print(f"{TS.relative_to(ROOT)}: {filled} translated from the glossary, {len(missing)} missing")
    for ctx, src in missing:
        print(f"  missing [{ctx or '(no context)'}] {src!r}")
    return 1 if (args.check and missing) else 0


if __name__ == "__main__":
    sys.exit(main())
