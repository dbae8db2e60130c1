"""Make Ensemble…: ask for an output folder (and before replacing an earlier bundle), then write the ensemble
bundle of the chosen runs in the background with the core's ``experiments.ensemble.make_ensemble``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from dtf_gui.core.errors import ExportError
from dtf_gui.core.experiments.ensemble import EnsembleRequest
from dtf_gui.core.runs.bundle import check_out_folder
from dtf_gui.qt import i18n
from dtf_gui.qt.widgets.layout import ask
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import ensemble_job


class EnsembleMaker(QObject):
    """One ensemble job at a time; ``said(text)`` for the owner's info line, ``written(folder)`` when done."""

    said = Signal(str)
    written = Signal(str)
    running_changed = Signal(bool)

    def __init__(self, state: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.job = JobRunner(self, name="EnsembleThread")
        self.job.returned.connect(self._on_returned)
        self.job.errored.connect(self._on_errored)
        self.job.running_changed.connect(self.running_changed)

    @property
    def running(self) -> bool:
        return self.job.running

    def make(self, parent: QWidget, members: list[Path], start_dir: str) -> None:
        out = QFileDialog.getExistingDirectory(parent, self.tr("Choose an empty folder for the ensemble"), start_dir)
        if not out:
            return
        try:
            kind = check_out_folder(out)
        except ExportError as e:
            self.state.report_error(e, "")
            return
        force = False
        if kind == "bundle":
            if not ask(
                parent, self.tr("Replace folder?"),
                self.tr("{0} holds an earlier bundle. Replace it with the ensemble?").format(out)):
                return
            force = True
        self.said.emit(self.tr("Making the ensemble of {0} runs…").format(len(members)))
        self.job.start(ensemble_job(EnsembleRequest(tuple(members), Path(out), force=force)))

    def shutdown(self) -> None:
        self.job.shutdown()

    def _on_returned(self, written: Any) -> None:
        notes = " ".join(i18n.text(n) for n in written.notes)
        self.said.emit(self.tr("Ensemble written to {0}; the Evaluate tab can open it.").format(written.out)
                       + (" " + notes if notes else ""))
        self.state.post_message(self.tr("Ensemble written to {0}").format(written.out))
        self.written.emit(str(written.out))

    def _on_errored(self, message: Any, details: str) -> None:
        self.said.emit(i18n.text(message))
        self.state.report_error(message, details)
