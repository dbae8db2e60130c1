"""Calibrated confidence and "unknown": the use case behind ``dtf calibrate`` and the Evaluate view's Calibrate.

Why: a fine-tuned classifier's softmax is usually over-confident (90 % said, 70 % right). Temperature scaling
(Guo et al. 2017) divides the logits by one number T fitted on the val split, which makes the probabilities
honest without changing a single predicted class; a confidence threshold on those honest probabilities then
trades coverage for accuracy by answering "unknown" below it.

:func:`calibrate` gets the val probabilities from the evaluation use case (:func:`run_evaluation`, no second
prediction loop; log-probabilities serve as logits), fits T (:func:`.reliability.fit_temperature`) and reports
ECE, NLL and the reliability bins before and after, the accuracy/coverage curve and the chosen threshold.
:func:`save_calibration` writes it where every predictor reads it: the run's calibration.json (applied while
its checkpoint is the one calibrated) or a bundle's bundle.json. ``dtf predict``, the Predict view, the
bundle's predict.py and its ONNX path then all answer the same class-or-unknown.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from dtf_gui.core.cancel import Progress, StopToken
from dtf_gui.core.errors import DataError, ExportError
from dtf_gui.core.fileio import display_name
from dtf_gui.core.messages import Message, msg
from dtf_gui.core.runs.artifacts import is_bundle, is_ensemble
from dtf_gui.core.runs.evaluate import EvalRequest, run_evaluation
from dtf_gui.core.runs.rundir import is_run_dir, write_calibration
from dtf_gui.core.trust.reliability import (
    N_BINS,
    T_MAX,
    T_MIN,
    CoverageCurve,
    ReliabilityBin,
    confidence_and_correct,
    coverage_curve,
    ece_of_bins,
    fit_temperature,
    logits_from_probs,
    nll,
    reliability_bins,
    softmax,
    threshold_for_coverage,
)

#: "format" of a saved calibration (calibration.json, bundle.json "calibration")
CALIBRATION_FORMAT = "dtf_gui.calibration/1"
#: Below this many val images the fitted temperature is a rough guess: the report says so.
FEW_IMAGES = 100


@dataclass(frozen=True)
class CalibrationRequest:
    """Which model (run folder or bundle) to calibrate on which split of which dataset; and the threshold:
    a probability (``threshold``), or the share of images to answer (``target_coverage``), or neither (no
    "unknown" answer, only the temperature)."""

    model_path: str
    data_root: str
    split: str = "val"
    which: str = "best"
    threshold: float | None = None
    target_coverage: float | None = None
    batch_size: int = 64
    device: str = "cpu"


@dataclass
class CalibrationReport:
    """The fitted temperature, what it changed, and the threshold's trade (all on ``split`` of ``data_root``).

    ``confidence``/``correct`` are per image after calibration (the curve's input); ``curve`` is computed on the
    calibrated confidences, so a threshold means the same here as in prediction.
    """

    temperature: float
    n: int
    accuracy: float
    ece_before: float
    ece_after: float
    nll_before: float
    nll_after: float
    bins_before: list[ReliabilityBin]
    bins_after: list[ReliabilityBin]
    confidence: np.ndarray
    correct: np.ndarray
    curve: CoverageCurve
    threshold: float | None
    model: dict[str, Any]  # path, kind, arch, checkpoint, epoch of the model calibrated
    data_root: str
    split: str
    classes: list[str] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)  # the images, in the order of ``confidence``

    @property
    def threshold_accuracy(self) -> float | None:
        """Accuracy on the images answered at the threshold (all of them without one)."""
        return self.curve.at(self.threshold or 0.0)[0]

    @property
    def threshold_coverage(self) -> float:
        """Share of images answered (not "unknown") at the threshold."""
        return self.curve.at(self.threshold or 0.0)[1]

    def with_threshold(self, threshold: float | None) -> CalibrationReport:
        """The same calibration with another threshold (the Evaluate view's slider)."""
        return replace(self, threshold=check_threshold(threshold))

    def to_json(self) -> dict[str, Any]:
        """The saved document: what prediction applies (temperature, threshold), where it was fitted and the
        figures behind it. ``fitted_on.epoch`` ties a run's calibration to the checkpoint it was fitted on."""
        acc, cov = self.curve.at(self.threshold or 0.0)
        return {
            "format": CALIBRATION_FORMAT,
            "temperature": self.temperature,
            "threshold": self.threshold,
            "fitted_on": {"model": self.model.get("path"), "kind": self.model.get("kind"),
                          "arch": self.model.get("arch"), "checkpoint": self.model.get("checkpoint"),
                          "epoch": self.model.get("epoch"), "data_root": self.data_root, "split": self.split,
                          "images": self.n},
            "metrics": {"accuracy": self.accuracy, "ece_before": self.ece_before, "ece_after": self.ece_after,
                        "nll_before": self.nll_before, "nll_after": self.nll_after, "ece_bins": N_BINS,
                        "threshold_accuracy": acc, "threshold_coverage": cov},
            "bins_before": [b.to_json() for b in self.bins_before],
            "bins_after": [b.to_json() for b in self.bins_after],
            "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        }


def check_threshold(threshold: float | None) -> float | None:
    """``threshold`` as a float in [0, 1], None for none; DataError saying what to give otherwise."""
    if threshold is None:
        return None
    t = float(threshold)
    if not (math.isfinite(t) and 0.0 <= t <= 1.0):
        raise DataError(msg("calibration.threshold_range", value=threshold))
    return t


def _check_request(request: CalibrationRequest) -> None:
    """Refuse a bad threshold or coverage before anything is computed."""
    if request.threshold is not None and request.target_coverage is not None:
        raise DataError(msg("calibration.threshold_and_coverage"))
    if request.target_coverage is not None:
        c = float(request.target_coverage)
        if not (math.isfinite(c) and 0.0 < c <= 1.0):
            raise DataError(msg("calibration.coverage_range", value=request.target_coverage))
    check_threshold(request.threshold)


def _chosen_threshold(request: CalibrationRequest, confidence: np.ndarray) -> float | None:
    if request.target_coverage is not None:
        return threshold_for_coverage(confidence, float(request.target_coverage))
    return check_threshold(request.threshold)


def calibrate(request: CalibrationRequest, *, stop: StopToken | None = None,
              progress: Progress | None = None) -> CalibrationReport:
    """Fit the temperature on ``request.split`` and report what it changed and the threshold's trade.

    The model's raw probabilities come from :func:`run_evaluation` (whatever calibration the model already
    has is not applied there), so calibrating again starts from the same model.
    """
    _check_request(request)
    outcome = run_evaluation(EvalRequest(request.model_path, request.data_root, request.split, request.which,
                                         batch_size=request.batch_size, device=request.device),
                             progress=progress, stop=stop)
    result = outcome.result
    probs, labels = np.asarray(result.probs, dtype=np.float64), np.asarray(result.y_true, dtype=np.int64)
    logits = logits_from_probs(probs)
    temperature = fit_temperature(logits, labels)
    after = softmax(logits, temperature)
    bins_before, bins_after = reliability_bins(probs, labels), reliability_bins(after, labels)
    confidence, correct = confidence_and_correct(after, labels)
    info = outcome.info
    notes = list(outcome.notes)
    if len(labels) < FEW_IMAGES:
        notes.append(msg("calibration.few_images", n=len(labels), split=request.split, few=FEW_IMAGES))
    if temperature <= T_MIN * 1.01 or temperature >= T_MAX * 0.99:
        notes.append(msg("calibration.at_bound", t=f"{temperature:.3g}"))
    model = {"path": str(Path(info["path"]).absolute()), "kind": info.get("kind"), "arch": info.get("arch"),
             "checkpoint": info.get("checkpoint") if info.get("kind") == "run" else info.get("weights_file"),
             "epoch": info.get("epoch") if info.get("kind") == "run" else None}
    return CalibrationReport(
        temperature=temperature, n=len(labels), accuracy=float(correct.mean()),
        ece_before=ece_of_bins(bins_before), ece_after=ece_of_bins(bins_after),
        nll_before=nll(probs, labels), nll_after=nll(after, labels),
        bins_before=bins_before, bins_after=bins_after, confidence=confidence, correct=correct,
        curve=coverage_curve(confidence, correct), threshold=_chosen_threshold(request, confidence),
        model=model, data_root=str(request.data_root), split=request.split, classes=list(outcome.classes),
        notes=notes, paths=[str(p) for p in result.paths])


def _same_path(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()
    except OSError:
        return False


def save_calibration(model_path: str | Path, report: CalibrationReport) -> Path:
    """Write ``report``'s temperature and threshold where prediction reads them, atomically, and return the
    file: RUN/calibration.json for a run folder, bundle.json of a bundle. Refused (ExportError) for another
    model than the one calibrated and for an ensemble bundle."""
    from dtf_gui.core.runs.bundle import write_bundle_calibration  # lazy: bundle.py loads the export code

    if report.model.get("path") and not _same_path(report.model["path"], model_path):
        raise ExportError(msg("calibration.other_model", path=display_name(model_path),
                              fitted=display_name(report.model["path"])))
    doc = report.to_json()
    if is_ensemble(model_path):
        raise ExportError(msg("calibration.ensemble", path=display_name(model_path)))
    if is_bundle(model_path):
        folder = Path(model_path)
        return write_bundle_calibration(folder.parent if folder.is_file() else folder, doc)
    if is_run_dir(model_path):
        return write_calibration(model_path, doc)
    raise ExportError(msg("runs.neither_run_nor_bundle", path=display_name(model_path)))
