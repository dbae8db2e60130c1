"""Tiny datasets and run directories for the export / eval tests, written the way the contract fixes them.

The model is built with torchvision and a tutorial-style head, not with dtf_gui's zoo, so the tests also
check that dtf_gui's reader agrees with plain torchvision code.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import torch
import torchvision
from PIL import Image
from torch import nn

from dtf_gui.core.pipeline.spec import PipelineDocument, PipelineSpec

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]


def write_images(root: Path, classes: tuple[str, ...] = ("ant", "bee", "cat"), per_class: int = 4,
                 size: int = 40, seed: int = 0) -> Path:
    """root/{train,val}/<class>/*.png: noisy images whose mean colour depends on the class."""
    rng = np.random.default_rng(seed)
    for split in ("train", "val"):
        for k, name in enumerate(classes):
            folder = root / split / name
            folder.mkdir(parents=True, exist_ok=True)
            for i in range(per_class):
                base = np.zeros(3)
                base[k % 3] = 200
                arr = np.clip(base + rng.normal(0, 60, (size, size + 4 * i, 3)), 0, 255).astype(np.uint8)
                Image.fromarray(arr, "RGB").save(folder / f"{name}_{i}.png")
    return root


def pipeline(image_size: int = 32) -> PipelineDocument:
    val = PipelineSpec.of(("Resize", {"size": [image_size, image_size]}), ("ToImage", {}),
                          ("ToDtype", {"dtype": "float32", "scale": True}),
                          ("Normalize", {"mean": MEAN, "std": STD}))
    train = PipelineSpec.of(("Resize", {"size": [image_size, image_size]}),
                            ("RandomHorizontalFlip", {"p": 0.5}), *val.steps[1:])
    return PipelineDocument(train=train, val=val)


def plain_model(arch: str, num_classes: int, dropout: float = 0.0, seed: int = 0) -> nn.Module:
    """torchvision model with the head replaced as a tutorial does; random weights and BN statistics."""
    torch.manual_seed(seed)
    m = getattr(torchvision.models, arch)(weights=None)
    if arch == "resnet18":
        assert dropout == 0.0
        m.fc = nn.Linear(m.fc.in_features, num_classes)
    elif arch == "mobilenet_v2":
        if dropout:
            m.classifier[0].p = dropout
        m.classifier[1] = nn.Linear(m.classifier[1].in_features, num_classes)
    else:
        raise ValueError(arch)
    g = torch.Generator().manual_seed(seed)
    for mod in m.modules():  # non-trivial BN statistics: exports must run BN in eval mode to match
        if isinstance(mod, nn.BatchNorm2d):
            mod.running_mean.copy_(torch.randn(mod.num_features, generator=g) * 0.1)
            mod.running_var.copy_(torch.rand(mod.num_features, generator=g) + 0.5)
    return m.eval()


def make_run(run_dir: Path, data_root: Path, *, arch: str = "resnet18",
             classes: tuple[str, ...] = ("ant", "bee", "cat"), dropout: float = 0.0, image_size: int = 32,
             which: tuple[str, ...] = ("best",), seed: int = 0) -> nn.Module:
    """A run directory as `dtf train` writes it (config.json, run.json, checkpoints/<which>.pt)."""
    model = plain_model(arch, len(classes), dropout, seed)
    doc = pipeline(image_size)
    config = {
        "schema_version": 1,
        "data": {"root": str(data_root), "val_fraction": 0.2, "seed": 0},
        "pipeline": doc.to_json(),
        "model": {"arch": arch, "weights": "none", "dropout": dropout},
        "train": {"epochs": 1, "batch_size": 8, "lr": 0.001},
        "device": "cpu", "seed": seed,
    }
    history = [{"epoch": 1, "train_loss": 1.2, "val_loss": 1.1, "val_acc": 0.5, "lr": 0.001, "seconds": 1.0}]
    run = {"arch": arch, "classes": list(classes), "input_size": [image_size, image_size], "status": "completed",
           "best_epoch": 1, "best_val_acc": 0.5,
           "versions": {"torch": torch.__version__, "torchvision": torchvision.__version__}}
    (run_dir / "checkpoints").mkdir(parents=True, exist_ok=True)
    (run_dir / "config.json").write_text(json.dumps(config, indent=2))
    (run_dir / "run.json").write_text(json.dumps(run, indent=2))
    sd = model.state_dict()
    ckpt = {"model": sd, "optimizer": {}, "scheduler": None, "scaler": None,
            "rng": {"torch": torch.get_rng_state()}, "epoch": 1, "history": history, "classes": list(classes),
            "arch": arch, "config": config}
    for name in which:
        torch.save(ckpt, run_dir / "checkpoints" / f"{name}.pt")
    return model


def image_paths(data_root: Path, split: str = "val") -> list[Path]:
    return sorted((data_root / split).rglob("*.png"))


def tree_digest(root: Path) -> dict[str, str]:
    """Every entry under ``root`` (not following links): relative path -> file hash, 'dir' or 'link:<target>'."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = str(p.relative_to(root))
            if p.is_symlink():
                out[rel] = "link:" + os.readlink(p)
            elif p.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out
