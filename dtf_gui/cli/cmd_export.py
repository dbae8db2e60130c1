"""``dtf export RUN_DIR --out DIR``: write an export bundle (plain state_dict, safetensors, TorchScript, ONNX);
``--script DIR``: the run as a plain PyTorch train.py (with split.csv), alone or beside the bundle."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from dtf_gui.core.errors import ExportError
from dtf_gui.core.fileio import display_name
from dtf_gui.core.messages import Message, msg, render
from dtf_gui.core.runs.artifacts import BUNDLE_JSON, FORMATS
from dtf_gui.core.runs.bundle import export_bundle
from dtf_gui.core.runs.tta import TTA_MODES


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "export",
        help="write a bundle that loads in plain PyTorch (model.pth, predict.py, ...)",
        description="Write an export bundle for a trained run: model.pth (a plain torchvision state_dict), "
                    "bundle.json (arch, head recipe, classes, val pipeline, metrics, versions), a standalone "
                    "predict.py, and optionally model.safetensors, TorchScript and ONNX. model.pth is always "
                    "written. With --script, also (or only) the run as plain PyTorch: train.py and split.csv "
                    "(the run's train/val file lists), needing only torch, torchvision and Pillow. Prints the "
                    "bundle folder (or, with --script alone, the script folder) as the last line.",
    )
    p.add_argument("run_dir", type=Path, help="run directory written by `dtf train`")
    p.add_argument("--out", type=Path, default=None,
                   help="bundle folder to create (new or empty; never inside a run folder)")
    p.add_argument("--script", type=Path, default=None, metavar="DIR",
                   help="write the run as a standalone train.py (plain PyTorch, with split.csv) into DIR (made when "
                        "missing; may be the --out folder; never inside a run folder)")
    p.add_argument("--format", default="pth,safetensors",
                   help=f"comma-separated formats from {','.join(FORMATS)} (default: pth,safetensors)")
    p.add_argument("--which", choices=("best", "last"), default="best", help="checkpoint to export")
    p.add_argument("--force", action="store_true",
                   help="replace an earlier bundle in --out (built aside, then swapped in), and train.py and "
                        "split.csv in --script; a run, a dataset or any other non-empty folder is never replaced")
    p.add_argument("--tta", choices=TTA_MODES, default="none",
                   help="test-time augmentation the bundle's predict.py applies by default (flip: the image and "
                        "its mirror image; five_crop: five crops); default none")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.out is None and args.script is None:
        raise ExportError(msg("runs.export_needs_target"))
    if args.script is not None:  # refused before a bundle is written, not after
        from dtf_gui.core.runs.script import check_script_target  # lazy: torch and torchvision

        check_script_target(args.script, args.run_dir, force=args.force)
    out = _export_bundle(args) if args.out is not None else None
    if args.script is not None:
        from dtf_gui.core.runs.script import write_train_script

        script = write_train_script(args.run_dir, args.script, force=args.force)
        print(f"  {script.name}  (plain PyTorch: python {script.name})\n  split.csv")
        out = out or script.parent
    print(out)
    return 0


def _export_bundle(args: argparse.Namespace) -> Path:
    def progress(done: int, total: int) -> None:
        print(f"\rexporting {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    try:
        out = export_bundle(args.run_dir, args.out, args.format, which=args.which, force=args.force,
                            progress=progress, tta=args.tta)
    except ExportError as e:
        m = e.message
        if isinstance(m, Message) and m.code == "runs.best_lags":  # say it with this command's options
            raise ExportError(msg(m.code, **{**m.params, "fix": msg("runs.fix_best_lags_cli",
                                                                   run=display_name(args.run_dir))})) from e
        if isinstance(m, Message) and m.code == "runs.no_best_yet_export":
            raise ExportError(msg(m.code, **{**m.params, "fix": msg("runs.fix_no_best_cli",
                                                                   run=display_name(args.run_dir))})) from e
        raise
    info = json.loads((out / BUNDLE_JSON).read_text(encoding="utf-8"))
    print(f"{info['arch']}, {info['num_classes']} classes, input {'x'.join(map(str, info['input_size']))}")
    for fmt, name in info["files"].items():
        check = info["checks"].get(fmt)
        note = ""
        if check and check.get("max_rel_diff") is not None:
            note = f"  (checked{' with ' + check['checked_with'] if check.get('checked_with') else ''}: " \
                   f"max diff {check['max_rel_diff']:.1e})"
        elif check and check.get("not_checked") == "onnxruntime_missing":
            note = f"  ({render(msg('runs.onnx_unchecked'))})"
        print(f"  {name}{note}")
    print("  predict.py\n  bundle.json")
    return out
