"""``dtf lr-find CONFIG``: sweep the learning rate on what ``dtf train CONFIG`` would train and suggest one.

The same use case as the Training tab's "Find learning rate…" (:func:`dtf_gui.core.experiments.lr_find.lr_find`):
nothing is written, and a later ``dtf train`` is not changed by it. Prints the suggestion and a short
table of the curve, or with ``--json`` one object with every point (lrs, losses, smoothed).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dtf_gui.cli._text import rjust, t, width
from dtf_gui.core.cancel import Throttle
from dtf_gui.core.config import RunConfig, parse_overrides
from dtf_gui.core.fileio import display_name
from dtf_gui.core.messages import render

TABLE_ROWS = 12  # rows of the printed curve (the suggestion's row is added when it falls between them)


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "lr-find",
        help="sweep the learning rate on a run configuration and suggest one (writes nothing)",
        description="Train CONFIG's model for a few dozen steps while the learning rate grows exponentially "
                    "from --start-lr to --end-lr, smooth the loss and suggest a learning rate (fastai's "
                    "'valley' rule, divided by the average of the run's schedule: about twice the valley "
                    "for cosine). The model, optimizer and random state are left as they were and "
                    "nothing is written. Exit status 1 when there is no suggestion.",
    )
    p.add_argument("config", metavar="CONFIG", help="run configuration JSON (see `dtf config`)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a field of CONFIG by its dotted key (repeatable)")
    p.add_argument("--num-iter", type=int, default=100, metavar="N", help="steps of the sweep (default 100)")
    p.add_argument("--start-lr", type=float, default=1e-7, help="first learning rate (default 1e-7)")
    p.add_argument("--end-lr", type=float, default=10.0, help="last learning rate (default 10)")
    p.add_argument("--json", action="store_true", help="print one JSON object with every point")
    p.set_defaults(func=run)


class _Progress:
    """A one-line progress bar on a terminal (standard error), silent otherwise."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.enabled = bool(getattr(stream, "isatty", lambda: False)())
        self.throttle = Throttle(0.1)

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or not self.throttle.ready(final=done >= total):
            return
        filled = int(30 * done / max(total, 1))
        self.stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def run(args: argparse.Namespace) -> int:
    from dtf_gui.core.experiments.lr_find import LrFindRequest, lr_find  # lazy: no torch in `dtf --help`

    config = RunConfig.load(args.config)
    overrides = parse_overrides(args.set)
    if overrides:
        config = config.with_overrides(overrides)
    request = LrFindRequest(config, start_lr=args.start_lr, end_lr=args.end_lr, num_iter=args.num_iter)
    request.validate()  # before the model is built: a bad range is said at once
    if not args.json:
        print(t("lr_find.cli.header", arch=config.model.arch, root=display_name(str(config.data.root)),
                n=args.num_iter, start=args.start_lr, end=args.end_lr))
    result = lr_find(request, progress=None if args.json else _Progress(sys.stderr))
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return 0 if result.suggestion is not None else 1
    for note in result.notes:
        print(render(note))
    print(_table(result.lrs, result.losses, result.smoothed, result.suggestion_index))
    print(render(result.message))
    if result.suggestion is not None:
        print(t("lr_find.cli.apply", config=display_name(str(args.config)), lr=result.suggestion))
    return 0 if result.suggestion is not None else 1


def _table(lrs: list[float], losses: list[float], smoothed: list[float], mark: int | None) -> str:
    """About :data:`TABLE_ROWS` evenly spaced points of the curve, the suggested one marked with ``<``."""
    n = len(lrs)
    if n == 0:
        return ""
    rows = sorted({round(k * (n - 1) / max(1, TABLE_ROWS - 1)) for k in range(min(n, TABLE_ROWS))}
                  | ({mark} if mark is not None else set()))
    heads = [t("lr_find.cli.col_step"), t("lr_find.cli.col_lr"), t("lr_find.cli.col_loss"),
             t("lr_find.cli.col_smoothed")]
    cols = [max(6, width(h)) for h in heads]
    lines = ["  ".join(rjust(h, c) for h, c in zip(heads, cols, strict=True))]
    for i in rows:
        cells = [str(i + 1), f"{lrs[i]:.2e}", f"{losses[i]:.4f}", f"{smoothed[i]:.4f}"]
        line = "  ".join(rjust(v, c) for v, c in zip(cells, cols, strict=True))
        lines.append(line + ("  <" if i == mark else ""))
    return "\n".join(lines)
