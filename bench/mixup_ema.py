"""MixUp/CutMix + model EMA against the plain run: resnet18 from scratch on the demo digits, 64 px, paired seeds.

Issue 13's "done when": on the demo digits, resnet18 from scratch, 10 epochs at 64 px, paired seeds 0-2, the run
with the batch stage (``RandomChoice`` of MixUp alpha 0.2 / CutMix alpha 1.0, torchvision's recipe values) and
EMA (decay 0.99 per step: about 45 steps an epoch here, so the average spans ~2 epochs; warm-up 1 epoch;
``train.ema_export=best``) is not worse than the plain run in mean val accuracy. Both runs are the demo's
starter configuration otherwise (RandomAffine, no flip: the digits are orientation-sensitive), same seed.

The figure compared is each run's ``best_val_acc``: the val accuracy of the weights it exports (best.pt; with
EMA the better of raw and averaged weights that epoch). The final epoch's raw (and EMA) accuracy is printed too.
Exits 1 when the recipe's mean is below the plain mean, 2 when this code has no batch stage yet (the pipeline
document's ``"batch"`` list, schema version 2) -- then nothing is measured.

    .venv/bin/python bench/mixup_ema.py [--epochs 10] [--seeds 0,1,2] [--size 64] [--device auto] [--quick]

``--quick``: 2 epochs, seed 0 (a smoke run of both recipes, not the issue's figure).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from dtf_gui.core.config import RunConfig, default_run_config
from dtf_gui.core.data.demo import ensure_demo_dataset
from dtf_gui.core.errors import DtfError
from dtf_gui.core.training.engine import RunResult, train

#: the batch stage: one of MixUp / CutMix per batch (torchvision's classification reference values)
BATCH_STAGE = [{"name": "RandomChoice",
                "params": {"mixup_alpha": 0.2, "cutmix_alpha": 1.0, "num_classes": None}}]
EMA = {"train.ema": True, "train.ema_decay": 0.99, "train.ema_warmup_epochs": 1, "train.ema_export": "best"}


def plain_config(data: Path, *, size: int, epochs: int, seed: int, device: str, runs: str) -> RunConfig:
    """The demo's starter configuration: resnet18 from scratch at ``size`` px for ``epochs`` epochs."""
    return default_run_config(data, image_size=size).with_overrides({
        "model.arch": "resnet18", "model.weights": "none", "train.epochs": epochs, "seed": seed,
        "data.seed": 0, "device": device, "runs_dir": runs, "train.tensorboard": False})


def recipe_config(plain: RunConfig) -> RunConfig:
    """``plain`` with the batch stage and EMA; DtfError when this code has no batch stage."""
    doc: dict[str, Any] = plain.pipeline.to_json()
    doc["schema_version"] = max(2, int(doc.get("schema_version", 1)))  # the first version with "batch"
    doc["batch"] = BATCH_STAGE
    return plain.with_overrides({"pipeline": doc, **EMA})


def _final(result: RunResult, key: str) -> float:
    return float(result.history[-1].get(key, float("nan"))) if result.history else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--seeds", default="0,1,2")
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--device", default="auto")
    ap.add_argument("--data", type=Path, default=None, help="demo dataset folder (default: the user data one)")
    ap.add_argument("--quick", action="store_true", help="2 epochs, seed 0: a smoke run, not the figure")
    args = ap.parse_args()
    epochs, seeds = (2, [0]) if args.quick else (args.epochs, [int(s) for s in args.seeds.split(",")])
    print(f"target: recipe (RandomChoice MixUp/CutMix + EMA) mean val accuracy >= plain mean; resnet18 from "
          f"scratch, {epochs} epochs at {args.size} px, seeds {seeds}")
    data = args.data or ensure_demo_dataset()
    acc: dict[str, list[float]] = {"plain": [], "recipe": []}
    with tempfile.TemporaryDirectory() as tmp:
        try:
            recipe_config(plain_config(data, size=args.size, epochs=epochs, seed=0, device=args.device, runs=tmp))
        except DtfError as e:
            print(f"MISSING: this code has no batch stage (merge the batch-stage branch first): {e}")
            return 2
        for seed in seeds:
            plain = plain_config(data, size=args.size, epochs=epochs, seed=seed, device=args.device, runs=tmp)
            for name, cfg in (("plain", plain), ("recipe", recipe_config(plain))):
                t0 = time.perf_counter()
                result = train(cfg)
                acc[name].append(result.best_val_acc)
                ema = _final(result, "ema_val_acc")
                print(f"seed {seed} {name:>6}: best {result.best_val_acc:.2%} (epoch {result.best_epoch}), final "
                      f"raw {_final(result, 'val_acc'):.2%}" + (f", final EMA {ema:.2%}" if ema == ema else "")
                      + f"; {time.perf_counter() - t0:.0f} s", flush=True)
    plain_mean, recipe_mean = statistics.fmean(acc["plain"]), statistics.fmean(acc["recipe"])
    diffs = [r - p for p, r in zip(acc["plain"], acc["recipe"], strict=True)]
    print(f"mean val accuracy: plain {plain_mean:.2%}, recipe {recipe_mean:.2%} "
          f"(paired differences {', '.join(f'{d:+.2%}' for d in diffs)})")
    ok = recipe_mean >= plain_mean
    print("MET" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
