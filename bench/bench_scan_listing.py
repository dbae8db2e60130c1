"""Listing pass of ``scan`` over a generated 10,000-file tree (target: median ≤ 1 s), plus the decode rate.

Run: ``./dev bench bench_scan_listing.py [--files 10000] [--runs 5] [--workers N] [--quick]``.
The tree is ``train/`` + ``val/`` with 20 classes of tiny distinct PNGs (80/20), written to a temporary
folder and removed afterwards. The listing pass opens no file; the decode pass reads, hashes and decodes
every one (printed for information: it depends on the disk and the image sizes). Exits 1 when the listing
median misses the target. ``--quick``: 3 runs (still 10,000 files: the target is for that many).
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from dtf_gui.core.data.scan import scan

N_CLASSES = 20
TARGET_S = 1.0


def make_tree(root: Path, n_files: int) -> None:
    rng = np.random.default_rng(0)
    base = rng.integers(0, 256, (24, 24, 3), dtype=np.uint8)
    for i in range(n_files):
        split = "val" if i % 5 == 0 else "train"
        folder = root / split / f"class_{i % N_CLASSES:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        pixels = base.copy()
        pixels.flat[i % pixels.size] ^= 0xFF  # distinct content, no duplicate groups
        pixels[0, 0] = (i % 256, (i // 256) % 256, (i // 65536) % 256)
        buf = io.BytesIO()
        Image.fromarray(pixels).save(buf, format="PNG", compress_level=1)
        (folder / f"{i:06d}.png").write_bytes(buf.getvalue())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--workers", type=int, default=None, help="decode threads (default: scan's default)")
    ap.add_argument("--quick", action="store_true", help="3 listing runs")
    args = ap.parse_args()
    if args.quick:
        args.runs = 3
    print(f"target: listing pass median <= {TARGET_S:.0f} s for {args.files:,} files")

    with tempfile.TemporaryDirectory(prefix="dtf_bench_scan_") as tmp:
        root = Path(tmp)
        t0 = time.perf_counter()
        make_tree(root, args.files)
        print(f"generated {args.files:,} PNGs in {time.perf_counter() - t0:.1f} s under {root}")

        times = []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            report = scan(root, decode=False)
            times.append(time.perf_counter() - t0)
        n = sum(len(r) for r in report.splits.values())
        assert n == args.files, f"indexed {n} of {args.files}"
        med = statistics.median(times)
        ok = med <= TARGET_S
        print(f"listing pass: median {med:.3f} s over {args.runs} runs (min {min(times):.3f}, max {max(times):.3f})"
              f" for {n:,} files")

        t0 = time.perf_counter()
        report = scan(root, decode=True, workers=args.workers)
        dt = time.perf_counter() - t0
        workers = args.workers or min(4, os.cpu_count() or 1)
        print(f"decode pass (listing + read + sha1 + full decode, {workers} threads): {dt:.2f} s, "
              f"{n / dt:,.0f} files/s; errors: {len(report.by_level('error'))}, can_train: {report.can_train()}")
    print(f"target listing median <= {TARGET_S:.0f} s: {'met' if ok else 'MISSED'} ({med:.3f} s) "
          f"-> exit {0 if ok else 1}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
