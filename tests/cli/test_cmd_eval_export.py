from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from dtf_run_factory import image_paths, make_run, write_images

from dtf_gui.cli.main import main

CLASSES = ("ant", "bee", "cat")


@pytest.fixture(scope="module")
def run_and_data(tmp_path_factory):
    base = tmp_path_factory.mktemp("cli")
    data = write_images(base / "data", CLASSES, per_class=3)
    make_run(base / "run", data)
    return base, base / "run", data


def _dtf(capsys, *argv: str) -> tuple[int, str, str]:
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def test_export_then_predict_py_and_dtf_predict_agree(run_and_data, capsys):
    base, run, data = run_and_data
    rc, out, err = _dtf(capsys, "export", run, "--out", base / "bundle", "--format", "pth,safetensors")
    assert rc == 0, err
    assert out.strip().splitlines()[-1] == str((base / "bundle").absolute())
    assert "model.safetensors" in out and "resnet18, 3 classes, input 3x32x32" in out

    images = image_paths(data)[::2]
    rc, out, err = _dtf(capsys, "predict", base / "bundle", *images, "--top-k", "2", "--json")
    assert rc == 0, err
    ours = json.loads(out)
    assert [r["path"] for r in ours] == [str(p) for p in images]

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run([sys.executable, str(base / "bundle" / "predict.py"), *map(str, images), "--top-k", "2",
                           "--json"], capture_output=True, text=True, env=env, cwd=base, timeout=120)
    assert proc.returncode == 0, proc.stderr
    theirs = json.loads(proc.stdout)
    assert len(theirs) == len(ours)
    for a, b in zip(ours, theirs, strict=True):
        assert [t["class"] for t in a["top_k"]] == [t["class"] for t in b["top_k"]]
        assert a["top_k"][0]["prob"] == pytest.approx(b["top_k"][0]["prob"], abs=1e-5)

    # text output, a folder argument, and a run directory instead of a bundle
    rc, out, _ = _dtf(capsys, "predict", run, data / "val" / "ant", "--top-k", "1")
    assert rc == 0
    lines = out.splitlines()
    assert lines[0].endswith("ant_0.png") and lines[1].startswith("  1. ") and len(lines) == 6


def test_eval_writes_metrics_confusion_and_predictions(run_and_data, capsys):
    base, run, data = run_and_data
    rc, out, err = _dtf(capsys, "eval", run, data, "--quiet", "--top-k", "2")
    assert rc == 0, err
    folder = Path(out.strip().splitlines()[-1])
    assert folder == run / "eval-val"
    assert "accuracy" in out and "macro avg" in out and "ant" in out

    metrics = json.loads((folder / "metrics.json").read_text())
    assert metrics["split"] == "val" and metrics["arch"] == "resnet18" and metrics["num_samples"] == 9
    with open(folder / "predictions.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 9 and set(rows[0]) == {"path", "true", "pred", "prob", "loss", "correct", "top_k"}
    assert metrics["accuracy"] == pytest.approx(sum(int(r["correct"]) for r in rows) / 9)
    assert all(r["true"] == Path(r["path"]).parent.name for r in rows)
    with open(folder / "confusion_matrix.csv", newline="") as fh:
        cm = list(csv.reader(fh))
    assert cm[0] == ["true \\ pred", *CLASSES]
    assert sum(int(v) for row in cm[1:] for v in row[1:]) == 9
    assert [sum(int(v) for v in row[1:]) for row in cm[1:]] == [3, 3, 3]

    # the same numbers through an export bundle
    rc, _, err = _dtf(capsys, "export", run, "--out", base / "b2")
    assert rc == 0, err
    rc, out, err = _dtf(capsys, "eval", base / "b2", data, "--quiet", "--out", base / "ev2")
    assert rc == 0, err
    again = json.loads((base / "ev2" / "metrics.json").read_text())
    assert again["accuracy"] == metrics["accuracy"]
    assert again["per_sample"]["loss"] == pytest.approx(metrics["per_sample"]["loss"], abs=1e-6)


def test_user_errors_are_one_clear_line(run_and_data, capsys, tmp_path):
    base, run, data = run_and_data
    other = write_images(tmp_path / "other", ("ant", "dog"), per_class=1)
    rc, _, err = _dtf(capsys, "eval", run, other, "--quiet")
    assert rc == 1 and "class folder(s) ['dog'] that the model does not know" in err
    rc, _, err = _dtf(capsys, "predict", run, tmp_path / "missing.png")
    assert rc == 1 and "missing.png does not exist" in err
    rc, _, err = _dtf(capsys, "export", tmp_path, "--out", tmp_path / "b")
    assert rc == 1 and "is not a run directory" in err
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    rc, _, err = _dtf(capsys, "export", run, "--out", tmp_path / "full", "--format", "pth")
    assert rc == 1 and "not a bundle" in err and (tmp_path / "full" / "x").read_text() == "x"


def test_eval_split_all_and_a_runs_own_val_folder(run_and_data, capsys, tmp_path):
    import shutil

    base, run, data = run_and_data
    rc, _, err = _dtf(capsys, "eval", run, data, "--quiet", "--out", tmp_path / "val")
    assert rc == 0, err
    val = json.loads((tmp_path / "val" / "metrics.json").read_text())
    # a separate test folder of class folders, unsplit
    rc, out, err = _dtf(capsys, "eval", run, data / "val", "--split", "all", "--quiet", "--out", tmp_path / "all")
    assert rc == 0, err
    every = json.loads((tmp_path / "all" / "metrics.json").read_text())
    assert every["split"] == "all" and every["num_samples"] == 9 and every["accuracy"] == val["accuracy"]
    # a run trained on photos/ with its val split in held_out/ (data.val_root): eval on photos/ finds it
    shutil.copytree(data / "train", tmp_path / "photos")
    shutil.copytree(data / "val", tmp_path / "held_out")
    shutil.copytree(run, tmp_path / "run2")
    cfg_path = tmp_path / "run2" / "config.json"
    cfg = json.loads(cfg_path.read_text())
    cfg["data"].update(root=str(tmp_path / "photos"), val_root=str(tmp_path / "held_out"))
    cfg_path.write_text(json.dumps(cfg))
    rc, _, err = _dtf(capsys, "eval", tmp_path / "run2", tmp_path / "photos", "--quiet", "--out", tmp_path / "r2")
    assert rc == 0, err
    again = json.loads((tmp_path / "r2" / "metrics.json").read_text())
    assert again["num_samples"] == 9 and again["accuracy"] == val["accuracy"]
    rc, _, err = _dtf(capsys, "eval", run, tmp_path / "photos" / "ant", "--split", "all", "--quiet")
    assert rc == 1 and "no usable images in its 'all' split" in err


def test_onnx_export_without_onnxruntime_says_it_was_not_checked(run_and_data, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "onnxruntime", None)  # `import onnxruntime` fails, find_spec says None
    base, run, _ = run_and_data
    rc, out, err = _dtf(capsys, "export", run, "--out", base / "b_onnx", "--format", "onnx")
    assert rc == 0, err
    info = json.loads((base / "b_onnx" / "bundle.json").read_text())
    assert info["checks"]["onnx"]["checked_with"] is None
    assert info["checks"]["onnx"]["not_checked"] == "onnxruntime_missing"
    line = next(x for x in out.splitlines() if x.strip().endswith(".onnx") or ".onnx " in x)
    assert "not checked" in line and "onnxruntime" in line, out
