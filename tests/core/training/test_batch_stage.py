"""The batch stage in training: CutMix runs after collation on the train batches only, the loss takes the soft
labels (with label smoothing and class weights still on), and the frozen-backbone feature cache steps aside."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch
from tiny import tiny_config
from torch import nn

from dtf_gui.core.config import RunConfig
from dtf_gui.core.messages import render
from dtf_gui.core.pipeline.spec import PipelineSpec
from dtf_gui.core.training.engine import train
from dtf_gui.core.training.features import cache_applies


class _Messages:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def on_message(self, text) -> None:
        self.lines.append(render(text, "en"))


def _with_cutmix(cfg: RunConfig) -> RunConfig:
    doc = cfg.pipeline.with_split("batch", PipelineSpec.of(("CutMix", {"alpha": 1.0, "num_classes": None})))
    return cfg.with_overrides({"pipeline": doc.to_json()})


def test_one_tiny_epoch_with_cutmix_feeds_soft_labels_to_the_loss(tiny_data: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[torch.dtype, tuple[int, ...]]] = []

    class SpyLoss(nn.CrossEntropyLoss):  # the criterion the engine builds: records what the loss is given
        def forward(self, input: torch.Tensor, target: torch.Tensor) -> torch.Tensor:  # noqa: A002
            seen.append((target.dtype, tuple(target.shape)))
            return super().forward(input, target)

    monkeypatch.setattr(torch.nn, "CrossEntropyLoss", SpyLoss)
    # a frozen backbone and a deterministic train pipeline: the feature cache would apply without the batch stage
    cfg = _with_cutmix(tiny_config(tiny_data, tmp_path, random_train=False, freeze__plan="head",
                                   train__epochs=1, train__label_smoothing=0.1, train__imbalance="class_weights"))
    log = _Messages()
    result = train(cfg, callbacks=log)
    assert result.status == "completed"
    loss = result.history[0]["train_loss"]
    assert math.isfinite(loss) and loss > 0
    assert seen and all(dtype == torch.float32 and len(shape) == 2 and shape[1] == 3 for dtype, shape in seen)
    assert [shape[0] for _, shape in seen] == [8, 8, 8, 8, 4]  # every train batch of 36 images, mixed after collation
    run = json.loads((result.run_dir / "run.json").read_text())
    assert run["feature_cache"] is False
    assert any("batch stage" in line for line in log.lines), log.lines
    # the run's config keeps the batch stage (a resume or `dtf train --config` trains the same way)
    saved = RunConfig.load(result.run_dir / "config.json")
    assert [s.name for s in saved.pipeline.batch] == ["CutMix"]
    assert math.isfinite(result.history[0]["val_loss"]) and 0.0 <= result.history[0]["val_acc"] <= 1.0


def test_the_feature_cache_says_why_it_does_not_apply_with_a_batch_stage() -> None:
    ok, why = cache_applies(plan_trainable={"head"}, plan="head", train_random=False, val_random=False,
                            world_size=1, enabled=True, batch_stage=True)
    assert not ok and "batch stage" in render(why, "en") and "批次阶段" in render(why, "zh_CN")
    assert cache_applies(plan_trainable={"head"}, plan="head", train_random=False, val_random=False,
                         world_size=1, enabled=True)[0]
