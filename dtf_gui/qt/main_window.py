"""The main window: Data, Pipeline, Training and Export panels as tabs, menus, status bar.

Training belongs to the window's :class:`RunController`: Run > Start / Stop and the Training panel's
buttons all call it. Closing the window during training asks first, then stops the run and waits for it.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStyle,
    QTabWidget,
    QWidget,
)

from dtf_gui import __version__
from dtf_gui.core.devices import available_devices
from dtf_gui.qt import i18n
from dtf_gui.qt.controllers.run_controller import RunController
from dtf_gui.qt.settings import Settings
from dtf_gui.qt.state import AppState, TrainingStatus
from dtf_gui.qt.widgets.compare_panel import ComparePanel
from dtf_gui.qt.widgets.data_panel import DataPanel, folder_from_drop
from dtf_gui.qt.widgets.evaluation_panel import EvaluationPanel
from dtf_gui.qt.widgets.export_panel import ExportPanel
from dtf_gui.qt.widgets.file_actions import FileActions
from dtf_gui.qt.widgets.layout import ask
from dtf_gui.qt.widgets.pipeline_editor import PipelineEditor
from dtf_gui.qt.widgets.predict_panel import PredictPanel
from dtf_gui.qt.widgets.runs_panel import RunsPanel
from dtf_gui.qt.widgets.search_panel import SearchPanel
from dtf_gui.qt.widgets.training_panel import TrainingPanel


def _bindings(standard: QKeySequence.StandardKey, *extra: str) -> list[QKeySequence]:
    """The platform's keys for ``standard`` plus ``extra`` ones people expect everywhere (no duplicates)."""
    keys: list[QKeySequence] = []
    for key in (*QKeySequence.keyBindings(standard), *(QKeySequence(e) for e in extra)):
        if not key.isEmpty() and key not in keys:
            keys.append(key)
    return keys


def device_text() -> str:
    """"CUDA: <name> (<memory> GiB)", "MPS" or "CPU": the first listed device, what ``device: auto`` trains on."""
    best = available_devices()[0]
    if best.kind == "cuda":
        return f"CUDA: {best.name} ({(best.memory_bytes or 0) / 2**30:.0f} GiB)"
    return best.kind.upper()


class MainWindow(i18n.Retranslatable, QMainWindow):
    """Tabs over one AppState; every panel reads and writes the same state."""

    def __init__(self, state: AppState, settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.settings = settings or Settings()
        self.setObjectName("MainWindow")
        self.setAcceptDrops(True)
        self.resize(1360, 900)
        self.last_error: tuple[str, str] | None = None
        self._error_box: QMessageBox | None = None

        self.run_controller = RunController(state, self)
        self.data_panel = DataPanel(state)
        self.pipeline_editor = PipelineEditor(state)
        self.training_panel = TrainingPanel(state, controller=self.run_controller)
        self.export_panel = ExportPanel(state)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.data_panel, "")
        self.tabs.addTab(self.pipeline_editor, "")
        self.tabs.addTab(self.training_panel, "")
        self.evaluation_panel = EvaluationPanel(state)
        self.predict_panel = PredictPanel(state)
        self.compare_panel = ComparePanel()
        self.tabs.addTab(self.evaluation_panel, "")  # the order of the work: train, evaluate, then export
        self.tabs.addTab(self.export_panel, "")
        self.tabs.addTab(self.predict_panel, "")
        self.runs_panel = RunsPanel(state, controller=self.run_controller)
        self.tabs.addTab(self.runs_panel, "")  # the experiments: every run, then runs side by side
        self.tabs.addTab(self.compare_panel, "")
        self.search_panel = SearchPanel(state)
        self.tabs.addTab(self.search_panel, "")
        self.runs_panel.compare_requested.connect(self.show_compare)
        self.runs_panel.workspace_chosen.connect(lambda path: self.settings.set("runs/workspace", path))
        self.runs_panel.run_opened.connect(self._on_runs_panel_run_opened)
        self.setCentralWidget(self.tabs)

        self.hint_label = QLabel()  # what to press next; a passing status message covers it for a while
        self.hint_label.setObjectName("muted")
        self.statusBar().addWidget(self.hint_label, 1)
        self.device_label = QLabel(device_text())
        self.dataset_label = QLabel()
        self.run_label = QLabel()
        for w in (self.device_label, self.dataset_label, self.run_label):
            w.setObjectName("statusField")
            self.statusBar().addPermanentWidget(w)

        self.file_actions = FileActions(state, self.settings, self, self.data_panel.open_folder)
        self._make_actions()
        self._make_menus()

        state.error_reported.connect(self.show_error)
        state.message_posted.connect(self._on_state_message)
        state.data_root_changed.connect(self._update_status)
        state.data_root_changed.connect(self._update_hint)
        state.scan_report_changed.connect(self._update_status)
        state.run_dir_changed.connect(self._update_status)
        state.run_dir_changed.connect(self._on_controller_status_changed)
        state.document_path_changed.connect(self._update_title)
        state.undo_stack.cleanChanged.connect(self._update_title)
        self.run_controller.status_changed.connect(self._on_controller_status_changed)
        self.run_controller.finished.connect(self._on_controller_status_changed)
        state.data_root_changed.connect(self._on_state_data_root_changed)
        state.val_root_changed.connect(lambda path: self.settings.set("data/last_val_root", path))

        self.retranslate()
        self._restore_layout()
        self._on_controller_status_changed(state.training_status)

    # -- actions and menus ---------------------------------------------------------------------------
    def _action(self, slot: Any, shortcut: Any = None, icon: QStyle.StandardPixmap | None = None) -> QAction:
        act = QAction(self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        if icon is not None:
            act.setIcon(self.style().standardIcon(icon))
        act.triggered.connect(slot)
        return act

    def _make_actions(self) -> None:
        sp = QStyle.StandardPixmap
        self.act_open_folder = self._action(self.data_panel.browse, "Ctrl+Shift+D", sp.SP_DirOpenIcon)
        self.act_open_pipeline = self._action(self.open_pipeline, QKeySequence.StandardKey.Open, sp.SP_DialogOpenButton)
        self.act_save_pipeline = self._action(self.save_pipeline, QKeySequence.StandardKey.Save, sp.SP_DialogSaveButton)
        self.act_save_pipeline_as = self._action(self.save_pipeline_as, QKeySequence.StandardKey.SaveAs)
        self.act_open_config = self._action(self.open_config, "Ctrl+Shift+O")
        self.act_save_config = self._action(self.save_config_as, "Ctrl+Alt+S")
        self.act_quit = self._action(self.close)
        self.act_quit.setShortcuts(_bindings(QKeySequence.StandardKey.Quit, "Ctrl+Q"))
        self.act_undo = self.state.undo_stack.createUndoAction(self)
        self.act_undo.setShortcuts(_bindings(QKeySequence.StandardKey.Undo, "Ctrl+Z"))
        self.act_redo = self.state.undo_stack.createRedoAction(self)
        self.act_redo.setShortcuts(_bindings(QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z", "Ctrl+Y"))
        self.act_start = self._action(self.start_training, "F5", sp.SP_MediaPlay)
        self.act_pause = self._action(self.run_controller.toggle_pause, "F6", sp.SP_MediaPause)
        self.act_stop = self._action(self.stop_training, "Shift+F5", sp.SP_MediaStop)
        self.act_resume_run = self._action(self.resume_run, "Ctrl+F5", sp.SP_MediaSeekForward)
        self.act_about = self._action(self.about)
        self.lang_group = QActionGroup(self)
        self.lang_actions: dict[str, QAction] = {}
        current = self.settings.get("ui/language")
        for code in ("system", *i18n.LANGUAGES):
            act = QAction(self, checkable=True)
            act.setData(code)
            act.setChecked(code == current)
            act.triggered.connect(lambda _=False, c=code: self.set_language(c))
            self.lang_group.addAction(act)
            self.lang_actions[code] = act
        self.tab_actions = []
        for i in range(min(self.tabs.count(), 9)):
            self.tab_actions.append(self._action(lambda _=False, i=i: self.tabs.setCurrentIndex(i), f"Ctrl+{i + 1}"))

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        self.menu_recent_folders = QMenu(self)
        self.menu_recent_pipelines = QMenu(self)
        self.menu_recent_configs = QMenu(self)
        for m in (self.menu_recent_folders, self.menu_recent_pipelines, self.menu_recent_configs):
            m.aboutToShow.connect(self._fill_recent_menus)
        self.menu_file.addAction(self.act_open_folder)
        self.menu_file.addMenu(self.menu_recent_folders)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_open_pipeline)
        self.menu_file.addAction(self.act_save_pipeline)
        self.menu_file.addAction(self.act_save_pipeline_as)
        self.menu_file.addMenu(self.menu_recent_pipelines)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_open_config)
        self.menu_file.addAction(self.act_save_config)
        self.menu_file.addMenu(self.menu_recent_configs)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_edit = bar.addMenu("")
        self.menu_edit.addAction(self.act_undo)
        self.menu_edit.addAction(self.act_redo)
        self.menu_view = bar.addMenu("")
        for act in self.tab_actions:
            self.menu_view.addAction(act)
        self.menu_view.addSeparator()
        self.menu_language = self.menu_view.addMenu("")
        for act in self.lang_actions.values():
            self.menu_language.addAction(act)
        self.menu_run = bar.addMenu("")
        self.menu_run.addAction(self.act_start)
        self.menu_run.addAction(self.act_pause)
        self.menu_run.addAction(self.act_stop)
        self.menu_run.addSeparator()
        self.menu_run.addAction(self.act_resume_run)
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_about)

    def _tab_names(self) -> list[str]:
        """The tab titles in the tabs' order."""
        names = {self.data_panel: self.tr("Data"), self.pipeline_editor: self.tr("Pipeline"),
                 self.training_panel: self.tr("Training"),
                 self.evaluation_panel: self.tr("Evaluate"),
                 self.export_panel: self.tr("Export"), self.predict_panel: self.tr("Predict"),
                 self.runs_panel: self.tr("Runs"), self.compare_panel: self.tr("Compare"),
                 self.search_panel: self.tr("Search")}
        return [names[self.tabs.widget(i)] for i in range(self.tabs.count())]

    def retranslate(self) -> None:
        for i, name in enumerate(self._tab_names()):
            self.tabs.setTabText(i, name)
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_edit.setTitle(self.tr("&Edit"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_run.setTitle(self.tr("&Run"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.menu_language.setTitle(self.tr("Language"))
        self.menu_recent_folders.setTitle(self.tr("Recent Folders"))
        self.menu_recent_pipelines.setTitle(self.tr("Recent Pipelines"))
        self.menu_recent_configs.setTitle(self.tr("Recent Configs"))
        self.act_open_folder.setText(self.tr("Open Dataset &Folder…"))
        self.act_open_pipeline.setText(self.tr("&Open Pipeline…"))
        self.act_save_pipeline.setText(self.tr("&Save Pipeline"))
        self.act_save_pipeline_as.setText(self.tr("Save Pipeline &As…"))
        self.act_open_config.setText(self.tr("Open Run &Config…"))
        self.act_save_config.setText(self.tr("Save Run Config As…"))
        self.act_quit.setText(self.tr("&Quit"))
        self.act_undo.setText(self.tr("&Undo"))
        self.act_redo.setText(self.tr("&Redo"))
        self.act_start.setText(self.tr("&Start Training"))
        self.act_stop.setText(self.tr("S&top Training"))
        self.act_resume_run.setText(self.tr("&Resume Stopped Run"))
        self.act_resume_run.setToolTip(self.tr("Continue the stopped run from its last checkpoint"))
        self._update_pause_text()
        self.act_about.setText(self.tr("&About dtf_gui"))
        self.lang_actions["system"].setText(self.tr("System Default"))
        for code, name in i18n.LANGUAGES.items():
            self.lang_actions[code].setText(name)
        for act, name in zip(self.tab_actions, self._tab_names(), strict=False):
            act.setText(self.tr("Show {0}").format(name))
        self._update_status()
        self._update_hint()
        self._update_title()

    def show_compare(self, paths: list[Path]) -> None:
        """Compare these run folders in the Compare tab and show it (the Runs tab's ``compare_requested``)."""
        self.compare_panel.set_runs(paths)
        self.tabs.setCurrentWidget(self.compare_panel)

    def _on_runs_panel_run_opened(self, run_dir: str) -> None:
        """The Runs tab's Open: the Training tab's plots show the run's history, the Evaluate tab comes up."""
        if self.training_panel is not None:
            self.training_panel.run_view.show_history(run_dir)
        self.tabs.setCurrentWidget(self.evaluation_panel)

    # -- language ----------------------------------------------------------------------------------
    def set_language(self, code: str) -> None:
        """Remember the choice and switch now (every widget retranslates on LanguageChange)."""
        self.settings.set("ui/language", code)
        if code in self.lang_actions:
            self.lang_actions[code].setChecked(True)
        i18n.set_language(code)

    # -- files (the work is in FileActions) -------------------------------------------------------------
    def open_pipeline(self, path: str | None = None) -> None:
        self.file_actions.open_pipeline(path)

    def save_pipeline(self) -> None:
        self.file_actions.save_pipeline()

    def save_pipeline_as(self, path: str | None = None) -> None:
        self.file_actions.save_pipeline_as(path)

    def open_config(self, path: str | None = None) -> None:
        self.file_actions.open_config(path)

    def save_config_as(self, path: str | None = None) -> None:
        self.file_actions.save_config_as(path)

    def _fill_recent_menus(self) -> None:
        self.file_actions.fill_recent_menus(self.menu_recent_folders, self.menu_recent_pipelines,
                                            self.menu_recent_configs)

    # -- training ------------------------------------------------------------------------------------
    def start_training(self) -> None:
        """Run > Start: show the Training tab and train the current config."""
        self.tabs.setCurrentWidget(self.training_panel)
        self.run_controller.start()

    def stop_training(self) -> None:
        self.run_controller.stop()

    def resume_run(self) -> None:
        """Run > Resume Stopped Run: show the Training tab and continue the current run from its checkpoint."""
        self.tabs.setCurrentWidget(self.training_panel)
        self.run_controller.resume_run()

    def _on_controller_status_changed(self, *_: Any) -> None:
        busy = self.state.is_training
        status = self.run_controller.status
        self.act_start.setEnabled(not busy)
        self.act_stop.setEnabled(busy)
        self.act_pause.setEnabled(status in (TrainingStatus.RUNNING, TrainingStatus.PAUSING, TrainingStatus.PAUSED))
        self.act_resume_run.setEnabled(self.run_controller.can_resume())
        self._update_pause_text()
        self._update_hint()

    def _update_pause_text(self) -> None:
        paused = self.run_controller.status in (TrainingStatus.PAUSING, TrainingStatus.PAUSED)
        self.act_pause.setText(self.tr("&Continue Training") if paused else self.tr("&Pause Training"))

    def _update_hint(self, *_: Any) -> None:
        """One line saying what to press next: Start on a fresh dataset, Evaluate after a finished run."""
        status = self.run_controller.status
        if self.state.is_training:
            text = ""
        elif status is TrainingStatus.COMPLETED:
            text = self.tr("Training finished. Next: the Evaluate tab (Ctrl+4) shows how well the model does.")
        elif self.run_controller.can_resume():
            text = self.tr("The run stopped. Run > Resume Stopped Run (Ctrl+F5) goes on from its last checkpoint.")
        elif not self.state.data_root:
            text = self.tr("Next: open a dataset folder (File > Open Dataset Folder, Ctrl+Shift+D).")
        else:
            text = self.tr("Next: press Start (F5) to train a model on this dataset.")
        self.hint_label.setText(text)

    # -- errors and status -----------------------------------------------------------------------------
    def show_error(self, message: str, details: str = "") -> None:
        """The one place errors are shown: a window-modal box that never blocks the event loop."""
        self.last_error = (message, details)
        self.statusBar().showMessage(message.splitlines()[0] if message else "", 10000)
        if self._error_box is not None:
            self._error_box.close()
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("dtf_gui"), message, QMessageBox.StandardButton.Ok,
                          self)
        if details:
            box.setDetailedText(details)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self._error_box = box

    def _on_state_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 6000)

    def _on_state_data_root_changed(self, root: str) -> None:
        if root:
            self.settings.add_recent("recent/folders", root)
            self.settings.set("data/last_root", root)

    def _update_status(self, *_: Any) -> None:
        root = self.state.data_root
        report = self.state.scan_report
        text = self.tr("Dataset: {0}").format(Path(root).name if root else self.tr("none"))
        if report is not None:
            counts = report.counts()
            n = sum(sum(v.values()) for v in counts.values())
            text += " " + self.tr("({0} classes, {1} images)").format(len(report.classes), n)
        self.dataset_label.setText(text)
        self.dataset_label.setToolTip(root)
        run = self.state.run_dir
        self.run_label.setText(self.tr("Run: {0}").format(Path(run).name if run else self.tr("none yet")))
        self.run_label.setToolTip(run)
        self.device_label.setToolTip(self.tr("Device used when the run config says 'auto'"))

    def _update_title(self, *_: Any) -> None:
        from shiboken6 import isValid

        if not (isValid(self) and isValid(self.state.undo_stack)):
            return  # the undo stack signals while Qt tears the window down at exit
        path = self.state.document_path
        name = Path(path).name if path else self.tr("untitled pipeline")
        dirty = "" if self.state.undo_stack.isClean() else " *"
        self.setWindowTitle(f"{name}{dirty} — dtf_gui")

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About dtf_gui"),
                          self.tr("dtf_gui {0}\nPoint-and-click fine-tuning of image classifiers with PyTorch, "
                                  "showing the type of your data after every transform.").format(__version__))

    # -- dropping a folder onto the window ------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt API name
        if folder_from_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        path = folder_from_drop(event.mimeData())
        if path:
            self.tabs.setCurrentWidget(self.data_panel)
            self.data_panel.open_folder(path)
            event.acceptProposedAction()
        else:
            super().dropEvent(event)

    # -- layout and closing --------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.get("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.settings.get("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)
        self.tabs.setCurrentIndex(min(max(self.settings.get("window/tab"), 0), self.tabs.count() - 1))
        self.pipeline_editor.restore_splitter_states(
            {name: self.settings.get(f"pipeline/{name}") for name in ("outer", "top", "bottom")})

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.state.is_training:
            if not ask(
                self, self.tr("Training is running"),
                self.tr("Training is still running. Stop it and close the window?")):
                event.ignore()
                return
        self.settings.set("window/geometry", self.saveGeometry())
        self.settings.set("window/state", self.saveState())
        self.settings.set("window/tab", self.tabs.currentIndex())
        for name, data in self.pipeline_editor.splitter_states().items():
            self.settings.set(f"pipeline/{name}", data)
        self.settings.sync()
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop every job and wait for it (training first), so no thread outlives the window."""
        owners = (self.run_controller, self.export_panel, self.evaluation_panel, self.predict_panel,
                  self.data_panel, self.pipeline_editor, self.runs_panel, self.compare_panel, self.search_panel)
        for owner in owners:
            if owner is not None:
                try:
                    owner.shutdown()
                except Exception:  # closing must go on; the error is shown on stderr
                    traceback.print_exc()
