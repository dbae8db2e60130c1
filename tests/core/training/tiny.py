"""Tiny learnable image folders and run configs for the engine tests (a few dozen 16-24 px images)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from dtf_gui.core.config import RunConfig
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def write_tiny_folder(root: Path, classes: tuple[str, ...] = ("red", "green", "blue"), n_train: int = 12,
                      n_val: int = 4, size: int = 20, seed: int = 0) -> Path:
    """root/{train,val}/<class>/*.png; the class sets which colour channel is bright (easy to learn)."""
    rng = np.random.default_rng(seed)
    for split, n in (("train", n_train), ("val", n_val)):
        for k, name in enumerate(classes):
            folder = root / split / name
            folder.mkdir(parents=True, exist_ok=True)
            for i in range(n):
                base = np.full(3, 40.0)
                base[k % 3] = 210
                arr = np.clip(base + rng.normal(0, 40, (size, size, 3)), 0, 255).astype(np.uint8)
                Image.fromarray(arr, "RGB").save(folder / f"{name}_{i}.png")
    return root


def tiny_pipeline(size: int = 16, random_train: bool = True) -> PipelineDocument:
    val = PipelineSpec.of(("Resize", {"size": [size, size]}), ("ToImage", {}),
                          ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", {"mean": MEAN, "std": STD}))
    if not random_train:
        return PipelineDocument(train=val, val=val)
    train = PipelineSpec.of(val.steps[0], ("RandomHorizontalFlip", {"p": 0.5}), *val.steps[1:])
    return PipelineDocument(train=train, val=val)


#: The tests' default model: the zoo's smallest (2.5M parameters). A resnet18 run of the same tiny data spends
#: ~3x as long in backward, the optimizer step and a 140 MB checkpoint write per epoch; tests that need a model
#: that *learns* the colours in a few steps (``test_learning``) ask for resnet18 by name.
TINY_ARCH = "mobilenet_v3_small"


def tiny_config(data: Path, runs: Path, *, random_train: bool = True, size: int = 16, **overrides: object
                ) -> RunConfig:
    base = {
        "data.root": str(data), "model.arch": TINY_ARCH, "model.weights": "none", "train.epochs": 2,
        "train.batch_size": 8, "train.lr": 1e-3, "train.schedule": "none", "device": "cpu",
        "precision": "fp32", "runs_dir": str(runs), "seed": 0,
    }
    base.update({k.replace("__", "."): v for k, v in overrides.items()})
    return RunConfig(pipeline=tiny_pipeline(size, random_train)).with_overrides(base)
