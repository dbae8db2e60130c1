"""Predict view: drop images (or pick files) and see what the model thinks, and what it was shown.

The model is the current run (AppState's run directory) or an opened bundle / run folder. Prediction runs
in a background job (:func:`dtf_gui.qt.workers.specs.predict_job`, the same ``core.runs.predict.predict_images``
as ``dtf predict``); for the selected image the view draws the top-5 classes with their probabilities as a
bar chart and the image's per-step trace through the model's val pipeline (the Pipeline view's step cards).
"Show what the model looks at" draws the image's Grad-CAM map instead (:mod:`dtf_gui.qt.widgets.cam_overlay`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.messages import msg
from dtf_gui.core.runs.predict import PredictItem
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
from dtf_gui.qt.widgets.model_source import ModelSourcePicker
from dtf_gui.qt.widgets.preview_strip import StepCard, pixmap_from_array
from dtf_gui.qt.widgets.tta_combo import TtaCombo
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import predict_job

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it (STYLE §9)

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".ppm", ".pgm")
TOP_K = 5
PATH_ROLE = Qt.ItemDataRole.UserRole + 50


def image_paths_from(urls_or_paths: list[Any]) -> list[str]:
    """Image files among dropped URLs / paths; folders contribute the images inside them (sorted)."""
    out: list[str] = []
    for u in urls_or_paths:
        p = Path(u.toLocalFile() if hasattr(u, "toLocalFile") else str(u))
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in IMAGE_SUFFIXES)
        elif p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES:
            out.append(str(p))
    return out


class PredictPanel(i18n.Retranslatable, QWidget):
    """The Predict tab. ``add_images(paths)`` predicts them; ``predictions_ready(items)`` follows."""

    predictions_ready = Signal(object)  # list[PredictItem]
    prediction_failed = Signal(str)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setAcceptDrops(True)
        self.items: dict[str, PredictItem] = {}
        self.model_desc: dict[str, Any] | None = None
        self.job = JobRunner(self, name="PredictThread")
        self.job.returned.connect(self._on_job_returned)
        self.job.errored.connect(self._on_job_errored)
        self.job.finished.connect(self._on_job_finished)
        self._queued: list[str] = []
        self.bars: Any = None
        self._bar_names: list[tuple[float, str]] = []
        self.cards: list[StepCard] = []
        self.cam = CamOverlays(self, name="PredictCamThread")
        self.cam.ready.connect(self._on_cam_ready)
        self.cam.failed.connect(self._on_cam_failed)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        src = QGridLayout()
        self.model_title = QLabel()
        self.model_title.setObjectName("sectionTitle")
        self.source = ModelSourcePicker(state)
        self.source.opened.connect(self._repredict)
        self.pick_button = QPushButton()
        self.pick_button.clicked.connect(self._on_pick_clicked)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(self.clear)
        src.addWidget(self.model_title, 0, 0)
        src.addWidget(self.source, 0, 1)
        src.addWidget(self.pick_button, 0, 2)
        src.addWidget(self.clear_button, 0, 3)
        self.tta_combo = TtaCombo()  # a change predicts the images again with the new views
        self.tta_combo.currentIndexChanged.connect(self._repredict)
        src.addWidget(self.tta_combo, 0, 4)
        src.setColumnStretch(1, 1)
        outer.addLayout(src)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)

        self.list = QListWidget()
        self.list.setIconSize(QSize(48, 48))
        self.list.currentItemChanged.connect(self._on_list_current_changed)
        self.list.setMinimumWidth(220)
        self.drop_hint = QLabel()
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.setObjectName("muted")
        self.drop_hint.setWordWrap(True)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.drop_hint)
        ll.addWidget(self.list, 1)

        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setMinimumSize(220, 220)
        self.image.setObjectName("cardImage")
        self.caption = QLabel()
        self.caption.setObjectName("sectionTitle")
        self.caption.setWordWrap(True)
        self.cam_toggle = make_cam_toggle(self)
        self.cam_toggle.toggled.connect(self._on_cam_toggled)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMinimumHeight(220)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setXRange(0, 1, padding=0.02)
        top = QHBoxLayout()
        img_col = QVBoxLayout()
        img_col.addWidget(self.caption)
        img_col.addWidget(self.image, 1)
        img_col.addWidget(self.cam_toggle, 0, Qt.AlignmentFlag.AlignHCenter)
        top.addLayout(img_col, 1)
        top.addWidget(self.plot, 2)
        self.trace_title = QLabel()
        self.trace_title.setObjectName("sectionTitle")
        self.trace_row = QWidget()
        self.trace_layout = QHBoxLayout(self.trace_row)
        self.trace_layout.setContentsMargins(0, 0, 0, 0)
        self.trace_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.trace_row)
        scroll.setMinimumHeight(260)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(top, 1)
        rl.addWidget(self.trace_title)
        rl.addWidget(scroll)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([280, 1000])
        outer.addWidget(splitter, 1)

        self.retranslate()

    # -- labels ---------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.model_title.setText(self.tr("Model"))
        self.pick_button.setText(self.tr("Pick images…"))
        self.clear_button.setText(self.tr("Clear"))
        self.drop_hint.setText(self.tr("Drop images or folders here, or use Pick images…"))
        self.trace_title.setText(self.tr("What the model saw: the val pipeline, step by step"))
        self.plot.setLabel("bottom", self.tr("probability"))
        self.plot.setTitle(self.tr("Top {0} classes").format(TOP_K))
        retranslate_cam_toggle(self.cam_toggle)
        if not self.items:
            self.status.setText(self.tr("Predictions use the model's own val pipeline, like dtf predict."))
        self._show_current()

    # -- model source ------------------------------------------------------------------------------------------
    def model_path(self) -> str:
        return self.source.path()

    def set_model_path(self, path: str | Path) -> None:
        """Predict with ``path`` (a bundle or a run directory) instead of the current run."""
        self.source.set_path(path)  # opened -> _repredict

    def _repredict(self, *_: Any) -> None:
        self.cam.clear()  # another model, or the same one opened again after it changed
        if self.items:
            paths = list(self.items)
            self.items.clear()
            self.list.clear()
            self.add_images(paths)

    # -- images ------------------------------------------------------------------------------------------------
    def _on_pick_clicked(self) -> None:
        pattern = " ".join(f"*{s}" for s in IMAGE_SUFFIXES)
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Pick images to classify"),
                                                self.state.data_root or str(Path.home()),
                                                self.tr("Images ({0})").format(pattern))
        if paths:
            self.add_images(paths)

    def add_images(self, paths: list[str | Path]) -> bool:
        """Predict ``paths`` in the background; False (with a message) when there is no model."""
        paths = [str(p) for p in paths]
        model = self.model_path()
        if not model:
            self.status.setText(self.tr("No model yet: train one, or open a bundle or run folder."))
            self.state.post_message(self.status.text())
            return False
        if not paths:
            return False
        if self.job.running:
            self._queued.extend(paths)  # predicted when the running batch is done
            return True
        self.status.setText(self.tr("Predicting {0} image(s) with {1}…").format(len(paths), Path(model).name))
        self.job.start(predict_job(model, paths, which="best", top_k=TOP_K, tta=self.tta_combo.mode()))
        return True

    def clear(self) -> None:
        self.items.clear()
        self.list.clear()
        self._show_current()

    def _on_job_returned(self, result: tuple[dict[str, Any], list[PredictItem]]) -> None:
        desc, items = result
        self.model_desc = desc
        first_new = None
        for it in items:
            if it.path not in self.items:
                entry = QListWidgetItem(Path(it.path).name)
                entry.setData(PATH_ROLE, it.path)
                entry.setToolTip(it.path)
                thumb = _input_thumbnail(it)
                if thumb is not None:
                    entry.setIcon(QIcon(pixmap_from_array(thumb)))
                self.list.addItem(entry)
                first_new = first_new or entry
            self.items[it.path] = it
            self._label_entry(it)
        self.status.setText(self.tr("{0} ({1}, {2} classes)").format(
            Path(desc["path"]).name, desc["arch"], len(desc["classes"])))
        for note in desc.get("notes", ()):  # e.g. a run stopped in its first epoch: its last checkpoint is used
            self.status.setText(self.status.text() + "\n" + i18n.text(note))
        if first_new is not None:
            self.list.setCurrentItem(first_new)
        else:
            self._show_current()
        self.predictions_ready.emit(items)

    def _label_entry(self, it: PredictItem) -> None:
        for i in range(self.list.count()):
            entry = self.list.item(i)
            if entry.data(PATH_ROLE) == it.path:
                if it.error:
                    entry.setText(self.tr("{0}\n⚠ cannot read").format(Path(it.path).name))
                elif it.top and it.kind == "values":  # a regression model: its numbers
                    entry.setText(f"{Path(it.path).name}\n{_values_text(it)}")
                elif it.unknown:  # below the model's calibrated threshold
                    entry.setText(f"{Path(it.path).name}\n{_unknown_word()}  ({it.top[0][0]} {it.top[0][1]:.1%})")
                elif it.top:
                    entry.setText(f"{Path(it.path).name}\n{it.top[0][0]}  {it.top[0][1]:.1%}")

    def _on_job_errored(self, message: Any, details: str) -> None:
        text = i18n.text(message)
        self.status.setText(self.tr("Prediction failed: {0}").format(text.splitlines()[0] if text else ""))
        self.state.report_error(message, details)
        self.prediction_failed.emit(text)

    def _on_job_finished(self) -> None:
        if self._queued:
            queued, self._queued = self._queued, []
            self.add_images(queued)

    # -- drawing ------------------------------------------------------------------------------------------------
    def current_item(self) -> PredictItem | None:
        entry = self.list.currentItem()
        return self.items.get(entry.data(PATH_ROLE)) if entry is not None else None

    def _on_list_current_changed(self, *_: Any) -> None:
        self._show_current()

    def _show_current(self) -> None:
        it = self.current_item()
        self._draw_bars(it)
        self._draw_trace(it)
        self._draw_image(it)

    def _draw_image(self, it: PredictItem | None) -> None:
        """The caption and the image: the pipeline's input, or with the toggle on its Grad-CAM overlay."""
        if it is None:
            self.caption.setText("")
            self.image.clear()
            return
        if it.error:
            self.caption.setText(self.tr("{0}: {1}").format(Path(it.path).name, it.error))
        elif it.top and it.kind == "values":
            self.caption.setText(self.tr("{0}: {1}").format(Path(it.path).name, _values_text(it)))
        elif it.unknown:
            self.caption.setText(self.tr("{0}: {1} (the top class {2} has {3:.1%}, below the threshold {4:.1%})")
                                 .format(Path(it.path).name, _unknown_word(), it.top[0][0], it.top[0][1],
                                         (self.model_desc or {}).get("threshold") or 0.0))
        elif it.top:
            self.caption.setText(self.tr("{0}: {1} ({2:.1%})").format(Path(it.path).name, it.top[0][0], it.top[0][1]))
        thumb = _input_thumbnail(it)
        pm = pixmap_from_array(np.asarray(thumb)) if thumb is not None else None
        if self.cam_toggle.isChecked() and not it.error:
            pm = self._cam_pixmap(it) or pm
        if pm is not None:
            self.image.setPixmap(pm.scaled(256, 256, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.FastTransformation
                                           if max(pm.width(), pm.height()) < 128
                                           else Qt.TransformationMode.SmoothTransformation))
        else:
            self.image.clear()

    # -- Grad-CAM ------------------------------------------------------------------------------------------------
    def _cam_pixmap(self, it: PredictItem) -> Any:
        """The overlay of ``it`` when its map is here (the caption says so); else ask for it and say it comes."""
        result = self.cam.result(it.path)
        if result is not None:
            self.caption.setText(self.caption.text() + "\n" + cam_caption(result))
            return overlay_pixmap(result)
        error = self.cam.error(it.path)
        if error is not None:
            self.caption.setText(self.caption.text() + "\n" + i18n.text(error))
            return None
        self.cam.set_model(self.model_path())
        self.cam.request([it.path], front=True)
        self.caption.setText(self.caption.text() + "\n" + computing_caption())
        return None

    def _on_cam_toggled(self, _on: bool) -> None:
        self._draw_image(self.current_item())

    def _on_cam_ready(self, paths: list[str]) -> None:
        it = self.current_item()
        if it is not None and it.path in paths and self.cam_toggle.isChecked():
            self._draw_image(it)

    def _on_cam_failed(self, message: Any) -> None:
        self.state.post_message(message)
        if self.cam_toggle.isChecked():
            self._draw_image(self.current_item())

    def _draw_bars(self, it: PredictItem | None) -> None:
        if self.bars is not None:
            self.plot.removeItem(self.bars)
            self.bars = None
        for label in getattr(self, "_bar_labels", []):
            self.plot.removeItem(label)
        self._bar_labels: list[Any] = []
        axis = self.plot.getAxis("left")
        if it is None or not it.top or it.kind == "values":  # no probabilities to draw for a regression model
            axis.setTicks([[]])
            return
        n = len(it.top)
        ys = np.arange(n)[::-1].astype(float)  # most likely on top
        widths = np.array([p for _, p in it.top], dtype=float)
        brushes = [pg.mkBrush("#1a73e8" if i == 0 else "#8ab4f8") for i in range(n)]
        self.bars = pg.BarGraphItem(x0=np.zeros(n), y=ys, height=0.7, width=widths, brushes=brushes,
                                    pen=pg.mkPen(None))
        self.plot.addItem(self.bars)
        self._bar_names = [(float(y), name) for y, (name, _) in zip(ys, it.top, strict=True)]
        axis.setTicks([self._bar_names])
        for y, (_, p) in zip(ys, it.top, strict=True):
            label = pg.TextItem(f"{p:.1%}", color="#202124", anchor=(0, 0.5))
            label.setPos(min(float(p), 0.85) + 0.01, float(y))
            self.plot.addItem(label)
            self._bar_labels.append(label)
        self.plot.setXRange(0, 1, padding=0.02)
        self.plot.setYRange(-0.6, n - 0.4, padding=0)

    def bar_values(self) -> list[tuple[str, float]]:
        """(class, probability) of the bars drawn, top first: the bar item's own widths, read back."""
        if self.bars is None:
            return []
        opts = self.bars.opts
        names = {float(y): name for y, name in self._bar_names}
        pairs = sorted(zip(opts["y"], opts["width"], strict=True), key=lambda t: -t[0])
        return [(names[float(y)], float(w)) for y, w in pairs]

    def _draw_trace(self, it: PredictItem | None) -> None:
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        if it is None:
            return
        infos = list(it.trace)
        for info in infos:
            card = StepCard()
            card.show_info(info)
            self.trace_layout.insertWidget(self.trace_layout.count() - 1, card)
            self.cards.append(card)
        if it.trace_error and not any(getattr(i, "error", None) for i in infos):
            card = StepCard()
            card.show_info(None, failed_error=it.trace_error)
            self.trace_layout.insertWidget(self.trace_layout.count() - 1, card)
            self.cards.append(card)

    # -- drag and drop -----------------------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API name
        if event.mimeData().hasUrls() and image_paths_from(event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt API name
        paths = image_paths_from(event.mimeData().urls()) if event.mimeData().hasUrls() else []
        if paths:
            self.add_images(paths)
            event.acceptProposedAction()
        else:
            super().dropEvent(event)

    # -- closing -------------------------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Wait for a running prediction (window close); it is short, so it is not interrupted."""
        self._queued.clear()
        self.cam.shutdown()
        self.job.wait()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        self.shutdown()
        super().closeEvent(event)


def _unknown_word() -> str:
    """The answer below a calibrated model's threshold, in the language of the moment (the core's word)."""
    return i18n.text(msg("calibration.unknown"))


def _input_thumbnail(it: PredictItem) -> Any:
    """The thumbnail of what the pipeline received: the trace's "loaded as RGB" info (the training loader's
    conversion: 16-bit scaled, alpha composited, EXIF applied), not the raw file's own."""
    inputs = [info for info in it.trace or [] if getattr(info, "step_index", 0) is None]
    thumb = getattr(inputs[-1], "thumbnail", None) if inputs else None
    return None if thumb is None else np.asarray(thumb)


def _values_text(it: PredictItem) -> str:
    """A regression model's prediction: ``name = value`` per target."""
    return ", ".join(f"{name} = {value:.6g}" for name, value in it.top)
