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


# -- the target is the class folder of the scan; curation acts only inside the dataset -----------------------


def _labels(root: Path) -> dict[str, tuple[str, str]]:
    """What the next scan says about every file it uses: path -> (split folder it lies in, class)."""
    from dtf_gui.core.data.scan import scan

    report = scan(root, decode=False, val_fraction=0.2)
    return {Path(r.path).relative_to(root).as_posix(): r.label for recs in report.splits.values() for r in recs}


def _digest(root: Path) -> dict[str, str]:
    """Like _tree, but never following symlinks (a link is compared by where it points)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = p.relative_to(root).as_posix()
            out[rel] = ("link:" + os.readlink(p) if p.is_symlink() else "dir" if p.is_dir()
                        else hashlib.sha1(p.read_bytes()).hexdigest())
    return out


def test_relabel_from_a_sub_folder_lands_in_the_new_class_of_the_same_split(tmp_path: Path) -> None:
    root = tmp_path / "ds"
    for split in ("train", "val"):
        for label in ("3", "8"):
            (root / split / label).mkdir(parents=True)
            (root / split / label / f"{split}{label}.png").write_bytes(f"{split}{label}".encode())
    (root / "train" / "3" / "batch1").mkdir()
    src = root / "train" / "3" / "batch1" / "0003.png"
    src.write_bytes(b"three or eight")
    rec = Curator(root).move_to_class(src, "8")
    # the sub-path below the class folder is kept: train/8/batch1/0003.png
    assert Path(rec.dst) == root / "train" / "8" / "batch1" / "0003.png"
    assert rec.label_from == "3" and rec.label_to == "8"
    assert _labels(root)["train/8/batch1/0003.png"] == "8"      # the next scan labels it as the new class
    assert Path(rec.dst).read_bytes() == b"three or eight"


def test_relabel_in_the_single_folder_layout(tmp_path: Path) -> None:
    root = tmp_path / "flat"
    for label in ("3", "8"):
        (root / label).mkdir(parents=True)
        (root / label / f"{label}.png").write_bytes(label.encode())
    (root / "3" / "deep" / "er").mkdir(parents=True)
    src = root / "3" / "deep" / "er" / "x.png"
    src.write_bytes(b"x")
    rec = Curator(root).move_to_class(src, "8")
    assert Path(rec.dst) == root / "8" / "deep" / "er" / "x.png"
    assert _labels(root)["8/deep/er/x.png"] == "8"


def test_what_the_scan_does_not_use_and_hidden_classes_are_refused(tmp_path: Path) -> None:
    root = tmp_path / "ds"
    for split in ("train", "val"):
        for label in ("3", "8"):
            (root / split / label).mkdir(parents=True)
            (root / split / label / "a.png").write_bytes(f"{split}{label}".encode())
    (root / "train" / "loose.png").write_bytes(b"loose in the split folder")
    (root / "train" / "3" / "notes.txt").write_bytes(b"not an image")
    (root / "train" / "3" / ".cache").mkdir()
    (root / "train" / "3" / ".cache" / "t.png").write_bytes(b"hidden folder")
    (root / "extra").mkdir()
    (root / "extra" / "e.png").write_bytes(b"next to the splits")
    before = _tree(root)
    cur = Curator(root)
    for path in (root / "train" / "loose.png", root / "train" / "3" / "notes.txt",
                 root / "train" / "3" / ".cache" / "t.png", root / "extra" / "e.png"):
        with pytest.raises(DataError, match="not an image the scan uses"):
            cur.move_to_class(path, "8")
    for label, why in ((".hidden", "starts with '.'"), ("__MACOSX", "skips it"), ("@eaDir", "skips it")):
        with pytest.raises(DataError, match=why):
            cur.move_to_class(root / "train" / "3" / "a.png", label)
    assert _tree(root) == before
    assert not log_path_for(root).exists()
    # a class named like a split, directly under the root of a single-folder dataset, would change the layout
    flat = tmp_path / "flat"
    for label in ("a", "b"):
        (flat / label).mkdir(parents=True)
        (flat / label / "x.png").write_bytes(label.encode())
    before = _tree(flat)
    with pytest.raises(DataError, match="name of a dataset split"):
        Curator(flat).move_to_class(flat / "a" / "x.png", "val")
    assert _tree(flat) == before


def _forge(root: Path, **fields) -> MoveRecord:
    rec = {"id": "f0f0f0f0" + "0" * 24, "op": "move", "kind": "class", "root": str(root), "label_from": "cat",
           "label_to": "dog", "sha1": "", "size": 0, "method": "rename", "time": "2024-01-01T00:00:00+00:00",
           "created_dirs": []}
    rec.update(fields)
    with log_path_for(root).open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(rec) + "\n")
    return MoveRecord.from_json(rec)


@pytest.mark.parametrize("case", ["dst_outside", "src_outside", "created_dirs_outside", "through_symlink"])
def test_a_forged_journal_record_changes_nothing_outside_the_dataset(dataset: Path, tmp_path: Path,
                                                                     case: str) -> None:
    outside = tmp_path / "outside"
    (outside / "empty").mkdir(parents=True)
    secret = outside / "secret.png"
    secret.write_bytes(b"not yours")
    sha_secret = hashlib.sha1(b"not yours").hexdigest()
    inside = dataset / "train" / "cat" / "cat_0.png"
    sha_inside = hashlib.sha1(inside.read_bytes()).hexdigest()
    if case == "dst_outside":       # undo would pull an outside file into the dataset
        fields = dict(src=str(dataset / "train" / "cat" / "stolen.png"), dst=str(secret), sha1=sha_secret)
    elif case == "src_outside":     # undo would push a dataset file out of it
        fields = dict(src=str(outside / "exfiltrated.png"), dst=str(inside), sha1=sha_inside)
    elif case == "created_dirs_outside":
        (dataset / "train" / "dog" / "cat_9.png").write_bytes(b"moved earlier")
        fields = dict(src=str(dataset / "train" / "cat" / "cat_9.png"), dst=str(dataset / "train" / "dog" / "cat_9.png"),
                      sha1=hashlib.sha1(b"moved earlier").hexdigest(), created_dirs=[str(outside / "empty")])
    else:                           # a path inside the root lexically, but through a link out of it
        (dataset / "train" / "lnk").symlink_to(outside, target_is_directory=True)
        fields = dict(src=str(dataset / "train" / "cat" / "stolen.png"), dst=str(dataset / "train" / "lnk" / "secret.png"),
                      sha1=sha_secret)
    rec = _forge(dataset, **fields)
    before_out, before_in = _digest(outside), _digest(dataset)
    cur = Curator(dataset)
    assert [r.id for r in cur.pending_moves()] == [rec.id]
    with pytest.raises(DataError, match="Refused journal record"):
        cur.undo(cur.pending_moves()[0])
    assert _digest(outside) == before_out and (outside / "empty").is_dir() and secret.read_bytes() == b"not yours"
    assert _digest(dataset) == before_in


def test_a_class_folder_linked_outside_is_never_a_source_or_a_target(dataset: Path, tmp_path: Path) -> None:
    ext = tmp_path / "elsewhere"
    (ext / "pool").mkdir(parents=True)
    (ext / "pool" / "p.png").write_bytes(b"someone else's")
    (ext / "sub").mkdir()
    (ext / "sub" / "p.png").write_bytes(b"someone else's too")
    (ext / "sink").mkdir()
    (dataset / "train" / "pool").symlink_to(ext / "pool", target_is_directory=True)     # a class folder
    (dataset / "train" / "sink").symlink_to(ext / "sink", target_is_directory=True)     # a class folder
    (dataset / "train" / "cat" / "sub").symlink_to(ext / "sub", target_is_directory=True)  # inside a class
    labels = _labels(dataset)                            # the scan follows the links and uses the files
    assert labels["train/pool/p.png"] == "pool" and labels["train/cat/sub/p.png"] == "cat"
    before_out, before_in = _digest(ext), _digest(dataset)
    cur = Curator(dataset)
    for src in (dataset / "train" / "pool" / "p.png", dataset / "train" / "cat" / "sub" / "p.png"):
        with pytest.raises(DataError, match="symbolic link"):
            cur.move_to_class(src, "dog")
        with pytest.raises(DataError, match="symbolic link"):
            cur.quarantine(src)
    with pytest.raises(DataError, match="symbolic link"):
        cur.move_to_class(dataset / "train" / "cat" / "cat_0.png", "sink")
    assert _digest(ext) == before_out and _digest(dataset) == before_in
    assert not log_path_for(dataset).exists()


# -- the journal loses nothing ------------------------------------------------------------------------------------


def test_a_broken_last_line_is_reported_and_later_moves_still_read(dataset: Path) -> None:
    cur = Curator(dataset)
    r1 = cur.move_to_class(dataset / "train" / "cat" / "cat_0.png", "dog")
    with log_path_for(dataset).open("a", encoding="utf-8") as fh:
        fh.write('{"id": "0123", "op": "mo')          # a crash cut the line short: no newline
    r2 = cur.quarantine(dataset / "val" / "dog" / "dog_1.png")
    again = Curator(dataset)
    assert [r.id for r in again.history()] == [r1.id, r2.id]
    journal = again.read_journal()
    assert journal.broken_lines == [2]
    assert [r.id for r in again.pending_moves()] == [r2.id, r1.id]
    again.undo(again.pending_moves()[0])
    assert (dataset / "val" / "dog" / "dog_1.png").read_bytes() == b"val/dog/1" * 10


def test_an_old_style_record_glued_to_a_broken_line_is_still_read(dataset: Path) -> None:
    """Journals written before the fix: the next record was appended to the line that lost its newline."""
    cur = Curator(dataset)
    r1 = cur.move_to_class(dataset / "train" / "cat" / "cat_0.png", "dog")
    text = log_path_for(dataset).read_text(encoding="utf-8")
    log_path_for(dataset).write_text(text.rstrip("\n") + text, encoding="utf-8")  # two records on one line
    assert [r.id for r in Curator(dataset).history()] == [r1.id, r1.id]
    assert Curator(dataset).read_journal().broken_lines == []


def _non_utf8_ok(folder: Path) -> bool:
    try:
        p = os.path.join(os.fsencode(folder), b"probe\xff.png")
        with open(p, "wb"):
            pass
        os.unlink(p)
        return True
    except (OSError, UnicodeError):
        return False


def test_a_non_utf8_file_name_moves_is_logged_and_comes_back_byte_for_byte(dataset: Path) -> None:
    if not _non_utf8_ok(dataset):
        pytest.skip("this file system refuses file names that are not UTF-8")
    raw = os.path.join(os.fsencode(dataset / "train" / "cat"), b"caf\xe9.png")
    with open(raw, "wb") as fh:
        fh.write(b"latin-1 name")
    before = _tree(dataset)
    cur = Curator(dataset)
    rec = cur.move_to_class(os.fsdecode(raw), "dog")
    assert os.path.exists(os.path.join(os.fsencode(dataset / "train" / "dog"), b"caf\xe9.png"))
    text = log_path_for(dataset).read_bytes().decode("utf-8")        # the journal is valid UTF-8
    assert all(json.loads(line) for line in text.splitlines())
    again = Curator(dataset)
    [logged] = again.pending_moves()
    assert logged.src == os.fsdecode(raw) and logged.id == rec.id
    again.undo(logged)
    assert _tree(dataset) == before
    with open(raw, "rb") as fh:
        assert fh.read() == b"latin-1 name"


@pytest.mark.parametrize("fail_at", ["write", "fsync"])
def test_disk_full_while_logging_leaves_the_dataset_as_it_was(dataset: Path, monkeypatch: pytest.MonkeyPatch,
                                                              fail_at: str) -> None:
    cur = Curator(dataset)
    cur.quarantine(dataset / "val" / "cat" / "cat_1.png")          # a journal that already has a record
    journal_before = log_path_for(dataset).read_bytes()
    before = _tree(dataset)
    q_before = _tree(quarantine_dir_for(dataset))
    real_write = os.write

    def no_space(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    def half_then_full(fd, data):
        real_write(fd, bytes(data[: len(data) // 2]))          # half a line reaches the disk, then it is full
        no_space()

    monkeypatch.setattr(curate.os, "write" if fail_at == "write" else "fsync",
                        half_then_full if fail_at == "write" else no_space)
    with pytest.raises(DataError, match=f"No space left on {log_path_for(dataset)}"):
        cur.move_to_class(dataset / "train" / "cat" / "cat_0.png", "dog")
    with pytest.raises(DataError, match="No space left on"):
        cur.quarantine(dataset / "train" / "dog" / "dog_0.png")
    monkeypatch.undo()
    assert _tree(dataset) == before                                     # byte-identical
    assert _tree(quarantine_dir_for(dataset)) == q_before
    assert log_path_for(dataset).read_bytes() == journal_before         # no half line left behind
    again = Curator(dataset)
    assert len(again.pending_moves()) == 1 and again.read_journal().broken_lines == []


@pytest.mark.parametrize("someone_else_appends", [False, True])
def test_the_journal_line_is_on_disk_before_the_file_moves(dataset: Path, monkeypatch: pytest.MonkeyPatch,
                                                           someone_else_appends: bool) -> None:
    """Never a move without its line: the line is written first; a move that then fails is taken back."""
    cur = Curator(dataset)
    log = log_path_for(dataset)
    seen = []

    def failing_move(src, dst, sha1, size):
        seen.append(log.read_text(encoding="utf-8") if log.exists() else "")
        if someone_else_appends:        # the app and `dtf curate` share the journal
            with log.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps({"op": "abort", "id": "other", "v": 1}) + "\n")
        raise DataError("the disk went away")

    before = _tree(dataset)
    monkeypatch.setattr(curate, "_rename_or_copy", failing_move)
    with pytest.raises(DataError, match="went away"):
        cur.move_to_class(dataset / "train" / "cat" / "cat_0.png", "dog")
    monkeypatch.undo()
    assert '"op": "move"' in seen[0] and "cat_0.png" in seen[0]          # logged before the move
    assert _tree(dataset) == before
    journal = Curator(dataset).read_journal()
    assert journal.records == [] and journal.broken_lines == []          # the failed move is not listed
    if someone_else_appends:
        assert '"id": "other"' in log.read_text(encoding="utf-8")        # their line is kept
    else:
        assert log.read_text(encoding="utf-8") == ""


def test_a_move_cut_short_before_it_happened_is_not_undone_as_if_it_had(dataset: Path) -> None:
    """The process died between writing the line and moving the file: undo says so and changes nothing."""
    cur = Curator(dataset)
    rec = cur.move_to_class(dataset / "train" / "cat" / "cat_0.png", "dog")
    cur.undo(rec)
    lines = log_path_for(dataset).read_text(encoding="utf-8").splitlines()
    log_path_for(dataset).write_text(lines[0] + "\n", encoding="utf-8")  # only the line survived the crash
    Path(rec.dst).write_bytes(b"")                                       # and the reserved empty name
    before = _tree(dataset)
    again = Curator(dataset)
    with pytest.raises(DataError, match="never happened"):
        again.undo(again.pending_moves()[0])
    assert _tree(dataset) == before


def test_a_broken_journal_record_is_refused_with_a_message() -> None:
    """from_json's refusals are Messages (English and Chinese), whatever is wrong with the record."""
    from dtf_gui.core.messages import Message

    good = {"id": "1", "op": "move", "kind": "class", "src": "a", "dst": "b", "root": "/r", "label_from": None,
            "label_to": "x", "sha1": "0", "size": 1, "method": "rename", "time": "t"}
    bad = [[], {**good, "src_b64": 3}, {**good, "src_b64": "***"}, {**good, "created_dirs_b64": "x"},
           {**good, "sha1": 5}, {**good, "created_dirs": [1]}]
    for obj in bad:
        with pytest.raises((ValueError, TypeError)) as e:
            MoveRecord.from_json(obj)  # type: ignore[arg-type]
        m = e.value.args[0]
        assert isinstance(m, Message) and m.render("en") != m.render("zh_CN"), (obj, e.value)
