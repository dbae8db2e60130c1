"""Run the training engine off the GUI thread and turn its callbacks into Qt signals.

The superqt ``new_worker_qthread`` recipe: a plain ``QObject`` moved to a ``QThread``; ``thread.started``
runs the job, ``finished`` quits the thread, both are ``deleteLater``-ed. The worker never touches a
widget; it only emits plain payloads (the engine's event dataclasses). Stop and pause go through the
``StopToken``, which the GUI thread sets directly, so they work even while the worker's thread is busy.

Batch events are batched: the engine may finish hundreds of batches a second on a small model, and one
queued signal per batch would flood the GUI event loop. ``batches_ended`` carries a list of BatchEnded
and is emitted at most ``max_hz`` times a second (always flushed before an epoch or the run ends), so
the loss curve still gets every point.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from dtf_gui.core.cancel import StopToken, Throttle
from dtf_gui.core.errors import DtfError
from dtf_gui.core.training import engine

OOM_HINT = ("The device ran out of memory. Lower the batch size (or the image size in the pipeline), "
            "choose a smaller model, or use mixed precision, then start again.")


def describe_exception(exc: BaseException) -> str:
    """The message shown to the user: the error's own text, plus what to do for out-of-memory errors."""
    text = str(exc) or type(exc).__name__
    try:
        import torch

        oom_types: tuple[type[BaseException], ...] = (torch.cuda.OutOfMemoryError,)
    except Exception:  # torch without CUDA support still defines it; be safe anyway
        oom_types = ()
    if isinstance(exc, oom_types + (MemoryError,)) or "out of memory" in text.lower():
        return f"{text}\n\n{OOM_HINT}"

    if isinstance(exc, DtfError):
        return text
    return f"{type(exc).__name__}: {text}"


class TrainingWorker(QObject):
    """Runs ``engine.train(config, callbacks=self, stop=token)`` once, in whatever thread it lives in.

    Signals carry the engine's plain event dataclasses (``RunStarted``, ``list[BatchEnded]``,
    ``EpochEnded``, ``RunEnded``). ``failed(message, traceback)`` is emitted for every exception;
    ``finished`` is emitted last, always.
    """

    run_started = Signal(object)
    batches_ended = Signal(object)  # list[BatchEnded], throttled
    epoch_ended = Signal(object)
    run_ended = Signal(object)
    message = Signal(str)
    failed = Signal(str, str)
    finished = Signal()

    def __init__(self, config: Any, *, stop: StopToken | None = None, resume: Any = None,
                 train_fn: Callable[..., Any] | None = None, max_hz: float = 20.0) -> None:
        super().__init__()
        self.config = config
        self.stop_token = stop or StopToken()
        self.resume = resume
        self._train_fn = train_fn
        self._throttle = Throttle(1.0 / max_hz if max_hz > 0 else 0.0)
        self._pending: list[Any] = []
        self.batches_after_stop = 0  # batches the engine finished after stop was requested (diagnostics)
        self.result: Any = None

    # -- the job ---------------------------------------------------------------------------------
    @Slot()
    def run(self) -> None:
        try:
            train = self._train_fn or engine.train  # looked up now: tests swap engine.train
            self.result = train(self.config, callbacks=self, stop=self.stop_token, resume=self.resume)
        except BaseException as exc:  # errors are data: everything reaches the GUI as `failed`
            self._flush()
            self.failed.emit(describe_exception(exc), traceback.format_exc())
        finally:
            self._flush()
            self.finished.emit()

    # -- Callbacks protocol (called in the worker thread by the engine) ----------------------------
    def on_run_start(self, event: Any) -> None:
        self.run_started.emit(event)

    def on_batch_end(self, event: Any) -> None:
        if self.stop_token.stop_requested:
            self.batches_after_stop += 1
        self._pending.append(event)
        if self._throttle.ready():
            self._flush()

    def on_epoch_end(self, event: Any) -> None:
        self._flush()
        self.epoch_ended.emit(event)

    def on_run_end(self, event: Any) -> None:
        self._flush()
        self.run_ended.emit(event)

    def on_message(self, text: str) -> None:
        self.message.emit(str(text))

    def _flush(self) -> None:
        if self._pending:
            batch, self._pending = self._pending, []
            self.batches_ended.emit(batch)
        self._throttle.restart()


class _ThreadRegistry(QObject):
    """Lives in the GUI thread; owns each started (thread, worker) pair until the thread has ended.

    Both objects are created from Python, so Python owns them. Deleting the worker with
    ``deleteLater`` in its own thread while the GUI thread drops the last Python reference would delete
    it twice from two threads (an intermittent crash). Instead, when a thread finishes, this object
    waits for it to be fully done and then releases both references here, in the GUI thread.
    """

    def __init__(self) -> None:
        super().__init__()
        self.live: dict[QThread, QObject] = {}

    def add(self, thread: QThread, worker: QObject) -> None:
        self.live[thread] = worker
        thread.finished.connect(self._on_thread_finished)  # queued: runs in the GUI thread

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self.sender()
        if isinstance(thread, QThread) and thread in self.live:
            thread.wait()  # finished is emitted just before the thread's last steps
            self.live.pop(thread, None)
            thread.deleteLater()

    def running(self) -> int:
        n = 0
        for thread in list(self.live):
            try:
                n += bool(thread.isRunning())
            except RuntimeError:  # already deleted: not running
                self.live.pop(thread, None)
        return n


_registry: _ThreadRegistry | None = None


def live_threads() -> int:
    """How many threads started by ``start_in_thread`` are still running (tests, close checks)."""
    return 0 if _registry is None else _registry.running()


def start_in_thread(worker: QObject, run: Callable[[], None] | None = None) -> QThread:
    """Move ``worker`` to a new QThread and start it (superqt's recipe, minus the worker's deleteLater).

    Call from the GUI thread. ``worker.finished`` quits the thread; afterwards the thread is deleted
    and the worker released in the GUI thread, so drop your references on ``thread.finished``. Wait
    for a thread with ``thread.wait()``; never ``terminate()`` it.
    """
    global _registry
    if _registry is None:
        _registry = _ThreadRegistry()
    thread = QThread()
    thread.setObjectName(type(worker).__name__)
    worker.moveToThread(thread)
    thread.started.connect(run or worker.run)
    # quit directly from the worker's thread (QThread.quit is thread-safe): a queued quit would never run
    # while the GUI thread blocks in thread.wait() on close
    worker.finished.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    _registry.add(thread, worker)
    thread.start()
    return thread
