"""`dtf curate ROOT [--move FILE CLASS | --quarantine FILE | --undo ID|last | --history] [--json]`.

The command-line side of the app's curation (the Evaluate view's mistakes gallery): move a mislabelled image
to its class, or out of the dataset into ``ROOT.quarantine/``, and undo any of it later. It is the same
:class:`~dtf_gui.core.data.curate.Curator` with the same journal (``ROOT.curation.jsonl``), so a move made
in the app can be undone here and the other way round; nothing is deleted or overwritten.

Without an action it lists the moves that can still be undone, newest first.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from dtf_gui.core.data.curate import Curator, MoveRecord
from dtf_gui.core.errors import DataError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "curate",
        help="move mislabelled images to their class or to quarantine, with undo (the app's journal)",
        description="Relabel or quarantine images of a dataset folder without losing anything: every move is "
                    "a rename (never an overwrite; a name clash gets a new name), logged in "
                    "ROOT.curation.jsonl next to the dataset, and can be undone -- also moves made in the app. "
                    "With no action, lists the moves that can still be undone (newest first).",
    )
    p.add_argument("root", type=Path, metavar="ROOT", help="dataset folder (the one dtf scan / dtf train use)")
    act = p.add_mutually_exclusive_group()
    act.add_argument("--move", nargs=2, metavar=("FILE", "CLASS"),
                     help="move FILE into the folder of CLASS in the same split (created when missing)")
    act.add_argument("--quarantine", metavar="FILE", help="move FILE out of the dataset into ROOT.quarantine/")
    act.add_argument("--undo", metavar="ID", help="put a move back: its id (or a unique prefix), or 'last'")
    act.add_argument("--history", action="store_true", help="every move and undo of the journal, oldest first")
    p.add_argument("--reason", default="", help="why (kept in the journal with a quarantine)")
    p.add_argument("--json", action="store_true", help="print records as JSON lines")
    p.set_defaults(func=run)


def _line(r: MoveRecord) -> str:
    what = (f"{r.label_from} -> {r.label_to}" if r.kind == "class" else
            f"{r.label_from} -> quarantine" if r.op == "move" else f"quarantine -> {r.label_to}")
    note = " (renamed: the name was taken)" if r.renamed else ""
    return f"{r.id[:8]}  {r.time[:19].replace('T', ' ')}  {r.op:<4}  {what:<24}  {r.src} -> {r.dst}{note}"


def _print(records: list[MoveRecord], as_json: bool) -> None:
    for r in records:
        print(json.dumps(r.to_json(), ensure_ascii=False) if as_json else _line(r))


def _find(curator: Curator, key: str) -> MoveRecord:
    pending = curator.pending_moves()
    if not pending:
        raise DataError(f"Nothing to undo: {curator.log_path} lists no move that is not undone yet.")
    if key == "last":
        return pending[0]
    hits = [r for r in pending if r.id.startswith(key)]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        done = any(r.id.startswith(key) for r in curator.history())
        raise DataError(f"No move {key!r} to undo" + (" (it was undone already)" if done else "")
                        + f". `dtf curate {curator.root}` lists the moves that can be undone.")
    raise DataError(f"{key!r} matches {len(hits)} moves; give more of the id.")


def run(args: argparse.Namespace) -> int:
    curator = Curator(args.root)
    if args.move:
        file, label = args.move
        done = [curator.move_to_class(file, label)]
    elif args.quarantine:
        done = [curator.quarantine(args.quarantine, reason=args.reason)]
    elif args.undo:
        done = [curator.undo(_find(curator, args.undo))]
    elif args.history:
        _print(curator.history(), args.json)
        return 0
    else:
        pending = curator.pending_moves()
        if not pending and not args.json:
            print(f"No moves to undo in {curator.log_path}.", file=sys.stderr)
        _print(pending, args.json)
        return 0
    _print(done, args.json)
    if not args.json:
        print("Rescan before training: dtf scan " + str(curator.root), file=sys.stderr)
    return 0
