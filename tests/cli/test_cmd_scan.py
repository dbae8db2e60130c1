from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dtf_gui.cli.main import main


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cli") / "digits"
    assert main(["demo-data", str(out), "--size", "16"]) == 0
    return out


def test_scan_demo_human(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["scan", str(demo_dir)]) == 0
    text = capsys.readouterr().out
    assert "Classes  10" in text and "1,437 train, 360 val" in text
    rows = [line.split() for line in text.splitlines() if line[:3] in {f"  {i}" for i in range(10)}]
    assert [r[0] for r in rows] == [str(i) for i in range(10)]
    assert sum(int(r[1]) for r in rows) == 1437 and sum(int(r[2]) for r in rows) == 360
    assert "8-bit grayscale (mode L)" in text and "L (8-bit grayscale) 1,797" in text
    assert "Imbalance  1.05" in text and "Errors (0)" in text and "Ready to train: yes" in text


def test_scan_demo_json(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["scan", str(demo_dir), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["classes"] == [str(i) for i in range(10)] and doc["layout"] == "splits"
    assert sum(doc["counts"]["train"].values()) == 1437 and sum(doc["counts"]["val"].values()) == 360
    assert doc["summary"]["modes"] == {"L": 1797}
    assert [f["code"] for f in doc["findings"]] == ["mode_L"]


def test_scan_no_decode_and_generated_split(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for cls in ("a", "b"):
        (tmp_path / cls).mkdir()
        for i in range(5):
            Image.fromarray(np.full((20, 20, 3), 10 * i + (cls == "b"), np.uint8)).save(tmp_path / cls / f"{i}.png")
    (tmp_path / "a" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert main(["scan", str(tmp_path), "--no-decode", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["decoded"] is False and doc["layout"] == "single" and doc["counts"]["train"]["a"] == 6
    assert main(["scan", str(tmp_path), "--val-fraction", "0.4", "--seed", "1"]) == 0
    text = capsys.readouterr().out
    assert "val split generated" in text and "[not_image]" in text and "broken.png" in text
    assert "Errors (1)" in text


def test_scan_exit_status_when_training_is_blocked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Image.new("RGB", (20, 20)).save(tmp_path / "loose.png")
    assert main(["scan", str(tmp_path)]) == 1
    text = capsys.readouterr().out
    assert "[no_class_folders]" in text and "Ready to train: no" in text
    assert main(["scan", str(tmp_path / "missing")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_scan_with_a_val_folder_apart(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["scan", str(demo_dir / "train"), "--val", str(demo_dir / "val"), "--no-decode"]) == 0
    text = capsys.readouterr().out
    assert f"Val      {demo_dir / 'val'}" in text and "1,437 train, 360 val" in text
    assert main(["scan", str(demo_dir / "train"), "--val", str(demo_dir / "train"), "--no-decode"]) == 1
    assert "validation would score images the model trained on" in capsys.readouterr().out
    assert main(["scan", str(demo_dir), "--val", str(demo_dir / "nope")]) == 1
    assert "Val folder" in capsys.readouterr().err


@pytest.mark.parametrize("root", ["/", "/proc"])
def test_scan_of_the_whole_disk_or_proc_is_refused_at_once(root: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", root]) == 1
    err = capsys.readouterr().err
    assert f"dtf scan: error: {root} is not a dataset folder" in err and "Traceback" not in err
