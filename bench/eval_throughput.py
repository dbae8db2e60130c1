"""How long ``evaluate()`` takes on the demo val split (mobilenet_v2 at 64 px, CPU, fp32; target: < 10 s).

Prints wall time and CPU time of each repeat separately (on a shared machine wall time mostly measures the
neighbours) and exits 1 when the median wall time misses the target.

    ./dev bench eval_throughput.py [DEMO_ROOT] [--batch-size 64] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import torch

from dtf_gui.core.data.datasets import make_datasets
from dtf_gui.core.data.demo import write_demo_dataset
from dtf_gui.core.data.scan import scan
from dtf_gui.core.metrics import evaluate
from dtf_gui.core.models.build import build_model
from dtf_gui.core.pipeline.build import build_transform, starter_document

TARGET_S = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path, help="demo dataset folder (written when missing)")
    parser.add_argument("--arch", default="mobilenet_v2")
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"target: evaluate() on the val split in < {TARGET_S:.0f} s (median wall time)")
    root = args.root or Path(tempfile.mkdtemp()) / "demo"
    if not (root / "train").is_dir():
        write_demo_dataset(root)
    report = scan(root)
    tf = build_transform(starter_document(args.size).val, split="val")
    _, val = make_datasets(report, tf, tf)
    model = build_model(args.arch, len(report.classes), weights="none")
    print(f"{args.arch} at {args.size} px, {len(val)} val images, batch {args.batch_size}, "
          f"{torch.get_num_threads()} threads, torch {torch.__version__}")
    walls = []
    for i in range(args.repeats):
        w, c = time.perf_counter(), time.process_time()
        evaluate(model, val, batch_size=args.batch_size)
        wall, cpu = time.perf_counter() - w, time.process_time() - c
        walls.append(wall)
        print(f"run {i + 1}: wall {wall:.2f} s ({len(val) / wall:.0f} img/s), cpu {cpu:.2f} s")
    med = statistics.median(walls)
    ok = med < TARGET_S
    print(f"target < {TARGET_S:.0f} s: {'met' if ok else 'MISSED'} (median {med:.2f} s) -> exit {0 if ok else 1}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
