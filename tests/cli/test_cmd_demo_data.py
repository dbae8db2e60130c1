from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from dtf_gui.cli.main import main


def test_demo_data_writes_the_tree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "d"
    assert main(["demo-data", str(out), "--size", "12"]) == 0
    text = capsys.readouterr().out
    assert "1797 digit images (1437 train, 360 val, 10 classes)" in text and "mode L" in text
    png = next((out / "val" / "3").glob("*.png"))
    assert Image.open(png).size == (12, 12) and Image.open(png).mode == "L"


def test_demo_data_refuses_user_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "keep.jpg").write_bytes(b"mine")
    assert main(["demo-data", str(tmp_path)]) == 1
    assert "not empty" in capsys.readouterr().err
    assert (tmp_path / "keep.jpg").read_bytes() == b"mine"
