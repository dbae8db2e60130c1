"""The Training tab's run view: Start / Pause / Stop / Resume run, the progress bar and line, the live plots, the run line.

It only draws: the buttons call the :class:`~dtf_gui.qt.controllers.run_controller.RunController`, and
everything shown comes from the controller's signals (status, the engine's events, the end of the run).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dtf_gui.core.runs.rundir import read_metrics
from dtf_gui.qt import i18n
from dtf_gui.qt.controllers.run_controller import RunController
from dtf_gui.qt.i18n import Retranslatable
from dtf_gui.qt.state import TrainingStatus
from dtf_gui.qt.widgets.plots import TrainingPlots

S = TrainingStatus


def format_count(n: int) -> str:
    """11689512 -> '11.69 M' (parameter counts the way model cards write them)."""
    if n >= 1_000_000:
        return f"{n / 1e6:.2f} M"
    if n >= 1_000:
        return f"{n / 1e3:.1f} k"
    return str(n)


def format_eta(seconds: float) -> str:
    if not math.isfinite(seconds) or seconds < 0:
        return "–"
    s = int(round(seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class RunProgressView(Retranslatable, QWidget):
    """Run controls and progress of the controller's run (see the module docstring)."""

    def __init__(self, controller: RunController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._run_total_steps = 0
        self._first_step = 0
        self.last_batch: Any = None
        self.epochs_seen: list[Any] = []
        self._note: tuple[str, Any] = ("idle", None)  # what the status line says between batches
        self._run_started: Any = None  # the RunStarted event, said again after a language switch

        self.start_button = QPushButton()
        self.pause_button = QPushButton()
        self.stop_button = QPushButton()
        self.resume_button = QPushButton()  # continues a stopped or failed run from its checkpoint
        self.start_button.setDefault(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.progress_label = QLabel()
        # a status line whose text changes ~20 times a second must not re-layout (and repaint) the plots
        self.progress_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.run_label = QLabel()
        self.run_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.run_label.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.pause_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.resume_button)
        buttons.addWidget(self.progress, 1)
        self.plots = TrainingPlots()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.plots, 1)
        layout.addWidget(self.run_label)

        self.start_button.clicked.connect(lambda: controller.start())
        self.pause_button.clicked.connect(lambda: controller.toggle_pause())
        self.stop_button.clicked.connect(lambda: controller.stop())
        self.resume_button.clicked.connect(lambda: controller.resume_run())
        controller.state.run_dir_changed.connect(self._update_resume)
        controller.status_changed.connect(self._on_controller_status_changed)
        controller.run_started.connect(self._on_controller_run_started)
        controller.batches_ended.connect(self._on_controller_batches_ended)
        controller.epoch_ended.connect(self._on_controller_epoch_ended)
        controller.run_ended.connect(self._on_controller_run_ended)
        controller.errored.connect(self._on_controller_errored)
        controller.finished.connect(self._on_controller_finished)
        self.retranslate()
        self._on_controller_status_changed(controller.status.value)

    def retranslate(self) -> None:
        """Set every visible string (called at start and when the language changes)."""
        self.progress.setFormat(self.tr("%p% · batch %v of %m") if self._run_total_steps else "")
        self.start_button.setText(self.tr("Start"))
        self.stop_button.setText(self.tr("Stop"))
        self.pause_button.setText(self.tr("Resume") if self._paused() else self.tr("Pause"))
        self.start_button.setToolTip(self.tr("Train with these settings on the current dataset and pipeline"))
        self.resume_button.setText(self.tr("Resume run"))
        self.resume_button.setToolTip(self.tr("Continue the stopped run from its last checkpoint, with the "
                                              "settings it was started with"))
        self._show_note()
        self._show_run_started()

    def _set_note(self, kind: str, payload: Any = None) -> None:
        self._note = (kind, payload)
        self._show_note()

    def _show_note(self) -> None:
        """The status line for the run's state (the batch line replaces it while batches arrive)."""
        kind, payload = self._note
        if kind == "idle":
            text = self.tr("Ready. Press Start (F5) to train.")
        elif kind == "starting":
            text = self.tr("Starting: loading data and building the model…")
        elif kind == "stopping":
            text = self.tr("Stopping after the current batch…")
        elif kind == "failed":
            first = i18n.text(payload).splitlines()
            text = self.tr("Training failed: {0}").format(first[0] if first else "")
        elif kind == "ended":
            text = self._summary(payload)
        elif kind == "history":
            name, n = payload
            text = (self.tr("Showing run {0}: 1 finished epoch.") if n == 1 else
                    self.tr("Showing run {0}: {1} finished epochs.")).format(name, n)
        else:  # "batch": the live line, redrawn by the next batch
            if self.last_batch is not None:
                self._show_batch(self.last_batch)
            return
        self.progress_label.setText(text)

    def _summary(self, e: Any) -> str:
        """How the run ended, in a sentence that fits the count (no "1 epochs", no "0.0 %" before validation)."""
        n, acc = int(e.epochs_done), float(e.best_val_acc)
        if e.status == "completed":
            text = (self.tr("Finished 1 epoch. Best validation accuracy {0:.1%}.") if n == 1 else
                    self.tr("Finished {1} epochs. Best validation accuracy {0:.1%}."))
        elif e.status == "early_stopped":
            text = (self.tr("Stopped early after 1 epoch (no improvement). Best validation accuracy {0:.1%}.")
                    if n == 1 else
                    self.tr("Stopped early after {1} epochs (no improvement). Best validation accuracy {0:.1%}."))
        elif n == 0:  # nothing was validated yet: there is no accuracy to report
            text = (self.tr("Stopped in epoch 1, before any validation. Resume run goes on from where it stopped.")
                    if e.status == "stopped" else self.tr("The run ended in epoch 1, before any validation."))
        elif e.status == "stopped":
            text = (self.tr("Stopped by you after 1 epoch. Best validation accuracy {0:.1%}.") if n == 1 else
                    self.tr("Stopped by you after {1} epochs. Best validation accuracy {0:.1%}."))
        else:
            text = (self.tr("The run ended after 1 epoch (best validation accuracy {0:.1%}).") if n == 1 else
                    self.tr("The run ended after {1} epochs (best validation accuracy {0:.1%})."))
        return text.format(acc, n)

    def _show_run_started(self) -> None:
        e = self._run_started
        if e is None:
            return
        device = e.device if not e.device_name or e.device_name == e.device else f"{e.device} ({e.device_name})"
        self.run_label.setText(self.tr("{0} on {1} · {2} classes · {3} of {4} parameters trainable · {5}").format(
            e.arch, device, len(e.classes), format_count(e.trainable_params), format_count(e.total_params),
            e.run_dir))

    def show_history(self, run_dir: str | Path) -> bool:
        """Draw a finished run's curves from its metrics.csv (the Runs tab's Open); False while a run trains
        (its live plots stay) or when the file cannot be read."""
        if TrainingStatus(self.controller.status.value).busy:
            return False
        try:
            rows = read_metrics(run_dir)
        except (OSError, ValueError):
            return False
        self.plots.show_history(rows)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self._set_note("history", (Path(run_dir).name, len(rows)))
        return True

    def _paused(self) -> bool:
        return self.controller.status in (S.PAUSING, S.PAUSED)

    # -- controller -> view --------------------------------------------------------------------------------
    def _on_controller_status_changed(self, status: str) -> None:
        st = TrainingStatus(status)
        self.start_button.setEnabled(not st.busy)
        self.pause_button.setEnabled(st in (S.RUNNING, S.PAUSING, S.PAUSED))
        self.stop_button.setEnabled(st in (S.STARTING, S.RUNNING, S.PAUSING, S.PAUSED))
        self.pause_button.setText(self.tr("Resume") if self._paused() else self.tr("Pause"))
        self._update_resume()
        # a resumed run draws on after its old points; a run opened from the Runs tab is drawn per epoch only
        if st is S.STARTING and (not self.controller.resuming or self.plots.lr_by_epoch):
            self.plots.clear()
        if st is S.STARTING:
            self.epochs_seen = []
            self.last_batch = None
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self._run_started = None
            self.run_label.setText("")
            self._set_note("starting")
        elif st is S.STOPPING:
            self._set_note("stopping")
        elif st in (S.RUNNING, S.PAUSING, S.PAUSED) and self.last_batch is not None:
            self._show_batch(self.last_batch)  # the "Paused" mark follows at once

    def _update_resume(self, *_: Any) -> None:
        self.resume_button.setEnabled(self.controller.can_resume())

    def _on_controller_run_started(self, e: Any) -> None:
        self._run_total_steps = max(1, (e.epochs - getattr(e, "start_epoch", 0)) * e.batches_per_epoch)
        self._first_step = getattr(e, "start_epoch", 0) * e.batches_per_epoch
        self.progress.setRange(0, self._run_total_steps)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("%p% · batch %v of %m"))
        self.plots.set_run_length(e.epochs * e.batches_per_epoch, e.epochs, self._first_step)
        self._run_started = e
        self._show_run_started()

    def _on_controller_batches_ended(self, batch: list) -> None:
        for b in batch:
            self.plots.add_batch(b.step, b.loss, b.lr)
        self.last_batch = batch[-1]
        self._note = ("batch", None)
        self.progress.setValue(min(self._run_total_steps, self.last_batch.step - self._first_step))
        self._show_batch(self.last_batch)

    def _show_batch(self, b: Any) -> None:
        text = self.tr("Epoch {0}/{1} · batch {2}/{3} · {4:.0f} images/s · ETA {5} · loss {6:.4f}").format(
            b.epoch, b.epochs, b.batch, b.batches, b.images_per_s, format_eta(b.eta_s), b.loss)
        if b.gpu_mem_mb:
            text += self.tr(" · GPU {0:.0f} MB").format(b.gpu_mem_mb)
        if self.controller.status is S.PAUSING:  # the engine finishes the batch it is in first
            text = self.tr("Pausing after this batch… · ") + text
        elif self.controller.status is S.PAUSED:
            text = self.tr("Paused · ") + text
        self.progress_label.setText(text)

    def _on_controller_epoch_ended(self, e: Any) -> None:
        self.epochs_seen.append(e)
        self.plots.set_r2("val_r2" in getattr(e, "extras", {}))  # a regression run plots its R²
        self.plots.add_epoch(e.epoch, e.train_loss, e.val_loss, e.val_acc, ema_val_acc=e.ema_val_acc)

    def _on_controller_run_ended(self, e: Any) -> None:
        self.plots.flush()
        if e.status in ("completed", "early_stopped"):
            self.progress.setValue(self.progress.maximum())
        self._set_note("ended", e)

    def _on_controller_errored(self, message: Any, _details: str) -> None:
        self._set_note("failed", message)

    def _on_controller_finished(self, _status: str) -> None:
        self.plots.flush()
        self._update_resume()  # the run's thread has ended only now
