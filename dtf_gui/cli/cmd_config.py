"""`dtf config [--data ROOT [--val DIR]] [--set key=value ...] > run.json`: print a complete starter run configuration."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dtf_gui.core.config import (
    DEFAULT_IMAGE_SIZE,
    DEMO_IMAGE_SIZE,
    FIELDS,
    default_run_config,
    parse_overrides,
)
from dtf_gui.core.data.demo import ensure_demo_dataset
from dtf_gui.core.data.targets import TARGETS_CSV
from dtf_gui.core.errors import DataError
from dtf_gui.core.fileio import atomic_write_text
from dtf_gui.core.messages import msg, render


def register(subparsers: Any) -> None:
    keys = ", ".join(FIELDS)
    p = subparsers.add_parser(
        "config",
        help="print a complete starter run configuration (JSON) for a dataset",
        description="Print a complete, valid run configuration to standard output (or --out FILE). "
                    "Without --data it points at the bundled demo digits (written on first use). "
                    "Edit it, or override fields with --set, then run `dtf train run.json`.",
        epilog=f"Settings for --set: {keys}, and pipeline=FILE (a pipeline JSON document).",
    )
    p.add_argument("--data", metavar="ROOT", help="dataset folder (default: the demo digits)")
    p.add_argument("--val", metavar="DIR",
                   help="a val folder kept apart from ROOT (one sub-folder per class): sets data.val_root")
    p.add_argument("--image-size", type=int, metavar="PX",
                   help=f"side of the square model input (default {DEMO_IMAGE_SIZE} for the demo; for --data, the "
                        f"size the dataset's images call for, {DEFAULT_IMAGE_SIZE} for photos)")
    p.add_argument("--orientation-sensitive", action="store_true",
                   help="the classes change when an image is mirrored (digits, text): the suggested pipeline "
                        "gets no horizontal flip")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a field by its dotted key, e.g. --set train.lr=0.01 (repeatable)")
    p.add_argument("--allow-download", action="store_true",
                   help="let the run download ImageNet weights missing from this machine (30-second timeout): "
                        "sets model.allow_download")
    p.add_argument("--targets", metavar="CSV",
                   help="regression (image -> numbers): the CSV of targets, file,target[,...] with paths relative "
                        "to ROOT; sets task to regression and data.targets (ROOT/targets.csv is found without it)")
    p.add_argument("-o", "--out", metavar="FILE", help="write to FILE (atomically) instead of standard output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    overrides = parse_overrides(args.set)
    root = Path(args.data).expanduser().resolve() if args.data else ensure_demo_dataset()
    regression = bool(args.data) and bool(args.targets or (root / TARGETS_CSV).is_file())
    report = _scan(root, args.val) if args.data and not regression else None
    # the same defaults as the GUI, chosen from the data
    config = default_run_config(root, image_size=args.image_size, report=report,
                                orientation_sensitive=args.orientation_sensitive)
    if report is not None:
        _say_why(report, args.orientation_sensitive, config)
    if regression:
        config = _regression(config, root, args.targets)
    if args.val:
        config = config.with_overrides({"data.val_root": str(Path(args.val).expanduser().resolve())})
    if args.allow_download:
        config = config.with_overrides({"model.allow_download": True})
    if overrides:
        config = config.with_overrides(overrides)
    text = config.dumps()
    if args.out:
        atomic_write_text(args.out, text)
        print(f"Wrote {args.out}. Next: dtf train {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _regression(config: Any, root: Path, targets: str | None) -> Any:
    """Set the task to regression on the targets CSV; say on standard error what the CSV holds or lacks."""
    from dtf_gui.core.data.targets import read_targets  # lazy: keeps `dtf --help` fast

    csv_path = str(Path(targets).expanduser().resolve()) if targets else ""
    table = read_targets(root, csv_path)
    print(render(msg("regression.config_targets", names=", ".join(table.names) or "-", csv=table.csv_path)),
          file=sys.stderr)
    for finding in table.findings:
        if finding.level == "error":
            print(f"  - {finding.message}", file=sys.stderr)
    return config.with_overrides({"task": "regression", "data.targets": csv_path})


def _scan(root: Path, val: str | None) -> Any:
    """The dataset's listing (no decoding: sizes come from a sample of image headers); None when unusable."""
    from dtf_gui.core.data.scan import scan

    try:
        return scan(root, val_root=val or None, decode=False)
    except DataError as e:  # the config is still printed; `dtf scan` says what is wrong in detail
        print(str(e), file=sys.stderr)
        return None


def _say_why(report: Any, orientation_sensitive: bool, config: Any) -> None:
    """Print the suggestion's reasons on standard error (standard output is the JSON document)."""
    from dtf_gui.core.pipeline.suggest import suggest_setup

    suggestion = suggest_setup(report, orientation_sensitive=orientation_sensitive,
                               pretrained=config.model.weights == "imagenet")
    if suggestion is None:
        return
    print(str(suggestion.headline), file=sys.stderr)
    for reason in suggestion.reasons:
        print(f"  - {reason}", file=sys.stderr)
