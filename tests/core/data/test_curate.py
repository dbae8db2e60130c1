"""Curation: moves never delete or overwrite, undo restores the dataset byte for byte, every move is logged."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest

from dtf_gui.core.data import curate
from dtf_gui.core.data.curate import Curator, MoveRecord, log_path_for, quarantine_dir_for
from dtf_gui.core.errors import DataError


def _tree(root: Path) -> dict[str, str]:
    """Every file under root (relative path -> sha1) plus every folder (-> 'dir')."""
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        out[rel] = "dir" if p.is_dir() else hashlib.sha1(p.read_bytes()).hexdigest()
    return out


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    root = tmp_path / "pets"
    for split in ("train", "val"):
        for label in ("cat", "dog"):
            d = root / split / label
            d.mkdir(parents=True)
            for i in range(2):
                (d / f"{label}_{i}.png").write_bytes(f"{split}/{label}/{i}".encode() * 10)
    return root


def test_quarantine_then_undo_is_byte_identical(dataset: Path) -> None:
    before = _tree(dataset)
    cur = Curator(dataset)
    src = dataset / "val" / "cat" / "cat_0.png"
    rec = cur.quarantine(src, reason="blurry")
    assert not src.exists()
    q = quarantine_dir_for(dataset)
    assert Path(rec.dst) == q / "val" / "cat" / "cat_0.png"
    assert q.parent == dataset.parent  # next to the dataset, never inside it
    assert Path(rec.dst).read_bytes() == b"val/cat/0" * 10
    assert rec.kind == "quarantine" and rec.label_from == "cat" and rec.method == "rename"
    back = cur.undo(rec)
    assert back.op == "undo" and back.undoes == rec.id and Path(back.dst) == src
    assert _tree(dataset) == before
    assert not q.exists()  # the folders the move created are gone again


def test_move_to_class_creates_folder_and_undo_removes_it(dataset: Path) -> None:
    before = _tree(dataset)
    cur = Curator(dataset)
    rec = cur.move_to_class(dataset / "train" / "cat" / "cat_1.png", "fox")
    assert Path(rec.dst) == dataset / "train" / "fox" / "cat_1.png"
    assert rec.label_from == "cat" and rec.label_to == "fox"
    assert str(dataset / "train" / "fox") in rec.created_dirs
    cur.undo(rec)
    assert _tree(dataset) == before


def test_name_clash_gets_new_name_and_never_overwrites(dataset: Path) -> None:
    cur = Curator(dataset)
    (dataset / "train" / "dog" / "cat_0.png").write_bytes(b"already here")
    rec = cur.move_to_class(dataset / "train" / "cat" / "cat_0.png", "dog")
    assert rec.renamed and Path(rec.dst).name == "cat_0-1.png"
    assert (dataset / "train" / "dog" / "cat_0.png").read_bytes() == b"already here"
    assert Path(rec.dst).read_bytes() == b"train/cat/0" * 10
    # the original name gets taken while the file is away: undo restores it under a new name, loses nothing
    (dataset / "train" / "cat" / "cat_0.png").write_bytes(b"newcomer")
    back = cur.undo(rec)
    assert back.renamed and Path(back.dst).name == "cat_0-1.png" and Path(back.dst).parent.name == "cat"
    assert (dataset / "train" / "cat" / "cat_0.png").read_bytes() == b"newcomer"


def test_log_is_append_only_json_lines(dataset: Path) -> None:
    cur = Curator(dataset)
    r1 = cur.quarantine(dataset / "train" / "dog" / "dog_0.png")
    r2 = cur.move_to_class(dataset / "val" / "dog" / "dog_1.png", "cat")
    cur.undo(r1)
    lines = log_path_for(dataset).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    objs = [json.loads(line) for line in lines]
    assert [o["op"] for o in objs] == ["move", "move", "undo"]
    assert objs[2]["undoes"] == r1.id
    assert [r.id for r in cur.history()][:2] == [r1.id, r2.id]
    assert [r.id for r in cur.pending_moves()] == [r2.id]
    # another session can undo from the log alone
    again = Curator(dataset)
    again.undo(again.pending_moves()[0])
    assert (dataset / "val" / "dog" / "dog_1.png").is_file()


def test_cross_device_falls_back_to_verified_copy(dataset: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _tree(dataset)
    real_replace = os.replace

    def replace(a, b):  # the first rename of a real file crosses devices; the verified copy may rename its temp
        if not str(Path(a).name).endswith(".copying"):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real_replace(a, b)

    monkeypatch.setattr(curate.os, "replace", replace)
    cur = Curator(dataset)
    rec = cur.quarantine(dataset / "val" / "dog" / "dog_0.png")
    assert rec.method == "copy"
    assert not (dataset / "val" / "dog" / "dog_0.png").exists()
    assert Path(rec.dst).read_bytes() == b"val/dog/0" * 10
    assert not list(Path(rec.dst).parent.glob(".*.copying"))
    cur.undo(rec)
    assert _tree(dataset) == before


def test_bad_copy_keeps_the_original(dataset: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def replace(a, b):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    def bad_copy(a, b):
        Path(b).write_bytes(b"corrupted")

    monkeypatch.setattr(curate.os, "replace", replace)
    monkeypatch.setattr(curate.shutil, "copy2", bad_copy)
    before = _tree(dataset)
    with pytest.raises(DataError, match="does not match the original"):
        Curator(dataset).quarantine(dataset / "val" / "dog" / "dog_0.png")
    assert _tree(dataset) == before
    q = quarantine_dir_for(dataset)
    assert not q.exists() or not [p for p in q.rglob("*") if p.is_file()]


def test_refusals_name_the_file(dataset: Path, tmp_path: Path) -> None:
    cur = Curator(dataset)
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes(b"x")
    with pytest.raises(DataError, match="not inside the dataset"):
        cur.quarantine(outside)
    with pytest.raises(DataError, match="does not exist"):
        cur.quarantine(dataset / "train" / "cat" / "nope.png")
    with pytest.raises(DataError, match="already in class 'cat'"):
        cur.move_to_class(dataset / "train" / "cat" / "cat_0.png", "cat")
    with pytest.raises(DataError, match="cannot be a class folder name"):
        cur.move_to_class(dataset / "train" / "cat" / "cat_0.png", "../evil")
    rec = cur.quarantine(dataset / "train" / "cat" / "cat_0.png")
    Path(rec.dst).write_bytes(b"edited meanwhile")
    with pytest.raises(DataError, match="was changed since"):
        cur.undo(rec)
    assert Path(rec.dst).read_bytes() == b"edited meanwhile"


def test_nested_files_keep_their_sub_path(tmp_path: Path) -> None:
    root = tmp_path / "flat"
    (root / "cat" / "2023").mkdir(parents=True)
    (root / "dog").mkdir()
    f = root / "cat" / "2023" / "a.jpg"
    f.write_bytes(b"abc")
    rec = Curator(root).move_to_class(f, "dog", current_label="cat")
    assert Path(rec.dst) == root / "dog" / "2023" / "a.jpg"
    assert MoveRecord.from_json(json.loads(json.dumps(rec.to_json()))) == rec
