"""Evaluation and prediction as plain functions (no Qt), run off the GUI thread by a JobRunner.

The evaluation job does exactly what ``dtf eval`` does (same scan settings, same val transform, same
``core.metrics.evaluate``), so the numbers in the Evaluate view equal the CLI's ``metrics.json``; the
plain function :func:`run_evaluation` holds that recipe. Results are plain payloads
(:class:`EvalOutcome`, :class:`PredictItem`); the specs in :mod:`dtf_gui.qt.workers.specs` hand these
functions to :class:`~dtf_gui.qt.workers.job.JobRunner` (STYLE §2.5-2.8).
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtf_gui.core.cancel import StopToken
from dtf_gui.qt.workers.describe import describe_exception

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
    from dtf_gui.core.export import eval_dataset

    return eval_dataset(model_path, data_root, split, which)


def run_evaluation(request: EvalRequest, *, progress: Callable[[int, int], None] | None = None,
                   stop: StopToken | None = None) -> EvalOutcome:
    """Evaluate as ``dtf eval MODEL DATA --split S --which W`` would, and collect the run's history."""
    from dtf_gui.core.export import eval_report_extra
    from dtf_gui.core.metrics import evaluate

    model, classes, doc, info, dataset = build_eval_dataset(request.model_path, request.data_root,
                                                            request.split, request.which)
    result = evaluate(model, dataset, device=request.device, batch_size=request.batch_size, progress=progress,
                      stop=stop, classes=classes, top_k=(1, request.top_k))
    extra = eval_report_extra(info, request.which, request.data_root, request.split)
    history = read_history(info["path"]) if info.get("kind") == "run" else []
    return EvalOutcome(request, result, doc, info, history, extra)


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
    from dtf_gui.core.export import load_predictor

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
    from dtf_gui.core.export import predict_images
    from dtf_gui.core.pipeline.inspect import trace

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
