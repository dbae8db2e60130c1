"""Trace time of a 6-step pipeline on a generated 1024×768 JPEG (target: median ≤ 50 ms).

Run: ``./dev bench bench_trace.py [--runs 20] [--threads N] [--quick]``. Prints the median, spread and CPU time
of ``trace(path)`` — decode, the loader's RGB image and all six steps with their statistics and thumbnails, as
the GUI does on every edit — and of ``trace(image)`` on an image already in memory. Exits 1 when the median
of ``trace(path)`` misses the target. ``--quick``: 5 runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from dtf_gui.core.pipeline.inspect import trace
from dtf_gui.core.pipeline.spec import PipelineSpec

TARGET_MS = 50.0

PIPELINE = PipelineSpec.of(
    ("Resize", {"size": 256}),
    ("CenterCrop", {"size": 224}),
    ("RandomHorizontalFlip", {"p": 0.5}),
    ("ToImage", {}),
    ("ToDtype", {"dtype": "float32", "scale": True}),
    ("Normalize", {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}),
)


def make_jpeg(path: Path, size: tuple[int, int] = (1024, 768)) -> Path:
    """A photo-like JPEG: smooth gradients plus noise, so it neither compresses to nothing nor is pure noise."""
    w, h = size
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    base = np.stack([xx / w * 255, yy / h * 255, (np.sin(xx / 40) * np.cos(yy / 30) + 1) * 127], axis=-1)
    img = np.clip(base + rng.normal(0, 12, base.shape), 0, 255).astype(np.uint8)
    Image.fromarray(img, "RGB").save(path, quality=90)
    return path


def _time(fn, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per call (CPU time shows the work when the machine is shared)."""
    fn()  # warm-up: first calls load kernels and fill caches
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def _line(label: str, times: tuple[list[float], list[float]]) -> str:
    wall, cpu = times
    q = statistics.quantiles(wall, n=10)
    return (f"{label:<28} median {statistics.median(wall):6.1f} ms   p10 {q[0]:6.1f}   p90 {q[-1]:6.1f}   "
            f"CPU median {statistics.median(cpu):6.1f} ms   ({len(wall)} runs)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--threads", type=int, default=None, help="torch.set_num_threads (default: torch's)")
    parser.add_argument("--quick", action="store_true", help="5 runs")
    args = parser.parse_args()
    if args.quick:
        args.runs = 5
    print(f"target: trace(path) median <= {TARGET_MS:.0f} ms")
    if args.threads:
        torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory() as tmp:
        path = make_jpeg(Path(tmp) / "photo.jpg")
        result = trace(PIPELINE, path, 0)
        assert result.ok, result.error
        print(f"pipeline: {' -> '.join(s.name for s in PIPELINE)}   torch threads: {torch.get_num_threads()}")
        for info in result.infos:
            print(f"  {info.step_name:<22} {info.badge()}")
        with Image.open(path) as im:
            image = im.convert("RGB")
        from_path = _time(lambda: trace(PIPELINE, path, 0), args.runs)
        from_image = _time(lambda: trace(PIPELINE, image, 0), args.runs)
        print(_line("trace(path) 1024x768 JPEG", from_path))
        print(_line("trace(PIL image) 1024x768", from_image))
        median = statistics.median(from_path[0])
        ok = median <= TARGET_MS
        print(f"target median <= {TARGET_MS:.0f} ms: {'met' if ok else 'MISSED'} ({median:.1f} ms; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs) -> exit {0 if ok else 1}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
