from __future__ import annotations

import json
import os
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


def _odd_names(root: Path) -> dict[str, bytes]:
    """Classes whose folder names are not UTF-8 (b"r\\xe9d", Latin-1) or carry a terminal escape code."""
    names = {"latin1": b"r\xe9d", "escape": b"gr\x1b[31meen", "plain": b"blue"}
    rng = np.random.default_rng(0)
    for k, raw in enumerate(names.values()):
        folder = os.path.join(os.fsencode(root), raw)
        os.makedirs(folder)
        for i in range(3):
            arr = rng.integers(0, 256, (12, 12, 3), dtype=np.uint8)
            arr[..., k] = 255
            Image.fromarray(arr).save(os.fsdecode(os.path.join(folder, b"%d.png" % i)))
    odd_file = os.path.join(os.fsencode(root), b"blue", b"b\xffe.png")
    Image.fromarray(np.zeros((12, 12, 3), np.uint8)).save(os.fsdecode(odd_file))
    return {**names, "file": odd_file}


def test_scan_json_is_utf8_and_keeps_undecodable_names(tmp_path: Path) -> None:
    """`dtf scan --json` wrote the raw bytes of a non-UTF-8 file name (invalid UTF-8); now such a byte is
    the JSON escape \\udcXX, so the output is valid UTF-8 and os.fsencode gives back the exact name."""
    import subprocess
    import sys

    names = _odd_names(tmp_path)
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    out = subprocess.run([sys.executable, "-m", "dtf_gui.cli", "scan", "--json", "--no-decode", str(tmp_path)],
                         capture_output=True, env=env, timeout=120).stdout
    text = out.decode("utf-8")  # strict: raises on invalid UTF-8
    obj = json.loads(text)
    assert sorted(os.fsencode(c) for c in obj["classes"]) == sorted(
        [names["latin1"], names["escape"], names["plain"]])
    paths = [os.fsencode(r["path"]) for r in obj["files"]["train"]]
    assert names["file"] in paths
    assert "\\udce9" in text and "\\udcff" in text  # the documented escape, nothing lost


def test_scan_prints_names_safely(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A class named with an escape code would recolour the terminal: it is shown as \\x1b, and a byte
    that is not UTF-8 as \\xe9, in the table and in the findings."""
    _odd_names(tmp_path)
    (tmp_path / "gr\x1b[31meen" / "notes\x1b[2J.txt").write_text("x")
    main(["scan", "--no-decode", str(tmp_path)])
    out = capsys.readouterr().out
    assert "\x1b" not in out and not any(0xDC80 <= ord(ch) <= 0xDCFF for ch in out)
    assert "gr\\x1b[31meen" in out and "r\\xe9d" in out and "notes\\x1b[2J.txt" in out
