"""A Qt list model over one split of the PipelineDocument held by AppState.

The model never stores steps: it reads ``state.document`` and turns edits (checkbox, drops) into
AppState calls, which are undoable. On ``document_changed`` it resets (napari's list model re-syncs
the same way after a ``move()`` on the Python list).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from dtf_gui.core.pipeline.registry import default_step
from dtf_gui.core.pipeline.spec import StepSpec
from dtf_gui.qt.models.palette_model import TRANSFORM_MIME, decode_transform
from dtf_gui.qt.state import AppState

STEP_MIME = "application/x-dtf-step"
STEP_ROLE = Qt.ItemDataRole.UserRole + 10


def short_params(params: dict[str, Any], limit: int = 48) -> str:
    """``size=[224, 224], antialias=True`` cut to ``limit`` characters, for the list row."""
    text = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in params.items())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class PipelineListModel(QAbstractListModel):
    """Rows = steps of ``state.document.<split>``; the check box is the step's ``enabled`` flag."""

    def __init__(self, state: AppState, split: str, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        self.split = split
        self._steps: tuple[StepSpec, ...] = tuple(state.document.get(split))
        state.document_changed.connect(self._on_state_document_changed)

    def _on_state_document_changed(self, doc: Any) -> None:
        steps = tuple(doc.get(self.split))
        if steps == self._steps:
            return
        self.beginResetModel()
        self._steps = steps
        self.endResetModel()

    # -- reading ---------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self._steps)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._steps):
            return None
        step = self._steps[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            params = short_params(dict(step.params))
            return f"{index.row() + 1}. {step.name}" + (f"   ({params})" if params else "")
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if step.enabled else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole:
            return json.dumps(step.to_json(), indent=1, ensure_ascii=False)
        if role == Qt.ItemDataRole.ForegroundRole and not step.enabled:
            return QColor("#9aa0a6")
        if role == STEP_ROLE:
            return step
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsDragEnabled)

    # -- editing through AppState --------------------------------------------------------------------
    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        self.state.set_step_enabled(self.split, index.row(), bool(checked))
        return True

    # -- drag and drop -------------------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [STEP_MIME, TRANSFORM_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            row = rows[0]
            payload = {"split": self.split, "index": row, "step": self._steps[row].to_json()}
            mime.setData(STEP_MIME, json.dumps(payload).encode("utf-8"))
        return mime

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                        parent: QModelIndex | QPersistentModelIndex) -> bool:
        return data.hasFormat(STEP_MIME) or data.hasFormat(TRANSFORM_MIME)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                     parent: QModelIndex | QPersistentModelIndex) -> bool:
        """Turn a drop into one AppState edit.

        A palette transform is inserted with its defaults; a step from this list is moved (a move in the
        PipelineSpec, so the view never removes rows itself); a step from the other split is copied.
        """
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._steps)
        name = decode_transform(data)
        if name is not None:
            self.state.insert_step(self.split, row, default_step(name))
            return True
        if data.hasFormat(STEP_MIME):
            payload = json.loads(bytes(data.data(STEP_MIME).data()).decode("utf-8"))
            if payload["split"] == self.split:
                src = int(payload["index"])
                dst = row - 1 if row > src else row  # dropping below itself shifts by the removed row
                self.state.move_step(self.split, src, dst)
            else:
                self.state.insert_step(self.split, row, StepSpec.from_json(payload["step"]))
            return True
        return False
