"""The run controller: owns one training run at a time -- the job runner, its thread and its StopToken.

Start / Pause / Resume / Stop come from anywhere (the main window's Run menu, the Training panel's
buttons) and land here; the status lives in AppState (``training_status``, a
:class:`~dtf_gui.qt.state.TrainingStatus` value) and every view follows ``status_changed``. The engine's
events are re-emitted as plain payloads for the progress view (``run_started``, ``batches_ended``,
``epoch_ended``, ``run_ended``); ``finished(status)`` ends every run, whatever happened.

Resume (:meth:`RunController.resume_run`) continues the current run from its ``checkpoints/last.pt`` with the
run's own ``config.json`` -- the engine's ``resume=run_dir`` -- once it was stopped or failed; given a run
folder (the Runs tab's Resume), it continues that one, e.g. a run killed mid-way.

Statuses: idle -> starting -> running <-> pausing -> paused, -> stopping, then completed / stopped /
failed. "pausing" becomes "paused" only once the engine really waits (the token tells), so a view never
claims a pause the engine has not reached.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.config import RunConfig
from dtf_gui.core.errors import DtfError
from dtf_gui.qt import i18n
from dtf_gui.qt.state import AppState, TrainingStatus
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.training_worker import TrainingCallbacks, training_job

S = TrainingStatus
_END_STATUS = {"completed": S.COMPLETED, "early_stopped": S.COMPLETED, "stopped": S.STOPPED}


class PauseAwareToken(StopToken):
    """A StopToken that says when the job really starts waiting in a pause (``on_block(pause number)``,
    called in the job's thread), so "pausing" can turn into "paused" when it is true."""

    def __init__(self, on_block: Callable[[int], None] | None = None) -> None:
        super().__init__()
        self.on_block = on_block
        self.pauses = 0

    def pause(self) -> None:
        if not self.stop_requested:
            self.pauses += 1
        super().pause()

    def wait_if_paused(self, timeout: float | None = None) -> bool:
        if self.paused and not self.stop_requested and self.on_block is not None:
            self.on_block(self.pauses)
        return super().wait_if_paused(timeout)


class RunController(QObject):
    """Start, pause, resume and stop training on AppState's current config; see the module docstring."""

    status_changed = Signal(str)  # TrainingStatus value (AppState's training_status_changed)
    run_started = Signal(object)  # events.RunStarted
    batches_ended = Signal(object)  # list[events.BatchEnded], throttled to ~20 Hz
    epoch_ended = Signal(object)  # events.EpochEnded
    run_ended = Signal(object)  # events.RunEnded
    errored = Signal(object, str)  # Message or text, traceback (already reported to AppState)
    finished = Signal(str)  # the run is over and its thread has ended: completed / stopped / failed

    def __init__(self, state: AppState, parent: QObject | None = None,
                 train_fn: Callable[..., Any] | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.train_fn = train_fn  # None: engine.train (tests pass a scripted engine)
        self.runner = JobRunner(self, name="TrainingThread")
        self.callbacks: TrainingCallbacks | None = None  # the current (or last) run's; tests hook into it
        self.last_run_end: Any = None
        self._token: PauseAwareToken | None = None
        self._stop_pressed = False
        self.resuming = False  # the run in progress (or the last one) continues an earlier run
        self.runner.errored.connect(self._on_runner_errored)
        self.runner.finished.connect(self._on_runner_finished)
        state.training_status_changed.connect(self.status_changed)

    # -- state ---------------------------------------------------------------------------------------------
    @property
    def status(self) -> TrainingStatus:
        return TrainingStatus(self.state.training_status)

    @property
    def busy(self) -> bool:
        """A run holds the machine (from Start until its thread has ended)."""
        return self.status.busy or self.runner.running

    @property
    def batches_after_stop(self) -> int:
        """Batches the engine completed after Stop was pressed in the last run (0 or 1 expected)."""
        return self.callbacks.batches_after_stop if self.callbacks is not None else 0

    # -- requests ------------------------------------------------------------------------------------------
    def start(self) -> bool:
        """Train the state's current config (data root and pipeline included); False if refused."""
        if self.busy:
            return False
        try:
            cfg = self.state.config_for_run()
        except DtfError as e:
            self.state.report_error(e, "")
            return False
        if not cfg.data.root:
            self.state.report_error(self.tr("Choose a dataset folder first (Data panel), then press Start."), "")
            return False
        return self._launch(cfg, resume=None)

    def can_resume(self) -> bool:
        """The current run was stopped or failed and left a checkpoint to go on from."""
        run = self.state.run_dir
        return (not self.busy and self.status in (S.STOPPED, S.FAILED) and bool(run)
                and Path(run, "checkpoints", "last.pt").is_file())

    def resume_run(self, run_dir: str | Path | None = None) -> bool:
        """Continue the current run (or ``run_dir``: one the Runs tab lists as stopped or interrupted) from its
        last checkpoint, with the settings it was started with; ``run_dir`` becomes the current run."""
        if run_dir is not None:
            if self.busy or not Path(run_dir, "checkpoints", "last.pt").is_file():
                return False
            self.state.set_run_dir(run_dir)
        elif not self.can_resume():
            return False
        run = Path(self.state.run_dir)
        try:
            cfg = RunConfig.load(run / "config.json")
        except DtfError as e:
            self.state.report_error(self.tr("Cannot resume the run: {0}").format(i18n.text(e)), "")
            return False
        return self._launch(cfg, resume=run)

    def _launch(self, cfg: Any, resume: Path | None) -> bool:
        token = PauseAwareToken()
        callbacks = TrainingCallbacks(token)
        token.on_block = callbacks.on_paused
        queued = Qt.ConnectionType.QueuedConnection
        callbacks.run_started.connect(self._on_callbacks_run_started, queued)
        callbacks.batches_ended.connect(self.batches_ended, queued)
        callbacks.epoch_ended.connect(self.epoch_ended, queued)
        callbacks.run_ended.connect(self._on_callbacks_run_ended, queued)
        callbacks.message.connect(self._on_callbacks_message, queued)
        callbacks.paused.connect(self._on_callbacks_paused, queued)
        self.callbacks, self._token = callbacks, token
        self.last_run_end = None
        self._stop_pressed = False
        self.resuming = resume is not None
        self._set(S.STARTING)
        return self.runner.start(training_job(cfg, callbacks, resume=resume, train_fn=self.train_fn), stop=token)

    def pause(self) -> None:
        """Hold the run after its current batch (Resume goes on, Stop still stops)."""
        if self._token is not None and self.status is S.RUNNING:
            self._token.pause()
            self._set(S.PAUSING)

    def resume(self) -> None:
        if self._token is not None and self.status in (S.PAUSING, S.PAUSED):
            self._token.resume()
            self._set(S.RUNNING)

    def toggle_pause(self) -> None:
        if self.status in (S.PAUSING, S.PAUSED):
            self.resume()
        else:
            self.pause()

    def stop(self) -> None:
        """Ask the run to stop after the current batch (checkpoints stay consistent)."""
        if self._token is not None and self.runner.running and self.status is not S.STOPPING:
            self._stop_pressed = True
            self._token.stop()
            self._set(S.STOPPING)

    def shutdown(self, timeout_ms: int = 60_000) -> bool:
        """Stop a running job and wait for its thread (the window is closing); True if it ended."""
        self.stop()
        return self.runner.shutdown(timeout_ms)

    # -- the job's signals (GUI thread) --------------------------------------------------------------------
    def _set(self, status: TrainingStatus) -> None:
        self.state.set_training_status(status)

    @Slot(object)
    def _on_callbacks_run_started(self, e: Any) -> None:
        self.state.set_run_dir(e.run_dir)
        if self.status is S.STARTING:
            self._set(S.RUNNING)
        self.run_started.emit(e)

    @Slot(object)
    def _on_callbacks_run_ended(self, e: Any) -> None:
        self.last_run_end = e
        self._set(_END_STATUS.get(e.status, S.FAILED))
        if e.message:
            self.state.post_message(e.message)
        self.run_ended.emit(e)

    @Slot(object)
    def _on_callbacks_message(self, text: Any) -> None:
        self.state.post_message(text)

    @Slot(int)
    def _on_callbacks_paused(self, pause: int) -> None:
        if self.status is S.PAUSING and self._token is not None and pause == self._token.pauses:
            self._set(S.PAUSED)

    @Slot(object, str)
    def _on_runner_errored(self, message: Any, details: str) -> None:
        self._set(S.FAILED)
        self.state.report_error(self.tr("Training failed: {0}").format(i18n.text(message)), details)
        self.errored.emit(message, details)

    @Slot()
    def _on_runner_finished(self) -> None:
        if self.status.busy:  # ended without a RunEnded (e.g. failed before the start)
            self._set(S.STOPPED if self._stop_pressed else S.FAILED)
        self._token = None
        self.finished.emit(self.status.value)
