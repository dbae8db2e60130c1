"""Is the LR finder's suggestion a good learning rate? Against a 7-point log grid, one epoch each.

On the demo digits at 64 px with mobilenet_v2 (ImageNet weights when installed offline, else from scratch),
head-only and full fine-tuning: ``lr_find`` on the run's config suggests a rate; then one epoch is trained at
each of 7 rates from 1e-5 to 1e-1 (log-spaced) and at the suggestion, everything else equal (same seed,
data order, schedule). Target: for both plans, the suggestion's val loss <= 1.1 x the best grid val loss
(with ``--seeds``, for every seed the suggestion is trained with). Exits 1 on a miss, 2 when the finder
gives no suggestion.

    OMP_NUM_THREADS=1 .venv/bin/python bench/lr_finder.py [--size 64] [--plans head,full] [--data ROOT]
        [--seeds 0,1] [--curves FILE] [--grid-losses PLAN=v1,...,v7] [--compare]

``--curves FILE`` keeps the sweeps (deterministic) in FILE and reuses them when it exists; ``--grid-losses``
takes a plan's 7 grid val losses measured earlier instead of training them again. ``--compare`` also
trains one epoch at the other rules' rates on the same curve -- the valley rate itself (fastai's default),
fastai's "steep" (steepest fall) and "minimum" (lowest loss / 10) -- and at the valley rate with a constant
rate instead of the run's schedule (does the schedule's average rate explain the difference?).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from dtf_gui.core.config import RunConfig, starter_config
from dtf_gui.core.data.demo import ensure_demo_dataset
from dtf_gui.core.experiments.lr_find import TAIL_POINTS, LrFindRequest, lr_find, suggest
from dtf_gui.core.messages import render
from dtf_gui.core.models.weights import weights_status
from dtf_gui.core.training.engine import train

TARGET_RATIO = 1.1
GRID = [float(v) for v in np.logspace(-5, -1, 7)]


def one_epoch_val_loss(base: RunConfig, lr: float, **overrides: object) -> float:
    t0 = time.perf_counter()
    result = train(base.with_overrides({"train.lr": lr, **overrides}))
    loss = float(result.history[-1]["val_loss"])
    extra = "".join(f", {k}={v}" for k, v in overrides.items())
    print(f"    one epoch at lr {lr:.2e}{extra}: val loss {loss:.4f}  ({time.perf_counter() - t0:.1f} s)", flush=True)
    return loss


def fastai_steep_and_minimum(lrs: list[float], smoothed: list[float], num_iter: int) -> tuple[float, float]:
    """fastai's "steep" (steepest fall in log lr) and "minimum" (lowest loss / 10) on the trimmed curve."""
    lo, hi = num_iter // 10, len(smoothed) - TAIL_POINTS
    xs, ys = [math.log(v) for v in lrs[lo:hi]], smoothed[lo:hi]
    grads = [(ys[i + 1] - ys[i]) / (xs[i + 1] - xs[i]) for i in range(len(ys) - 1)]
    steep = lrs[lo + min(range(len(grads)), key=grads.__getitem__)]
    lowest = lrs[lo + min(range(len(ys)), key=ys.__getitem__)]
    return steep, lowest / 10


def sweep_curve(base: RunConfig, plan: str, cache: dict) -> dict:
    if plan in cache:
        print("  lr_find: the stored sweep")
        return cache[plan]
    t0 = time.perf_counter()
    found = lr_find(LrFindRequest(base))
    print(f"  lr_find: {len(found.lrs)} steps in {time.perf_counter() - t0:.1f} s; {render(found.message, 'en')}")
    cache[plan] = {"lrs": found.lrs, "smoothed": found.smoothed, "num_iter": found.num_iter,
                   "schedule_mean": found.schedule_mean}
    return cache[plan]


def parse_grid(items: list[str]) -> dict[str, list[float]]:
    out = {}
    for item in items:
        plan, _, values = item.partition("=")
        losses = [float(v) for v in values.split(",")]
        if len(losses) != len(GRID):
            raise SystemExit(f"--grid-losses {plan}: {len(GRID)} values needed, got {len(losses)}")
        out[plan] = losses
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--plans", default="head,full", help="freeze plans to measure (default head,full)")
    ap.add_argument("--data", type=Path, default=None, help="demo dataset folder (default: the user data one)")
    ap.add_argument("--seeds", default="0", help="seeds the suggestion is trained with (default 0)")
    ap.add_argument("--curves", type=Path, default=None, help="JSON file keeping the sweeps (reused when present)")
    ap.add_argument("--grid-losses", action="append", default=[], metavar="PLAN=v1,...,v7",
                    help="a plan's grid val losses measured earlier (not trained again)")
    ap.add_argument("--compare", action="store_true", help="also train at the other rules' rates (see above)")
    args = ap.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    given_grid = parse_grid(args.grid_losses)
    cache = json.loads(args.curves.read_text()) if args.curves and args.curves.exists() else {}
    print(f"target: one epoch at the suggested LR reaches val loss <= {TARGET_RATIO} x the best of the "
          f"7-point grid {', '.join(f'{v:.1e}' for v in GRID)} (each plan, each seed {seeds})")
    weights = "imagenet" if weights_status("mobilenet_v2").available else "none"
    data = args.data or ensure_demo_dataset()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        for plan in args.plans.split(","):
            base = starter_config(data, image_size=args.size, arch="mobilenet_v2").with_overrides({
                "train.epochs": 1, "device": "cpu", "runs_dir": tmp, "model.weights": weights,
                "freeze.plan": plan})
            print(f"\n{plan}: mobilenet_v2 ({weights} weights), {args.size} px, optimizer "
                  f"{base.train.optimizer}, schedule {base.train.schedule}, batch {base.train.batch_size}, "
                  f"seed {base.seed}", flush=True)
            curve = sweep_curve(base, plan, cache)
            if args.curves:
                args.curves.write_text(json.dumps(cache))
            mean = curve["schedule_mean"]
            sugg, idx, message = suggest(curve["lrs"], curve["smoothed"], curve["num_iter"], mean)
            print(f"  {render(message, 'en')}")
            if sugg is None or idx is None:
                print("  NO SUGGESTION")
                return 2
            valley_lr = curve["lrs"][idx]
            if plan in given_grid:
                grid = dict(zip(GRID, given_grid[plan], strict=True))
                print("  grid (measured earlier): " + ", ".join(f"{k:.1e} {v:.4f}" for k, v in grid.items()))
            else:
                print("  grid:")
                grid = {lr: one_epoch_val_loss(base, lr) for lr in GRID}
            best_lr = min(grid, key=grid.__getitem__)
            print(f"  suggestion {sugg:.2e} (valley {valley_lr:.2e} / schedule mean {mean:.3f}):")
            got = {seed: one_epoch_val_loss(base, sugg, seed=seed) for seed in seeds}
            ratios = {seed: v / grid[best_lr] for seed, v in got.items()}
            met = all(r <= TARGET_RATIO for r in ratios.values())
            ok = ok and met
            spread = f", spread {max(got.values()) - min(got.values()):.4f}" if len(got) > 1 else ""
            print(f"  suggested lr {sugg:.2e}: val loss " + ", ".join(f"{v:.4f} (seed {s})" for s, v in got.items())
                  + f" (mean {statistics.mean(got.values()):.4f}{spread}); best grid {grid[best_lr]:.4f} at "
                  f"{best_lr:.1e}; ratio " + ", ".join(f"{r:.3f}" for r in ratios.values())
                  + f" -> {'met' if met else 'MISSED'}", flush=True)
            if args.compare:
                steep, minimum = fastai_steep_and_minimum(curve["lrs"], curve["smoothed"], curve["num_iter"])
                print(f"  compare (seed {base.seed}; ratio to the best grid point):")
                for name, lr, extra in [("valley (constant-rate point)", valley_lr, {}),
                                        ("valley, constant rate (no schedule)", valley_lr, {"train.schedule": "none"}),
                                        ("fastai steep", steep, {}), ("fastai minimum / 10", minimum, {})]:
                    v = one_epoch_val_loss(base, lr, **extra)
                    print(f"  {name}: lr {lr:.2e} -> val loss {v:.4f}, ratio {v / grid[best_lr]:.3f}", flush=True)
    print("\nMET" if ok else "\nMISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
