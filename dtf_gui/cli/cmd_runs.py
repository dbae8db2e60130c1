"""`dtf runs [--workspace DIR] [--json] [--status S]`: the runs of a workspace, as the Runs tab lists them.

The workspace is the folder runs are created in (a run config's ``runs_dir``); by default the user data
folder's ``runs/``, where the desktop app keeps them. A run killed mid-way is listed as "interrupted":
``dtf train --resume RUN_DIR`` continues it. ``--json`` prints a list (the problem of a damaged run as English
text plus ``code``/``params``).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dtf_gui.cli._text import ljust, t, width
from dtf_gui.core.experiments.index import STATUSES, RunSummary, default_workspace, duration_text, list_runs
from dtf_gui.core.fileio import display_name, json_text
from dtf_gui.core.messages import render


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "runs", help="list the runs of a workspace (status, accuracy, tags)",
        description="List every run in a workspace folder, newest first: status (running, finished, stopped, "
                    "failed, interrupted, damaged), architecture, image size, epochs, best val accuracy, "
                    "duration, tags. An interrupted run continues with `dtf train --resume RUN_DIR`.")
    p.add_argument("--workspace", metavar="DIR", default=None,
                   help="the folder holding the runs (default: the user data folder's runs/, where the desktop "
                        "app keeps them)")
    p.add_argument("--json", action="store_true", help="print a JSON list instead of a table")
    p.add_argument("--status", choices=STATUSES, action="append", default=None,
                   help="only runs with this status (repeatable)")
    p.set_defaults(func=run)


def _row(r: RunSummary) -> list[str]:
    epochs = f"{r.epochs_done}/{r.epochs_planned}" if r.epochs_planned else str(r.epochs_done)
    return [display_name(r.name), t(f"experiments.status.{r.status}"), r.arch or "-",
            str(r.image_size) if r.image_size else "-", epochs,
            f"{100 * r.best_val_acc:.1f}%" if r.best_val_acc is not None else "-", duration_text(r.duration_s),
            display_name(", ".join(r.tags))]


def run(args: argparse.Namespace) -> int:
    workspace = args.workspace or default_workspace()
    runs = list_runs(workspace)
    if args.status:
        runs = [r for r in runs if r.status in args.status]
    if args.json:
        sys.stdout.write(json_text([r.to_json() for r in runs]) + "\n")
        return 0
    if not runs:
        print(t("experiments.cli.none", path=display_name(str(workspace))), file=sys.stderr)
        return 0
    print(t("experiments.cli.header", path=display_name(str(workspace))), file=sys.stderr)
    rows = [t("experiments.cli.columns").split("|")] + [_row(r) for r in runs]
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(ljust(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip())
    for r in runs:
        if r.problem is not None:
            print(t("experiments.cli.problem", name=display_name(r.name), text=display_name(render(r.problem))),
                  file=sys.stderr)
    return 0
