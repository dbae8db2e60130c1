from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from datatree import make_classes, noise
from PIL import Image

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.data import scan as scan_mod
from dtf_gui.core.data.scan import Finding, ScanReport, scan
from dtf_gui.core.errors import Cancelled, DataError


@pytest.fixture(scope="module")
def report(health_tree: tuple[Path, dict[str, Path]]) -> ScanReport:
    root, _ = health_tree
    return scan(root, workers=2)


def codes(report: ScanReport, level: str | None = None) -> list[str]:
    return [f.code for f in report.findings if level is None or f.level == level]


def finding_for(report: ScanReport, code: str, path: Path | None = None) -> Finding:
    hits = [f for f in report.findings if f.code == code
            and (path is None or f.path == str(path) or str(path) in f.paths)]
    assert hits, f"no {code} finding for {path}; findings: {[(f.code, f.path) for f in report.findings]}"
    return hits[0]


def record(report: ScanReport, path: Path) -> scan_mod.FileRecord:
    return next(r for recs in report.splits.values() for r in recs if r.path == str(path))


def test_layout_and_classes_from_train(report: ScanReport, health_tree: tuple[Path, dict[str, Path]]) -> None:
    root, _ = health_tree
    assert report.layout == "splits"
    assert report.root == str(root)
    assert report.classes == ["bird", "cat", "dog"]  # sorted like ImageFolder; no __MACOSX; "empty" is left out
    assert report.left_out == ["empty"]
    assert report.decoded
    counts = report.counts()
    assert counts["train"] == {"bird": 1, "cat": 8, "dog": 9}
    assert counts["val"] == {"bird": 0, "cat": 1, "dog": 1}  # fish is not a train class
    assert report.can_train()


@pytest.mark.parametrize("name, code", [
    ("zero", "zero_byte"),
    ("truncated", "truncated"),
    ("not_image", "not_image"),
    ("bomb", "decompression_bomb"),
    ("bomb2", "decompression_bomb"),
    ("broken_link", "broken_symlink"),
    ("float", "mode_F"),
])
def test_per_file_errors_exclude_the_file(report: ScanReport, health_tree: tuple[Path, dict[str, Path]],
                                          name: str, code: str) -> None:
    _, p = health_tree
    rec = record(report, p[name])
    assert rec.error == code
    assert rec in report.excluded()
    assert rec not in report.usable("train")
    f = finding_for(report, code, p[name])
    assert f.level == "error" and f.split == "train"
    assert str(p[name]) in f.message


def test_bomb_size_is_read_from_the_header(report: ScanReport, health_tree: tuple[Path, dict[str, Path]]) -> None:
    _, p = health_tree
    rec = record(report, p["bomb"])
    assert (rec.width, rec.height) == (10_000, 9_000)
    assert 10_000 * 9_000 > scan_mod.MAX_PIXELS


def test_unindexed_files_are_listed(report: ScanReport, health_tree: tuple[Path, dict[str, Path]]) -> None:
    _, p = health_tree
    for name, code in (("txt", "unsupported_extension"), ("no_ext", "no_extension"), ("loose", "loose_files")):
        assert str(p[name]) in report.unindexed
        assert finding_for(report, code, p[name]).level == "warning"
    assert ".txt" in finding_for(report, "unsupported_extension").message


def test_junk_and_hidden_are_ignored(report: ScanReport) -> None:
    every = [r.path for recs in report.splits.values() for r in recs] + report.unindexed
    for bad in (".DS_Store", "._ok0.jpg", "Thumbs.db", ".ipynb_checkpoints", "__MACOSX"):
        assert not any(bad in path for path in every), bad
    assert report.ignored_junk >= 5


def test_symlink_loop_is_not_followed(report: ScanReport, health_tree: tuple[Path, dict[str, Path]]) -> None:
    _, p = health_tree
    f = finding_for(report, "symlink_loop", p["loop"])
    assert f.level == "warning"
    assert not any("/loop/" in r.path for r in report.splits["train"])


def test_class_level_findings(report: ScanReport) -> None:
    assert "empty" in finding_for(report, "empty_class").message
    missing = finding_for(report, "missing_in_val")
    assert "bird" in missing.message and "empty" not in missing.message
    assert "fish" in finding_for(report, "unknown_in_val").message
    fish = [r for r in report.splits["val"] if r.label == "fish"]
    assert fish and all(r.error == "unknown_class" for r in fish)
    imbalance = finding_for(report, "imbalance")
    assert imbalance.level == "warning" and "'dog' has 9" in imbalance.message
    assert report.imbalance_ratio() == pytest.approx(9.0)
    assert "too_few_classes" not in codes(report)


def test_duplicates_and_leakage(report: ScanReport, health_tree: tuple[Path, dict[str, Path]]) -> None:
    _, p = health_tree
    dup = finding_for(report, "duplicate", p["dup_a"])
    assert set(dup.paths) == {str(p["dup_a"]), str(p["dup_b"])}
    leak = finding_for(report, "leakage", p["leak_train"])
    assert set(leak.paths) == {str(p["leak_train"]), str(p["leak_val"])}


@pytest.mark.parametrize("name, code", [
    ("mode_1", "mode_1"), ("mode_L", "mode_L"), ("mode_LA", "mode_LA"), ("mode_P", "mode_P"),
    ("mode_RGBA", "mode_RGBA"), ("mode_CMYK", "mode_CMYK"), ("mode_I16", "mode_I16"), ("mode_I", "mode_I"),
])
def test_mode_notes(report: ScanReport, health_tree: tuple[Path, dict[str, Path]], name: str, code: str) -> None:
    _, p = health_tree
    f = finding_for(report, code, p[name])
    assert f.level == "note"
    assert record(report, p[name]).error is None


def test_orientation_animation_tiny_notes(report: ScanReport, health_tree: tuple[Path, dict[str, Path]]) -> None:
    _, p = health_tree
    assert record(report, p["rotated"]).exif_orientation == 6
    assert finding_for(report, "exif_orientation", p["rotated"]).level == "note"
    assert record(report, p["animated"]).n_frames == 2
    assert finding_for(report, "animated", p["animated"]).level == "note"
    assert finding_for(report, "tiny", p["tiny"]).level == "note"
    assert finding_for(report, "tiny").paths == [str(p["tiny"])]


def test_huge_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_classes(tmp_path, {"a": 1, "b": 1})
    Image.fromarray(noise(1, w=40, h=30)).save(tmp_path / "a" / "big.png")
    monkeypatch.setattr(scan_mod, "HUGE_PIXELS", 1000)
    rep = scan(tmp_path, val_fraction=0.5)
    assert finding_for(rep, "huge").paths == [str(tmp_path / "a" / "big.png")]


def test_findings_sorted_by_level_and_json(report: ScanReport) -> None:
    levels = [f.level for f in report.findings]
    assert levels == sorted(levels, key=["error", "warning", "note"].index)
    doc = json.loads(json.dumps(report.to_json()))
    assert doc["schema_version"] == 1 and doc["layout"] == "splits" and doc["can_train"] is True
    assert doc["classes"] == report.classes
    assert doc["counts"]["train"]["dog"] == 9
    assert {e["error"] for e in doc["excluded"]} >= {"zero_byte", "truncated", "broken_symlink"}
    assert doc["summary"]["modes"]["RGB"] >= 1
    assert all({"level", "code", "message", "path", "split", "paths"} <= set(f) for f in doc["findings"])
    assert len(doc["files"]["train"]) == len(report.splits["train"])


def test_listing_only(health_tree: tuple[Path, dict[str, Path]]) -> None:
    root, p = health_tree
    rep = scan(root, decode=False)
    assert not rep.decoded
    assert record(rep, p["zero"]).error == "zero_byte"
    assert record(rep, p["broken_link"]).error == "broken_symlink"
    assert record(rep, p["truncated"]).error is None  # only decoding finds it
    assert record(rep, p["ok0"]).sha1 is None and record(rep, p["ok0"]).mode is None
    assert not {"duplicate", "leakage", "mode_L", "truncated"} & set(codes(rep))


def test_progress_and_cancel(tmp_path: Path) -> None:
    make_classes(tmp_path, {"a": 6, "b": 6})
    calls: list[tuple[int, int]] = []
    scan(tmp_path, progress=lambda d, t: calls.append((d, t)), workers=1)
    assert calls[0] == (0, 12) and calls[-1] == (12, 12)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)

    stop = StopToken()

    def progress(done: int, total: int) -> None:
        if done == 3:
            stop.stop()

    with pytest.raises(Cancelled):
        scan(tmp_path, progress=progress, stop=stop, workers=1)


def test_split_names_as_classes_ask_did_you_mean(tmp_path: Path) -> None:
    make_classes(tmp_path / "train", {"a": 2, "b": 2})
    make_classes(tmp_path / "test", {"a": 1, "b": 1})
    rep = scan(tmp_path)
    f = finding_for(rep, "did_you_mean_train")
    assert f.level == "error" and f.path == str(tmp_path / "train")
    assert f"Did you mean {tmp_path / 'train'}?" in f.message
    assert not rep.can_train()
    # with a val fraction, train/ alone is split
    rep = scan(tmp_path, val_fraction=0.5)
    assert rep.layout == "split_generated" and rep.can_train()
    assert rep.counts() == {"train": {"a": 1, "b": 1}, "val": {"a": 1, "b": 1}}


def test_images_without_class_folders(tmp_path: Path) -> None:
    for i in range(3):
        Image.fromarray(noise(i)).save(tmp_path / f"{i}.png")
    rep = scan(tmp_path)
    f = finding_for(rep, "no_class_folders")
    assert f.level == "error" and "holds 3 image(s) directly" in f.message and "<class>" in f.message
    assert not rep.can_train()
    assert len(rep.unindexed) == 3


def test_too_few_classes(tmp_path: Path) -> None:
    make_classes(tmp_path, {"only": 3})
    rep = scan(tmp_path, val_fraction=0.3)
    assert finding_for(rep, "too_few_classes").level == "error"
    assert not rep.can_train()


def test_single_folder_without_and_with_generated_split(tmp_path: Path) -> None:
    make_classes(tmp_path, {"a": 10, "b": 5, "c": 1})
    rep = scan(tmp_path, decode=False)
    assert rep.layout == "single" and rep.splits["val"] == []
    assert finding_for(rep, "no_val_split").level == "warning"

    rep = scan(tmp_path, val_fraction=0.2, seed=3)
    assert rep.layout == "split_generated"
    assert rep.counts()["val"] == {"a": 2, "b": 1, "c": 0}  # stratified; a 1-image class stays in train
    assert rep.counts()["train"] == {"a": 8, "b": 4, "c": 1}
    assert "c" in finding_for(rep, "missing_in_val").message
    again = scan(tmp_path, val_fraction=0.2, seed=3)
    assert [r.path for r in again.splits["val"]] == [r.path for r in rep.splits["val"]]
    other = scan(tmp_path, val_fraction=0.2, seed=4)
    assert [r.path for r in other.splits["val"]] != [r.path for r in rep.splits["val"]]


def test_picked_train_folder_uses_its_sibling_val(tmp_path: Path) -> None:
    make_classes(tmp_path / "train", {"a": 4, "b": 3})
    make_classes(tmp_path / "val", {"a": 2, "b": 1})
    rep = scan(tmp_path / "train", val_fraction=0.2, decode=False)
    assert rep.layout == "splits"
    assert rep.counts()["val"] == {"a": 2, "b": 1} and rep.counts()["train"] == {"a": 4, "b": 3}
    note = finding_for(rep, "sibling_val")
    assert note.level == "note" and note.path == str(tmp_path / "val") and "0.2" in note.message
    whole = scan(tmp_path, decode=False)
    assert {s: {r.path for r in rs} for s, rs in whole.splits.items()} == \
        {s: {r.path for r in rs} for s, rs in rep.splits.items()}


def test_bad_root(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="does not exist"):
        scan(tmp_path / "nope")
    (tmp_path / "f.png").write_bytes(b"x")
    with pytest.raises(DataError, match="is a file"):
        scan(tmp_path / "f.png")
    with pytest.raises(DataError, match="val fraction"):
        scan(tmp_path, val_fraction=1.5)


def test_symlinked_class_folder_is_followed(tmp_path: Path) -> None:
    make_classes(tmp_path / "elsewhere", {"x": 2})
    make_classes(tmp_path / "data", {"a": 2})
    os.symlink(tmp_path / "elsewhere" / "x", tmp_path / "data" / "x", target_is_directory=True)
    rep = scan(tmp_path / "data", val_fraction=0.5)
    assert rep.classes == ["a", "x"] and rep.counts()["train"] == {"a": 1, "x": 1}


def test_val_linked_to_train_is_leakage(tmp_path: Path) -> None:
    make_classes(tmp_path / "train", {"a": 1, "b": 1})
    (tmp_path / "val").mkdir()
    os.symlink(tmp_path / "train" / "a", tmp_path / "val" / "a", target_is_directory=True)
    rep = scan(tmp_path)
    assert rep.counts()["val"]["a"] == 1
    assert finding_for(rep, "leakage").paths == [str(tmp_path / "train" / "a" / "000.png"),
                                                 str(tmp_path / "val" / "a" / "000.png")]


def test_val_folder_chosen_apart_from_the_dataset(tmp_path: Path) -> None:
    make_classes(tmp_path / "photos", {"a": 4, "b": 3})
    make_classes(tmp_path / "held_out", {"a": 2, "b": 1}, seed=500)
    rep = scan(tmp_path / "photos", val_root=tmp_path / "held_out", val_fraction=0.2)
    assert rep.layout == "val_root" and rep.val_root == str(tmp_path / "held_out") and not rep.uses_val_fraction
    assert rep.counts() == {"train": {"a": 4, "b": 3}, "val": {"a": 2, "b": 1}}  # no share of train held out
    assert "0.2" in finding_for(rep, "val_fraction_ignored").message
    assert rep.can_train() and rep.to_json()["val_root"] == str(tmp_path / "held_out")
    assert scan(tmp_path / "photos").to_json()["val_root"] is None


def test_chosen_val_folder_replaces_the_datasets_own(tmp_path: Path) -> None:
    make_classes(tmp_path / "data" / "train", {"a": 3, "b": 3})
    make_classes(tmp_path / "data" / "val", {"a": 1, "b": 1})
    make_classes(tmp_path / "other" / "val", {"a": 2, "b": 2}, seed=500)  # a dataset folder holding val/
    (tmp_path / "other" / "train").mkdir()
    rep = scan(tmp_path / "data", val_root=tmp_path / "other")
    assert rep.val_root == str(tmp_path / "other" / "val") and rep.counts()["val"] == {"a": 2, "b": 2}
    assert finding_for(rep, "val_folder_inner").level == "note"
    assert finding_for(rep, "val_folder_replaced").path == str(tmp_path / "data" / "val")
    # a train/ folder alone is the train split once a val folder is chosen (no "did you mean" error)
    make_classes(tmp_path / "only" / "train", {"a": 2, "b": 2})
    rep = scan(tmp_path / "only", val_root=tmp_path / "other" / "val")
    assert rep.can_train() and rep.counts()["train"] == {"a": 2, "b": 2}
    # a picked train/ folder: the chosen val folder wins over its sibling val/
    rep = scan(tmp_path / "data" / "train", val_root=tmp_path / "other")
    assert rep.counts()["val"] == {"a": 2, "b": 2} and "sibling_val" not in codes(rep)


def test_val_folder_that_is_or_holds_the_train_folder_blocks(tmp_path: Path) -> None:
    make_classes(tmp_path / "data", {"a": 2, "b": 2})
    for val, where in ((tmp_path / "data", "is the train folder"), (tmp_path / "data" / "a", "inside"),
                       (tmp_path, "holds the train folder")):
        rep = scan(tmp_path / "data", val_root=val, decode=False)
        err = finding_for(rep, "val_is_train")
        assert err.level == "error" and where in err.message and not rep.can_train()
        assert rep.splits["val"] == []


def test_bad_val_folder(tmp_path: Path) -> None:
    make_classes(tmp_path / "data", {"a": 2, "b": 2})
    with pytest.raises(DataError, match="Val folder .*nope does not exist"):
        scan(tmp_path / "data", val_root=tmp_path / "nope")
    (tmp_path / "f.png").write_bytes(b"x")
    with pytest.raises(DataError, match="is a file"):
        scan(tmp_path / "data", val_root=tmp_path / "f.png")
    make_classes(tmp_path / "cats_only", {"a": 1, "zebra": 1}, seed=700)
    rep = scan(tmp_path / "data", val_root=tmp_path / "cats_only")
    assert "zebra" in finding_for(rep, "unknown_in_val").message and "b" in finding_for(rep, "missing_in_val").message


def test_class_without_train_images_is_left_out_with_a_warning(tmp_path: Path) -> None:
    """An empty train class folder is no class: the model would get a head for it (33 % on 3 classes)."""
    import warnings

    from dtf_gui.core.data.datasets import make_datasets
    from dtf_gui.core.messages import render

    make_classes(tmp_path / "train", {"a": 3, "b": 3})
    make_classes(tmp_path / "val", {"a": 1, "b": 1, "c": 2}, seed=7)
    (tmp_path / "train" / "c").mkdir()
    rep = scan(tmp_path, workers=1)
    assert rep.classes == ["a", "b"] and rep.left_out == ["c"]
    assert rep.can_train() and rep.counts()["val"] == {"a": 1, "b": 1}
    assert all(r.error is not None for r in rep.splits["val"] if r.label == "c")  # no head to score them
    f = finding_for(rep, "empty_class")
    folder = str(tmp_path / "train" / "c")
    assert f.level == "warning" and "left out" in f.message and folder in f.message and "2 val" in f.message
    assert folder in render(f.msg, "zh_CN") and "不在类别列表" in render(f.msg, "zh_CN")
    assert "unknown_in_val" not in codes(rep)  # the val folder is the same class, already reported
    assert rep.to_json()["left_out"] == ["c"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        train, val = make_datasets(rep, None, None)
    assert train.classes == ["a", "b"] and len(val) == 2
    assert any(folder in str(w.message) for w in caught), [str(w.message) for w in caught]


def test_class_missing_only_in_val_still_trains(tmp_path: Path) -> None:
    make_classes(tmp_path / "train", {"a": 3, "b": 3, "c": 2})
    make_classes(tmp_path / "val", {"a": 1, "b": 1}, seed=7)
    (tmp_path / "val" / "c").mkdir()
    rep = scan(tmp_path, workers=1)
    assert rep.classes == ["a", "b", "c"] and rep.left_out == []
    assert "c" in finding_for(rep, "missing_in_val").message and "empty_class" not in codes(rep)
