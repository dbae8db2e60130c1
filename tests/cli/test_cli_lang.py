"""`dtf scan` speaks the locale's language: LANG=zh_CN.UTF-8 or --lang zh_CN print the findings in Chinese."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dtf_gui.cli.main import main
from dtf_gui.core.messages import set_language

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def odd_folder(tmp_path: Path) -> Path:
    """Two classes with images, one empty class, a zero-byte file and a 16-bit grayscale PNG."""
    root = tmp_path / "data"
    for cls in ("cat", "dog"):
        (root / cls).mkdir(parents=True)
        for i in range(3):
            Image.fromarray(np.full((20, 20, 3), 40 * i + (cls == "dog"), np.uint8)).save(root / cls / f"{i}.png")
    (root / "empty").mkdir()
    (root / "cat" / "zero.png").write_bytes(b"")
    Image.fromarray(np.arange(400, dtype=np.uint16).reshape(20, 20) * 150).save(root / "dog" / "deep.png")
    assert Image.open(root / "dog" / "deep.png").mode.startswith("I;16")
    return root


def _finding_lines(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        m = re.match(r"\s+\[(\w+)\] (.*)", line)
        if m:
            out.setdefault(m.group(1), m.group(2))
    return out


def _assert_chinese_findings(text: str, folder: Path) -> None:
    lines = _finding_lines(text)
    assert {"zero_byte", "empty_class", "mode_I16"} <= set(lines), text
    assert str(folder / "cat" / "zero.png") in lines["zero_byte"]
    assert "0 字节" in lines["zero_byte"] and "不参与训练" in lines["zero_byte"]
    assert "类别 'empty'" in lines["empty_class"] and "没有可用的训练图像" in lines["empty_class"]
    assert "16 位灰度" in lines["mode_I16"]
    for english in ("the file is empty", "left out of training", "no usable train images", "16-bit grayscale"):
        assert english not in text


def test_lang_environment_prints_findings_in_chinese(odd_folder: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update(LANG="zh_CN.UTF-8", PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "dtf_gui.cli", "scan", str(odd_folder)], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert done.returncode == 0, done.stderr
    _assert_chinese_findings(done.stdout, odd_folder)


def test_lang_option_prints_findings_in_chinese(odd_folder: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    try:
        assert main(["--lang", "zh_CN", "scan", str(odd_folder)]) == 0
        _assert_chinese_findings(capsys.readouterr().out, odd_folder)
        assert main(["--lang", "en", "scan", str(odd_folder)]) == 0
        english = capsys.readouterr().out
    finally:
        set_language("en")
    lines = _finding_lines(english)
    assert "the file is empty (0 bytes)" in lines["zero_byte"] and "Class 'empty'" in lines["empty_class"]
