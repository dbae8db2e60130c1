r"""`dtf label-issues DATA [--val DIR] [--run RUN] [--json] [--max N] [--arch A] [--size PX]`: images most likely
filed under the wrong class (confident learning with cleanlab), worst first.

Without ``--run`` the probabilities come from a k-fold classifier on image features of a pretrained backbone
(cached, so a second look is fast); with ``--run`` from that run's predictions on its val split. Exit status 0
(suspects are findings, not failures); 1 when the folder cannot be checked. File names print safely
(:func:`~dtf_gui.core.fileio.display_name`); ``--json`` is lossless (:func:`~dtf_gui.core.fileio.json_text`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from dtf_gui.cli._text import ljust as _ljust
from dtf_gui.cli._text import rjust as _rjust
from dtf_gui.cli._text import t as _t
from dtf_gui.cli._text import width as _width
from dtf_gui.core.cancel import Throttle
from dtf_gui.core.fileio import display_name, json_text

#: The skipped files named in the summary at most; --json lists them all.
MAX_SKIPPED_SHOWN = 5


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "label-issues",
        help="find images most likely filed under the wrong class (confident learning)",
        description="List the images of DATA whose class folder most likely is wrong, worst first, with the "
                    "class they look like. Out-of-fold probabilities come from a k-fold classifier on image "
                    "features of a pretrained backbone, or (--run) from a run's predictions on its val split.",
    )
    p.add_argument("root", metavar="DATA", help="dataset folder")
    p.add_argument("--val", metavar="DIR", default=None,
                   help="a val folder kept apart from DATA (one sub-folder per class); replaces DATA's val/")
    p.add_argument("--run", metavar="RUN", default=None,
                   help="use this run's (or bundle's) predictions on its val split instead of k-fold on features")
    p.add_argument("--json", action="store_true", help="print the suspects as JSON")
    p.add_argument("--max", type=int, default=None, metavar="N", help="list at most N suspects (default: all)")
    p.add_argument("--arch", default=None, metavar="A",
                   help="backbone for the features (default mobilenet_v2, ImageNet weights)")
    p.add_argument("--size", type=int, default=None, metavar="PX", help="input size of the backbone in pixels")
    p.set_defaults(func=run)


class _Progress:
    """A one-line progress bar on a terminal, at most ~10 updates a second; silent otherwise."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self._throttle = Throttle(0.1)

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or not self._throttle.ready(final=done >= total):
            return
        filled = int(30 * done / total) if total else 30
        self.stream.write(f"\r{_t('labels.cli.computing')} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from dtf_gui.core.trust.label_issues import LabelIssuesRequest, find_label_issues  # lazy: dtf --help

    settings: dict[str, Any] = {}
    if args.arch:
        settings["arch"] = args.arch
    if args.size:
        settings["image_size"] = args.size
    request = LabelIssuesRequest(args.root, val_root=args.val, run=args.run, max_issues=args.max, **settings)
    progress = None if args.json else _Progress(sys.stderr)
    found = find_label_issues(request, progress=progress)
    if args.json:
        sys.stdout.write(json_text(found.to_json()) + "\n")
    else:
        sys.stdout.write(format_issues(found))
    return 0


def format_issues(found: Any) -> str:
    """The suspects as a table (rank, file relative to DATA, given, suggested, score) and a summary line."""
    method = _t("labels.method.run" if found.method == "run predictions" else "labels.method.kfold")
    lines: list[str] = []
    if found.suspects:
        rows = [(str(i), display_name(_relative(s.path, found.data_root)), display_name(s.given),
                 display_name(s.suggested), f"{s.score:.3f}") for i, s in enumerate(found.suspects, 1)]
        head = tuple(_t(f"labels.cli.col_{c}") for c in ("rank", "file", "given", "suggested", "score"))
        widths = [max(_width(r[k]) for r in (head, *rows)) for k in range(5)]
        for r in (head, *rows):
            lines.append("  ".join([_rjust(r[0], widths[0]), _ljust(r[1], widths[1]), _ljust(r[2], widths[2]),
                                    _ljust(r[3], widths[3]), _rjust(r[4], widths[4])]).rstrip())
        lines.append("")
        lines.append(_t("labels.cli.summary", shown=len(found.suspects), flagged=found.n_flagged, n=found.n_images,
                        method=method, backbone=display_name(found.backbone), seconds=found.seconds))
    else:
        lines.append(_t("labels.cli.none", n=found.n_images, seconds=found.seconds))
    if found.skipped:
        names = ", ".join(display_name(_relative(p, found.data_root)) for p in found.skipped[:MAX_SKIPPED_SHOWN])
        if len(found.skipped) > MAX_SKIPPED_SHOWN:
            names += ", …"
        lines.append(_t("labels.cli.skipped", n=len(found.skipped), files=names))
    return "\n".join(lines) + "\n"


def _relative(path: str, root: str) -> str:
    try:
        return str(Path(path).relative_to(Path(root)))
    except ValueError:
        return path
