"""``dtf ensemble RUN... --out DIR``: one bundle averaging several models' probabilities (predict.py, ONNX).

``dtf ensemble --study NAME --top K --out DIR`` takes the runs of a search's K best complete trials instead
(the study in ``<workspace>/search.db`` unless ``--storage`` names another database, as ``dtf search``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dtf_gui.core.errors import ExportError
from dtf_gui.core.messages import msg, render

DEFAULT_TOP = 3


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "ensemble",
        help="average several runs or bundles with the same classes into one bundle",
        description="Write an ensemble bundle: each run or bundle becomes members/<i>/ (a plain torchvision "
                    "model.pth with its own val pipeline), predictions are the weighted mean of the members' "
                    "softmax probabilities. Writes bundle.json, a standalone predict.py and, when it can be "
                    "made, one ONNX graph. `dtf eval` and `dtf predict` accept the folder. Prints the folder "
                    "as the last line. With --study NAME the members are the runs of a search's K best complete "
                    "trials (--top, default 3).",
    )
    p.add_argument("members", nargs="*", type=Path,
                   help="run directories (dtf train) or bundles (dtf export); none with --study")
    p.add_argument("--out", type=Path, required=True,
                   help="ensemble folder to create (new or empty; never inside a run folder)")
    p.add_argument("--weights", default=None,
                   help="comma-separated weights, one per member in order (default: equal), e.g. 1,1,2")
    p.add_argument("--top", type=int, default=None, metavar="K",
                   help="use only the K runs with the best validation accuracy among those given; with --study "
                        "the runs of the K best complete trials (default 3)")
    p.add_argument("--study", default=None, metavar="NAME",
                   help="ensemble the runs of this search study's best trials (see dtf search) instead of RUNs")
    p.add_argument("--storage", default=None, metavar="URL",
                   help="with --study: the study's Optuna storage URL (default sqlite:///<workspace>/search.db)")
    p.add_argument("--workspace", default=None, metavar="DIR",
                   help="with --study: the workspace whose search.db holds the study (default: the app's)")
    p.add_argument("--which", choices=("best", "last"), default="best", help="checkpoint of a run directory")
    p.add_argument("--no-onnx", action="store_true", help="do not make model.onnx")
    p.add_argument("--force", action="store_true",
                   help="replace an earlier bundle in --out (built aside, then swapped in); a run, a dataset "
                        "or any other non-empty folder is never replaced")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from dtf_gui.core.experiments.ensemble import EnsembleRequest, make_ensemble, parse_weights, top_k_runs

    members = list(args.members)
    if args.study is not None:
        members = _study_runs(args)
    elif args.storage is not None or args.workspace is not None:
        raise ExportError(msg("ensemble.cli.study_only"))
    elif args.top is not None:
        members = top_k_runs(members, args.top)

    def progress(done: int, total: int) -> None:
        print(f"\rensembling {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    written = make_ensemble(EnsembleRequest(tuple(members), args.out, parse_weights(args.weights),
                                            force=args.force, which=args.which, onnx=not args.no_onnx),
                            progress=progress)
    for note in written.notes:
        print(render(note), file=sys.stderr)
    info = written.info
    print(f"ensemble of {len(info['members'])}, {info['num_classes']} classes")
    for m in info["members"]:
        src = m["source"].get("run_dir") or m["source"].get("bundle")
        size = "x".join(map(str, m["input_size"]))
        print(f"  {m['folder']}: {m['arch']}, input {size}, weight {m['weight']:.4g}  ({src})")
    onnx = info["onnx"]
    if onnx.get("made"):
        check = f"checked with {onnx['checked_with']}: max diff {onnx['max_rel_diff']:.1e}" \
            if onnx.get("max_rel_diff") is not None else "not checked"
        print(f"  model.onnx  (inputs {', '.join(onnx['inputs'])} -> {onnx['output']}; {check})")
    print("  predict.py\n  bundle.json")
    print(written.out)
    return 0


def _study_runs(args: argparse.Namespace) -> list[Path]:
    """The runs of the study's best trials; the storage defaults to the workspace's search.db (as dtf search)."""
    from dtf_gui.core.experiments.ensemble import search_top_runs
    from dtf_gui.core.experiments.index import default_workspace
    from dtf_gui.core.experiments.search import DB_NAME

    if args.members:
        raise ExportError(msg("ensemble.cli.runs_and_study"))
    storage = args.storage
    if not storage:
        workspace = Path(args.workspace).expanduser() if args.workspace else default_workspace()
        storage = f"sqlite:///{workspace.resolve() / DB_NAME}"
    k = DEFAULT_TOP if args.top is None else args.top
    return search_top_runs(storage, args.study, k)
