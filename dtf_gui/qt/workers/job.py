"""One way to run a background job: a plain function in a QThread, with the standard signals.

A *job* is a plain Python function called as ``fn(stop=StopToken, progress=callable)`` -- the hooks every
long core use case already takes (``scan``, ``run_evaluation``, ``export_bundle``...), so a job is usually
``functools.partial(core_function, request)``. :class:`JobRunner` runs it in a fresh QThread and turns what
happens into signals on the GUI thread, in this order (superqt's ``thread_worker``, napari's
``create_worker``)::

    started  ->  progressed(done, total)*  ->  returned(result) | errored(message, traceback) | cancelled
             ->  finished

Errors are data (STYLE §2.7): the runner catches everything the function raises and emits ``errored`` with
what to tell the user -- the core's Message where the error carries one (the receiver says it in the GUI's
language, again after a switch), else text; out-of-memory errors get a hint;
``Cancelled`` becomes ``cancelled``. Stop is a :class:`StopToken` set directly from the GUI thread (§2.6);
a job that ignores it runs to its end. Progress is throttled to ``progress_hz`` (the last step always goes).

Lifetime: the runner keeps every thread it started until the thread has ended, and when the runner is
destroyed (its owner widget deleted, or the last Python reference dropped) it stops each job and waits for
its thread -- so a thread never outlives its owner and is never destroyed while it runs. Never
``terminate()``.

Modes: by default one job at a time (``start`` refuses while one runs). With ``latest_wins=True`` a newer
request supersedes the running one: the older is stopped and whatever it still delivers is dropped; the
newer starts as soon as the older's thread has ended (requests in between are replaced, never queued), so
at most one thread per runner computes at a time.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.errors import Cancelled
from dtf_gui.qt.workers.describe import exception_message

Progress = Callable[[int, int], None]
JobFn = Callable[..., Any]  # called as fn(stop=StopToken, progress=Progress) -> result
PROGRESS_HZ = 20.0


class _Run(QThread):
    """One call of a job function in its own thread. Signals carry the run id, so the runner can drop what
    a superseded run still delivers (the signals are queued; the runner lives in the GUI thread)."""

    run_started = Signal(int)
    run_progressed = Signal(int, int, int)  # id, done, total
    run_returned = Signal(int, object)
    run_errored = Signal(int, object, str)  # run id, Message or text, traceback
    run_cancelled = Signal(int)
    run_ended = Signal(int)  # always last

    def __init__(self, run_id: int, fn: JobFn, stop: StopToken, progress_hz: float) -> None:
        super().__init__()
        self.run_id = run_id
        self.stop = stop
        self._fn = fn
        self._interval = 1.0 / progress_hz if progress_hz > 0 else 0.0
        self._last = 0.0

    def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done >= total or now - self._last >= self._interval:
            self._last = now
            self.run_progressed.emit(self.run_id, int(done), int(total))

    def run(self) -> None:  # the new thread
        rid = self.run_id
        try:
            self.run_started.emit(rid)
            result = self._fn(stop=self.stop, progress=self._progress)
        except Cancelled:
            self.run_cancelled.emit(rid)
        except BaseException as exc:  # errors are data: everything reaches the GUI as `errored`
            self.run_errored.emit(rid, exception_message(exc), traceback.format_exc())
        else:
            self.run_returned.emit(rid, result)
        finally:
            self.run_ended.emit(rid)


def _stop_and_wait(live: dict[int, _Run], *_: object) -> None:
    """The runner is being destroyed: stop every job it started and wait for its thread."""
    for run in list(live.values()):
        try:
            run.stop.stop()
            run.wait()
        except RuntimeError:  # the C++ thread is already gone
            pass


class JobRunner(QObject):
    """Runs job functions in QThreads for its owner (its parent); see the module docstring."""

    started = Signal()
    progressed = Signal(int, int)  # done, total
    returned = Signal(object)  # the function's result
    errored = Signal(object, str)  # what to tell the user (a core Message or text), traceback
    cancelled = Signal()
    finished = Signal()  # the job's thread has ended and the runner is idle again
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, name: str = "JobThread", latest_wins: bool = False,
                 progress_hz: float = PROGRESS_HZ) -> None:
        super().__init__(parent)
        self.name = name
        self.latest_wins = latest_wins
        self.progress_hz = progress_hz
        self._live: dict[int, _Run] = {}  # every thread not ended yet, keyed by run id
        self._next_id = 0
        self._current = 0  # the run whose signals are passed on (0: none)
        self._pending: tuple[JobFn, StopToken] | None = None  # latest_wins: waits for the running thread
        self._running = False
        # a plain function holding the threads (not the runner), so it still works while the runner dies
        self.destroyed.connect(partial(_stop_and_wait, self._live))

    # -- state -------------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        """A job was started and its ``finished`` has not been emitted yet."""
        return self._running

    @property
    def alive(self) -> bool:
        """Some thread of this runner is still running (a superseded one included)."""
        return any(_is_running(run) for run in self._live.values())

    # -- requests (GUI thread) ---------------------------------------------------------------------------
    def start(self, fn: JobFn, stop: StopToken | None = None) -> bool:
        """Run ``fn(stop=..., progress=...)`` in a new thread; False if refused (one already runs).

        ``stop`` lets the caller keep the token (pause/resume); by default the runner makes one.
        """
        stop = stop or StopToken()
        busy = self._executing()
        if busy is None:
            self._launch(fn, stop)
            return True
        if not self.latest_wins:
            return False
        busy.stop.stop()
        self._current = 0  # what the superseded run still delivers is dropped
        if self._pending is not None:
            self._pending[1].stop()
        self._pending = (fn, stop)
        return True

    def stop(self) -> None:
        """Ask the job to stop (it ends after its current unit of work); a waiting request is dropped."""
        if self._pending is not None:
            self._pending[1].stop()
            self._pending = None
            self.cancelled.emit()  # it never started; ``finished`` follows when the thread ends
        for run in self._live.values():
            run.stop.stop()

    def wait(self, ms: int | None = None) -> bool:
        """Block until every thread of this runner has ended (``ms`` caps the wait); True if they have.

        Signals still queued are delivered by the event loop afterwards.
        """
        deadline = None if ms is None else time.monotonic() + ms / 1000.0
        for run in list(self._live.values()):
            try:
                if deadline is None:
                    run.wait()
                elif not run.wait(max(0, int((deadline - time.monotonic()) * 1000))):
                    return False
            except RuntimeError:
                pass
        return True

    def shutdown(self, ms: int | None = None) -> bool:
        """Stop everything and wait for it (the window is closing); True if every thread has ended."""
        self._pending = None
        for run in self._live.values():
            run.stop.stop()
        return self.wait(ms)

    # -- internals -----------------------------------------------------------------------------------------
    def _executing(self) -> _Run | None:
        return next(iter(self._live.values()), None)

    def _launch(self, fn: JobFn, stop: StopToken) -> None:
        self._next_id += 1
        run = _Run(self._next_id, fn, stop, self.progress_hz)
        run.setObjectName(self.name)
        queued = Qt.ConnectionType.QueuedConnection
        run.run_started.connect(self._on_run_started, queued)
        run.run_progressed.connect(self._on_run_progressed, queued)
        run.run_returned.connect(self._on_run_returned, queued)
        run.run_errored.connect(self._on_run_errored, queued)
        run.run_cancelled.connect(self._on_run_cancelled, queued)
        run.run_ended.connect(self._on_run_ended, queued)
        self._live[run.run_id] = run
        self._current = run.run_id
        if not self._running:
            self._running = True
            self.running_changed.emit(True)
        run.start()

    @Slot(int)
    def _on_run_started(self, rid: int) -> None:
        if rid == self._current:
            self.started.emit()

    @Slot(int, int, int)
    def _on_run_progressed(self, rid: int, done: int, total: int) -> None:
        if rid == self._current:
            self.progressed.emit(done, total)

    @Slot(int, object)
    def _on_run_returned(self, rid: int, result: Any) -> None:
        if rid == self._current:
            self.returned.emit(result)

    @Slot(int, object, str)
    def _on_run_errored(self, rid: int, message: Any, details: str) -> None:
        if rid == self._current:
            self.errored.emit(message, details)

    @Slot(int)
    def _on_run_cancelled(self, rid: int) -> None:
        if rid == self._current:
            self.cancelled.emit()

    @Slot(int)
    def _on_run_ended(self, rid: int) -> None:
        run = self._live.pop(rid, None)
        if run is None:
            return
        run.wait()  # run_ended is emitted just before the thread's last steps
        if rid == self._current:
            self._current = 0
        if self._pending is not None:  # latest_wins: the newest request runs now
            fn, stop = self._pending
            self._pending = None
            self._launch(fn, stop)
            return
        if self._running and not self._live:
            self._running = False
            self.running_changed.emit(False)
            self.finished.emit()


def _is_running(run: QThread) -> bool:
    try:
        return run.isRunning()
    except RuntimeError:  # deleted: not running
        return False
