"""Evaluation and prediction off the GUI thread.

The evaluation job does exactly what ``dtf eval`` does (same scan settings, same val transform, same
``core.metrics.evaluate``), so the numbers in the Evaluate view equal the CLI's ``metrics.json``; the
plain function :func:`run_evaluation` holds that recipe and has no Qt in it. Workers emit plain
payloads only (:class:`EvalOutcome`, :class:`PredictItem`); progress is throttled to ~20 Hz and stop is
a :class:`StopToken` flag set directly from the GUI thread (STYLE §2.5-2.8).
"""

from __future__ import annotations

import csv
import threading
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from dtf_gui.core.cancel import Progress, StopToken, Throttle
from dtf_gui.core.data.scan import scan
from dtf_gui.core.errors import Cancelled
from dtf_gui.core.export import eval_dataset, eval_report_extra, load_predictor, predict_images
from dtf_gui.core.metrics import evaluate
from dtf_gui.core.pipeline.inspect import trace
from dtf_gui.qt.workers.training_worker import describe_exception, start_in_thread

PROGRESS_HZ = 20.0


# -- the evaluation recipe (Qt-free) ---------------------------------------------------------------------


@dataclass(frozen=True)
class EvalRequest:
    """What to evaluate: a run directory or bundle on one split of a dataset folder."""

    model_path: str
    data_root: str
    split: str = "val"
    which: str = "best"
    batch_size: int = 64
    device: str = "cpu"
    top_k: int = 5


@dataclass
class EvalOutcome:
    """An evaluation and its context: the result, the model's pipeline and the run's training history."""

    request: EvalRequest
    result: Any  # dtf_gui.core.metrics.EvalResult
    pipeline: Any  # PipelineDocument the model was trained with (its val split made the inputs)
    info: dict[str, Any]
    history: list[dict[str, float]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # the keys `dtf eval` adds to metrics.json

    @property
    def classes(self) -> list[str]:
        return list(self.result.classes)


def read_history(model_path: str | Path) -> list[dict[str, float]]:
    """Rows of a run's ``metrics.csv`` as numbers (empty for a bundle or a run without epochs)."""
    path = Path(model_path) / "metrics.csv"
    if not path.is_file():
        return []
    rows: list[dict[str, float]] = []
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            clean: dict[str, float] = {}
            for k, v in row.items():
                try:
                    clean[k] = float(v)
                except (TypeError, ValueError):
                    continue
            if "epoch" in clean:
                rows.append(clean)
    return rows


def build_eval_dataset(model_path: str | Path, data_root: str | Path, split: str = "val",
                       which: str = "best") -> tuple[Any, list[str], Any, dict[str, Any], Any]:
    """(model, classes, pipeline document, info, dataset) exactly as ``dtf eval`` builds them (core recipe)."""
    return eval_dataset(model_path, data_root, split, which)


def run_evaluation(request: EvalRequest, *, progress: Progress | None = None,
                   stop: StopToken | None = None) -> EvalOutcome:
    """Evaluate as ``dtf eval MODEL DATA --split S --which W`` would, and collect the run's history."""
    model, classes, doc, info, dataset = build_eval_dataset(request.model_path, request.data_root,
                                                            request.split, request.which)
    result = evaluate(model, dataset, device=request.device, batch_size=request.batch_size, progress=progress,
                      stop=stop, classes=classes, top_k=(1, request.top_k))
    extra = eval_report_extra(info, request.which, request.data_root, request.split)
    history = read_history(info["path"]) if info.get("kind") == "run" else []
    return EvalOutcome(request, result, doc, info, history, extra)


# -- evaluation in a thread ------------------------------------------------------------------------------


class EvalWorker(QObject):
    """Runs one evaluation; emits exactly one of ``evaluated``, ``failed`` or ``cancelled``, then ``finished``.

    Every signal carries the job id, so the owner can drop what a superseded job delivers late (the
    worker object itself may already be deleted by then, so ``sender()`` cannot be used for that).
    """

    progressed = Signal(int, int, int)  # job id, done, total
    evaluated = Signal(int, object)  # job id, EvalOutcome
    failed = Signal(int, str, str)  # job id, message, traceback
    cancelled = Signal(int)
    finished = Signal()

    def __init__(self, request: EvalRequest, stop: StopToken, run_fn: Callable[..., EvalOutcome] | None = None,
                 job_id: int = 0) -> None:
        super().__init__()
        self.request = request
        self.stop = stop
        self.job_id = job_id
        self._run_fn = run_fn or run_evaluation
        self._throttle = Throttle(1.0 / PROGRESS_HZ)

    def _progress(self, done: int, total: int) -> None:
        if self._throttle.ready(final=done >= total):
            self.progressed.emit(self.job_id, int(done), int(total))

    @Slot()
    def run(self) -> None:
        try:
            outcome = self._run_fn(self.request, progress=self._progress, stop=self.stop)
            self.evaluated.emit(self.job_id, outcome)
        except Cancelled:
            self.cancelled.emit(self.job_id)
        except BaseException as exc:  # errors are data
            self.failed.emit(self.job_id, describe_exception(exc), traceback.format_exc())
        finally:
            self.finished.emit()


class EvalJob(QObject):
    """Owns at most one evaluation thread; a new start stops (and waits for) the running one."""

    progressed = Signal(int, int)
    evaluated = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal()
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None  # the latest thread (kept to wait for it on close)
        self._worker: EvalWorker | None = None  # a reference, or Python would collect the worker at once
        self._stop: StopToken | None = None
        self._id = 0
        self._running = False

    @property
    def running(self) -> bool:
        return self._running

    def start(self, request: EvalRequest, run_fn: Callable[..., EvalOutcome] | None = None) -> None:
        self.cancel(wait=True)
        self._id += 1
        self._stop = StopToken()
        worker = EvalWorker(request, self._stop, run_fn, job_id=self._id)
        worker.progressed.connect(self._on_worker_progressed)
        worker.evaluated.connect(self._on_worker_evaluated)
        worker.failed.connect(self._on_worker_failed)
        worker.cancelled.connect(self._on_worker_cancelled)
        self._worker = worker
        self._thread = start_in_thread(worker)
        self._thread.setObjectName("EvalThread")
        self._set_running(True)

    def cancel(self, wait: bool = False) -> None:
        """Stop after the current batch; ``wait`` blocks until the thread has ended (window close)."""
        if self._stop is not None:
            self._stop.stop()
        if wait and self._thread is not None:
            try:
                self._thread.wait()
            except RuntimeError:  # already finished and deleted
                pass
            self._thread = None
            if self._running:
                self._id += 1  # whatever the stopped job still delivers is dropped
                self._set_running(False)

    def _set_running(self, running: bool) -> None:
        if running != self._running:
            self._running = running
            self.running_changed.emit(running)

    def _done(self, job_id: int) -> bool:
        """True when ``job_id`` is the current job (which has just ended)."""
        if job_id != self._id:
            return False
        self._set_running(False)
        return True

    def _on_worker_progressed(self, job_id: int, done: int, total: int) -> None:
        if job_id == self._id:
            self.progressed.emit(done, total)

    def _on_worker_evaluated(self, job_id: int, outcome: EvalOutcome) -> None:
        if self._done(job_id):
            self.evaluated.emit(outcome)

    def _on_worker_failed(self, job_id: int, message: str, details: str) -> None:
        if self._done(job_id):
            self.failed.emit(message, details)

    def _on_worker_cancelled(self, job_id: int) -> None:
        if self._done(job_id):
            self.cancelled.emit()


# -- prediction --------------------------------------------------------------------------------------------


@dataclass
class PredictItem:
    """One image's prediction and its per-step pipeline trace (``SampleInfo`` list, thumbnails included)."""

    path: str
    top: list[tuple[str, float]]
    trace: list[Any] = field(default_factory=list)
    trace_error: str | None = None
    error: str | None = None


_MODEL_CACHE: dict[tuple[str, str, float], Any] = {}
_CACHE_LOCK = threading.Lock()


def _stamp(path: Path) -> float:
    """Newest mtime of the files that define the model, so a re-export or a new best epoch reloads it."""
    files = [path / "bundle.json", path / "model.safetensors", path / "model.pth",
             path / "checkpoints" / "best.pt", path / "checkpoints" / "last.pt"]
    return max((f.stat().st_mtime for f in files if f.is_file()), default=0.0)


def load_predictor_cached(model_path: str | Path, which: str = "best") -> Any:
    """``core.export.load_predictor``, cached per (folder, checkpoint, modification time)."""
    p = Path(model_path)
    key = (str(p.absolute()), which, _stamp(p))
    with _CACHE_LOCK:
        if key not in _MODEL_CACHE:
            _MODEL_CACHE.clear()  # one model at a time is plenty for the Predict view
            _MODEL_CACHE[key] = load_predictor(p, which=which)
        return _MODEL_CACHE[key]


def predict_with_traces(model_path: str | Path, images: Sequence[str | Path], *, which: str = "best",
                        top_k: int = 5, device: str = "cpu") -> tuple[Any, list[PredictItem]]:
    """(bundle, items): the top-k of every image (``core.export.predict_images``) and its val-pipeline trace.

    An image that cannot be read gets an item with ``error`` set instead of failing the whole batch.
    """
    bundle = load_predictor_cached(model_path, which)
    paths = [str(p) for p in images]
    try:  # one batch, like `dtf predict`, so the numbers are the same to the last bit
        tops: list[Any] = predict_images(bundle, paths, top_k=top_k, device=device)
        errors: list[str | None] = [None] * len(paths)
    except Exception:  # some file is unreadable: go one by one so the others still get their answer
        tops, errors = [], []
        for path in paths:
            try:
                tops.append(predict_images(bundle, [path], top_k=top_k, device=device)[0])
                errors.append(None)
            except Exception as e:
                tops.append([])
                errors.append(describe_exception(e))
    items: list[PredictItem] = []
    for path, top, error in zip(paths, tops, errors, strict=True):
        item = PredictItem(path, [(str(c), float(v)) for c, v in top], error=error)
        if error is None:
            try:
                tr = trace(bundle.val_pipeline.val, path, split="val")
                item.trace = list(tr.infos)
                item.trace_error = tr.error
            except Exception as e:
                item.trace_error = describe_exception(e)
        items.append(item)
    return bundle, items


class PredictWorker(QObject):
    """Runs :func:`predict_with_traces` once; emits ``predicted(model description, items)`` or ``failed``."""

    predicted = Signal(object, object)  # dict (arch, classes, kind, path), list[PredictItem]
    failed = Signal(str, str)
    finished = Signal()

    def __init__(self, model_path: str, images: Sequence[str], *, which: str = "best", top_k: int = 5) -> None:
        super().__init__()
        self.model_path = model_path
        self.images = [str(p) for p in images]
        self.which = which
        self.top_k = top_k

    @Slot()
    def run(self) -> None:
        try:
            bundle, items = predict_with_traces(self.model_path, self.images, which=self.which, top_k=self.top_k)
            desc = {"arch": bundle.arch, "classes": list(bundle.classes), "path": self.model_path,
                    "kind": "run" if bundle.info.get("kind") == "run" else "bundle"}
            self.predicted.emit(desc, items)
        except BaseException as exc:
            self.failed.emit(describe_exception(exc), traceback.format_exc())
        finally:
            self.finished.emit()


# -- rescan after curation ---------------------------------------------------------------------------------


class RescanWorker(QObject):
    """Scans a dataset folder once (after files were moved) and emits the new ScanReport."""

    scanned = Signal(object)  # ScanReport
    failed = Signal(str, str)
    finished = Signal()

    def __init__(self, root: str, val_fraction: float | None, val_root: str = "") -> None:
        super().__init__()
        self.root = root
        self.val_fraction = val_fraction
        self.val_root = val_root

    @Slot()
    def run(self) -> None:
        try:
            self.scanned.emit(scan(self.root, val_root=self.val_root or None, val_fraction=self.val_fraction))
        except BaseException as exc:
            self.failed.emit(describe_exception(exc), traceback.format_exc())
        finally:
            self.finished.emit()
