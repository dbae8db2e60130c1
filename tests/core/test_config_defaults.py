"""The one default-config policy (`dtf config` and the GUI's first start): which model, epochs and pipeline a
new run configuration starts from, given the dataset and the ImageNet weights on this machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from dtf_gui.core import config
from dtf_gui.core.config import RunConfig, default_run_config
from dtf_gui.core.data.demo import ensure_demo_dataset


def on_machine(monkeypatch, *archs: str) -> None:
    """Pretend only these architectures' ImageNet weights are on this machine."""
    monkeypatch.setattr(config, "imagenet_weights_available", lambda arch: arch in archs)


@pytest.mark.parametrize(("present", "arch", "weights"), [
    (("resnet18", "mobilenet_v2"), "resnet18", "imagenet"),   # the default architecture, pretrained
    (("mobilenet_v2",), "mobilenet_v2", "imagenet"),          # the one installable offline
    ((), "resnet18", "none"),                                 # nothing on the machine: from scratch, no failure
])
def test_the_model_follows_the_weights_on_this_machine(monkeypatch, tmp_path: Path, present, arch, weights):
    on_machine(monkeypatch, *present)
    cfg = default_run_config(tmp_path)
    assert (cfg.model.arch, cfg.model.weights) == (arch, weights)
    assert cfg.model.allow_download is False  # nothing downloads unless the user allows it


def test_the_demo_digits_get_small_images_and_few_epochs(monkeypatch, tmp_path: Path):
    on_machine(monkeypatch, "mobilenet_v2")
    demo = default_run_config(ensure_demo_dataset(tmp_path / "demo"))
    other = default_run_config(tmp_path)
    assert demo.train.epochs == config.DEMO_EPOCHS < other.train.epochs == RunConfig().train.epochs
    assert demo.pipeline.val[0].params["size"] in (64, [64, 64])
    assert other.pipeline.val[0].params["size"] in (224, [224, 224])
    assert default_run_config(tmp_path, runs_dir=tmp_path / "r").runs_dir == str(tmp_path / "r")
