"""``dtf compare RUN RUN... [--json]``: the settings and pipeline steps that differ between runs, and their
final metrics side by side (:func:`dtf_gui.core.experiments.compare.compare_runs`, what the Compare tab shows).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dtf_gui.cli._text import ljust as _ljust
from dtf_gui.cli._text import t as _t
from dtf_gui.cli._text import width as _width
from dtf_gui.core.fileio import display_name, json_text
from dtf_gui.core.messages import render

GAP = "  "


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "compare",
        help="compare 2 to 8 runs: the settings and pipeline steps that differ, and their final metrics",
        description="Compare 2 to 8 run directories: a table of the settings that differ (one column per run), "
                    "the pipeline steps added, removed or changed against the first run, and the final metrics "
                    "side by side. runs_dir is left out; everything else in config.json is compared.",
    )
    p.add_argument("runs", nargs="+", type=Path, metavar="RUN", help="run directory (dtf train), 2 to 8 of them")
    p.add_argument("--json", action="store_true",
                   help="print the comparison as JSON (settings, pipeline diffs, metrics and curves)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dtf_gui.core.experiments.compare import compare_runs  # lazy: `dtf --help` stays fast

    comparison = compare_runs(args.runs)
    for note in comparison.notes:
        print(render(note), file=sys.stderr)
    if args.json:
        sys.stdout.write(json_text(comparison.to_json()) + "\n")
        return 0
    sys.stdout.write(format_comparison(comparison))
    return 0


def format_comparison(comparison: Any) -> str:
    """The text report: settings table, pipeline diff lines, metrics table (in the CLI's language)."""
    from dtf_gui.core.experiments.compare import metric_table  # lazy, as in run()

    names = [display_name(n) for n in comparison.names]
    out: list[str] = [_t("compare.heading.settings")]
    if comparison.settings:
        rows = [[s.key, *(display_name(v) for v in s.texts())] for s in comparison.settings]
        out += _table([_t("compare.setting"), *names], rows)
    else:
        out.append("  " + _t("compare.no_setting_differs"))
    out += ["", _t("compare.heading.pipeline", ref=names[0])]
    if comparison.pipeline:
        for d in comparison.pipeline:
            out.append("  " + display_name(render(d.message)))
            out += ["    " + display_name(line) for line in d.lines()]
    else:
        out.append("  " + _t("compare.no_step_differs"))
    out += ["", _t("compare.heading.metrics")]
    rows = [[render(label), *(render(c) for c in cells)] for label, cells in metric_table(comparison.metrics)]
    out += _table([_t("compare.metric"), *names], rows)
    return "\n".join(out) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(_width(r[c]) for r in (header, *rows)) for c in range(len(header))]
    return ["  " + GAP.join(_ljust(cell, w) for cell, w in zip(r, widths, strict=True)).rstrip()
            for r in (header, *rows)]
