"""compare_runs: exactly the settings and pipeline steps that differ, the metrics side by side, and clear
refusals (too few or too many runs, a folder that is not a run)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from compare_fixtures import config, pipeline, write_run

from dtf_gui.core.errors import TrainingError
from dtf_gui.core.experiments.compare import compare_runs, metric_table
from dtf_gui.core.pipeline.spec import StepSpec


def test_lr_and_one_pipeline_step_are_exactly_the_two_differences(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a", config(lr=1e-3))
    b = write_run(tmp_path / "b", config(lr=1e-2, doc=pipeline(size=96), runs_dir="elsewhere/runs"))
    c = compare_runs([a, b])
    assert c.names == ["a", "b"]
    assert [(s.key, s.values) for s in c.settings] == [("train.lr", (0.001, 0.01))]  # runs_dir is left out
    assert len(c.pipeline) == 1
    d = c.pipeline[0]
    assert (d.split, d.kind, d.index, d.name, d.run) == ("train", "changed", 0, "Resize", 1)
    assert [p.text() for p in d.params] == ["size: [64, 64] → [96, 96]"]
    assert d.lines() == ["- Resize(size=[64, 64])", "+ Resize(size=[96, 96])"]
    assert d.message.render("en") == "train pipeline, step 1 (Resize): changed in b: size: [64, 64] → [96, 96]"
    assert d.message.render("zh_CN").startswith("训练流水线第 1 步（Resize）：在 b 中有改动")
    assert not c.same()


def test_identical_runs_have_no_differences_but_their_own_metrics(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a", accs=(0.5, 0.8, 0.7))
    b = write_run(tmp_path / "b", accs=(0.4, 0.6, 0.9), status="stopped")
    c = compare_runs([a, b])
    assert c.same() and c.settings == [] and c.pipeline == []
    ma, mb = c.metrics
    assert (ma.best_val_acc, ma.best_epoch, ma.last_val_acc, ma.epochs_done) == (0.8, 2, 0.7, 3)
    assert (mb.best_val_acc, mb.best_epoch, mb.status) == (0.9, 3, "stopped")
    assert math.isclose(ma.last_val_loss, 1.5 - 0.7) and math.isclose(ma.last_train_loss, 1.0)
    assert ma.duration_s == 10 + 11 + 12
    assert [row["val_acc"] for row in c.curves[1]] == [0.4, 0.6, 0.9]
    assert [row["lr"] for row in c.curves[0]] == [0.001, 0.0005, 0.001 / 3]
    table = {label.code: cells for label, cells in metric_table(c.metrics)}
    assert table["compare.metric.best_val_acc"] == ["80.00%", "90.00%"]
    assert [m.render("zh_CN") for m in table["compare.metric.status"]] == ["已完成", "已停止"]


def test_a_tie_in_accuracy_goes_to_the_lower_loss_as_in_training(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a", accs=(0.7, 0.7, 0.6), losses=(0.9, 0.5, 0.4))
    b = write_run(tmp_path / "b")
    assert compare_runs([a, b]).metrics[0].best_epoch == 2


def test_three_runs_differ_from_the_first_and_a_setting_differs_when_not_all_agree(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a", config(lr=1e-3))
    b = write_run(tmp_path / "b", config(lr=1e-2))
    jitter = ({"brightness": 0.2},)
    c_doc = pipeline(val_extra=(("ColorJitter", jitter[0]),))
    c = write_run(tmp_path / "c", config(lr=1e-3, doc=c_doc))
    cmp = compare_runs([a, b, c])
    assert [(s.key, s.values) for s in cmp.settings] == [("train.lr", (0.001, 0.01, 0.001))]
    assert [(d.run_name, d.split, d.kind, d.index, d.name) for d in cmp.pipeline] == [
        ("c", "val", "added", 1, "ColorJitter")]
    assert cmp.pipeline[0].lines() == ["+ ColorJitter(brightness=0.2)"]
    assert len(cmp.metrics) == len(cmp.curves) == 3


def test_a_removed_and_an_added_step_are_named(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a")
    b_doc = pipeline(flip=False, val_extra=(("CenterCrop", {"size": 56}),))
    b = write_run(tmp_path / "b", config(doc=b_doc))
    diffs = compare_runs([a, b]).pipeline
    assert [(d.split, d.kind, d.index, d.name) for d in diffs] == [
        ("train", "removed", 1, "RandomHorizontalFlip"), ("val", "added", 1, "CenterCrop")]
    assert diffs[0].lines() == ["- RandomHorizontalFlip(p=0.5)"]
    assert diffs[0].message.render("en") == "train pipeline, step 2 (RandomHorizontalFlip): removed in b"
    assert diffs[1].message.render("en") == "val pipeline, step 2 (CenterCrop): added in b"


def test_a_switched_off_step_and_a_new_parameter_are_changes(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a")
    doc = pipeline()
    flip = doc.train[1]
    doc = doc.with_split("train", doc.train.replace(1, StepSpec(flip.name, dict(flip.params), enabled=False)))
    doc = doc.with_split("val", doc.val.replace(0, doc.val[0].with_params(antialias=True)))
    b = write_run(tmp_path / "b", config(doc=doc))
    diffs = compare_runs([a, b]).pipeline
    assert [(d.split, d.kind, [p.text() for p in d.params]) for d in diffs] == [
        ("train", "changed", ["enabled: True → False"]), ("val", "changed", ["antialias: — → True"])]
    assert diffs[0].lines() == ["- RandomHorizontalFlip(p=0.5)", "+ # RandomHorizontalFlip(p=0.5)"]


def test_one_run_is_refused_with_a_message(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a")
    with pytest.raises(TrainingError) as e:
        compare_runs([a])
    assert e.value.message.code == "compare.too_few"
    assert "at least 2 runs" in e.value.render("en") and "至少" in e.value.render("zh_CN")


def test_nine_runs_and_a_run_given_twice_are_refused(tmp_path: Path) -> None:
    runs = [write_run(tmp_path / f"r{i}") for i in range(9)]
    with pytest.raises(TrainingError, match="at most 8"):
        compare_runs(runs)
    with pytest.raises(TrainingError) as e:
        compare_runs([runs[0], runs[1], tmp_path / "r1" / "."])
    assert e.value.message.code == "compare.twice"


def test_a_folder_that_is_not_a_run_is_refused_by_name(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a")
    stray = tmp_path / "holiday photos"
    stray.mkdir()
    with pytest.raises(TrainingError) as e:
        compare_runs([a, stray])
    assert e.value.message.code == "compare.not_a_run"
    assert str(stray) in e.value.render("en") and str(stray) in e.value.render("zh_CN")


def test_a_run_without_its_config_is_refused_by_name(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a")
    b = write_run(tmp_path / "b")
    (b / "config.json").unlink()
    with pytest.raises(TrainingError) as e:
        compare_runs([a, b])
    assert e.value.message.code == "compare.no_config" and str(b) in e.value.render("en")


def test_runs_of_the_same_name_in_two_folders_get_told_apart(tmp_path: Path) -> None:
    a = write_run(tmp_path / "ws1" / "20250101-000000-resnet18")
    b = write_run(tmp_path / "ws2" / "20250101-000000-resnet18")
    assert compare_runs([a, b]).names == ["ws1/20250101-000000-resnet18", "ws2/20250101-000000-resnet18"]


def test_pipeline_rows_put_each_runs_version_of_a_step_side_by_side(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a")
    b = write_run(tmp_path / "b", config(doc=pipeline(size=96)))
    c = write_run(tmp_path / "c", config(doc=pipeline(size=128, val_extra=(("CenterCrop", {"size": 56}),))))
    d = write_run(tmp_path / "d", config(doc=pipeline(val_extra=(("CenterCrop", {"size": 56}),))))
    rows = compare_runs([a, b, c, d]).pipeline_rows()
    assert [(r.where.render("en"), r.cells, r.kinds) for r in rows] == [
        ("train pipeline, step 1 (Resize)",
         ("Resize(size=[64, 64])", "Resize(size=[96, 96])", "Resize(size=[128, 128])", "Resize(size=[64, 64])"),
         (None, "changed", "changed", None)),
        ("val pipeline, step 2 (CenterCrop)", ("—", "—", "CenterCrop(size=56)", "CenterCrop(size=56)"),
         (None, None, "added", "added")),
    ]
