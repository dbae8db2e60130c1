"""``dtf calibrate MODEL DATA``: fit a temperature on the val split and choose the "unknown" threshold.

Prints ECE and NLL before and after, the threshold's accuracy and coverage, and saves the calibration where
``dtf predict``, the Predict view and the bundle's predict.py read it (RUN/calibration.json, or the bundle's
bundle.json), atomically; the file is the last line. The same use case as the Evaluate view's Calibrate.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dtf_gui.cli._text import ljust, t, width
from dtf_gui.core.cancel import Throttle
from dtf_gui.core.fileio import display_name, json_text
from dtf_gui.core.messages import render


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "calibrate",
        help="fit a temperature on the val split; set the confidence threshold below which predict says 'unknown'",
        description="Temperature scaling of a run or bundle on DATA's val split (the split the model was "
                    "trained with): prints ECE (15 bins) and NLL before and after, and the threshold's accuracy "
                    "and coverage. Saves temperature and threshold into the run folder (calibration.json) or "
                    "the bundle (bundle.json); dtf predict, the Predict view and the bundle's predict.py then "
                    "answer 'unknown' below the threshold. Prints the file written as the last line.",
    )
    p.add_argument("model", type=Path, help="run directory (dtf train) or bundle folder (dtf export)")
    p.add_argument("data_root", type=Path, help="dataset folder the model was trained on (ImageFolder layout)")
    p.add_argument("--val", type=Path, default=None, metavar="DIR",
                   help="calibrate on every image of DIR (class folders) instead of DATA's val split")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--threshold", type=float, default=None, metavar="P",
                       help="answer 'unknown' when the calibrated top probability is below P (0..1)")
    group.add_argument("--coverage", type=float, default=None, metavar="C",
                       help="choose the threshold that answers at least this share of the val images (0..1]")
    p.add_argument("--which", choices=("best", "last"), default="best", help="checkpoint of a run directory")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--device", default="cpu", help="cpu, cuda, cuda:N or mps (default cpu)")
    p.add_argument("--no-save", action="store_true", help="print the figures only; write nothing")
    p.add_argument("--json", action="store_true", help="print the calibration as JSON (what is saved, plus 'saved')")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    p.set_defaults(func=run)


def _progress(quiet: bool):
    throttle = Throttle(0.1)

    def report(done: int, total: int) -> None:
        if quiet or not throttle.ready(final=done >= total):
            return
        print(f"\revaluating {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    return report


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v:.1%}"


def run(args: argparse.Namespace) -> int:
    from dtf_gui.core.trust.calibration import CalibrationRequest, calibrate, save_calibration  # lazy: scipy

    data_root, split = (args.val, "all") if args.val is not None else (args.data_root, "val")
    # argparse's mutually exclusive group refuses both; the use case says so too (the GUI has no argparse)
    request = CalibrationRequest(str(args.model), str(data_root), split=split, which=args.which,
                                 threshold=args.threshold, target_coverage=args.coverage,
                                 batch_size=args.batch_size, device=args.device)
    report = calibrate(request, progress=_progress(args.quiet or args.json))
    saved = None if args.no_save else save_calibration(args.model, report)
    for note in report.notes:
        print(render(note), file=sys.stderr)
    doc = report.to_json()
    if args.json:
        doc["saved"] = None if saved is None else str(saved)
        doc["notes"] = [{"text": render(n, "en"), **n.to_json()} for n in report.notes]
        print(json_text(doc))
        return 0
    m = doc["metrics"]
    print(t("calibration.report_head", model=display_name(Path(report.model["path"]).name), split=split,
            root=display_name(data_root), n=report.n, accuracy=_pct(report.accuracy)))
    print(t("calibration.report_temperature", t=f"{report.temperature:.4g}"))
    labels = {"ece": t("calibration.report_ece", bins=m["ece_bins"]), "nll": t("calibration.report_nll")}
    columns = max(width(v) for v in labels.values())
    for key, label in labels.items():
        print(t("calibration.report_before_after", label=ljust(label, columns), before=f"{m[key + '_before']:.4f}",
                after=f"{m[key + '_after']:.4f}"))
    if report.threshold is None:
        print(t("calibration.report_no_threshold"))
    else:
        print(t("calibration.report_threshold", threshold=f"{report.threshold:.4f}",
                coverage=_pct(m["threshold_coverage"]), accuracy=_pct(m["threshold_accuracy"])))
    if saved is not None:
        print(t("calibration.saved", path=display_name(saved)), file=sys.stderr)
        print(saved)
    return 0

