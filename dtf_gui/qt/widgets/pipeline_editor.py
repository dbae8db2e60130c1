"""The Pipeline panel: palette, train/val pipelines, the batch stage, parameter form, per-step preview, checks
and code.

Drag a transform from the palette into a pipeline, drag steps to reorder them (or into the other
split to copy them), Delete removes, the check box disables a step. MixUp/CutMix go into the third list, the
batch stage (:mod:`.batch_stage`); AppState refuses them elsewhere, and per-image steps there. Every edit is an
AppState call, so Ctrl+Z undoes it; the lists only mirror ``state.document``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListView,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.pipeline.registry import default_step, insertion_index, is_batch_step
from dtf_gui.core.pipeline.spec import BATCH
from dtf_gui.qt import i18n
from dtf_gui.qt.models.palette_model import NAME_ROLE, PaletteFilter, PaletteModel
from dtf_gui.qt.models.pipeline_model import PipelineListModel
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.batch_stage import BatchStageBox
from dtf_gui.qt.widgets.code_view import CodeView
from dtf_gui.qt.widgets.layout import vbox
from dtf_gui.qt.widgets.lint_panel import LintPanel
from dtf_gui.qt.widgets.param_form import ParamForm
from dtf_gui.qt.widgets.preview_strip import PreviewStrip
from dtf_gui.qt.widgets.size_notice import SizeNotice
from dtf_gui.qt.workers.preview_worker import PreviewService


class PaletteView(QTreeView):
    """The registry's transforms by category; drag (``PaletteModel.mimeData`` names the transform), or
    double-click / Enter to add the current transform (``transform_activated``)."""

    transform_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformRowHeights(True)
        self.setAnimated(True)
        self.doubleClicked.connect(self._activate)

    def _activate(self, index: QModelIndex) -> None:
        name = index.data(NAME_ROLE) if index.isValid() else None
        if name:
            self.transform_activated.emit(name)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().data(NAME_ROLE):
            self._activate(self.currentIndex())
            event.accept()
            return
        super().keyPressEvent(event)


class PipelineListView(QListView):
    """One split's steps. Drops are decoded here and turned into one AppState edit through the model.

    The view computes the drop row itself (above/below the half of the row under the cursor) and
    reports a copy back to the drag source, so Qt never removes rows on its own: the document is the
    only thing that changes, and the model re-syncs from it.
    """

    def __init__(self, state: AppState, split: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.split = split
        self.setObjectName(f"pipeline_{split}")
        self.pipeline_model = PipelineListModel(state, split, self)
        self.setModel(self.pipeline_model)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSpacing(1)
        self.selectionModel().currentChanged.connect(self._on_current_changed)
        self.pipeline_model.modelReset.connect(self._sync_selection)
        state.current_step_changed.connect(self._sync_selection)

    # -- selection mirrors AppState.current_step ------------------------------------------------------
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.state.set_preview_split(self.split)
            self.state.set_current_step(self.split, current.row())

    def _sync_selection(self, *_: Any) -> None:
        split, index = self.state.current_step
        sel = self.selectionModel()
        with QSignalBlocker(sel):
            if split == self.split and 0 <= index < self.pipeline_model.rowCount():
                idx = self.pipeline_model.index(index, 0)
                sel.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            else:
                sel.clearSelection()
        self.viewport().update()

    def focusInEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        self.state.set_preview_split(self.split)
        super().focusInEvent(event)

    # -- keyboard --------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            row = self.currentIndex().row()
            if 0 <= row < self.pipeline_model.rowCount():
                self.state.remove_step(self.split, row)
                event.accept()
                return
        super().keyPressEvent(event)

    # -- drag and drop ---------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if any(event.mimeData().hasFormat(t) for t in self.pipeline_model.mimeTypes()):
            event.setDropAction(Qt.DropAction.CopyAction if event.source() is not self
                                else Qt.DropAction.MoveAction)
            event.accept()
            super().dragEnterEvent(event)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        super().dragMoveEvent(event)  # paints the drop indicator
        if any(event.mimeData().hasFormat(t) for t in self.pipeline_model.mimeTypes()):
            event.accept()

    def drop_row(self, pos: Any) -> int:
        """Row a drop at ``pos`` (viewport coordinates) inserts before."""
        index = self.indexAt(pos)
        if not index.isValid():
            return self.pipeline_model.rowCount()
        rect = self.visualRect(index)
        return index.row() + (1 if pos.y() > rect.center().y() else 0)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        mime = event.mimeData()
        if not any(mime.hasFormat(t) for t in self.pipeline_model.mimeTypes()):
            event.ignore()
            return
        row = self.drop_row(event.position().toPoint())
        try:
            ok = self.pipeline_model.dropMimeData(mime, event.dropAction(), row, 0, QModelIndex())
        except Exception as e:  # an unknown transform name or a bad payload: say so, keep going
            self.state.report_error(str(e))
            ok = False
        if ok:
            # We moved it in the document already; a "copy" tells the source view not to remove rows.
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.setFocus()
            self.state.set_preview_split(self.split)  # preview what was just edited
        else:
            event.ignore()
        self.stopAutoScroll()
        self.setState(QAbstractItemView.State.NoState)
        self.viewport().update()


class PipelineEditor(i18n.Retranslatable, QWidget):
    """The whole Pipeline panel; owns the preview service (call :meth:`shutdown` before closing)."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.preview_service = PreviewService(state, self)

        # palette
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.palette_model = PaletteModel(self)
        self.palette_filter = PaletteFilter(self)
        self.palette_filter.setSourceModel(self.palette_model)
        self.palette = PaletteView()
        self.palette.setModel(self.palette_filter)
        self.palette.expandAll()
        self.palette.transform_activated.connect(self._on_palette_transform_activated)
        self.search.textChanged.connect(self._on_search_changed)
        self.palette_title = QLabel()
        self.palette_title.setObjectName("sectionTitle")
        palette_box = vbox(self.palette_title, self.search, self.palette)

        # pipelines
        self.train_view = PipelineListView(state, "train")
        self.val_view = PipelineListView(state, "val")
        self.batch_view = PipelineListView(state, BATCH)
        self.batch_box = BatchStageBox(self.batch_view)
        self.views = {"train": self.train_view, "val": self.val_view, BATCH: self.batch_view}
        self.train_title = QLabel()
        self.val_title = QLabel()
        for t in (self.train_title, self.val_title):
            t.setObjectName("sectionTitle")
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        self.size_notice = SizeNotice(state)
        pipelines_box = vbox(self.size_notice, self.train_title, self.train_view, self.val_title, self.val_view,
                             self.batch_box, self.hint)

        # parameters; the checks sit beside the preview (below), where a small window still has room for them
        self.form = ParamForm(state)
        self.lint_panel = LintPanel(state, self.preview_service)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(palette_box)
        top.addWidget(pipelines_box)
        top.addWidget(self.form)
        top.setStretchFactor(0, 2)
        top.setStretchFactor(1, 3)
        top.setStretchFactor(2, 3)
        top.setSizes([220, 330, 360])

        # preview and code
        self.preview = PreviewStrip(state, self.preview_service)
        self.code_view = CodeView(state)
        self.bottom = QTabWidget()
        self.bottom.addTab(self.preview, "")
        self.bottom.addTab(self.code_view, "")
        self.bottom_splitter = QSplitter(Qt.Orientation.Horizontal)  # preview | checks, moved by the user
        self.bottom_splitter.addWidget(self.bottom)
        self.bottom_splitter.addWidget(self.lint_panel)
        self.bottom_splitter.setStretchFactor(0, 3)
        self.bottom_splitter.setStretchFactor(1, 1)
        self.bottom_splitter.setSizes([700, 320])
        self.bottom_splitter.setChildrenCollapsible(False)

        outer = QSplitter(Qt.Orientation.Vertical)
        outer.addWidget(top)
        outer.addWidget(self.bottom_splitter)
        outer.setStretchFactor(0, 1)
        outer.setStretchFactor(1, 1)
        outer.setSizes([330, 350])
        self.splitter = outer
        self.top_splitter = top
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(outer)
        self.retranslate()
        self.preview_service.schedule()

    def retranslate(self) -> None:
        self.palette_title.setText(self.tr("Transforms"))
        self.search.setPlaceholderText(self.tr("Search transforms…"))
        self.train_title.setText(self.tr("Train pipeline"))
        self.val_title.setText(self.tr("Validation pipeline"))
        self.hint.setText(self.tr("Drag transforms here; drag steps to reorder; Delete removes; "
                                  "the check box turns a step off."))
        self.bottom.setTabText(0, self.tr("Preview"))
        self.bottom.setTabText(1, self.tr("Code"))
        self.palette_model.rebuild()
        self.palette.expandAll()

    def _on_search_changed(self, text: str) -> None:
        self.palette_filter.setFilterFixedString(text)
        self.palette.expandAll()

    def _on_palette_transform_activated(self, name: str) -> None:
        """Add ``name`` to the split being previewed where it belongs: colour and geometry steps before the
        conversion tail (after Normalize they would clamp normalised values), conversions at the end; a batch step
        to the end of the batch stage, a per-image step picked while the batch stage is previewed to train."""
        split = self.state.preview_split
        if is_batch_step(name):
            split = BATCH
        elif split == BATCH:
            split = "train"
        steps = self.state.document.get(split).steps
        self.state.insert_step(split, insertion_index(steps, name), default_step(name))
        self.state.set_preview_split(split)

    def splitter_states(self) -> dict[str, QByteArray]:
        """The user's splitter positions (kept in the UI settings by the main window)."""
        return {"outer": self.splitter.saveState(), "top": self.top_splitter.saveState(),
                "bottom": self.bottom_splitter.saveState()}

    def restore_splitter_states(self, states: dict[str, Any]) -> None:
        splitters = {"outer": self.splitter, "top": self.top_splitter, "bottom": self.bottom_splitter}
        for name, data in states.items():
            if name in splitters and isinstance(data, QByteArray) and not data.isEmpty():
                splitters[name].restoreState(data)

    def shutdown(self) -> None:
        self.preview_service.shutdown()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        self.shutdown()
        super().closeEvent(event)
