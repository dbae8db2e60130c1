"""Calibrate in the Evaluate view draws the reliability curves before and after with their ECE and the
threshold's trade; Save writes it into the run; the Predict view then shows "unknown" for a low-confidence
image and the class for a confident one."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from eval_fixtures import make_trained_run, write_dataset
from PySide6.QtCore import Qt

from dtf_gui.core.runs.rundir import CALIBRATION_JSON
from dtf_gui.qt.state import AppState
from dtf_gui.qt.widgets.calibration_view import bin_points
from dtf_gui.qt.widgets.evaluation_panel import EvaluationPanel
from dtf_gui.qt.widgets.predict_panel import PredictPanel

CLASSES = ("red", "green", "blue")


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("calview")
    root = write_dataset(base / "data", CLASSES, train=6, val=6, mislabeled=2)
    return make_trained_run(base / "run", root, CLASSES, steps=60), root


def test_calibrate_draws_both_curves_then_save_and_predict_says_unknown(qtbot, trained) -> None:
    run, root = trained
    state = AppState()
    panel = EvaluationPanel(state)
    qtbot.addWidget(panel)
    panel.resize(1300, 850)
    state.set_run_dir(str(run))
    panel.set_data_root(root)
    view = panel.calibration
    panel.bottom_tabs.setCurrentWidget(view)
    assert not view.save_button.isEnabled()
    with qtbot.waitSignal(view.calibrated, timeout=60000) as blocker:
        qtbot.mouseClick(view.calibrate_button, Qt.MouseButton.LeftButton)
    report = blocker.args[0]
    # both reliability curves are drawn from the bins, and the ECE figures are shown
    for curve, bins in ((view.before_curve, report.bins_before), (view.after_curve, report.bins_after)):
        xs, ys = curve.getData()
        want_x, want_y = bin_points(bins)
        assert len(xs) > 0 and np.allclose(xs, want_x) and np.allclose(ys, want_y)
    assert f"ECE {report.ece_before:.3f} → {report.ece_after:.3f}" in view.figures.text()
    legend = [label.text for _, label in view.reliability_legend.items]
    assert legend == [f"before (ECE {report.ece_before:.3f})", f"after (ECE {report.ece_after:.3f})"]
    xs, ys = view.coverage_curve.getData()
    assert np.allclose(xs, report.curve.coverage) and np.allclose(ys, report.curve.accuracy)

    # a threshold between the 6th and 7th least confident images: the marker sits at its trade
    conf = np.sort(report.confidence)
    threshold = round(float((conf[5] + conf[6]) / 2), 3)
    assert conf[5] < threshold < conf[6]
    view.threshold_spin.setValue(threshold)
    assert view.threshold_slider.value() == round(threshold * 1000)
    accuracy, coverage = report.curve.at(threshold)
    mx, my = view.marker.getData()
    assert (mx[0], my[0]) == pytest.approx((coverage, accuracy)) and coverage == pytest.approx(12 / 18)
    assert f"{coverage:.1%}" in view.trade.text()
    qtbot.waitUntil(lambda: not view.job.running, timeout=10000)  # the job's thread ends after it returned
    assert view.save_button.isEnabled() and view.save_button.text() == "Save to run"
    with qtbot.waitSignal(view.saved, timeout=5000):
        qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    saved = json.loads((run / CALIBRATION_JSON).read_text())
    assert saved["threshold"] == threshold and saved["temperature"] == report.temperature

    # the Predict view: "unknown" below the threshold, the class above it
    predict_panel = PredictPanel(state)
    qtbot.addWidget(predict_panel)
    order = np.argsort(report.confidence)
    images = [report.paths[i] for i in (*order[:2], *order[-2:])]  # the two least and the two most confident
    with qtbot.waitSignal(predict_panel.predictions_ready, timeout=60000) as blocker:
        assert predict_panel.add_images(images)
    items = blocker.args[0]
    assert [it.unknown for it in items] == [True, True, False, False]
    for row, it in enumerate(items):
        predict_panel.list.setCurrentRow(row)
        entry = predict_panel.list.item(row).text()
        caption = predict_panel.caption.text()
        if it.unknown:
            assert "unknown" in entry and "unknown" in caption and f"{threshold:.1%}" in caption
        else:
            assert "unknown" not in entry and "unknown" not in caption and it.top[0][0] in caption
