"""Training learns: the loss falls and val accuracy far beats chance; a step moves the trainable weights and
leaves frozen ones alone; early stopping follows the metric. (Each of these fails when the optimizer step is
removed or the freeze / patience rule is broken.)"""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from tiny import tiny_config

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.training import device, loop
from dtf_gui.core.training.callbacks import RecordingCallbacks
from dtf_gui.core.training.engine import load_checkpoint, train


def test_the_loss_falls_and_val_accuracy_beats_chance_widely(tiny_data: Path, tmp_path: Path) -> None:
    result = train(tiny_config(tiny_data, tmp_path, random_train=False, train__epochs=3, model__arch="resnet18"))
    losses = [h["train_loss"] for h in result.history]
    assert losses[-1] < 0.6 * losses[0], losses  # measured: 0.77 -> 0.21
    assert result.history[-1]["val_acc"] >= 0.9  # 3 classes: chance is 0.33; at most 1 of 12 wrong


def _initial_then_one_epoch(cfg, run_parent: Path) -> tuple[dict, dict]:
    """The model as initialised (a run stopped before its first batch) and after one epoch of training."""
    stop = StopToken()

    class StopAtStart(RecordingCallbacks):
        def on_run_start(self, event):
            super().on_run_start(event)
            stop.stop()

    first = train(cfg, callbacks=StopAtStart(), stop=stop)
    assert first.status == "stopped" and first.epochs_done == 0
    before = load_checkpoint(first.run_dir / "checkpoints" / "last.pt")["model"]
    train(cfg, resume=first.run_dir)
    after = load_checkpoint(first.run_dir / "checkpoints" / "last.pt")["model"]
    return before, after


@pytest.mark.parametrize("plan", ["full", "head"])
def test_a_step_moves_trainable_weights_and_never_frozen_ones(tiny_data: Path, tmp_path: Path, plan: str) -> None:
    cfg = tiny_config(tiny_data, tmp_path, random_train=False, train__epochs=1, freeze__plan=plan,
                      train__feature_cache=False, model__arch="resnet18")
    before, after = _initial_then_one_epoch(cfg, tmp_path)
    assert not torch.equal(before["fc.weight"], after["fc.weight"])
    backbone = ["conv1.weight", "layer1.0.conv1.weight", "layer4.1.conv2.weight", "layer2.0.bn1.weight"]
    moved = [k for k in backbone if not torch.equal(before[k], after[k])]
    assert moved == (backbone if plan == "full" else []), moved


@pytest.fixture
def val_curve(monkeypatch):
    """Replace validation by a scripted accuracy curve (what early stopping reads), one value per epoch."""
    def use(accs: list[float]) -> None:
        it = iter(accs)
        monkeypatch.setattr(loop.EpochLoop, "evaluate", lambda self: (1.0, next(it)))
    return use


def test_early_stopping_follows_the_metric(tiny_data: Path, tmp_path: Path, val_curve) -> None:
    kw = dict(random_train=False, freeze__plan="head", train__epochs=4, train__early_stopping=2)
    val_curve([0.4, 0.5, 0.6, 0.7])  # improves every epoch: never stops early
    assert train(tiny_config(tiny_data, tmp_path / "a", **kw)).status == "completed"
    val_curve([0.4, 0.5, 0.5, 0.5])  # best at epoch 2, then 2 epochs without improvement
    r = train(tiny_config(tiny_data, tmp_path / "b", **{**kw, "train__epochs": 6}))
    assert (r.status, r.epochs_done, r.best_epoch) == ("early_stopped", 4, 2)
    val_curve([0.4, 0.3, 0.6, 0.5, 0.7, 0.8])  # never 2 bad epochs in a row: runs to the end
    r = train(tiny_config(tiny_data, tmp_path / "c", **{**kw, "train__epochs": 6}))
    assert (r.status, r.epochs_done, r.best_epoch) == ("completed", 6, 6)


def test_auto_precision_follows_the_cpu_capability(monkeypatch) -> None:
    cpu = torch.device("cpu")
    expected = "bf16" if device.cpu_bf16_supported() else "fp32"
    assert device.resolve_precision("auto", cpu, "resnet18") == expected  # this machine, as it is
    for native, want in ((True, "bf16"), (False, "fp32")):
        monkeypatch.setattr(device, "cpu_bf16_supported", lambda native=native: native)
        assert device.resolve_precision("auto", cpu, "resnet18") == want
        assert device.resolve_precision("auto", cpu, "mobilenet_v2") == "fp32"  # depthwise: bf16 is slower
        assert device.resolve_precision("bf16", cpu, "mobilenet_v2") == "bf16"  # asked for explicitly


def test_auto_device_prefers_cuda_then_mps_then_cpu(monkeypatch) -> None:
    from types import SimpleNamespace

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    monkeypatch.setattr(torch.cuda, "get_device_properties", lambda i: SimpleNamespace(name="GPU", total_memory=2**30))
    assert device.resolve_device("auto").type == "cuda"
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: True)
    assert device.resolve_device("auto").type == "mps"
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert device.resolve_device("auto").type == "cpu"
