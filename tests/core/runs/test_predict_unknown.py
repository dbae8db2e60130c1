"""Prediction honours a run's calibration: softmax(logits / T), "unknown" below the threshold, and only while
the calibrated checkpoint is the one loaded. The calibration.json files here are written by hand, so the
expected probabilities come from plain torch, not from the code under test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from dtf_run_factory import image_paths, make_run, write_images
from PIL import Image

from dtf_gui.core.errors import ExportError
from dtf_gui.core.pipeline.build import build_transform
from dtf_gui.core.runs.predict import PredictRequest, load_predictor_cached, predict
from dtf_gui.core.runs.rundir import CALIBRATION_JSON

T = 0.5  # sharper than the random model's own softmax: a spread of top probabilities


@pytest.fixture(scope="module")
def run_and_data(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("unknown")
    data = write_images(base / "data", per_class=3)
    model = make_run(base / "run", data, arch="mobilenet_v2", image_size=32)
    images = image_paths(data)
    tf = build_transform(load_predictor_cached(base / "run").val_pipeline.val, split="val")
    with torch.inference_mode():
        logits = model(torch.stack([tf(Image.open(p).convert("RGB")) for p in images])).double()
    return base / "run", images, logits


def _calibrate(run: Path, threshold: float | None, epoch: int = 1, temperature: float | str = T) -> None:
    doc = {"format": "dtf_gui.calibration/1", "temperature": temperature, "threshold": threshold,
           "fitted_on": {"checkpoint": "best", "epoch": epoch}}
    (run / CALIBRATION_JSON).write_text(json.dumps(doc))


def _predict(run: Path, images: list[Path], **kw: object):
    return predict(PredictRequest(str(run), tuple(map(str, images)), top_k=3, traces=False, **kw))


def test_unknown_below_the_threshold_with_the_calibrated_probabilities(run_and_data) -> None:
    run, images, logits = run_and_data
    probs = torch.softmax(logits / T, dim=1)
    top = sorted(probs.max(1).values.tolist())
    threshold = (top[4] + top[5]) / 2  # the 5 least confident images fall below it
    _calibrate(run, threshold)
    try:
        out = _predict(run, images)
        assert out.threshold == threshold and out.bundle.temperature == T
        for it, row in zip(out.items, probs, strict=True):
            assert it.top[0][1] == pytest.approx(float(row.max()), abs=1e-6)
            assert it.unknown == (float(row.max()) < threshold)
        assert sum(it.unknown for it in out.items) == 5
        # --no-threshold: the same calibrated probabilities, every image answered with its top class
        raw = _predict(run, images, use_threshold=False)
        assert not any(it.unknown for it in raw.items) and raw.threshold is None
        assert [it.top for it in raw.items] == [it.top for it in out.items]
    finally:
        (run / CALIBRATION_JSON).unlink()
    plain = _predict(run, images)  # the file is gone: the plain softmax again (the cache saw the change)
    assert not any(it.unknown for it in plain.items)
    assert plain.items[0].top[0][1] == pytest.approx(float(torch.softmax(logits[0], 0).max()), abs=1e-6)


def test_a_calibration_of_another_epoch_is_not_applied_and_a_bad_one_is_named(run_and_data) -> None:
    run, images, logits = run_and_data
    _calibrate(run, 0.99, epoch=7)  # fitted before training went on: other weights
    try:
        out = _predict(run, images[:2])
        assert not any(it.unknown for it in out.items) and out.bundle.temperature == 1.0
        assert any("epoch 7" in str(n) and "epoch 1" in str(n) for n in map(str, out.notes))
        _calibrate(run, 1.5)
        with pytest.raises(ExportError, match=r"calibration.json.*threshold is 1.5"):
            _predict(run, images[:1])
        _calibrate(run, 0.5, temperature="hot")
        with pytest.raises(ExportError, match=r"calibration.temperature"):
            _predict(run, images[:1])
    finally:
        (run / CALIBRATION_JSON).unlink()
