"""Per-step preview off the GUI thread: debounced, latest request wins.

:class:`PreviewService` lives in the GUI thread and watches AppState (document, sample, split, seed).
Each change restarts a short debounce timer; when it fires, a :class:`PreviewRequest` with a new id goes
to a latest-wins :class:`~dtf_gui.qt.workers.job.JobRunner`: a newer request stops the running trace
(between seeds) and drops its result, and only the newest request waiting behind it runs next, so typing
in a parameter field never stutters and never shows an old preview after a newer one. Lint runs the same
way on its own runner, so checks never delay the preview cards.

The jobs (:func:`compute_preview`, :func:`compute_lint`) return plain payloads (``SampleInfo`` dataclasses
with numpy thumbnails, lint findings): no tensors cross the thread boundary.
"""

from __future__ import annotations

import dataclasses
import time
import traceback
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from dtf_gui.core.cancel import StopToken
from dtf_gui.core.errors import Cancelled, DtfError
from dtf_gui.core.pipeline.spec import BATCH, PipelineDocument
from dtf_gui.qt.state import AppState
from dtf_gui.qt.workers.job import JobRunner
from dtf_gui.qt.workers.specs import stats_request

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
    pretrained: bool | None = None  # lint: the run's model starts from pretrained weights (None: unknown)
    stats_request: Any = None  # lint: where to look up the dataset's cached statistics (StatsRequest)
    num_classes: int | None = None  # the dataset's class count (batch preview, lint), when a scan is open
    batch_samples: tuple[tuple[str, int], ...] = ()  # the batch preview's (path, class index); () = the sample
    class_names: tuple[str, ...] | None = None


@dataclass
class PreviewResult:
    """One trace per seed (``rows``) of the split being previewed."""

    id: int
    split: str
    sample: str
    rows: list[list[Any]] = field(default_factory=list)        # SampleInfo per step, per seed
    batches: list[Any] = field(default_factory=list)            # BatchTrace per seed (the batch stage's preview)
    row_errors: list[Any] = field(default_factory=list)         # TraceResult.error per seed (Message or str)
    failed_index: int | None = None
    error: Any = None                                             # the preview itself could not run (Message or str)
    seconds: float = 0.0


def compute_preview(req: PreviewRequest, *, stop: StopToken, progress: Any = None) -> PreviewResult:
    """The job: ``inspect.trace`` of the request's sample, once per seed. A failing trace is data (the strip
    shows it); a newer request stops this one between seeds."""
    t0 = time.perf_counter()
    out = PreviewResult(id=req.id, split=req.split, sample=req.sample)
    try:
        from dtf_gui.core.pipeline.inspect import trace

        if req.split == BATCH:
            _batch_preview(req, out, stop)
            out.seconds = time.perf_counter() - t0
            return out
        spec = req.document.get(req.split)
        for seed in req.seeds if req.sample else ():
            if stop.stop_requested:
                raise Cancelled("preview superseded")
            res = trace(spec, req.sample, seed=seed, split=req.split, thumb_size=req.thumb_size)
            out.rows.append(list(res.infos))
            out.row_errors.append(res.error)
            if out.failed_index is None:
                out.failed_index = res.failed_index
    except Cancelled:
        raise
    except Exception as e:  # errors are data: the strip shows them (a Message stays one: it is re-said)
        out.error = (e.message if isinstance(e, DtfError) and e.message else
                     f"{e}" if str(e) else traceback.format_exc(limit=3))
    out.seconds = time.perf_counter() - t0
    return out


def _batch_preview(req: PreviewRequest, out: PreviewResult, stop: StopToken) -> None:
    """One batch trace per seed: the dataset's images (classes in turn) when a scan is open, else the sample
    repeated through the random train steps."""
    from dtf_gui.core.pipeline.inspect import BATCH_TRACE_SIZE, batch_class_count, trace_batch

    samples: list[tuple[Any, int]] = list(req.batch_samples)
    if not samples and req.sample:
        count, _ = batch_class_count(req.document, req.num_classes)
        samples = [(req.sample, k % count) for k in range(BATCH_TRACE_SIZE)]
    for seed in req.seeds if samples else ():
        if stop.stop_requested:
            raise Cancelled("preview superseded")
        result = trace_batch(req.document, samples, num_classes=req.num_classes, seed=seed,
                             class_names=req.class_names, thumb_size=64)
        out.batches.append(result)
        out.row_errors.append(result.error)
        if out.failed_index is None:
            out.failed_index = result.failed_index


def compute_lint(req: PreviewRequest, *, stop: StopToken, progress: Any = None) -> list[Any] | str:
    """The job: ``lint.lint`` of the request's document -> findings, or the message when it cannot run.

    The dataset's statistics are only looked up in their cache (never computed), and only for a model trained
    from scratch: the one case the imagenet-stats-from-scratch note is about.
    """
    try:
        from dtf_gui.core.pipeline.lint import lint
        from dtf_gui.core.pipeline.stats import cached_stats

        data_stats = None
        if req.pretrained is False and req.stats_request is not None:
            data_stats = cached_stats(req.stats_request)
        return list(lint(req.document, sample=req.sample or None, pretrained=req.pretrained,
                         data_stats=data_stats, num_classes=req.num_classes))
    except Exception as e:
        return e.message if isinstance(e, DtfError) and e.message else (str(e) or type(e).__name__)


class PreviewService(QObject):
    """Schedules previews for the current AppState; owns the preview and lint jobs (call :meth:`shutdown`)."""

    ready = Signal(object)      # PreviewResult, latest only
    lint_ready = Signal(object)  # list[LintFinding] (or an error message) for the latest document
    started = Signal()          # a request was sent to the worker

    def __init__(self, state: AppState, parent: QObject | None = None, *, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.state = state
        self.samples = 1
        self.thumb_size = 128
        self.last_result: PreviewResult | None = None
        self.last_lint: object = None
        self._latest_id = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._debounce_ms = debounce_ms
        self._last_send = 0.0
        self._timer.timeout.connect(self._send)
        self._lint_timer = QTimer(self)
        self._lint_timer.setSingleShot(True)
        self._lint_timer.setInterval(LINT_DEBOUNCE_MS)
        self._lint_timer.timeout.connect(self._send_lint)
        # latest wins: a newer request stops the running trace and drops its result; one thread at a time
        self._preview_job = JobRunner(self, name="PreviewThread", latest_wins=True)
        self._preview_job.returned.connect(self._on_preview_job_returned)
        self._preview_job.errored.connect(self._on_preview_job_errored)
        self._lint_job = JobRunner(self, name="LintThread", latest_wins=True)
        self._lint_job.returned.connect(self._on_lint_job_returned)
        self._alive = True
        from PySide6.QtCore import QCoreApplication

        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        for sig in (state.document_changed, state.selected_sample_changed, state.preview_split_changed,
                    state.preview_seed_changed, state.scan_report_changed):  # a scan: the batch's images, classes
            sig.connect(self.schedule)
        state.run_config_changed.connect(self._lint_timer.start)  # from scratch or pretrained: lint again

    def set_samples(self, n: int) -> None:
        n = max(1, min(int(n), MAX_SAMPLES))
        if n != self.samples:
            self.samples = n
            self.schedule()

    @Slot()
    def schedule(self, *_: Any) -> None:
        """Ask for a fresh preview soon.

        Leading edge: when no preview is computing and nothing was sent for a debounce interval, the request
        goes out on the next event-loop turn (coalescing the signals of one user action). Otherwise the
        debounce timer restarts, so a burst of edits sends one request after it.
        """
        if not self._alive:
            return
        quiet = (time.perf_counter() - self._last_send) * 1000 >= self._debounce_ms
        self._timer.start(0 if (not self._preview_job.running and quiet) else self._debounce_ms)
        self._lint_timer.start()

    def refresh_now(self) -> int:
        """Send a request at once (no debounce); returns its id."""
        self._timer.stop()
        return self._send()

    def _request(self, request_id: int, seeds: tuple[int, ...]) -> PreviewRequest:
        report, split = self.state.scan_report, self.state.preview_split
        num_classes = len(report.classes) or None if report is not None else None
        extra: dict[str, Any] = {}
        if report is not None and split == BATCH:
            from dtf_gui.core.pipeline.inspect import BATCH_TRACE_SIZE, dataset_batch

            extra = {"batch_samples": tuple(dataset_batch(report, BATCH_TRACE_SIZE,
                                                          first=self.state.selected_sample or None)),
                     "class_names": tuple(report.classes)}
        return PreviewRequest(request_id, self.state.document, split, self.state.selected_sample, seeds,
                              self.thumb_size, num_classes=num_classes, **extra)

    def _send(self) -> int:
        if not self._alive:
            return -1
        self._latest_id += 1
        seed = self.state.preview_seed
        req = self._request(self._latest_id, tuple(seed + 1000 * k for k in range(self.samples)))
        self._last_send = time.perf_counter()
        self.started.emit()
        self._preview_job.start(partial(compute_preview, req))
        return req.id

    @property
    def latest_id(self) -> int:
        """The id of the newest preview request (the one whose result ``ready`` delivers)."""
        return self._latest_id

    @Slot(object)
    def _on_preview_job_returned(self, result: PreviewResult) -> None:
        if self._alive:
            self.last_result = result
            self.ready.emit(result)

    @Slot(object, str)
    def _on_preview_job_errored(self, message: Any, _details: str) -> None:
        if self._alive:  # compute_preview keeps its errors; this is for what escapes it
            self._on_preview_job_returned(PreviewResult(id=self._latest_id, split=self.state.preview_split,
                                                        sample=self.state.selected_sample, error=message))

    def _send_lint(self) -> None:
        if self._alive:
            cfg = self.state.run_config
            pretrained = None if cfg is None else cfg.model.weights != "none"
            request = dataclasses.replace(self._request(0, ()), pretrained=pretrained,
                                          stats_request=stats_request(self.state) if pretrained is False else None)
            self._lint_job.start(partial(compute_lint, request))

    @Slot(object)
    def _on_lint_job_returned(self, findings: object) -> None:
        if self._alive:
            self.last_lint = findings
            self.lint_ready.emit(findings)

    def shutdown(self) -> None:
        """Stop both jobs (after the current trace) and wait for them: call before the window goes away."""
        if not self._alive:
            return
        self._alive = False
        self._timer.stop()
        self._lint_timer.stop()
        self._preview_job.shutdown()
        self._lint_job.shutdown()
