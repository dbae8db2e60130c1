"""Is the LR finder's suggestion a good learning rate? Against a 7-point log grid, one epoch each.

On the demo digits at 64 px with mobilenet_v2 (ImageNet weights when installed offline, else from scratch),
head-only and full fine-tuning: ``lr_find`` on the run's config suggests a rate; then one epoch is trained at
each of 7 rates from 1e-5 to 1e-1 (log-spaced) and at the suggestion, everything else equal (same seed,
data order, schedule). Target: for both plans, the suggestion's val loss <= 1.1 x the best grid val loss.
Exits 1 on a miss, 2 when the finder gives no suggestion.

    OMP_NUM_THREADS=1 .venv/bin/python bench/lr_finder.py [--size 64] [--plans head,full] [--data ROOT]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from dtf_gui.core.config import starter_config
from dtf_gui.core.data.demo import ensure_demo_dataset
from dtf_gui.core.experiments.lr_find import LrFindRequest, lr_find
from dtf_gui.core.messages import render
from dtf_gui.core.models.weights import weights_status
from dtf_gui.core.training.engine import train

TARGET_RATIO = 1.1
GRID = [float(v) for v in np.logspace(-5, -1, 7)]


def one_epoch_val_loss(base, lr: float) -> float:
    result = train(base.with_overrides({"train.lr": lr}))
    return float(result.history[-1]["val_loss"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--plans", default="head,full", help="freeze plans to measure (default head,full)")
    ap.add_argument("--data", type=Path, default=None, help="demo dataset folder (default: the user data one)")
    args = ap.parse_args()
    print(f"target: one epoch at the suggested LR reaches val loss <= {TARGET_RATIO} x the best of the "
          f"7-point grid {', '.join(f'{v:.1e}' for v in GRID)} (each plan)")
    weights = "imagenet" if weights_status("mobilenet_v2").available else "none"
    data = args.data or ensure_demo_dataset()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for plan in args.plans.split(","):
            base = starter_config(data, image_size=args.size, arch="mobilenet_v2").with_overrides({
                "train.epochs": 1, "device": "cpu", "runs_dir": tmp, "model.weights": weights,
                "freeze.plan": plan})
            print(f"\n{plan}: mobilenet_v2 ({weights} weights), {args.size} px, optimizer "
                  f"{base.train.optimizer}, schedule {base.train.schedule}, batch {base.train.batch_size}")
            t0 = time.perf_counter()
            found = lr_find(LrFindRequest(base))
            print(f"  lr_find: {len(found.lrs)} steps in {time.perf_counter() - t0:.1f} s; "
                  f"{render(found.message, 'en')}")
            if found.suggestion is None:
                print("  NO SUGGESTION")
                return 2
            losses = {}
            for lr in GRID:
                t0 = time.perf_counter()
                losses[lr] = one_epoch_val_loss(base, lr)
                print(f"  grid lr {lr:.1e}: val loss {losses[lr]:.4f}  ({time.perf_counter() - t0:.1f} s)")
            sugg = one_epoch_val_loss(base, found.suggestion)
            best_lr = min(losses, key=losses.__getitem__)
            ratio = sugg / losses[best_lr]
            met = ratio <= TARGET_RATIO
            ok = ok and met
            print(f"  suggested lr {found.suggestion:.2e}: val loss {sugg:.4f}; best grid {losses[best_lr]:.4f} at "
                  f"{best_lr:.1e}; ratio {ratio:.3f} -> {'met' if met else 'MISSED'}")
    print("\nMET" if ok else "\nMISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
