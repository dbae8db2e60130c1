"""A tiny *trained* model for the evaluation / gallery / predict tests, built in about a second.

The run directory is written the way the contract fixes it (tests/dtf_run_factory.py); the model is
resnet18 at 32 px whose head was fitted for a few dozen Adam steps on the frozen random backbone's
features, so it is right on most images and wrong on a few (a confusion matrix with off-diagonal cells).
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import numpy as np
import torch
import torchvision
from dtf_run_factory import pipeline, plain_model
from PIL import Image

from dtf_gui.core.pipeline.build import build_transform

COLOURS = {"red": (200, 40, 40), "green": (40, 180, 40), "blue": (40, 40, 200)}


def write_dataset(root: Path, classes: tuple[str, ...] = ("red", "green", "blue"), train: int = 6, val: int = 6,
                  size: int = 20, noise: float = 70.0, mislabeled: int = 1, seed: int = 0) -> Path:
    """root/{train,val}/<class>/<class>_<i>.png: noisy images around a class colour.

    The last ``mislabeled`` val images of each class have the *next* class's colour: mislabelled data, so
    the model makes a few confident mistakes (off-diagonal confusion cells, something to curate).
    """
    rng = np.random.default_rng(seed)
    for split, n in (("train", train), ("val", val)):
        for name in classes:
            folder = root / split / name
            folder.mkdir(parents=True, exist_ok=True)
            for i in range(n):
                wrong = split == "val" and i >= n - mislabeled
                colour_of = classes[(classes.index(name) + 1) % len(classes)] if wrong else name
                base = np.array(COLOURS.get(colour_of, (128, 128, 128)), dtype=float)
                arr = np.clip(base + rng.normal(0, noise, (size, size, 3)), 0, 255).astype(np.uint8)
                Image.fromarray(arr, "RGB").save(folder / f"{name}_{i}.png")
    return root


def make_trained_run(run_dir: Path, data_root: Path, classes: tuple[str, ...] = ("red", "green", "blue"),
                     *, image_size: int = 32, steps: int = 40, seed: int = 0) -> Path:
    """Fit resnet18's head on the train split and write config.json, run.json, metrics.csv, checkpoints/best.pt."""
    torch.manual_seed(seed)
    model = plain_model("resnet18", len(classes), seed=seed)
    doc = pipeline(image_size)
    transform = build_transform(doc.val, split="val")
    xs, ys = [], []
    for k, name in enumerate(classes):
        for p in sorted((data_root / "train" / name).glob("*.png")):
            xs.append(transform(Image.open(p).convert("RGB")))
            ys.append(k)
    x, y = torch.stack(xs), torch.tensor(ys)
    fc = model.fc
    model.fc = torch.nn.Identity()
    with torch.no_grad():
        feats = model.eval()(x)
    model.fc = fc
    opt = torch.optim.Adam(fc.parameters(), lr=0.01)
    history = []
    for step in range(steps):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(fc(feats), y)
        loss.backward()
        opt.step()
        if (step + 1) % (steps // 2) == 0:
            with torch.no_grad():
                acc = float((fc(feats).argmax(1) == y).float().mean())
            history.append({"epoch": len(history) + 1, "train_loss": loss.item(), "val_loss": loss.item() * 1.1,
                            "val_acc": acc, "lr": 0.01, "seconds": 0.5})
    model.eval()
    config = {"schema_version": 1, "data": {"root": str(data_root), "val_fraction": 0.2, "seed": 0},
              "pipeline": doc.to_json(), "model": {"arch": "resnet18", "weights": "none", "dropout": 0.0},
              "train": {"epochs": len(history), "batch_size": 8, "lr": 0.01}, "device": "cpu", "seed": seed}
    run = {"arch": "resnet18", "classes": list(classes), "input_size": [image_size, image_size],
           "status": "completed", "best_epoch": len(history), "best_val_acc": history[-1]["val_acc"],
           "versions": {"torch": torch.__version__, "torchvision": torchvision.__version__}}
    (run_dir / "checkpoints").mkdir(parents=True, exist_ok=True)
    (run_dir / "config.json").write_text(json.dumps(config, indent=2))
    (run_dir / "run.json").write_text(json.dumps(run, indent=2))
    with (run_dir / "metrics.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["epoch", "train_loss", "val_loss", "val_acc", "lr", "seconds"])
        w.writeheader()
        w.writerows(history)
    ckpt = {"model": model.state_dict(), "optimizer": {}, "scheduler": None, "scaler": None,
            "rng": {"torch": torch.get_rng_state()}, "epoch": len(history), "history": history,
            "classes": list(classes), "arch": "resnet18", "config": config}
    torch.save(ckpt, run_dir / "checkpoints" / "best.pt")
    return run_dir


def tree_digest(root: Path) -> dict[str, str]:
    """Every file and folder under root: relative path -> SHA-1 of the bytes (or 'dir')."""
    out = {}
    for p in sorted(root.rglob("*")):
        out[p.relative_to(root).as_posix()] = "dir" if p.is_dir() else hashlib.sha1(p.read_bytes()).hexdigest()
    return out


def expected_predictions(run_dir: Path, data_root: Path, split: str = "val") -> dict[str, tuple[str, str]]:
    """path -> (true class from its folder, predicted class) computed through core.runs.predict.predict_images,
    i.e. independently of the evaluation code under test."""
    from dtf_gui.core.runs.artifacts import load_predictor
    from dtf_gui.core.runs.predict import predict_images

    bundle = load_predictor(run_dir)
    paths = sorted((data_root / split).rglob("*.png"))
    tops = predict_images(bundle, paths, top_k=1)
    return {str(p): (p.parent.name, top[0][0]) for p, top in zip(paths, tops, strict=True)}
