"""One answer everywhere: for a calibrated run exported as a bundle, the app's predict use case (on the bundle
and on the run), ``dtf predict`` and the bundle's predict.py (in-process through its main(argv), with PyTorch
and with --onnx: the ONNX path) give the same class-or-"unknown" for every val image, with the threshold
chosen so that some images are unknown and some are not. (``python -I predict.py`` in a fresh interpreter
costs a torch import, 5-25 s here: bench/calibration.py checks that one.)"""

from __future__ import annotations

import importlib.util
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import pytest
from eval_fixtures import make_trained_run, write_dataset

from dtf_gui.cli.main import main
from dtf_gui.core.runs.artifacts import BUNDLE_JSON, load_predictor
from dtf_gui.core.runs.bundle import export_bundle
from dtf_gui.core.runs.predict import PredictRequest, predict
from dtf_gui.core.trust.calibration import CalibrationRequest, calibrate, save_calibration

CLASSES = ("red", "green", "blue")
UNKNOWN = "<unknown>"


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("one_answer")
    root = write_dataset(base / "data", CLASSES, train=6, val=6, mislabeled=2)
    run = make_trained_run(base / "run", root, CLASSES, steps=60)
    report = calibrate(CalibrationRequest(str(run), str(root)))
    # the threshold: half-way across the widest gap between calibrated confidences in the middle third, so
    # some images fall below it, some above, and none is within float rounding of it
    conf = np.sort(report.confidence)
    n = len(conf)
    gaps = [(conf[i + 1] - conf[i], i) for i in range(n // 3, 2 * n // 3)]
    gap, i = max(gaps)
    assert gap > 1e-3
    threshold = float((conf[i] + conf[i + 1]) / 2)
    save_calibration(run, report.with_threshold(threshold))
    bundle = export_bundle(run, base / "bundle", ("pth", "onnx"))
    images = sorted((root / "val").rglob("*.png"))
    return run, bundle, images, report.temperature, threshold


def _answers(rows: list[dict]) -> list[str]:
    return [UNKNOWN if r["unknown"] else r["top_k"][0]["class"] for r in rows]


def _predict_py(bundle: Path, *argv: str) -> list[dict]:
    """The bundle's predict.py run in this process through its main(argv)."""
    spec = importlib.util.spec_from_file_location(f"bundle_predict_{id(argv)}", bundle / "predict.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    buf = io.StringIO()
    with redirect_stdout(buf):
        assert module.main([*argv, "--json"]) == 0
    return json.loads(buf.getvalue())


def test_app_cli_predict_py_and_onnx_give_the_same_class_or_unknown(calibrated, capsys) -> None:
    run, bundle, images, temperature, threshold = calibrated
    info = json.loads((bundle / BUNDLE_JSON).read_text())
    assert info["calibration"]["temperature"] == temperature and info["calibration"]["threshold"] == threshold
    loaded = load_predictor(bundle)
    assert (loaded.temperature, loaded.threshold) == (temperature, threshold)

    paths = tuple(map(str, images))
    app = {}
    for name, model in (("app(bundle)", bundle), ("app(run)", run)):
        out = predict(PredictRequest(str(model), paths, top_k=3, traces=False))
        app[name] = [UNKNOWN if it.unknown else it.top[0][0] for it in out.items]
    capsys.readouterr()
    assert main(["predict", str(bundle), *paths, "--json", "--top-k", "3"]) == 0
    answers = {**app, "dtf predict": _answers(json.loads(capsys.readouterr().out))}
    answers["predict.py"] = _answers(_predict_py(bundle, *paths))
    answers["predict.py --onnx"] = _answers(_predict_py(bundle, *paths, "--onnx"))

    reference = answers["app(bundle)"]
    assert 0 < reference.count(UNKNOWN) < len(images)  # some unknown, some answered
    for name, got in answers.items():
        assert got == reference, name
    # --no-threshold: every path answers the top class again
    capsys.readouterr()
    assert main(["predict", str(bundle), *paths, "--json", "--no-threshold"]) == 0
    plain = _answers(json.loads(capsys.readouterr().out))
    assert UNKNOWN not in plain
    assert _answers(_predict_py(bundle, *paths, "--no-threshold")) == plain
    assert [p for p, r in zip(plain, reference, strict=True) if r != UNKNOWN] == [r for r in reference
                                                                                  if r != UNKNOWN]
