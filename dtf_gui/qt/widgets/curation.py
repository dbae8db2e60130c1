"""The two curation steps the Data tab's findings and the mistakes gallery share: move a file (to a class or
to quarantine) and undo a move, each telling the status bar what went wrong or what was renamed.

One place, so the two views cannot drift apart in what they report; the moves themselves are the core's
:class:`~dtf_gui.core.data.curate.Curator` (journalled, never overwriting).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from dtf_gui.core.errors import DtfError

T = TypeVar("T")


def _tr(text: str) -> str:
    return QCoreApplication.translate("Curation", text)


def try_move(state: Any, path: str, move: Callable[[], T]) -> T | None:
    """``move()``'s record, or None after reporting why the file at ``path`` was not moved."""
    try:
        return move()
    except DtfError as e:
        state.report_error(str(e))
    except OSError as e:
        state.report_error(_tr("Could not move {0}: {1}").format(path, e))
    return None


def undo_move(state: Any, curator: Any, record: Any) -> bool:
    """Undo one journalled move; False (reported) when it cannot be undone. Says so when the file came back
    under a new name because its old one is taken now."""
    try:
        back = curator.undo(record)
    except DtfError as e:
        state.report_error(str(e))
        return False
    if back.renamed:
        state.post_message(_tr("{0} was put back as {1}: its old name is taken now.").format(
            Path(record.src).name, Path(back.dst).name))
    return True


class DoneMove(QUndoCommand):
    """A curation move already made when pushed (so the first ``redo`` does nothing); ``redo`` after an undo
    makes it again (``again() -> the new journal record``, or None when it could not), ``undo`` gives the
    current record to ``back``. The Suspects view and the mistakes gallery push it."""

    def __init__(self, text: str, record: Any, again: Callable[[], Any], back: Callable[[Any], Any]) -> None:
        super().__init__(text)
        self.record = record
        self._again = again
        self._back = back
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        rec = self._again()
        if rec is not None:
            self.record = rec

    def undo(self) -> None:
        self._back(self.record)
