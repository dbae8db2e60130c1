"""A regression run (task "regression"): images -> their mean brightness, learnt to R² >= 0.9 on val."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dtf_gui.core.config import RunConfig
from dtf_gui.core.errors import ConfigError
from dtf_gui.core.runs.rundir import read_metrics
from dtf_gui.core.training.engine import load_checkpoint, train
from tests.regression_data import regression_config, write_brightness_folder


class _Epochs:
    def __init__(self) -> None:
        self.events: list = []

    def on_epoch_end(self, e) -> None:
        self.events.append(e)


def test_brightness_regression_trains_to_r2_above_0_9(tmp_path: Path) -> None:
    data = write_brightness_folder(tmp_path / "data", n=80)
    seen = _Epochs()
    result = train(regression_config(data, tmp_path / "runs"), callbacks=seen)
    rows = read_metrics(result.run_dir)
    assert result.status == "completed" and len(rows) == 6
    best = max(rows, key=lambda r: r["val_r2"])
    assert best["val_r2"] >= 0.9, rows
    assert best["val_acc"] == best["val_r2"]  # R² in the accuracy's place: the best checkpoint is the best R²
    assert {"val_mse", "val_mae", "val_rmse"} <= set(best) and best["val_mae"] < 20  # brightness units (0-255)
    run = json.loads((result.run_dir / "run.json").read_text())
    assert run["task"] == "regression" and run["targets"] == ["brightness"] and run["num_classes"] == 1
    assert run["best_epoch"] == best["epoch"] and run["target_norm"]["std"][0] > 10
    assert seen.events[-1].extras["val_r2"] == pytest.approx(rows[-1]["val_r2"])
    ckpt = load_checkpoint(result.run_dir / "checkpoints" / "best.pt")
    assert ckpt["task"] == "regression" and ckpt["model"]["fc.weight"].shape[0] == 1  # the head: Linear(512, 1)


def test_a_regression_run_refuses_a_batch_stage_naming_the_pipeline(tmp_path: Path) -> None:
    cfg = regression_config(tmp_path, tmp_path / "runs")
    doc = cfg.pipeline.to_json()
    doc["batch"], doc["schema_version"] = [{"name": "CutMix", "params": {"num_classes": None}}], 2
    with pytest.raises(ConfigError) as err:
        cfg.with_overrides({"pipeline": doc})
    assert err.value.field == "pipeline" and "regression" in str(err.value) and "batch stage" in str(err.value)


def test_an_old_config_without_task_loads_as_classification() -> None:
    cfg = RunConfig.from_json({"schema_version": 1, "data": {"root": "x"}, "train": {"epochs": 2}})
    assert cfg.task == "classification" and cfg.data.targets == "" and cfg.train.loss == "mse"
