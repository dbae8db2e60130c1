"""The command line on a regression dataset: `dtf config --targets`, `dtf train`, `dtf eval`, `dtf predict`,
`dtf scan` (a missing file and a non-numeric target are named)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from dtf_gui.cli.main import main
from tests.regression_data import regression_pipeline, write_brightness_folder

SETS = ["model.arch=resnet18", "model.weights=none", "freeze.plan=head", "train.epochs=6", "train.batch_size=16",
        "train.lr=0.03", "train.schedule=none", "device=cpu", "precision=fp32", "train.tensorboard=false"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(data folder, run directory): `dtf config --data --targets` then `dtf train`, once for the module."""
    tmp = tmp_path_factory.mktemp("regression_cli")
    data = write_brightness_folder(tmp / "data", n=80)
    csv_copy = tmp / "brightness.csv"  # given with --targets, not found in the folder
    csv_copy.write_bytes((data / "targets.csv").read_bytes())
    (data / "targets.csv").unlink()
    cfg = tmp / "run.json"
    argv = ["config", "--data", str(data), "--targets", str(csv_copy), "--image-size", "16", "-o", str(cfg)]
    for s in [*SETS, f"runs_dir={tmp / 'runs'}"]:
        argv += ["--set", s]
    assert main(argv) == 0
    doc = json.loads(cfg.read_text())
    assert doc["task"] == "regression" and doc["data"]["targets"] == str(csv_copy.resolve())
    doc["pipeline"] = regression_pipeline().to_json()  # deterministic train steps: the feature cache applies
    cfg.write_text(json.dumps(doc))
    assert main(["train", str(cfg)]) == 0
    runs = list((tmp / "runs").iterdir())
    assert len(runs) == 1
    return data, runs[0]


def test_train_then_eval_writes_mse_mae_rmse_r2(capsys, trained: tuple[Path, Path]) -> None:
    data, run = trained
    capsys.readouterr()
    assert main(["eval", str(run), str(data), "--quiet"]) == 0
    out = capsys.readouterr().out
    metrics = json.loads((run / "eval-val" / "metrics.json").read_text())
    assert {"mse", "mae", "rmse", "r2"} <= set(metrics) and metrics["num_samples"] == 16
    assert metrics["r2"] >= 0.9 and metrics["rmse"] == pytest.approx(metrics["mse"] ** 0.5)
    best = json.loads((run / "run.json").read_text())["best_val_acc"]
    assert metrics["r2"] == pytest.approx(best, abs=1e-4)  # the same val images, the same model as training's R²
    assert "brightness: MSE" in out and "R²" in out
    with (run / "eval-val" / "predictions.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    errors = [float(r["abs_error"]) for r in rows]
    assert len(rows) == 16 and errors == sorted(errors, reverse=True)  # the largest errors first
    assert all(abs(float(r["pred_brightness"]) - float(r["true_brightness"])) == pytest.approx(float(r["abs_error"]))
               for r in rows)


def test_predict_prints_numbers(capsys, trained: tuple[Path, Path], tmp_path: Path) -> None:
    data, run = trained
    capsys.readouterr()
    assert main(["predict", str(run), str(data / "img_000.png"), str(data / "img_001.png")]) == 0
    lines = capsys.readouterr().out.splitlines()
    values = [float(line.split("=")[1]) for line in lines if line.strip().startswith("brightness =")]
    assert len(values) == 2
    truth = [float(r["brightness"]) for r in csv.DictReader((run.parent.parent / "brightness.csv").open())][:2]
    assert all(abs(v - t) < 40 for v, t in zip(values, truth, strict=True))  # numbers on the targets' scale
    assert main(["predict", str(run), str(data / "img_000.png"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["values"]["brightness"] == pytest.approx(values[0], rel=1e-5)


def test_scan_names_a_missing_file_and_a_non_numeric_target(capsys, tmp_path: Path) -> None:
    data = write_brightness_folder(tmp_path / "data", n=6)
    lines = (data / "targets.csv").read_text().splitlines()
    lines[2] = "img_001.png,bright"  # row 3
    lines.append("nowhere/lost.png,12")  # row 8
    (data / "targets.csv").write_text("\n".join(lines) + "\n")
    code = main(["scan", str(data)])
    out = capsys.readouterr().out
    assert code == 0  # bad rows are left out; 5 good ones still train
    assert 'Row 3, column brightness: "bright" is not a number' in out
    assert "Row 8: the image nowhere/lost.png does not exist" in out
    assert main(["scan", str(data), "--json"]) == 0
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert {"not_numeric", "missing_file"} <= codes


def test_bundle_records_the_targets_and_its_predict_py_prints_numbers(capsys, trained: tuple[Path, Path],
                                                                       tmp_path: Path) -> None:
    import importlib.util

    data, run = trained
    out = tmp_path / "bundle"
    assert main(["export", str(run), "--out", str(out)]) == 0
    info = json.loads((out / "bundle.json").read_text())
    run_info = json.loads((run / "run.json").read_text())
    assert info["task"] == "regression" and info["targets"] == ["brightness"]
    assert info["target_norm"] == run_info["target_norm"]
    capsys.readouterr()
    assert main(["predict", str(out), str(data / "img_003.png")]) == 0
    from_bundle = float(capsys.readouterr().out.split("=")[1])
    spec = importlib.util.spec_from_file_location("exported_predict", out / "predict.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([str(data / "img_003.png")]) == 0
    text = capsys.readouterr().out
    assert "brightness = " in text and float(text.split("=")[1]) == pytest.approx(from_bundle, rel=1e-5)
