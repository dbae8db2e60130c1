"""The Runs tab's Qt models: a table over the core's :class:`RunSummary` list, and a proxy that sorts by the
values (not their text) and filters by a search text and a status.

Tags and Note are edited in place; an edit is written to the run's meta.json at once (a small atomic write)
and the row then shows what was written.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from dtf_gui.core.errors import DtfError
from dtf_gui.core.experiments.index import RunSummary, duration_text, parse_tags, set_run_meta
from dtf_gui.core.messages import msg
from dtf_gui.qt import i18n

# the columns, in order
COLUMNS = ("name", "created", "status", "arch", "dataset", "size", "epochs", "best", "duration", "tags", "note")
COL = {name: i for i, name in enumerate(COLUMNS)}
EDITABLE = ("tags", "note")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the raw value a column sorts by
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2  # the RunSummary of the row
_STATUS_COLOURS = {"running": "#1f77b4", "interrupted": "#d62728", "damaged": "#d62728", "failed": "#d62728",
                   "stopped": "#ff7f0e"}
AnyIndex = QModelIndex | QPersistentModelIndex


class RunsTableModel(QAbstractTableModel):
    """One row per run; see the module docstring."""

    meta_failed = Signal(object)  # the error (a DtfError or OSError) of a tags/note edit that was not written

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._runs: list[RunSummary] = []

    # -- contents ------------------------------------------------------------------------------------------
    def set_runs(self, runs: list[RunSummary]) -> None:
        self.beginResetModel()
        self._runs = list(runs)
        self.endResetModel()

    def runs(self) -> list[RunSummary]:
        return list(self._runs)

    def summary(self, row: int) -> RunSummary:
        return self._runs[row]

    def row_of(self, path: str | Path) -> int:
        """The row of the run at ``path`` (-1 when it is not listed)."""
        return next((i for i, r in enumerate(self._runs) if r.path == Path(path)), -1)

    def retranslate(self) -> None:
        """The headers and the status words follow the language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self._runs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._runs) - 1, len(COLUMNS) - 1))

    def headers(self) -> list[str]:
        return [self.tr("Name"), self.tr("Created"), self.tr("Status"), self.tr("Architecture"),
                self.tr("Dataset"), self.tr("Image size"), self.tr("Epochs"), self.tr("Best val acc"),
                self.tr("Duration"), self.tr("Tags"), self.tr("Note")]

    # -- QAbstractTableModel --------------------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._runs)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt API
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and COLUMNS[index.column()] in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._runs[index.row()]
        col = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.EditRole:
            return ", ".join(r.tags) if col == "tags" else r.note if col == "note" else self._display(r, col)
        if role == SORT_ROLE:
            return self._sort_value(r, col)
        if role == SUMMARY_ROLE:
            return r
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == "status" and r.problem is not None:
                return i18n.text(r.problem)
            if col == "dataset":
                return r.data_root
            if col == "name":
                return str(r.path)
            if col in EDITABLE:
                return self.tr("Double-click to edit")
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == "status" and r.status in _STATUS_COLOURS:
            return QBrush(QColor(_STATUS_COLOURS[r.status]))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in ("size", "epochs", "best", "duration"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or COLUMNS[index.column()] not in EDITABLE:
            return False
        r = self._runs[index.row()]
        text = str(value or "")
        try:
            if COLUMNS[index.column()] == "tags":
                meta = set_run_meta(r.path, tags=parse_tags(text))
            else:
                meta = set_run_meta(r.path, note=text.strip())
        except (DtfError, OSError) as e:
            self.meta_failed.emit(e)
            return False
        self._runs[index.row()] = dataclasses.replace(r, tags=meta.tags, note=meta.note)
        self.dataChanged.emit(index, index)
        return True

    # -- cells -------------------------------------------------------------------------------------------
    def _display(self, r: RunSummary, col: str) -> str:
        if col == "name":
            return r.name
        if col == "created":
            return r.created.replace("T", " ")
        if col == "status":
            return i18n.text(msg(f"experiments.status.{r.status}"))
        if col == "arch":
            return r.arch
        if col == "dataset":
            return Path(r.data_root).name if r.data_root else ""
        if col == "size":
            return str(r.image_size) if r.image_size else ""
        if col == "epochs":
            if r.status == "damaged" and not r.epochs_done:
                return ""
            return f"{r.epochs_done}/{r.epochs_planned}" if r.epochs_planned else str(r.epochs_done)
        if col == "best":
            return f"{100 * r.best_val_acc:.1f}%" if r.best_val_acc is not None else ""
        if col == "duration":
            return duration_text(r.duration_s, unknown="")
        if col == "tags":
            return ", ".join(r.tags)
        return r.note.replace("\n", " ")

    @staticmethod
    def _sort_value(r: RunSummary, col: str) -> Any:
        numbers = {"size": r.image_size, "epochs": r.epochs_done, "best": r.best_val_acc,
                   "duration": r.duration_s}
        if col in numbers:
            value = numbers[col]
            return -1.0 if value is None else float(value)  # an empty cell sorts below every value
        if col == "created":
            return r.created
        if col == "status":
            return r.status
        if col == "dataset":
            return Path(r.data_root).name.lower() if r.data_root else ""
        if col == "tags":
            return ", ".join(r.tags).lower()
        return (r.name if col == "name" else r.arch if col == "arch" else r.note).lower()


class RunsFilterProxy(QSortFilterProxyModel):
    """Sorts by :data:`SORT_ROLE`; shows the runs whose name, architecture, dataset, tags or note contain every
    word of the search text (any case), with the chosen status ("" = all)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._words: list[str] = []
        self._status = ""

    def set_search(self, text: str) -> None:
        self._change_filter(lambda: setattr(self, "_words", text.casefold().split()))

    def set_status(self, status: str) -> None:
        self._change_filter(lambda: setattr(self, "_status", status or ""))

    def _change_filter(self, change: Any) -> None:
        """Qt 6.10 asks for begin/endFilterChange around the change (invalidateFilter is deprecated there)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange()
        else:  # pragma: no cover - Qt before 6.10
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802 - Qt API
        model = self.sourceModel()
        if not isinstance(model, RunsTableModel):
            return True
        r = model.summary(source_row)
        if self._status and r.status != self._status:
            return False
        if not self._words:
            return True
        haystack = " ".join((r.name, r.arch, r.data_root, " ".join(r.tags), r.note)).casefold()
        return all(w in haystack for w in self._words)
