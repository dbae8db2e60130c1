"""Search tab: a hyper-parameter search on Optuna over the run configuration Start Training would train.

The search is :func:`dtf_gui.core.experiments.search.run_search` (what ``dtf search`` runs), in a
:class:`JobRunner` thread; the study is stored in ``<workspace>/search.db`` (or the database URL typed in),
so a stopped search continues with Start, and ``dtf search`` processes on the same study share the work.
After each trial the worker reads the study (:func:`study_summary`) and hands it to this panel through a
queued signal: the leaderboard and the plot tab in view (optimisation history, parameter importances or
parallel coordinates) redraw from it; another plot tab draws the latest study when it is opened. What the GUI
thread does per trial is kept to a few milliseconds (``bench/gui_responsiveness.py --during search``). "Use
best settings" puts the best trial's values into the run configuration (AppState), ready for the Training
tab; "Make Ensemble of Top k…" writes the ensemble bundle of the k best complete trials' runs
(:class:`~dtf_gui.qt.widgets.ensemble_maker.TopTrialsEnsemble`).

The space comes from a JSON file (Load Space…) or the table: one row per setting, its type, low/high/log
for a range, or the choices separated by commas.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.errors import DtfError
from dtf_gui.core.experiments.search import PRUNERS, SAMPLERS, SearchRequest, StudySummary, best_config
from dtf_gui.core.fileio import display_name
from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.ensemble_maker import TopTrialsEnsemble
from dtf_gui.qt.widgets.search_plots import HistoryPlot, ImportancePlot, ParallelPlot
from dtf_gui.qt.workers.job import JobRunner

SPACE_COLUMNS = 6  # key, type, low, high, log, choices
BOARD_COLUMNS = 6  # rank, trial, state, val acc, settings, run
DEFAULT_ROWS = (("train.lr", "float", "0.0001", "0.1", True, ""),)


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits, the panel's slot runs in the GUI thread (queued)."""

    summary_ready = Signal(object)


def _search_job(request: SearchRequest, relay: _Relay, *, stop: StopToken, progress: Any) -> Any:
    """The job: run the search; after every trial read the study and send it to the panel."""
    from dtf_gui.core.experiments.search import run_search, study_summary

    url, name = request.storage_url(), request.study_name()

    def on_trial(_row: Any) -> None:
        relay.summary_ready.emit(study_summary(url, name))

    return run_search(request, stop=stop, progress=progress, on_trial=on_trial)


class SearchPanel(i18n.Retranslatable, QWidget):
    """Set up, run and read a search; the leaderboard fills as trials finish."""

    summary_shown = Signal(object)  # the StudySummary now drawn

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SearchPanel")
        self.state = state
        self.summary: StudySummary | None = None
        self._base: Any = None
        self.runner = JobRunner(self, name="SearchJob")
        self.relay = _Relay(self)
        self.relay.summary_ready.connect(self.show_summary)
        self.runner.returned.connect(self._on_returned)
        self.runner.errored.connect(self._on_errored)
        self.runner.running_changed.connect(self._on_running_changed)

        # -- the space ---------------------------------------------------------------------------
        self.space_title = QLabel()
        self.space_table = QTableWidget(0, SPACE_COLUMNS)
        self.space_table.verticalHeader().setVisible(False)
        self.space_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_row_button = QPushButton()
        self.remove_row_button = QPushButton()
        self.load_button = QPushButton()
        self.add_row_button.clicked.connect(lambda: self.add_space_row())
        self.remove_row_button.clicked.connect(self._remove_row)
        self.load_button.clicked.connect(lambda: self.load_space_file())
        for row in DEFAULT_ROWS:
            self.add_space_row(*row)

        # -- the budget and the algorithms ---------------------------------------------------------
        self.sampler_combo = QComboBox()
        for s in SAMPLERS:
            self.sampler_combo.addItem("", s)
        self.sampler_combo.setCurrentIndex(SAMPLERS.index("tpe"))
        self.pruner_combo = QComboBox()
        for p in PRUNERS:
            self.pruner_combo.addItem("", p)
        self.trials_spin = QSpinBox()
        self.trials_spin.setRange(0, 100_000)
        self.trials_spin.setValue(20)
        self.minutes_spin = QDoubleSpinBox()
        self.minutes_spin.setRange(0.0, 100_000.0)
        self.minutes_spin.setDecimals(1)
        self.storage_edit = QLineEdit()
        self.study_edit = QLineEdit()
        self.form = QFormLayout()
        self.form_labels = [QLabel() for _ in range(6)]
        for label, w in zip(self.form_labels, (self.sampler_combo, self.pruner_combo, self.trials_spin,
                                               self.minutes_spin, self.study_edit, self.storage_edit), strict=True):
            self.form.addRow(label, w)

        self.start_button = QPushButton()
        self.stop_button = QPushButton()
        self.best_button = QPushButton()
        self.start_button.clicked.connect(lambda: self.start())
        self.stop_button.clicked.connect(self.stop)
        self.best_button.clicked.connect(self.use_best_settings)
        self.top_ensemble = TopTrialsEnsemble(state, self)
        self.top_ensemble.said.connect(self._say)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addWidget(self.space_title)
        lv.addWidget(self.space_table, 1)
        rows = QHBoxLayout()
        for b in (self.add_row_button, self.remove_row_button, self.load_button):
            rows.addWidget(b)
        lv.addLayout(rows)
        lv.addLayout(self.form)
        buttons = QHBoxLayout()
        for b in (self.start_button, self.stop_button, self.best_button):
            buttons.addWidget(b)
        lv.addLayout(buttons)
        lv.addWidget(self.top_ensemble)
        lv.addWidget(self.status_label)

        # -- the results ---------------------------------------------------------------------------
        self.board = QTableWidget(0, BOARD_COLUMNS)
        self.board.verticalHeader().setVisible(False)
        self.board.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.board.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Interactive + one resizeColumnsToContents per redraw: ResizeToContents re-measured every column on each
        # setItem (~100 ms for a 16-trial board, in the GUI thread after each trial).
        self.board.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.board.horizontalHeader().setStretchLastSection(True)
        self.history_plot = HistoryPlot()
        self.importance_plot = ImportancePlot()
        self.parallel_plot = ParallelPlot()
        self.plots = QTabWidget()
        self.plots.addTab(self.history_plot.widget, "")
        self.plots.addTab(self.importance_plot.widget, "")
        self.plots.addTab(self.parallel_plot.widget, "")
        self._plots = (self.history_plot, self.importance_plot, self.parallel_plot)
        self._drawn: list[StudySummary | None] = [None] * len(self._plots)  # the study each plot shows
        self.plots.currentChanged.connect(lambda _i: self._draw_plot())
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.board)
        right.addWidget(self.plots)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self._on_running_changed(False)
        self.retranslate()

    # -- the space table ---------------------------------------------------------------------------
    def add_space_row(self, key: str = "", kind: str = "float", low: str = "", high: str = "", log: bool = False,
                      choices: str = "") -> int:
        r = self.space_table.rowCount()
        self.space_table.insertRow(r)
        self.space_table.setItem(r, 0, QTableWidgetItem(key))
        combo = QComboBox()
        for k in ("float", "int", "categorical"):
            combo.addItem(k, k)
        combo.setCurrentIndex(max(0, combo.findData(kind)))
        self.space_table.setCellWidget(r, 1, combo)
        self.space_table.setItem(r, 2, QTableWidgetItem(low))
        self.space_table.setItem(r, 3, QTableWidgetItem(high))
        box = QCheckBox()
        box.setChecked(log)
        self.space_table.setCellWidget(r, 4, box)
        self.space_table.setItem(r, 5, QTableWidgetItem(choices))
        return r

    def _remove_row(self) -> None:
        rows = sorted({i.row() for i in self.space_table.selectedIndexes()}, reverse=True)
        for r in rows or [self.space_table.rowCount() - 1]:
            if r >= 0:
                self.space_table.removeRow(r)

    def set_space(self, doc: dict[str, Any]) -> None:
        """Fill the table from a space document (what Load Space… reads)."""
        self.space_table.setRowCount(0)
        for key, p in doc.get("params", {}).items():
            if p.get("type") == "categorical":
                self.add_space_row(key, "categorical", choices=", ".join(json.dumps(c) for c in p["choices"]))
            else:
                self.add_space_row(key, p.get("type", "float"), _num(p.get("low")), _num(p.get("high")),
                                   bool(p.get("log")), "" if p.get("step") is None else f"step={p['step']}")

    def space_document(self) -> dict[str, Any]:
        """The table as a space document (numbers parsed; the core checks everything else)."""
        params: dict[str, Any] = {}
        for r in range(self.space_table.rowCount()):
            key = (self.space_table.item(r, 0).text() if self.space_table.item(r, 0) else "").strip()
            if not key:
                continue
            kind = self.space_table.cellWidget(r, 1).currentData()
            extra = (self.space_table.item(r, 5).text() if self.space_table.item(r, 5) else "").strip()
            if kind == "categorical":
                params[key] = {"type": kind, "choices": [_value(c) for c in extra.split(",") if c.strip()]}
                continue
            p: dict[str, Any] = {"type": kind, "low": _value(self.space_table.item(r, 2).text()),
                                 "high": _value(self.space_table.item(r, 3).text())}
            if self.space_table.cellWidget(r, 4).isChecked():
                p["log"] = True
            if extra.startswith("step="):
                p["step"] = _value(extra[5:])
            params[key] = p
        return {"schema_version": 1, "params": params}

    def load_space_file(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Load Search Space"), "",
                                                  self.tr("Search space (*.json);;All files (*)"))
            if not path:
                return False
        from dtf_gui.core.experiments.search_space import load_space

        try:
            space = load_space(path, self._base_config())
        except DtfError as e:
            self._say(i18n.text(e.message))
            return False
        self.set_space(space.to_json())
        self._say(self.tr("Loaded {0}").format(display_name(Path(path).name)))
        return True

    # -- running -------------------------------------------------------------------------------------
    def request(self) -> SearchRequest:
        """The request the form describes; DtfError (naming the setting) when it cannot run."""
        from dtf_gui.core.experiments.search_space import parse_space

        base = self._base_config()
        space = parse_space(self.space_document(), base)
        minutes = self.minutes_spin.value()
        request = SearchRequest(base, space, n_trials=self.trials_spin.value() or None,
                                timeout_s=minutes * 60 if minutes > 0 else None,
                                sampler=self.sampler_combo.currentData(), pruner=self.pruner_combo.currentData(),
                                storage=self.storage_edit.text().strip() or None,
                                study=self.study_edit.text().strip() or None)
        request.validate()
        return request

    def _base_config(self) -> Any:
        """What each trial starts from: what Start Training would train (the Training tab's settings with the
        Data tab's folder and the editor's pipeline, ``AppState.config_for_run``); DtfError when unset."""
        if self.state.run_config is None:
            raise DtfError(self.tr("Set up a run in the Training tab first: the search starts from its settings."))
        return self.state.config_for_run()

    def start(self) -> bool:
        """Start (or continue) the search in the background; False with the reason shown when refused."""
        if self.runner.running:
            return False
        try:
            request = self.request()
        except DtfError as e:
            self._say(i18n.text(e.message))
            return False
        self._base = request.base_config
        self.study_edit.setPlaceholderText(request.study_name())
        self._say(self.tr("Searching: study {0} in {1}").format(request.study_name(),
                                                               display_name(request.storage_url())))
        return self.runner.start(functools.partial(_search_job, request, self.relay))

    def stop(self) -> None:
        """Stop the search: the current run stops cleanly (run it again to continue the study)."""
        self.runner.stop()

    def use_best_settings(self) -> bool:
        """Put the best trial's values into the run configuration (the Training tab shows them) and its
        pipeline parameters into the pipeline editor's document (one undoable edit)."""
        if self.summary is None or self.summary.best is None:
            self._say(self.tr("No complete trial yet."))
            return False
        try:  # the search's own base, or (a study shown without a search started here) what Start would train
            config = best_config(self.summary, self._base or self.state.config_for_run())
        except DtfError as e:
            self._say(i18n.text(e.message))
            return False
        self.state.set_run_config(config)
        if config.pipeline != self.state.document:  # pipeline.* keys: the editor's document is what trains
            self.state.apply_document(config.pipeline, self.tr("Best settings of trial {0}").format(
                self.summary.best.number))
        self._say(self.tr("Best settings of trial {0} applied to the run configuration.").format(self.summary.best.number))
        return True

    def show_summary(self, summary: StudySummary) -> None:
        self.summary = summary
        board = summary.leaderboard()
        self.board.setRowCount(len(board))
        for i, t in enumerate(board):
            cells = [str(i + 1), str(t.number), self._state_text(t.state),
                     "" if t.value is None else f"{t.value:.2%}",
                     ", ".join(f"{k}={_short(v)}" for k, v in t.params.items()),
                     display_name(Path(t.run_dir).name) if t.run_dir else ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 5 and t.run_dir:
                    item.setToolTip(display_name(t.run_dir))
                self.board.setItem(i, c, item)
        self.board.resizeColumnsToContents()
        self._draw_plot()
        self.best_button.setEnabled(summary.best is not None)
        base = self._base or self.state.run_config
        self.top_ensemble.set_study(summary.storage, summary.study, summary.counts["COMPLETE"],
                                    str(base.runs_dir) if base is not None else "")
        self.summary_shown.emit(summary)

    def _draw_plot(self) -> None:
        """Draw the study in the plot tab in view; the others draw it when they are opened (each redraw runs in
        the GUI thread after every trial)."""
        i = self.plots.currentIndex()
        if 0 <= i < len(self._plots) and self.summary is not None and self._drawn[i] is not self.summary:
            self._plots[i].show(self.summary)
            self._drawn[i] = self.summary

    def _on_returned(self, result: Any) -> None:
        self.show_summary(result.summary)
        self._say(i18n.text(result.message))

    def _on_errored(self, message: Any, _details: str) -> None:
        self._say(i18n.text(message))

    def _on_running_changed(self, running: bool) -> None:
        self.start_button.setEnabled(not running)
        self.stop_button.setEnabled(running)
        self.best_button.setEnabled(self.summary is not None and self.summary.best is not None)

    def _say(self, text: str) -> None:
        self.status_label.setText(text)

    def _state_text(self, state: str) -> str:
        return {"COMPLETE": self.tr("complete"), "PRUNED": self.tr("pruned"), "FAIL": self.tr("failed"),
                "RUNNING": self.tr("running"), "WAITING": self.tr("waiting")}.get(state, state)

    def retranslate(self) -> None:
        self.space_title.setText(self.tr("Search space (one row per setting; choices separated by commas)"))
        self.space_table.setHorizontalHeaderLabels([self.tr("Setting"), self.tr("Type"), self.tr("Low"),
                                                    self.tr("High"), self.tr("Log"), self.tr("Choices or step")])
        self.add_row_button.setText(self.tr("Add Row"))
        self.remove_row_button.setText(self.tr("Remove Row"))
        self.load_button.setText(self.tr("Load Space…"))
        names = {"grid": self.tr("Grid"), "random": self.tr("Random"), "tpe": self.tr("TPE (Bayesian)"),
                 "median": self.tr("Median"), "hyperband": self.tr("Hyperband"), "none": self.tr("None")}
        for combo in (self.sampler_combo, self.pruner_combo):
            for i in range(combo.count()):
                combo.setItemText(i, names[combo.itemData(i)])
        for label, text in zip(self.form_labels, (self.tr("Sampler"), self.tr("Pruner"), self.tr("Trials (0: no limit)"),
                                                  self.tr("Time budget, minutes (0: none)"), self.tr("Study"),
                                                  self.tr("Database (empty: the workspace's search.db)")), strict=True):
            label.setText(text)
        self.start_button.setText(self.tr("Start Search"))
        self.stop_button.setText(self.tr("Stop"))
        self.best_button.setText(self.tr("Use Best Settings"))
        self.board.setHorizontalHeaderLabels([self.tr("Rank"), self.tr("Trial"), self.tr("State"), self.tr("Val acc"),
                                              self.tr("Settings"), self.tr("Run")])
        for i, text in enumerate((self.tr("History"), self.tr("Importances"), self.tr("Parallel coordinates"))):
            self.plots.setTabText(i, text)
        if self.summary is not None:
            self._drawn = [None] * len(self._plots)  # axis names may change with the language
            self.show_summary(self.summary)

    def shutdown(self) -> None:
        """Stop a search still running and wait for its thread (the window is closing)."""
        self.runner.shutdown()
        self.top_ensemble.shutdown()


def _num(v: Any) -> str:
    return "" if v is None else f"{v:g}"


def _short(v: Any) -> str:
    return f"{v:.3g}" if isinstance(v, float) else str(v)


def _value(text: str) -> Any:
    """A table cell as JSON (numbers, true/false, quoted strings), else the text itself."""
    text = text.strip()
    try:
        return json.loads(text)
    except ValueError:
        return text
