"""The embedding map: every image of the dataset as a point, coloured by class, in a window of its own.

Opened from the Data tab (:class:`EmbeddingMapButton`). The map is
:func:`~dtf_gui.core.trust.embed_map.embedding_map`, computed in the background by a latest-wins
:class:`JobRunner` (features from the pretrained backbone or the open run's model, PCA or UMAP, the open run's
mistakes when asked for); the label finder's suspects are marked when it has run (:meth:`EmbeddingMapView.
set_suspects`). Drag on the plot to select -- a rectangle, or a lasso drawn with the mouse (a mode toggle);
the wheel and the right button zoom, the middle button pans. The selection opens in a
:class:`~dtf_gui.qt.widgets.gallery.MistakesGallery` beside the plot, with its curation (move to a class or to
quarantine, undo). Hovering a point names its file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRectF, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.trust.embed import DEFAULT_ARCH, DEFAULT_SIZE, EmbedRequest
from dtf_gui.core.trust.embed_map import EmbeddingMap, MapRequest, suspect_paths
from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.gallery import GalleryItem, ImagesSource, MistakesGallery
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import map_job

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it (STYLE §9)

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf")
POINT_PX = 7
HOVER_PX = 8.0  # a point within this many pixels of the mouse is the hovered one
MODES = ("rect", "lasso")
METHOD_CHOICES = ("auto", "pca", "umap")


def class_colour(k: int, n: int) -> QColor:
    return QColor(PALETTE[k]) if n <= len(PALETTE) else pg.intColor(k, hues=n)


class SelectionViewBox(pg.ViewBox):
    """A ViewBox whose left-button drag selects (a rectangle or a lasso) instead of panning."""

    rect_selected = Signal(object)  # (x0, y0, x1, y1) in map coordinates
    lasso_selected = Signal(object)  # float64 [K, 2] vertices in map coordinates

    def __init__(self) -> None:
        super().__init__()
        self.mode = "rect"
        pen = QPen(QColor("#1a73e8"), 0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.band = QGraphicsRectItem(self)  # in the ViewBox's own (pixel) coordinates
        self.band.setPen(pen)
        self.band.setBrush(QColor(26, 115, 232, 30))
        self.band.setZValue(1e9)
        self.band.hide()
        self.lasso_item = QGraphicsPathItem(self)
        self.lasso_item.setPen(pen)
        self.lasso_item.setBrush(QColor(26, 115, 232, 30))
        self.lasso_item.setZValue(1e9)
        self.lasso_item.hide()
        # the gesture in map coordinates, each point mapped when the mouse was there (what the user saw then,
        # even if the plot's layout shifts during the drag)
        self.lasso: list[QPointF] = []
        self.rect_start: QPointF | None = None

    def mouseDragEvent(self, ev: Any, axis: Any = None) -> None:  # noqa: N802 - pyqtgraph API name
        if axis is not None or ev.button() != Qt.MouseButton.LeftButton:
            super().mouseDragEvent(ev, axis)  # right: zoom, middle: pan
            return
        ev.accept()
        here = self.mapToView(QPointF(ev.pos()))
        if self.mode == "rect":
            if ev.isStart() or self.rect_start is None:
                self.rect_start = self.mapToView(QPointF(ev.buttonDownPos()))
            a = self.rect_start
            self.band.setRect(QRectF(self.mapFromView(a), self.mapFromView(here)).normalized())
            self.band.show()
            if ev.isFinish():
                self.band.hide()
                self.rect_start = None
                self.rect_selected.emit((a.x(), a.y(), here.x(), here.y()))
            return
        if ev.isStart() or not self.lasso:
            self.lasso = [self.mapToView(QPointF(ev.buttonDownPos()))]
        if here != self.lasso[-1]:
            self.lasso.append(here)
        path = QPainterPath()
        path.addPolygon(QPolygonF([self.mapFromView(q) for q in self.lasso]))
        path.closeSubpath()
        self.lasso_item.setPath(path)
        self.lasso_item.show()
        if ev.isFinish():
            self.lasso_item.hide()
            poly = np.array([[q.x(), q.y()] for q in self.lasso], dtype=np.float64)
            self.lasso = []
            self.lasso_selected.emit(poly)


class MapPlot(pg.PlotWidget):
    """The scatter: an item per class, then mistakes, suspects and the selection on top.

    The items are made once and refilled with ``setData`` (STYLE §9); the legend is rebuilt only when what it
    lists changes; no axes (the map's coordinates mean nothing). Drawing a new map of 2,000 points costs the
    GUI thread a few tens of milliseconds.
    """

    hovered = Signal(int)  # index of the point under the mouse, -1 when none

    def __init__(self, parent: QWidget | None = None) -> None:
        self.vb = SelectionViewBox()
        super().__init__(parent, background="w", viewBox=self.vb)
        self.setMinimumSize(360, 300)
        for axis in ("left", "bottom"):  # the map's coordinates mean nothing to a user (and cost a paint)
            self.hideAxis(axis)
        self.map: EmbeddingMap | None = None
        self.legend = self.addLegend(offset=(-8, 8), labelTextSize="8pt")
        self._legend_key: tuple = ()
        self.class_items: list[Any] = []  # one per class (a brush each: a per-point brush list is slow to set)
        self.mistake_item = pg.ScatterPlotItem(size=POINT_PX + 6, symbol="x", pen=pg.mkPen("#c5221f", width=1.5),
                                               brush=pg.mkBrush("#c5221f"))
        self.suspect_item = pg.ScatterPlotItem(size=POINT_PX + 8, symbol="star", pen=pg.mkPen("#b06000", width=1),
                                               brush=pg.mkBrush("#f9ab00"))
        self.selection_item = pg.ScatterPlotItem(size=POINT_PX + 7, symbol="o", pen=pg.mkPen("#202124", width=1.5),
                                                 brush=None)
        for z, item in enumerate((self.mistake_item, self.suspect_item, self.selection_item), start=1):
            item.setZValue(z)
            self.plotItem.addItem(item)  # not through PlotWidget.addItem: the legend is ours to fill
        self.legend_names: list[str] = []  # what the legend lists, in order (tests, screenshots)
        self.hover_index = -1
        self.hover_text = ""
        self.describe = lambda i: ""  # the view sets how a point is named in the tooltip
        self.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)

    def show_map(self, m: EmbeddingMap | None, names: dict[str, str]) -> None:
        """Draw ``m`` (None: empty); ``names`` labels the legend's "mistakes" and "suspects" entries."""
        self.map = m
        self.hover_index = -1
        self.selection_item.clear()
        if m is None or len(m) == 0:
            for item in (*self.class_items, self.mistake_item, self.suspect_item):
                item.clear()
            self._set_legend([])
            return
        n = len(m.classes)
        while len(self.class_items) < n:
            item = pg.ScatterPlotItem(size=POINT_PX, pen=None)
            self.plotItem.addItem(item)
            self.class_items.append(item)
        brushes = [pg.mkBrush(class_colour(k, n)) for k in range(n)]
        for k, item in enumerate(self.class_items):
            pts = m.xy[m.labels == k] if k < n else m.xy[:0]
            item.setData(pts[:, 0], pts[:, 1], brush=brushes[k] if k < n else None)
        entries: list[tuple[str, Any]] = [(name, ("o", None, brushes[k])) for k, name in enumerate(m.classes)]
        for mask, item, key in ((m.mistake_mask(), self.mistake_item, "mistakes"),
                                (m.suspect_mask(), self.suspect_item, "suspects")):
            pts = m.xy[mask]
            item.setData(pts[:, 0], pts[:, 1])
            if len(pts):
                entries.append((names[key], (item.opts["symbol"], item.opts["pen"], item.opts["brush"])))
        self._set_legend(entries)
        self.vb.autoRange(padding=0.05)

    def _set_legend(self, entries: list[tuple[str, Any]]) -> None:
        key = tuple((name, style[0], style[2].color().name() if style[2] is not None else "") for name, style in entries)
        if key == self._legend_key:
            return
        self._legend_key = key
        self.legend.clear()
        for name, (symbol, pen, brush) in entries:
            self.legend.addItem(pg.ScatterPlotItem(size=POINT_PX + 2, symbol=symbol, pen=pen, brush=brush), name)
        self.legend_names = [name for name, _ in entries]

    def show_selection(self, indices: np.ndarray) -> None:
        if self.map is None or len(indices) == 0:
            self.selection_item.clear()
            return
        pts = self.map.xy[np.asarray(indices, dtype=np.int64)]
        self.selection_item.setData(pts[:, 0], pts[:, 1])

    def view_pos_of(self, i: int) -> QPoint:
        """Where point ``i`` is drawn, in the widget's viewport pixels (tests, tooltips)."""
        assert self.map is not None
        x, y = self.map.xy[i]
        return self.mapFromScene(self.vb.mapViewToScene(QPointF(float(x), float(y))))

    def _on_scene_mouse_moved(self, scene_pos: QPointF) -> None:
        index = -1
        if self.map is not None and len(self.map) and self.vb.sceneBoundingRect().contains(scene_pos):
            p = self.vb.mapSceneToView(scene_pos)
            px, py = self.vb.viewPixelSize()
            if px > 0 and py > 0:
                d2 = ((self.map.xy[:, 0] - p.x()) / px) ** 2 + ((self.map.xy[:, 1] - p.y()) / py) ** 2
                best = int(np.argmin(d2))
                if d2[best] <= HOVER_PX ** 2:
                    index = best
        if index == self.hover_index:
            return
        self.hover_index = index
        self.hover_text = self.describe(index) if index >= 0 else ""
        if index >= 0:
            QToolTip.showText(self.mapToGlobal(self.mapFromScene(scene_pos)), self.hover_text, self)
        else:
            QToolTip.hideText()
        self.hovered.emit(index)


class EmbeddingMapView(i18n.Retranslatable, QWidget):
    """Controls, the map and the gallery of its selection (call :meth:`shutdown` before it goes)."""

    map_shown = Signal(object)  # EmbeddingMap drawn (None: cleared)
    selection_changed = Signal(object)  # int64 indices into the map

    def __init__(self, state: AppState, parent: QWidget | None = None, *, cache_dir: str | Path | None = None,
                 image_size: int = DEFAULT_SIZE) -> None:
        super().__init__(parent)
        self.setObjectName("EmbeddingMapView")
        self.state = state
        self.cache_dir = cache_dir
        self.image_size = image_size
        self.map: EmbeddingMap | None = None
        self.selected = np.zeros(0, dtype=np.int64)
        self._suspects: set[str] = set()
        self._error: Any = None  # the last failure (a core Message or text), said again after a language switch
        self._request: MapRequest | None = None
        self.runner = JobRunner(self, name="EmbeddingMapThread", latest_wins=True)
        self.runner.progressed.connect(self._on_runner_progressed)
        self.runner.returned.connect(self._on_runner_returned)
        self.runner.errored.connect(self._on_runner_errored)
        self.runner.cancelled.connect(self._on_runner_cancelled)
        self.runner.running_changed.connect(self._on_runner_running_changed)

        self.features_label, self.method_label, self.select_label = QLabel(), QLabel(), QLabel()
        self.features_combo = QComboBox()
        self.method_combo = QComboBox()
        self.mistakes_check = QCheckBox()
        self.compute_button = QPushButton()
        self.compute_button.clicked.connect(self.compute)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.runner.stop)
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.progress.hide()
        self.rect_button, self.lasso_button, self.reset_button = QToolButton(), QToolButton(), QToolButton()
        self.mode_group = QButtonGroup(self)
        for button, mode in ((self.rect_button, "rect"), (self.lasso_button, "lasso")):
            button.setCheckable(True)
            self.mode_group.addButton(button)
            button.clicked.connect(lambda _=False, m=mode: self.set_mode(m))
        self.rect_button.setChecked(True)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.plot = MapPlot()
        self.plot.describe = self.describe_point
        self.plot.vb.rect_selected.connect(lambda r: self.select_rect(*r))
        self.plot.vb.lasso_selected.connect(self.select_polygon)
        self.reset_button.clicked.connect(lambda: self.plot.vb.autoRange(padding=0.05))
        self.gallery = MistakesGallery(state)
        self.gallery.top_button.hide()  # "top losses" is an evaluation's; here the selection fills it
        self.gallery.empty_title = lambda: self.tr("Drag on the map to select points: their images show here.")
        self.gallery.files_moved.connect(self._on_gallery_files_moved)
        self._stale = False  # files were moved from the gallery since the map was computed

        top = QHBoxLayout()
        for w in (self.features_label, self.features_combo, self.method_label, self.method_combo,
                  self.mistakes_check):
            top.addWidget(w)
        top.addStretch(1)
        for w in (self.progress, self.compute_button, self.stop_button):
            top.addWidget(w)
        second = QHBoxLayout()
        for w in (self.select_label, self.rect_button, self.lasso_button, self.reset_button):
            second.addWidget(w)
        second.addWidget(self.status, 1)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.plot)
        body.addWidget(self.gallery)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addLayout(top)
        lay.addLayout(second)
        lay.addWidget(body, 1)
        self.state.run_dir_changed.connect(self._update_run_controls)
        self.state.data_root_changed.connect(self._on_state_data_root_changed)
        self.resize(1200, 760)
        self.retranslate()

    # -- texts ----------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Embedding map"))
        self.features_label.setText(self.tr("Features:"))
        self.method_label.setText(self.tr("Map:"))
        self.select_label.setText(self.tr("Select:"))
        with QSignalBlocker(self.features_combo), QSignalBlocker(self.method_combo):
            current = max(0, self.features_combo.currentIndex())
            self.features_combo.clear()
            self.features_combo.addItem(self.tr("Pretrained {0} (ImageNet)").format(DEFAULT_ARCH), "pretrained")
            self.features_combo.addItem(self.tr("The open run's model"), "run")
            self.features_combo.setCurrentIndex(current)
            current = max(0, self.method_combo.currentIndex())
            self.method_combo.clear()
            for key, text in zip(METHOD_CHOICES, (self.tr("Auto (UMAP if installed, else PCA)"), "PCA", "UMAP"),
                                 strict=True):
                self.method_combo.addItem(text, key)
            self.method_combo.setCurrentIndex(current)
        self.mistakes_check.setText(self.tr("Mark the open run's mistakes"))
        self.compute_button.setText(self.tr("Compute"))
        self.stop_button.setText(self.tr("Stop"))
        self.rect_button.setText(self.tr("Rectangle"))
        self.rect_button.setToolTip(self.tr("Drag a rectangle over the map to select the points inside"))
        self.lasso_button.setText(self.tr("Lasso"))
        self.lasso_button.setToolTip(self.tr("Draw around points with the mouse to select them"))
        self.reset_button.setText(self.tr("Show all"))
        self.gallery.retranslate()  # its empty title is ours
        self._update_run_controls()
        self._update_status()
        if self.map is not None:
            self.plot.show_map(self.map, self._legend_names())
            self.plot.show_selection(self.selected)

    def _legend_names(self) -> dict[str, str]:
        return {"mistakes": self.tr("mistakes of the run"), "suspects": self.tr("suspected label errors")}

    def _update_run_controls(self, *_: Any) -> None:
        has_run = bool(self.state.run_dir)
        self.mistakes_check.setEnabled(has_run)
        self.features_combo.model().item(1).setEnabled(has_run)
        if not has_run and self.features_combo.currentIndex() == 1:
            self.features_combo.setCurrentIndex(0)
        tip = (self.tr("Evaluates {0} on the map's images and marks those it gets wrong").format(
            Path(self.state.run_dir).name) if has_run else self.tr("Open a run (Runs tab, or train one) first"))
        self.mistakes_check.setToolTip(tip)

    def _update_status(self) -> None:
        if self._error is not None:
            self.status.setText(i18n.text(self._error))
            return
        m = self.map
        if m is None:
            self.status.setText(self.tr("Compute the map of the dataset's images.") if self.state.data_root
                                else self.tr("Choose a dataset folder in the Data tab first."))
            return
        text = self.tr("{0} images, {1} of {2} features").format(len(m), m.method.upper(), m.backbone)
        if m.mistakes_run is not None:
            text += self.tr(" · {0} mistakes").format(len(m.mistakes))
        if m.suspects:
            text += self.tr(" · {0} suspects").format(len(m.suspects))
        if m.skipped:
            text += self.tr(" · {0} unreadable files left out").format(len(m.skipped))
        text += self.tr(" · {0} selected").format(len(self.selected))
        if self._stale:
            text += self.tr(" · the dataset changed: Compute again to update the map")
        self.status.setText(text)

    def describe_point(self, i: int) -> str:
        """The hover text of point ``i``: file name, class, split, and what is marked."""
        m = self.map
        if m is None or not 0 <= i < len(m):
            return ""
        path = m.paths[i]
        lines = [Path(path).name, self.tr("class {0} · {1}").format(m.classes[int(m.labels[i])], m.splits[i])]
        pred = m.predictions.get(path)
        if path in m.mistakes and pred is not None:
            lines.append(self.tr("the run predicts {0} (p = {1:.2f})").format(pred.pred_label, pred.prob))
        if path in m.suspects:
            lines.append(self.tr("suspected label error"))
        return "\n".join(lines)

    # -- computing ---------------------------------------------------------------------------------------
    def map_request(self) -> MapRequest | None:
        """What Compute asks for, from the state's dataset and run and the controls; None without a dataset."""
        st = self.state
        if not st.data_root:
            return None
        data = st.config_for_run().data
        report = st.scan_report  # the Data tab's scan of this folder: no second listing
        if report is None or Path(report.root) != Path(data.root) or data.seed != 0:
            report = None
        use_run = self.features_combo.currentData() == "run" and bool(st.run_dir)
        embed = EmbedRequest(data.root, val_root=data.val_root or None, val_fraction=data.val_fraction,
                             seed=data.seed, image_size=self.image_size, report=report,
                             run=st.run_dir if use_run else None)
        mistakes = st.run_dir if self.mistakes_check.isChecked() and st.run_dir else None
        return MapRequest(embed, method=self.method_combo.currentData() or "auto", mistakes_from=mistakes,
                          suspects=frozenset(self._suspects))

    def compute(self) -> bool:
        """Start computing the map in the background (a newer request replaces a running one)."""
        request = self.map_request()
        if request is None:
            self._update_status()
            return False
        self._request = request
        self._error = None
        self.progress.setRange(0, 0)
        self.runner.start(map_job(request, self.cache_dir))
        return True

    def _on_runner_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_runner_returned(self, m: EmbeddingMap) -> None:
        req = self._request
        if req is not None and self.state.data_root and Path(req.embed.data_root) != Path(self.state.data_root):
            return  # computed for the dataset open before: stale
        self.show_map(m)

    def _on_runner_errored(self, message: Any, details: str) -> None:
        self._error = message
        self._update_status()
        self.state.report_error(i18n.text(message), details)

    def _on_runner_cancelled(self) -> None:
        self.status.setText(self.tr("Stopped."))

    def _on_runner_running_changed(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.stop_button.setEnabled(running)
        self.compute_button.setEnabled(not running)
        if running:
            self.status.setText(self.tr("Computing the map…"))

    def _on_state_data_root_changed(self, _root: str) -> None:
        """Another dataset: this map no longer shows it."""
        self.runner.stop()
        self.show_map(None)

    # -- showing and selecting ------------------------------------------------------------------------
    def show_map(self, m: EmbeddingMap | None) -> None:
        """Draw ``m`` (suspects set earlier are marked on it); the selection and the gallery empty."""
        if m is not None and self._suspects:
            m = m.with_suspects(self._suspects)
        self.map = m
        self._error = None
        self._stale = False
        self.selected = np.zeros(0, dtype=np.int64)
        self.plot.show_map(m, self._legend_names())
        self.gallery.set_outcome(None)
        self._update_status()
        self.map_shown.emit(m)

    def _on_gallery_files_moved(self, _paths: list[str]) -> None:
        self._stale = True
        self._update_status()

    def set_suspects(self, suspects: Any) -> None:
        """Mark the label finder's suspects (its result, or paths); None clears them."""
        self._suspects = suspect_paths(suspects)
        if self.map is not None:
            self.map = self.map.with_suspects(self._suspects)
            self.plot.show_map(self.map, self._legend_names())
            self.plot.show_selection(self.selected)
            self._update_status()

    def set_mode(self, mode: str) -> None:
        """"rect" or "lasso": what a drag on the map draws."""
        self.plot.vb.mode = mode
        (self.rect_button if mode == "rect" else self.lasso_button).setChecked(True)

    def select_rect(self, x0: float, y0: float, x1: float, y1: float) -> None:
        if self.map is not None:
            self.select_indices(self.map.points_in_rect(x0, y0, x1, y1))

    def select_polygon(self, polygon: Any) -> None:
        if self.map is not None:
            self.select_indices(self.map.points_in_polygon(polygon))

    def select_indices(self, indices: Any) -> None:
        """Select these points and open their images in the gallery (with its curation)."""
        m = self.map
        if m is None:
            return
        self.selected = np.asarray(indices, dtype=np.int64)
        self.plot.show_selection(self.selected)
        items = []
        for i in self.selected.tolist():
            path, true = m.paths[i], m.classes[int(m.labels[i])]
            pred = m.predictions.get(path)
            if pred is None:
                items.append(GalleryItem(i, path, true, "", float("nan"), float("nan"), float("nan")))
            else:
                items.append(GalleryItem(i, path, true, pred.pred_label, pred.prob, pred.true_prob, pred.loss))
        root = str(self._request.embed.data_root) if self._request is not None else self.state.data_root
        self.gallery.show_paths(items, ImagesSource(root, list(m.classes), self.state.document))
        self._update_status()
        self.selection_changed.emit(self.selected)

    def shutdown(self) -> None:
        """Stop the job and the gallery's work and wait for them (window close)."""
        self.runner.shutdown()
        self.gallery.shutdown()


class EmbeddingMapButton(i18n.Retranslatable, QPushButton):
    """The Data tab's entry: opens the map in a window of its own (made on first use), computing it when it
    shows nothing yet."""

    def __init__(self, state: AppState, parent: QWidget | None = None, *, cache_dir: str | Path | None = None,
                 image_size: int = DEFAULT_SIZE) -> None:
        super().__init__(parent)
        self.state = state
        self.view: EmbeddingMapView | None = None
        self._options = {"cache_dir": cache_dir, "image_size": image_size}
        self._suspects: Any = None
        self.clicked.connect(self.open_map)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(self.tr("Embedding map…"))
        self.setToolTip(self.tr("Every image as a point on a map of what a pretrained network sees, coloured by "
                                "class; select points to look at and curate their images"))

    def open_map(self) -> EmbeddingMapView:
        if self.view is None:
            self.view = EmbeddingMapView(self.state, self, **self._options)
            self.view.setWindowFlag(Qt.WindowType.Window)
            if self._suspects is not None:
                self.view.set_suspects(self._suspects)
        self.view.show()
        self.view.raise_()
        self.view.activateWindow()
        if self.view.map is None and not self.view.runner.running:
            self.view.compute()
        return self.view

    def set_suspects(self, suspects: Any) -> None:
        """The label finder's result (or paths) to mark, now or when the map opens."""
        self._suspects = suspects
        if self.view is not None:
            self.view.set_suspects(suspects)

    def shutdown(self) -> None:
        if self.view is not None:
            self.view.shutdown()
