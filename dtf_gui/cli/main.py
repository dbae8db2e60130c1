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
from dtf_gui.core.messages import language_from_environment, msg, render, set_language

# Sub-command modules, in the order `dtf --help` lists them.
COMMANDS = ("demo_data", "scan", "stats", "inspect", "config", "train", "lr_find", "search", "runs", "compare",
            "ensemble", "eval", "calibrate", "curate", "label_issues", "predict", "export")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dtf",
        description="dtf_gui on the command line: scan data, inspect pipelines, train, evaluate, export.",
    )
    parser.add_argument("--version", action="version", version=f"dtf_gui {__version__}")
    parser.add_argument("--lang", choices=("en", "zh_CN"), default=None,
                        help="language of messages (default: from the locale, e.g. LANG=zh_CN.UTF-8)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"dtf_gui.cli.cmd_{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    set_language(args.lang or language_from_environment())
    try:
        return int(args.func(args) or 0)
    except DtfError as e:
        print(render(msg("common.error_prefix", command=args.command, error=e.render())), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(render(msg("common.interrupted", command=args.command)), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
