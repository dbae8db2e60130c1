"""`dtf stats DATA [--pipeline P] [--json] [--max-images N]`: per-channel mean and std for Normalize.

The train images of DATA (split as training splits them) after the pipeline's deterministic steps before
Normalize (:func:`dtf_gui.core.pipeline.stats.dataset_stats`, the same function as the Normalize form's
"Use dataset statistics"). Without --pipeline, the pipeline `dtf config --data DATA` starts with. Results are
cached per dataset and pipeline; a second call with nothing changed reads the cache.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dtf_gui.cli._text import ljust, rjust, t, width
from dtf_gui.core.config import DataConfig
from dtf_gui.core.fileio import display_name, json_text
from dtf_gui.core.pipeline.spec import PipelineDocument


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "stats",
        help="per-channel mean and std of a dataset's train images, for Normalize",
        description="Compute the per-channel mean and std of DATA's train images after the pipeline's "
                    "deterministic steps before Normalize (random steps left out; ToImage + "
                    "ToDtype(float32, scale=True) added when those steps do not make a float tensor). "
                    "Cached per dataset and pipeline: a changed file or step computes them again.",
    )
    p.add_argument("data", type=Path, metavar="DATA", help="dataset folder")
    p.add_argument("--pipeline", type=Path, metavar="P",
                   help="pipeline document (default: the starter pipeline dtf config gives DATA)")
    p.add_argument("--val", metavar="DIR", default=None,
                   help="a val folder kept apart from DATA (then all of DATA's images are train images)")
    p.add_argument("--val-fraction", type=float, default=DataConfig().val_fraction, metavar="F",
                   help=f"for a folder without val/: the share held out of train, as training does "
                        f"(default {DataConfig().val_fraction})")
    p.add_argument("--seed", type=int, default=DataConfig().seed, help="seed of that split (default 0)")
    p.add_argument("--max-images", type=int, default=None, metavar="N",
                   help="use N images spread evenly over the train images (default: all)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dtf_gui.cli.cmd_scan import _Progress
    from dtf_gui.core.pipeline.stats import StatsRequest, dataset_stats  # lazy: torch only when it runs

    if args.pipeline is not None:
        doc = PipelineDocument.load(args.pipeline)
    else:
        from dtf_gui.core.config import default_run_config

        doc = default_run_config(args.data.expanduser()).pipeline
    max_images = args.max_images if args.max_images is None or args.max_images > 0 else None
    request = StatsRequest(args.data.expanduser(), doc, max_images=max_images, val_root=args.val,
                           val_fraction=args.val_fraction, seed=args.seed)
    stats = dataset_stats(request, progress=None if args.json else _Progress(sys.stderr))
    if args.json:
        out = {"data": str(args.data), "pipeline": None if args.pipeline is None else str(args.pipeline),
               "split": "train", **stats.to_json(), "normalize": _normalize_or_none(stats)}
        sys.stdout.write(json_text(out) + "\n")
        return 0
    sys.stdout.write(format_stats(stats, str(args.data)))
    return 0


def _normalize_or_none(stats: Any) -> dict[str, list[float]] | None:
    from dtf_gui.core.errors import PipelineError

    try:
        return stats.normalize_params()
    except PipelineError:
        return None


def format_stats(stats: Any, root: str) -> str:
    """Header, one row per channel (mean, std to 3 decimals), where they came from, the Normalize values."""
    steps = " → ".join(stats.steps) if stats.steps else t("stats.cli.no_steps")
    lines = [t("stats.cli.header", n=stats.n_images, split=t("stats.split.train"), root=display_name(root),
               steps=steps)]
    head = [t("stats.cli.channel"), t("stats.cli.mean"), t("stats.cli.std")]
    cols = [max(width(head[0]), 7), max(width(head[1]), 6), max(width(head[2]), 6)]
    lines.append("  " + "  ".join((ljust(head[0], cols[0]), rjust(head[1], cols[1]), rjust(head[2], cols[2]))))
    names = ("R", "G", "B") if len(stats.mean) == 3 else tuple(str(c + 1) for c in range(len(stats.mean)))
    for name, m, s in zip(names, stats.mean, stats.std, strict=True):
        lines.append("  " + "  ".join((ljust(name, cols[0]), rjust(f"{m:.3f}", cols[1]), rjust(f"{s:.3f}", cols[2]))))
    if stats.converted:
        lines.append(t("stats.converted"))
    if stats.skipped:
        lines.append(t("stats.skipped", n=stats.skipped))
    lines.append(t("stats.cli.cached") if stats.from_cache else t("stats.cli.computed", pixels=f"{stats.n_pixels:,}"))
    from dtf_gui.core.errors import PipelineError

    try:
        normalize = stats.normalize_params()
        lines.append(t("stats.cli.normalize", mean=normalize["mean"], std=normalize["std"]))
    except PipelineError as e:  # an (almost) constant channel: say why there are no Normalize values
        lines.append(str(e))
    return "\n".join(lines) + "\n"
