from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from dtf_gui.core.data import demo
from dtf_gui.core.data.demo import MARKER, ensure_demo_dataset, user_data_dir, write_demo_dataset
from dtf_gui.core.errors import DataError


def tree_digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha1(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*.png"))}


@pytest.fixture(scope="module")
def demo_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_demo_dataset(tmp_path_factory.mktemp("demo") / "digits", size=16)


def test_layout_counts_and_mode(demo_root: Path) -> None:
    files = sorted(demo_root.rglob("*.png"))
    assert len(files) == 1797
    assert sorted(p.name for p in (demo_root / "train").iterdir()) == [str(i) for i in range(10)]
    val = list((demo_root / "val").rglob("*.png"))
    assert len(val) == 360
    per_class = [len(list((demo_root / "val" / str(c)).glob("*.png"))) for c in range(10)]
    assert min(per_class) >= 35 and max(per_class) <= 37  # stratified
    img = Image.open(files[0])
    assert img.mode == "L" and img.size == (16, 16) and img.format == "PNG"
    marker = json.loads((demo_root / MARKER).read_text())
    assert marker["complete"] and marker["size"] == 16 and sum(marker["counts"]["val"].values()) == 360


def test_pixels_come_from_sklearn_digits(demo_root: Path) -> None:
    from sklearn.datasets import load_digits

    digits = load_digits()
    i = 5
    path = next(demo_root.glob(f"*/{digits.target[i]}/{i:04d}.png"))
    small = np.asarray(Image.open(path).resize((8, 8), Image.Resampling.BOX), dtype=float)
    expected = digits.images[i] * 255 / 16
    assert np.corrcoef(small.ravel(), expected.ravel())[0, 1] > 0.9


def test_deterministic_and_rewritable(demo_root: Path, tmp_path: Path) -> None:
    again = write_demo_dataset(tmp_path / "again", size=16)
    assert tree_digest(again) == tree_digest(demo_root)
    # an earlier demo may be rewritten with other settings; no stale files are left behind
    write_demo_dataset(again, size=16, val_fraction=0.1)
    assert len(list((again / "val").rglob("*.png"))) == 180
    assert len(list(again.rglob("*.png"))) == 1797
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging folder left


def test_refuses_a_folder_with_user_files(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("precious")
    with pytest.raises(DataError, match="not empty"):
        write_demo_dataset(tmp_path, size=8)
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]
    with pytest.raises(DataError, match="size"):
        write_demo_dataset(tmp_path / "new", size=4)


def test_ensure_uses_the_user_data_dir_and_is_idempotent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DTF_DATA_DIR", str(tmp_path / "data"))
    assert user_data_dir() == tmp_path / "data"
    calls = []
    real = demo.write_demo_dataset
    monkeypatch.setattr(demo, "write_demo_dataset", lambda *a, **k: calls.append(1) or real(*a, **k))
    first = ensure_demo_dataset(size=8)
    assert first == tmp_path / "data" / "demo_digits" and len(calls) == 1
    assert ensure_demo_dataset(size=8) == first and len(calls) == 1  # marker found: nothing written
    ensure_demo_dataset(size=10)
    assert len(calls) == 2 and Image.open(next(first.rglob("*.png"))).size == (10, 10)


def test_user_data_dir_fallbacks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("DTF_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert user_data_dir() == tmp_path / "dtf_gui"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert user_data_dir() == Path.home() / ".local" / "share" / "dtf_gui"


def test_refusals_are_messages_in_english_and_chinese(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("precious")
    (tmp_path / "a_file").write_text("x")
    cases = [(lambda: write_demo_dataset(tmp_path, size=8), str(tmp_path)),
             (lambda: write_demo_dataset(tmp_path / "a_file", size=8), str(tmp_path / "a_file")),
             (lambda: write_demo_dataset(tmp_path / "new", size=4), "4"),
             (lambda: write_demo_dataset(tmp_path / "new", val_fraction=1.5), "1.5")]
    for call, shown in cases:
        with pytest.raises(DataError) as e:
            call()
        zh = e.value.render("zh_CN")
        assert shown in zh and any("\u4e00" <= ch <= "\u9fff" for ch in zh), zh
        assert shown in e.value.render("en")
