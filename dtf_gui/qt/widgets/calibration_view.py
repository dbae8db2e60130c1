"""The Evaluate tab's Calibration page: how far the model's confidence can be trusted, and where to say "unknown".

Calibrate runs :func:`dtf_gui.core.trust.calibration.calibrate` (what ``dtf calibrate`` computes) in a
background job on the val split the model was trained with (or on every image of a separate folder when the
Evaluate tab's split is "all images"), then draws the reliability diagram before and after temperature
scaling with their ECE, and the accuracy/coverage curve of a confidence threshold with a marker at the
threshold chosen. "Save to run" writes temperature and threshold where every predictor reads them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.errors import DtfError
from dtf_gui.core.trust.calibration import CalibrationReport, CalibrationRequest
from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import calibration_job

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it (STYLE §9)

BEFORE_COLOUR = "#e15759"
AFTER_COLOUR = "#1a73e8"
SLIDER_STEPS = 1000

#: (model path, data root, split, checkpoint) of what to calibrate: the Evaluate tab's choice
Source = Callable[[], tuple[str, str, str, str]]


def bin_points(bins: list[Any]) -> tuple[np.ndarray, np.ndarray]:
    """(mean confidence, accuracy) of the non-empty reliability bins: the points of a reliability curve."""
    filled = [b for b in bins if b.count]
    return (np.array([b.confidence for b in filled], dtype=float),
            np.array([b.accuracy for b in filled], dtype=float))


class CalibrationView(i18n.Retranslatable, QWidget):
    """Calibrate, look, choose a threshold, save. ``calibrated(report)`` follows the drawing."""

    calibrated = Signal(object)  # CalibrationReport
    saved = Signal(str)  # the file written
    calibration_failed = Signal(str)

    def __init__(self, state: AppState, source: Source, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.source = source
        self.report: CalibrationReport | None = None
        self.job = JobRunner(self, name="CalibrateThread", latest_wins=True)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        head = QHBoxLayout()
        self.calibrate_button = QPushButton()
        self.calibrate_button.clicked.connect(self.calibrate)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.job.stop)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(200)
        self.figures = QLabel()
        self.figures.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head.addWidget(self.calibrate_button)
        head.addWidget(self.stop_button)
        head.addWidget(self.progress)
        head.addWidget(self.figures, 1)
        outer.addLayout(head)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)

        plots = QHBoxLayout()
        self.reliability_plot = self._plot()
        self.reliability_plot.setXRange(0, 1, padding=0.02)
        self.reliability_plot.setYRange(0, 1, padding=0.02)
        self.reliability_legend = self.reliability_plot.addLegend(offset=(10, 10))
        self.reliability_plot.plot([0, 1], [0, 1], pen=pg.mkPen("#9aa0a6", style=Qt.PenStyle.DashLine))
        self.before_curve = self.reliability_plot.plot([], [], pen=pg.mkPen(BEFORE_COLOUR, width=2), symbol="o",
                                                       symbolSize=7, symbolBrush=BEFORE_COLOUR, name=" ")
        self.after_curve = self.reliability_plot.plot([], [], pen=pg.mkPen(AFTER_COLOUR, width=2), symbol="s",
                                                      symbolSize=7, symbolBrush=AFTER_COLOUR, name=" ")
        self.coverage_plot = self._plot()
        self.coverage_plot.setXRange(0, 1, padding=0.02)
        self.coverage_curve = self.coverage_plot.plot([], [], pen=pg.mkPen(AFTER_COLOUR, width=2))
        self.marker = pg.ScatterPlotItem(size=12, brush=pg.mkBrush("#202124"), pen=pg.mkPen("w"))
        self.coverage_plot.addItem(self.marker)
        plots.addWidget(self.reliability_plot, 1)
        plots.addWidget(self.coverage_plot, 1)
        outer.addLayout(plots, 1)

        foot = QGridLayout()
        self.threshold_label = QLabel()
        self.threshold_spin = QDoubleSpinBox()
        self.threshold_spin.setRange(0.0, 1.0)
        self.threshold_spin.setDecimals(3)
        self.threshold_spin.setSingleStep(0.01)
        self.threshold_spin.valueChanged.connect(self._on_threshold_spin_changed)
        self.threshold_slider = QSlider(Qt.Orientation.Horizontal)
        self.threshold_slider.setRange(0, SLIDER_STEPS)
        self.threshold_slider.valueChanged.connect(self._on_threshold_slider_changed)
        self.trade = QLabel()
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save)
        foot.addWidget(self.threshold_label, 0, 0)
        foot.addWidget(self.threshold_spin, 0, 1)
        foot.addWidget(self.threshold_slider, 0, 2)
        foot.addWidget(self.trade, 0, 3)
        foot.addWidget(self.save_button, 0, 4)
        foot.setColumnStretch(2, 1)
        foot.setColumnStretch(3, 1)
        outer.addLayout(foot)

        self.job.progressed.connect(self._on_job_progressed)
        self.job.returned.connect(self._on_job_returned)
        self.job.errored.connect(self._on_job_errored)
        self.job.cancelled.connect(self._on_job_cancelled)
        self.job.running_changed.connect(self._update_buttons)
        self.retranslate()
        self._update_buttons()

    @staticmethod
    def _plot() -> Any:
        plot = pg.PlotWidget(background="w")
        plot.setMinimumHeight(110)  # the Evaluate tab must still fit a 700 px high window
        plot.showGrid(x=True, y=True, alpha=0.2)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        return plot

    # -- labels ----------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.calibrate_button.setText(self.tr("Calibrate"))
        self.calibrate_button.setToolTip(self.tr(
            "Fit a temperature on the val split so that the model's confidence matches how often it is right "
            "(the predicted classes do not change)"))
        self.stop_button.setText(self.tr("Stop"))
        self.threshold_label.setText(self.tr("Unknown below"))
        self.threshold_spin.setSpecialValueText(self.tr("off"))
        self.threshold_spin.setToolTip(self.tr(
            "Predictions whose calibrated top probability is below this answer \"unknown\" (off: always answer)"))
        self.reliability_plot.setTitle(self.tr("Reliability (dashed: perfectly calibrated)"))
        self.reliability_plot.setLabel("bottom", self.tr("confidence"))
        self.reliability_plot.setLabel("left", self.tr("accuracy"))
        self.coverage_plot.setTitle(self.tr("Accuracy and coverage of the threshold"))
        self.coverage_plot.setLabel("bottom", self.tr("coverage (share of images answered)"))
        self.coverage_plot.setLabel("left", self.tr("accuracy"))
        self._update_save_text()
        if self.report is None:
            self.status.setText(self.tr("Calibrate to see how far the model's confidence can be trusted."))
            self.figures.setText("")
        else:
            self._draw(self.report)

    def _update_save_text(self) -> None:
        kind = (self.report.model.get("kind") if self.report is not None else None) or "run"
        self.save_button.setText(self.tr("Save to bundle") if kind == "bundle" else self.tr("Save to run"))
        self.save_button.setToolTip(self.tr(
            "Predict, the exported bundle and its predict.py then use this temperature and threshold"))

    def _update_buttons(self, *_: Any) -> None:
        running = self.job.running
        self.calibrate_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.progress.setVisible(running)
        can_save = self.report is not None and self.report.model.get("kind") in ("run", "bundle")
        self.save_button.setEnabled(not running and can_save)
        self.threshold_spin.setEnabled(self.report is not None)
        self.threshold_slider.setEnabled(self.report is not None)

    # -- the job ------------------------------------------------------------------------------------------------
    def calibrate(self) -> bool:
        """Start calibrating the Evaluate tab's model (in the background); False with a message when it lacks
        a model or a dataset."""
        model, data, split, which = self.source()
        if not model:
            self.state.post_message(self.tr("No model yet: train one, or choose a run or bundle folder."))
            return False
        if not data:
            self.state.post_message(self.tr("Choose the dataset folder to evaluate on."))
            return False
        split = "all" if split == "all" else "val"  # never the train split: the model has seen it
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Calibrating {0} on the {1} split of {2}…").format(Path(model).name, split, data))
        self.job.start(calibration_job(CalibrationRequest(model, data, split=split, which=which)))
        self._update_buttons()
        return True

    def _on_job_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _on_job_returned(self, report: CalibrationReport) -> None:
        self.show_report(report)

    def _on_job_errored(self, message: Any, details: str) -> None:
        text = i18n.text(message)
        self.status.setText(self.tr("Calibration failed: {0}").format(text.splitlines()[0] if text else ""))
        self.state.report_error(message, details)
        self.calibration_failed.emit(text)

    def _on_job_cancelled(self) -> None:
        self.status.setText(self.tr("Calibration stopped."))

    # -- drawing --------------------------------------------------------------------------------------------------
    def show_report(self, report: CalibrationReport) -> None:
        """Draw a calibration (what the job calls when it is done)."""
        self.report = report
        self._set_threshold_controls(report.threshold or 0.0)
        self._draw(report)
        self._update_save_text()
        self._update_buttons()
        self.calibrated.emit(report)

    def _draw(self, report: CalibrationReport) -> None:
        self.figures.setText(self.tr("T = {0:.3g}    ECE {1:.3f} → {2:.3f}    NLL {3:.3f} → {4:.3f}").format(
            report.temperature, report.ece_before, report.ece_after, report.nll_before, report.nll_after))
        text = self.tr("{0}: {1} images of the {2} split, accuracy {3:.1%}").format(
            Path(str(report.model.get("path", ""))).name, report.n, report.split, report.accuracy)
        for note in report.notes:
            text += "\n" + i18n.text(note)
        self.status.setText(text)
        self.before_curve.setData(*bin_points(report.bins_before))
        self.after_curve.setData(*bin_points(report.bins_after))
        self.reliability_legend.clear()
        self.reliability_legend.addItem(self.before_curve, self.tr("before (ECE {0:.3f})").format(report.ece_before))
        self.reliability_legend.addItem(self.after_curve, self.tr("after (ECE {0:.3f})").format(report.ece_after))
        self.coverage_curve.setData(np.asarray(report.curve.coverage, dtype=float),
                                    np.asarray(report.curve.accuracy, dtype=float))
        lo = float(np.min(report.curve.accuracy)) if len(report.curve.accuracy) else 0.0
        self.coverage_plot.setYRange(max(0.0, lo - 0.05), 1.0, padding=0.02)
        self._draw_threshold()

    def threshold(self) -> float | None:
        """The threshold chosen in the controls; None when off."""
        v = float(self.threshold_spin.value())
        return None if v <= 0.0 else v

    def set_threshold(self, value: float | None) -> None:
        """Choose a threshold as the user would (tests, keyboard)."""
        self._set_threshold_controls(value or 0.0)
        self._draw_threshold()

    def _set_threshold_controls(self, value: float) -> None:
        self.threshold_spin.blockSignals(True)
        self.threshold_slider.blockSignals(True)
        self.threshold_spin.setValue(value)
        self.threshold_slider.setValue(int(round(value * SLIDER_STEPS)))
        self.threshold_spin.blockSignals(False)
        self.threshold_slider.blockSignals(False)

    def _on_threshold_spin_changed(self, value: float) -> None:
        self.threshold_slider.blockSignals(True)
        self.threshold_slider.setValue(int(round(value * SLIDER_STEPS)))
        self.threshold_slider.blockSignals(False)
        self._draw_threshold()

    def _on_threshold_slider_changed(self, value: int) -> None:
        self.threshold_spin.blockSignals(True)
        self.threshold_spin.setValue(value / SLIDER_STEPS)
        self.threshold_spin.blockSignals(False)
        self._draw_threshold()

    def _draw_threshold(self) -> None:
        if self.report is None:
            self.marker.setData([], [])
            self.trade.setText("")
            return
        accuracy, coverage = self.report.curve.at(self.threshold() or 0.0)
        if accuracy is None:
            self.marker.setData([], [])
            self.trade.setText(self.tr("no image is answered at this threshold"))
            return
        self.marker.setData([coverage], [accuracy])
        self.trade.setText(self.tr("answers {0:.1%} of the images, {1:.1%} of them right; the rest is unknown")
                           .format(coverage, accuracy))

    # -- saving -----------------------------------------------------------------------------------------------------
    def save(self) -> str | None:
        """Write the temperature and the chosen threshold into the run (or bundle); the file, or None."""
        if self.report is None:
            return None
        from dtf_gui.core.trust.calibration import save_calibration  # lazy: keeps the tab's import light

        try:
            path = save_calibration(str(self.report.model.get("path") or ""),
                                    self.report.with_threshold(self.threshold()))
        except (DtfError, OSError) as e:
            self.state.report_error(self.tr("The calibration could not be saved: {0}").format(i18n.text(
                e.message if isinstance(e, DtfError) and e.message else str(e))))
            return None
        self.report = self.report.with_threshold(self.threshold())
        self.state.post_message(self.tr("Calibration saved to {0}").format(path))
        self.saved.emit(str(path))
        return str(path)

    # -- closing ---------------------------------------------------------------------------------------------------
    def shutdown(self) -> None:
        self.job.shutdown()
