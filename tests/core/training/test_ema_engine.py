"""The engine with train.ema: both accuracies recorded, the chosen weights exported, the average resumed."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import torch
from tiny import tiny_config

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.runs.artifacts import read_state_dict
from dtf_gui.core.runs.bundle import export_bundle
from dtf_gui.core.training import engine
from dtf_gui.core.training.callbacks import RecordingCallbacks
from dtf_gui.core.training.engine import load_checkpoint, train
from dtf_gui.core.training.loop import TrainState

EMA = {"train__ema": True, "train__ema_decay": 0.9, "train__ema_warmup_epochs": 0}


@pytest.fixture(scope="module")
def ema_run(tiny_data: Path, tmp_path_factory: pytest.TempPathFactory):
    """One uninterrupted 2-epoch run with EMA, its weights exported as the user chose: the average."""
    cfg = tiny_config(tiny_data, tmp_path_factory.mktemp("runs"), **EMA, train__ema_export="ema")
    cb = RecordingCallbacks()
    return cfg, train(cfg, callbacks=cb), cb


def test_both_accuracies_are_recorded_every_epoch(ema_run) -> None:
    _, result, cb = ema_run
    with (result.run_dir / "metrics.csv").open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2 and {"val_acc", "ema_val_acc", "val_loss", "ema_val_loss"} <= set(rows[0])
    for row, event in zip(rows, cb.epochs, strict=True):
        assert float(row["ema_val_acc"]) == event.ema_val_acc and float(row["ema_val_loss"]) == event.ema_val_loss
        assert 0.0 <= event.ema_val_acc <= 1.0 and event.weights == "ema"
    info = json.loads((result.run_dir / "run.json").read_text())
    assert info["best_weights"] == "ema"
    # the chosen weights decide the best epoch: run.json's best accuracy is the average's
    assert info["best_val_acc"] == max(e.ema_val_acc for e in cb.epochs)


def test_the_export_holds_the_chosen_weights(ema_run, tmp_path: Path) -> None:
    _, result, _ = ema_run
    best = load_checkpoint(result.run_dir / "checkpoints" / "best.pt")
    assert best["weights"] == "ema"
    out = export_bundle(result.run_dir, tmp_path / "bundle", "pth")
    exported = read_state_dict(out / "model.pth")
    ema, raw = best["ema"]["model"], best["model"]
    assert set(exported) == set(ema)
    assert all(torch.equal(exported[k], ema[k]) for k in ema)
    assert not all(torch.equal(exported[k], raw[k]) for k in raw)  # the average is not the raw weights
    assert json.loads((out / "bundle.json").read_text())["source"]["weights"] == "ema"


def test_resume_continues_the_same_average(ema_run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(engine, "EMIT_INTERVAL_S", 0.0)  # an event per batch, so we stop at batch 2
    cfg, reference, _ = ema_run
    cfg = cfg.with_overrides({"runs_dir": str(tmp_path)})
    stop = StopToken()

    class StopAt(RecordingCallbacks):
        def on_batch_end(self, e) -> None:
            if (e.epoch, e.batch) == (2, 2):
                stop.stop()

    first = train(cfg, callbacks=StopAt(), stop=stop)
    assert first.status == "stopped"
    second = train(cfg, resume=first.run_dir)
    assert second.status == "completed"
    a = load_checkpoint(reference.run_dir / "checkpoints" / "last.pt")["ema"]
    b = load_checkpoint(first.run_dir / "checkpoints" / "last.pt")["ema"]
    assert a["n_averaged"] == b["n_averaged"] == 10  # 5 batches x 2 epochs, none lost or counted twice
    assert all(torch.allclose(a["model"][k].float(), b["model"][k].float(), atol=1e-6) for k in a["model"])


def test_the_choice_follows_ema_export() -> None:
    for mode, weights, best in (("best", "ema", 0.75), ("raw", "raw", 0.5), ("ema", "ema", 0.75)):
        state = TrainState()
        state.record(0, train_loss=1.0, val_loss=1.0, val_acc=0.5, lr=0.1, seconds=1.0, ema=(0.9, 0.75),
                     ema_export=mode)
        assert (state.weights, state.best_acc) == (weights, best)
        assert state.history[0]["ema_val_acc"] == 0.75 and state.history[0]["val_acc"] == 0.5


def test_ema_on_the_feature_cache_averages_the_head(tiny_data: Path, tmp_path: Path) -> None:
    cfg = tiny_config(tiny_data, tmp_path, random_train=False, freeze__plan="head", train__epochs=2, **EMA)
    cb = RecordingCallbacks()
    result = train(cfg, callbacks=cb)
    assert any("cache" in str(m).lower() for m in cb.messages)  # the head trained on cached features
    last = load_checkpoint(result.run_dir / "checkpoints" / "last.pt")
    ema, raw = last["ema"]["model"], last["model"]
    head = [k for k in raw if not torch.equal(ema[k], raw[k])]
    assert head and all(k.startswith("classifier.") for k in head)  # only the trained head moves
    assert all(e.ema_val_acc is not None for e in cb.epochs)
