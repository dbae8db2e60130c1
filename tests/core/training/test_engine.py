"""The engine on tiny data: run directory, checkpoints, reproducibility, stop/resume, pause, options."""

from __future__ import annotations

import csv
import json
import threading
import time
from pathlib import Path

import pytest
import torch
import torchvision
from tiny import TINY_ARCH, tiny_config
from torch import nn

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.errors import ConfigError, TrainingError
from dtf_gui.core.training import engine
from dtf_gui.core.training.callbacks import RecordingCallbacks
from dtf_gui.core.training.engine import load_checkpoint, read_metrics, train


@pytest.fixture(scope="module")
def baseline(tiny_data: Path, tmp_path_factory: pytest.TempPathFactory):
    """One uninterrupted 2-epoch run that several tests look at."""
    runs = tmp_path_factory.mktemp("runs")
    cb = RecordingCallbacks()
    cfg = tiny_config(tiny_data, runs, train__schedule="cosine")
    return cfg, train(cfg, callbacks=cb), cb


def test_run_directory_follows_the_contract(baseline) -> None:
    cfg, result, cb = baseline
    run = result.run_dir
    assert result.status == "completed" and result.epochs_done == 2
    assert {p.name for p in run.iterdir()} >= {"config.json", "run.json", "metrics.csv", "batches.csv", "checkpoints"}
    info = json.loads((run / "run.json").read_text())
    assert info["status"] == "completed" and info["classes"] == ["blue", "green", "red"]
    assert info["input_size"] == [16, 16] and info["arch"] == TINY_ARCH
    assert "nn.Linear" in info["head_recipe"]
    rows = read_metrics(run)
    assert [r["epoch"] for r in rows] == [1, 2]
    assert list(rows[0]) == list(engine.METRICS_COLUMNS)
    with (run / "batches.csv").open() as fh:
        batches = list(csv.DictReader(fh))
    # 36 train images, batch 8 -> 5 batches per epoch, every one logged
    assert [int(b["step"]) for b in batches] == list(range(1, 11))
    assert cb.started[0].batches_per_epoch == 5 and len(cb.epochs) == 2 and cb.ended[0].status == "completed"
    assert all(isinstance(b.loss, float) for b in cb.batches)
    # cosine is stepped per batch down to zero at the very end
    assert float(batches[-1]["lr"]) < 1e-6 < float(batches[0]["lr"])
    assert cfg.to_json() == json.loads((run / "config.json").read_text())


def test_checkpoints_load_safely_into_plain_torchvision(baseline) -> None:
    _, result, _ = baseline
    for name in ("last.pt", "best.pt"):
        ckpt = torch.load(result.run_dir / "checkpoints" / name, map_location="cpu", weights_only=True)
        assert {"model", "optimizer", "scheduler", "scaler", "rng", "epoch", "history", "classes", "arch",
                "config"} <= set(ckpt)
        assert not any(k.startswith(("module.", "_orig_mod.")) for k in ckpt["model"])
        m = getattr(torchvision.models, ckpt["arch"])()
        exec(json.loads((result.run_dir / "run.json").read_text())["head_recipe"], {"m": m, "nn": nn})
        m.load_state_dict(ckpt["model"])  # strict: every key of plain torchvision + the recorded head
    assert load_checkpoint(result.run_dir / "checkpoints" / "last.pt")["epoch"] == 2


def test_same_seed_same_run(baseline, tiny_data: Path, tmp_path: Path) -> None:
    cfg, result, _ = baseline
    again = train(cfg.with_overrides({"runs_dir": str(tmp_path)}))
    assert again.history[-1]["train_loss"] == pytest.approx(result.history[-1]["train_loss"], rel=1e-6)
    a = load_checkpoint(result.run_dir / "checkpoints" / "last.pt")["model"]
    b = load_checkpoint(again.run_dir / "checkpoints" / "last.pt")["model"]
    assert all(torch.equal(a[k], b[k]) for k in a)


class StopAt(RecordingCallbacks):
    def __init__(self, stop: StopToken, epoch: int, batch: int) -> None:
        super().__init__()
        self.stop, self.epoch, self.batch = stop, epoch, batch

    def on_batch_end(self, e) -> None:
        super().on_batch_end(e)
        if (e.epoch, e.batch) == (self.epoch, self.batch):
            self.stop.stop()


def test_stop_mid_epoch_then_resume_continues_exactly(baseline, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(engine, "EMIT_INTERVAL_S", 0.0)  # an event per batch, so we stop at batch 2
    cfg, reference, _ = baseline
    cfg = cfg.with_overrides({"runs_dir": str(tmp_path)})
    stop = StopToken()
    cb = StopAt(stop, epoch=2, batch=2)
    first = train(cfg, callbacks=cb, stop=stop)
    assert first.status == "stopped" and first.epochs_done == 1
    ckpt = load_checkpoint(first.run_dir / "checkpoints" / "last.pt")
    assert (ckpt["epoch"], ckpt["batch"]) == (1, 2)  # the current batch was finished, then saved
    assert json.loads((first.run_dir / "run.json").read_text())["status"] == "stopped"
    assert [r["epoch"] for r in read_metrics(first.run_dir)] == [1]

    second = train(cfg, resume=first.run_dir)
    assert second.status == "completed" and second.run_dir == first.run_dir
    assert [r["epoch"] for r in read_metrics(first.run_dir)] == [1, 2]
    steps = [int(r["step"]) for r in csv.DictReader((first.run_dir / "batches.csv").open())]
    assert steps == list(range(1, 11))
    # same sample order, RNG and optimizer state: the result equals the uninterrupted run
    assert second.history[-1]["train_loss"] == pytest.approx(reference.history[-1]["train_loss"], rel=1e-5)
    a = load_checkpoint(reference.run_dir / "checkpoints" / "last.pt")["model"]
    b = load_checkpoint(first.run_dir / "checkpoints" / "last.pt")["model"]
    assert all(torch.allclose(a[k].float(), b[k].float(), atol=1e-5) for k in a)


def test_pause_and_resume_from_another_thread(tiny_data: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(engine, "EMIT_INTERVAL_S", 0.0)
    stop = StopToken()

    class PauseAtFirstBatch(RecordingCallbacks):
        def on_batch_end(self, e) -> None:
            super().on_batch_end(e)
            if len(self.batches) == 1:
                stop.pause()  # as a GUI button would, any thread

    cb = PauseAtFirstBatch()
    out: dict = {}
    cfg = tiny_config(tiny_data, tmp_path, train__epochs=1)
    worker = threading.Thread(target=lambda: out.update(r=train(cfg, callbacks=cb, stop=stop)), daemon=True)
    worker.start()
    try:
        deadline = time.monotonic() + 120
        while not stop.paused and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)
        assert stop.paused and len(cb.batches) == 1 and worker.is_alive()
    finally:
        stop.resume()
        worker.join(120)
    assert out["r"].status == "completed" and len(cb.batches) == 5


def test_feature_cache_matches_the_full_forward_pass(tiny_data: Path, tmp_path: Path) -> None:
    """Frozen backbone + deterministic pipeline: training on cached features == training through the CNN."""
    kw = dict(random_train=False, freeze__plan="head", train__epochs=2, channels_last=False, model__arch="resnet18")
    cached = train(tiny_config(tiny_data, tmp_path / "a", **kw))
    full = train(tiny_config(tiny_data, tmp_path / "b", train__feature_cache=False, **kw))
    assert json.loads((cached.run_dir / "run.json").read_text())["feature_cache"] is True
    assert json.loads((full.run_dir / "run.json").read_text())["feature_cache"] is False
    a = load_checkpoint(cached.run_dir / "checkpoints" / "last.pt")["model"]
    b = load_checkpoint(full.run_dir / "checkpoints" / "last.pt")["model"]
    assert torch.allclose(a["fc.weight"], b["fc.weight"], atol=1e-4)
    assert torch.equal(a["layer1.0.conv1.weight"], b["layer1.0.conv1.weight"])  # backbone untouched
    assert cached.history[-1]["val_acc"] == full.history[-1]["val_acc"]


def test_early_stopping_when_nothing_improves(tiny_data: Path, tmp_path: Path) -> None:
    # head-only with a learning rate too small to change float32 weights: val metrics repeat exactly
    cfg = tiny_config(tiny_data, tmp_path, random_train=False, freeze__plan="head", train__epochs=4,
                      train__optimizer="sgd", train__momentum=0.0, train__lr=1e-12, train__weight_decay=0.0,
                      train__early_stopping=1)
    result = train(cfg)
    assert result.status == "early_stopped" and result.epochs_done == 2 and result.best_epoch == 1


def test_options_combination_runs(tiny_data: Path, tmp_path: Path) -> None:
    """SGD + Nesterov, L1, clipping, smoothing, class weights, one-cycle, gradual unfreezing, dropout."""
    cb = RecordingCallbacks()
    cfg = tiny_config(tiny_data, tmp_path, train__optimizer="sgd", train__nesterov=True, train__l1=1e-5,
                      train__grad_clip=1.0, train__label_smoothing=0.1, train__imbalance="class_weights",
                      train__schedule="onecycle", freeze__plan="gradual", freeze__unfreeze_epoch=1,
                      model__dropout=0.2, precision="bf16", model__arch="resnet18")  # the dropout head is resnet's fc
    result = train(cfg, callbacks=cb)
    assert result.status == "completed"
    assert any("unfreezing" in str(m) for m in cb.messages)
    ckpt = load_checkpoint(result.run_dir / "checkpoints" / "last.pt")
    assert ckpt["precision"] == "bf16"
    m = torchvision.models.resnet18()
    m.fc = nn.Sequential(nn.Dropout(0.2), nn.Linear(512, 3))
    m.load_state_dict(ckpt["model"])


def test_sampler_imbalance_and_plateau_run(tiny_data: Path, tmp_path: Path) -> None:
    cfg = tiny_config(tiny_data, tmp_path, train__imbalance="sampler", train__schedule="plateau",
                      train__optimizer="adam", train__epochs=1, data__cache="off")
    assert train(cfg).status == "completed"


def test_bad_requests_fail_with_clear_errors(tiny_data: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="model.arch"):
        train(tiny_config(tiny_data, tmp_path, model__arch="resnet19"))
    with pytest.raises(ConfigError, match="data.root"):
        train(tiny_config(tmp_path / "missing", tmp_path))
    with pytest.raises(TrainingError, match="last.pt"):
        empty = tmp_path / "empty_run"
        empty.mkdir()
        train(tiny_config(tiny_data, tmp_path), resume=empty)
    if not torch.cuda.is_available():
        with pytest.raises(TrainingError, match="CUDA"):
            engine.resolve_device("cuda")


def test_val_folder_kept_apart_from_the_data_root(tiny_data: Path, tmp_path: Path) -> None:
    import shutil

    held = tmp_path / "held_out"
    shutil.copytree(tiny_data / "val", held)
    together = train(tiny_config(tiny_data, tmp_path / "a", train__epochs=1, random_train=False))
    apart = train(tiny_config(tiny_data / "train", tmp_path / "b", train__epochs=1, random_train=False,
                              data__val_root=str(held)))
    strip = [{k: v for k, v in h.items() if k != "seconds"} for h in together.history]
    assert [{k: v for k, v in h.items() if k != "seconds"} for h in apart.history] == strip
    saved = json.loads((apart.run_dir / "config.json").read_text())
    assert saved["data"]["val_root"] == str(held)
    with pytest.raises(TrainingError, match="validation would score images the model trained on"):
        train(tiny_config(tiny_data / "train", tmp_path / "c", data__val_root=str(tiny_data / "train")))
    with pytest.raises(ConfigError, match="data.val_root"):
        train(tiny_config(tiny_data, tmp_path / "d", data__val_root=str(tmp_path / "missing")))
