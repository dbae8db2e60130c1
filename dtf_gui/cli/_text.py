"""Small helpers for the command line's own text: catalogue lookups and terminal column widths."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable
from typing import Any

from dtf_gui.core.messages import msg, render


def t(code: str, **params: Any) -> str:
    """The catalogue's text for ``code`` in the CLI's language (``--lang`` or the locale)."""
    return render(msg(code, **params))


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def ljust(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def rjust(text: str, columns: int) -> str:
    return " " * max(0, columns - width(text)) + text


def eval_progress(quiet: bool) -> Callable[[int, int], None]:
    """A throttled ``evaluating done/total`` line on stderr (``dtf eval``, ``dtf calibrate``); silent when quiet."""
    from dtf_gui.core.cancel import Throttle

    throttle = Throttle(0.1)

    def report(done: int, total: int) -> None:
        if quiet or not throttle.ready(final=done >= total):
            return
        print(f"\revaluating {done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    return report
