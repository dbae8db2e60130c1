"""The main window's File menu work: open and save pipelines and run configs, and the recent-file menus.

Kept apart from :class:`~dtf_gui.qt.main_window.MainWindow` (which owns the actions and menus) so that the
window is layout and wiring; a file error becomes the error dialog through ``AppState.report_error``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from dtf_gui.core.errors import DtfError
from dtf_gui.qt.settings import Settings
from dtf_gui.qt.state import AppState

JSON_FILTER = "JSON (*.json)"


class FileActions(QObject):
    """Open/save of pipeline and run-config files for ``window`` (the dialogs' parent), remembered in
    the settings' recent lists."""

    def __init__(self, state: AppState, settings: Settings, window: QWidget,
                 open_folder: Callable[[str], Any]) -> None:
        super().__init__(window)
        self.state = state
        self.settings = settings
        self.window = window
        self.open_folder = open_folder

    def _dir_for(self, key: str) -> str:
        recent = self.settings.get(key)
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def open_pipeline(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open Pipeline"),
                                                  self._dir_for("recent/pipelines"), JSON_FILTER)
        if path:
            self.guard(lambda: self.state.load_document(path))
            self.settings.add_recent("recent/pipelines", path)

    def save_pipeline(self) -> None:
        if not self.state.document_path:
            self.save_pipeline_as()
            return
        self.guard(lambda: self.state.save_document())
        self.state.post_message(self.tr("Pipeline saved to {0}").format(self.state.document_path))

    def save_pipeline_as(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save Pipeline"),
                                                  self._dir_for("recent/pipelines"), JSON_FILTER)
        if path:
            if not path.endswith(".json"):
                path += ".json"
            if self.guard(lambda: self.state.save_document(path)):
                self.settings.add_recent("recent/pipelines", path)
                self.state.post_message(self.tr("Pipeline saved to {0}").format(path))

    def open_config(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open Run Config"),
                                                  self._dir_for("recent/configs"), JSON_FILTER)
        if path and self.guard(lambda: self.state.load_config(path)):
            self.settings.add_recent("recent/configs", path)

    def save_config_as(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(self.window, self.tr("Save Run Config"),
                                                  self._dir_for("recent/configs"), JSON_FILTER)
        if path:
            if not path.endswith(".json"):
                path += ".json"
            if self.guard(lambda: self.state.save_config(path)):
                self.settings.add_recent("recent/configs", path)
                self.state.post_message(self.tr("Run config saved to {0}").format(path))

    def fill_recent_menus(self, folders: QMenu, pipelines: QMenu, configs: QMenu) -> None:
        for menu, key, opener in ((folders, "recent/folders", self.open_folder),
                                  (pipelines, "recent/pipelines", self.open_pipeline),
                                  (configs, "recent/configs", self.open_config)):
            menu.clear()
            items = self.settings.get(key)
            for p in items:
                act = menu.addAction(p)
                act.triggered.connect(lambda _=False, p=p, f=opener: f(p))
            if not items:
                menu.addAction(self.tr("(none)")).setEnabled(False)

    def guard(self, fn: Any) -> bool:
        """Run a file action; a DtfError becomes the error dialog instead of an exception."""
        try:
            fn()
        except DtfError as e:
            self.state.report_error(str(e))
            return False
        except OSError as e:
            self.state.report_error(self.tr("File error: {0}").format(e))
            return False
        return True
