"""``dtf search RUN.json --space SPACE.json --trials N``: a hyper-parameter search on Optuna.

The same use case as the Search tab (:func:`dtf_gui.core.experiments.search.run_search`): every trial is a
run in the workspace; the study lives in ``<workspace>/search.db`` unless ``--storage`` names another
database. Run the same command again to continue a stopped or killed search; run it in several terminals
or machines on one storage and study to share the work. Ctrl-C stops the current run cleanly and ends.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from typing import Any

from dtf_gui.cli._text import ljust, t, width
from dtf_gui.core.config import RunConfig, parse_overrides
from dtf_gui.core.fileio import display_name
from dtf_gui.core.messages import render

LEADERBOARD_ROWS = 10


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "search",
        help="search hyper-parameters (Optuna: grid, random or TPE, with pruning); every trial is a run",
        description="Search over the settings listed in a space file (plain JSON, see the README), each trial "
                    "an ordinary run in the workspace, maximising val accuracy. The study is stored in a "
                    "database (default <workspace>/search.db): the same command continues a stopped or "
                    "killed search, and several processes on one --storage and --study share the trials. "
                    "--trials counts every finished trial of the study.",
    )
    p.add_argument("config", metavar="RUN.json", help="the base run configuration (see `dtf config`)")
    p.add_argument("--space", required=True, metavar="SPACE.json", help="the search space (plain JSON)")
    p.add_argument("--trials", type=int, default=None, metavar="N",
                   help="total trials of the study (grid: default the whole grid)")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS", help="this process's time budget")
    p.add_argument("--sampler", choices=("grid", "random", "tpe"), default="tpe", help="default tpe")
    p.add_argument("--pruner", choices=("median", "hyperband", "none"), default="median", help="default median")
    p.add_argument("--storage", default=None, metavar="URL",
                   help="Optuna storage URL, e.g. sqlite:///search.db or postgresql://... "
                        "(default sqlite:///<workspace>/search.db)")
    p.add_argument("--study", default=None, metavar="NAME",
                   help="study name (default derived from the configuration and the space)")
    p.add_argument("--seed", type=int, default=None, help="sampler seed (default: none)")
    p.add_argument("--workspace", default=None, metavar="DIR", help="where the runs go (overrides runs_dir)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a field of RUN.json by its dotted key (repeatable)")
    p.add_argument("--json", action="store_true", help="print the study's summary as JSON at the end")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dtf_gui.core.cancel import StopToken
    from dtf_gui.core.experiments.search import SearchRequest, run_search  # lazy: optuna, torch
    from dtf_gui.core.experiments.search_space import load_space

    config = RunConfig.load(args.config)
    overrides = parse_overrides(args.set)
    if args.workspace:
        overrides["runs_dir"] = args.workspace
    if overrides:
        config = config.with_overrides(overrides)
    space = load_space(args.space, config)
    request = SearchRequest(config, space, n_trials=args.trials, timeout_s=args.timeout, sampler=args.sampler,
                            pruner=args.pruner, storage=args.storage, study=args.study, seed=args.seed)
    request.validate()
    out = sys.stderr if args.json else sys.stdout
    print(t("search.cli.header", study=request.study_name(), storage=display_name(request.storage_url()),
            sampler=args.sampler, pruner=args.pruner), file=out, flush=True)

    def on_trial(row: Any) -> None:
        value = "-" if row.value is None else f"{row.value:.4f}"
        print(t("search.cli.trial", number=row.number, state=row.state, value=value,
                params=_params(row.params), run=display_name(row.run_dir)), file=out, flush=True)

    stop = StopToken()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.stop())  # Ctrl-C: the current run stops cleanly
    try:
        result = run_search(request, stop=stop, on_trial=on_trial)
    finally:
        signal.signal(signal.SIGINT, previous)
    if args.json:
        print(json.dumps(result.summary.to_json(), indent=2, ensure_ascii=False))
    else:
        print(format_leaderboard(result.summary))
    print(render(result.message), file=out)
    return 0


def _params(params: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_short(v)}" for k, v in params.items())


def _short(v: Any) -> str:
    return f"{v:.3g}" if isinstance(v, float) else display_name(str(v))


def format_leaderboard(summary: Any) -> str:
    """The best trials first, with the counts of complete, pruned and failed trials."""
    c = summary.counts
    out = [t("search.cli.leaderboard", complete=c["COMPLETE"], pruned=c["PRUNED"], failed=c["FAIL"])]
    header = ["#", t("search.cli.col.trial"), t("search.cli.col.state"), t("search.cli.col.value"),
              t("search.cli.col.params")]
    rows = [[str(i + 1), str(r.number), r.state, "-" if r.value is None else f"{r.value:.4f}", _params(r.params)]
            for i, r in enumerate(summary.leaderboard()[:LEADERBOARD_ROWS])]
    widths = [max(width(r[k]) for r in (header, *rows)) for k in range(len(header))]
    out += ["  " + "  ".join(ljust(cell, w) for cell, w in zip(r, widths, strict=True)).rstrip()
            for r in (header, *rows)]
    if summary.best is not None:
        out.append(t("search.cli.best", number=summary.best.number, value=summary.best.value,
                     run=display_name(summary.best.run_dir)))
    if summary.importances:
        out.append(t("search.cli.importances", text=", ".join(f"{k} {v:.2f}" for k, v in summary.importances.items())))
    return "\n".join(out)
