"""Mistakes gallery: the images behind a confusion-matrix cell, or the top losses of a split, and curation.

Each tile shows the image, its true label, the predicted label and that prediction's probability;
tiles sort by loss or confidence. Double-click opens the image large with its per-step trace through the
model's val pipeline (the Pipeline view's step cards). The context menu moves an image to another class
folder or to the quarantine folder next to the dataset (:mod:`dtf_gui.core.data.curate`: never delete,
never overwrite, logged); every move is a ``QUndoCommand`` on the gallery's own undo stack (curation must
survive opening another pipeline, which clears the pipeline's stack), and each move or undo rescans the
dataset so the Data view and AppState's scan report follow. "Show what the model looks at" turns the tiles and
the large view into Grad-CAM overlays of the predicted class (:mod:`dtf_gui.qt.widgets.cam_overlay`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QIcon, QKeySequence, QPixmap, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.errors import DtfError
from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.cam_overlay import (
    CamOverlays,
    cam_caption,
    computing_caption,
    make_cam_toggle,
    overlay_pixmap,
    retranslate_cam_toggle,
)
from dtf_gui.qt.widgets.curation import try_move, undo_move
from dtf_gui.qt.widgets.preview_strip import StepCard, pixmap_from_array, pixmap_from_file
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import scan_job
from dtf_gui.qt.workers.thumbnail_worker import ThumbnailLoader

TILE_PX = 112
TOP_LOSSES = 64
PATH_ROLE = Qt.ItemDataRole.UserRole + 40
SORTS = ("loss", "confidence_high", "confidence_low")


@dataclass
class GalleryItem:
    """One evaluated image as a tile shows it; ``moved_to`` is set after a curation move."""

    index: int  # row in the EvalResult
    path: str
    true_label: str
    pred_label: str
    prob: float  # probability of the predicted class
    true_prob: float
    loss: float
    moved_to: str | None = None  # "quarantine" or a class name


@dataclass
class ImagesSource:
    """Stands in for the evaluation when the gallery shows images no evaluation chose (:meth:`MistakesGallery.
    show_paths`): the folder curated (``request.data_root``), the move targets (``result.classes``) and the
    pipeline the large view traces."""

    data_root: str
    classes: list[str]
    pipeline: Any

    @property
    def request(self) -> ImagesSource:
        return self

    @property
    def result(self) -> ImagesSource:
        return self


def items_for(outcome: Any, true: int | None = None, pred: int | None = None) -> list[GalleryItem]:
    """Gallery items of an evaluation: one confusion cell (``true``, ``pred``) or, with both None, all."""
    r = outcome.result
    mask = np.ones(len(r.y_true), dtype=bool)
    if true is not None:
        mask &= r.y_true == true
    if pred is not None:
        mask &= r.y_pred == pred
    out = []
    for i in np.flatnonzero(mask):
        t, p = int(r.y_true[i]), int(r.y_pred[i])
        out.append(GalleryItem(int(i), str(r.paths[i]), r.classes[t], r.classes[p], float(r.probs[i, p]),
                               float(r.probs[i, t]), float(r.losses[i])))
    return out


def sort_items(items: list[GalleryItem], key: str) -> list[GalleryItem]:
    """Highest loss first, most confident first, or least confident first (ties: by path, stable)."""
    if key == "confidence_high":
        return sorted(items, key=lambda it: (-it.prob, it.path))
    if key == "confidence_low":
        return sorted(items, key=lambda it: (it.prob, it.path))
    return sorted(items, key=lambda it: (-it.loss, it.path))


class GalleryModel(QAbstractListModel):
    """Tiles over a list of :class:`GalleryItem`; thumbnails decode off-thread through ThumbnailLoader."""

    def __init__(self, loader: ThumbnailLoader, parent: Any = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.items: list[GalleryItem] = []
        self._icons: dict[str, QIcon] = {}
        placeholder = QPixmap(TILE_PX, TILE_PX)
        placeholder.fill(QColor("#e8eaed"))
        self._placeholder = QIcon(placeholder)
        self.cam: CamOverlays | None = None  # set while the tiles show Grad-CAM overlays
        self._cam_icons: dict[str, QIcon] = {}
        loader.loaded.connect(self._on_loader_loaded)

    def set_items(self, items: list[GalleryItem]) -> None:
        self.beginResetModel()
        self.loader.forget_pending()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        it = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if it.moved_to is not None:
                where = (QCoreApplication.translate("GalleryModel", "quarantine") if it.moved_to == "quarantine"
                         else it.moved_to)
                return QCoreApplication.translate("GalleryModel", "moved to {0}").format(where)
            if not it.pred_label:  # not evaluated (show_paths): its label only
                return it.true_label
            return QCoreApplication.translate("GalleryModel", "{0} → {1}\np = {2:.2f}").format(
                it.true_label, it.pred_label, it.prob)
        if role == Qt.ItemDataRole.DecorationRole:
            cam_icon = self._cam_icon(it.path)
            if cam_icon is not None:
                return cam_icon
            icon = self._icons.get(it.path)
            if icon is None:
                arr = self.loader.get(it.path)
                if arr is None:
                    return self._placeholder
                icon = self._icons[it.path] = QIcon(pixmap_from_array(arr))
            return icon
        if role == Qt.ItemDataRole.ToolTipRole:
            if not it.pred_label:
                return f"{it.path}\n{it.true_label}"
            return QCoreApplication.translate(
                "GalleryModel", "{0}\ntrue: {1} (p = {2:.3f})\npredicted: {3} (p = {4:.3f})\nloss: {5:.3f}").format(
                it.path, it.true_label, it.true_prob, it.pred_label, it.prob, it.loss)
        if role == Qt.ItemDataRole.ForegroundRole:
            if it.moved_to is not None:
                return QColor("#9aa0a6")
            if not it.pred_label:
                return None
            return QColor("#188038") if it.true_label == it.pred_label else QColor("#c5221f")
        if role == PATH_ROLE:
            return it.path
        return None

    def row_of(self, path: str) -> int:
        for i, it in enumerate(self.items):
            if it.path == path:
                return i
        return -1

    def set_moved(self, path: str, moved_to: str | None) -> None:
        row = self.row_of(path)
        if row >= 0:
            self.items[row].moved_to = moved_to
            idx = self.index(row, 0)
            self.dataChanged.emit(idx, idx)

    def set_cam(self, cam: CamOverlays | None) -> None:
        """Show the overlays ``cam`` has (None: the images again)."""
        self.cam = cam
        self._cam_icons.clear()
        if self.items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.items) - 1, 0),
                                  [Qt.ItemDataRole.DecorationRole])

    def _cam_icon(self, path: str) -> QIcon | None:
        if self.cam is None:
            return None
        icon = self._cam_icons.get(path)
        result = self.cam.result(path) if icon is None else None
        if result is not None:
            icon = self._cam_icons[path] = QIcon(overlay_pixmap(result))
        return icon

    def on_cam_ready(self, paths: list[str]) -> None:
        for path in paths:
            self._on_loader_loaded(path)

    def _on_loader_loaded(self, path: str) -> None:
        row = self.row_of(path)
        if row >= 0:
            idx = self.index(row, 0)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])


class CurationCommand(QUndoCommand):
    """One move made from the gallery. The move is done before the push; ``redo`` after an undo repeats it."""

    def __init__(self, gallery: MistakesGallery, record: Any, label: str | None, text: str) -> None:
        super().__init__(text)
        self.gallery = gallery
        self.record = record
        self.original = record.src
        self.label = label  # None = quarantine
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        rec = self.gallery._do_move(self.original, self.label)
        if rec is not None:
            self.record = rec

    def undo(self) -> None:
        self.gallery._do_undo(self.record)


class ImageDetailDialog(i18n.Retranslatable, QDialog):
    """The image large, its labels and its per-step trace through the val pipeline."""

    def __init__(self, item: GalleryItem, pipeline: Any, parent: QWidget | None = None, *,
                 cam: CamOverlays | None = None, model: tuple[str, str] | None = None, show_cam: bool = False) -> None:
        super().__init__(parent)
        self.item = item
        self.cam, self.cam_model = cam, model  # the gallery's maps, of (model path, checkpoint)
        self.setObjectName("ImageDetailDialog")
        self.resize(980, 640)
        lay = QVBoxLayout(self)
        self.caption = QLabel()
        self.caption.setObjectName("sectionTitle")
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.caption)
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumHeight(300)
        lay.addWidget(self.image, 1)
        self._plain = _fit_large(pixmap_from_file(item.path, 1024))
        self._add_cam_row(lay, show_cam)
        self.trace_title = QLabel()
        self.trace_title.setObjectName("sectionTitle")
        lay.addWidget(self.trace_title)
        self.cards: list[StepCard] = []
        self.trace_error: str | None = None
        row = QWidget()
        row_lay = QHBoxLayout(row)
        row_lay.setContentsMargins(0, 0, 0, 0)
        try:
            from dtf_gui.core.pipeline.inspect import trace

            result = trace(pipeline.val, item.path, split="val")
            infos, self.trace_error = list(result.infos), result.error
        except DtfError as e:
            infos, self.trace_error = [], str(e)
        for info in infos:
            card = StepCard()
            card.show_info(info)
            row_lay.addWidget(card)
            self.cards.append(card)
        if self.trace_error and not any(getattr(i, "error", None) for i in infos):
            card = StepCard()
            card.show_info(None, failed_error=self.trace_error)
            row_lay.addWidget(card)
            self.cards.append(card)
        row_lay.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(row)
        scroll.setMinimumHeight(250)
        lay.addWidget(scroll)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.retranslate()

    def _add_cam_row(self, lay: QVBoxLayout, show_cam: bool) -> None:
        """The Grad-CAM toggle and its note under the image (hidden without the gallery's maps)."""
        row = QHBoxLayout()
        self.cam_toggle = make_cam_toggle(self)
        self.cam_toggle.setChecked(show_cam and self.cam is not None)
        self.cam_toggle.setVisible(self.cam is not None)
        self.cam_toggle.toggled.connect(self._draw_image)
        self.cam_note = QLabel()
        self.cam_note.setObjectName("muted")
        self.cam_note.setWordWrap(True)
        row.addWidget(self.cam_toggle)
        row.addWidget(self.cam_note, 1)
        lay.addLayout(row)
        if self.cam is not None:
            self.cam.ready.connect(self._on_cam_ready)
        self._draw_image()

    def _draw_image(self, *_: Any) -> None:
        """The image, or with the toggle on its Grad-CAM overlay (asked for when not computed yet)."""
        pm, note = self._plain, ""
        if self.cam is not None and self.cam_toggle.isChecked():
            result, error = self.cam.result(self.item.path), self.cam.error(self.item.path)
            if result is not None:
                pm, note = _fit_large(overlay_pixmap(result)), cam_caption(result)
            elif error is not None:
                note = i18n.text(error)
            elif self.cam_model is not None:
                self.cam.set_model(*self.cam_model)
                self.cam.request([self.item.path], front=True)
                note = computing_caption()
        if pm.isNull():
            self.image.clear()
        else:
            self.image.setPixmap(pm)
        self.cam_note.setText(note)

    def _on_cam_ready(self, paths: list[str]) -> None:
        if self.item.path in paths and self.cam_toggle.isChecked():
            self._draw_image()

    def retranslate(self) -> None:
        it = self.item
        retranslate_cam_toggle(self.cam_toggle)
        self._draw_image()
        self.setWindowTitle(Path(it.path).name)
        if not it.pred_label:  # not evaluated (the map's selection without a run)
            self.caption.setText(f"{Path(it.path).name}: {it.true_label}")
        else:
            self.caption.setText(self.tr("{0}: true {1} · predicted {2} (p = {3:.3f}) · loss {4:.3f}").format(
                Path(it.path).name, it.true_label, it.pred_label, it.prob, it.loss))
        self.trace_title.setText(self.tr("What the model saw: the val pipeline, step by step"))


def _fit_large(pm: QPixmap) -> QPixmap:
    """How the large view shows an image: small ones scaled up without smoothing (pixels visible), big ones down."""
    if pm.isNull():
        return pm
    if max(pm.width(), pm.height()) < 320:
        return pm.scaled(384, 384, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)
    if max(pm.width(), pm.height()) > 512:
        return pm.scaled(512, 512, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
    return pm


class MistakesGallery(i18n.Retranslatable, QWidget):
    """Tiles of one confusion cell or of the top losses, with curation (move / quarantine / undo).

    ``show_cell(outcome, true, pred)`` and ``show_top_losses(outcome)`` fill it; ``files_moved(paths)`` is
    emitted after each move or undo (the dataset changed on disk).
    """

    files_moved = Signal(object)  # list[str] of paths that changed
    rescanned = Signal(object)  # ScanReport set on AppState after a move

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.outcome: Any = None
        self.cell: tuple[int | None, int | None] = (None, None)
        self.showing_paths = False  # show_paths: any images, not an evaluation's
        self.empty_title: Any = None  # () -> str: the title while empty, for a gallery not fed by an evaluation
        self.undo_stack = QUndoStack(self)
        self._curator: Any = None
        # a rescan after a newer move replaces one still running (whose report is already out of date)
        self._rescan_job = JobRunner(self, name="RescanThread", latest_wins=True)
        self._rescan_job.returned.connect(self._on_rescan_returned)
        self._rescan_job.errored.connect(self.state.report_error)
        self.loader = ThumbnailLoader(self, size=TILE_PX)
        self.model = GalleryModel(self.loader, self)
        self.cam = CamOverlays(self, name="GalleryCamThread")
        self.cam.ready.connect(self.model.on_cam_ready)
        self.cam.failed.connect(self.state.post_message)
        self.model.modelReset.connect(self._request_cams)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.sort_label = QLabel()
        self.sort_combo = QComboBox()
        self.sort_combo.currentIndexChanged.connect(self._on_sort_changed)
        self.top_button = QToolButton()
        self.top_button.clicked.connect(lambda: self.show_top_losses())
        self.cam_toggle = make_cam_toggle(self)
        self.cam_toggle.toggled.connect(self._on_cam_toggled)
        self.act_undo = self.undo_stack.createUndoAction(self)
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_undo.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_redo = self.undo_stack.createRedoAction(self)
        self.act_redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.act_redo.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.act_undo)
        self.addAction(self.act_redo)
        self.undo_button = QToolButton()
        self.undo_button.setDefaultAction(self.act_undo)
        self.redo_button = QToolButton()
        self.redo_button.setDefaultAction(self.act_redo)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.top_button)
        bar.addWidget(self.cam_toggle)
        bar.addWidget(self.sort_label)
        bar.addWidget(self.sort_combo)
        bar.addWidget(self.undo_button)
        bar.addWidget(self.redo_button)
        lay.addLayout(bar)
        self.view = QListView()
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setIconSize(QSize(TILE_PX, TILE_PX))
        self.view.setGridSize(QSize(TILE_PX + 28, TILE_PX + 48))
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setModel(self.model)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_context_menu)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        lay.addWidget(self.view, 1)
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        lay.addWidget(self.hint)
        self._rescan_timer = QTimer(self)
        self._rescan_timer.setSingleShot(True)
        self._rescan_timer.setInterval(250)
        self._rescan_timer.timeout.connect(self._start_rescan)
        self.retranslate()

    # -- labels ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        current = max(0, self.sort_combo.currentIndex())
        self.sort_combo.blockSignals(True)
        self.sort_combo.clear()
        self.sort_combo.addItems([self.tr("Highest loss first"), self.tr("Most confident first"),
                                  self.tr("Least confident first")])
        self.sort_combo.setCurrentIndex(current)
        self.sort_combo.blockSignals(False)
        self.sort_label.setText(self.tr("Sort:"))
        self.top_button.setText(self.tr("Top losses"))
        self.top_button.setToolTip(self.tr("The images of the whole split with the highest loss"))
        self.act_undo.setText(self.tr("Undo move"))
        self.act_redo.setText(self.tr("Redo move"))
        retranslate_cam_toggle(self.cam_toggle)
        self.hint.setText(self.tr("Double-click an image to see it large with its pipeline trace. Right-click "
                                  "to move it to another class or to the quarantine folder next to the "
                                  "dataset; nothing is deleted and every move can be undone."))
        self._update_title()

    def _update_title(self) -> None:
        if self.outcome is None:
            self.title.setText(self.empty_title() if self.empty_title is not None
                               else self.tr("Click a cell of the confusion matrix to see its images."))
            return
        classes = self.outcome.result.classes
        t, p = self.cell
        n = len(self.model.items)
        if self.showing_paths:
            self.title.setText(self.tr("Selected: {0} images").format(n))
            return
        if t is None and p is None:
            total = len(self.outcome.result.y_true)
            self.title.setText(self.tr("Top losses: {0} of {1} images").format(n, total))
        elif t == p:
            self.title.setText(self.tr("{0} predicted correctly: {1} images").format(classes[t], n))
        else:
            self.title.setText(self.tr("True {0}, predicted {1}: {2} images").format(classes[t], classes[p], n))

    # -- filling -----------------------------------------------------------------------------------------
    @property
    def sort_key(self) -> str:
        return SORTS[max(0, self.sort_combo.currentIndex())]

    def set_sort(self, key: str) -> None:
        self.sort_combo.setCurrentIndex(SORTS.index(key))

    def set_outcome(self, outcome: Any) -> None:
        """A new evaluation: the gallery empties until a cell or the top losses are asked for."""
        self.outcome = outcome
        self.cell = (None, None)
        self.showing_paths = False
        self._curator = None
        self.cam.clear()  # maps of the model as it was evaluated before are not this one's
        self.model.set_items([])
        self._update_title()

    def show_paths(self, items: list[GalleryItem], source: ImagesSource) -> None:
        """Any images (the embedding map's selection) with the same curation; ``source`` says where they are."""
        self.outcome = source
        self.cell = (None, None)
        self.showing_paths = True
        self._curator = None
        self.model.set_items(sort_items(items, self.sort_key))
        self._update_title()

    def show_cell(self, true: int, pred: int) -> None:
        """The images of confusion cell (true class ``true``, predicted ``pred``)."""
        if self.outcome is None:
            return
        self.cell = (int(true), int(pred))
        self.model.set_items(sort_items(items_for(self.outcome, true, pred), self.sort_key))
        self._update_title()

    def show_top_losses(self, limit: int = TOP_LOSSES) -> None:
        """The ``limit`` images of the whole split with the highest loss (or as sorted)."""
        if self.outcome is None:
            return
        self.cell = (None, None)
        worst = sort_items(items_for(self.outcome), "loss")[:limit]
        self.model.set_items(sort_items(worst, self.sort_key))
        self._update_title()

    def paths(self) -> list[str]:
        """Paths of the tiles, in display order."""
        return [it.path for it in self.model.items]

    def _on_sort_changed(self, _index: int) -> None:
        self.model.set_items(sort_items(self.model.items, self.sort_key))

    # -- viewing -------------------------------------------------------------------------------------------
    def open_detail(self, row: int) -> ImageDetailDialog | None:
        if not 0 <= row < len(self.model.items) or self.outcome is None:
            return None
        req = self.outcome.request
        dlg = ImageDetailDialog(self.model.items[row], self.outcome.pipeline, self, cam=self.cam,
                                model=(req.model_path, req.which), show_cam=self.cam_toggle.isChecked())
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()
        return dlg

    # -- Grad-CAM ---------------------------------------------------------------------------------------------
    def _on_cam_toggled(self, on: bool) -> None:
        self.model.set_cam(self.cam if on else None)
        self._request_cams()

    def _request_cams(self) -> None:
        """With the toggle on, compute the maps of the tiles shown (of the evaluated model's predicted class)."""
        if self.cam_toggle.isChecked() and self.outcome is not None:
            self.cam.set_model(self.outcome.request.model_path, self.outcome.request.which)
            self.cam.request([it.path for it in self.model.items])

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        self.open_detail(index.row())

    def _selected_paths(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
        return [self.model.items[r].path for r in rows if self.model.items[r].moved_to is None]

    def _on_view_context_menu(self, pos: Any) -> None:
        index = self.view.indexAt(pos)
        if index.isValid() and not self.view.selectionModel().isSelected(index):
            self.view.setCurrentIndex(index)
        paths = self._selected_paths()
        if not paths or self.outcome is None:
            return
        menu = self.context_menu(paths)
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def context_menu(self, paths: list[str]) -> QMenu:
        """Move to class ▸ / Move to quarantine / Show large, for ``paths``."""
        menu = QMenu(self)
        to_class = menu.addMenu(self.tr("Move to class"))
        current = {self._item(p).true_label for p in paths if self._item(p) is not None}
        for name in self.outcome.result.classes:
            act = QAction(name, to_class)
            act.setEnabled(current != {name})
            act.triggered.connect(lambda _=False, n=name, ps=list(paths): self.move_to_class(ps, n))
            to_class.addAction(act)
        quarantine = menu.addAction(self.tr("Move to quarantine"))
        quarantine.triggered.connect(lambda _=False, ps=list(paths): self.quarantine(ps))
        menu.addSeparator()
        show = menu.addAction(self.tr("Show large with pipeline trace"))
        show.triggered.connect(lambda _=False, p=paths[0]: self.open_detail(self.model.row_of(p)))
        copy = menu.addAction(self.tr("Copy path"))
        copy.triggered.connect(lambda _=False, ps=list(paths): QApplication.clipboard().setText("\n".join(ps)))
        return menu

    def _item(self, path: str) -> GalleryItem | None:
        row = self.model.row_of(path)
        return self.model.items[row] if row >= 0 else None

    # -- curation ------------------------------------------------------------------------------------------
    def curator(self) -> Any:
        """The Curator for the evaluated dataset folder (created on first use)."""
        if self._curator is None:
            from dtf_gui.core.data.curate import Curator

            self._curator = Curator(self.outcome.request.data_root)
        return self._curator

    def move_to_class(self, paths: list[str], label: str) -> int:
        """Move each of ``paths`` into class folder ``label``; one undo step for all of them."""
        return self._move_many(paths, label, self.tr("Move {0} image(s) to {1}").format(len(paths), label))

    def quarantine(self, paths: list[str]) -> int:
        """Move each of ``paths`` to the quarantine folder next to the dataset; one undo step."""
        return self._move_many(paths, None, self.tr("Quarantine {0} image(s)").format(len(paths)))

    def _move_many(self, paths: list[str], label: str | None, text: str) -> int:
        done = [(rec, label) for rec in (self._do_move(p, label) for p in paths) if rec is not None]
        if not done:
            return 0
        self.undo_stack.beginMacro(text)  # one Ctrl+Z puts the whole selection back
        for rec, lab in done:
            self.undo_stack.push(CurationCommand(self, rec, lab, text))
        self.undo_stack.endMacro()
        where = self.tr("quarantine") if label is None else label
        self.state.post_message(self.tr("Moved {0} image(s) to {1}; Undo puts them back.").format(len(done), where))
        return len(done)

    def _do_move(self, path: str, label: str | None) -> Any:
        item = self._item(path)
        current = item.true_label if item is not None else None
        cur = self.curator()
        rec = try_move(self.state, path, lambda: cur.quarantine(path, current_label=current) if label is None
                       else cur.move_to_class(path, label, current_label=current))
        if rec is None:
            return None
        self.model.set_moved(path, "quarantine" if label is None else label)
        self._changed([path])
        return rec

    def _do_undo(self, record: Any) -> None:
        if not undo_move(self.state, self.curator(), record):
            return
        self.model.set_moved(record.src, None)
        self._changed([record.src])

    def _changed(self, paths: list[str]) -> None:
        self.files_moved.emit(paths)
        self._rescan_timer.start()

    # -- rescan through AppState ------------------------------------------------------------------------------
    def _start_rescan(self) -> None:
        """Rescan the dataset the state shows, when it is the one we moved files in."""
        if self.outcome is None or not self.state.data_root:
            return
        if Path(self.state.data_root).resolve() != Path(self.outcome.request.data_root).resolve():
            return
        report = self.state.scan_report
        fraction = self.state.val_fraction if report is None or report.uses_val_fraction else None
        cfg = self.state.run_config
        excluded = tuple(cfg.data.exclude_classes) if cfg is not None else ()
        self._rescan_job.start(scan_job(self.state.data_root, fraction, self.state.val_root, excluded))

    def _on_rescan_returned(self, report: Any) -> None:
        if str(Path(report.root).resolve()) == str(Path(self.state.data_root).resolve()):
            self.state.set_scan_report(report)
            self.rescanned.emit(report)

    @property
    def rescanning(self) -> bool:
        return self._rescan_job.running or self._rescan_timer.isActive()

    def shutdown(self) -> None:
        """Stop pending work and wait for it (window close)."""
        self._rescan_timer.stop()
        self._rescan_job.shutdown()
        self.cam.shutdown()
        self.loader.shutdown()
