r"""`dtf scan ROOT [--val DIR] [--json] [--val-fraction F] [--seed N] [--no-decode] [--similar [--similar-threshold T]
[--similar-by {both,features,pixels}]]`: the dataset health report.

``--similar`` adds near-copies found by similarity (:mod:`dtf_gui.core.trust.similar`: edited copies, train/val
leaks, label conflicts) as findings, and under ``"similar"`` in ``--json``.

Exit status 0 when the folder can be trained on, 1 when something blocks training (too few classes, wrong
layout) — per-file errors only exclude those files and do not change the status.

File and class names: the text report shows a terminal escape code as ``\x1b`` and a byte that is not UTF-8
as ``\xe9`` (:func:`~dtf_gui.core.fileio.display_name`). ``--json`` is always valid UTF-8 and lossless
(:func:`~dtf_gui.core.fileio.json_text`): such a byte is the JSON escape ``\udcXX`` (Python's
surrogateescape), so ``os.fsencode(json.loads(text)["classes"][i])`` gives back the folder name's bytes.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from dtf_gui.cli._text import ljust as _ljust
from dtf_gui.cli._text import rjust as _rjust
from dtf_gui.cli._text import t as _t
from dtf_gui.cli._text import width as _width
from dtf_gui.core.cancel import Throttle
from dtf_gui.core.data.scan import Finding, ScanReport, scan
from dtf_gui.core.data.targets import TARGETS_CSV, scan_regression
from dtf_gui.core.fileio import display_name, json_text
from dtf_gui.core.messages import msg, render

_LAYOUTS = ("splits", "single", "split_generated", "val_root")
_MODE_NAMES = {"1", "L", "LA", "P", "PA", "RGB", "RGBA", "CMYK", "I", "F", "YCbCr"}


def _mode_name(mode: str) -> str:
    if mode.startswith("I;16"):
        return _t("cli.mode.I16")
    return _t(f"cli.mode.{mode}") if mode in _MODE_NAMES else mode


MAX_PER_CODE = 5


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "scan",
        help="check a dataset folder: classes, counts, broken files, duplicates, leakage",
        description="Scan an ImageFolder dataset (ROOT/train/<class>/*, ROOT/val/<class>/*, or ROOT/<class>/*) "
                    "and print a health report. Exit status 1 when training cannot start.",
    )
    p.add_argument("root", metavar="ROOT", help="dataset folder")
    p.add_argument("--json", action="store_true", help="print the report as JSON (schema in the README)")
    p.add_argument("--val", metavar="DIR", default=None,
                   help="a val folder kept apart from ROOT (one sub-folder per class); replaces ROOT's val/")
    p.add_argument("--val-fraction", type=float, default=None, metavar="F",
                   help="for a folder without val/: hold out this share of each class (stratified), e.g. 0.2")
    p.add_argument("--seed", type=int, default=0, help="seed of the generated val split (default 0)")
    p.add_argument("--no-decode", action="store_true",
                   help="list files only (fast): no decoding, so no per-file errors, modes or duplicates")
    p.add_argument("--workers", type=int, default=None, help="decoding threads (default: up to 4)")
    p.add_argument("--similar", action="store_true",
                   help="also find near-copies (resized, re-saved, cropped, brighter...): within a split, across "
                        "train/val (leakage) and across classes (label conflicts)")
    p.add_argument("--similar-threshold", type=float, default=None, metavar="T",
                   help="similarity a pair needs, 0-1: the cosine of image features (default 0.70 with the pixel "
                        "check, 0.93 without); with --similar-by pixels the pixel fingerprint's (default 0.993)")
    p.add_argument("--similar-by", choices=("both", "features", "pixels"), default="both",
                   help="compare image features and the pixel fingerprint (both, default), features only, or pixels "
                        "only (fastest, needs no pretrained weights)")
    p.add_argument("--targets", metavar="CSV", default=None,
                   help="regression: the CSV of numeric targets (file,target[,...]; paths relative to ROOT); "
                        "ROOT/targets.csv is used when present")
    p.set_defaults(func=run)


class _Progress:
    """A one-line progress bar on a terminal, at most ~10 updates a second; silent otherwise."""

    def __init__(self, stream: TextIO, label: str | None = None) -> None:
        self.stream = stream
        self.label = label
        self.enabled = stream.isatty()
        self._throttle = Throttle(0.1)

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if not self._throttle.ready(final=done >= total):
            return
        width = 30
        filled = int(width * done / total) if total else width
        self.stream.write(f"\r{self.label or _t('cli.scan.decoding')} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def run(args: argparse.Namespace) -> int:
    if args.targets or (Path(args.root) / TARGETS_CSV).is_file():
        return _run_regression(args)
    report = scan(args.root, val_root=args.val, val_fraction=args.val_fraction, seed=args.seed, decode=not args.no_decode,
                  progress=None if args.json else _Progress(sys.stderr), workers=args.workers)
    similar = _similar(args, report) if args.similar else None
    if args.json:
        doc = report.to_json()
        if similar is not None:
            doc["similar"] = similar.to_json()
        sys.stdout.write(json_text(doc) + "\n")  # valid UTF-8 for any file name (see json_text)
    else:
        sys.stdout.write(format_report(report))
        if similar is not None:
            sys.stdout.write(render(summary_message(similar)) + "\n")
    return 0 if report.can_train() else 1


def _similar(args: argparse.Namespace, report: ScanReport) -> Any:
    """Near-copies of the scanned images; their findings join the report's."""
    from dtf_gui.core.trust.similar import SimilarRequest, find_similar, similar_findings  # lazy: torch

    by = args.similar_by
    pixels_only = by == "pixels"
    request = SimilarRequest(args.root, val_root=args.val, val_fraction=args.val_fraction, seed=args.seed,
                             report=report, use_hash=by != "features", use_embeddings=not pixels_only,
                             threshold=None if pixels_only else args.similar_threshold,
                             **({"hash_threshold": args.similar_threshold}
                                if pixels_only and args.similar_threshold is not None else {}))
    progress = None if args.json else _Progress(sys.stderr, render(msg("similar.progress")))
    found = find_similar(request, progress=progress)
    report.findings.extend(similar_findings(found, report))
    return found


def summary_message(found: Any) -> Any:
    from dtf_gui.core.trust.similar import summary_message as message

    return message(found)


def _run_regression(args: argparse.Namespace) -> int:
    """The regression dataset's report: the targets CSV checked row by row, its images decoded."""
    report = scan_regression(args.root, args.targets or "", val_fraction=args.val_fraction or 0.2, seed=args.seed,
                             decode=not args.no_decode, progress=None if args.json else _Progress(sys.stderr),
                             workers=args.workers)
    if args.json:
        sys.stdout.write(json_text(report.to_json()) + "\n")
        return 0 if report.can_train() else 1
    table = report.table
    lines = [_t("regression.scan_summary", root=display_name(table.root), n_train=_n(len(report.usable("train"))),
                n_val=_n(len(report.usable("val"))), names=", ".join(display_name(n) for n in table.names) or "-",
                csv=display_name(table.csv_path))]
    _findings(lines, report.findings, lambda level: [f for f in report.findings if f.level == level])
    lines.append("")
    lines.append(_t("cli.scan.ready_yes" if report.can_train() else "cli.scan.ready_no"))
    sys.stdout.write("\n".join(lines) + "\n")
    return 0 if report.can_train() else 1


def _n(x: int) -> str:
    return f"{x:,}"


def _findings(lines: list[str], findings: list[Finding], by_level: Callable[[str], list[Finding]]) -> None:
    """The findings by level, at most MAX_PER_CODE lines per code (file and class names shown safely)."""
    for level, title in (("error", "cli.scan.errors"), ("warning", "cli.scan.warnings"), ("note", "cli.scan.notes")):
        found = by_level(level)
        lines.append("")
        lines.append(_t(title, n=len(found)))
        by_code: dict[str, list[str]] = defaultdict(list)
        for f in found:
            by_code[f.code].append(f.message)
        for code, messages in by_code.items():
            for m in messages[:MAX_PER_CODE]:  # findings quote file and class names: shown safely
                lines.append(f"  [{code}] " + "\n".join(display_name(part) for part in str(m).split("\n")))
            if len(messages) > MAX_PER_CODE:
                lines.append(f"  [{code}] " + _t("cli.scan.more", n=len(messages) - MAX_PER_CODE))


def format_report(report: ScanReport) -> str:
    """The human-readable report: classes with per-split counts, summaries, findings by level."""
    lines: list[str] = []
    counts = report.counts()
    n_train = sum(counts.get("train", {}).values())
    n_val = sum(counts.get("val", {}).values())
    lines.append(_t("cli.scan.dataset", root=display_name(report.root)))
    if report.val_root:
        lines.append(_t("cli.scan.val", root=display_name(report.val_root)))
    layout = f"cli.scan.layout.{report.layout}" if report.layout in _LAYOUTS else None
    lines.append(_t("cli.scan.layout", layout=_t(layout) if layout else report.layout))
    lines.append(_t("cli.scan.classes", n=len(report.classes), train=_n(n_train), val=_n(n_val),
                    excluded=_n(len(report.excluded())), unindexed=_n(len(report.unindexed))))
    if report.classes:
        shown = {c: display_name(c) for c in report.classes}  # an escape code or a non-UTF-8 byte, visible
        col_class, col_train, col_val, col_total = (_t(f"cli.scan.col_{c}") for c in ("class", "train", "val", "total"))
        width = max(5, _width(col_class), _width(col_total), *(_width(c) for c in shown.values()))
        lines.append("")
        lines.append(f"  {_ljust(col_class, width)}  {_rjust(col_train, 7)}  {_rjust(col_val, 7)}")
        for c in report.classes:
            lines.append(f"  {_ljust(shown[c], width)}  {_n(counts['train'].get(c, 0)):>7}  "
                         f"{_n(counts['val'].get(c, 0)):>7}")
        lines.append(f"  {_ljust(col_total, width)}  {_n(n_train):>7}  {_n(n_val):>7}")
    lines.append("")
    ratio = report.imbalance_ratio()
    if ratio is not None:
        train = {c: v for c, v in counts["train"].items() if v > 0}
        big, small = max(train, key=train.__getitem__), min(train, key=train.__getitem__)
        lines.append(_t("cli.scan.imbalance", ratio=ratio, big=display_name(big), n_big=train[big],
                        small=display_name(small), n_small=train[small]))
    if report.decoded:
        s = report.summary()
        if s["files"]:
            modes = ", ".join(f"{m} ({_mode_name(m)}) {_n(k)}" for m, k in s["modes"].items())
            lines.append(_t("cli.scan.modes", modes=modes))
            common = ", ".join(f"{w}×{h} ({_n(k)})" for w, h, k in s["common_sizes"])
            lines.append(_t("cli.scan.sizes", common=common, min=f"{s['min_size'][0]}×{s['min_size'][1]}",
                            max=f"{s['max_size'][0]}×{s['max_size'][1]}", distinct=s["distinct_sizes"]))
            lines.append(_t("cli.scan.formats", formats=", ".join(f"{f} {_n(k)}" for f, k in s["formats"].items())))
    else:
        lines.append(_t("cli.scan.not_decoded"))
    _findings(lines, report.findings, report.by_level)
    lines.append("")
    lines.append(_t("cli.scan.ready_yes" if report.can_train() else "cli.scan.ready_no"))
    return "\n".join(lines) + "\n"
