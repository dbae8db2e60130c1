""""Use dataset statistics" under a Normalize step's form: compute the train images' per-channel mean and std
(``core.pipeline.stats.dataset_stats``, in a JobRunner with progress and Cancel) and set them on the step.

The values go into the document as one undoable edit. The other split's Normalize gets them in the same edit
when it had the same values as this one before: train and val must normalise alike.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from dtf_gui.core.errors import PipelineError
from dtf_gui.core.pipeline.spec import PipelineDocument
from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import stats_job, stats_request


class DatasetStatsBox(i18n.Retranslatable, QWidget):
    """The button, a progress bar with Cancel while it computes, and a line saying what was set (or why not)."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.job = JobRunner(self, name="StatsThread")
        self._target: tuple[str, int, Any] | None = None  # (split, index, the Normalize step) when clicked
        self._status: tuple[str, Any] = ("", None)  # (kind, payload): re-said in the new language
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 0)
        line = QHBoxLayout()
        self.button = QPushButton()
        self.button.setObjectName("useDatasetStats")
        self.button.clicked.connect(self._on_button_clicked)
        line.addWidget(self.button)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        line.addWidget(self.progress, 1)
        self.cancel = QPushButton()
        self.cancel.clicked.connect(self.job.stop)
        self.cancel.hide()
        line.addWidget(self.cancel)
        line.addStretch(0)
        lay.addLayout(line)
        self.status = QLabel()
        self.status.setObjectName("statsStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.status)
        self.job.progressed.connect(self._on_job_progressed)
        self.job.returned.connect(self._on_job_returned)
        self.job.errored.connect(self._on_job_errored)
        self.job.cancelled.connect(self._on_job_cancelled)
        self.job.running_changed.connect(self._on_job_running_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(self.tr("Use dataset statistics"))
        self.button.setToolTip(self.tr("Compute the per-channel mean and std of the train images after the "
                                       "steps before Normalize (random steps left out) and use them here"))
        self.cancel.setText(self.tr("Cancel"))
        self._show_status()

    # -- actions -----------------------------------------------------------------------------------------
    def _on_button_clicked(self) -> None:
        split, index = self.state.current_step
        step = self.state.current_step_spec()
        if step is None or step.name != "Normalize":
            return
        request = stats_request(self.state)
        if request is None:
            self._set_status("no_data")
            return
        self._target = (split, index, step)
        self._set_status("computing")
        self.progress.setRange(0, 0)  # busy until the first progress (the listing)
        self.job.start(stats_job(request))

    def _on_job_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_job_returned(self, stats: Any) -> None:
        target, self._target = self._target, None
        if target is None:
            return
        split, index, before = target
        try:
            values = stats.normalize_params()
        except PipelineError as e:
            self._set_status("error", e.message)
            return
        doc = self.state.document
        spec = doc.get(split)
        if not (0 <= index < len(spec)) or spec[index] != before:
            self._set_status("changed")
            return
        doc = doc.with_split(split, spec.replace(index, before.with_params(**values)))
        doc = _same_in_other_split(doc, split, before, values)
        self.state.apply_document(doc, self.tr("Use dataset statistics"))
        self._set_status("done", stats)

    def _on_job_errored(self, message: Any, _details: str) -> None:
        self._target = None
        self._set_status("error", message)

    def _on_job_cancelled(self) -> None:
        self._target = None
        self._set_status("cancelled")

    def _on_job_running_changed(self, running: bool) -> None:
        self.button.setEnabled(not running)
        self.progress.setVisible(running)
        self.cancel.setVisible(running)

    # -- the status line ---------------------------------------------------------------------------------
    def _set_status(self, kind: str, payload: Any = None) -> None:
        self._status = (kind, payload)
        self._show_status()

    def _show_status(self) -> None:
        kind, payload = self._status
        error = kind in ("error", "no_data", "changed")
        if kind == "no_data":
            text = self.tr("Open a dataset folder first: the statistics are computed from its train images.")
        elif kind == "computing":
            text = self.tr("Computing the statistics of the train images…")
        elif kind == "changed":
            text = self.tr("The pipeline changed while the statistics were computed; select the Normalize step "
                           "and try again.")
        elif kind == "cancelled":
            text = self.tr("Stopped; Normalize is unchanged.")
        elif kind == "error":
            text = i18n.text(payload)
        elif kind == "done":
            values = payload.normalize_params(3)
            text = self.tr("Set mean {0} and std {1} from {2} train images.").format(
                ", ".join(f"{v:.3f}" for v in values["mean"]), ", ".join(f"{v:.3f}" for v in values["std"]),
                payload.n_images)
            if payload.from_cache:
                text += " " + self.tr("(from the cache: nothing changed since they were computed)")
        else:
            text = ""
        self.status.setStyleSheet("color: #d93025;" if error else "")
        self.status.setText(text)
        self.status.setVisible(bool(text))


def _same_in_other_split(doc: PipelineDocument, split: str, before: Any, values: dict[str, Any]) -> PipelineDocument:
    """``doc`` with the other split's first Normalize set to ``values`` too, when it equalled ``before``."""
    other = "val" if split == "train" else "train"
    spec = doc.get(other)
    for j, step in spec.enabled_steps():
        if step.name == "Normalize":
            if step.params.get("mean") == before.params.get("mean") and step.params.get("std") == before.params.get("std"):
                return doc.with_split(other, spec.replace(j, step.with_params(**values)))
            break
    return doc
