"""`dtf` command line: the same core as the GUI, for servers, scripts and torchrun.

Each sub-command lives in its own module ``dtf_gui.cli.cmd_<name>`` exposing
``register(subparsers) -> None``; the parser it adds sets ``func=run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from dtf_gui import __version__
from dtf_gui.core.errors import DtfError

# Sub-command modules, in the order `dtf --help` lists them.
COMMANDS = ("demo_data", "scan", "inspect", "config", "train", "eval", "curate", "predict", "export")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dtf",
        description="dtf_gui on the command line: scan data, inspect pipelines, train, evaluate, export.",
    )
    parser.add_argument("--version", action="version", version=f"dtf_gui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"dtf_gui.cli.cmd_{name}")
        except ModuleNotFoundError as e:
            if e.name == f"dtf_gui.cli.cmd_{name}":
                continue  # not built yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except DtfError as e:
        print(f"dtf {args.command}: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"dtf {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
