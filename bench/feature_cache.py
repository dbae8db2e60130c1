"""Frozen-backbone fast path: epoch time with and without the feature cache (epochs after the first).

    python bench/feature_cache.py [--arch mobilenet_v2] [--size 64] [--epochs 3]

Trains the head only (freeze.plan=head) on the demo digits with a deterministic train pipeline, once with
``train.feature_cache`` on and once off, and prints the epoch times (the first includes computing the features) and the speed-up of the later epochs
(median; target: at least 20x).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from dtf_gui.core.config import RunConfig, starter_config
from dtf_gui.core.data.demo import ensure_demo_dataset
from dtf_gui.core.models.weights import weights_status
from dtf_gui.core.training.engine import train


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--arch", default="mobilenet_v2")
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--data", help="dataset folder (default: the demo digits)")
    args = ap.parse_args()
    data = Path(args.data) if args.data else ensure_demo_dataset()
    weights = "imagenet" if weights_status(args.arch).available else "none"
    base = starter_config(data, image_size=args.size, arch=args.arch)
    doc = base.pipeline.with_split("train", base.pipeline.val)  # no random step: the cache applies
    with tempfile.TemporaryDirectory() as runs:
        common = {"model.weights": weights, "freeze.plan": "head", "train.epochs": args.epochs,
                  "train.schedule": "none", "runs_dir": runs, "device": "cpu"}
        results = {}
        for cache in (True, False):
            cfg: RunConfig = base.with_overrides({**common, "train.feature_cache": cache, "pipeline": doc.to_json()})
            r = train(cfg)
            results[cache] = r
            times = ", ".join(f"{h['seconds']:.2f}" for h in r.history)
            print(f"feature_cache={str(cache).lower():5s}: epoch seconds [{times}], "
                  f"final val_acc {100 * r.final_val_acc:.2f}%", flush=True)
    # median: one epoch disturbed by another process on a shared machine should not decide the figure
    later_on = statistics.median(h["seconds"] for h in results[True].history[1:])
    later_off = statistics.median(h["seconds"] for h in results[False].history[1:])
    print(f"{args.arch} {args.size}px ({weights} weights), head only: epochs after the first take (median) "
          f"{later_off:.2f} s without the cache and {later_on:.4f} s with it -> {later_off / later_on:.0f}x faster "
          f"(target >= 20x)")


if __name__ == "__main__":
    main()
