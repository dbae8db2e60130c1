"""`dtf compare RUN RUN... [--json]`: the settings and pipeline steps that differ, and the metrics side by side."""

from __future__ import annotations

import json
from pathlib import Path

from compare_fixtures import config, pipeline, write_run

from dtf_gui.cli.main import main


def _two_runs(tmp_path: Path) -> tuple[Path, Path]:
    a = write_run(tmp_path / "run-a", config(lr=1e-3), accs=(0.5, 0.75))
    b = write_run(tmp_path / "run-b", config(lr=1e-2, doc=pipeline(size=96)), accs=(0.6, 0.9, 0.8))
    return a, b


def test_json_names_exactly_the_lr_and_the_pipeline_step(tmp_path: Path, capsys) -> None:
    a, b = _two_runs(tmp_path)
    assert main(["compare", str(a), str(b), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in doc["runs"]] == ["run-a", "run-b"] and doc["reference"] == "run-a"
    assert doc["settings"] == [{"key": "train.lr", "values": [0.001, 0.01]}]
    assert len(doc["pipeline"]) == 1
    step = doc["pipeline"][0]
    assert (step["split"], step["kind"], step["name"], step["index"]) == ("train", "changed", "Resize", 0)
    assert step["params"] == [{"param": "size", "before": [64, 64], "after": [96, 96]}]
    assert step["message"] == "train pipeline, step 1 (Resize): changed in run-b: size: [64, 64] → [96, 96]"
    assert step["msg"]["code"] == "compare.step_changed"
    assert [m["best_val_acc"] for m in doc["metrics"]] == [0.75, 0.9]
    assert [m["best_epoch"] for m in doc["metrics"]] == [2, 2]
    assert [row["val_acc"] for row in doc["curves"]["run-b"]] == [0.6, 0.9, 0.8]


def test_text_report_has_the_table_the_diff_and_the_metrics(tmp_path: Path, capsys) -> None:
    a, b = _two_runs(tmp_path)
    assert main(["compare", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    lr_row = next(line for line in lines if line.strip().startswith("train.lr"))
    assert lr_row.split() == ["train.lr", "0.001", "0.01"]
    assert "    - Resize(size=[64, 64])" in lines and "    + Resize(size=[96, 96])" in lines
    assert "data.root" not in out and "runs_dir" not in out
    acc_row = next(line for line in lines if line.strip().startswith("best val accuracy"))
    assert acc_row.split()[-2:] == ["75.00%", "90.00%"]
    epochs_row = next(line for line in lines if line.strip().startswith("epochs done"))
    assert epochs_row.split()[-2:] == ["2/3", "3/3"]


def test_identical_runs_say_nothing_differs_in_chinese_too(tmp_path: Path, capsys) -> None:
    a = write_run(tmp_path / "a")
    b = write_run(tmp_path / "b")
    assert main(["--lang", "zh_CN", "compare", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "没有不同的设置。" in out and "没有不同的流水线步骤。" in out and "最佳验证准确率" in out


def test_one_run_or_a_stray_folder_is_refused_naming_it(tmp_path: Path, capsys) -> None:
    a = write_run(tmp_path / "a")
    assert main(["compare", str(a)]) == 1
    assert "Choose at least 2 runs to compare (got 1)." in capsys.readouterr().err
    stray = tmp_path / "notes"
    stray.mkdir()
    assert main(["compare", str(a), str(stray), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and f"{stray} is not a run folder" in captured.err
