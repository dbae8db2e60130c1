"""Calibrated confidence: the metrics math on hand-made arrays with known answers, the fitted temperature, and
the use case that fits it on a run's val split and saves it where the model loaders read it."""

from __future__ import annotations

import json
import math
import os

import numpy as np
import pytest
from eval_fixtures import make_trained_run, write_dataset

from dtf_gui.core.errors import DataError, ExportError
from dtf_gui.core.runs.artifacts import load_predictor
from dtf_gui.core.runs.evaluate import EvalRequest, run_evaluation
from dtf_gui.core.runs.predict import PredictRequest, predict
from dtf_gui.core.runs.rundir import CALIBRATION_JSON
from dtf_gui.core.trust.calibration import CalibrationRequest, calibrate, save_calibration
from dtf_gui.core.trust.reliability import (
    coverage_curve,
    expected_calibration_error,
    fit_temperature,
    nll,
    reliability_bins,
    softmax,
    threshold_for_coverage,
)


def _probs(conf: list[float], correct: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Two-class probability rows whose top probability is ``conf`` and whose label is right iff ``correct``."""
    p = np.array([[c, 1 - c] for c in conf])
    labels = np.array([0 if ok else 1 for ok in correct])
    return p, labels


def test_ece_and_reliability_bins_by_hand() -> None:
    # 15 equal-width bins: 0.9 lies in (14/15-1/15, 14/15] = (0.8667, 0.9333], 0.62 in (0.6, 0.6667]
    p, y = _probs([0.9, 0.9, 0.9, 0.9, 0.62, 0.62], [1, 1, 1, 0, 1, 0])
    # |acc - conf| weighted by the share of images: 4/6 * |0.75 - 0.9| + 2/6 * |0.5 - 0.62| = 0.1 + 0.04
    assert expected_calibration_error(p, y) == pytest.approx(0.14)
    bins = reliability_bins(p, y)
    assert len(bins) == 15
    assert bins[0].lower == 0.0 and bins[-1].upper == 1.0
    filled = [(b.count, b.confidence, b.accuracy) for b in bins if b.count]
    assert filled == [(2, pytest.approx(0.62), 0.5), (4, pytest.approx(0.9), 0.75)]
    assert bins[13].lower < 0.9 <= bins[13].upper and bins[13].count == 4
    assert sum(b.count for b in bins) == 6
    # a perfectly calibrated set: ECE 0; every image wrong at confidence 1: ECE 1
    p, y = _probs([0.75] * 4, [1, 1, 1, 0])
    assert expected_calibration_error(p, y) == pytest.approx(0.0)
    p, y = _probs([1.0] * 3, [0, 0, 0])
    assert expected_calibration_error(p, y) == pytest.approx(1.0)


def test_nll_by_hand_and_softmax_temperature() -> None:
    p = np.array([[0.5, 0.5], [0.25, 0.75]])
    assert nll(p, np.array([0, 1])) == pytest.approx((math.log(2) - math.log(0.75)) / 2)
    logits = np.array([[2.0, 0.0, -1.0], [0.0, 3.0, 1.0]])
    e = np.exp(logits / 2)
    assert softmax(logits, 2.0) == pytest.approx(e / e.sum(axis=1, keepdims=True))
    # T = 1 is the plain softmax: the probabilities and so the predicted classes are unchanged
    e = np.exp(logits)
    assert softmax(logits, 1.0) == pytest.approx(e / e.sum(axis=1, keepdims=True), abs=1e-15)
    # log-probabilities work as logits: the same softmax at every temperature
    probs = softmax(logits)
    for t in (0.5, 1.0, 3.0):
        assert softmax(np.log(probs), t) == pytest.approx(softmax(logits, t), abs=1e-12)


def test_coverage_curve_and_threshold_for_coverage() -> None:
    conf = np.array([0.6, 0.9, 0.7, 0.8])
    correct = np.array([1, 1, 0, 1], dtype=bool)
    curve = coverage_curve(conf, correct)
    assert list(curve.thresholds) == [0.9, 0.8, 0.7, 0.6]
    assert list(curve.coverage) == [0.25, 0.5, 0.75, 1.0]
    assert list(curve.accuracy) == pytest.approx([1.0, 1.0, 2 / 3, 0.75])
    assert curve.at(0.75) == (1.0, 0.5)  # answers the 0.9 and the 0.8 image, both right
    assert curve.at(0.8) == (1.0, 0.5)  # a confidence equal to the threshold is answered
    assert curve.at(0.0) == (0.75, 1.0)
    acc, cov = curve.at(0.95)
    assert cov == 0.0 and acc is None  # nothing answered: no accuracy to speak of
    # the threshold that answers half the images lies between the 2nd and 3rd most confident (no tie)
    assert threshold_for_coverage(conf, 0.5) == pytest.approx(0.75)
    assert threshold_for_coverage(conf, 0.25) == pytest.approx(0.85)
    assert threshold_for_coverage(conf, 0.3) == pytest.approx(0.75)  # at least 30 %: two images of four
    assert threshold_for_coverage(conf, 1.0) == 0.0


def _overconfident(n: int = 3000, k: int = 5, scale: float = 3.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Labels drawn from softmax(z) and a model that says ``scale * z``: over-confident by a factor ``scale``."""
    rng = np.random.default_rng(seed)
    z = rng.normal(0, 1.5, (n, k))
    p = softmax(z)
    labels = (p.cumsum(axis=1) < rng.random((n, 1))).sum(axis=1)  # one draw per row from its distribution
    return scale * z, labels


def test_fitted_temperature_undoes_over_confidence() -> None:
    logits, y = _overconfident()
    t = fit_temperature(logits, y)
    assert t == pytest.approx(3.0, rel=0.1)
    before, after = softmax(logits), softmax(logits, t)
    assert nll(after, y) < nll(before, y) - 0.1
    assert expected_calibration_error(after, y) < expected_calibration_error(before, y) / 2
    assert (after.argmax(1) == before.argmax(1)).all()  # temperature never changes the predicted class
    # an already calibrated model keeps T close to 1
    logits, y = _overconfident(scale=1.0, seed=1)
    assert fit_temperature(logits, y) == pytest.approx(1.0, rel=0.1)


CLASSES = ("red", "green", "blue")


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory):
    """A tiny resnet18 run fitted on noisy colour images (some val images mislabelled: confident mistakes)."""
    base = tmp_path_factory.mktemp("calib")
    root = write_dataset(base / "data", CLASSES, train=6, val=6, mislabeled=2)
    run = make_trained_run(base / "run", root, CLASSES, steps=60)
    return run, root


def test_calibrate_reports_the_figures_of_the_val_probabilities(trained) -> None:
    run, root = trained
    report = calibrate(CalibrationRequest(str(run), str(root), target_coverage=0.5))
    ev = run_evaluation(EvalRequest(str(run), str(root)))  # the evaluation's own probabilities
    probs, y = ev.result.probs, ev.result.y_true
    after = softmax(np.log(probs), report.temperature)
    assert report.n == len(y) == 18
    assert report.ece_before == pytest.approx(expected_calibration_error(probs, y))
    assert report.ece_after == pytest.approx(expected_calibration_error(after, y))
    assert report.nll_before == pytest.approx(nll(probs, y))
    assert report.nll_after == pytest.approx(nll(after, y)) and report.nll_after <= report.nll_before + 1e-12
    assert [b.count for b in report.bins_after] == [b.count for b in reliability_bins(after, y)]
    assert report.accuracy == pytest.approx(float((probs.argmax(1) == y).mean()))
    # half the images asked for: at least 9 of 18 answered, and those are the most confident ones
    conf = after.max(1)
    assert report.threshold_coverage >= 0.5
    assert report.threshold_coverage == pytest.approx(float((conf >= report.threshold).mean()))
    with pytest.raises(DataError, match="either a threshold or a coverage"):
        calibrate(CalibrationRequest(str(run), str(root), threshold=0.5, target_coverage=0.5))
    with pytest.raises(DataError, match="between 0 and 1"):
        calibrate(CalibrationRequest(str(run), str(root), threshold=1.5))


def test_save_is_atomic_and_the_loaders_and_predict_carry_it(trained, monkeypatch) -> None:
    run, root = trained
    images = sorted((root / "val").rglob("*.png"))
    plain = predict(PredictRequest(str(run), tuple(map(str, images)), top_k=3, traces=False))
    assert not any(it.unknown for it in plain.items)
    report = calibrate(CalibrationRequest(str(run), str(root), target_coverage=0.5))
    path = save_calibration(run, report)
    assert path == run / CALIBRATION_JSON
    assert not [p.name for p in run.iterdir() if p.name.startswith(".")]  # no temporary left behind
    saved = json.loads(path.read_text())
    assert saved["temperature"] == report.temperature and saved["threshold"] == report.threshold
    bundle = load_predictor(run)
    assert (bundle.temperature, bundle.threshold) == (report.temperature, report.threshold)
    # prediction now gives softmax(logits / T) and "unknown" below the threshold, for the same top class
    out = predict(PredictRequest(str(run), tuple(map(str, images)), top_k=3, traces=False))
    assert out.threshold == report.threshold
    for a, b in zip(plain.items, out.items, strict=True):
        assert a.top[0][0] == b.top[0][0]
        assert b.unknown == (b.top[0][1] < report.threshold)
    unknown = sum(it.unknown for it in out.items)
    assert 0 < unknown < len(images)
    assert unknown == round((1 - report.threshold_coverage) * len(images))
    # a crash while writing leaves the earlier calibration byte for byte, and no temporary file
    before = path.read_bytes()

    def crash(*_a: object, **_k: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        save_calibration(run, report.with_threshold(0.99))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert not [p.name for p in run.iterdir() if p.name.startswith(".")]
    # a calibration never lands on another model than the one it was fitted on
    with pytest.raises(ExportError, match="fitted on"):
        save_calibration(root, report)
    path.unlink()
    assert load_predictor(run).threshold is None
