"""The Evaluate tab for a regression model: MSE/MAE/RMSE/R², predicted-vs-true scatter, residuals, largest errors.

Draws a :class:`~dtf_gui.core.runs.regression.RegressionResult` (``EvalOutcome.result`` of a regression run):
one scatter plot of (true, predicted) per image with the y = x line, a histogram of the residuals (predicted -
true) and the images with the largest errors first. With several targets a chooser picks the one drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it (STYLE §9)

#: rows of the largest-errors table (each with a thumbnail)
MAX_ERROR_ROWS = 50
THUMB = 48


class RegressionView(QWidget):
    """Scatter of predicted against true values, residual histogram and the largest errors of one target."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: Any = None
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.target_label = QLabel()
        self.target_combo = QComboBox()
        self.target_combo.currentIndexChanged.connect(self._on_target_changed)
        self.scatter_plot = pg.PlotWidget(background="w")
        self.scatter_plot.showGrid(x=True, y=True, alpha=0.2)
        self.scatter = pg.ScatterPlotItem(size=6, pen=pg.mkPen(None), brush=pg.mkBrush("#4e79a7"))
        self.diagonal = pg.PlotDataItem(pen=pg.mkPen("#9aa0a6", width=1, style=Qt.PenStyle.DashLine))
        self.scatter_plot.addItem(self.diagonal)
        self.scatter_plot.addItem(self.scatter)
        self.residual_plot = pg.PlotWidget(background="w")
        self.residual_plot.showGrid(x=True, y=True, alpha=0.2)
        self.histogram = pg.BarGraphItem(x=[], height=[], width=1.0, brush="#f28e2b")
        self.residual_plot.addItem(self.histogram)
        self.errors = QTableWidget(0, 4)
        self.errors.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.errors.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.errors.setIconSize(pg.QtCore.QSize(THUMB, THUMB))
        self.errors.verticalHeader().setDefaultSectionSize(THUMB + 4)
        self.errors_title = QLabel()
        self.errors_title.setObjectName("sectionTitle")

        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        head.addWidget(self.target_label)
        head.addWidget(self.target_combo)
        plots = QSplitter(Qt.Orientation.Horizontal)
        plots.addWidget(self.scatter_plot)
        plots.addWidget(self.residual_plot)
        errors = QWidget()
        el = QVBoxLayout(errors)
        el.setContentsMargins(0, 0, 0, 0)
        el.addWidget(self.errors_title)
        el.addWidget(self.errors, 1)
        plots.addWidget(errors)
        plots.setSizes([420, 320, 420])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(head)
        lay.addWidget(plots, 1)
        self.retranslate()

    def retranslate(self) -> None:
        self.target_label.setText(self.tr("Target:"))
        self.scatter_plot.setLabel("bottom", self.tr("true value"))
        self.scatter_plot.setLabel("left", self.tr("predicted value"))
        self.scatter_plot.setTitle(self.tr("Predicted vs true (dashed: perfect)"))
        self.residual_plot.setLabel("bottom", self.tr("residual (predicted − true)"))
        self.residual_plot.setLabel("left", self.tr("images"))
        self.residual_plot.setTitle(self.tr("Residuals"))
        self.errors_title.setText(self.tr("Largest errors"))
        self.errors.setHorizontalHeaderLabels([self.tr("image"), self.tr("true"), self.tr("predicted"),
                                               self.tr("error")])
        if self.result is not None:
            self._draw_summary()

    # -- drawing ----------------------------------------------------------------------------------------------
    def show_result(self, result: Any) -> None:
        """Draw ``result`` (a RegressionResult), the first target first."""
        self.result = result
        self.target_combo.blockSignals(True)
        self.target_combo.clear()
        self.target_combo.addItems(list(result.names))
        self.target_combo.blockSignals(False)
        multi = len(result.names) > 1
        self.target_label.setVisible(multi)
        self.target_combo.setVisible(multi)
        self.draw_target(0)

    def _on_target_changed(self, index: int) -> None:
        if self.result is not None and index >= 0:
            self.draw_target(index)

    def draw_target(self, j: int) -> None:
        """The scatter, histogram and error table of target ``j``."""
        r = self.result
        true = np.array([row[j] for row in r.y_true], dtype=float)
        pred = np.array([row[j] for row in r.y_pred], dtype=float)
        self.scatter.setData(x=true, y=pred, data=list(r.paths))
        lo = float(min(true.min(), pred.min())) if len(true) else 0.0
        hi = float(max(true.max(), pred.max())) if len(true) else 1.0
        self.diagonal.setData([lo, hi], [lo, hi])
        residuals = pred - true
        counts, edges = np.histogram(residuals, bins=min(30, max(5, len(residuals) // 4))) if len(residuals) \
            else (np.zeros(0), np.zeros(1))
        self.histogram.setOpts(x=(edges[:-1] + edges[1:]) / 2 if len(counts) else [], height=counts,
                               width=float(edges[1] - edges[0]) if len(counts) else 1.0)
        self._fill_errors(true, pred)
        self._draw_summary()

    def _fill_errors(self, true: np.ndarray, pred: np.ndarray) -> None:
        from dtf_gui.core.data.datasets import load_display  # lazy: like the other image views
        from dtf_gui.core.errors import DataError

        order = sorted(range(len(true)), key=lambda i: (-abs(pred[i] - true[i]), self.result.paths[i]))
        self.errors.setRowCount(0)
        self.errors.setRowCount(min(len(order), MAX_ERROR_ROWS))
        for row, i in enumerate(order[:MAX_ERROR_ROWS]):
            path = self.result.paths[i]
            item = QTableWidgetItem(Path(path).name)
            item.setToolTip(path)
            try:
                arr = load_display(path, THUMB)
                img = QImage(arr.data, arr.shape[1], arr.shape[0], 3 * arr.shape[1], QImage.Format.Format_RGB888)
                item.setIcon(QIcon(QPixmap.fromImage(img.copy())))
            except DataError:
                pass  # moved or broken since the evaluation: the row still names it
            self.errors.setItem(row, 0, item)
            for col, value in ((1, true[i]), (2, pred[i]), (3, abs(pred[i] - true[i]))):
                self.errors.setItem(row, col, QTableWidgetItem(f"{value:.4g}"))

    def _draw_summary(self) -> None:
        m = self.result.metrics
        j = max(self.target_combo.currentIndex(), 0)
        per = m["per_target"]
        r2 = per["r2"][j]
        self.summary.setText(self.tr("{0}: R² {1} · MSE {2:.4g} · MAE {3:.4g} · RMSE {4:.4g} · {5} images").format(
            self.result.names[j], "–" if r2 is None else f"{r2:.4f}", per["mse"][j], per["mae"][j], per["rmse"][j],
            m["num_samples"]))

    def scatter_points(self) -> list[tuple[float, float]]:
        """The plotted (true, predicted) points, for tests and the report."""
        x, y = self.scatter.getData()
        return [(float(a), float(b)) for a, b in zip(x, y, strict=True)]
