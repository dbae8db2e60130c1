"""Make Ensemble…: ask for an output folder (and before replacing an earlier bundle), then write the ensemble
bundle of the chosen runs in the background with the core's ``experiments.ensemble.make_ensemble``.

:class:`EnsembleMaker` serves the Runs tab (the selected runs); :class:`TopTrialsEnsemble` is the Search tab's
"Make Ensemble of Top k…" (the runs of the study's k best complete trials, ``search_top_runs``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QInputDialog, QPushButton, QSpinBox, QWidget

from dtf_gui.core.errors import DtfError, ExportError
from dtf_gui.core.experiments.ensemble import EnsembleRequest, parse_weights, search_top_runs
from dtf_gui.core.fileio import display_name
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
        weights = self._ask_weights(parent, members)
        if weights is False:
            return
        self.said.emit(self.tr("Making the ensemble of {0} runs…").format(len(members)))
        self.job.start(ensemble_job(EnsembleRequest(tuple(members), Path(out), weights=weights, force=force)))

    def _ask_weights(self, parent: QWidget, members: list[Path]) -> tuple[float, ...] | None | bool:
        """Soft voting (equal weights, the default answer) or a weighted mean: one weight per run, in the order
        listed; None for equal weights, False when the user cancels or the text is not weights (said)."""
        names = ", ".join(display_name(Path(m).name) for m in members)
        text, ok = QInputDialog.getText(
            parent, self.tr("Ensemble weights"),
            self.tr("Weights of {0} (one per run, in this order; equal weights average the probabilities):")
            .format(names), text=",".join("1" for _ in members))
        if not ok:
            return False
        try:
            weights = parse_weights(text)
        except DtfError as e:
            self.state.report_error(e, "")
            return False
        return None if weights is not None and len(set(weights)) == 1 else weights

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


class TopTrialsEnsemble(i18n.Retranslatable, QWidget):
    """A spin box (k, default 3) and "Make Ensemble of Top k…", enabled once the study has 2 complete trials."""

    said = Signal(str)

    def __init__(self, state: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.maker = EnsembleMaker(state, self)
        self.maker.said.connect(self.said)
        self.maker.running_changed.connect(lambda _: self._update())
        self.top_spin = QSpinBox()
        self.top_spin.setRange(2, 99)
        self.top_spin.setValue(3)
        self.top_spin.valueChanged.connect(lambda _: self.retranslate())
        self.button = QPushButton()
        self.button.clicked.connect(lambda: self.make())
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.top_spin)
        layout.addWidget(self.button, 1)
        self._study: tuple[str, str, str] | None = None  # storage URL, study name, folder to start the dialog in
        self._complete = 0
        self._update()
        self.retranslate()

    def set_study(self, storage: str, study: str, complete: int, start_dir: str) -> None:
        """The study now shown and how many of its trials are complete."""
        self._study = (storage, study, start_dir)
        self._complete = complete
        self._update()

    def make(self) -> bool:
        """Find the runs of the k best complete trials (refusals said), then ask for the folder and write."""
        if self._study is None or self.maker.running:
            return False
        storage, study, start_dir = self._study
        try:
            members = search_top_runs(storage, study, self.top_spin.value())
        except DtfError as e:
            self.said.emit(i18n.text(e.message))
            return False
        self.maker.make(self, members, start_dir)
        return True

    def shutdown(self) -> None:
        self.maker.shutdown()

    def _update(self) -> None:
        self.button.setEnabled(self._study is not None and self._complete >= 2 and not self.maker.running)

    def retranslate(self) -> None:
        self.button.setText(self.tr("Make Ensemble of Top {0}…").format(self.top_spin.value()))
        self.button.setToolTip(self.tr("Write one bundle that averages the predictions of the runs of the study's "
                                       "best complete trials; the Evaluate tab can open it."))
        self.top_spin.setToolTip(self.tr("How many of the best complete trials to ensemble"))
