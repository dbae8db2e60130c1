"""The run as plain PyTorch on the demo digits: `dtf train` (fp32) against its exported train.py.

Target (issue 13's "done when"): the train.py that `dtf export RUN --script DIR` writes runs in a fresh process
with only torch, torchvision and Pillow (``python -I``, cwd outside the repository, dtf_gui made unimportable)
and its first-epoch train loss matches `dtf train`'s (metrics.csv, fp32) within 1e-3 relative.

Default: the demo digits (1,437 train / 360 val), resnet18 from scratch, the starter pipeline at 64 px (its
RandomAffine makes the check cover the augmentation's random stream), 1 epoch, batch 32, AdamW 1e-3, cosine,
seed 0, on the CPU. Exit 0 when met, 1 when missed, 2 when a step fails.

    .venv/bin/python bench/script_export.py [--arch resnet18] [--size 64] [--epochs 1] [--plan full] [--seed 0]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dtf_gui.core.config import RunConfig
from dtf_gui.core.data.demo import write_demo_dataset
from dtf_gui.core.pipeline.build import starter_document
from dtf_gui.core.runs.rundir import read_metrics

TOLERANCE = 1e-3
REPO = Path(__file__).resolve().parents[1]
EPOCH_LINE = re.compile(r"^epoch (\d+)/\d+ .*train_loss=(\S+)", re.MULTILINE)
# dtf_gui unimportable inside the script's process: any import of it fails the run
RUNNER = ("import runpy, sys; sys.modules['dtf_gui'] = None; sys.argv = sys.argv[1:]; "
          "runpy.run_path(sys.argv[0], run_name='__main__')")


def dtf(*args: str, cwd: Path) -> str:
    """Run the `dtf` command line (this checkout) and return its stdout; exit 2 when it fails."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "dtf_gui.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True)
    if proc.returncode != 0:
        print(f"dtf {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
        sys.exit(2)
    return proc.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arch", default="resnet18")
    parser.add_argument("--size", type=int, default=64, help="input size of the starter pipeline")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--plan", default="full", help="freeze plan (head: the feature-cache path)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"target: the exported train.py's first-epoch train loss = `dtf train`'s within {TOLERANCE:g} relative "
          "(fp32, CPU, same seed)")
    with tempfile.TemporaryDirectory(prefix="dtf-script-bench-") as tmp_name:
        tmp = Path(tmp_name)
        data = write_demo_dataset(tmp / "digits")
        cfg = RunConfig(pipeline=starter_document(args.size)).with_overrides({
            "data.root": str(data), "model.arch": args.arch, "model.weights": "none", "freeze.plan": args.plan,
            "train.epochs": args.epochs, "device": "cpu", "precision": "fp32", "workers": 0, "seed": args.seed,
            "runs_dir": str(tmp / "runs")})
        cfg.save(tmp / "config.json")
        t0 = time.perf_counter()
        run = Path(dtf("train", str(tmp / "config.json"), "--quiet", "--no-tensorboard", cwd=tmp).strip()
                   .splitlines()[-1])
        train_s = time.perf_counter() - t0
        dtf("export", str(run), "--script", str(tmp / "script"), cwd=tmp)
        elsewhere = tmp / "elsewhere"
        elsewhere.mkdir()
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-I", "-c", RUNNER, str(tmp / "script" / "train.py"), "--save",
                               str(elsewhere / "model.pth")], cwd=elsewhere, capture_output=True, text=True,
                              env={"PATH": os.environ.get("PATH", ""), "HOME": str(elsewhere),
                                   **{k: v for k, v in os.environ.items() if k.endswith("_NUM_THREADS")}})
        script_s = time.perf_counter() - t0
        if proc.returncode != 0:
            print(f"train.py failed:\n{proc.stderr[-3000:]}")
            return 2
        script = {int(e): float(v) for e, v in EPOCH_LINE.findall(proc.stdout)}
        engine = {int(row["epoch"]): float(row["train_loss"]) for row in read_metrics(run)}
        print(f"demo digits, {args.arch} from scratch, starter pipeline {args.size} px, plan {args.plan}, "
              f"{args.epochs} epoch(s), seed {args.seed}")
        print(f"dtf train: {train_s:.1f} s; train.py (fresh python -I, torch import included): {script_s:.1f} s")
        worst = 0.0
        for epoch in sorted(engine):
            a, b = engine[epoch], script.get(epoch, float("nan"))
            rel = abs(a - b) / abs(a)
            worst = max(worst, rel) if rel == rel else float("inf")
            print(f"epoch {epoch}: dtf train {a:.9f}  train.py {b:.9f}  relative difference {rel:.2e}")
        met = worst <= TOLERANCE
        print(f"verdict: {'met' if met else 'MISSED'} (largest relative difference {worst:.2e}, "
              f"target {TOLERANCE:g})")
        return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
