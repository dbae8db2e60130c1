"""A regression dataset for the tests: small images whose target is their mean brightness (and, optionally, the
mean of their red channel), with ``targets.csv`` in the folder; and a run config that learns it in seconds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image

from dtf_gui.core.config import RunConfig
from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def write_brightness_folder(root: Path, n: int = 80, size: int = 16, seed: int = 0, two_targets: bool = False
                            ) -> Path:
    """root/img_NNN.png + root/targets.csv (file,brightness[,red]); the targets are the pixels' own means."""
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True, exist_ok=True)
    lines = ["file,brightness,red" if two_targets else "file,brightness"]
    for i in range(n):
        level = rng.uniform(20, 235)
        arr = np.clip(level + rng.normal(0, 20, (size, size, 3)), 0, 255).astype(np.uint8)
        name = f"img_{i:03d}.png"
        Image.fromarray(arr, "RGB").save(root / name)
        extra = f",{arr[..., 0].mean():.4f}" if two_targets else ""
        lines.append(f"{name},{arr.mean():.4f}{extra}")
    (root / "targets.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def regression_pipeline(size: int = 16) -> PipelineDocument:
    val = PipelineSpec.of(("Resize", {"size": [size, size]}), ("ToImage", {}),
                          ("ToDtype", {"dtype": "float32", "scale": True}), ("Normalize", {"mean": MEAN, "std": STD}))
    return PipelineDocument(train=val, val=val)


def regression_config(data: Path, runs: Path, **overrides: object) -> RunConfig:
    """resnet18 from random weights, backbone frozen: the feature cache makes each epoch a few milliseconds,
    and a linear head on the random features learns brightness to R² > 0.95 in 6 epochs."""
    base = {
        "task": "regression", "data.root": str(data), "model.arch": "resnet18", "model.weights": "none",
        "freeze.plan": "head", "train.epochs": 6, "train.batch_size": 16, "train.lr": 3e-2,
        "train.schedule": "none", "train.tensorboard": False, "device": "cpu", "precision": "fp32",
        "runs_dir": str(runs), "seed": 0,
    }
    base.update({k.replace("__", "."): v for k, v in overrides.items()})
    return RunConfig(pipeline=regression_pipeline()).with_overrides(base)
