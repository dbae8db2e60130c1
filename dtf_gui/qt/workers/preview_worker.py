"""Per-step preview off the GUI thread: debounced, latest request wins.

:class:`PreviewService` lives in the GUI thread and watches AppState (document, sample, split, seed).
Each change restarts a short debounce timer; when it fires, a :class:`PreviewRequest` with a new id is
queued to :class:`PreviewWorker` in its own QThread. The worker skips requests that are already stale
when it gets to them, and the service drops results whose id is not the latest, so typing in a
parameter field never stutters and never shows an old preview after a newer one.

The worker emits plain payloads (``SampleInfo`` dataclasses with numpy thumbnails, lint findings): no
tensors cross the thread boundary.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from dtf_gui.core.pipeline.inspect import trace
from dtf_gui.core.pipeline.lint import lint
from dtf_gui.core.pipeline.spec import PipelineDocument
from dtf_gui.qt.state import AppState
from dtf_gui.qt.workers.lifetime import stop_thread_with

DEBOUNCE_MS = 50
LINT_DEBOUNCE_MS = 300   # checks wait for a pause in typing; they trace both splits
MAX_SAMPLES = 8


@dataclass(frozen=True)
class PreviewRequest:
    id: int
    document: PipelineDocument
    split: str
    sample: str
    seeds: tuple[int, ...]
    thumb_size: int = 128


@dataclass
class PreviewResult:
    """One trace per seed (``rows``) of the split being previewed."""

    id: int
    split: str
    sample: str
    rows: list[list[Any]] = field(default_factory=list)        # SampleInfo per step, per seed
    row_errors: list[str | None] = field(default_factory=list)  # TraceResult.error per seed
    failed_index: int | None = None
    error: str | None = None                                      # the preview itself could not run
    seconds: float = 0.0


class _Latest:
    """The id of the newest request, read by the worker thread to skip stale work (an int under the GIL)."""

    value = 0

    def invalidate(self) -> None:
        self.value = -1


class PreviewWorker(QObject):
    """Runs ``inspect.trace`` for requests; lives in the preview QThread."""

    finished = Signal(object)        # PreviewResult
    handled = Signal(int)            # every request, computed or skipped as stale (for the idle check)

    def __init__(self, latest: _Latest) -> None:
        super().__init__()
        self._latest = latest

    @Slot(object)
    def compute(self, req: PreviewRequest) -> None:
        try:
            self._compute(req)
        finally:
            self.handled.emit(req.id)

    def _compute(self, req: PreviewRequest) -> None:
        if req.id != self._latest.value:
            return  # a newer request is queued behind this one
        t0 = time.perf_counter()
        out = PreviewResult(id=req.id, split=req.split, sample=req.sample)
        try:
            spec = req.document.get(req.split)
            for seed in req.seeds if req.sample else ():
                if req.id != self._latest.value:
                    return
                res = trace(spec, req.sample, seed=seed, split=req.split, thumb_size=req.thumb_size)
                out.rows.append(list(res.infos))
                out.row_errors.append(res.error)
                if out.failed_index is None:
                    out.failed_index = res.failed_index
        except Exception as e:  # errors are data: the strip shows them
            out.error = f"{e}" if str(e) else traceback.format_exc(limit=3)
        out.seconds = time.perf_counter() - t0
        self.finished.emit(out)


class LintWorker(QObject):
    """Runs ``lint.lint`` in its own thread, so checks never delay the preview cards."""

    linted = Signal(int, object)     # request id, list[LintFinding] or an error message

    def __init__(self, latest: _Latest) -> None:
        super().__init__()
        self._latest = latest

    @Slot(object)
    def compute(self, req: PreviewRequest) -> None:
        if req.id != self._latest.value:
            return
        try:
            findings: list[Any] | str = list(lint(req.document, sample=req.sample or None))
        except Exception as e:
            findings = str(e) or type(e).__name__
        self.linted.emit(req.id, findings)


class PreviewService(QObject):
    """Schedules previews for the current AppState; owns the preview thread (call :meth:`shutdown`)."""

    ready = Signal(object)      # PreviewResult, latest only
    lint_ready = Signal(object)  # list[LintFinding] (or an error message) for the latest document
    started = Signal()          # a request was sent to the worker
    _submit = Signal(object)
    _submit_lint = Signal(object)

    def __init__(self, state: AppState, parent: QObject | None = None, *, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.state = state
        self.samples = 1
        self.thumb_size = 128
        self.last_result: PreviewResult | None = None
        self.last_lint: object = None
        self._latest = _Latest()
        self._next_id = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._debounce_ms = debounce_ms
        self._in_flight = 0
        self._last_send = 0.0
        self._timer.timeout.connect(self._send)
        self._thread = QThread()
        self._thread.setObjectName("PreviewThread")
        self._worker = PreviewWorker(self._latest)
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.compute)
        self._worker.finished.connect(self._on_worker_finished)
        self._worker.handled.connect(self._on_worker_handled)
        self._thread.start()
        stop_thread_with(self, self._thread, self._latest.invalidate)
        self._lint_latest = _Latest()
        self._lint_next_id = 0
        self._lint_timer = QTimer(self)
        self._lint_timer.setSingleShot(True)
        self._lint_timer.setInterval(LINT_DEBOUNCE_MS)
        self._lint_timer.timeout.connect(self._send_lint)
        self._lint_thread = QThread()
        self._lint_thread.setObjectName("LintThread")
        self._lint_worker = LintWorker(self._lint_latest)
        self._lint_worker.moveToThread(self._lint_thread)
        self._submit_lint.connect(self._lint_worker.compute)
        self._lint_worker.linted.connect(self._on_worker_linted)
        self._lint_thread.start()
        stop_thread_with(self, self._lint_thread, self._lint_latest.invalidate)
        self._alive = True
        from PySide6.QtCore import QCoreApplication

        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        for sig in (state.document_changed, state.selected_sample_changed, state.preview_split_changed,
                    state.preview_seed_changed):
            sig.connect(self.schedule)

    def set_samples(self, n: int) -> None:
        n = max(1, min(int(n), MAX_SAMPLES))
        if n != self.samples:
            self.samples = n
            self.schedule()

    @Slot()
    def schedule(self, *_: Any) -> None:
        """Ask for a fresh preview soon.

        Leading edge: when the worker is idle and nothing was sent for a debounce interval, the request
        goes out on the next event-loop turn (coalescing the signals of one user action). Otherwise the
        debounce timer restarts, so a burst of edits sends one request after it and the worker is never
        queued up with stale work.
        """
        if not self._alive:
            return
        quiet = (time.perf_counter() - self._last_send) * 1000 >= self._debounce_ms
        self._timer.start(0 if (self._in_flight == 0 and quiet) else self._debounce_ms)
        self._lint_timer.start()

    def refresh_now(self) -> int:
        """Send a request at once (no debounce); returns its id."""
        self._timer.stop()
        return self._send()

    def _send(self) -> int:
        if not self._alive:
            return -1
        self._next_id += 1
        self._latest.value = self._next_id
        seed = self.state.preview_seed
        seeds = tuple(seed + 1000 * k for k in range(self.samples))
        req = PreviewRequest(self._next_id, self.state.document, self.state.preview_split,
                             self.state.selected_sample, seeds, self.thumb_size)
        self._in_flight += 1
        self._last_send = time.perf_counter()
        self.started.emit()
        self._submit.emit(req)
        return req.id

    @Slot(int)
    def _on_worker_handled(self, _request_id: int) -> None:
        self._in_flight = max(0, self._in_flight - 1)

    @property
    def latest_id(self) -> int:
        return self._latest.value

    @Slot(object)
    def _on_worker_finished(self, result: PreviewResult) -> None:
        if result.id != self._latest.value or not self._alive:
            return  # stale: a newer request is on its way
        self.last_result = result
        self.ready.emit(result)

    def _send_lint(self) -> int:
        if not self._alive:
            return -1
        self._lint_next_id += 1
        self._lint_latest.value = self._lint_next_id
        req = PreviewRequest(self._lint_next_id, self.state.document, self.state.preview_split,
                             self.state.selected_sample, ())
        self._submit_lint.emit(req)
        return req.id

    @Slot(int, object)
    def _on_worker_linted(self, request_id: int, findings: object) -> None:
        if request_id == self._lint_latest.value and self._alive:
            self.last_lint = findings
            self.lint_ready.emit(findings)

    def shutdown(self) -> None:
        """Stop the thread (after its current trace) and wait for it: call before the window goes away."""
        if not self._alive:
            return
        self._alive = False
        self._timer.stop()
        self._lint_timer.stop()
        self._latest.value = -1  # queued requests become stale and are skipped
        self._lint_latest.value = -1
        self._thread.quit()
        self._lint_thread.quit()
        self._thread.wait()
        self._lint_thread.wait()
