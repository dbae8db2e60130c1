"""Compare view: 2 to 8 runs side by side -- their curves overlaid, the settings that differ, their results.

The comparison is :func:`dtf_gui.core.experiments.compare.compare_runs` (what ``dtf compare`` prints), run by
a :class:`JobRunner` off the GUI thread ("latest wins": choosing other runs supersedes a comparison still
loading). This view only draws it:

* three plots (loss, validation accuracy, learning rate per epoch), one colour per run from the Okabe-Ito
  palette (told apart with the common kinds of colour blindness), a legend naming the runs; in the loss plot
  the validation loss is solid and the training loss dashed, in the run's colour;
* a table of the settings that differ (one column per run), with the pipeline steps that differ from the
  first run as more rows (the reference's step in its column, the other run's in its own);
* the final metrics side by side.

Fewer than 2 runs show an empty state saying what to do. Runs come from :meth:`set_runs` (the Runs tab, the
main window's ``show_compare``) or from the "Add Run Folder…" button.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.experiments.compare import MAX_RUNS, MIN_RUNS, Comparison, metric_table
from dtf_gui.core.fileio import display_name
from dtf_gui.qt import i18n
from dtf_gui.qt.widgets.plots import AXIS, FOREGROUND, IntegerAxis
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import compare_job

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it (STYLE §9)

#: Okabe & Ito's qualitative palette, reordered so that the first colours read well on white (yellow last)
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442")
#: cell tints of the pipeline rows: a step removed / added / changed against the reference
_TINTS = {"removed": "#fde7e9", "added": "#e6f4ea", "changed": "#fef7e0"}


def run_colour(index: int) -> QColor:
    return QColor(PALETTE[index % len(PALETTE)])


class ComparePanel(i18n.Retranslatable, QWidget):
    """Runs side by side; :meth:`set_runs` chooses them, the comparison loads in a background job."""

    comparison_shown = Signal(object)  # the Comparison now drawn
    comparison_failed = Signal(object)  # what to tell the user (a core Message or text)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ComparePanel")
        self.paths: list[Path] = []
        self.comparison: Comparison | None = None
        self._error: Any = None  # the refusal of the last request (kept as a Message: said again on a switch)
        self.runner = JobRunner(self, name="CompareThread", latest_wins=True)
        self.runner.returned.connect(self._on_runner_returned)
        self.runner.errored.connect(self._on_runner_errored)

        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add_run_folder)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(lambda: self.set_runs([]))
        bar = QHBoxLayout()
        bar.addWidget(self.title, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.clear_button)

        self.empty_label = QLabel()
        self.empty_label.setObjectName("muted")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)

        self.view = pg.GraphicsLayoutWidget()
        self.view.setBackground("w")
        self.view.setMinimumHeight(220)
        self.loss_plot = self._make_plot(0, integer_x=True)
        self.acc_plot = self._make_plot(1, integer_x=True)
        self.lr_plot = self._make_plot(2, integer_x=True)
        self.acc_plot.setYRange(0.0, 1.0, padding=0.02)
        self.lr_plot.setLogMode(y=True)  # runs that differ in learning rate differ by factors

        self.settings_title = QLabel()
        self.settings_title.setObjectName("sectionTitle")
        self.settings_table = self._make_table()
        self.metrics_title = QLabel()
        self.metrics_title.setObjectName("sectionTitle")
        self.metrics_table = self._make_table()
        tables = QSplitter(Qt.Orientation.Horizontal)
        for title, table in ((self.settings_title, self.settings_table), (self.metrics_title, self.metrics_table)):
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(title)
            lay.addWidget(table, 1)
            tables.addWidget(box)
        tables.setStretchFactor(0, 3)
        tables.setStretchFactor(1, 2)
        content = QSplitter(Qt.Orientation.Vertical)
        content.addWidget(self.view)
        content.addWidget(tables)
        content.setStretchFactor(0, 1)
        content.setStretchFactor(1, 1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        self.retranslate()

    # -- building ---------------------------------------------------------------------------------
    def _make_plot(self, col: int, *, integer_x: bool = False) -> pg.PlotItem:
        axis_items = {"bottom": IntegerAxis("bottom")} if integer_x else None
        plot = self.view.addPlot(row=0, col=col, axisItems=axis_items)
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(pg.mkPen(AXIS))
            axis.setTextPen(pg.mkPen(FOREGROUND))
        plot.addLegend(offset=(-8, 8), labelTextSize="8pt", labelTextColor=FOREGROUND)
        plot.setMenuEnabled(False)
        return plot

    def _make_table(self) -> QTableWidget:
        table = QTableWidget(0, 0)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setWordWrap(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    # -- requests -----------------------------------------------------------------------------------
    def set_runs(self, paths: Sequence[str | Path]) -> None:
        """Compare these run folders (2 to 8); fewer show the empty state, more are refused with a message."""
        self.paths = [Path(p) for p in paths]
        self._error = None
        if len(self.paths) < MIN_RUNS:
            self.runner.stop()  # a comparison still loading is no longer wanted
            self.comparison = None
            self._show()
            return
        self.title.setText(self.tr("Comparing {0} runs…").format(len(self.paths)))
        self.runner.start(compare_job(self.paths))

    def add_run_folder(self) -> None:
        """Ask for one more run folder and compare it with those already chosen."""
        start = str(self.paths[-1].parent) if self.paths else ""
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add a Run Folder to Compare"), start)
        if folder:
            self.set_runs([*self.paths, Path(folder)])

    # -- results ------------------------------------------------------------------------------------
    def _on_runner_returned(self, comparison: Comparison) -> None:
        if len(self.paths) < MIN_RUNS:  # cleared while it loaded
            return
        self.comparison = comparison
        self._show()
        self.comparison_shown.emit(comparison)

    def _on_runner_errored(self, message: Any, _details: str) -> None:
        self.comparison = None
        self._error = message
        self._show()
        self.comparison_failed.emit(message)

    def _show(self) -> None:
        """Draw what there is: the comparison, or the empty state with what to do."""
        c = self.comparison
        self.clear_button.setEnabled(bool(self.paths))
        if c is None:
            self.stack.setCurrentIndex(0)
            self.title.setText(self.tr("Compare Runs"))
            if self._error is not None:
                self.empty_label.setText(i18n.text(self._error))
            elif len(self.paths) == 1:
                self.empty_label.setText(self.tr("{0} is chosen. Add at least one more run to compare.").format(
                    display_name(self.paths[0].name)))
            else:
                self.empty_label.setText(self.tr(
                    "Choose {0} to {1} runs to compare them: their curves overlaid, the settings that differ and "
                    "their final metrics side by side.").format(MIN_RUNS, MAX_RUNS))
            for plot in (self.loss_plot, self.acc_plot, self.lr_plot):
                plot.clear()
            for table in (self.settings_table, self.metrics_table):
                table.setRowCount(0)
                table.setColumnCount(0)
            return
        self.stack.setCurrentIndex(1)
        self.title.setText(self.tr("Comparing {0} runs (reference: {1})").format(
            len(c.runs), display_name(c.runs[0].name)))
        for note in c.notes:
            self.title.setToolTip(i18n.text(note))
        self._draw_curves(c)
        self._fill_settings(c)
        self._fill_metrics(c)

    def _draw_curves(self, c: Comparison) -> None:
        for plot in (self.loss_plot, self.acc_plot, self.lr_plot):
            plot.clear()
        for i, (run, rows) in enumerate(zip(c.runs, c.curves, strict=True)):
            colour = run_colour(i)
            name = display_name(run.name)
            solid = pg.mkPen(colour, width=2)
            dashed = pg.mkPen(colour, width=2, style=Qt.PenStyle.DashLine)
            x, val_loss = _series(rows, "val_loss")
            self.loss_plot.plot(x, val_loss, pen=solid, symbol="o", symbolSize=5, symbolBrush=colour,
                                symbolPen=colour, name=name)
            x, train_loss = _series(rows, "train_loss")
            self.loss_plot.plot(x, train_loss, pen=dashed)  # no name: the legend lists each run once
            x, acc = _series(rows, "val_acc")
            self.acc_plot.plot(x, acc, pen=solid, symbol="o", symbolSize=5, symbolBrush=colour, symbolPen=colour,
                               name=name)
            x, lr = _series(rows, "lr", positive=True)
            self.lr_plot.plot(x, lr, pen=solid, name=name)

    def _header(self, table: QTableWidget, c: Comparison) -> None:
        table.setColumnCount(len(c.runs))
        for i, run in enumerate(c.runs):
            item = QTableWidgetItem(display_name(run.name))
            item.setIcon(_swatch(run_colour(i)))
            item.setToolTip(display_name(run.path))
            table.setHorizontalHeaderItem(i, item)

    def _fill_settings(self, c: Comparison) -> None:
        table = self.settings_table
        table.clear()
        self._header(table, c)
        rows: list[tuple[str, str, list[QTableWidgetItem]]] = []
        for s in c.settings:
            rows.append((s.key, "", [QTableWidgetItem(display_name(t)) for t in s.texts()]))
        for row in c.pipeline_rows():
            cells = []
            for text, kind in zip(row.cells, row.kinds, strict=True):
                item = QTableWidgetItem(text)
                if kind is not None:
                    item.setBackground(QBrush(QColor(_TINTS[kind])))
                else:
                    item.setForeground(QBrush(QColor("#5f6368")))  # as in the reference
                cells.append(item)
            rows.append((i18n.text(row.where), "\n".join(i18n.text(d.message) for d in row.diffs), cells))
        if not rows:
            rows.append((self.tr("(none)"), "", [QTableWidgetItem(self.tr("The settings and pipelines are the same."))
                                                  if i == 0 else QTableWidgetItem("") for i in range(len(c.runs))]))
        table.setRowCount(len(rows))
        for r, (label, tip, cells) in enumerate(rows):
            head = QTableWidgetItem(label)
            head.setToolTip(tip)
            table.setVerticalHeaderItem(r, head)
            for col, cell in enumerate(cells):
                cell.setToolTip(tip or cell.text())
                table.setItem(r, col, cell)
        table.resizeColumnsToContents()

    def _fill_metrics(self, c: Comparison) -> None:
        table = self.metrics_table
        table.clear()
        self._header(table, c)
        rows = metric_table(c.metrics)
        table.setRowCount(len(rows))
        for r, (label, cells) in enumerate(rows):
            table.setVerticalHeaderItem(r, QTableWidgetItem(i18n.text(label)))
            for col, cell in enumerate(cells):
                item = QTableWidgetItem(i18n.text(cell))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(r, col, item)
        table.resizeColumnsToContents()

    # -- language -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.add_button.setText(self.tr("Add Run Folder…"))
        self.add_button.setToolTip(self.tr("Add one more run folder to the comparison"))
        self.clear_button.setText(self.tr("Clear"))
        self.settings_title.setText(self.tr("Settings that differ"))
        self.metrics_title.setText(self.tr("Final metrics"))
        for plot, title in ((self.loss_plot, self.tr("Loss (solid: validation, dashed: training)")),
                            (self.acc_plot, self.tr("Validation accuracy")),
                            (self.lr_plot, self.tr("Learning rate"))):
            plot.setTitle(title, color=FOREGROUND, size="9pt")
            plot.setLabel("bottom", self.tr("epoch"), color=FOREGROUND)
        self._show()

    def shutdown(self) -> None:
        """Stop a comparison still loading and wait for its thread (the window is closing)."""
        self.runner.shutdown()


def _series(rows: list[dict[str, float]], key: str, *, positive: bool = False) -> tuple[list[float], list[float]]:
    """(epochs, values) of one column, leaving out missing and non-finite values (and non-positive ones for a
    log axis) rather than drawing them as zero."""
    xs, ys = [], []
    for r in rows:
        v = r.get(key)
        if v is None or not math.isfinite(v) or (positive and v <= 0):
            continue
        xs.append(float(r["epoch"]))
        ys.append(float(v))
    return xs, ys


def _swatch(colour: QColor) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(colour)
    return QIcon(pix)
