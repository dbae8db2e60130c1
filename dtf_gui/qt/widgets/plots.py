"""Live training plots: loss per batch (raw + smoothed), validation loss and accuracy per epoch (and the EMA
weights' accuracy beside the raw weights' in a run with ``train.ema``), learning rate.

Cheap by construction (STYLE §9, pyqtgraph ``examples/scrollingPlots.py``): every curve is created once,
points go into growing numpy buffers (amortised O(1) appends, no Python lists converted per frame), and
each redraw is one ``setData`` on views of those buffers with clip-to-view and peak downsampling, so a run
with tens of thousands of batches redraws as fast as a short one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

from dtf_gui.qt.i18n import Retranslatable

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it (STYLE §9)

FOREGROUND = "#333333"
AXIS = "#888888"
EMA_ALPHA = 0.1  # weight of the newest batch in the smoothed loss (about a 10-batch window)
FLAT_LR_SPAN = 0.5  # a constant learning rate is drawn in [lr * (1 - span), lr * (1 + span)], not ±0.4


class GrowingSeries:
    """x/y float64 buffers that double their capacity when full; ``x``/``y`` are views of the filled part."""

    def __init__(self, capacity: int = 256) -> None:
        self._x = np.empty(capacity, dtype=np.float64)
        self._y = np.empty(capacity, dtype=np.float64)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def append(self, x: float, y: float) -> None:
        if self._n == len(self._x):
            self._grow(self._n * 2)
        self._x[self._n] = x
        self._y[self._n] = y
        self._n += 1

    def extend(self, xs: Iterable[float], ys: Iterable[float]) -> None:
        xa = np.asarray(list(xs), dtype=np.float64)
        ya = np.asarray(list(ys), dtype=np.float64)
        need = self._n + len(xa)
        if need > len(self._x):
            self._grow(max(need, self._n * 2))
        self._x[self._n:need] = xa
        self._y[self._n:need] = ya
        self._n = need

    def clear(self) -> None:
        self._n = 0

    def _grow(self, capacity: int) -> None:
        x = np.empty(capacity, dtype=np.float64)
        y = np.empty(capacity, dtype=np.float64)
        x[: self._n] = self._x[: self._n]
        y[: self._n] = self._y[: self._n]
        self._x, self._y = x, y

    @property
    def x(self) -> np.ndarray:
        return self._x[: self._n]

    @property
    def y(self) -> np.ndarray:
        return self._y[: self._n]


class IntegerAxis(pg.AxisItem):
    """An axis with ticks on whole numbers only (epochs: there is no epoch 2.5)."""

    def tickSpacing(self, minVal: float, maxVal: float, size: float):  # noqa: N802, N803 - pyqtgraph API
        levels = []
        for spacing, _offset in super().tickSpacing(minVal, maxVal, size):
            spacing = max(1.0, float(round(spacing)) if spacing >= 1 else 1.0)
            if all(spacing != s for s, _ in levels):
                levels.append((spacing, 0.0))
        return levels


class TrainingPlots(Retranslatable, QWidget):
    """Four small plots fed by the training events; call the ``add_*`` methods from the GUI thread.

    Batch points are buffered immediately and drawn by a coalescing timer (at most ``redraw_hz`` frames a
    second), so a burst of events costs one repaint; epoch points are drawn at once. No grid lines: on a
    software-rendered surface they cost four times the rest of a repaint (measured: ~15 ms of CPU for
    a 1000×800 view against ~4 ms without), which is time the event loop cannot spend on the user.
    """

    def __init__(self, parent: QWidget | None = None, *, redraw_hz: float = 5.0) -> None:
        super().__init__(parent)
        # colours per widget, not pg.setConfigOptions: global options would restyle other panels' plots
        self.view = pg.GraphicsLayoutWidget(self)
        self.view.setBackground("w")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

        self.loss_plot = self._make_plot(0, 0, legend=True)
        self.val_loss_plot = self._make_plot(0, 1, legend=True, integer_x=True)
        self.acc_plot = self._make_plot(1, 0, legend=True, integer_x=True)
        self.lr_plot = self._make_plot(1, 1)
        self.acc_plot.setYRange(0.0, 1.0, padding=0.02)

        blue = (31, 119, 180)
        orange = (255, 127, 14)
        # the raw loss is many thin points: drawn without antialiasing (cheaper, and it is faint anyway)
        self.loss_raw_curve = self.loss_plot.plot(pen=pg.mkPen((*blue, 70), width=1), name="raw",
                                                  antialias=False)
        self.loss_ema_curve = self.loss_plot.plot(pen=pg.mkPen(blue, width=2), name="smoothed",
                                                  antialias=True)
        self.train_epoch_curve = self.val_loss_plot.plot(
            pen=pg.mkPen(blue, width=2), symbol="o", symbolSize=6, symbolBrush=blue, name="train",
            antialias=True)
        self.val_loss_curve = self.val_loss_plot.plot(
            pen=pg.mkPen(orange, width=2), symbol="o", symbolSize=6, symbolBrush=orange,
            name="validation", antialias=True)
        self.acc_curve = self.acc_plot.plot(
            pen=pg.mkPen((44, 160, 44), width=2), symbol="o", symbolSize=6, symbolBrush=(44, 160, 44),
            antialias=True)
        # the EMA weights' accuracy (train.ema): created once, named in the legend only once it has a point
        red = (214, 39, 40)
        self.ema_acc_curve = self.acc_plot.plot(
            pen=pg.mkPen(red, width=2, style=Qt.PenStyle.DashLine), symbol="t", symbolSize=7,
            symbolBrush=red, antialias=True)
        self.lr_curve = self.lr_plot.plot(pen=pg.mkPen((148, 103, 189), width=2), antialias=True)

        self.loss_raw = GrowingSeries()
        self.loss_ema = GrowingSeries()
        self.lr = GrowingSeries()
        self.train_epoch_loss = GrowingSeries(32)
        self.val_loss = GrowingSeries(32)
        self.val_acc = GrowingSeries(32)
        self.ema_val_acc = GrowingSeries(32)
        self.lr_by_epoch = False  # a finished run's history: its learning rate per epoch (metrics.csv), not per step
        self.r2 = False  # a regression run: the accuracy plot shows val R² (set_r2)
        self._ema = 0.0  # the running average from zero; divided by 1 - beta^t when drawn (Adam's bias correction)
        self._ema_n = 0
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, int(1000 / redraw_hz)))
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._redraw_batches)
        self.retranslate()

    def retranslate(self) -> None:
        """Titles, axis labels and legend entries in the current language."""
        for plot, title, xlabel in ((self.loss_plot, self.tr("Training loss"), self.tr("step")),
                                    (self.val_loss_plot, self.tr("Loss per epoch"), self.tr("epoch")),
                                    (self.acc_plot, self.tr("Validation R²") if self.r2
                                     else self.tr("Validation accuracy"), self.tr("epoch")),
                                    (self.lr_plot, self.tr("Learning rate"),
                                     self.tr("epoch") if self.lr_by_epoch else self.tr("step"))):
            plot.setTitle(title, color=FOREGROUND)
            plot.setLabel("bottom", xlabel, color=FOREGROUND)
        names = {self.loss_raw_curve: self.tr("raw"), self.loss_ema_curve: self.tr("smoothed"),
                 self.train_epoch_curve: self.tr("train"), self.val_loss_curve: self.tr("validation"),
                 self.acc_curve: self.tr("raw weights"), self.ema_acc_curve: self.tr("EMA weights")}
        for plot in (self.loss_plot, self.val_loss_plot, self.acc_plot):
            for sample, label in plot.legend.items:
                if sample.item in names:
                    label.setText(names[sample.item])

    def set_r2(self, on: bool) -> None:
        """A regression run keeps its R² where accuracy would be: title it so, and let the y range follow it
        (R² may be below 0; accuracy stays on 0..1)."""
        if on == self.r2:
            return
        self.r2 = on
        if on:
            self.acc_plot.enableAutoRange(y=True)
        else:
            self.acc_plot.setYRange(0.0, 1.0, padding=0.02)
        self.retranslate()

    def _make_plot(self, row: int, col: int, *, legend: bool = False, integer_x: bool = False) -> pg.PlotItem:
        axis_items = {"bottom": IntegerAxis("bottom")} if integer_x else None
        plot = self.view.addPlot(row=row, col=col, axisItems=axis_items)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(pg.mkPen(AXIS))
            axis.setTextPen(pg.mkPen(FOREGROUND))
        plot.setClipToView(True)
        plot.setDownsampling(auto=True, mode="peak")
        if legend:
            plot.addLegend(offset=(-8, 8), labelTextSize="8pt", labelTextColor=FOREGROUND)
        plot.setMenuEnabled(False)
        return plot

    # -- feeding -------------------------------------------------------------------------------
    def clear(self) -> None:
        """Forget all points (a new run starts)."""
        for s in (self.loss_raw, self.loss_ema, self.lr, self.train_epoch_loss, self.val_loss, self.val_acc,
                  self.ema_val_acc):
            s.clear()
        self.acc_plot.legend.clear()  # a run without EMA shows one accuracy curve and no legend
        for plot in (self.loss_plot, self.lr_plot, self.val_loss_plot, self.acc_plot):
            plot.enableAutoRange(x=True)
        self._ema, self._ema_n = 0.0, 0
        self.set_r2(False)
        self.lr_plot.enableAutoRange(y=True)
        if self.lr_by_epoch:
            self.lr_by_epoch = False
            self.retranslate()
        self.redraw()

    def show_history(self, rows: Iterable[dict[str, float]]) -> None:
        """Show a finished run from its metrics.csv rows: loss and accuracy per epoch, the learning rate per
        epoch (the per-batch loss is not in metrics.csv: that plot stays empty)."""
        self.clear()
        rows = list(rows)
        self.set_r2(any("val_r2" in row for row in rows))
        for row in rows:
            self.add_epoch(int(row["epoch"]), row.get("train_loss"), row.get("val_loss"), row.get("val_acc"),
                           ema_val_acc=row.get("ema_val_acc"))
            lr = row.get("lr")
            if lr is not None and math.isfinite(lr):
                self.lr.append(int(row["epoch"]), lr)
        self.lr_by_epoch = True
        self.retranslate()
        self.set_run_length(0, len(rows))
        self.lr_plot.enableAutoRange(x=True)
        self.redraw()

    def set_run_length(self, total_steps: int, epochs: int, first_step: int = 0) -> None:
        """Fix the x axes to the whole run once it is known.

        The curves then grow across a still axis: it shows how far the run has come, and an axis whose
        range does not change every frame is not re-laid-out and re-rendered at every redraw (on a
        software surface the axes are most of a plot's repaint cost).
        """
        for plot in (self.loss_plot, self.lr_plot):
            plot.enableAutoRange(x=False)
            plot.setXRange(first_step, max(first_step + 1, total_steps), padding=0.02)
        for plot in (self.val_loss_plot, self.acc_plot):
            plot.enableAutoRange(x=False)
            plot.setXRange(0.5, max(1, epochs) + 0.5, padding=0)

    def add_batch(self, step: int, loss: float, lr: float | None) -> None:
        """Record one training batch; non-finite losses are kept out of the curve (they would hide it)."""
        if math.isfinite(loss):
            # seeded with zero and bias-corrected: the first points are a plain average of what was seen, so
            # the curve does not start at the first (highest) loss and trail far above the raw one
            self._ema = (1 - EMA_ALPHA) * self._ema + EMA_ALPHA * loss
            self._ema_n += 1
            self.loss_raw.append(step, loss)
            self.loss_ema.append(step, self._ema / (1 - (1 - EMA_ALPHA) ** self._ema_n))
        if lr is not None and math.isfinite(lr):
            self.lr.append(step, lr)
        self._schedule()

    def add_epoch(self, epoch: int, train_loss: float | None, val_loss: float | None,
                  val_acc: float | None, *, ema_val_acc: float | None = None) -> None:
        """Record one finished epoch (1-based ``epoch``); missing values are skipped, not plotted as zero.

        ``ema_val_acc``: the EMA weights' accuracy (train.ema), drawn beside the raw weights' curve."""
        if train_loss is not None and math.isfinite(train_loss):
            self.train_epoch_loss.append(epoch, train_loss)
        if val_loss is not None and math.isfinite(val_loss):
            self.val_loss.append(epoch, val_loss)
        if val_acc is not None and math.isfinite(val_acc):
            self.val_acc.append(epoch, val_acc)
        if ema_val_acc is not None and math.isfinite(ema_val_acc):
            if not len(self.ema_val_acc):  # the first EMA point: both accuracy curves get their names
                self.acc_plot.legend.addItem(self.acc_curve, self.tr("raw weights"))
                self.acc_plot.legend.addItem(self.ema_acc_curve, self.tr("EMA weights"))
            self.ema_val_acc.append(epoch, ema_val_acc)
        self._redraw_epochs()

    def _schedule(self) -> None:
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def redraw(self) -> None:
        """Push all buffers into the curves now."""
        self._redraw_batches()
        self._redraw_epochs()

    def _redraw_batches(self) -> None:
        self._timer.stop()
        self._dirty = False
        self.loss_raw_curve.setData(self.loss_raw.x, self.loss_raw.y)
        self.loss_ema_curve.setData(self.loss_ema.x, self.loss_ema.y)
        self.lr_curve.setData(self.lr.x, self.lr.y)
        self._fit_lr_range()

    def _fit_lr_range(self) -> None:
        """A flat learning rate gets a range around it (autoscale would make it ±0.4 around 0.001)."""
        if not len(self.lr):
            return
        low, high = float(self.lr.y.min()), float(self.lr.y.max())
        if high - low <= 1e-9 * max(abs(high), 1e-12):
            self.lr_plot.enableAutoRange(y=False)
            span = abs(high) * FLAT_LR_SPAN or 1e-6
            self.lr_plot.setYRange(high - span, high + span, padding=0)
        else:
            self.lr_plot.enableAutoRange(y=True)

    def _redraw_epochs(self) -> None:
        self.train_epoch_curve.setData(self.train_epoch_loss.x, self.train_epoch_loss.y)
        self.val_loss_curve.setData(self.val_loss.x, self.val_loss.y)
        self.acc_curve.setData(self.val_acc.x, self.val_acc.y)
        self.ema_acc_curve.setData(self.ema_val_acc.x, self.ema_val_acc.y)

    def flush(self) -> None:
        """Draw pending batch points at once (end of a run, before a screenshot)."""
        if self._dirty:
            self._redraw_batches()
