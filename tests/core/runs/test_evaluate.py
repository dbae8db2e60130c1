"""Evaluation is one function: ``dtf eval`` and the Evaluate view (via qt/workers/specs.py) both call
:func:`run_evaluation`; a run stopped in its first epoch is evaluated from its last checkpoint, with a note."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

from eval_fixtures import make_trained_run, write_dataset
from tiny import tiny_config

from dtf_gui.cli.main import main
from dtf_gui.core.cancel import StopToken
from dtf_gui.core.runs.bundle import export_bundle
from dtf_gui.core.runs.evaluate import EvalRequest, run_evaluation
from dtf_gui.core.runs.predict import PredictRequest, predict
from dtf_gui.core.runs.rundir import checkpoint_path
from dtf_gui.core.training.callbacks import RecordingCallbacks
from dtf_gui.core.training.engine import train

CLASSES = ("red", "green", "blue")


def _same(a: Any, b: Any, where: str = "") -> None:
    """Equal structures; floats equal to 1e-12 relative (both sides went through the same float64 code)."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and set(a) == set(b), f"{where}: keys {set(a) ^ set(b)}"
        for k in a:
            _same(a[k], b[k], f"{where}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), f"{where}: lengths differ"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        assert math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-15), f"{where}: {a} != {b}"
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def test_run_evaluation_gives_what_dtf_eval_writes(tmp_path: Path, capsys) -> None:
    """The parity the GUI relies on: the outcome the Evaluate view draws is `dtf eval`'s metrics.json."""
    root = write_dataset(tmp_path / "data", CLASSES, train=4, val=5)
    run = make_trained_run(tmp_path / "run", root, CLASSES, steps=30)
    bundle = export_bundle(run, tmp_path / "bundle", ("pth", "safetensors"))
    out = tmp_path / "cli-eval"
    assert main(["eval", str(bundle), str(root), "--out", str(out), "--quiet"]) == 0
    capsys.readouterr()
    cli = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    outcome = run_evaluation(EvalRequest(str(bundle), str(root)))
    got = json.loads(json.dumps({**outcome.extra, **outcome.result.metrics}))
    cli.pop("seconds")
    _same(got, cli)
    assert got["model_kind"] == "bundle" and got["num_samples"] == 15 and outcome.notes == []
    # a run directory: its training history comes along (metrics.csv, read by the one reader)
    from_run = run_evaluation(EvalRequest(str(run), str(root)))
    with (run / "metrics.csv").open(newline="") as fh:
        logged = [float(r["epoch"]) for r in csv.DictReader(fh)]
    assert from_run.extra["checkpoint"] == "best" and [r["epoch"] for r in from_run.history] == logged != []


def _stopped_in_epoch_one(tiny_data: Path, runs: Path) -> Path:
    stop = StopToken()

    class StopAtFirstBatch(RecordingCallbacks):
        def on_batch_end(self, event):
            super().on_batch_end(event)
            stop.stop()

    result = train(tiny_config(tiny_data, runs, train__epochs=2), callbacks=StopAtFirstBatch(), stop=stop)
    assert result.status == "stopped" and result.epochs_done == 0
    return result.run_dir


def test_a_run_stopped_in_epoch_one_is_evaluated_from_its_last_checkpoint_with_a_note(tiny_data, tmp_path,
                                                                                      capsys) -> None:
    run = _stopped_in_epoch_one(tiny_data, tmp_path / "runs")
    assert not checkpoint_path(run, "best").exists() and checkpoint_path(run, "last").is_file()

    outcome = run_evaluation(EvalRequest(str(run), str(tiny_data)))
    assert outcome.extra["checkpoint"] == "last" and outcome.result.metrics["num_samples"] == 12
    assert [n.code for n in outcome.notes] == ["runs.no_best_eval"]
    text = outcome.notes[0].render("en")
    assert "no best checkpoint yet (stopped in epoch 1); evaluating the last one" in text
    assert "--which" not in text and "第 1 轮" in outcome.notes[0].render("zh_CN")

    rc = main(["eval", str(run), str(tiny_data), "--out", str(tmp_path / "ev"), "--quiet"])
    err = capsys.readouterr().err
    assert rc == 0 and "evaluating the last one" in err and "--which" not in err
    assert json.loads((tmp_path / "ev" / "metrics.json").read_text())["checkpoint"] == "last"

    images = tuple(str(p) for p in sorted((tiny_data / "val").rglob("*.png"))[:2])
    pred = predict(PredictRequest(str(run), images, traces=False))
    assert [n.code for n in pred.notes] == ["runs.no_best_predict"] and all(it.top for it in pred.items)


def test_a_run_trained_with_a_class_excluded_evaluates_on_the_same_folder(tmp_path: Path) -> None:
    """The folder still holds the class the user excluded from training: evaluation leaves it out too,
    rather than refusing the dataset for a class the model never had."""
    root = write_dataset(tmp_path / "data", ("red", "green", "blue"), train=4, val=3)
    run = make_trained_run(tmp_path / "run", root, ("red", "green"), steps=20)
    config = json.loads((run / "config.json").read_text(encoding="utf-8"))
    config["data"]["exclude_classes"] = ["blue"]
    (run / "config.json").write_text(json.dumps(config), encoding="utf-8")
    outcome = run_evaluation(EvalRequest(str(run), str(root)))
    assert outcome.result.metrics["classes"] == ["red", "green"]
    assert outcome.result.metrics["num_samples"] == 6  # the 3 blue val images are not counted
