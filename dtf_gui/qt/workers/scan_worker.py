"""Background dataset scan: ``core.data.scan`` in a QThread, with progress and cancel.

Cancel is a :class:`StopToken` set directly from the GUI thread (STYLE §2.6); the scan stops after the
current file and the job reports ``cancelled``. Payloads are plain: (done, total) and the ScanReport.
"""

from __future__ import annotations

import traceback
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from dtf_gui.core.cancel import StopToken, Throttle
from dtf_gui.core.data.scan import scan
from dtf_gui.core.errors import Cancelled
from dtf_gui.qt.workers.lifetime import stop_thread_with

PROGRESS_HZ = 20


class ScanWorker(QObject):
    """Runs one scan; emits exactly one of ``finished``, ``failed`` or ``cancelled``."""

    progressed = Signal(int, int)
    finished = Signal(object)        # ScanReport
    failed = Signal(str, str)        # message, traceback
    cancelled = Signal()

    def __init__(self, root: str, val_fraction: float | None, stop: StopToken, val_root: str = "") -> None:
        super().__init__()
        self.root = root
        self.val_fraction = val_fraction
        self.val_root = val_root
        self.stop = stop
        self._throttle = Throttle(1.0 / PROGRESS_HZ)

    def _progress(self, done: int, total: int) -> None:
        if self._throttle.ready(final=done >= total):
            self.progressed.emit(int(done), int(total))

    @Slot()
    def run(self) -> None:
        try:
            report = scan(self.root, val_root=self.val_root or None, val_fraction=self.val_fraction,
                          progress=self._progress, stop=self.stop)
        except Cancelled:
            self.cancelled.emit()
            return
        except Exception as e:
            self.failed.emit(str(e) or type(e).__name__, traceback.format_exc())
            return
        if self.stop.stop_requested:
            self.cancelled.emit()
        else:
            self.finished.emit(report)


class ScanJob(QObject):
    """Owns one scan thread at a time (a new scan cancels the running one)."""

    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal()
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: ScanWorker | None = None
        self._stop: StopToken | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, root: str, val_fraction: float | None = None, val_root: str = "") -> None:
        self.cancel(wait=True)
        self._stop = StopToken()
        thread = QThread()
        thread.setObjectName("ScanThread")
        worker = ScanWorker(root, val_fraction, self._stop, val_root)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.progressed.connect(self.progressed)
        worker.finished.connect(self._on_worker_finished)
        worker.failed.connect(self._on_worker_failed)
        worker.cancelled.connect(self._on_worker_cancelled)
        for sig in (worker.finished, worker.failed, worker.cancelled):
            sig.connect(thread.quit)
        self._thread, self._worker = thread, worker
        thread.start()
        stop_thread_with(self, thread, self._stop.stop)
        self.running_changed.emit(True)

    def cancel(self, wait: bool = False) -> None:
        """Ask the scan to stop after the current file; ``wait`` blocks until its thread has ended."""
        if self._stop is not None:
            self._stop.stop()
        if wait and self._thread is not None:
            self._thread.quit()
            self._thread.wait()
            was_cancelled = self._worker is not None
            self._cleanup()
            if was_cancelled:
                self.cancelled.emit()

    def _cleanup(self) -> None:
        thread = self._thread
        if thread is not None:
            thread.quit()  # the queued quit from the worker may not have run yet
            thread.wait()
        was_running = self._thread is not None
        self._thread = self._worker = None
        if was_running:
            self.running_changed.emit(False)

    def _is_current(self) -> bool:
        # A job cancelled with wait=True may still deliver its last queued signal: ignore it.
        return self._worker is not None and self.sender() is self._worker

    def _on_worker_finished(self, report: Any) -> None:
        if not self._is_current():
            return
        self._cleanup()
        self.finished.emit(report)

    def _on_worker_failed(self, message: str, details: str) -> None:
        if not self._is_current():
            return
        self._cleanup()
        self.failed.emit(message, details)

    def _on_worker_cancelled(self) -> None:
        if not self._is_current():
            return
        self._cleanup()
        self.cancelled.emit()
