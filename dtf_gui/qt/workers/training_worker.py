"""The training job: ``engine.train`` as a :class:`~dtf_gui.qt.workers.job.JobRunner` job, its callbacks as
Qt signals.

:class:`TrainingCallbacks` implements the engine's Callbacks protocol. The engine calls it in the job's
thread; it emits plain payloads (the engine's event dataclasses), which reach slots on the GUI thread as
queued signals. It never touches a widget. The run controller
(:class:`dtf_gui.qt.controllers.run_controller.RunController`) owns the runner, the thread and the token.

Batch events are batched: the engine may finish hundreds of batches a second on a small model, and one
queued signal per batch would flood the GUI event loop. ``batches_ended`` carries a list of BatchEnded
and is emitted at most ``max_hz`` times a second (always flushed before an epoch or the run ends), so
the loss curve still gets every point.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.config import RunConfig
from dtf_gui.qt.workers.job import JobFn


class TrainingCallbacks(QObject):
    """The engine's callbacks as signals (``RunStarted``, ``list[BatchEnded]``, ``EpochEnded``, ``RunEnded``).

    Create it on the GUI thread; the engine calls its ``on_*`` methods from the job's thread.
    """

    run_started = Signal(object)
    batches_ended = Signal(object)  # list[BatchEnded], throttled
    epoch_ended = Signal(object)
    run_ended = Signal(object)
    message = Signal(object)  # a status line: a core Message (or text), said in the GUI's language
    paused = Signal(int)  # the engine now waits in pause number n (see ``on_paused``)

    def __init__(self, stop: StopToken | None = None, max_hz: float = 20.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stop_token = stop or StopToken()
        self._min_interval = 1.0 / max_hz if max_hz > 0 else 0.0
        self._pending: list[Any] = []
        self._last_emit = 0.0
        self.batches_after_stop = 0  # batches the engine finished after stop was requested (diagnostics)

    # -- Callbacks protocol (called in the job's thread by the engine) -----------------------------
    def on_run_start(self, event: Any) -> None:
        self.run_started.emit(event)

    def on_batch_end(self, event: Any) -> None:
        if self.stop_token.stop_requested:
            self.batches_after_stop += 1
        self._pending.append(event)
        now = time.monotonic()
        if now - self._last_emit >= self._min_interval:
            self.flush(now)

    def on_epoch_end(self, event: Any) -> None:
        self.flush()
        self.epoch_ended.emit(event)

    def on_run_end(self, event: Any) -> None:
        self.flush()
        self.run_ended.emit(event)

    def on_message(self, text: Any) -> None:
        self.message.emit(text)

    def on_paused(self, pause: int) -> None:
        """The job's token is about to block in a pause (not part of the engine's protocol: a token calls it)."""
        self.paused.emit(int(pause))

    def flush(self, now: float | None = None) -> None:
        """Emit the batches held back by the throttle."""
        if self._pending:
            batch, self._pending = self._pending, []
            self.batches_ended.emit(batch)
        self._last_emit = time.monotonic() if now is None else now


def training_job(config: RunConfig, callbacks: TrainingCallbacks, *, resume: str | Path | None = None,
                 train_fn: Callable[..., Any] | None = None) -> JobFn:
    """The job: ``engine.train(config, callbacks=callbacks, stop=stop, resume=resume)``, batches flushed."""

    def run(*, stop: StopToken, progress: Any = None) -> Any:
        train = train_fn
        if train is None:
            from dtf_gui.core.training.engine import train
        try:
            return train(config, callbacks=callbacks, stop=stop, resume=resume)
        finally:
            callbacks.flush()  # the last batches before an error are not lost

    return run
