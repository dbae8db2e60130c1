"""``dtf predict MODEL IMAGE...``: top-k classes for images, from an export bundle or a run directory.

A calibrated model (``dtf calibrate``) gives softmax(logits / T) and answers "unknown" -- in the language of
the messages -- when the top probability is below its threshold; the top-k list still follows, so the user
sees what it hesitated between. ``--no-threshold`` never answers "unknown" (same calibrated probabilities).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from dtf_gui.core.errors import DataError
from dtf_gui.core.messages import msg, render
from dtf_gui.core.runs.predict import PredictRequest, check_image_file, predict
from dtf_gui.core.runs.regression import regression_of
from dtf_gui.core.runs.tta import TTA_MODES

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".ppm", ".pgm")


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "predict",
        help="print the top-k classes for images",
        description="Classify images with an export bundle (or a run directory) and print the top-k "
                    "classes with their probabilities. A folder argument means every image inside it.",
    )
    p.add_argument("model", type=Path, help="bundle folder (bundle.json) or run directory")
    p.add_argument("images", nargs="+", type=Path, help="image files or folders")
    p.add_argument("--top-k", type=int, default=5, help="classes to show per image (default 5)")
    p.add_argument("--json", action="store_true", help="print JSON: [{path, top_k: [{class, prob}], unknown}]")
    p.add_argument("--no-threshold", action="store_true",
                   help="answer the top class even below a calibrated model's threshold (never 'unknown')")
    p.add_argument("--which", choices=("best", "last"), default="best", help="checkpoint of a run directory")
    p.add_argument("--device", default="cpu", help="cpu, cuda, cuda:N or mps (default cpu)")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--tta", choices=TTA_MODES, default="none",
                   help="test-time augmentation: average the probabilities over the image and its mirror image "
                        "(flip) or over five crops (five_crop); default none")
    p.add_argument("--cam", type=Path, metavar="OUT_DIR",
                   help="also write a Grad-CAM overlay PNG per image into OUT_DIR (<image>_cam.png; "
                        "existing files are kept, a taken name gets -1, -2...)")
    p.set_defaults(func=run)


def expand_images(items: list[Path]) -> list[Path]:
    """Files as given; folders replaced by the images inside them (recursively, sorted).

    Anything else (missing, a FIFO, a device) is refused naming what it is; a FIFO is never opened.
    """
    out: list[Path] = []
    for item in items:
        if item.is_dir():
            found = sorted(p for p in item.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
            if not found:
                raise DataError(f"Folder {item} holds no images ({', '.join(IMAGE_SUFFIXES)}).", path=item)
            out.extend(found)
        else:
            check_image_file(item)
            out.append(item)
    return out


def run(args: argparse.Namespace) -> int:
    if args.top_k < 1:
        raise DataError(f"--top-k must be at least 1, got {args.top_k}.")
    images = expand_images(args.images)
    if args.cam is not None:
        from dtf_gui.core.trust.cam import check_out_dir  # lazy: keeps `dtf --help` fast

        check_out_dir(args.cam)
    outcome = predict(PredictRequest(str(args.model), tuple(str(p) for p in images), which=args.which,
                                     top_k=args.top_k, device=args.device, batch_size=args.batch_size,
                                     traces=False, use_threshold=not args.no_threshold, tta=args.tta))
    for note in outcome.notes:
        print(render(note), file=sys.stderr)
    failed = next((it for it in outcome.items if it.error_message is not None), None)
    if failed is not None:
        raise DataError(failed.error_message, path=failed.path)
    items = outcome.items
    if regression_of(outcome.bundle.info) is not None:  # a regression model: one number per target
        results = [it.top for it in items]
        if args.json:
            print(json.dumps([{"path": str(p), "values": dict(r)} for p, r in zip(images, results, strict=True)],
                             indent=2, ensure_ascii=False))
            return 0
        for p, r in zip(images, results, strict=True):
            print(p)
            for name, value in r:
                print(f"  {name} = {value:.6g}")
        return 0
    cams = _write_cams(args, images) if args.cam is not None else [None] * len(images)
    if args.json:
        rows: list[dict[str, Any]] = []
        for p, it, cam in zip(images, items, cams, strict=True):
            rows.append({"path": str(p), "top_k": [{"class": c, "prob": v} for c, v in it.top],
                         "unknown": it.unknown})
            if cam is not None:
                rows[-1]["cam"] = str(cam)
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for p, it, cam in zip(images, items, cams, strict=True):
        print(p)
        if it.unknown:
            print("  " + render(msg("calibration.unknown_line", prob=f"{it.top[0][1]:.4f}",
                                    threshold=f"{outcome.threshold:.4f}")))
        for rank, (c, v) in enumerate(it.top, 1):
            print(f"  {rank}. {c}  {v:.4f}")
        if cam is not None:
            print(f"  Grad-CAM: {cam}")
    return 0


def _write_cams(args: argparse.Namespace, images: list[Path]) -> list[Path]:
    """One overlay per image (of its predicted class) in ``args.cam``; notes (a map too coarse...) on stderr."""
    from dtf_gui.core.trust.cam import CamRequest, cam_images, save_overlays  # lazy: grad-cam imports OpenCV

    results = cam_images(CamRequest(str(args.model), tuple(str(p) for p in images), which=args.which,
                                    device=args.device))
    for res in results:
        if res.note is not None:
            print(f"{res.path}: {render(res.note)}", file=sys.stderr)
    return save_overlays(results, args.cam)
