"""``dtf eval MODEL DATA_ROOT``: metrics of a run or bundle on a dataset split, written as JSON and CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dtf_gui.cli._text import eval_progress
from dtf_gui.core.messages import render
from dtf_gui.core.runs.evaluate import EVAL_SPLITS, EvalRequest, default_out_dir, run_evaluation
from dtf_gui.core.runs.tta import TTA_MODES


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "eval",
        help="evaluate a run or bundle on a dataset: metrics.json, confusion_matrix.csv, predictions.csv",
        description="Evaluate a trained model (run directory or export bundle) on DATA_ROOT's split with the "
                    "model's val pipeline. Writes metrics.json, confusion_matrix.csv and predictions.csv, "
                    "prints a summary table and, as the last line, the output folder. A folder without a "
                    "val split is split with the fraction and seed the model was trained with.",
    )
    p.add_argument("model", type=Path, help="run directory (dtf train) or bundle folder (dtf export)")
    p.add_argument("data_root", type=Path, help="dataset folder (ImageFolder layout)")
    p.add_argument("--split", choices=EVAL_SPLITS, default="val",
                   help="split to evaluate (default val); 'all' takes every image of DATA_ROOT unsplit, for a "
                        "separate test folder of class folders")
    p.add_argument("--out", type=Path, default=None,
                   help="output folder (default: RUN_DIR/eval-SPLIT, or ./eval-BUNDLE-SPLIT for a bundle)")
    p.add_argument("--which", choices=("best", "last"), default="best", help="checkpoint of a run directory")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--device", default="cpu", help="cpu, cuda, cuda:N or mps (default cpu)")
    p.add_argument("--top-k", type=int, default=5, help="k of top-k accuracy and of predictions.csv")
    p.add_argument("--workers", type=int, default=0, help="DataLoader worker processes (default 0)")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.add_argument("--tta", choices=TTA_MODES, default="none",
                   help="test-time augmentation: average the probabilities over the image and its mirror image "
                        "(flip) or over five crops (five_crop); default none")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dtf_gui.core.metrics import format_table  # lazy: `dtf --help` skips metrics (~20 ms)

    request = EvalRequest(str(args.model), str(args.data_root), split=args.split, which=args.which,
                          batch_size=args.batch_size, device=args.device, top_k=args.top_k,
                          num_workers=args.workers, tta=args.tta)
    outcome = run_evaluation(request, progress=eval_progress(args.quiet))
    for note in outcome.notes:
        print(render(note), file=sys.stderr)
    out = args.out if args.out is not None else default_out_dir(outcome)
    outcome.result.write_reports(out, top_k=args.top_k, extra=outcome.extra)
    if getattr(outcome.result, "task", "") == "regression":  # MSE/MAE/RMSE/R² per target
        from dtf_gui.core.runs.regression import format_regression  # lazy: like format_table

        print(format_regression(outcome.result.metrics))
    else:
        print(format_table(outcome.result.metrics))
    print(f"\n{outcome.num_images} images in {outcome.result.seconds:.1f} s")
    print(out)
    return 0
