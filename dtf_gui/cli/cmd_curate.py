"""`dtf curate ROOT [--move FILE CLASS | --quarantine FILE | --undo ID|last | --history] [--json]`.

The command-line side of the app's curation (the Evaluate view's mistakes gallery): move a mislabelled image
to its class, or out of the dataset into ``ROOT.quarantine/``, and undo any of it later. It is the same
:class:`~dtf_gui.core.data.curate.Curator` with the same journal (``ROOT.curation.jsonl``), so a move made
in the app can be undone here and the other way round; nothing is deleted or overwritten.

Without an action it lists the moves that can still be undone, newest first.

Output: text lines show file and class names through :func:`~dtf_gui.core.fileio.display_name` (terminal
escape codes and bytes that are not UTF-8 appear as ``\\x1b``, ``\\xe9``). ``--json`` prints one JSON object
per line, always valid UTF-8: a name that is not valid UTF-8 appears readably in its field (each undecodable
byte as U+FFFD) and exactly, as base64 of its bytes, in ``<field>_b64`` (``src_b64``, ``dst_b64``,
``created_dirs_b64``...; see :meth:`~dtf_gui.core.data.curate.MoveRecord.to_json`). Piped into ``head``, the
command stops quietly when the reader has had enough.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from dtf_gui.core.data.curate import Curator, Journal, MoveRecord
from dtf_gui.core.errors import DataError
from dtf_gui.core.fileio import display_name
from dtf_gui.core.messages import msg, render


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
                     help="move FILE into the folder of CLASS in its split (created when missing); a file in a "
                          "sub-folder of its class keeps that sub-folder")
    act.add_argument("--quarantine", metavar="FILE", help="move FILE out of the dataset into ROOT.quarantine/")
    act.add_argument("--undo", metavar="ID", help="put a move back: its id (or a unique prefix), or 'last'")
    act.add_argument("--history", action="store_true", help="every move and undo of the journal, oldest first")
    p.add_argument("--reason", default="", help="why (kept in the journal with a quarantine)")
    p.add_argument("--json", action="store_true",
                   help="print records as JSON lines (names that are not UTF-8 also as base64: <field>_b64)")
    p.set_defaults(func=run)


def _line(r: MoveRecord) -> str:
    frm, to = display_name(r.label_from or "-"), display_name(r.label_to or "-")
    what = (f"{frm} -> {to}" if r.kind == "class" else
            f"{frm} -> quarantine" if r.op == "move" else f"quarantine -> {to}")
    note = " (renamed: the name was taken)" if r.renamed else ""
    return (f"{display_name(r.id[:8])}  {display_name(r.time[:19].replace('T', ' '))}  {display_name(r.op):<4}  "
            f"{what:<24}  {display_name(r.src)} -> {display_name(r.dst)}{note}")


def _print(records: list[MoveRecord], as_json: bool) -> None:
    for r in records:
        print(json.dumps(r.to_json(), ensure_ascii=False) if as_json else _line(r))


def _journal(curator: Curator) -> Journal:
    """The journal, with a warning on stderr naming the lines that could not be read."""
    journal = curator.read_journal()
    if journal.broken_lines:
        print(render(msg("curate.journal_broken_lines", path=display_name(curator.log_path),
                         lines=", ".join(map(str, journal.broken_lines)))), file=sys.stderr)
    return journal


def _find(curator: Curator, key: str) -> MoveRecord:
    journal = _journal(curator)
    pending = curator.pending_moves(journal)
    if not pending:
        raise DataError(msg("curate.nothing_to_undo", path=display_name(curator.log_path)))
    if key == "last":
        return pending[0]
    hits = [r for r in pending if r.id.startswith(key)]
    if len(hits) == 1:
        return hits[0]
    root = display_name(curator.root)
    if not hits:
        done = any(r.id.startswith(key) for r in journal.records)
        raise DataError(msg("curate.move_already_undone" if done else "curate.no_such_move",
                            key=display_name(key), root=root))
    raise DataError(msg("curate.ambiguous_id", key=display_name(key), n=len(hits)))


def run(args: argparse.Namespace) -> int:
    try:
        code = _run(args)
        sys.stdout.flush()  # here, so that a closed pipe is noticed while we can still handle it
        return code
    except BrokenPipeError:
        # The reader stopped (`| head -1`): stop quietly, as Unix tools do. Point stdout at /dev/null so the
        # interpreter's own flush at exit finds nothing to complain about.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 0


def _run(args: argparse.Namespace) -> int:
    curator = Curator(args.root)
    if args.move:
        file, label = args.move
        done = [curator.move_to_class(file, label)]
    elif args.quarantine:
        done = [curator.quarantine(args.quarantine, reason=args.reason)]
    elif args.undo:
        done = [curator.undo(_find(curator, args.undo))]
    elif args.history:
        _print(_journal(curator).records, args.json)
        return 0
    else:
        pending = curator.pending_moves(_journal(curator))
        if not pending and not args.json:
            print(render(msg("curate.no_moves", path=display_name(curator.log_path))), file=sys.stderr)
        _print(pending, args.json)
        return 0
    _print(done, args.json)
    if not args.json:
        print(render(msg("curate.rescan_hint", root=display_name(curator.root))), file=sys.stderr)
    return 0
