"""`dtf demo-data OUT [--size PX]`: write the bundled handwritten-digits demo dataset."""

from __future__ import annotations

import argparse
from typing import Any

from dtf_gui.core.data.demo import read_marker, write_demo_dataset


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "demo-data",
        help="write the bundled demo dataset (handwritten digits, 10 classes, no download)",
        description="Write scikit-learn's 1,797 handwritten digits as OUT/train/<digit>/*.png and "
                    "OUT/val/<digit>/*.png: 8-bit grayscale PNGs (mode L), stratified 80/20 split, "
                    "the same bytes every time. OUT must be new, empty, or an earlier demo dataset.",
    )
    p.add_argument("out", metavar="OUT", help="folder to write (new, empty, or an earlier demo)")
    p.add_argument("--size", type=int, default=32, metavar="PX",
                   help="side of the square images in pixels, upscaled bilinearly from 8×8 (default 32)")
    p.add_argument("--val-fraction", type=float, default=0.2, metavar="F",
                   help="share of each class written to val/ (default 0.2)")
    p.add_argument("--seed", type=int, default=0, help="seed of the split (default 0)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    out = write_demo_dataset(args.out, size=args.size, val_fraction=args.val_fraction, seed=args.seed)
    marker = read_marker(out) or {}
    counts = marker.get("counts", {})
    n_train = sum(counts.get("train", {}).values())
    n_val = sum(counts.get("val", {}).values())
    print(f"Wrote {n_train + n_val} digit images ({n_train} train, {n_val} val, 10 classes), "
          f"{args.size}×{args.size} 8-bit grayscale PNG (mode L), to {out}")
    print(f"Next: dtf scan {out}")
    return 0
