"""Evaluation view: where a trained model fails, and why.

Evaluates the current run (AppState's run directory) or any run/bundle folder on a dataset split in a
background job, exactly as ``dtf eval`` does (:func:`dtf_gui.core.runs.evaluate.run_evaluation`), then draws:
headline numbers (accuracy, top-k, macro/weighted precision, recall and F1, AUC), a sortable per-class
table, a confusion matrix with counts or row-normalised rates whose cells open the mistakes gallery,
one-vs-rest ROC curves with the AUC in the legend (one curve for two classes), and the run's training
history. The report exports as metrics JSON, per-class / confusion / predictions CSV and PNGs of the plots.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.errors import DtfError
from dtf_gui.core.fileio import atomic_write_text
from dtf_gui.core.runs.evaluate import EvalOutcome, EvalRequest
from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.gallery import MistakesGallery
from dtf_gui.qt.widgets.model_source import ModelSourcePicker
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import evaluation_job

# isort: split
import pyqtgraph as pg  # after PySide6, so pyqtgraph binds to it (STYLE §9)

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# a colour-blind-safe qualitative palette (Tableau 10) for the ROC curves
PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac")
_LOW = np.array([255, 255, 255], dtype=np.float64)
_HIGH = np.array([26, 115, 232], dtype=np.float64)  # the theme's accent blue
_WRONG = np.array([217, 48, 37], dtype=np.float64)  # red for off-diagonal mass


MIN_TINT = 0.2  # a cell with any image is at least this far from white: one mistake in 100 must show


def cell_colour(rate: float, diagonal: bool) -> QColor:
    """White -> blue on the diagonal (right), white -> red off it (wrong), by the row-normalised rate; a
    non-empty cell is never paler than ``MIN_TINT`` (an empty one is white, see ``ConfusionModel.data``)."""
    rate = float(min(max(rate, 0.0), 1.0))
    tint = max(rate ** 0.7, MIN_TINT) if rate > 0 else 0.0
    rgb = _LOW + ((_HIGH if diagonal else _WRONG) - _LOW) * tint
    return QColor(*(int(round(v)) for v in rgb))


class ConfusionModel(QAbstractTableModel):
    """Rows = true class, columns = predicted class; counts or row-normalised rates, coloured by rate."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.classes: list[str] = []
        self.matrix = np.zeros((0, 0), dtype=np.int64)
        self.normalized = False

    def set_matrix(self, matrix: Any, classes: list[str]) -> None:
        self.beginResetModel()
        self.matrix = np.asarray(matrix, dtype=np.int64)
        self.classes = list(classes)
        self.endResetModel()

    def set_normalized(self, on: bool) -> None:
        self.normalized = bool(on)
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def rates(self) -> np.ndarray:
        sums = self.matrix.sum(axis=1, keepdims=True)
        return np.divide(self.matrix, sums, out=np.zeros(self.matrix.shape, dtype=np.float64), where=sums > 0)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else self.matrix.shape[0]

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else self.matrix.shape[1]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        count = int(self.matrix[r, c])
        rate = float(self.rates()[r, c])
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{rate:.2f}" if self.normalized else str(count)
        if role == Qt.ItemDataRole.BackgroundRole:
            return cell_colour(rate, r == c) if count else QColor("#ffffff")
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#ffffff") if rate > 0.55 else QColor("#202124")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return QCoreApplication.translate(
                "EvaluationPanel", "true {0}, predicted {1}: {2} image(s), {3:.1%} of {0}\nClick to see them.").format(
                self.classes[r], self.classes[c], count, rate)
        if role == SORT_ROLE:
            return count
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.classes):
            return self.classes[section]
        if role == Qt.ItemDataRole.ToolTipRole and 0 <= section < len(self.classes):
            return (QCoreApplication.translate("EvaluationPanel", "predicted {0}")
                    if orientation == Qt.Orientation.Horizontal
                    else QCoreApplication.translate("EvaluationPanel", "true {0}")).format(self.classes[section])
        return None


class ConfusionView(QWidget):
    """The matrix as a table of coloured cells; a click emits ``cell_clicked(true, predicted)``."""

    cell_clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ConfusionModel(self)
        lay = QGridLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.pred_label = QLabel()
        self.pred_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pred_label.setObjectName("muted")
        self.true_label = QLabel()
        self.true_label.setObjectName("muted")
        self.true_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(True)
        self.table.setStyleSheet("QTableView { gridline-color: #e8eaed; border: 1px solid #dadce0; }"
                                 "QTableView::item:selected { border: 2px solid #202124; }")
        for header in (self.table.horizontalHeader(), self.table.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            header.setMinimumSectionSize(18)
        self.table.clicked.connect(self._on_table_clicked)
        lay.addWidget(self.pred_label, 0, 1)
        lay.addWidget(self.true_label, 1, 0)
        lay.addWidget(self.table, 1, 1)

    def set_titles(self, pred: str, true: str) -> None:
        self.pred_label.setText(pred)
        self.true_label.setText("\n".join(true))  # vertical, one letter a line

    def _on_table_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.cell_clicked.emit(index.row(), index.column())

    def click_cell(self, true: int, pred: int) -> None:
        """Select a cell as a click would (keyboard users, tests)."""
        index = self.model.index(true, pred)
        self.table.setCurrentIndex(index)
        self._on_table_clicked(index)


def _metric_card(parent_layout: QHBoxLayout) -> tuple[QLabel, QLabel]:
    frame = QFrame()
    frame.setObjectName("metricCard")
    frame.setStyleSheet("#metricCard { background: #ffffff; border: 1px solid #dadce0; border-radius: 6px; }")
    lay = QVBoxLayout(frame)
    lay.setContentsMargins(10, 6, 10, 6)
    lay.setSpacing(0)
    value = QLabel("–")
    value.setStyleSheet("font-size: 15pt; font-weight: 600; color: #202124;")
    name = QLabel()
    name.setObjectName("muted")
    lay.addWidget(value)
    lay.addWidget(name)
    parent_layout.addWidget(frame)
    return value, name


def per_class_rows(metrics: dict[str, Any]) -> list[dict[str, Any]]:
    """One dict per class: class, precision, recall, f1, support, auc (None when undefined)."""
    pc = metrics["per_class"]
    roc = metrics["roc"]
    aucs = roc["auc"] if roc["kind"] == "ovr" else [None] * len(metrics["classes"])
    return [{"class": name, "precision": pc["precision"][i], "recall": pc["recall"][i], "f1": pc["f1"][i],
             "support": pc["support"][i], "auc": aucs[i]} for i, name in enumerate(metrics["classes"])]


def per_class_csv(metrics: dict[str, Any]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["class", "precision", "recall", "f1", "support", "auc"])
    for row in per_class_rows(metrics):
        w.writerow([row["class"], *(f"{row[k]:.6f}" for k in ("precision", "recall", "f1")), row["support"],
                    "" if row["auc"] is None else f"{row['auc']:.6f}"])
    return buf.getvalue()


class EvaluationPanel(i18n.Retranslatable, QWidget):
    """The Evaluate tab. ``evaluate()`` starts the job; ``evaluation_finished(outcome)`` follows the drawing."""

    evaluation_finished = Signal(object)  # EvalOutcome, after every view was filled
    evaluation_failed = Signal(str)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.outcome: EvalOutcome | None = None
        self.job = JobRunner(self, name="EvalThread", latest_wins=True)
        self.roc_items: list[Any] = []
        self.roc_aucs: list[float | None] = []
        self.roc_names: list[str] = []
        self.history_items: dict[str, Any] = {}
        self._data_root_edited = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(6)

        # -- what to evaluate ---------------------------------------------------------------------------
        src = QGridLayout()
        src.setHorizontalSpacing(8)
        self.model_title = QLabel()
        self.model_title.setObjectName("sectionTitle")
        self.source = ModelSourcePicker(state)
        self.data_title = QLabel()
        self.data_title.setObjectName("sectionTitle")
        self.data_edit = QLineEdit(state.data_root)
        self.data_edit.textEdited.connect(self._on_data_edit_edited)
        self.data_browse = QPushButton()
        self.data_browse.clicked.connect(self._on_data_browse_clicked)
        self.split_label = QLabel()
        self.split_combo = QComboBox()
        self.split_combo.addItem("val", "val")
        self.split_combo.addItem("train", "train")
        self.split_combo.addItem("all", "all")  # a separate test folder of class folders, unsplit
        self.which_label = QLabel()
        self.which_combo = QComboBox()
        self.which_combo.addItem("best", "best")
        self.which_combo.addItem("last", "last")
        self.eval_button = QPushButton()
        self.eval_button.setObjectName("primary")
        self.eval_button.setStyleSheet("QPushButton#primary { background: #1a73e8; color: white; border: 0; "
                                       "padding: 5px 16px; font-weight: 600; }"
                                       "QPushButton#primary:disabled { background: #aecbfa; }")
        self.eval_button.clicked.connect(self.evaluate)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self._on_export_clicked)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        src.addWidget(self.model_title, 0, 0)
        src.addWidget(self.source, 0, 1, 1, 4)
        src.addWidget(self.which_label, 0, 5)
        src.addWidget(self.which_combo, 0, 6)
        src.addWidget(self.eval_button, 0, 7)
        src.addWidget(self.stop_button, 0, 8)
        src.addWidget(self.data_title, 1, 0)
        src.addWidget(self.data_edit, 1, 1, 1, 3)
        src.addWidget(self.data_browse, 1, 4)
        src.addWidget(self.split_label, 1, 5)
        src.addWidget(self.split_combo, 1, 6)
        src.addWidget(self.progress, 1, 7)
        src.addWidget(self.export_button, 1, 8)
        src.setColumnStretch(3, 1)
        outer.addLayout(src)
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)

        # -- headline numbers ------------------------------------------------------------------------------
        cards = QHBoxLayout()
        cards.setSpacing(6)
        self.cards: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("accuracy", "top_k", "macro_f1", "macro_pr", "weighted_f1", "weighted_pr", "auc", "loss",
                    "samples"):
            self.cards[key] = _metric_card(cards)
        outer.addLayout(cards)

        # -- table | matrix | ROC -----------------------------------------------------------------------------
        self.per_class_model = QStandardItemModel(0, 6, self)
        self.per_class_proxy = QSortFilterProxyModel(self)
        self.per_class_proxy.setSourceModel(self.per_class_model)
        self.per_class_proxy.setSortRole(SORT_ROLE)
        self.per_class_table = QTableView()
        self.per_class_table.setModel(self.per_class_proxy)
        self.per_class_table.setSortingEnabled(True)
        self.per_class_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.per_class_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.per_class_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.per_class_table.verticalHeader().hide()
        self.per_class_table.setAlternatingRowColors(True)
        self.per_class_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.per_class_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.per_class_title = QLabel()
        self.per_class_title.setObjectName("sectionTitle")

        self.confusion = ConfusionView()
        self.confusion.cell_clicked.connect(self._on_confusion_cell_clicked)
        self.confusion_title = QLabel()
        self.confusion_title.setObjectName("sectionTitle")
        self.normalize_check = QCheckBox()
        self.normalize_check.toggled.connect(self.confusion.model.set_normalized)

        self.roc_plot = pg.PlotWidget(background="w")
        self.roc_plot.setMinimumSize(260, 220)
        self.roc_plot.showGrid(x=True, y=True, alpha=0.2)
        self.roc_plot.setXRange(0, 1, padding=0.02)
        self.roc_plot.setYRange(0, 1, padding=0.02)
        self.roc_plot.setAspectLocked(False)
        self.roc_legend = self.roc_plot.addLegend(offset=(-8, 8), labelTextSize="8pt")
        self.roc_title = QLabel()
        self.roc_title.setObjectName("sectionTitle")

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(_column(self.per_class_title, self.per_class_table))
        conf_head = QHBoxLayout()
        conf_head.addWidget(self.confusion_title, 1)
        conf_head.addWidget(self.normalize_check)
        splitter.addWidget(_column(conf_head, self.confusion))
        splitter.addWidget(_column(self.roc_title, self.roc_plot))
        splitter.setSizes([430, 430, 430])
        splitter.setChildrenCollapsible(False)

        # -- gallery | history -----------------------------------------------------------------------------------
        self.gallery = MistakesGallery(state)
        self.gallery.files_moved.connect(self._on_gallery_files_moved)
        self._moved: set[str] = set()  # images moved by curation since these metrics were computed
        self.history_plot = pg.PlotWidget(background="w")
        self.history_plot.showGrid(x=True, y=True, alpha=0.2)
        self.history_legend = self.history_plot.addLegend(offset=(-8, 8), labelTextSize="8pt")
        self.history_summary = QLabel()
        self.history_summary.setObjectName("summary")
        self.history_summary.setWordWrap(True)
        history = QWidget()
        hl = QVBoxLayout(history)
        hl.setContentsMargins(0, 4, 0, 0)
        hl.addWidget(self.history_summary)
        hl.addWidget(self.history_plot, 1)
        self.bottom_tabs = QTabWidget()
        self.bottom_tabs.addTab(self.gallery, "")
        self.bottom_tabs.addTab(history, "")

        vsplit = QSplitter(Qt.Orientation.Vertical)
        vsplit.addWidget(splitter)
        vsplit.addWidget(self.bottom_tabs)
        vsplit.setSizes([440, 300])
        vsplit.setChildrenCollapsible(False)
        outer.addWidget(vsplit, 1)

        self.job.progressed.connect(self._on_job_progressed)
        self.job.returned.connect(self._on_job_returned)
        self.job.errored.connect(self._on_job_errored)
        self.job.cancelled.connect(self._on_job_cancelled)
        self.job.running_changed.connect(self._update_buttons)
        state.data_root_changed.connect(self._on_state_data_root_changed)
        state.training_status_changed.connect(self._update_buttons)
        self.source.changed.connect(self._update_buttons)
        self.data_edit.textChanged.connect(self._update_buttons)
        self.retranslate()
        self._update_buttons()

    # -- labels --------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.model_title.setText(self.tr("Model"))
        self.data_title.setText(self.tr("Data"))
        self.data_edit.setPlaceholderText(self.tr("dataset folder (defaults to the one open in the Data view)"))
        self.data_browse.setText(self.tr("Browse…"))
        self.split_label.setText(self.tr("Split"))
        self.split_combo.setItemText(0, self.tr("val"))
        self.split_combo.setItemText(1, self.tr("train"))
        self.split_combo.setItemText(2, self.tr("all images"))
        self.split_combo.setToolTip(self.tr("'all images' evaluates every image of the folder, unsplit: choose "
                                            "it for a separate test folder of class folders"))
        self.which_label.setText(self.tr("Checkpoint"))
        self.which_combo.setItemText(0, self.tr("best"))
        self.which_combo.setItemText(1, self.tr("last"))
        self.eval_button.setText(self.tr("Evaluate"))
        self.stop_button.setText(self.tr("Stop"))
        self.export_button.setText(self.tr("Export report…"))
        self.export_button.setToolTip(self.tr("metrics.json, per_class.csv, confusion_matrix.csv, predictions.csv "
                                              "and PNG images of the plots"))
        names = {"accuracy": self.tr("accuracy"), "top_k": self.tr("top-5 accuracy"),
                 "macro_f1": self.tr("macro F1"), "macro_pr": self.tr("macro precision / recall"),
                 "weighted_f1": self.tr("weighted F1"), "weighted_pr": self.tr("weighted precision / recall"),
                 "auc": self.tr("AUC"), "loss": self.tr("log loss"), "samples": self.tr("images")}
        for key, (_, name) in self.cards.items():
            name.setText(names[key])
        self.per_class_title.setText(self.tr("Per class (click a header to sort)"))
        self.per_class_model.setHorizontalHeaderLabels([self.tr("class"), self.tr("precision"), self.tr("recall"),
                                                        self.tr("F1"), self.tr("support"), self.tr("AUC")])
        self.confusion_title.setText(self.tr("Confusion matrix (click a cell)"))
        self.confusion.set_titles(self.tr("predicted →"), self.tr("true"))
        self.normalize_check.setText(self.tr("Row-normalised"))
        self.normalize_check.setToolTip(self.tr("Show each row as rates (recall on the diagonal) instead of counts"))
        self.roc_title.setText(self.tr("ROC curves (one-vs-rest)"))
        self.roc_plot.setLabel("bottom", self.tr("false positive rate"))
        self.roc_plot.setLabel("left", self.tr("true positive rate"))
        self.history_plot.setLabel("bottom", self.tr("epoch"))
        self.bottom_tabs.setTabText(0, self.tr("Mistakes"))
        self.bottom_tabs.setTabText(1, self.tr("Training history"))
        if self.outcome is not None:
            self._draw(self.outcome)
        else:
            self.status.setText(self.tr("Train a model (or open a run or bundle folder), then press Evaluate."))
            self.history_summary.setText(self.tr("The training history of the run appears here."))

    # -- source ------------------------------------------------------------------------------------------------
    def model_path(self) -> str:
        return self.source.path()

    def data_root(self) -> str:
        return self.data_edit.text().strip() or self.state.data_root

    def set_model_path(self, path: str | Path) -> None:
        """Evaluate ``path`` (a run directory or a bundle) instead of the current run."""
        self.source.set_path(path)

    def set_data_root(self, path: str | Path) -> None:
        self._data_root_edited = True
        self.data_edit.setText(str(path))

    def _on_state_data_root_changed(self, root: str) -> None:
        if not self._data_root_edited:
            self.data_edit.setText(root)

    def _on_data_edit_edited(self, _text: str) -> None:
        self._data_root_edited = True

    def _on_data_browse_clicked(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose the dataset folder"),
                                                self.data_root() or str(Path.home()))
        if path:
            self.set_data_root(path)

    def _update_buttons(self, *_: Any) -> None:
        running = self.job.running
        self.eval_button.setEnabled(not running and bool(self.model_path()) and bool(self.data_root()))
        self.stop_button.setEnabled(running)
        self.export_button.setEnabled(not running and self.outcome is not None)
        self.progress.setVisible(running)

    # -- the job --------------------------------------------------------------------------------------------------
    def request(self) -> EvalRequest:
        return EvalRequest(model_path=self.model_path(), data_root=self.data_root(),
                           split=str(self.split_combo.currentData()), which=str(self.which_combo.currentData()))

    def evaluate(self) -> bool:
        """Start evaluating (in the background); False with a message when something is missing."""
        if not self.model_path():
            self.state.post_message(self.tr("No model yet: train one, or choose a run or bundle folder."))
            return False
        if not self.data_root():
            self.state.post_message(self.tr("Choose the dataset folder to evaluate on."))
            return False
        if self.source.is_current() and self.state.is_training:
            self.state.post_message(self.tr("Training is still running; evaluating its best checkpoint so far."))
        req = self.request()
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Evaluating {0} on the {1} split of {2}…").format(
            Path(req.model_path).name, req.split, req.data_root))
        self.job.start(evaluation_job(req))
        self._update_buttons()
        return True

    def stop(self) -> None:
        self.job.stop()

    def _on_job_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("{0} / {1} images").format(done, total))

    def _on_job_returned(self, outcome: EvalOutcome) -> None:
        self.show_outcome(outcome)

    def _on_job_errored(self, message: Any, details: str) -> None:
        text = i18n.text(message)
        self.status.setText(self.tr("Evaluation failed: {0}").format(text.splitlines()[0] if text else ""))
        self.state.report_error(message, details)
        self.evaluation_failed.emit(text)

    def _on_job_cancelled(self) -> None:
        self.status.setText(self.tr("Evaluation stopped."))

    # -- drawing --------------------------------------------------------------------------------------------------
    def show_outcome(self, outcome: EvalOutcome) -> None:
        """Fill every view from an evaluation (what the job calls when it is done)."""
        self.outcome = outcome
        self._moved = set()
        self._show_stale()
        self.gallery.set_outcome(outcome)
        self._draw(outcome)
        self._update_buttons()
        self.evaluation_finished.emit(outcome)

    def _draw(self, outcome: EvalOutcome) -> None:
        m = outcome.result.metrics
        r = outcome.result
        self.status.setText(self.tr("{0} ({1}, {2}) on the {3} split of {4}: {5} images in {6:.1f} s").format(
            Path(outcome.info.get("path", "")).name, outcome.info.get("arch", "?"),
            outcome.extra.get("checkpoint") or "", outcome.request.split, outcome.request.data_root,
            m["num_samples"], r.seconds))
        if self._moved:
            n = len(self._moved)
            self.status.setText(
                self.tr("Out of date: 1 image was moved since this evaluation. Press Evaluate to update the "
                        "numbers.") if n == 1 else
                self.tr("Out of date: {0} images were moved since this evaluation. Press Evaluate to update the "
                        "numbers.").format(n))
        for note in outcome.notes:  # e.g. a run stopped in its first epoch: its last checkpoint was evaluated
            self.status.setText(self.status.text() + "\n" + i18n.text(note))
        self._fill_cards(m)
        self._fill_per_class(m)
        self.confusion.model.set_matrix(m["confusion_matrix"], m["classes"])
        self._draw_roc(m)
        self._draw_history(outcome.history)

    def _on_gallery_files_moved(self, paths: list[str]) -> None:
        """Curation changed the dataset: the numbers shown describe the folder as it was."""
        moved = {it.path for it in self.gallery.model.items if it.moved_to is not None}
        for p in paths:
            (self._moved.add if p in moved else self._moved.discard)(p)
        self._show_stale()
        if self.outcome is not None:
            self._draw(self.outcome)

    def _show_stale(self) -> None:
        """Grey numbers while they describe the folder as it was before curation moved images."""
        colour = "#9aa0a6" if self._moved else "#202124"
        for value, _name in self.cards.values():
            value.setStyleSheet(f"font-size: 15pt; font-weight: 600; color: {colour};")

    def _fill_cards(self, m: dict[str, Any]) -> None:
        def pct(v: float | None) -> str:
            return "–" if v is None else f"{v:.1%}"

        topk = {k: v for k, v in m["top_k_accuracy"].items() if k != "1"}
        k, v = (max(topk.items(), key=lambda kv: int(kv[0])) if topk else ("5", None))
        self.cards["accuracy"][0].setText(pct(m["accuracy"]))
        self.cards["top_k"][0].setText(pct(v))
        self.cards["top_k"][1].setText(self.tr("top-{0} accuracy").format(k))
        self.cards["macro_f1"][0].setText(f"{m['macro']['f1']:.3f}")
        self.cards["macro_pr"][0].setText(f"{m['macro']['precision']:.3f} / {m['macro']['recall']:.3f}")
        self.cards["weighted_f1"][0].setText(f"{m['weighted']['f1']:.3f}")
        self.cards["weighted_pr"][0].setText(f"{m['weighted']['precision']:.3f} / {m['weighted']['recall']:.3f}")
        auc = m["roc"]["macro_auc"]
        self.cards["auc"][0].setText("–" if auc is None else f"{auc:.3f}")
        self.cards["auc"][1].setText(self.tr("AUC (macro, one-vs-rest)") if m["roc"]["kind"] == "ovr"
                                     else self.tr("AUC ({0} positive)").format(m["roc"].get("positive_class")))
        self.cards["loss"][0].setText(f"{m['log_loss']:.3f}")
        self.cards["samples"][0].setText(str(m["num_samples"]))

    def _fill_per_class(self, m: dict[str, Any]) -> None:
        sort_col = self.per_class_table.horizontalHeader().sortIndicatorSection()
        sort_order = self.per_class_table.horizontalHeader().sortIndicatorOrder()
        self.per_class_model.removeRows(0, self.per_class_model.rowCount())
        for row in per_class_rows(m):
            items = [QStandardItem(row["class"])]
            items[0].setData(row["class"].lower(), SORT_ROLE)
            for key in ("precision", "recall", "f1", "support", "auc"):
                v = row[key]
                it = QStandardItem("n/a" if v is None else (str(v) if key == "support" else f"{v:.3f}"))
                it.setData(-1.0 if v is None else float(v), SORT_ROLE)
                it.setData(v, Qt.ItemDataRole.UserRole + 2)  # the exact number, for tests and copy
                it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if key == "recall" and v is not None and v < 0.5:
                    it.setForeground(QColor("#c5221f"))
                items.append(it)
            self.per_class_model.appendRow(items)
        if 0 <= sort_col < 6:
            self.per_class_proxy.sort(sort_col, sort_order)

    def _draw_roc(self, m: dict[str, Any]) -> None:
        for item in self.roc_items:
            self.roc_plot.removeItem(item)
        self.roc_legend.clear()
        self.roc_items, self.roc_aucs, self.roc_names = [], [], []
        roc = m["roc"]
        diag = self.roc_plot.plot([0, 1], [0, 1], pen=pg.mkPen("#9aa0a6", width=1, style=Qt.PenStyle.DashLine))
        self.roc_items.append(diag)
        self.roc_legend.removeItem(diag)
        self.roc_title.setText(self.tr("ROC curve ({0} positive)").format(roc.get("positive_class"))
                               if roc["kind"] == "binary" else self.tr("ROC curves (one-vs-rest)"))
        for i, (curve, auc) in enumerate(zip(roc["curves"], roc["auc"], strict=True)):
            if curve is None:
                continue
            name = f"{curve['class']} (AUC {auc:.3f})"
            item = self.roc_plot.plot(np.asarray(curve["fpr"], dtype=float), np.asarray(curve["tpr"], dtype=float),
                                      pen=pg.mkPen(PALETTE[i % len(PALETTE)], width=2), name=name)
            self.roc_items.append(item)
            self.roc_aucs.append(auc)
            self.roc_names.append(str(curve["class"]))

    def roc_curves(self) -> list[Any]:
        """The ROC curve items drawn (the dashed chance line left out)."""
        return self.roc_items[1:]

    def _draw_history(self, history: list[dict[str, float]]) -> None:
        self.history_plot.clear()
        self.history_legend.clear()
        self.history_items = {}
        if not history:
            self.history_summary.setText(self.tr("No training history: a bundle carries only its final metrics, "
                                                 "and a run shows its metrics.csv here."))
            return
        epochs = np.array([h["epoch"] for h in history], dtype=float)
        styles = {"train_loss": ("#4e79a7", self.tr("train loss")), "val_loss": ("#f28e2b", self.tr("val loss")),
                  "val_acc": ("#59a14f", self.tr("val accuracy"))}
        for key, (colour, name) in styles.items():
            ys = np.array([h.get(key, np.nan) for h in history], dtype=float)
            if np.isfinite(ys).any():
                self.history_items[key] = self.history_plot.plot(
                    epochs, ys, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=5, symbolBrush=colour,
                    name=name)
        accs = [h.get("val_acc") for h in history]
        best_i = int(np.nanargmax(np.array([a if a is not None else np.nan for a in accs], dtype=float))) \
            if any(a is not None for a in accs) else len(history) - 1
        best = history[best_i]
        total_s = sum(h.get("seconds", 0.0) for h in history)
        last = history[-1]
        self.history_summary.setText(self.tr(
            "{0} epoch(s) in {1:.0f} s · best val accuracy {2:.1%} at epoch {3} · last epoch: train loss {4:.3f}, "
            "val loss {5:.3f}, val accuracy {6:.1%}").format(
            len(history), total_s, best.get("val_acc", float("nan")), int(best["epoch"]),
            last.get("train_loss", float("nan")), last.get("val_loss", float("nan")),
            last.get("val_acc", float("nan"))))

    def _on_confusion_cell_clicked(self, true: int, pred: int) -> None:
        self.gallery.show_cell(true, pred)
        self.bottom_tabs.setCurrentWidget(self.gallery)

    # -- export -----------------------------------------------------------------------------------------------------
    def _on_export_clicked(self) -> None:
        if self.outcome is None:
            return
        start = str(Path(self.outcome.info.get("path", str(Path.home()))) / f"eval-{self.outcome.request.split}")
        path = QFileDialog.getExistingDirectory(self, self.tr("Export the evaluation report into"), start)
        if path:
            try:
                out = self.export_report(path)
            except (DtfError, OSError) as e:
                self.state.report_error(self.tr("The report could not be written: {0}").format(e))
                return
            self.state.post_message(self.tr("Evaluation report written to {0}").format(out))

    def export_report(self, folder: str | Path) -> Path:
        """metrics.json (as ``dtf eval`` writes it), per_class.csv, confusion_matrix.csv, predictions.csv,
        roc.png, history.png (a run only) and confusion_matrix.png into ``folder``."""
        if self.outcome is None:
            raise DtfError("Nothing to export yet: evaluate a model first.")
        out = Path(folder)
        self.outcome.result.write_reports(out, top_k=self.outcome.request.top_k, extra=self.outcome.extra)
        atomic_write_text(out / "per_class.csv", per_class_csv(self.outcome.result.metrics))
        self._export_plot(self.roc_plot, out / "roc.png")
        if self.outcome.history:
            self._export_plot(self.history_plot, out / "history.png")
        self.confusion.grab().save(str(out / "confusion_matrix.png"), "PNG")
        return out

    @staticmethod
    def _export_plot(plot: Any, path: Path) -> None:
        from pyqtgraph.exporters import ImageExporter

        exporter = ImageExporter(plot.plotItem)
        exporter.parameters()["width"] = max(800, int(plot.width()))
        exporter.export(str(path))

    # -- closing ---------------------------------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop the evaluation and any rescan, and wait for them (window close)."""
        self.job.shutdown()
        self.gallery.shutdown()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        self.shutdown()
        super().closeEvent(event)


def _column(head: Any, body: QWidget) -> QWidget:
    w = QWidget()
    lay = QVBoxLayout(w)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(4)
    if isinstance(head, QWidget):
        lay.addWidget(head)
    else:
        lay.addLayout(head)
    lay.addWidget(body, 1)
    return w
