"""The Search tab's plots: optimisation history, parameter importances, parallel coordinates (pyqtgraph).

They only draw a :class:`~dtf_gui.core.experiments.search.StudySummary`; each ``show`` redraws from scratch
(a study has tens of trials, not thousands).
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from dtf_gui.core.experiments.search import StudySummary, history

# isort: split
import pyqtgraph as pg  # after PySide6 (STYLE §9)

POINT = "#0072B2"
BEST = "#D55E00"
PRUNED = "#999999"


def _plot(parent: QWidget | None) -> pg.PlotWidget:
    w = pg.PlotWidget(parent)
    w.setBackground("w")
    w.showGrid(x=True, y=True, alpha=0.2)
    w.setMinimumHeight(140)
    return w


class HistoryPlot:
    """Val accuracy of each complete trial (points) and the best so far (a step line)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.widget = _plot(parent)
        self.points = self.widget.plot([], [], pen=None, symbol="o", symbolSize=7, symbolBrush=POINT)
        self.best = self.widget.plot([], [], pen=pg.mkPen(BEST, width=2), stepMode=None)

    def show(self, summary: StudySummary | None) -> None:
        xs, ys, best = history(summary) if summary is not None else ([], [], [])
        self.points.setData(xs, ys)
        self.best.setData(xs, best)


class ImportancePlot:
    """One horizontal bar per searched setting (fANOVA-style importances summing to 1)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.widget = _plot(parent)
        self.bars: Any = None
        self.names: list[str] = []

    def show(self, summary: StudySummary | None) -> None:
        if self.bars is not None:
            self.widget.removeItem(self.bars)
            self.bars = None
        items = sorted((summary.importances if summary else {}).items(), key=lambda kv: kv[1])
        self.names = [k for k, _ in items]
        if not items:
            return
        self.bars = pg.BarGraphItem(x0=0, y=list(range(len(items))), height=0.6, width=[v for _, v in items],
                                    brush=POINT)
        self.widget.addItem(self.bars)
        self.widget.getAxis("left").setTicks([[(i, k) for i, k in enumerate(self.names)]])


class ParallelPlot:
    """Parallel coordinates: one vertical axis per setting (values scaled to 0..1; log ranges on a log
    scale; categories evenly spaced) plus val accuracy; one line per complete trial, darker when better."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.widget = _plot(parent)
        self.lines: list[Any] = []
        self.keys: list[str] = []

    def show(self, summary: StudySummary | None) -> None:
        trials = [t for t in (summary.trials if summary else []) if t.state == "COMPLETE" and t.value is not None]
        self.keys = list(summary.space_keys) if summary else []
        if not self.keys:
            trials = []
        for line in self.lines[len(trials):]:
            self.widget.removeItem(line)
        del self.lines[len(trials):]
        if not trials:
            return
        columns = [_scale([t.params.get(k) for t in trials]) for k in self.keys]
        columns.append(_scale([t.value for t in trials]))
        values = [float(t.value or 0.0) for t in trials]
        lo, hi = min(values), max(values)
        xs = list(range(len(columns)))
        for i, v in enumerate(values):
            shade = 0.15 + 0.85 * ((v - lo) / (hi - lo) if hi > lo else 1.0)
            colour = pg.mkColor(BEST if v == hi else POINT)
            colour.setAlphaF(shade)
            pen = pg.mkPen(colour, width=2)
            if i < len(self.lines):  # reuse the line items: making one costs ~10 ms in the GUI thread
                self.lines[i].setData(xs, [c[i] for c in columns], pen=pen)
            else:
                self.lines.append(self.widget.plot(xs, [c[i] for c in columns], pen=pen))
        self.widget.getAxis("bottom").setTicks([[(i, k) for i, k in enumerate([*self.keys, QCoreApplication.translate("ParallelPlot", "val acc")])]])
        self.widget.setXRange(-0.4, len(columns) - 0.6, padding=0)  # room for the first and last axis names


def _scale(values: list[Any]) -> list[float]:
    """Values on 0..1: numbers linearly (log when all positive and spanning > 1 decade), others by rank."""
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        nums = [float(v) for v in values]
        if all(v > 0 for v in nums) and max(nums) / min(nums) > 10:
            nums = [math.log10(v) for v in nums]
        lo, hi = min(nums), max(nums)
        return [(v - lo) / (hi - lo) if hi > lo else 0.5 for v in nums]
    labels = sorted({repr(v) for v in values})
    pos = {k: (i / (len(labels) - 1) if len(labels) > 1 else 0.5) for i, k in enumerate(labels)}
    return [pos[repr(v)] for v in values]
