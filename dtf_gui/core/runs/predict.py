"""Predicting classes of images with a run or bundle: the use case behind ``dtf predict`` and the Predict view.

Request in, outcome out (STYLE section 15): :func:`predict` loads the model once (cached per folder and
modification time), runs every image through the val transform and the model in batches
(:func:`predict_images`) and, when asked, traces each image through the val pipeline for the view.
An image that cannot be read gets an item with its error; the others still get their answer.

Calibration (:mod:`dtf_gui.core.trust.calibration` fits it): the probabilities are softmax(logits / T) with
the model's temperature, and an image whose top probability is below the model's threshold is answered
"unknown" (:func:`is_unknown`, the one rule; the bundle's predict.py repeats it). ``use_threshold=False``
shows the top class anyway (``dtf predict --no-threshold``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.errors import Cancelled, DataError, DtfError, ExportError
from dtf_gui.core.fileio import display_name, file_kind
from dtf_gui.core.messages import Message, msg, render
from dtf_gui.core.runs.artifacts import BUNDLE_JSON, FILES, Bundle, load_predictor
from dtf_gui.core.runs.evaluate import no_best_note
from dtf_gui.core.runs.regression import predict_values, regression_of
from dtf_gui.core.runs.rundir import calibration_path, checkpoint_path


@dataclass(frozen=True)
class PredictRequest:
    """Which model (a bundle or run folder) to ask about which images, and how."""

    model_path: str
    images: tuple[str, ...]
    which: str = "best"
    top_k: int = 5
    device: str = "cpu"
    batch_size: int = 32
    traces: bool = True  # also trace each image through the val pipeline (the Predict view draws it)
    use_threshold: bool = True  # False: answer the top class even below the model's "unknown" threshold
    tta: str = "none"  # test-time augmentation: "none" | "flip" | "five_crop" (:mod:`.tta`)


@dataclass
class PredictItem:
    """One image's prediction and its per-step pipeline trace (``SampleInfo`` list, thumbnails included)."""

    path: str
    top: list[tuple[str, float]]
    trace: list[Any] = field(default_factory=list)
    trace_error: str | None = None
    error: str | None = None  # rendered in the language of the moment, for the view
    error_message: Message | str | None = None  # the same as data, for a caller that raises it
    unknown: bool = False  # the top probability is below the model's threshold: the answer is "unknown"
    kind: str = "classes"  # "values": a regression model's ``top`` is (target, value) per target, not (class, prob)


@dataclass
class PredictOutcome:
    request: PredictRequest
    bundle: Bundle
    items: list[PredictItem]
    notes: list[Message] = field(default_factory=list)  # what the user should know (last checkpoint used...)
    threshold: float | None = None  # the "unknown" threshold applied (None: none, or --no-threshold)


def is_unknown(top_probability: float, threshold: float | None) -> bool:
    """The answer is "unknown" when the top (calibrated) probability is below the threshold."""
    return threshold is not None and top_probability < threshold


def check_image_file(path: str | Path) -> None:
    """Refuse (DataError) a missing image, or a FIFO, device, socket or folder given as one, saying which.

    Checked with ``stat`` only, so a FIFO is named, never opened (opening it would wait for a writer).
    """
    kind = file_kind(path)
    if kind == "missing":
        raise DataError(msg("runs.image_missing", path=display_name(path)), path)
    if kind is not None:
        raise DataError(msg("runs.image_not_file", path=display_name(path), kind=msg(f"common.kind_{kind}")), path)


def predict_images(model_or_bundle: Any, paths: Iterable[str | Path], top_k: int = 5, *,
                   transform: Any = None, classes: Sequence[str] | None = None, device: str = "cpu",
                   batch_size: int = 32, progress: Progress | None = None,
                   stop: StopToken | None = None, temperature: float | None = None, tta: str = "none"
                   ) -> list[list[tuple[str, float]]]:
    """Top-k (class, probability) per image, most likely first; probabilities are softmax(logits / T). A
    regression model: (target, value) per target.

    Pass a :class:`Bundle`, or a model together with ``transform`` (the val transform) and ``classes``.
    ``temperature`` defaults to the bundle's (its calibration), else 1. ``tta``: the probabilities averaged
    over flipped or cropped views (:mod:`.tta`; the temperature applies to that average).
    Images are read like the training data (:func:`dtf_gui.core.data.datasets.load_rgb`). ``stop`` is
    checked between batches (Cancelled); ``progress`` gets (images done, images).
    """
    import torch

    from dtf_gui.core.data.datasets import load_rgb  # lazy: no torch in `dtf --help`
    from dtf_gui.core.runs.tta import with_tta

    reg = None
    if isinstance(model_or_bundle, Bundle):
        model = model_or_bundle.model
        transform = transform or model_or_bundle.transform
        classes = classes or model_or_bundle.classes
        temperature = model_or_bundle.temperature if temperature is None else temperature
        reg = regression_of(model_or_bundle.info)
    else:
        model = model_or_bundle
    temperature = 1.0 if temperature is None else float(temperature)
    if transform is None or not classes:
        raise ExportError(msg("runs.predict_needs_bundle"))
    paths = [Path(p) for p in paths]
    k = max(1, min(int(top_k), len(classes)))
    model = with_tta(model, tta) if reg is None else model  # TTA averages class probabilities: classifiers only
    model.eval().to(device)
    out: list[list[tuple[str, float]]] = []
    with torch.inference_mode():
        for start in range(0, len(paths), batch_size):
            if stop is not None and stop.stop_requested:
                raise Cancelled(msg("runs.predict_stopped"))
            chunk = paths[start:start + batch_size]
            xs = []
            for p in chunk:
                check_image_file(p)
                xs.append(transform(load_rgb(p)))
            if reg is not None:  # numbers, in the targets' own units: name = value
                out.extend([(n, float(v)) for n, v in zip(reg.names, row, strict=True)]
                           for row in predict_values(model, xs, reg, device))
                if progress is not None:
                    progress(len(out), len(paths))
                continue
            probs = torch.softmax(model(*batch_inputs(xs, device)).double() / temperature, dim=1).cpu()
            values, idx = probs.topk(k, dim=1)
            for v_row, i_row in zip(values.tolist(), idx.tolist(), strict=True):
                out.append([(classes[i], float(v)) for v, i in zip(v_row, i_row, strict=True)])
            if progress is not None:
                progress(len(out), len(paths))
    return out


def batch_inputs(items: Sequence[Any], device: Any = "cpu") -> list[Any]:
    """The model's positional inputs for a batch of transformed images: one stacked tensor for a single model,
    one per distinct member pipeline for an ensemble (whose transform gives a tuple per image)."""
    import torch

    if items and isinstance(items[0], tuple):
        return [torch.stack([x[j] for x in items]).to(device) for j in range(len(items[0]))]
    return [torch.stack(list(items)).to(device)]


_MODEL_CACHE: dict[tuple[str, str, float], Bundle] = {}
_CACHE_LOCK = threading.Lock()


def _stamp(path: Path) -> float:
    """Newest mtime of the files that define the model, so a re-export or a new best epoch reloads it."""
    files = [path / BUNDLE_JSON, path / FILES["safetensors"], path / FILES["pth"],
             checkpoint_path(path, "best"), checkpoint_path(path, "last"), calibration_path(path)]
    return max((f.stat().st_mtime for f in files if f.is_file()), default=0.0)


def load_predictor_cached(model_path: str | Path, which: str = "best") -> Bundle:
    """:func:`~dtf_gui.core.runs.artifacts.load_predictor`, cached per (folder, checkpoint, modification time)."""
    p = Path(model_path)
    key = (str(p.absolute()), which, _stamp(p))
    with _CACHE_LOCK:
        if key not in _MODEL_CACHE:
            _MODEL_CACHE.clear()  # one model at a time is plenty for the Predict view
            _MODEL_CACHE[key] = load_predictor(p, which=which)
        return _MODEL_CACHE[key]


def _error_message(e: BaseException) -> Message | str:
    if isinstance(e, DtfError) and e.message:
        return e.message
    return f"{type(e).__name__}: {e}"


def predict(request: PredictRequest, *, stop: StopToken | None = None,
            progress: Progress | None = None) -> PredictOutcome:
    """The top-k of every image of ``request`` (and its val-pipeline trace when ``request.traces``).

    All images go in one call of :func:`predict_images` (so the numbers equal ``dtf predict``'s to the
    last bit); when some image is unreadable they go one by one so the others still get their answer.
    """
    from dtf_gui.core.runs.tta import check_tta, tta_notes

    check_tta(request.tta)
    bundle = load_predictor_cached(request.model_path, request.which)
    paths = [str(p) for p in request.images]
    kw: dict[str, Any] = {"top_k": request.top_k, "device": request.device, "batch_size": request.batch_size,
                          "tta": request.tta}
    try:
        tops: list[Any] = predict_images(bundle, paths, progress=progress, stop=stop, **kw)
        errors: list[Message | str | None] = [None] * len(paths)
    except Cancelled:
        raise
    except Exception:  # some file is unreadable: go one by one so the others still get their answer
        tops, errors = [], []
        for i, path in enumerate(paths):
            if stop is not None and stop.stop_requested:
                raise Cancelled(msg("runs.predict_stopped")) from None
            try:
                tops.append(predict_images(bundle, [path], **kw)[0])
                errors.append(None)
            except Exception as e:
                tops.append([])
                errors.append(_error_message(e))
            if progress is not None:
                progress(i + 1, len(paths))
    items: list[PredictItem] = []
    threshold = bundle.threshold if request.use_threshold else None
    for path, top, error in zip(paths, tops, errors, strict=True):
        item = PredictItem(path, [(str(c), float(v)) for c, v in top],
                           error=None if error is None else render(error), error_message=error,
                           unknown=bool(top) and regression_of(bundle.info) is None
                           and is_unknown(float(top[0][1]), threshold),
                           kind="values" if regression_of(bundle.info) is not None else "classes")
        if error is None and request.traces:
            from dtf_gui.core.pipeline.inspect import trace  # lazy: no torchvision in `dtf --help`

            try:
                tr = trace(bundle.val_pipeline.val, path, split="val")
                item.trace = list(tr.infos)
                item.trace_error = tr.error
            except Exception as e:
                item.trace_error = render(_error_message(e))
        items.append(item)
    notes = no_best_note({**bundle.info, "path": str(request.model_path)}, "predict") + tta_notes(request.tta,
                                                                                                 bundle.info)
    stale = bundle.info.get("calibration_stale")
    if stale:  # calibrated on another epoch's weights: the plain softmax is used, and the user told why
        notes.append(msg("calibration.stale", run=display_name(Path(request.model_path).name),
                         fitted=stale.get("fitted_epoch"), epoch=stale.get("epoch")))
    return PredictOutcome(request, bundle, items, notes, threshold)


def predict_with_traces(model_path: str | Path, images: Sequence[str | Path], *, which: str = "best",
                        top_k: int = 5, device: str = "cpu", tta: str = "none") -> tuple[Bundle, list[PredictItem]]:
    """(bundle, items) of :func:`predict` with traces: the Predict view's call, kept by its old name."""
    out = predict(PredictRequest(str(model_path), tuple(str(p) for p in images), which=which, top_k=top_k,
                                 device=device, tta=tta))
    return out.bundle, out.items
