"""The Runs tab: every run of the workspace with its status, to open, resume, duplicate, compare, ensemble or
trash.

The list is ``core.experiments.index.list_runs`` run by a JobRunner (never in the GUI thread) when the tab is
shown, again when training starts or ends and on Refresh. The workspace is the folder new runs go to (the run config's
``runs_dir``); "Change…" picks another one. A run killed mid-way shows as "interrupted" and Resume continues
it through the run controller. Make Ensemble… writes one bundle averaging 2 or more selected runs
(``core.experiments.ensemble.make_ensemble`` in a JobRunner); the Evaluate tab opens it like any bundle. Move to
Trash moves the folder into the workspace's ``.trash/`` (nothing is
deleted) and Undo brings it back. Tags and Note are edited in the table (double-click).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.errors import DtfError
from dtf_gui.core.experiments.index import (
    STATUSES,
    RunSummary,
    TrashEntry,
    default_workspace,
    list_runs,
    restore_run,
    run_settings,
    trash_run,
)
from dtf_gui.core.messages import msg
from dtf_gui.qt import i18n
from dtf_gui.qt.i18n import Retranslatable
from dtf_gui.qt.models.runs_model import COL, RunsFilterProxy, RunsTableModel
from dtf_gui.qt.widgets.elided import ElidedLabel
from dtf_gui.qt.widgets.ensemble_maker import EnsembleMaker
from dtf_gui.qt.workers.job import JobRunner

# statuses Resume continues from (a failed run goes again with the same settings: rarely what helps)
RESUMABLE = ("stopped", "interrupted")
COMPARE_MIN, COMPARE_MAX = 2, 8
MAX_COLUMN_PX = 300


class RunsPanel(Retranslatable, QWidget):
    """The run list of the workspace over AppState; see the module docstring."""

    compare_requested = Signal(list)  # list[Path] of 2..8 runs
    run_opened = Signal(str)  # the run folder made the current run (the window may show another tab)
    settings_duplicated = Signal(str)  # the run folder whose settings became the run config
    listed = Signal()  # a listing arrived and the table shows it
    workspace_chosen = Signal(str)  # the user picked this workspace folder (the window remembers it)
    ensemble_written = Signal(str)  # the ensemble bundle folder Make Ensemble… wrote

    def __init__(self, state: Any, controller: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.controller = controller
        self.job = JobRunner(self, name="RunsListThread", latest_wins=True)
        self.ensemble = EnsembleMaker(state, self)  # Make Ensemble…: the folder question and the job
        self.model = RunsTableModel(self)
        self.proxy = RunsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._undo: list[tuple[Path, list[TrashEntry]]] = []  # (workspace, entries) of each Move to Trash
        self._listed_workspace: Path | None = None
        self._stale = True  # a listing is due the next time the tab is shown
        self._build()
        self.job.returned.connect(self._on_job_returned)
        self.job.errored.connect(self._on_job_errored)
        self.ensemble.said.connect(self.info_label.setText)
        self.ensemble.written.connect(self.ensemble_written)
        self.ensemble.running_changed.connect(lambda _: self._update_buttons())
        self.model.meta_failed.connect(lambda e: self.state.report_error(e, ""))
        state.training_status_changed.connect(self._on_state_training_status_changed)
        state.run_config_changed.connect(self._on_state_run_config_changed)
        if controller is not None:
            controller.finished.connect(lambda *_: self.refresh())
        self.retranslate()
        self._update_buttons()

    # -- building ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.workspace_caption = QLabel()
        self.workspace_label = ElidedLabel()
        self.change_button = QPushButton()
        self.change_button.clicked.connect(lambda _=False: self.choose_workspace())  # not clicked(checked) as path
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(self.proxy.set_search)
        self.status_combo = QComboBox()
        self.status_combo.currentIndexChanged.connect(
            lambda _: self.proxy.set_status(self.status_combo.currentData() or ""))
        self.refresh_button = QPushButton()
        self.refresh_button.clicked.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(self.workspace_caption)
        top.addWidget(self.workspace_label, 1)
        top.addWidget(self.change_button)
        filters = QHBoxLayout()
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.refresh_button)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL["created"], Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.proxy.modelReset.connect(self._update_buttons)

        self.open_button = QPushButton()
        self.resume_button = QPushButton()
        self.duplicate_button = QPushButton()
        self.compare_button = QPushButton()
        self.ensemble_button = QPushButton()
        self.trash_button = QPushButton()
        self.undo_button = QPushButton()
        self.open_button.clicked.connect(self.open_selected)
        self.resume_button.clicked.connect(self.resume_selected)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.compare_button.clicked.connect(self.compare_selected)
        self.ensemble_button.clicked.connect(self.ensemble_selected)
        self.trash_button.clicked.connect(self.trash_selected)
        self.undo_button.clicked.connect(self.undo_trash)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.resume_button, self.duplicate_button, self.compare_button,
                  self.ensemble_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.trash_button)
        buttons.addWidget(self.undo_button)
        self.act_trash = QAction(self)
        self.act_trash.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.act_trash.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.act_trash.triggered.connect(self.trash_selected)
        self.table.addAction(self.act_trash)

        self.info_label = QLabel()
        self.info_label.setObjectName("muted")
        self.info_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.info_label)

    def retranslate(self) -> None:
        self.workspace_caption.setText(self.tr("Workspace:"))
        self.change_button.setText(self.tr("Change…"))
        self.change_button.setToolTip(self.tr("Choose the folder that holds your runs; new runs are created "
                                              "there too"))
        self.search_edit.setPlaceholderText(self.tr("Search name, architecture, dataset, tags, note"))
        current = self.status_combo.currentData()
        self.status_combo.blockSignals(True)
        self.status_combo.clear()
        self.status_combo.addItem(self.tr("All statuses"), "")
        for status in STATUSES:
            self.status_combo.addItem(i18n.text(msg(f"experiments.status.{status}")), status)
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(current or "")))
        self.status_combo.blockSignals(False)
        self.refresh_button.setText(self.tr("Refresh"))
        self.open_button.setText(self.tr("Open"))
        self.open_button.setToolTip(self.tr("Make this the current run: Evaluate and Export use it"))
        self.resume_button.setText(self.tr("Resume"))
        self.resume_button.setToolTip(self.tr("Continue a stopped or interrupted run from its last checkpoint"))
        self.duplicate_button.setText(self.tr("Duplicate Settings"))
        self.duplicate_button.setToolTip(self.tr("Use this run's settings, dataset and pipeline for a new run"))
        self.compare_button.setText(self.tr("Compare"))
        self.compare_button.setToolTip(self.tr("Compare 2 to 8 selected runs"))
        self.ensemble_button.setText(self.tr("Make Ensemble…"))
        self.ensemble_button.setToolTip(self.tr("Write one bundle that averages the predictions of the selected "
                                                "runs (2 or more, same classes)"))
        self.trash_button.setText(self.tr("Move to Trash"))
        self.trash_button.setToolTip(self.tr("Move the selected runs into the workspace's .trash folder; "
                                             "nothing is deleted"))
        self.undo_button.setText(self.tr("Undo Trash"))
        self.act_trash.setText(self.tr("Move to Trash"))
        self.model.retranslate()
        self._update_workspace_label()
        self._update_info()

    # -- the workspace ---------------------------------------------------------------------------------------
    def workspace(self) -> Path:
        """The folder new runs go to: the run config's ``runs_dir``, else the user data folder's runs/."""
        cfg = self.state.run_config
        runs_dir = getattr(cfg, "runs_dir", "") if cfg is not None else ""
        return Path(runs_dir).expanduser() if runs_dir else default_workspace()

    def choose_workspace(self, path: str | None = None) -> None:
        """Pick the workspace folder (``path`` skips the dialog): new runs go there and the list shows it."""
        if path is None:
            path = QFileDialog.getExistingDirectory(self, self.tr("Choose the workspace folder"),
                                                    str(self.workspace()))
        if not path:
            return
        cfg = self.state.run_config
        if cfg is None:
            cfg = self.state.new_run_config()
        self.state.set_run_config(dataclasses.replace(cfg, runs_dir=str(path)))
        self.workspace_chosen.emit(str(path))

    def _on_state_run_config_changed(self, _cfg: Any) -> None:
        if self.workspace() != self._listed_workspace:
            self.refresh()

    def _update_workspace_label(self) -> None:
        ws = self.workspace()
        self.workspace_label.set_full_text(str(ws))
        self.workspace_label.setToolTip(str(ws))

    # -- listing ---------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """List the workspace again, off the GUI thread (a newer request replaces a running one); while the
        tab is hidden, only once it is shown."""
        self._update_workspace_label()
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        ws = self.workspace()
        self._listed_workspace = ws

        def job(*, stop: Any, progress: Any) -> tuple[Path, list[RunSummary]]:
            if not ws.is_dir():
                return ws, []  # no run made yet: an empty list, not an error
            return ws, list_runs(ws, stop=stop, progress=progress)

        self.job.start(job)

    def _on_job_returned(self, result: tuple[Path, list[RunSummary]]) -> None:
        ws, runs = result
        if ws != self.workspace():
            return  # the workspace changed meanwhile; its own listing follows
        selected = {r.path for r in self.selected_runs()}
        first = self.model.rowCount() == 0
        self.model.set_runs(runs)
        if first and runs:  # fit the columns to what they hold once; after that they are the user's
            self.table.resizeColumnsToContents()
            for col in range(self.model.columnCount() - 1):
                self.table.setColumnWidth(col, min(self.table.columnWidth(col), MAX_COLUMN_PX))
        self._select_paths(selected)
        self._update_buttons()
        self._update_info()
        self.listed.emit()

    def _on_job_errored(self, message: Any, details: str) -> None:
        self.model.set_runs([])
        self.info_label.setText(i18n.text(message))

    def _on_state_training_status_changed(self, status: str) -> None:
        if status in ("running", "completed", "stopped", "failed"):
            self.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def shutdown(self) -> None:
        self.job.shutdown()
        self.ensemble.shutdown()

    # -- selection -----------------------------------------------------------------------------------------
    def selected_runs(self) -> list[RunSummary]:
        rows = sorted({self.proxy.mapToSource(i).row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.summary(r) for r in rows if 0 <= r < self.model.rowCount()]

    def select_run(self, path: str | Path) -> None:
        self.table.clearSelection()
        self._select_paths({Path(path)})

    def _select_paths(self, paths: set[Path]) -> None:
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for path in paths:
            row = self.model.row_of(path)
            if row >= 0:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if index.isValid():
                    self.table.selectionModel().select(index, flags)

    def _update_buttons(self) -> None:
        runs = self.selected_runs()
        one = runs[0] if len(runs) == 1 else None
        busy = self.controller is not None and self.controller.busy
        self.open_button.setEnabled(one is not None and one.status != "damaged")
        self.resume_button.setEnabled(one is not None and one.status in RESUMABLE and self.controller is not None
                                      and not busy)
        self.duplicate_button.setEnabled(one is not None and (one.path / "config.json").is_file())
        self.compare_button.setEnabled(COMPARE_MIN <= len(runs) <= COMPARE_MAX)
        self.ensemble_button.setEnabled(len(runs) >= 2 and not self.ensemble.running
                                        and all(r.status not in ("running", "damaged") for r in runs))
        self.trash_button.setEnabled(bool(runs) and all(r.status != "running" for r in runs))
        self.act_trash.setEnabled(self.trash_button.isEnabled())
        self.undo_button.setEnabled(bool(self._undo))

    def _update_info(self) -> None:
        n = self.model.rowCount()
        self.info_label.setText(self.tr("Runs in this workspace: {0}").format(n) if n else
                                self.tr("No runs in this workspace yet: the Training tab's Start creates one."))

    # -- actions ---------------------------------------------------------------------------------------------
    def open_selected(self) -> None:
        runs = self.selected_runs()
        if len(runs) == 1:
            self.state.set_run_dir(str(runs[0].path))
            self.state.post_message(self.tr("Opened {0}: Evaluate and Export now use it.").format(runs[0].name))
            self.run_opened.emit(str(runs[0].path))

    def resume_selected(self) -> None:
        runs = self.selected_runs()
        if len(runs) != 1 or runs[0].status not in RESUMABLE or self.controller is None:
            return
        if not self.controller.resume_run(runs[0].path):
            self.state.report_error(self.tr("Cannot resume {0}: training is busy or the run has no "
                                            "checkpoint.").format(runs[0].name), "")
            return
        self._update_buttons()

    def duplicate_selected(self) -> None:
        """The run's settings, dataset and pipeline become the app's: Start trains a new run with them."""
        runs = self.selected_runs()
        if len(runs) != 1:
            return
        try:
            cfg = run_settings(runs[0].path)
        except DtfError as e:
            self.state.report_error(e, "")
            return
        cfg = dataclasses.replace(cfg, runs_dir=str(self.workspace()))
        self.state.set_run_config(cfg)
        self.state.set_val_root(cfg.data.val_root or "")
        if cfg.data.root:
            self.state.set_data_root(cfg.data.root)
        if cfg.data.val_fraction:
            self.state.set_val_fraction(cfg.data.val_fraction)
        if len(cfg.pipeline.train) or len(cfg.pipeline.val):
            self.state.set_document(cfg.pipeline)
        self.state.post_message(self.tr("Settings of {0} copied: Start trains a new run with them.")
                                .format(runs[0].name))
        self.settings_duplicated.emit(str(runs[0].path))

    def compare_selected(self) -> None:
        runs = self.selected_runs()
        if COMPARE_MIN <= len(runs) <= COMPARE_MAX:
            self.compare_requested.emit([r.path for r in runs])

    def ensemble_selected(self) -> None:
        """Ask for a folder, then write the ensemble bundle of the selected runs there in the background."""
        runs = self.selected_runs()
        if len(runs) >= 2 and not self.ensemble.running:
            self.ensemble.make(self, [r.path for r in runs], str(self.workspace().parent))

    def trash_selected(self) -> None:
        """Move the selected runs to the workspace's trash (one Undo brings them all back)."""
        runs = [r for r in self.selected_runs() if r.status != "running"]
        if not runs:
            return
        ws = self._listed_workspace or self.workspace()
        moved: list[TrashEntry] = []
        for r in runs:
            try:
                moved.append(trash_run(ws, r.path))
            except DtfError as e:
                self.state.report_error(e, "")
                break
            if self.state.run_dir and Path(self.state.run_dir) == r.path:
                self.state.set_run_dir("")  # the current run is no longer where the other tabs look
        if moved:
            self._undo.append((ws, moved))
            names = ", ".join(e.name for e in moved)
            self.state.post_message(self.tr("Moved to the trash: {0}. Undo Trash brings it back.").format(names))
        self.refresh()
        self._update_buttons()

    def undo_trash(self) -> None:
        """Bring back the runs of the last Move to Trash (never over a folder made since)."""
        if not self._undo:
            return
        ws, entries = self._undo.pop()
        for entry in entries:
            try:
                restore_run(ws, entry)
            except DtfError as e:
                self.state.report_error(e, "")
        self.state.post_message(self.tr("Restored: {0}.").format(", ".join(e.name for e in entries)))
        self.refresh()
        self._update_buttons()

    # -- the table's events ----------------------------------------------------------------------------------
    def _on_table_double_clicked(self, index: Any) -> None:
        if index.column() not in (COL["tags"], COL["note"]):
            self.open_selected()

    def _on_table_context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for button in (self.open_button, self.resume_button, self.duplicate_button, self.compare_button,
                       self.ensemble_button, None,
                       self.trash_button, self.undo_button):
            if button is None:
                menu.addSeparator()
                continue
            act = menu.addAction(button.text())
            act.setEnabled(button.isEnabled())
            act.triggered.connect(button.click)
        row = self.table.indexAt(pos).row()
        if row >= 0:
            menu.addSeparator()
            for col, text in ((COL["tags"], self.tr("Edit Tags")), (COL["note"], self.tr("Edit Note"))):
                act = menu.addAction(text)
                act.triggered.connect(lambda _=False, c=col, r=row: self.table.edit(self.proxy.index(r, c)))
        menu.popup(self.table.viewport().mapToGlobal(pos))
