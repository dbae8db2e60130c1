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
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
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
from dtf_gui.qt.widgets.calibration_view import CalibrationView
from dtf_gui.qt.widgets.eval_views import (
    SORT_ROLE,
    HistoryView,
    MetricCards,
    PerClassTable,
    RocView,
    per_class_rows,
)
from dtf_gui.qt.widgets.gallery import MistakesGallery
from dtf_gui.qt.widgets.model_source import ModelSourcePicker
from dtf_gui.qt.widgets.regression_view import RegressionView
from dtf_gui.qt.widgets.tta_combo import TtaCombo
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import evaluation_job

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
        self._data_root_edited = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(6)

        # -- what to evaluate ---------------------------------------------------------------------------
        outer.addLayout(self._build_source())
        self.status = QLabel()
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)

        # -- headline numbers ------------------------------------------------------------------------------
        self.metric_cards = MetricCards()
        self.cards = self.metric_cards.cards
        outer.addWidget(self.metric_cards)

        # -- table | matrix | ROC -----------------------------------------------------------------------------
        self.per_class_table = PerClassTable()
        self.per_class_model = self.per_class_table.source_model
        self.per_class_proxy = self.per_class_table.proxy
        self.per_class_title = QLabel()
        self.per_class_title.setObjectName("sectionTitle")

        self.confusion = ConfusionView()
        self.confusion.cell_clicked.connect(self._on_confusion_cell_clicked)
        self.confusion_title = QLabel()
        self.confusion_title.setObjectName("sectionTitle")
        self.normalize_check = QCheckBox()
        self.normalize_check.toggled.connect(self.confusion.model.set_normalized)

        self.roc = RocView()
        self.roc_plot = self.roc.plot
        self.roc_legend = self.roc.legend
        self.roc_title = self.roc.title

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(_column(self.per_class_title, self.per_class_table))
        conf_head = QHBoxLayout()
        conf_head.addWidget(self.confusion_title, 1)
        conf_head.addWidget(self.normalize_check)
        splitter.addWidget(_column(conf_head, self.confusion))
        splitter.addWidget(self.roc)
        splitter.setSizes([430, 430, 430])
        splitter.setChildrenCollapsible(False)

        # -- gallery | history -----------------------------------------------------------------------------------
        self.gallery = MistakesGallery(state)
        self.gallery.files_moved.connect(self._on_gallery_files_moved)
        self._moved: set[str] = set()  # images moved by curation since these metrics were computed
        self.history = HistoryView()
        self.history_plot = self.history.plot
        self.history_summary = self.history.summary
        self.calibration = CalibrationView(state, self._calibration_source)
        self.bottom_tabs = QTabWidget()
        self.bottom_tabs.addTab(self.gallery, "")
        self.bottom_tabs.addTab(self.history, "")
        self.bottom_tabs.addTab(self.calibration, "")

        self.class_views = splitter  # a classifier's views; a regression model's are regression_view
        self.regression_view = RegressionView()
        self.regression_view.hide()
        vsplit = QSplitter(Qt.Orientation.Vertical)
        vsplit.addWidget(splitter)
        vsplit.addWidget(self.regression_view)
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

    def _build_source(self) -> QGridLayout:
        """The model and data choice with the Evaluate / Stop / Export buttons and the progress bar."""
        src = QGridLayout()
        src.setHorizontalSpacing(8)
        self.model_title = QLabel()
        self.model_title.setObjectName("sectionTitle")
        self.source = ModelSourcePicker(self.state)
        self.data_title = QLabel()
        self.data_title.setObjectName("sectionTitle")
        self.data_edit = QLineEdit(self.state.data_root)
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
        self.tta_combo = TtaCombo()  # test-time augmentation of the next evaluation, beside the weights it uses
        how = QHBoxLayout()
        how.addWidget(self.which_combo)
        how.addWidget(self.tta_combo)
        src.addLayout(how, 0, 6)
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
        return src

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
        self.metric_cards.retranslate()
        self.per_class_title.setText(self.tr("Per class (click a header to sort)"))
        self.per_class_table.retranslate()
        self.confusion_title.setText(self.tr("Confusion matrix (click a cell)"))
        self.confusion.set_titles(self.tr("predicted →"), self.tr("true"))
        self.normalize_check.setText(self.tr("Row-normalised"))
        self.normalize_check.setToolTip(self.tr("Show each row as rates (recall on the diagonal) instead of counts"))
        self.roc.retranslate()
        self.regression_view.retranslate()
        self.history.retranslate(drawn=self.outcome is not None)
        self.bottom_tabs.setTabText(0, self.tr("Mistakes"))
        self.bottom_tabs.setTabText(1, self.tr("Training history"))
        self.bottom_tabs.setTabText(2, self.tr("Calibration"))
        if self.outcome is not None:
            self._draw(self.outcome)
        else:
            self.status.setText(self.tr("Train a model (or open a run or bundle folder), then press Evaluate."))

    # -- source ------------------------------------------------------------------------------------------------
    def model_path(self) -> str:
        return self.source.path()

    def data_root(self) -> str:
        return self.data_edit.text().strip() or self.state.data_root

    def _calibration_source(self) -> tuple[str, str, str, str]:
        """What the Calibration page calibrates: this tab's model, data, split and checkpoint."""
        return (self.model_path(), self.data_root(), str(self.split_combo.currentData()),
                str(self.which_combo.currentData()))

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
                           split=str(self.split_combo.currentData()), which=str(self.which_combo.currentData()),
                           tta=self.tta_combo.mode())

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
        regression = _is_regression(outcome)
        self._set_regression_layout(regression)
        if not regression:
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
        if _is_regression(outcome):  # scatter, residuals and largest errors (regression_view.py)
            self.regression_view.show_result(r)
            self.history.draw(outcome.history)
            return
        self.metric_cards.fill(m)
        self.per_class_table.fill(m)
        self.confusion.model.set_matrix(m["confusion_matrix"], m["classes"])
        self.roc.draw(m)
        self.history.draw(outcome.history)

    def _set_regression_layout(self, on: bool) -> None:
        """Show a regression model's views in place of a classifier's (cards, table, matrix, ROC, mistakes)."""
        self.class_views.setVisible(not on)
        self.metric_cards.setVisible(not on)
        self.regression_view.setVisible(on)
        self.bottom_tabs.setTabVisible(self.bottom_tabs.indexOf(self.gallery), not on)

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
        self.metric_cards.set_stale(bool(self._moved))

    @property
    def roc_items(self) -> list[Any]:
        return self.roc.items

    @property
    def roc_aucs(self) -> list[float | None]:
        return self.roc.aucs

    @property
    def roc_names(self) -> list[str]:
        return self.roc.names

    def roc_curves(self) -> list[Any]:
        """The ROC curve items drawn (the dashed chance line left out)."""
        return self.roc.curves()

    @property
    def history_items(self) -> dict[str, Any]:
        return self.history.items

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
        if _is_regression(self.outcome):  # metrics.json, predictions.csv (largest errors first) and the plots
            _export_plot(self.regression_view.scatter_plot, out / "scatter.png")
            _export_plot(self.regression_view.residual_plot, out / "residuals.png")
            if self.outcome.history:
                _export_plot(self.history_plot, out / "history.png")
            return out
        atomic_write_text(out / "per_class.csv", per_class_csv(self.outcome.result.metrics))
        _export_plot(self.roc_plot, out / "roc.png")
        if self.outcome.history:
            _export_plot(self.history_plot, out / "history.png")
        self.confusion.grab().save(str(out / "confusion_matrix.png"), "PNG")
        return out

    # -- closing ---------------------------------------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Stop the evaluation and any rescan, and wait for them (window close)."""
        self.job.shutdown()
        self.gallery.shutdown()
        self.calibration.shutdown()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        self.shutdown()
        super().closeEvent(event)


def _is_regression(outcome: EvalOutcome) -> bool:
    return getattr(outcome.result, "task", "") == "regression"


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


def _export_plot(plot: Any, path: Path) -> None:
    """A pyqtgraph plot as a PNG at least 800 px wide (the report's figures)."""
    from pyqtgraph.exporters import ImageExporter

    exporter = ImageExporter(plot.plotItem)
    exporter.parameters()["width"] = max(800, int(plot.width()))
    exporter.export(str(path))
